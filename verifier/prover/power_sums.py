"""A sum of squares written through the square of the sum.

Lemma: for g >= 0 over one range, Σ g^2 = (Σ g)^2 - R with R = Σ_{m != n} g_m g_n >= 0
(and Σ g = 1 for the entries g of a simplex).
R is replaced by a fresh ``Dummy`` >= 0, which only strengthens a sign claim. (Over an
empty range both sides are 0.)
"""

from __future__ import annotations

import sympy as sp

from verifier.prover.sums import SumNormaliser

__all__ = ["power_sums_bounded"]


def power_sums_bounded(expression: sp.Basic, normaliser: SumNormaliser) -> sp.Basic | None:
    """Σ_m g(m)^2 = (Σ_m g(m))^2 - R with R >= 0 (the cross terms), for g >= 0 over one range.

    Only a sign claim uses it: R stands for any value >= 0, which only strengthens the
    claim, so a sign shown after is shown before.
    """
    sums = {atom: template for atom, template in normaliser.atoms.items() if isinstance(atom, sp.Symbol)}
    replacements: dict[sp.Basic, sp.Basic] = {}
    for square_atom, square_sum in sums.items():
        if square_atom not in expression.free_symbols:
            continue
        for atom, summation in sums.items():
            if atom is square_atom or summation.limits != square_sum.limits:
                continue
            if summation.function.is_nonnegative and sp.expand(summation.function**2 - square_sum.function) == 0:
                rest = sp.Dummy(f"R_{square_atom.name}", nonnegative=True)
                replacements[square_atom] = atom**2 - rest
                break
        else:
            for unit in normaliser.unit_sums:  # a simplex's entries are >= 0 and sum to 1
                ((bound, low, high),) = unit.limits
                function = unit.function.xreplace({bound: square_sum.limits[0][0]})
                if (low, high) == square_sum.limits[0][1:] and sp.expand(function**2 - square_sum.function) == 0:
                    replacements[square_atom] = 1 - sp.Dummy(f"R_{square_atom.name}", nonnegative=True)
                    break
    return expression.xreplace(replacements) if replacements else None
