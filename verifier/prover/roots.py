"""Exact sign of a function of one real variable on an interval, by real-root isolation.

Sigmoid, tanh and their derivatives are rational functions P/Q of t = exp(x / L) (or of
t = x when no exp appears), and t is increasing in x, so an interval of x is an interval
of t with the same closed ends. Lemma: on an open interval where Q has no root, P/Q is
continuous and vanishes only at the roots of P; between two consecutive distinct roots
(or a root and an end) its sign is constant, so one rational sample strictly inside each
such piece gives the sign there, exactly. Sturm-based isolation (SymPy
``Poly.intervals``) brackets every real root of P in a rational interval; brackets are
refined until each lies strictly inside or outside the interval (a root equal to an end
is recognised exactly: the end is a root and the bracket holds no other) and until
neighbours are disjoint, so a sample between the right end of one bracket and the left
end of the next lies strictly between the two roots. At a closed end, P/Q is 0 where P
vanishes exactly, undefined where Q does, and otherwise has the sign of the piece next to
it (continuity). Consecutive pieces must differ in sign exactly across roots of odd
multiplicity: a check that costs nothing. Comparisons with an irrational end (sqrt 2,
exp(2)) are exact decisions of ``constants``.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass

import sympy as sp

from verifier.language.intervals import Interval
from verifier.language.printing import to_text
from verifier.prover.constants import DIGITS, compare, evaluated_sign

__all__ = ["sign_on_interval"]

MAX_REFINEMENTS = 200


@dataclass(frozen=True)
class _Root:
    """A real root of the numerator, inside the rational bracket [low, high] that holds no other."""

    low: sp.Rational
    high: sp.Rational
    multiplicity: int


def _substitution(expression: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Symbol, int | None] | None:
    """Rewrite as a rational function of t = exp(x / scale), or of t = x if no exp appears."""
    # Only hyperbolic functions become exp: rewrite(exp) would also turn p**2 into exp(2 log p).
    expression = expression.replace(
        lambda e: isinstance(e, sp.tanh | sp.sinh | sp.cosh | sp.coth | sp.sech | sp.csch),
        lambda e: e.rewrite(sp.exp),
    )
    exponents = [e.exp for e in expression.atoms(sp.exp) if e.has(x)]
    t = sp.Dummy("t", real=True)
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
        low, high, variable = interval.low, interval.high, to_text(x)
    else:
        # t = exp(x / scale) is increasing, so the interval maps to (exp(low/scale), exp(high/scale)).
        low = sp.Integer(0) if interval.low is None else sp.exp(interval.low / scale)
        high = None if interval.high is None else sp.exp(interval.high / scale)
        variable = f"exp({to_text(x)})" if scale == 1 else f"exp({to_text(x)}/{scale})"
    if low is not None and high is not None and compare(low, high) != -1:
        return None  # an empty or degenerate interval (or ends too close to order)
    numerator, denominator = sp.fraction(sp.cancel(sp.together(rational)))
    try:
        top = sp.Poly(numerator, t, domain="QQ")
        bottom = sp.Poly(denominator, t, domain="QQ")
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
        return None
    if top.is_zero:
        return None
    poles = _roots_between(bottom, low, high)
    if poles is None or poles:
        return None  # a pole inside the interval (or one too close to call)
    zeros = _roots_between(top, low, high)
    if zeros is None:
        return None
    signs = _piece_signs(top, bottom, zeros, low, high)
    if signs is None:
        return None
    wanted = -1 if needed.startswith("<") else 1
    strict = needed in ("<0", ">0")
    if any(s != wanted for s in signs) or (strict and zeros):
        return None
    closed_ends = [
        end for end, closed in ((low, interval.low_closed), (high, interval.high_closed)) if closed and end is not None
    ]
    for end in closed_ends:
        at_end = _value_sign_at_end(top, bottom, end, wanted)
        if at_end is None or (at_end == 0 and strict):
            return None
    roots = f"its numerator vanishes at {len(zeros)} point(s) there, and" if zeros else ""
    ends = ", and so at the closed end(s)" if closed_ends else ""
    return (
        f"as a rational function of t = {variable} on {interval.describe(to_text(x))}: {roots} an exact sample "
        f"strictly between consecutive real roots (isolated exactly) has sign {needed[:-1]} 0 on every piece{ends}"
    ).replace(":  an", ": an")


def _value_sign_at_end(top: sp.Poly, bottom: sp.Poly, end: sp.Expr, wanted: int) -> int | None:
    """The sign of P/Q at a closed end: 0 where P vanishes, the adjacent piece's (``wanted``,
    already checked) where neither vanishes; None where Q vanishes or it is unsure."""
    if _vanishes_at(bottom, end) is not False:
        return None
    vanishes = _vanishes_at(top, end)
    if vanishes is None:
        return None
    return 0 if vanishes else wanted


def _roots_between(polynomial: sp.Poly, low: sp.Expr | None, high: sp.Expr | None) -> list[_Root] | None:
    """The real roots strictly inside (low, high), in order, each in a rational bracket strictly
    inside the interval and disjoint from its neighbours' brackets; None when unsure."""
    if polynomial.degree() <= 0:
        return []
    simple = polynomial.sqf_part()  # refinement needs simple roots
    end_is_root: dict[str, bool] = {}
    for name, end in (("low", low), ("high", high)):
        if end is not None:
            vanishes = _vanishes_at(simple, end)
            if vanishes is None:
                return None
            end_is_root[name] = vanishes
    inside: list[_Root] = []
    for (a, b), multiplicity in polynomial.intervals():
        bracket = _placed(simple, sp.Rational(a), sp.Rational(b), low, high, end_is_root)
        if bracket is None:
            return None
        if bracket != "outside":
            inside.append(_Root(bracket[0], bracket[1], multiplicity))
    inside.sort(key=lambda root: root.low)
    return _separated(simple, inside)


def _placed(
    simple: sp.Poly,
    a: sp.Rational,
    b: sp.Rational,
    low: sp.Expr | None,
    high: sp.Expr | None,
    end_is_root: dict[str, bool],
) -> tuple[sp.Rational, sp.Rational] | str | None:
    """The root's bracket refined until it lies inside (low, high) (the bracket then) or
    "outside"; None when refinement cannot decide."""
    for _ in range(MAX_REFINEMENTS):
        place = _place(simple, a, b, low, high, end_is_root)
        if place == "outside":
            return place
        if place == "inside":
            return a, b
        refined = _refine(simple, a, b)
        if refined is None:
            return None
        a, b = refined
    return None


def _place(
    simple: sp.Poly,
    a: sp.Rational,
    b: sp.Rational,
    low: sp.Expr | None,
    high: sp.Expr | None,
    end_is_root: dict[str, bool],
) -> str | None:
    """Where the root bracketed by [a, b] lies: 'inside' (low, high), 'outside', or None (refine)."""
    inside = True
    # For each end: the bracket's edge nearer the outside, its edge nearer the inside, and
    # the sign of (edge - end) that means "beyond the end".
    for name, end, outer, inner, beyond in (("low", low, b, a, -1), ("high", high, a, b, 1)):
        if end is None:
            continue
        if compare(outer, end) in (beyond, 0):
            inside = False  # the whole bracket is at or beyond the end
        elif compare(inner, end) == -beyond:
            continue  # the whole bracket is strictly on the inside of this end
        elif end_is_root[name] and _holds(a, b, end) and simple.count_roots(a, b) == 1:
            inside = False  # the bracket's only root is the end itself
        else:
            return None
    return "inside" if inside else "outside"


def _holds(a: sp.Rational, b: sp.Rational, point: sp.Expr) -> bool:
    """Whether a <= point <= b, decided exactly."""
    return compare(a, point) in (-1, 0) and compare(b, point) in (0, 1)


def _refine(simple: sp.Poly, a: sp.Rational, b: sp.Rational) -> tuple[sp.Rational, sp.Rational] | None:
    """A strictly smaller bracket of the same root, or None when none can be had."""
    if a == b:
        return None  # an exact rational root: nothing to refine
    refined = simple.refine_root(a, b, eps=(b - a) / 8)
    c, d = sp.Rational(refined[0]), sp.Rational(refined[1])
    if not (a <= c <= d <= b) or (c, d) == (a, b) or simple.count_roots(c, d) < 1:
        return None
    return c, d


def _separated(simple: sp.Poly, roots: list[_Root]) -> list[_Root] | None:
    """The brackets refined until each ends strictly before the next begins."""
    roots = list(roots)
    for i in range(len(roots) - 1):
        for _ in range(MAX_REFINEMENTS):
            left, right = roots[i], roots[i + 1]
            if left.high < right.low:
                break
            for j, root in ((i, left), (i + 1, right)):
                if root.low != root.high:
                    refined = _refine(simple, root.low, root.high)
                    if refined is None:
                        return None
                    roots[j] = _Root(refined[0], refined[1], root.multiplicity)
            if roots[i] == left and roots[i + 1] == right:
                return None  # neither could shrink: two exact roots in the wrong order is impossible
        else:
            return None
    return roots


def _piece_signs(
    top: sp.Poly, bottom: sp.Poly, zeros: list[_Root], low: sp.Expr | None, high: sp.Expr | None
) -> list[int] | None:
    """The sign of P/Q on each piece between consecutive roots, from one exact sample in each;
    None if a sample cannot be placed or the signs contradict the roots' multiplicities."""
    samples = _samples(zeros, low, high)
    if samples is None:
        return None
    signs = []
    for sample in samples:
        value = top.eval(sample) / bottom.eval(sample)
        if value == 0:
            return None  # a sample is never a root: something is inconsistent
        signs.append(1 if value > 0 else -1)
    for root, (before, after) in zip(zeros, itertools.pairwise(signs), strict=True):
        if after != before * (-1) ** root.multiplicity:
            return None
    return signs


def _samples(zeros: list[_Root], low: sp.Expr | None, high: sp.Expr | None) -> list[sp.Rational] | None:
    """A rational point strictly inside each piece of (low, high) cut at the roots."""
    samples: list[sp.Rational] = []
    edges: list[tuple[sp.Expr | None, sp.Expr | None]] = []
    left: sp.Expr | None = low
    for root in zeros:
        edges.append((left, root.low))
        left = root.high
    edges.append((left, high))
    for start, end in edges:
        sample = _between(start, end)
        if sample is None:
            return None
        samples.append(sample)
    return samples


def _between(start: sp.Expr | None, end: sp.Expr | None) -> sp.Rational | None:
    """A rational strictly between two reals (None: infinite), or None when unsure."""
    if start is None and end is None:
        return sp.Integer(0)
    if start is None:
        candidate = _rational_near(end) - 1
    elif end is None:
        candidate = _rational_near(start) + 1
    else:
        candidate = (_rational_near(start) + _rational_near(end)) / 2
    if start is not None and compare(candidate, start) != 1:
        return None
    if end is not None and compare(candidate, end) != -1:
        return None
    return candidate


def _rational_near(value: sp.Expr) -> sp.Rational:
    if value.is_Rational:
        return value
    return sp.Rational(sp.N(value, DIGITS + 10))


def _vanishes_at(polynomial: sp.Poly, point: sp.Expr) -> bool | None:
    """p(a) = 0, decided exactly: by evaluation for a rational a; an evaluation to 50 correct
    digits that is not 0 says no; for an algebraic a, the minimal polynomial of a divides p
    exactly when it is a root. None when neither decides."""
    if point.is_Rational:
        return bool(polynomial.eval(point) == 0)
    sign = evaluated_sign(polynomial.as_expr().subs(polynomial.gen, point))
    if sign is not None:
        return sign == 0  # 0 only where SymPy itself wrote the value as 0
    minimal = _minimal_polynomial(point)
    if minimal is None:
        return None
    return bool(polynomial.rem(sp.Poly(minimal.xreplace({_X: polynomial.gen}), polynomial.gen)).is_zero)


_X = sp.Dummy("x")


@functools.lru_cache(maxsize=256)
def _minimal_polynomial(point: sp.Expr) -> sp.Expr | None:
    """The minimal polynomial of an algebraic number in ``_X`` (None: not algebraic, or too hard).
    Cached: an interval's end meets every polynomial of a claim, and costs seconds when nested."""
    try:
        return sp.minimal_polynomial(point, _X)
    except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic, ValueError):
        return None
