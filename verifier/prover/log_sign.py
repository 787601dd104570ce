"""The sign of log(A) + B, through the monotonicity of log.

Lemma: for A > 0 and a real B, log(A) + B > 0 iff A > exp(-B) (log is strictly
increasing), and likewise for <, <= and >=; so log(A) + B has the sign of A - exp(-B).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from verifier.language.printing import to_text
from verifier.problem import Problem
from verifier.prover.cases import Case
from verifier.prover.sums import SumNormaliser

__all__ = ["sign_through_log"]

# How a case's sign is established: (case, problem, normaliser, substitutions) -> how, or None.
CaseSign = Callable[[Case, Problem, SumNormaliser, dict[sp.Basic, sp.Basic]], str | None]


def sign_through_log(
    expression: sp.Basic, case: Case, problem: Problem, normaliser: SumNormaliser, sign_of_case: CaseSign
) -> str | None:
    """log(A) + B has the sign of A - exp(-B), for A > 0: log is increasing."""
    terms = sp.Add.make_args(sp.expand(expression))
    logs = [t for t in terms if isinstance(t, sp.log)]
    if len(logs) != 1 or not logs[0].args[0].is_positive:
        return None
    rest = sp.Add(*[t for t in terms if t is not logs[0]])
    if rest.has(sp.log) or rest.is_real is not True:
        return None
    compared = logs[0].args[0] - sp.exp(-rest)
    how = sign_of_case(Case(case.label, compared, case.distinct), problem, normaliser, {})
    if how is None:
        return None
    return f"log is increasing, so the sign is that of {to_text(normaliser.restore(compared))}: {how}"
