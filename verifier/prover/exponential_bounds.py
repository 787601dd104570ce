"""exp(q) replaced by a fresh symbol ranging over where it is known to lie.

Lemma: exp(q) > 1 for q > 0 and 0 < exp(q) < 1 for q < 0. Writing exp(q) = 1 + r or
1/(1 + r) with r > 0 (r >= 0 for q >= 0 or q <= 0) lets r take every value of that
range, which only strengthens a sign claim: a sign shown for every r is shown for exp(q).
Each r is a fresh ``Dummy``, independent of every other symbol; an exp(q) whose exponent's
sign is unknown is left as it is.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["exponentials_bounded"]


def exponentials_bounded(expression: sp.Basic) -> sp.Basic | None:
    """exp(q) as 1 + r for q > 0 and 1/(1 + r) for q < 0, with a fresh r > 0 each (None: no exp(q) of known sign).

    SymPy does not know exp(q) > 1 for q > 0. Replacing exp(q) by any value in the range
    it is known to lie in only strengthens a sign claim, so a sign shown after is shown
    before.
    """
    replacements: dict[sp.Basic, sp.Basic] = {}
    for number, power in enumerate(sorted(expression.atoms(sp.exp), key=sp.default_sort_key)):
        exponent = power.args[0]
        if exponent.is_positive:
            replacements[power] = 1 + sp.Dummy(f"r{number}", positive=True)
        elif exponent.is_negative:
            replacements[power] = 1 / (1 + sp.Dummy(f"r{number}", positive=True))
        elif exponent.is_nonnegative:
            replacements[power] = 1 + sp.Dummy(f"r{number}", nonnegative=True)
        elif exponent.is_nonpositive:
            replacements[power] = 1 / (1 + sp.Dummy(f"r{number}", nonnegative=True))
    return expression.xreplace(replacements) if replacements else None
