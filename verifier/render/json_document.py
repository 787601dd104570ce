"""The machine-readable report: one JSON document, as docs/claim-files.md ("Output") specifies.

The stable fields are the specification's; the extra ones (hypotheses, proof method,
steps of a chain, source, definitions) are welcome additions and may grow. An invalid
claim file is a document of its own: ``error_document``.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections import Counter
from collections.abc import Sequence

from verifier.errors import ClaimFileError
from verifier.language.claims import Claim
from verifier.outcome import Outcome, StepOutcome
from verifier.verdicts import Verdict

__all__ = ["SCHEMA", "error_document", "report_document", "tool"]

SCHEMA = 2
"""The version of the document's shape (docs/claim-files.md, "Output")."""


@functools.cache
def tool() -> dict[str, str]:
    """The tool's name and version, as the document's ``tool`` field."""
    try:
        version = importlib.metadata.version("derivation-verifier")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return {"name": "verify-derivations", "version": version}


def _step(step: StepOutcome) -> dict[str, object]:
    return {
        "verdict": step.verdict.value,
        "scope": None if step.scope is None else step.scope.to_json(),
        "counterexample": None if step.counterexample is None else step.counterexample.to_json(),
        "numeric": None if step.numeric is None else step.numeric.to_json(),
        "reason": step.reason,
    }


def claim_document(claim: Claim, outcome: Outcome) -> dict[str, object]:
    """One claim's entry: the specification's fields first, then extras."""
    location: dict[str, object] = {"file": claim.file, "line": claim.line} if claim.file else {}
    return {
        "id": outcome.claim_id,
        **location,
        "verdict": outcome.verdict.value,
        "scope": None if outcome.scope is None else outcome.scope.to_json(),
        "expected": outcome.expected.value,
        "as_expected": outcome.as_expected,
        "failing_step": outcome.failing_step,
        "counterexample": None if outcome.counterexample is None else outcome.counterexample.to_json(),
        "numeric": None if outcome.numeric is None else outcome.numeric.to_json(),
        "seconds": outcome.seconds,
        "reason": outcome.reason,
        "statement": claim.display,
        "definitions": [{"name": name, "definition": text} for name, text in claim.defined()],
        "title": claim.title,
        "hypotheses": [h.text for h in claim.hypotheses],
        "hypotheses_needed": [
            {
                "hypothesis": check.hypothesis,
                "relaxed_to": check.relaxed_to,
                "needed": check.needed,
                "counterexample": None if check.counterexample is None else check.counterexample.to_json(),
            }
            for check in outcome.hypotheses
        ],
        "proof": None
        if outcome.proof is None
        else {"method": outcome.proof.method, "steps": [s.action for s in outcome.proof.steps]},
        "steps": [_step(s) for s in outcome.steps],
        "source": None
        if claim.source is None
        else {
            "article": claim.source.article,
            "url": claim.source.url,
            "section": claim.source.section,
            "formula": claim.source.formula,
            "recovered": claim.source.recovered,
        },
        "corrects": claim.corrects,
    }


def report_document(claims: Sequence[Claim], outcomes: Sequence[Outcome]) -> dict[str, object]:
    """The whole report: every claim's entry and the count of each verdict."""
    by_id = {c.id: c for c in claims}
    counts = Counter(o.verdict for o in outcomes)
    return {
        "tool": tool(),
        "schema": SCHEMA,
        "claims": [claim_document(by_id[o.claim_id], o) for o in outcomes],
        "summary": {
            **{verdict.value: counts[verdict] for verdict in Verdict},
            "not_as_expected": sum(1 for o in outcomes if not o.as_expected),
        },
    }


def error_document(error: ClaimFileError) -> dict[str, object]:
    """The document for an invalid claim file: where, and what is wrong."""
    return {"tool": tool(), "schema": SCHEMA, "error": error.to_json()}
