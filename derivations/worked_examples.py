"""Every number the articles print, checked at the precision they print it.

A number printed with d decimals claims the true value lies within half a unit of its
last digit (tolerance 5 x 10^-(d+1)).
"""

from __future__ import annotations

import sympy as sp

from derivations.articles import ACTIVATIONS, CE_VS_MSE, NIELSEN_SOFTMAX
from verifier import Eq, Gt, Lt, Rational, Variables, claim, exp, log, softmax, vector

__all__ = ["CLAIMS"]

v = Variables()
scores = vector(2, 3, 4)
EXAMPLE = "举个例子 (worked example: scores [2, 3, 4], true class 2)"


def example_formula(numbers: str) -> str:
    return r"\mathrm{softmax}([2,3,4]) = [" + numbers + "]"


def mse(*prediction: Rational):  # type: ignore[no-untyped-def]
    """MSE against the label [1, 0, 0], kept unevaluated so the report shows the sum."""
    label = (1, 0, 0)
    squares = [sp.Pow(sp.Add(t, -p, evaluate=False), 2, evaluate=False) for t, p in zip(label, prediction, strict=True)]
    return sp.Add(*squares, evaluate=False)


P1 = (Rational(8, 10), Rational(1, 10), Rational(1, 10))
P2 = (Rational(8, 10), Rational(15, 100), Rational(5, 100))
PREDICTIONS = "损失函数角度: 猫、老虎、狗 (cat, tiger, dog: label [1, 0, 0])"

CLAIMS = (
    claim(
        v,
        id="nsl-example-softmax-first",
        title="softmax([2, 3, 4])_1 printed as 0.0903",
        statement=Eq(softmax(scores, 1), Rational("0.0903")),
        tolerance="5e-5",
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(EXAMPLE, example_formula(r"\mathbf{0.0903}, 0.2447, 0.665")),
        notes=("e^2 / (e^2 + e^3 + e^4) = 0.090031: the third decimal is 0, not 3.",),
    ),
    claim(
        v,
        id="example-softmax-first-corrected",
        title="softmax([2, 3, 4])_1 = 0.0900 to four decimals",
        statement=Eq(softmax(scores, 1), Rational("0.0900")),
        tolerance="5e-5",
        corrects="nsl-example-softmax-first",
    ),
    claim(
        v,
        id="nsl-example-softmax-second",
        title="softmax([2, 3, 4])_2 printed as 0.2447",
        statement=Eq(softmax(scores, 2), Rational("0.2447")),
        tolerance="5e-5",
        source=NIELSEN_SOFTMAX.at(EXAMPLE, example_formula(r"0.0903, \mathbf{0.2447}, 0.665")),
    ),
    claim(
        v,
        id="nsl-example-softmax-third",
        title="softmax([2, 3, 4])_3 printed as 0.665",
        statement=Eq(softmax(scores, 3), Rational("0.665")),
        tolerance="5e-4",
        source=NIELSEN_SOFTMAX.at(EXAMPLE, example_formula(r"0.0903, 0.2447, \mathbf{0.665}")),
    ),
    claim(
        v,
        id="nsl-example-gradient-first",
        title="The gradient's first entry a_1 - y_1 = a_1 - 0 printed as 0.0903",
        statement=Eq(softmax(scores, 1) - 0, Rational("0.0903")),
        tolerance="5e-5",
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(EXAMPLE, r"\partial C/\partial b^L = [\mathbf{0.0903}, -0.7553, 0.665]"),
    ),
    claim(
        v,
        id="example-gradient-first-corrected",
        title="The gradient's first entry is 0.0900 to four decimals",
        statement=Eq(softmax(scores, 1) - 0, Rational("0.0900")),
        tolerance="5e-5",
        corrects="nsl-example-gradient-first",
    ),
    claim(
        v,
        id="nsl-example-gradient-second",
        title="The gradient's second entry a_2 - 1 printed as -0.7553",
        statement=Eq(softmax(scores, 2) - 1, Rational("-0.7553")),
        tolerance="5e-5",
        source=NIELSEN_SOFTMAX.at(EXAMPLE, r"\partial C/\partial b^L = [0.0903, \mathbf{-0.7553}, 0.665]"),
    ),
    claim(
        v,
        id="nsl-example-gradient-third",
        title="The gradient's third entry a_3 - 0 printed as 0.665",
        statement=Eq(softmax(scores, 3) - 0, Rational("0.665")),
        tolerance="5e-4",
        source=NIELSEN_SOFTMAX.at(EXAMPLE, r"\partial C/\partial b^L = [0.0903, -0.7553, \mathbf{0.665}]"),
    ),
    claim(
        v,
        id="cvm-mse-prefers-the-even-prediction",
        title="MSE scores [0.8, 0.1, 0.1] better than [0.8, 0.15, 0.05] for the label [1, 0, 0]",
        statement=Lt(mse(*P1), mse(*P2)),
        source=CE_VS_MSE.at(
            PREDICTIONS,
            r"L_{MSE}([0.8,0.1,0.1]) = 0.06 < L_{MSE}([0.8,0.15,0.05]) = 0.065",
            note="'在均方误差看来,预测为[0.8,0.1,0.1]要比[0.8,0.15,0.05]要好'",
        ),
    ),
    claim(
        v,
        id="mse-of-the-even-prediction",
        title="MSE of [0.8, 0.1, 0.1] is 0.06",
        statement=Eq(mse(*P1), Rational("0.06")),
        source=CE_VS_MSE.at(PREDICTIONS, r"0.2^2 + 0.1^2 + 0.1^2 = 0.06"),
    ),
    claim(
        v,
        id="mse-of-the-uneven-prediction",
        title="MSE of [0.8, 0.15, 0.05] is 0.065",
        statement=Eq(mse(*P2), Rational("0.065")),
        source=CE_VS_MSE.at(PREDICTIONS, r"0.2^2 + 0.15^2 + 0.05^2 = 0.065"),
    ),
    claim(
        v,
        id="cvm-ce-scores-the-two-predictions-equally",
        title="Cross-entropy gives both predictions the same loss -log 0.8 = 0.2231",
        statement=Eq(-log(P1[0]), -log(P2[0])),
        source=CE_VS_MSE.at(
            PREDICTIONS,
            r"L_{CE} = -\log 0.8 \text{ for both}",
            note="'对交叉熵损失...只要 ŷ_p 越接近于1就好'",
        ),
    ),
    claim(
        v,
        id="ce-of-the-two-predictions-value",
        title="-log 0.8 = 0.2231 to four decimals",
        statement=Eq(-log(P1[0]), Rational("0.2231")),
        tolerance="5e-5",
        source=CE_VS_MSE.at(PREDICTIONS, r"-\log 0.8 \approx 0.2231"),
    ),
    claim(
        v,
        id="act-exp-10-exceeds-20000",
        title="e^10 exceeds 20000",
        statement=Gt(exp(10), 20000),
        source=ACTIVATIONS.at("softmax函数的优缺点 (overflow)", r"e^{10} > 20000", note="'e10的值 会超过20000'"),
    ),
    claim(
        v,
        id="act-exp-100-has-forty-odd-zeros",
        title="e^100 is 'a 1 followed by 40-odd zeros': 10^43 < e^100",
        statement=Gt(exp(100), Rational(10) ** 43),
        source=ACTIVATIONS.at(
            "softmax函数的优缺点 (overflow)",
            r"10^{43} < e^{100} < 10^{44}",
            note="'e100会变成一个后面有40多个0的超大值'",
        ),
    ),
    claim(
        v,
        id="act-exp-100-below-10-to-44",
        title="... and e^100 < 10^44: 44 digits, 43 after the first",
        statement=Lt(exp(100), Rational(10) ** 44),
        source=ACTIVATIONS.at("softmax函数的优缺点 (overflow)", r"e^{100} < 10^{44}"),
    ),
    claim(
        v,
        id="nsl-example-expression-is-softmax",
        title="The example's e^2 / (e^2 + e^3 + e^4) is softmax([2, 3, 4])_1",
        statement=Eq(exp(2) / (exp(2) + exp(3) + exp(4)), softmax(scores, 1)),
        source=NIELSEN_SOFTMAX.at(
            EXAMPLE, r"\left[\frac{e^2}{e^2+e^3+e^4}, \frac{e^3}{e^2+e^3+e^4}, \frac{e^4}{e^2+e^3+e^4}\right]"
        ),
    ),
)
