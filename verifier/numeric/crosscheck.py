"""The numeric cross-check: sample the domain, compare both sides in float64, confirm exactly.

Points come from a seeded generator, at several sizes, with index symbols both equal
and different. Each side is evaluated in float64 (derivatives by finite differences
with their own error estimate). Where the relation fails beyond that estimate, the
point is re-evaluated at 50 digits; only a confirmed failure becomes a counterexample.
A float64 overflow is counted as such, never as a failure.

``exact_search`` evaluates the relation exactly at sampled points whatever float64
said: it catches claims that are wrong by less than float64 can see.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from verifier.numeric.concrete import ConcreteProblem
from verifier.numeric.exact import DIGITS, ExactComparison, compare_exactly
from verifier.numeric.instances import CHECK_SIZES, assignments
from verifier.outcome import Counterexample, NumericEvidence
from verifier.problem import Problem

__all__ = ["CrossCheck", "cross_check", "exact_search"]

TARGET_POINTS = 48
MAX_ATTEMPTS_PER_POINT = 50
# Float64 evaluation of a closed form loses a few digits; beyond this relative gap the
# point is re-checked exactly.
FLOAT_RTOL = 1e-9
MAX_CONFIRMATIONS = 4

Sample = tuple[ConcreteProblem, dict[sp.Symbol, Fraction]]


@dataclass(frozen=True, kw_only=True)
class CrossCheck:
    """What the numeric check found: evidence, and a confirmed counterexample if any."""

    evidence: NumericEvidence | None
    counterexample: Counterexample | None
    samples: tuple[Sample, ...]
    failure: str | None = None


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


def _satisfies(concrete: ConcreteProblem, point: dict[sp.Symbol, Fraction]) -> bool:
    return not concrete.assumptions or point in concrete.membership


def _points(
    concrete: ConcreteProblem, rng: np.random.Generator, count: int, spread: float
) -> list[dict[sp.Symbol, Fraction]]:
    points = []
    for _ in range(count * MAX_ATTEMPTS_PER_POINT):
        point = concrete.instance.sample(rng, spread)
        if _satisfies(concrete, point):
            points.append(point)
            if len(points) == count:
                break
    return points


def _concrete_problems(problem: Problem, rng: np.random.Generator, sizes: tuple[int, ...]) -> list[ConcreteProblem]:
    return [
        ConcreteProblem(problem, assignment)
        for assignment in assignments(problem.declarations, problem.assumptions, rng, sizes)
    ]


def _violation(problem: Problem, lhs: np.ndarray, rhs: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """How far the relation fails beyond the tolerance at each point (<= 0: it holds)."""
    difference = lhs - rhs
    if problem.relation is sp.Equality:
        return np.abs(difference) - tolerance
    if problem.relation in (sp.StrictLessThan, sp.LessThan):
        return difference - tolerance
    return -difference - tolerance


def cross_check(
    problem: Problem,
    seed: int,
    *,
    target_points: int = TARGET_POINTS,
    sizes: tuple[int, ...] = CHECK_SIZES,
    first_counterexample: bool = False,
) -> CrossCheck:
    """Sample the domain, compare in float64, and confirm the worst failures exactly.

    With ``first_counterexample``, confirm each assignment's worst failures as soon as
    it is evaluated, and stop at the first confirmed one (when only whether there is a
    counterexample matters, not the evidence of the whole sample).
    """
    rng = np.random.default_rng(seed)
    concretes = _concrete_problems(problem, rng, sizes)
    if not concretes:
        return CrossCheck(
            evidence=None,
            counterexample=None,
            samples=(),
            failure="no assignment of the indices satisfies the assumptions",
        )
    per_assignment = max(2, math.ceil(target_points / len(concretes)))
    claimed = 0.0 if problem.tolerance is None else float(problem.tolerance)
    samples: list[Sample] = []
    suspects: list[tuple[float, ConcreteProblem, dict[sp.Symbol, Fraction]]] = []
    strict = problem.relation in (sp.StrictLessThan, sp.StrictGreaterThan)
    max_abs = max_rel = max_tol = 0.0
    overflow = 0
    confirmations = disagreements = 0
    counterexample = None
    sizes_seen: set[int] = set()
    for concrete in concretes:
        points = _points(concrete, rng, per_assignment, problem.spread)
        if not points:
            continue
        sizes_seen.update(n for _, n in concrete.assignment.sizes)
        coordinates = concrete.coordinates
        matrix = np.array([[float(p[s]) for s in coordinates] for p in points], dtype=np.float64)
        matrix = matrix.reshape(len(points), len(coordinates))
        lhs, lhs_error = concrete.float64_lhs(matrix)
        rhs, rhs_error = concrete.float64_rhs(matrix)
        finite = np.isfinite(lhs) & np.isfinite(rhs) & np.isfinite(lhs_error) & np.isfinite(rhs_error)
        overflow += int(np.sum(~finite))
        with np.errstate(all="ignore"):  # overflowed points are counted, not compared
            scale = np.maximum(np.abs(lhs), np.abs(rhs))
            tolerance = lhs_error + rhs_error + FLOAT_RTOL * scale + claimed
            violation = _violation(problem, lhs, rhs, tolerance)
        for i, point in enumerate(points):
            samples.append((concrete, point))
            if not finite[i]:
                # float64 cannot evaluate here (overflow, or a value outside the reals):
                # exact evaluation still can, after the clear failures.
                suspects.append((-np.inf, concrete, point))
                continue
            gap = abs(lhs[i] - rhs[i]) if problem.relation is sp.Equality else max(0.0, violation[i] + tolerance[i])
            max_abs = max(max_abs, float(gap))
            max_rel = max(max_rel, float(gap / scale[i]) if scale[i] > 0 else 0.0)
            max_tol = max(max_tol, float(tolerance[i]))
            if violation[i] > 0:
                suspects.append((float(violation[i]), concrete, point))
            elif strict and violation[i] > -2 * tolerance[i]:
                # Within float64's reach of a tie: only exact evaluation can tell.
                suspects.append((float(violation[i]), concrete, point))
        if first_counterexample and suspects:
            disagreements += sum(1 for s in suspects if s[0] > -np.inf)
            counterexample, tried = _confirm(suspects, MAX_CONFIRMATIONS)
            confirmations += tried
            suspects.clear()
            if counterexample is not None:
                break
    if not samples:
        return CrossCheck(
            evidence=None,
            counterexample=None,
            samples=(),
            failure="no sampled point satisfies the assumptions",
        )
    if not first_counterexample:
        disagreements = sum(1 for s in suspects if s[0] > -np.inf)
        counterexample, confirmations = _confirm(suspects, MAX_CONFIRMATIONS)
    unreliable = confirmations - (counterexample is not None)
    evidence = NumericEvidence(
        points=len(samples),
        sizes=tuple(sorted(sizes_seen)),
        seed=seed,
        max_abs_error=max_abs,
        max_rel_error=max_rel,
        max_tolerance=max_tol,
        overflow_points=overflow,
        unreliable_points=unreliable,
        disagreements=disagreements,
    )
    return CrossCheck(evidence=evidence, counterexample=counterexample, samples=tuple(samples))


def _confirm(
    suspects: list[tuple[float, ConcreteProblem, dict[sp.Symbol, Fraction]]], budget: int
) -> tuple[Counterexample | None, int]:
    """Evaluate the worst suspects exactly, at most ``budget``: the first confirmed failure, and how many were tried."""
    tried = 0
    for _, concrete, point in sorted(suspects, key=lambda s: -s[0])[: max(0, budget)]:
        tried += 1
        comparison = _compare(concrete, point)
        if comparison.violated:
            return counterexample_at(concrete, point, comparison), tried
    return None, tried


def _compare(concrete: ConcreteProblem, point: dict[sp.Symbol, Fraction]) -> ExactComparison:
    problem = concrete.problem
    return compare_exactly(problem.relation, concrete.exact_lhs, concrete.exact_rhs, point, problem.tolerance)


def _spread_out(samples: tuple[Sample, ...], count: int) -> Iterator[Sample]:
    """Up to ``count`` samples, from as many different assignments as possible."""
    if count <= 0:
        return
    seen: set[int] = set()
    chosen = 0
    for concrete, point in samples:
        if id(concrete) not in seen:
            seen.add(id(concrete))
            chosen += 1
            yield concrete, point
            if chosen == count:
                return


def exact_search(samples: tuple[Sample, ...], count: int) -> tuple[Counterexample | None, int]:
    """Evaluate the relation exactly at up to ``count`` samples; the first failure found."""
    checked = 0
    for concrete, point in _spread_out(samples, count):
        checked += 1
        comparison = _compare(concrete, point)
        if comparison.violated:
            return counterexample_at(concrete, point, comparison), checked
    return None, checked
