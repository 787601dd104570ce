"""Whether a sampled point satisfies a concrete problem's assumptions, exactly and fast.

Sampled points are exact rationals and most assumptions are comparisons of rational
expressions in them (x > 0, z[1] > z[2], y[2] = 1), or of one such expression with a
constant (x > log(199 + 60 sqrt(11))). Those are decided in Python's ``Fraction``
arithmetic, a constant side by its float value where the two sides are far apart
relative to float64's error; anything else, and every near tie, by SymPy exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy as sp

__all__ = ["Membership"]

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


class _Side:
    """One side of a comparison: rational in the point, or a constant (exact or float)."""

    def __init__(self, expression: sp.Basic) -> None:
        self.expression = expression
        self.constant: float | None = None
        if not expression.free_symbols and not expression.is_Rational:
            value = sp.N(expression, 30)
            if value.is_real and value.is_finite and value.is_comparable:
                self.constant = float(value)

    def value(self, point: Point) -> Fraction | float:
        if self.constant is not None:
            return self.constant
        return _rational(self.expression, point)


class Membership:
    """Decides whether points satisfy the assumptions (each a SymPy relational)."""

    def __init__(self, assumptions: Sequence[sp.Basic]) -> None:
        self.assumptions = tuple(assumptions)
        self.symbols = frozenset().union(*(a.free_symbols for a in self.assumptions))
        self._sides = [(type(a), _Side(a.lhs), _Side(a.rhs)) if type(a) in _COMPARE else None for a in self.assumptions]

    def __contains__(self, point: Point) -> bool:
        return all(self._holds(i, point) for i in range(len(self.assumptions)))

    def _holds(self, number: int, point: Point) -> bool:
        sides = self._sides[number]
        if sides is not None:
            relation, left, right = sides
            try:
                a, b = left.value(point), right.value(point)
                exact = isinstance(a, Fraction) and isinstance(b, Fraction)
                if exact or abs(float(a) - float(b)) > FLOAT_MARGIN * max(1.0, abs(float(a)), abs(float(b))):
                    return bool(_COMPARE[relation](a, b))
            except (_NotRationalError, OverflowError):
                pass  # not rational, or beyond float's range: SymPy decides
        return self._exactly(number, point)

    def _exactly(self, number: int, point: Point) -> bool:
        at = {s: sp.Rational(point[s].numerator, point[s].denominator) for s in self.symbols if s in point}
        return bool(self.assumptions[number].xreplace(at))
