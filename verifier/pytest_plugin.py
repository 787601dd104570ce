"""The pytest plugin: claim files in a test suite, one test per claim.

Registered through the ``pytest11`` entry point, so installing the package enables it.
pytest collects files named ``*.claims.toml`` wherever it looks for tests, and the files
given with ``--claim-file PATH`` (repeatable) wherever they are. Each claim is a test
item named by its id; it passes when its verdict is the expected one (``expect``,
default ``proved``) and fails otherwise, with the verdict, the reason and the
counterexample in the failure message. An invalid file is a collection error with the
one-line message of ``verify-derivations check``.

The claims of a file are verified together, in worker processes under the time limit
``--claims-timeout`` (the engine's ``verify_all``), when the first of its selected tests
runs. The verifier itself is imported only then, so a test suite without claim files
pays nothing for the plugin.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from verifier.language.claims import Claim
    from verifier.outcome import Outcome

__all__ = ["ClaimFileNode", "ClaimItem", "UnexpectedVerdictError"]

SUFFIX = ".claims.toml"
_PATHS = pytest.StashKey[frozenset[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("derivation-verifier", "claim files (verify-derivations)")
    group.addoption(
        "--claim-file",
        action="append",
        default=[],
        dest="claim_files",
        metavar="PATH",
        help=f"collect this claim file, one test per claim (repeatable); files named *{SUFFIX} are collected anyway",
    )
    group.addoption(
        "--claims-timeout",
        type=float,
        default=None,
        dest="claims_timeout",
        metavar="SECONDS",
        help="time limit per claim (default: the engine's, 60 s); a claim that reaches it is undecided",
    )
    group.addoption(
        "--claims-seed", type=int, default=0, dest="claims_seed", metavar="N", help="seed of the numeric sampling"
    )


def pytest_configure(config: pytest.Config) -> None:
    timeout = config.getoption("claims_timeout")
    if timeout is not None and not timeout > 0:
        raise pytest.UsageError(f"--claims-timeout must be a number > 0 (got {timeout})")
    paths = []
    for given in config.getoption("claim_files"):
        path = (config.invocation_params.dir / given).resolve()
        if not path.is_file():
            raise pytest.UsageError(f"--claim-file {given}: no such file")
        paths.append(path)
        if str(path) not in config.args:
            config.args.append(str(path))
    config.stash[_PATHS] = frozenset(paths)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ClaimFileNode | None:
    named = parent.config.stash.get(_PATHS, frozenset())
    if file_path.name.endswith(SUFFIX) or (named and file_path.resolve() in named):
        return ClaimFileNode.from_parent(parent, path=file_path)
    return None


def _shown_path(path: Path, start: Path) -> Path:
    """The path relative to where pytest was started, when it is below it."""
    return path.relative_to(start) if path.is_relative_to(start) else path


def _verdict(claim: Claim, outcome: Outcome) -> str:
    """'proved (all)', 'refuted', or 'proved only for K in 1..6' (which is not a proof)."""
    from verifier.language.declarations import Kind

    if outcome.scope is None:
        return outcome.verdict.value
    if outcome.scope.is_all:
        return f"{outcome.verdict.value} ({outcome.scope})"
    sizes = [d.name for d in claim.declarations if d.kind is Kind.SIZE]
    return f"{outcome.verdict.value} {outcome.scope.only(sizes)}"


class UnexpectedVerdictError(AssertionError):
    """A claim's verdict is not the one its file expects."""

    def __init__(self, claim: Claim, outcome: Outcome) -> None:
        self.claim = claim
        self.outcome = outcome
        super().__init__(f"claim '{claim.id}': {_verdict(claim, outcome)}, expected {outcome.expected.value}")

    def describe(self) -> str:
        """The failure message: verdict, statement, reason, counterexample."""
        from verifier.render.report import counterexample_lines

        outcome = self.outcome
        verdict = _verdict(self.claim, outcome)
        lines = [
            f"claim '{self.claim.id}': verdict {verdict}, expected {outcome.expected.value}",
            f"statement: {self.claim.display}",
        ]
        lines += [f"  where {name} = {definition}" for name, definition in self.claim.defined()]
        if outcome.scope is not None and not outcome.scope.is_all and outcome.verdict is outcome.expected:
            lines.append("a proof for some sizes only does not meet an expected proof")
        if outcome.reason:
            lines.append(f"reason: {outcome.reason}")
        if outcome.counterexample is not None:
            step = f" (step {outcome.failing_step})" if outcome.failing_step else ""
            lines.append(f"counterexample{step}:")
            lines += [f"    {line}" for line in counterexample_lines(outcome.counterexample)]
        if outcome.proof is not None:
            lines.append(f"proof: {outcome.proof.method}, {len(outcome.proof.steps)} steps (the claim holds)")
        return "\n".join(lines)


class ClaimFileNode(pytest.File):
    """A claim file: collects one ``ClaimItem`` per claim, verifies them together."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outcomes: dict[str, Outcome] = {}

    def collect(self) -> Iterator[ClaimItem]:
        from verifier.errors import ClaimFileError
        from verifier.language.claim_files import load

        try:
            loaded = load(_shown_path(self.path, self.config.invocation_params.dir))
        except ClaimFileError as error:
            raise self.CollectError(str(error)) from None
        for claim in loaded.claims:
            yield ClaimItem.from_parent(self, name=claim.id, claim=claim)

    def outcome_of(self, item: ClaimItem) -> Outcome:
        """The item's outcome; the first call verifies every selected claim of this file."""
        if item.name not in self.outcomes:
            from verifier.engine import DEFAULT_TIMEOUT, verify_all

            pending = [
                i
                for i in self.session.items
                if isinstance(i, ClaimItem) and i.parent is self and i.name not in self.outcomes
            ]
            if item not in pending:
                pending.append(item)
            timeout = self.config.getoption("claims_timeout") or DEFAULT_TIMEOUT
            outcomes = verify_all(
                [i.claim for i in pending], timeout=timeout, seed=self.config.getoption("claims_seed")
            )
            self.outcomes.update((o.claim_id, o) for o in outcomes)
        return self.outcomes[item.name]


class ClaimItem(pytest.Item):
    """One claim of a claim file: passes when its verdict is the expected one."""

    def __init__(self, *, claim: Claim, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim

    def runtest(self) -> None:
        assert isinstance(self.parent, ClaimFileNode)
        outcome = self.parent.outcome_of(self)
        self.user_properties.append(("verdict", outcome.verdict.value))
        if not outcome.as_expected:
            raise UnexpectedVerdictError(self.claim, outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, UnexpectedVerdictError):
            return excinfo.value.describe()
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"claim {self.claim.id}"
