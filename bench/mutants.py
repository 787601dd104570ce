"""Mutants of proved claims: small edits that usually make a true claim false.

Shared by the mutant test (``tests/test_mutants.py``) and the soundness bench
(``bench/soundness.py``). Each kind is one edit a derivation gets wrong:

- ``factor``: a factor 2 on one side: the right side of an equality (the left where the
  right is 0), the smaller side of an inequality (never an inequality against 0, which
  a positive factor leaves true);
- ``shift``: 1/3 added to the right side of an equality, to the smaller side of an
  inequality (so that the bound gets tighter, not looser);
- ``sign``: one term's sign flipped (the first term of the side, or the whole side when
  it is not a sum): the left side of an equality, the larger side of an inequality;
- ``swap``: two indices of the same range swapped on one side;
- ``flip``: an inequality turned around (< to >, <= to >=);
- ``step``: a middle step of a chain doubled.

A mutant keeps the claim's declarations and assumptions and expects ``refuted``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import sympy as sp

from verifier import Claim, Verdict
from verifier.language.declarations import Kind

__all__ = ["KINDS", "Mutant", "mutants", "proved_claims", "sample"]

KINDS = ("factor", "shift", "sign", "swap", "flip", "step")
ROOT = Path(__file__).resolve().parent.parent
FLIPPED = {
    sp.StrictLessThan: sp.StrictGreaterThan,
    sp.StrictGreaterThan: sp.StrictLessThan,
    sp.LessThan: sp.GreaterThan,
    sp.GreaterThan: sp.LessThan,
}


@dataclass(frozen=True)
class Mutant:
    """A claim with one edit: which claim, which kind of edit, and the mutated claim."""

    original: str
    kind: str
    claim: Claim

    @property
    def id(self) -> str:
        return self.claim.id


def proved_claims() -> list[Claim]:
    """Every claim of the catalogue and of examples/*.claims.toml expected proved (not float64 facts)."""
    from derivations import CATALOGUE
    from verifier.language.claim_files import load_all

    files = load_all(sorted((ROOT / "examples").glob("*.claims.toml")))
    claims = [*CATALOGUE, *(claim for loaded in files for claim in loaded.claims)]
    return [c for c in claims if c.expected is Verdict.PROVED and not c.float64]


def _relation(relation: sp.Basic, lhs: sp.Basic, rhs: sp.Basic, kind: type | None = None) -> sp.Basic:
    return (kind or type(relation))(lhs, rhs, evaluate=False)


def _sign_flipped(expression: sp.Basic) -> sp.Basic:
    if isinstance(expression, sp.Add):
        first, *rest = expression.args
        return sp.Add(-first, *rest, evaluate=False)
    return -expression


def _same_range_indices(claim: Claim, expression: sp.Basic) -> tuple[sp.Symbol, sp.Symbol] | None:
    indices = [d for d in claim.declarations if d.kind is Kind.INDEX and expression.has(d.symbol)]
    for first, second in itertools.combinations(indices, 2):
        if first.size == second.size:
            return first.symbol, second.symbol
    return None


def _mutated_statement(claim: Claim, kind: str) -> sp.Basic | None:
    statement = claim.statement
    assert statement is not None
    lhs, rhs = statement.lhs, statement.rhs
    inequality = not isinstance(statement, sp.Equality)
    # An inequality's smaller side: the left of < and <=, the right of > and >=.
    smaller_left = isinstance(statement, sp.StrictLessThan | sp.LessThan)

    def on_side(left: bool, edit) -> sp.Basic:  # type: ignore[no-untyped-def]
        return _relation(statement, edit(lhs), rhs) if left else _relation(statement, lhs, edit(rhs))

    if kind == "factor":
        # Against 0 a factor changes nothing: 2 f == 0 and 2 f < 0 say what f == 0 and f < 0 say.
        if lhs == 0 or rhs == 0:
            return None
        return on_side(smaller_left if inequality else False, lambda side: 2 * side)
    if kind == "shift":
        return on_side(inequality and smaller_left, lambda side: side + sp.Rational(1, 3))
    if kind == "sign":
        left = not inequality or not smaller_left
        if (lhs if left else rhs) == 0:
            left = not left
        side = lhs if left else rhs
        if not isinstance(side, sp.Add) and (rhs if left else lhs) == 0 and not inequality:
            return None  # -f == 0 says what f == 0 says
        return on_side(left, _sign_flipped)
    if kind == "swap":
        for side in (rhs, lhs):
            pair = _same_range_indices(claim, side)
            if pair is not None:
                first, second = pair
                swapped = side.xreplace({first: second, second: first})
                if swapped == side:
                    continue
                return _relation(statement, lhs, swapped) if side is rhs else _relation(statement, swapped, rhs)
        return None
    if kind == "flip":
        return _relation(statement, lhs, rhs, FLIPPED[type(statement)]) if inequality else None
    return None


def _mutated(claim: Claim, kind: str) -> Claim | None:
    fields = {"id": f"{claim.id}.{kind}", "expected": Verdict.REFUTED, "text": "", "corrects": None, "unstated": ()}
    if claim.steps:
        if kind == "step":
            steps = list(claim.steps)
            steps[1] = 2 * steps[1]
            return replace(claim, steps=tuple(steps), **fields)  # type: ignore[arg-type]
        if kind == "shift":
            return replace(claim, steps=(*claim.steps[:-1], claim.steps[-1] + sp.Rational(1, 3)), **fields)  # type: ignore[arg-type]
        return None
    if kind == "step":
        return None
    statement = _mutated_statement(claim, kind)
    if statement is None or statement in (sp.true, sp.false) or statement == claim.statement:
        return None
    return replace(claim, statement=statement, **fields)  # type: ignore[arg-type]


def mutants(claims: Sequence[Claim]) -> Iterator[Mutant]:
    """Every applicable mutant of each claim, in the claims' order and the kinds' order."""
    for claim in claims:
        for kind in KINDS:
            mutated = _mutated(claim, kind)
            if mutated is not None:
                yield Mutant(claim.id, kind, mutated)


def sample(all_mutants: Sequence[Mutant], per_claim: int, prefer: Sequence[str] = ()) -> list[Mutant]:
    """At most ``per_claim`` mutants of each claim (deterministic): of the ``prefer`` kinds
    where the claim has them (the rare ones), the kinds rotating from claim to claim, so
    that every kind is covered across the claims."""
    by_claim: dict[str, list[Mutant]] = {}
    for mutant in all_mutants:
        by_claim.setdefault(mutant.original, []).append(mutant)
    chosen: list[Mutant] = []
    for number, group in enumerate(by_claim.values()):
        preferred = [m for m in group if m.kind in prefer] or group
        start = number % len(preferred)
        chosen += (preferred[start:] + preferred[:start])[:per_claim]
    return chosen
