"""The sign dispatcher: a sign is claimed only where it holds."""

from __future__ import annotations

import sympy as sp

from verifier.prover.sign import has_sign

x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)


class TestHasSign:
    def test_evident_sign(self) -> None:
        """A sum of positive terms is positive; it is not shown negative."""
        assert has_sign(p + 1, sp.StrictGreaterThan) is not None
        assert has_sign(p + 1, sp.StrictLessThan) is None

    def test_common_denominator(self) -> None:
        """1/p - 1/(p + 1) > 0 over a common denominator."""
        assert has_sign(1 / p - 1 / (p + 1), sp.StrictGreaterThan) is not None

    def test_exponential_bound(self) -> None:
        """exp(p) - 1 > 0 needs exp(p) > 1 for p > 0."""
        assert has_sign(sp.exp(p) - 1, sp.StrictGreaterThan) is not None
        assert has_sign(sp.exp(-p) - 1, sp.StrictGreaterThan) is None

    def test_max_case_split(self) -> None:
        """Max(x, p) >= x in every case; Max(x, p) >= p + 1 in none."""
        assert has_sign(sp.Max(x, p) - x, sp.GreaterThan) is not None
        assert has_sign(sp.Max(x, p) - p - 1, sp.GreaterThan) is None
