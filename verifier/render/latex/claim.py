"""One claim of the appendix as LaTeX: statement, hypotheses, source, proof or refutation, evidence.

A claim is a numbered ``vdclaim`` environment labelled ``claim:<id>``, followed by its
verdict, its symbols and hypotheses, its source, the proof built from the steps the
prover recorded (or the counterexample), the numeric evidence and, for each hypothesis,
whether a counterexample shows it is needed. It shows what the terminal report's
``ClaimDetail`` shows, from the same ``Claim`` and ``Outcome``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Sequence

import sympy as sp

from verifier.language.claims import Claim, Hypothesis
from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.language.printing import to_latex
from verifier.outcome import Counterexample, HypothesisCheck, NumericEvidence, Outcome, Proof, StepOutcome
from verifier.render.latex.markup import bookmark, breakable, claim_id, label, math, number, split_tag, text, url
from verifier.render.latex.title import title_latex
from verifier.verdicts import Scope, Verdict

__all__ = [
    "check_latex",
    "claim_block",
    "counterexample_summary",
    "counterexample_table",
    "definitions_latex",
    "formula",
    "hypothesis_latex",
    "reference",
    "short_verdict",
    "statement_latex",
    "verdict_label",
]


MAX_LINKED_URL = 2_000
"""A source URL longer than this is shown as text, not as a link."""

_RELATION_LATEX = {"==": "=", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "!=": r"\neq"}


def formula(latex: str) -> str:
    """A displayed formula that fits the line: broken at relations and sums, shrunk if need be."""
    return f"\\vdformula{{{breakable(latex)}}}\n"


def reference(identifier: str, present: Collection[str]) -> str:
    """'Claim~3 (id)' linked to the claim when it is in the document, else the id alone."""
    if identifier in present:
        return f"Claim~\\ref{{{label('claim:' + identifier)}}} ({claim_id(identifier)})"
    return f"claim {claim_id(identifier)} (not in this document)"


def statement_latex(claim: Claim) -> str:
    """The claim's statement as math, as written: the relation, or the chain A = B = C."""
    body = claim.written_latex
    if claim.tolerance is not None:
        body += r" \quad \text{to within } " + to_latex(claim.tolerance)
    return body


def definitions_latex(claim: Claim) -> str:
    """'where $a_{i} = ...$, $L = ...$': the definitions the claim uses, once, in order ('' if none)."""
    if not claim.definitions:
        return ""
    equations = [f"{to_latex(d.written)} = {to_latex(d.body)}" for d in claim.definitions]
    inline = [f"${math(e)}$" for e in equations if len(e) <= INLINE_DEFINITION]
    displayed = [formula(e) for e in equations if len(e) > INLINE_DEFINITION]
    out = "where " + ", ".join(inline) + (",\n" if inline and displayed else "\n" if displayed else ".\n")
    return out + "".join(displayed)


INLINE_DEFINITION = 70
"""A definition with more LaTeX than this is displayed, so that it can break."""


def verdict_label(outcome: Outcome | StepOutcome, claim: Claim | None = None) -> str:
    """'\\vdverdict{proved} for every $K$', 'refuted', ... as LaTeX."""
    label = f"\\vdverdict{{{outcome.verdict.value}}}"
    if outcome.scope is not None:
        label += " " + _scope(outcome.scope, claim)
    return label.rstrip()


def short_verdict(outcome: Outcome) -> str:
    """'proved', 'proved (sizes 1..6)', 'refuted (step 2)' for the summary table."""
    label = f"\\vdverdict{{{outcome.verdict.value}}}"
    if outcome.scope is not None and not outcome.scope.is_all:
        label += f" (sizes {text(str(outcome.scope))})"
    if outcome.failing_step is not None:
        label += f" (step {outcome.failing_step})"
    return label


def _sizes(claim: Claim | None) -> list[Declaration]:
    if claim is None:
        return []
    return [d for d in claim.declarations if d.kind is Kind.SIZE]


def _scope(scope: Scope, claim: Claim | None) -> str:
    sizes = _sizes(claim)
    names = ", ".join(f"${_symbol(d)}$" for d in sizes)
    if scope.is_all:
        return f"for every {names}" if sizes else ""
    which = f"{names} in" if len(sizes) == 1 else "the sizes"
    return f"for {which} {text(str(scope))} only"


# -- symbols and hypotheses --------------------------------------------------------------

_SCALAR_DOMAIN = {
    Domain.REAL: r"\in \mathbb{R}",
    Domain.POSITIVE: r"> 0",
    Domain.NONNEGATIVE: r"\geq 0",
    Domain.UNIT: r"\in (0, 1)",
    Domain.BINARY: r"\in \{0, 1\}",
    Domain.SIGN: r"\in \{-1, 1\}",
}
_SET = {
    Domain.REAL: r"\mathbb{R}",
    Domain.POSITIVE: r"(0, \infty)",
    Domain.NONNEGATIVE: r"[0, \infty)",
    Domain.UNIT: r"(0, 1)",
    Domain.BINARY: r"\{0, 1\}",
    Domain.SIGN: r"\{-1, 1\}",
    Domain.SIMPLEX: r"(0, \infty)",
    Domain.ONEHOT: r"\{0, 1\}",
}


def _symbol(declaration: Declaration) -> str:
    return math(to_latex(declaration.symbol))


def _size(size: object) -> str:
    return math(to_latex(sp.sympify(size)))


def declaration_latex(declaration: Declaration) -> str:
    """The declaration as math: '$K \\geq 2$', '$t \\in (0,\\infty)^{K}$, $\\sum_k t_k = 1$'."""
    name = _symbol(declaration)
    if declaration.kind is Kind.SIZE:
        return f"${name} \\geq {declaration.minimum}$ an integer"
    if declaration.kind is Kind.INDEX:
        return f"${name} \\in \\{{1, \\dots, {_size(declaration.size)}\\}}$"
    assert declaration.domain is not None
    if declaration.kind is Kind.SCALAR:
        return f"${name} {_SCALAR_DOMAIN[declaration.domain]}$"
    power = " \\times ".join(_size(s) for s in declaration.shape)
    latex = f"${name} \\in {_SET[declaration.domain]}^{{{power}}}$"
    if declaration.domain in (Domain.SIMPLEX, Domain.ONEHOT):
        size = _size(declaration.shape[0])
        latex += f" with $\\sum_{{k=1}}^{{{size}}} {name}_{{k}} = 1$"
        if declaration.domain is Domain.ONEHOT:
            latex += " (one-hot)"
    return latex


def hypothesis_latex(claim: Claim, hypothesis: Hypothesis) -> str:
    """One hypothesis as LaTeX, from its declaration or its assumption."""
    if hypothesis.assumption is not None:
        return f"${math(to_latex(hypothesis.written if hypothesis.written is not None else hypothesis.assumption))}$"
    by_name = {d.name: d for d in claim.declarations}
    declaration = by_name.get(hypothesis.declaration or "")
    if declaration is None:
        return text(hypothesis.text)
    if declaration.kind is Kind.SIZE:
        return f"${_symbol(declaration)} \\geq {declaration.minimum}$"
    return declaration_latex(declaration)


def _setting(claim: Claim) -> str:
    if not claim.declarations:
        return ""
    items = ", ".join(declaration_latex(d) for d in claim.declarations)
    return f"\\vdrunin{{Symbols}} {items}.\n"


def _hypotheses(claim: Claim) -> str:
    hypotheses = claim.hypotheses
    if not hypotheses:
        return "\\vdrunin{Hypotheses} none beyond the symbols' domains.\n"
    items = []
    for number_, hypothesis in enumerate(hypotheses, start=1):
        item = f"(H{number_})~{hypothesis_latex(claim, hypothesis)}"
        if hypothesis.key in claim.unstated:
            item += " \\vdunstated"
        items.append(item)
    return "\\vdrunin{Hypotheses} " + "; ".join(items) + ".\n"


# -- source ------------------------------------------------------------------------------


def _source(claim: Claim) -> str:
    source = claim.source
    if source is None:
        return ""
    parts = [f"\\vdrunin{{Source}} {text(source.article)}"]
    if source.section:
        parts.append(f", section ``{text(source.section)}''")
    if source.url and len(source.url) <= MAX_LINKED_URL:
        parts.append(f", \\url{{{url(source.url)}}}")
    elif source.url:
        parts.append(f", {text(source.url)}")  # too long to be one link (and one source line)
    parts.append(".")
    out = "".join(parts) + "\n"
    if source.formula:
        body, tag = split_tag(source.formula)
        where = f" (its equation ({text(tag)}))" if tag else ""
        out += f"The source writes{where}:\n" + formula(body)
        if source.recovered:
            out += "(This formula was lost in the article's text and is recovered from its cited source.)\n"
    if source.note:
        out += f"\\par\\noindent\\emph{{{text(source.note)}}}\n"
    return out + "\n"


# -- evidence ----------------------------------------------------------------------------


def _numeric(numeric: NumericEvidence) -> str:
    sizes = ", ".join(str(s) for s in numeric.sizes)
    where = f" at sizes {sizes}" if sizes else ""
    lines = [
        f"Checked in float64 at {numeric.points} point{'s' if numeric.points != 1 else ''}{where} "
        f"(seed {numeric.seed}): largest $|\\mathrm{{lhs}} - \\mathrm{{rhs}}|$ = {number(numeric.max_abs_error)}, "
        f"largest relative difference {number(numeric.max_rel_error)}, "
        f"largest tolerance used {number(numeric.max_tolerance)}."
    ]
    searched = numeric.searched()
    if searched:
        lines.append(text("Searched: " + "; ".join(searched) + "."))
    if numeric.overflow_points:
        lines.append(
            f"{numeric.overflow_points} point(s) overflowed in float64 (inf or nan); they are reported, "
            "not counted as failures."
        )
    if numeric.disagreements:
        lines.append(
            f"{numeric.disagreements} float64 disagreement(s); {numeric.unreliable_points} of those checked "
            "were not confirmed at 50 digits."
        )
    if numeric.exact_points:
        lines.append(f"{numeric.exact_points} point(s) were also evaluated exactly at 50 digits.")
    return " ".join(lines)


def _value(value: object) -> str:
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return r";\allowbreak\ ".join(_value(row) for row in value)
        return "(" + r",\allowbreak\ ".join(_value(v) for v in value) + ")"
    return _numeral(str(value))


_NUMERAL = re.compile(r"[A-Za-z0-9 .+\-*/(),]*")


def _numeral(value: str) -> str:
    """A value the engine printed ('-3/4', '0.56', 'inf', '1 + 2*I') as math; anything
    else (which the engine never prints) as escaped text."""
    return math(value) if _NUMERAL.fullmatch(value) else r"\text{" + text(value) + "}"


def _names(claim: Claim) -> dict[str, str]:
    return {d.name: _symbol(d) for d in claim.declarations}


def _name(name: str, names: dict[str, str]) -> str:
    if name in names:
        return names[name]
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        return r"\mathit{" + name.replace("_", r"\_") + "}"
    return r"\text{" + text(name) + "}"


def counterexample_table(counterexample: Counterexample, claim: Claim) -> str:
    """The counterexample as a small table: sizes, values, both sides, and the failing relation."""
    names = _names(claim)
    if counterexample.arithmetic == "float64":
        how = "both sides evaluated in IEEE float64 (NumPy)"
    else:
        how = f"exact values; both sides evaluated at {counterexample.digits} significant digits"
    rows = [r"\toprule"]
    for name, size in counterexample.sizes.items():
        rows.append(f"${_name(name, names)}$ & ${size}$\\\\")
    for name, value in counterexample.values.items():
        rows.append(f"${_name(name, names)}$ & ${_value(value)}$\\\\")
    if counterexample.sizes or counterexample.values:
        rows.append(r"\midrule")
    relation = _RELATION_LATEX.get(counterexample.relation, r"\text{" + text(counterexample.relation) + "}")
    rows.append(f"left side & ${_numeral(counterexample.lhs)}$\\\\")
    rows.append(f"right side & ${_numeral(counterexample.rhs)}$\\\\")
    rows.append(r"\bottomrule")
    return (
        f"\\par\\smallskip\\noindent{{\\small\\textbf{{Counterexample}} ({how}).\\par\\nopagebreak\\noindent\n"
        "\\begin{tabularx}{\\linewidth}{@{}l>{\\raggedright\\arraybackslash}X@{}}\n"
        + "\n".join(rows)
        + "\n\\end{tabularx}}\\par\\smallskip\n"
        f"\\noindent Here $\\mathrm{{lhs}} {relation} \\mathrm{{rhs}}$ fails.\n"
    )


def counterexample_summary(counterexample: Counterexample, claim: Claim) -> str:
    """The counterexample in one sentence: where, and both sides."""
    names = _names(claim)
    where = [f"${_name(n, names)} = {s}$" for n, s in counterexample.sizes.items()]
    where += [f"${_name(n, names)} = {_value(v)}$" for n, v in counterexample.values.items()]
    at = f"at {', '.join(where)}, " if where else ""
    return f"{at}the left side is ${_short(counterexample.lhs)}$ and the right side ${_short(counterexample.rhs)}$"


def _short(value: str, digits: int = 12) -> str:
    """A long decimal cut to about ``digits`` significant digits, marked with an ellipsis."""
    match = re.fullmatch(r"(-?)(\d+)\.(\d+)", value)
    if not match or len(match.group(2)) + len(match.group(3)) <= digits:
        return _numeral(value)
    sign, whole, fraction = match.groups()
    fraction = fraction.rstrip("0") or "0"
    if len(whole) + len(fraction) <= digits:
        return math(f"{sign}{whole}.{fraction}")
    significant = len(whole.lstrip("0"))
    keep = max(digits - significant, 1) if significant else digits + len(fraction) - len(fraction.lstrip("0"))
    return math(f"{sign}{whole}.{fraction[:keep]}") + r"\ldots"


# -- proof -------------------------------------------------------------------------------


_TO_SHOW = re.compile(r"To show(?P<where>[^:]*): lhs - rhs (?P<relation>==|=|<=|>=|<|>|!=) 0")
_WITHIN = re.compile(r"To show(?P<where>[^:]*): \|lhs - rhs\| <= (?P<bound>[0-9/.e-]+)")
_RELATION_TEXT = {"=": "=", "==": "=", "<": "<", ">": ">", "<=": r"\leq", ">=": r"\geq", "!=": r"\neq"}
_DELTA_STEP = "Kronecker deltas"

INLINE_STEP = 60
"""A step's formula with at most this much LaTeX follows its action on the same line."""


def step_action(action: str) -> str:
    """A proof step's action as prose: 'lhs - rhs = 0' read out in words, the rest escaped."""
    if match := _TO_SHOW.fullmatch(action):
        where = text(match["where"].lstrip(", "))
        relation = _RELATION_TEXT[match["relation"]]
        return f"The left side minus the right side, to show ${relation} 0${' ' + where if where else ''}"
    if match := _WITHIN.fullmatch(action):
        where = text(match["where"].lstrip(", "))
        bound = math(match["bound"])
        return f"The difference of the two sides, to show at most ${bound}$ in size{' ' + where if where else ''}"
    return text(action)


def _proof_steps(proof: Proof) -> str:
    items = []
    previous = None
    for step in proof.steps:
        action = step_action(step.action)
        if _DELTA_STEP in step.action and previous is not None:
            # The prover names every pass of its sum simplifier so; with no sum and no
            # delta before it, the step only simplified, and with nothing changed it is not shown.
            if step.latex.strip() == previous.strip():
                continue
            if "\\sum" not in previous and "\\delta" not in previous:
                action = "Simplify"
        item = f"\\item {action}"
        if step.latex.strip() and len(step.latex) <= INLINE_STEP and "\\begin" not in step.latex:
            item += f": \\vdinline{{{breakable(step.latex)}}}"
        elif step.latex.strip():
            item += "\n" + formula(step.latex)
        items.append(item)
        previous = step.latex
    if not items:
        return ""
    return "\\begin{enumerate}\n" + "\n".join(items) + "\n\\end{enumerate}\n"


def _proof_title(proof: Proof, claim: Claim) -> str:
    scope = _scope(proof.scope, claim)
    return f"Proof ({text(proof.method)}{'; ' + scope if scope else ''})"


def _chain(claim: Claim, outcome: Outcome) -> str:
    relations = claim.written_relations
    parts = []
    for number_, step in enumerate(outcome.steps, start=1):
        relation = relations[number_ - 1] if number_ <= len(relations) else None
        part = f"\\item \\textbf{{Step {number_}}}: {verdict_label(step, claim)}."
        if relation is not None:
            part += "\n" + formula(to_latex(relation))
        if step.reason:
            part += f"Why: {text(step.reason)}\n"
        if step.proof is not None:
            part += f"\\emph{{{_proof_title(step.proof, claim)}.}}\n" + _proof_steps(step.proof)
        if step.counterexample is not None:
            part += counterexample_table(step.counterexample, claim)
        if step.numeric is not None:
            part += f"\\par {_numeric(step.numeric)}\n"
        parts.append(part)
    unchecked = len(relations) - len(outcome.steps)
    tail = ""
    if unchecked > 0 and outcome.failing_step is not None:
        tail = f"The remaining {unchecked} step(s) were not checked: the chain fails at step {outcome.failing_step}.\n"
    return "\\begin{enumerate}\n" + "\n".join(parts) + "\n\\end{enumerate}\n" + tail


def _argument(claim: Claim, outcome: Outcome) -> str:
    """The proof, the refutation, or why neither was reached."""
    out = ""
    if outcome.steps:
        heading = {
            Verdict.PROVED: "Proof (every step of the chain proved on its own)",
            Verdict.REFUTED: f"Refutation (the chain fails at step {outcome.failing_step})",
        }.get(outcome.verdict, "The steps of the chain")
        out += f"\\begin{{vdargument}}{{{heading}}}\n" + _chain(claim, outcome)
        if outcome.verdict is not Verdict.PROVED and outcome.reason:
            out += f"\\par Why: {text(outcome.reason)}\n"
        return out + "\\end{vdargument}\n"
    if outcome.proof is not None:
        return (
            f"\\begin{{vdargument}}{{{_proof_title(outcome.proof, claim)}}}\n"
            + _proof_steps(outcome.proof)
            + "\\end{vdargument}\n"
        )
    if outcome.counterexample is not None:
        return (
            "\\begin{vdargument}{Refutation}\n"
            + counterexample_table(outcome.counterexample, claim)
            + "\\end{vdargument}\n"
        )
    if outcome.reason:
        return f"\\vdpart{{Why no verdict}} {text(outcome.reason)}\n\n"
    return ""


def relaxed_latex(claim: Claim, relaxed_to: str) -> str:
    """What a check assumed instead of a hypothesis, as LaTeX: 'without it', 'with $K \\geq 1$ instead'."""
    if relaxed_to == "dropped":
        return "without it"
    by_name = {d.name: d for d in claim.declarations}
    size = re.fullmatch(r"(\w+) >= (\d+)", relaxed_to)
    if size and size.group(1) in by_name:
        return f"with ${_symbol(by_name[size.group(1)])} \\geq {size.group(2)}$ instead"
    domain = re.fullmatch(r"(\w+): (\w+)", relaxed_to)
    if domain and domain.group(1) in by_name and domain.group(2) in {d.value for d in Domain}:
        relaxed = dataclasses.replace(by_name[domain.group(1)], domain=Domain(domain.group(2)))
        return f"with {declaration_latex(relaxed)} instead"
    return f"with {text(relaxed_to)} instead"


def check_latex(claim: Claim, check: HypothesisCheck) -> tuple[str, str]:
    """A checked hypothesis as LaTeX (marked when the source leaves it unstated), and what replaced it."""
    hypothesis = {h.text: h for h in claim.hypotheses}.get(check.hypothesis)
    if hypothesis is None:
        return text(check.hypothesis), relaxed_latex(claim, check.relaxed_to)
    shown = hypothesis_latex(claim, hypothesis)
    if hypothesis.key in claim.unstated:
        shown += " \\vdunstated"
    return shown, relaxed_latex(claim, check.relaxed_to)


def _checks(claim: Claim, checks: Sequence[HypothesisCheck]) -> str:
    if not checks:
        return ""
    items = []
    for check in checks:
        shown, instead = check_latex(claim, check)
        if check.needed:
            assert check.counterexample is not None
            items.append(
                f"\\item {shown}: \\textbf{{needed}}; {instead} the claim fails.\n"
                + counterexample_table(check.counterexample, claim)
            )
        else:
            items.append(
                f"\\item {shown}: no counterexample found {instead} "
                "(which does not show that the hypothesis is not needed)."
            )
    return "\\vdpart{Which hypotheses are needed}\n\\begin{itemize}\n" + "\n".join(items) + "\n\\end{itemize}\n"


def claim_block(
    claim: Claim, outcome: Outcome, *, corrections: Sequence[str] = (), present: Collection[str] = ()
) -> str:
    """The claim as a numbered ``vdclaim`` environment and what follows it."""
    # A refutation the claim expects is a source's mistake (an erratum) only when another
    # claim corrects it; a user's deliberately wrong claim is just 'refuted, as expected'.
    erratum = outcome.verdict is Verdict.REFUTED and outcome.expected is Verdict.REFUTED and bool(corrections)
    outline = bookmark(claim.id)
    marks = " \\vderratum" if erratum else ""
    if not outcome.as_expected:
        marks += f" \\vdunexpected{{{outcome.expected.value}}}"
    out = [
        f"\\vdclaimstart{{{outline}}}{{{label(claim.id)}}}\n",
        f"\\begin{{vdclaim}}[{claim_id(claim.id)}]\\label{{{label('claim:' + claim.id)}}}{marks}\\par\n",
    ]
    if claim.title:
        # ragged right: a title's formula cannot break everywhere, so it moves to the next line whole
        out.append(f"\\raggedright\\emph{{{title_latex(claim.title)}}}\n")
    out.append(formula(statement_latex(claim)))
    out.append(definitions_latex(claim))
    if claim.text:
        out.append(f"(As written: {text(claim.text)}.)\n")
    if claim.float64:
        out.append("Here $=$ compares IEEE float64 values computed by NumPy, with nan equal to nan.\n")
    out.append("\\end{vdclaim}\n")
    verdict = f"\\vdpart{{Verdict}} {verdict_label(outcome, claim)}"
    if outcome.as_expected:
        verdict += ", as expected"
    else:
        verdict += f"; \\textbf{{not as expected}} (the catalogue expects {outcome.expected.value})"
    verdict += "."
    if erratum:
        verdict += " The source states this, and it is false."
    out.append(verdict + "\n")
    links = []
    if claim.corrects:
        links.append(f"It corrects {reference(claim.corrects, present)}.")
    if corrections:
        links.append("Corrected by " + ", ".join(reference(c, present) for c in corrections) + ".")
    if links:
        out.append(" ".join(links) + "\n")
    # the short facts run on in one paragraph: verdict, symbols, hypotheses, source
    out.append(_setting(claim))
    out.append(_hypotheses(claim))
    out.append(_source(claim) or "\n")
    out.append(_argument(claim, outcome))
    if outcome.numeric is not None and not outcome.steps:
        out.append(f"\\vdpart{{Numeric evidence}} {_numeric(outcome.numeric)}\n\n")
    out.append(_checks(claim, outcome.hypotheses))
    for note in (*claim.notes, *outcome.notes):
        out.append(f"\\vdpart{{Note}} {text(note)}\n\n")
    out.append("\\vdclaimend\n")
    return "".join(out)
