"""Exact decisions about real constants: the sign of one, its order against a rational.

Lemma: SymPy's ``evalf`` with ``strict=True`` either returns a value whose requested
significant digits are all correct (it raises its working precision to overcome
cancellation) or raises ``PrecisionExhausted``; a value with 50 correct significant
digits that is not 0 has the sign of its approximation. A constant that is exactly 0
cannot be evaluated to 50 significant digits, so it is recognised exactly (SymPy knows
it is zero, or it is algebraic with minimal polynomial y) or left undecided.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.evalf import PrecisionExhausted

__all__ = ["DIGITS", "compare", "constant_sign"]

DIGITS = 50


def constant_sign(value: sp.Expr) -> int | None:
    """-1, 0 or 1: the sign of a real constant, or None when it cannot be decided exactly."""
    value = sp.sympify(value)
    if value.free_symbols:
        return None
    if value.is_Rational:
        return int(sp.sign(value))
    if value.is_zero is True:
        return 0
    sign = _evaluated_sign(value)
    if sign is not None:
        return sign
    return 0 if _algebraic_zero(value) else None


def compare(first: sp.Expr, second: sp.Expr) -> int | None:
    """The sign of ``first - second`` for real constants (0 only when exactly equal), or None."""
    if first.is_Rational and second.is_Rational:
        return int(sp.sign(first - second))
    return constant_sign(first - second)


def _evaluated_sign(value: sp.Expr) -> int | None:
    try:
        approximate = value.evalf(DIGITS, strict=True)
    except (PrecisionExhausted, ValueError, TypeError, ArithmeticError):
        return None
    if not (approximate.is_Number and approximate.is_real) or approximate == 0:
        return None
    return 1 if approximate > 0 else -1


def _algebraic_zero(value: sp.Expr) -> bool:
    if value.has(sp.exp, sp.log, sp.pi, sp.E):
        return False  # transcendental parts: no minimal polynomial
    y = sp.Dummy("y")
    try:
        return bool(sp.minimal_polynomial(value, y) == y)
    except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic, ValueError):
        return False
