"""The terminal report renders outcomes through a fixed-width console."""

from __future__ import annotations

import io
from dataclasses import replace

import sympy as sp
from rich.console import Console

from verifier import Eq, Variables, claim, diff, sigmoid, summation_index
from verifier.outcome import Counterexample, NumericEvidence, Outcome
from verifier.render.report import THEME, ClaimDetail, NotAsExpected, OutcomeTable, Summary, row_verdict
from verifier.verdicts import Scope, Verdict

v = Variables()
x = v.scalar("x")
M = summation_index("m")
CLAIM = claim(v, id="sigmoid-slope", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 + sigmoid(x))))
EVIDENCE = NumericEvidence(points=64, sizes=(), seed=3, max_abs_error=0.5, max_rel_error=0.9, max_tolerance=1e-9)
REFUTED = Outcome(
    claim_id="sigmoid-slope",
    verdict=Verdict.REFUTED,
    expected=Verdict.PROVED,
    numeric=EVIDENCE,
    counterexample=Counterexample(sizes={}, values={"x": "1/2"}, lhs="0.235", rhs="1.02", relation="==", digits=50),
    seconds=0.25,
)


def render(renderable: object, width: int = 100) -> str:
    console = Console(width=width, theme=THEME, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _proved(identifier: str, statement: object) -> tuple[object, Outcome]:
    w = Variables()
    y = w.scalar("y")
    item = claim(w, id=identifier, statement=statement(y))  # type: ignore[operator]
    return item, Outcome(claim_id=identifier, verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())


EXPECTED_REFUTATION = Outcome(
    claim_id="sigmoid-slope",
    verdict=Verdict.REFUTED,
    expected=Verdict.REFUTED,
    counterexample=REFUTED.counterexample,
)

TABLE_GOLDEN = """\
Derivations
verdict                   claim                 statement
proved                    short                 sigmoid(y) > y
proved                    a-rather-long-identifier-that-needs-its-own-line
                                                sigmoid(y) < 1
refuted, expected proved  sigmoid-slope         diff(sigmoid(x), x) ==
                                                (sigmoid(x) + 1)*sigmoid(x)
"""


class TestTable:
    def test_golden_at_80_columns(self) -> None:
        """One line per claim where it fits; a long id takes its line and the statement moves below it."""
        short, short_outcome = _proved("short", lambda y: sigmoid(y) > y)
        long, long_outcome = _proved("a-rather-long-identifier-that-needs-its-own-line", lambda y: sigmoid(y) < 1)
        table = OutcomeTable([short, long, CLAIM], [short_outcome, long_outcome, REFUTED], title="Derivations")
        rendered = render(table, width=80)
        assert [line.rstrip() for line in rendered.splitlines()] == TABLE_GOLDEN.splitlines()

    def test_ids_are_broken_only_after_separators(self) -> None:
        """An id wider than the whole line is broken after '-', never inside a word."""
        item, outcome = _proved("alpha-beta-gamma-delta-epsilon", lambda y: sigmoid(y) > y)
        lines = render(OutcomeTable([item], [outcome]), width=30).splitlines()
        assert [line.split()[-1] for line in lines[1:3]] == ["alpha-beta-gamma-", "delta-epsilon"]

    def test_long_statement_is_cut_after_two_lines(self) -> None:
        """A statement longer than two lines of its column ends with an ellipsis."""
        item, outcome = _proved("long", lambda y: sum(sigmoid(y + k) for k in range(40)) > y)
        lines = render(OutcomeTable([item], [outcome]), width=80).splitlines()
        assert len(lines) == 3 and lines[2].rstrip().endswith("…")

    def test_maximum_error_column_on_wide_terminals(self) -> None:
        """From 140 columns on, the largest numeric difference has its column."""
        assert "max |err|" in render(OutcomeTable([CLAIM], [REFUTED]), width=160)
        assert "5.0e-01" in render(OutcomeTable([CLAIM], [REFUTED]), width=160)
        assert "max |err|" not in render(OutcomeTable([CLAIM], [REFUTED]), width=120)

    def test_statement_brackets_survive(self) -> None:
        """Indexed entries like z[k] are printed, not swallowed as markup."""
        w = Variables()
        K = w.size("K")
        z = w.vector("z", K)
        k = w.index("k", K)
        indexed = claim(w, id="c", statement=Eq(z[k], z[k]))
        proved = Outcome(claim_id="c", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())
        assert "z[k] == z[k]" in render(OutcomeTable([indexed], [proved]), width=160)


def test_partial_scope_says_only_for_which_sizes() -> None:
    """A proof for K in 1..6 only reads 'proved only for K in 1..6' and is not as expected."""
    w = Variables()
    K = w.size("K")
    sized = claim(w, id="c", statement=Eq(sp.Sum(sp.KroneckerDelta(M, 7), (M, 1, K)), 0))
    partial = Outcome(
        claim_id="c", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope(sizes=(1, 2, 3, 4, 5, 6))
    )
    text = render(OutcomeTable([sized], [partial]), width=160)
    assert "proved only for K in 1..6, expected proved" in text


def test_detail_says_what_was_searched() -> None:
    """show lists the falsifier's search: magnitudes, special points, breakpoints, refinement."""
    evidence = NumericEvidence(
        points=64,
        sizes=(1, 2),
        seed=3,
        max_abs_error=0.0,
        max_rel_error=0.0,
        max_tolerance=1e-9,
        smallest_magnitude=1e-30,
        largest_magnitude=1e3,
        special_points=12,
        breakpoints=2,
        refined_points=40,
        near_ties=1,
        shrink_steps=3,
    )
    text = render(ClaimDetail(CLAIM, replace(REFUTED, numeric=evidence)), width=200)
    assert "|values| from 1e-30 to 1e+03" in text and "12 special points" in text
    assert "2 breakpoints" in text and "40 points from local refinement" in text
    assert "1 near-tie decided exactly" in text and "shrunk in 3 steps" in text


class TestCalmColours:
    def test_expected_outcomes_have_calm_styles(self) -> None:
        """An expected verdict is styled verdict.<v>.expected, which is never bold, and an expected
        refutation is not red; a miss is styled expectation.missed."""
        assert row_verdict(EXPECTED_REFUTATION).style == "verdict.refuted.expected"
        assert row_verdict(REFUTED).style == "expectation.missed"
        for verdict in Verdict:
            style = THEME.styles[f"verdict.{verdict.value}.expected"]
            assert not style.bold
        assert THEME.styles["verdict.refuted.expected"].color.name != "red"  # type: ignore[union-attr]

    def test_summary_is_loud_only_for_misses(self) -> None:
        """The summary's count of a verdict is bold only when one of its claims was not expected."""
        calm = Summary([EXPECTED_REFUTATION]).__rich__()
        loud = Summary([REFUTED]).__rich__()
        assert "verdict.refuted.expected" in [span.style for span in calm.spans]
        assert "verdict.refuted" in [span.style for span in loud.spans]

    def test_colour_codes_follow_the_styles(self) -> None:
        """On a colour terminal the expected refutation is written without the bold code (1)."""
        console = Console(width=80, theme=THEME, force_terminal=True, color_system="standard", file=io.StringIO())
        console.print(OutcomeTable([CLAIM], [EXPECTED_REFUTATION]))
        written = console.file.getvalue()  # type: ignore[attr-defined]
        assert "\x1b[35mrefuted" in written and "\x1b[1;" not in written


NOT_AS_EXPECTED_GOLDEN = """\
Not as expected (2)
  sigmoid-slope  refuted, expected proved
    counterexample:
      x = 1/2
      lhs = 0.235
      rhs = 1.02
      (the relation == fails; confirmed at 50 digits)
  slow  undecided, expected proved
    reason: time limit of 2 s reached
"""


class TestNotAsExpected:
    def test_golden(self) -> None:
        """Each miss with its counterexample (as show prints it) or its reason."""
        slow, _ = _proved("slow", lambda y: sigmoid(y) > y)
        undecided = Outcome(
            claim_id="slow", verdict=Verdict.UNDECIDED, expected=Verdict.PROVED, reason="time limit of 2 s reached"
        )
        rendered = render(NotAsExpected([CLAIM, slow], [REFUTED, undecided]), width=80)  # type: ignore[list-item]
        assert [line.rstrip() for line in rendered.splitlines()] == NOT_AS_EXPECTED_GOLDEN.splitlines()

    def test_failing_step_shows_its_counterexample(self) -> None:
        """A refuted chain shows the counterexample of its failing step."""
        from verifier.outcome import StepOutcome

        step = StepOutcome(verdict=Verdict.REFUTED, counterexample=REFUTED.counterexample)
        chain = Outcome(
            claim_id="sigmoid-slope",
            verdict=Verdict.REFUTED,
            expected=Verdict.PROVED,
            counterexample=REFUTED.counterexample,
            failing_step=1,
            steps=(step,),
        )
        assert "counterexample (step 1 of the chain):" in render(NotAsExpected([CLAIM], [chain]))

    def test_unexpected_proof_says_so(self) -> None:
        """A claim expected refuted but proved says it was proved, and how."""
        proved = Outcome(claim_id="sigmoid-slope", verdict=Verdict.PROVED, expected=Verdict.REFUTED, scope=Scope())
        assert "the claim's expected verdict is refuted" in render(NotAsExpected([CLAIM], [proved]))

    def test_nothing_when_all_as_expected(self) -> None:
        """Every verdict as expected: the section prints nothing."""
        assert render(NotAsExpected([CLAIM], [EXPECTED_REFUTATION])) == ""


def test_summary_counts_verdicts_and_misses() -> None:
    """The summary counts each verdict and names the claims not as expected."""
    text = render(Summary([REFUTED], 1.5))
    assert "1 claims: 0 proved, 1 refuted, 0 undecided, 0 error" in text
    assert "1 not as expected: sigmoid-slope" in text


def test_detail_shows_counterexample_and_evidence() -> None:
    """show prints the statement, the numeric evidence and the counterexample."""
    text = render(ClaimDetail(CLAIM, REFUTED))
    assert "Counterexample" in text and "x = 1/2" in text and "lhs = 0.235" in text
    assert "64 points" in text and "seed 3" in text


def test_float64_facts_are_labelled() -> None:
    """A floating-point fact's verdict says float64, not a scope of sizes."""
    import sympy as sp

    from verifier import exp

    fact = claim(Variables(), id="overflow", statement=Eq(exp(800), sp.oo), float64=True)
    proved = Outcome(claim_id="overflow", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())
    assert "proved (float64)" in render(OutcomeTable([fact], [proved]), width=160)


HOSTILE_FILE = (
    'title = "[link=https://example.invalid/]click[/link] \\u001b]0;pwned\\u0007\\u001b[2J"\n'
    '[symbols]\nx = "real"\n'
    '[[claim]]\nid = "hostile"\ntitle = "[/] [bold]\\u202egnp.exe"\n'
    'source = "[red]note[/] \\u0000\\t:smile:"\nstatement = "x + 1 > x"\n'
)

HOSTILE_GOLDEN = """\
[link=https://example.invalid/]click[/link] \\x1b]0;pwned\\x07\\x1b[2J
verdict  claim         statement
proved   hostile       x + 1 > x
╭─ hostile  proved (all) ──────────────────────────────────────────────╮
│ [/] [bold]\\u202egnp.exe                                              │
│ Statement                                                            │
│   x + 1 > x                                                          │
│ Symbols                                                              │
│   x: real (real)                                                     │
│ Hypotheses                                                           │
│   none beyond the symbols' declarations                              │
│ Source                                                               │
│   [link=https://example.invalid/]click[/link]                        │
│ \\x1b]0;pwned\\x07\\x1b[2J                                              │
│   [red]note[/] \\x00\\t:smile:                                         │
╰──────────────────────────────────────────────────────────────────────╯
"""


class TestHostileStrings:
    def _hostile(self) -> tuple[object, object, str]:
        from verifier.language.claim_files import loads

        loaded = loads(HOSTILE_FILE, file="hostile.toml")
        (item,) = loaded.claims
        outcome = Outcome(
            claim_id="hostile", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope(), seconds=0.25
        )
        return item, outcome, loaded.heading

    def test_markup_and_controls_render_as_text_golden(self) -> None:
        """Titles, ids and sources are text: markup printed as written, control characters escaped."""
        item, outcome, heading = self._hostile()
        console = Console(width=72, theme=THEME, color_system=None, file=io.StringIO())
        console.print(OutcomeTable([item], [outcome], title=heading))  # type: ignore[list-item]
        console.print(ClaimDetail(item, outcome))  # type: ignore[arg-type]
        rendered = console.file.getvalue()  # type: ignore[attr-defined]
        assert [line.rstrip() for line in rendered.splitlines()] == HOSTILE_GOLDEN.splitlines()

    def test_a_colour_terminal_gets_no_link_and_no_foreign_escape(self) -> None:
        """On a colour terminal only the report's own colour codes are written: no hyperlink, no
        window title, no screen clearing, no bell."""
        import re

        item, outcome, heading = self._hostile()
        console = Console(width=72, theme=THEME, force_terminal=True, color_system="truecolor", file=io.StringIO())
        console.print(OutcomeTable([item], [outcome], title=heading))  # type: ignore[list-item]
        console.print(ClaimDetail(item, outcome))  # type: ignore[arg-type]
        written = console.file.getvalue()  # type: ignore[attr-defined]
        colours_removed = re.sub(r"\x1b\[[0-9;]*m", "", written)
        assert "\x1b" not in colours_removed and "\x07" not in written and "\u202e" not in written


def _defined_claim():  # type: ignore[no-untyped-def]
    from verifier import Sum, logsumexp, softmax, summation_index

    w = Variables()
    K = w.size("K")
    z = w.vector("z", K)
    i, j = w.index("i", K), w.index("j", K)
    m = summation_index("m")
    a = w.define_vector("a", i, softmax(z, i), text="softmax(z, i)")
    L = w.define("L", logsumexp(z), text="logsumexp(z)")
    return claim(w, id="defined", statement=Eq(Sum(diff(L, z[m]), (m, 1, K)) * a[j], a[j]))


class TestDefinitions:
    def test_detail_shows_the_definitions_once(self) -> None:
        """The table shows the statement as written; show adds the definitions it uses, each once."""
        defined = _defined_claim()
        proved = Outcome(claim_id="defined", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())
        table = render(OutcomeTable([defined], [proved]), width=200)
        assert "a[j]*Sum(diff(L, z[m]), (m, 1, K)) == a[j]" in table
        detail = render(ClaimDetail(defined, proved), width=200)
        assert "Where" in detail and detail.count("L = logsumexp(z)") == 1


def test_partial_scope_says_for_which_sizes() -> None:
    """A proof for some sizes only reads 'proved only for K in 1..6' and is not as expected."""
    w = Variables()
    K = w.size("K")
    z = w.vector("z", K)
    j = w.index("j", K)
    sized = claim(w, id="sized", statement=Eq(z[j], z[j]))
    partial = Outcome(
        claim_id="sized", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope(sizes=(1, 2, 3, 4, 5, 6))
    )
    text = render(OutcomeTable([sized], [partial]), width=200)
    assert "proved only for K in 1..6, expected proved" in text


MISTAKEN_FILE = """\
[symbols]
x = "real"

[[claim]]
id = "sigmoid-slope-sign-error"
statement = "diff(sigmoid(x), x) == sigmoid(x)*(1 + sigmoid(x))"

[[claim]]
id = "sigmoid-positive"
statement = "sigmoid(x) > 0"
"""


class TestCheckCommand:
    def test_mistake_shows_its_counterexample_without_show(self, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
        """check on a file with a mistake prints the table, then the counterexample, then the summary."""
        from verifier.cli import main

        path = tmp_path / "mistaken.claims.toml"
        path.write_text(MISTAKEN_FILE, encoding="utf-8")
        assert main(["check", str(path), "--no-cache"]) == 1
        out = capsys.readouterr().out
        assert out.index("verdict") < out.index("Not as expected (1)") < out.index("counterexample:")
        assert "sigmoid-positive" in out.split("Not as expected")[0]
        assert "2 claims: 1 proved, 1 refuted" in out.split("confirmed at")[-1]

    def test_quiet_prints_only_the_misses_and_the_summary(self, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
        """-q leaves out the table: the section not as expected and the summary remain."""
        from verifier.cli import main

        path = tmp_path / "mistaken.claims.toml"
        path.write_text(MISTAKEN_FILE, encoding="utf-8")
        assert main(["check", str(path), "-q", "--no-cache"]) == 1
        out = capsys.readouterr().out
        assert out.startswith("Not as expected (1)") and "statement" not in out and "sigmoid-positive" not in out
        assert "2 claims: 1 proved, 1 refuted" in out
