"""The residual lhs - rhs, with derivatives and substitutions evaluated.

Lemma: differentiation and substitution are SymPy's exact ``doit``; the one case where
SymPy's ``subs`` is wrong (a vector entry inside a sum of symbolic length, where the
entry is not written out) is refused with ``UnsupportedError``. Vector entries become
plain symbols with the same assumptions for simplification, a renaming that changes no
value: each entry gets its own ``Dummy``, which no name in a claim can capture.
"""

from __future__ import annotations

import functools

import sympy as sp

from verifier.language.printing import to_text
from verifier.problem import Problem

__all__ = ["UnsupportedError", "differentiate", "plain_symbols", "residual_of"]


def residual_of(problem: Problem) -> sp.Basic:
    return problem.lhs - problem.rhs


class UnsupportedError(Exception):
    """A construction the symbolic prover cannot handle soundly: no proof, never a wrong one."""


def _substitute(substitution: sp.Subs) -> sp.Basic:
    # SymPy substitutes z[1] only where z[1] is written: not inside Σ_m exp(z[m]), which
    # contains it for m = 1. Refuse rather than prove something about the wrong function.
    if any(isinstance(v, sp.Indexed) for v in substitution.variables) and substitution.expr.has(sp.Sum):
        raise UnsupportedError("substituting a vector entry inside a sum of symbolic length")
    return substitution.doit(deep=False)


def differentiate(expression: sp.Basic) -> sp.Basic:
    expression = expression.replace(lambda e: isinstance(e, sp.Subs), _substitute)
    return expression.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit(deep=False))


def plain_symbols(expression: sp.Basic) -> sp.Basic:
    """Indexed entries as plain symbols with the same assumptions, for simplification."""
    return expression.xreplace({indexed: entry_symbol(indexed) for indexed in expression.atoms(sp.Indexed)})


@functools.lru_cache(maxsize=4096)
def entry_symbol(indexed: sp.Indexed) -> sp.Dummy:
    """The one Dummy standing for this entry (the same each time: SymPy's caches stay useful)."""
    assumptions = {
        k: v for k, v in indexed.base.assumptions0.items() if k in ("real", "positive", "nonnegative", "integer")
    }
    return sp.Dummy(to_text(indexed), **assumptions)
