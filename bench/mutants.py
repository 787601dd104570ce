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

__all__ = ["KINDS", "TRUE_MUTANTS", "Mutant", "mutants", "proved_claims", "sample"]

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


SQUARE_POSITIVE = "(d s_b / d w_a)^2 = s_b^2 (delta_ab - s_a)^2 > 0 for K >= 2, either way round"
SWAPPED_SYMMETRIC = "the formula is symmetric in the two indices (or its assumption is): swapping renames"
LOOSER = "the edit loosens the bound, which the claim satisfies with room to spare"
# Each mutant that is true, with the reason (checked by hand, not by the prover).
TRUE_MUTANTS = {
    "scd-eq1-depends-on-every-input.swap": SQUARE_POSITIVE,
    "softmax-depends-on-every-input.swap": SQUARE_POSITIVE,
    "scd-numerator-derivative.swap": "exp(z_j) delta_ij = exp(z_i) delta_ij: the delta makes i = j",
    "softmax-output-depends-on-other-inputs.swap": SWAPPED_SYMMETRIC,
    "nsl-jacobian-off-diagonal-negative.swap": SWAPPED_SYMMETRIC,
    "cvm-softmax-depends-on-other-logits.swap": SWAPPED_SYMMETRIC,
    "scd-eq4-jacobian-off-diagonal.swap": SWAPPED_SYMMETRIC,
    "jacobian-off-diagonal.swap": SWAPPED_SYMMETRIC,
    "softmax-jacobian.swap": "(delta_ij - s_i) s_j = s_i (delta_ij - s_j): the delta makes i = j where it counts",
    "sigmoid-layer-is-local.swap": SWAPPED_SYMMETRIC,
    "softmax-jacobian-off-diagonal-at-most-quarter.swap": SWAPPED_SYMMETRIC,
    "scd-notation-weight-of-other-output-irrelevant.swap": SWAPPED_SYMMETRIC,
    "act-sigmoid-regression-target-below-range.factor": "sigma(x) > 0 >= 2t for t <= 0",
    "act-accuracy-discontinuous.sign": "the edit leaves the statement as it was (the same difference of two steps)",
    "exp-above-cubic-over-thousand.factor": "exp(x) >= c x^3 holds for every c <= e^3/27 (about 0.744), so for 1/500",
    "logistic-regression-hessian.swap": "the Hessian sum_n s_n (1 - s_n) X_nr X_nc is symmetric in r and c",
    "nsl-weight-gradient-true-class.swap": "under Eq(j, c) swapping j and c changes nothing",
    "layer-weight-gradient.swap": "delta_ip is symmetric in i and p",
    "layer-bias-gradient.swap": "delta_ip is symmetric in i and p",
    "cvm-ce-gradient-magnitude-decreasing.shift": "d|u - 1|/du = -1 on (0, 1), and -1 + 1/3 < 0",
    "nsl-eq80-cost-decreasing.shift": "-1/u + 1/3 < 0 since 1/u > 1 on (0, 1)",
    "mse-gradient-vanishes-with-the-true-class.factor": LOOSER + " (the bound -4 s_p is negative)",
    "mse-gradient-vanishes-with-the-true-class.sign": "dL/dz_p = -2 s_p ((1 - s_p)^2 + sum_(m!=p) s_m^2) <= 0",
    "mse-softmax-gradient-upper-bound.factor": "dL/dz_p <= -2 s_p (1 - s_p)^2 < -s_p (1 - s_p)^2 (0 < s_p < 1)",
    "mse-softmax-gradient-upper-bound.sign": "dL/dz_p <= 0 < 2 s_p (1 - s_p)^2",
    "mse-softmax-gradient-lower-bound.factor": LOOSER + " (the bound -4 s_p (1 - s_p)^2 is at most 0)",
    "mse-softmax-gradient-lower-bound.sign": "dL/dz_p <= 0 <= 4 s_p (1 - s_p)^2",
    "ce-gradient-does-not-vanish-when-wrong.factor": "2u - 2 < -1 < -1/2 for u < 1/2",
    "ce-gradient-does-not-vanish-when-wrong.sign": "u - 1 < 0 < 1/2",
    "act-tanh-range-lower.factor": LOOSER + " (tanh > -1 > -2)",
    "act-tanh-range-lower.sign": "-tanh(x) > -1 is tanh(x) < 1",
    "relu-gradient-smaller-for-negative-inputs.factor": "relu'(x) = 0 for x < 0, and 0 < sigma'(x)",
    "act-relu-nonlinear.factor": "2 relu(0) = 0 < relu(-1) + relu(1) = 1",
    "act-relu-nonlinear.shift": "relu(0) + 1/3 = 1/3 < 1",
    "nsl-sigmoid-outputs-need-not-sum-to-one.shift": "sigma(1) = 0.731... > 2/3",
    "bernoulli-log-likelihood-concave.shift": "each x_n adds -1/mu^2 or -1/(1 - mu)^2, at most -1: below -1/3",
    "act-exp-10-exceeds-20000.shift": "e^10 = 22026.4... > 20000 + 1/3",
    "act-exp-100-has-forty-odd-zeros.factor": "e^100 = 2.688...e43 > 2e43",
    "act-exp-100-has-forty-odd-zeros.shift": "e^100 = 2.688...e43 > 1e43 + 1/3",
    "act-exp-100-below-10-to-44.factor": "2 e^100 = 5.376...e43 < 1e44",
    "act-exp-100-below-10-to-44.shift": "e^100 + 1/3 < 1e44",
    "scd-exp800-exceeds-float64-max.shift": "1024 log 2 + 1/3 = 710.1... < 800",
    "act-e1000-exceeds-float64-max.shift": "1024 log 2 + 1/3 = 710.1... < 1000",
}
