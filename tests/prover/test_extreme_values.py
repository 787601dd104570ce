"""Max(v) and Min(v) of a vector of symbolic length: attained, and bounding every entry.

The property test draws bounds by and of the largest and smallest entries (an entry
against Max and Min, log-sum-exp between Max(z) and Max(z) + log K, the mean between
Min and Max, Min(z) + log K <= log-sum-exp), unmutated or mutated, and proves each with
the symbolic prover: a proof must hold exactly where the bound is tight (equal entries,
the index at the largest entry, K = 1) and at random points of every size 1..8.
"""

from __future__ import annotations

import sympy as sp
from inequality_families import Family, check, constant, m, mutants, power_of, tight_at
from strategies import explore

from verifier import Le, Variables, claim, logsumexp, vmax, vmin
from verifier.problem import problems_of
from verifier.prover.symbolic import prove_symbolic


def _at_largest(size, draw):  # type: ignore[no-untyped-def]
    point, _ = tight_at(draw, size)
    largest = max(range(size), key=lambda i: point["z"][i])
    return point, largest + 1


def _at_smallest(size, draw):  # type: ignore[no-untyped-def]
    point, _ = tight_at(draw, size)
    smallest = min(range(size), key=lambda i: point["z"][i])
    return point, smallest + 1


FAMILIES = (
    Family("z[j] <= Max(z)", lambda s: (s.z[s.j], vmax(s.z)), _at_largest),
    Family("Min(z) <= z[j]", lambda s: (vmin(s.z), s.z[s.j]), _at_smallest),
    Family(
        "logsumexp(z) <= Max(z) + log K",
        lambda s: (logsumexp(s.z), vmax(s.z) + sp.log(s.K)),
        lambda size, draw: tight_at(draw, size, z=constant(size, sp.Rational(5, 3))),
    ),
    Family(
        "Max(z) <= logsumexp(z)",
        lambda s: (vmax(s.z), logsumexp(s.z)),
        lambda size, draw: tight_at(draw, size, z=[sp.Rational(1, 2)] + [sp.Integer(-60)] * (size - 1)),
    ),
    Family(
        "mean(z) <= Max(z)",
        lambda s: (sp.Sum(s.z[m], (m, 1, s.K)) / s.K, vmax(s.z)),
        lambda size, draw: tight_at(draw, size, z=constant(size, sp.Rational(-1, 3))),
    ),
    Family(
        "Min(z) + log K <= logsumexp(z)",
        lambda s: (vmin(s.z) + sp.log(s.K), logsumexp(s.z)),
        lambda size, draw: tight_at(draw, size, z=constant(size, sp.Rational(7, 2))),
    ),
)


class TestGroundTruth:
    def test_extreme_entry_bounds_and_mutants(self) -> None:
        """No mutant false at its tight point or at a random point is proved; every unmutated statement is."""
        count, share = power_of(explore(mutants(FAMILIES), check, examples=24))
        assert count >= 8 and share == 1.0, (count, share)


class TestKnownCases:
    def test_max_is_not_an_arbitrary_entry(self) -> None:
        """Max(z) <= z[j] is false (z = (0, 1), j = 1): attained at some index is not at every index."""
        names = Variables()
        K = names.size("K")
        z = names.vector("z", K)
        j = names.index("j", K)
        (problem,) = problems_of(claim(names, id="c", statement=Le(vmax(z), z[j])))
        assert prove_symbolic(problem).proof is None

    def test_log_sum_exp_is_not_below_max(self) -> None:
        """logsumexp(z) <= Max(z) is false (K = 2, z = 0): no proof, though every entry is below Max."""
        names = Variables()
        K = names.size("K")
        z = names.vector("z", K)
        (problem,) = problems_of(claim(names, id="c", statement=Le(logsumexp(z), vmax(z))))
        assert prove_symbolic(problem).proof is None
