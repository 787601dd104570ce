"""Mutants of every proved claim (catalogue and examples/): a false one is refuted, never proved.

Each proved claim is edited the way derivations go wrong (``bench/mutants.py``: a factor
2, a shift by 1/3, one term's sign, two indices of the same range swapped, the
inequality flipped, a chain step doubled). A mutant that the falsifier refutes must come
back refuted: never proved, never "verifier inconsistency". Some edits leave the claim
true; those are listed with the reason (``bench.mutants.TRUE_MUTANTS``), and must never
come back refuted. One
mutant per claim (the rare kinds first, the others rotating) keeps the run near a minute;
``python -m bench.soundness`` runs them all.
"""

from __future__ import annotations

import pytest

from bench.mutants import KINDS, TRUE_MUTANTS, Mutant, mutants, proved_claims, sample
from verifier import Outcome, Verdict, verify_all

ALL = list(mutants(proved_claims()))
CHOSEN = sample(ALL, per_claim=1, prefer=("flip", "swap", "step"))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    """The chosen mutants verified with two workers, as the catalogue is."""
    return {o.claim_id: o for o in verify_all([m.claim for m in CHOSEN], jobs=2, timeout=60)}


def test_every_kind_is_covered() -> None:
    """The chosen mutants include every kind of edit."""
    assert {m.kind for m in CHOSEN} == set(KINDS)


def test_listed_true_mutants_exist() -> None:
    """Every mutant listed as true is one of the mutants (the list does not rot)."""
    assert set(TRUE_MUTANTS) <= {m.id for m in ALL}


@pytest.mark.parametrize("mutant", CHOSEN, ids=[m.id for m in CHOSEN])
def test_mutant(mutant: Mutant, outcomes: dict[str, Outcome]) -> None:
    """A false mutant comes back refuted; a true one (listed) never refuted, never an error."""
    outcome = outcomes[mutant.id]
    if mutant.id in TRUE_MUTANTS:
        assert outcome.verdict in (Verdict.PROVED, Verdict.UNDECIDED), f"{outcome.verdict.value}: {outcome.reason}"
    else:
        assert outcome.verdict is Verdict.REFUTED, f"{mutant.claim.display}: {outcome.verdict.value}, {outcome.reason}"
