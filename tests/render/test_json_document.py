"""The JSON document has the specification's stable fields."""

from __future__ import annotations

import json

from test_report import CLAIM, REFUTED

from verifier.errors import ClaimFileError
from verifier.render.json_document import error_document, report_document, tool

STABLE = {
    "id",
    "verdict",
    "scope",
    "expected",
    "as_expected",
    "failing_step",
    "counterexample",
    "numeric",
    "seconds",
    "reason",
}


def test_stable_fields_and_summary() -> None:
    """Each claim entry has the stable fields; the summary counts every verdict."""
    document = json.loads(json.dumps(report_document([CLAIM], [REFUTED])))
    (entry,) = document["claims"]
    assert STABLE <= set(entry)
    assert entry["verdict"] == "refuted" and entry["as_expected"] is False
    assert entry["counterexample"]["values"] == {"x": "1/2"}
    assert {"points", "max_abs_error", "max_rel_error"} <= set(entry["numeric"])
    assert document["summary"] == {"proved": 0, "refuted": 1, "undecided": 0, "error": 0, "not_as_expected": 1}


def test_tool_schema_and_location() -> None:
    """The document names the tool and its schema; a catalogue claim has no file or line."""
    document = report_document([CLAIM], [REFUTED])
    assert document["tool"] == {"name": "verify-derivations", "version": tool()["version"]}
    assert document["schema"] == 2
    (entry,) = document["claims"]  # type: ignore[misc]
    assert "file" not in entry and "line" not in entry and entry["definitions"] == []


def test_error_document() -> None:
    """An invalid file is one document: file, line, claim, field and message."""
    error = ClaimFileError("bad", file="f.toml", claim="c", field="statement", line=3)
    document = json.loads(json.dumps(error_document(error)))
    assert document["error"] == {"file": "f.toml", "line": 3, "claim": "c", "field": "statement", "message": "bad"}
    assert document["schema"] == 2
