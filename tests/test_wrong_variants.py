"""Deliberately wrong variants of true claims: each must be refuted with a counterexample.

A sign flip, a dropped term, a swapped index, a factor of 2, a missing hypothesis: the
mistakes articles make. A verifier that proves any of these is worse than none.
"""

from __future__ import annotations

import pytest

from verifier import (
    Domain,
    Eq,
    Gt,
    KroneckerDelta,
    Lt,
    Sum,
    Variables,
    Verdict,
    claim,
    diff,
    exp,
    log,
    logsumexp,
    softmax,
    summation_index,
    verify_all,
    vmax,
)

v = Variables()
K = v.size("K")
z = v.vector("z", K)
t = v.vector("t", K, Domain.SIMPLEX)
q = v.vector("q", K, Domain.POSITIVE)
i = v.index("i", K)
j = v.index("j", K)
k = v.index("k", K)
c = v.scalar("c")
m = summation_index("m")


def y(index):  # type: ignore[no-untyped-def]
    return softmax(z, index)


def ce(labels):  # type: ignore[no-untyped-def]
    return -Sum(labels[m] * log(softmax(z, m)), (m, 1, K))


mse = Sum((KroneckerDelta(m, j) - softmax(z, m)) ** 2, (m, 1, K))

WRONG = [
    claim(v, id="jacobian-sign-flip", statement=Eq(diff(y(i), z[j]), -y(i) * (KroneckerDelta(i, j) - y(j)))),
    claim(v, id="jacobian-dropped-term", statement=Eq(diff(y(i), z[j]), y(i) * KroneckerDelta(i, j))),
    claim(v, id="jacobian-swapped-index", statement=Eq(diff(y(i), z[j]), y(i) * (KroneckerDelta(i, j) - y(i)))),
    claim(v, id="jacobian-diagonal-wrong-index", statement=Eq(diff(y(i), z[j]), y(i) * (1 - y(j)))),
    claim(v, id="jacobian-factor-two", statement=Eq(diff(y(i), z[j]), 2 * y(i) * (KroneckerDelta(i, j) - y(j)))),
    claim(v, id="off-diagonal-missing-hypothesis", statement=Eq(diff(y(i), z[j]), -y(i) * y(j))),
    claim(v, id="off-diagonal-sign-missing-hypothesis", statement=Lt(diff(y(j), z[k]), 0)),
    claim(v, id="ce-gradient-missing-sum-to-one", statement=Eq(diff(ce(q), z[j]), y(j) - q[j])),
    claim(v, id="ce-gradient-sign-flip", statement=Eq(diff(ce(t), z[j]), t[j] - y(j))),
    claim(v, id="ce-gradient-swapped-index", statement=Eq(diff(ce(t), z[j]), y(k) - t[j])),
    claim(v, id="ce-gradient-factor-two", statement=Eq(diff(ce(t), z[j]), 2 * (y(j) - t[j]))),
    claim(v, id="ce-general-dropped-sum", statement=Eq(diff(ce(q), z[j]), y(j) * q[j] - q[j])),
    claim(v, id="mse-gradient-one-path", statement=Eq(diff(mse, z[j]), -2 * y(j) * (1 - y(j)) ** 2)),
    claim(v, id="mse-gradient-factor-two", statement=Eq(diff(mse, z[j]), -4 * y(j) * mse)),
    claim(v, id="sum-to-one-off-by-one", statement=Eq(Sum(y(m), (m, 1, K)), K)),
    claim(v, id="shift-wrong-sign", statement=Eq(exp(z[j] - c) / Sum(exp(z[m] + c), (m, 1, K)), y(j))),
    claim(v, id="inverse-wrong-constant", statement=Eq(log(y(j)) - logsumexp(z), z[j])),
    claim(v, id="diagonal-positive-without-two-classes", statement=Gt(diff(y(j), z[j]), 0)),
]

# Version 2 of the language: definitions, double sums, Max(v), labels; each wrong by one term.
a, b = summation_index("a"), summation_index("b")
s = v.vector("s", K, Domain.SIGN)
J = v.define_matrix("J", i, j, softmax(z, i) * (KroneckerDelta(i, j) - softmax(z, j)))
LSE = v.define("LSE", logsumexp(z))
quadratic = Sum(Sum(q[a] * J[a, b] * q[b], (b, 1, K)), (a, 1, K))
WRONG += [
    claim(v, id="quadratic-form-factor-two", statement=Eq(
        quadratic, Sum(q[a] ** 2 * softmax(z, a), (a, 1, K)) - 2 * Sum(q[a] * softmax(z, a), (a, 1, K)) ** 2)),
    claim(v, id="gradient-sum-is-zero", statement=Eq(Sum(diff(LSE, z[m]), (m, 1, K)), 0)),
    claim(v, id="sigmoid-sums-off-by-one", statement=Eq(
        Sum(1 / (1 + exp(-z[m])), (m, 1, K)), Sum(exp(z[m]) / (exp(z[m]) + 2), (m, 1, K)))),
    claim(v, id="largest-entry-plus-one", statement=Gt(vmax(z), z[j] + 1)),
    claim(v, id="labels-sum-to-size", statement=Eq(Sum(s[m], (m, 1, K)), K)),
]  # fmt: skip


@pytest.fixture(scope="module")
def outcomes() -> dict[str, object]:
    return {o.claim_id: o for o in verify_all(WRONG, timeout=120)}


@pytest.mark.parametrize("wrong", WRONG, ids=[w.id for w in WRONG])
def test_wrong_variant_is_refuted(wrong, outcomes) -> None:  # type: ignore[no-untyped-def]
    """A wrong variant is refuted, with a counterexample, and never proved."""
    outcome = outcomes[wrong.id]
    assert outcome.verdict is Verdict.REFUTED, f"{outcome.verdict.value}: {outcome.reason}"
    assert outcome.counterexample is not None
