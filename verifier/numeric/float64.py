"""Floating-point facts: statements about IEEE float64 evaluation, decided by running NumPy.

"np.exp(800) = inf", "inf / inf is nan", "the naive softmax of [1000, 1001, 1002] is
nan": these are facts about float64 arithmetic, not about the exact mathematics, and
they are reported apart from it. Both sides are compiled to NumPy and evaluated in
float64; ``==`` compares IEEE values, with nan equal to nan.

A closed computation (no variables) is decided by running it: that run is the
evidence, and the verdict is proved or refuted. With variables, points are only
sampled, so no counterexample leaves the claim undecided: sampling proves nothing.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from verifier.numeric.concrete import ConcreteProblem
from verifier.numeric.evaluation import Evaluator
from verifier.numeric.instances import assignments
from verifier.outcome import Counterexample, NumericEvidence, Proof, ProofStep, StepOutcome
from verifier.problem import Problem
from verifier.verdicts import Scope, decide

__all__ = ["decide_float64", "holds_in_float64"]

POINTS_PER_ASSIGNMENT = 8
METHOD = "float64 evaluation (NumPy, IEEE 754)"


def holds_in_float64(relation: type, lhs: float, rhs: float, tolerance: float | None) -> bool:
    """``lhs relation rhs`` between float64 values (within ``tolerance``), nan equal to nan."""
    if tolerance is not None:
        return bool(abs(lhs - rhs) <= tolerance)
    if relation is sp.Equality:
        return bool(lhs == rhs or (np.isnan(lhs) and np.isnan(rhs)))
    comparisons = {
        sp.StrictLessThan: lhs < rhs,
        sp.LessThan: lhs <= rhs,
        sp.StrictGreaterThan: lhs > rhs,
        sp.GreaterThan: lhs >= rhs,
    }
    return bool(comparisons[relation])


def _float_text(value: float) -> str:
    return repr(float(value))


def decide_float64(problem: Problem, seed: int) -> StepOutcome:
    """Evaluate the relation in float64 and decide it as a floating-point fact."""
    rng = np.random.default_rng(seed)
    tolerance = None if problem.tolerance is None else float(problem.tolerance)
    checked = 0
    closed = True
    first: tuple[float, float] | None = None
    sizes: set[int] = set()
    for assignment in assignments(problem.declarations, problem.assumptions, rng):
        concrete = ConcreteProblem(problem, assignment)
        coordinates = concrete.coordinates
        closed = closed and not coordinates
        count = 1 if not coordinates else POINTS_PER_ASSIGNMENT
        points = [concrete.instance.sample(rng, problem.spread) for _ in range(count)]
        matrix = np.array([[float(p[s]) for s in coordinates] for p in points], dtype=np.float64)
        matrix = matrix.reshape(count, len(coordinates))
        lhs, _ = Evaluator(concrete.lhs, coordinates)(matrix)
        rhs, _ = Evaluator(concrete.rhs, coordinates)(matrix)
        sizes.update(n for _, n in assignment.sizes)
        for i, point in enumerate(points):
            checked += 1
            first = first or (float(lhs[i]), float(rhs[i]))
            if not holds_in_float64(problem.relation, float(lhs[i]), float(rhs[i]), tolerance):
                counterexample = Counterexample(
                    sizes=assignment.describe(),
                    values=concrete.instance.describe_point(point),
                    lhs=_float_text(lhs[i]),
                    rhs=_float_text(rhs[i]),
                    relation=problem.symbol,
                    digits=17,
                    arithmetic="float64",
                )
                decision = decide(proof_scope=None, proof_failure=None, counterexample_found=True)
                return StepOutcome(
                    verdict=decision.verdict,
                    counterexample=counterexample,
                    numeric=_evidence(checked, sizes, seed),
                )
    evidence = _evidence(checked, sizes, seed)
    if not closed or first is None:
        decision = decide(
            proof_scope=None,
            proof_failure="a float64 fact with variables is only sampled: no failure found, which proves nothing",
            counterexample_found=False,
        )
        return StepOutcome(verdict=decision.verdict, numeric=evidence, reason=decision.reason)
    lhs_value, rhs_value = first
    steps = (
        ProofStep(
            action="Evaluate the left side in float64", text=_float_text(lhs_value), latex=_float_text(lhs_value)
        ),
        ProofStep(
            action="Evaluate the right side in float64", text=_float_text(rhs_value), latex=_float_text(rhs_value)
        ),
        ProofStep(action=f"The relation {problem.symbol} holds between these float64 values", text="", latex=""),
    )
    # Running a closed float64 computation decides it: that run is the argument.
    decision = decide(proof_scope=Scope(), proof_failure=None, counterexample_found=False)
    return StepOutcome(
        verdict=decision.verdict,
        scope=decision.scope,
        proof=Proof(scope=Scope(), method=METHOD, steps=steps),
        numeric=evidence,
    )


def _evidence(points: int, sizes: set[int], seed: int) -> NumericEvidence:
    return NumericEvidence(
        points=points, sizes=tuple(sorted(sizes)), seed=seed, max_abs_error=0.0, max_rel_error=0.0, max_tolerance=0.0
    )
