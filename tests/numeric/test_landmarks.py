"""Landmarks: breakpoints of piecewise parts and critical points of one-variable residuals."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from verifier.numeric.landmarks import beyond, breakpoints, critical_points, kinks, real_roots, sides

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)


class TestBreakpoints:
    def test_kinks_of_every_piecewise_function(self) -> None:
        """Max and Min tie their arguments; Abs, sign and Heaviside change at 0; Piecewise at its conditions."""
        expression = (
            sp.Max(x, 2) + sp.Abs(x + 1) + sp.sign(x - 3) + sp.Heaviside(x - 4) + sp.Piecewise((x, x > 5), (0, True))
        )
        assert {sp.solve(kink, x)[0] for kink in kinks(expression)} == {2, -1, 3, 4, 5}

    def test_exact_rational_breakpoint(self) -> None:
        """Max(x, 1e-9) breaks exactly at 1/10**9, a value float64 cannot hold."""
        assert breakpoints([sp.Max(x, sp.Rational(1, 10**9))], x, None, None) == [Fraction(1, 10**9)]

    def test_kinks_in_several_variables_are_left_to_ties(self) -> None:
        """Max(x, y) has no breakpoint in x alone (equal coordinates are special points)."""
        assert breakpoints([sp.Max(x, y)], x, None, None) == []

    def test_sides(self) -> None:
        """Each breakpoint comes with points just below and above it."""
        found = sides([Fraction(1, 3)])
        assert Fraction(1, 3) in found and min(found) < Fraction(1, 3) < max(found)
        assert all(abs(v - Fraction(1, 3)) < Fraction(1, 100) for v in found)


class TestCriticalPoints:
    def test_close_critical_points_of_a_polynomial(self) -> None:
        """x^2 (x - 1e-5)^2 is tightest at 0, 5e-6 and 1e-5."""
        found = critical_points(x**2 * (x - sp.Rational(1, 100000)) ** 2, x, None, None)
        for expected in (0.0, 5e-6, 1e-5):
            assert any(abs(float(v) - expected) < 1e-15 for v in found), expected

    def test_transcendental_critical_point(self) -> None:
        """sigma(x)(1 - sigma(x)) is largest at 0: found on the grid, exactly at 0."""
        sigmoid = 1 / (1 + sp.exp(-x))
        assert critical_points(sigmoid * (1 - sigmoid), x, None, None) == [Fraction(0)]

    def test_monotone_function_has_none(self) -> None:
        """sigma(x) has no critical point (underflow to 0 far out is not one)."""
        assert critical_points(1 / (1 + sp.exp(-x)), x, None, None) == []

    def test_roots_inside_the_interval_only(self) -> None:
        """Roots of (x - 1)(x - 3) within (2, 4): only 3."""
        assert real_roots((x - 1) * (x - 3), x, 2.0, 4.0) == [Fraction(3)]


class TestBeyond:
    def test_past_an_upper_bound(self) -> None:
        """x < 2 dropped: 2 itself, points just above it and well above it, none below."""
        found = beyond(sp.Lt(x, 2), x)
        assert Fraction(2) in found and all(v >= 2 for v in found)
        assert min(v for v in found if v > 2) - 2 < Fraction(1, 10**6)
        assert max(found) >= 12

    def test_past_a_lower_bound_written_either_way(self) -> None:
        """x >= -3 and -3 <= x both put the points below -3."""
        for dropped in (sp.Ge(x, -3), sp.Le(-3, x)):
            found = beyond(dropped, x)
            assert Fraction(-3) in found and all(v <= -3 for v in found)

    def test_irrational_bound(self) -> None:
        """x < log(3): the points lie past log(3), to float precision at the bound itself."""
        found = beyond(sp.Lt(x, sp.log(3)), x)
        assert all(float(v) >= float(sp.log(3)) - 1e-15 for v in found)
        assert any(float(v) > float(sp.log(3)) for v in found)

    def test_other_relations_give_nothing(self) -> None:
        """A bound on another symbol, a bound that is not a number, or an equation: no points."""
        assert beyond(sp.Lt(y, 2), x) == []
        assert beyond(sp.Lt(x, y), x) == []
        assert beyond(sp.Eq(x, 2), x) == []
        assert beyond(sp.Ne(x, 2), x) == []
