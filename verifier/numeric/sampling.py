"""Where the falsifier looks: log-scale samples and special points of each domain.

Not a box: reals from +-1e-12 to +-1e3 on a log scale (and a few further out, kept
where the expression stays finite), positive and unit values down to 1e-30 and up to
1 - 1e-30, simplices uniform, sparse, near one-hot and with near-zero entries, ties
(every entry equal) and spikes. Special points: 0, +-1, small integers and halves, the
claim's own constants, the ends of every interval (closed ends exactly, open ends from
just inside), uniform and one-hot vectors.

Every value is a float64 number, hence an exact dyadic rational, except where a domain
needs more: a simplex's largest entry is 1 minus the others exactly (``Layout.exact_point``),
a unit value 1 - 1e-30 is kept exactly beside its float64 image (which rounds to 1).
Points are rows of a ``batch.Layout``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import sympy as sp

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.language.intervals import Interval
from verifier.numeric.batch import Exact, Layout
from verifier.numeric.instances import Assignment
from verifier.numeric.membership import constant, holds

__all__ = ["DISCRETE", "DISCRETE_VALUES", "Cloud", "Sampler", "inside"]

# Domains of finitely many values, drawn from these values only (never moved or shrunk).
DISCRETE_VALUES: dict[Domain | None, tuple[int, ...]] = {Domain.BINARY: (0, 1), Domain.SIGN: (-1, 1)}
DISCRETE = tuple(domain for domain in DISCRETE_VALUES if domain is not None)

# Reals on a log scale from 1e-12 to 1e3, positive and unit values from 1e-30.
SMALLEST_REAL, LARGEST_REAL = -12.0, 3.0
SMALLEST_POSITIVE = -30.0
# A few values further out, up to 1e300: kept where the expression stays finite.
FARTHEST = 300.0
FAR_SHARE = 0.08
# Distances from an open interval end, on a log scale (relative to the interval's scale).
NEAREST_END = -12.0


@dataclass
class Cloud:
    """Rows of a layout, each with its exact values where they are not its float64 image.

    ``kinds`` says where each row comes from (one of ``KINDS``), for the evidence.
    """

    rows: np.ndarray
    exact: list[Exact | None] = field(default_factory=list)
    kinds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))

    @classmethod
    def empty(cls, width: int) -> Cloud:
        return cls(np.zeros((0, width)), [], np.zeros(0, dtype=np.int8))

    def __len__(self) -> int:
        return len(self.rows)

    def extend(self, other: Cloud) -> None:
        self.rows = np.vstack([self.rows, other.rows])
        self.exact.extend(other.exact)
        self.kinds = np.concatenate([self.kinds, other.kinds])

    def take(self, selected: np.ndarray) -> Cloud:
        indices = np.flatnonzero(selected) if selected.dtype == bool else selected
        return Cloud(self.rows[indices], [self.exact[i] for i in indices], self.kinds[indices])


RANDOM, SPECIAL, BREAKPOINT, CRITICAL, REFINED = range(5)
KINDS = ("random", "special", "breakpoint", "critical", "refined")


def _log_uniform(rng: np.random.Generator, low: float, high: float, size: int | tuple[int, ...]) -> np.ndarray:
    values: np.ndarray = 10.0 ** rng.uniform(low, high, size)
    return values


def _signs(rng: np.random.Generator, size: int | tuple[int, ...]) -> np.ndarray:
    signs: np.ndarray = rng.choice([-1.0, 1.0], size)
    return signs


def _real(rng: np.random.Generator, size: int | tuple[int, ...], spread: float) -> np.ndarray:
    """Reals: half on a log scale, most of the rest in a box, a few far out."""
    choice = rng.random(size)
    log_scale = _signs(rng, size) * _log_uniform(rng, SMALLEST_REAL, max(LARGEST_REAL, np.log10(spread)), size)
    box = rng.uniform(-spread, spread, size)
    far = _signs(rng, size) * _log_uniform(rng, LARGEST_REAL, FARTHEST, size)
    values: np.ndarray = np.where(choice < 0.5, log_scale, np.where(choice < 1 - FAR_SHARE, box, far))
    return values


def _positive(rng: np.random.Generator, size: int | tuple[int, ...], spread: float) -> np.ndarray:
    choice = rng.random(size)
    log_scale = _log_uniform(rng, SMALLEST_POSITIVE, max(LARGEST_REAL, np.log10(spread)), size)
    box = np.exp(rng.uniform(-3.0, np.log(spread), size))
    far = _log_uniform(rng, LARGEST_REAL, FARTHEST, size)
    values: np.ndarray = np.where(choice < 0.5, log_scale, np.where(choice < 1 - FAR_SHARE, box, far))
    return values


def inside(interval: Interval, value: Fraction) -> bool:
    """Whether an exact value lies in the interval (its ends decided exactly)."""
    if interval.low is not None:
        relation = sp.GreaterThan if interval.low_closed else sp.StrictGreaterThan
        if not holds(relation, value, interval.low):
            return False
    if interval.high is not None:
        relation = sp.LessThan if interval.high_closed else sp.StrictLessThan
        if not holds(relation, value, interval.high):
            return False
    return True


@dataclass(frozen=True)
class _Scalar:
    """Where one real scalar ranges: its interval with ends as floats and exact constants."""

    interval: Interval
    low: float | None
    high: float | None
    low_exact: Fraction | None
    high_exact: Fraction | None

    @classmethod
    def of(cls, interval: Interval) -> _Scalar:
        low = None if interval.low is None else constant(interval.low)
        high = None if interval.high is None else constant(interval.high)
        return cls(
            interval,
            None if low is None else float(low),
            None if high is None else float(high),
            low if isinstance(low, Fraction) else None,
            high if isinstance(high, Fraction) else None,
        )

    def contains(self, value: Fraction) -> bool:
        return inside(self.interval, value)

    def draw(self, rng: np.random.Generator, count: int, spread: float) -> tuple[np.ndarray, list[Fraction | None]]:
        """``count`` values and, where the float64 image is not the value, the exact value."""
        low, high = self.low, self.high
        exact: list[Fraction | None] = [None] * count
        if low is None and high is None:
            return _real(rng, count, spread), exact
        if high is None or low is None:
            end = low if low is not None else high
            assert end is not None
            direction = 1.0 if low is not None else -1.0
            smallest = SMALLEST_POSITIVE if end == 0 else NEAREST_END + np.log10(max(1.0, abs(end)))
            distance = _positive(rng, count, spread)
            distance = np.where(rng.random(count) < 0.3, _log_uniform(rng, smallest, 0.0, count), distance)
            values = end + direction * distance
        else:
            width = high - low
            smallest = SMALLEST_POSITIVE if low == 0 or high == 0 else NEAREST_END
            choice = rng.random(count)
            near = width * _log_uniform(rng, smallest, 0.0, count)
            values = np.where(
                choice < 0.35, low + near, np.where(choice < 0.7, high - near, rng.uniform(low, high, count))
            )
            # 1 - 1e-30 rounds to 1 in float64: keep the exact value beside it.
            if self.high_exact is not None:
                for i in np.flatnonzero((choice >= 0.35) & (choice < 0.7) & (values >= high)):
                    exact[i] = self.high_exact - Fraction(float(near[i]))
                    values[i] = np.nextafter(high, low)
            if self.low_exact is not None:
                for i in np.flatnonzero((choice < 0.35) & (values <= low)):
                    exact[i] = self.low_exact + Fraction(float(near[i]))
                    values[i] = np.nextafter(low, high)
        return values, exact

    def doubtful(self, values: np.ndarray) -> np.ndarray:
        """Which float values are close enough to an end that only exact comparison can place them."""
        doubtful: np.ndarray = ~np.isfinite(values)
        for end in (self.low, self.high):
            if end is not None:
                doubtful |= np.abs(values - end) <= 1e-9 * max(1.0, abs(end))
        return doubtful

    def specials(self, constants: Sequence[Fraction]) -> list[Fraction]:
        """0, +-1, small numbers, the claim's constants and the interval's ends, where inside."""
        candidates = [Fraction(v) for v in (0, 1, -1, Fraction(1, 2), Fraction(-1, 2), 2, -2, 10, -10)]
        candidates += [Fraction(10) ** e * s for e in (-12, 3) for s in (1, -1)]
        if self.low == 0:  # positive and unit values: down to 1e-30
            candidates.append(Fraction(1, 10**30))
        candidates += [c for value in constants[:4] for c in (value, -value)]
        interval = self.interval
        for end, exact_end, closed, inward in (
            (self.low, self.low_exact, interval.low_closed, 1),
            (self.high, self.high_exact, interval.high_closed, -1),
        ):
            if end is None:
                continue
            if closed and exact_end is not None:
                candidates.append(exact_end)
            base = exact_end if exact_end is not None else Fraction(end)
            scale = max(abs(base), Fraction(1))
            for exponent in (40, 20, 100):
                candidates.append(base + inward * scale / 2**exponent)
        chosen: list[Fraction] = []
        for value in candidates:
            if value not in chosen and self.contains(value):
                chosen.append(value)
        return chosen


class Sampler:
    """Draws the points of one problem at the assignments of a layout."""

    def __init__(
        self,
        layout: Layout,
        intervals: dict[sp.Symbol, Interval],
        spread: float,
        constants: Sequence[Fraction] = (),
    ) -> None:
        self.layout = layout
        self.spread = spread
        self.constants = tuple(constants)
        self._special_cache: dict[object, list[tuple[np.ndarray, dict[tuple[int, ...], Fraction]]]] = {}
        self.scalars = {
            declaration.symbol: _Scalar.of(intervals.get(declaration.symbol) or Interval())
            for declaration, _, _ in layout.arrays
            if declaration.kind is Kind.SCALAR and declaration.domain not in DISCRETE
        }

    # -- rows --------------------------------------------------------------------------

    def _blank(self, assignment: Assignment, count: int) -> np.ndarray:
        rows = np.zeros((count, self.layout.width))
        rows[:, list(self.layout.integer_columns)] = self.layout.integer_row(assignment)
        return rows

    def _shape(self, declaration: Declaration, assignment: Assignment) -> tuple[int, ...]:
        sizes = dict(assignment.sizes)
        return tuple(int(s) if isinstance(s, int) or s.is_Integer else sizes[s] for s in declaration.shape)

    def _place(
        self,
        rows: np.ndarray,
        exact: list[Exact | None],
        declaration: Declaration,
        start: int,
        padded: tuple[int, ...],
        values: np.ndarray,
        overrides: list[dict[tuple[int, ...], Fraction]] | None,
    ) -> None:
        """Write a declaration's values (count, *shape) into the rows, with exact overrides."""
        count = len(rows)
        end = start + int(np.prod(padded))
        if not padded:
            rows[:, start] = values.reshape(count)
        else:
            block = np.zeros((count, *padded))
            block[(slice(None), *(slice(0, n) for n in values.shape[1:]))] = values
            rows[:, start:end] = block.reshape(count, -1)
        for i in range(count):
            override = overrides[i] if overrides else None
            if not exact[i] and not override:
                continue
            kept = {c: v for c, v in (exact[i] or {}).items() if not start <= c < end}
            if override:
                for position, value in override.items():
                    offset = int(np.ravel_multi_index(position, padded)) if padded else 0
                    kept[start + offset] = value
            exact[i] = kept or None

    def random(self, assignment: Assignment, rng: np.random.Generator, count: int) -> Cloud:
        """``count`` random points of the domain at ``assignment`` (before assumptions)."""
        rows = self._blank(assignment, count)
        exact: list[Exact | None] = [None] * count
        for declaration, start, padded in self.layout.arrays:
            shape = self._shape(declaration, assignment)
            values, overrides = self._draw(declaration, shape, assignment, rng, count)
            self._place(rows, exact, declaration, start, padded, values, overrides)
        cloud = Cloud(rows, exact, np.full(count, RANDOM, dtype=np.int8))
        return cloud.take(self._inside(cloud))

    def _inside(self, cloud: Cloud) -> np.ndarray:
        """Rows whose scalars are inside their intervals (exactly, where close to an end)."""
        keep = np.ones(len(cloud), dtype=bool)
        for declaration, start, _ in self.layout.arrays:
            scalar = self.scalars.get(declaration.symbol)
            if scalar is None:
                continue
            values = cloud.rows[:, start]
            doubtful = scalar.doubtful(values)
            for i in range(len(cloud)):
                exact = cloud.exact[i]
                if exact is not None and start in exact:
                    keep[i] &= scalar.contains(exact[start])
                elif doubtful[i]:
                    keep[i] &= bool(np.isfinite(values[i])) and scalar.contains(Fraction(float(values[i])))
        return keep

    def _draw(
        self,
        declaration: Declaration,
        shape: tuple[int, ...],
        assignment: Assignment,
        rng: np.random.Generator,
        count: int,
    ) -> tuple[np.ndarray, list[dict[tuple[int, ...], Fraction]] | None]:
        domain = declaration.domain
        if declaration.kind is Kind.SCALAR and declaration.symbol in self.scalars:
            values, exact = self.scalars[declaration.symbol].draw(rng, count, self.spread)
            overrides: list[dict[tuple[int, ...], Fraction]] = [{(): e} if e is not None else {} for e in exact]
            return values, overrides
        size = (count, *shape) if shape else (count,)
        if domain is Domain.SIMPLEX:
            return _simplex(rng, count, shape[0])
        if domain is Domain.ONEHOT:
            return _onehot(rng, count, shape[0], assignment), None
        if domain is Domain.BINARY:
            return rng.integers(0, 2, size).astype(np.float64), None
        if domain is Domain.SIGN:
            return (2 * rng.integers(0, 2, size) - 1).astype(np.float64), None
        if domain is Domain.REAL:
            values = _real(rng, size, self.spread)
        elif domain in (Domain.POSITIVE, Domain.NONNEGATIVE):
            values = _positive(rng, size, self.spread)
            if domain is Domain.NONNEGATIVE:
                values = np.where(rng.random(size) < 0.15, 0.0, values)
        elif domain is Domain.UNIT:
            near = _log_uniform(rng, SMALLEST_POSITIVE, 0.0, size)
            choice = rng.random(size)
            values = np.where(choice < 0.3, near, np.where(choice < 0.6, 1.0 - near, rng.uniform(0.0, 1.0, size)))
            values = np.clip(values, 1e-300, np.nextafter(1.0, 0.0))
        else:  # a domain this sampler does not know: its own sampler
            assert domain is not None
            flat = [float(v) for v in domain.sample(rng, int(np.prod(size)), spread=self.spread)]
            return np.array(flat).reshape(size), None
        if shape:
            values = _structured(rng, values)
        return values, None

    # -- special points ----------------------------------------------------------------

    def special(self, assignment: Assignment, base: Cloud) -> Cloud:
        """Special values of each declaration, all together and one at a time over a base point."""
        options = [self._specials(declaration, assignment) for declaration, _, _ in self.layout.arrays]
        diagonal = max((len(o) for o in options), default=0)
        # combos[k][position]: the special value of that declaration in point k (None: the base's)
        combos: list[list[int | None]] = [[t % len(o) if o else None for o in options] for t in range(diagonal)]
        if len(base) and len(options) > 1:
            for position, option in enumerate(options):
                combos += [[v if p == position else None for p in range(len(options))] for v in range(len(option))]
        if not combos:
            return Cloud.empty(self.layout.width)
        count = len(combos)
        rows = np.repeat(base.rows[:1], count, axis=0) if len(base) else self._blank(assignment, count)
        exact: list[Exact | None] = [dict(base.exact[0]) if len(base) and base.exact[0] else None for _ in range(count)]
        for position, (declaration, start, padded) in enumerate(self.layout.arrays):
            chosen = [k for k in range(count) if combos[k][position] is not None]
            if not chosen:
                continue
            values = np.stack([options[position][combos[k][position]][0] for k in chosen])  # type: ignore[index]
            overrides = [options[position][combos[k][position]][1] for k in chosen]  # type: ignore[index]
            sub_exact = [exact[k] for k in chosen]
            sub_rows = rows[chosen]
            self._place(sub_rows, sub_exact, declaration, start, padded, values, overrides)
            rows[chosen] = sub_rows
            for k, value in zip(chosen, sub_exact, strict=True):
                exact[k] = value
        return Cloud(rows, exact, np.full(count, SPECIAL, dtype=np.int8))

    def _specials(
        self, declaration: Declaration, assignment: Assignment
    ) -> list[tuple[np.ndarray, dict[tuple[int, ...], Fraction]]]:
        """A declaration's special values: each an array of its shape and exact overrides."""
        shape = self._shape(declaration, assignment) if declaration.kind is not Kind.SCALAR else ()
        hots = tuple(v for _, v in assignment.indices) if declaration.domain in (Domain.SIMPLEX, Domain.ONEHOT) else ()
        key = (declaration.name, shape, hots)
        if key not in self._special_cache:
            self._special_cache[key] = self._compute_specials(declaration, assignment)
        return self._special_cache[key]

    def _compute_specials(
        self, declaration: Declaration, assignment: Assignment
    ) -> list[tuple[np.ndarray, dict[tuple[int, ...], Fraction]]]:
        domain = declaration.domain
        if declaration.kind is Kind.SCALAR:
            if declaration.symbol in self.scalars:
                return [_exactly(value, ()) for value in self.scalars[declaration.symbol].specials(self.constants)]
            return [(np.array(float(v)), {}) for v in DISCRETE_VALUES.get(domain, ())]
        shape = self._shape(declaration, assignment)
        n = shape[0]
        if domain is Domain.SIMPLEX:
            uniform = Fraction(1, n)
            options: list[tuple[np.ndarray, dict[tuple[int, ...], Fraction]]] = [
                (np.full(n, float(uniform)), {(i,): uniform for i in range(n)})
            ]
            for hot in sorted({0, n - 1, *(v - 1 for _, v in assignment.indices if v <= n)}):
                options.append(_near_onehot(n, hot, Fraction(1, 10**30)))
            return options
        if domain is Domain.ONEHOT:
            hots = sorted({0, n - 1, *(v - 1 for _, v in assignment.indices if v <= n)})
            return [(np.eye(n)[hot], {}) for hot in hots]
        if domain is Domain.BINARY:
            return [(np.zeros(shape), {}), (np.ones(shape), {})]
        if domain is Domain.SIGN:
            alternating = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
            return [(np.ones(shape), {}), (-np.ones(shape), {}), (alternating, {})]
        specials: dict[Domain | None, tuple[Fraction | int, ...]] = {
            Domain.REAL: (0, 1, -1, Fraction(1, 2), 2, Fraction(1, 10**12)),
            Domain.POSITIVE: (1, Fraction(1, 2), 2, Fraction(1, 10**12), Fraction(1, 10**30)),
            Domain.NONNEGATIVE: (0, 1, Fraction(1, 2), Fraction(1, 10**30)),
            Domain.UNIT: (Fraction(1, 2), Fraction(1, 10**12), 1 - Fraction(1, 10**12), Fraction(1, 10**30)),
        }
        values = specials.get(domain, ())
        return [_exactly(Fraction(v), shape) for v in values]

    # -- one scalar set to given values ------------------------------------------------

    def at_values(self, base: Cloud, symbol: sp.Symbol, values: Sequence[Fraction], kind: int) -> Cloud:
        """Each base row with the scalar ``symbol`` set to each value (inside its interval)."""
        start = next(start for declaration, start, _ in self.layout.arrays if declaration.symbol == symbol)
        scalar = self.scalars.get(symbol)
        inside = [v for v in values if scalar is None or scalar.contains(v)]
        if not inside or not len(base):
            return Cloud.empty(self.layout.width)
        rows = np.repeat(base.rows, len(inside), axis=0)
        exact: list[Exact | None] = []
        for i in range(len(base)):
            for value in inside:
                override: Exact = dict(base.exact[i] or {})
                override.pop(start, None)
                if Fraction(float(value)) != value:
                    override[start] = value
                exact.append(override or None)
        rows[:, start] = np.tile([float(v) for v in inside], len(base))
        return Cloud(rows, exact, np.full(len(rows), kind, dtype=np.int8))


def _exactly(value: Fraction, shape: tuple[int, ...]) -> tuple[np.ndarray, dict[tuple[int, ...], Fraction]]:
    """An array of ``value``, with the exact value kept where float64 cannot hold it."""
    array = np.full(shape, float(value))
    if Fraction(float(value)) == value:
        return array, {}
    return array, {position: value for position in np.ndindex(*shape)} if shape else {(): value}


def _structured(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    """Some vectors with every entry equal (ties) and some with one entry far from the rest."""
    count = values.shape[0]
    flat = values.reshape(count, -1).copy()
    choice = rng.random(count)
    ties = choice < 0.1
    flat[ties] = flat[ties, :1]
    spikes = np.flatnonzero((choice >= 0.1) & (choice < 0.2))
    if len(spikes) and flat.shape[1] > 1:
        where = rng.integers(0, flat.shape[1], len(spikes))
        flat[spikes, where] = flat[spikes, where] * _log_uniform(rng, 1.0, 3.0, len(spikes))
    return flat.reshape(values.shape)


def _simplex(rng: np.random.Generator, count: int, n: int) -> tuple[np.ndarray, None]:
    """Simplex points: uniform, sparse, near one-hot, with near-zero entries (the exact
    point completes the largest entry so that they sum to exactly 1)."""
    choice = rng.random(count)
    weights = np.where(
        (choice < 0.35)[:, None], rng.dirichlet(np.ones(n), count), rng.dirichlet(np.full(n, 0.2), count)
    )
    tiny = _log_uniform(rng, SMALLEST_POSITIVE, -1.0, (count, n))
    near_onehot = (choice >= 0.6) & (choice < 0.8)
    hot = rng.integers(0, n, count)
    weights[near_onehot] = tiny[near_onehot, :1]
    weights[near_onehot, hot[near_onehot]] = 1.0
    near_zero = ((choice >= 0.8)[:, None]) & (rng.random((count, n)) < 0.5)
    weights = np.where(near_zero, tiny, weights)
    weights = np.maximum(weights, 1e-300)
    weights /= weights.sum(axis=1, keepdims=True)
    return weights, None


def _near_onehot(n: int, hot: int, epsilon: Fraction) -> tuple[np.ndarray, dict[tuple[int, ...], Fraction]]:
    values = np.full(n, float(epsilon))
    top = 1 - (n - 1) * epsilon
    values[hot] = float(top)
    override: dict[tuple[int, ...], Fraction] = {(hot,): top} if Fraction(float(top)) != top else {}
    override.update({(i,): epsilon for i in range(n) if i != hot and Fraction(float(epsilon)) != epsilon})
    return values, override


def _onehot(rng: np.random.Generator, count: int, n: int, assignment: Assignment) -> np.ndarray:
    """One-hot vectors, hot at the indices, the ends and everywhere in turn."""
    preferred = [v - 1 for _, v in assignment.indices if v <= n] + [0, n - 1]
    hots = np.array([preferred[i] if i < len(preferred) else int(rng.integers(0, n)) for i in range(count)])
    hots[len(preferred) :: 2] = np.arange(len(hots[len(preferred) :: 2])) % n
    values: np.ndarray = np.eye(n)[hots]
    return values
