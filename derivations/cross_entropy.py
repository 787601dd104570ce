"""Cross-entropy through softmax: the gradient y - t, its hypothesis, its general form."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS, CE_VS_MSE, SOFTMAX_CE_DERIVATIVES
from derivations.articles import NIELSEN_SOFTMAX
from verifier import Domain, Eq, Gt, KroneckerDelta, Sum, Variables, claim, diff, log, softmax, summation_index

__all__ = ["CLAIMS"]

v = Variables()
K = v.size("K")
z = v.vector("z", K)
t = v.vector("t", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
q = v.vector("q", K, Domain.POSITIVE)
r = v.vector("r", K, Domain.POSITIVE)  # outputs treated as free variables
u = v.scalar("u", Domain.UNIT)
j = v.index("j", K)
p = v.index("p", K)
m = summation_index("m")


def cross_entropy(labels):  # type: ignore[no-untyped-def]
    """-Σ_m labels[m] log softmax(z, m)."""
    return -Sum(labels[m] * log(softmax(z, m)), (m, 1, K))


CLAIMS = (
    claim(
        v,
        id="scd-eq6-ce-derivative-wrt-outputs",
        title="dH/dy_i = -yhat_i / y_i, the outputs treated as free positive variables",
        statement=Eq(diff(-Sum(y[m] * log(r[m]), (m, 1, K)), r[j]), -y[j] / r[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 cross-entropy 求导 (differentiating cross-entropy)",
            r"\frac{\partial H(\hat y, y)}{\partial y_i} = -\frac{\hat y_i}{y_i} \tag{6}",
        ),
    ),
    claim(
        v,
        id="scd-eq7-chain",
        title="Equation (7) step by step, with a one-hot label",
        steps=[
            diff(cross_entropy(y), z[j]),
            Sum(-y[m] / softmax(z, m) * diff(softmax(z, m), z[j]), (m, 1, K)),
            -y[j] / softmax(z, j) * softmax(z, j) * (1 - softmax(z, j))
            + Sum((1 - KroneckerDelta(m, j)) * (-y[m] / softmax(z, m)) * (-softmax(z, m) * softmax(z, j)), (m, 1, K)),
            -y[j] + y[j] * softmax(z, j) + Sum((1 - KroneckerDelta(m, j)) * y[m] * softmax(z, j), (m, 1, K)),
            -y[j] + softmax(z, j) * Sum(y[m], (m, 1, K)),
            softmax(z, j) - y[j],
        ],
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"\frac{\partial H}{\partial z_j}=\sum_i\frac{\partial H}{\partial y_i}\frac{\partial y_i}{\partial z_j}"
            r"=-\frac{\hat y_j}{y_j}y_j(1-y_j)+\sum_{i\neq j}-\frac{\hat y_i}{y_i}(-y_iy_j)"
            r"=-\hat y_j+\hat y_jy_j+\sum_{i\neq j}\hat y_iy_j=-\hat y_j+y_j\sum_i\hat y_i=y_j-\hat y_j\tag{7}",
        ),
        notes=("The last step uses Σ yhat_i = 1, which a one-hot label satisfies; see ce-softmax-gradient-sum-to-one.",),
    ),
    claim(
        v,
        id="cvm-ce-one-hot-reduces",
        title="With a one-hot label at p, L = -Σ y_k log yhat_k = -log yhat_p",
        steps=[-Sum(y[m] * log(r[m]), (m, 1, K)), -y[p] * log(r[p]), -log(r[p])],
        assume=[Eq(y[p], 1)],
        source=CE_VS_MSE.at(
            "交叉熵损失 (the cross-entropy loss)",
            r"L = -(y_1\log\hat y_1+\dots+y_K\log\hat y_K) = -y_p\log\hat y_p = -\log\hat y_p",
        ),
    ),
    claim(
        v,
        id="cvm-ce-chain",
        title="dL/dz_p through yhat_p: (-1/yhat_p) yhat_p (1 - yhat_p) = yhat_p - 1",
        steps=[
            diff(-log(softmax(z, p)), z[p]),
            diff(-log(r[p]), r[p]).subs(r[p], softmax(z, p)) * diff(softmax(z, p), z[p]),
            softmax(z, p) - 1,
        ],
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial L}{\partial \hat y_p} = -\frac{1}{\hat y_p},\quad"
            r"\frac{\partial L}{\partial z_p} = \frac{\partial L}{\partial \hat y_p}\cdot\frac{\partial \hat y_p}{\partial z_p} = \hat y_p - 1",
        ),
    ),
    claim(
        v,
        id="cvm-ce-loss-positive-below-one",
        title="The cross-entropy -log yhat_p is positive while yhat_p < 1 (its minimum 0 needs yhat_p = 1)",
        statement=Gt(-log(u), 0),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"-\log\hat y_p > 0 \quad (\hat y_p < 1)",
            note="'两者均在 ŷ = y = 1 时取得最小值0,但在实践中 ŷ_p 只会趋近于1而不是恰好等于1'",
        ),
    ),
    claim(
        v,
        id="nsl-eq80-log-likelihood-cost",
        title="The log-likelihood cost -Σ y_k ln a_k with a one-hot y is -ln a_y",
        statement=Eq(-Sum(y[m] * log(r[m]), (m, 1, K)), -log(Sum(y[m] * r[m], (m, 1, K)))),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (the log-likelihood cost)", r"C \equiv -\ln a^L_y \tag{80}", recovered=True
        ),
    ),
    claim(
        v,
        id="nsl-soft-label-output-derivative",
        title="For labels in [0, 1], dC/da_j = -y_j / a_j",
        statement=Eq(diff(-Sum(q[m] * log(r[m]), (m, 1, K)), r[j]), -q[j] / r[j]),
        source=NIELSEN_SOFTMAX.at(
            "注意!当 y_j 取值不为 0 或 1 (soft labels)",
            r"\frac{\partial C}{\partial a^L_j} = -\frac{y_j}{a^L_j}",
            note="'只需把 ∂C/∂a_j 的结果从 1/a_j 改为 y_i/a_j 即可' (a sign and an index off: -y_j/a_j)",
        ),
    ),
    claim(
        v,
        id="act-softmax-with-loss-backward",
        title="Softmax-with-Loss backward: (y_1 - t_1, ..., y_K - t_K) for a one-hot label",
        statement=Eq(diff(cross_entropy(y), z[j]), softmax(z, j) - y[j]),
        source=ACTIVATIONS.at("softmax交叉熵 (Softmax-with-Loss)", r"\frac{\partial L}{\partial a_k} = y_k - t_k", recovered=True),
    ),
    claim(
        v,
        id="scd-eq7-ce-softmax-gradient",
        title="Cross-entropy through softmax with a one-hot label: dH/dz_j = y_j - yhat_j",
        statement=Eq(diff(cross_entropy(y), z[j]), softmax(z, j) - y[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"\frac{\partial H(\hat y, y)}{\partial z_j} = y_j - \hat y_j \tag{7}",
        ),
    ),
    claim(
        v,
        id="ce-softmax-gradient-sum-to-one",
        title="The gradient y - t holds for any labels that sum to 1, and needs that",
        statement=Eq(diff(cross_entropy(t), z[j]), softmax(z, j) - t[j]),
        unstated=("t",),
        source=ACTIVATIONS.at(
            "softmax交叉熵 (Softmax-with-Loss)",
            r"\frac{\partial L}{\partial a_k} = y_k - t_k",
            note="The article states it for one-hot labels; the step -t_j + y_j Σ t_i = y_j - t_j uses only Σ t_i = 1.",
        ),
    ),
    claim(
        v,
        id="ce-softmax-gradient-general",
        title="Without the sum-to-one hypothesis: dL/dz_j = y_j Σ t - t_j",
        statement=Eq(diff(cross_entropy(q), z[j]), softmax(z, j) * Sum(q[m], (m, 1, K)) - q[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"= -\hat y_j + y_j \sum_{i=1}^m \hat y_i",
            note="The line of equation (7) before the sum-to-one hypothesis is used.",
        ),
    ),
    claim(
        v,
        id="cvm-ce-softmax-gradient-true-class",
        title="Cross-entropy through softmax at the true class p: dL/dz_p = yhat_p - 1",
        statement=Eq(diff(-log(softmax(z, p)), z[p]), softmax(z, p) - 1),
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial L}{\partial z_p} = \frac{\partial L}{\partial \hat y_p}\cdot\frac{\partial \hat y_p}{\partial z_p} = \hat y_p - 1",
        ),
    ),
)
