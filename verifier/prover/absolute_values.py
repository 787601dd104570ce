"""Absolute values resolved by the sign of their argument.

Lemma: |u| = u where u >= 0 and |u| = -u where u <= 0; the replacement is made only
when that sign is established on the whole domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from verifier.problem import Problem
from verifier.prover.cases import Case
from verifier.prover.sums import SumNormaliser

__all__ = ["resolve_absolute_values"]

# How a case's sign is established: (case, problem, normaliser, substitutions) -> how, or None.
CaseSign = Callable[[Case, Problem, SumNormaliser, dict[sp.Basic, sp.Basic]], str | None]


def resolve_absolute_values(case: Case, problem: Problem, normaliser: SumNormaliser, sign_of_case: CaseSign) -> Case:
    """Replace |u| by u or -u where the sign of u can be established (innermost first)."""
    expression = case.expression
    for absolute in sorted(expression.atoms(sp.Abs), key=lambda a: sp.count_ops(a)):
        inner = absolute.args[0]
        for relation, value in ((sp.GreaterThan, inner), (sp.LessThan, -inner)):
            probe = replace(problem, relation=relation, lhs=inner, rhs=sp.Integer(0))
            if sign_of_case(Case(case.label, inner, case.distinct), probe, normaliser, {}) is not None:
                expression = expression.xreplace({absolute: value})
                break
    return case if expression == case.expression else Case(case.label, expression, case.distinct)
