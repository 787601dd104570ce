"""Strategy 3, values within a tolerance: |lhs - rhs| <= tolerance.

Lemma: SymPy's ``evalf`` bounds its own error; a difference evaluated at 50 significant
digits whose distance to the tolerance is far above that precision is decided exactly.
A difference with free symbols needs a symbolic sign argument instead.
"""

from __future__ import annotations

import sympy as sp

from verifier.outcome import Proof
from verifier.problem import Problem
from verifier.prover.attempt import ProofAttempt
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
    margin = problem.tolerance - abs(value)
    if margin <= sp.Float(10, DIGITS) ** -(DIGITS - 10):
        return ProofAttempt(proof=None, failure="value: |lhs - rhs| is not within the tolerance")
    record.add(
        f"Evaluate lhs - rhs at {DIGITS} significant digits: |{sp.N(value, 12)}| <= {problem.tolerance}",
        None,
    )
    return ProofAttempt(proof=Proof(scope=Scope(), method=f"evaluation at {DIGITS} digits", steps=record.steps))
