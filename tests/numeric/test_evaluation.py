"""Float64 evaluation: derivative nodes by finite differences, with an error estimate."""

from __future__ import annotations

import numpy as np
import sympy as sp

from verifier.numeric.evaluation import Evaluator

x, y = sp.symbols("x y", real=True)


class TestEvaluator:
    def test_plain_expression(self) -> None:
        """Without derivatives, values are the expression's and the error is 0."""
        values, errors = Evaluator(x * y + 1, [x, y])(np.array([[2.0, 3.0], [0.5, 4.0]]))
        assert np.allclose(values, [7.0, 3.0]) and not errors.any()

    def test_derivative_by_finite_differences(self) -> None:
        """d/dx exp(x) sin(y) is estimated to ~1e-10 with an honest error estimate."""
        points = np.array([[0.3, 1.1], [-1.2, 0.4]])
        values, errors = Evaluator(sp.Derivative(sp.exp(x) * sp.sin(y), x), [x, y])(points)
        exact = np.exp(points[:, 0]) * np.sin(points[:, 1])
        assert np.all(np.abs(values - exact) <= errors)
        assert np.all(errors < 1e-9)

    def test_outer_expression_propagates_the_error(self) -> None:
        """The error of a derivative is carried through the expression around it."""
        values, errors = Evaluator(3 * sp.Derivative(x**2, x) + y, [x, y])(np.array([[1.0, 2.0]]))
        assert abs(values[0] - 8.0) <= errors[0] < 1e-8

    def test_constant_broadcasts(self) -> None:
        """A constant expression gives one value per point."""
        values, _ = Evaluator(sp.Integer(2), [x])(np.zeros((3, 1)))
        assert values.shape == (3,)

    def test_overflow_is_not_finite(self) -> None:
        """exp(800) overflows to inf in float64; the evaluator does not hide it."""
        values, _ = Evaluator(sp.exp(x), [x])(np.array([[800.0]]))
        assert np.isinf(values[0])

    def test_rounding_of_a_plain_expression_is_in_the_error(self) -> None:
        """(1 + x)^2 - 1 - 2x - x^2 is 0 exactly but not in float64: the error estimate covers it."""
        values, errors = Evaluator((1 + x) ** 2 - 1 - 2 * x - x**2, [x, y])(np.array([[0.1, 0.0], [0.7, 0.0]]))
        assert np.any(values != 0)
        if np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps:
            assert not errors.any()  # no wider type to measure against on this platform
        else:
            assert np.all(np.abs(values) <= errors) and np.all(errors < 1e-14)
