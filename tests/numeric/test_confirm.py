"""Re-confirming stored counterexamples: genuine ones hold up, altered ones never do."""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from verifier import Domain, Eq, Variables, Verdict, claim, diff, sigmoid, softmax, verify
from verifier.numeric.confirm import confirm
from verifier.outcome import Counterexample, HypothesisCheck

v = Variables()
x = v.scalar("x")
p = v.scalar("p", Domain.POSITIVE)
K = v.size("K")
z = v.vector("z", K)
j = v.index("j", K)

WRONG_SLOPE = claim(v, id="wrong-slope", statement=Eq(diff(sigmoid(x), x), sigmoid(x)), expected="refuted")
WRONG_VECTOR = claim(v, id="wrong-vector", statement=Eq(softmax(z, j), 1 / K), expected="refuted")
CHAIN = claim(v, id="chain", steps=[sp.log(p**2), 2 * sp.log(p), 3 * sp.log(p)], expected="refuted")
NEEDS_POSITIVE = claim(v, id="log-square", statement=Eq(sp.log(p**2), 2 * sp.log(p)))


def counterexample_of(item) -> Counterexample:  # type: ignore[no-untyped-def]
    outcome = verify(item)
    assert outcome.verdict is Verdict.REFUTED and outcome.counterexample is not None
    return outcome.counterexample


class TestGenuine:
    def test_a_refutation_is_confirmed(self) -> None:
        """The counterexample the engine found is confirmed again at 50 digits."""
        assert confirm(WRONG_SLOPE, verify(WRONG_SLOPE))

    def test_a_vector_refutation_is_confirmed(self) -> None:
        """Sizes, indices and vector entries are read back and the relation fails there."""
        assert confirm(WRONG_VECTOR, verify(WRONG_VECTOR))

    def test_a_chain_refutation_is_confirmed(self) -> None:
        """A chain's counterexample is checked against its failing step."""
        outcome = verify(CHAIN)
        assert outcome.failing_step == 2 and confirm(CHAIN, outcome)

    def test_a_needed_hypothesis_is_confirmed(self) -> None:
        """The counterexample showing a hypothesis needed is checked without that hypothesis."""
        outcome = verify(NEEDS_POSITIVE)
        assert outcome.verdict is Verdict.PROVED and outcome.hypotheses[0].needed
        assert confirm(NEEDS_POSITIVE, outcome)

    def test_an_outcome_without_counterexample_is_confirmed(self) -> None:
        """A proof carries no counterexample: nothing to re-check (the cache's HMAC vouches for it)."""
        true = claim(v, id="true", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
        assert confirm(true, replace(verify(true), hypotheses=()))


class TestAltered:
    def test_a_point_where_the_relation_holds_is_not_confirmed(self) -> None:
        """Values moved to where both sides agree (or nowhere near a failure) are not confirmed."""
        outcome = verify(WRONG_VECTOR)
        assert outcome.counterexample is not None
        sizes = {"K": 1, "j": 1}  # softmax of one entry is 1 = 1/K: the relation holds
        moved = replace(outcome.counterexample, sizes=sizes, values={"z": ["3/7"]})
        assert not confirm(WRONG_VECTOR, replace(outcome, counterexample=moved))

    def test_forged_sides_are_not_confirmed(self) -> None:
        """The genuine point with a side that is not its value there: not confirmed."""
        outcome = verify(WRONG_SLOPE)
        genuine = outcome.counterexample
        assert genuine is not None
        for forged in (replace(genuine, lhs="1000"), replace(genuine, rhs=genuine.lhs), replace(genuine, lhs="nan")):
            assert not confirm(WRONG_SLOPE, replace(outcome, counterexample=forged))

    def test_a_point_outside_the_domain_is_not_confirmed(self) -> None:
        """log(p^2) = 2 log(p) fails at p = -1, but p is declared positive: not a counterexample."""
        true = claim(v, id="log-square-positive", statement=Eq(sp.log(p**2), 2 * sp.log(p)), expected="refuted")
        fake = Counterexample(sizes={}, values={"p": "-1"}, lhs="0", rhs="6.28*I", relation="==", digits=50)
        outcome = replace(verify(true), verdict=Verdict.REFUTED, scope=None, proof=None, counterexample=fake)
        assert not confirm(true, outcome)

    def test_wrong_sizes_indices_or_shapes_are_not_confirmed(self) -> None:
        """An index beyond its size, a missing size, a vector of the wrong length: not confirmed."""
        outcome = verify(WRONG_VECTOR)
        genuine = outcome.counterexample
        assert genuine is not None
        n = genuine.sizes["K"]
        for altered in (
            replace(genuine, sizes={**genuine.sizes, "j": n + 1}),
            replace(genuine, sizes={"j": genuine.sizes["j"]}),
            replace(genuine, values={"z": genuine.values["z"][:-1]}),  # type: ignore[index]
            replace(genuine, values={"z": ["1/0"] * n}),
            replace(genuine, relation="<"),
        ):
            assert not confirm(WRONG_VECTOR, replace(outcome, counterexample=altered))

    def test_a_hypothesis_shown_needed_by_a_point_that_does_not_fail_is_not_confirmed(self) -> None:
        """A needed-hypothesis counterexample moved to p = 2 (where the claim holds) is not confirmed."""
        outcome = verify(NEEDS_POSITIVE)
        check = outcome.hypotheses[0]
        assert check.counterexample is not None
        moved = replace(check.counterexample, values={"p": "2"})
        altered = replace(outcome, hypotheses=(HypothesisCheck(**{**check.__dict__, "counterexample": moved}),))
        assert not confirm(NEEDS_POSITIVE, altered)
