"""Compiling the appendix to PDF, and reading what LaTeX said about it.

``compile_pdf`` runs latexmk (or pdflatex until the references settle) on a copy of the
``.tex`` file in a fresh private folder, then puts the PDF beside the ``.tex``, and the
log and the recorder list (``.fls``: every file TeX read and wrote) in the build folder
``NAME.build/`` beside it. ``read_log`` finds
the errors, undefined references and overfull boxes in the log. Missing TeX tools and a
document that does not compile are errors (``LatexToolsMissingError``,
``LatexCompileError``), each with a one-line message.

The document holds text from claim files, which may come from anyone, so TeX runs
locked down: no shell escape (``-no-shell-escape``, ``shell_escape=f``), reading and
writing only inside its own folder (kpathsea's ``openin_any=p`` and ``openout_any=p``,
set in its environment), and latexmk reads no rc file (``-norc``: neither the system's,
the user's nor a ``latexmkrc`` beside the document). The private folder also keeps
files planted beside the document (a ``hyperref.sty``, a ``.fdb_latexmk``) out of the
run. A TeX that fails, is killed, or leaves no PDF or an empty one is an error.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
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
    "build_folder",
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
    """A compiled PDF, the log it left, what the log says, and the files TeX opened."""

    pdf: Path
    log_file: Path
    log: LatexLog
    engine: str
    recorder: Path | None = None
    """TeX's ``-recorder`` list (``.fls``): every file it read (INPUT) and wrote (OUTPUT)."""


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


FLAGS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", "-recorder")
"""pdflatex's options: no shell escape, never wait for input, stop at the first error."""

LOCKED_DOWN = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
"""kpathsea settings (read from the environment): TeX opens no file outside its working
folder (no absolute path, no '..', no dot file) and runs no program."""

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.tex")


def _commands(name: str) -> tuple[str, list[list[str]]]:
    """The engine's name and the commands to run in the working folder."""
    if shutil.which("latexmk"):
        pdflatex = "-pdflatex=pdflatex " + " ".join(FLAGS) + " %O %S"
        return "latexmk", [["latexmk", "-norc", "-pdf", "-silent", pdflatex, *FLAGS, name]]
    return "pdflatex", [["pdflatex", *FLAGS, name]] * MAX_PASSES


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("TEXMFOUTPUT", "TEXMF_OUTPUT_DIRECTORY")}
    environment.update(LOCKED_DOWN)
    return environment


def _run(command: list[str], folder: Path, timeout: float, engine: str, log_file: Path) -> int:
    """Run one TeX command in its own process group; every process of it is gone on return."""
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # latexmk's pdflatex is killed with it, whatever happens here
    )
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise LatexCompileError(f"{engine} did not finish within {timeout:g} s; see {log_file}") from None
    finally:
        if process.returncode is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()


def _is_pdf(path: Path) -> bool:
    """A complete PDF: the header at the start, the end-of-file marker near the end."""
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
            handle.seek(max(0, path.stat().st_size - 1024))
            tail = handle.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def _place(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` whole or not at all (a temporary file, then a rename)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compile_pdf(tex: Path, *, timeout: float = 600) -> CompiledPdf:
    """Compile ``tex`` with latexmk (or repeated pdflatex runs), locked down, in a private folder.

    Raises ``LatexToolsMissingError`` when pdflatex is not installed, and
    ``LatexCompileError`` when LaTeX stops with an error, fails, or leaves no complete PDF.
    """
    require_tools()
    tex = Path(tex).resolve()
    build = build_folder(tex)
    log_file, pdf, recorder = build / f"{tex.stem}.log", tex.with_suffix(".pdf"), build / f"{tex.stem}.fls"
    name = tex.name if _SAFE_NAME.fullmatch(tex.name) else "appendix.tex"
    try:
        build.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="verify-derivations-tex-") as folder:
            work = Path(folder)
            shutil.copyfile(tex, work / name)
            engine, commands = _commands(name)
            status, text = 0, ""
            try:
                for command in commands:
                    status = _run(command, work, timeout, engine, log_file)
                    text = _read(work / Path(name).with_suffix(".log"))
                    if status != 0 or read_log(text).errors or engine == "latexmk" or not _needs_rerun(text):
                        break
            finally:  # the log is where the messages send the reader, even after a time-out
                for suffix, target in ((".log", log_file), (".fls", recorder)):
                    if (work / Path(name).with_suffix(suffix)).exists():
                        _place(work / Path(name).with_suffix(suffix), target)
            log = read_log(text)
            produced = work / Path(name).with_suffix(".pdf")
            if log.errors or status != 0 or not _is_pdf(produced):
                if log.errors:
                    first = log.errors[0]
                elif status < 0:
                    first = f"{engine} was killed by signal {-status}"
                elif status != 0:
                    first = f"{engine} exited with status {status}"
                else:
                    first = "no complete PDF was produced"
                raise LatexCompileError(f"LaTeX failed on {tex.name}: {first}; see {log_file}")
            _place(produced, pdf)
    except OSError as error:
        raise LatexCompileError(f"cannot compile {tex.name}: {error.strerror or error}") from None
    return CompiledPdf(
        pdf=pdf, log_file=log_file, log=log, engine=engine, recorder=recorder if recorder.exists() else None
    )


def build_folder(tex: Path) -> Path:
    """Where the log and the recorder list go: ``NAME.build/`` beside ``NAME.tex``, so that
    the PDF is the only file written next to the document."""
    return tex.with_name(tex.stem + ".build")


def _needs_rerun(log: str) -> bool:
    return bool(re.search(r"Rerun to get|Label\(s\) may have changed|Table widths have changed|Rerun LaTeX", log))
