"""Command-line conventions: --version, command typos, a file as the command, directories, option errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import verifier
from verifier.cli import main

ROOT = Path(__file__).parent.parent
SPEC_EXAMPLE = ROOT / "tests" / "data" / "spec_example.toml"
ONE = '[symbols]\nx = "real"\n\n[[claim]]\nid = "square"\nstatement = "x**2 >= 0"\n'


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured.err
    return captured.err


class TestVersion:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the tool's name and the package's version, exit 0."""
        assert main(["--version"]) == 0
        assert capsys.readouterr().out == f"verify-derivations {verifier.__version__}\n"


class TestCommands:
    @pytest.mark.parametrize(("typo", "meant"), [("chek", "check"), ("lsit", "list"), ("shwo", "show")])
    def test_typo_names_the_nearest_command(self, typo: str, meant: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt command is refused with the nearest command, one line, exit 2."""
        assert main([typo, "file.toml"]) == 2
        assert f"unknown command '{typo}': did you mean '{meant}'?" in one_line(capsys)

    def test_unknown_word_lists_the_commands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A word like no command lists the commands."""
        assert main(["frobnicate"]) == 2
        assert "the commands are run, show, list, check, latex" in one_line(capsys)

    def test_toml_path_means_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A .toml path as the first argument is checked, as with `check`."""
        path = tmp_path / "mine.toml"
        path.write_text(ONE)
        assert main([str(path), "--format", "json", "--no-cache"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert [(c["id"], c["verdict"], c["file"]) for c in document["claims"]] == [("square", "proved", str(path))]

    def test_existing_file_means_check(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An existing file of any name as the first argument is checked too."""
        path = tmp_path / "derivation.txt"
        path.write_text(ONE)
        assert main([str(path), "--format", "json", "--no-cache"]) == 0
        assert [c["id"] for c in json.loads(capsys.readouterr().out)["claims"]] == ["square"]

    def test_directory_takes_its_claim_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """`check DIR` verifies the directory's *.claims.toml files, in name order, and no other TOML file."""
        (tmp_path / "b.claims.toml").write_text(ONE.replace("square", "b-square"))
        (tmp_path / "a.claims.toml").write_text(ONE.replace("square", "a-square"))
        (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
        assert main(["check", str(tmp_path), "--format", "json", "--no-cache"]) == 0
        assert [c["id"] for c in json.loads(capsys.readouterr().out)["claims"]] == ["a-square", "b-square"]

    def test_directory_as_first_argument(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A directory as the first argument means `check DIR`."""
        shutil.copy(SPEC_EXAMPLE, tmp_path / "spec.claims.toml")
        assert main([str(tmp_path), "--claim", "worked-example", "--format", "json", "--no-cache"]) == 0
        assert [c["id"] for c in json.loads(capsys.readouterr().out)["claims"]] == ["worked-example"]

    def test_directory_without_claim_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A directory with no *.claims.toml file is invalid input: one line, exit 2."""
        assert main(["check", str(tmp_path)]) == 2
        assert "is a directory with no claim files (*.claims.toml)" in one_line(capsys)

    def test_show_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`show ID --format json` prints the JSON document of that one claim."""
        assert main(["show", "nsl-eq79-outputs-sum-to-one", "--format", "json"]) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["schema"] == 2
        assert [(c["id"], c["verdict"]) for c in document["claims"]] == [("nsl-eq79-outputs-sum-to-one", "proved")]


class TestOptionErrors:
    @pytest.mark.parametrize(
        ("arguments", "message"),
        [(["--timeout", "abc"], "--timeout: expected a number of seconds, got 'abc'"),
         (["--timeout", "-1"], "--timeout: expected a number of seconds in (0, 86400], got '-1'"),
         (["check", "x.toml", "--jobs", "many"], "--jobs: expected an integer from 1 to"),
         (["--seed", "x"], "--seed: expected an integer, got 'x'"),
         (["show", "x", "--seed", "1.5"], "--seed: expected an integer, got '1.5'"),
         (["--format", "xml"], "--format: invalid choice: 'xml'")],
    )  # fmt: skip
    def test_readable(self, arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
        """An option's bad value is one line naming the option, what it expects and what it got; exit 2."""
        assert main(arguments) == 2
        assert f"verify-derivations: error: {message}" in one_line(capsys)
