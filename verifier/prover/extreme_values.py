"""Max(v) and Min(v) of a vector of symbolic length, through what they are.

Lemma: for a vector v of length K >= 1, Max(v) is attained, Max(v) = v[c] for some index
c in 1..K, and it dominates: v[m] = Max(v) - d[m] with d[m] >= 0 for every m (likewise
Min(v) = v[c] and v[m] = Min(v) + d[m]). A sign shown for every index c with Max(v)
replaced by v[c], or for every real M and every d >= 0 with each entry v[m] replaced by
M - d[m] and Max(v) by M, holds at the true maximum: each keeps one half of the
characterisation and drops the other, a strengthening. Both are tried, one vector at a
time; c, M and d are fresh ``Dummy`` symbols.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from verifier.language.functions import vmax, vmin
from verifier.language.printing import to_text
from verifier.problem import Problem
from verifier.prover.cases import Case
from verifier.prover.sums import SumNormaliser

__all__ = ["sign_through_extremes"]

CaseSign = Callable[[Case, Problem, SumNormaliser, dict[sp.Basic, sp.Basic]], str | None]


def sign_through_extremes(
    expression: sp.Basic, case: Case, problem: Problem, normaliser: SumNormaliser, sign_of_case: CaseSign
) -> str | None:
    """Max(v) as an entry v[c] for every c, or as M with every entry M - d[m], d >= 0 (Min likewise)."""
    for extreme in sorted(expression.atoms(vmax, vmin), key=sp.default_sort_key):
        (vector,) = extreme.args
        if not (isinstance(vector, sp.IndexedBase) and vector.shape is not None and len(vector.shape) == 1):
            continue
        (length,) = vector.shape
        if sp.sympify(length).is_positive is not True:
            continue
        name = to_text(extreme)
        position = sp.Dummy("c", integer=True, positive=True)
        normaliser.ranges[position] = (sp.Integer(1), sp.sympify(length))
        attained = expression.xreplace({extreme: vector[position]})
        how = sign_of_case(Case(case.label, attained, case.distinct), problem, normaliser, {})
        if how is not None:
            return f"{name} is an entry {to_text(vector[position])}; for every index c in 1..{length}: {how}"
        level = sp.Dummy("M", real=True)
        gaps = sp.IndexedBase(sp.Dummy("d"), nonnegative=True)
        is_max = isinstance(extreme, vmax)
        restored = normaliser.restore(expression).xreplace({extreme: level})
        if any(inner.function.has(sp.Sum) for inner in restored.atoms(sp.Sum)):
            continue  # restored nested sums share one bound-index name: not an expression to rewrite
        shift = -1 if is_max else 1
        dominated = restored.replace(
            lambda e, v=vector: isinstance(e, sp.Indexed) and e.base == v,
            lambda e, m=level, d=gaps, s=shift: m + s * d[e.indices],
        )
        if dominated.has(vector):
            continue
        dominated = normaliser.normalise(dominated)
        how = sign_of_case(Case(case.label, dominated, case.distinct), problem, normaliser, {})
        if how is not None:
            side = "at most" if is_max else "at least"
            sign = "-" if is_max else "+"
            return f"every entry is {side} {name} = M: writing {to_text(vector)}[m] = M {sign} d[m], d >= 0: {how}"
    return None
