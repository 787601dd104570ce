"""Gradients of a softmax output layer z = W a + b with the log-likelihood cost (Nielsen 81, 82).

W is a K x M matrix of symbolic shape; a the M activations of the previous layer.
"""

from __future__ import annotations

from derivations.articles import NIELSEN_SOFTMAX
from verifier import Domain, Eq, KroneckerDelta, Sum, Variables, claim, diff, exp, log, summation_index

__all__ = ["CLAIMS"]

v = Variables()
K = v.size("K")
M = v.size("M")
W = v.matrix("w", K, M)
a = v.vector("a", M)
b = v.vector("b", K)
y = v.vector("y", K, Domain.ONEHOT)
t = v.vector("t", K, Domain.SIMPLEX)
j = v.index("j", K)
k = v.index("k", M)
i = summation_index("i")
m = summation_index("m")
n = summation_index("n")


def weighted_input(row):  # type: ignore[no-untyped-def]
    """z_row = Σ_n w[row, n] a[n] + b[row]."""
    return Sum(W[row, n] * a[n], (n, 1, M)) + b[row]


def output(row):  # type: ignore[no-untyped-def]
    """a^L_row = softmax(z)_row, written out because z is an expression, not a declared vector."""
    return exp(weighted_input(row)) / Sum(exp(weighted_input(m)), (m, 1, K))


def cost(labels):  # type: ignore[no-untyped-def]
    """C = -Σ_i y_i ln a^L_i; with a one-hot y this is Nielsen's -ln a^L_y (80)."""
    return -Sum(labels[i] * log(output(i)), (i, 1, K))


SECTION = "Softmax 解决学习缓慢问题 (softmax and the learning slowdown)"
BIAS = "数学形式证明 Softmax 有效性: 先求损失函数对偏置b的偏导数 (the bias gradient)"

CLAIMS = (
    claim(
        v,
        id="nsl-eq81-bias-gradient",
        title="dC/db_j = a_j - y_j",
        statement=Eq(diff(cost(y), b[j]), output(j) - y[j]),
        source=NIELSEN_SOFTMAX.at(SECTION, r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j \tag{81}", recovered=True),
    ),
    claim(
        v,
        id="nsl-eq82-weight-gradient",
        title="dC/dw_jk = a^(L-1)_k (a_j - y_j)",
        statement=Eq(diff(cost(y), W[j, k]), a[k] * (output(j) - y[j])),
        source=NIELSEN_SOFTMAX.at(
            SECTION, r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (a^L_j - y_j) \tag{82}", recovered=True
        ),
    ),
    claim(
        v,
        id="layer-gradients-need-only-labels-summing-to-one",
        title="Both gradients hold for any labels summing to 1 (soft labels), not only one-hot ones",
        statement=Eq(diff(cost(t), W[j, k]), a[k] * (output(j) - t[j])),
        source=NIELSEN_SOFTMAX.at(
            "注意!当 y_j 取值不为 0 或 1 (soft labels)",
            r"\frac{\partial C}{\partial w^L_{jk}} = a^{L-1}_k (a^L_j - y_j),\ \sum_j y_j = 1",
        ),
    ),
    claim(
        v,
        id="nsl-bias-gradient-chain",
        title="The bias-gradient derivation, step by step",
        steps=[
            diff(cost(y), b[j]),
            Sum(-y[i] / output(i) * diff(output(i), b[j]), (i, 1, K)),
            -y[j] / output(j) * output(j) * (1 - output(j))
            + Sum((1 - KroneckerDelta(i, j)) * (-y[i] / output(i)) * (-output(i) * output(j)), (i, 1, K)),
            -y[j] + y[j] * output(j) + Sum((1 - KroneckerDelta(i, j)) * y[i] * output(j), (i, 1, K)),
            output(j) - y[j],
        ],
        source=NIELSEN_SOFTMAX.at(
            BIAS,
            r"\frac{\partial C}{\partial b_j}=\sum_i\frac{\partial C}{\partial a_i}\frac{\partial a_i}{\partial z_j}"
            r"=-\frac{y_j}{a_j}a_j(1-a_j)+\sum_{i\ne j}\frac{-y_i}{a_i}(-a_ia_j)=-y_j+y_ja_j+\sum_{i\ne j}y_ia_j=a_j-y_j",
            recovered=True,
            note="Recovered from the cited post (blog.csdn.net/u014313009/article/details/51045303).",
        ),
    ),
)
