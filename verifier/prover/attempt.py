"""What a proof attempt returns, and the goal its residual must reach.

An attempt carries a proof or the reason there is none; no proof never means the claim
is false. A relation lhs R rhs becomes a goal on the residual lhs - rhs: = 0 for an
identity, a sign (< 0, <= 0, > 0, >= 0) for an inequality.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from verifier.outcome import Proof
from verifier.problem import Problem

__all__ = ["SIGN_NEEDED", "ProofAttempt", "goal"]

SIGN_NEEDED = {
    sp.StrictLessThan: ("is_negative", "< 0"),
    sp.LessThan: ("is_nonpositive", "<= 0"),
    sp.StrictGreaterThan: ("is_positive", "> 0"),
    sp.GreaterThan: ("is_nonnegative", ">= 0"),
}


@dataclass(frozen=True, kw_only=True)
class ProofAttempt:
    """A proof, or the reason there is none. No proof does not mean the claim is false."""

    proof: Proof | None
    failure: str | None = None


def goal(problem: Problem) -> str:
    if problem.relation is sp.Equality:
        return "= 0"
    return SIGN_NEEDED[problem.relation][1]
