"""Exact signs of functions of one real variable, by isolating real roots.

The property tests build rational functions of x and of exp(x/L) from chosen roots
(``strategies.known_signs``), so the true sign on any interval is known; a claimed sign
that the construction contradicts fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import (
    NEEDED,
    explore,
    exponential_intervals_for,
    holds,
    intervals_for,
    known_signs,
    power,
)

from verifier.language.intervals import Interval
from verifier.prover.roots import sign_on_interval

x = sp.Symbol("x", real=True)
SIGMOID_SLOPE = sp.diff(1 / (1 + sp.exp(-x)), x)
TANH_SLOPE = sp.diff(sp.tanh(x), x)


@st.composite
def claims_in_x(draw):  # type: ignore[no-untyped-def]
    instance = draw(known_signs())
    return instance, draw(intervals_for(instance)), draw(st.sampled_from(NEEDED))


@st.composite
def claims_in_exp(draw):  # type: ignore[no-untyped-def]
    instance = draw(known_signs(positive_roots=draw(st.booleans())))
    scale = draw(st.sampled_from((1, 2, 3)))
    x_interval, t_interval = draw(exponential_intervals_for(instance, scale))
    return instance, scale, x_interval, t_interval, draw(st.sampled_from(NEEDED))


def interval(chosen) -> Interval:  # type: ignore[no-untyped-def]
    return Interval(chosen.low, chosen.high, chosen.low_closed, chosen.high_closed)


def check_in_x(claim):  # type: ignore[no-untyped-def]
    instance, chosen, needed = claim
    true = all(
        holds(s, needed) for s in instance.signs_on(chosen.low, chosen.high, chosen.low_closed, chosen.high_closed)
    )
    proved = sign_on_interval(instance.expression(x), x, interval(chosen), needed) is not None
    assert true or not proved, f"claimed {instance.expression(x)} {needed} on {interval(chosen).describe('x')}"
    return true, proved


def check_in_exp(claim):  # type: ignore[no-untyped-def]
    instance, scale, x_interval, t_interval, needed = claim
    signs = instance.signs_on(t_interval.low, t_interval.high, t_interval.low_closed, t_interval.high_closed)
    true = all(holds(s, needed) for s in signs)
    expression = instance.expression(sp.exp(x / scale))
    proved = sign_on_interval(expression, x, interval(x_interval), needed) is not None
    assert true or not proved, f"claimed {expression} {needed} on {interval(x_interval).describe('x')}"
    return true, proved


class TestGroundTruth:
    def test_rational_functions_of_x(self) -> None:
        """No false sign is claimed for chosen roots (close, algebraic, multiple) and ends; most true ones are."""
        count, share = power(explore(claims_in_x(), check_in_x, examples=100))
        assert count >= 20 and share >= 0.9, (count, share)

    def test_rational_functions_of_exp(self) -> None:
        """The same in t = exp(x/L), with ends at roots, transcendental ends and x -> -oo (t -> 0)."""
        count, share = power(explore(claims_in_exp(), check_in_exp, examples=100))
        assert count >= 20 and share >= 0.9, (count, share)


class TestKnownCases:
    def test_sigmoid_slope_is_at_most_a_quarter(self) -> None:
        """sigma'(x) <= 1/4 everywhere, with equality at 0, so the strict version fails."""
        assert sign_on_interval(SIGMOID_SLOPE - sp.Rational(1, 4), x, Interval(), "<=0") is not None
        assert sign_on_interval(SIGMOID_SLOPE - sp.Rational(1, 4), x, Interval(), "<0") is None

    def test_a_margin_below_a_tie(self) -> None:
        """sigma'(x) <= 1/4 - 1e-15 fails at 0, where two roots 1e-7 apart straddle t = 1."""
        below = SIGMOID_SLOPE - sp.Rational(1, 4) + sp.Rational(1, 10**15)
        assert sign_on_interval(below, x, Interval(), "<=0") is None

    def test_close_roots(self) -> None:
        """(x - 1/1000)^2 + (x - 1/1000)/10^7 >= 0 is false between its roots 1e-7 apart."""
        close = (x - sp.Rational(1, 1000)) ** 2 + (x - sp.Rational(1, 1000)) * sp.Rational(1, 10**7)
        assert sign_on_interval(close, x, Interval(), ">=0") is None
        assert sign_on_interval(close, x, Interval(sp.Rational(1, 1000)), ">=0") is not None

    def test_root_next_to_t_zero(self) -> None:
        """exp(x)(exp(x) - 1e-9) >= 0 for x < 1 is false below log(1e-9): the root near t = 0 counts."""
        expression = sp.exp(x) * (sp.exp(x) - sp.Rational(1, 10**9))
        assert sign_on_interval(expression, x, Interval(high=sp.Integer(1)), ">=0") is None
        assert sign_on_interval(expression, x, Interval(low=sp.Integer(-20), high=sp.Integer(1)), ">=0") is not None

    def test_closed_end_at_a_root(self) -> None:
        """x > 0 on [0, 1] fails at the closed end; on (0, 1] it holds."""
        assert sign_on_interval(x, x, Interval(sp.Integer(0), sp.Integer(1), True, True), ">0") is None
        assert sign_on_interval(x, x, Interval(sp.Integer(0), sp.Integer(1), False, True), ">0") is not None

    def test_tanh_is_steeper_only_near_zero(self) -> None:
        """tanh'(x) > sigma'(x) on (-1, 1) but not on the whole line."""
        difference = TANH_SLOPE - SIGMOID_SLOPE
        assert sign_on_interval(difference, x, Interval(sp.Integer(-1), sp.Integer(1)), ">0") is not None
        assert sign_on_interval(difference, x, Interval(), ">=0") is None

    def test_transcendental_endpoint(self) -> None:
        """sigma' is below 1% of its peak beyond 6, not beyond 5 (the endpoint maps to exp(6))."""
        below = SIGMOID_SLOPE - sp.Rational(1, 400)
        assert sign_on_interval(below, x, Interval(sp.Integer(6)), "<0") is not None
        assert sign_on_interval(below, x, Interval(sp.Integer(5)), "<0") is None

    def test_double_root(self) -> None:
        """-(x - 1/2)^2 <= 0 on (0, 1), touching 0 at a double root."""
        assert sign_on_interval(-((x - sp.Rational(1, 2)) ** 2), x, Interval(sp.Integer(0), sp.Integer(1)), "<=0")

    def test_pole_inside_fails(self) -> None:
        """1/x has no sign on (-1, 1): the pole is inside."""
        assert sign_on_interval(1 / x, x, Interval(sp.Integer(-1), sp.Integer(1)), ">0") is None

    def test_not_rational_in_exp(self) -> None:
        """exp(x**2) is not a rational function of exp(x/L): no claim is made."""
        assert sign_on_interval(sp.exp(x**2), x, Interval(), ">0") is None


def test_roots_at_algebraic_points_are_exact() -> None:
    """p(a) = 0 decided exactly: by the minimal polynomial of a, never by closeness."""
    from verifier.prover.roots import _vanishes_at

    t = sp.Symbol("t")
    a = 1 + sp.sqrt(3) + sp.sqrt(3 + 2 * sp.sqrt(3))
    minimal = sp.minimal_polynomial(a, t)
    assert _vanishes_at(sp.Poly(minimal * (t - 5), t), a)
    assert not _vanishes_at(sp.Poly(minimal + sp.Rational(1, 10**40), t), a)  # 1e-40 away from a root
    assert _vanishes_at(sp.Poly(t**2 - 2, t), sp.sqrt(2)) and not _vanishes_at(sp.Poly(t**2 - 3, t), sp.sqrt(2))
