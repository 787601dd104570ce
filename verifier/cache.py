"""An optional cache of outcomes, so that an unchanged claim re-verifies instantly.

The cache is a speed-up, never evidence (DESIGN.md, "Trust"):

- **Key.** A hash of everything the outcome depends on: the claim's content (its
  relations, hypotheses, tolerance, expectation and sampling settings, printed in full),
  the seed, and the versions of this package's source (every module), SymPy and NumPy.
  Change any of them and the claim is verified again.
- **What is stored.** Only outcomes that are a function of what the key covers: never an
  error (it may come from the machine: memory, recursion, a bug since fixed), and never
  an outcome a time limit, a memory limit or a crash cut short (``Outcome.reproducible``
  is False), which another run, less loaded, might take further. A proof, a refutation,
  and an undecided verdict the prover reached by giving up (not by running out of time)
  follow from the claim, the code and the seed, and are stored.
- **Authenticated.** Each entry carries an HMAC-SHA256 of its key and its outcome,
  keyed by a per-user secret kept outside the cache directory
  (``$XDG_CONFIG_HOME/derivation-verifier/secret``, else
  ``~/.config/derivation-verifier/secret``; 32 random bytes, created mode 0600). An
  entry edited by hand, copied from another claim or another user, or truncated, fails
  the check and is ignored: the claim is verified afresh. A counterexample read back is
  also re-confirmed at 50 digits by the caller (``verifier.numeric.confirm``).
- **A private directory.** ``$VERIFIER_CACHE_DIR``, else
  ``$XDG_CACHE_HOME/derivation-verifier``, else ``~/.cache/derivation-verifier``,
  created mode 0700. A directory that another user owns, or that its group or anyone
  may write to, is not used (``UnusableCacheError``, one line for the caller to show).
- **Writes.** Each entry is written to its own temporary file (``mkstemp``) in the
  directory and renamed into place, so concurrent runs never mix their writes; the
  caller stores each outcome as it arrives, so an interrupted run keeps the finished ones.

Entries are JSON, never pickles: loading one never runs code.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import json
import os
import stat
import tempfile
import types
import typing
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from verifier.errors import VerifierError
from verifier.language.claims import Claim
from verifier.outcome import Outcome
from verifier.verdicts import Verdict

__all__ = [
    "OutcomeCache",
    "UnusableCacheError",
    "cacheable",
    "claim_key",
    "default_cache_directory",
    "default_secret_file",
    "open_cache",
]

_PACKAGE = Path(__file__).resolve().parent

FORMAT = 2
"""The entry format: a JSON object with the key, the outcome as JSON text, and its HMAC."""
SECRET_BYTES = 32
MAX_ENTRY_BYTES = 16 * 2**20
"""An entry larger than this is not read (the largest outcomes are a few kilobytes)."""
_MAC_CONTEXT = b"derivation-verifier outcome cache, format 2\0"


class UnusableCacheError(VerifierError, OSError):
    """The cache cannot be used safely here; the message says why, in one line."""


def _home() -> Path:
    try:
        return Path.home()
    except (RuntimeError, KeyError, OSError):  # HOME unset and no passwd entry
        raise UnusableCacheError(
            "no home directory (HOME is unset); set VERIFIER_CACHE_DIR and XDG_CONFIG_HOME to use the cache"
        ) from None


def default_cache_directory() -> Path:
    """$VERIFIER_CACHE_DIR, else $XDG_CACHE_HOME/derivation-verifier, else ~/.cache/derivation-verifier."""
    explicit = os.environ.get("VERIFIER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else _home() / ".cache") / "derivation-verifier"


def default_secret_file() -> Path:
    """$XDG_CONFIG_HOME/derivation-verifier/secret, else ~/.config/derivation-verifier/secret."""
    base = os.environ.get("XDG_CONFIG_HOME")
    return (Path(base) if base else _home() / ".config") / "derivation-verifier" / "secret"


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


def cacheable(outcome: Outcome) -> bool:
    """Whether an outcome depends on the claim alone: not an error, not cut short by a limit or a crash."""
    return outcome.verdict is not Verdict.ERROR and outcome.reproducible


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


def _mac(secret: bytes, key: str, outcome: str) -> str:
    message = _MAC_CONTEXT + key.encode() + b"\0" + outcome.encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


class OutcomeCache:
    """Outcomes stored as authenticated JSON files under a directory, keyed by ``claim_key``.

    Use ``open_cache`` to get one: it checks the directory and reads (or makes) the secret.
    """

    def __init__(self, directory: Path, secret: bytes) -> None:
        if len(secret) < SECRET_BYTES:
            raise ValueError(f"the secret must have at least {SECRET_BYTES} bytes (got {len(secret)})")
        self.directory = directory
        self._secret = secret
        self._fingerprint = _source_fingerprint()

    def _key(self, claim: Claim, seed: int) -> str:
        return claim_key(claim, seed, self._fingerprint)

    def get(self, claim: Claim, seed: int) -> Outcome | None:
        """The stored outcome, or None if absent, unreadable or not authentic (then the claim is verified again)."""
        key = self._key(claim, seed)
        try:
            with (self.directory / f"{key}.json").open("rb") as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
            if len(data) > MAX_ENTRY_BYTES:
                return None
            entry = json.loads(data)
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
                return None
            text, mac = entry.get("outcome"), entry.get("mac")
            if not isinstance(text, str) or not isinstance(mac, str):
                return None
            if not hmac.compare_digest(mac, _mac(self._secret, key, text)):
                return None  # edited, or written with another secret: never trusted
            outcome = _from_plain(Outcome, json.loads(text))
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            return None
        if not isinstance(outcome, Outcome) or outcome.claim_id != claim.id or not cacheable(outcome):
            return None
        return outcome

    def put(self, claim: Claim, seed: int, outcome: Outcome) -> None:
        """Store an outcome that depends on the claim alone; a cache that cannot be written is skipped."""
        if not cacheable(outcome) or outcome.claim_id != claim.id:
            return
        key = self._key(claim, seed)
        text = json.dumps(_to_plain(outcome), sort_keys=True)
        entry = json.dumps({"format": FORMAT, "key": key, "outcome": text, "mac": _mac(self._secret, key, text)})
        try:
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".entry-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(entry)
            os.replace(temporary, self.directory / f"{key}.json")
        except BaseException as error:  # a full disk, or Ctrl-C mid-write: leave no temporary file
            Path(temporary).unlink(missing_ok=True)
            if not isinstance(error, OSError):
                raise


def _private_directory(directory: Path) -> None:
    """Create the directory (mode 0700), or check that only this user may write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = directory.stat()
    except OSError as error:
        raise UnusableCacheError(f"cannot create {directory}: {error.strerror or error}") from None
    if not stat.S_ISDIR(status.st_mode):
        raise UnusableCacheError(f"{directory} is not a directory")
    if status.st_uid != os.geteuid():
        raise UnusableCacheError(f"{directory} belongs to another user")
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnusableCacheError(f"{directory} is writable by its group or by anyone (chmod go-w)")


def _make_secret(path: Path) -> None:
    """Write a new secret to ``path`` whole, unless another run has just made one."""
    secret = (os.urandom(SECRET_BYTES).hex() + "\n").encode("ascii")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(secret)
        os.link(temporary, path)  # atomic, and never replaces: the first run wins, the others read its secret
    except FileExistsError:
        pass
    except OSError:  # no hard links on this file system: create it exclusively instead
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(descriptor, "wb") as file:
            file.write(secret)
    finally:
        os.unlink(temporary)


def _secret(path: Path) -> bytes:
    """The per-user secret at ``path``, made (32 random bytes, mode 0600) if there is none."""
    try:
        if not path.exists():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _make_secret(path)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            content = file.read(4 * SECRET_BYTES)
    except OSError as error:
        raise UnusableCacheError(f"cannot read or create the secret {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid():
        raise UnusableCacheError(f"the secret {path} is not a file of this user")
    if status.st_mode & 0o077:
        raise UnusableCacheError(f"the secret {path} is readable by others (chmod 600)")
    secret = content.strip()
    if len(secret) < SECRET_BYTES:
        raise UnusableCacheError(f"the secret {path} is too short (delete it to make a new one)")
    return secret


def open_cache(directory: Path | None = None, *, secret_file: Path | None = None) -> OutcomeCache:
    """The outcome cache in ``directory`` (default: ``default_cache_directory``), keyed by the
    secret in ``secret_file`` (default: ``default_secret_file``).

    Raises ``UnusableCacheError`` (one line) when either cannot be used safely.
    """
    directory = default_cache_directory() if directory is None else Path(directory)
    secret_file = default_secret_file() if secret_file is None else Path(secret_file)
    if directory.resolve() in secret_file.resolve().parents:
        raise UnusableCacheError(f"the secret {secret_file} must be kept outside the cache directory {directory}")
    _private_directory(directory)
    return OutcomeCache(directory, _secret(secret_file))
