"""Floating-point facts are decided by running NumPy in float64, apart from exact mathematics."""

from __future__ import annotations

import sympy as sp

from verifier import Eq, Variables, Verdict, claim, exp, softmax, vector, verify
from verifier.language.claims import ClaimKind

v = Variables()
x = v.scalar("x")


def test_overflow_to_inf_is_proved_as_a_float64_fact() -> None:
    """np.exp(800) is inf in float64: proved by running it, labelled float64."""
    fact = claim(v, id="exp-800", statement=Eq(exp(800), sp.oo), float64=True)
    outcome = verify(fact)
    assert fact.kind is ClaimKind.FLOAT64
    assert outcome.verdict is Verdict.PROVED and outcome.proof is not None
    assert "float64" in outcome.proof.method


def test_false_float_fact_is_refuted_with_the_float_values() -> None:
    """exp(700) is finite in float64: the counterexample shows both float64 values."""
    outcome = verify(claim(v, id="exp-700", statement=Eq(exp(700), sp.oo), float64=True))
    assert outcome.verdict is Verdict.REFUTED and outcome.counterexample is not None
    assert outcome.counterexample.arithmetic == "float64" and outcome.counterexample.rhs == "inf"


def test_nan_equals_nan() -> None:
    """The naive softmax of huge logits is nan in float64; == treats nan as equal to nan."""
    fact = claim(v, id="naive", statement=Eq(softmax(vector(1000, 1001, 1002), 3), sp.nan), float64=True)
    assert verify(fact).verdict is Verdict.PROVED


def test_sampled_fact_with_variables_is_undecided() -> None:
    """A float64 statement over a variable is only sampled, so it is never proved."""
    outcome = verify(claim(v, id="sampled", statement=Eq(x + 0, x), float64=True))
    assert outcome.verdict is Verdict.UNDECIDED and "sampled" in (outcome.reason or "")
