"""The sign of A(x) + B(x) exp(a x) on an interval, through Taylor bounds on exp (MetiTarski's way).

Lemma (Taylor with Lagrange's remainder): for every real u and odd n,
exp(u) = T_n(u) + exp(c) u^(n+1)/(n+1)! >= T_n(u), where T_n(u) = Σ_{k<=n} u^k/k!; and
exp(u) > 0. For every real u with T_n(-u) > 0, exp(u) = 1/exp(-u) <= 1/T_n(-u). Where
B >= 0, A + B exp(a x) >= A + B L for every lower bound L of exp(a x) and <= A + B U for
every upper bound U (where B <= 0 the other way round). So when the rational function
A + B L (or A + B U) has the needed sign on the interval, decided exactly by root
isolation (``roots``), so does the original: a strengthening. A and B are rational
functions of x with a common denominator whose sign is established on the interval too.
An interval with 0 inside is also tried as its two halves, each closed at 0: together they
cover it.
"""

from __future__ import annotations

import sympy as sp

from verifier.language.intervals import Interval
from verifier.language.printing import to_text
from verifier.prover.constants import compare
from verifier.prover.roots import sign_on_interval

__all__ = ["ORDERS", "sign_by_exponential_bounds", "taylor"]

ORDERS = (1, 3, 5, 7, 9, 11, 13, 15)
"""The odd orders n of the Taylor polynomials tried, lowest first."""

_FLIP = {">0": "<0", ">=0": "<=0", "<0": ">0", "<=0": ">=0"}


def taylor(u: sp.Expr, n: int) -> sp.Expr:
    """T_n(u) = Σ_{k <= n} u^k / k!."""
    return sp.Add(*[u**k / sp.factorial(k) for k in range(n + 1)])


def sign_by_exponential_bounds(expression: sp.Expr, x: sp.Symbol, interval: Interval, needed: str) -> str | None:
    """Whether A(x) + B(x) exp(a x) has the needed sign on the interval; how, or None."""
    powers = [p for p in expression.atoms(sp.exp) if p.has(x)]
    if len(powers) != 1:
        return None
    (power,) = powers
    slope = sp.expand(power.exp).coeff(x)
    if not (slope.is_Rational and slope != 0 and sp.expand(power.exp - slope * x) == 0):
        return None
    e = sp.Dummy("E", positive=True)
    numerator, denominator = sp.fraction(sp.cancel(sp.together(expression.xreplace({power: e}))))
    if denominator.has(e) or numerator.has(sp.exp, sp.log):
        return None
    try:
        affine = sp.Poly(numerator, e)
    except sp.PolynomialError:
        return None
    if affine.degree() != 1:
        return None
    b, a = affine.all_coeffs()
    how = _on(a, b, denominator, slope * x, x, interval, needed)
    if how is not None or not _inside(interval, sp.Integer(0)):
        return how
    halves = (
        Interval(interval.low, sp.Integer(0), interval.low_closed, True),
        Interval(sp.Integer(0), interval.high, True, interval.high_closed),
    )
    found = [_on(a, b, denominator, slope * x, x, half, needed) for half in halves]
    if not all(found):
        return None
    return " and ".join(h for h in found if h)


def _inside(interval: Interval, point: sp.Expr) -> bool:
    return (interval.low is None or compare(interval.low, point) == -1) and (
        interval.high is None or compare(point, interval.high) == -1
    )


def _sign(expression: sp.Expr, x: sp.Symbol, interval: Interval, strict: bool) -> int | None:
    """1 or -1 when the expression is >= 0 (> 0 if strict) or <= 0 (< 0) on the interval."""
    for sign, needed in ((1, ">0" if strict else ">=0"), (-1, "<0" if strict else "<=0")):
        if expression.is_number:
            if (expression > 0 if sign > 0 else expression < 0) or (not strict and expression == 0):
                return sign
        elif sign_on_interval(expression, x, interval, needed) is not None:
            return sign
    return None


def _on(
    a: sp.Expr, b: sp.Expr, denominator: sp.Expr, u: sp.Expr, x: sp.Symbol, interval: Interval, needed: str
) -> str | None:
    """(a + b exp(u)) / denominator with the needed sign on the interval, through a bound on exp(u)."""
    below = _sign(denominator, x, interval, strict=True)
    if below is None:
        return None
    wanted = needed if below > 0 else _FLIP[needed]
    slope_sign = _sign(b, x, interval, strict=False)
    if slope_sign is None:
        return None
    lower = wanted.startswith(">") == (slope_sign > 0)
    where = interval.describe(to_text(x))
    for n in (-1, *ORDERS):
        if lower:
            bound = sp.Integer(0) if n < 0 else taylor(u, n)
            words = "exp(u) > 0" if n < 0 else f"exp(u) >= T_{n}(u) (Taylor)"
        else:
            if n < 0:
                continue
            reverse = taylor(-u, n)
            if sign_on_interval(reverse, x, interval, ">0") is None:
                continue
            bound = 1 / reverse
            words = f"exp(u) <= 1/T_{n}(-u), T_{n}(-u) > 0 (Taylor)"
        bounded = sp.cancel(sp.together(a + b * bound))
        if (bounded == 0 and wanted in (">=0", "<=0")) or sign_on_interval(bounded, x, interval, wanted) is not None:
            return (
                f"on {where}, with u = {to_text(u)} and {words}, the bound has sign {wanted[:-1]} 0 "
                "(exact root isolation)"
            )
    return None
