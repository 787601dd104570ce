"""The terminal report: a table of outcomes, a summary line, and one claim in detail.

Renderables only; nothing here prints. Styles are named by meaning
(``verdict.refuted``), and ``THEME`` maps them to colours. Every string reaches rich as
``Text`` built by ``plain`` (never as markup, control characters escaped): titles, ids,
statements and sources come from claim files, which may come from anyone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from verifier.language.claims import Claim
from verifier.language.declarations import Kind
from verifier.outcome import Counterexample, NumericEvidence, Outcome
from verifier.render.errata import ErratumKind, errata_by_article
from verifier.render.plain import plain
from verifier.verdicts import Verdict

__all__ = ["THEME", "ClaimDetail", "ErrataView", "OutcomeTable", "Summary"]

THEME = Theme(
    {
        "verdict.proved": "bold green",
        "verdict.refuted": "bold red",
        "verdict.undecided": "bold yellow",
        "verdict.error": "bold magenta",
        "expectation.met": "green",
        "expectation.missed": "bold red reverse",
        "claim.id": "cyan",
        "claim.statement": "default",
        "evidence.label": "bold",
        "evidence.dim": "dim",
    }
)


def verdict_text(outcome: Outcome, claim: Claim | None = None) -> Text:
    """'proved (all)', 'refuted (step 3)', 'proved (float64)', styled by verdict."""
    label = outcome.verdict.value
    if claim is not None and claim.float64 and outcome.verdict in (Verdict.PROVED, Verdict.REFUTED):
        label += " (float64)"
    elif outcome.scope is not None and not outcome.scope.is_all:
        label += " " + outcome.scope.only(_size_names(claim))
    elif outcome.scope is not None:
        label += f" ({outcome.scope})"
    elif outcome.failing_step is not None:
        label += f" (step {outcome.failing_step})"
    return Text(label, style=f"verdict.{outcome.verdict.value}")


def _size_names(claim: Claim | None) -> list[str]:
    return [] if claim is None else [d.name for d in claim.declarations if d.kind is Kind.SIZE]


def _error_text(numeric: NumericEvidence | None) -> Text:
    if numeric is None:
        return Text("-")
    return Text(f"{numeric.max_abs_error:.1e}")


WIDE_TABLE = 110


class OutcomeTable:
    """One row per claim: id, statement, verdict with scope, numeric error, time."""

    def __init__(self, claims: Sequence[Claim], outcomes: Sequence[Outcome], *, title: str = "") -> None:
        self.claims = {c.id: c for c in claims}
        self.outcomes = outcomes
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Below this width the statement column would be squeezed to a few letters: the
        # id and the statement then share one column, the statement under the id.
        stacked = options.max_width < WIDE_TABLE
        table = Table(title=plain(self.title) if self.title else None, expand=True, show_lines=stacked)
        if stacked:
            table.add_column("claim and statement", ratio=1, overflow="fold")
        else:
            table.add_column("claim", style="claim.id", overflow="fold", min_width=16, max_width=40)
            table.add_column("statement", style="claim.statement", ratio=1, overflow="fold", min_width=24)
        table.add_column("verdict", overflow="fold", min_width=8)
        table.add_column("as expected", overflow="fold", min_width=5)
        table.add_column("max |err|", justify="right", no_wrap=True, min_width=7)
        table.add_column("time", justify="right", no_wrap=True, min_width=5)
        for outcome in self.outcomes:
            claim = self.claims[outcome.claim_id]
            expected = (
                Text("yes", style="expectation.met")
                if outcome.as_expected
                else Text(f"NO: expected {outcome.expected.value}", style="expectation.missed")
            )
            statement = plain(claim.display)
            for name, definition in claim.defined():
                statement.append_text(plain(f"\n  where {name} = {definition}", "evidence.dim"))
            if stacked:
                described = [Text.assemble(plain(outcome.claim_id, "claim.id"), "\n", statement)]
            else:
                described = [plain(outcome.claim_id), statement]
            table.add_row(
                *described,
                verdict_text(outcome, claim),
                expected,
                _error_text(outcome.numeric),
                Text(f"{outcome.seconds:.2f}s"),
            )
        yield table


class Summary:
    """'12 claims: 9 proved, 3 refuted, 0 undecided, 0 error; all as expected.'"""

    def __init__(self, outcomes: Sequence[Outcome], seconds: float | None = None) -> None:
        self.outcomes = outcomes
        self.seconds = seconds

    def __rich__(self) -> Text:
        counts = Counter(o.verdict for o in self.outcomes)
        text = Text(f"{len(self.outcomes)} claims: ")
        for i, verdict in enumerate(Verdict):
            if i:
                text.append(", ")
            text.append(f"{counts[verdict]} {verdict.value}", style=f"verdict.{verdict.value}")
        unexpected = [o for o in self.outcomes if not o.as_expected]
        if unexpected:
            text.append(f"; {len(unexpected)} not as expected: ", style="expectation.missed")
            text.append(plain(", ".join(o.claim_id for o in unexpected)))
        else:
            text.append("; all as expected", style="expectation.met")
        if self.seconds is not None:
            text.append(f" ({self.seconds:.1f} s)")
        return text


def counterexample_lines(counterexample: Counterexample) -> list[str]:
    """The counterexample as lines: sizes, values, both sides."""
    lines = []
    if counterexample.sizes:
        lines.append(", ".join(f"{k} = {v}" for k, v in counterexample.sizes.items()))
    for name, value in counterexample.values.items():
        lines.append(f"{name} = {_value_text(value)}")
    lines.append(f"lhs = {counterexample.lhs}")
    lines.append(f"rhs = {counterexample.rhs}")
    lines.append(f"(the relation {counterexample.relation} fails; confirmed at {counterexample.digits} digits)")
    return lines


def _value_text(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return str(value)


def numeric_lines(numeric: NumericEvidence) -> list[str]:
    lines = [
        f"{numeric.points} points at sizes {', '.join(map(str, numeric.sizes)) or '-'} (seed {numeric.seed});"
        f" max |lhs - rhs| = {numeric.max_abs_error:.2e}, max relative = {numeric.max_rel_error:.2e},"
        f" largest tolerance used = {numeric.max_tolerance:.2e}"
    ]
    searched = numeric.searched()
    if searched:
        lines.append("searched: " + "; ".join(searched))
    if numeric.overflow_points:
        lines.append(f"{numeric.overflow_points} point(s) overflowed in float64 (inf or nan): not counted as failures")
    if numeric.disagreements:
        lines.append(
            f"{numeric.disagreements} float64 disagreement(s); {numeric.unreliable_points} of those checked"
            " were not confirmed at 50 digits"
        )
    if numeric.exact_points:
        lines.append(f"{numeric.exact_points} point(s) also evaluated exactly at 50 digits")
    return lines


class ClaimDetail:
    """Everything about one claim: statement, hypotheses, source, proof, evidence."""

    def __init__(self, claim: Claim, outcome: Outcome) -> None:
        self.claim = claim
        self.outcome = outcome

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        claim, outcome = self.claim, self.outcome
        header = Text.assemble(plain(claim.id, "claim.id"), "  ", verdict_text(outcome, claim))
        if not outcome.as_expected:
            header.append(f"  (expected {outcome.expected.value})", style="expectation.missed")
        parts: list[object] = []
        if claim.title:
            parts.append(plain(claim.title, "bold"))
        parts.append(_section("Statement", [claim.display]))
        if claim.definitions:
            parts.append(_section("Where", [f"{name} = {definition}" for name, definition in claim.defined()]))
        parts.append(_section("Symbols", [d.describe() for d in claim.declarations] or ["none"]))
        hypotheses = [
            h.text + ("  (unstated in the source)" if h.key in claim.unstated else "") for h in claim.hypotheses
        ]
        parts.append(_section("Hypotheses", hypotheses or ["none beyond the symbols' declarations"]))
        if claim.source is not None:
            source = claim.source
            lines = [source.article]
            if source.section:
                lines.append(f"section: {source.section}")
            if source.url:
                lines.append(source.url)
            if source.formula:
                lines.append(f"article's formula: {source.formula}")
            if source.recovered:
                lines.append("(formula recovered from the cited source: lost in the article's text)")
            if source.note:
                lines.append(source.note)
            parts.append(_section("Source", lines))
        if claim.corrects:
            parts.append(_section("Corrects", [claim.corrects]))
        if outcome.reason:
            parts.append(_section("Reason", [outcome.reason]))
        if outcome.proof is not None:
            steps = [
                f"{i}. {s.action}" + (f":  {s.text}" if s.text else "") for i, s in enumerate(outcome.proof.steps, 1)
            ]
            parts.append(_section(f"Proof ({outcome.proof.method}, scope {outcome.proof.scope})", steps))
        for number, step in enumerate(outcome.steps, start=1):
            lines = [f"verdict: {step.verdict.value}" + (f" ({step.scope})" if step.scope else "")]
            if step.reason:
                lines.append(f"reason: {step.reason}")
            if step.proof is not None:
                lines += [f"  {s.action}" + (f":  {s.text}" if s.text else "") for s in step.proof.steps]
            if step.numeric is not None:
                lines += numeric_lines(step.numeric)
            if step.counterexample is not None:
                lines += counterexample_lines(step.counterexample)
            parts.append(_section(f"Step {number}", lines))
        if outcome.numeric is not None:
            parts.append(_section("Numeric evidence", numeric_lines(outcome.numeric)))
        if outcome.counterexample is not None:
            title = "Counterexample" + (f" (step {outcome.failing_step})" if outcome.failing_step else "")
            parts.append(_section(title, counterexample_lines(outcome.counterexample)))
        if outcome.hypotheses:
            lines = []
            for check in outcome.hypotheses:
                if check.needed:
                    assert check.counterexample is not None
                    lines.append(f"{check.hypothesis}: needed (fails with {check.relaxed_to})")
                    lines += ["    " + line for line in counterexample_lines(check.counterexample)]
                else:
                    lines.append(f"{check.hypothesis}: no counterexample found with {check.relaxed_to}")
            parts.append(_section("Which hypotheses are needed", lines))
        for note in (*claim.notes, *outcome.notes):
            parts.append(plain(note, "evidence.dim"))
        yield Panel(Group(*parts), title=header, title_align="left")  # type: ignore[arg-type]


def _section(title: str, lines: Iterable[str]) -> Text:
    """A titled block of lines; each line is one line, whatever characters it holds."""
    text = plain(title, "evidence.label")
    for line in lines:
        text.append("\n  ")
        text.append(plain(line))
    return text


class ErrataView:
    """Article by article: each false statement or unstated hypothesis, its correction, its evidence."""

    def __init__(self, claims: Sequence[Claim], outcomes: Sequence[Outcome]) -> None:
        self.grouped = errata_by_article(claims, outcomes)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.grouped:
            yield Text("Errata: no false statement and no unstated hypothesis among the claims verified.")
            return
        for article, errata in self.grouped.items():
            parts: list[object] = []
            for erratum in errata:
                claim, outcome = erratum.claim, erratum.outcome
                assert claim.source is not None
                what = "false" if erratum.kind is ErratumKind.FALSE else "needs an unstated hypothesis"
                title = Text.assemble(
                    plain(claim.id, "claim.id"),
                    "  ",
                    (what, f"verdict.{'refuted' if erratum.kind is ErratumKind.FALSE else 'undecided'}"),
                )
                lines = []
                if claim.source.section:
                    lines.append(f"section: {claim.source.section}")
                if claim.source.formula:
                    lines.append(f"article: {claim.source.formula}")
                lines.append(f"checked: {claim.display}")
                if erratum.kind is ErratumKind.FALSE and outcome.counterexample is not None:
                    where = f" (step {outcome.failing_step})" if outcome.failing_step else ""
                    lines.append(f"counterexample{where}:")
                    lines += ["    " + line for line in counterexample_lines(outcome.counterexample)]
                for check in erratum.needed:
                    lines.append(f"needs {check.hypothesis}: without it ({check.relaxed_to}):")
                    assert check.counterexample is not None
                    lines += ["    " + line for line in counterexample_lines(check.counterexample)]
                for correction, corrected in erratum.corrections:
                    lines.append(f"correction {correction.id}: {correction.display}  [{corrected.verdict.value}]")
                parts.append(title)
                body = Text()
                for number, line in enumerate(lines):
                    body.append(("\n" if number else "") + "  ")
                    body.append(plain(line))
                parts.append(body)
            yield Panel(Group(*parts), title=plain(f"Errata: {article}", "bold"), title_align="left")  # type: ignore[arg-type]
