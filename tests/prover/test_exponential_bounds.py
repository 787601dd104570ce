"""exp(q) replaced by a symbol over its known range.

The property test states k exp(s p) - c against 0 for p positive or nonnegative and
s = ±1, so exp(s p) ranges over (1, oo), [1, oo), (0, 1) or (0, 1]: the range of the
expression is known, and a claimed sign it contradicts fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, RELATIONS, Range, explore, power, small_offsets

from verifier.prover.exponential_bounds import exponentials_bounded
from verifier.prover.sign import has_sign

p = sp.Symbol("p", positive=True)
q = sp.Symbol("q", nonnegative=True)
x = sp.Symbol("x", real=True)


@st.composite
def shifted_exponentials(draw):  # type: ignore[no-untyped-def]
    exponent = draw(st.sampled_from((p, q, 2 * p, p + q)))
    strictly = exponent.is_positive is True
    if draw(st.booleans()):
        power_range = Range(sp.Integer(1), None, not strictly, False)
        value = sp.exp(exponent)
    else:
        power_range = Range(sp.Integer(0), sp.Integer(1), False, not strictly)
        value = sp.exp(-exponent)
    scale = draw(st.sampled_from((1, 3, sp.Rational(1, 5))))
    shift = draw(st.sampled_from((0, 1, scale))) + draw(small_offsets())
    rng = Range(
        None if power_range.inf is None else scale * power_range.inf - shift,
        None if power_range.sup is None else scale * power_range.sup - shift,
        power_range.inf_attained,
        power_range.sup_attained,
    )
    return scale * value - shift, rng, draw(st.sampled_from(NEEDED))


def check(claim):  # type: ignore[no-untyped-def]
    expression, rng, needed = claim
    true = rng.satisfies(needed, sp.Integer(0))
    proved = has_sign(expression, RELATIONS[needed]) is not None
    assert true or not proved, f"claimed {expression} {needed}"
    return true, proved


class TestGroundTruth:
    def test_shifted_exponentials(self) -> None:
        """No false sign is claimed for exp(±p) against constants at, near and away from its bounds."""
        count, share = power(explore(shifted_exponentials(), check, examples=60))
        assert count >= 15 and share >= 0.8, (count, share)


class TestExponentialsBounded:
    def test_positive_exponent(self) -> None:
        """exp(p) - 1 becomes a positive quantity r."""
        bounded = exponentials_bounded(sp.exp(p) - 1)
        assert bounded is not None and bounded.is_positive

    def test_unknown_sign_is_left_alone(self) -> None:
        """exp(x) with x of unknown sign has no bound to use."""
        assert exponentials_bounded(sp.exp(x) - 1) is None

    def test_a_variable_named_like_the_bound(self) -> None:
        """exp(p) >= 1 + r0 is false for r0 large, with r0 named like the bound's own variable."""
        r0 = sp.Symbol("r0", positive=True)
        assert has_sign(sp.exp(p) - 1 - r0, sp.GreaterThan) is None
