"""Which strategy, in which order: values, then symbolic size, then fixed sizes.

A claim with only numeric sizes is decided by checking every index assignment, which
covers all of them (scope ``all``).
"""

from __future__ import annotations

import contextlib

from verifier.language.declarations import Kind
from verifier.language.functions import vmax, vmin
from verifier.outcome import Proof, ProofStep
from verifier.problem import Problem
from verifier.prover.attempt import ProofAttempt
from verifier.prover.fixed_sizes import prove_at_size, prove_fixed
from verifier.prover.residual import UnsupportedError
from verifier.prover.simplification import without_simplify
from verifier.prover.symbolic import prove_symbolic
from verifier.prover.values import prove_value
from verifier.verdicts import Scope

__all__ = ["FIXED_SIZES", "prove"]

FIXED_SIZES = (1, 2, 3, 4, 5, 6)


def prove(problem: Problem, *, fixed_sizes: tuple[int, ...] = FIXED_SIZES, simplify: bool = True) -> ProofAttempt:
    """Try to prove the problem exactly; record the steps (``simplify=False``: without
    SymPy's ``simplify``, as for a claim already refuted).

    A failure names the constructs of the problem the prover cannot reason about yet. A
    tactic that raises on a form it was not written for proves nothing: the attempt
    fails with the exception named, and the claim stays undecided, never an error.
    """
    unusual = next((d.name for d in problem.declarations if not d.name.isidentifier()), None)
    if unusual is not None:
        # Vector entries become symbols named like "z[1]": a declared name like it could be confused with one.
        return ProofAttempt(proof=None, failure=f"the declared name {unusual!r} is not an identifier")
    try:
        with contextlib.nullcontext() if simplify else without_simplify():
            attempt = _prove(problem, fixed_sizes)
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001  (a tactic that cannot handle a form proves nothing)
        attempt = ProofAttempt(proof=None, failure=f"the prover stopped ({type(error).__name__}: {error})")
    if attempt.proof is None and attempt.failure:
        unused = unused_constructs(problem)
        if unused:
            return ProofAttempt(proof=None, failure=f"{attempt.failure} (the prover cannot use yet: {unused})")
    return attempt


_CONSTRUCTS = (
    (
        (vmax, vmin),
        "Max(v) / Min(v) of a vector of symbolic length (used only through the bounds Max(v) >= v[j] >= Min(v))",
    ),
)


def unused_constructs(problem: Problem) -> str:
    """The constructs in the problem that no tactic reasons about, as a phrase ('' if none)."""
    found = [
        words
        for kind, words in _CONSTRUCTS
        if any(side.has(*(kind if isinstance(kind, tuple) else (kind,))) for side in (problem.lhs, problem.rhs))
    ]
    return ", ".join(found)


def _prove(problem: Problem, fixed_sizes: tuple[int, ...]) -> ProofAttempt:
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
