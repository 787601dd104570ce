"""SymPy's ``simplify``, refused where it would raise a variable to a huge power.

Lemma: ``simplify`` returns an expression equal to its argument wherever both are
defined (the tactics that call it say what they conclude from that).

Over a common denominator, a constant such as 1/10**9 multiplies each logarithm by
10**9, and ``simplify`` then combines them into log(p**1000000000 * K**2000000000) and
expands K**2000000000 - 1: seconds at 10**5, memory exhausted at 10**9 (the Gibbs
mutant H(p) <= 2 log K + 1e-9). With logarithms present and a rational constant larger
than ``LARGEST_WITH_LOGS`` in numerator or denominator, nothing is simplified: the tactic
fails and proves nothing.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["LARGEST_WITH_LOGS", "simplified"]

LARGEST_WITH_LOGS = 1000


def simplified(expression: sp.Basic) -> sp.Basic | None:
    """``sp.simplify(expression)``, or None where it could build a huge power."""
    if expression.has(sp.log) and any(
        max(abs(number.p), number.q) > LARGEST_WITH_LOGS for number in expression.atoms(sp.Rational)
    ):
        return None
    return sp.simplify(expression)
