"""The catalogue: every claim reaches its expected verdict, with the evidence it promises.

One test per claim, generated from the catalogue (ids are claim ids), never written out
one by one.
"""

from __future__ import annotations

import pytest

from derivations import CATALOGUE, PENDING
from verifier import Claim, Outcome, Verdict, verify_all

BY_ID = {c.id: c for c in CATALOGUE}
PENDING_TIMEOUT = 120.0  # seconds per pending claim, as for the catalogue's


@pytest.mark.parametrize("claim", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_verdict_is_expected(claim: Claim, catalogue_outcomes: dict[str, Outcome]) -> None:
    """Each catalogue claim reaches the verdict the catalogue records for it."""
    outcome = catalogue_outcomes[claim.id]
    assert outcome.verdict is claim.expected, f"{outcome.verdict.value}: {outcome.reason}"
    assert outcome.as_expected, f"proved {outcome.scope}: a proof for some sizes only is not a proof"
    if outcome.verdict is Verdict.REFUTED:
        assert outcome.counterexample is not None


@pytest.mark.parametrize("claim", [c for c in CATALOGUE if c.unstated], ids=[c.id for c in CATALOGUE if c.unstated])
def test_unstated_hypotheses_are_shown_needed(claim: Claim, catalogue_outcomes: dict[str, Outcome]) -> None:
    """A hypothesis the article leaves unstated is shown needed by a counterexample."""
    outcome = catalogue_outcomes[claim.id]
    keys = {h.text: h.key for h in claim.hypotheses}
    needed = {keys[check.hypothesis] for check in outcome.hypotheses if check.needed}
    assert set(claim.unstated) <= needed


class TestCatalogueShape:
    def test_ids_are_unique(self) -> None:
        """No two catalogue claims share an id."""
        assert len(BY_ID) == len(CATALOGUE)

    def test_corrections_point_at_refuted_claims(self) -> None:
        """A correction names an existing claim that the catalogue expects refuted."""
        for claim in CATALOGUE:
            if claim.corrects is not None:
                assert BY_ID[claim.corrects].expected is Verdict.REFUTED, claim.id

    def test_every_refuted_claim_has_a_correction(self) -> None:
        """Every false statement of an article is paired with a corrected, proved one."""
        corrected = {c.corrects for c in CATALOGUE if c.corrects}
        for claim in CATALOGUE:
            if claim.expected is Verdict.REFUTED:
                assert claim.id in corrected, claim.id

    def test_every_claim_has_provenance(self) -> None:
        """Each claim names its article, or the claim it corrects."""
        for claim in CATALOGUE:
            assert claim.source is not None or claim.corrects is not None, claim.id


# Claims proved only at fixed sizes, each with the reason the symbolic-size prover cannot
# do better yet. None at present (a fixed-size proof does not meet an expected proof: such
# a claim waits in PENDING).
FIXED_SIZE_ONLY: set[str] = set()


def test_proved_claims_hold_for_all_sizes(catalogue_outcomes: dict[str, Outcome]) -> None:
    """Every proved catalogue claim is proved for a symbolic size, except the listed ones."""
    partial = {o.claim_id for o in catalogue_outcomes.values() if o.scope is not None and not o.scope.is_all}
    assert partial == FIXED_SIZE_ONLY


class TestPending:
    """True statements kept out of the catalogue until the prover can prove them."""

    def test_pending_claims_are_not_in_the_catalogue(self) -> None:
        """A pending claim has an id of its own, used by no catalogue claim."""
        ids = [c.id for c in PENDING]
        assert len(set(ids)) == len(ids)
        assert not set(ids) & set(BY_ID)

    def test_pending_claims_have_provenance_and_a_reason(self) -> None:
        """Each pending claim names its article and says, in a note, why it waits."""
        for claim in PENDING:
            assert claim.source is not None or claim.corrects is not None, claim.id
            assert claim.expected is Verdict.PROVED, claim.id
            assert any(note.startswith("Pending:") for note in claim.notes), claim.id

    def test_pending_claims_are_never_refuted(self) -> None:
        """Pending claims are true: the engine may leave them undecided, never refute them."""
        for outcome in verify_all(PENDING, timeout=PENDING_TIMEOUT):
            assert outcome.verdict is not Verdict.REFUTED, (outcome.claim_id, outcome.reason)
