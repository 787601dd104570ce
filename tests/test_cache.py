"""The outcome cache: a speed-up, never evidence. Round trips, keys, authentication,
what is never stored, the directory and the secret it trusts, concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from verifier import Eq, Variables, Verdict, claim, diff, sigmoid, verify
from verifier.cache import (
    OutcomeCache,
    UnusableCacheError,
    cacheable,
    claim_key,
    default_cache_directory,
    default_secret_file,
    open_cache,
)
from verifier.outcome import Outcome

v = Variables()
x = v.scalar("x")
TRUE = claim(v, id="slope", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))))
FALSE = claim(v, id="slope", statement=Eq(diff(sigmoid(x), x), sigmoid(x)), expected="refuted")


@pytest.fixture
def cache(tmp_path: Path) -> OutcomeCache:
    return open_cache(tmp_path / "cache", secret_file=tmp_path / "config" / "secret")


def entry_of(cache: OutcomeCache) -> Path:
    (entry,) = cache.directory.glob("*.json")
    return entry


class TestRoundTrip:
    def test_round_trip(self, cache: OutcomeCache) -> None:
        """A stored outcome comes back equal, proof, evidence and counterexample included."""
        for item in (TRUE, FALSE):
            outcome = verify(item)
            cache.put(item, 0, outcome)
            assert cache.get(item, 0) == outcome

    def test_key_depends_on_content_and_seed(self) -> None:
        """Same id, different statement or seed: different keys."""
        assert claim_key(TRUE, 0, "f") != claim_key(FALSE, 0, "f")
        assert claim_key(TRUE, 0, "f") != claim_key(TRUE, 1, "f")
        assert claim_key(TRUE, 0, "f") != claim_key(TRUE, 0, "other source")

    def test_corrupt_entry_is_ignored(self, cache: OutcomeCache) -> None:
        """An unreadable entry is a miss, never an error or a wrong outcome."""
        cache.put(TRUE, 0, verify(TRUE))
        entry_of(cache).write_text('{"claim_id": "slope", "verdict": "proved"')
        assert cache.get(TRUE, 0) is None

    def test_entries_are_json(self, cache: OutcomeCache) -> None:
        """Entries are JSON text, not pickles."""
        cache.put(TRUE, 0, verify(TRUE))
        entry = json.loads(entry_of(cache).read_text())
        assert set(entry) == {"format", "key", "outcome", "mac"}
        assert json.loads(entry["outcome"])["verdict"] == Verdict.PROVED.value


class TestAuthentication:
    def test_edited_verdict_is_not_trusted(self, cache: OutcomeCache) -> None:
        """A refuted outcome edited to 'proved' (with a proof step 'trust me') is ignored."""
        cache.put(FALSE, 0, verify(FALSE))
        path = entry_of(cache)
        entry = json.loads(path.read_text())
        outcome = json.loads(entry["outcome"])
        outcome.update(verdict="proved", scope={"sizes": None}, counterexample=None)
        outcome["proof"] = {"scope": {"sizes": None}, "method": "trust me", "steps": []}
        entry["outcome"] = json.dumps(outcome, sort_keys=True)
        path.write_text(json.dumps(entry))
        assert cache.get(FALSE, 0) is None

    def test_entry_signed_with_another_secret_is_not_trusted(self, cache: OutcomeCache, tmp_path: Path) -> None:
        """An entry written under another user's secret (or forged without the secret) is ignored."""
        other = OutcomeCache(cache.directory, os.urandom(32))
        other.put(TRUE, 0, verify(TRUE))
        assert other.get(TRUE, 0) is not None
        assert cache.get(TRUE, 0) is None

    def test_entry_moved_to_another_claims_key_is_not_trusted(self, cache: OutcomeCache) -> None:
        """An authentic entry renamed to another claim's key fails: the HMAC covers the key."""
        cache.put(TRUE, 0, verify(TRUE))
        entry_of(cache).rename(cache.directory / f"{cache._key(TRUE, 1)}.json")
        assert cache.get(TRUE, 1) is None


class TestWhatIsStored:
    @pytest.mark.parametrize(
        "change",
        [
            dict(verdict=Verdict.ERROR, scope=None, proof=None, reason="MemoryError: simulated"),
            dict(
                verdict=Verdict.ERROR, scope=None, proof=None, reason="the verifier crashed: killed", reproducible=False
            ),
            dict(
                verdict=Verdict.UNDECIDED,
                scope=None,
                proof=None,
                reason="time limit of 1 s reached",
                reproducible=False,
            ),
            dict(reproducible=False, notes=("time limit of 1 s reached while checking which hypotheses are needed",)),
        ],
        ids=["memory-error", "crash", "time-limit", "proved-cut-short"],
    )
    def test_errors_crashes_and_limits_are_never_stored(self, cache: OutcomeCache, change: dict) -> None:  # type: ignore[type-arg]
        """An error, a crash, or an outcome a limit cut short depends on the machine: never stored."""
        outcome = replace(verify(TRUE), **change)
        assert not cacheable(outcome)
        cache.put(TRUE, 0, outcome)
        assert list(cache.directory.iterdir()) == []

    def test_a_finished_outcome_is_stored(self) -> None:
        """Proved, refuted and undecided-for-a-reason outcomes are a function of the claim: stored."""
        assert cacheable(verify(TRUE)) and cacheable(verify(FALSE))


class TestDirectoryAndSecret:
    def test_created_private(self, cache: OutcomeCache, tmp_path: Path) -> None:
        """The directory is created mode 0700; the secret 0600, outside it, 32 random bytes in hex."""
        assert stat.S_IMODE(cache.directory.stat().st_mode) == 0o700
        secret = tmp_path / "config" / "secret"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        assert len(bytes.fromhex(secret.read_text().strip())) == 32

    def test_same_secret_across_runs(self, tmp_path: Path) -> None:
        """A second run reads the secret the first made, so entries stay valid."""
        first = open_cache(tmp_path / "cache", secret_file=tmp_path / "secret")
        first.put(TRUE, 0, verify(TRUE))
        second = open_cache(tmp_path / "cache", secret_file=tmp_path / "secret")
        assert second.get(TRUE, 0) is not None

    @pytest.mark.parametrize("mode", [0o770, 0o777, 0o722])
    def test_directory_writable_by_others_is_not_used(self, tmp_path: Path, mode: int) -> None:
        """A cache directory its group or anyone may write to is refused, with one line."""
        directory = tmp_path / "shared"
        directory.mkdir()
        directory.chmod(mode)
        with pytest.raises(UnusableCacheError, match="writable by its group or by anyone") as raised:
            open_cache(directory, secret_file=tmp_path / "secret")
        assert "\n" not in str(raised.value)

    def test_directory_of_another_user_is_not_used(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cache directory owned by someone else is refused."""
        directory = tmp_path / "theirs"
        directory.mkdir(mode=0o700)
        monkeypatch.setattr(os, "geteuid", lambda: directory.stat().st_uid + 1)
        with pytest.raises(UnusableCacheError, match="belongs to another user"):
            open_cache(directory, secret_file=tmp_path / "secret")

    def test_secret_readable_by_others_is_not_used(self, tmp_path: Path) -> None:
        """A secret others can read cannot authenticate anything."""
        secret = tmp_path / "secret"
        secret.write_text(os.urandom(32).hex())
        secret.chmod(0o644)
        with pytest.raises(UnusableCacheError, match="readable by others"):
            open_cache(tmp_path / "cache", secret_file=secret)

    def test_secret_inside_the_cache_is_refused(self, tmp_path: Path) -> None:
        """The secret must live outside the directory whose entries it authenticates."""
        with pytest.raises(UnusableCacheError, match="outside the cache directory"):
            open_cache(tmp_path / "cache", secret_file=tmp_path / "cache" / "secret")

    def test_defaults_follow_the_environment(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """$VERIFIER_CACHE_DIR and $XDG_CONFIG_HOME choose the places; without HOME, a one-line error."""
        monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "c"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "x"))
        assert default_cache_directory() == tmp_path / "c"
        assert default_secret_file() == tmp_path / "x" / "derivation-verifier" / "secret"
        monkeypatch.delenv("XDG_CONFIG_HOME")
        monkeypatch.delenv("HOME")

        def no_home(cls):  # type: ignore[no-untyped-def]
            raise RuntimeError("Could not determine home directory.")

        monkeypatch.setattr(Path, "home", classmethod(no_home))
        with pytest.raises(UnusableCacheError, match="HOME is unset"):
            default_secret_file()


def _write_many(directory: str, secret: bytes, count: int) -> None:
    cache = OutcomeCache(Path(directory), secret)
    outcome = verify(TRUE)
    for n in range(count):
        cache.put(TRUE, 0, replace(outcome, seconds=float(n)))


def test_concurrent_writers_never_mix_their_entries(tmp_path: Path) -> None:
    """Processes writing the same entry at once each use their own temporary file: the
    entry read back is always whole and authentic, and no temporary file is left."""
    cache = open_cache(tmp_path / "cache", secret_file=tmp_path / "secret")
    secret = cache._secret
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_write_many, args=(str(cache.directory), secret, 40)) for _ in range(3)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    outcome = cache.get(TRUE, 0)
    assert isinstance(outcome, Outcome) and outcome.verdict is Verdict.PROVED
    assert [p.name for p in cache.directory.iterdir() if p.suffix != ".json"] == []


def test_temporary_names_are_unique(cache: OutcomeCache, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each write makes its own temporary file in the cache directory (mkstemp), never a shared name."""
    import tempfile

    made: list[str] = []
    original = tempfile.mkstemp

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        handle, name = original(*args, **kwargs)
        made.append(name)
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", recording)
    outcome = verify(TRUE)
    cache.put(TRUE, 0, outcome)
    cache.put(TRUE, 0, outcome)
    assert len(set(made)) == 2 and all(Path(name).parent == cache.directory for name in made)


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
