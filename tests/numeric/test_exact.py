"""Exact comparison at 50 digits decides violations; ties are settled exactly."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from verifier.numeric.exact import compare_exactly

x = sp.Symbol("x", real=True)


class TestCompareExactly:
    def test_tiny_difference_is_confirmed(self) -> None:
        """A 1e-20 difference, invisible to float64, is a confirmed violation."""
        result = compare_exactly(sp.Equality, sp.exp(x), sp.exp(x) + sp.Rational(1, 10**20), {x: Fraction(1, 2)})
        assert result.violated is True

    def test_true_identity_holds(self) -> None:
        """An identity holds at the point."""
        result = compare_exactly(sp.Equality, sp.exp(2 * x), sp.exp(x) ** 2, {x: Fraction(3, 7)})
        assert result.violated is False

    def test_strict_inequality_fails_at_an_exact_tie(self) -> None:
        """sigma'(0) = 1/4 exactly, so sigma'(x) < 1/4 fails at 0, and <= holds."""
        derivative = sp.exp(-x) / (1 + sp.exp(-x)) ** 2
        assert compare_exactly(sp.StrictLessThan, derivative, sp.Rational(1, 4), {x: Fraction(0)}).violated is True
        assert compare_exactly(sp.LessThan, derivative, sp.Rational(1, 4), {x: Fraction(0)}).violated is False

    def test_tolerance(self) -> None:
        """A value within its tolerance holds; beyond it, it is violated."""
        value = sp.exp(3) / (sp.exp(1) + sp.exp(2) + sp.exp(3))
        assert compare_exactly(sp.Equality, value, sp.Rational("0.6652"), {}, sp.Rational("5e-5")).violated is False
        assert compare_exactly(sp.Equality, value, sp.Rational("0.6653"), {}, sp.Rational("5e-5")).violated is True

    def test_derivatives_are_taken_exactly(self) -> None:
        """A derivative in the expression is differentiated symbolically before evaluation."""
        from verifier.numeric.exact import exact_form

        result = compare_exactly(sp.Equality, exact_form(sp.Derivative(x**3, x)), 3 * x**2, {x: Fraction(5, 3)})
        assert result.violated is False
