"""Sums of products with an inner sum, the inner sum's range brought outermost.

Lemma (finite Fubini): Σ_a g(a) Σ_b h(a, b) = Σ_b Σ_a g(a) h(a, b) when b's range does not
depend on a (nor a's on b: it cannot, b is bound inside). An identity, so the residual
keeps its value; after it, Σ_c Σ_e u_c u_e Σ_n H_n x_nc x_ne normalises to
Σ_n H_n (Σ_c u_c x_nc)^2, a sum whose terms have a visible sign. The inner index becomes
a fresh ``Dummy``, so it captures nothing of the outer summand.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["sums_exchanged"]


def sums_exchanged(expression: sp.Basic) -> sp.Basic | None:
    """Each Σ_a g(a) Σ_b h(a, b) as Σ_b Σ_a g(a) h(a, b) (None: no such sum)."""
    changed = expression.replace(lambda e: isinstance(e, sp.Sum) and _inner(e) is not None, _exchanged)
    return changed if changed != expression else None


def _inner(summation: sp.Sum) -> sp.Sum | None:
    """The one inner sum among the summand's factors, if its limits do not use the outer indices."""
    inner = [f for f in sp.Mul.make_args(summation.function) if isinstance(f, sp.Sum)]
    if len(inner) != 1:
        return None
    (found,) = inner
    bound = set(summation.variables)
    if any((low.free_symbols | high.free_symbols) & bound for _, low, high in found.limits):
        return None
    return found


def _exchanged(summation: sp.Sum) -> sp.Basic:
    inner = _inner(summation)
    assert inner is not None
    fresh = {v: sp.Dummy(str(v), integer=True) for v in inner.variables}
    rest = sp.Mul(*[f for f in sp.Mul.make_args(summation.function) if f is not inner])
    limits = [(fresh[v], low, high) for v, low, high in inner.limits]
    return sp.Sum(sp.Sum(rest * inner.function.xreplace(fresh), *summation.limits), *limits)
