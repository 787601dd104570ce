"""Sums split around free indices, their rests bounded by power means.

The property test states quantities of a simplex and a real vector of size K >= 1 or
>= 2 with a free index j (``strategies.VECTOR_QUANTITIES``) against constants at, near and away from
their known bounds, and proves them with the whole prover. A claimed proof must agree
with the known range, and with exact evaluation at random rational points (uniform,
spiky, random) of every size from the minimum to 8.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, VECTOR_QUANTITIES, explore, holds, power, small_offsets, vector_point

from verifier import Domain, Ge, Gt, Le, Lt, Variables, claim, summation_index
from verifier.problem import problems_of
from verifier.prover import prove

STATED = {">=0": Ge, ">0": Gt, "<=0": Le, "<0": Lt}
DOMAINS = {"simplex": Domain.SIMPLEX, "real": Domain.REAL, "positive": Domain.POSITIVE}
m = summation_index("m")


SPLIT = ("p[j]", "Σ p² - p[j]²", "Σ z² - z[j]²", "p[j] Σ p²")


@st.composite
def vector_claims(draw, names=SPLIT):  # type: ignore[no-untyped-def]
    quantity = draw(st.sampled_from([q for q in VECTOR_QUANTITIES if q.name in names]))
    minimum = draw(st.sampled_from((1, 2)))
    needed = draw(st.sampled_from(NEEDED))
    rng = quantity.ranges(minimum)
    end = rng.inf if needed.startswith(">") else rng.sup  # the bound the claim is about, when finite
    offset = draw(small_offsets())
    if end is not None and draw(st.integers(0, 2)) > 0:  # at the bound, or on either side of it
        bound = end - abs(offset) if needed.startswith(">") and draw(st.booleans()) else end + offset
    else:
        bound = draw(st.sampled_from((0, 1, sp.Rational(1, 7)))) + offset
    points = []
    for size in range(minimum, 9):
        j = draw(st.integers(1, size))
        points.append((j, vector_point(draw, quantity.domain, size)))
    return quantity, minimum, bound, needed, points


def statement_of(quantity, minimum, bound, needed):  # type: ignore[no-untyped-def]
    names = Variables()
    K = names.size("K", at_least=minimum)
    vectors = {d: names.vector(n, K, DOMAINS[d]) for n, d in (("p", "simplex"), ("z", "real"), ("w", "positive"))}
    j = names.index("j", K)
    expression = quantity.build(vectors["simplex"], vectors["real"], vectors["positive"], j, m, K)
    return names, STATED[needed](expression - bound, 0)


def check(case):  # type: ignore[no-untyped-def]
    quantity, minimum, bound, needed, points = case
    names, statement = statement_of(quantity, minimum, bound, needed)
    (problem,) = problems_of(claim(names, id="c", statement=statement))
    attempt = prove(problem, fixed_sizes=())
    proved = attempt.proof is not None
    true = quantity.ranges(minimum).satisfies(needed, bound)
    assert true or not proved, f"claimed {statement} for K >= {minimum}"
    if proved:
        for j, values in points:
            value = quantity.exact(values, j) - bound
            assert holds(int(sp.sign(value)), needed), f"{statement} fails at K = {len(values)}, j = {j}: {values}"
    return true, proved


class TestGroundTruth:
    def test_vector_quantities_with_known_range(self) -> None:
        """No false sign is proved for sums of squares, rests and entries of vectors of any size; many true ones are."""
        count, share = power(explore(vector_claims(), check, examples=20))
        assert count >= 6 and share >= 0.2, (count, share)
