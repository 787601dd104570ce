"""Tests for verifier.numeric.gradcheck: verdicts, sensitivity, overflow, batching and the record."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.errors import ClaimDefinitionError
from verifier.numeric.gradcheck import (
    CheckVerdict,
    GradientCheck,
    check_gradient,
    check_jacobian,
)

seeds = st.integers(min_value=0, max_value=2**32 - 1)
Array = np.ndarray


def softmax(z: Array) -> Array:
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def cross_entropy_case(size: int, seed: int) -> tuple[Callable[[Array], Array], Callable[[Array], Array], Array]:
    """CE of softmax (works on one point or a batch), its gradient and a random point."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=size) * 3.0
    t = rng.dirichlet(np.ones(size))

    def loss(v: Array) -> Array:
        m = v.max(-1, keepdims=True)
        return m[..., 0] + np.log(np.exp(v - m).sum(-1)) - v @ t

    return loss, (lambda v: softmax(v) - t), z


def scaled(gradient: Callable[[Array], Array], relative: float) -> Callable[[Array], Array]:
    return lambda v: gradient(v) * (1.0 + relative)


def one_entry_off(gradient: Callable[[Array], Array], relative: float) -> Callable[[Array], Array]:
    def claimed(v: Array) -> Array:
        g = gradient(v).copy()
        g[np.argmax(np.abs(g))] *= 1.0 + relative
        return g

    return claimed


class TestSensitivity:
    @pytest.mark.parametrize("size", [10, 100, 1000])
    def test_true_gradient_holds(self, size: int) -> None:
        """The exact CE-of-softmax gradient holds at K = 10, 100 and 1000."""
        loss, gradient, z = cross_entropy_case(size, seed=size)
        result = check_gradient(loss, gradient, z)
        assert result.verdict is CheckVerdict.HOLDS
        assert result.holds and result.checked == size

    @pytest.mark.parametrize("size", [10, 100, 1000])
    def test_scaled_gradient_flagged(self, size: int) -> None:
        """A gradient scaled by 1 + 1e-8 is wrong at K = 10, 100 and 1000."""
        loss, gradient, z = cross_entropy_case(size, seed=size)
        result = check_gradient(loss, scaled(gradient, 1e-8), z)
        assert result.verdict is CheckVerdict.WRONG
        assert result.max_rel_error == pytest.approx(1e-8, rel=0.1)

    @pytest.mark.parametrize("size", [10, 100, 1000])
    def test_single_entry_flagged(self, size: int) -> None:
        """One entry off by a relative 1e-8 is wrong, and the worst entry names it."""
        loss, gradient, z = cross_entropy_case(size, seed=size)
        result = check_gradient(loss, one_entry_off(gradient, 1e-8), z)
        assert result.verdict is CheckVerdict.WRONG
        assert result.wrong_count == 1
        assert result.worst is not None
        assert result.worst.location == (0, (int(np.argmax(np.abs(gradient(z)))),))
        assert result.wrong == (result.worst.location,)

    def test_resolves_1e_10(self) -> None:
        """At K = 100 even a relative error of 1e-10 in one entry is flagged."""
        loss, gradient, z = cross_entropy_case(100, seed=5)
        assert check_gradient(loss, one_entry_off(gradient, 1e-10), z).verdict is CheckVerdict.WRONG

    @settings(max_examples=25, deadline=None, derandomize=True)
    @given(
        seed=seeds,
        size=st.sampled_from([2, 3, 10, 50]),
        scale=st.sampled_from([0.01, 1.0, 10.0, 30.0]),
        family=st.sampled_from(["ce", "mse", "logsumexp", "sigmoid", "tanh"]),
    )
    def test_no_false_alarm(self, seed: int, size: int, scale: float, family: str) -> None:
        """True gradients of CE, MSE-of-softmax, logsumexp, sigmoid and tanh sums hold."""
        rng = np.random.default_rng(seed)
        z = rng.normal(size=size) * scale
        t = rng.dirichlet(np.ones(size))
        f, g = true_case(family, t)
        result = check_gradient(f, g, z)
        assert result.verdict is CheckVerdict.HOLDS, str(result)


def true_case(family: str, t: Array) -> tuple[Callable[[Array], Array], Callable[[Array], Array]]:
    """A function (batch-capable) and its exact gradient."""
    if family == "ce":
        return (lambda v: -(t * np.log(softmax(v))).sum(-1)), (lambda v: softmax(v) * t.sum() - t)
    if family == "mse":

        def mse_gradient(v: Array) -> Array:
            s = softmax(v)
            r = 2.0 * (s - t)
            return s * (r - r @ s)

        return (lambda v: ((softmax(v) - t) ** 2).sum(-1)), mse_gradient
    if family == "logsumexp":

        def lse(v: Array) -> Array:
            m = v.max(-1, keepdims=True)
            return m[..., 0] + np.log(np.exp(v - m).sum(-1))

        return lse, softmax
    if family == "sigmoid":
        return (lambda v: (1 / (1 + np.exp(-v))).sum(-1)), (
            lambda v: np.exp(-np.abs(v)) / (1 + np.exp(-np.abs(v))) ** 2
        )
    return (lambda v: np.tanh(v).sum(-1)), (lambda v: 1 / np.cosh(v) ** 2)


class TestOverflow:
    def test_overflow_at_point(self) -> None:
        """f overflowing at the point is an overflow, not a wrong derivative, even for a wrong claim."""
        result = check_gradient(lambda v: np.exp(v).sum(), lambda v: np.zeros(2), np.array([1.0, 800.0]))
        assert result.verdict is CheckVerdict.OVERFLOW
        assert result.wrong_count == 0 and result.overflow_count == 2
        assert not result.holds

    def test_overflow_beside_point(self) -> None:
        """Overflow along one coordinate only leaves that entry unchecked and names it."""
        edge = float(np.log(np.finfo(np.float64).max)) - 1e-9
        result = check_gradient(lambda v: np.exp(v).sum(-1), np.exp, np.array([0.5, edge, -1.0]))
        assert result.verdict is CheckVerdict.OVERFLOW
        assert result.overflows == ((0, (1,)),)
        assert result.checked == 2

    def test_wrong_and_overflow_both_reported(self) -> None:
        """A wrong entry beside an overflow gives WRONG and still lists the overflow."""

        def f(v: Array) -> Array:
            # log(v1) at v1 = 1e-300: every step leaves the domain, and log of < 0 is nan.
            return np.sin(v[..., 0]) + np.log(v[..., 1]) + v[..., 2] ** 3

        def claimed(v: Array) -> Array:
            return np.array([np.cos(v[0]), 1 / v[1], 3 * v[2] ** 2 * (1 + 1e-9)])

        result = check_gradient(f, claimed, np.array([0.5, 1e-300, -1.0]))
        assert result.verdict is CheckVerdict.WRONG
        assert result.wrong == ((0, (2,)),)
        assert result.overflows == ((0, (1,)),)

    def test_nan_claim_is_wrong(self) -> None:
        """A claimed nan where f is finite is a wrong entry, not an overflow."""
        result = check_gradient(lambda v: (v**2).sum(-1), lambda v: np.array([2 * v[0], np.nan]), np.array([1.0, 2.0]))
        assert result.verdict is CheckVerdict.WRONG
        assert result.wrong == ((0, (1,)),)
        assert result.overflow_count == 0


class TestJacobian:
    def test_softmax_jacobian_holds(self) -> None:
        """The softmax Jacobian diag(s) - s s^T holds."""
        z = np.random.default_rng(1).normal(size=20)

        def jacobian(v: Array) -> Array:
            s = softmax(v)
            return np.diag(s) - np.outer(s, s)

        result = check_jacobian(softmax, jacobian, z)
        assert result.holds and result.shape == (20, 20) and result.kind == "jacobian"

    def test_transposed_jacobian_flagged(self) -> None:
        """A transposed Jacobian of a non-symmetric map is wrong; the right one holds."""
        a = np.random.default_rng(2).normal(size=(3, 3))
        z = np.array([0.1, -0.2, 0.3])

        def f(v: Array) -> Array:
            return np.tanh(v @ a.T)

        def jacobian(v: Array) -> Array:
            return (1 - np.tanh(a @ v) ** 2)[:, None] * a

        assert check_jacobian(f, jacobian, z).holds
        assert check_jacobian(f, lambda v: jacobian(v).T, z).verdict is CheckVerdict.WRONG

    def test_rectangular_location(self) -> None:
        """A wrong Jacobian entry is located as (row, column)."""

        def jacobian(v: Array) -> Array:
            j = np.array([[2 * v[0], 0.0, 0.0], [0.0, np.cos(v[1]), 1.0]])
            j[1, 2] += 1e-6
            return j

        result = check_jacobian(
            lambda v: np.array([v[0] ** 2, np.sin(v[1]) + v[2]]), jacobian, np.array([0.5, 1.0, 2.0])
        )
        assert result.wrong == ((0, (1, 2)),)


class TestInput:
    def test_one_dimensional_f_looped(self) -> None:
        """A function of one 1-D point only is called per point, with the same verdicts."""
        rng = np.random.default_rng(4)
        z, t = rng.normal(size=30), rng.dirichlet(np.ones(30))

        def loss_1d(v: Array) -> float:
            # np.max and np.sum without an axis: on a batch this mixes the rows.
            return float(np.max(v) + np.log(np.sum(np.exp(v - np.max(v)))) - np.dot(v, t))

        def gradient(v: Array) -> Array:
            return softmax(v) - t

        result = check_gradient(loss_1d, gradient, z)
        assert not result.vectorised
        assert result.holds
        assert check_gradient(loss_1d, scaled(gradient, 1e-8), z).verdict is CheckVerdict.WRONG

    def test_batch_capable_f_vectorised(self) -> None:
        """A function written with axis=-1 is evaluated on batches."""
        loss, gradient, z = cross_entropy_case(30, seed=4)
        assert check_gradient(loss, gradient, z).vectorised
        assert not check_gradient(loss, gradient, z, vectorised=False).vectorised

    def test_several_points(self) -> None:
        """Several points are checked; the worst entry names its point."""
        a = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.25]])

        def claimed(v: Array) -> Array:
            g = np.cos(v)
            return g * 1.001 if v[0] == 3.0 else g

        result = check_gradient(lambda v: np.sin(v).sum(-1), claimed, a)
        assert result.points == 3 and result.checked == 6
        assert result.worst is not None and result.worst.location[0] == 1
        assert len(result.noise) == 3

    def test_wrong_claim_shape(self) -> None:
        """A claimed gradient of the wrong shape is a definition error naming both shapes."""
        with pytest.raises(ClaimDefinitionError, match=r"\(3,\).*\(2,\)"):
            check_gradient(lambda v: v.sum(-1), lambda v: np.ones(2), np.zeros(3))

    def test_vector_f_needs_jacobian(self) -> None:
        """A vector-valued f given to check_gradient is a definition error."""
        with pytest.raises(ClaimDefinitionError, match="check_jacobian"):
            check_gradient(softmax, lambda v: v, np.zeros(3))

    def test_atol_widens_tolerance(self) -> None:
        """An explicit atol lets a small absolute disagreement pass."""
        f = lambda v: np.tanh(v).sum(-1)  # noqa: E731
        off = lambda v: 1 / np.cosh(v) ** 2 + 1e-9  # noqa: E731
        assert check_gradient(f, off, np.array([0.3])).verdict is CheckVerdict.WRONG
        assert check_gradient(f, off, np.array([0.3]), atol=1e-8).holds


class TestRecord:
    def test_inconsistent_verdict_rejected(self) -> None:
        """A record whose verdict contradicts its counts cannot be built."""
        with pytest.raises(ValueError, match="verdict must be wrong"):
            GradientCheck(
                verdict=CheckVerdict.HOLDS,
                kind="gradient",
                points=1,
                shape=(2,),
                checked=2,
                max_abs_error=1.0,
                max_rel_error=1.0,
                worst=None,
                wrong_count=1,
                wrong=((0, (0,)),),
                overflow_count=0,
                overflows=(),
                noise=(0.0,),
                vectorised=True,
            )

    def test_summary_names_worst_entry(self) -> None:
        """The one-line summary names the verdict and the worst entry."""
        loss, gradient, z = cross_entropy_case(10, seed=3)
        text = str(check_gradient(loss, one_entry_off(gradient, 1e-6), z))
        assert text.startswith("gradient wrong at 1 point(s)")
        assert "worst entry" in text
