"""The outcome cache: exact round trips, keys that change with the claim, JSON only."""

from __future__ import annotations

from pathlib import Path

from verifier import Eq, Variables, Verdict, claim, diff, sigmoid, verify
from verifier.cache import OutcomeCache, claim_key

v = Variables()
x = v.scalar("x")
TRUE = claim(v, id="slope", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
FALSE = claim(v, id="slope", statement=Eq(diff(sigmoid(x), x), sigmoid(x)), expected="refuted")


def test_round_trip(tmp_path: Path) -> None:
    """A stored outcome comes back equal, proof, evidence and counterexample included."""
    cache = OutcomeCache(tmp_path)
    for item in (TRUE, FALSE):
        outcome = verify(item)
        cache.put(item, 0, outcome)
        assert cache.get(item, 0) == outcome


def test_key_depends_on_content_and_seed() -> None:
    """Same id, different statement or seed: different keys."""
    assert claim_key(TRUE, 0, "f") != claim_key(FALSE, 0, "f")
    assert claim_key(TRUE, 0, "f") != claim_key(TRUE, 1, "f")
    assert claim_key(TRUE, 0, "f") != claim_key(TRUE, 0, "other source")


def test_corrupt_entry_is_ignored(tmp_path: Path) -> None:
    """An unreadable entry is a miss, never an error or a wrong outcome."""
    cache = OutcomeCache(tmp_path)
    outcome = verify(TRUE)
    cache.put(TRUE, 0, outcome)
    for entry in tmp_path.glob("*.json"):
        entry.write_text('{"claim_id": "slope", "verdict": "proved"')
    assert cache.get(TRUE, 0) is None


def test_entries_are_json(tmp_path: Path) -> None:
    """Entries are JSON text, not pickles."""
    cache = OutcomeCache(tmp_path)
    cache.put(TRUE, 0, verify(TRUE))
    (entry,) = tmp_path.glob("*.json")
    assert entry.read_text().startswith("{") and Verdict.PROVED.value in entry.read_text()


def test_fingerprint_covers_the_subpackages(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A change in a subpackage's source (the prover, say) changes the fingerprint: no stale outcome."""
    from verifier import cache

    (tmp_path / "prover").mkdir()
    (tmp_path / "engine.py").write_text("x = 1\n")
    tactic = tmp_path / "prover" / "symbolic.py"
    tactic.write_text("y = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE", tmp_path)
    before = cache._source_fingerprint()
    tactic.write_text("y = 2\n")
    assert cache._source_fingerprint() != before
