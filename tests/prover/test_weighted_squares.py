"""Weighted sums of squares through the square of the weighted sum.

The property test draws the variance family (Σ p v^2 >= (Σ p v)^2 and the weighted
variance, Cauchy–Schwarz against the ones, Σ p^2 >= 1/K, the quadratic form of the
softmax Jacobian, (Σ a v)^2 <= Σ a Σ a v^2 for positive weights), unmutated or mutated,
and proves each with the symbolic prover: a proof must hold exactly where the inequality
is tight (constant v, uniform p) and at random points of every size 1..8.
"""

from __future__ import annotations

import sympy as sp
from inequality_families import Family, check, constant, m, mutants, n, power_of, tight_at, uniform
from strategies import explore

from verifier import Domain, Ge, Variables, claim, softmax
from verifier.problem import problems_of
from verifier.prover.symbolic import prove_symbolic


def _mean(s, weight):  # type: ignore[no-untyped-def]
    return sp.Sum(weight(n) * s.v[n], (n, 1, s.K))


FAMILIES = (
    Family(
        "(Σ p v)^2 <= Σ p v^2",
        lambda s: (sp.Sum(s.p[m] * s.v[m], (m, 1, s.K)) ** 2, sp.Sum(s.p[m] * s.v[m] ** 2, (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, v=constant(size)),
    ),
    Family(
        "0 <= Σ p (v - Σ p v)^2",
        lambda s: (sp.Integer(0), sp.Sum(s.p[m] * (s.v[m] - _mean(s, lambda i: s.p[i])) ** 2, (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, v=constant(size)),
    ),
    Family(
        "(Σ w)^2 <= K Σ w^2",
        lambda s: (sp.Sum(s.w[m], (m, 1, s.K)) ** 2, s.K * sp.Sum(s.w[m] ** 2, (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, w=constant(size, sp.Rational(-7, 3))),
    ),
    Family(
        "1/K <= Σ p^2",
        lambda s: (1 / s.K, sp.Sum(s.p[m] ** 2, (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, p=uniform(size)),
    ),
    Family(
        "(Σ s v)^2 <= Σ s v^2, s = softmax(z)",
        lambda s: (
            sp.Sum(softmax(s.z, m) * s.v[m], (m, 1, s.K)) ** 2,
            sp.Sum(softmax(s.z, m) * s.v[m] ** 2, (m, 1, s.K)),
        ),
        lambda size, draw: tight_at(draw, size, v=constant(size)),
    ),
    Family(
        "(Σ a v)^2 <= Σ a Σ a v^2",
        lambda s: (
            sp.Sum(s.a[m] * s.v[m], (m, 1, s.K)) ** 2,
            sp.Sum(s.a[m], (m, 1, s.K)) * sp.Sum(s.a[m] * s.v[m] ** 2, (m, 1, s.K)),
        ),
        lambda size, draw: tight_at(draw, size, v=constant(size)),
    ),
)


class TestGroundTruth:
    def test_variance_family_and_mutants(self) -> None:
        """No mutant false at its tight point or at a random point is proved; every unmutated statement is."""
        count, share = power_of(explore(mutants(FAMILIES), check, examples=16))
        assert count >= 5 and share == 1.0, (count, share)


class TestKnownCases:
    def test_weights_of_unknown_sign_are_refused(self) -> None:
        """(Σ w v)^2 <= (Σ w)(Σ w v^2) is false for real weights (w = (1, -1), v = (1, 0)): no proof."""
        names = Variables()
        K = names.size("K")
        w, v = names.vector("w", K), names.vector("v", K)
        statement = Ge(
            sp.Sum(w[m], (m, 1, K)) * sp.Sum(w[m] * v[m] ** 2, (m, 1, K)) - sp.Sum(w[m] * v[m], (m, 1, K)) ** 2, 0
        )
        (problem,) = problems_of(claim(names, id="c", statement=statement))
        assert prove_symbolic(problem).proof is None

    def test_softmax_jacobian_quadratic_form(self) -> None:
        """v'(diag(s) - s s')v >= 0 written as a double sum with a Kronecker delta is proved for every K."""
        names = Variables()
        K = names.size("K")
        v, z = names.vector("v", K), names.vector("z", K, Domain.REAL)
        jacobian = softmax(z, m) * sp.KroneckerDelta(m, n) - softmax(z, m) * softmax(z, n)
        statement = Ge(sp.Sum(v[m] * jacobian * v[n], (n, 1, K), (m, 1, K)), 0)
        (problem,) = problems_of(claim(names, id="c", statement=statement))
        proof = prove_symbolic(problem).proof
        assert proof is not None and any("Σ f g^2" in step.action for step in proof.steps)
