"""Whether a sampled point satisfies a concrete problem's assumptions, exactly and fast.

Sampled points are exact rationals and most assumptions are comparisons of rational
expressions in them (x > 0, z[1] > z[2], y[2] = 1), or of one such expression with a
constant (x > log(199 + 60 sqrt(11))). Those are decided in Python's ``Fraction``
arithmetic, a constant side by its float value where the two sides are far apart
relative to float64's error; anything else, and every near tie, by SymPy exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction

import sympy as sp

__all__ = ["Membership", "constant", "holds"]

Point = dict[sp.Symbol, Fraction]

# A float side decides only when the sides differ by more than this, relative to their
# size: float64 (and evalf's float) carry relative errors near 1e-16.
FLOAT_MARGIN = 1e-9
# Larger integer powers are left to SymPy (exact rationals grow with the exponent).
MAX_EXPONENT = 64

_COMPARE = {
    sp.StrictGreaterThan: lambda a, b: a > b,
    sp.GreaterThan: lambda a, b: a >= b,
    sp.StrictLessThan: lambda a, b: a < b,
    sp.LessThan: lambda a, b: a <= b,
    sp.Equality: lambda a, b: a == b,
    sp.Unequality: lambda a, b: a != b,
}


class _NotRationalError(Exception):
    pass


def _rational(expression: sp.Basic, point: Point) -> Fraction:
    """The exact value of a rational expression in the point's coordinates."""
    if expression.is_Rational:
        return Fraction(int(expression.p), int(expression.q))
    if expression.is_Symbol:
        if expression in point:
            return point[expression]
        raise _NotRationalError
    if expression.is_Add:
        return sum((_rational(a, point) for a in expression.args), Fraction(0))
    if expression.is_Mul:
        product = Fraction(1)
        for argument in expression.args:
            product *= _rational(argument, point)
        return product
    if expression.is_Pow and expression.exp.is_Integer and abs(expression.exp) <= MAX_EXPONENT:
        base = _rational(expression.base, point)
        if base == 0 and expression.exp < 0:
            raise _NotRationalError
        return base ** int(expression.exp)
    raise _NotRationalError


@functools.lru_cache(maxsize=256)
def constant(expression: sp.Basic) -> Fraction | float | None:
    """A constant's value: exact if rational, a float if a real irrational; else None."""
    if expression.is_Rational:
        return Fraction(int(expression.p), int(expression.q))
    if expression.free_symbols:
        return None
    value = sp.N(expression, 30)
    if not (value.is_real and value.is_finite and value.is_comparable):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _decide(relation: type, a: Fraction | float, b: Fraction | float) -> bool | None:
    """``a relation b``: exactly for two rationals; with a float side only far from a tie
    (None when too close, or beyond float's range)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return bool(_COMPARE[relation](a, b))
    try:
        if abs(float(a) - float(b)) > FLOAT_MARGIN * max(1.0, abs(float(a)), abs(float(b))):
            return bool(_COMPARE[relation](a, b))
    except OverflowError:
        pass
    return None


def holds(relation: type, value: Fraction, bound: sp.Basic) -> bool:
    """``value relation bound`` exactly, for an exact value and a constant bound."""
    approximate = constant(bound)
    decided = None if approximate is None else _decide(relation, value, approximate)
    if decided is not None:
        return decided
    return bool(relation(sp.Rational(value.numerator, value.denominator), bound))


class Membership:
    """Decides whether points satisfy the assumptions (each a SymPy relational)."""

    def __init__(self, assumptions: Sequence[sp.Basic]) -> None:
        self.assumptions = tuple(assumptions)
        self.symbols = frozenset().union(*(a.free_symbols for a in self.assumptions))

    def __contains__(self, point: Point) -> bool:
        return all(self._holds(assumption, point) for assumption in self.assumptions)

    def _holds(self, assumption: sp.Basic, point: Point) -> bool:
        if type(assumption) in _COMPARE:
            try:
                decided = _decide(type(assumption), _value(assumption.lhs, point), _value(assumption.rhs, point))
            except _NotRationalError:
                decided = None
            if decided is not None:
                return decided
        at = {s: sp.Rational(point[s].numerator, point[s].denominator) for s in self.symbols if s in point}
        return bool(assumption.xreplace(at))


def _value(side: sp.Basic, point: Point) -> Fraction | float:
    """A side's value: a constant (exact or float), or exact if rational in the coordinates."""
    if not side.free_symbols:
        value = constant(side)
        if value is None:
            raise _NotRationalError
        return value
    return _rational(side, point)
