"""The terminal report renders outcomes through a fixed-width console."""

from __future__ import annotations

import io
from dataclasses import replace

import sympy as sp
from rich.console import Console

from verifier import Eq, Variables, claim, diff, sigmoid, summation_index
from verifier.outcome import Counterexample, NumericEvidence, Outcome
from verifier.render.report import THEME, ClaimDetail, OutcomeTable, Summary
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


class TestTable:
    def test_row_shows_statement_verdict_and_expectation(self) -> None:
        """A row shows the id, the statement as text (brackets intact), the verdict and the miss."""
        text = render(OutcomeTable([CLAIM], [REFUTED]), width=160)
        assert "sigmoid-slope" in text and "refuted" in text and "NO: expected proved" in text
        assert "diff(sigmoid(x), x)" in text

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
    assert "proved only for K in 1..6" in text and "NO: expected proved" in text


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
┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━┓
┃ claim and statement ┃ verdict      ┃ as expected ┃ max |err| ┃  time ┃
┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━┩
│ hostile             │ proved (all) │ yes         │         - │ 0.25s │
│ x + 1 > x           │              │             │           │       │
└─────────────────────┴──────────────┴─────────────┴───────────┴───────┘
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
    def test_table_and_detail_show_the_definitions_once(self) -> None:
        """The statement is shown as written, followed by the definitions it uses, each once."""
        defined = _defined_claim()
        proved = Outcome(claim_id="defined", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())
        table = render(OutcomeTable([defined], [proved]), width=200)
        assert "a[j]*Sum(diff(L, z[m]), (m, 1, K)) == a[j]" in table
        assert table.count("where a[i] = softmax(z, i)") == 1 and table.count("where L = logsumexp(z)") == 1
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
    assert "proved only for K in 1..6" in text and "NO: expected proved" in text
