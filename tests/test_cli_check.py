"""`verify-derivations check`: claim files through the catalogue's report, JSON, show and exit statuses."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from verifier import engine
from verifier.cli import main

ROOT = Path(__file__).parent.parent
SPEC_EXAMPLE = ROOT / "tests" / "data" / "spec_example.toml"
EXAMPLES = sorted((ROOT / "examples").glob("*.claims.toml"))

STABLE_FIELDS = {
    "id", "verdict", "scope", "expected", "as_expected", "failing_step",
    "counterexample", "numeric", "seconds", "reason",
}  # fmt: skip


def run_json(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, dict]:
    status = main(["check", *arguments, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def stalling_on(name: str) -> Callable[..., object]:
    """The engine's prover, stalling for a minute on problems that mention the symbol ``name``."""
    prove = engine.prove

    def stalling(problem, **options):  # type: ignore[no-untyped-def]
        if any(s.name == name for s in problem.lhs.free_symbols | problem.rhs.free_symbols):
            time.sleep(60)
        return prove(problem, **options)

    return stalling


def write(tmp_path: Path, text: str, name: str = "claims.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


class TestDocumentedBehaviour:
    def test_spec_example_verifies_as_documented(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CLAIM-FILES.md's example: six claims, all proved for all sizes, exit 0, the stable JSON fields."""
        status, document = run_json(capsys, str(SPEC_EXAMPLE), "--timeout", "120")
        assert status == 0
        assert [(c["id"], c["verdict"], c["scope"]) for c in document["claims"]] == [
            ("tempered-ce-gradient", "proved", "all"),
            ("log-softmax-gradient", "proved", "all"),
            ("ce-gradient", "proved", "all"),
            ("jacobian-off-diagonal-negative", "proved", "all"),
            ("log-sigmoid-chain", "proved", "all"),
            ("worked-example", "proved", "all"),
        ]
        assert all(STABLE_FIELDS <= set(c) for c in document["claims"])
        assert document["summary"] == {"proved": 6, "refuted": 0, "undecided": 0, "error": 0, "not_as_expected": 0}
        assert document["schema"] == 2 and document["tool"]["name"] == "verify-derivations"
        lines = SPEC_EXAMPLE.read_text().splitlines()
        for entry in document["claims"]:
            assert entry["file"] == str(SPEC_EXAMPLE) and lines[entry["line"]] == f'id = "{entry["id"]}"'
        assert document["claims"][0]["definitions"] == [
            {"name": "a[i]", "definition": "softmax(z/T, i)"},
            {"name": "L", "definition": "-Sum(t[m]*log(a[m]), (m, 1, K))"},
        ]

    def test_examples_verify_as_expected(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every file in examples/ exits 0: each verdict is the one the file expects."""
        assert len(EXAMPLES) >= 3
        status, document = run_json(capsys, *map(str, EXAMPLES), "--timeout", "120")
        assert status == 0, [c for c in document["claims"] if not c["as_expected"]]

    def test_mistakes_show_counterexamples(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The deliberate mistakes are refuted with a counterexample; the broken chain names step 2."""
        status, document = run_json(capsys, str(ROOT / "examples" / "mistakes.claims.toml"), "--timeout", "120")
        refuted = {c["id"]: c for c in document["claims"] if c["verdict"] == "refuted"}
        assert status == 0 and len(refuted) >= 3
        assert all(c["counterexample"]["lhs"] != c["counterexample"]["rhs"] for c in refuted.values())
        assert refuted["sigmoid-chain-sign-slip"]["failing_step"] == 2


class TestCommand:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table report carries the file's title and the claims' ids."""
        assert main(["check", str(ROOT / "examples" / "activations.claims.toml")]) == 0
        out = capsys.readouterr().out
        assert "Sigmoid and tanh" in out and "sigmoid-symmetry" in out and "all as expected" in out

    def test_unexpected_verdict_exits_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A false claim expected proved makes the run exit 1, and the JSON shows its counterexample."""
        path = write(
            tmp_path, '[symbols]\nx = "real"\n[[claim]]\nid = "wrong"\nstatement = "sigmoid(-x) == sigmoid(x)"\n'
        )
        status, document = run_json(capsys, path)
        assert status == 1
        assert document["claims"][0]["as_expected"] is False and document["claims"][0]["counterexample"]

    def test_proof_for_some_sizes_exits_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Proved for K in 1..6 only (a blinded falsifier cannot see K = 7): exit 1, and the report says so."""
        from verifier.numeric.falsifier import Search

        blind = lambda problem, seed, profile=None: Search(evidence=None, counterexample=None)  # noqa: E731
        monkeypatch.setattr(engine, "falsify", blind)
        path = write(
            tmp_path,
            '[symbols]\nK = "size"\n[[claim]]\nid = "delta"\nstatement = "Sum(KroneckerDelta(m, 7), (m, 1, K)) == 0"\n',
        )
        assert main(["check", path]) == 1
        assert "proved only for K in 1..6" in capsys.readouterr().out
        status, document = run_json(capsys, path)
        assert status == 1 and document["claims"][0]["scope"] == [1, 2, 3, 4, 5, 6]
        assert document["claims"][0]["as_expected"] is False

    def test_select(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--claim selects claims of the files by glob."""
        status, document = run_json(capsys, str(SPEC_EXAMPLE), "--claim", "log-*")
        assert status == 0
        assert [c["id"] for c in document["claims"]] == ["log-softmax-gradient", "log-sigmoid-chain"]

    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--show ID prints one claim in detail: statement, source, proof."""
        assert main(["check", str(SPEC_EXAMPLE), "--show", "log-softmax-gradient"]) == 0
        out = capsys.readouterr().out
        assert "lecture notes, eq. 4" in out and "Proof (symbolic, scope all)" in out

    def test_show_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--show ID with --format json prints that claim's JSON entry only."""
        status, document = run_json(capsys, str(SPEC_EXAMPLE), "--show", "worked-example")
        assert status == 0 and [c["id"] for c in document["claims"]] == ["worked-example"]

    def test_show_unknown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--show of an id no file has exits 2 with one line."""
        assert main(["check", str(SPEC_EXAMPLE), "--show", "nope"]) == 2
        assert capsys.readouterr().err.count("\n") == 1

    def test_time_limit(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A claim that reaches --timeout is undecided with that reason; the other claims still complete."""
        monkeypatch.setattr(engine, "prove", stalling_on("slow"))
        path = write(
            tmp_path,
            '[symbols]\nx = "real"\nslow = "real"\n'
            '[[claim]]\nid = "stalls"\nstatement = "slow + 1 > slow"\n'
            '[[claim]]\nid = "fast"\nstatement = "x + 1 > x"\n',
        )
        start = time.monotonic()
        status, document = run_json(capsys, path, "--timeout", "3")
        stalls, fast = document["claims"]
        assert status == 1 and time.monotonic() - start < 30
        assert stalls["verdict"] == "undecided" and "time limit of 3 s reached" in stalls["reason"]
        assert fast["verdict"] == "proved"


class TestInvalidInput:
    def test_invalid_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An invalid file exits 2 with one line naming file, claim and field; nothing is verified."""
        path = write(tmp_path, '[symbols]\nx = "real"\n[[claim]]\nid = "ok"\nstatement = "x == x"\n'
                     '[[claim]]\nid = "bad"\nstatement = "x.real == 1"\n')  # fmt: skip
        assert main(["check", path]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == (
            f"verify-derivations: error: {path}:8: claim 'bad', field 'statement': found attribute access ('.'); "
            "allowed: numbers, pi, E, + - * / **, parentheses, declared symbols, defined names, entries z[k] and "
            "w[i, m], and calls to exp log sqrt Abs sinh cosh tanh erf log1p expm1 Max Min relu clamp sign "
            "Heaviside Piecewise sigmoid softplus softmax logsumexp Sum KroneckerDelta diff subs\n"
            "    x.real == 1\n"
            "    ^\n"
        )

    def test_caret_under_the_mistake(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt function: the line, the claim-file spelling, and a caret under it in the statement."""
        path = write(tmp_path, '[symbols]\nx = "real"\n\n[[claim]]\nid = "c"\nstatement = "x + ln(x) == 1"\n')
        assert main(["check", path]) == 2
        assert capsys.readouterr().err == (
            f"verify-derivations: error: {path}:6: claim 'c', field 'statement': "
            "'ln' is not a function of claim files: write log(...)\n"
            "    x + ln(x) == 1\n"
            "        ^\n"
        )

    def test_index_of_another_size(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An index declared for another size is refused at load, exit 2, before anything is verified."""
        path = write(tmp_path, '[symbols]\nK = "size"\nM = "size"\nz = "real[K]"\nn = "index[M]"\n'
                     '[[claim]]\nid = "c"\nstatement = "z[n] == 1"\n')  # fmt: skip
        assert main(["check", path]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert f"{path}:8: claim 'c', field 'statement': the index 'n' ranges over 1..M, but 'z' has size K" in (
            captured.err
        )
        assert captured.err.endswith("    z[n] == 1\n      ^\n")

    def test_invalid_file_as_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With --format json an invalid file is one JSON document naming file, line, claim and field; exit 2."""
        path = write(tmp_path, '[symbols]\nx = "real"\n\n[[claim]]\nid = "bad"\nstatement = "x.real == 1"\n')
        assert main(["check", path, "--format", "json"]) == 2
        document = json.loads(capsys.readouterr().out)
        assert document["schema"] == 2
        error = document["error"]
        assert (error["file"], error["line"], error["claim"], error["field"]) == (path, 6, "bad", "statement")
        assert error["message"].startswith("found attribute access")
        assert error["column"] == 1

    def test_invalid_definition_names_its_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A definition that refers to itself is refused with its line and key."""
        path = write(tmp_path, '[symbols]\nx = "real"\n[define]\n"L" = "x"\n"f(u)" = "f(u) + 1"\n'
                     '[[claim]]\nid = "c"\nstatement = "L == x"\n')  # fmt: skip
        assert main(["check", path]) == 2
        err = capsys.readouterr().err
        assert f"{path}:5: field 'define.f(u)': 'f' refers to itself" in err
        assert "itself" in err

    def test_one_invalid_file_stops_all(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """With several files, one invalid file means nothing is verified."""
        bad = write(tmp_path, 'title = "t"\nx = = 1\n', "bad.toml")
        assert main(["check", str(SPEC_EXAMPLE), bad]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and "TOML syntax error at line 2, column 5" in captured.err

    def test_duplicate_ids_across_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The same file twice: its ids clash, exit 2."""
        assert main(["check", str(SPEC_EXAMPLE), str(SPEC_EXAMPLE)]) == 2
        assert "ids must be unique" in capsys.readouterr().err

    @pytest.mark.parametrize(
        "arguments",
        [["check"], ["check", "/no/such/file.toml"], ["check", "/"], ["check", "/dev/null"],
         ["check", str(SPEC_EXAMPLE), "--timeout", "0"], ["check", str(SPEC_EXAMPLE), "--jobs", "x"]],
    )  # fmt: skip
    def test_bad_command_lines(self, arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """Missing files, directories, devices and bad options exit 2, never with a traceback."""
        assert main(arguments) == 2
        assert "Traceback" not in capsys.readouterr().err

    def test_binary_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A binary file exits 2 with one line."""
        path = tmp_path / "binary.toml"
        path.write_bytes(bytes(range(256)) * 4)
        assert main(["check", str(path)]) == 2
        assert capsys.readouterr().err.count("\n") == 1


WRITTEN_FROM_THE_DOCS = sorted((ROOT / "tests" / "data" / "written-from-the-docs").glob("*.toml"))
# What the prover settles today; each of the others stays undecided with its reason
# (Gibbs' and Jensen's inequalities, Max(v) bounds).
SETTLED = {
    "weights-sum-to-one", "weights-positive", "shift-invariance", "weight-gradient", "output-gradient",
    "output-gradient-forgets-scale", "score-logsumexp-gradient", "cross-entropy-decomposes", "kl-of-itself",
    "kl-symmetric", "softmax-entropy", "entropy-cross-entropy-gradient", "entropy-log-softmax",
    "sigmoid-derivative", "log-odds",
    "gradient-weights", "gradient-bias", "gradient-bias-wrong-sign", "hessian-weights", "one-minus-sigmoid",
    "log-loss-is-softplus", "huber-is-square", "huber-derivative-outside",
    "huber-is-scaled-smooth-l1", "huber-below-square", "huber-nonnegative", "huber-derivative-is-clamp",
    "huber-derivative-inside", "smooth-l1-slope-bounded",
}  # fmt: skip


def test_files_written_from_the_documentation(capsys: pytest.CaptureFixture[str]) -> None:
    """Claim files written only from docs/claim-files.md (attention, logistic regression, entropy and KL,
    Huber and smooth L1) load; no claim is wrongly decided; the ones the prover settles stay settled;
    the others are undecided with a reason."""
    assert len(WRITTEN_FROM_THE_DOCS) == 4
    status, document = run_json(capsys, *map(str, WRITTEN_FROM_THE_DOCS), "--timeout", "120", "--no-cache")
    assert status in (0, 1)
    for entry in document["claims"]:
        assert entry["verdict"] in (entry["expected"], "undecided"), entry["id"]
        if entry["id"] in SETTLED:
            assert entry["as_expected"], entry["id"]
        if entry["verdict"] == "undecided":
            assert entry["reason"], entry["id"]
    assert SETTLED <= {entry["id"] for entry in document["claims"]}
