"""exp(q) replaced by a fresh symbol ranging over where it is known to lie.

Lemma: exp(q) > 1 for q > 0 and 0 < exp(q) < 1 for q < 0. Writing exp(q) = 1 + r or
1/(1 + r) with r > 0 (r >= 0 for q >= 0 or q <= 0) lets r take every value of that
range, which only strengthens a sign claim: a sign shown for every r is shown for exp(q).
"""

from __future__ import annotations

import sympy as sp

__all__ = ["exponentials_bounded"]


def exponentials_bounded(expression: sp.Basic) -> sp.Basic | None:
    """exp(q) as 1 + r for q > 0 and 1/(1 + r) for q < 0, with a fresh r > 0 each.

    SymPy does not know exp(q) > 1 for q > 0. Replacing exp(q) by any value in the range
    it is known to lie in only strengthens a sign claim, so a sign shown after is shown
    before.
    """
    replacements: dict[sp.Basic, sp.Basic] = {}
    for number, power in enumerate(sorted(expression.atoms(sp.exp), key=sp.default_sort_key)):
        r = sp.Symbol(f"r{number}", positive=True)
        r0 = sp.Symbol(f"r{number}", nonnegative=True)
        if power.args[0].is_positive:
            replacements[power] = 1 + r
        elif power.args[0].is_negative:
            replacements[power] = 1 / (1 + r)
        elif power.args[0].is_nonnegative:
            replacements[power] = 1 + r0
        elif power.args[0].is_nonpositive:
            replacements[power] = 1 / (1 + r0)
    return expression.xreplace(replacements) if replacements else None
