"""Shared fixtures: the catalogue verified once per session, in parallel, under a time limit."""

from __future__ import annotations

import pytest

from derivations import CATALOGUE
from verifier import Outcome, verify_all

CATALOGUE_TIMEOUT = 120.0


@pytest.fixture(autouse=True)
def _private_outcome_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's outcome cache and its secret go to fresh directories, never the user's."""
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path_factory.mktemp("outcome-cache") / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="session")
def catalogue_outcomes() -> dict[str, Outcome]:
    """Every catalogue claim's outcome, by id."""
    return {o.claim_id: o for o in verify_all(CATALOGUE, timeout=CATALOGUE_TIMEOUT)}
