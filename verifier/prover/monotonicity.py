"""The sign of a monotone function of one variable, from its derivative's sign and a limit."""

from __future__ import annotations

import sympy as sp

from verifier.language.intervals import Interval
from verifier.prover.roots import sign_on_interval

__all__ = ["sign_by_monotonicity"]


def sign_by_monotonicity(expression: sp.Expr, x: sp.Symbol, interval: Interval, needed: str) -> str | None:
    """The sign of a monotone function from its derivative's sign and its limit at an end.

    If f' >= 0 on (a, b) with isolated zeros (established exactly by ``sign_on_interval``),
    f increases strictly, so f(x) > lim_{x -> a+} f and f(x) < lim_{x -> b-} f; likewise
    for a decreasing f. The limit is SymPy's exact ``limit``. For -log(u) >= 1 - u on
    (0, 1): f' = -1/u + 1 < 0, so f(u) > f(1-) = 0.
    """
    derivative = sp.together(sp.diff(expression, x))
    wants_positive = needed.startswith(">")
    for slope, increasing in ((">=0", True), ("<=0", False)):
        if sign_on_interval(derivative, x, interval, slope) is None:
            continue
        # f increasing: its infimum is at the left end, its supremum at the right end.
        at_low_end = increasing == wants_positive
        end = interval.low if at_low_end else interval.high
        direction = "+" if at_low_end else "-"
        point = (-sp.oo if at_low_end else sp.oo) if end is None else end
        try:
            bound = sp.limit(expression, x, point, direction)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if not (bound.is_real and bound.is_finite) and bound not in (sp.oo, -sp.oo):
            return None
        # Strict monotonicity makes every value strictly beyond the end's limit.
        ok = bound.is_nonnegative if wants_positive else bound.is_nonpositive
        if bound in (sp.oo, -sp.oo):
            ok = (bound == sp.oo) == wants_positive
        if ok is not True:
            return None
        trend = "increasing" if increasing else "decreasing"
        return (
            f"its derivative has sign {slope[:-1]} 0 on {interval.describe(str(x))} (exact root isolation), so it is "
            f"strictly {trend} and stays beyond its limit {bound} at {point}"
        )
    return None
