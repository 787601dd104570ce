"""Outcome records enforce what each verdict must carry."""

from __future__ import annotations

import pytest

from verifier.outcome import Counterexample, HypothesisCheck, Outcome
from verifier.verdicts import Scope, Verdict


def counterexample(digits: int = 50) -> Counterexample:
    return Counterexample(sizes={"K": 2}, values={"x": "1"}, lhs="1", rhs="2", relation="==", digits=digits)


class TestInvariants:
    def test_refuted_needs_a_counterexample(self) -> None:
        """A refuted outcome without a counterexample cannot be built."""
        with pytest.raises(ValueError, match="counterexample"):
            Outcome(claim_id="a", verdict=Verdict.REFUTED, expected=Verdict.REFUTED)

    def test_proved_needs_a_scope(self) -> None:
        """A proved outcome says for which sizes it holds."""
        with pytest.raises(ValueError, match="scope"):
            Outcome(claim_id="a", verdict=Verdict.PROVED, expected=Verdict.PROVED)

    def test_undecided_needs_a_reason(self) -> None:
        """An undecided outcome says why."""
        with pytest.raises(ValueError, match="reason"):
            Outcome(claim_id="a", verdict=Verdict.UNDECIDED, expected=Verdict.PROVED)

    def test_only_proved_has_a_scope(self) -> None:
        """A scope on a refuted outcome is rejected."""
        with pytest.raises(ValueError, match="scope"):
            Outcome(
                claim_id="a",
                verdict=Verdict.REFUTED,
                expected=Verdict.PROVED,
                scope=Scope(),
                counterexample=counterexample(),
            )

    def test_counterexample_needs_thirty_digits(self) -> None:
        """A counterexample confirmed at fewer than 30 digits is not a counterexample."""
        with pytest.raises(ValueError, match="30"):
            counterexample(digits=16)

    def test_needed_hypothesis_carries_its_counterexample(self) -> None:
        """A hypothesis is shown needed only by a counterexample."""
        with pytest.raises(ValueError):
            HypothesisCheck(hypothesis="h", relaxed_to="dropped", needed=True)


def test_as_expected_compares_verdicts() -> None:
    """as_expected is true exactly when the verdict is the expected one."""
    proved = Outcome(claim_id="a", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())
    assert proved.as_expected
    assert not Outcome(
        claim_id="a", verdict=Verdict.REFUTED, expected=Verdict.PROVED, counterexample=counterexample()
    ).as_expected


def test_a_proof_for_some_sizes_does_not_meet_an_expected_proof() -> None:
    """Proved only for sizes 1..6 is not what expect = "proved" asks for (docs/claim-files.md, "Verdicts")."""
    partial = Outcome(claim_id="a", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope(sizes=(1, 2, 3)))
    assert not partial.as_expected
