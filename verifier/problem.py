"""One relation to decide, with everything deciding it needs.

A claim has one relation, or one per step of a chain. Each becomes a ``Problem``:
both sides with the vocabulary expanded, the relation, the tolerance, and the
hypotheses (declarations and assumptions). Relaxing a hypothesis gives another problem.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import sympy as sp

from verifier.language.claims import RELATIONS, Claim, Hypothesis
from verifier.language.declarations import Declaration, Kind, domain_symbol
from verifier.language.functions import expand_functions

__all__ = ["Problem", "problems_of"]


@dataclass(frozen=True, kw_only=True)
class Written:
    """A relation as the claim wrote it (symbols known only to be real), and its declarations."""

    lhs: sp.Basic
    rhs: sp.Basic
    assumptions: tuple[sp.Basic, ...]
    declarations: tuple[Declaration, ...]
    real_where: tuple[sp.Basic, ...] = ()

    def reasoned(self) -> tuple[sp.Basic, sp.Basic, tuple[sp.Basic, ...], tuple[Declaration, ...]]:
        """lhs, rhs, assumptions and declarations with each symbol's domain assumptions."""
        twins = {d.symbol: domain_symbol(d) for d in self.declarations if d.domain is not None}
        declarations = tuple(replace(d, symbol=twins.get(d.symbol, d.symbol)) for d in self.declarations)
        pairs = tuple(twins.items())
        return (
            _twinned(self.lhs, pairs),
            _twinned(self.rhs, pairs),
            tuple(_twinned(a, pairs) for a in self.assumptions),
            declarations,
        )

    def reasoned_real_where(self) -> tuple[sp.Basic, ...]:
        """``real_where`` with each symbol's domain assumptions (a condition that becomes
        true under them, such as p > 0 for a positive p, is dropped)."""
        pairs = tuple((d.symbol, domain_symbol(d)) for d in self.declarations if d.domain is not None)
        twinned = (_twinned(c, pairs) for c in self.real_where)
        return tuple(c for c in twinned if c is not sp.true)


@functools.lru_cache(maxsize=4096)
def _twinned(expression: sp.Basic, pairs: tuple[tuple[sp.Basic, sp.Basic], ...]) -> sp.Basic:
    """``expression.xreplace(dict(pairs))``, every occurrence replaced.

    Cached: a chain's steps share their sides, every step has the claim's assumptions, and
    a hypothesis relaxed keeps the other symbols' domains (the replacement re-evaluates
    every node under the new assumptions, which costs more than anything else here).

    SymPy compares Subs(f(x), x, y) equal to Subs(f(x), x, y') for symbols y, y' of one
    name and other assumptions, so its cache may hand back a node built with the old y
    (a Subs inside a Sum): then the replacement is redone with the cache cleared.
    """
    twins = dict(pairs)
    result = expression.xreplace(twins)
    stale = [symbol for symbol, twin in pairs if twin != symbol]
    if stale and result.has(sp.Subs) and result.has(*stale):
        sp.core.cache.clear_cache()
        result = expression.xreplace(twins)
    return result


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Decide ``lhs relation rhs`` (within ``tolerance``) under the hypotheses.

    ``lhs``, ``rhs``, ``assumptions`` and ``declarations`` use symbols with their domains'
    assumptions; ``written`` keeps the relation as the claim wrote it, so that relaxing a
    hypothesis starts again from the author's statement.
    """

    lhs: sp.Basic
    rhs: sp.Basic
    relation: type
    declarations: tuple[Declaration, ...]
    assumptions: tuple[sp.Basic, ...] = ()
    tolerance: sp.Rational | None = None
    spread: float = 4.0
    float64: bool = False
    written: Written | None = None
    real_where: tuple[sp.Basic, ...] = ()
    """Where the relation as written has a real value (``Claim.real_where``)."""

    @property
    def symbol(self) -> str:
        return RELATIONS[self.relation]

    def declaration(self, name: str) -> Declaration:
        return next(d for d in self.declarations if d.name == name)

    def without(self, hypothesis: Hypothesis) -> Problem | None:
        """This problem with one hypothesis relaxed, or None if it cannot be relaxed."""
        if self.written is None:
            return None
        written = self.written
        if hypothesis.assumption is not None:
            remaining = tuple(a for a in written.assumptions if a != hypothesis.assumption)
            return self._from(replace(written, assumptions=remaining))
        if hypothesis.declaration is None:
            return None
        old = next(d for d in written.declarations if d.name == hypothesis.declaration)
        if old.kind is Kind.SIZE:
            if old.minimum <= 1:
                return None
            return self._from(
                replace(written, declarations=_swap(written.declarations, old, replace(old, minimum=old.minimum - 1)))
            )
        if old.domain is None or old.domain.relaxed is None:
            return None
        relaxed = replace(old, domain=old.domain.relaxed)
        return self._from(replace(written, declarations=_swap(written.declarations, old, relaxed)))

    def _from(self, written: Written) -> Problem:
        lhs, rhs, assumptions, declarations = written.reasoned()
        return replace(
            self,
            lhs=lhs,
            rhs=rhs,
            assumptions=assumptions,
            declarations=declarations,
            written=written,
            real_where=written.reasoned_real_where(),
        )


def _swap(declarations: tuple[Declaration, ...], old: Declaration, new: Declaration) -> tuple[Declaration, ...]:
    return tuple(new if d is old else d for d in declarations)


def problems_of(claim: Claim) -> tuple[Problem, ...]:
    """The problems a claim poses: one for a statement, one per step of a chain."""
    problems = []
    expanded: dict[sp.Basic, sp.Basic] = {}  # a chain's steps share their sides

    def expand(expression: sp.Basic) -> sp.Basic:
        if expression not in expanded:
            expanded[expression] = expand_functions(expression)
        return expanded[expression]

    written_assumptions = tuple(expand_functions(a) for a in claim.assumptions)
    for relation in claim.relations:
        written = Written(
            lhs=expand(relation.lhs),
            rhs=expand(relation.rhs),
            assumptions=written_assumptions,
            declarations=claim.declarations,
            real_where=tuple(expand(c) for c in claim.real_where),
        )
        lhs, rhs, assumptions, declarations = written.reasoned()
        problems.append(
            Problem(
                lhs=lhs,
                rhs=rhs,
                relation=type(relation),
                declarations=declarations,
                assumptions=assumptions,
                tolerance=claim.tolerance,
                spread=claim.spread,
                float64=claim.float64,
                written=written,
                real_where=written.reasoned_real_where(),
            )
        )
    return tuple(problems)
