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

__all__ = ["DIGITS", "compare", "constant_sign", "evaluated_sign"]

DIGITS = 50


def constant_sign(value: sp.Expr) -> int | None:
    """-1, 0 or 1: the sign of a real constant, or None when it cannot be decided exactly."""
    value = sp.sympify(value)
    if value.free_symbols:
        return None
    sign = evaluated_sign(value)
    if sign is not None:
        return sign
    return 0 if value.is_zero is True or _algebraic_zero(value) else None


def compare(first: sp.Expr, second: sp.Expr) -> int | None:
    """The sign of ``first - second`` for real constants, or None when it cannot be decided.

    0 only for equal rationals: anything else that is too close to call (an irrational
    that is secretly rational among them) is None, which costs a proof, never a wrong one.
    """
    return evaluated_sign(sp.sympify(first) - sp.sympify(second))


def evaluated_sign(value: sp.Expr) -> int | None:
    """The sign of a constant from its strict 50-digit evaluation (exact for a rational); None if
    that is not decisive, as for every constant that is exactly 0 but not written as 0."""
    if value.is_Rational:
        return int(sp.sign(value))
    if value.free_symbols:
        return None
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
