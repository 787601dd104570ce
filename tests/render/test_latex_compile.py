"""Compiling the appendix: reading LaTeX logs, missing tools, and the whole catalogue to PDF."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from processes import running, wait_for

from verifier.render.latex import compile as latex_compile
from verifier.render.latex.compile import (
    INSTALL_COMMAND,
    LatexCompileError,
    LatexToolsMissingError,
    compile_pdf,
    read_log,
)

LOG = r"""This is pdfTeX, Version 3.141592653-2.6-1.40.24
./appendix.tex:12: Undefined control sequence.
l.12 \foo

LaTeX Warning: Reference `claim:missing-one' on page 3 undefined on input line 40
.

Overfull \hbox (12.5pt too wide) in paragraph at lines 50--52
Overfull \hbox (0.8pt too wide) in alignment at lines 60--61
LaTeX Warning: There were undefined references.
"""

MAX_OVERFULL_PT = 3.0
"""The widest overfull line the whole-catalogue appendix may have."""


class TestReadLog:
    def test_errors_references_and_overfull_boxes(self) -> None:
        """The log's errors, undefined references (across wrapped lines) and overfull widths are found."""
        log = read_log(LOG)
        assert log.errors == ("Undefined control sequence.",)
        assert log.undefined_references == ("claim:missing-one",)
        assert log.overfull == ((12.5, "in paragraph at lines 50--52"), (0.8, "in alignment at lines 60--61"))
        assert log.overfull_beyond(MAX_OVERFULL_PT) == ((12.5, "in paragraph at lines 50--52"),)

    def test_clean_log(self) -> None:
        """A log with none of these reports nothing."""
        log = read_log("Output written on appendix.pdf (3 pages).\n")
        assert not log.errors and not log.undefined_references and not log.overfull


def test_missing_tools_name_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without pdflatex, compiling says which program is missing and how to install it."""
    monkeypatch.setattr(latex_compile.shutil, "which", lambda name: None)
    tex = tmp_path / "a.tex"
    tex.write_text("x", encoding="utf-8")
    with pytest.raises(LatexToolsMissingError, match="'pdflatex' is not installed") as raised:
        compile_pdf(tex)
    assert INSTALL_COMMAND in str(raised.value) and "\n" not in str(raised.value)


def _require_tex() -> None:
    """Skip locally without TeX; in CI (CI is set) a missing TeX installation fails the test."""
    if latex_compile.missing_tools() is None:
        return
    message = f"pdflatex is not installed; {INSTALL_COMMAND} (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def test_broken_document_is_a_one_line_error(tmp_path: Path) -> None:
    """LaTeX stopping on an error becomes LatexCompileError naming the error and the log."""
    _require_tex()
    tex = tmp_path / "broken.tex"
    tex.write_text("\\documentclass{article}\\begin{document}\\foo\\end{document}\n", encoding="utf-8")
    with pytest.raises(LatexCompileError, match="Undefined control sequence"):
        compile_pdf(tex, timeout=120)


def test_whole_catalogue_compiles_cleanly(catalogue_outcomes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The appendix of the whole catalogue compiles with no error, no undefined reference, no overfull line."""
    _require_tex()
    from derivations import CATALOGUE
    from verifier.cli import _catalogue_figures
    from verifier.render.latex.appendix import write_appendix

    outcomes = [catalogue_outcomes[c.id] for c in CATALOGUE]
    written = write_appendix(
        CATALOGUE, outcomes, tmp_path / "appendix.tex", pdf=True, figures=_catalogue_figures(CATALOGUE)
    )
    assert written.compiled is not None
    log = written.compiled.log
    assert not log.errors, log.errors
    assert not log.undefined_references, log.undefined_references
    assert not log.overfull_beyond(MAX_OVERFULL_PT), log.overfull_beyond(MAX_OVERFULL_PT)
    assert written.compiled.pdf.stat().st_size > 0


def test_ci_installs_every_package_the_message_names() -> None:
    """.ci/run installs exactly the Debian packages the missing-tools message tells users to install."""
    script = (Path(__file__).parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r'TEX_PACKAGES="([^"]*)"', script)
    assert match is not None
    assert match.group(1).replace("\\\n", " ").split() == list(latex_compile.DEBIAN_PACKAGES)


# -- how TeX is run: flags, environment, failures (fake TeX programs on PATH) -----------------

FAKE = """#!/bin/sh
# A stand-in for {name}: records its arguments and environment, then acts.
printf '%s\\n' "$@" > "$RECORD.args"
env > "$RECORD.env"
{action}
"""


def fake_tex(folder: Path, name: str, action: str) -> None:
    """Put a fake ``name`` in ``folder`` that runs the shell code ``action``."""
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(FAKE.format(name=name, action=action))
    script.chmod(0o755)


PDF = "echo '%PDF-1.5' > appendix.pdf; echo '%%EOF' >> appendix.pdf"
"""What the fakes run to leave a (minimal) complete PDF."""


@pytest.fixture
def document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A .tex file, the fake TeX programs (bin/) first on PATH and the only ones found, $RECORD where they report."""
    fakes = tmp_path / "bin"
    monkeypatch.setenv("PATH", f"{fakes}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(
        latex_compile.shutil, "which", lambda name: str(fakes / name) if (fakes / name).exists() else None
    )
    monkeypatch.setenv("RECORD", str(tmp_path / "record"))
    tex = tmp_path / "out" / "appendix.tex"
    tex.parent.mkdir()
    tex.write_text("\\documentclass{article}\\begin{document}x\\end{document}\n", encoding="utf-8")
    return tex


class TestHowTexRuns:
    def test_pdflatex_is_locked_down(self, document: Path) -> None:
        """pdflatex gets -no-shell-escape, and openin_any=p, openout_any=p, shell_escape=f in its environment."""
        fake_tex(document.parent.parent / "bin", "pdflatex", PDF)
        compiled = compile_pdf(document, timeout=60)
        record = document.parent.parent / "record"
        arguments = record.with_suffix(".args").read_text().split()
        environment = set(record.with_suffix(".env").read_text().splitlines())
        assert "-no-shell-escape" in arguments and "-halt-on-error" in arguments
        assert {"openin_any=p", "openout_any=p", "shell_escape=f"} <= environment
        assert compiled.pdf == document.with_suffix(".pdf") and compiled.engine == "pdflatex"

    def test_aux_files_go_to_the_build_folder(self, document: Path) -> None:
        """Only the PDF is written beside the document; the log and the recorder list go to NAME.build/."""
        fake_tex(document.parent.parent / "bin", "pdflatex", PDF + "; echo log > appendix.log; echo x > appendix.fls")
        compiled = compile_pdf(document, timeout=60)
        assert compiled.log_file == document.parent / "appendix.build" / "appendix.log"
        assert compiled.recorder == document.parent / "appendix.build" / "appendix.fls"
        assert sorted(p.name for p in document.parent.iterdir()) == ["appendix.build", "appendix.pdf", "appendix.tex"]

    def test_latexmk_reads_no_rc_file(self, document: Path) -> None:
        """latexmk runs with -norc, and tells its pdflatex -no-shell-escape."""
        bin_folder = document.parent.parent / "bin"
        fake_tex(bin_folder, "pdflatex", "exit 0")
        fake_tex(bin_folder, "latexmk", PDF)
        compile_pdf(document, timeout=60)
        arguments = (document.parent.parent / "record.args").read_text().splitlines()
        assert "-norc" in arguments
        assert any(a.startswith("-pdflatex=pdflatex -no-shell-escape") for a in arguments)

    def test_tex_runs_in_a_private_folder(self, document: Path) -> None:
        """TeX does not run in the output folder, so nothing planted there (rc files, .sty) is read."""
        fake_tex(document.parent.parent / "bin", "pdflatex", 'pwd > "$RECORD.pwd"; ' + PDF)
        compile_pdf(document, timeout=60)
        assert Path((document.parent.parent / "record.pwd").read_text().strip()) != document.parent

    @pytest.mark.parametrize(
        ("action", "message"),
        [
            (": > appendix.pdf", "no complete PDF was produced"),
            ("echo '%PDF-1.5 and then nothing' > appendix.pdf", "no complete PDF was produced"),
            ("exit 0", "no complete PDF was produced"),
            ("exit 3", "pdflatex exited with status 3"),
            ("kill -9 $$", "pdflatex was killed by signal 9"),
        ],
        ids=["empty-pdf", "truncated-pdf", "no-pdf", "failing-exit", "killed"],
    )
    def test_failures_are_one_line_errors(self, document: Path, action: str, message: str) -> None:
        """An empty or truncated PDF, none at all, a fatal exit or a kill: LatexCompileError, one line,
        and no PDF is left beside the document as if it had been written."""
        fake_tex(document.parent.parent / "bin", "pdflatex", action)
        with pytest.raises(LatexCompileError, match=re.escape(message)) as raised:
            compile_pdf(document, timeout=60)
        assert "\n" not in str(raised.value)
        assert not document.with_suffix(".pdf").exists()

    def test_a_tex_past_its_time_is_killed_with_its_children(self, document: Path) -> None:
        """At the time limit the whole process group goes: latexmk's pdflatex does not linger."""
        action = "sh -c 'echo $$ > \"$RECORD.child\"; sleep 60' & sleep 60"
        fake_tex(document.parent.parent / "bin", "pdflatex", action)
        with pytest.raises(LatexCompileError, match="did not finish within 1 s"):
            compile_pdf(document, timeout=1)
        child = int((document.parent.parent / "record.child").read_text())
        assert wait_for(lambda: not running(child), 10)
