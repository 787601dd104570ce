"""The sign of a monotone function of one variable, from its derivative's sign and its ends.

Lemma: let f be built from functions continuous wherever they are defined (sums,
products, powers, exp, log, the hyperbolic functions, erf: no Piecewise, Abs, Max, sign
or Heaviside, whose derivative can hide a jump). If f' >= 0 on the open interval (a, b)
with isolated zeros and no pole (``sign_on_interval``: f' a rational function of
t = exp(x/L)), f is strictly increasing there, so f(x) > lim_{x -> a+} f for every x in
(a, b); likewise for a decreasing f and the other end. So f > 0 on (a, b) when that limit
(SymPy's exact ``limit``, a finite real) is >= 0. A closed end is a point of the domain
that strict monotonicity inside says nothing about: the value there must have the needed
sign itself (> 0 for a strict relation).
"""

from __future__ import annotations

import sympy as sp

from verifier.language.intervals import Interval
from verifier.language.printing import to_text
from verifier.prover.constants import constant_sign
from verifier.prover.roots import sign_on_interval

__all__ = ["sign_by_monotonicity"]

# Functions continuous wherever defined: a derivative without a pole inside means no jump.
CONTINUOUS = (sp.exp, sp.log, sp.tanh, sp.sinh, sp.cosh, sp.erf)


def sign_by_monotonicity(expression: sp.Expr, x: sp.Symbol, interval: Interval, needed: str) -> str | None:
    """The sign of a monotone function from its derivative's sign and its value or limit at one end.

    For -log(u) >= 1 - u on (0, 1): f' = -1/u + 1 < 0, so f(u) > f(1-) = 0.
    """
    if not _continuous_where_defined(expression):
        return None
    derivative = sp.together(sp.diff(expression, x))
    inside = Interval(interval.low, interval.high)  # the derivative's sign matters inside only
    wants_positive = needed.startswith(">")
    strict = needed in ("<0", ">0")
    wanted = 1 if wants_positive else -1
    for slope, increasing in ((">=0", True), ("<=0", False)):
        if sign_on_interval(derivative, x, inside, slope) is None:
            continue
        # f increasing: its infimum is at the left end, its supremum at the right end.
        at_low_end = increasing == wants_positive
        end, closed = (interval.low, interval.low_closed) if at_low_end else (interval.high, interval.high_closed)
        point = (-sp.oo if at_low_end else sp.oo) if end is None else end
        try:
            bound = sp.limit(expression, x, point, "+" if at_low_end else "-")
        except Exception:  # noqa: BLE001  (SymPy's limit fails in many ways; any failure is no proof)
            return None
        if constant_sign(bound) not in (0, wanted):
            return None  # strictly beyond a limit of the needed (non-strict) sign
        if closed and end is not None and not _value_has_sign(expression, x, end, wanted, strict):
            return None
        trend = "increasing" if increasing else "decreasing"
        at_end = f", and its value at the closed end {to_text(end)} has the sign" if closed and end is not None else ""
        return (
            f"its derivative has sign {slope[:-1]} 0 on {inside.describe(to_text(x))} (exact root isolation), so it "
            f"is strictly {trend} there and stays beyond its limit {to_text(bound)} at {to_text(point)}{at_end}"
        )
    return None


def _continuous_where_defined(expression: sp.Expr) -> bool:
    # Every applied function, Max, Min and Piecewise included (they are not all sp.Function).
    return all(isinstance(f, CONTINUOUS) for f in expression.atoms(sp.core.function.Application))


def _value_has_sign(expression: sp.Expr, x: sp.Symbol, end: sp.Expr, wanted: int, strict: bool) -> bool:
    try:
        value = expression.subs(x, end)
    except Exception:  # noqa: BLE001  (evaluating at the end may fail: no proof then)
        return False
    sign = constant_sign(value)
    return sign == wanted or (sign == 0 and not strict)
