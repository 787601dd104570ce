"""Floating-point facts, decided by running NumPy in float64, reported apart from exact mathematics."""

from __future__ import annotations

import sympy as sp

from derivations.articles import ACTIVATIONS, SOFTMAX_CE_DERIVATIVES
from verifier import Eq, Lt, Rational, Variables, claim, exp, softmax, vector

__all__ = ["CLAIMS"]

v = Variables()
OVERFLOW = "softmax函数的优缺点 (overflow)"
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
            OVERFLOW, r"\frac{\infty}{\infty} = \mathrm{nan}", note="'如果在这些超大值之间进行除法运算,结果会出现“不确定”的情况'"
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
)
