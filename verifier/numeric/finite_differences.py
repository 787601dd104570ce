"""Central finite differences with Richardson extrapolation and their own error estimate.

A partial derivative is estimated from central differences at the steps h, h/2, h/4 and
h/8. Richardson extrapolation removes the h**2 and h**4 terms, giving two sixth-order
estimates; the finer one is returned. Its error estimate is what callers use as their
tolerance instead of a fixed rtol, so it must be tight (to resolve relative errors near
1e-10) and never too small (a too-small bound is a false alarm). It is the sum of:

- truncation: how far the finer fourth-order estimates still move, plus how far the two
  sixth-order estimates differ. Either alone overestimates the error in the asymptotic
  regime; together they catch a step outside it, where one of them vanishes by accident
  (a fifth derivative near 0 makes the fourth-order estimates agree while all are off).
- rounding: the float64 evaluation error of ``f``, amplified by the difference quotient.

The evaluation error of ``f`` is measured, not guessed from ``eps * |f|``: a sum of K
terms carries error up to ``K * eps * sum|terms|``, a cancelling difference far more, and
a worst-case a-priori bound would be hundreds of times too loose at K = 1000. Two
measurements are combined:

- noise: ``f`` is evaluated on a few short equispaced lines through the point (along
  coordinate axes and random sign directions). There its smooth part has a negligible
  sixth difference, so the sixth differences are pure rounding noise, and their size
  gives its standard deviation (Moré and Wild's ECnoise). The bound allows many standard
  deviations, and never less than the final rounding of ``f`` itself.
- error: where NumPy has an extended-precision ``longdouble`` and ``f`` computes in it,
  ``f`` is evaluated at the point and a few points around it in both precisions. The
  difference is the float64 error of ``f`` itself, including the systematic part that
  no float64 probe can see: an intermediate stuck at exactly 1.0 (a saturated softmax
  entry or tanh) makes f constant between jumps of one ulp of that intermediate, far
  larger than f's own ulp, so the probes see a plateau and the steps a staircase.

Steps are powers of two, so every perturbed point is exact and the Richardson ratios are
exact too. A coordinate whose truncation term exceeds its rounding term (the step is too
large for the function's scale), or whose perturbed values overflow while ``f(x)`` does
not (the step left the domain, as for ``log`` near 0), is redone with a step four times
smaller, reusing the two finest levels, until rounding dominates.

Functions here take a vectorised ``f``: an array of points of shape ``(batch, n)`` in,
an array of values of shape ``(batch,)`` out (or ``(batch, m)`` for a function with m
outputs), so that every perturbed point is evaluated in a few calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import factorial

import numpy as np

from verifier.errors import ClaimDefinitionError

__all__ = [
    "DerivativeEstimate",
    "gradient",
    "partial_derivative",
    "partial_derivatives",
    "partial_derivatives_at",
]

VectorisedFunction = Callable[[np.ndarray], np.ndarray]

EPSILON = float(np.finfo(np.float64).eps)
# Initial step relative to max(1, |x_i|), rounded to a power of two. Large, so that the
# rounding term is small; refinement shrinks it where the function varies faster.
BASE_STEP = 2.0**-5
# The steps of one table, as fractions of its largest step h.
FRACTIONS = np.array([1.0, 0.5, 0.25, 0.125])
# The returned estimate S = (D(h/2) - 20 D(h/4) + 64 D(h/8)) / 45 as coefficients of
# f(x + r h) - f(x - r h), in units of 1/h, where D(r h) = (f(x + r h) - f(x - r h)) / (2 r h).
COEFFICIENTS = np.array([1.0, -20.0, 64.0]) / 45.0 / (2.0 * FRACTIONS[1:])
# Standard deviation of S for independent noise of unit deviation in each evaluation.
NOISE_GAIN = float(np.sqrt(2.0 * np.sum(COEFFICIENTS**2)))
# Largest error of S for an error of magnitude at most 1 in each evaluation.
BIAS_GAIN = float(2.0 * np.sum(np.abs(COEFFICIENTS)))
# Standard deviations of measured noise allowed: estimates are checked entry by entry,
# up to millions of entries in a run, and no false alarm is acceptable.
NOISE_SIGMAS = 8.0
# Noise never counts as less than this times eps*|f|: the final rounding of f alone has
# deviation ulp/sqrt(12), between eps*|f|/7 and eps*|f|/3.5.
NOISE_FLOOR = 0.25
# The float64 error is measured at a few points; the others may carry up to twice as much.
BIAS_MARGIN = 2.0
# Noise probes: NOISE_POINTS points spaced NOISE_SPACING times the base step, along up
# to NOISE_AXES of the requested coordinate axes and NOISE_DIRECTIONS sign directions.
# The spacing is far above one ulp, so quantised (e.g. float32) internals show as noise.
NOISE_SPACING = 2.0**-10
NOISE_POINTS = 13
NOISE_ORDER = 6
NOISE_AXES = 4
NOISE_DIRECTIONS = 4
# E[(sixth difference)**2] = C(12, 6) sigma**2 for independent noise of deviation sigma.
NOISE_NORMALISER = factorial(NOISE_ORDER) ** 2 / factorial(2 * NOISE_ORDER)
# Fixed, so that the same point always gets the same probes and results reproduce.
NOISE_SEED = 20240531
# Each refinement divides the step by four; eight of them reach 2**-16 of the first.
MAX_REFINEMENTS = 8
# Rows per call to f are capped so that a batch, and every temporary f makes of its
# size, stays in cache and below the allocator's mmap threshold: 256 KiB of float64.
CHUNK_ELEMENTS = 2**15


@dataclass(frozen=True, kw_only=True)
class DerivativeEstimate:
    """A derivative estimate with its error estimate, the step used, and overflow flags.

    ``value`` and ``error`` have one entry per requested partial derivative: shape
    ``(count,)``, or ``(count, m)`` for a function with m outputs. ``step`` (shape
    ``(count,)``) is the largest step h of the table the estimate comes from (it uses
    h/2, h/4 and h/8; h enters only its error estimate). ``overflowed`` is true where
    a perturbed evaluation was inf or nan at every step tried, or ``f(x)`` itself was:
    there the estimate says nothing about the derivative and ``error`` is inf.
    ``noise`` is the measured standard deviation of the float64 rounding noise of ``f``
    near the point and ``bias`` the largest float64 error of ``f`` measured in extended
    precision at the point and a few points around it (0 where that is unavailable),
    one entry per output.

    The error is an estimate, not a proof. It assumes that ``f`` is smooth on the scale
    of the step, that its rounding near the point resembles what was measured, and that
    ``longdouble`` (where NumPy has one wider than float64) evaluates ``f`` more
    accurately. It says nothing about points that were not evaluated.
    """

    value: np.ndarray
    error: np.ndarray
    step: np.ndarray
    overflowed: np.ndarray
    noise: np.ndarray
    bias: np.ndarray


@dataclass(frozen=True, kw_only=True)
class _Table:
    """The Richardson table of one step size for a set of lines (coordinates)."""

    value: np.ndarray
    truncation: np.ndarray
    rounding: np.ndarray
    finite: np.ndarray

    @property
    def error(self) -> np.ndarray:
        return np.where(self.finite, self.truncation + self.rounding, np.inf)

    @property
    def too_coarse(self) -> np.ndarray:
        """Lines whose step is too large: overflowed, or truncation above rounding."""
        coarse: np.ndarray = np.any(~self.finite | (self.truncation > self.rounding), axis=1)
        return coarse


class _Evaluator:
    """Evaluates f around a batch of points, in cache-sized chunks; values have shape (rows, m)."""

    def __init__(self, f: VectorisedFunction, points: np.ndarray) -> None:
        self.f = f
        self.points = points
        self.chunk = max(1, CHUNK_ELEMENTS // max(1, points.shape[1]))
        self.vector = False

    def _call(self, points: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            # A copy: f may return a view of the buffer, which is reused.
            values = np.array(self.f(points), dtype=np.float64)
        if values.ndim == 0:
            values = np.broadcast_to(values, points.shape[:1])
        if values.shape[:1] != points.shape[:1] or values.ndim > 2:
            raise ClaimDefinitionError(
                "f must map points of shape (batch, n) to values of shape (batch,) or "
                f"(batch, m) (got {values.shape} for points of shape {points.shape})"
            )
        self.vector = self.vector or values.ndim == 2
        return values.reshape(len(points), -1)

    def axis_rows(self, origins: np.ndarray, coordinates: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f at points[origins[r]] + offsets[r] * e_{coordinates[r]} for each row r."""

        def fill(rows: np.ndarray, buffer: np.ndarray) -> None:
            buffer[np.arange(len(rows)), coordinates[rows]] += offsets[rows]

        return self._chunked(origins, fill)

    def line_rows(self, directions: np.ndarray, multiples: np.ndarray) -> np.ndarray:
        """f at points[p] + multiples[j] * directions[p, d] for every point p, direction d, multiple j."""
        per_point = directions.shape[1] * len(multiples)

        def fill(rows: np.ndarray, buffer: np.ndarray) -> None:
            within = rows % per_point
            buffer += multiples[within % len(multiples), None] * directions[rows // per_point, within // len(multiples)]

        return self._chunked(np.repeat(np.arange(len(self.points)), per_point), fill)

    def _chunked(self, origins: np.ndarray, fill: Callable[[np.ndarray, np.ndarray], None]) -> np.ndarray:
        parts = []
        for start in range(0, len(origins), self.chunk):
            rows = np.arange(start, min(len(origins), start + self.chunk))
            buffer = self.points[origins[rows]]
            fill(rows, buffer)
            parts.append(self._call(buffer))
        return np.concatenate(parts) if parts else np.empty((0, 1))

    def extended_error(self, around: np.ndarray, outputs: int) -> np.ndarray:
        """Largest |f in float64 - f in longdouble| over the points around each point, per output.

        ``around`` has shape (points, probes, n); the result (points, outputs). 0 where that
        is unavailable: no wider longdouble, or f fails on it or computes in float64
        inside (then nothing is learnt), or no probe gives finite values.
        """
        count, probes, n = around.shape
        nothing = np.zeros((count, outputs))
        if np.finfo(np.longdouble).eps >= EPSILON:
            return nothing
        flat = around.reshape(count * probes, n)
        try:
            with np.errstate(all="ignore"):
                wide = self.f(flat.astype(np.longdouble))
        except Exception:  # noqa: BLE001 - f need not support longdouble at all
            return nothing
        if not isinstance(wide, np.ndarray) or wide.dtype != np.longdouble:
            return nothing
        if wide.size != len(flat) * outputs:
            return nothing
        narrow = self._call(flat).astype(np.longdouble)
        with np.errstate(all="ignore"):
            difference = np.abs(wide.reshape(len(flat), outputs) - narrow).astype(np.float64)
        difference = np.where(np.isfinite(difference), difference, 0.0).reshape(count, probes, outputs)
        largest: np.ndarray = np.max(difference, axis=1)
        return largest


def _base_steps(x: np.ndarray) -> np.ndarray:
    """A power of two near BASE_STEP * max(1, |x_i|): x +- h/8 is exact."""
    steps: np.ndarray = np.exp2(np.round(np.log2(BASE_STEP * np.maximum(1.0, np.abs(x)))))
    return steps


def _measure_noise(evaluator: _Evaluator, coordinates: np.ndarray, base: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Standard deviation of the rounding noise of f near each point, per output; nan if unknown.

    ``base`` holds each point's base steps (points, n); the result has shape (points, m).
    """
    count, n = base.shape
    spacing = NOISE_SPACING * base
    if coordinates.ndim == 1:
        picks = np.unique(coordinates[np.linspace(0, len(coordinates) - 1, NOISE_AXES).astype(np.intp)])
        axes = np.zeros((count, len(picks), n))
        axes[:, np.arange(len(picks)), picks] = spacing[:, picks]
    else:  # each point its own coordinates (a repeated pick only repeats a line)
        chosen = coordinates[:, np.linspace(0, coordinates.shape[1] - 1, NOISE_AXES).astype(np.intp)]
        rows = np.arange(count)[:, None]
        axes = np.zeros((count, chosen.shape[1], n))
        axes[rows, np.arange(chosen.shape[1])[None, :], chosen] = spacing[rows, chosen]
    directions = np.concatenate([axes, signs[None, :, :] * spacing[:, None, :]], axis=1)
    multiples = np.arange(NOISE_POINTS) - (NOISE_POINTS // 2)
    values = evaluator.line_rows(directions, multiples.astype(np.float64))
    lines = values.reshape(count, directions.shape[1], NOISE_POINTS, -1)
    differences = np.diff(lines, NOISE_ORDER, axis=2)
    per_line = np.sqrt(NOISE_NORMALISER * np.mean(differences**2, axis=2))
    per_line = np.where(np.all(np.isfinite(differences), axis=2), per_line, np.nan)
    # The noisiest line, not the mean: one coordinate's noise may exceed the typical.
    with np.errstate(all="ignore"):
        noise: np.ndarray = np.fmax.reduce(per_line, axis=1)
    return noise


def _table(values: np.ndarray, step: np.ndarray, noise: np.ndarray, bias: np.ndarray) -> _Table:
    """Estimates from values[line, sign, level, output] at steps step * FRACTIONS.

    ``noise`` and ``bias`` are those of each line's point: shape (lines, outputs).
    """
    h = step[:, None, None]
    with np.errstate(all="ignore"):
        quotients = (values[:, 0] - values[:, 1]) / (2.0 * FRACTIONS[None, :, None] * h)
        fourth = (4.0 * quotients[:, 1:] - quotients[:, :-1]) / 3.0
        sixth = (16.0 * fourth[:, 1:] - fourth[:, :-1]) / 15.0
        best = sixth[:, -1]
        truncation = (
            np.abs(best - fourth[:, -1])
            + np.abs(fourth[:, -1] - fourth[:, -2]) / 15.0
            + np.abs(sixth[:, -1] - sixth[:, -2])
        )
    # Where |f| grows along the line, so does its final rounding: the probes near x
    # would underestimate it (x**3 near 0 with a step larger than |x|).
    line_noise = np.fmax(noise, NOISE_FLOOR * EPSILON * np.max(np.abs(values), axis=(1, 2)))
    spread = NOISE_SIGMAS * NOISE_GAIN * line_noise + BIAS_GAIN * BIAS_MARGIN * bias
    rounding = spread / step[:, None]
    finite = np.all(np.isfinite(values), axis=(1, 2)) & np.isfinite(best)
    return _Table(value=best, truncation=truncation, rounding=rounding, finite=finite)


def partial_derivatives(f: VectorisedFunction, x: np.ndarray, coordinates: np.ndarray) -> DerivativeEstimate:
    """Estimate df/dx_i at the point ``x`` for each i in ``coordinates``.

    ``f`` maps points of shape ``(batch, n)`` to values of shape ``(batch,)`` or
    ``(batch, m)``; the estimate's arrays then have shape ``(count,)`` or ``(count, m)``.
    """
    estimate = partial_derivatives_at(f, np.asarray(x, dtype=np.float64).reshape(1, -1), coordinates)
    return DerivativeEstimate(
        value=estimate.value[0],
        error=estimate.error[0],
        step=estimate.step[0],
        overflowed=estimate.overflowed[0],
        noise=estimate.noise[0],
        bias=estimate.bias[0],
    )


def partial_derivatives_at(
    f: VectorisedFunction, points: np.ndarray, coordinates: np.ndarray, *, fixed: np.ndarray | None = None
) -> DerivativeEstimate:
    """``partial_derivatives`` at each row of ``points`` (shape ``(P, n)``), with f evaluated in batches.

    ``coordinates`` is one list for every point (shape ``(count,)``) or one per point
    (shape ``(P, count)``). Columns in ``fixed`` are never perturbed (they hold integers
    such as a point's size). Every array of the estimate gains a leading axis of length
    P: ``value`` has shape ``(P, count)`` or ``(P, count, m)``, ``noise`` and ``bias``
    ``(P,)`` or ``(P, m)``.
    """
    with np.errstate(all="ignore"):  # overflow is reported in the result, not warned
        return _partial_derivatives(f, points, coordinates, fixed)


def _partial_derivatives(
    f: VectorisedFunction, points: np.ndarray, coordinates: np.ndarray, fixed: np.ndarray | None = None
) -> DerivativeEstimate:
    points = np.asarray(points, dtype=np.float64)
    count_points, n = points.shape
    coordinates = np.asarray(coordinates, dtype=np.intp)
    per_point = coordinates.reshape(count_points, -1) if coordinates.ndim == 2 else None
    coordinates = coordinates.reshape(-1) if per_point is None else per_point[0]
    count = per_point.shape[1] if per_point is not None else len(coordinates)
    evaluator = _Evaluator(f, points)
    base = _base_steps(points)
    if fixed is not None and len(fixed):
        base[:, np.asarray(fixed, dtype=np.intp)] = 0.0

    centre = evaluator.axis_rows(np.arange(count_points), np.zeros(count_points, dtype=np.intp), np.zeros(count_points))
    outputs = centre.shape[1]
    # Fixed seed: the same point always gets the same probes, so results reproduce.
    signs = np.random.default_rng(NOISE_SEED).choice([-1.0, 1.0], size=(NOISE_DIRECTIONS, n))
    noise = (
        _measure_noise(evaluator, coordinates if per_point is None else per_point, base, signs)
        if count
        else centre * np.nan
    )
    noise = np.fmax(noise, NOISE_FLOOR * EPSILON * np.abs(centre))
    around = points[:, None, :] + np.concatenate([signs, -signs])[None, :, :] * (base * FRACTIONS[-1])[:, None, :]
    bias = evaluator.extended_error(np.concatenate([points[:, None, :], around], axis=1), outputs)

    # One line per (point, coordinate).
    line_point = np.repeat(np.arange(count_points), count)
    line_coordinate = np.tile(coordinates, count_points) if per_point is None else per_point.reshape(-1)
    line_noise, line_bias = noise[line_point], bias[line_point]
    step = base[line_point, line_coordinate]
    offsets = (np.array([1.0, -1.0])[:, None] * FRACTIONS[None, :]).reshape(-1)
    lines = len(line_point)
    values = evaluator.axis_rows(
        np.repeat(line_point, offsets.size),
        np.repeat(line_coordinate, offsets.size),
        np.tile(offsets, lines) * np.repeat(step, offsets.size),
    ).reshape(lines, 2, FRACTIONS.size, outputs)
    current = _table(values, step, line_noise, line_bias)
    value, error, chosen = current.value.copy(), current.error.copy(), step.copy()

    kept = FRACTIONS.size // 2
    finer_offsets = (np.array([1.0, -1.0])[:, None] * FRACTIONS[None, kept:]).reshape(-1)
    finite_centre = np.all(np.isfinite(centre), axis=1)
    active = current.too_coarse & finite_centre[line_point]
    for _ in range(MAX_REFINEMENTS):
        if not np.any(active):
            break
        rows = np.flatnonzero(active)
        step[rows] /= 4.0
        finer = np.empty((len(rows), 2, FRACTIONS.size, outputs))
        # The two finest levels (h/4, h/8) are the new two coarsest: two new levels only.
        finer[:, :, :kept] = values[rows, :, kept:]
        finer[:, :, kept:] = evaluator.axis_rows(
            np.repeat(line_point[rows], finer_offsets.size),
            np.repeat(line_coordinate[rows], finer_offsets.size),
            np.tile(finer_offsets, len(rows)) * np.repeat(step[rows], finer_offsets.size),
        ).reshape(len(rows), 2, FRACTIONS.size - kept, outputs)
        values[rows] = finer
        current = _table(finer, step[rows], line_noise[rows], line_bias[rows])
        # The finer estimate replaces the coarser one even where its bound is larger: a
        # smaller coarse bound is an accident of a step outside the asymptotic regime.
        # Only a finer step that overflows where the coarser one did not is dropped.
        usable = current.finite.all(axis=1) | ~np.isfinite(error[rows]).all(axis=1)
        taken = rows[usable]
        value[taken], error[taken] = current.value[usable], current.error[usable]
        chosen[taken] = step[taken]
        active[:] = False
        active[taken] = current.too_coarse[usable]

    overflowed = ~np.isfinite(error) | ~np.isfinite(centre)[line_point]
    error = np.where(overflowed, np.inf, error)
    shape = (count_points, count, outputs)
    value, error, overflowed = value.reshape(shape), error.reshape(shape), overflowed.reshape(shape)
    if not evaluator.vector:
        value, error, overflowed = value[..., 0], error[..., 0], overflowed[..., 0]
        noise, bias = noise[:, 0], bias[:, 0]
    return DerivativeEstimate(
        value=value,
        error=error,
        step=chosen.reshape(count_points, count),
        overflowed=overflowed,
        noise=np.asarray(noise),
        bias=np.asarray(bias),
    )


def partial_derivative(f: VectorisedFunction, x: np.ndarray, i: int) -> DerivativeEstimate:
    """Estimate df/dx_i at ``x``; the estimate's arrays have shape ``(1,)``."""
    return partial_derivatives(f, x, np.array([i]))


def gradient(f: VectorisedFunction, x: np.ndarray) -> DerivativeEstimate:
    """Estimate every partial derivative of ``f`` at ``x``."""
    x = np.asarray(x, dtype=np.float64)
    return partial_derivatives(f, x, np.arange(x.size))
