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


class VerifierError(Exception):
    """Base class of every error this package raises on purpose."""


class ClaimDefinitionError(VerifierError, ValueError):
    """A claim or declaration built with the Python vocabulary is malformed."""


class ClaimFileError(VerifierError, ValueError):
    """A claim file is not valid; the message names file, line, claim, field and problem."""

    def __init__(
        self,
        problem: str,
        *,
        file: str,
        claim: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        problem = " ".join(problem.split())  # one line, whatever SymPy's own messages hold
        self.problem = problem
        self.file = file
        self.claim = claim
        self.field = field
        self.line = line
        where = file if line is None else f"{file}:{line}"
        if claim is not None:
            where += f": claim '{claim}'"
        if field is not None:
            where += (", " if claim is not None or line is None else ": ") + f"field '{field}'"
        super().__init__(f"{where}: {problem}")

    def to_json(self) -> dict[str, object]:
        """The error as the JSON report's ``error`` document: file, line, claim, field, message."""
        return {"file": self.file, "line": self.line, "claim": self.claim, "field": self.field, "message": self.problem}


class UnknownClaimError(VerifierError, LookupError):
    """A claim id or glob selects nothing."""
