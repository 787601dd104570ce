"""A weighted sum of squares written through the square of the weighted sum.

Lemma: for weights f >= 0 over one range with W = Σ f > 0, and any real g,
Σ f g^2 = (Σ f g)^2 / W + D with D = Σ f (g - μ)^2 >= 0, μ = Σ f g / W (expand the
square: Σ f g^2 - 2 μ Σ f g + μ^2 W). This is the variance under the weights f/W being
>= 0; with f = 1 it is Cauchy–Schwarz against the vector of ones, (Σ g)^2 <= K Σ g^2,
and with f = exp(z) the quadratic form of the softmax Jacobian, Σ s v^2 - (Σ s v)^2 >= 0.
D is replaced by a fresh ``Dummy`` >= 0, which only strengthens a sign claim.
"""

from __future__ import annotations

import sympy as sp

from verifier.prover.residual import plain_symbols
from verifier.prover.sums import CANONICAL_INDEX, SumNormaliser

__all__ = ["weighted_squares_bounded"]


def weighted_squares_bounded(expression: sp.Basic, normaliser: SumNormaliser) -> sp.Basic | None:
    """Each atom Σ f g^2 of the expression as (Σ f g)^2 / Σ f + D, D >= 0, for f >= 0 and Σ f > 0."""
    replacements: dict[sp.Basic, sp.Basic] = {}
    for atom in sorted(expression.free_symbols, key=sp.default_sort_key):
        template = normaliser.atoms.get(atom)
        if template is None:
            continue
        ((bound, low, high),) = template.limits
        squares = template.function.xreplace({bound: CANONICAL_INDEX})
        for first, value in _first_moments(template.limits, normaliser):
            if value is atom or first == 0:
                continue
            g = sp.cancel(squares / first)
            f = sp.cancel(first / g)
            if not g.has(CANONICAL_INDEX) or sp.expand(f * g**2 - squares) != 0:
                continue
            if plain_symbols(f).is_nonnegative is not True or plain_symbols(g).is_real is not True:
                continue
            mass = normaliser.normalise(sp.Sum(f, (CANONICAL_INDEX, low, high)))
            if mass.is_positive is not True:
                continue
            rest = sp.Dummy(f"D_{atom}", nonnegative=True)
            replacements[atom] = value**2 / mass + rest
            break
    return expression.xreplace(replacements) if replacements else None


def _first_moments(
    limits: tuple[tuple[sp.Basic, sp.Basic, sp.Basic]], normaliser: SumNormaliser
) -> list[tuple[sp.Basic, sp.Basic]]:
    """(summand at ι, value) of the sums over the same range known to the normaliser: atoms and unit sums."""
    ((_, low, high),) = limits
    found: list[tuple[sp.Basic, sp.Basic]] = []
    for atom, template in normaliser.atoms.items():
        ((bound, atom_low, atom_high),) = template.limits
        if isinstance(atom, sp.Symbol) and (atom_low, atom_high) == (low, high):
            found.append((template.function.xreplace({bound: CANONICAL_INDEX}), atom))
    for unit in normaliser.unit_sums:
        ((bound, unit_low, unit_high),) = unit.limits
        if (unit_low, unit_high) == (low, high):
            found.append((unit.function.xreplace({bound: CANONICAL_INDEX}), sp.Integer(1)))
    return found
