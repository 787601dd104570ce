"""SymPy's ``simplify``, refused where it would raise a variable to a huge power.

Lemma: ``simplify`` returns an expression equal to its argument wherever both are
defined (the tactics that call it say what they conclude from that).

Over a common denominator, a constant such as 1/10**9 multiplies each logarithm by
10**9, and ``simplify`` then combines them into log(p**1000000000 * K**2000000000) and
expands K**2000000000 - 1: seconds at 10**5, memory exhausted at 10**9 (the Gibbs
mutant H(p) <= 2 log K + 1e-9). With logarithms present and a rational constant larger
than ``LARGEST_WITH_LOGS`` in numerator or denominator, nothing is simplified: the tactic
fails and proves nothing.

Inside ``without_simplify()`` nothing is simplified at all: the engine checks a claim it
has already refuted only for an inconsistency of the prover's own tactics, and
``simplify`` was half the cost of that check.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import sympy as sp

__all__ = ["LARGEST_WITH_LOGS", "simplified", "without_simplify"]

_SIMPLIFYING = contextvars.ContextVar("simplifying", default=True)

LARGEST_WITH_LOGS = 1000


def simplified(expression: sp.Basic) -> sp.Basic | None:
    """``sp.simplify(expression)``, or None where it could build a huge power (or is switched off)."""
    if not _SIMPLIFYING.get():
        return None
    if expression.has(sp.log) and any(
        max(abs(number.p), number.q) > LARGEST_WITH_LOGS for number in expression.atoms(sp.Rational)
    ):
        return None
    return sp.simplify(expression)


@contextlib.contextmanager
def without_simplify() -> Iterator[None]:
    """Within the block, ``simplified`` returns None."""
    token = _SIMPLIFYING.set(False)
    try:
        yield
    finally:
        _SIMPLIFYING.reset(token)
