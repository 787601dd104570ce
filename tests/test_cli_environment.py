"""Hostile surroundings: option bounds, a missing home, a narrow encoding, a lying cache,
an interrupted run, a failing appendix. Each ends in correct output or one line and a
non-zero status, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from verifier import cli
from verifier.cache import open_cache
from verifier.cli import main
from verifier.language.claim_files import load

FALSE = '[symbols]\nx = "real"\n[[claim]]\nid = "never"\nstatement = "x + 1 < x"\nexpect = "refuted"\n'
# x**2 < x holds for x in (0, 1) only: a stored "counterexample" at x = 1/2 is a lie.
SOMETIMES = '[symbols]\nx = "real"\n[[claim]]\nid = "sometimes"\nstatement = "x**2 < x"\nexpect = "refuted"\n'
TWO = (
    '[symbols]\nx = "real"\n'
    '[[claim]]\nid = "first"\nstatement = "x + 1 > x"\n'
    '[[claim]]\nid = "second"\nstatement = "x + 2 > x"\n'
)
CHINESE = 'title = "交叉熵"\n[symbols]\nx = "real"\n[[claim]]\nid = "a"\ntitle = "梯度"\nstatement = "x + 1 > x"\n'
# The real console script in a fresh process (stdout and stderr as a user sees them).
CONSOLE = [sys.executable, "-c", "from verifier.cli import entry_point; entry_point()"]


def write(tmp_path: Path, text: str, name: str = "claims.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("verify-derivations: error: "), error
    assert "Traceback" not in error
    return error


class TestOptionBounds:
    @pytest.mark.parametrize("value", ["3000000", "86400.5", "0", "-1", "inf", "nan", "1e999", "soon"])
    def test_timeout_out_of_range(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """--timeout outside (0, 86400] is refused with one line, before anything runs."""
        assert main(["--timeout", value, "--claim", "nsl-eq79-*"]) == 2
        assert "--timeout: expected a number of seconds" in one_line_error(capsys)

    @pytest.mark.parametrize("value", ["0", "-3", "100000", "2.5", "many"])
    def test_jobs_out_of_range(self, value: str, capsys: pytest.CaptureFixture[str]) -> None:
        """--jobs outside 1..MAX_JOBS (four per core) is refused with one line."""
        assert main(["check", "no-such-file.toml", "--jobs", value]) == 2
        assert f"--jobs: expected an integer from 1 to {cli.MAX_JOBS}" in one_line_error(capsys)

    def test_limits_themselves_are_accepted(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The largest allowed values run normally."""
        path = write(tmp_path, TWO)
        status = main(["check", path, "--timeout", "86400", "--jobs", str(cli.MAX_JOBS), "--format", "json"])
        assert status == 0 and len(json.loads(capsys.readouterr().out)["claims"]) == 2

    def test_unknown_option_is_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Any malformed command line is one line on stderr, not the usage and a line."""
        assert main(["check", "--frobnicate"]) == 2
        one_line_error(capsys)


class TestEnvironment:
    def test_no_home_and_no_passwd_entry(self, tmp_path: Path) -> None:
        """HOME unset and no passwd entry: the cache is skipped with one warning, the report is printed."""
        path = write(tmp_path, TWO)
        script = (
            "import pwd, sys\n"
            "def missing(uid): raise KeyError(f'getpwuid(): uid not found: {uid}')\n"
            "pwd.getpwuid = missing\n"
            "from verifier.cli import entry_point; entry_point()\n"
        )
        environment = {k: v for k, v in os.environ.items() if k not in ("HOME", "VERIFIER_CACHE_DIR", "XDG_CACHE_HOME")}
        result = subprocess.run(
            [sys.executable, "-c", script, "check", path, "--format", "json"],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert len(json.loads(result.stdout)["claims"]) == 2
        assert result.stderr.count("\n") == 1 and "warning: not using the outcome cache" in result.stderr

    @pytest.mark.parametrize("arguments", [[], ["--show", "a"]], ids=["table", "show"])
    def test_ascii_only_output_with_a_chinese_title(self, tmp_path: Path, arguments: list[str]) -> None:
        """PYTHONIOENCODING=ascii and Chinese titles: the report degrades to escapes, never crashes."""
        path = write(tmp_path, CHINESE)
        result = subprocess.run(
            [*CONSOLE, "check", path, *arguments],
            capture_output=True,
            env={**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "120"},
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        result.stdout.decode("ascii")  # nothing but ASCII reached the stream
        assert b"\\u4ea4\\u53c9\\u71b5" in result.stdout or b"\\u68af\\u5ea6" in result.stdout

    def test_closed_pipe_is_quiet(self, tmp_path: Path) -> None:
        """A reader that goes away (verify-derivations list | head -1) ends the run without a traceback."""
        process = subprocess.Popen([*CONSOLE, "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()
        _, error = process.communicate(timeout=120)
        assert b"Traceback" not in error and process.returncode != 0

    def test_full_disk_for_the_report_is_one_line(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A standard output that cannot be written (ENOSPC) ends with one line on stderr and status 2."""
        import errno
        import io

        class FullDisk(io.TextIOBase):
            def write(self, text: str) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(sys, "stdout", FullDisk())
        with pytest.raises(SystemExit) as stopped:
            monkeypatch.setattr(sys, "argv", ["verify-derivations", "list"])
            cli.entry_point()
        assert stopped.value.code == 2
        assert capsys.readouterr().err == "verify-derivations: error: No space left on device\n"

    def test_closed_standard_output(self, tmp_path: Path) -> None:
        """Run with standard output closed (>&-): no traceback, the exit status still tells."""
        result = subprocess.run(
            ["sh", "-c", 'exec "$@" >&-', "sh", *CONSOLE, "check", write(tmp_path, TWO)],
            stderr=subprocess.PIPE,
            timeout=120,
        )
        assert result.returncode == 0 and b"Traceback" not in result.stderr


class TestCache:
    def test_tampered_entry_is_verified_afresh(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """x + 1 < x edited to 'proved' in the cache comes back refuted on the next run."""
        path = write(tmp_path, FALSE)
        arguments = ["check", path, "--format", "json"]
        assert main(arguments) == 0
        capsys.readouterr()
        (entry,) = Path(os.environ["VERIFIER_CACHE_DIR"]).glob("*.json")
        data = json.loads(entry.read_text())
        outcome = json.loads(data["outcome"])
        outcome.update(verdict="proved", scope={"sizes": None}, counterexample=None)
        outcome["proof"] = {"scope": {"sizes": None}, "method": "trust me", "steps": []}
        data["outcome"] = json.dumps(outcome)
        entry.write_text(json.dumps(data))
        assert main(arguments) == 0
        (claim,) = json.loads(capsys.readouterr().out)["claims"]
        assert claim["verdict"] == "refuted"

    def test_authentic_entry_with_an_altered_counterexample_is_verified_afresh(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Even correctly signed, a stored counterexample that does not fail at 50 digits is not shown."""
        path = write(tmp_path, SOMETIMES)
        (claim,) = load(path).claims
        cache = open_cache()
        assert main(["check", path, "--format", "json"]) == 0
        genuine = json.loads(capsys.readouterr().out)["claims"][0]["counterexample"]
        stored = cache.get(claim, 0)
        assert stored is not None and stored.counterexample is not None
        from dataclasses import replace

        forged = replace(stored.counterexample, values={"x": "1/2"}, lhs="0.25", rhs="0.5")
        cache.put(claim, 0, replace(stored, counterexample=forged))
        assert cache.get(claim, 0) is not None  # authentic: only the re-confirmation catches it
        assert main(["check", path, "--format", "json"]) == 0
        shown = json.loads(capsys.readouterr().out)["claims"][0]["counterexample"]
        assert shown == genuine and shown["values"] != {"x": "1/2"}

    def test_unsafe_cache_directory_warns_once_and_verifies(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A world-writable cache directory is not used: one warning line, the claims still verified."""
        shared = tmp_path / "shared"
        shared.mkdir()
        shared.chmod(0o777)
        monkeypatch.setenv("VERIFIER_CACHE_DIR", str(shared))
        assert main(["check", write(tmp_path, TWO), "--format", "json"]) == 0
        captured = capsys.readouterr()
        assert len(json.loads(captured.out)["claims"]) == 2
        assert captured.err.count("\n") == 1 and "writable by its group or by anyone" in captured.err
        assert list(shared.iterdir()) == []

    def test_interrupted_run_keeps_finished_outcomes(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ctrl-C after the first outcome arrived: that outcome is already in the cache."""
        path = write(tmp_path, TWO)
        first, second = load(path).claims
        real = cli.verify_all

        def interrupted_after_one(claims, *, on_outcome, **options):  # type: ignore[no-untyped-def]
            on_outcome(real(claims[:1], **options)[0])
            raise KeyboardInterrupt

        monkeypatch.setattr(cli, "verify_all", interrupted_after_one)
        with pytest.raises(KeyboardInterrupt):
            main(["check", path, "--jobs", "1"])
        cache = open_cache()
        assert cache.get(first, 0) is not None and cache.get(second, 0) is None


class TestReportBeforeAppendix:
    def test_unwritable_appendix_keeps_the_report(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON is printed in full before the appendix fails; then one line and status 2."""
        path = write(tmp_path, TWO)
        blocked = tmp_path / "a-file"
        blocked.write_text("")
        status = main(["check", path, "--format", "json", "--latex", str(blocked / "appendix.tex")])
        captured = capsys.readouterr()
        assert status == 2
        assert [c["verdict"] for c in json.loads(captured.out)["claims"]] == ["proved", "proved"]
        assert captured.err.count("\n") == 1 and "cannot write" in captured.err

    def test_failing_latex_keeps_the_table(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """LaTeX stopping with an error after the table was printed: the table stays, one line, status 2."""
        from verifier.render.latex import appendix as latex_appendix
        from verifier.render.latex.compile import LatexCompileError

        def failing(tex: Path, **options: object) -> None:
            raise LatexCompileError("LaTeX failed on appendix.tex: Emergency stop.; see appendix.log")

        monkeypatch.setattr(latex_appendix, "compile_pdf", failing)
        monkeypatch.setattr(cli, "require_tools", lambda: None)
        status = main(["check", write(tmp_path, TWO), "--latex", str(tmp_path / "appendix.tex"), "--pdf"])
        captured = capsys.readouterr()
        assert status == 2
        assert "first" in captured.out and "2 claims: 2 proved" in captured.out
        assert captured.err.splitlines()[-1].startswith("verify-derivations: error: LaTeX failed")
