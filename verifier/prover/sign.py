"""The sign dispatcher: the cheap sign steps first, then simplification and case splits.

Lemma: SymPy's assumption system (``is_positive`` and the like) is sound for the
assumptions the symbols carry; a common denominator, a factorisation and a
simplification (``simplification``) are identities; the tactics it calls (exponential bounds, completed
squares, powers, Max/Min cases) each state their own lemma.
"""

from __future__ import annotations

import sympy as sp

from verifier.prover.attempt import SIGN_NEEDED
from verifier.prover.completed_square import completed_square
from verifier.prover.exponential_bounds import exponentials_bounded
from verifier.prover.extreme_cases import by_extreme_cases
from verifier.prover.power_bounds import powers_bounded
from verifier.prover.residual import plain_symbols
from verifier.prover.simplification import simplified

__all__ = ["has_sign"]


def has_sign(expression: sp.Basic, relation: type, depth: int = 0, *, thorough: bool | None = None) -> str | None:
    """How the sign the relation needs was established, or None.

    ``thorough=False`` tries only the cheap steps, ``True`` only the costly ones
    (simplification, case splits), ``None`` both, cheapest first.
    """
    attribute, _ = SIGN_NEEDED[relation]
    expression = plain_symbols(expression)
    if thorough is not True:
        if getattr(expression, attribute) is True:
            return "sign is evident"
        common = sp.factor(sp.together(expression))
        if getattr(common, attribute) is True:
            return "over a common denominator"
        bounded = exponentials_bounded(common)
        if bounded is not None and getattr(sp.factor(sp.together(bounded)), attribute) is True:
            return "with exp(q) = 1 + r (q > 0) or 1/(1 + r) (q < 0), r > 0, over a common denominator"
        for form in (expression, common):
            powers = powers_bounded(form)
            if powers is not None and getattr(sp.factor(sp.together(powers)), attribute) is True:
                return "with b**e = 1 + r (b**e >= 1) or 1/(1 + r) (b**e <= 1), r >= 0, over a common denominator"
        how = completed_square(expression, relation)
        if how is not None or thorough is False:
            return how
    simpler = simplified(expression)
    if simpler is not None:
        if getattr(simpler, attribute) is True:
            return "after simplification"
        if getattr(sp.factor(simpler), attribute) is True:
            return "factored after simplification"
    return by_extreme_cases(expression, relation, depth, has_sign) if depth < 3 else None
