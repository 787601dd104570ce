"""b**e with a symbolic exponent replaced by a fresh symbol ranging over where it is known to lie.

Lemma: for b >= 1 and e >= 0, or 0 < b <= 1 and e <= 0, b**e >= 1; for b >= 1 and
e <= 0, or 0 < b <= 1 and e >= 0, 0 < b**e <= 1. Writing b**e = 1 + r or 1/(1 + r) with a
fresh r >= 0 lets r take every value of that range, which only strengthens a sign claim:
a sign shown for every r is shown for b**e. (The focal loss's (1 - p)**g <= 1 for p in
(0, 1) and g >= 0.) Powers with a numeric exponent are left to SymPy.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["powers_bounded"]


def powers_bounded(expression: sp.Basic) -> sp.Basic | None:
    """b**e as 1 + r (b**e >= 1) or 1/(1 + r) (0 < b**e <= 1), r >= 0 fresh (None: no such power)."""
    replacements: dict[sp.Basic, sp.Basic] = {}
    powers = [p for p in expression.atoms(sp.Pow) if not p.exp.is_number]
    for number, power in enumerate(sorted(powers, key=sp.default_sort_key)):
        base, exponent = power.args
        if _nonnegative(base - 1):
            above = True
        elif base.is_positive and _nonnegative(1 - base):
            above = False
        else:
            continue
        if exponent.is_nonpositive:
            above = not above
        elif not exponent.is_nonnegative:
            continue
        rest = sp.Dummy(f"r{number}", nonnegative=True)
        replacements[power] = 1 + rest if above else 1 / (1 + rest)
    return expression.xreplace(replacements) if replacements else None


def _nonnegative(expression: sp.Expr) -> bool:
    return expression.is_nonnegative is True or sp.factor(sp.together(expression)).is_nonnegative is True
