"""The JSON document has the specification's stable fields."""

from __future__ import annotations

import json

from test_report import CLAIM, REFUTED

from verifier.render.json_document import report_document

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
    assert document["summary"] == {"proved": 0, "refuted": 1, "undecided": 0, "error": 0}
