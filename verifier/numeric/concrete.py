"""A problem at one assignment of sizes and indices, with its forms computed once.

The numeric check evaluates each side in float64 (through the NumPy printer, or SymPy's
written-out form when the printer does not support a construct) and exactly (at 50
digits) at the very same points; both forms are built here, once per assignment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import sympy as sp

from verifier.language.intervals import scalar_interval
from verifier.numeric.evaluation import Evaluator, evaluator
from verifier.numeric.exact import exact_form
from verifier.numeric.instances import Assignment, Instance
from verifier.numeric.membership import Membership
from verifier.numeric.numpy_printer import UnsupportedError, unrolled_evaluator
from verifier.problem import Problem

__all__ = ["ConcreteProblem"]


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
    def float64_lhs(self) -> Evaluator:
        """The float64 evaluator of the left side at this assignment."""
        return self._float64(self.problem.lhs)

    @cached_property
    def float64_rhs(self) -> Evaluator:
        return self._float64(self.problem.rhs)

    def _float64(self, side: sp.Basic) -> Evaluator:
        coordinates = tuple(self.coordinates)
        try:
            return unrolled_evaluator(side, self.instance, coordinates)
        except UnsupportedError:  # SymPy writes the side out (cached: the exact check reuses it)
            return evaluator(self.instance.concrete(side), coordinates)

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
    def membership(self) -> Membership:
        """Decides whether a sampled point satisfies the remaining assumptions."""
        return Membership(self.assumptions)

    @cached_property
    def coordinates(self) -> list[sp.Symbol]:
        return self.instance.coordinates()
