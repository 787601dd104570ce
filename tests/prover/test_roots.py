"""Exact signs of functions of one real variable, by isolating real roots."""

from __future__ import annotations

import sympy as sp

from verifier.language.intervals import Interval
from verifier.prover.roots import sign_on_interval

x = sp.Symbol("x", real=True)
SIGMOID_SLOPE = sp.diff(1 / (1 + sp.exp(-x)), x)
TANH_SLOPE = sp.diff(sp.tanh(x), x)


class TestSignOnInterval:
    def test_sigmoid_slope_is_at_most_a_quarter(self) -> None:
        """sigma'(x) <= 1/4 everywhere, with equality at 0, so the strict version fails."""
        assert sign_on_interval(SIGMOID_SLOPE - sp.Rational(1, 4), x, Interval(), "<=0") is not None
        assert sign_on_interval(SIGMOID_SLOPE - sp.Rational(1, 4), x, Interval(), "<0") is None

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


class TestMonotonicity:
    def test_log_bound_by_monotonicity(self) -> None:
        """-log(u) >= 1 - u on (0, 1): the difference decreases to its limit 0 at u = 1."""
        from verifier.prover.monotonicity import sign_by_monotonicity

        u = sp.Symbol("u", positive=True)
        interval = Interval(sp.Integer(0), sp.Integer(1))
        assert sign_by_monotonicity(-sp.log(u) - (1 - u), u, interval, ">=0") is not None
        assert sign_by_monotonicity(-sp.log(u) - 2 * (1 - u), u, interval, ">=0") is None


def test_roots_at_algebraic_points_are_exact() -> None:
    """p(a) = 0 decided exactly: by the minimal polynomial of a, never by closeness."""
    from verifier.prover.roots import _vanishes_at

    t = sp.Symbol("t")
    a = 1 + sp.sqrt(3) + sp.sqrt(3 + 2 * sp.sqrt(3))
    minimal = sp.minimal_polynomial(a, t)
    assert _vanishes_at(sp.Poly(minimal * (t - 5), t), a)
    assert not _vanishes_at(sp.Poly(minimal + sp.Rational(1, 10**40), t), a)  # 1e-40 away from a root
    assert _vanishes_at(sp.Poly(t**2 - 2, t), sp.sqrt(2)) and not _vanishes_at(sp.Poly(t**2 - 3, t), sp.sqrt(2))
