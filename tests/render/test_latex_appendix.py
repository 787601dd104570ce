"""Writing the appendix: the document, the body alone or beside it, and the CLI command."""

from __future__ import annotations

from pathlib import Path

import pytest
from latex_samples import CLAIMS, OUTCOMES

from verifier.cli import main
from verifier.errors import VerifierError
from verifier.render.latex.appendix import write_appendix
from verifier.render.latex.document import DEFAULT_TITLE, MACROS

ORDERED = [OUTCOMES[c.id] for c in CLAIMS]


def test_document_and_body_beside_it(tmp_path: Path) -> None:
    """--body writes the body alone to a second file, next to the whole document."""
    written = write_appendix(CLAIMS, ORDERED, tmp_path / "out" / "appendix.tex", body=tmp_path / "body.tex")
    document = written.tex.read_text(encoding="utf-8")
    body = (tmp_path / "body.tex").read_text(encoding="utf-8")
    assert document.startswith(r"\documentclass") and body.replace(MACROS, MACROS + "\\maketitle\n", 1) in document
    assert written.compiled is None


def test_title_is_the_claim_files_title(tmp_path: Path) -> None:
    """The document is titled with the title given (a claim file's), else the default."""
    titled = write_appendix(CLAIMS, ORDERED, tmp_path / "a.tex", title="Softmax notes: 中文")
    assert r"\title{Softmax notes: \vdzh{中文}}" in titled.tex.read_text(encoding="utf-8")
    untitled = write_appendix(CLAIMS, ORDERED, tmp_path / "b.tex")
    assert f"\\title{{{DEFAULT_TITLE}}}" in untitled.tex.read_text(encoding="utf-8")


def test_body_only(tmp_path: Path) -> None:
    """--body-only writes the body instead of the document."""
    written = write_appendix(CLAIMS, ORDERED, tmp_path / "body.tex", body_only=True)
    assert r"\documentclass" not in written.tex.read_text(encoding="utf-8")


def test_pdf_needs_the_whole_document(tmp_path: Path) -> None:
    """Compiling the body alone is refused with a message, before anything is written."""
    with pytest.raises(VerifierError, match="cannot be combined with --body-only"):
        write_appendix(CLAIMS, ORDERED, tmp_path / "body.tex", body_only=True, pdf=True)
    assert not (tmp_path / "body.tex").exists()


def test_cli_writes_the_appendix_of_selected_claims(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """verify-derivations latex -o FILE --claim ID writes the document and reports it."""
    out = tmp_path / "appendix.tex"
    status = main(["latex", "-o", str(out), "--claim", "scd-numerator-derivative", "--jobs", "1"])
    assert status == 0
    latex = out.read_text(encoding="utf-8")
    assert r"\label{claim:scd-numerator-derivative}" in latex and latex.count(r"\begin{vdclaim}") == 1
    assert "wrote" in capsys.readouterr().err


def test_cli_missing_tex_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--pdf without pdflatex exits 2 with one line naming the program and the install command."""
    import verifier.render.latex.compile as latex_compile

    monkeypatch.setattr(latex_compile.shutil, "which", lambda name: None)
    status = main(["latex", "-o", str(tmp_path / "a.tex"), "--pdf", "--claim", "scd-numerator-derivative"])
    assert status == 2
    assert "'pdflatex' is not installed" in capsys.readouterr().err
