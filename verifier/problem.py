"""One relation to decide, with everything deciding it needs, and its concrete instances.

A claim has one relation, or one per step of a chain. Each becomes a ``Problem``:
both sides with the vocabulary expanded, the relation, the tolerance, and the
hypotheses (declarations and assumptions). Relaxing a hypothesis gives another problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import sympy as sp

from verifier.claims import RELATIONS, Claim, Hypothesis
from verifier.declarations import Declaration, Kind
from verifier.exact import exact_form
from verifier.functions import expand_functions
from verifier.instances import Assignment, Instance
from verifier.intervals import scalar_interval

__all__ = ["ConcreteProblem", "Problem", "problems_of"]


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Decide ``lhs relation rhs`` (within ``tolerance``) under the hypotheses."""

    lhs: sp.Basic
    rhs: sp.Basic
    relation: type
    declarations: tuple[Declaration, ...]
    assumptions: tuple[sp.Basic, ...] = ()
    tolerance: sp.Rational | None = None
    spread: float = 4.0
    float64: bool = False

    @property
    def symbol(self) -> str:
        return RELATIONS[self.relation]

    @property
    def is_equality(self) -> bool:
        return self.relation is sp.Equality and self.tolerance is None

    def declaration(self, name: str) -> Declaration:
        return next(d for d in self.declarations if d.name == name)

    def without(self, hypothesis: Hypothesis) -> Problem | None:
        """This problem with one hypothesis relaxed, or None if it cannot be relaxed."""
        if hypothesis.assumption is not None:
            remaining = tuple(a for a in self.assumptions if a != hypothesis.assumption)
            return replace(self, assumptions=remaining)
        if hypothesis.declaration is None:
            return None
        old = self.declaration(hypothesis.declaration)
        if old.kind is Kind.SIZE:
            if old.minimum <= 1:
                return None
            relaxed = replace(old, minimum=old.minimum - 1)
            return replace(self, declarations=_swap(self.declarations, old, relaxed))
        if old.domain is None or old.domain.relaxed is None:
            return None
        domain = old.domain.relaxed
        if isinstance(old.symbol, sp.IndexedBase):
            symbol: sp.Basic = sp.IndexedBase(old.name, shape=old.symbol.shape, **domain.assumptions)
        else:
            symbol = sp.Symbol(old.name, **domain.assumptions)
        relaxed = replace(old, domain=domain, symbol=symbol)
        swap = {old.symbol: symbol}
        return replace(
            self,
            lhs=self.lhs.xreplace(swap),
            rhs=self.rhs.xreplace(swap),
            assumptions=tuple(a.xreplace(swap) for a in self.assumptions),
            declarations=_swap(self.declarations, old, relaxed),
        )


def _swap(
    declarations: tuple[Declaration, ...], old: Declaration, new: Declaration
) -> tuple[Declaration, ...]:
    return tuple(new if d is old else d for d in declarations)


def problems_of(claim: Claim) -> tuple[Problem, ...]:
    """The problems a claim poses: one for a statement, one per step of a chain."""
    return tuple(
        Problem(
            lhs=expand_functions(relation.lhs),
            rhs=expand_functions(relation.rhs),
            relation=type(relation),
            declarations=claim.declarations,
            assumptions=tuple(expand_functions(a) for a in claim.assumptions),
            tolerance=claim.tolerance,
            spread=claim.spread,
            float64=claim.float64,
        )
        for relation in claim.relations
    )


@dataclass
class ConcreteProblem:
    """A problem at one assignment of sizes and indices; its forms are computed once."""

    problem: Problem
    assignment: Assignment
    instance: Instance = field(init=False)

    def __post_init__(self) -> None:
        intervals = []
        for declaration in self.problem.declarations:
            interval = scalar_interval(declaration, self.problem.assumptions)
            if interval is not None:
                intervals.append((declaration.symbol, interval))
        self.instance = Instance(self.problem.declarations, self.assignment, tuple(intervals))

    @cached_property
    def lhs(self) -> sp.Basic:
        return self.instance.concrete(self.problem.lhs)

    @cached_property
    def rhs(self) -> sp.Basic:
        return self.instance.concrete(self.problem.rhs)

    @cached_property
    def exact_lhs(self) -> sp.Basic:
        return exact_form(self.lhs)

    @cached_property
    def exact_rhs(self) -> sp.Basic:
        return exact_form(self.rhs)

    @cached_property
    def assumptions(self) -> tuple[sp.Basic, ...]:
        """The assumptions that still depend on the point (index ones are already met)."""
        concrete = (self.instance.concrete(a) for a in self.problem.assumptions)
        return tuple(a for a in concrete if a not in (sp.true, True))

    @cached_property
    def coordinates(self) -> list[sp.Symbol]:
        return self.instance.coordinates()
