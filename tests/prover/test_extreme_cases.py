"""Max and Min case splits: each case a reparametrisation, every case needed."""

from __future__ import annotations

import sympy as sp

from verifier.prover.extreme_cases import by_extreme_cases
from verifier.prover.sign import has_sign

a, b, c = sp.symbols("a b c", real=True)


class TestByExtremeCases:
    def test_max_is_at_least_each_argument(self) -> None:
        """Max(a, b, c) - b >= 0: in every case the largest argument is at least b."""
        assert by_extreme_cases(sp.Max(a, b, c) - b, sp.GreaterThan, 0, has_sign) is not None

    def test_min_is_not_above_an_argument(self) -> None:
        """Min(a, b) - a > 0 fails in the case a is the smaller: not claimed."""
        assert by_extreme_cases(sp.Min(a, b) - a, sp.StrictGreaterThan, 0, has_sign) is None

    def test_two_cases_over_a_linear_difference(self) -> None:
        """Max(a, 2a + 1) >= a: split on the sign of a + 1."""
        assert by_extreme_cases(sp.Max(a, 2 * a + 1) - a, sp.GreaterThan, 0, has_sign) is not None
