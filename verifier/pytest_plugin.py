"""The pytest plugin: claim files in a test suite, one test per claim.

Registered through the ``pytest11`` entry point, so installing the package enables it.
pytest collects files named ``*.claims.toml`` wherever it looks for tests, and the files
given with ``--claim-file PATH`` (repeatable) wherever they are. Each claim is a test
item named by its id; it passes when its verdict is the expected one (``expect``,
default ``proved``) and fails otherwise, with the verdict, the reason and the
counterexample in the failure message. An invalid file is a collection error with the
one-line message of ``verify-derivations check``.

Each claim is verified when its own test runs, in a worker process under the time limit
``--claims-timeout`` (the engine's ``verify_all``): a test's duration is its claim's, and
with pytest-xdist (``-n 2``) each worker verifies only the claims it runs. The verdict
and scope show in ``-v`` (``PASSED (proved, all)``) and, with the expected verdict and
the seconds, in the test's properties (``record_property``: JUnit XML's
``<properties>``). The verifier itself is imported only when a claim file is collected,
so a test suite without claim files pays nothing for the plugin.
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
_PROPERTIES = frozenset({"verdict", "scope", "expected", "seconds"})
"""What a claim's test records (``user_properties``, JUnit XML's properties)."""
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


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    """``PASSED (proved, all)`` in ``-v``: a claim's verdict and scope beside the test's outcome."""
    properties = dict(report.user_properties) if report.when == "call" else {}
    # A claim's test (under xdist the controller sees reports only, not items): its four properties.
    if not _PROPERTIES <= properties.keys() or report.outcome not in ("passed", "failed"):
        return None
    verdict = str(properties["verdict"]) + (f", {properties['scope']}" if properties.get("scope") else "")
    letter = "." if report.passed else "F"
    return report.outcome, letter, f"{report.outcome.upper()} ({verdict})"


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
    """A claim file: collects one ``ClaimItem`` per claim."""

    def collect(self) -> Iterator[ClaimItem]:
        from verifier.errors import ClaimFileError
        from verifier.language.claim_files import load

        try:
            loaded = load(_shown_path(self.path, self.config.invocation_params.dir))
        except ClaimFileError as error:
            pointer = "".join(f"\n    {line}" for line in error.pointer or ())
            raise self.CollectError(f"{error}{pointer}") from None
        for claim in loaded.claims:
            yield ClaimItem.from_parent(self, name=claim.id, claim=claim)


class ClaimItem(pytest.Item):
    """One claim of a claim file: passes when its verdict is the expected one."""

    def __init__(self, *, claim: Claim, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.claim = claim

    def runtest(self) -> None:
        from verifier.engine import DEFAULT_TIMEOUT, verify_all

        timeout = self.config.getoption("claims_timeout") or DEFAULT_TIMEOUT
        (outcome,) = verify_all([self.claim], jobs=1, timeout=timeout, seed=self.config.getoption("claims_seed"))
        self.user_properties += [
            ("verdict", outcome.verdict.value),
            ("scope", "" if outcome.scope is None else str(outcome.scope)),
            ("expected", outcome.expected.value),
            ("seconds", outcome.seconds),
        ]  # _PROPERTIES
        if not outcome.as_expected:
            raise UnexpectedVerdictError(self.claim, outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, UnexpectedVerdictError):
            return excinfo.value.describe()
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"claim {self.claim.id}"
