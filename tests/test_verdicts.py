"""The verdict rules: proved only from a proof, refuted only from a confirmed counterexample."""

from __future__ import annotations

from verifier.verdicts import Scope, Verdict, decide


class TestDecide:
    def test_proof_without_counterexample_is_proved(self) -> None:
        """A proof and no counterexample give proved, with the proof's scope."""
        decision = decide(proof_scope=Scope(), proof_failure=None, counterexample_found=False)
        assert decision.verdict is Verdict.PROVED
        assert decision.scope == Scope()

    def test_counterexample_without_proof_is_refuted(self) -> None:
        """A confirmed counterexample and no proof give refuted."""
        decision = decide(proof_scope=None, proof_failure="no", counterexample_found=True)
        assert decision.verdict is Verdict.REFUTED

    def test_proof_and_counterexample_is_an_error(self) -> None:
        """A proof contradicted by a confirmed counterexample is reported as a verifier bug."""
        decision = decide(proof_scope=Scope(), proof_failure=None, counterexample_found=True)
        assert decision.verdict is Verdict.ERROR
        assert decision.reason is not None and "bug in the verifier" in decision.reason

    def test_neither_is_undecided_with_the_reasons(self) -> None:
        """Without proof or counterexample the verdict is undecided and says why."""
        decision = decide(
            proof_scope=None,
            proof_failure="could not simplify",
            counterexample_found=False,
            numeric_failure="no points",
        )
        assert decision.verdict is Verdict.UNDECIDED
        assert decision.reason == "could not simplify; no points"


class TestScope:
    def test_all_sizes_prints_all(self) -> None:
        """A symbolic-size proof has scope 'all'."""
        assert str(Scope()) == "all" and Scope().is_all

    def test_consecutive_sizes_print_as_a_range(self) -> None:
        """Consecutive fixed sizes print as a range, others as a list."""
        assert str(Scope(sizes=(2, 3, 4, 5))) == "2..5"
        assert str(Scope(sizes=(2, 5))) == "2, 5"
        assert not Scope(sizes=(2,)).is_all

    def test_json_form(self) -> None:
        """The JSON form is 'all' or the sorted list of sizes."""
        assert Scope().to_json() == "all"
        assert Scope(sizes=(3, 2)).to_json() == [2, 3]
