"""The JSON document has the specification's stable fields."""

from __future__ import annotations

import json

import pytest
from test_report import CLAIM, EVIDENCE, REFUTED

from verifier.errors import ClaimFileError
from verifier.language.claim_files import loads
from verifier.outcome import Counterexample, Outcome
from verifier.render.json_document import error_document, report_document, tool
from verifier.verdicts import ALL_SIZES, Scope, Verdict

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
    assert document["error"] == {
        "file": "f.toml",
        "line": 3,
        "claim": "c",
        "field": "statement",
        "message": "bad",
        "column": None,
    }
    assert document["schema"] == 2 and document["tool"]["name"] == "verify-derivations"


def test_error_document_column() -> None:
    """An error inside an expression gives the column of the problem in the document too."""
    with pytest.raises(ClaimFileError) as caught:
        loads('[symbols]\nx = "real"\n[[claim]]\nid = "c"\nstatement = "x + ln(x) == 1"\n', file="f.toml")
    error = error_document(caught.value)["error"]
    assert isinstance(error, dict) and (error["line"], error["column"]) == (5, 5)


FILE = """[symbols]
K = "size"
z = "real[K]"
j = "index[K]"
x = "real"

[[claim]]
id = "proved-all"
statement = "softmax(z, j) > 0"

[[claim]]
id = "proved-some"
statement = "softmax(z, j) <= 1"

[[claim]]
id = "chain"
steps = ["x*(x + 1)", "x**2 + x", "x**2"]
expect = "refuted"

[[claim]]
id = "open"
statement = "x**2 >= 0"
"""
COUNTEREXAMPLE = Counterexample(sizes={}, values={"x": "1"}, lhs="2", rhs="1", relation="==", digits=50)
OUTCOMES = [
    Outcome(claim_id="proved-all", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=ALL_SIZES, seconds=0.5),
    Outcome(claim_id="proved-some", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope(sizes=(3, 1, 2))),
    Outcome(
        claim_id="chain",
        verdict=Verdict.REFUTED,
        expected=Verdict.REFUTED,
        counterexample=COUNTEREXAMPLE,
        failing_step=2,
        numeric=EVIDENCE,
    ),
    Outcome(claim_id="open", verdict=Verdict.UNDECIDED, expected=Verdict.PROVED, reason="time limit of 1 s reached"),
]


def test_each_stable_field_as_specified() -> None:
    """Every stable field in the specification's shape: scope "all" or a sorted list, null where absent."""
    loaded = loads(FILE, file="mine.claims.toml")
    document = json.loads(json.dumps(report_document(loaded.claims, OUTCOMES)))
    stable = [{key: entry[key] for key in ("id", "file", "line", *STABLE)} for entry in document["claims"]]
    numeric = EVIDENCE.to_json()
    counterexample = {**COUNTEREXAMPLE.to_json()}
    assert stable == [
        {"id": "proved-all", "file": "mine.claims.toml", "line": 7, "verdict": "proved", "scope": "all",
         "expected": "proved", "as_expected": True, "failing_step": None, "counterexample": None,
         "numeric": None, "seconds": 0.5, "reason": None},
        {"id": "proved-some", "file": "mine.claims.toml", "line": 11, "verdict": "proved", "scope": [1, 2, 3],
         "expected": "proved", "as_expected": False, "failing_step": None, "counterexample": None,
         "numeric": None, "seconds": 0.0, "reason": None},
        {"id": "chain", "file": "mine.claims.toml", "line": 15, "verdict": "refuted", "scope": None,
         "expected": "refuted", "as_expected": True, "failing_step": 2, "counterexample": counterexample,
         "numeric": numeric, "seconds": 0.0, "reason": None},
        {"id": "open", "file": "mine.claims.toml", "line": 20, "verdict": "undecided", "scope": None,
         "expected": "proved", "as_expected": False, "failing_step": None, "counterexample": None,
         "numeric": None, "seconds": 0.0, "reason": "time limit of 1 s reached"},
    ]  # fmt: skip
    assert document["summary"] == {"proved": 2, "refuted": 1, "undecided": 1, "error": 0, "not_as_expected": 2}
    assert {"points", "max_abs_error", "max_rel_error"} <= set(numeric)
    assert {"sizes", "values", "lhs", "rhs", "relation", "digits"} <= set(counterexample)
    assert list(document) == ["tool", "schema", "claims", "summary"]
