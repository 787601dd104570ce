"""Sigmoid, tanh and ReLU: derivatives, maximum slopes, flat regions, how they compare."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS
from verifier import Eq, Ge, Gt, Le, Lt, Rational, Variables, claim, diff, relu, sigmoid, subs, tanh

__all__ = ["CLAIMS"]

v = Variables()
x = v.scalar("x")

SIGMOID = "sigmoid函数 / softmax函数的优缺点 (the sigmoid's flat gradient)"
TANH = "Tanh函数 (tanh)"
RELU = "ReLU函数 (ReLU)"
DERIVATIVES = "f`=sigmoid(x)*(1-sigmoid(x)) 和 f`=1-Tanh2(x) (the convenient derivatives)"
PEAK = Rational(1, 4)  # sigma'(0)

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
        source=ACTIVATIONS.at(SIGMOID, r"|g\,\sigma'(x)| \le |g|/4", note="'这些梯度最多只能除以4' (read: divided by at least 4)"),
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
        notes=("In the tails tanh' ~ 4 exp(-2|x|) decays faster than sigma' ~ exp(-|x|); the two cross at |x| = 1.6629.",),
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
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}'(x) = 1 \ (x > 0)", note="'函数的输入大于0,则梯度为1,其他情况则为0'"),
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
        source=ACTIVATIONS.at(RELU, r"\tfrac12\left(\mathrm{ReLU}'(x) + \mathrm{ReLU}'(-x)\right) = 0.5", note="'平均梯度为0.5'"),
        notes=("The derivative of x -> ReLU(-x) is -ReLU'(-x); the claim averages ReLU' at x and at -x.",),
    ),
    claim(
        v,
        id="act-relu-steeper-than-sigmoid",
        title="'ReLU's gradient is much larger than the sigmoid's': for x > 0 it is at least 4 times larger",
        statement=Ge(diff(relu(x), x), 4 * diff(sigmoid(x), x)),
        assume=[Gt(x, 0)],
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}'(x) \ge 4\sigma'(x) \ (x > 0)", note="'它产生的梯度要比 sigmoid 函数大得多'"),
    ),
    claim(
        v,
        id="relu-gradient-smaller-for-negative-inputs",
        title="... but for x < 0 ReLU's gradient 0 is smaller than the sigmoid's",
        statement=Lt(diff(relu(x), x), diff(sigmoid(x), x)),
        assume=[Lt(x, 0)],
        source=ACTIVATIONS.at(RELU, r"\mathrm{ReLU}'(x) = 0 < \sigma'(x) \ (x < 0)"),
    ),
)
