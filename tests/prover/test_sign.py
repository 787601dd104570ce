"""The sign dispatcher: a sign is claimed only where it holds.

The property test builds sums of squares with positive weights plus a constant,
P (x - a)^2 + Q (y - b)^2 + k with P, Q > 0 (numbers, positive symbols, exp(z), 1 + z^2),
whose minimum k is attained at (a, b): a claimed sign that contradicts it fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, RELATIONS, Range, explore, power, rationals, small_offsets

from verifier.prover.sign import has_sign

x, y, z = sp.symbols("x y z", real=True)
p = sp.Symbol("p", positive=True)


@st.composite
def weighted_squares(draw):  # type: ignore[no-untyped-def]
    weights = st.sampled_from((sp.Integer(1), sp.Rational(1, 3), p, sp.exp(z), 1 + z**2, p / (1 + p)))
    a, b = draw(rationals(smallest=-2, largest=2)), draw(rationals(smallest=-2, largest=2))
    k = draw(small_offsets())
    expression = draw(weights) * (x - a) ** 2 + k
    if draw(st.booleans()):
        expression += draw(weights) * (y - b) ** 2
    if draw(st.booleans()):
        expression = sp.expand(expression)
    sign = draw(st.sampled_from((1, -1)))
    rng = Range(k, None, True, False) if sign == 1 else Range(None, -k, False, True)
    return sign * expression, rng, draw(st.sampled_from(NEEDED))


def check(claim):  # type: ignore[no-untyped-def]
    expression, rng, needed = claim
    true = rng.satisfies(needed, sp.Integer(0))
    proved = has_sign(expression, RELATIONS[needed]) is not None
    assert true or not proved, f"claimed {expression} {needed}"
    return true, proved


class TestGroundTruth:
    def test_weighted_squares(self) -> None:
        """No false sign is claimed for weighted squares plus a tie or near-tie constant; most true ones are proved."""
        count, share = power(explore(weighted_squares(), check, examples=40))
        assert count >= 10 and share >= 0.7, (count, share)


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

    def test_entries_named_like_a_scalar(self) -> None:
        """z[1] - w >= 0 is false, with w a scalar named 'z[1]': entries become their own Dummies."""
        vector = sp.IndexedBase("z", real=True)
        twin = sp.Symbol("z[1]", real=True)
        assert has_sign(-((vector[1] - twin) ** 2), sp.GreaterThan) is None
