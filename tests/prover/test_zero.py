"""Identities: a residual shown to be 0 only when it is 0."""

from __future__ import annotations

import sympy as sp

from verifier.prover.zero import is_zero

x = sp.Symbol("x", real=True)


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
