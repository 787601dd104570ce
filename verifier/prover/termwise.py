"""A sum whose every term has the sign.

Lemma: a sum over a non-empty range (1..n, n >= 1) of terms that are each >= 0 (> 0) is
>= 0 (> 0), and so for <= and <. Each term is a claim about scalars: the entries indexed
by the bound index become free scalars (fresh ``Dummy`` symbols) with their vector's
entry assumptions (binary entries split into 0 and 1, sign entries into -1 and 1; a unit
entry becomes any positive number, a larger set), and a term's sign shown for every such
scalar holds for every term. Vectors constrained as a whole (simplex, one-hot) and inner
sums are not handled.
"""

from __future__ import annotations

import itertools

import sympy as sp

from verifier.language.domains import Domain
from verifier.problem import Problem
from verifier.prover.attempt import goal
from verifier.prover.sign import has_sign

__all__ = ["termwise_sign"]


def termwise_sign(residual: sp.Basic, problem: Problem) -> str | None:
    """A sum of terms that each have the needed sign has it too (a sum has >= 1 term).

    Each entry indexed by the bound index becomes a free scalar of its vector's domain
    (binary entries are split into 0 and 1, sign entries into -1 and 1), so the sign of
    one term is a claim about scalars.
    """
    coefficient, summation = residual.as_independent(sp.Sum, as_Add=False)
    if not isinstance(summation, sp.Sum) or len(summation.limits) != 1 or not coefficient.is_positive:
        return None
    ((bound, low, high),) = summation.limits
    if not (low == 1 and sp.sympify(high).is_positive):
        return None
    body = summation.function
    if body.has(sp.Sum):
        return None  # an inner sum's range may depend on the bound index: not one scalar claim
    entries: dict[sp.Basic, sp.Symbol] = {}
    binary: list[tuple[sp.Symbol, tuple[int, int]]] = []
    for indexed in body.atoms(sp.Indexed):
        if indexed.indices != (bound,):
            return None
        declaration = next((d for d in problem.declarations if d.symbol == indexed.base), None)
        if declaration is None or declaration.domain is None or declaration.domain.is_vector_only:
            return None
        entries[indexed] = sp.Dummy(f"{declaration.name}_term", **declaration.domain.assumptions)
        if declaration.domain in (Domain.BINARY, Domain.SIGN):
            binary.append((entries[indexed], (0, 1) if declaration.domain is Domain.BINARY else (-1, 1)))
    term = body.xreplace(entries)
    if term.has(bound):
        return None
    for bits in itertools.product(*[values for _, values in binary]):
        instance = term.xreplace({b: sp.Integer(v) for (b, _), v in zip(binary, bits, strict=True)})
        if has_sign(instance, problem.relation) is None:
            return None
    return f"Every term of the sum has sign {goal(problem)}, so the sum (of at least one term) has it"
