"""Where a formula may break: only between its top-level terms and relations.

A formula is read as a row of *atoms*: a braced group, a ``\\left...\\right`` group, a
parenthesised or bracketed group, an environment, a command with its arguments
(``\\frac{a}{b}``, ``\\sqrt[3]{x}``, ``\\hat y``), each with its sub- and superscripts.
Breaks are offered only before a relation or a binary ``+``/``-`` between atoms of that
row, so no cut can fall inside a group, a fraction, a root, a script or a delimiter pair:
every piece is a whole formula, and the pieces joined are the formula as it was.

An unbalanced formula (a brace or a parenthesis that never closes) is not cut at all.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["Piece", "split_formula", "tokens"]

RELATIONS = frozenset(
    {
        "=",
        "<",
        ">",
        r"\leq",
        r"\geq",
        r"\neq",
        r"\ne",
        r"\le",
        r"\ge",
        r"\lt",
        r"\gt",
        r"\approx",
        r"\equiv",
        r"\Rightarrow",
        r"\Leftrightarrow",
        r"\to",
        r"\in",
        r"\sim",
        r"\propto",
    }
)
BINARY = frozenset({"+", "-"})
SOFT_BREAKS = frozenset({r"\quad", r"\qquad"})
BIG_OPERATORS = frozenset({r"\sum", r"\prod", r"\int", r"\lim", r"\max", r"\min", r"\sup", r"\inf"})

OPENERS = frozenset({"(", "[", r"\{", r"\langle", r"\lbrace", r"\lbrack"})
CLOSERS = frozenset({")", "]", r"\}", r"\rangle", r"\rbrace", r"\rbrack"})

ARGUMENTS = {
    **dict.fromkeys((r"\frac", r"\dfrac", r"\tfrac", r"\cfrac", r"\binom", r"\dbinom", r"\tbinom"), 2),
    **dict.fromkeys((r"\overset", r"\underset", r"\stackrel"), 2),
    **dict.fromkeys(
        (
            r"\sqrt",
            r"\hat",
            r"\widehat",
            r"\bar",
            r"\overline",
            r"\underline",
            r"\tilde",
            r"\widetilde",
            r"\vec",
            r"\dot",
            r"\ddot",
            r"\check",
            r"\breve",
            r"\acute",
            r"\grave",
            r"\mathring",
            r"\overbrace",
            r"\underbrace",
            r"\mathrm",
            r"\mathbf",
            r"\mathit",
            r"\mathsf",
            r"\mathtt",
            r"\mathcal",
            r"\mathbb",
            r"\mathfrak",
            r"\mathscr",
            r"\boldsymbol",
            r"\bm",
            r"\pmb",
            r"\text",
            r"\textrm",
            r"\textbf",
            r"\textit",
            r"\textsf",
            r"\texttt",
            r"\mbox",
            r"\operatorname",
            r"\operatorname*",
            r"\substack",
            r"\phantom",
            r"\vphantom",
            r"\hphantom",
            r"\color",
            r"\vdzh",
        ),
        1,
    ),
}
"""Commands and how many arguments they take: an argument is never cut from its command."""

_TOKEN = re.compile(r"\\[A-Za-z]+\*?\s*|\\.|\s+|.", flags=re.DOTALL)


def tokens(formula: str) -> list[str]:
    """LaTeX tokens: control words (with a star and their trailing space), control symbols, characters."""
    return _TOKEN.findall(formula)


@dataclass(frozen=True)
class Piece:
    """A run of whole atoms, and the operator text printed after it ('' after the last piece)."""

    latex: str
    after: str = ""


class _UnbalancedError(Exception):
    """A group opened and never closed: the formula is kept whole."""


class _Reader:
    """Reads atoms from the tokens of a formula, one level at a time."""

    def __init__(self, items: list[str]) -> None:
        self.items = items

    def skip_space(self, index: int) -> int:
        while index < len(self.items) and not self.items[index].strip():
            index += 1
        return index

    def atom(self, index: int) -> int:
        """The index just after the atom starting at ``index`` (scripts included)."""
        end = self._nucleus(index)
        while True:
            following = self.skip_space(end)
            if following < len(self.items) and self.items[following].strip() in (r"\limits", r"\nolimits"):
                end = following + 1
                continue
            if following < len(self.items) and self.items[following] in ("^", "_"):
                argument = self.skip_space(following + 1)
                if argument >= len(self.items):
                    raise _UnbalancedError
                end = self._nucleus(argument)
                continue
            if following < len(self.items) and self.items[following] == "'":
                end = following + 1
                continue
            return end

    def _nucleus(self, index: int) -> int:
        word = self.items[index].strip()
        if self.items[index] == "{":
            return self._closing(index + 1, {"{"}, {"}"})
        if word == r"\left":
            return self._delimited(self._closing(self._delimited(index + 1), {r"\left"}, {r"\right"}))
        if word == r"\begin":
            return self._argument(self._closing(self._argument(index + 1), {r"\begin"}, {r"\end"}))
        if word in OPENERS:
            return self._closing(index + 1, OPENERS, CLOSERS, skip_groups=True)
        end = index + 1
        if word == r"\sqrt":
            optional = self.skip_space(end)
            if optional < len(self.items) and self.items[optional] == "[":
                end = self._closing(optional + 1, {"["}, {"]"}, skip_groups=True)
        for _ in range(ARGUMENTS.get(word, 0)):
            end = self._argument(end)
        return end

    def _argument(self, index: int) -> int:
        index = self.skip_space(index)
        if index >= len(self.items):
            raise _UnbalancedError
        return self._nucleus(index)

    def _delimited(self, index: int) -> int:
        """Past the delimiter that follows ``\\left`` or ``\\right``."""
        index = self.skip_space(index)
        if index >= len(self.items):
            raise _UnbalancedError
        return index + 1

    def _closing(
        self, index: int, opening: Collection[str], closing: Collection[str], *, skip_groups: bool = False
    ) -> int:
        """Past the token that closes a group whose contents start at ``index``."""
        depth = 1
        while index < len(self.items):
            word = self.items[index].strip()
            if skip_groups and (self.items[index] == "{" or word in (r"\left", r"\begin")):
                index = self._nucleus(index)  # braces and \left...\right inside a parenthesis are whole
                continue
            if word in closing:
                depth -= 1
                if depth == 0:
                    return index + 1
            elif word in opening:
                depth += 1
            index += 1
        raise _UnbalancedError


def _head(atom: list[str]) -> str:
    return next((t.strip() for t in atom if t.strip()), "")


def split_formula(formula: str) -> list[Piece]:
    """The formula cut before its top-level relations and binary ``+``/``-`` (and after ``\\quad``).

    A sign is binary when an operand comes before it: not at the start, not after a
    relation, another sign, an opening or a comma, and not after a big operator with its
    limits (``\\sum_{i} - x``).
    """
    items = tokens(formula)
    reader = _Reader(items)
    atoms: list[list[str]] = []
    index = 0
    try:
        while index < len(items):
            if not items[index].strip():
                if atoms:
                    atoms[-1].append(items[index])
                index += 1
                continue
            end = reader.atom(index)
            atoms.append(items[index:end])
            index = end
    except _UnbalancedError:
        return [Piece(formula.strip())]
    pieces: list[Piece] = []
    current: list[str] = []
    previous = ""  # the head of the last atom ('' at the start)

    def close(operator: str) -> None:
        text = "".join(current).strip()
        if text:
            pieces.append(Piece(text, operator))
        elif pieces and operator:
            pieces[-1] = Piece(pieces[-1].latex, pieces[-1].after + operator)
        elif operator:
            pieces.append(Piece("", operator))
        current.clear()

    for atom in atoms:
        head = _head(atom)
        bare = "".join(atom).strip() == head  # an operator with no script of its own
        relation = bare and head in RELATIONS
        binary = (
            bare
            and head in BINARY
            and previous not in ("", "+", "-", ",", "^", "_")
            and previous not in RELATIONS
            and previous not in OPENERS
            and previous not in BIG_OPERATORS
            and previous not in SOFT_BREAKS
        )
        if relation or binary:
            close(" " + head + " ")
        elif head in SOFT_BREAKS:
            current.extend(atom)
            close(r"\allowbreak ")
        else:
            current.extend(atom)
        previous = head if bare or head in BIG_OPERATORS else "x"  # a group is an operand
    close("")
    return [p for p in pieces if p.latex or p.after]
