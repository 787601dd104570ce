"""Intervals of the real line, and where a scalar ranges given its domain and assumptions.

The prover's exact sign arguments and the sampler both need to know that ``x > 5``
restricts x to (5, oo): the prover to decide the sign there, the sampler to draw
points there rather than reject them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain

__all__ = ["Interval", "scalar_interval"]


@dataclass(frozen=True)
class Interval:
    """An interval of the real line; ``None`` bounds are infinite; bounds may be closed."""

    low: sp.Expr | None = None
    high: sp.Expr | None = None
    low_closed: bool = False
    high_closed: bool = False

    def describe(self, name: str) -> str:
        low = "-oo" if self.low is None else str(self.low)
        high = "oo" if self.high is None else str(self.high)
        return f"{name} in {'[' if self.low_closed else '('}{low}, {high}{']' if self.high_closed else ')'}"


def scalar_interval(declaration: Declaration, assumptions: Sequence[sp.Basic]) -> Interval | None:
    """Where a real scalar ranges: its domain, narrowed by numeric bounds among the assumptions.

    None for what is not a real scalar (a binary scalar, an index, a vector).
    """
    if declaration.kind is not Kind.SCALAR:
        return None
    variable = declaration.symbol
    low: sp.Expr | None = None
    high: sp.Expr | None = None
    low_closed = high_closed = False
    if declaration.domain in (Domain.POSITIVE, Domain.UNIT):
        low = sp.Integer(0)
    elif declaration.domain is Domain.NONNEGATIVE:
        low, low_closed = sp.Integer(0), True
    elif declaration.domain is not Domain.REAL:
        return None
    if declaration.domain is Domain.UNIT:
        high = sp.Integer(1)
    for assumption in assumptions:
        if not isinstance(assumption, sp.core.relational.Relational) or isinstance(
            assumption, sp.Equality | sp.Unequality
        ):
            continue
        if isinstance(assumption, sp.GreaterThan | sp.StrictGreaterThan):
            greater, smaller = assumption.lhs, assumption.rhs
        else:
            greater, smaller = assumption.rhs, assumption.lhs
        closed = isinstance(assumption, sp.GreaterThan | sp.LessThan)
        if greater == variable and smaller.is_number and smaller.is_real:
            if low is None or smaller > low or (smaller == low and not closed):
                low, low_closed = smaller, closed
        elif smaller == variable and greater.is_number and greater.is_real:
            if high is None or greater < high or (greater == high and not closed):
                high, high_closed = greater, closed
    return Interval(low, high, low_closed, high_closed)
