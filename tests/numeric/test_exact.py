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


class TestTiesAndSpeed:
    def test_tiny_sides_are_compared_by_their_own_digits(self) -> None:
        """exp(-1000) < 2 exp(-1000) is decided, though both sides are below 1e-40."""
        tiny = sp.exp(-1000 + 0 * x)
        assert compare_exactly(sp.StrictLessThan, tiny, 2 * tiny, {x: Fraction(0)}).violated is False
        assert compare_exactly(sp.GreaterThan, tiny, 2 * tiny, {x: Fraction(0)}).violated is True

    def test_saturated_inequality_is_decided(self) -> None:
        """sigma(700) <= 1 - 1e-300 fails by exp(-700): a difference float64 and 40 digits cannot see."""
        sigmoid = 1 / (1 + sp.exp(-x))
        bound = 1 - sp.Rational(1, 10**300)
        assert compare_exactly(sp.LessThan, sigmoid, bound, {x: Fraction(700)}).violated is True

    def test_steps_and_conditions_are_decided_at_the_point(self) -> None:
        """Heaviside and Piecewise take their value at the exact point."""
        piecewise = sp.Piecewise((x, x > 0), (-x, True)) + sp.Heaviside(x)
        assert compare_exactly(sp.Equality, piecewise, sp.Rational(3, 7), {x: Fraction(-3, 7)}).violated is False

    def test_rational_powers_of_long_rationals_are_quick(self) -> None:
        """mu**x at dyadic points with 100-bit denominators evaluates in well under a second."""
        import time

        mu = sp.Symbol("mu", positive=True)
        start = time.perf_counter()
        point = {mu: Fraction(1234567, 2**100), x: Fraction(3 * 2**50 + 1, 2**50)}
        result = compare_exactly(sp.Equality, sp.log(mu**x), x * sp.log(mu), point)
        assert result.violated is False and time.perf_counter() - start < 1.0


class TestVersion2Functions:
    def test_new_functions_at_fifty_digits(self) -> None:
        """erf, Heaviside, sign and Piecewise evaluate exactly; a 1e-40 error in erf is seen."""
        from verifier.numeric.exact import exact_form

        point = {x: Fraction(-1, 3)}
        piecewise = sp.Piecewise((x**2, x < 0), (x, True))
        assert compare_exactly(sp.Equality, piecewise + sp.Heaviside(x), sp.Rational(1, 9), point).violated is False
        assert compare_exactly(sp.Equality, sp.sign(x) * x, sp.Abs(x), point).violated is False
        near = sp.erf(x) + sp.Rational(1, 10**40)
        assert compare_exactly(sp.Equality, exact_form(sp.erf(x)), near, point).violated is True

    def test_no_counterexample_at_a_kink(self) -> None:
        """d relu(x)/dx does not exist at 0: a claim about it is not refuted there, only elsewhere."""
        from verifier.numeric.exact import exact_form

        derivative = exact_form(sp.Derivative(sp.Max(0, x), x))
        assert compare_exactly(sp.Equality, derivative, sp.Heaviside(x, 0), {x: Fraction(0)}).violated is None
        assert compare_exactly(sp.Equality, derivative, 2 * sp.Heaviside(x, 0), {x: Fraction(1, 3)}).violated
        pieces = exact_form(sp.Derivative(sp.Piecewise((x**2, x < 1), (2 * x - 1, True)), x))
        assert compare_exactly(sp.Equality, pieces, sp.Integer(5), {x: Fraction(1)}).violated is None
