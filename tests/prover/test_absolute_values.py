"""Absolute values resolved by the sign of their argument.

The property test states |x - c| against d for x real, above a bound, or at or above it:
the range of |x - c| on that interval is worked out here (0 where c is inside, the
distance to the interval otherwise, attained at a closed end), and a proof it contradicts
fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, Range, exact_sign, explore, power, small_offsets

from verifier import Abs, Ge, Gt, Le, Lt, Variables, claim
from verifier.problem import problems_of
from verifier.prover import prove

STATED = {">=0": Ge, ">0": Gt, "<=0": Le, "<0": Lt}


@st.composite
def absolute_claims(draw):  # type: ignore[no-untyped-def]
    c0 = draw(st.sampled_from((0, 1)))
    c = c0 + draw(small_offsets())
    bound = draw(st.sampled_from(("none", ">", ">=")))
    d = draw(st.sampled_from((0, c0 - c, 1))) + draw(small_offsets())
    return c0, c, bound, d, draw(st.sampled_from(NEEDED))


def value_range(c0, c, bound) -> Range:  # type: ignore[no-untyped-def]
    if bound == "none" or exact_sign(c - c0) > 0 or (bound == ">=" and exact_sign(c - c0) == 0):
        return Range(sp.Integer(0), None, True, False)  # c is in the interval
    return Range(c0 - c, None, bound == ">=", False)


def check(case):  # type: ignore[no-untyped-def]
    c0, c, bound, d, needed = case
    names = Variables()
    x = names.scalar("x")
    assume = {"none": [], ">": [Gt(x, c0)], ">=": [Ge(x, c0)]}[bound]
    statement = STATED[needed](Abs(x - c) - d, 0)
    (problem,) = problems_of(claim(names, id="c", statement=statement, assume=assume))
    proved = prove(problem, fixed_sizes=()).proof is not None
    true = value_range(c0, c, bound).satisfies(needed, d)
    assert true or not proved, f"proved {statement} under {assume}"
    return true, proved


class TestGroundTruth:
    def test_distances_from_a_point(self) -> None:
        """No false sign of |x - c| - d is proved on the line or above a bound; most true ones are."""
        count, share = power(explore(absolute_claims(), check, examples=40))
        assert count >= 8 and share >= 0.5, (count, share)
