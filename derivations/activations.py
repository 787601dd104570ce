"""Sigmoid, tanh and ReLU: ranges, derivatives, maximum slopes, flat regions, how they compare; accuracy."""

from __future__ import annotations

import sympy as sp

from derivations.articles import ACTIVATIONS, NIELSEN_SOFTMAX
from verifier import (
    Claim,
    Domain,
    Eq,
    Ge,
    Gt,
    Heaviside,
    Le,
    Lt,
    Max,
    Ne,
    Piecewise,
    Rational,
    Variables,
    claim,
    diff,
    exp,
    log,
    relu,
    sigmoid,
    sqrt,
    subs,
    tanh,
)

__all__ = ["CLAIMS", "PENDING"]

v = Variables()
x = v.scalar("x")
h = v.scalar("h", Domain.POSITIVE)
g = v.scalar("g", Domain.POSITIVE)
larger = v.scalar("v")
alpha = v.scalar("alpha", Domain.UNIT)
target = v.scalar("t")  # a regression target
z1, z2 = v.scalar("z1"), v.scalar("z2")  # two-class logits
logit, other = sp.Symbol("u", real=True), sp.Symbol("w", real=True)  # placeholders of acc
# Two-class accuracy of a sample of class 1, as a function of the logits: 1 when class 1
# scores higher, 0 otherwise (a tie counts as wrong).
accuracy = v.define_function("acc", (logit, other), Heaviside(logit - other, 0))

SIGMOID = "sigmoid函数 / softmax函数的优缺点 (the sigmoid's flat gradient)"
TANH = "Tanh函数 (tanh)"
RELU = "ReLU函数 (ReLU)"
DERIVATIVES = "f`=sigmoid(x)*(1-sigmoid(x)) 和 f`=1-Tanh2(x) (the convenient derivatives)"
SIGMOID_DEFINITION = "激活函数 sigmoid函数 (the sigmoid activation)"
LOSS = "损失函数 (loss functions: why not accuracy)"
ACCURACY_NOTE = "'“准确率”是离散的,不连续的,没有办法使用梯度来寻找最优权重参数'"
PEAK = Rational(1, 4)  # sigma'(0)
ONE_PERCENT = log(199 + 60 * sqrt(11))  # arccosh(199): sigma'(x) = 1/(2 + 2 cosh x) = 1/400 there
CROSSING = log(1 + sqrt(3) + sqrt(3 + 2 * sqrt(3)))  # arccosh(1 + sqrt 3): tanh' = sigma' there

# sigma'(x) = 1/40 at x = ln(19 + 6 sqrt 10): 10% of the peak 1/4.
TEN_PERCENT = log(19 + 6 * sqrt(10))

CLAIMS = (
    claim(
        v,
        id="act-sigmoid-derivative",
        title="sigma'(x) = sigma(x)(1 - sigma(x))",
        statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))),
        source=ACTIVATIONS.at(DERIVATIVES, r"f' = \sigma(x)(1 - \sigma(x))"),
    ),
    claim(
        v,
        id="act-tanh-derivative",
        title="tanh'(x) = 1 - tanh(x)^2",
        statement=Eq(diff(tanh(x), x), 1 - tanh(x) ** 2),
        source=ACTIVATIONS.at(DERIVATIVES, r"f' = 1 - \tanh^2(x)"),
    ),
    claim(
        v,
        id="act-sigmoid-max-slope",
        title="The sigmoid's slope is at most 0.25",
        statement=Le(diff(sigmoid(x), x), PEAK),
        source=ACTIVATIONS.at(SIGMOID, r"\max_x \sigma'(x) = 0.25", note="'sigmoid函数的最大斜率是0.25'"),
    ),
    claim(
        v,
        id="act-sigmoid-max-slope-attained",
        title="... and the maximum 0.25 is attained, at x = 0",
        statement=Eq(subs(diff(sigmoid(x), x), x, 0), PEAK),
        source=ACTIVATIONS.at(SIGMOID, r"\sigma'(0) = 0.25"),
    ),
    claim(
        v,
        id="act-sigmoid-gradient-divided-by-four",
        title="Backpropagating through a sigmoid scales a gradient g by at most 1/4",
        statement=Le(diff(sigmoid(x), x) * 4, 1),
        source=ACTIVATIONS.at(
            SIGMOID, r"|g\,\sigma'(x)| \le |g|/4", note="'这些梯度最多只能除以4' (read: divided by at least 4)"
        ),
    ),
    claim(
        v,
        id="act-sigmoid-flat-beyond-2",
        title="'sigma is nearly flat for |x| > 2', read as: its slope is below 1% of its peak there",
        statement=Lt(diff(sigmoid(x), x), PEAK / 100),
        assume=[Gt(x, 2)],
        expected="refuted",
        source=ACTIVATIONS.at(
            SIGMOID,
            r"\sigma'(x) \approx 0 \quad (x < -2 \text{ or } x > 2)",
            note="'当 sigmoid 函数的输入小于–2或大于2时,这些输入所接收的梯度将几乎为0'",
        ),
        notes=("sigma'(2) = 0.105 is 42% of the peak 0.25: the sigmoid is far from flat at |x| = 2.",),
    ),
    claim(
        v,
        id="sigmoid-slope-at-two",
        title="At x = 2 the slope is still 42% of its peak: sigma'(2) > 0.4 sigma'(0)",
        statement=Gt(sigmoid(2) * (1 - sigmoid(2)), Rational(2, 5) * PEAK),
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-flat-beyond-6",
        title="The slope is below 1% of its peak from |x| > 6 on (x > 6 here; sigma' is even)",
        statement=Lt(diff(sigmoid(x), x), PEAK / 100),
        assume=[Gt(x, 6)],
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-flat-below-minus-6",
        title="... and for x < -6",
        statement=Lt(diff(sigmoid(x), x), PEAK / 100),
        assume=[Lt(x, -6)],
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-not-flat-before-5-9",
        title="... and not earlier: at x = 5.9 the slope is still above 1% of its peak",
        statement=Gt(sigmoid(Rational(59, 10)) * (1 - sigmoid(Rational(59, 10))), PEAK / 100),
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="act-tanh-range",
        title="tanh takes values in (-1, 1): below 1",
        statement=Lt(tanh(x), 1),
        source=ACTIVATIONS.at(TANH, r"-1 < \tanh(x) < 1", note="'输出的取值范围是 –1 ~ 1'"),
    ),
    claim(
        v,
        id="act-tanh-range-lower",
        title="tanh takes values in (-1, 1): above -1",
        statement=Gt(tanh(x), -1),
        source=ACTIVATIONS.at(TANH, r"-1 < \tanh(x) < 1"),
    ),
    claim(
        v,
        id="act-tanh-max-slope",
        title="tanh's slope is at most 1 (four times the sigmoid's maximum)",
        statement=Le(diff(tanh(x), x), 1),
        source=ACTIVATIONS.at(TANH, r"\tanh'(0) = 1 > \sigma'(0) = 0.25"),
    ),
    claim(
        v,
        id="act-tanh-steeper-than-sigmoid",
        title="'tanh gives steeper gradients than the sigmoid', read as: tanh'(x) >= sigma'(x) for every x",
        statement=Ge(diff(tanh(x), x), diff(sigmoid(x), x)),
        expected="refuted",
        source=ACTIVATIONS.at(TANH, r"\tanh'(x) > \sigma'(x)", note="'它产生比 sigmoid 曲线更陡峭的梯度'"),
        notes=(
            "In the tails tanh' ~ 4 exp(-2|x|) decays faster than sigma' ~ exp(-|x|); the two cross at |x| = 1.6629.",
        ),
    ),
    claim(
        v,
        id="tanh-steeper-near-zero",
        title="tanh'(x) > sigma'(x) for |x| < 1.66",
        statement=Gt(diff(tanh(x), x), diff(sigmoid(x), x)),
        assume=[Gt(x, Rational(-166, 100)), Lt(x, Rational(166, 100))],
        corrects="act-tanh-steeper-than-sigmoid",
    ),
    claim(
        v,
        id="tanh-flatter-in-the-tails",
        title="tanh'(x) < sigma'(x) for x > 1.67 (and symmetrically for x < -1.67)",
        statement=Lt(diff(tanh(x), x), diff(sigmoid(x), x)),
        assume=[Gt(x, Rational(167, 100))],
        corrects="act-tanh-steeper-than-sigmoid",
    ),
    claim(
        v,
        id="tanh-is-a-scaled-sigmoid",
        title="tanh(x) = 2 sigma(2x) - 1, so tanh'(x) = 4 sigma'(2x)",
        statement=Eq(tanh(x), 2 * sigmoid(2 * x) - 1),
        source=ACTIVATIONS.at(TANH, r"\tanh(x) = 2\sigma(2x) - 1", note="'它的形状与 sigmoid 函数类似'"),
    ),
    claim(
        v,
        id="act-relu-positive-part",
        title="ReLU(x) = x for x > 0",
        statement=Eq(relu(x), x),
        assume=[Gt(x, 0)],
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}(x) = x \ (x > 0)"),
    ),
    claim(
        v,
        id="act-relu-negative-part",
        title="ReLU(x) = 0 for x < 0",
        statement=Eq(relu(x), 0),
        assume=[Lt(x, 0)],
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}(x) = 0 \ (x < 0)"),
    ),
    claim(
        v,
        id="act-relu-gradient-positive",
        title="ReLU's gradient is 1 for x > 0",
        statement=Eq(diff(relu(x), x), 1),
        assume=[Gt(x, 0)],
        source=ACTIVATIONS.at(
            RELU, r"\mathrm{ReLU}'(x) = 1 \ (x > 0)", note="'函数的输入大于0,则梯度为1,其他情况则为0'"
        ),
    ),
    claim(
        v,
        id="act-relu-gradient-negative",
        title="ReLU's gradient is 0 for x < 0",
        statement=Eq(diff(relu(x), x), 0),
        assume=[Lt(x, 0)],
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}'(x) = 0 \ (x < 0)"),
    ),
    claim(
        v,
        id="act-relu-average-gradient",
        title="'ReLU's average gradient is 0.5', read as: over x and -x (any symmetric input) it averages 1/2",
        statement=Eq((diff(relu(x), x) + diff(relu(-x), x) * -1) / 2, Rational(1, 2)),
        assume=[Gt(x, 0)],
        source=ACTIVATIONS.at(
            RELU, r"\tfrac12\left(\mathrm{ReLU}'(x) + \mathrm{ReLU}'(-x)\right) = 0.5", note="'平均梯度为0.5'"
        ),
        notes=("The derivative of x -> ReLU(-x) is -ReLU'(-x); the claim averages ReLU' at x and at -x.",),
    ),
    claim(
        v,
        id="act-relu-steeper-than-sigmoid",
        title="'ReLU's gradient is much larger than the sigmoid's': for x > 0 it is at least 4 times larger",
        statement=Ge(diff(relu(x), x), 4 * diff(sigmoid(x), x)),
        assume=[Gt(x, 0)],
        source=ACTIVATIONS.at(
            RELU, r"\mathrm{ReLU}'(x) \ge 4\sigma'(x) \ (x > 0)", note="'它产生的梯度要比 sigmoid 函数大得多'"
        ),
    ),
    claim(
        v,
        id="relu-gradient-smaller-for-negative-inputs",
        title="... but for x < 0 ReLU's gradient 0 is smaller than the sigmoid's",
        statement=Lt(diff(relu(x), x), diff(sigmoid(x), x)),
        assume=[Lt(x, 0)],
        corrects="act-relu-gradient-larger-everywhere",
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}'(x) = 0 < \sigma'(x) \ (x < 0)"),
    ),
    claim(
        v,
        id="act-relu-gradient-larger-everywhere",
        title="'ReLU's gradient is much larger than the sigmoid's', read for every input x != 0",
        statement=Gt(diff(relu(x), x), diff(sigmoid(x), x)),
        assume=[Ne(x, 0)],
        expected="refuted",
        source=ACTIVATIONS.at(
            RELU, r"\mathrm{ReLU}'(x) > \sigma'(x) \ (x \neq 0)", note="'它产生的梯度要比 sigmoid 函数大得多'"
        ),
    ),
    claim(
        v,
        id="act-sigmoid-definition",
        title="The sigmoid is h(x) = 1 / (1 + exp(-x))",
        statement=Eq(sigmoid(x), 1 / (1 + exp(-x))),
        source=ACTIVATIONS.at(
            SIGMOID_DEFINITION,
            r"h(x) = \frac{1}{1 + \exp(-x)}",
            recovered=True,
            note="'神经网络中经常使用的一个激活函数就是sigmoid函数' (formula image lost; Deep Learning from Scratch (3.6))",
        ),
    ),
    claim(
        v,
        id="sigmoid-slope-at-two-value",
        title="sigma'(2) = 0.1050 to four decimals",
        statement=Eq(subs(diff(sigmoid(x), x), x, 2), Rational("0.1050")),
        tolerance="5e-5",
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-one-percent-threshold-exact",
        title="The slope is exactly 1% of its peak at x = arccosh(199) = ln(199 + 60 sqrt 11) = 5.986",
        statement=Eq(subs(diff(sigmoid(x), x), x, ONE_PERCENT), PEAK / 100),
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-below-one-percent-beyond-exact-threshold",
        title="... and below 1% of its peak for every x > ln(199 + 60 sqrt 11)",
        statement=Lt(diff(sigmoid(x), x), PEAK / 100),
        assume=[Gt(x, ONE_PERCENT)],
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="act-relu-definition",
        title="ReLU(x) = max(x, 0): 0 for x < 0, x otherwise",
        statement=Eq(relu(x), Max(x, 0)),
        source=ACTIVATIONS.at(
            RELU,
            r"h(x) = \begin{cases} x & (x > 0) \\ 0 & (x \le 0) \end{cases}",
            recovered=True,
            note="'如果 x 小于 0,则 ReLU 简单地定义为 0,否则定义为 x' (formula image lost; Deep Learning from Scratch (3.7))",
        ),
    ),
    claim(
        v,
        id="act-relu-monotone",
        title="ReLU is monotone: v >= x implies ReLU(v) >= ReLU(x)",
        statement=Ge(relu(larger), relu(x)),
        assume=[Ge(larger, x)],
        source=ACTIVATIONS.at(
            RELU, r"v \ge x \Rightarrow \mathrm{ReLU}(v) \ge \mathrm{ReLU}(x)", note="'从单调和非线性的角度来看'"
        ),
    ),
    claim(
        v,
        id="act-relu-nonlinear",
        title="ReLU is not linear: ReLU(1 + (-1)) = 0 < ReLU(1) + ReLU(-1) = 1",
        statement=Lt(relu(sp.Add(1, -1, evaluate=False)), relu(1) + relu(-1)),
        source=ACTIVATIONS.at(
            RELU,
            r"\mathrm{ReLU}(1 + (-1)) \neq \mathrm{ReLU}(1) + \mathrm{ReLU}(-1)",
            note="'从单调和非线性的角度来看'",
        ),
    ),
    claim(
        v,
        id="act-relu-average-gradient-any-interval",
        title="'ReLU's average gradient is 0.5' read over any input interval [-h, g]: (ReLU(g) - ReLU(-h)) / (g + h) = 1/2",
        statement=Eq((relu(g) - relu(-h)) / (g + h), Rational(1, 2)),
        expected="refuted",
        source=ACTIVATIONS.at(
            RELU,
            r"\frac{1}{g + h}\int_{-h}^{g}\mathrm{ReLU}'(x)\,dx = 0.5",
            note="'平均梯度为0.5'; the mean of ReLU' over [-h, g] is (ReLU(g) - ReLU(-h)) / (g + h)",
        ),
    ),
    claim(
        v,
        id="relu-average-gradient-over-interval",
        title="The mean of ReLU' over [-h, g] is g / (g + h): 1/2 exactly when the interval is symmetric",
        statement=Eq((relu(g) - relu(-h)) / (g + h), g / (g + h)),
        corrects="act-relu-average-gradient-any-interval",
    ),
    claim(
        v,
        id="act-relu-kink",
        title="ReLU's one-sided slopes at 0 differ by 1",
        statement=Eq((relu(h) - relu(0)) / h - (relu(0) - relu(-h)) / h, 1),
        source=ACTIVATIONS.at(
            RELU,
            r"\mathrm{ReLU}'(0^+) - \mathrm{ReLU}'(0^-) = 1",
            note="'在小于 0 和大于 0 的值之间形成了过于明显的差别'",
        ),
    ),
    claim(
        v,
        id="act-leaky-relu-negative-slope",
        title="Leaky ReLU max(alpha x, x), 0 < alpha < 1, has the small slope alpha for x < 0",
        statement=Eq(diff(Max(alpha * x, x), x), alpha),
        assume=[Lt(x, 0)],
        source=ACTIVATIONS.at(
            RELU, r"\frac{d}{dx}\max(\alpha x, x) = \alpha \ (x < 0)", note="'Leaky ReLU 激活函数允许略微的负斜率'"
        ),
    ),
    claim(
        v,
        id="act-tanh-slope-at-zero",
        title="tanh'(0) = 1, four times sigma'(0)",
        statement=Eq(subs(diff(tanh(x), x), x, 0), 1),
        source=ACTIVATIONS.at(TANH, r"\tanh'(0) = 1", note="'它产生比 sigmoid 曲线更陡峭的梯度' (at the origin)"),
    ),
    claim(
        v,
        id="tanh-steeper-than-sigmoid-exact-threshold",
        title="tanh'(x) > sigma'(x) exactly for |x| < arccosh(1 + sqrt 3) = ln(1 + sqrt 3 + sqrt(3 + 2 sqrt 3)) = 1.6629",
        statement=Gt(diff(tanh(x), x), diff(sigmoid(x), x)),
        assume=[Gt(x, -CROSSING), Lt(x, CROSSING)],
        corrects="act-tanh-steeper-than-sigmoid",
    ),
    claim(
        v,
        id="nsl-sigmoid-outputs-need-not-sum-to-one",
        title="Sigmoid outputs are not a probability distribution: sigma(1) + sigma(1) > 1",
        statement=Gt(sigmoid(1) + sigmoid(1), 1),
        source=NIELSEN_SOFTMAX.at(
            "Softmax 解决学习缓慢问题 (softmax or sigmoid outputs)",
            r"\sum_j \sigma(z^L_j) \neq 1",
            note="'Softmax加上对数似然的组合更加适用于那些需要将输出激活值解释为概率的场景'",
        ),
    ),
    claim(
        v,
        id="sigmoid-below-one-percent-before-minus-exact-threshold",
        title="... and for every x < -ln(199 + 60 sqrt 11) (sigma' is even)",
        statement=Lt(diff(sigmoid(x), x), PEAK / 100),
        assume=[Lt(x, -ONE_PERCENT)],
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-below-ten-percent-beyond-exact-threshold",
        title="The slope is below 10% of its peak for x > ln(19 + 6 sqrt 10) = 3.637",
        statement=Lt(diff(sigmoid(x), x), PEAK / 10),
        assume=[Gt(x, TEN_PERCENT)],
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="sigmoid-below-ten-percent-before-minus-exact-threshold",
        title="... and for x < -ln(19 + 6 sqrt 10)",
        statement=Lt(diff(sigmoid(x), x), PEAK / 10),
        assume=[Lt(x, -TEN_PERCENT)],
        corrects="act-sigmoid-flat-beyond-2",
    ),
    claim(
        v,
        id="tanh-flatter-than-sigmoid-beyond-exact-threshold",
        title="tanh'(x) < sigma'(x) for every x > ln(1 + sqrt 3 + sqrt(3 + 2 sqrt 3)) = 1.6629",
        statement=Lt(diff(tanh(x), x), diff(sigmoid(x), x)),
        assume=[Gt(x, CROSSING)],
        corrects="act-tanh-steeper-than-sigmoid",
    ),
    claim(
        v,
        id="tanh-flatter-than-sigmoid-before-minus-exact-threshold",
        title="... and for every x < -ln(1 + sqrt 3 + sqrt(3 + 2 sqrt 3))",
        statement=Lt(diff(tanh(x), x), diff(sigmoid(x), x)),
        assume=[Lt(x, -CROSSING)],
        corrects="act-tanh-steeper-than-sigmoid",
    ),
    claim(
        v,
        id="tanh-sigmoid-slopes-cross",
        title="At the crossing X = ln(1 + sqrt 3 + sqrt(3 + 2 sqrt 3)) both slopes equal 1 - sqrt(3)/2",
        steps=[subs(diff(tanh(x), x), x, CROSSING), 1 - sqrt(3) / 2, subs(diff(sigmoid(x), x), x, CROSSING)],
        corrects="act-tanh-steeper-than-sigmoid",
    ),
    claim(
        v,
        id="act-relu-gradient-is-a-step",
        title="'Gradient 1 if the input is above 0, 0 otherwise': ReLU'(x) = H(x), the unit step, for x != 0",
        statement=Eq(diff(relu(x), x), Heaviside(x)),
        assume=[Ne(x, 0)],
        source=ACTIVATIONS.at(
            RELU, r"\mathrm{ReLU}'(x) = H(x) \ (x \neq 0)", note="'函数的输入大于0,则梯度为1,其他情况则为0'"
        ),
        notes=("At x = 0 ReLU has no derivative (act-relu-kink); 'otherwise 0' is read for x < 0.",),
    ),
    claim(
        v,
        id="act-sigmoid-range-upper",
        title="The sigmoid's outputs lie in (0, 1): below 1",
        statement=Lt(sigmoid(x), 1),
        source=ACTIVATIONS.at(
            SIGMOID_DEFINITION,
            r"0 < h(x) < 1",
            recovered=True,
            note="'它的图像是:' (graph lost; Deep Learning from Scratch fig. 3-7) and '它的形状与 sigmoid 函数类似,但输出的"
            "取值范围是 –1 ~ 1' (tanh's range, against the sigmoid's (0, 1))",
        ),
    ),
    claim(
        v,
        id="act-sigmoid-range-lower",
        title="The sigmoid's outputs lie in (0, 1): above 0",
        statement=Gt(sigmoid(x), 0),
        source=ACTIVATIONS.at(SIGMOID_DEFINITION, r"0 < h(x) < 1", recovered=True, note="'它的图像是:' (graph lost)"),
    ),
    claim(
        v,
        id="act-sigmoid-regression-target-above-range",
        title="'Sigmoid is often used for regression': a sigmoid output never reaches a target t >= 1 (sigma(x) < t)",
        statement=Lt(sigmoid(x), target),
        assume=[Ge(target, 1)],
        source=ACTIVATIONS.at(
            SIGMOID_DEFINITION,
            r"\sigma(x) \neq t \quad (t \ge 1)",
            note="'sigmoid函数常用于回归问题': a sigmoid output can only fit targets in (0, 1); e.g. no x has sigma(x) = 2",
        ),
    ),
    claim(
        v,
        id="act-sigmoid-regression-target-below-range",
        title="... nor a target t <= 0 (sigma(x) > t)",
        statement=Gt(sigmoid(x), target),
        assume=[Le(target, 0)],
        source=ACTIVATIONS.at(
            SIGMOID_DEFINITION, r"\sigma(x) \neq t \quad (t \le 0)", note="'sigmoid函数常用于回归问题'"
        ),
    ),
    claim(
        v,
        id="act-sigmoid-regression-error-never-zero",
        title="... so the squared error to a target t >= 1 is never 0: (sigma(x) - t)^2 > 0 for every x",
        statement=Gt((sigmoid(x) - target) ** 2, 0),
        assume=[Ge(target, 1)],
        source=ACTIVATIONS.at(
            SIGMOID_DEFINITION, r"(\sigma(x) - t)^2 > 0 \quad (t \ge 1)", note="'sigmoid函数常用于回归问题'"
        ),
    ),
    claim(
        v,
        id="act-tanh-exponential-definition",
        title="tanh(x) = (e^x - e^-x) / (e^x + e^-x)",
        statement=Eq(tanh(x), (exp(x) - exp(-x)) / (exp(x) + exp(-x))),
        source=ACTIVATIONS.at(
            TANH,
            r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
            recovered=True,
            note="'Tanh函数 ... 它的形状与 sigmoid 函数类似' (formula image lost; tanh's definition)",
        ),
    ),
    claim(
        v,
        id="act-accuracy-correct-side",
        title="Accuracy is piecewise constant in the logits: acc(z1, z2) = 1 wherever z1 > z2 (sample of class 1)",
        statement=Eq(accuracy(z1, z2), 1),
        assume=[Gt(z1, z2)],
        source=ACTIVATIONS.at(LOSS, r"\mathrm{acc}(z_1, z_2) = H(z_1 - z_2) = 1 \quad (z_1 > z_2)", note=ACCURACY_NOTE),
    ),
    claim(
        v,
        id="act-accuracy-wrong-side",
        title="... and acc(z1, z2) = 0 wherever z1 < z2",
        statement=Eq(accuracy(z1, z2), 0),
        assume=[Lt(z1, z2)],
        source=ACTIVATIONS.at(LOSS, r"\mathrm{acc}(z_1, z_2) = H(z_1 - z_2) = 0 \quad (z_1 < z_2)", note=ACCURACY_NOTE),
    ),
    claim(
        v,
        id="act-accuracy-discontinuous",
        title="'Accuracy is not continuous': across z1 = z2 it jumps by 1, however small the step h > 0",
        statement=Eq(accuracy(z2 + h, z2) - accuracy(z2 - h, z2), 1),
        source=ACTIVATIONS.at(
            LOSS, r"\mathrm{acc}(z_2 + h, z_2) - \mathrm{acc}(z_2 - h, z_2) = 1 \quad (h > 0)", note=ACCURACY_NOTE
        ),
    ),
    claim(
        v,
        id="act-relu-definition-piecewise",
        title="ReLU as the article defines it: x for x > 0, 0 otherwise",
        statement=Eq(relu(x), Piecewise((x, Gt(x, 0)), (0, True))),
        source=ACTIVATIONS.at(
            RELU,
            r"h(x) = \begin{cases} x & (x > 0) \\ 0 & (x \le 0) \end{cases}",
            recovered=True,
            note="'如果 x 小于 0,则 ReLU 简单地定义为 0,否则定义为 x' (formula image lost; Deep Learning from Scratch (3.7))",
        ),
    ),
    claim(
        v,
        id="act-accuracy-gradient-zero",
        title="'No gradient to follow': wherever it exists (z1 != z2), accuracy's gradient is 0",
        statement=Eq(diff(accuracy(z1, z2), z1), 0),
        assume=[Ne(z1, z2)],
        source=ACTIVATIONS.at(
            LOSS, r"\frac{\partial\,\mathrm{acc}}{\partial z_1} = 0 \quad (z_1 \neq z_2)", note=ACCURACY_NOTE
        ),
    ),
)

# True statements the prover cannot prove yet (kept out of CLAIMS, never expected undecided).
PENDING: tuple[Claim, ...] = ()
