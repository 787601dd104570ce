"""Cross-entropy through softmax: the gradient y - t, its hypothesis, its general form."""

from __future__ import annotations

import sympy as sp

from derivations.articles import ACTIVATIONS, CE_VS_MSE, NIELSEN_SOFTMAX, SOFTMAX_CE_DERIVATIVES
from verifier import (
    Abs,
    Claim,
    Domain,
    Eq,
    Gt,
    KroneckerDelta,
    Lt,
    Ne,
    Sum,
    Variables,
    claim,
    diff,
    exp,
    log,
    logsumexp,
    sigmoid,
    softmax,
    subs,
    summation_index,
    vector,
)

__all__ = ["CLAIMS", "PENDING"]

v = Variables()
K = v.size("K")
z = v.vector("z", K)
t = v.vector("t", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
q = v.vector("q", K, Domain.POSITIVE)
r = v.vector("r", K, Domain.POSITIVE)  # outputs treated as free variables
soft = v.vector("l", K, Domain.UNIT)  # labels in (0, 1) with no sum constraint
u = v.scalar("u", Domain.UNIT)
g = v.scalar("g", Domain.POSITIVE)  # a probability yhat_p treated as a free variable
x = v.scalar("x")
label = v.scalar("label")
x1, x2 = v.scalar("x1"), v.scalar("x2")  # two logits
binary = v.vector("yb", K, Domain.BINARY)  # labels in {0, 1}, nothing more
j = v.index("j", K)
p = v.index("p", K)
K2 = v.size("K2", at_least=2)
zz = v.vector("zz", K2)
pp = v.index("pp", K2)
i = v.index("i", K)
m = summation_index("m")


def cross_entropy(labels: sp.IndexedBase) -> sp.Expr:
    """-Σ_m labels[m] log softmax(z, m)."""
    return -Sum(labels[m] * log(softmax(z, m)), (m, 1, K))


SCD_CE = "对 cross-entropy 求导 (differentiating cross-entropy)"
SCD_TOGETHER = "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)"
CVM_BACKWARD = "Softmax 反向传播角度 (the softmax backward pass)"
NSL_COST = "数学形式证明 Softmax 有效性: log似然代价函数 (the log-likelihood cost, summed form)"
NSL_SIMILAR = "Softmax 解决学习缓慢问题 (how softmax addresses the learning slowdown)"
ONLY_ONE = "'由于 y_k 取值为 0 或 1 ,对于每一个样本, y_1,y_2,..,y_k 只会有一个取 1 其余的都取值为0'"
labels_sum_to_one = Eq(Sum(binary[m], (m, 1, K)), 1)
CVM_LOSS = "损失函数角度 (the loss-function view)"
NSL_SOFT = "注意!当 y_j 取值不为 0 或 1 (soft labels)"


def eq7_chain(labels: sp.IndexedBase) -> list[sp.Expr]:
    """The lines of the article's equation (7), for the given labels."""
    return [
        diff(cross_entropy(labels), z[j]),
        Sum(-labels[m] / softmax(z, m) * diff(softmax(z, m), z[j]), (m, 1, K)),
        -labels[j] / softmax(z, j) * softmax(z, j) * (1 - softmax(z, j))
        + Sum((1 - KroneckerDelta(m, j)) * (-labels[m] / softmax(z, m)) * (-softmax(z, m) * softmax(z, j)), (m, 1, K)),
        -labels[j] + labels[j] * softmax(z, j) + Sum((1 - KroneckerDelta(m, j)) * labels[m] * softmax(z, j), (m, 1, K)),
        -labels[j] + softmax(z, j) * Sum(labels[m], (m, 1, K)),
        softmax(z, j) - labels[j],
    ]


CLAIMS = (
    claim(
        v,
        id="scd-eq6-ce-derivative-wrt-outputs",
        title="dH/dy_i = -yhat_i / y_i, the outputs treated as free positive variables",
        statement=Eq(diff(-Sum(y[m] * log(r[m]), (m, 1, K)), r[j]), -y[j] / r[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 cross-entropy 求导 (differentiating cross-entropy)",
            r"\frac{\partial H(\bm {\hat y}, \bm y) }{\partial y_i}"
            r" = \frac{\partial [- \sum_{t = 1}^m \hat{y}_t\log y_t ]}{\partial y_i} = - \frac{\hat{y}_i}{y_i} \tag{6}",
        ),
    ),
    claim(
        v,
        id="scd-eq7-chain",
        title="Equation (7) step by step, with a one-hot label",
        steps=[
            diff(cross_entropy(y), z[j]),
            Sum(-y[m] / softmax(z, m) * diff(softmax(z, m), z[j]), (m, 1, K)),
            -y[j] / softmax(z, i) * softmax(z, i) * (1 - softmax(z, j))
            + Sum((1 - KroneckerDelta(m, j)) * (-y[m] / softmax(z, m)) * (-softmax(z, m) * softmax(z, j)), (m, 1, K)),
            -y[j] + y[j] * softmax(z, j) + Sum((1 - KroneckerDelta(m, j)) * y[m] * softmax(z, j), (m, 1, K)),
            -y[j] + softmax(z, j) * Sum(y[m], (m, 1, K)),
            softmax(z, j) - y[j],
        ],
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_TOGETHER,
            r"\frac{\partial H(\bm {\hat y}, \bm y) }{\partial z_j}"
            r" = \sum_{i = 1}^{m} \frac{\partial H(\bm {\hat y}, \bm y) }{\partial y_i} \frac{\partial y_i }{\partial z_j}"
            r" = \sum_{i = 1}^{m} -\frac{\hat{y}_i}{y_i} \cdot \frac{\partial y_i }{\partial z_j}"
            r" = \left(-\frac{\hat{y}_i}{y_i} \cdot \frac{\partial y_i }{\partial z_j}\right )_{i = j}"
            r" + \sum_{i = 1 , i \not = j}^{m} -\frac{\hat{y}_i}{y_i} \cdot \frac{\partial y_i }{\partial z_j}"
            r" = -\frac{\hat{y}_j}{y_i} \cdot y_i(1-y_j) + \sum_{i = 1 , i \not = j}^{m} -\frac{\hat{y}_i}{y_i} \cdot -y_iy_j"
            r" = - \hat{y}_j + \hat{y}_jy_j + \sum_{i = 1 , i \not = j}^{m} \hat{y}_iy_j"
            r" = - \hat{y}_j + y_j\sum_{i = 1}^{m} \hat{y}_i = y_j - \hat{y}_j \tag{7}",
        ),
        notes=(
            "The fourth line prints -ŷ_j/y_i · y_i(1 - y_j) for the term i = j taken out of the sum; it is encoded as"
            " printed, with i a free index: y_i cancels, so the line holds for every i (y_j was meant).",
            "The last step uses Σ yhat_i = 1, which a one-hot label satisfies; see ce-softmax-gradient-sum-to-one.",
        ),
    ),
    claim(
        v,
        id="cvm-ce-one-hot-reduces",
        title="With a one-hot label at p, L = -Σ y_k log yhat_k = -log yhat_p",
        steps=[-Sum(y[m] * log(r[m]), (m, 1, K)), -y[p] * log(r[p]), -log(r[p])],
        assume=[Eq(y[p], 1)],
        source=CE_VS_MSE.at(
            "交叉熵损失 (the cross-entropy loss)",
            r"L = - (y_1 \log \hat{y}_1 + \dots + y_K \log \hat{y}_K) = -y_p \log \hat{y}_p = - \log \hat{y}_p",
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
            CVM_BACKWARD,
            r"\frac{\partial L}{\partial \hat{y}_p} = -\frac{1}{\hat{y}_p},\quad"
            r"\frac{\partial L}{\partial \hat{z}_p} = \frac{\partial L}{\partial \hat{y}_p} \cdot \frac{\partial \hat{y}_p}{\partial z_p} = \hat{y}_p - 1",
            note="The article prints ∂ẑ_p; no ẑ is defined, and the chain's ∂ŷ_p/∂z_p shows z_p is meant.",
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
        corrects="nsl-softlabel-dC-da-literal",
        notes=("The article's y_i/a_j (nsl-softlabel-dC-da-literal) has lost the sign and has the wrong index.",),
    ),
    claim(
        v,
        id="act-softmax-with-loss-backward",
        title="Softmax-with-Loss backward: (y_1 - t_1, ..., y_K - t_K) for a one-hot label",
        statement=Eq(diff(cross_entropy(y), z[j]), softmax(z, j) - y[j]),
        source=ACTIVATIONS.at(
            "softmax交叉熵 (Softmax-with-Loss)", r"\frac{\partial L}{\partial a_k} = y_k - t_k", recovered=True
        ),
    ),
    claim(
        v,
        id="scd-eq7-ce-softmax-gradient",
        title="Cross-entropy through softmax with a one-hot label: dH/dz_j = y_j - yhat_j",
        statement=Eq(diff(cross_entropy(y), z[j]), softmax(z, j) - y[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"\frac{\partial H(\bm {\hat y}, \bm y) }{\partial z_j} = y_j - \hat{y}_j \tag{7}",
        ),
    ),
    claim(
        v,
        id="ce-softmax-gradient-sum-to-one",
        title="The gradient y - t holds for any labels that sum to 1, and needs that",
        statement=Eq(diff(cross_entropy(t), z[j]), softmax(z, j) - t[j]),
        corrects="nsl-softlabel-gradient-unit-labels",
        unstated=("t",),
        notes=(
            "The articles state y - t for one-hot labels; the step -t_j + y_j Σ t_i = y_j - t_j uses only Σ t_i = 1.",
        ),
    ),
    claim(
        v,
        id="ce-softmax-gradient-general",
        title="Without the sum-to-one hypothesis: dL/dz_j = y_j Σ t - t_j",
        statement=Eq(diff(cross_entropy(q), z[j]), softmax(z, j) * Sum(q[m], (m, 1, K)) - q[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"= - \hat{y}_j + y_j\sum_{i = 1}^{m} \hat{y}_i",
            note="The line of equation (7) before the sum-to-one hypothesis is used.",
        ),
    ),
    claim(
        v,
        id="cvm-ce-softmax-gradient-true-class",
        title="Cross-entropy through softmax at the true class p: dL/dz_p = yhat_p - 1",
        statement=Eq(diff(-log(softmax(z, p)), z[p]), softmax(z, p) - 1),
        source=CE_VS_MSE.at(
            CVM_BACKWARD,
            r"\frac{\partial L}{\partial \hat{z}_p} = \frac{\partial L}{\partial \hat{y}_p} \cdot \frac{\partial \hat{y}_p}{\partial z_p} = \hat{y}_p - 1",
            note="The article prints ∂ẑ_p; no ẑ is defined, and the chain's ∂ŷ_p/∂z_p shows z_p is meant.",
        ),
    ),
    claim(
        v,
        id="nsl-softlabel-dC-da-literal",
        title="The translation's soft-label derivative as printed: dC/da_j = y_i / a_j",
        statement=Eq(diff(-Sum(soft[m] * log(r[m]), (m, 1, K)), r[j]), soft[i] / r[j]),
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            NSL_SOFT,
            r"\frac{\partial C}{\partial a^L_j} = \frac{y_i}{a^L_j}",
            note="'只需把 ∂C/∂a_j 的结果从 1/a_j 改为 y_i/a_j 即可': the sign is missing and the label index should be j",
        ),
        notes=(
            "The article's formulas were images, lost in extraction; the prose may have dropped a minus sign"
            " the images had. As printed, the statement is wrong.",
        ),
    ),
    claim(
        v,
        id="nsl-softlabel-onehot-dC-da-literal",
        title="The translation's one-hot derivative as printed: d(-ln a_j)/da_j = 1/a_j",
        statement=Eq(diff(-log(r[j]), r[j]), 1 / r[j]),
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            NSL_SOFT, r"\frac{\partial C}{\partial a^L_j} = \frac{1}{a^L_j}", note="'从 1/a_j 改为 ...'"
        ),
        notes=(
            "The article's formulas were images, lost in extraction; the prose may have dropped a minus sign"
            " the images had. As printed, the statement is wrong.",
        ),
    ),
    claim(
        v,
        id="log-likelihood-output-derivative",
        title="d(-ln a_j)/da_j = -1/a_j",
        statement=Eq(diff(-log(r[j]), r[j]), -1 / r[j]),
        corrects="nsl-softlabel-onehot-dC-da-literal",
    ),
    claim(
        v,
        id="nsl-softlabel-gradient-unit-labels",
        title="The translation's premise: labels in [0, 1] (not summing to 1) still give dC/dz_j = a_j - y_j",
        statement=Eq(diff(cross_entropy(soft), z[j]), softmax(z, j) - soft[j]),
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            NSL_SOFT,
            r"\frac{\partial C}{\partial b^L_j} = a^L_j - y_j \quad (y_j \in [0, 1])",
            recovered=True,
            note="'当 y_j 取值不为 0 或 1,而是区间 [0,1] 的一个实数值时,上面的式子只需稍稍做点修改 ... 两者都是正确的'",
        ),
        notes=(
            "The gradient is a_j Σ y - y_j (ce-softmax-gradient-general): soft labels must sum to 1.",
            "The formula after '所以在有的地方会看到这样的公式' was lost; it is recovered as a_j - y_j, the form the"
            " article says holds for labels in [0, 1].",
        ),
    ),
    claim(
        v,
        id="nsl-both-forms-agree-onehot",
        title="For a one-hot label at c the vector form a_i - y_i is the case form a_i - δ(i, c)",
        statement=Eq(softmax(z, i) - y[i], softmax(z, i) - KroneckerDelta(i, p)),
        assume=[Eq(y[p], 1)],
        source=NIELSEN_SOFTMAX.at(
            NSL_SOFT,
            r"a_i - y_i = \begin{cases} a_j - 1 & i = j \\ a_i & i \neq j \end{cases}",
            note="'两者都是正确的,只是因为前提不一样' (p is the true class)",
        ),
    ),
    claim(
        v,
        id="scd-eq5-cross-entropy-onehot-reduces",
        title="Equation (5) with a one-hot label at c: H = -Σ_t yhat_t log y_t = -log y_c",
        statement=Eq(-Sum(y[m] * log(r[m]), (m, 1, K)), -log(r[p])),
        assume=[Eq(y[p], 1)],
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_CE,
            r"H(\bm {\hat y}, \bm y) = - \bm {\hat y}^{\top} \log \bm y = - \sum_{t = 1}^m \hat{y}_t\log y_t \tag{5}",
            note="'令 ŷ 为输入 x 真实类别的 one-hot encoding' (p is the true class)",
        ),
    ),
    claim(
        v,
        id="ce-output-derivative-log-base-2",
        title="With log base 2, dH/dy_i = -yhat_i / (y_i ln 2)",
        statement=Eq(diff(-Sum(t[m] * log(r[m]) / log(2), (m, 1, K)), r[j]), -t[j] / (r[j] * log(2))),
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_CE,
            r"\frac{\partial H}{\partial y_i} = -\frac{\hat y_i}{y_i}\quad(\log\text{ base } e)",
            note="'(log 底数为 e)': the article states the base, and it matters: base 2 adds the factor 1/ln 2.",
        ),
    ),
    claim(
        v,
        id="ce-eq7-chain-labels-summing-to-one",
        title="Equation (7) step by step for soft labels: every step holds when the labels sum to 1, the last needs it",
        steps=eq7_chain(t),
        unstated=("t",),
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_TOGETHER,
            r"- \hat{y}_j + y_j\sum_{i = 1}^{m} \hat{y}_i = y_j - \hat{y}_j",
            note="The article assumes a one-hot label; the last step uses only Σ yhat_i = 1.",
        ),
    ),
    claim(
        v,
        id="scd-stable-ce-logsumexp-identity",
        title="The fused loss: -log softmax(z)_c = logsumexp(z) - z_c",
        statement=Eq(-log(softmax(z, p)), logsumexp(z) - z[p]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (why to use the library's API)",
            r"-\log y_c = \log\sum_t e^{z_t} - z_c",
            note="'在 tensorflow 中,softmax 和 cross entropy 也合并成了一个函数 ... tensorflow 会帮我们处理这种数值不稳定的问题'",
        ),
    ),
    claim(
        v,
        id="cvm-ce-zero-at-one",
        title="The cross-entropy -log yhat_p is 0 at yhat_p = 1",
        statement=Eq(subs(-log(g), g, 1), 0),
        source=CE_VS_MSE.at(CVM_LOSS, r"-\log 1 = 0", note="'两者均在 ŷ = y = 1 时取得最小值0'"),
    ),
    claim(
        v,
        id="cvm-ce-tends-to-zero-identity",
        title="-log yhat_p = log(1 + Σ_{k != p} e^(z_k - z_p)): it tends to 0 only as every margin z_p - z_k grows",
        statement=Eq(-log(softmax(z, p)), log(1 + Sum((1 - KroneckerDelta(m, p)) * exp(z[m] - z[p]), (m, 1, K)))),
        source=CE_VS_MSE.at(
            CVM_LOSS, r"-\log\hat y_p \to 0 \quad (\hat y_p \to 1)", note="'在实践中 ŷ_p 只会趋近于1而不是恰好等于1'"
        ),
    ),
    claim(
        v,
        id="cvm-recovered-ce-ignores-other-probs",
        title="With a one-hot label at p, the cross-entropy does not depend on yhat_q for q != p",
        statement=Eq(diff(-Sum(y[m] * log(r[m]), (m, 1, K)), r[j]), 0),
        assume=[Eq(y[p], 1), Ne(j, p)],
        source=CE_VS_MSE.at(
            CVM_LOSS,
            r"\frac{\partial L_{CE}}{\partial \hat y_q} = 0 \quad (q \neq p)",
            recovered=True,
            note="Cut sentence '在 ŷ_p < 1 的情况下,' recovered from '对交叉熵损失...只能关注样本所属的类别,只要 ŷ_p 越接近于1就好'"
            " (inventory's recollection of the original post).",
        ),
    ),
    claim(
        v,
        id="cvm-ce-derivative-wrt-output",
        title="dL/dyhat_p = -1/yhat_p for L = -log yhat_p",
        statement=Eq(diff(-log(g), g), -1 / g),
        source=CE_VS_MSE.at(CVM_BACKWARD, r"\frac{\partial L}{\partial \hat{y}_p} = -\frac{1}{\hat{y}_p}"),
    ),
    claim(
        v,
        id="cvm-ce-full-gradient-true-class",
        title="The full one-hot loss gives the same dL/dz_p = yhat_p - 1: no chain-rule path is dropped",
        statement=Eq(diff(cross_entropy(y), z[p]), softmax(z, p) - 1),
        assume=[Eq(y[p], 1)],
        source=CE_VS_MSE.at(
            CVM_BACKWARD,
            r"\frac{\partial L}{\partial \hat{z}_p} = \frac{\partial L}{\partial \hat{y}_p} \cdot \frac{\partial \hat{y}_p}{\partial z_p} = \hat{y}_p - 1",
            note="Read as the full gradient of L = -Σ y_k log ŷ_k (the article prints ∂ẑ_p for ∂z_p).",
        ),
    ),
    claim(
        v,
        id="cvm-ce-full-gradient-other-class",
        title="... and dL/dz_q = yhat_q for the other classes q != p",
        statement=Eq(diff(cross_entropy(y), z[j]), softmax(z, j)),
        assume=[Eq(y[p], 1), Ne(j, p)],
        source=CE_VS_MSE.at(CVM_BACKWARD, r"\frac{\partial L}{\partial z_q} = \hat y_q \quad (q \neq p)"),
    ),
    claim(
        v,
        id="cvm-ce-gradient-magnitude-decreasing",
        title="The closer yhat_p is to 1, the smaller |yhat_p - 1|: its derivative in yhat_p is negative",
        statement=Lt(diff(Abs(u - 1), u), 0),
        source=CE_VS_MSE.at(
            CVM_BACKWARD,
            r"\frac{d}{d\hat y_p}\left|\hat y_p - 1\right| < 0",
            note="'ŷ_p 越接近于1,偏导越接近于0,即分类越正确越不需要更新权重'",
        ),
    ),
    claim(
        v,
        id="cvm-ce-gradient-magnitude-at-zero",
        title="... and it reaches magnitude 1 as yhat_p -> 0: |0 - 1| = 1",
        statement=Eq(subs(Abs(x - 1), x, 0), 1),
        source=CE_VS_MSE.at(
            CVM_BACKWARD,
            r"\left|\hat y_p - 1\right|_{\hat y_p = 0} = 1",
            note="'恰好将 ŷ_p(1−ŷ_p) 中的 ŷ_p 消掉,避免了上述情形的发生'",
        ),
    ),
    claim(
        v,
        id="nsl-eq80-cost-decreasing",
        title="The cost -ln a_y decreases as the probability a_y of the true class grows",
        statement=Lt(diff(-log(u), u), 0),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (the log-likelihood cost)",
            r"\frac{d}{da_y}(-\ln a_y) < 0",
            note="'概率 a_7 跟 1 非常接近,所以代价 −ln a_7 就会很小 ... 概率 a_7 就变得很小,代价 −ln a_7 随之增大'",
        ),
    ),
    claim(
        v,
        id="nsl-similar-to-sigmoid-cross-entropy",
        title="The sigmoid output with cross-entropy gives the same form: dC/dz = sigma(z) - y, for any real y",
        statement=Eq(diff(-(label * log(sigmoid(x)) + (1 - label) * log(1 - sigmoid(x))), x), sigmoid(x) - label),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (how softmax addresses the learning slowdown)",
            r"\frac{\partial C}{\partial z} = \sigma(z) - y",
            note="'这些方程其实和我们前面对交叉熵得到的类似'",
        ),
    ),
    claim(
        v,
        id="nsl-gradient-sums-to-zero",
        title="The gradient a - y sums to 0 (labels summing to 1)",
        statement=Eq(Sum(softmax(z, m) - t[m], (m, 1, K)), 0),
        source=NIELSEN_SOFTMAX.at(
            "举个例子 (worked example: scores [2, 3, 4], true class 2)",
            r"\sum_j (a^L_j - y_j) = 0",
            note="The printed gradient [0.0903, -0.7553, 0.665] sums to 0.",
        ),
    ),
    claim(
        v,
        id="act-ce-onehot-reduces",
        title="E = -Σ_k t_k log y_k with a one-hot t is -log y of the correct class",
        statement=Eq(-Sum(y[m] * log(r[m]), (m, 1, K)), -log(r[p])),
        assume=[Eq(y[p], 1)],
        source=ACTIVATIONS.at(
            "交叉熵误差 (cross-entropy error)",
            r"E = -\sum_k t_k \log y_k = -\log y_c",
            recovered=True,
            note="'tk中只有正确解标签的索引为1,其他均为0,也就是进行了独热编码'; formula recovered from Deep Learning from Scratch (4.2).",
        ),
    ),
    claim(
        v,
        id="nsl-no-slowdown-gradient-magnitude",
        title="No slowdown: |dC/dz_c| = 1 - a_c, largest (near 1) when the network is most wrong",
        statement=Eq(Abs(diff(-log(softmax(z, p)), z[p])), 1 - softmax(z, p)),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (how softmax addresses the learning slowdown)",
            r"\left|\frac{\partial C}{\partial z^L_c}\right| = 1 - a^L_c",
            note="'这些表达式确保我们不会遇到学习缓慢的问题': no sigma'-type factor (p is the true class)",
        ),
    ),
    claim(
        v,
        id="cvm-ce-positive-on-softmax",
        title="The cross-entropy -log yhat_p of a softmax output is positive: its minimum 0 is never attained",
        statement=Gt(-log(softmax(zz, pp)), 0),
        unstated=("K2",),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"-\log\hat y_p > 0",
            note="'在实践中 ŷ_p 只会趋近于1而不是恰好等于1' (with at least two classes)",
        ),
    ),
    claim(
        v,
        id="nsl-eq80-cost-positive",
        title="The log-likelihood cost -ln a_y is positive (with at least two classes)",
        statement=Gt(-log(softmax(zz, pp)), 0),
        unstated=("K2",),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (the log-likelihood cost)",
            r"C = -\ln a^L_y > 0",
            recovered=True,
            note="'所以对数似然代价函数也是满足我们期待的代价函数的条件的'",
        ),
    ),
    claim(
        v,
        id="nsl-eq80-cost-small-near-one",
        title="The cost -ln a is small when a is near 1: -ln a < (1 - a)/a on (0, 1)",
        statement=Lt(-log(u), (1 - u) / u),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (the log-likelihood cost)",
            r"-\ln a^L_7 < \frac{1 - a^L_7}{a^L_7}",
            note="'他会估计一个对应的概率 a_7 跟 1 非常接近,所以代价 -ln a_7 就会很小' (quantified; u stands for a_7)",
        ),
    ),
    claim(
        v,
        id="nsl-binary-labels-are-one-hot",
        title="The article's 'each y_k is 0 or 1, so only one of them is 1': labels in {0, 1} sum to 1",
        statement=labels_sum_to_one,
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(NSL_COST, r"y_k \in \{0, 1\} \Rightarrow \sum_k y_k = 1", note=ONLY_ONE),
        notes=("Binary labels can have two 1s (a multi-label sample) or none: being one-hot is a further hypothesis.",),
    ),
    claim(
        v,
        id="one-hot-labels-collapse-the-cost",
        title="The sum can be dropped when the labels are one-hot (binary with a single 1): -Σ y_k ln a_k = -ln a_p",
        statement=Eq(-Sum(y[m] * log(r[m]), (m, 1, K)), -log(r[p])),
        assume=[Eq(y[p], 1)],
        corrects="nsl-binary-labels-are-one-hot",
        notes=(
            "Binary labels that sum to 1 are exactly the one-hot ones: PENDING's"
            " binary-labels-summing-to-one-are-one-hot (proved at sizes 1..6 only today).",
        ),
    ),
    claim(
        v,
        id="nsl-two-class-cross-entropy-is-binary",
        title="Two-class cross-entropy of softmax(z1, z2) is the binary cross-entropy of sigma(z1 - z2)",
        statement=Eq(
            -(label * log(softmax(vector(x1, x2), 1)) + (1 - label) * log(softmax(vector(x1, x2), 2))),
            -(label * log(sigmoid(x1 - x2)) + (1 - label) * log(1 - sigmoid(x1 - x2))),
        ),
        source=NIELSEN_SOFTMAX.at(
            NSL_SIMILAR,
            r"-\sum_{k=1}^{2} y_k \ln a^L_k = -\left[y \ln \sigma(z_1 - z_2) + (1 - y)\ln(1 - \sigma(z_1 - z_2))\right]",
            note="'把一个具有对数似然代价的 softmax 输出层,看作与一个具有交叉熵代价的 S 型输出层非常相似', made exact for"
            " two classes (y = y_1, y_2 = 1 - y; any real y)",
        ),
    ),
)

# True statements the prover cannot prove for every size yet (kept out of CLAIMS).
PENDING: tuple[Claim, ...] = (
    claim(
        v,
        id="binary-labels-summing-to-one-are-one-hot",
        title="Labels in {0, 1} that sum to 1 are one-hot: with y_p = 1 every other y_j is 0",
        statement=Eq(binary[j], 0),
        assume=[Eq(binary[p], 1), Ne(j, p), labels_sum_to_one],
        corrects="nsl-binary-labels-are-one-hot",
        notes=(
            "Σ_{k != p} y_k = 1 - y_p = 0 and every y_k >= 0, so each y_k with k != p is 0.",
            "Pending: proved at sizes 1..6 only; the symbolic prover uses neither a hypothesis on a sum (Σ y = 1)"
            " nor y_k in {0, 1} for a symbolic K yet.",
        ),
    ),
    claim(
        v,
        id="binary-labels-summing-to-one-collapse-the-cost",
        title="... so the sum in the cost can be dropped: -Σ y_k ln a_k = -ln a_p (labels in {0, 1} summing to 1)",
        statement=Eq(-Sum(binary[m] * log(r[m]), (m, 1, K)), -log(r[p])),
        assume=[Eq(binary[p], 1), labels_sum_to_one],
        corrects="nsl-binary-labels-are-one-hot",
        notes=(
            "Pending: proved at sizes 1..6 only; the symbolic prover uses neither a hypothesis on a sum (Σ y = 1)"
            " nor y_k in {0, 1} for a symbolic K yet.",
        ),
    ),
)
