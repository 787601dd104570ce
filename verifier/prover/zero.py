"""Identities: the residual is shown to be identically 0.

Lemma: expand, together/cancel, powsimp, rewriting hyperbolic functions with exp,
simplify and expand_log without force are identities wherever the expression is
defined; an expression that any of them turns into 0 is 0 there. A constant is 0 when
it is algebraic and its minimal polynomial is y itself.
"""

from __future__ import annotations

import sympy as sp

from verifier.prover.residual import plain_symbols
from verifier.prover.simplification import simplified

__all__ = ["is_zero"]


def is_zero(expression: sp.Basic) -> str | None:
    """How the expression was shown to be identically zero, or None."""
    expression = plain_symbols(expression)
    if sp.expand(expression) == 0:
        return "expands to 0"
    together = sp.cancel(sp.together(sp.powsimp(sp.expand(expression))))
    if together == 0:
        return "cancels to 0"
    hyperbolic = expression.has(sp.tanh, sp.sinh, sp.cosh)
    # Over exp, a function's hyperbolic identities are rational ones; a constant's are
    # left to simplify and its minimal polynomial (cancel is slow on nested radicals).
    if (
        hyperbolic
        and expression.free_symbols
        and sp.cancel(sp.together(sp.powsimp(sp.expand(expression.rewrite(sp.exp))))) == 0
    ):
        return "written with exp, cancels to 0"
    if simplified(expression) == 0:
        return "simplifies to 0"
    if not expression.free_symbols:
        how = _algebraic_zero(expression)
        if how is not None:
            return how
    if hyperbolic and simplified(expression.rewrite(sp.exp)) == 0:
        return "written with exp, simplifies to 0"
    if simplified(sp.expand_log(sp.powsimp(together), force=False)) == 0:
        return "simplifies to 0"
    return None


def _algebraic_zero(constant: sp.Basic) -> str | None:
    """A constant is 0 exactly when its minimal polynomial (if it is algebraic) is y itself."""
    form = constant.replace(lambda e: isinstance(e, sp.tanh | sp.sinh | sp.cosh), lambda e: e.rewrite(sp.exp))
    form = sp.together(sp.powsimp(form))
    if form.has(sp.pi, sp.E) or form.atoms(sp.exp, sp.log):
        return None  # transcendental parts: no minimal polynomial
    y = sp.Dummy("y")
    try:
        if sp.minimal_polynomial(form, y) == y:
            return "an algebraic number whose minimal polynomial is y: exactly 0"
    except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic, ValueError):
        return None
    return None
