"""The sign of a function of one declared real scalar, on the interval it ranges over.

The interval comes from the declaration and its numeric bounds among the assumptions
(other assumptions are dropped: a larger interval, a stronger claim). A variable that is
not declared (an entry of a vector, a reparametrisation's p, a sum's atom) ranges over
what its SymPy assumptions allow, which contains every value it stands for: (0, oo) if
positive, [0, oo) if nonnegative, the line if real. The argument is exact root isolation
(``roots``), else monotonicity (``monotonicity``).
"""

from __future__ import annotations

import sympy as sp

from verifier.language.intervals import Interval, scalar_interval
from verifier.problem import Problem
from verifier.prover.attempt import SIGN_NEEDED
from verifier.prover.monotonicity import sign_by_monotonicity
from verifier.prover.roots import sign_on_interval

__all__ = ["univariate_sign"]


def univariate_sign(expression: sp.Basic, problem: Problem) -> str | None:
    """The sign of a function of one declared real scalar, by exact root isolation."""
    if problem.relation is sp.Equality or len(expression.free_symbols) != 1:
        return None
    (variable,) = expression.free_symbols
    declaration = next((d for d in problem.declarations if d.symbol == variable), None)
    if declaration is not None:
        interval = scalar_interval(declaration, problem.assumptions)
    elif variable.is_positive:  # for instance a reparametrised (0, 1) variable
        interval = Interval(low=sp.Integer(0))
    elif variable.is_nonnegative:
        interval = Interval(low=sp.Integer(0), low_closed=True)
    else:
        interval = Interval() if variable.is_real else None
    if interval is None:
        return None
    needed = SIGN_NEEDED[problem.relation][1].replace(" ", "")
    how = sign_on_interval(expression, variable, interval, needed)
    if how is None:
        how = sign_by_monotonicity(expression, variable, interval, needed)
    return how
