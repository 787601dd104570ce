"""Kronecker deltas between free indices split into their equal and unequal cases.

Lemma: for indices i, j, either i = j (δ = 1, and one index may replace the other) or
i != j (δ = 0); the two cases cover every assignment, so a residual shown 0 (or of a
sign) in both is so everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from verifier.language.printing import to_text
from verifier.prover.recorder import Recorder
from verifier.prover.sums import SumNormaliser

__all__ = ["MAX_CASES", "Case", "TooManyCasesError", "kronecker_cases"]

MAX_CASES = 64


class TooManyCasesError(Exception):
    pass


@dataclass(frozen=True)
class Case:
    """One branch of the Kronecker-delta case split: its expression and what it assumes."""

    label: str
    expression: sp.Basic
    distinct: frozenset[frozenset[sp.Basic]]


def _free_deltas(expression: sp.Basic, ranges: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]) -> list[sp.KroneckerDelta]:
    return sorted(
        (d for d in expression.atoms(sp.KroneckerDelta) if all(a in ranges or a.is_Integer for a in d.args)),
        key=sp.default_sort_key,
    )


def kronecker_cases(
    residual: sp.Basic,
    normaliser: SumNormaliser,
    distinct: set[frozenset[sp.Basic]],
    record: Recorder,
) -> list[Case]:
    """Normalise, then split on each Kronecker delta between free indices."""
    normal = normaliser.normalise(residual)
    record.add(
        "Evaluate sums against Kronecker deltas, pull out factors independent of the "
        "summation index, apply the sum hypotheses",
        normal,
    )
    return _split(residual, normal, normaliser, frozenset(distinct), record, "", 0)


def _split(
    residual: sp.Basic,
    normal: sp.Basic,
    normaliser: SumNormaliser,
    distinct: frozenset[frozenset[sp.Basic]],
    record: Recorder,
    label: str,
    depth: int,
) -> list[Case]:
    """Split ``normal`` (the normal form of ``residual``) on its first free Kronecker delta.

    The unequal case sets the delta to 0; the equal case substitutes one index for the
    other in ``residual`` and normalises again. Both are identities under their case.
    """
    for delta in _free_deltas(normal, normaliser.ranges):
        if frozenset(delta.args) in distinct:
            normal = normal.xreplace({delta: sp.Integer(0)})
    deltas = _free_deltas(normal, normaliser.ranges)
    if not deltas:
        return [Case(label, normal, distinct)]
    if depth > 6:
        raise TooManyCasesError
    delta = deltas[0]
    a, b = delta.args
    joiner = ", " if label else ""
    drop, keep = _merge(a, b)
    a_text, b_text = to_text(a), to_text(b)
    equal_label = f"{label}{joiner}case {a_text} = {b_text}"
    record.add(f"Case {a_text} = {b_text}: substitute {to_text(drop)} -> {to_text(keep)}", None)
    equal_residual = residual.xreplace({drop: keep})
    equal_distinct = frozenset(frozenset(keep if x == drop else x for x in pair) for pair in distinct)
    cases = _split(
        equal_residual,
        normaliser.normalise(equal_residual),
        normaliser,
        equal_distinct,
        record,
        equal_label,
        depth + 1,
    )
    unequal_label = f"{label}{joiner}case {a_text} != {b_text}"
    cases += _split(
        residual,
        normal.xreplace({delta: sp.Integer(0)}),
        normaliser,
        distinct | {frozenset((a, b))},
        record,
        unequal_label,
        depth + 1,
    )
    if len(cases) > MAX_CASES:
        raise TooManyCasesError
    return cases


def _merge(a: sp.Basic, b: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    """In the case a = b, which symbol to replace by which: keep numbers and declared indices
    (the prover's own, such as a hot position, are Dummies)."""
    if b.is_Integer or isinstance(a, sp.Dummy):
        return a, b
    return b, a
