"""Which strategy, in which order: values, then symbolic size, then fixed sizes.

A claim with only numeric sizes is decided by checking every index assignment, which
covers all of them (scope ``all``).
"""

from __future__ import annotations

from verifier.language.declarations import Kind
from verifier.outcome import Proof, ProofStep
from verifier.problem import Problem
from verifier.prover.attempt import ProofAttempt
from verifier.prover.fixed_sizes import prove_at_size, prove_fixed
from verifier.prover.residual import UnsupportedError
from verifier.prover.symbolic import prove_symbolic
from verifier.prover.values import prove_value
from verifier.verdicts import Scope

__all__ = ["FIXED_SIZES", "prove"]

FIXED_SIZES = (1, 2, 3, 4, 5, 6)


def prove(problem: Problem, *, fixed_sizes: tuple[int, ...] = FIXED_SIZES) -> ProofAttempt:
    """Try to prove the problem exactly; record the steps."""
    unusual = next((d.name for d in problem.declarations if not d.name.isidentifier()), None)
    if unusual is not None:
        # Vector entries become symbols named like "z[1]": a declared name like it could be confused with one.
        return ProofAttempt(proof=None, failure=f"the declared name {unusual!r} is not an identifier")
    if problem.tolerance is not None:
        try:
            return prove_value(problem)
        except UnsupportedError as unsupported:
            return ProofAttempt(proof=None, failure=f"value: {unsupported}")
    try:
        symbolic = prove_symbolic(problem)
    except UnsupportedError as unsupported:
        symbolic = ProofAttempt(proof=None, failure=f"symbolic size: {unsupported}")
    if symbolic.proof is not None:
        return symbolic
    sizes = [d for d in problem.declarations if d.kind is Kind.SIZE]
    if not sizes and any(d.kind is Kind.INDEX for d in problem.declarations):
        # Only numeric sizes: every index assignment can be checked, and that covers all.
        ok, detail = prove_at_size(problem, 1)
        if ok:
            steps = (ProofStep(action=f"Check every index assignment: {detail}", text="", latex=""),)
            return ProofAttempt(proof=Proof(scope=Scope(), method="every index assignment", steps=steps))
        return ProofAttempt(proof=None, failure=f"{symbolic.failure}; every index assignment: {detail}")
    if len(sizes) != 1:
        return symbolic
    fixed = prove_fixed(problem, sizes[0], fixed_sizes)
    if fixed.proof is not None:
        return fixed
    return ProofAttempt(proof=None, failure=f"{symbolic.failure}; {fixed.failure}")
