"""Floating-point facts: float64 computations decided by running NumPy (reported apart from exact
mathematics), and the exact inequalities behind them (float64's largest value is below 2^1024)."""

from __future__ import annotations

import sympy as sp

from derivations.articles import ACTIVATIONS, NIELSEN_SOFTMAX, SOFTMAX_CE_DERIVATIVES
from verifier import Eq, Gt, Lt, Rational, Variables, claim, exp, log, softmax, vector

__all__ = ["CLAIMS"]

v = Variables()
OVERFLOW = "softmax函数的优缺点 (overflow)"
SCD_API = "对 softmax 和 cross-entropy 一起求导 (why to use the library's API)"
inf, nan = sp.oo, sp.nan

CLAIMS = (
    claim(
        v,
        id="scd-float-exp-800-overflows",
        title="np.exp(800) = inf in float64",
        statement=Eq(exp(800), inf),
        float64=True,
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (why to use the library's API)",
            r"\texttt{np.exp(800)} = \infty",
            note="'softmax 因为计算了 exp(x),很容易就溢出了,比如 np.exp(800) = inf'",
        ),
    ),
    claim(
        v,
        id="float-exp-709-is-finite",
        title="... while np.exp(709) is still finite (float64 overflows just above 709.78)",
        statement=Lt(exp(709), inf),
        float64=True,
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (why to use the library's API)", r"e^{709} < 1.8\times 10^{308}"
        ),
    ),
    claim(
        v,
        id="act-float-exp-1000-overflows",
        title="e^1000 evaluates to inf in float64",
        statement=Eq(exp(1000), inf),
        float64=True,
        source=ACTIVATIONS.at(OVERFLOW, r"e^{1000} \to \infty", note="'e1000的结果会返回一个表示无穷大的inf'"),
    ),
    claim(
        v,
        id="act-float-exp-100-is-finite",
        title="e^100 (about 2.7e43) is finite in float64",
        statement=Lt(exp(100), inf),
        float64=True,
        source=ACTIVATIONS.at(OVERFLOW, r"e^{100} \approx 2.7\times10^{43} < \infty"),
    ),
    claim(
        v,
        id="act-float-naive-softmax-is-nan",
        title="Dividing overflowed values is undefined: the naive softmax of [1000, 1001, 1002] is nan",
        statement=Eq(softmax(vector(1000, 1001, 1002), 3), nan),
        float64=True,
        source=ACTIVATIONS.at(
            OVERFLOW,
            r"\frac{\infty}{\infty} = \mathrm{nan}",
            note="'如果在这些超大值之间进行除法运算,结果会出现“不确定”的情况'",
        ),
    ),
    claim(
        v,
        id="act-float-max-subtraction-is-stable",
        title="Subtracting the maximum first gives the finite, correct 0.6652 in float64",
        statement=Eq(softmax(vector(1000 - 1002, 1001 - 1002, 1002 - 1002), 3), Rational("0.6652")),
        tolerance="5e-5",
        float64=True,
        source=ACTIVATIONS.at(
            OVERFLOW,
            r"y_k = \frac{\exp(a_k - C')}{\sum_i \exp(a_i - C')},\ C' = \max_i a_i",
            recovered=True,
            note="'一般情况下我们会采取将所有的输入值减去输入值中的最大值,然后再进行运算'",
        ),
    ),
    claim(
        v,
        id="scd-exp800-exceeds-float64-max",
        title="Why np.exp(800) overflows: 800 > 1024 ln 2, so e^800 > 2^1024 > the largest float64",
        statement=Gt(800, 1024 * log(2)),
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_API, r"e^{800} > 2^{1024} > (2 - 2^{-52})\,2^{1023}", note="'比如 np.exp(800) = inf'"
        ),
    ),
    claim(
        v,
        id="scd-exp709-fits-float64",
        title="... while e^709 < 2^1023 still fits: 709 < 1023 ln 2",
        statement=Lt(709, 1023 * log(2)),
        source=SOFTMAX_CE_DERIVATIVES.at(SCD_API, r"e^{709} < 2^{1023}"),
    ),
    claim(
        v,
        id="act-e1000-exceeds-float64-max",
        title="Why e^1000 is inf: 1000 > 1024 ln 2",
        statement=Gt(1000, 1024 * log(2)),
        source=ACTIVATIONS.at(OVERFLOW, r"e^{1000} > 2^{1024}", note="'e1000的结果会返回一个表示无穷大的inf'"),
    ),
    claim(
        v,
        id="scd-float-naive-softmax-overflows",
        title="softmax computed naively overflows: softmax([800, 1])_1 is nan (inf / inf) in float64",
        statement=Eq(softmax(vector(800, 1), 1), nan),
        float64=True,
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_API,
            r"\frac{e^{800}}{e^{800} + e^{1}} \to \frac{\infty}{\infty}",
            note="'softmax 因为计算了 exp(x),很容易就溢出了'",
        ),
    ),
    claim(
        v,
        id="float-shifted-softmax-is-finite",
        title="... while the max-shifted softmax([0, -799])_1 is 1.0",
        statement=Eq(softmax(vector(800 - 800, 1 - 800), 1), 1),
        float64=True,
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_API, r"\mathrm{softmax}(z - \max z)_1 = 1.0", note="(the shift a library applies)"
        ),
    ),
    claim(
        v,
        id="float-naive-cross-entropy-overflows",
        title="The naive cross-entropy -log softmax([1000, 0])_2 is inf in float64",
        statement=Eq(-log(softmax(vector(1000, 0), 2)), inf),
        float64=True,
        source=SOFTMAX_CE_DERIVATIVES.at(SCD_API, r"-\log\frac{e^{0}}{e^{1000} + e^{0}} \to \infty"),
        notes=("The exact value is 1000 + log(1 + e^-1000).",),
    ),
    claim(
        v,
        id="float-fused-cross-entropy-is-finite",
        title="... while the fused form max + log Σ e^(z - max) - z_2 gives 1000.0",
        statement=Eq(sp.Add(1000, log(sp.Add(exp(0), exp(-1000), evaluate=False)), evaluate=False), 1000),
        float64=True,
        source=SOFTMAX_CE_DERIVATIVES.at(
            SCD_API, r"1000 + \log(e^{0} + e^{-1000}) - 0 = 1000", note="'tensorflow 会帮我们处理这种数值不稳定的问题'"
        ),
    ),
    claim(
        v,
        id="float-example-softmax-first",
        title="NumPy also gives softmax([2, 3, 4])_1 = 0.0900 (not 0.0903) in float64",
        statement=Eq(softmax(vector(2, 3, 4), 1), Rational("0.0900")),
        tolerance="5e-5",
        float64=True,
        source=NIELSEN_SOFTMAX.at(
            "举个例子 (worked example: scores [2, 3, 4], true class 2)", r"\mathrm{softmax}([2,3,4])_1 = 0.0900"
        ),
    ),
    claim(
        v,
        id="act-float-exp-10-exceeds-20000",
        title="np.exp(10) = 22026.47 > 20000 in float64",
        statement=Gt(exp(10), 20000),
        float64=True,
        source=ACTIVATIONS.at(OVERFLOW, r"e^{10} > 20000", note="'e10的值 会超过20000'"),
    ),
    claim(
        v,
        id="act-float-inf-over-inf-is-nan",
        title="Dividing overflowed values is undefined: e^1000 / e^1000 is nan in float64",
        statement=Eq(sp.Mul(exp(1000), sp.Pow(exp(1000), -1, evaluate=False), evaluate=False), nan),
        float64=True,
        source=ACTIVATIONS.at(
            OVERFLOW,
            r"\frac{e^{1000}}{e^{1000}} \to \frac{\infty}{\infty} = \mathrm{nan}",
            note="'如果在这些超大值之间进行除法运算,结果会出现“不确定”的情况'",
        ),
    ),
    claim(
        v,
        id="float-naive-softmax-underflow-is-nan",
        title="Underflow too: the naive softmax([-800, -1000])_1 is 0/0 = nan in float64",
        statement=Eq(softmax(vector(-800, -1000), 1), nan),
        float64=True,
        source=ACTIVATIONS.at(OVERFLOW, r"\frac{e^{-800}}{e^{-800} + e^{-1000}} \to \frac00"),
    ),
    claim(
        v,
        id="float-shifted-softmax-survives-underflow",
        title="... while subtracting the maximum gives softmax([0, -200])_1 = 1.0",
        statement=Eq(softmax(vector(-800 + 800, -1000 + 800), 1), 1),
        float64=True,
        source=ACTIVATIONS.at(
            OVERFLOW, r"\mathrm{softmax}(a - \max a)_1 = 1.0", note="'将所有的输入值减去输入值中的最大值'"
        ),
    ),
    claim(
        v,
        id="float-exp-709-78-is-finite",
        title="The overflow threshold is ln(float64 max) = 709.7827: np.exp(709.78) is finite ...",
        statement=Lt(exp(Rational("709.78")), inf),
        float64=True,
        source=ACTIVATIONS.at(OVERFLOW, r"e^{709.78} < \infty"),
    ),
    claim(
        v,
        id="float-exp-709-79-overflows",
        title="... and np.exp(709.79) is inf",
        statement=Eq(exp(Rational("709.79")), inf),
        float64=True,
        source=ACTIVATIONS.at(OVERFLOW, r"e^{709.79} \to \infty"),
    ),
)
