"""The terminal report: a table of outcomes, the ones not as expected, a summary line, one claim in detail.

Renderables only; nothing here prints. Styles are named by meaning
(``verdict.refuted``), and ``THEME`` maps them to colours. Every string reaches rich as
``Text`` built by ``plain`` (never as markup, control characters escaped): titles, ids,
statements and sources come from claim files, which may come from anyone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text
from rich.theme import Theme

from verifier.language.claims import Claim
from verifier.language.declarations import Kind
from verifier.outcome import Counterexample, NumericEvidence, Outcome
from verifier.render.errata import ErratumKind, errata_by_article
from verifier.render.plain import escape_controls, plain
from verifier.verdicts import Verdict

__all__ = ["THEME", "ClaimDetail", "ErrataView", "NotAsExpected", "OutcomeTable", "Summary", "row_verdict"]

THEME = Theme(
    {
        "verdict.proved": "bold green",
        "verdict.refuted": "bold red",
        "verdict.undecided": "bold yellow",
        "verdict.error": "bold magenta",
        # An outcome the run expected is news to nobody: calm, never bold (an expected
        # refutation is a source's known mistake, not an alarm).
        "verdict.proved.expected": "green",
        "verdict.refuted.expected": "magenta",
        "verdict.undecided.expected": "yellow",
        "verdict.error.expected": "magenta",
        "expectation.met": "green",
        "expectation.missed": "bold red reverse",
        "claim.id": "cyan",
        "claim.statement": "default",
        "report.heading": "bold",
        "report.header": "dim",
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


def row_verdict(outcome: Outcome, claim: Claim | None = None) -> Text:
    """The verdict as a table row shows it: 'proved', 'refuted (step 2)', 'proved (float64)';
    calm when expected, 'refuted, expected proved' and loud when not."""
    label = verdict_text(outcome, claim).plain.removesuffix(" (all)")
    if outcome.as_expected:
        return Text(label, style=f"verdict.{outcome.verdict.value}.expected")
    return Text(f"{label}, expected {outcome.expected.value}", style="expectation.missed")


def _error_text(numeric: NumericEvidence | None) -> Text:
    if numeric is None:
        return Text("-")
    return Text(f"{numeric.max_abs_error:.1e}")


GAP = 2
"""Spaces between the columns of the table."""

MIN_STATEMENT = 24
"""The statement gets at least this many columns, or 40% of the width if more."""

STATEMENT_LINES = 2
"""A longer statement is cut with '…' (``show ID`` prints it whole)."""

ERROR_COLUMN_FROM = 140
"""From this width on, the table also shows the largest numeric difference."""


def _id_lines(identifier: str, width: int) -> list[str]:
    """The id in lines of at most ``width`` columns, broken after a '-', '_' or '.' (never
    inside a word, unless one word alone is wider than ``width``)."""
    words = [w for w in re.split(r"(?<=[-_.])", identifier) if w]
    lines = [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + len(word) > width:
            lines.append("")
        lines[-1] += word
    return [chunk for line in lines for chunk in (line[i : i + width] for i in range(0, len(line), width))]


class OutcomeTable:
    """One line per claim where it fits: verdict, id, statement (as much as the width allows).

    Ids are never cut inside a word: an id wider than its column takes the line and the
    statement moves to the next one, in its column. The statement wraps in its column and
    is cut with '…' after ``STATEMENT_LINES`` lines (``show ID`` prints it whole, with its
    definitions).
    """

    def __init__(self, claims: Sequence[Claim], outcomes: Sequence[Outcome], *, title: str = "") -> None:
        self.claims = {c.id: c for c in claims}
        self.outcomes = outcomes
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        verdicts = [row_verdict(o, self.claims.get(o.claim_id)) for o in self.outcomes]
        errors = width >= ERROR_COLUMN_FROM
        verdict_width = max([len("verdict"), *(v.cell_len for v in verdicts)])
        error_width = len("max |err|") + GAP if errors else 0
        longest_id = max([len("claim"), *(len(o.claim_id) for o in self.outcomes)])
        statement_room = max(MIN_STATEMENT, int(0.4 * width))
        id_width = max(min(longest_id, width - verdict_width - error_width - 2 * GAP - statement_room), 12)
        statement_at = verdict_width + GAP + id_width + GAP
        statement_width = width - statement_at - error_width
        if self.title:
            yield plain(self.title, "report.heading")
        header = Text("verdict".ljust(verdict_width + GAP) + "claim", style="report.header")
        if statement_width > 0:
            header.pad_right(statement_at - header.cell_len)
            header.append("statement"[:statement_width])
        if errors:
            header.pad_right(statement_at + statement_width - header.cell_len)
            header.append("max |err|".rjust(error_width))
        yield header
        for outcome, verdict in zip(self.outcomes, verdicts, strict=True):
            claim = self.claims[outcome.claim_id]
            ids = _id_lines(escape_controls(outcome.claim_id), max(width - verdict_width - GAP, 1))
            if len(ids[-1]) > id_width:
                ids.append("")  # the statement starts on a line of its own, in its column
            statement = plain(" ".join(claim.display.split()), "claim.statement")
            wrapped = list(statement.wrap(console, statement_width)) if statement_width > 0 else []
            if len(wrapped) > STATEMENT_LINES:
                wrapped = wrapped[:STATEMENT_LINES]
                wrapped[-1].append("…")
                wrapped[-1].truncate(statement_width, overflow="ellipsis")
            lines = [Text(" " * (verdict_width + GAP)) for _ in range(len(ids) + max(len(wrapped) - 1, 0))]
            lines[0] = verdict.copy()
            lines[0].pad_right(verdict_width + GAP - verdict.cell_len)
            for number, piece in enumerate(ids):
                lines[number].append(piece, style="claim.id")
            for number, part in enumerate(wrapped, start=len(ids) - 1):
                lines[number].pad_right(statement_at - lines[number].cell_len)
                lines[number].append_text(part)
            if errors:
                first = lines[len(ids) - 1]
                first.pad_right(statement_at + statement_width - first.cell_len)
                first.append(_error_text(outcome.numeric).plain.rjust(error_width))
            for line in lines:
                line.rstrip()
                yield line


class Summary:
    """'12 claims: 9 proved, 3 refuted, 0 undecided, 0 error; all as expected.'"""

    def __init__(self, outcomes: Sequence[Outcome], seconds: float | None = None) -> None:
        self.outcomes = outcomes
        self.seconds = seconds

    def __rich__(self) -> Text:
        counts = Counter(o.verdict for o in self.outcomes)
        text = Text(f"{len(self.outcomes)} claims: ")
        missed = {o.verdict for o in self.outcomes if not o.as_expected}
        for i, verdict in enumerate(Verdict):
            if i:
                text.append(", ")
            calm = "" if verdict in missed else ".expected"  # loud only for verdicts someone did not expect
            text.append(f"{counts[verdict]} {verdict.value}", style=f"verdict.{verdict.value}{calm}")
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


class NotAsExpected:
    """After the table: each claim whose verdict is not the expected one, and why.

    A refutation shows its counterexample as ``show`` prints it; an undecided claim or an
    error its reason; an unexpected proof says what was proved. Nothing when every
    verdict is as expected.
    """

    def __init__(self, claims: Sequence[Claim], outcomes: Sequence[Outcome]) -> None:
        self.claims = {c.id: c for c in claims}
        self.missed = [o for o in outcomes if not o.as_expected]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.missed:
            return
        yield Text(f"Not as expected ({len(self.missed)})", style="report.heading")
        for outcome in self.missed:
            claim = self.claims.get(outcome.claim_id)
            yield Padding(
                Text.assemble(plain(outcome.claim_id, "claim.id"), "  ", row_verdict(outcome, claim)),
                (0, 2),
                expand=False,
            )
            for line in _why(outcome):
                yield Padding(plain(line), (0, 0, 0, 4), expand=False)


def _why(outcome: Outcome) -> list[str]:
    """What a reader needs to see about an outcome without ``show``: counterexample, reason, proof."""
    lines = []
    if outcome.reason:
        lines.append(f"reason: {outcome.reason}")
    counterexample, step = outcome.counterexample, outcome.failing_step
    if counterexample is None and step is not None and step <= len(outcome.steps):
        counterexample = outcome.steps[step - 1].counterexample
    if counterexample is not None:
        lines.append("counterexample" + (f" (step {step} of the chain)" if step else "") + ":")
        lines += ["  " + line for line in counterexample_lines(counterexample)]
    if outcome.verdict is Verdict.PROVED:
        method = outcome.proof.method if outcome.proof is not None else "every step of the chain"
        scope = "" if outcome.scope is None or outcome.scope.is_all else f" for sizes {outcome.scope} only"
        lines.append(f"proved ({method}){scope}; the claim's expected verdict is {outcome.expected.value}")
    return lines


class ClaimDetail:
    """Everything about one claim: statement, hypotheses, source, proof, evidence."""

    def __init__(self, claim: Claim, outcome: Outcome) -> None:
        self.claim = claim
        self.outcome = outcome

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        claim, outcome = self.claim, self.outcome
        verdict = verdict_text(outcome, claim)
        if outcome.as_expected:
            verdict.style = f"verdict.{outcome.verdict.value}.expected"
        header = Text.assemble(plain(claim.id, "claim.id"), "  ", verdict)
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
