"""Central finite differences with Richardson extrapolation and their own error estimate.

A partial derivative is estimated from central differences at the steps h, h/2 and h/4.
Two Richardson steps remove the h**2 and h**4 terms; the estimate returned is the
sixth-order one. Its error estimate is the sum of two terms, so that callers can use it
as their tolerance instead of a fixed rtol:

- truncation: how far the fourth-order estimates still move (an overestimate of the
  sixth-order estimate's truncation error while the step is in the asymptotic regime);
- rounding: the function's own float64 evaluation noise, amplified by the difference
  quotient. The noise is *measured*, not guessed: float64 error of ``f`` is not
  ``eps * |f|`` (a sum of K terms carries error up to ``K * eps * sum|terms|``, and a
  cancelling difference far more), and a worst-case a-priori bound would be hundreds of
  times too loose to resolve relative errors near 1e-10. So ``f`` is evaluated on a few
  tiny equispaced lines through the point (along coordinate axes and random sign
  directions), where its smooth part is a polynomial of negligible sixth difference; the
  sixth differences of those values are then pure noise, and their size gives the noise
  level (Moré and Wild's ECnoise). The rounding bound is many standard deviations of that
  noise, never below the final rounding of ``f`` itself.

Steps are powers of two, so every perturbed point is exact and the Richardson ratios are
exact too. A coordinate whose truncation term dominates its rounding term (the step is
too large for the function's scale), or whose perturbed values overflow while ``f(x)``
does not (the step left the domain, as for ``log`` near 0), is redone with a step four
times smaller, reusing the finest evaluations, until the bound stops improving.

Functions here take a vectorised ``f``: an array of points of shape ``(batch, n)`` in,
an array of values of shape ``(batch,)`` out (or ``(batch, m)`` for a vector function),
so that every perturbed point is evaluated in a few large calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import factorial

import numpy as np

__all__ = [
    "DerivativeEstimate",
    "gradient",
    "partial_derivative",
    "partial_derivatives",
]

VectorisedFunction = Callable[[np.ndarray], np.ndarray]

EPSILON = float(np.finfo(np.float64).eps)
# Initial step, relative to max(1, |x_i|). Large enough that the rounding term is small;
# coordinates where that is too large for the function's scale are refined.
BASE_STEP = 2.0**-6
# The three steps of one estimate, as fractions of its largest step.
FRACTIONS = np.array([1.0, 0.5, 0.25])
# The sixth-order estimate as a combination of the three central differences:
# S = (64 D(h/4) - 20 D(h/2) + D(h)) / 45.
RICHARDSON_WEIGHTS = np.array([1.0, -20.0, 64.0]) / 45.0
# Standard deviation of S per unit noise in f and unit step: each D(h*r) is
# (f(x + h r) - f(x - h r)) / (2 h r), and the noise of each evaluation is independent.
NOISE_GAIN = float(np.sqrt(2.0 * np.sum((RICHARDSON_WEIGHTS / (2.0 * FRACTIONS)) ** 2)))
# Rounding bound in standard deviations of the measured noise: the estimate is checked
# entry by entry, up to millions of entries per run, with no false alarm allowed.
NOISE_SIGMAS = 8.0
# The final rounding of f alone has standard deviation ulp/sqrt(12) >= eps*|f|/7.
NOISE_FLOOR = 0.25
# Noise probes: NOISE_POINTS equispaced points, spaced NOISE_SPACING times the base step,
# along up to NOISE_AXES coordinate axes and NOISE_DIRECTIONS random sign directions.
NOISE_SPACING = 2.0**-10
NOISE_POINTS = 13
NOISE_ORDER = 6
NOISE_AXES = 4
NOISE_DIRECTIONS = 4
# E[(sixth difference)**2] = C(12, 6) sigma**2 for independent noise of deviation sigma.
NOISE_NORMALISER = factorial(NOISE_ORDER) ** 2 / factorial(2 * NOISE_ORDER)
NOISE_SEED = 20240531
# Each refinement divides the step by four; eight of them reach 2**-16 of the first step.
MAX_REFINEMENTS = 8
# Rows per call to f are capped so that one batch (and each temporary f makes of its
# size) stays in cache and below the allocator's mmap threshold: 256 KiB.
CHUNK_ELEMENTS = 2**15


@dataclass(frozen=True, kw_only=True)
class DerivativeEstimate:
    """A derivative estimate with its error estimate, the step used, and overflow flags.

    ``value`` and ``error`` have one entry per requested partial derivative (shape
    ``(count,)``, or ``(count, m)`` for a function with m outputs); ``step`` has shape
    ``(count,)``. ``overflowed`` is true where a perturbed evaluation was inf or nan at
    every step tried: there the estimate says nothing about the derivative, and
    ``error`` is inf. ``noise`` is the measured standard deviation of the float64
    evaluation noise of ``f`` near the point (one entry per output).

    The error is an estimate, not a proof: it assumes the function is smooth on the
    scale of the final step and that its rounding noise near the point resembles the
    noise measured on the probe lines. It says nothing about points not evaluated.
    """

    value: np.ndarray
    error: np.ndarray
    step: np.ndarray
    overflowed: np.ndarray
    noise: np.ndarray


@dataclass(frozen=True, kw_only=True)
class _Pass:
    """The Richardson table of one step size for a set of coordinates."""

    value: np.ndarray
    truncation: np.ndarray
    rounding: np.ndarray
    finite: np.ndarray

    @property
    def error(self) -> np.ndarray:
        return np.where(self.finite, self.truncation + self.rounding, np.inf)


def _base_steps(x: np.ndarray) -> np.ndarray:
    """A power of two near BASE_STEP * max(1, |x_i|): x +- h/4 is exact."""
    scale = BASE_STEP * np.maximum(1.0, np.abs(x))
    return np.exp2(np.round(np.log2(scale)))


class _Evaluator:
    """Evaluates f on rows built in cache-sized chunks; values have shape (rows, m)."""

    def __init__(self, f: VectorisedFunction, x: np.ndarray) -> None:
        self.f = f
        self.x = x
        self.chunk = max(1, CHUNK_ELEMENTS // max(1, x.size))
        self.outputs: int | None = None
        self.scalar = True

    def _call(self, points: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            values = np.array(self.f(points), dtype=np.float64)
        if values.ndim == 0:
            values = np.broadcast_to(values, points.shape[:1])
        if values.shape[:1] != points.shape[:1] or values.ndim > 2:
            raise ValueError(
                f"f must map points of shape (batch, n) to values of shape (batch,) or "
                f"(batch, m) (got {values.shape} for points of shape {points.shape})"
            )
        if values.ndim == 2:
            self.scalar = False
        return values.reshape(len(points), -1)

    def axis_rows(self, coordinates: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """f at x + offsets[r] * e_{coordinates[r]} for each row r."""
        return self._chunked(
            len(coordinates),
            lambda rows, buffer: _add_axis(buffer, coordinates[rows], offsets[rows]),
        )

    def direction_rows(self, directions: np.ndarray, multiples: np.ndarray) -> np.ndarray:
        """f at x + multiples[j] * directions[d] for every direction d and multiple j."""
        count = len(directions) * len(multiples)

        def fill(rows: slice, buffer: np.ndarray) -> None:
            index = np.arange(rows.start, rows.stop)
            buffer += multiples[index % len(multiples), None] * directions[index // len(multiples)]

        return self._chunked(count, fill)

    def _chunked(self, count: int, fill: Callable[[slice, np.ndarray], None]) -> np.ndarray:
        parts = []
        for start in range(0, count, self.chunk):
            rows = slice(start, min(count, start + self.chunk))
            buffer = np.repeat(self.x[None, :], rows.stop - rows.start, axis=0)
            fill(rows, buffer)
            parts.append(self._call(buffer))
        if not parts:
            return np.empty((0, 1))
        return np.concatenate(parts)


def _add_axis(buffer: np.ndarray, coordinates: np.ndarray, offsets: np.ndarray) -> None:
    buffer[np.arange(len(buffer)), coordinates] += offsets


def _noise_directions(x: np.ndarray, coordinates: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Probe directions, already scaled by the probe spacing: axes and random signs."""
    spacing = NOISE_SPACING * base
    picks = np.unique(coordinates[np.linspace(0, len(coordinates) - 1, NOISE_AXES).astype(np.intp)])
    axes = np.zeros((len(picks), x.size))
    axes[np.arange(len(picks)), picks] = spacing[picks]
    # Fixed seed: the same point always gets the same probes, so results reproduce.
    signs = np.random.default_rng(NOISE_SEED).choice([-1.0, 1.0], size=(NOISE_DIRECTIONS, x.size))
    return np.concatenate([axes, signs * spacing])


def _measure_noise(values: np.ndarray, directions: int) -> np.ndarray:
    """Noise standard deviation per output from the probe values, nan if none finite."""
    lines = values.reshape(directions, NOISE_POINTS, -1)
    differences = np.diff(lines, NOISE_ORDER, axis=1)
    usable = np.all(np.isfinite(differences), axis=1)
    per_line = np.sqrt(NOISE_NORMALISER * np.mean(differences**2, axis=1))
    per_line = np.where(usable, per_line, -np.inf)
    # The largest line, not the mean: a coordinate's noise may exceed the typical one.
    noise = np.max(per_line, axis=0)
    return np.where(np.isfinite(noise), noise, np.nan)


def _richardson(values: np.ndarray, step: np.ndarray, noise: np.ndarray) -> _Pass:
    """One pass from values[line, sign, level, output] at steps step * FRACTIONS."""
    h = step[:, None, None]
    quotients = (values[:, 0] - values[:, 1]) / (2.0 * FRACTIONS[None, :, None] * h)
    coarse = (4.0 * quotients[:, 1] - quotients[:, 0]) / 3.0
    fine = (4.0 * quotients[:, 2] - quotients[:, 1]) / 3.0
    best = (16.0 * fine - coarse) / 15.0
    # Two estimates of the fourth-order error; either may vanish by accident alone.
    truncation = np.abs(best - fine) + np.abs(fine - coarse) / 15.0
    rounding = NOISE_SIGMAS * NOISE_GAIN * noise[None, :] / step[:, None]
    finite = np.all(np.isfinite(values), axis=(1, 2)) & np.isfinite(best)
    return _Pass(value=best, truncation=truncation, rounding=rounding, finite=finite)


def partial_derivatives(
    f: VectorisedFunction, x: np.ndarray, coordinates: np.ndarray
) -> DerivativeEstimate:
    """Estimate df/dx_i at the point ``x`` for each i in ``coordinates``.

    ``f`` maps points of shape ``(batch, n)`` to ``(batch,)`` or ``(batch, m)``.
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    coordinates = np.asarray(coordinates, dtype=np.intp).reshape(-1)
    count = len(coordinates)
    evaluator = _Evaluator(f, x)
    base = _base_steps(x)

    centre = evaluator.axis_rows(np.zeros(1, dtype=np.intp), np.zeros(1))[0]
    outputs = centre.size
    directions = _noise_directions(x, coordinates, base) if count else np.zeros((0, x.size))
    multiples = np.arange(NOISE_POINTS) - NOISE_POINTS // 2.0
    probe = evaluator.direction_rows(directions, multiples)
    noise = _measure_noise(probe, len(directions)) if len(directions) else np.full(outputs, np.nan)
    floor = NOISE_FLOOR * EPSILON * np.abs(centre)
    noise = np.fmax(noise, floor)

    step = base[coordinates]
    offsets = (np.array([1.0, -1.0])[:, None] * FRACTIONS[None, :]).reshape(-1)  # sign, level
    lines = np.repeat(coordinates, offsets.size)
    values = evaluator.axis_rows(lines, np.tile(offsets, count) * np.repeat(step, offsets.size))
    values = values.reshape(count, 2, FRACTIONS.size, outputs)
    current = _richardson(values, step, noise)

    value = current.value.copy()
    error = current.error.copy()
    chosen = step.copy()
    active = _needs_refinement(current) & bool(np.all(np.isfinite(centre)))
    for _ in range(MAX_REFINEMENTS):
        if not np.any(active):
            break
        rows = np.flatnonzero(active)
        step[rows] /= 4.0
        finer = np.empty((len(rows), 2, FRACTIONS.size, outputs))
        # The old finest level is the new coarsest: only two new levels are evaluated.
        finer[:, :, 0] = values[rows, :, 2]
        new_offsets = (np.array([1.0, -1.0])[:, None] * FRACTIONS[None, 1:]).reshape(-1)
        fresh = evaluator.axis_rows(
            np.repeat(coordinates[rows], new_offsets.size),
            np.tile(new_offsets, len(rows)) * np.repeat(step[rows], new_offsets.size),
        )
        finer[:, :, 1:] = fresh.reshape(len(rows), 2, FRACTIONS.size - 1, outputs)
        values[rows] = finer
        current = _richardson(finer, step[rows], noise)
        # The finer estimate replaces the coarser one even when its bound is larger: a
        # coarse bound that is smaller is an accident of a step outside the asymptotic
        # regime. Only a finer step that overflows where the coarser did not is dropped.
        usable = current.finite.all(axis=1) | ~np.isfinite(error[rows]).any(axis=1)
        taken = rows[usable]
        value[taken] = current.value[usable]
        error[taken] = current.error[usable]
        chosen[taken] = step[taken]
        active[:] = False
        active[taken] = _needs_refinement(current)[usable]

    overflowed = ~np.isfinite(error) | ~np.isfinite(centre)[None, :]
    error = np.where(overflowed, np.inf, error)
    if evaluator.scalar and outputs == 1:
        value, error, overflowed, noise = value[:, 0], error[:, 0], overflowed[:, 0], noise[0]
    return DerivativeEstimate(
        value=value, error=error, step=chosen, overflowed=overflowed, noise=np.asarray(noise)
    )


def _needs_refinement(current: _Pass) -> np.ndarray:
    """Lines whose step is too large: overflowed, or truncation above rounding."""
    return np.any(~current.finite | (current.truncation > current.rounding), axis=1)


def partial_derivative(f: VectorisedFunction, x: np.ndarray, i: int) -> DerivativeEstimate:
    """Estimate df/dx_i at ``x``; the estimate's arrays have shape ``(1,)``."""
    return partial_derivatives(f, x, np.array([i]))


def gradient(f: VectorisedFunction, x: np.ndarray) -> DerivativeEstimate:
    """Estimate every partial derivative of ``f`` at ``x``."""
    x = np.asarray(x, dtype=np.float64)
    return partial_derivatives(f, x, np.arange(x.size))
