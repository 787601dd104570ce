"""Writing the proof appendix: the document, the body alone, and the PDF when asked.

The one entry point the CLI uses, for the catalogue and for claim files alike::

    write_appendix(claims, outcomes, Path("appendix.tex"), pdf=True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from verifier.errors import VerifierError
from verifier.language.claims import Claim
from verifier.outcome import Outcome
from verifier.render.figures import Figure
from verifier.render.latex.compile import CompiledPdf, compile_pdf
from verifier.render.latex.document import render_body, render_document

__all__ = ["WrittenAppendix", "write_appendix"]


@dataclass(frozen=True, kw_only=True)
class WrittenAppendix:
    """The files written: the document (or the body alone), a separate body, the PDF."""

    tex: Path
    body: Path | None = None
    compiled: CompiledPdf | None = None


def write_appendix(
    claims: Sequence[Claim],
    outcomes: Sequence[Outcome],
    path: Path,
    *,
    body_only: bool = False,
    body: Path | None = None,
    pdf: bool = False,
    figures: Sequence[Figure] = (),
    title: str | None = None,
) -> WrittenAppendix:
    """Write the appendix of ``outcomes`` to ``path``; compile it to PDF when ``pdf``.

    ``body_only`` writes only the body (to ``\\input`` into a paper) instead of the
    self-contained document; ``body`` writes the body to a second file as well. ``title``
    is the document's title (a claim file's ``title``; a default when None).
    """
    if body_only and pdf:
        raise VerifierError("--pdf compiles the whole document: it cannot be combined with --body-only")
    path = Path(path)
    _write(
        path,
        render_body(claims, outcomes, figures=figures)
        if body_only
        else render_document(claims, outcomes, figures=figures, title=title),
    )
    if body is not None:
        _write(Path(body), render_body(claims, outcomes, figures=figures))
    compiled = compile_pdf(path) if pdf else None
    return WrittenAppendix(tex=path, body=body, compiled=compiled)


def _write(path: Path, content: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    except OSError as error:
        raise VerifierError(f"cannot write {path}: {error.strerror or error}") from error
