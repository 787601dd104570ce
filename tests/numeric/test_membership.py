"""Membership of sampled points: exact rational comparisons, float only far from ties."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from verifier.numeric.membership import Membership

x, y = sp.symbols("x y", real=True)


def test_rational_comparisons_are_exact() -> None:
    """x > y with x - y = 2**-60: far below float64's resolution of x, still decided exactly."""
    membership = Membership((sp.StrictGreaterThan(x, y, evaluate=False),))
    tiny = Fraction(1, 2**60)
    assert {x: Fraction(1) + tiny, y: Fraction(1)} in membership
    assert {x: Fraction(1), y: Fraction(1)} not in membership


def test_irrational_bound_near_a_tie_is_decided_by_sympy() -> None:
    """x > sqrt(2) at the best 60-bit rational below sqrt(2): floats would call it a tie."""
    below = Fraction(int(sp.floor(sp.sqrt(2) * 2**60)), 2**60)
    membership = Membership((sp.StrictGreaterThan(x, sp.sqrt(2), evaluate=False),))
    assert {x: below} not in membership
    assert {x: below + Fraction(1, 2**59)} in membership
    assert {x: Fraction(3, 2)} in membership and {x: Fraction(1)} not in membership


def test_equalities_and_products() -> None:
    membership = Membership((sp.Eq(x * y, 1, evaluate=False), sp.Ne(x, 0, evaluate=False)))
    assert {x: Fraction(2), y: Fraction(1, 2)} in membership
    assert {x: Fraction(2), y: Fraction(1, 3)} not in membership


def test_other_assumptions_go_to_sympy() -> None:
    """log(x) < 1 is not rational in x: SymPy decides it exactly."""
    membership = Membership((sp.StrictLessThan(sp.log(x), 1, evaluate=False),))
    assert {x: Fraction(2)} in membership and {x: Fraction(3)} not in membership


def test_values_beyond_float_range_are_decided_exactly() -> None:
    """Sides beyond float64's range (10**400, 4**300) are compared exactly, not by floats."""
    big = sp.StrictGreaterThan(x**200, sp.Integer(10) ** 400, evaluate=False)
    assert {x: Fraction(4)} not in Membership((big,))  # 4**200 is about 2.6e120
    huge = sp.StrictGreaterThan(x**300, 1, evaluate=False)  # 4**300 overflows float
    assert {x: Fraction(4)} in Membership((huge,))
