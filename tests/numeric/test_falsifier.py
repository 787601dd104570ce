"""The falsifier: it finds the counterexamples a sample misses, shrinks them, and raises no false alarm."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from verifier import Domain, Eq, Ge, Gt, Le, Sum, Variables, claim, diff, log, sigmoid, softmax, summation_index
from verifier.numeric.falsifier import MAIN, RELAXED, Search, exact_search, falsify
from verifier.problem import problems_of

v = Variables()
K = v.size("K")
z = v.vector("z", K)
q = v.vector("q", K, Domain.POSITIVE)
p = v.vector("p", K, Domain.SIMPLEX)
j = v.index("j", K)
k = v.index("k", K)
x = v.scalar("x")
y = v.scalar("y")
u = v.scalar("u", Domain.UNIT)
positive = v.scalar("positive", Domain.POSITIVE)
n = v.scalar("n", Domain.NONNEGATIVE)
m = summation_index("m")


def search(statement, seed: int = 0, profile=MAIN, **kw) -> Search:  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **kw))
    return falsify(problem, seed, profile)


def found(statement, **kw) -> dict[str, object]:  # type: ignore[no-untyped-def]
    result = search(statement, **kw)
    assert result.counterexample is not None, result.evidence
    assert result.counterexample.digits == 50
    return {**result.counterexample.values, **result.counterexample.sizes}


class TestHunts:
    """Each class of false claim that a box sample misses (issue 11) is refuted, shrunk."""

    def test_narrow_region_near_zero(self) -> None:
        """log(u) >= -30 fails only for u < e^-30: log-scale unit values find it."""
        values = found(Ge(log(u), -30))
        assert Fraction(str(values["u"])) < Fraction(1, 10**13)

    @pytest.mark.parametrize("seed", range(3))
    def test_on_the_boundary_of_an_assumption_in_two_scalars(self, seed: int) -> None:
        """Claims false only just inside x*q > 1e5, x*q < -1000 or x + q > 1000 (q > 0): random
        draws almost never meet such a bound; points set on its boundary do."""
        cases = (
            (Gt(x * positive, 10**5 + 1), Gt(x * positive, 10**5)),
            (sp.Lt(x * positive, -(10**4)), sp.Lt(x * positive, -1000)),
            (Gt(x + positive, 1000 + sp.Rational(1, 10**6)), Gt(x + positive, 1000)),
        )
        for statement, assumption in cases:
            assert search(statement, seed, assume=[assumption]).counterexample is not None, statement

    def test_far_out(self) -> None:
        """sigmoid(x) >= 1e-15 fails only for x < -34.5: reals out to 1e3 find it, shrunk to a round number."""
        values = found(Ge(sigmoid(x), sp.Rational(1, 10**15)))
        assert values["x"] == "-50"

    def test_large_size(self) -> None:
        """Sum p^2 >= 1/7 on the simplex fails first at K = 8, at the uniform point."""
        values = found(Ge(Sum(p[m] ** 2, (m, 1, K)), sp.Rational(1, 7)))
        assert values["K"] == 8 and all(len(str(entry)) <= 5 for entry in values["p"])  # type: ignore[attr-defined]

    def test_critical_point(self) -> None:
        """x^2 (x - 1e-5)^2 >= 1e-30 fails only within 1e-10 of 0 and of 1e-5: a critical point."""
        values = found(Ge(x**2 * (x - sp.Rational(1, 100000)) ** 2 - sp.Rational(1, 10**30), 0))
        assert values["x"] in ("0", "1/100000")

    def test_breakpoint(self) -> None:
        """Max(x, 1e-9) >= x + 1e-12 fails from just below the breakpoint on."""
        result = search(Ge(sp.Max(x, sp.Rational(1, 10**9)), x + sp.Rational(1, 10**12)))
        assert result.counterexample is not None
        assert result.evidence is not None and result.evidence.breakpoints >= 1

    def test_near_tie(self) -> None:
        """sigma(x)(1 - sigma(x)) <= 1/4 - 1e-15 fails at 0 by a margin float64 cannot resolve."""
        values = found(Le(sigmoid(x) * (1 - sigmoid(x)), sp.Rational(1, 4) - sp.Rational(1, 10**15)))
        assert values["x"] == "0"

    def test_closed_end(self) -> None:
        """n > 0 for n >= 0 fails at the closed end, drawn exactly."""
        assert found(Gt(n, 0))["n"] == "0"

    def test_index_constant(self) -> None:
        """Sum of KroneckerDelta(m, 7) is 0 only below K = 7: the constant's size is searched."""
        assert found(Eq(Sum(sp.KroneckerDelta(m, 7), (m, 1, K)), 0))["K"] == 7

    def test_inequality_tie_at_size_one(self) -> None:
        """d softmax_j / dz_j > 0 fails at K = 1, where the derivative is exactly 0."""
        assert found(Gt(diff(softmax(z, j), z[j]), 0))["K"] == 1

    def test_missing_hypothesis(self) -> None:
        """y - q is not the gradient for labels that do not sum to 1: a confirmed counterexample."""
        loss = -Sum(q[m] * log(softmax(z, m)), (m, 1, K))
        values = found(Eq(diff(loss, z[j]), softmax(z, j) - q[j]))
        assert {"z", "q"} <= set(values)

    def test_counterexample_respects_assumptions(self) -> None:
        """x^2 > 5 under x > 2 fails only in (2, sqrt 5): the counterexample is there, and short."""
        values = found(Gt(x**2, 5), assume=[x > 2])
        value = Fraction(str(values["x"]))
        assert 2 < value and value**2 <= 5 and len(str(value)) <= 6


class TestNoFalseAlarm:
    def test_true_jacobian_agrees(self) -> None:
        """The softmax Jacobian agrees at every point, at every size searched."""
        result = search(Eq(diff(softmax(z, j), z[k]), softmax(z, j) * (sp.KroneckerDelta(j, k) - softmax(z, k))))
        assert result.counterexample is None and result.evidence is not None
        assert result.evidence.max_abs_error < 1e-9

    def test_true_inequalities_hold(self) -> None:
        """Tight true inequalities (ties at 0, saturation far out) raise no counterexample."""
        for statement in (
            Le(sigmoid(x) * (1 - sigmoid(x)), sp.Rational(1, 4)),
            Gt(sigmoid(x), 0),
            Le(softmax(z, j), 1),
            Ge(Sum(p[m] ** 2, (m, 1, K)), 1 / K),
            Ge(n, 0),
        ):
            assert search(statement).counterexample is None, statement

    def test_overflow_is_counted_not_failed(self) -> None:
        """exp(x) == exp(x) overflows in float64 far out: counted, not a counterexample."""
        result = search(Eq(sp.exp(x), sp.exp(x)))
        assert result.counterexample is None and result.evidence is not None
        assert result.evidence.overflow_points > 0


class TestEvidence:
    def test_says_what_was_searched(self) -> None:
        """Sizes 1..8, 16 and 64, magnitudes from 1e-30, special points, local refinement."""
        result = search(Ge(Sum(q[m], (m, 1, K)), 0))
        evidence = result.evidence
        assert evidence is not None
        assert evidence.sizes == (1, 2, 3, 4, 5, 6, 7, 8, 16, 64)
        assert evidence.smallest_magnitude is not None and evidence.smallest_magnitude <= 1e-29
        assert evidence.largest_magnitude is not None and evidence.largest_magnitude >= 1e3
        assert evidence.special_points > 0 and evidence.refined_points > 0

    def test_critical_points_are_counted(self) -> None:
        """A one-variable inequality's critical points are found and evaluated."""
        evidence = search(Le(sigmoid(x) * (1 - sigmoid(x)), sp.Rational(1, 4))).evidence
        assert evidence is not None and evidence.critical_points >= 1

    def test_seeded_and_deterministic(self) -> None:
        """The same seed searches the same points and finds the same counterexample."""
        statement = Ge(log(u), -30)
        first, second = search(statement, seed=7), search(statement, seed=7)
        assert first.evidence == second.evidence and first.counterexample == second.counterexample
        assert first.evidence is not None and first.evidence.seed == 7

    def test_relaxed_profile_is_lighter(self) -> None:
        """The hypothesis checks' search stops at size 3 and still finds a blatant counterexample."""
        result = search(Eq(sp.log(x**2), 2 * sp.log(x)), profile=RELAXED)
        assert result.counterexample is not None
        assert result.evidence is not None and max(result.evidence.sizes, default=0) <= 3


class TestExactSearch:
    def test_tiny_error_is_found(self) -> None:
        """A claim off by 1e-20 next to 1 passes float64 everywhere, not the exact search of the kept points."""
        result = search(Eq(sp.exp(x) + 1, sp.exp(x) + 1 + sp.Rational(1, 10**20)))
        assert result.counterexample is None
        counterexample, checked = exact_search(result.samples, 2)
        assert counterexample is not None and checked >= 1

    def test_a_far_breakpoint_is_kept_for_the_exact_search(self) -> None:
        """|x|' = sign(x) + H(x - 1e6)/1e9 is off by 1e-9 beyond the kink at 1e6, below the finite
        differences' precision and far out: the breakpoint is kept, and the exact search finds it."""
        statement = Eq(diff(sp.Abs(x), x), sp.sign(x) + sp.Heaviside(x - 10**6) / 10**9)
        result = search(statement, assume=[sp.Ne(x, 0)])
        assert result.counterexample is None
        counterexample, _ = exact_search(result.samples, 4)
        assert counterexample is not None and sp.Rational(counterexample.values["x"]) > 10**6

    def test_no_points_checks_nothing(self) -> None:
        """Asking for 0 exact points evaluates none."""
        result = search(Eq(sp.exp(x) + 1, sp.exp(x) + 1 + sp.Rational(1, 10**20)))
        assert exact_search(result.samples, 0) == (None, 0)


@pytest.mark.parametrize("seed", range(3))
def test_counterexamples_lie_in_the_domain(seed: int) -> None:
    """Whatever the seed, a counterexample of a claim about unit values is inside (0, 1)."""
    values = found(Gt(-log(u), u), seed=seed)
    assert 0 < Fraction(str(values["u"])) < 1
