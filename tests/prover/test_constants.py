"""Exact decisions about real constants: a sign only when it is certain.

The property test builds constants that are exactly 0 (an algebraic identity, a rational),
or a rational approximation's distance from sqrt 2, e or pi (down to 1e-60, at magnitudes
1e-30 to 1e30); their true sign is known by construction, and a decided sign that
contradicts it fails the test. Undecided is always allowed.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power

from verifier.prover.constants import compare, constant_sign


@st.composite
def constants(draw):  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(("zero", "near", "rational")))
    if kind == "zero":
        return draw(
            st.sampled_from((sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6), (1 + sp.sqrt(2)) ** 2 - 3 - 2 * sp.sqrt(2)))
        ), 0
    if kind == "rational":
        value = sp.Rational(draw(st.integers(-99, 99)), draw(st.integers(1, 99)))
        return value, int(sp.sign(value))
    base = draw(st.sampled_from((sp.sqrt(2), sp.E, sp.pi)))
    scale = sp.Rational(10) ** draw(st.sampled_from((-30, 0, 30)))
    digits = draw(st.sampled_from((5, 30, 60)))
    approximation = sp.Rational(sp.N(base * scale, digits))
    true = sp.N(base * scale - approximation, 150)
    return base * scale - approximation, 1 if true > 0 else -1


def check(case):  # type: ignore[no-untyped-def]
    value, true_sign = case
    decided = constant_sign(value)
    assert decided in (None, true_sign), f"sign of {value} decided as {decided}"
    return True, decided is not None


class TestGroundTruth:
    def test_signs_of_constructed_constants(self) -> None:
        """A decided sign is the true one, for zeros, rationals and differences down to 1e-60; most are decided."""
        count, share = power(explore(constants(), check, examples=60))
        assert share >= 0.8, (count, share)


class TestCompare:
    def test_rational_against_irrational(self) -> None:
        """A rational is ordered exactly against sqrt(2), even 1e-45 away."""
        below = sp.Rational(sp.N(sp.sqrt(2), 60)) - sp.Rational(1, 10**45)
        assert compare(below, sp.sqrt(2)) == -1 and compare(sp.sqrt(2), below) == 1

    def test_equal_constants(self) -> None:
        """Equal rationals compare 0; an exact algebraic zero is 0."""
        assert compare(sp.Rational(1, 3), sp.Rational(2, 6)) == 0
        assert compare(sp.sqrt(8), 2 * sp.sqrt(2)) == 0
