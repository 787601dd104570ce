"""Softmax: its Jacobian, the signs of its entries, its outputs, shift invariance, inverse."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS, CE_VS_MSE, NIELSEN_SOFTMAX, SOFTMAX_CE_DERIVATIVES
from verifier import (
    Abs,
    Domain,
    Eq,
    Ge,
    Gt,
    KroneckerDelta,
    Le,
    Lt,
    Ne,
    Rational,
    Sum,
    Variables,
    claim,
    diff,
    exp,
    log,
    logsumexp,
    sigmoid,
    softmax,
    summation_index,
    vector,
    vmax,
)

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
scale = v.scalar("C", Domain.POSITIVE)
shift = v.scalar("Cp", Domain.REAL)
zp = v.vector("zp", K, Domain.POSITIVE)  # inputs, positive so that their plain ratio is defined
s = v.vector("s", K, Domain.SIMPLEX)  # a probability vector
three = v.vector("x", 3)  # three inputs: the prover cannot yet use that some entry attains max z
x1 = v.scalar("x1")
x2 = v.scalar("x2")
m = summation_index("m")

SCD_SOFTMAX = "对 softmax 求导 (differentiating softmax)"
S = Sum(exp(z[m]), (m, 1, K))
NSL_MONOTONE = "softmax 的单调性 (monotonicity of softmax)"
NSL_LOCAL = "softmax的非局部性 (the non-locality of softmax)"
NSL_INVERSE = "逆转softmax层 (inverting the softmax layer)"
NSL_PROPERTIES = "Softmax 函数性质 (properties of softmax)"
ACT_SOFTMAX = "softmax函数 (the softmax function)"
ACT_OVERFLOW = "softmax函数的优缺点 (overflow and the max-subtraction trick)"
CVM_BACKWARD = "Softmax 反向传播角度 (the softmax backward pass)"

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
            SCD_SOFTMAX,
            r"\frac{\partial e^{z_i}}{\partial z_j} = e^{z_i}\ (i = j),\quad \frac{\partial e^{z_i}}{\partial z_j} = 0\ (i \not = j)",
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
            r"\frac{\partial y_i}{\partial z_j} = \frac{\partial \frac{e^{z_i}}{\sum_{t = 1}^m e^{z_t}}}{\partial z_j}"
            r" = \frac{e^{z_i} \cdot \sum_{t = 1}^m e^{z_t} - e^{z_i} \cdot e^{z_j} }{(\sum_{t = 1}^m e^{z_t})^2}"
            r" = \frac{e^{z_i}}{\sum_{t = 1}^m e^{z_t}}"
            r" - \frac{e^{z_i}}{\sum_{t = 1}^m e^{z_t}} \cdot \frac{e^{z_j}}{\sum_{t = 1}^m e^{z_t}}"
            r" = y_i(1 - y_j) \tag{3}",
        ),
    ),
    claim(
        v,
        id="scd-eq3-other-forms",
        title="With i = j, (3) is also y_i (1 - y_i) and y_j (1 - y_j)",
        steps=[
            softmax(z, i) * (1 - softmax(z, j)),
            softmax(z, i) * (1 - softmax(z, i)),
            softmax(z, j) * (1 - softmax(z, j)),
        ],
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
            r"\frac{\partial y_i}{\partial z_j} = \frac{\partial \frac{e^{z_i}}{\sum_{t = 1}^m e^{z_t}}}{\partial z_j}"
            r" = \frac{0\cdot \sum_{t = 1}^m e^{z_t} - e^{z_i} \cdot e^{z_j} }{(\sum_{t = 1}^m e^{z_t})^2}"
            r" = - \frac{e^{z_i}}{\sum_{t = 1}^m e^{z_t}} \cdot \frac{e^{z_j}}{\sum_{t = 1}^m e^{z_t}}"
            r" = -y_iy_j \tag{4}",
        ),
    ),
    claim(
        v,
        id="cvm-softmax-diagonal",
        title="dyhat_p/dz_p = yhat_p (1 - yhat_p)",
        statement=Eq(diff(softmax(z, j), z[j]), softmax(z, j) * (1 - softmax(z, j))),
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial \hat{y}_p}{\partial z_p} = \hat{y}_p(1-\hat{y}_p)",
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
            "softmax的作用 (what softmax does)",
            r"\hat y_p \in (0, 1),\ \sum_k \hat y_k = 1",
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
            r"\frac{\partial a^L_j}{\partial z^L_i}=a_j^L(1-a_j^L) \ (i = j),\quad"
            r" \frac{\partial a^L_j}{\partial z^L_i}=-a_j^La_i^L \ (i \not= j)",
            note="'softmax在的求导结果比较特别,分为两种情况' and the two results the article quotes after"
            " '当 i=j 时,带入 上面的结果' / '当 i≠j 时,带入 上面的结果'",
        ),
    ),
    claim(
        v,
        id="nsl-jacobian-diagonal-positive",
        title="Raising z_j raises a_j: da_j/dz_j > 0 (needs at least two classes)",
        statement=Gt(diff(softmax(w, a), w[a]), 0),
        unstated=("K2",),
        source=NIELSEN_SOFTMAX.at(NSL_MONOTONE, r"\partial a^L_j / \partial z^L_k > 0 \quad (j = k)"),
        notes=("With a single class softmax is the constant 1 and the derivative is 0: K >= 2 is needed.",),
    ),
    claim(
        v,
        id="nsl-jacobian-off-diagonal-negative",
        title="Raising z_k lowers every other a_j: da_j/dz_k < 0 for j != k",
        statement=Lt(diff(softmax(z, j), z[k]), 0),
        assume=[Ne(j, k)],
        source=NIELSEN_SOFTMAX.at(NSL_MONOTONE, r"\partial a^L_j / \partial z^L_k < 0 \quad (j \neq k)"),
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
            "Softmax 函数性质 (properties of softmax)",
            r"\sum_j a^L_j = \frac{\sum_j e^{z^L_j}}{\sum_k e^{z^L_k}} = 1 \tag{79}",
            recovered=True,
        ),
    ),
    claim(
        v,
        id="act-softmax-shift-invariance",
        title="Adding (or subtracting) a constant to every input leaves softmax unchanged: softmax(z + C') = softmax(z)",
        statement=Eq(softmax(z + c, j), softmax(z, j)),
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
    claim(
        v,
        id="scd-eq1-softmax-definition",
        title="Equation (1): the vocabulary's softmax is the article's e^(z_i) / Σ_t e^(z_t)",
        statement=Eq(softmax(z, i), exp(z[i]) / S),
        source=SOFTMAX_CE_DERIVATIVES.at(SCD_SOFTMAX, r"y_i = \frac{e^{z_i}}{\sum_{t = 1}^m e^{z_t}} \tag{1}"),
    ),
    claim(
        v,
        id="cvm-softmax-definition",
        title="yhat_p = e^(z_p) / Σ_k e^(z_k)",
        statement=Eq(softmax(z, j), exp(z[j]) / S),
        source=CE_VS_MSE.at(CVM_BACKWARD, r"\hat{y}_p = \frac{e^{z_p}}{\sum_{k=1}^K e^{z_k}}"),
    ),
    claim(
        v,
        id="act-softmax-definition",
        title="y_k = exp(a_k) / Σ_i exp(a_i)",
        statement=Eq(softmax(z, k), exp(z[k]) / S),
        source=ACTIVATIONS.at(
            ACT_SOFTMAX,
            r"y_k = \frac{\exp(a_k)}{\sum_{i=1}^{n}\exp(a_i)}",
            recovered=True,
            note="'softmax函数的分子是输入信号ak的指数函数,分母是所有输入信号的指数函数的和'; the formula image is lost,"
            " recovered from Deep Learning from Scratch (3.10).",
        ),
    ),
    claim(
        v,
        id="nsl-ratio-of-inputs-literal",
        title="The translation's 'each output is its neuron's input as a share of the sum of inputs': a_j = z_j / Σ z_k",
        statement=Eq(softmax(zp, j), zp[j] / Sum(zp[m], (m, 1, K))),
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            NSL_PROPERTIES,
            r"a^L_j = \frac{z^L_j}{\sum_k z^L_k}",
            note="'它把每个神经元的输入占当前层所有神经元输入之和的比值,当作该神经元的输出' (inputs taken positive so the ratio is defined)",
        ),
    ),
    claim(
        v,
        id="softmax-ratio-of-exponentials",
        title="Nielsen (78): the output is the share of the exponentiated input, a_j = e^(z_j) / Σ_k e^(z_k)",
        statement=Eq(softmax(z, j), exp(z[j]) / S),
        corrects="nsl-ratio-of-inputs-literal",
        source=NIELSEN_SOFTMAX.at(
            NSL_PROPERTIES,
            r"a^L_j = \frac{e^{z^L_j}}{\sum_k e^{z^L_k}} \tag{78}",
            recovered=True,
            note="'softmax的函数公式如下:' (formula lost; Nielsen's equation (78)).",
        ),
    ),
    claim(
        v,
        id="nsl-outputs-positive",
        title="The exponentials make every output activation positive",
        statement=Gt(softmax(z, j), 0),
        source=NIELSEN_SOFTMAX.at(NSL_PROPERTIES, r"a^L_j > 0", note="'在公式中的指数确保了所有的输出激活值是正数'"),
    ),
    claim(
        v,
        id="nsl-two-class-softmax-is-sigmoid",
        title="With two classes, softmax is the sigmoid of the difference: softmax(x1, x2)_1 = sigma(x1 - x2)",
        statement=Eq(softmax(vector(x1, x2), 1), sigmoid(x1 - x2)),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (how softmax addresses the learning slowdown)",
            r"\frac{e^{z_1}}{e^{z_1} + e^{z_2}} = \sigma(z_1 - z_2)",
            note="'把一个具有对数似然代价的 softmax 输出层,看作与一个具有交叉熵代价的 S 型输出层非常相似', made exact for K = 2.",
        ),
    ),
    claim(
        v,
        id="cvm-softmax-below-one",
        title="In practice yhat_p only approaches 1: a softmax output is below 1 (needs at least two classes)",
        statement=Lt(softmax(w, a), 1),
        unstated=("K2",),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"\hat y_p < 1",
            note="'在实践中 ŷ_p 只会趋近于1而不是恰好等于1'",
        ),
    ),
    claim(
        v,
        id="cvm-softmax-depends-on-other-logits",
        title="yhat_p depends on the other logits too: dyhat_p/dz_k = -yhat_p yhat_k < 0 for k != p",
        statement=Lt(diff(softmax(z, j), z[k]), 0),
        assume=[Ne(j, k)],
        source=CE_VS_MSE.at(
            CVM_BACKWARD,
            r"\frac{\partial \hat y_p}{\partial z_k} < 0 \quad (k \neq p)",
            note="'ŷ_p 不仅与 z_p 有关,还与 {z_k | k≠p} 有关'",
        ),
    ),
    claim(
        v,
        id="nsl-nonlocality-literal-locality",
        title="The translation's locality read literally: a_j does not depend on z_k for k != j",
        statement=Eq(diff(softmax(z, j), z[k]), 0),
        assume=[Ne(j, k)],
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            NSL_LOCAL,
            r"\frac{\partial a^L_j}{\partial z^L_k} = 0 \quad (k \neq j)",
            note="'softmax 层的一个好处是输出 a^L_j 是对应带权输入 a^L_j = σ(z^L_j) 的函数' read as: a_j is a function of z_j alone",
        ),
    ),
    claim(
        v,
        id="softmax-depends-on-every-input",
        title="Every softmax output depends on every weighted input: (da_j/dz_k)^2 > 0 for all j, k (K >= 2)",
        statement=Gt(diff(softmax(w, a), w[b]) ** 2, 0),
        unstated=("K2",),
        corrects="nsl-nonlocality-literal-locality",
        source=NIELSEN_SOFTMAX.at(
            NSL_LOCAL,
            r"\frac{\partial a^L_j}{\partial z^L_k} \neq 0 \quad \text{for all } j, k",
            note="'任何特定的输出激活值 a^L_j 依赖所有的带权输入'",
        ),
    ),
    claim(
        v,
        id="sigmoid-layer-is-local",
        title="What Nielsen says: in a sigmoid layer a_j = sigma(z_j) does not depend on z_k, k != j",
        statement=Eq(diff(sigmoid(z[j]), z[k]), 0),
        assume=[Ne(j, k)],
        corrects="nsl-softmax-is-local",
        source=NIELSEN_SOFTMAX.at(
            NSL_LOCAL,
            r"a^L_j = \sigma(z^L_j) \Rightarrow \frac{\partial a^L_j}{\partial z^L_k} = 0 \quad (k \neq j)",
            note="Nielsen, ch. 3: 'A nice thing about sigmoid layers is that the output a^L_j is a function of the"
            " corresponding weighted input, a^L_j = σ(z^L_j). Explain why this is not the case for a softmax layer.'",
        ),
    ),
    claim(
        v,
        id="nsl-inverse-constant-independent-of-j",
        title="The constant C = z_j - ln a_j is the same for every j",
        statement=Eq(log(softmax(z, j)) - z[j], log(softmax(z, k)) - z[k]),
        source=NIELSEN_SOFTMAX.at(NSL_INVERSE, r"z^L_j = \ln a^L_j + C", note="'其中常量 C 是独立于 j 的'"),
    ),
    claim(
        v,
        id="nsl-inverse-converse",
        title="Conversely z_j = ln a_j + C gives back a (when a is a probability vector)",
        statement=Eq(softmax(log(s) + c, j), s[j]),
        unstated=("s",),
        source=NIELSEN_SOFTMAX.at(NSL_INVERSE, r"\mathrm{softmax}(\ln a + C)_j = a_j \quad (\textstyle\sum_k a_k = 1)"),
        notes=("The a_j being softmax outputs, they sum to 1; for positive a that do not, the result is a_j / Σ a.",),
    ),
    claim(
        v,
        id="act-softmax-at-most-one",
        title="'Outputs between 0.0 and 1.0', inclusive reading: y_k <= 1 for any number of classes",
        statement=Le(softmax(z, k), 1),
        source=ACTIVATIONS.at(ACT_SOFTMAX, r"y_k \le 1", note="'softmax函数的输出是0.0到1.0之间的实数'"),
    ),
    claim(
        v,
        id="act-softmax-sum-one",
        title="The outputs of softmax sum to 1",
        statement=Eq(Sum(softmax(z, m), (m, 1, K)), 1),
        source=ACTIVATIONS.at(
            ACT_SOFTMAX, r"\sum_k y_k = 1", note="'softmax函数的输出值的总和是1,这是softmax函数的一个重要性质'"
        ),
    ),
    claim(
        v,
        id="softmax-jacobian-diagonal-at-most-quarter",
        title="A softmax output's slope in its own input is at most 1/4, the sigmoid's maximum",
        statement=Le(diff(softmax(z, k), z[k]), Rational(1, 4)),
        source=ACTIVATIONS.at(
            "softmax函数的优缺点 (pros and cons of softmax)",
            r"\frac{\partial y_k}{\partial a_k} = y_k(1 - y_k) \le \tfrac14",
            note="'优点是它既能产生更陡峭的梯度': not as a property of the activation, whose slope is bounded like the"
            " sigmoid's; steep gradients come from softmax with cross-entropy (y_k - t_k).",
        ),
    ),
    claim(
        v,
        id="softmax-jacobian-off-diagonal-at-most-quarter",
        title="... and its slope in any other input is at most 1/4 in size: |dy_j/dz_k| = y_j y_k <= 1/4",
        statement=Le(Abs(diff(softmax(z, j), z[k])), Rational(1, 4)),
        assume=[Ne(j, k)],
        source=ACTIVATIONS.at(
            "softmax函数的优缺点 (pros and cons of softmax)",
            r"\left|\frac{\partial y_j}{\partial a_k}\right| = y_j y_k \le \tfrac14 \quad (j \neq k)",
            note="'优点是它既能产生更陡峭的梯度': every entry of the softmax Jacobian is at most 1/4 in size.",
        ),
    ),
    claim(
        v,
        id="act-softmax-rescale-chain",
        title="Multiplying numerator and denominator by C > 0 and moving it into the exponent (book eq. 3.11)",
        steps=[
            softmax(z, k),
            scale * exp(z[k]) / (scale * S),
            exp(z[k] + log(scale)) / Sum(exp(z[m] + log(scale)), (m, 1, K)),
            exp(z[k] + shift) / Sum(exp(z[m] + shift), (m, 1, K)),
        ],
        source=ACTIVATIONS.at(
            ACT_OVERFLOW,
            r"y_k = \frac{\exp(a_k)}{\sum_i \exp(a_i)} = \frac{C\exp(a_k)}{C\sum_i \exp(a_i)}"
            r" = \frac{\exp(a_k + \log C)}{\sum_i \exp(a_i + \log C)} = \frac{\exp(a_k + C')}{\sum_i \exp(a_i + C')}",
            recovered=True,
            note="Formula image lost; recovered from Deep Learning from Scratch (3.11). The last step holds for any real C'.",
        ),
    ),
    claim(
        v,
        id="act-softmax-max-subtraction",
        title="Subtracting the largest input leaves softmax unchanged: softmax(a - max a) = softmax(a)",
        statement=Eq(softmax(z - vmax(z), k), softmax(z, k)),
        source=ACTIVATIONS.at(
            ACT_OVERFLOW,
            r"y_k = \frac{\exp(a_k - \max_i a_i)}{\sum_i \exp(a_i - \max_i a_i)}",
            recovered=True,
            note="'一般情况下我们会采取将所有的输入值减去输入值中的最大值' (C' = -max a in the book's 3.11)",
        ),
    ),
    claim(
        v,
        id="act-max-subtraction-numerators-at-most-one",
        title="Why subtracting the maximum prevents overflow: every numerator exp(a_k - max a) is at most 1",
        statement=Le(exp(z[k] - vmax(z)), 1),
        source=ACTIVATIONS.at(
            ACT_OVERFLOW,
            r"\exp(a_k - \max_i a_i) \le 1",
            note="'一般情况下我们会采取将所有的输入值减去输入值中的最大值' (the reason it works)",
        ),
    ),
    claim(
        v,
        id="act-max-subtraction-denominator-at-least-one",
        title="... and the denominator is at least 1, so no division by an underflowed 0",
        statement=Ge(Sum(exp(three[m] - vmax(three)), (m, 1, 3)), 1),
        source=ACTIVATIONS.at(ACT_OVERFLOW, r"\sum_i \exp(a_i - \max_i a_i) \ge 1"),
    ),
    claim(
        v,
        id="scd-stable-logsumexp-shift",
        title="log Σ e^(z_k) = M + log Σ e^(z_k - M) for any M (with M = max z no exponent is positive)",
        statement=Eq(logsumexp(z), c + logsumexp(z - c)),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (why to use the library's API)",
            r"\log\sum_k e^{z_k} = M + \log\sum_k e^{z_k - M}",
            note="'tensorflow 会帮我们处理这种数值不稳定的问题': the rescaling such an implementation does.",
        ),
    ),
    claim(
        v,
        id="nsl-order-preserving",
        title="A larger weighted input gives a larger output: z_j > z_k implies a_j > a_k",
        statement=Gt(softmax(z, j), softmax(z, k)),
        assume=[Gt(z[j], z[k])],
        source=NIELSEN_SOFTMAX.at(
            "Softmax 函数性质 (properties of softmax)",
            r"z^L_j > z^L_k \Rightarrow a^L_j > a^L_k",
            note="'神经元的输出值越大,则该神经元对应的类别是真实类别的可能性更高' (implied: softmax keeps the order of its inputs)",
        ),
    ),
    claim(
        v,
        id="act-softmax-preserves-order",
        title="softmax keeps the arg-max: z_j > z_k implies y_j > y_k",
        statement=Gt(softmax(z, j), softmax(z, k)),
        assume=[Gt(z[j], z[k])],
        source=ACTIVATIONS.at(
            "softmax函数 (the softmax function)",
            r"a_j > a_k \Rightarrow y_j > y_k",
            note="'hardmax就是直接简单粗暴地选择一个最大值,而softmax则将所有的结果以概率的形式输出' (implied)",
        ),
    ),
)
