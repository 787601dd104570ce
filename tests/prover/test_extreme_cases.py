"""Max and Min case splits: each case a reparametrisation, every case needed.

The property tests state signs of expressions with Max and Min whose range is known by
construction (a convex piecewise-linear function's minimum is at its breakpoint or
unbounded; Max(a, b, c) - a ranges over [0, oo)): a claimed sign that the range
contradicts fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, RELATIONS, Range, explore, power, small_offsets

from verifier.prover.extreme_cases import by_extreme_cases
from verifier.prover.sign import has_sign

a, b, c, d = sp.symbols("a b c d", real=True)
x = sp.Symbol("x", real=True)


@st.composite
def two_lines(draw):  # type: ignore[no-untyped-def]
    """Max(l1, l2) - l3 (or its negative with Min), with its exact range."""
    slopes = st.sampled_from((-2, -1, 0, 1, sp.Rational(1, 2), 3))
    l1 = draw(slopes) * x + draw(small_offsets())
    l2 = draw(slopes) * x + draw(small_offsets())
    l3 = draw(slopes) * x + draw(small_offsets())
    sl, sr = sorted((l1.coeff(x), l2.coeff(x)))
    s3 = l3.coeff(x)
    if sl == sr:  # parallel: one line wins everywhere
        line = sp.Max(l1, l2) - l3
        slope = sl - s3
        constant = sp.expand(line).subs(x, 0)
        bounded = slope == 0
        rng = Range(constant if bounded else None, constant if bounded else None, True, True)
    else:
        crossing = sp.solve(sp.Eq(l1, l2), x)[0]
        left, right = sl - s3, sr - s3  # slopes of the convex function on each side
        at_crossing = (l1 - l3).subs(x, crossing)
        inf = at_crossing if left <= 0 <= right else None
        rng = Range(inf, None, True, False)
    if draw(st.booleans()):  # -(Max - l3) = Min(-l1, -l2) + l3: the range mirrored
        expression = sp.Min(-l1, -l2) + l3
        rng = Range(None if rng.sup is None else -rng.sup, None if rng.inf is None else -rng.inf, True, True)
        rng = Range(rng.inf, rng.sup, rng.inf is not None, rng.sup is not None)
    else:
        expression = sp.Max(l1, l2) - l3
    return expression, rng, draw(small_offsets()), draw(st.sampled_from(NEEDED))


@st.composite
def symbol_maxima(draw):  # type: ignore[no-untyped-def]
    """Max(a, b, c) - a ranges over [0, oo), Min(a, b, c) - a over (-oo, 0], both attained at 0."""
    arguments = draw(st.sampled_from(((a, b), (a, b, c), (a, b, c, d))))
    if draw(st.booleans()):
        expression, rng = sp.Max(*arguments) - a, Range(sp.Integer(0), None, True, False)
    else:
        expression, rng = sp.Min(*arguments) - a, Range(None, sp.Integer(0), False, True)
    return expression, rng, draw(small_offsets()), draw(st.sampled_from(NEEDED))


def check(claim):  # type: ignore[no-untyped-def]
    expression, rng, bound, needed = claim
    true = rng.satisfies(needed, bound)
    proved = has_sign(expression - bound, RELATIONS[needed]) is not None
    assert true or not proved, f"claimed {expression} - {bound} {needed}"
    return true, proved


class TestGroundTruth:
    def test_two_lines(self) -> None:
        """Max and Min of two lines against a third: no false sign; most true ones are proved."""
        count, share = power(explore(two_lines(), check, examples=60))
        assert count >= 10 and share >= 0.8, (count, share)

    def test_maxima_of_symbols(self) -> None:
        """Max and Min of 2 to 4 symbols against one of them, shifted by ties and near-ties."""
        count, share = power(explore(symbol_maxima(), check, examples=40))
        assert count >= 10 and share >= 0.9, (count, share)


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

    def test_nested_splits_have_their_own_slacks(self) -> None:
        """-XY(X - Y)^2 >= 0 with X = Max(a, b) - b, Y = Max(c, d) - d is false (X = 1, Y = 2): a slack
        shared by the two splits would tie X to Y and prove it."""
        big_x, big_y = sp.Max(a, b) - b, sp.Max(c, d) - d
        assert has_sign(-big_x * big_y * (big_x - big_y) ** 2, sp.GreaterThan) is None

    def test_a_captured_slack_name(self) -> None:
        """-(Max(x, 0) - q)^2 (Max(-x, 0) - q)^2 >= 0 is false (x = 1, q = 5), q named like a slack."""
        q = sp.Symbol("q_x", nonnegative=True)
        bait = -((sp.Max(x, 0) - q) ** 2) * (sp.Max(-x, 0) - q) ** 2
        assert has_sign(bait, sp.GreaterThan) is None
