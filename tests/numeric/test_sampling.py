"""Sampling: log-scale magnitudes, exact values where float64 cannot hold them, special points."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from verifier import Domain, Variables
from verifier.language.intervals import Interval
from verifier.numeric.batch import Layout
from verifier.numeric.instances import Assignment
from verifier.numeric.sampling import Sampler

v = Variables()
K = v.size("K")
x = v.scalar("x")
u = v.scalar("u", Domain.UNIT)
n = v.scalar("n", Domain.NONNEGATIVE)
p = v.vector("p", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
j = v.index("j", K)
DECLARATIONS = tuple(v)
AT_FIVE = Assignment(sizes=((K, 5),), indices=((j, 3),))
INTERVALS = {
    u: Interval(sp.Integer(0), sp.Integer(1)),
    n: Interval(sp.Integer(0), None, low_closed=True),
    x: Interval(),
}


def sampler() -> Sampler:
    return Sampler(Layout.of(DECLARATIONS, [AT_FIVE]), INTERVALS, spread=4.0)


def entries(name: str) -> list[sp.Symbol]:
    """The coordinate symbols of a vector at size 5."""
    return [s for _, s, d in Layout.of(DECLARATIONS, [AT_FIVE]).entries(AT_FIVE) if d.name == name]


def points(count: int = 2000) -> list[dict[sp.Symbol, Fraction]]:
    draw = sampler()
    cloud = draw.random(AT_FIVE, np.random.default_rng(3), count)
    return [draw.layout.exact_point(row, exact) for row, exact in zip(cloud.rows, cloud.exact, strict=True)]


class TestRandom:
    def test_magnitudes_on_log_scales(self) -> None:
        """Reals reach 1e-11 and 1e3 in size; unit values reach below 1e-25 and within 1e-25 of 1."""
        drawn = points()
        reals = [abs(point[x]) for point in drawn if point[x]]
        units = [point[u] for point in drawn]
        assert min(reals) < Fraction(1, 10**11) and max(reals) > 1000
        assert min(units) < Fraction(1, 10**25) and max(units) > 1 - Fraction(1, 10**25)

    def test_every_point_lies_in_its_domain(self) -> None:
        """Unit values inside (0, 1) exactly (1 - 1e-30 too), simplices summing to exactly 1, one-hots."""
        symbols = {name: entries(name) for name in ("p", "y")}
        for point in points():
            assert 0 < point[u] < 1 and point[n] >= 0
            assert sum(point[s] for s in symbols["p"]) == 1 and all(point[s] > 0 for s in symbols["p"])
            assert sorted(point[s] for s in symbols["y"]) == [0, 0, 0, 0, 1]


class TestSpecial:
    def test_closed_ends_exactly_open_ends_never(self) -> None:
        """n = 0 (a closed end) is a special point; u = 0 and u = 1 (open ends) are not."""
        draw = sampler()
        base = draw.random(AT_FIVE, np.random.default_rng(0), 1)
        cloud = draw.special(AT_FIVE, base)
        special = [draw.layout.exact_point(row, exact) for row, exact in zip(cloud.rows, cloud.exact, strict=True)]
        assert any(point[n] == 0 for point in special)
        assert all(0 < point[u] < 1 for point in special)
        assert any(point[u] == 1 - Fraction(1, 2**40) for point in special)

    def test_uniform_simplex_and_hot_index(self) -> None:
        """The uniform simplex point, and one-hot vectors hot at the index's value."""
        draw = sampler()
        cloud = draw.special(AT_FIVE, draw.random(AT_FIVE, np.random.default_rng(0), 1))
        special = [draw.layout.exact_point(row, exact) for row, exact in zip(cloud.rows, cloud.exact, strict=True)]
        hot = entries("y")[2]
        assert any(all(point[s] == Fraction(1, 5) for s in entries("p")) for point in special)
        assert any(point[hot] == 1 for point in special)
