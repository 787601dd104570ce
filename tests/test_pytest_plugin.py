"""The pytest plugin: claim files collected as tests, one per claim."""

from __future__ import annotations

import time

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
