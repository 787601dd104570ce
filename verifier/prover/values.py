"""Strategy 3, values within a tolerance: |lhs - rhs| <= tolerance.

Lemma: |d| <= tolerance is decided by the exact signs of d and of tolerance - |d|
(``constants``: a strict 50-digit evaluation, correct relative to the size of the value,
or an exact zero). A margin smaller than the evaluation's own precision is never taken as
one: for d near 1e30, 50 digits say nothing about 1e-25. A difference with free symbols
needs a symbolic sign argument instead.
"""

from __future__ import annotations

import sympy as sp

from verifier.outcome import Proof
from verifier.problem import Problem
from verifier.prover.attempt import ProofAttempt
from verifier.prover.constants import constant_sign
from verifier.prover.recorder import Recorder
from verifier.prover.residual import differentiate, residual_of
from verifier.prover.sign import has_sign
from verifier.verdicts import DIGITS, Scope

__all__ = ["prove_value"]


def prove_value(problem: Problem) -> ProofAttempt:
    """|lhs - rhs| <= tolerance for a closed-form constant, by evaluation at 50 digits."""
    assert problem.tolerance is not None
    difference = differentiate(residual_of(problem))
    record = Recorder()
    record.add(f"To show: |lhs - rhs| <= {problem.tolerance}", difference)
    if difference.free_symbols:
        gap = problem.tolerance - sp.Abs(difference)
        how = has_sign(gap, sp.GreaterThan)
        if how is None:
            return ProofAttempt(proof=None, failure="value: could not bound |lhs - rhs| symbolically")
        record.add(f"tolerance - |lhs - rhs| >= 0: {how}", gap)
        return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))
    value = sp.N(difference, DIGITS)
    if not value.is_real:
        return ProofAttempt(proof=None, failure=f"value: lhs - rhs is not a real number ({value})")
    sign = constant_sign(difference)
    within = None if sign is None else constant_sign(problem.tolerance - sign * difference)
    if within not in (0, 1):
        return ProofAttempt(proof=None, failure="value: |lhs - rhs| is not within the tolerance")
    record.add(
        f"Evaluate lhs - rhs at {DIGITS} significant digits: |{sp.N(value, 12)}| <= {problem.tolerance}",
        None,
    )
    return ProofAttempt(proof=Proof(scope=Scope(), method=f"evaluation at {DIGITS} digits", steps=record.steps))
