"""Identities: a residual shown to be 0 only when it is 0.

The property test builds an expression in x from exp, sigmoid-like fractions, tanh and
powers, subtracts a rewriting of it (expanded, over a common denominator, tanh through
exp: exactly 0) and sometimes adds a perturbation (1e-30, x/10^12, exp(x)/10^15: never
0); a perturbed residual reported zero fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power, rationals

from verifier.prover.zero import is_zero

x = sp.Symbol("x", real=True)
PERTURBATIONS = (sp.Rational(1, 10**30), x / 10**12, sp.exp(x) / 10**15, sp.Rational(1, 10**15) * sp.tanh(x))


@st.composite
def residuals(draw):  # type: ignore[no-untyped-def]
    pieces = st.sampled_from((sp.exp(x), 1 / (1 + sp.exp(-x)), sp.tanh(x), x**2, 1 / (1 + x**2), sp.exp(-2 * x)))
    expression = sp.Integer(0)
    for _ in range(draw(st.integers(1, 2))):
        expression += draw(rationals(smallest=-2, largest=2)) * draw(pieces) * draw(st.sampled_from((1, x, sp.exp(x))))
    rewrite = draw(st.sampled_from(("expand", "together", "exp")))
    if rewrite == "expand":
        rewritten = sp.expand(expression)
    elif rewrite == "together":
        rewritten = sp.together(expression)
    else:
        rewritten = expression.rewrite(sp.exp)
    perturbation = draw(st.sampled_from(PERTURBATIONS)) if draw(st.booleans()) else sp.Integer(0)
    return expression - rewritten + perturbation, perturbation == 0


def check(case):  # type: ignore[no-untyped-def]
    residual, true = case
    proved = is_zero(residual) is not None
    assert true or not proved, f"reported zero: {residual}"
    return true, proved


class TestGroundTruth:
    def test_rewritings_and_perturbations(self) -> None:
        """A rewriting is 0 and is found so; the same off by a tiny perturbation is never reported zero."""
        count, share = power(explore(residuals(), check, examples=16))
        assert count >= 5 and share >= 0.9, (count, share)


class TestIsZero:
    def test_rational_identity(self) -> None:
        """A difference that cancels over a common denominator is 0."""
        assert is_zero(1 / (1 + sp.exp(-x)) - sp.exp(x) / (1 + sp.exp(x))) is not None

    def test_hyperbolic_identity(self) -> None:
        """tanh(x) = 2 sigma(2x) - 1 is found by writing tanh with exp."""
        assert is_zero(sp.tanh(x) - (2 / (1 + sp.exp(-2 * x)) - 1)) is not None

    def test_nonzero_is_not_zero(self) -> None:
        """A residual off by a constant is not reported zero."""
        assert is_zero(sp.tanh(x) - (2 / (1 + sp.exp(-2 * x)) - 1) + sp.Rational(1, 10**30)) is None

    def test_algebraic_constant(self) -> None:
        """sqrt(2)*sqrt(3) - sqrt(6) is 0 exactly; sqrt(2) + sqrt(3) - sqrt(10) is not."""
        assert is_zero(sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6)) is not None
        assert is_zero(sp.sqrt(2) + sp.sqrt(3) - sp.sqrt(10)) is None
