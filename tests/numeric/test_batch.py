"""Batches: padded layouts, the assignment of each row, exact points."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from verifier import Domain, Variables
from verifier.numeric.batch import Layout
from verifier.numeric.instances import Assignment, Instance

v = Variables()
K = v.size("K")
M = v.size("M")
x = v.scalar("x")
p = v.vector("p", K, Domain.SIMPLEX)
w = v.matrix("w", K, M)
j = v.index("j", K)
SMALL = Assignment(sizes=((K, 2), (M, 3)), indices=((j, 1),))
LARGE = Assignment(sizes=((K, 4), (M, 2)), indices=((j, 4),))
LAYOUT = Layout.of(tuple(v), [SMALL, LARGE])


class TestLayout:
    def test_padded_to_the_largest_shape(self) -> None:
        """A scalar, p padded to 4, w padded to 4 x 3, then K, M and j: 1 + 4 + 12 + 3 columns."""
        assert LAYOUT.width == 20
        assert [padded for _, _, padded in LAYOUT.arrays] == [(), (4,), (4, 3)]

    def test_entries_follow_the_instance_coordinates(self) -> None:
        """At each assignment the entries are the instance's coordinates, in the same order."""
        for assignment in (SMALL, LARGE):
            symbols = [symbol for _, symbol, _ in LAYOUT.entries(assignment)]
            assert symbols == Instance(tuple(v), assignment).coordinates()

    def test_rows_know_their_assignment(self) -> None:
        """The integer columns of a row name its assignment; owners groups rows by them."""
        rows = np.zeros((3, LAYOUT.width))
        rows[:, list(LAYOUT.integer_columns)] = [LAYOUT.integer_row(a) for a in (LARGE, SMALL, LARGE)]
        assert LAYOUT.assignment(rows[1]) == SMALL
        owners, owner = LAYOUT.owners(rows)
        assert [owners[i] for i in owner] == [LARGE, SMALL, LARGE]


class TestExactPoint:
    def test_simplex_completed_to_sum_one(self) -> None:
        """Float64 entries that do not sum to exactly 1: the largest entry is completed."""
        row = np.zeros(LAYOUT.width)
        row[list(LAYOUT.integer_columns)] = LAYOUT.integer_row(SMALL)
        start = LAYOUT.arrays[1][1]
        row[start : start + 2] = [0.1, 0.9]
        point = LAYOUT.exact_point(row, None)
        entries = [point[s] for _, s, d in LAYOUT.entries(SMALL) if d.name == "p"]
        assert sum(entries) == 1 and entries[0] == Fraction(0.1)

    def test_exact_values_beside_the_row(self) -> None:
        """A value float64 cannot hold (1/3) is kept exactly beside its row."""
        row = np.zeros(LAYOUT.width)
        row[list(LAYOUT.integer_columns)] = LAYOUT.integer_row(SMALL)
        assert LAYOUT.exact_point(row, {0: Fraction(1, 3)})[x] == Fraction(1, 3)
