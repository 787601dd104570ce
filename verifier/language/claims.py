"""The claim model: what is claimed, under which hypotheses, from which source.

A claim is one relation (equality, inequality, a derivative identity, a value within a
tolerance) or a chain A = B = C whose every step is checked. It carries the
declarations of the symbols it mentions (their domains are hypotheses), extra
assumptions (relations such as ``Ne(j, k)`` or ``x > 0``), where it comes from, and the
verdict the catalogue expects.

A claim written with definitions (``L``, ``a[j]``) *is* the expanded claim: its
statement, steps and assumptions have every definition substituted, and everything
that verifies it sees only those. The form as written and the definitions it used are
kept beside them (``as_written``, ``definitions``) for the reports.
"""

from __future__ import annotations

import enum
import itertools
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from verifier.errors import ClaimDefinitionError
from verifier.language.declarations import Declaration, Kind, Variables
from verifier.language.definitions import Definition
from verifier.language.domains import Domain
from verifier.language.printing import latex_text, to_latex, to_text
from verifier.verdicts import Verdict

__all__ = ["Article", "AsWritten", "Claim", "ClaimKind", "Hypothesis", "Source", "claim"]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")  # \Z: '$' would match before a final newline

RELATIONS: dict[type, str] = {
    sp.Equality: "==",
    sp.StrictLessThan: "<",
    sp.LessThan: "<=",
    sp.StrictGreaterThan: ">",
    sp.GreaterThan: ">=",
}


class ClaimKind(enum.Enum):
    """The shape of a claim; it decides how the claim is checked and printed."""

    EQUALITY = "equality"
    """lhs == rhs on the whole domain."""
    DERIVATIVE = "derivative"
    """An equality involving derivatives; numerically checked by finite differences."""
    INEQUALITY = "inequality"
    """lhs < rhs (or <=, >, >=) on the whole domain: a sign claim."""
    CHAIN = "chain"
    """A = B = C ...: every step checked on its own."""
    VALUE = "value"
    """|lhs - rhs| <= tolerance: a number an article prints."""
    FLOAT64 = "float64"
    """A fact about IEEE float64 arithmetic (overflow to inf, inf/inf = nan), decided by
    running NumPy, and reported apart from the exact mathematics."""


@dataclass(frozen=True, kw_only=True)
class Source:
    """Where a claim comes from: the article, its section, and its own formula."""

    article: str
    url: str = ""
    section: str = ""
    formula: str = ""
    recovered: bool = False
    """The article's formula was lost in extraction and recovered from its cited source."""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Article:
    """An article the catalogue checks: its title, address and short tag."""

    tag: str
    title: str
    url: str

    def at(self, section: str, formula: str = "", *, recovered: bool = False, note: str = "") -> Source:
        """The source of a claim made in ``section`` of this article."""
        return Source(
            article=self.title, url=self.url, section=section, formula=formula, recovered=recovered, note=note
        )


@dataclass(frozen=True, kw_only=True)
class Hypothesis:
    """One hypothesis of a claim, as printed with its verdict."""

    text: str
    declaration: str | None = None
    assumption: sp.Basic | None = None
    written: sp.Basic | None = None
    """The assumption as written, with references to definitions (for printing)."""
    relaxed_to: str | None = None
    """What the claim assumes instead when this hypothesis is dropped (None: nothing weaker)."""

    @property
    def key(self) -> str:
        """How a claim's ``unstated`` list names it: the declared name, or the assumption's text."""
        return self.declaration if self.declaration is not None else self.text


@dataclass(frozen=True, kw_only=True)
class AsWritten:
    """A claim as its author wrote it, with references to definitions (``L``, ``a[j]``)."""

    statement: sp.Basic | None = None
    steps: tuple[sp.Basic, ...] = ()
    assumptions: tuple[sp.Basic, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A statement to verify, with its hypotheses, provenance and expected verdict."""

    id: str
    title: str = ""
    statement: sp.Basic | None = None
    steps: tuple[sp.Expr, ...] = ()
    tolerance: sp.Rational | None = None
    assumptions: tuple[sp.Basic, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    expected: Verdict = Verdict.PROVED
    source: Source | None = None
    corrects: str | None = None
    """The id of the (false or imprecise) claim this one is the correct version of."""
    unstated: tuple[str, ...] = ()
    """Hypotheses (as printed in ``hypotheses``) that the source leaves unstated."""
    text: str = ""
    """The statement as its author wrote it; printed instead of SymPy's rendering."""
    spread: float = 4.0
    """The magnitude of sampled real values; raise it for claims about stable computation."""
    float64: bool = False
    """The statement is about float64 evaluation (NumPy), not exact mathematics; there ==
    compares IEEE values, with nan equal to nan."""
    notes: tuple[str, ...] = ()
    definitions: tuple[Definition, ...] = ()
    """The definitions the claim uses (directly or through others), in definition order."""
    as_written: AsWritten | None = None
    """The claim with its references to definitions; None when it uses none."""
    file: str = ""
    """The claim file it comes from (empty for the catalogue)."""
    line: int | None = None
    """The line of that file where the claim's table starts, when known."""
    real_where: tuple[sp.Basic, ...] = ()
    """Where the relation as written has a real value (``u > 0`` for each ``log(u)``):
    SymPy may have rewritten it as it was built (``exp(log(u))`` is ``u``)."""

    def __post_init__(self) -> None:
        if not ID_PATTERN.fullmatch(self.id):
            raise ClaimDefinitionError(f"claim id must be letters, digits, '.', '_' or '-' (got {self.id!r})")
        if (self.statement is None) == (not self.steps):
            raise ClaimDefinitionError(f"claim '{self.id}': give exactly one of statement and steps")
        if self.steps and len(self.steps) < 2:
            raise ClaimDefinitionError(f"claim '{self.id}': a chain needs at least 2 steps")
        if self.statement is not None and type(self.statement) not in RELATIONS:
            raise ClaimDefinitionError(
                f"claim '{self.id}': statement must be a relation (==, <, <=, >, >=), got {self.statement}"
            )
        if self.tolerance is not None:
            if not isinstance(self.statement, sp.Equality):
                raise ClaimDefinitionError(f"claim '{self.id}': a tolerance needs an == statement")
            if not (self.tolerance.is_Rational and self.tolerance >= 0):
                raise ClaimDefinitionError(f"claim '{self.id}': tolerance must be a number >= 0 (got {self.tolerance})")
        unknown = set(self.unstated) - {h.key for h in self.hypotheses}
        if unknown:
            raise ClaimDefinitionError(
                f"claim '{self.id}': unstated names no hypothesis of the claim: {sorted(unknown)}"
            )
        if self.expected not in (Verdict.PROVED, Verdict.REFUTED):
            raise ClaimDefinitionError(
                f"claim '{self.id}': expected verdict must be proved or refuted (got {self.expected.value})"
            )

    @property
    def kind(self) -> ClaimKind:
        if self.float64:
            return ClaimKind.FLOAT64
        if self.steps:
            return ClaimKind.CHAIN
        if self.tolerance is not None:
            return ClaimKind.VALUE
        assert self.statement is not None
        if not isinstance(self.statement, sp.Equality):
            return ClaimKind.INEQUALITY
        if self.statement.has(sp.Derivative):
            return ClaimKind.DERIVATIVE
        return ClaimKind.EQUALITY

    @property
    def relations(self) -> tuple[sp.Basic, ...]:
        """The relations to check: the statement, or each step of a chain as an equality."""
        if self.statement is not None:
            return (self.statement,)
        return tuple(sp.Eq(a, b, evaluate=False) for a, b in zip(self.steps, self.steps[1:], strict=False))

    @property
    def written_relation(self) -> sp.Basic | None:
        """The statement as written (with references to definitions), or None for a chain."""
        if self.as_written is not None:
            return self.as_written.statement
        return self.statement

    @property
    def written_steps(self) -> tuple[sp.Basic, ...]:
        """The steps of a chain as written."""
        return self.as_written.steps if self.as_written is not None else self.steps

    @property
    def written_relations(self) -> tuple[sp.Basic, ...]:
        """``relations`` as written, with references to definitions."""
        if self.as_written is None:
            return self.relations
        if self.as_written.statement is not None:
            return (self.as_written.statement,)
        steps = self.as_written.steps
        return tuple(sp.Eq(a, b, evaluate=False) for a, b in itertools.pairwise(steps))

    @property
    def display(self) -> str:
        """The statement as text: the author's own, or SymPy's rendering of it as written."""
        if self.text:
            return self.text
        statement = self.written_relation
        if statement is not None:
            text = relation_text(statement)
        else:
            text = " = ".join(to_text(step) for step in self.written_steps)
        if self.tolerance is not None:
            text += f"  (within {self.tolerance})"
        return text

    def __rich__(self) -> Any:
        """The claim in a rich console or notebook: id, title, statement and hypotheses, as plain text."""
        from rich.text import Text  # rich markup in a user's strings is never parsed: Text is plain

        lines = [Text(self.id, style="bold")]
        if self.title:
            lines.append(Text(f"  {self.title}"))
        lines.append(Text(f"  {self.display}"))
        lines += [Text(f"  assuming {h.text}", style="dim") for h in self.hypotheses]
        return Text("\n").join(lines)

    @property
    def written_latex(self) -> str:
        """The statement as written, as LaTeX math: the relation, or the chain A = B = C."""
        statement = self.written_relation
        if statement is not None:
            return to_latex(statement)
        return " = ".join(to_latex(step) for step in self.written_steps)

    def _repr_latex_(self) -> str:
        """The claim in a notebook: its id and its statement as written, as LaTeX."""
        formula = self.written_latex
        if self.tolerance is not None:
            formula += f"\\quad ({latex_text('within')}\\ {to_latex(self.tolerance)})"
        return f"$${latex_text(self.id)}:\\quad {formula}$$"

    @property
    def hypotheses(self) -> tuple[Hypothesis, ...]:
        """Every hypothesis: the domain of each declared symbol, each size bound, each assumption."""
        found: list[Hypothesis] = []
        for declaration in self.declarations:
            if declaration.kind is Kind.SIZE:
                if declaration.minimum > 1:
                    found.append(
                        Hypothesis(
                            text=f"{declaration.name} >= {declaration.minimum}",
                            declaration=declaration.name,
                            relaxed_to=f"{declaration.name} >= {declaration.minimum - 1}",
                        )
                    )
            elif declaration.kind is not Kind.INDEX and declaration.domain is not Domain.REAL:
                assert declaration.domain is not None
                relaxed = declaration.domain.relaxed
                found.append(
                    Hypothesis(
                        text=declaration.describe(),
                        declaration=declaration.name,
                        relaxed_to=None if relaxed is None else f"{declaration.name}: {relaxed.value}",
                    )
                )
        written = self.as_written.assumptions if self.as_written is not None else self.assumptions
        for assumption, as_written in zip(self.assumptions, written, strict=True):
            found.append(
                Hypothesis(
                    text=relation_text(as_written), assumption=assumption, written=as_written, relaxed_to="dropped"
                )
            )
        return tuple(found)

    def defined(self) -> tuple[tuple[str, str], ...]:
        """Each definition the claim uses as text: ('a[i]', 'softmax(z/T, i)')."""
        return tuple((d.heading, d.text or to_text(d.body)) for d in self.definitions)


def relation_text(relation: sp.Basic) -> str:
    """'lhs == rhs' in SymPy's string syntax, which is also the claim-file syntax."""
    if isinstance(relation, sp.Equality):
        return f"{to_text(relation.lhs)} == {to_text(relation.rhs)}"
    if isinstance(relation, sp.Unequality):
        return f"Ne({to_text(relation.lhs)}, {to_text(relation.rhs)})"
    if type(relation) in RELATIONS:
        return f"{to_text(relation.lhs)} {RELATIONS[type(relation)]} {to_text(relation.rhs)}"
    return to_text(relation)


def _exact(expression: sp.Basic) -> sp.Basic:
    """Floats written in a claim mean their decimal value: 0.6652 is 6652/10000.

    A relation is rebuilt unevaluated, so that Eq(1, 0.5) stays a statement to refute.
    """
    if isinstance(expression, sp.core.relational.Relational):
        return type(expression)(_exact(expression.lhs), _exact(expression.rhs), evaluate=False)
    return expression.replace(lambda e: isinstance(e, sp.Float), lambda f: sp.nsimplify(f, rational=True))


def _exact_decimal(value: float | str | sp.Basic) -> sp.Rational:
    """A tolerance as the exact decimal it was written as: 5e-5 is 1/20000."""
    if isinstance(value, sp.Basic):
        return sp.nsimplify(value, rational=True)
    return sp.Rational(str(value))


def claim(
    variables: Variables,
    *,
    id: str,  # noqa: A002  (the claim's id is its name everywhere)
    statement: sp.Basic | None = None,
    steps: tuple[sp.Expr, ...] | list[sp.Expr] = (),
    assume: tuple[sp.Basic, ...] | list[sp.Basic] = (),
    tolerance: float | str | sp.Basic | None = None,
    expected: Verdict | str = Verdict.PROVED,
    **fields: Any,
) -> Claim:
    """Build a claim, keeping the declarations of ``variables`` that it mentions."""
    if isinstance(statement, bool | sp.logic.boolalg.BooleanAtom):
        raise ClaimDefinitionError(
            f"claim '{id}': statement evaluated to {statement} when built; "
            "build relations with evaluate=False (Eq(a, b, evaluate=False))"
        )
    statement = None if statement is None else _exact(statement)
    steps = tuple(_exact(sp.sympify(s)) for s in steps)
    assume = tuple(_exact(a) for a in assume)
    written = [*([statement] if statement is not None else []), *steps, *assume]
    definitions = variables.definitions.used_by(*written)
    as_written = None
    real_where = tuple(fields.pop("real_where", ()))
    if definitions:
        as_written = AsWritten(statement=statement, steps=steps, assumptions=assume)
        statement, steps, assume = _expanded(variables, statement, steps, assume)
        real_where = _expanded(variables, None, (), real_where)[2]
    mentioned = variables.mentioned_in(*([statement] if statement is not None else []), *steps, *assume, *real_where)
    return Claim(
        id=id,
        statement=statement,
        steps=steps,
        assumptions=assume,
        tolerance=None if tolerance is None else _exact_decimal(tolerance),
        declarations=mentioned,
        expected=Verdict(expected) if isinstance(expected, str) else expected,
        definitions=definitions,
        as_written=as_written,
        real_where=real_where,
        **fields,
    )


def _expanded(
    variables: Variables, statement: sp.Basic | None, steps: tuple[sp.Basic, ...], assume: tuple[sp.Basic, ...]
) -> tuple[sp.Basic | None, tuple[sp.Basic, ...], tuple[sp.Basic, ...]]:
    """Statement, steps and assumptions with every definition substituted (relations unevaluated)."""
    expand = variables.definitions.expand

    def relation(r: sp.Basic) -> sp.Basic:
        if isinstance(r, sp.core.relational.Relational):
            return type(r)(expand(r.lhs), expand(r.rhs), evaluate=False)
        return expand(r)

    return (
        None if statement is None else relation(statement),
        tuple(expand(s) for s in steps),
        tuple(relation(a) for a in assume),
    )
