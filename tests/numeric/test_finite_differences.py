"""Tests for verifier.numeric.finite_differences: estimates, their error bounds, steps and overflow."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.numeric.finite_differences import (
    EPSILON,
    DerivativeEstimate,
    gradient,
    partial_derivative,
    partial_derivatives,
)

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def logsumexp(z: np.ndarray) -> np.ndarray:
    m = z.max(-1, keepdims=True)
    return m[..., 0] + np.log(np.exp(z - m).sum(-1))


def cross_entropy(t: np.ndarray):  # type: ignore[no-untyped-def]
    """CE of softmax in its stable form; its gradient is softmax(z) - t for any t."""
    return lambda z: logsumexp(z) - z @ t


class TestEstimate:
    def test_cubic_is_exact_within_bound(self) -> None:
        """The sixth-order estimate of a cubic's derivative is within its (tiny) error."""
        x = np.array([0.3, -1.7, 2.5])
        estimate = gradient(lambda p: (p**3).sum(-1), x)
        assert np.all(np.abs(estimate.value - 3 * x**2) <= estimate.error)
        assert np.all(estimate.error < 1e-11 * 3 * x**2)

    @settings(max_examples=30, deadline=None, derandomize=True)
    @given(seed=seeds, size=st.sampled_from([2, 5, 30, 200]), scale=st.sampled_from([0.1, 1.0, 10.0]))
    def test_cross_entropy_gradient_within_bound(self, seed: int, size: int, scale: float) -> None:
        """Every entry of a CE-of-softmax gradient estimate is within its own error bound."""
        rng = np.random.default_rng(seed)
        z = rng.normal(size=size) * scale
        t = rng.dirichlet(np.ones(size))
        estimate = gradient(cross_entropy(t), z)
        exact = softmax(z) - t
        assert not estimate.overflowed.any()
        assert np.all(np.abs(estimate.value - exact) <= estimate.error)

    def test_bound_is_tight(self) -> None:
        """The error bound of a CE gradient at K=100 is below 1e-9 of its largest entry."""
        rng = np.random.default_rng(7)
        z = rng.normal(size=100)
        t = rng.dirichlet(np.ones(100))
        estimate = gradient(cross_entropy(t), z)
        largest = np.max(np.abs(softmax(z) - t))
        assert np.max(estimate.error) < 1e-9 * largest

    def test_partial_derivative_shape(self) -> None:
        """partial_derivative returns arrays of shape (1,) for a scalar function."""
        estimate = partial_derivative(lambda p: np.sin(p[:, 0]) * p[:, 1], np.array([0.5, 2.0]), 0)
        assert estimate.value.shape == estimate.error.shape == estimate.step.shape == (1,)
        assert abs(estimate.value[0] - 2.0 * np.cos(0.5)) <= estimate.error[0]

    def test_selected_coordinates(self) -> None:
        """Only the requested coordinates are estimated, in the requested order."""
        x = np.array([1.0, 2.0, 3.0, 4.0])
        estimate = partial_derivatives(lambda p: (p**2).sum(-1), x, np.array([3, 1]))
        assert np.all(np.abs(estimate.value - np.array([8.0, 4.0])) <= estimate.error)

    def test_vector_function(self) -> None:
        """A function with m outputs gives (count, m) estimates: row i holds d f / d x_i."""
        z = np.array([0.2, -1.0, 0.7])
        estimate = gradient(softmax, z)
        s = softmax(z)
        jacobian = np.diag(s) - np.outer(s, s)
        assert estimate.value.shape == estimate.error.shape == (3, 3)
        assert np.all(np.abs(estimate.value - jacobian.T) <= estimate.error)

    def test_reproducible(self) -> None:
        """The same call gives bit-identical estimates: the noise probes are seeded."""
        rng = np.random.default_rng(3)
        z = rng.normal(size=20)
        t = rng.dirichlet(np.ones(20))
        first, second = gradient(cross_entropy(t), z), gradient(cross_entropy(t), z)
        assert np.array_equal(first.value, second.value)
        assert np.array_equal(first.error, second.error)

    def test_record_is_frozen(self) -> None:
        """The estimate is a frozen record."""
        estimate = partial_derivative(lambda p: p[:, 0], np.array([1.0]), 0)
        assert isinstance(estimate, DerivativeEstimate)
        with pytest.raises(AttributeError):
            estimate.value = np.zeros(1)  # type: ignore[misc]


class TestSteps:
    def test_steps_are_powers_of_two(self) -> None:
        """Every step is a power of two, so x +- h/4 is exact in float64."""
        x = np.array([0.3, 7.0, -123.4, 1e4])
        estimate = gradient(lambda p: (p**2).sum(-1), x)
        assert np.all(np.log2(estimate.step) == np.round(np.log2(estimate.step)))

    def test_large_logit_refined(self) -> None:
        """A logit of 222 gets a step small enough for the bound to hold (scale is 1, not |z|)."""
        z = np.array([222.13536925074010, 217.72480634010466, 0.0, -5.0])
        estimate = gradient(logsumexp, z)
        assert np.all(np.abs(estimate.value - softmax(z)) <= estimate.error)
        assert estimate.step[0] < 1.0

    def test_domain_boundary_refined(self) -> None:
        """log near 0 is refined to a step inside the domain instead of overflowing."""
        x = np.array([2.0**-12, 0.5])
        estimate = gradient(lambda p: np.log(p).sum(-1), x)
        assert not estimate.overflowed.any()
        assert np.all(np.abs(estimate.value - 1 / x) <= estimate.error)
        assert estimate.step[0] < x[0]


class TestRoundingBound:
    def test_cancellation_measured(self) -> None:
        """Noise of a cancelling sum is measured far above eps*|f|, and the bound covers it."""
        x = np.array([0.25, 0.5])

        def f(p: np.ndarray) -> np.ndarray:
            return (1e8 + p[:, 0] ** 2) - 1e8 + p[:, 1]

        estimate = gradient(f, x)
        assert estimate.noise > 100 * EPSILON * abs(f(x[None])[0])
        assert np.all(np.abs(estimate.value - np.array([0.5, 1.0])) <= estimate.error)

    def test_magnitude_growing_along_step(self) -> None:
        """Where |f| grows along the step (x**3 near 0), the bound grows with its rounding."""
        x = np.array([0.0003625])
        estimate = gradient(lambda p: (p**3).sum(-1) / 3, x)
        assert np.all(np.abs(estimate.value - x**2) <= estimate.error)

    def test_float32_internals(self) -> None:
        """A function computed in float32 gets a float32-sized bound, not a float64 one."""
        x = np.array([0.3, -0.8])

        def f(p: np.ndarray) -> np.ndarray:
            return np.exp(p.astype(np.float32)).sum(-1)

        estimate = gradient(f, x)
        assert np.all(np.abs(estimate.value - np.exp(x)) <= estimate.error)
        assert np.all(estimate.error > 1e-9)

    def test_hidden_dependence_covered(self) -> None:
        """A softmax entry stuck at 1.0 hides a dependence; the extended-precision bias covers it."""
        z = np.array([-170.37849825957645, -17.583734460228584, 25.850024375529586])
        t = np.array([9.37459856e-11, 4.12819105e-12, 1.0 - 9.37459856e-11 - 4.12819105e-12])

        def mse(p: np.ndarray) -> np.ndarray:
            return ((softmax(p) - t) ** 2).sum(-1)

        # Exact: d/dz_j sum (s - t)^2 = s_j (r_j - r.s) with r = 2 (s - t), at 40 digits.
        mpmath.mp.dps = 40
        e = [mpmath.exp(mpmath.mpf(v) - mpmath.mpf(z[2])) for v in z]
        s = [v / mpmath.fsum(e) for v in e]
        r = [2 * (a - mpmath.mpf(b)) for a, b in zip(s, t, strict=True)]
        rs = mpmath.fsum(a * b for a, b in zip(r, s, strict=True))
        exact = np.array([float(a * (b - rs)) for a, b in zip(s, r, strict=True)])
        estimate = gradient(mse, z)
        if np.finfo(np.longdouble).eps >= EPSILON:
            pytest.skip("no extended precision on this platform")
        assert estimate.bias > 0
        assert np.all(np.abs(estimate.value - exact) <= estimate.error)


class TestOverflow:
    def test_overflow_at_point(self) -> None:
        """f overflowing at x itself marks every coordinate overflowed, with infinite error."""
        estimate = gradient(lambda p: np.exp(p).sum(-1), np.array([1.0, 800.0]))
        assert estimate.overflowed.all()
        assert np.all(np.isinf(estimate.error))

    def test_overflow_along_one_coordinate(self) -> None:
        """Overflow beside x along one coordinate marks only that coordinate."""
        edge = float(np.log(np.finfo(np.float64).max)) - 1e-9
        estimate = gradient(lambda p: np.exp(p).sum(-1), np.array([0.5, edge]))
        assert estimate.overflowed.tolist() == [False, True]
        assert abs(estimate.value[0] - np.exp(0.5)) <= estimate.error[0]

    def test_bad_shape_rejected(self) -> None:
        """A function returning the wrong number of values is a usage error."""
        with pytest.raises(ValueError, match="batch"):
            gradient(lambda p: np.zeros(len(p) + 1), np.array([1.0, 2.0]))


def test_batched_points_give_the_single_point_estimates() -> None:
    """partial_derivatives_at over a batch of points equals partial_derivatives at each point, bit for bit."""
    from verifier.numeric.finite_differences import partial_derivatives_at

    rng = np.random.default_rng(5)
    points = rng.normal(size=(6, 4)) * 3
    coordinates = np.array([0, 2, 3])
    f = cross_entropy(rng.dirichlet(np.ones(4)))
    batched = partial_derivatives_at(f, points, coordinates)
    assert batched.value.shape == batched.error.shape == (6, 3)
    for row, point in enumerate(points):
        single = partial_derivatives(f, point, coordinates)
        assert np.array_equal(single.value, batched.value[row]) and np.array_equal(single.error, batched.error[row])
        assert np.array_equal(single.step, batched.step[row]) and single.noise == batched.noise[row]


def test_per_point_coordinates_give_the_shared_estimates() -> None:
    """Coordinates given per point (points of several sizes in one batch) estimate what a shared list would."""
    from verifier.numeric.finite_differences import partial_derivatives_at

    rng = np.random.default_rng(6)
    points = rng.normal(size=(5, 4))
    f = cross_entropy(rng.dirichlet(np.ones(4)))
    per_point = np.array([[0], [3], [1], [3], [2]])
    batched = partial_derivatives_at(f, points, per_point)
    for row, point in enumerate(points):
        single = partial_derivatives(f, point, per_point[row])
        assert np.isclose(single.value[0], batched.value[row, 0], rtol=1e-12)
        assert abs(single.value[0] - batched.value[row, 0]) <= single.error[0] + batched.error[row, 0]


def test_fixed_columns_are_never_perturbed() -> None:
    """A column of integers (a point's size) keeps its value in every evaluation of f."""
    from verifier.numeric.finite_differences import partial_derivatives_at

    seen: list[np.ndarray] = []

    def f(points: np.ndarray) -> np.ndarray:
        seen.append(points[:, 2].copy())
        return np.sin(points[:, 0]) * points[:, 1] * points[:, 2]

    points = np.array([[0.3, 1.5, 4.0], [1.2, -0.5, 7.0]])
    estimate = partial_derivatives_at(f, points, np.array([0]), fixed=np.array([2]))
    assert set(np.concatenate(seen).tolist()) == {4.0, 7.0}
    assert np.allclose(estimate.value[:, 0], np.cos(points[:, 0]) * points[:, 1] * points[:, 2], rtol=1e-9)
