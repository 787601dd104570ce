"""The sign of a quadratic in one variable, by completing the square.

Lemma: a v^2 + b v + c = a (v + b/2a)^2 + (c - b^2/4a). For real v and b, with a > 0 and
the rest c - b^2/4a >= 0 (> 0), the quadratic is >= 0 (> 0) for every v; with a < 0 and
the rest <= 0 (< 0), it is <= 0 (< 0). A positive denominator keeps the numerator's sign.
Each exp(...) becomes a fresh positive ``Dummy`` first: letting it range over every
positive value, independently of its exponent, only strengthens the claim.
"""

from __future__ import annotations

import sympy as sp

from verifier.language.printing import to_text
from verifier.prover.attempt import SIGN_NEEDED
from verifier.prover.simplification import simplified

__all__ = ["completed_square"]


def completed_square(expression: sp.Basic, relation: type) -> str | None:
    """a v^2 + b v + c = a (v + b/2a)^2 + (c - b^2/4a): the sign of the rest decides, when a has the sign."""
    attribute, _ = SIGN_NEEDED[relation]
    positive_side = attribute in ("is_positive", "is_nonnegative")
    numerator, denominator = sp.fraction(sp.together(expression))
    if denominator.is_positive:
        expression = numerator  # a positive denominator keeps the sign
    # exp(...) terms are positive quantities; as symbols they can be a square's variable.
    # (Replaced before expanding: SymPy would fuse exp(a)*exp(b) into exp(a + b).)
    atoms = sorted(expression.atoms(sp.exp), key=sp.default_sort_key)
    positives = {e: sp.Dummy(f"e{n}", positive=True) for n, e in enumerate(atoms)}
    polynomial_form = sp.expand(expression.xreplace(positives))
    for variable in sorted(polynomial_form.free_symbols, key=sp.default_sort_key):
        if not variable.is_real:
            continue  # a square is >= 0 only for a real base
        try:
            polynomial = sp.Poly(polynomial_form, variable)
        except sp.PolynomialError:
            continue
        if polynomial.degree() != 2:
            continue
        a, b, c = polynomial.all_coeffs()
        if (a.is_positive if positive_side else a.is_negative) is not True or b.is_real is not True:
            continue
        rest = simplified(c - b**2 / (4 * a))
        if rest is None:
            continue
        if getattr(rest, attribute) is True or getattr(sp.factor(rest), attribute) is True:
            named = " (each exp(...) a positive variable e')" if positives else ""
            return f"completing the square in {to_text(variable)}{named}, the rest {to_text(rest)} has the sign"
    return None
