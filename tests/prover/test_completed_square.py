"""Completed squares: the sign of a quadratic from its leading coefficient and rest.

The property test builds a(v - h)^2 + r (expanded, with another variable's square added or
exp(x) as v) whose range is known: [r, oo) for a > 0, (-oo, r] for a < 0, attained at
the vertex. A claimed sign that the range contradicts fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, RELATIONS, Range, explore, power, rationals, small_offsets

from verifier.prover.completed_square import completed_square

x = sp.Symbol("x", real=True)
w = sp.Symbol("w", real=True)


@st.composite
def quadratics(draw):  # type: ignore[no-untyped-def]
    a = draw(st.sampled_from((1, -1))) * sp.Rational(draw(st.integers(1, 9)), draw(st.integers(1, 9)))
    vertex = draw(rationals(smallest=-3, largest=3))
    rest = draw(small_offsets())
    variable = draw(st.sampled_from(("x", "exp", "two")))
    if variable == "exp":  # v = exp(x) ranges over (0, oo) only: the vertex is reached when it is positive
        v = sp.exp(x)
        reached = vertex > 0
    else:
        v, reached = x, True
    expression = sp.expand(a * (v - vertex) ** 2 + rest)
    if variable == "two":  # + a w^2: the same range, attained at w = 0
        expression += a * w**2
    if a > 0:
        rng = Range(rest, None, reached, False) if reached else Range(None, None, False, False)
    else:
        rng = Range(None, rest, False, reached) if reached else Range(None, None, False, False)
    if not reached:  # over v > 0 with the vertex at v <= 0: the range is an open interval from a(0 - h)^2 + r
        start = a * vertex**2 + rest
        rng = Range(start, None, False, False) if a > 0 else Range(None, start, False, False)
    return expression, rng, reached, draw(st.sampled_from(NEEDED))


def check(claim):  # type: ignore[no-untyped-def]
    expression, rng, reached, needed = claim
    true = rng.satisfies(needed, sp.Integer(0))
    proved = completed_square(expression, RELATIONS[needed]) is not None
    assert true or not proved, f"claimed {expression} {needed}"
    # Power counts the quadratics over the whole line: the lemma is about every real v.
    return true and reached, proved


class TestGroundTruth:
    def test_quadratics_with_known_vertex(self) -> None:
        """No false sign is claimed for a quadratic with a tie or near-tie at its vertex; most true ones are proved."""
        count, share = power(explore(quadratics(), check, examples=80))
        assert count >= 15 and share >= 0.9, (count, share)


class TestCompletedSquare:
    def test_positive_definite(self) -> None:
        """x^2 - 2x + 2 = (x - 1)^2 + 1 > 0."""
        assert completed_square(x**2 - 2 * x + 2, sp.StrictGreaterThan) is not None

    def test_a_real_root_defeats_it(self) -> None:
        """x^2 - 2x + 1/2 has real roots: no sign is claimed."""
        assert completed_square(x**2 - 2 * x + sp.Rational(1, 2), sp.GreaterThan) is None

    def test_tie_is_nonnegative_not_positive(self) -> None:
        """(x - 1)^2 is >= 0 but not > 0."""
        assert completed_square(x**2 - 2 * x + 1, sp.GreaterThan) is not None
        assert completed_square(x**2 - 2 * x + 1, sp.StrictGreaterThan) is None

    def test_a_variable_named_like_an_exp_atom(self) -> None:
        """v^2 + (exp(x) - e0) w >= 0 is false (v = 0, w = -1, exp(x) > e0), with e0 named like the exp atom."""
        e0 = sp.Symbol("e0", positive=True)
        assert completed_square(w**2 + (sp.exp(x) - e0) * x, sp.GreaterThan) is None
