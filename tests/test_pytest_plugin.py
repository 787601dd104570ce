"""The pytest plugin: claim files collected as tests, one per claim."""

from __future__ import annotations

import time
from xml.etree import ElementTree

import pytest

from verifier import engine

pytest_plugins = ["pytester"]

GOOD = """
title = "Good claims"
[symbols]
x = "real"
[[claim]]
id = "sigmoid-symmetry"
statement = "sigmoid(-x) == 1 - sigmoid(x)"
[[claim]]
id = "known-mistake"
statement = "sigmoid(-x) == sigmoid(x)"
expect = "refuted"
"""

WRONG = """
[symbols]
x = "real"
[[claim]]
id = "wrong-symmetry"
statement = "sigmoid(-x) == sigmoid(x)"
"""


def test_plugin_is_registered(pytestconfig: pytest.Config) -> None:
    """Installing the package registers the plugin through the pytest11 entry point."""
    assert pytestconfig.pluginmanager.has_plugin("derivation_verifier")


def test_one_test_per_claim(pytester: pytest.Pytester) -> None:
    """A *.claims.toml file is collected with one test per claim, named by its id."""
    pytester.makefile(".claims.toml", notes=GOOD)
    result = pytester.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["notes.claims.toml::sigmoid-symmetry", "notes.claims.toml::known-mistake"])


def test_expected_verdicts_pass(pytester: pytest.Pytester) -> None:
    """A proved claim and a refuted claim expected refuted both pass."""
    pytester.makefile(".claims.toml", notes=GOOD)
    pytester.runpytest().assert_outcomes(passed=2)


def test_unexpected_verdict_fails_with_the_counterexample(pytester: pytest.Pytester) -> None:
    """A claim whose verdict differs from the expected one fails, showing verdict and counterexample."""
    pytester.makefile(".claims.toml", wrong=WRONG)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*claim 'wrong-symmetry': verdict refuted, expected proved*",
            "*counterexample:*",
            "*x = *",
            "*lhs = *",
            "*rhs = *",
        ]
    )


def test_failure_shows_the_definitions(pytester: pytest.Pytester) -> None:
    """A failing claim written with definitions shows them under its statement."""
    pytester.makefile(
        ".claims.toml",
        defined='[symbols]\nx = "real"\n[define]\n"s(u)" = "sigmoid(u)"\n'
        '[[claim]]\nid = "wrong"\nstatement = "s(-x) == s(x)"\n',
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*statement: s(-x) == s(x)*", "*where s(u) = sigmoid(u)*"])


def test_claim_file_option(pytester: pytest.Pytester) -> None:
    """--claim-file collects a file with any name, even outside the paths pytest looks in."""
    pytester.mkdir("elsewhere")
    path = pytester.path / "elsewhere" / "derivation.toml"
    path.write_text(GOOD)
    pytester.mkdir("tests")
    result = pytester.runpytest("tests", "--claim-file", str(path))
    result.assert_outcomes(passed=2)


def test_other_toml_files_are_ignored(pytester: pytest.Pytester) -> None:
    """TOML files not named *.claims.toml nor given with --claim-file are not collected."""
    pytester.makefile(".toml", settings=GOOD)
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_invalid_file_is_a_collection_error(pytester: pytest.Pytester) -> None:
    """An invalid file is a collection error whose message is the one-line file error."""
    pytester.makefile(".claims.toml", broken='[[claim]]\nid = "a"\nstatement = "x.real == 1"\n')
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["broken.claims.toml:3: claim 'a', field 'statement': found attribute access*"])
    assert "Traceback" not in result.stdout.str()


def test_collection_error_points_at_the_mistake(pytester: pytest.Pytester) -> None:
    """A collection error shows the claim-file spelling, the expression and a caret under the mistake."""
    pytester.makefile(".claims.toml", typo='[symbols]\nx = "real"\n[[claim]]\nid = "a"\nstatement = "x + ln(x) > 0"\n')
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*typo.claims.toml:5: claim 'a', field 'statement': 'ln' is not a function of claim files: write log(...)",
         "    x + ln(x) > 0", "        ^"]
    )  # fmt: skip


def test_missing_claim_file(pytester: pytest.Pytester) -> None:
    """--claim-file of a missing file is a usage error."""
    result = pytester.runpytest("--claim-file", "nope.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--claim-file nope.toml: no such file*"])


def test_time_limit(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """--claims-timeout bounds each claim: one that reaches it is undecided, so the test fails saying so."""
    prove = engine.prove

    def stalling(problem, **options):  # type: ignore[no-untyped-def]
        time.sleep(60)
        return prove(problem, **options)

    monkeypatch.setattr(engine, "prove", stalling)
    pytester.makefile(".claims.toml", slow='[symbols]\nx = "real"\n[[claim]]\nid = "slow"\nstatement = "x + 1 > x"\n')
    start = time.monotonic()
    result = pytester.runpytest("--claims-timeout", "2")
    assert time.monotonic() - start < 30
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*verdict undecided, expected proved*", "*reason: time limit of 2 s reached*"])


def test_selection(pytester: pytest.Pytester) -> None:
    """-k selects claims by id like any test."""
    pytester.makefile(".claims.toml", notes=GOOD)
    pytester.runpytest("-k", "symmetry").assert_outcomes(passed=1, deselected=1)


def test_proof_for_some_sizes_fails(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """A claim proved only for K in 1..6 (a blinded falsifier cannot see K = 7) fails, saying so."""
    from verifier.numeric.falsifier import Search

    monkeypatch.setattr(
        engine, "falsify", lambda problem, seed, profile=None: Search(evidence=None, counterexample=None)
    )
    pytester.makefile(".claims.toml", sizes=KRONECKER)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*verdict proved only for K in 1..6, expected proved*"])


KRONECKER = """
[symbols]
K = "size"
[[claim]]
id = "delta-at-seven"
statement = "Sum(KroneckerDelta(m, 7), (m, 1, K)) == 0"
"""


THREE = GOOD + '[[claim]]\nid = "tanh-odd"\nstatement = "tanh(-x) == -tanh(x)"\n'

# A conftest for the inner run: every call of the engine's verify_all appends its claim ids
# to calls.log, one line per call, from whichever process (xdist worker) makes it.
LOGGING_CONFTEST = """
import os
from pathlib import Path

from verifier import engine

LOG = Path(__file__).parent / "calls.log"
verify_all = engine.verify_all


def logged(claims, **options):
    with LOG.open("a") as log:
        log.write(f"{os.getpid()} {' '.join(c.id for c in claims)}\\n")
    return verify_all(claims, **options)


engine.verify_all = logged
"""


def verified(pytester: pytest.Pytester) -> list[tuple[str, str]]:
    """(process, claim ids) of each verify_all call the inner run made."""
    lines = (pytester.path / "calls.log").read_text().splitlines()
    return [(pid, ids) for pid, ids in (line.split(" ", 1) for line in lines)]


def test_verbose_shows_verdict_and_scope(pytester: pytest.Pytester) -> None:
    """-v shows each claim's verdict, and the scope of a proof, beside PASSED or FAILED."""
    pytester.makefile(".claims.toml", notes=GOOD, wrong=WRONG)
    result = pytester.runpytest("-v")
    result.stdout.fnmatch_lines(
        [
            "*notes.claims.toml::sigmoid-symmetry PASSED (proved, all)*",
            "*notes.claims.toml::known-mistake PASSED (refuted)*",
            "*wrong.claims.toml::wrong-symmetry FAILED (refuted)*",
        ]
    )
    result.assert_outcomes(passed=2, failed=1)


def test_junit_properties(pytester: pytest.Pytester) -> None:
    """The JUnit XML report carries each claim's verdict, scope, expected verdict and seconds."""
    pytester.makefile(".claims.toml", notes=GOOD)
    pytester.runpytest("--junitxml=report.xml").assert_outcomes(passed=2)
    cases = ElementTree.parse(pytester.path / "report.xml").getroot().iter("testcase")
    properties = {case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")} for case in cases}
    assert {name: (p["verdict"], p["scope"], p["expected"]) for name, p in properties.items()} == {
        "sigmoid-symmetry": ("proved", "all", "proved"),
        "known-mistake": ("refuted", "", "refuted"),
    }
    assert all(float(p["seconds"]) > 0 for p in properties.values())


def test_each_test_is_timed_on_its_own(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow claim's time is its own test's, not charged to the first test of the file."""
    prove = engine.prove

    def slow_for_y(problem, **options):  # type: ignore[no-untyped-def]
        if any(s.name == "y" for s in problem.lhs.free_symbols | problem.rhs.free_symbols):
            time.sleep(2)
        return prove(problem, **options)

    monkeypatch.setattr(engine, "prove", slow_for_y)
    pytester.makefile(
        ".claims.toml",
        timed='[symbols]\nx = "real"\ny = "real"\n[[claim]]\nid = "fast"\nstatement = "x + 1 > x"\n'
        '[[claim]]\nid = "slow"\nstatement = "y + 1 > y"\n',
    )
    pytester.runpytest("--junitxml=report.xml").assert_outcomes(passed=2)
    cases = ElementTree.parse(pytester.path / "report.xml").getroot().iter("testcase")
    times = {case.get("name"): float(case.get("time") or 0) for case in cases}
    assert times["slow"] >= 2 > times["fast"]


def test_each_claim_verified_once_by_its_own_test(pytester: pytest.Pytester) -> None:
    """Without xdist, each selected claim is verified once, in its own test, and deselected ones never."""
    pytester.makeconftest(LOGGING_CONFTEST)
    pytester.makefile(".claims.toml", notes=THREE)
    pytester.runpytest("-p", "no:xdist", "-k", "not known-mistake").assert_outcomes(passed=2, deselected=1)
    assert [ids for _, ids in verified(pytester)] == ["sigmoid-symmetry", "tanh-odd"]


def test_xdist_workers_share_the_claims(pytester: pytest.Pytester) -> None:
    """With pytest-xdist, the claims are spread across the workers: each is verified once, in one worker."""
    pytest.importorskip("xdist")
    pytester.makeconftest(LOGGING_CONFTEST)
    pytester.makefile(".claims.toml", notes=THREE)
    pytester.runpytest("-n", "2").assert_outcomes(passed=3)
    calls = verified(pytester)
    assert sorted(ids for _, ids in calls) == ["known-mistake", "sigmoid-symmetry", "tanh-odd"]
