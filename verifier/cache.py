"""An optional cache of outcomes, so that an unchanged claim re-verifies instantly.

The key is a hash of everything the outcome depends on: the claim's content (its
relations, hypotheses, tolerance, expectation and sampling settings, printed in full),
the seed, and the versions of this package's source, SymPy and NumPy. Change any of
them and the claim is verified again. Entries are JSON, never pickles: a cache
directory is data, and loading it never runs code.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import types
import typing
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from verifier.language.claims import Claim
from verifier.outcome import Outcome

__all__ = ["OutcomeCache", "claim_key", "default_cache_directory"]

_PACKAGE = Path(__file__).resolve().parent


def default_cache_directory() -> Path:
    """$VERIFIER_CACHE_DIR, else $XDG_CACHE_HOME/derivation-verifier, else ~/.cache/derivation-verifier."""
    explicit = os.environ.get("VERIFIER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "derivation-verifier"


def _source_fingerprint() -> str:
    """A hash of every source file of the package, its subpackages' included."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def claim_key(claim: Claim, seed: int, fingerprint: str) -> str:
    """A hash of everything the claim's outcome depends on."""
    parts = [
        claim.id,
        sp.srepr(claim.statement) if claim.statement is not None else "",
        *(sp.srepr(step) for step in claim.steps),
        *(sp.srepr(a) for a in claim.assumptions),
        *(f"{d.name}|{d.kind.value}|{d.domain}|{d.shape}|{d.minimum}|{d.size}" for d in claim.declarations),
        str(claim.tolerance),
        claim.expected.value,
        repr(claim.spread),
        repr(claim.float64),
        str(seed),
        fingerprint,
        sp.__version__,
        np.__version__,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value


def _from_plain(kind: Any, value: Any) -> Any:
    """Rebuild a value of the annotated type ``kind`` from its JSON form."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(kind):
            if option is type(None):
                continue
            try:
                return _from_plain(option, value)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"no type of {kind} fits {value!r}")
    if origin is tuple:
        arguments = typing.get_args(kind)
        inner = arguments[0] if arguments else Any
        return tuple(_from_plain(inner, v) for v in value)
    if origin in (list, dict) or kind is Any:
        return value
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise TypeError(f"{kind.__name__} needs an object (got {value!r})")
        hints = typing.get_type_hints(kind)
        return kind(
            **{f.name: _from_plain(hints[f.name], value[f.name]) for f in dataclasses.fields(kind) if f.name in value}
        )
    if kind in (int, float, str, bool) and not isinstance(value, kind):
        if kind is float and isinstance(value, int):
            return float(value)
        raise TypeError(f"expected {kind.__name__} (got {value!r})")
    return value


class OutcomeCache:
    """Outcomes stored as JSON files under a directory, keyed by ``claim_key``."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_cache_directory()
        self._fingerprint = _source_fingerprint()

    def _path(self, claim: Claim, seed: int) -> Path:
        return self.directory / f"{claim_key(claim, seed, self._fingerprint)}.json"

    def get(self, claim: Claim, seed: int) -> Outcome | None:
        """The stored outcome, or None if absent or unreadable (then the claim is verified again)."""
        path = self._path(claim, seed)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            outcome = _from_plain(Outcome, data)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return outcome if isinstance(outcome, Outcome) and outcome.claim_id == claim.id else None

    def put(self, claim: Claim, seed: int, outcome: Outcome) -> None:
        """Store an outcome; a cache that cannot be written is silently skipped."""
        if outcome.reason and "time limit" in outcome.reason:
            return  # a time-limited outcome depends on the machine's load, not only on the claim
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            target = self._path(claim, seed)
            temporary = target.with_suffix(".tmp")
            temporary.write_text(json.dumps(_to_plain(outcome)), encoding="utf-8")
            temporary.replace(target)
        except OSError:
            pass
