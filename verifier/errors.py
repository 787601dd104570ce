"""The project's exceptions: broken input and broken code, never verification outcomes.

A refuted claim is a result, not an exception. The hierarchy:

    VerifierError                 base of everything raised on purpose
    ├── ClaimDefinitionError      a claim built in Python is malformed (ValueError)
    ├── ClaimFileError            a claim file is not valid (ValueError)
    └── UnknownClaimError         a selector matches no claim (LookupError)

The CLI catches ``VerifierError`` only, prints its one-line message, and exits 2.
"""

from __future__ import annotations

__all__ = [
    "ClaimDefinitionError",
    "ClaimFileError",
    "UnknownClaimError",
    "VerifierError",
]


POINTER_WIDTH = 72
"""Characters of an expression shown above the caret of an error message."""


class VerifierError(Exception):
    """Base class of every error this package raises on purpose."""


class ClaimDefinitionError(VerifierError, ValueError):
    """A claim or declaration built with the Python vocabulary is malformed."""


class ClaimFileError(VerifierError, ValueError):
    """A claim file is not valid; the message names file, line, claim, field and problem.

    ``text`` and ``column`` (1-based, within ``text``) locate the problem inside an
    expression, for the caret the CLI prints under it (``pointer``); the message itself
    stays one line.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        claim: str | None = None,
        field: str | None = None,
        line: int | None = None,
        text: str | None = None,
        column: int | None = None,
    ) -> None:
        problem = " ".join(problem.split())  # one line, whatever SymPy's own messages hold
        self.problem = problem
        self.file = file
        self.claim = claim
        self.field = field
        self.line = line
        self.text = text
        self.column = column
        where = file if line is None else f"{file}:{line}"
        if claim is not None:
            where += f": claim '{claim}'"
        if field is not None:
            where += (", " if claim is not None or line is None else ": ") + f"field '{field}'"
        super().__init__(f"{where}: {problem}")

    @property
    def pointer(self) -> tuple[str, str] | None:
        """The offending expression and a caret under its column (1-based), when both are known.

        A long expression is cut to a window of ``POINTER_WIDTH`` characters around the column.
        """
        if self.text is None or self.column is None:
            return None
        text = " ".join(self.text.splitlines())
        caret = min(max(self.column, 1), len(text) + 1) - 1
        start = max(0, min(caret - POINTER_WIDTH // 2, len(text) - POINTER_WIDTH))
        end = start + POINTER_WIDTH
        shown = ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")
        return shown, " " * (caret - start + (3 if start else 0)) + "^"

    def to_json(self) -> dict[str, object]:
        """The error as the JSON report's ``error`` document: file, line, claim, field, message (and column)."""
        return {
            "file": self.file,
            "line": self.line,
            "claim": self.claim,
            "field": self.field,
            "message": self.problem,
            "column": self.column,
        }


class UnknownClaimError(VerifierError, LookupError):
    """A claim id or glob selects nothing."""
