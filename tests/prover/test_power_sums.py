"""Sums of squares written through the square of the sum.

The property test states sums of squares of a simplex and of a positive vector (Σ p²,
Σ p(1 - p), Σ w² - (Σ w)²) against constants at, near and away from their known bounds
over every K >= 1 or >= 2, and proves them with the whole prover: a proof must agree
with the known range and with exact evaluation at random points of sizes up to 8.
"""

from __future__ import annotations

import sympy as sp
from strategies import explore, power
from test_split_sums import check, vector_claims

from verifier import Domain, Sum, Variables, summation_index
from verifier.prover.power_sums import power_sums_bounded
from verifier.prover.sums import SumNormaliser

POWERS = ("Σ p²", "Σ p(1 - p)", "Σ w² - (Σ w)²")


class TestGroundTruth:
    def test_sums_of_squares_with_known_range(self) -> None:
        """No false sign is proved for sums of squares against the square of the sum; many true ones are."""
        count, share = power(explore(vector_claims(POWERS), check, examples=20))
        assert count >= 6 and share >= 0.3, (count, share)


def test_squares_written_through_the_square_of_the_sum() -> None:
    """Σ w² becomes (Σ w)² - R with R >= 0 for positive w; for real z there is no such bound."""
    names = Variables()
    K = names.size("K")
    m = summation_index("m")
    w = sp.IndexedBase("w", positive=True)
    z = sp.IndexedBase("z", real=True)
    for base, bounded in ((w, True), (z, False)):
        normaliser = SumNormaliser({})
        form = normaliser.normalise(Sum(base[m] ** 2, (m, 1, K)) - Sum(base[m], (m, 1, K)) ** 2)
        assert (power_sums_bounded(form, normaliser) is not None) is bounded
    assert Domain.POSITIVE  # the vectors above stand for declared positive and real vectors
