"""Values within a tolerance: |lhs - rhs| <= tolerance for closed-form constants.

The property test compares a constant (square roots, e, pi, log 3, at magnitudes from
1e-30 to 1e30) with a rational approximation, at a tolerance just above, at or just below
the true distance (by 1e-25 relative, far below float64 and below the 50 digits of a
large value); the truth is decided at 100 digits here, and a proof it contradicts fails
the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import exact_sign, explore, power

from verifier import Eq, Variables, claim, softmax, vector
from verifier.problem import problems_of
from verifier.prover import prove


@st.composite
def value_claims(draw):  # type: ignore[no-untyped-def]
    base = draw(st.sampled_from((sp.sqrt(2), sp.sqrt(43), sp.E, sp.pi, sp.log(3), sp.sqrt(7) / 3)))
    constant = base * sp.Rational(10) ** draw(st.sampled_from((-30, -3, 0, 3, 30)))
    digits = draw(st.sampled_from((6, 20, 60)))
    approximation = sp.Rational(sp.N(constant, digits))
    distance = abs(sp.Rational(sp.N(constant - approximation, 120)))
    relative = sp.Rational(1, 10**25) * max(abs(approximation), sp.Rational(1, 10**30))
    tolerance = distance + draw(st.sampled_from((-1, 0, 1, 10**6))) * relative
    return constant, approximation, tolerance


def check(case):  # type: ignore[no-untyped-def]
    constant, approximation, tolerance = case
    if tolerance < 0:
        return False, False
    names = Variables()
    (problem,) = problems_of(claim(names, id="c", statement=Eq(constant, approximation), tolerance=tolerance))
    proved = prove(problem).proof is not None
    true = exact_sign(tolerance - abs(constant - approximation)) >= 0
    assert true or not proved, f"proved |{constant} - {approximation}| <= {tolerance}"
    return true, proved


class TestGroundTruth:
    def test_constants_near_their_tolerance(self) -> None:
        """No value is proved within a tolerance it misses by 1e-25 relative, even at magnitude 1e30."""
        count, share = power(explore(value_claims(), check, examples=60))
        assert count >= 15 and share >= 0.6, (count, share)


def test_value_within_tolerance() -> None:
    """softmax([1, 2, 3])_3 = 0.6652 within 5e-5 is proved by 50-digit evaluation; 0.665 within 5e-5 is not."""
    names = Variables()
    good = problems_of(claim(names, id="c", statement=Eq(softmax(vector(1, 2, 3), 3), 0.6652), tolerance="5e-5"))
    bad = problems_of(claim(names, id="c", statement=Eq(softmax(vector(1, 2, 3), 3), 0.665), tolerance="5e-5"))
    assert prove(good[0]).proof is not None and prove(bad[0]).proof is None


def test_a_large_value_is_not_decided_below_its_precision() -> None:
    """10^30 sqrt(43) = 0 within its value less 1e-25 is false; 50 digits of 6.6e30 cannot show otherwise."""
    constant = 10**30 * sp.sqrt(43)
    close = sp.Rational(sp.N(constant, 90))
    for offset, provable in ((-1, False), (1, True)):
        tolerance = close + offset * sp.Rational(1, 10**25)
        (problem,) = problems_of(claim(Variables(), id="c", statement=Eq(constant, 0), tolerance=tolerance))
        assert (prove(problem).proof is not None) is provable
