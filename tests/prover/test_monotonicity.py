"""Monotone functions: the sign from the derivative's sign and the value or limit at an end.

The property test uses strictly monotone functions with a known zero
(``strategies.monotone_functions``) on intervals with ends at, next to and away from it,
open and closed: a claimed sign that the construction contradicts fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import (
    NEEDED,
    T,
    explore,
    holds,
    monotone_functions,
    monotone_intervals,
    power,
)

from verifier.language.intervals import Interval
from verifier.prover.monotonicity import sign_by_monotonicity

u = sp.Symbol("u", positive=True)
x = sp.Symbol("x", real=True)
UNIT = Interval(sp.Integer(0), sp.Integer(1))


@st.composite
def monotone_claims(draw):  # type: ignore[no-untyped-def]
    function = draw(monotone_functions())
    return function, draw(monotone_intervals(function)), draw(st.sampled_from(NEEDED))


def check(claim):  # type: ignore[no-untyped-def]
    function, chosen, needed = claim
    true = all(
        holds(s, needed) for s in function.signs_on(chosen.low, chosen.high, chosen.low_closed, chosen.high_closed)
    )
    expression = function.expression.xreplace({T: x})
    interval = Interval(chosen.low, chosen.high, chosen.low_closed, chosen.high_closed)
    proved = sign_by_monotonicity(expression, x, interval, needed) is not None
    assert true or not proved, f"claimed {expression} {needed} on {interval.describe('x')}"
    return true, proved


class TestGroundTruth:
    def test_monotone_functions(self) -> None:
        """No false sign is claimed next to a monotone function's zero, at open or closed ends; most true ones are."""
        count, share = power(explore(monotone_claims(), check, examples=120))
        assert count >= 20 and share >= 0.8, (count, share)


class TestKnownCases:
    def test_log_below_its_tangent(self) -> None:
        """-log(u) - (1 - u) > 0 on (0, 1): decreasing towards its limit 0 at 1."""
        assert sign_by_monotonicity(-sp.log(u) - (1 - u), u, UNIT, ">0") is not None
        assert sign_by_monotonicity(-sp.log(u) - 2 * (1 - u), u, UNIT, ">=0") is None

    def test_wrong_direction_is_not_claimed(self) -> None:
        """-log(u) - (1 - u) < 0 on (0, 1) is false and not claimed."""
        assert sign_by_monotonicity(-sp.log(u) - (1 - u), u, UNIT, "<0") is None

    def test_strict_sign_at_a_closed_end(self) -> None:
        """x > 0 fails at the closed end of [0, oo), though x increases from its limit 0; x >= 0 holds."""
        nonnegative = Interval(sp.Integer(0), low_closed=True)
        assert sign_by_monotonicity(x, x, nonnegative, ">0") is None
        assert sign_by_monotonicity(x, x, nonnegative, ">=0") is not None

    def test_a_jump_hidden_from_the_derivative(self) -> None:
        """x + 1 for x < 0 and x from 0 on has derivative 1 but falls at 0: no claim on (-1, 1)."""
        jump = sp.Piecewise((x + 1, x < 0), (x, True))
        assert sign_by_monotonicity(jump, x, Interval(sp.Integer(-1), sp.Integer(1)), ">0") is None

    def test_the_flipped_slope_comparison(self) -> None:
        """tanh' - sigma' > 0 for x < -ln(1 + sqrt 3 + sqrt(3 + 2 sqrt 3)) is false (it is < 0 there): its
        derivative's root next to t = exp(x) = 0 must not be lost."""
        crossing = sp.log(1 + sp.sqrt(3) + sp.sqrt(3 + 2 * sp.sqrt(3)))
        difference = sp.diff(sp.tanh(x), x) - sp.diff(1 / (1 + sp.exp(-x)), x)
        below = Interval(high=-crossing)
        assert sign_by_monotonicity(difference, x, below, ">0") is None
        assert sign_by_monotonicity(difference, x, below, ">=0") is None
