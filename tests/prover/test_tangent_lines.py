"""Tangent lines of log and exp inside sums, with constants spread over a weight's mass.

The property test draws Gibbs' inequality and its family (entropy bounds, cross-entropy
against entropy, the generalised KL divergence, the log-sum inequality, Jensen for
log-sum-exp), unmutated or mutated (a factor 2 or 1/2, a constant ±1/3 or ±1e-9, the
relation flipped or strict), and proves each with the symbolic prover: a proof must hold
exactly at the point where the inequality is tight and at random points of every size
1..8 (``inequality_families``).
"""

from __future__ import annotations

import sympy as sp
from inequality_families import Family, check, constant, m, mutants, power_of, spiky, tight_at, uniform
from strategies import explore, simplex_point

from verifier import Ge, Le, Variables, claim, logsumexp, softmax
from verifier.problem import problems_of
from verifier.prover.symbolic import prove_symbolic


def _entropy(s):  # type: ignore[no-untyped-def]
    return -sp.Sum(s.p[m] * sp.log(s.p[m]), (m, 1, s.K))


FAMILIES = (
    Family(
        "KL(p, q) >= 0",
        lambda s: (sp.Integer(0), sp.Sum(s.p[m] * sp.log(s.p[m] / s.q[m]), (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, p=(p := simplex_point(draw, size)), q=p),
    ),
    Family(
        "H(p) <= log K",
        lambda s: (_entropy(s), sp.log(s.K)),
        lambda size, draw: tight_at(draw, size, p=uniform(size)),
    ),
    Family(
        "H(p) >= 0",
        lambda s: (sp.Integer(0), _entropy(s)),
        lambda size, draw: tight_at(draw, size, p=spiky(size)),
    ),
    Family(
        "CE(p, q) >= H(p)",
        lambda s: (_entropy(s), -sp.Sum(s.p[m] * sp.log(s.q[m]), (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, p=(p := simplex_point(draw, size)), q=p),
    ),
    Family(
        "generalised KL(a, b) >= 0",
        lambda s: (sp.Integer(0), sp.Sum(s.a[m] * sp.log(s.a[m] / s.b[m]) - s.a[m] + s.b[m], (m, 1, s.K))),
        lambda size, draw: tight_at(
            draw, size, a=constant(size, sp.Rational(3, 7)), b=constant(size, sp.Rational(3, 7))
        ),
    ),
    Family(
        "log-sum inequality",
        lambda s: (
            sp.Sum(s.a[m], (m, 1, s.K)) * sp.log(sp.Sum(s.a[m], (m, 1, s.K)) / sp.Sum(s.b[m], (m, 1, s.K))),
            sp.Sum(s.a[m] * sp.log(s.a[m] / s.b[m]), (m, 1, s.K)),
        ),
        lambda size, draw: tight_at(draw, size, a=(a := [x + 1 for x in uniform(size)]), b=[2 * x for x in a]),
    ),
    Family(
        "KL(p, softmax(z)) >= 0",
        lambda s: (sp.Integer(0), sp.Sum(s.p[m] * sp.log(s.p[m] / softmax(s.z, m)), (m, 1, s.K))),
        lambda size, draw: tight_at(draw, size, p=uniform(size), z=constant(size, sp.Rational(9, 4))),
    ),
    Family(
        "logsumexp(z) >= Σ p z + H(p)",
        lambda s: (sp.Sum(s.p[m] * s.z[m], (m, 1, s.K)) + _entropy(s), logsumexp(s.z)),
        lambda size, draw: tight_at(draw, size, p=uniform(size), z=constant(size, -sp.Rational(1, 5))),
    ),
    Family(
        "Jensen: logsumexp(z) >= mean(z) + log K",
        lambda s: (sp.Sum(s.z[m], (m, 1, s.K)) / s.K + sp.log(s.K), logsumexp(s.z)),
        lambda size, draw: tight_at(draw, size, z=constant(size, sp.Rational(-5, 2))),
    ),
)


class TestGroundTruth:
    def test_gibbs_family_and_mutants(self) -> None:
        """No mutant false at its tight point or at a random point is proved; every unmutated statement is."""
        count, share = power_of(explore(mutants(FAMILIES), check, examples=28))
        assert count >= 10 and share == 1.0, (count, share)


class TestKnownCases:
    def test_entropy_at_most_half_log_k_is_not_proved(self) -> None:
        """H(p) <= log(K)/2 is false at the uniform p of size 2: no proof."""
        names = Variables()
        K = names.size("K")
        p = names.vector("p", K, domain=__import__("verifier").Domain.SIMPLEX)
        statement = Le(-sp.Sum(p[m] * sp.log(p[m]), (m, 1, K)), sp.log(K) / 2)
        (problem,) = problems_of(claim(names, id="c", statement=statement))
        assert prove_symbolic(problem).proof is None

    def test_the_proof_prints_the_tangent_line(self) -> None:
        """Gibbs' proof names the tangent line it used."""
        names = Variables()
        K = names.size("K")
        p, q = (names.vector(x, K, domain=__import__("verifier").Domain.SIMPLEX) for x in "pq")
        statement = Ge(sp.Sum(p[m] * sp.log(p[m] / q[m]), (m, 1, K)), 0)
        (problem,) = problems_of(claim(names, id="c", statement=statement))
        proof = prove_symbolic(problem).proof
        assert proof is not None and any(
            "log u >= 1 - 1/u" in step.action and "log(p[" in step.action for step in proof.steps
        )
