"""Exact emptiness of a case's region: never empty when a point satisfies every condition.

Conditions x R e (R one of > >= < <= == !=) are generated with every end a rational, or
every end a rational multiple of a symbol d > 0 (scaling by d > 0 keeps the answer, so the
oracle takes d = 1). Whether some x satisfies them all is decided here by trying every end,
points just beside each, midpoints and far points: for such conditions one of these works
whenever any point does. A region declared empty when it is not fails the test.
"""

from __future__ import annotations

import itertools

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power

from verifier.prover.regions import Region

x = sp.Symbol("x", real=True)
d = sp.Symbol("d", positive=True)
ENDS = st.sampled_from((-2, -1, sp.Rational(-1, 3), 0, sp.Rational(1, 2), 1, 3))
OPS = st.sampled_from((">", ">=", "<", "<=", "==", "!="))


@st.composite
def conditions(draw):  # type: ignore[no-untyped-def]
    """Two to four conditions x R e, with every end e a number, or every end a multiple of d."""
    scaled = draw(st.booleans())
    drawn = [(draw(OPS), draw(ENDS)) for _ in range(draw(st.integers(2, 4)))]
    return scaled, drawn


def satisfiable(drawn: list[tuple[str, sp.Rational]]) -> bool:
    """Whether some real x satisfies every x R e (ends at d = 1: scaling by d > 0 keeps the answer)."""
    candidates = {e for _, e in drawn} | {e + sp.Rational(1, 97) for _, e in drawn}
    candidates |= {e - sp.Rational(1, 97) for _, e in drawn} | {e + 1000 for _, e in drawn} | {-1000}
    ends = sorted({e for _, e in drawn})
    candidates |= {(a + b) / 2 for a, b in itertools.pairwise(ends)}
    return any(all(sp.Rel(point, e, op) is sp.true for op, e in drawn) for point in candidates)


def test_regions_are_empty_only_when_they_are() -> None:
    """A region is declared empty only when no point satisfies its conditions; most empty ones are found."""

    def check(generated):  # type: ignore[no-untyped-def]
        scaled, drawn = generated
        region: Region | None = Region.over({x: sp.S.Reals})
        for op, end in drawn:
            if region is not None:
                region = region.with_condition(sp.Rel(x, end * d if scaled else end, op))
        empty = not satisfiable(drawn)
        assert empty or region is not None, drawn
        return empty, region is None

    results = explore(conditions(), check, examples=80)
    count, share = power(results)
    assert count >= 10 and share >= 0.8, (count, share)


class TestFactors:
    def test_a_factor_of_known_sign_is_divided_out(self) -> None:
        """x (1 - e) >= 0 with 0 < e < 1 is x >= 0: with x < 0 it is empty."""
        e = sp.Symbol("e", real=True)
        region = Region.over({x: sp.S.Reals, e: sp.Interval.open(0, 1)})
        narrowed = region.with_condition(x * (1 - e) >= 0)
        assert narrowed is not None and narrowed.with_condition(x < 0) is None
        assert region.with_condition(x * e >= 0) is not None

    def test_unknown_conditions_are_kept_not_used(self) -> None:
        """exp(x) > x**3 cannot be solved: the region keeps it, and x > 0 still leaves it non-empty."""
        region = Region.over({x: sp.S.Reals}).with_condition(sp.exp(x) + x * d > 5)
        assert region is not None and region.with_condition(x > 0) is not None

    def test_products_of_factors_of_known_weak_sign(self) -> None:
        """x u < 0 with x >= 0 and u >= 0 is empty; with u unrestricted it is not."""
        u = sp.Symbol("u", real=True)
        region = Region.over({x: sp.Interval(0, sp.oo), u: sp.Interval(0, sp.oo)})
        assert region.with_condition(x * u < 0) is None
        assert Region.over({x: sp.Interval(0, sp.oo), u: sp.S.Reals}).with_condition(x * u < 0) is not None

    def test_bounds_chain_through_a_strict_one(self) -> None:
        """x <= a, a < c and x > c is empty (c - a > 0 from the strict bound); with a <= c kept open it is not."""
        a, c = sp.Symbol("a", real=True), sp.Symbol("c", real=True)
        region = Region.over({x: sp.S.Reals, a: sp.S.Reals, c: sp.S.Reals})
        chained = region.with_condition(a < c)
        assert chained is not None and chained.with_condition(x <= a) is not None
        assert chained.with_condition(x <= a).with_condition(x > c) is None
        assert region.with_condition(x <= a).with_condition(x > c) is not None
