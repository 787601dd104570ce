"""The falsifier: a search for a counterexample that hunts, independent of the prover.

It runs on every relation, whatever the prover says, and is the safety net under every
tactic (DESIGN.md, "The falsifier"):

- sizes from the declared minimum to 8, and 16 and 64 where the relation can be printed
  for every size at once (``tensor_printer``); each index constant's size; index
  assignments equal and distinct, at the start and at the end, at each constant;
- points on log scales, special points, closed ends exactly (``sampling``); for a
  relation in one real variable, the breakpoints of its piecewise parts (on each side
  and at them) and the critical points of its residual (``landmarks``);
- from the points where an inequality is tightest, a few steps of local search that
  minimise its margin (``moves``);
- float64 proposes, exact arithmetic decides: the clearest failures, and the points
  whose margin float64 cannot resolve (near-ties), are evaluated at 50 digits; a
  confirmed counterexample is shrunk to the simplest point that still fails
  (``shrinking``) and confirmed again.

Derivatives are estimated by Richardson finite differences with their own error bound;
a point where float64 overflows is counted as such, never as a failure. A relation
with derivatives costs a hundred evaluations per point, so it gets fewer points.

Seeded and deterministic: the same problem and seed search the same points.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.language.intervals import Interval, scalar_interval
from verifier.numeric.batch import Exact, Layout, Side, tensor_side
from verifier.numeric.concrete import ConcreteProblem
from verifier.numeric.exact import DIGITS, ExactComparison, compare_exactly
from verifier.numeric.instances import Assignment, index_constants, search_assignments, search_sizes
from verifier.numeric.landmarks import beyond, breakpoints, critical_points, sides
from verifier.numeric.membership import constant
from verifier.numeric.moves import Mover
from verifier.numeric.sampling import BREAKPOINT, CRITICAL, DISCRETE, REFINED, SPECIAL, Cloud, Sampler, inside
from verifier.numeric.shrinking import Shrinker
from verifier.numeric.tensor_printer import OutOfRangeError, TensorFunction, UnsupportedError, tensor_function
from verifier.outcome import Counterexample, NumericEvidence
from verifier.problem import Problem

__all__ = ["MAIN", "RELAXED", "Profile", "Search", "exact_search", "falsify"]

# Float64 evaluation of a closed form loses a few digits; an equality whose sides differ
# by more than this, relative to their size, beyond their error estimates, is a suspect.
FLOAT_RTOL = 1e-9
EPSILON = float(np.finfo(np.float64).eps)
# A point whose coordinates exceed this is "far out": counted, but its overflow is not
# worth an exact evaluation and its rounding is left out of the reported errors.
FAR = 1e4
# Larger sizes are searched only when the relation prints for every size at once.
BUCKETS = (8, 16, 64)
# Finite differences evaluate a function about a hundred times per point (and a batch of
# larger sizes costs that again): sizes above 8 only without derivatives.
DERIVATIVE_COST = 1000
# Compiled per assignment, a relation is checked at this many index assignments per size.
SINGLE_PATTERNS = 2
# Near-ties are decided exactly at sizes up to this (or the smallest size searched); at
# larger sizes, one index assignment per size assignment.
SMALL_SIZE = 4
# The 100-digit screen: it clears a point whose margin exceeds this fraction of the sides
# (an equality: whose sides agree to this), before any exact evaluation.
PRECISE_DIGITS = 100
SCREEN_MARGIN = 1e-50
SCREEN_TIE = 1e-80
# Points kept for a later exact search have coordinates within this factor of 1 (or 0).
MODERATE = 100.0
# Sign patterns of the scalars at +-1 used as starting points on an assumption's boundary.
UNIT_PATTERNS = 4
# Far-out failures shrunk in float64 toward moderate values, at most, per search.
FAR_SHRINKS = 8
# Relative (and absolute) offsets of the points set on an assumption's boundary.
BOUNDARY_OFFSETS = (0.0, 2.0**-40, -(2.0**-40), 2.0**-20, -(2.0**-20), 2.0**-8, -(2.0**-8))

Sample = tuple[ConcreteProblem, dict[sp.Symbol, Fraction]]


@dataclass(frozen=True, kw_only=True)
class Profile:
    """How hard to search: sizes, points, refinement and exact budgets."""

    sizes_up_to: int = 8
    larger_sizes: tuple[int, ...] = (16, 64)
    patterns: int = 3
    """Index assignments per size assignment (one at sizes above 4)."""
    points: int = 16
    """Random points per assignment."""
    specials: int | None = 24
    """Special points per assignment, at most (None: all)."""
    refine_starts: int = 3
    refine_steps: int = 6
    refine_coordinates: int = 8
    least_points: int = 64
    """Random points in all, at least, spread over the first bucket's assignments (a claim
    without sizes has a single assignment)."""
    derivative_points: int = 1
    """With derivatives (a hundred evaluations per point), points per assignment..."""
    derivative_least_points: int = 16
    """... random points in all, at least ..."""
    derivative_specials: int = 2
    """... special points per assignment ..."""
    derivative_patterns: int = 3
    """... index assignments per size assignment ..."""
    derivative_refinement: tuple[int, int, int] = (2, 4, 4)
    """... and refinement starts, steps and coordinates."""
    largest_cost: int = 1024
    """A size n above 8 is searched when n ** (sums nested), times ``DERIVATIVE_COST`` with
    derivatives, is at most this."""
    confirmations: int = 3
    """Clear float64 failures evaluated exactly, at most."""
    near_ties: int = 2
    """Near-ties decided exactly, at most."""
    overflows: int = 1
    """Points where float64 overflowed evaluated exactly, at most."""
    landmarks: bool = True
    shrink: bool = True
    shrink_strictly: bool = False
    """Shrink only through values float64 sees failing (one pass, one exact confirmation)."""
    first_counterexample: bool = False
    """Stop at the first confirmed counterexample (only whether there is one matters)."""
    samples: int = 8
    """Points kept for a later exact search."""


MAIN = Profile()
RELAXED = Profile(
    sizes_up_to=3,
    larger_sizes=(),
    patterns=3,
    points=6,
    specials=4,
    least_points=24,
    derivative_least_points=8,
    derivative_points=1,
    derivative_specials=2,
    derivative_patterns=2,
    refine_starts=0,
    confirmations=2,
    near_ties=1,
    overflows=1,
    landmarks=False,
    shrink_strictly=True,
    first_counterexample=True,
    samples=0,
)
"""For showing a hypothesis needed: one counterexample of the weaker claim, usually blatant,
and found first just past a dropped bound (``falsify(..., dropped=)``). No points are kept
for an exact search: only what float64 sees and exact arithmetic confirms shows a
hypothesis needed."""


@dataclass(frozen=True, kw_only=True)
class Search:
    """What the falsifier found: evidence, and a confirmed counterexample if any.

    ``samples`` are the points kept for a later exact search (computed when asked for:
    only a claim without a proof needs them).
    """

    evidence: NumericEvidence | None
    counterexample: Counterexample | None
    kept: Callable[[], tuple[Sample, ...]] = tuple
    failure: str | None = None
    not_real: str | None = None
    """A point of the domain, within the assumptions, where a side is not a real number
    (log of a negative, say), as ``x = -1``: there the claim means nothing over the reals."""

    @functools.cached_property
    def samples(self) -> tuple[Sample, ...]:
        return self.kept()


@dataclass
class _Evaluation:
    """Both sides at each row, and how each row stands: holds, fails, near-tie, overflow."""

    lhs: np.ndarray
    rhs: np.ndarray
    finite: np.ndarray
    margin: np.ndarray
    """Oriented: >= 0 where the relation holds (an equality: minus the gap)."""
    band: np.ndarray
    """How far float64 may be off: a margin within it is a near-tie."""
    clear: np.ndarray
    """Fails beyond float64's reach: worth confirming exactly."""
    near_tie: np.ndarray
    scale: np.ndarray
    tolerance: np.ndarray
    far: np.ndarray


@dataclass
class _Group:
    """Assignments evaluated together: a layout, both sides, a sampler, a mover."""

    layout: Layout
    lhs: Side
    rhs: Side
    sampler: Sampler
    mover: Mover
    assumptions: list[tuple[type, object, object]] | None
    first: bool
    """In the first bucket of sizes (up to 8), where refinement runs."""


@dataclass
class _Tally:
    """Counts for the evidence."""

    points: int = 0
    sizes: set[int] = field(default_factory=set)
    smallest: float = np.inf
    largest: float = 0.0
    special: int = 0
    breakpoints: set[Fraction] = field(default_factory=set)
    critical: set[Fraction] = field(default_factory=set)
    refined: int = 0
    near_ties: int = 0
    exact: int = 0
    screened: int = 0
    overflow: int = 0
    disagreements: int = 0
    unconfirmed: int = 0
    max_abs: float = 0.0
    max_rel: float = 0.0
    max_tolerance: float = 0.0
    shrink_steps: int = 0


def _interval_floats(interval: Interval) -> tuple[float | None, float | None]:
    low = None if interval.low is None else constant(interval.low)
    high = None if interval.high is None else constant(interval.high)
    return (None if low is None else float(low), None if high is None else float(high))


def _claim_constants(problem: Problem) -> list[Fraction]:
    """Small rational constants of the relation: special values for its scalars."""
    found: set[Fraction] = set()
    for side in (problem.lhs, problem.rhs):
        for number in side.atoms(sp.Rational):
            value = Fraction(int(number.p), int(number.q))
            if 0 < abs(value) < 10**6 and value not in (1, -1, 2, -2):
                found.add(value)
    return sorted(found, key=lambda v: (abs(v.numerator) + v.denominator, v))[:8]


class _Falsifier:
    """One search of one problem."""

    def __init__(self, problem: Problem, seed: int, profile: Profile, dropped: sp.Basic | None = None) -> None:
        self.problem = problem
        self.dropped = dropped
        self.seed = seed
        self.profile = profile
        self.rng = np.random.default_rng(seed)
        self.strict = problem.relation in (sp.StrictLessThan, sp.StrictGreaterThan)
        self.equality = problem.relation is sp.Equality
        self.derivatives = problem.lhs.has(sp.Derivative) or problem.rhs.has(sp.Derivative)
        self.claimed = 0.0 if problem.tolerance is None else float(problem.tolerance)
        self.intervals = {
            d.symbol: interval
            for d in problem.declarations
            if (interval := scalar_interval(d, problem.assumptions)) is not None
        }
        self.constants = _claim_constants(problem)
        self.concretes: dict[Assignment, ConcreteProblem] = {}
        self.comparisons: dict[tuple[Assignment, frozenset[tuple[sp.Symbol, Fraction]]], ExactComparison] = {}
        self.breakpoint_cache: dict[sp.Symbol, list[Fraction]] = {}
        self.precise_cache: dict[Layout, tuple[TensorFunction, TensorFunction] | None] = {}
        self.critical_cache: dict[sp.Symbol, list[Fraction]] = {}
        self.solution_cache: dict[tuple[sp.Basic, sp.Symbol, Layout], TensorFunction | None] = {}
        self.tally = _Tally()
        self.counterexample: Counterexample | None = None
        self.not_real: str | None = None
        self.samples: list[tuple[tuple[int, float], Layout, np.ndarray, Exact | None]] = []
        self.budget = {"clear": profile.confirmations, "tie": profile.near_ties, "overflow": profile.overflows}
        self.far_shrinks = FAR_SHRINKS
        point_assumptions = []
        index_like = {d.symbol for d in problem.declarations if d.kind in (Kind.SIZE, Kind.INDEX)}
        for assumption in problem.assumptions:
            if assumption.free_symbols - index_like or assumption.has(sp.Indexed):
                point_assumptions.append(assumption)
        self.point_assumptions = point_assumptions

    # -- planning ------------------------------------------------------------------------

    def plan(self) -> list[list[Assignment]]:
        """Assignments in buckets of sizes (<= 8, <= 16, <= 64), smallest first."""
        problem, profile = self.problem, self.profile
        sizes_declared = [d for d in problem.declarations if d.kind is Kind.SIZE]
        constants = index_constants((problem.lhs, problem.rhs, *problem.assumptions)) if sizes_declared else ()
        minimum = min((d.minimum for d in sizes_declared), default=1)
        depth = max(_sum_depth(problem.lhs), _sum_depth(problem.rhs))
        factor = DERIVATIVE_COST if self.derivatives else 1
        larger = tuple(n for n in profile.larger_sizes if n**depth * factor <= profile.largest_cost)
        sizes = search_sizes(minimum, profile.sizes_up_to, larger, constants)
        most = profile.derivative_patterns if self.derivatives else profile.patterns

        def patterns(values: dict[sp.Symbol, int]) -> int:
            return most if max(values.values(), default=1) <= SMALL_SIZE else 1

        found = search_assignments(problem.declarations, problem.assumptions, sizes, self.rng, patterns, constants)
        buckets: dict[int, list[Assignment]] = {}
        for assignment in found:
            largest = max((n for _, n in assignment.sizes), default=0)
            bucket = next((b for b in BUCKETS if largest <= b), largest)
            buckets.setdefault(bucket, []).append(assignment)
        return [buckets[b] for b in sorted(buckets)]

    def groups(self, bucket: list[Assignment], first: bool) -> Iterator[_Group]:
        """The bucket as one group when both sides print for every size, else one per assignment."""
        problem = self.problem
        if _uncovered_piecewise(problem):
            # The per-assignment evaluators report a point in no piece (the claim's error);
            # the tensor code would read it as a point outside the domain.
            yield from self.single_groups(bucket, first)
            return
        layout = Layout.of(problem.declarations, bucket)
        try:
            lhs, rhs = tensor_side(problem.lhs, layout), tensor_side(problem.rhs, layout)
        except UnsupportedError:
            yield from self.single_groups(bucket, first)
            return
        yield self._group(layout, lhs, rhs, first)

    def single_groups(self, bucket: list[Assignment], first: bool) -> Iterator[_Group]:
        """One group per assignment, each side compiled at it: the small sizes and the largest."""
        if not first:
            return  # larger sizes only where they are cheap
        smallest = max((n for _, n in bucket[0].sizes), default=0)
        largest = max((n for a in bucket for _, n in a.sizes), default=0)
        chosen = (*range(smallest, SMALL_SIZE + 1), largest)
        taken: Counter[int] = Counter()
        for assignment in bucket:
            size = max((n for _, n in assignment.sizes), default=0)
            if size in chosen and taken[size] < SINGLE_PATTERNS:
                taken[size] += 1
                single = Layout.of(self.problem.declarations, [assignment])
                concrete = self.concrete(assignment)
                yield self._group(
                    single, _concrete_side(concrete, True, single), _concrete_side(concrete, False, single), first
                )

    def _group(self, layout: Layout, lhs: Side, rhs: Side, first: bool) -> _Group:
        sampler = Sampler(layout, self.intervals, self.problem.spread, self.constants)
        bounds = {symbol: _interval_floats(interval) for symbol, interval in self.intervals.items()}
        return _Group(layout, lhs, rhs, sampler, Mover(layout, bounds), self._assumption_sides(layout), first)

    def _assumption_sides(self, layout: Layout) -> list[tuple[type, object, object]] | None:
        sides_: list[tuple[type, object, object]] = []
        try:
            for assumption in self.point_assumptions:
                left = tensor_function(assumption.lhs, layout.declarations, allow_derivatives=False)
                right = tensor_function(assumption.rhs, layout.declarations, allow_derivatives=False)
                sides_.append((type(assumption), left, right))
        except (UnsupportedError, AttributeError):
            return None
        return sides_

    def concrete(self, assignment: Assignment) -> ConcreteProblem:
        if assignment not in self.concretes:
            self.concretes[assignment] = ConcreteProblem(self.problem, assignment)
        return self.concretes[assignment]

    # -- the search ----------------------------------------------------------------------

    def run(self) -> Search:
        buckets = self.plan()
        self.first_bucket_size = max(1, len(buckets[0])) if buckets else 1
        if not buckets:
            return Search(
                evidence=None,
                counterexample=None,
                failure="no assignment of the indices satisfies the assumptions",
            )
        for number, bucket in enumerate(buckets):
            try:
                for group in self.groups(bucket, first=number == 0):
                    self.search(group)
                    if self.counterexample is not None:
                        break
            except OutOfRangeError:  # an index outside its vector: the other printers report it
                for group in self.single_groups(bucket, first=number == 0):
                    self.search(group)
                    if self.counterexample is not None:
                        break
            if self.counterexample is not None:
                break
        if self.tally.points == 0:
            return Search(evidence=None, counterexample=None, failure="no sampled point satisfies the assumptions")
        return Search(
            evidence=self.evidence(),
            counterexample=self.counterexample,
            kept=self.kept_samples,
            not_real=self.not_real,
        )

    def search(self, group: _Group) -> None:
        cloud = self.sample(group)
        if not len(cloud):
            return
        evaluation = self.evaluate(group, cloud)
        self.record(group, cloud, evaluation)
        # Refined where the search found no clear failure yet, at the sizes up to 8.
        refining = self.profile.refine_starts and self.profile.refine_steps and not np.any(evaluation.clear)
        if not self.equality and refining and group.first:
            refined, refined_evaluation = self.refine(group, cloud, evaluation)
            if len(refined):
                self.record(group, refined, refined_evaluation)
                cloud.extend(refined)
                evaluation = _concatenate(evaluation, refined_evaluation)
        self.decide(group, cloud, evaluation)

    def sample(self, group: _Group) -> Cloud:
        profile = self.profile
        count, least = (
            (profile.derivative_points, profile.derivative_least_points)
            if self.derivatives
            else (profile.points, profile.least_points)
        )
        count = max(count, -(-least // self.first_bucket_size))
        cloud = Cloud.empty(group.layout.width)
        for assignment in group.layout.assignments:
            random = group.sampler.random(assignment, self.rng, count)
            cloud.extend(random)
            special = group.sampler.special(assignment, random)
            # With derivatives every point costs a hundred evaluations.
            most = profile.derivative_specials if self.derivatives else profile.specials
            if most is not None:
                special = special.take(np.arange(min(len(special), most)))
            cloud.extend(special)
            if profile.landmarks:
                cloud.extend(self.landmarks(group, assignment, random))
            if self.dropped is not None:
                cloud.extend(self.past_dropped_bound(group, random))
        return cloud.take(self.admissible(group, cloud))

    def past_dropped_bound(self, group: _Group, random: Cloud) -> Cloud:
        """Points just past and well past the bound the dropped hypothesis put on a scalar."""
        found = Cloud.empty(group.layout.width)
        base = random.take(np.arange(min(len(random), 2)))
        for declaration in self.problem.declarations:
            if declaration.kind is Kind.SCALAR and declaration.domain not in DISCRETE and len(base):
                values = beyond(self.dropped, declaration.symbol)
                if values:
                    found.extend(group.sampler.at_values(base, declaration.symbol, values, SPECIAL))
        return found

    def landmarks(self, group: _Group, assignment: Assignment, random: Cloud) -> Cloud:
        """Breakpoints (and each side) and, for an inequality in one real variable, critical points."""
        problem = self.problem
        scalars = [d for d in problem.declarations if d.kind is Kind.SCALAR and d.domain not in DISCRETE]
        arrays = [d for d in problem.declarations if d.kind in (Kind.VECTOR, Kind.MATRIX)]
        found = Cloud.empty(group.layout.width)
        base = random.take(np.arange(min(len(random), 3)))
        if not len(base):
            return found
        for declaration in scalars:
            points = self._breakpoints(declaration.symbol)
            if points:
                self.tally.breakpoints.update(points)
                found.extend(group.sampler.at_values(base, declaration.symbol, sides(points), BREAKPOINT))
        if len(scalars) == 1 and not arrays and not self.equality:
            points = self._critical_points(scalars[0].symbol, assignment)
            if points:
                self.tally.critical.update(points)
                found.extend(group.sampler.at_values(base.take(np.arange(1)), scalars[0].symbol, points, CRITICAL))
        found.extend(self.on_assumption_boundaries(group, base, scalars))
        return found

    def on_assumption_boundaries(self, group: _Group, base: Cloud, scalars: list[Declaration]) -> Cloud:
        """Points at and next to the boundary of an assumption in several scalars (b*x > 20).

        A claim is often tightest where a hypothesis binds, and a bound on a product or a
        sum is met by random points only by chance. From each drawn point, the assumption
        is solved for each scalar in which it is linear (the others as drawn), and for a
        common factor of all its scalars (x*y > 1e5 met at x, y near 316, not at 1e5 and 1);
        the point is set at each solution and just on each side of it.
        """
        found = Cloud.empty(group.layout.width)
        names = {d.symbol for d in scalars}
        columns = {d.symbol: start for d, start, _ in group.layout.arrays}
        for assumption in self.point_assumptions:
            if isinstance(assumption, sp.Equality | sp.Unequality) or not isinstance(assumption, sp.Rel):
                continue
            gap = assumption.lhs - assumption.rhs
            involved = sorted(gap.free_symbols & names, key=str)
            if len(involved) < 2 or gap.free_symbols - names:
                continue
            starts = self._with_unit_scalars(base, involved, columns)  # per assumption: its own scalars at +-1
            arrays, integers = group.layout.split(starts.rows)
            targets: list[tuple[list[sp.Symbol], np.ndarray]] = []
            for symbol in involved:
                solution = self._solution(gap, symbol, group.layout)
                if solution is not None:
                    targets.append(([symbol], solution(len(starts), arrays, integers)[:, None]))
            for factor in self._common_factors(gap, involved, group.layout, starts):
                targets.append((involved, factor[:, None] * starts.rows[:, [columns[v] for v in involved]]))
            for symbols, values in targets:
                for offset in BOUNDARY_OFFSETS:
                    moved = starts.rows.copy()
                    moved[:, [columns[v] for v in symbols]] = values + offset * np.maximum(1.0, np.abs(values))
                    keep = np.array([self._scalars_inside(group, row, symbols, columns) for row in moved], dtype=bool)
                    dropped = {columns[v] for v in symbols}
                    exact = [
                        {c: v for c, v in (e or {}).items() if c not in dropped} or None
                        for e, k in zip(starts.exact, keep, strict=True)
                        if k
                    ]
                    found.extend(Cloud(moved[keep], exact, np.full(int(keep.sum()), SPECIAL, dtype=np.int8)))
        return found

    @staticmethod
    def _with_unit_scalars(base: Cloud, involved: list[sp.Symbol], columns: dict) -> Cloud:  # type: ignore[type-arg]
        """The drawn points, and the first with the scalars at +-1 (log-scale draws are often
        tiny, and scaled to a bound on a product they land far out)."""
        signs = list(itertools.islice(itertools.product((1.0, -1.0), repeat=len(involved)), UNIT_PATTERNS))
        rows = np.repeat(base.rows[:1], len(signs), axis=0)
        for k, pattern in enumerate(signs):
            rows[k, [columns[v] for v in involved]] = pattern
        dropped = {columns[v] for v in involved}
        exact = {c: v for c, v in (base.exact[0] or {}).items() if c not in dropped} or None
        unit = Cloud(rows, [exact] * len(signs), np.full(len(signs), SPECIAL, dtype=np.int8))
        return Cloud(
            np.vstack([base.rows, unit.rows]), [*base.exact, *unit.exact], np.concatenate([base.kinds, unit.kinds])
        )

    @staticmethod
    def _scalars_inside(group: _Group, row: np.ndarray, symbols: list[sp.Symbol], columns: dict) -> bool:  # type: ignore[type-arg]
        for symbol in symbols:
            value = row[columns[symbol]]
            scalar = group.sampler.scalars.get(symbol)
            if not np.isfinite(value) or (scalar is not None and not scalar.contains(Fraction(float(value)))):
                return False
        return True

    def _solution(self, gap: sp.Basic, symbol: sp.Symbol, layout: Layout) -> TensorFunction | None:
        """``symbol`` solved from gap = 0 where gap is linear in it, compiled for rows (cached)."""
        key = (gap, symbol, layout)
        if key not in self.solution_cache:
            self.solution_cache[key] = None
            try:
                polynomial = sp.Poly(gap, symbol)
                if polynomial.degree() == 1:
                    slope, intercept = polynomial.all_coeffs()
                    self.solution_cache[key] = tensor_function(
                        -intercept / slope, layout.declarations, allow_derivatives=False
                    )
            except (sp.PolynomialError, UnsupportedError, ZeroDivisionError):
                pass
        return self.solution_cache[key]

    def _common_factors(
        self, gap: sp.Basic, involved: list[sp.Symbol], layout: Layout, base: Cloud
    ) -> list[np.ndarray]:
        """Positive factors t, per row, with gap = 0 at t times the row's scalars (a polynomial in t)."""
        t = sp.Dummy("t", positive=True)
        try:
            polynomial = sp.Poly(gap.xreplace({s: t * s for s in involved}), t)
            if not 1 <= polynomial.degree() <= 8:
                return []
            coefficients = [
                tensor_function(c, layout.declarations, allow_derivatives=False) for c in polynomial.all_coeffs()
            ]
        except (sp.PolynomialError, UnsupportedError):
            return []
        arrays, integers = layout.split(base.rows)
        values = np.array([c(len(base), arrays, integers) for c in coefficients])  # (degree + 1, rows)
        roots = np.full((polynomial.degree(), len(base)), np.nan)
        for row in range(len(base)):
            if np.all(np.isfinite(values[:, row])) and values[0, row] != 0:
                found = np.roots(values[:, row])
                real = np.sort(found[(np.abs(found.imag) <= 1e-9 * np.abs(found)) & (found.real > 0)].real)
                roots[: len(real), row] = real
        return [r for r in roots if np.any(np.isfinite(r))]

    def _breakpoints(self, symbol: sp.Symbol) -> list[Fraction]:
        """The breakpoints in one scalar (the same at every assignment: computed once)."""
        if symbol not in self.breakpoint_cache:
            low, high = _interval_floats(self.intervals.get(symbol) or Interval())
            self.breakpoint_cache[symbol] = breakpoints((self.problem.lhs, self.problem.rhs), symbol, low, high)
        return self.breakpoint_cache[symbol]

    def _critical_points(self, symbol: sp.Symbol, assignment: Assignment) -> list[Fraction]:
        """Critical points of the residual in its one real variable (computed once)."""
        if symbol not in self.critical_cache:
            low, high = _interval_floats(self.intervals.get(symbol) or Interval())
            concrete = self.concrete(assignment)
            try:
                residual = concrete.exact_lhs - concrete.exact_rhs
                self.critical_cache[symbol] = critical_points(residual, symbol, low, high)
            except Exception:  # noqa: BLE001  (no symbolic residual: no critical points)
                self.critical_cache[symbol] = []
        return self.critical_cache[symbol]

    def admissible(self, group: _Group, cloud: Cloud) -> np.ndarray:
        """Rows that satisfy the assumptions: float64 decides clear cases, exact arithmetic the rest."""
        if not self.point_assumptions or not len(cloud):
            return np.ones(len(cloud), dtype=bool)
        status = self._assumption_status(group, cloud.rows)
        keep = status > 0
        for i in np.flatnonzero(status == 0):
            row = cloud.rows[i]
            concrete = self.concrete(group.layout.assignment(row))
            keep[i] = group.layout.exact_point(row, cloud.exact[i]) in concrete.membership
        return keep

    def _assumption_status(self, group: _Group, rows: np.ndarray) -> np.ndarray:
        """+1 where every assumption clearly holds in float64, -1 where one clearly fails, 0 unsure."""
        status = np.ones(len(rows), dtype=np.int8)
        if group.assumptions is None:
            return np.zeros(len(rows), dtype=np.int8)
        arrays, integers = group.layout.split(rows)
        for relation, left, right in group.assumptions:
            a = left(len(rows), arrays, integers)  # type: ignore[operator]
            b = right(len(rows), arrays, integers)  # type: ignore[operator]
            with np.errstate(all="ignore"):
                gap = a - b
                slack = 1e-12 * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)
            if relation in (sp.StrictGreaterThan, sp.GreaterThan):
                clear, wrong = gap > slack, gap < -slack
            elif relation in (sp.StrictLessThan, sp.LessThan):
                clear, wrong = gap < -slack, gap > slack
            elif relation is sp.Unequality:
                clear, wrong = np.abs(gap) > slack, np.zeros(len(rows), dtype=bool)
            else:  # an equality holds only exactly
                clear, wrong = np.zeros(len(rows), dtype=bool), np.abs(gap) > slack
            unknown = ~np.isfinite(gap)
            status = np.where(wrong & ~unknown, -1, np.where(clear & ~unknown, status, np.minimum(status, 0)))
        return status

    # -- float64 -------------------------------------------------------------------------

    def evaluate(self, group: _Group, cloud: Cloud) -> _Evaluation:
        lhs, lhs_error = group.lhs(cloud.rows)
        rhs, rhs_error = group.rhs(cloud.rows)
        with np.errstate(all="ignore"):
            finite = np.isfinite(lhs) & np.isfinite(rhs) & np.isfinite(lhs_error) & np.isfinite(rhs_error)
            scale = np.maximum(np.abs(lhs), np.abs(rhs))
            errors = lhs_error + rhs_error
            band = 2.0 * errors + 8.0 * EPSILON * scale
            difference = lhs - rhs
            if self.equality:
                margin = -np.abs(difference)
                tolerance = errors + FLOAT_RTOL * scale + self.claimed
                clear = np.abs(difference) > tolerance
                near_tie = np.zeros(len(lhs), dtype=bool)
            else:
                margin = difference if self.problem.relation in (sp.StrictGreaterThan, sp.GreaterThan) else -difference
                tolerance = band
                clear = margin < -band
                near_tie = np.abs(margin) <= band
            coordinates = np.abs(cloud.rows[:, : _coordinate_width(group.layout)])
            far = (
                np.any(coordinates > FAR * max(1.0, self.problem.spread / 4), axis=1)
                if coordinates.size
                else (np.zeros(len(lhs), dtype=bool))
            )
        return _Evaluation(
            lhs=lhs,
            rhs=rhs,
            finite=finite,
            margin=np.where(finite, margin, np.nan),
            band=band,
            clear=finite & clear,
            near_tie=finite & near_tie,
            scale=scale,
            tolerance=tolerance,
            far=far,
        )

    def record(self, group: _Group, cloud: Cloud, evaluation: _Evaluation) -> None:
        tally = self.tally
        tally.points += len(cloud)
        owners, _ = group.layout.owners(cloud.rows)
        for assignment in owners:
            tally.sizes.update(n for _, n in assignment.sizes)
        coordinates = np.abs(cloud.rows[:, : _coordinate_width(group.layout)])
        nonzero = coordinates[(coordinates > 0) & np.isfinite(coordinates)]
        if nonzero.size:
            tally.smallest = min(tally.smallest, float(nonzero.min()))
            tally.largest = max(tally.largest, float(nonzero.max()))
        tally.special += int(np.sum(cloud.kinds == SPECIAL))
        tally.refined += int(np.sum(cloud.kinds == REFINED))
        tally.overflow += int(np.sum(~evaluation.finite))
        tally.disagreements += int(np.sum(evaluation.clear))
        near = evaluation.finite & ~evaluation.far
        if np.any(near):
            with np.errstate(all="ignore"):
                gap = np.abs(evaluation.lhs - evaluation.rhs) if self.equality else np.maximum(0.0, -evaluation.margin)
                # Relative to the sides, or to the tolerance where the sides are below it.
                relative = np.where(gap > 0, gap / np.maximum(evaluation.scale, evaluation.tolerance), 0.0)
            tally.max_abs = max(tally.max_abs, float(np.max(gap[near])))
            tally.max_rel = max(tally.max_rel, float(np.max(relative[near])))
            tally.max_tolerance = max(tally.max_tolerance, float(np.max(evaluation.tolerance[near])))
        self._keep_samples(group, cloud, evaluation)

    def _keep_samples(self, group: _Group, cloud: Cloud, evaluation: _Evaluation) -> None:
        """The most suspicious finite point of each assignment, for a later exact search, and
        the most suspicious breakpoint or critical point (those at any magnitude: a claim
        that puts a kink at 1e6 is tightest there)."""
        if not self.profile.samples:
            return
        # Moderate points: exact evaluation at 1e-30 or 1e3 costs far more, for no more power.
        magnitudes = np.abs(cloud.rows[:, : _coordinate_width(group.layout)])
        moderate = np.all((magnitudes <= MODERATE) & ((magnitudes >= 1 / MODERATE) | (magnitudes == 0)), axis=1)
        landmark = np.isin(cloud.kinds, (BREAKPOINT, CRITICAL))
        with np.errstate(all="ignore"):
            score = -evaluation.margin / (evaluation.band + 1e-300)
        owners, owner = group.layout.owners(cloud.rows)
        for eligible in (evaluation.finite & ~evaluation.far & moderate, evaluation.finite & landmark):
            suspicion = np.where(eligible, score, -np.inf)
            for number, assignment in enumerate(owners):
                mine = np.flatnonzero((owner == number) & np.isfinite(suspicion))
                if not len(mine):
                    continue
                i = int(mine[np.argmax(suspicion[mine])])
                # Smallest sizes first (exact evaluation grows fast with the size), most suspicious next.
                size = max((n for _, n in assignment.sizes), default=0)
                self.samples.append(((size, -float(suspicion[i])), group.layout, cloud.rows[i].copy(), cloud.exact[i]))

    def kept_samples(self) -> tuple[Sample, ...]:
        """The most suspicious kept points (in their domains), as exact points."""
        chosen: list[Sample] = []
        for _, layout, row, exact in sorted(self.samples, key=lambda s: s[0]):
            if len(chosen) >= self.profile.samples:
                break
            assignment = layout.assignment(row)
            point = layout.exact_point(row, exact)
            # A point that holds by a wide margin at 100 digits is not worth an exact search.
            if self.in_domain(layout, assignment, point) and not self.clearly_holds(layout, row, exact):
                chosen.append((self.concrete(assignment), point))
        return tuple(chosen)

    # -- local search --------------------------------------------------------------------

    def refine(self, group: _Group, cloud: Cloud, evaluation: _Evaluation) -> tuple[Cloud, _Evaluation]:
        """From the tightest points, a few steps of local search that minimise the margin."""
        profile = self.profile
        starts_count, steps, coordinates = (
            profile.derivative_refinement
            if self.derivatives
            else (profile.refine_starts, profile.refine_steps, profile.refine_coordinates)
        )
        with np.errstate(all="ignore"):
            relative = evaluation.margin / (1.0 + np.abs(evaluation.lhs) + np.abs(evaluation.rhs))
        usable = evaluation.finite & ~evaluation.far & ~evaluation.clear
        order = [i for i in np.argsort(np.where(usable, relative, np.inf)) if usable[i]]
        starts = order[:starts_count]
        if not starts:
            return Cloud.empty(group.layout.width), _empty_evaluation()
        current = [cloud.rows[i].copy() for i in starts]
        current_margin = [float(relative[i]) for i in starts]
        found = Cloud.empty(group.layout.width)
        evaluations: list[_Evaluation] = []
        for step_number in range(steps):
            step = 0.5**step_number
            rows, exact, owners = [], [], []
            for owner, row in enumerate(current):
                moved, moved_exact = group.mover.neighbours(row, step, self.rng, coordinates)
                rows.append(moved)
                exact += moved_exact
                owners += [owner] * len(moved)
            if not owners:
                break
            candidates = Cloud(np.vstack(rows), exact, np.full(len(owners), REFINED, dtype=np.int8))
            keep = self.admissible(group, candidates)
            candidates = candidates.take(keep)
            owner_array = np.array(owners)[keep]
            if not len(candidates):
                continue
            result = self.evaluate(group, candidates)
            found.extend(candidates)
            evaluations.append(result)
            with np.errstate(all="ignore"):
                score = result.margin / (1.0 + np.abs(result.lhs) + np.abs(result.rhs))
            score = np.where(result.finite, score, np.inf)
            for owner in range(len(current)):
                mine = np.flatnonzero(owner_array == owner)
                if not len(mine):
                    continue
                best = mine[int(np.argmin(score[mine]))]
                if score[best] < current_margin[owner]:
                    current[owner] = candidates.rows[best].copy()
                    current_margin[owner] = float(score[best])
        if not evaluations:
            return found, _empty_evaluation()
        combined = evaluations[0]
        for more in evaluations[1:]:
            combined = _concatenate(combined, more)
        return found, combined

    # -- exact decisions -----------------------------------------------------------------

    def decide(self, group: _Group, cloud: Cloud, evaluation: _Evaluation) -> None:
        """Evaluate the clearest failures, the near-ties and an overflow exactly; stop at a confirmed one."""
        owners, owner = group.layout.owners(cloud.rows)
        largest = np.array([max((n for _, n in a.sizes), default=0) for a in owners], dtype=np.int64)
        sizes = largest[owner] if len(owners) else np.zeros(0, dtype=np.int64)
        with np.errstate(all="ignore"):
            severity = np.where(evaluation.finite, -evaluation.margin / (evaluation.scale + 1e-300), 0.0)
        kinds_first = np.where(np.isin(cloud.kinds, (SPECIAL, CRITICAL, BREAKPOINT)), 0, 1)
        far = evaluation.far
        # Exact evaluation costs grow fast with the size (sums of sums of exponentials):
        # near-ties and overflows are decided at small sizes, overflows only without sizes.
        small = ~far & (sizes <= max(SMALL_SIZE, int(sizes.min(initial=0))))
        magnitudes = np.abs(cloud.rows[:, : _coordinate_width(group.layout)])
        largest_value = np.max(magnitudes, axis=1, initial=0.0)
        moderate = largest_value <= MODERATE
        queues = {
            "clear": [i for i in np.lexsort((-severity, sizes, far)) if evaluation.clear[i]],
            # Special points first, then the smallest values: a saturated tie far out
            # (tanh(-600) against -1) costs a climb to hundreds of digits.
            "tie": [
                i
                for i in np.lexsort((-severity, largest_value, kinds_first, sizes))
                if evaluation.near_tie[i] and not evaluation.clear[i] and small[i]
            ],
            # Outside the reals (log of a negative) rather than overflow, at moderate values.
            "overflow": [i for i in np.lexsort((sizes,)) if not evaluation.finite[i] and small[i] and moderate[i]],
        }
        for kind, queue in queues.items():
            for i in queue:
                if self.budget[kind] <= 0:
                    break
                row, exact = cloud.rows[i], cloud.exact[i]
                if far[i]:
                    # Exact evaluation far out (exp of 1e300) can take minutes: shrink
                    # toward simpler, smaller values in float64 first. A point that stays
                    # far out costs a few float64 evaluations, not a confirmation.
                    if self.far_shrinks <= 0:
                        continue
                    self.far_shrinks -= 1
                    row, exact = self._shrunk_in_float(group, row, exact)
                    if self._is_far(group, row):
                        continue
                self.budget[kind] -= 1
                if kind == "tie":
                    self.tally.near_ties += 1
                if self.compare(group.layout, row, exact):
                    self.found(group, row, exact)
                    return
                if kind == "overflow" and self.not_real is None:
                    self.not_real = self.not_real_at(group.layout, row, exact)
                if kind == "clear":
                    self.tally.unconfirmed += 1

    def _is_far(self, group: _Group, row: np.ndarray) -> bool:
        coordinates = np.abs(row[: _coordinate_width(group.layout)])
        return bool(np.any(coordinates > FAR * max(1.0, self.problem.spread / 4)))

    def _shrunk_in_float(self, group: _Group, row: np.ndarray, exact: Exact | None) -> tuple[np.ndarray, Exact | None]:
        shrinker = Shrinker(
            group.layout, self._scalar_contains(group), self._fails(group, inside=True), lambda r, e: True
        )
        shrunk, shrunk_exact, _ = shrinker.shrink(row, exact, strict_only=True)
        return shrunk, shrunk_exact

    def compare(self, layout: Layout, row: np.ndarray, exact: Exact | None) -> bool | None:
        """Whether the relation is violated at a row, decided at 50 digits (None: outside the
        domain or the assumptions, or too close to call)."""
        admitted = self.admitted(layout, row, exact)
        if admitted is None:
            return None
        concrete, point = admitted
        if self.clearly_holds(layout, row, exact):
            self.tally.screened += 1
            return False
        self.tally.exact += 1
        return self.exactly(concrete, point).violated

    def admitted(
        self, layout: Layout, row: np.ndarray, exact: Exact | None
    ) -> tuple[ConcreteProblem, dict[sp.Symbol, Fraction]] | None:
        """The row's problem and exact point, if the point is in the domain and the assumptions."""
        assignment = layout.assignment(row)
        concrete = self.concrete(assignment)
        point = layout.exact_point(row, exact)
        if not self.in_domain(layout, assignment, point):
            return None
        if concrete.assumptions and point not in concrete.membership:
            return None
        return concrete, point

    def not_real_at(self, layout: Layout, row: np.ndarray, exact: Exact | None) -> str | None:
        """The point, written out, if a side there is a finite number that is not real (at 50 digits)."""
        admitted = self.admitted(layout, row, exact)
        if admitted is None:
            return None
        concrete, point = admitted
        comparison = self.exactly(concrete, point)
        sides = (comparison.lhs, comparison.rhs)
        if not all(side.is_number and side.is_finite for side in sides):
            return None
        if all(side.is_real for side in sides):
            return None
        written = counterexample_at(concrete, point, comparison)
        return ", ".join(f"{name} = {value}" for name, value in {**written.sizes, **written.values}.items())

    def exactly(self, concrete: ConcreteProblem, point: dict[sp.Symbol, Fraction]) -> ExactComparison:
        """The relation decided at 50 digits at a point (once: the shrinker's last confirmation
        is the counterexample's record)."""
        key = (concrete.assignment, frozenset(point.items()))
        if key not in self.comparisons:
            self.comparisons[key] = _compare(concrete, point)
        return self.comparisons[key]

    def clearly_holds(self, layout: Layout, row: np.ndarray, exact: Exact | None) -> bool:
        """Whether the relation holds at the point by a wide margin at 100 digits (mpmath).

        A screen, never a verdict: a point it clears cannot be a counterexample worth
        confirming; anything else (a failure, a tie, a value outside the reals) is decided
        by ``compare_exactly``. Only for relations without derivatives.
        """
        sides = self._precise_sides(layout)
        if sides is None:
            return False
        try:
            with mpmath.workdps(PRECISE_DIGITS):
                arrays, integers = layout.precise_arrays(row, exact)
                left, right = (side(1, arrays, integers, dtype=object)[0] for side in sides)
                if not all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in (left, right)):
                    return False
                scale = max(abs(left), abs(right))
                slack = SCREEN_MARGIN * scale
                if self.problem.tolerance is not None:
                    return bool(
                        abs(left - right) < mpmath.mpf(self.problem.tolerance.p) / self.problem.tolerance.q - slack
                    )
                if self.equality:
                    return bool(abs(left - right) <= SCREEN_TIE * scale)
                margin = (
                    left - right if self.problem.relation in (sp.StrictGreaterThan, sp.GreaterThan) else right - left
                )
                return bool(margin > slack)
        except (ArithmeticError, ValueError, TypeError, IndexError, ZeroDivisionError):
            return False

    def _precise_sides(self, layout: Layout) -> tuple[TensorFunction, TensorFunction] | None:
        if self.derivatives or layout.width == 0:
            return None
        if layout not in self.precise_cache:
            try:
                self.precise_cache[layout] = tuple(  # type: ignore[assignment]
                    tensor_function(side, layout.declarations, allow_derivatives=False, precise=True)
                    for side in (self.problem.lhs, self.problem.rhs)
                )
            except UnsupportedError:
                self.precise_cache[layout] = None
        return self.precise_cache[layout]

    def in_domain(self, layout: Layout, assignment: Assignment, point: dict[sp.Symbol, Fraction]) -> bool:
        """Whether an exact point lies in every declared domain (and its scalars in their intervals).

        Checked exactly before any exact evaluation: a counterexample outside the domain
        would refute nothing.
        """
        onehot: dict[str, list[Fraction]] = {}
        for _, symbol, declaration in layout.entries(assignment):
            value = point[symbol]
            domain = declaration.domain
            if declaration.kind is Kind.SCALAR:
                interval = self.intervals.get(declaration.symbol)
                if interval is not None and not inside(interval, value):
                    return False
                if domain not in DISCRETE:
                    continue
            if domain is Domain.ONEHOT:
                onehot.setdefault(declaration.name, []).append(value)
            elif not _entry_in_domain(domain, value):
                return False
        return all(sorted(values) == [0] * (len(values) - 1) + [1] for values in onehot.values())

    def found(self, group: _Group, row: np.ndarray, exact: Exact | None) -> None:
        """Record a confirmed counterexample, shrunk first."""
        if self.profile.shrink:
            shrinker = Shrinker(group.layout, self._scalar_contains(group), self._fails(group), self._confirms(group))
            row, exact, steps = shrinker.shrink(row, exact, strict_only=self.profile.shrink_strictly)
            self.tally.shrink_steps += steps
        concrete = self.concrete(group.layout.assignment(row))
        point = group.layout.exact_point(row, exact)
        comparison = self.exactly(concrete, point)
        assert comparison.violated, "a shrunk counterexample is confirmed before it is kept"
        self.counterexample = counterexample_at(concrete, point, comparison)

    def _scalar_contains(self, group: _Group):  # type: ignore[no-untyped-def]
        by_column = {start: declaration.symbol for declaration, start, _ in group.layout.arrays}

        def contains(column: int, value: Fraction) -> bool:
            scalar = group.sampler.scalars.get(by_column.get(column))
            return scalar is None or scalar.contains(value)

        return contains

    def _fails(self, group: _Group, *, inside: bool = False):  # type: ignore[no-untyped-def]
        """Rows that fail in float64 and meet the assumptions (``inside``: clearly, as when no
        exact confirmation follows each step; else where float64 cannot tell either)."""

        def fails(rows: np.ndarray, exact: list[Exact | None], strict: bool) -> np.ndarray:
            candidates = Cloud(rows, exact, np.zeros(len(rows), dtype=np.int8))
            status = self._assumption_status(group, rows) if self.point_assumptions else np.ones(len(rows))
            result = self.evaluate(group, candidates)
            failing = result.clear if strict else result.clear | result.near_tie | (self.equality & result.finite)
            return failing & (status > 0 if inside else status >= 0)

        return fails

    def _confirms(self, group: _Group):  # type: ignore[no-untyped-def]
        def confirms(row: np.ndarray, exact: Exact | None) -> bool:
            return bool(self.compare(group.layout, row, exact))

        return confirms

    # -- evidence ------------------------------------------------------------------------

    def evidence(self) -> NumericEvidence:
        tally = self.tally
        return NumericEvidence(
            points=tally.points,
            sizes=tuple(sorted(tally.sizes)),
            seed=self.seed,
            max_abs_error=tally.max_abs,
            max_rel_error=tally.max_rel,
            max_tolerance=tally.max_tolerance,
            overflow_points=tally.overflow,
            unreliable_points=tally.unconfirmed,
            disagreements=tally.disagreements,
            exact_points=tally.exact,
            smallest_magnitude=tally.smallest if np.isfinite(tally.smallest) else None,
            largest_magnitude=tally.largest if tally.largest > 0 else None,
            special_points=tally.special,
            breakpoints=len(tally.breakpoints),
            critical_points=len(tally.critical),
            refined_points=tally.refined,
            near_ties=tally.near_ties,
            shrink_steps=tally.shrink_steps,
        )


def _entry_in_domain(domain: Domain | None, value: Fraction) -> bool:
    """An entry of a vector or matrix (or a binary scalar) in its domain; an unknown domain is not."""
    if domain is Domain.REAL:
        return True
    if domain in (Domain.POSITIVE, Domain.SIMPLEX):
        return value > 0
    if domain is Domain.NONNEGATIVE:
        return value >= 0
    if domain is Domain.UNIT:
        return 0 < value < 1
    if domain is Domain.BINARY:
        return value in (0, 1)
    if domain is Domain.SIGN:
        return value in (-1, 1)
    return False


def _uncovered_piecewise(problem: Problem) -> bool:
    """Whether a Piecewise of the relation has no last ``True`` piece (it may have no value)."""
    return any(
        piecewise.args[-1].cond is not sp.true
        for side in (problem.lhs, problem.rhs)
        for piecewise in side.atoms(sp.Piecewise)
    )


def _sum_depth(expression: sp.Basic) -> int:
    """How deeply sums nest in an expression (0: none)."""
    if not expression.args:
        return 0
    inner = max(_sum_depth(a) for a in expression.args)
    return inner + 1 if isinstance(expression, sp.Sum) else inner


def _coordinate_width(layout: Layout) -> int:
    return min(column for column in layout.integer_columns) if layout.integers else layout.width


def _concrete_side(concrete: ConcreteProblem, left: bool, layout: Layout) -> Side:
    """A side evaluated per assignment (when the tensor printer cannot print it)."""
    width = len(concrete.coordinates)

    def side(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        evaluator = concrete.float64_lhs if left else concrete.float64_rhs
        return evaluator(np.ascontiguousarray(rows[:, :width]))

    return side


def _empty_evaluation() -> _Evaluation:
    empty = np.zeros(0)
    flags = np.zeros(0, dtype=bool)
    return _Evaluation(empty, empty, flags, empty, empty, flags, flags, empty, empty, flags)


def _concatenate(first: _Evaluation, second: _Evaluation) -> _Evaluation:
    return _Evaluation(
        *(np.concatenate([getattr(first, name), getattr(second, name)]) for name in _Evaluation.__dataclass_fields__)
    )


def _compare(concrete: ConcreteProblem, point: dict[sp.Symbol, Fraction]) -> ExactComparison:
    problem = concrete.problem
    return compare_exactly(problem.relation, concrete.exact_lhs, concrete.exact_rhs, point, problem.tolerance)


def counterexample_at(
    concrete: ConcreteProblem, point: dict[sp.Symbol, Fraction], comparison: ExactComparison
) -> Counterexample:
    """The record of a confirmed failure at ``point``."""
    return Counterexample(
        sizes=concrete.assignment.describe(),
        values=concrete.instance.describe_point(point),
        lhs=sp.sstr(sp.N(comparison.lhs, 20)),
        rhs=sp.sstr(sp.N(comparison.rhs, 20)),
        relation=concrete.problem.symbol,
        digits=DIGITS,
    )


def falsify(problem: Problem, seed: int, profile: Profile = MAIN, *, dropped: sp.Basic | None = None) -> Search:
    """Search for a counterexample of ``problem``: sizes, points, landmarks, refinement, exact decisions.

    ``dropped`` is a hypothesis the problem was relaxed from (``x < c``): the search also
    looks just past the bound it put on a scalar, where the weaker claim fails first.
    """
    return _Falsifier(problem, seed, profile, dropped).run()


def exact_search(samples: tuple[Sample, ...], count: int) -> tuple[Counterexample | None, int]:
    """Evaluate the relation exactly at up to ``count`` of the kept samples; the first failure found.

    For claims float64 cannot decide (an equality off by 1e-15); the samples are the most
    suspicious point of each assignment, smallest sizes first.
    """
    checked = 0
    for concrete, point in samples[: max(0, count)]:
        if concrete.assumptions and point not in concrete.membership:
            continue
        checked += 1
        comparison = _compare(concrete, point)
        if comparison.violated:
            return counterexample_at(concrete, point, comparison), checked
    return None, checked
