"""Compiling the appendix to PDF, and reading what LaTeX said about it.

``compile_pdf`` runs latexmk (or pdflatex until the references settle) in the folder of
the ``.tex`` file; ``read_log`` finds the errors, undefined references and overfull
boxes in the log. Missing TeX tools and a document that does not compile are errors
(``LatexToolsMissingError``, ``LatexCompileError``), each with a one-line message.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from verifier.errors import VerifierError

__all__ = [
    "DEBIAN_PACKAGES",
    "INSTALL_COMMAND",
    "CompiledPdf",
    "LatexCompileError",
    "LatexLog",
    "LatexToolsMissingError",
    "compile_pdf",
    "missing_tools",
    "read_log",
    "require_tools",
]

DEBIAN_PACKAGES = (
    "texlive-latex-base",
    "texlive-latex-recommended",
    "texlive-pictures",
    "lmodern",
    "latexmk",
    "latex-cjk-common",
    "latex-cjk-chinese",
    "latex-cjk-chinese-arphic-gbsn00lp",
)
"""Debian packages the appendix needs: pdflatex, its packages, pgfplots, latexmk, Chinese."""

INSTALL_COMMAND = "apt-get install -y --no-install-recommends " + " ".join(DEBIAN_PACKAGES)

MAX_PASSES = 5
"""pdflatex passes at most, without latexmk, before the references must have settled."""


class LatexToolsMissingError(VerifierError, FileNotFoundError):
    """pdflatex (the TeX engine the appendix is written for) is not installed."""


class LatexCompileError(VerifierError, RuntimeError):
    """LaTeX stopped with an error; the message is its first error and the log's path."""


@dataclass(frozen=True, kw_only=True)
class LatexLog:
    """What a LaTeX log reports: errors, undefined references, overfull boxes (width in pt)."""

    errors: tuple[str, ...] = ()
    undefined_references: tuple[str, ...] = ()
    overfull: tuple[tuple[float, str], ...] = ()
    """Each overfull \\hbox: how many points too wide, and where ('lines 12--14')."""

    def overfull_beyond(self, points: float) -> tuple[tuple[float, str], ...]:
        """The overfull boxes more than ``points`` too wide."""
        return tuple(box for box in self.overfull if box[0] > points)


@dataclass(frozen=True, kw_only=True)
class CompiledPdf:
    """A compiled PDF, the log it left, and what the log says."""

    pdf: Path
    log_file: Path
    log: LatexLog
    engine: str


_ERROR = re.compile(r"^(?:! (.+)|\S+\.tex:\d+: (.+))$", re.MULTILINE)
_UNDEFINED = re.compile(r"LaTeX Warning: (?:Reference|Citation) `([^']+)' on page \S+ undefined")
_OVERFULL = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\) (.*)$", re.MULTILINE)


def read_log(text: str) -> LatexLog:
    """The errors, undefined references and overfull boxes of a LaTeX log."""
    errors = tuple(next(g for g in match.groups() if g) for match in _ERROR.finditer(text))
    unflowed = text.replace("\n", "")  # the log wraps lines at 79 characters
    undefined = tuple(dict.fromkeys(_UNDEFINED.findall(unflowed)))
    if not undefined and "There were undefined references" in text:
        undefined = ("(unnamed)",)
    overfull = tuple((float(width), where.strip()) for width, where in _OVERFULL.findall(text))
    return LatexLog(errors=errors, undefined_references=undefined, overfull=overfull)


def missing_tools() -> str | None:
    """The name of the missing TeX program ('pdflatex'), or None when it is installed."""
    return None if shutil.which("pdflatex") else "pdflatex"


def require_tools() -> None:
    """Raise ``LatexToolsMissingError``, naming the program and the install command, when TeX is missing."""
    missing = missing_tools()
    if missing:
        raise LatexToolsMissingError(
            f"cannot compile the PDF: '{missing}' is not installed; on Debian or Ubuntu: {INSTALL_COMMAND}"
        )


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def compile_pdf(tex: Path, *, timeout: float = 600) -> CompiledPdf:
    """Compile ``tex`` in its own folder with latexmk (or repeated pdflatex runs).

    Raises ``LatexToolsMissingError`` when pdflatex is not installed, and
    ``LatexCompileError`` when LaTeX stops with an error or no PDF comes out.
    """
    require_tools()
    tex = tex.resolve()
    log_file, pdf = tex.with_suffix(".log"), tex.with_suffix(".pdf")
    flags = ["-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    if shutil.which("latexmk"):
        engine = "latexmk"
        commands = [["latexmk", "-pdf", "-silent", *flags, tex.name]]
    else:
        engine = "pdflatex"
        commands = [["pdflatex", *flags, tex.name]] * MAX_PASSES
    for command in commands:
        try:
            subprocess.run(
                command, cwd=tex.parent, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise LatexCompileError(f"{engine} did not finish within {timeout:g} s; see {log_file}") from error
        text = _read(log_file)
        if read_log(text).errors or engine == "latexmk" or not _needs_rerun(text):
            break
    log = read_log(_read(log_file))
    if log.errors or not pdf.exists():
        first = log.errors[0] if log.errors else "no PDF was produced"
        raise LatexCompileError(f"LaTeX failed on {tex.name}: {first}; see {log_file}")
    return CompiledPdf(pdf=pdf, log_file=log_file, log=log, engine=engine)


def _needs_rerun(log: str) -> bool:
    return bool(re.search(r"Rerun to get|Label\(s\) may have changed|Table widths have changed|Rerun LaTeX", log))
