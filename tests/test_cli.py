"""The command line: selection, formats, show, and exit statuses."""

from __future__ import annotations

import json

import pytest

from verifier.cli import main


def test_json_for_selected_claims(capsys: pytest.CaptureFixture[str]) -> None:
    """--claim selects by glob; --format json prints one document; all as expected exits 0."""
    status = main(["--claim", "nsl-eq79-*", "--claim", "cvm-mse-softmax-gradient-as-stated", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert status == 0
    ids = [c["id"] for c in document["claims"]]
    assert ids == ["nsl-eq79-outputs-sum-to-one", "cvm-mse-softmax-gradient-as-stated"]
    assert document["summary"]["refuted"] == 1


def test_unknown_selector_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A glob that matches nothing is invalid input: one line on stderr, exit 2."""
    assert main(["--claim", "no-such-*"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no claim id matches" in error


def test_show_prints_the_proof(capsys: pytest.CaptureFixture[str]) -> None:
    """show verifies one claim and prints its proof steps."""
    assert main(["show", "nsl-eq79-outputs-sum-to-one"]) == 0
    out = capsys.readouterr().out
    assert "Proof (symbolic, scope all)" in out


def test_show_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """show of an unknown id exits 2 with a one-line message."""
    assert main(["show", "nope"]) == 2
    assert "no claim has the id" in capsys.readouterr().err


def test_bad_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed option exits 2, never a traceback."""
    assert main(["--timeout", "-1"]) == 2


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    """list prints every claim id."""
    assert main(["list"]) == 0
    assert "scd-eq3-jacobian-diagonal" in capsys.readouterr().out


def test_cache_reuses_outcomes_and_no_cache_bypasses(capsys: pytest.CaptureFixture[str]) -> None:
    """A second run reuses the stored outcome (same seconds); --no-cache verifies afresh."""
    arguments = ["--claim", "nsl-eq79-*", "--format", "json"]
    assert main(arguments) == 0
    first = json.loads(capsys.readouterr().out)["claims"][0]
    assert main(arguments) == 0
    second = json.loads(capsys.readouterr().out)["claims"][0]
    assert second == first
    assert main([*arguments, "--no-cache"]) == 0
    fresh = json.loads(capsys.readouterr().out)["claims"][0]
    assert fresh["verdict"] == first["verdict"]


def test_interrupt_is_one_line_and_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C ends the command with one line and the shell's status for SIGINT, no traceback."""
    from verifier import cli

    def interrupted(argv=None):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
    with pytest.raises(SystemExit) as stopped:
        cli.entry_point()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "verify-derivations: interrupted\n"
