"""Max, Min, Abs, sign, Heaviside and Piecewise removed by case splits on their breakpoints.

Lemma: each of these functions is, on each piece of a cover of its domain described by
relations of its arguments, one expression: Abs(u) is u where u >= 0 and -u where u < 0;
Max(a_1, ..., a_n) is a_i where a_i >= a_j for every j (Min: <=); sign(u) is 1, -1, 0
and Heaviside(u, h) is 1, 0, h where u > 0, u < 0, u = 0; Piecewise((e_1, c_1), ...,
(e_n, c_n)) is e_i where c_i holds and no earlier c_j does (where no condition holds it is
undefined, and an identity says nothing there); DiracDelta(u), the derivative of sign or
Heaviside at its jump, is 0 where u != 0 and has no value where u = 0 (a claim says
nothing there, as at any kink). A case chooses one piece for every such
function (innermost first, so a condition never contains one), and the cases cover the
domain: a claim shown in every case holds everywhere. In a case every function equals the
chosen piece's expression, so the residual there is that expression (an identity); the
case's conditions are hypotheses the sign tactics may use.

A case is dropped only when its conditions are contradictory on the declared domain,
decided exactly (``regions``); otherwise it is kept, even when it is in fact empty, which
can only cost a proof.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy as sp

from verifier.language.printing import to_text
from verifier.prover.regions import Region

__all__ = ["MAX_CASES", "BreakpointCase", "CaseDecision", "breakpoint_cases", "decide_cases", "has_breakpoints"]

MAX_CASES = 64

# The functions split on (a vector's Max(v) of symbolic length is not among them: its
# entries are not written out).
_SPLIT = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside, sp.Piecewise, sp.DiracDelta)


class TooManyCasesError(Exception):
    """More cases than ``MAX_CASES``: no proof is attempted."""


@dataclass(frozen=True)
class BreakpointCase:
    """One case of the split: the expression there and the region (conditions) it assumes."""

    expression: sp.Basic
    region: Region
    label: str


def has_breakpoints(expression: sp.Basic) -> bool:
    return bool(_atoms(expression))


def _atoms(expression: sp.Basic) -> list[sp.Basic]:
    return sorted((a for a in expression.atoms(*_SPLIT) if _real_arguments(a)), key=sp.default_sort_key)


def _real_arguments(atom: sp.Basic) -> bool:
    if isinstance(atom, sp.Piecewise):
        return all(e.is_real is not False for e, _ in atom.args)
    return all(a.is_real for a in atom.args)


def _innermost(expression: sp.Basic) -> sp.Basic | None:
    """A function to split on whose arguments (and conditions) contain no other."""
    for atom in _atoms(expression):
        if not any(a.has(*_SPLIT) for a in atom.args):
            return atom
    return None


def _pieces(atom: sp.Basic) -> Iterator[tuple[sp.Basic, list[sp.Basic]]]:
    """Each piece of ``atom``: its expression and the conditions (relations) where it is that."""
    if isinstance(atom, sp.Abs):
        (u,) = atom.args
        yield u, [u >= 0]
        yield -u, [u < 0]
    elif isinstance(atom, sp.Max | sp.Min):
        for chosen in atom.args:
            others = [a for a in atom.args if a is not chosen]
            yield chosen, [chosen - a >= 0 if isinstance(atom, sp.Max) else chosen - a <= 0 for a in others]
    elif isinstance(atom, sp.DiracDelta):
        yield sp.Integer(0), [sp.Ne(atom.args[0], 0)]  # (no value where its argument is 0)
    elif isinstance(atom, sp.sign | sp.Heaviside):
        u = atom.args[0]
        at_zero = sp.Integer(0) if isinstance(atom, sp.sign) else (atom.args[1] if len(atom.args) > 1 else sp.S.Half)
        yield sp.Integer(1), [u > 0]
        yield (sp.Integer(-1) if isinstance(atom, sp.sign) else sp.Integer(0)), [u < 0]
        yield at_zero, [sp.Eq(u, 0)]
    else:
        earlier: list[sp.Basic] = []
        for value, condition in atom.args:
            yield value, [condition, *(sp.Not(c) for c in earlier)]
            earlier.append(condition)


def breakpoint_cases(expression: sp.Basic, region: Region) -> list[BreakpointCase]:
    """Every case of the split, impossible ones dropped; raises ``TooManyCasesError``."""
    cases: list[BreakpointCase] = []
    _split(expression, region, (), cases)
    return cases


def _split(expression: sp.Basic, region: Region, labels: tuple[str, ...], cases: list[BreakpointCase]) -> None:
    atom = _innermost(expression)
    if atom is None:
        cases.append(BreakpointCase(expression, region, ", ".join(labels)))
        if len(cases) > MAX_CASES:
            raise TooManyCasesError
        return
    for value, conditions in _pieces(atom):
        narrowed: Region | None = region
        for condition in conditions:
            narrowed = narrowed.with_condition(condition) if narrowed is not None else None
        if narrowed is None:
            continue  # contradictory on the domain
        words = " and ".join(to_text(c) for c in conditions if c is not sp.true)
        label = f"{to_text(atom)} = {to_text(value)} where {words}" if words else f"{to_text(atom)} = {to_text(value)}"
        _split(expression.xreplace({atom: value}), narrowed, (*labels, label), cases)


# How a case is decided: (expression, region) -> how, or None.
CaseDecision = Callable[[sp.Basic, Region], str | None]


def decide_cases(
    expression: sp.Basic, region: Region, decide: CaseDecision
) -> tuple[list[tuple[str, sp.Basic]], str | None]:
    """Each case decided in turn: the steps (action, expression) and None, or the failing case's label."""
    try:
        cases = breakpoint_cases(expression, region)
    except TooManyCasesError:
        return [], "too many breakpoint cases"
    if not cases:
        return [], "every case was found impossible (contradictory hypotheses?)"
    steps: list[tuple[str, sp.Basic]] = []
    for case in cases:
        how = decide(case.expression, case.region)
        if how is None:
            return steps, f"the case {case.label or 'without breakpoints'}"
        steps.append((f"Case {case.label}: {how}", case.expression))
    return steps, None
