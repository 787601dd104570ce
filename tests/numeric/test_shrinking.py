"""Shrinking: simpler values first, and a shrunk counterexample that still fails."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.numeric.shrinking import complexity, simpler_values


class TestSimplerValues:
    def test_simplest_first(self) -> None:
        """0, then the sign, then small round numbers; never the value itself."""
        candidates = simpler_values(Fraction(-9391, 100))
        assert candidates[:3] == [Fraction(0), Fraction(-1), Fraction(-2)]
        assert Fraction(-9391, 100) not in candidates

    def test_round_numbers_at_every_magnitude(self) -> None:
        """A tiny value gets every power of ten down to its own, and a huge one up to its own."""
        small = simpler_values(Fraction(1234, 10**34))
        assert Fraction(1, 10**14) in small and Fraction(1, 10**30) in small
        large = simpler_values(Fraction(9391999633) * 10**288)
        assert Fraction(50) in large and Fraction(10) ** 297 in large

    def test_neighbours_of_a_value_near_an_end(self) -> None:
        """Just above 2, the decimals rounded up: 2.1 is a candidate."""
        assert Fraction(21, 10) in simpler_values(2 + Fraction(1, 2**100))

    @settings(max_examples=200, derandomize=True, deadline=None)
    @given(st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**9))
    def test_never_more_complex(self, value: Fraction) -> None:
        """Every candidate is simpler than the value it would replace."""
        assert all(complexity(c) < complexity(value) for c in simpler_values(value))
