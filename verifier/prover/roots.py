"""Exact sign of a function of one real variable on an interval, by real-root isolation.

Sigmoid, tanh and their derivatives are rational functions of t = exp(x / L). On an
interval, such a function changes sign only at real roots of its numerator or
denominator. Sturm-based isolation (SymPy ``Poly.intervals``) brackets every root in
a rational interval; between consecutive roots the sign is that of one exact rational
sample. That is an exact argument: no floating-point value decides anything, except
comparing a root's rational bracket with a transcendental endpoint such as exp(2),
which is done at 50 digits and only when the two are clearly apart.
"""

from __future__ import annotations

import itertools
import math

import sympy as sp

from verifier.language.intervals import Interval

__all__ = ["sign_on_interval"]

DIGITS = 50
MAX_REFINEMENTS = 60


def _substitution(expression: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Symbol, int | None] | None:
    """Rewrite as a rational function of t = exp(x / scale), or of t = x if no exp appears."""
    # Only hyperbolic functions become exp: rewrite(exp) would also turn p**2 into exp(2 log p).
    expression = expression.replace(
        lambda e: isinstance(e, sp.tanh | sp.sinh | sp.cosh | sp.coth | sp.sech | sp.csch),
        lambda e: e.rewrite(sp.exp),
    )
    exponents = [e.exp for e in expression.atoms(sp.exp) if e.has(x)]
    t = sp.Symbol("t", real=True)
    if not exponents:
        return expression.xreplace({x: t}), t, None
    denominators = []
    for exponent in exponents:
        coefficient = sp.expand(exponent).coeff(x)
        if not (coefficient.is_Rational and sp.expand(exponent - coefficient * x) == 0):
            return None
        denominators.append(int(coefficient.q))
    scale = math.lcm(*denominators)
    replaced = expression.replace(
        lambda e: isinstance(e, sp.exp) and e.has(x),
        lambda e: t ** (sp.expand(e.exp).coeff(x) * scale),
    )
    if replaced.has(x):
        return None
    return replaced, t, scale


def sign_on_interval(expression: sp.Expr, x: sp.Symbol, interval: Interval, needed: str) -> str | None:
    """Whether ``expression`` has the needed sign ('<0', '<=0', '>0', '>=0') on the interval.

    Returns a sentence describing the argument, or None when it cannot be established.
    """
    found = _substitution(expression, x)
    if found is None:
        return None
    rational, t, scale = found
    if scale is None:
        low, high, variable = interval.low, interval.high, "x"
    else:
        # t = exp(x / scale) is increasing, so the interval maps to (exp(low/scale), exp(high/scale)).
        low = sp.Integer(0) if interval.low is None else sp.exp(interval.low / scale)
        high = None if interval.high is None else sp.exp(interval.high / scale)
        variable = "exp(x)" if scale == 1 else f"exp(x/{scale})"
    numerator, denominator = sp.fraction(sp.cancel(sp.together(rational)))
    try:
        top = sp.Poly(numerator, t, domain="QQ")
        bottom = sp.Poly(denominator, t, domain="QQ")
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
        return None
    if top.is_zero:
        return None
    if bottom.degree() > 0 and _roots_inside(bottom, low, high):
        return None  # a pole inside the interval (or one too close to call)
    zeros = _roots_inside(top, low, high) if top.degree() > 0 else []
    if any(z is None for z in zeros):
        return None
    cuts = sorted(set(z for z in zeros if z is not None))
    signs = {_sign_at(numerator / denominator, t, point) for point in _samples(cuts, low, high)}
    wanted = -1 if needed.startswith("<") else 1
    if signs != {wanted} or (needed in ("<0", ">0") and cuts):
        return None
    for end, closed in ((interval.low, interval.low_closed), (interval.high, interval.high_closed)):
        if closed and end is not None and not _sign_ok(sp.simplify(expression.subs(x, end)), needed):
            return None
    roots = f"its numerator vanishes at {len(cuts)} point(s) there, and" if cuts else ""
    return (
        f"as a rational function of t = {variable} on {interval.describe('x')}: {roots} exact samples "
        f"between the real roots (isolated exactly) all have sign {needed[:-1]} 0"
    ).replace(":  exact", ": exact")


def _sign_ok(value: sp.Expr, needed: str) -> bool:
    checks = {
        "<0": value.is_negative,
        "<=0": value.is_nonpositive,
        ">0": value.is_positive,
        ">=0": value.is_nonnegative,
    }
    return checks[needed] is True


def _roots_inside(polynomial: sp.Poly, low: sp.Expr | None, high: sp.Expr | None) -> list[sp.Rational | None]:
    """For each real root inside (low, high): a rational point on it or in its bracket (None: unsure).

    An endpoint that is exactly a root is found exactly first; a bracket around it is that
    root, outside the open interval, however close numerical comparison would put it.
    """
    found: list[sp.Rational | None] = []
    polynomial = polynomial.sqf_part()  # isolation and refinement need simple roots
    exact_ends = [sp.N(p, DIGITS) for p in (low, high) if p is not None and _is_root(polynomial, p)]
    for (a, b), _ in polynomial.intervals():
        a, b = sp.Rational(a), sp.Rational(b)
        if any(a <= end <= b for end in exact_ends) and _brackets_one_root(polynomial, a, b):
            continue  # this root is the endpoint itself
        position = _position(a, b, low, high)
        refinements = 0
        while position is None and a != b and refinements < MAX_REFINEMENTS:
            a, b = (sp.Rational(v) for v in polynomial.refine_root(a, b, eps=(b - a) / 4))
            if any(a <= end <= b for end in exact_ends):
                break  # shrinking onto an exact endpoint root
            position = _position(a, b, low, high)
            refinements += 1
        if position is None and any(a <= end <= b for end in exact_ends):
            continue
        if position is None:
            found.append(None)
        elif position == "inside":
            found.append((a + b) / 2 if a != b else a)
    return found


def _brackets_one_root(polynomial: sp.Poly, a: sp.Rational, b: sp.Rational) -> bool:
    return bool(polynomial.count_roots(a, b) == 1)


def _is_root(polynomial: sp.Poly, *points: sp.Expr | None) -> bool:
    """Whether one of the (exact, possibly algebraic) points is exactly a root."""
    return any(point is not None and _vanishes_at(polynomial, point) for point in points)


def _vanishes_at(polynomial: sp.Poly, point: sp.Expr) -> bool:
    """p(a) = 0 exactly. For an algebraic a and rational coefficients: exactly when the
    minimal polynomial of a divides p; otherwise by evaluating p(a) and testing for 0."""
    value = polynomial.as_expr().subs(polynomial.gen, point)
    approximate = sp.N(value, DIGITS)
    if approximate.is_number and approximate.is_comparable and abs(approximate) > sp.Float(10) ** (-DIGITS // 2):
        return False  # evalf bounds its own error: a value clearly away from 0 is not 0
    if polynomial.domain.is_QQ or polynomial.domain.is_ZZ:
        try:
            minimal = sp.minimal_polynomial(point, polynomial.gen, polys=True)
        except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic, ValueError):
            minimal = None
        if minimal is not None:
            return bool(polynomial.rem(minimal).is_zero)
    return bool(sp.simplify(value) == 0)


def _position(a: sp.Rational, b: sp.Rational, low: sp.Expr | None, high: sp.Expr | None) -> str | None:
    """Where the bracket [a, b] lies relative to (low, high): 'inside', 'outside', or None."""
    lo = None if low is None else sp.N(low, DIGITS)
    hi = None if high is None else sp.N(high, DIGITS)
    if (hi is not None and a >= hi) or (lo is not None and b <= lo):
        return "outside"
    if (lo is None or a > lo) and (hi is None or b < hi):
        return "inside"
    return None


def _samples(cuts: list[sp.Rational], low: sp.Expr | None, high: sp.Expr | None) -> list[sp.Rational]:
    """Rational points strictly inside each piece of (low, high) cut at ``cuts``."""
    lo = None if low is None else sp.Rational(sp.N(low, 30)) if not low.is_Rational else low
    hi = None if high is None else sp.Rational(sp.N(high, 30)) if not high.is_Rational else high
    edges: list[sp.Expr | None] = [lo, *cuts, hi]
    samples = []
    for left, right in itertools.pairwise(edges):
        if left is None and right is None:
            samples.append(sp.Integer(0))
        elif left is None:
            samples.append(right - 1)  # type: ignore[operator]  # both None is the case above
        elif right is None:
            samples.append(left + 1)
        else:
            samples.append((left + right) / 2)
    return samples


def _sign_at(expression: sp.Expr, t: sp.Symbol, point: sp.Rational) -> int | None:
    value = expression.subs(t, point)
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    return None
