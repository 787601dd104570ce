"""Softmax: its Jacobian, the signs of its entries, its outputs, shift invariance, inverse."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS, NIELSEN_SOFTMAX, SOFTMAX_CE_DERIVATIVES
from derivations.articles import CE_VS_MSE
from verifier import Domain, Eq, Gt, KroneckerDelta, Lt, Ne, Sum, Variables, claim, diff, exp, log
from verifier import logsumexp, sigmoid, softmax, summation_index

__all__ = ["CLAIMS"]

v = Variables()
K = v.size("K")
K2 = v.size("K2", at_least=2)
z = v.vector("z", K)
w = v.vector("w", K2)
i = v.index("i", K)
j = v.index("j", K)
k = v.index("k", K)
a = v.index("a", K2)
b = v.index("b", K2)
c = v.scalar("c", Domain.REAL)
m = summation_index("m")

SCD_SOFTMAX = "对 softmax 求导 (differentiating softmax)"
S = Sum(exp(z[m]), (m, 1, K))
NSL_MONOTONE = "softmax 的单调性 (monotonicity of softmax)"

CLAIMS = (
    claim(
        v,
        id="scd-eq1-depends-on-every-input",
        title="y_i depends on every input z_j: dy_i/dz_j is never 0 (with at least two classes)",
        statement=Gt(diff(softmax(w, a), w[b]) ** 2, 0),
        unstated=("K2",),
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_SOFTMAX,
            r"\frac{\partial y_i}{\partial z_j} \neq 0 \quad \text{for all } i, j",
            note="'由式(1)可知,y_i 与 softmax function 所有的输入 z_j 都有关'",
        ),
    ),
    claim(
        v,
        id="scd-numerator-derivative",
        title="d e^(z_i)/dz_j is e^(z_i) when i = j and 0 otherwise",
        statement=Eq(diff(exp(z[i]), z[j]), exp(z[i]) * KroneckerDelta(i, j)),
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_SOFTMAX, r"\frac{\partial e^{z_i}}{\partial z_j} = e^{z_i}\ (i = j),\quad 0\ (i \neq j)"
        ),
    ),
    claim(
        v,
        id="scd-eq3-chain",
        title="Equation (3) step by step (i = j)",
        steps=[
            diff(softmax(z, i), z[j]),
            (exp(z[i]) * S - exp(z[i]) * exp(z[j])) / S**2,
            exp(z[i]) / S - exp(z[i]) / S * exp(z[j]) / S,
            softmax(z, i) * (1 - softmax(z, j)),
        ],
        assume=[Eq(i, j)],
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_SOFTMAX,
            r"\frac{\partial y_i}{\partial z_j}=\frac{e^{z_i}\sum_t e^{z_t}-e^{z_i}e^{z_j}}{(\sum_t e^{z_t})^2}"
            r"=\frac{e^{z_i}}{\sum_t e^{z_t}}-\frac{e^{z_i}}{\sum_t e^{z_t}}\cdot\frac{e^{z_j}}{\sum_t e^{z_t}}=y_i(1-y_j)\tag{3}",
        ),
    ),
    claim(
        v,
        id="scd-eq3-other-forms",
        title="With i = j, (3) is also y_i (1 - y_i) and y_j (1 - y_j)",
        steps=[softmax(z, i) * (1 - softmax(z, j)), softmax(z, i) * (1 - softmax(z, i)), softmax(z, j) * (1 - softmax(z, j))],
        assume=[Eq(i, j)],
        source=SOFTMAX_CE_DERIVATIVES.at(SCD_SOFTMAX, r"y_i(1-y_j) = y_i(1-y_i) = y_j(1-y_j)\quad(i=j)"),
    ),
    claim(
        v,
        id="scd-eq4-chain",
        title="Equation (4) step by step (i != j)",
        steps=[
            diff(softmax(z, i), z[j]),
            (0 * S - exp(z[i]) * exp(z[j])) / S**2,
            -exp(z[i]) / S * exp(z[j]) / S,
            -softmax(z, i) * softmax(z, j),
        ],
        assume=[Ne(i, j)],
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_SOFTMAX,
            r"\frac{\partial y_i}{\partial z_j}=\frac{0\cdot\sum_t e^{z_t}-e^{z_i}e^{z_j}}{(\sum_t e^{z_t})^2}"
            r"=-\frac{e^{z_i}}{\sum_t e^{z_t}}\cdot\frac{e^{z_j}}{\sum_t e^{z_t}}=-y_iy_j\tag{4}",
        ),
    ),
    claim(
        v,
        id="cvm-softmax-diagonal",
        title="dyhat_p/dz_p = yhat_p (1 - yhat_p)",
        statement=Eq(diff(softmax(z, j), z[j]), softmax(z, j) * (1 - softmax(z, j))),
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial \hat y_p}{\partial z_p} = \hat y_p(1-\hat y_p)",
        ),
    ),
    claim(
        v,
        id="nsl-softmax-is-local",
        title="The translation's 'a softmax output is a function of its own weighted input, a_j = sigma(z_j)'",
        statement=Eq(softmax(w, a), sigmoid(w[a])),
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            "softmax的非局部性 (the non-locality of softmax)",
            r"a^L_j = \sigma(z^L_j)",
            note="'softmax 层的一个好处是输出 a^L_j 是对应带权输入 a^L_j = σ(z^L_j) 的函数': Nielsen says this of sigmoid layers",
        ),
    ),
    claim(
        v,
        id="softmax-output-depends-on-other-inputs",
        title="A softmax output depends on every other weighted input: da_j/dz_k = -a_j a_k != 0",
        statement=Lt(diff(softmax(z, j), z[k]), 0),
        assume=[Ne(j, k)],
        corrects="nsl-softmax-is-local",
        source=NIELSEN_SOFTMAX.at(
            "softmax的非局部性 (the non-locality of softmax)",
            r"\partial a^L_j / \partial z^L_k \neq 0",
            note="'任何特定的输出激活值 a^L_j 依赖所有的带权输入'",
        ),
    ),
    claim(
        v,
        id="cvm-softmax-positive",
        title="softmax maps reals into (0, 1): outputs are positive",
        statement=Gt(softmax(z, j), 0),
        source=CE_VS_MSE.at(
            "softmax的作用 (what softmax does)", r"\hat y_p \in (0, 1),\ \sum_k \hat y_k = 1",
            note="'softmax的作用是将(−∞,+∞)的几个实数映射到(0,1)之间且之和为1'",
        ),
    ),
    claim(
        v,
        id="cvm-softmax-sums-to-one",
        title="... and sum to 1",
        statement=Eq(Sum(softmax(z, m), (m, 1, K)), 1),
        source=CE_VS_MSE.at("softmax的作用 (what softmax does)", r"\sum_k \hat y_k = 1"),
    ),
    claim(
        v,
        id="scd-eq3-jacobian-diagonal",
        title="Diagonal of the softmax Jacobian: dy_i/dz_i = y_i (1 - y_i)",
        statement=Eq(diff(softmax(z, i), z[i]), softmax(z, i) * (1 - softmax(z, i))),
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_SOFTMAX,
            r"\frac{\partial y_i}{\partial z_j} = y_i(1 - y_j) \quad (i = j) \tag{3}",
        ),
    ),
    claim(
        v,
        id="scd-eq4-jacobian-off-diagonal",
        title="Off-diagonal softmax Jacobian: dy_i/dz_j = -y_i y_j for i != j",
        statement=Eq(diff(softmax(z, i), z[j]), -softmax(z, i) * softmax(z, j)),
        assume=[Ne(i, j)],
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_SOFTMAX, r"\frac{\partial y_i}{\partial z_j} = -y_i y_j \quad (i \neq j) \tag{4}"
        ),
    ),
    claim(
        v,
        id="softmax-jacobian",
        title="Both cases at once: dy_i/dz_j = y_i (delta_ij - y_j)",
        statement=Eq(diff(softmax(z, i), z[j]), softmax(z, i) * (KroneckerDelta(i, j) - softmax(z, j))),
        source=NIELSEN_SOFTMAX.at(
            "数学形式证明 Softmax 有效性 (the two cases of the derivative)",
            r"\frac{\partial a^L_j}{\partial z^L_i} = a^L_j(1 - a^L_j)\ (i = j),\quad -a^L_j a^L_i\ (i \neq j)",
            recovered=True,
        ),
    ),
    claim(
        v,
        id="nsl-jacobian-diagonal-positive",
        title="Raising z_j raises a_j: da_j/dz_j > 0 (needs at least two classes)",
        statement=Gt(diff(softmax(w, a), w[a]), 0),
        unstated=("K2",),
        source=NIELSEN_SOFTMAX.at(
            NSL_MONOTONE, r"\partial a^L_j / \partial z^L_k > 0 \quad (j = k)"
        ),
        notes=("With a single class softmax is the constant 1 and the derivative is 0: K >= 2 is needed.",),
    ),
    claim(
        v,
        id="nsl-jacobian-off-diagonal-negative",
        title="Raising z_k lowers every other a_j: da_j/dz_k < 0 for j != k",
        statement=Lt(diff(softmax(z, j), z[k]), 0),
        assume=[Ne(j, k)],
        source=NIELSEN_SOFTMAX.at(
            NSL_MONOTONE, r"\partial a^L_j / \partial z^L_k < 0 \quad (j \neq k)"
        ),
    ),
    claim(
        v,
        id="act-softmax-positive",
        title="Softmax outputs are positive",
        statement=Gt(softmax(z, j), 0),
        source=ACTIVATIONS.at(
            "softmax函数 (the softmax function)", r"0 < y_k", note="'softmax函数的输出是0.0到1.0之间的实数'"
        ),
    ),
    claim(
        v,
        id="act-softmax-below-one",
        title="Softmax outputs are below 1 (needs at least two classes)",
        statement=Lt(softmax(w, a), 1),
        unstated=("K2",),
        source=ACTIVATIONS.at(
            "softmax函数 (the softmax function)", r"y_k < 1", note="'softmax函数的输出是0.0到1.0之间的实数'"
        ),
    ),
    claim(
        v,
        id="nsl-eq79-outputs-sum-to-one",
        title="Softmax outputs sum to 1",
        statement=Eq(Sum(softmax(z, m), (m, 1, K)), 1),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 函数性质 (properties of softmax)", r"\sum_j a^L_j = \frac{\sum_j e^{z^L_j}}{\sum_k e^{z^L_k}} = 1 \tag{79}",
            recovered=True,
        ),
    ),
    claim(
        v,
        id="act-softmax-shift-invariance",
        title="Subtracting a constant from every input leaves softmax unchanged",
        statement=Eq(exp(z[j] - c) / Sum(exp(z[m] - c), (m, 1, K)), softmax(z, j)),
        source=ACTIVATIONS.at(
            "softmax函数的优缺点 (overflow and the max-subtraction trick)",
            r"y_k = \frac{\exp(a_k)}{\sum_i \exp(a_i)} = \frac{\exp(a_k + C')}{\sum_i \exp(a_i + C')}",
            recovered=True,
        ),
    ),
    claim(
        v,
        id="nsl-inverse-log-plus-constant",
        title="Inverting softmax: z_j = ln a_j + C with C = logsumexp(z), the same for every j",
        statement=Eq(log(softmax(z, j)) + logsumexp(z), z[j]),
        source=NIELSEN_SOFTMAX.at("逆转softmax层 (inverting the softmax layer)", r"z^L_j = \ln a^L_j + C"),
    ),
)
