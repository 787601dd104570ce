"""Gradients of a softmax output layer z = W a + b with the log-likelihood cost (Nielsen 81, 82).

W is a K x M matrix of symbolic shape; a the M activations of the previous layer. The
weighted input z, the output activations a^L = softmax(z) and the cost C are definitions,
named as the articles name them.
"""

from __future__ import annotations

import sympy as sp

from derivations.articles import NIELSEN_SOFTMAX, SOFTMAX_CE_DERIVATIVES
from verifier import Domain, Eq, KroneckerDelta, Ne, Sum, Variables, claim, diff, log, softmax, summation_index

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
c = v.index("c", K)  # the true class
q = v.index("q", K)
W3 = v.matrix("W", 3, 3)  # the article's 3 x 3 example
x3 = v.vector("x", 3)
b3 = v.vector("bb", 3)
i3 = v.index("i3", 3)
i = summation_index("i")
m = summation_index("m")
n = summation_index("n")


r = v.index("r", K)  # the defining index of the layer's vectors
z = v.define_vector("z", r, Sum(W[r, n] * a[n], (n, 1, M)) + b[r])  # the weighted input z^L = W a^(L-1) + b
out = v.define_vector("aL", r, softmax(z, r))  # the output activations a^L = softmax(z^L)
C = v.define("C", -Sum(y[i] * log(out[i]), (i, 1, K)))  # Nielsen (80): -ln a^L_y for a one-hot y


def weighted_input(row: sp.Expr) -> sp.Expr:
    """z_row, the weighted input of output ``row``."""
    return z[row]


def output(row: sp.Expr) -> sp.Expr:
    """a^L_row = softmax(z)_row."""
    return out[row]


def cost(labels: sp.IndexedBase) -> sp.Expr:
    """C = -Σ_i y_i ln a^L_i; with a one-hot y this is Nielsen's -ln a^L_y (80)."""
    return C if labels is y else -Sum(labels[i] * log(out[i]), (i, 1, K))


NOTATION = "符号定义 (notation: z_i = W_i x + b_i)"
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
    claim(
        v,
        id="scd-notation-weight-links-output-i-to-input-j",
        title="W_ij links output i to input j: dz_i/dW_ij = x_j",
        statement=Eq(diff(weighted_input(j), W[j, k]), a[k]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            NOTATION,
            r"z_i = W_{i}\bm x + b_i,\quad \frac{\partial z_i}{\partial W_{i,j}} = x_j",
            note="'权重 W_{i,j} 表示第 i 个输出和第 j 个输入之间的联系' (here a stands for the input x)",
        ),
    ),
    claim(
        v,
        id="scd-notation-weight-of-other-output-irrelevant",
        title="... and no other output: dz_i/dW_qj = 0 for q != i",
        statement=Eq(diff(weighted_input(j), W[q, k]), 0),
        assume=[Ne(q, j)],
        source=SOFTMAX_CE_DERIVATIVES.at(NOTATION, r"\frac{\partial z_i}{\partial W_{q,j}} = 0 \quad (q \neq i)"),
    ),
    claim(
        v,
        id="scd-notation-bias-derivative",
        title="dz_i/db_i = 1, so the gradient in b_i is the gradient in z_i",
        statement=Eq(diff(weighted_input(j), b[j]), 1),
        source=SOFTMAX_CE_DERIVATIVES.at(NOTATION, r"\frac{\partial z_i}{\partial b_i} = 1"),
    ),
    claim(
        v,
        id="nsl-bias-gradient-chain-true-class",
        title="The bias gradient at the true class c, through a_c alone: (-1/a_c) a_c (1 - a_c) = a_c - 1",
        steps=[
            diff(-log(output(c)), b[j]),
            (-1 / output(c)) * output(c) * (1 - output(c)),
            output(c) - 1,
        ],
        assume=[Eq(j, c)],
        source=NIELSEN_SOFTMAX.at(
            BIAS,
            r"\frac{\partial C}{\partial b_i} = \frac{\partial C}{\partial a_j}\frac{\partial a_j}{\partial z_i}"
            r" = -\frac{1}{a_j}a_j(1 - a_j) = a_j - 1 \quad (i = j)",
            recovered=True,
            note="'当 i=j 时,带入上面的结果' (formulas lost; C = -ln a_j for the true class j; reference [3] not retrieved)",
        ),
    ),
    claim(
        v,
        id="nsl-bias-gradient-chain-other-class",
        title="... and at another class: (-1/a_c)(-a_c a_j) = a_j",
        steps=[
            diff(-log(output(c)), b[j]),
            (-1 / output(c)) * (-output(c) * output(j)),
            output(j),
        ],
        assume=[Ne(j, c)],
        source=NIELSEN_SOFTMAX.at(
            BIAS,
            r"\frac{\partial C}{\partial b_i} = -\frac{1}{a_j}(-a_ja_i) = a_i \quad (i \neq j)",
            recovered=True,
            note="'当 i≠j 时,带入上面的结果' (formulas lost)",
        ),
    ),
    claim(
        v,
        id="nsl-backprop-weight-equals-input-times-bias-gradient",
        title="dC/dw_jk = a^(L-1)_k dC/db_j (BP3 and BP4 at the output layer)",
        statement=Eq(diff(cost(y), W[j, k]), a[k] * diff(cost(y), b[j])),
        source=NIELSEN_SOFTMAX.at(
            BIAS,
            r"\frac{\partial C}{\partial b^l_j} = \delta^l_j,\quad \frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j",
        ),
    ),
    claim(
        v,
        id="nsl-weight-gradient-true-class",
        title="The weight gradient at the true class: dC/dw_ck = a^(L-1)_k (a_c - 1)",
        statement=Eq(diff(-log(output(c)), W[j, k]), a[k] * (output(j) - 1)),
        assume=[Eq(j, c)],
        source=NIELSEN_SOFTMAX.at(
            BIAS,
            r"\frac{\partial C}{\partial w_{jk}} = a^{L-1}_k (a_j - 1) \quad (i = j)",
            recovered=True,
            note="'所以,当 i=j 时,' (formula lost; assumed to apply dC/dw = a^(L-1) δ to the bias gradients)",
        ),
    ),
    claim(
        v,
        id="nsl-weight-gradient-other-class",
        title="... and at another class: dC/dw_jk = a^(L-1)_k a_j",
        statement=Eq(diff(-log(output(c)), W[j, k]), a[k] * output(j)),
        assume=[Ne(j, c)],
        source=NIELSEN_SOFTMAX.at(
            BIAS,
            r"\frac{\partial C}{\partial w_{ik}} = a^{L-1}_k a_i \quad (i \neq j)",
            recovered=True,
            note="'当 i≠j 时,' (formula lost)",
        ),
    ),
    claim(
        v,
        id="scd-notation-affine-input",
        title="z_i = W_i1 x_1 + W_i2 x_2 + W_i3 x_3 + b_i = W_i x + b_i for the article's three inputs and outputs",
        statement=Eq(
            Sum(W3[i3, n] * x3[n], (n, 1, 3)) + b3[i3],
            W3[i3, 1] * x3[1] + W3[i3, 2] * x3[2] + W3[i3, 3] * x3[3] + b3[i3],
        ),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "符号定义 (notation)",
            r"z_i = W_{i,1}x_1 + W_{i,2}x_2 + W_{i,3}x_3 + b_i = W_i\bm x + b_i",
        ),
    ),
)
