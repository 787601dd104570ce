"""The numeric cross-check: finds confirmed counterexamples, raises no false alarms."""

from __future__ import annotations

import sympy as sp

from verifier import Domain, Eq, Gt, Sum, Variables, claim, diff, log, softmax, summation_index
from verifier.numeric.crosscheck import cross_check, exact_search
from verifier.problem import problems_of

v = Variables()
K = v.size("K")
z = v.vector("z", K)
q = v.vector("q", K, Domain.POSITIVE)
j = v.index("j", K)
k = v.index("k", K)
x = v.scalar("x")
m = summation_index("m")


def check(statement, seed: int = 0, **kw):  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **kw))
    return cross_check(problem, seed)


class TestCrossCheck:
    def test_true_derivative_claim_agrees(self) -> None:
        """A true Jacobian agrees at every point to well within 1e-9."""
        result = check(Eq(diff(softmax(z, j), z[k]), softmax(z, j) * (sp.KroneckerDelta(j, k) - softmax(z, k))))
        assert result.counterexample is None and result.evidence is not None
        assert result.evidence.points >= 40 and result.evidence.max_abs_error < 1e-9
        assert result.evidence.sizes == (1, 2, 4)

    def test_missing_hypothesis_gives_a_confirmed_counterexample(self) -> None:
        """y - q is not the gradient for labels that do not sum to 1: a confirmed counterexample."""
        loss = -Sum(q[m] * log(softmax(z, m)), (m, 1, K))
        result = check(Eq(diff(loss, z[j]), softmax(z, j) - q[j]))
        assert result.counterexample is not None
        assert result.counterexample.digits == 50
        assert set(result.counterexample.values) == {"z", "q"}

    def test_seed_is_recorded_and_reproducible(self) -> None:
        """The same seed samples the same points; the seed is in the evidence."""
        first, second = check(Eq(x * 2, x + x), seed=7), check(Eq(x * 2, x + x), seed=7)
        assert first.evidence == second.evidence and first.evidence is not None
        assert first.evidence.seed == 7

    def test_tiny_error_is_found_by_exact_search(self) -> None:
        """A claim off by 1e-15 passes float64 but not the exact search."""
        result = check(Eq(sp.exp(x), sp.exp(x) + sp.Rational(1, 10**15)))
        assert result.counterexample is None
        found, checked = exact_search(result.samples, 2)
        assert found is not None and checked >= 1

    def test_inequality_tie_at_size_one(self) -> None:
        """d softmax_j / dz_j > 0 fails at K = 1, where the derivative is exactly 0."""
        result = check(Gt(diff(softmax(z, j), z[j]), 0))
        assert result.counterexample is not None and result.counterexample.sizes["K"] == 1

    def test_overflow_is_counted_not_failed(self) -> None:
        """exp(x) == exp(x) at huge x overflows in float64: counted, not a counterexample."""
        result = check(Eq(sp.exp(x), sp.exp(x)), spread=2000.0)
        assert result.counterexample is None and result.evidence is not None
        assert result.evidence.overflow_points > 0


def test_exact_search_of_no_points_checks_nothing() -> None:
    """Asking for 0 exact points evaluates none."""
    result = check(Eq(sp.exp(x), sp.exp(x) + sp.Rational(1, 10**15)))
    assert exact_search(result.samples, 0) == (None, 0)
