"""Taylor bounds on exp: claims exp(x) >= c x^k and exp(x) >= T_n(x) + c with known truth.

Ground truth, by calculus and never through the prover: for c > 0 and odd k, exp(x) >= c x^k
holds on the line exactly when c <= e^k / k^k (the least value of exp(x)/x^k on x > 0 is
at x = k; on x <= 0 the right side is <= 0); for even k and c > 0 it fails as x -> -oo; for
c <= 0 it holds for even k and fails for odd k (c < 0) as x -> -oo. exp(x) >= T_n(x) holds
for odd n (Lagrange's remainder) and fails at x = 0 once a constant c > 0 is added, and
for even n it fails for x < 0. The constant e^k / k^k is compared with c at 100 digits.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import exact_sign, explore, near, power

from verifier.language.intervals import Interval
from verifier.prover.exponential_polynomials import sign_by_exponential_bounds, taylor

x = sp.Symbol("x", real=True)
LINE = Interval()


@st.composite
def cubic_claims(draw):  # type: ignore[no-untyped-def]
    """exp(x) - c x^k >= 0 with c near the threshold e^k/k^k, or anywhere."""
    k = draw(st.integers(1, 4))
    threshold = sp.E**k / sp.Integer(k) ** k
    choice = draw(st.sampled_from(("near", "far", "zero", "negative")))
    if choice == "near":
        c = near(threshold, draw(st.integers(1, 6)), draw(st.sampled_from((1, -1))))
    elif choice == "far":
        c = sp.Rational(1, draw(st.integers(1, 2000)))
    else:
        c = sp.Integer(0) if choice == "zero" else -sp.Rational(1, draw(st.integers(1, 100)))
    if c > 0:
        true = k % 2 == 1 and exact_sign(threshold - c) >= 0
    else:
        true = c == 0 or k % 2 == 0
    return sp.exp(x) - c * x**k, true


def test_exp_above_a_power() -> None:
    """exp(x) >= c x^k is proved only where true; most true ones (not too tight) are proved."""

    def check(drawn):  # type: ignore[no-untyped-def]
        expression, true = drawn
        proved = sign_by_exponential_bounds(expression, x, LINE, ">=0") is not None
        assert true or not proved, expression
        return true, proved

    results = explore(cubic_claims(), check, examples=30)
    count, share = power(results)
    assert count >= 8 and share >= 0.6, (count, share)


@st.composite
def taylor_claims(draw):  # type: ignore[no-untyped-def]
    """exp(a x) - T_n(a x) - c on the line or on a half-line, with its truth."""
    n = draw(st.integers(1, 9))
    a = draw(st.sampled_from((1, 2, sp.Rational(1, 3), -1)))
    c = draw(st.sampled_from((0, 0, sp.Rational(1, 10**6), 1)))
    half = draw(st.sampled_from(("line", "positive")))
    u = a * x
    interval = LINE if half == "line" else Interval(low=sp.Integer(0))
    # On x > 0 with a > 0 the remainder (the later terms) is >= 0 for every n, but it tends
    # to 0 at x = 0, below any c > 0; where u < 0 is possible only odd n keep it >= 0.
    true = c == 0 if half == "positive" and a > 0 else (n % 2 == 1 and c == 0)
    return sp.exp(u) - taylor(u, n) - c, interval, true


def test_exp_above_its_taylor_polynomials() -> None:
    """exp(u) >= T_n(u) (odd n) is proved; an added constant or an even n on the line never is."""

    def check(drawn):  # type: ignore[no-untyped-def]
        expression, interval, true = drawn
        proved = sign_by_exponential_bounds(expression, x, interval, ">=0") is not None
        assert true or not proved, (expression, interval)
        return true, proved

    results = explore(taylor_claims(), check, examples=40)
    count, share = power(results)
    assert count >= 8 and share >= 0.9, (count, share)


class TestUpperBounds:
    def test_exp_below_its_reciprocal_bound(self) -> None:
        """exp(x) <= 1/(1 - x) on x < 1 (exp(x) <= 1/T_1(-x)) is proved; <= 1 + x is not (false for x != 0)."""
        below_one = Interval(high=sp.Integer(1))
        assert sign_by_exponential_bounds(sp.exp(x) * (1 - x) - 1, x, below_one, "<=0") is not None
        assert sign_by_exponential_bounds(sp.exp(x) - 1 - x, x, below_one, "<=0") is None

    def test_strict_and_tight(self) -> None:
        """exp(x) > x (strict, never tight) is proved; exp(x) > 1 + x is not (equal at 0)."""
        assert sign_by_exponential_bounds(sp.exp(x) - x, x, LINE, ">0") is not None
        assert sign_by_exponential_bounds(sp.exp(x) - 1 - x, x, LINE, ">0") is None
