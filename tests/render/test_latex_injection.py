"""A hostile claim file through the whole appendix: nothing outside gets into the PDF, no
program runs, no file is written outside the output folder.

The claim file's strings try every way into TeX: ``\\input`` of a secret file (by its
path and through ``^^5c``, TeX's notation for a backslash, in a source URL), ``\\write18``,
``\\immediate\\write`` and ``\\openout`` to a file beside the output folder, emoji and
control characters. A ``latexmkrc`` planted in the output folder would leave a marker if
it ran. The PDF's text (pdftotext, when poppler-utils is installed) and TeX's own record
of the files it opened (the ``.fls`` list, always) are checked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from verifier.cli import main
from verifier.render.latex import compile as latex_compile
from verifier.render.latex.compile import INSTALL_COMMAND, LatexCompileError, compile_pdf

TOKEN = "LEAKED-4f9c2d"
"""The content of the secret file: it must appear nowhere TeX wrote."""


def _require_tex() -> None:
    """Skip locally without TeX; in CI (CI is set) a missing TeX installation fails the test."""
    if latex_compile.missing_tools() is None:
        return
    message = f"pdflatex is not installed; {INSTALL_COMMAND} (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _pdf_text(pdf: Path) -> str:
    """The PDF's text (pdftotext); skip locally without poppler-utils, fail in CI (.ci/run installs it)."""
    if shutil.which("pdftotext") is None:
        message = "pdftotext is not installed; apt-get install poppler-utils (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def hostile_file(secret: Path, marker: Path) -> str:
    """A claim file whose title, claim titles and sources each try to reach ``secret`` or run a command."""
    run = f"touch {marker}"
    strings = {
        "title": f"\\input{{{secret}}} \\immediate\\write18{{{run}}} 😀 \u0000\u0007\u001b[2J 中文",
        "first_title": (
            f"\\immediate\\write\\fileout{{x}} \\immediate\\openout5=../escaped.tex ^^5cinput{{{secret}}} \u202e"
        ),
        "url": f"https://example.invalid/^^5cinput{{{secret}}}#\\write18{{{run.replace(' ', '%20')}}}~%zz\\",
        "note": f"\\catcode`\\^=7 ^^5cinput{{{secret}}} \\def\\x{{\\input{{{secret}}}}}\\x",
        "second_title": "\\makeatletter\\@@input /etc/passwd \\relax 🎉\ufeff\u0085",
    }
    quoted = {key: json.dumps(value, ensure_ascii=False) for key, value in strings.items()}  # TOML basic strings
    return (
        f"title = {quoted['title']}\n"
        '[symbols]\nx = "real"\n'
        f'[[claim]]\nid = "first"\ntitle = {quoted["first_title"]}\n'
        f'source = {quoted["url"]}\nstatement = "x + 1 > x"\n'
        f'[[claim]]\nid = "second"\ntitle = {quoted["second_title"]}\n'
        f'source = {quoted["note"]}\nstatement = "x + 1 < x"\nexpect = "refuted"\n'
    )


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def recorded(fls: Path) -> tuple[list[str], list[str]]:
    """The files TeX read and wrote, from its -recorder list."""
    lines = fls.read_text(encoding="utf-8", errors="replace").splitlines()
    inputs = [line.split(" ", 1)[1] for line in lines if line.startswith("INPUT ")]
    outputs = [line.split(" ", 1)[1] for line in lines if line.startswith("OUTPUT ")]
    return inputs, outputs


def test_hostile_claim_file_cannot_reach_outside(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The appendix of a hostile file compiles; the secret is not in the PDF or the log, no command
    ran, the planted latexmkrc did not run, and TeX opened nothing outside its own folder and TeX Live."""
    _require_tex()
    secret, marker, rc_marker = tmp_path / "secret.txt", tmp_path / "PWNED", tmp_path / "LATEXMKRC-RAN"
    secret.write_text(TOKEN + "\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "latexmkrc").write_text(f'system("touch {rc_marker}");\n')
    (out / ".latexmkrc").write_text(f'system("touch {rc_marker}");\n')
    claims = tmp_path / "hostile.claims.toml"
    claims.write_text(hostile_file(secret, marker), encoding="utf-8")
    before = files_under(tmp_path)

    status = main(["check", str(claims), "--latex", str(out / "appendix.tex"), "--pdf", "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == 0, captured.err

    assert not marker.exists() and not rc_marker.exists()
    written = files_under(tmp_path) - before
    build = out / "appendix.build"
    assert written == {out / "appendix.tex", out / "appendix.pdf", build / "appendix.log", build / "appendix.fls"}
    assert TOKEN not in (build / "appendix.log").read_text(encoding="utf-8", errors="replace")
    inputs, outputs = recorded(build / "appendix.fls")
    assert all(not os.path.isabs(name) for name in outputs), outputs
    outside = [
        name
        for name in inputs
        if os.path.isabs(name) and not name.startswith(("/usr/", "/var/lib/texmf", "/etc/texmf"))
    ]
    assert outside == [] and str(secret) not in inputs and "/etc/passwd" not in inputs
    text = _pdf_text(out / "appendix.pdf")
    assert TOKEN not in text and "root:" not in text
    # The hostile strings are shown as text, escaped: the reader sees what was attempted.
    assert "^^5cinput" in text.replace("ˆ", "^") and "[U+1F600]" in text and "[U+0000]" in text


def test_tex_itself_is_contained(tmp_path: Path) -> None:
    """Even a document written to attack (not one this package writes) cannot read a file outside
    its folder, run a command, or write beside its folder: TeX's own limits hold."""
    _require_tex()
    secret, marker = tmp_path / "secret.txt", tmp_path / "SHELL-RAN"
    secret.write_text(TOKEN + "\n")
    out = tmp_path / "out"
    out.mkdir()
    tex = out / "attack.tex"
    tex.write_text(
        "\\documentclass{article}\\begin{document}\n"
        f"\\immediate\\write18{{touch {marker}}}\n"
        f"\\newread\\r \\openin\\r={secret} \\ifeof\\r CLOSED\\else \\read\\r to\\x OPENED \\x\\fi\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    compiled = compile_pdf(tex, timeout=120)
    assert not marker.exists()
    assert TOKEN not in compiled.log_file.read_text(encoding="utf-8", errors="replace")
    text = _pdf_text(compiled.pdf)
    assert "CLOSED" in text and TOKEN not in text
    tex.write_text(
        "\\documentclass{article}\\begin{document}\n"
        "\\immediate\\openout5=../escaped.tex \\immediate\\write5{x}\\immediate\\closeout5 x\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    with pytest.raises(LatexCompileError, match="can't write on file"):
        compile_pdf(tex, timeout=120)
    assert not (tmp_path / "escaped.tex").exists()


def test_longest_hostile_strings_compile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 10 000-character title of placeholders and a long URL of 4-byte characters compile: no
    source line reaches TeX's limit, and a URL too long to be a link is shown as text."""
    _require_tex()
    title = "\U00100000" * 10_000
    url = "https://example.invalid/" + "\U00100000" * 2_500
    claims = tmp_path / "long.claims.toml"
    claims.write_text(
        f"title = {json.dumps(title, ensure_ascii=False)}\n"
        '[symbols]\nx = "real"\n'
        f'[[claim]]\nid = "a"\ntitle = {json.dumps(title, ensure_ascii=False)}\n'
        f'source = {json.dumps(url, ensure_ascii=False)}\nstatement = "x + 1 > x"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out" / "long.tex"
    status = main(["check", str(claims), "--latex", str(out), "--pdf", "--jobs", "1"])
    assert status == 0, capsys.readouterr().err
    assert max(len(line) for line in out.read_text(encoding="utf-8").splitlines()) < 50_000
