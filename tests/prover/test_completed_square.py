"""Completed squares: the sign of a quadratic from its leading coefficient and rest."""

from __future__ import annotations

import sympy as sp

from verifier.prover.completed_square import completed_square

x = sp.Symbol("x", real=True)


class TestCompletedSquare:
    def test_positive_definite(self) -> None:
        """x^2 - 2x + 2 = (x - 1)^2 + 1 > 0."""
        assert completed_square(x**2 - 2 * x + 2, sp.StrictGreaterThan) is not None

    def test_a_real_root_defeats_it(self) -> None:
        """x^2 - 2x + 1/2 has real roots: no sign is claimed."""
        assert completed_square(x**2 - 2 * x + sp.Rational(1, 2), sp.GreaterThan) is None

    def test_tie_is_nonnegative_not_positive(self) -> None:
        """(x - 1)^2 is >= 0 but not > 0."""
        assert completed_square(x**2 - 2 * x + 1, sp.GreaterThan) is not None
        assert completed_square(x**2 - 2 * x + 1, sp.StrictGreaterThan) is None
