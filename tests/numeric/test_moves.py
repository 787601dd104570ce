"""Moves: every neighbour of a point stays in its domain."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import Domain, Variables
from verifier.numeric.batch import Layout
from verifier.numeric.instances import Assignment
from verifier.numeric.moves import Mover

v = Variables()
K = v.size("K")
t = v.scalar("t")
q = v.vector("q", K, Domain.POSITIVE)
u = v.vector("u", K, Domain.UNIT)
p = v.vector("p", K, Domain.SIMPLEX)
AT_THREE = Assignment(sizes=((K, 3),), indices=())
LAYOUT = Layout.of(tuple(v), [AT_THREE])
# t bounded by assumptions to (2, 5)
MOVER = Mover(LAYOUT, {t: (2.0, 5.0)})


def column(name: str) -> list[int]:
    return [c for c, _, d in LAYOUT.entries(AT_THREE) if d.name == name]


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.floats(min_value=2.0, max_value=5.0, exclude_min=True, exclude_max=True),
    st.lists(st.floats(min_value=1e-30, max_value=1e3), min_size=3, max_size=3),
    st.lists(st.floats(min_value=1e-30, max_value=1 - 1e-16), min_size=3, max_size=3),
    st.floats(min_value=1e-12, max_value=1.0),
    st.integers(0, 2**32 - 1),
)
def test_neighbours_stay_in_the_domain(
    start: float, positive: list[float], unit: list[float], step: float, seed: int
) -> None:
    """Scalars stay inside their interval, positive entries positive, unit entries in (0, 1), simplices positive."""
    row = np.zeros(LAYOUT.width)
    row[list(LAYOUT.integer_columns)] = LAYOUT.integer_row(AT_THREE)
    row[column("t")] = start
    row[column("q")] = positive
    row[column("u")] = unit
    row[column("p")] = [0.2, 0.3, 0.5]
    moved, _ = MOVER.neighbours(row, step, np.random.default_rng(seed), limit=12)
    assert len(moved)
    assert np.all((moved[:, column("t")] > 2.0) & (moved[:, column("t")] < 5.0))
    assert np.all(moved[:, column("q")] > 0)
    assert np.all((moved[:, column("u")] > 0) & (moved[:, column("u")] < 1))
    assert np.all(moved[:, column("p")] > 0) and np.allclose(moved[:, column("p")].sum(axis=1), 1.0)
