"""Mutants of every proved claim (catalogue and examples/): a false one is refuted, never proved.

Each proved claim is edited the way derivations go wrong (``bench/mutants.py``: a factor
2, a shift by 1/3, one term's sign, two indices of the same range swapped, the
inequality flipped, a chain step doubled). A mutant that the falsifier refutes must come
back refuted: never proved, never "verifier inconsistency". Some edits leave the claim
true; those are listed below with the reason, and must never come back refuted. One
mutant per claim (the rare kinds first, the others rotating) keeps the run near a minute;
``python -m bench.soundness`` runs them all.
"""

from __future__ import annotations

import pytest

from bench.mutants import KINDS, Mutant, mutants, proved_claims, sample
from verifier import Outcome, Verdict, verify_all

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

ALL = list(mutants(proved_claims()))
CHOSEN = sample(ALL, per_claim=1, prefer=("flip", "swap", "step"))


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    """The chosen mutants verified with two workers, as the catalogue is."""
    return {o.claim_id: o for o in verify_all([m.claim for m in CHOSEN], jobs=2, timeout=60)}


def test_every_kind_is_covered() -> None:
    """The chosen mutants include every kind of edit."""
    assert {m.kind for m in CHOSEN} == set(KINDS)


def test_listed_true_mutants_exist() -> None:
    """Every mutant listed as true is one of the mutants (the list does not rot)."""
    assert set(TRUE_MUTANTS) <= {m.id for m in ALL}


@pytest.mark.parametrize("mutant", CHOSEN, ids=[m.id for m in CHOSEN])
def test_mutant(mutant: Mutant, outcomes: dict[str, Outcome]) -> None:
    """A false mutant comes back refuted; a true one (listed) never refuted, never an error."""
    outcome = outcomes[mutant.id]
    if mutant.id in TRUE_MUTANTS:
        assert outcome.verdict in (Verdict.PROVED, Verdict.UNDECIDED), f"{outcome.verdict.value}: {outcome.reason}"
    else:
        assert outcome.verdict is Verdict.REFUTED, f"{mutant.claim.display}: {outcome.verdict.value}, {outcome.reason}"
