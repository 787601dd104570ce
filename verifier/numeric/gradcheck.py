"""A numeric checker for claimed gradients and Jacobians of plain NumPy functions.

Given ``f`` (a function of a 1-D array), a claimed derivative (its gradient, or its
Jacobian for a vector-valued ``f``) and one or more points, the checker estimates every
partial derivative by central finite differences with Richardson extrapolation
(``finite_differences``) and compares the claim with the estimate entry by entry. The
tolerance of each entry is the estimate's own error estimate (truncation plus the
measured float64 error of ``f``), not a fixed rtol: so a claim off by a relative 1e-9 is
flagged where the estimate is that good, and no entry is flagged on noise alone.

Two outcomes are kept apart. A claim that disagrees beyond the tolerance is *wrong*
there. A point where ``f`` returns inf or nan near the point is an *overflow*: the
derivative there is not checked, and that is never reported as a wrong derivative.

``f`` is evaluated on whole batches of perturbed points when it accepts them (points of
shape ``(batch, n)`` in, values of shape ``(batch,)`` or ``(batch, m)`` out, as NumPy
code written with ``axis=-1`` does); the checker finds out by comparing one batch with
row-by-row calls, and otherwise calls ``f`` once per point. The batch path is what makes
a K = 1000 gradient check take a few tens of milliseconds.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from verifier.errors import ClaimDefinitionError
from verifier.numeric.finite_differences import EPSILON, DerivativeEstimate, partial_derivatives

__all__ = [
    "CheckVerdict",
    "GradientCheck",
    "Location",
    "WorstEntry",
    "check_gradient",
    "check_jacobian",
]

# The claimed derivative is float64 too: its own rounding is allowed for, generously.
CLAIM_ROUNDING = 4.0
# Batched and row-by-row evaluation may round differently (a BLAS matrix-vector product
# against a dot product), but not by more than this, relative to the values.
BATCH_AGREEMENT = 1e-9
# At most this many overflow and wrong-entry locations are kept in a result.
MAX_LOCATIONS = 100

Location = tuple[int, tuple[int, ...]]
"""(point number, index of the entry): ``(i,)`` in a gradient, ``(row, column)`` in a Jacobian."""


class CheckVerdict(enum.Enum):
    """The outcome of a numeric derivative check."""

    HOLDS = "holds"
    """Every entry agrees with its estimate within the estimate's error, and none overflowed."""
    WRONG = "wrong"
    """At least one entry disagrees with its estimate beyond the estimate's error."""
    OVERFLOW = "overflow"
    """No entry disagrees, but f was inf or nan near some entries, which went unchecked."""


@dataclass(frozen=True, kw_only=True)
class WorstEntry:
    """The entry with the largest disagreement relative to its tolerance."""

    location: Location
    claimed: float
    estimate: float
    tolerance: float
    """The estimate's error bound there, plus the claim's own rounding and any atol."""
    abs_error: float
    ratio: float
    """``abs_error / tolerance``: above 1 means the claim is wrong at this entry."""


@dataclass(frozen=True, kw_only=True)
class GradientCheck:
    """The evidence of a numeric gradient or Jacobian check at one or more points.

    A verdict of ``HOLDS`` does not prove the claim: it says that at the points checked
    every entry agrees with a finite-difference estimate within that estimate's own error
    (typically a relative 1e-11 to 1e-9). A smaller error in the claim, or an error
    elsewhere, can go unnoticed. A verdict of ``WRONG`` says the claim disagrees with the
    derivative of ``f`` as evaluated in float64; where float64 evaluation of ``f`` loses
    accuracy the estimate's error grows with it, but a function that is exactly constant
    in float64 (saturated) has an estimate of exactly 0 with error 0 there.
    """

    verdict: CheckVerdict
    kind: str
    """``"gradient"`` or ``"jacobian"``."""
    points: int
    shape: tuple[int, ...]
    """Shape of the derivative at one point: ``(n,)`` or ``(m, n)``."""
    checked: int
    """Entries compared (every entry at every point, less the overflowed ones)."""
    max_abs_error: float
    max_rel_error: float
    """Largest normwise relative error: at each point, the largest ``|claimed - estimate|``
    over the largest ``|estimate|`` (so entries of derivative near 0 do not blow it up)."""
    worst: WorstEntry | None
    wrong_count: int
    wrong: tuple[Location, ...]
    """The first ``MAX_LOCATIONS`` wrong entries."""
    overflow_count: int
    overflows: tuple[Location, ...]
    """The first ``MAX_LOCATIONS`` entries not checked because f overflowed near them."""
    noise: tuple[float, ...]
    """Largest measured noise standard deviation of f at each point (over its outputs)."""
    vectorised: bool
    """Whether f was evaluated on batches of points (else one call per point)."""

    def __post_init__(self) -> None:
        if self.points < 1:
            raise ValueError(f"a check covers at least one point (got {self.points})")
        expected = (
            CheckVerdict.WRONG
            if self.wrong_count
            else CheckVerdict.OVERFLOW
            if self.overflow_count
            else CheckVerdict.HOLDS
        )
        if self.verdict is not expected:
            raise ValueError(
                f"verdict must be {expected.value} with {self.wrong_count} wrong and "
                f"{self.overflow_count} overflowed entries (got {self.verdict.value})"
            )
        if self.wrong_count and self.worst is None:
            raise ValueError("a wrong claim must name its worst entry")

    @property
    def holds(self) -> bool:
        """True when every entry was checked and agrees."""
        return self.verdict is CheckVerdict.HOLDS

    def __str__(self) -> str:
        text = (
            f"{self.kind} {self.verdict.value} at {self.points} point(s): "
            f"{self.checked} entries checked, max abs error {self.max_abs_error:.3g}, "
            f"max rel error {self.max_rel_error:.3g}"
        )
        if self.worst is not None:
            w = self.worst
            text += (
                f"; worst entry {w.location[1]} at point {w.location[0]}: claimed "
                f"{w.claimed:.17g}, estimate {w.estimate:.17g} +- {w.tolerance:.3g} "
                f"({w.ratio:.3g} x tolerance)"
            )
        if self.wrong_count:
            text += f"; {self.wrong_count} wrong entries"
        if self.overflow_count:
            text += f"; {self.overflow_count} entries unchecked (f overflowed)"
        return text


Function = Callable[[np.ndarray], object]


def check_gradient(
    f: Function,
    gradient: Function,
    points: Sequence[float] | Sequence[Sequence[float]] | np.ndarray,
    *,
    vectorised: bool | None = None,
    atol: float = 0.0,
) -> GradientCheck:
    """Check that ``gradient(x)`` is the gradient of the scalar function ``f`` at each point.

    ``f`` maps a 1-D array of length n to a float; ``gradient`` maps it to an array of
    shape ``(n,)``. ``points`` is one point ``(n,)`` or several ``(p, n)``. With
    ``vectorised=None`` the checker finds out whether ``f`` also accepts a batch
    ``(batch, n) -> (batch,)``; pass True or False to skip that. ``atol`` is added to
    every entry's tolerance (0 by default: the tolerance is the estimate's own error).
    """
    return _check(f, gradient, points, jacobian=False, vectorised=vectorised, atol=atol)


def check_jacobian(
    f: Function,
    jacobian: Function,
    points: Sequence[float] | Sequence[Sequence[float]] | np.ndarray,
    *,
    vectorised: bool | None = None,
    atol: float = 0.0,
) -> GradientCheck:
    """Check that ``jacobian(x)`` is the Jacobian of the vector function ``f`` at each point.

    ``f`` maps a 1-D array of length n to an array of shape ``(m,)``; ``jacobian`` maps it
    to ``(m, n)`` (entry ``[r, i]`` is ``d f_r / d x_i``). Otherwise as ``check_gradient``.
    """
    return _check(f, jacobian, points, jacobian=True, vectorised=vectorised, atol=atol)


def _as_points(points: object) -> np.ndarray:
    array = np.asarray(points, dtype=np.float64)
    given = array.shape
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] == 0 or array.shape[0] == 0:
        raise ClaimDefinitionError(f"points must have shape (n,) or (p, n) with n, p >= 1 (got {given})")
    if not np.all(np.isfinite(array)):
        raise ClaimDefinitionError("points must be finite")
    return array


def _output_shape(f: Function, x: np.ndarray, jacobian: bool) -> tuple[int, ...]:
    with np.errstate(all="ignore"):
        value = np.asarray(f(x.copy()), dtype=np.float64)
    if jacobian and value.ndim != 1:
        raise ClaimDefinitionError(
            f"f must map a point of shape {x.shape} to a vector of shape (m,) for a "
            f"Jacobian check (got shape {value.shape}); use check_gradient for a scalar f"
        )
    if not jacobian and value.size != 1:
        raise ClaimDefinitionError(
            f"f must map a point of shape {x.shape} to a float for a gradient check "
            f"(got shape {value.shape}); use check_jacobian for a vector f"
        )
    return value.shape if jacobian else ()


def _row_by_row(f: Function) -> Callable[[np.ndarray], np.ndarray]:
    def evaluate(batch: np.ndarray) -> np.ndarray:
        # np.asarray keeps a longdouble result longdouble: finite_differences uses that.
        return np.array([np.asarray(f(row)) for row in batch])

    return evaluate


def _accepts_batches(f: Function, x: np.ndarray, output: tuple[int, ...]) -> bool:
    """Whether f maps a batch of points to the batch of its values, row by row."""
    rng = np.random.default_rng(0)
    scale = np.maximum(1.0, np.abs(x)) * 2.0**-5
    batch = x + np.array([0.0, 1.0, -1.0])[:, None] * rng.choice([-1.0, 1.0], size=x.size) * scale
    try:
        with np.errstate(all="ignore"):
            together = np.asarray(f(batch.copy()), dtype=np.float64)
    except Exception:  # noqa: BLE001 - any failure on a batch means "call it per point"
        return False
    if together.shape != (len(batch), *output):
        return False
    with np.errstate(all="ignore"):
        apart = _row_by_row(f)(batch).astype(np.float64).reshape(together.shape)
        close = np.abs(together - apart) <= BATCH_AGREEMENT * (np.abs(together) + np.abs(apart))
    return bool(np.all(close | (np.isnan(together) & np.isnan(apart)) | (together == apart)))


@dataclass(frozen=True, kw_only=True)
class _PointComparison:
    """Claim against estimate at one point, entry by entry, in the claim's layout."""

    claim: np.ndarray
    value: np.ndarray
    tolerance: np.ndarray
    difference: np.ndarray
    ratio: np.ndarray
    overflowed: np.ndarray

    @property
    def wrong(self) -> np.ndarray:
        return ~self.overflowed & ~(self.ratio <= 1.0)

    def worst(self, number: int) -> WorstEntry | None:
        if self.overflowed.all():
            return None
        index = np.unravel_index(int(np.argmax(np.where(self.overflowed, -1.0, self.ratio))), self.ratio.shape)
        return WorstEntry(
            location=(number, tuple(int(i) for i in index)),
            claimed=float(self.claim[index]),
            estimate=float(self.value[index]),
            tolerance=float(self.tolerance[index]),
            abs_error=float(self.difference[index]),
            ratio=float(self.ratio[index]),
        )


def _compare(claim: np.ndarray, estimate: DerivativeEstimate, *, jacobian: bool, atol: float) -> _PointComparison:
    value, error, overflowed = _derivative_layout(estimate, jacobian)
    with np.errstate(all="ignore"):
        difference = np.abs(claim - value)
        tolerance = error + CLAIM_ROUNDING * EPSILON * np.abs(claim) + atol
        ratio = np.where(difference == 0.0, 0.0, difference / tolerance)
    # A non-finite claim where f is finite is wrong; an overflowed entry is not compared.
    ratio = np.where(np.isfinite(claim), ratio, np.inf)
    ratio = np.where(overflowed, 0.0, ratio)
    return _PointComparison(
        claim=claim,
        value=value,
        tolerance=tolerance,
        difference=difference,
        ratio=ratio,
        overflowed=overflowed,
    )


def _locations(number: int, mask: np.ndarray, room: int) -> list[Location]:
    """The first ``room`` entries set in ``mask``, as locations at point ``number``."""
    return [(number, tuple(int(i) for i in index)) for index in np.argwhere(mask)[: max(room, 0)]]


def _check(
    f: Function,
    claimed: Function,
    points: object,
    *,
    jacobian: bool,
    vectorised: bool | None,
    atol: float,
) -> GradientCheck:
    xs = _as_points(points)
    n = xs.shape[1]
    output = _output_shape(f, xs[0], jacobian)
    if vectorised is None:
        vectorised = _accepts_batches(f, xs[0], output)
    batch_f: Callable[[np.ndarray], np.ndarray] = f if vectorised else _row_by_row(f)  # type: ignore[assignment]
    shape = (*output, n)

    abs_errors: list[float] = []
    rel_errors: list[float] = []
    noise: list[float] = []
    worst: WorstEntry | None = None
    wrong: list[Location] = []
    overflows: list[Location] = []
    wrong_count = overflow_count = checked = 0
    for number, x in enumerate(xs):
        with np.errstate(all="ignore"):
            claim = np.asarray(claimed(x.copy()), dtype=np.float64)
        if claim.shape != shape:
            raise ClaimDefinitionError(
                f"the claimed {'Jacobian' if jacobian else 'gradient'} must have shape "
                f"{shape} at a point of shape ({n},) (got {claim.shape})"
            )
        estimate = partial_derivatives(batch_f, x, np.arange(n))
        noise.append(float(np.max(estimate.noise)))
        comparison = _compare(claim, estimate, jacobian=jacobian, atol=atol)
        checked += int(np.sum(~comparison.overflowed))
        wrong_count += int(np.sum(comparison.wrong))
        overflow_count += int(np.sum(comparison.overflowed))
        wrong.extend(_locations(number, comparison.wrong, MAX_LOCATIONS - len(wrong)))
        overflows.extend(_locations(number, comparison.overflowed, MAX_LOCATIONS - len(overflows)))
        finite = ~comparison.overflowed & np.isfinite(comparison.difference)
        if np.any(finite):
            largest = float(np.max(comparison.difference[finite]))
            abs_errors.append(largest)
            scale = float(np.max(np.abs(comparison.value[finite])))
            if scale > 0.0:
                rel_errors.append(largest / scale)
        here = comparison.worst(number)
        if here is not None and (worst is None or here.ratio > worst.ratio):
            worst = here

    verdict = CheckVerdict.WRONG if wrong_count else CheckVerdict.OVERFLOW if overflow_count else CheckVerdict.HOLDS
    return GradientCheck(
        verdict=verdict,
        kind="jacobian" if jacobian else "gradient",
        points=len(xs),
        shape=shape,
        checked=checked,
        max_abs_error=max(abs_errors, default=0.0),
        max_rel_error=max(rel_errors, default=0.0),
        worst=worst,
        wrong_count=wrong_count,
        wrong=tuple(wrong),
        overflow_count=overflow_count,
        overflows=tuple(overflows),
        noise=tuple(noise),
        vectorised=vectorised,
    )


def _derivative_layout(estimate: DerivativeEstimate, jacobian: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Estimate, error and overflow flags in the claim's layout: (n,) or (m, n)."""
    if not jacobian:
        return estimate.value.reshape(-1), estimate.error.reshape(-1), estimate.overflowed.reshape(-1)

    # partial_derivatives gives (n, m): one row per coordinate, one column per output.
    def columns(array: np.ndarray) -> np.ndarray:
        return np.asarray(array).reshape(array.shape[0], -1).T

    return columns(estimate.value), columns(estimate.error), columns(estimate.overflowed)
