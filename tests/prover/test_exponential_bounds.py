"""exp(q) replaced by a symbol over its known range."""

from __future__ import annotations

import sympy as sp

from verifier.prover.exponential_bounds import exponentials_bounded

p = sp.Symbol("p", positive=True)
x = sp.Symbol("x", real=True)


class TestExponentialsBounded:
    def test_positive_exponent(self) -> None:
        """exp(p) - 1 becomes a positive quantity r."""
        bounded = exponentials_bounded(sp.exp(p) - 1)
        assert bounded is not None and bounded.is_positive

    def test_unknown_sign_is_left_alone(self) -> None:
        """exp(x) with x of unknown sign has no bound to use."""
        assert exponentials_bounded(sp.exp(x) - 1) is None
