"""The normal form of sums of symbolic length.

The property test states Σ_{m=lo}^{hi} f(m) δ(m, c) = f(c) or = 0 for limits and indices
of two sizes, constants among them (c = 7 is outside 1..K for K < 7; hi < lo is an empty
sum, 0); the truth is decided by brute force at every size up to 9 and every index value,
and a symbolic proof of a false identity fails the test.
"""

from __future__ import annotations

import itertools

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power

from verifier import Domain, Eq, KroneckerDelta, Sum, Variables, claim, summation_index
from verifier.problem import problems_of
from verifier.prover import prove
from verifier.prover.sums import CANONICAL_INDEX, SumNormaliser

v = Variables()
K = v.size("K")
z = v.vector("z", K)
t = v.vector("t", K, Domain.SIMPLEX)
j = v.index("j", K)
m, n = summation_index("m"), summation_index("n")


def normaliser(unit: bool = False) -> SumNormaliser:
    unit_sums = {sp.Sum(t[CANONICAL_INDEX], (CANONICAL_INDEX, 1, K))} if unit else set()
    return SumNormaliser({j: (sp.Integer(1), K)}, unit_sums)


class TestNormalise:
    def test_kronecker_delta_picks_the_term(self) -> None:
        """Σ_m exp(z[m]) δ(m, j) = exp(z[j]) when j lies in 1..K."""
        assert normaliser().normalise(sp.Sum(sp.exp(z[m]) * sp.KroneckerDelta(m, j), (m, 1, K))) == sp.exp(z[j])

    def test_delta_outside_the_range_is_not_evaluated(self) -> None:
        """Σ_{m=2}^{K} δ(m, j) f(m) is not f(j): j may be 1."""
        result = normaliser().normalise(sp.Sum(sp.exp(z[m]) * sp.KroneckerDelta(m, j), (m, 2, K)))
        assert result != sp.exp(z[j])

    def test_sums_equal_up_to_renaming_are_one_atom(self) -> None:
        """Σ_m exp(z[m]) and Σ_n exp(z[n]) become the same atom, so they cancel."""
        expression = sp.Sum(sp.exp(z[m]), (m, 1, K)) - sp.Sum(sp.exp(z[n]), (n, 1, K))
        assert normaliser().normalise(expression) == 0

    def test_factors_leave_the_sum(self) -> None:
        """A factor free of the bound index is pulled out: Σ_m c t[m] = c Σ_m t[m]."""
        c = sp.Symbol("c", real=True)
        norm = normaliser()
        assert norm.normalise(sp.Sum(c * t[m], (m, 1, K)) - c * sp.Sum(t[n], (n, 1, K))) == 0

    def test_simplex_sums_to_one_under_any_index_name(self) -> None:
        """The hypothesis Σ t = 1 applies whatever the summation index is called."""
        assert normaliser(unit=True).normalise(sp.Sum(t[n], (n, 1, K))) == 1

    def test_constant_sum_counts_terms(self) -> None:
        """Σ_{m=1}^{K} 1 = K."""
        assert normaliser().normalise(sp.Sum(1, (m, 1, K))) == K

    def test_atoms_carry_the_sign_and_restore(self) -> None:
        """A sum of exponentials becomes a positive atom, printed back as the sum."""
        norm = normaliser()
        atom = norm.normalise(sp.Sum(sp.exp(z[m]), (m, 1, K)))
        assert atom.is_positive
        assert isinstance(norm.restore(atom), sp.Sum)


class TestEmptySums:
    def test_count_of_a_possibly_empty_range_is_not_linear(self) -> None:
        """Σ_{m=3}^{K} 1 is not rewritten to K - 2, which is negative at K = 1 where the sum is 0."""
        assert normaliser().normalise(sp.Sum(1, (m, 3, K))) != K - 2

    def test_sum_over_a_possibly_empty_range_is_not_positive(self) -> None:
        """Σ_{m=2}^{K} exp(z[m]) is empty at K = 1: its atom is nonnegative, not positive."""
        atom = normaliser().normalise(sp.Sum(sp.exp(z[m]), (m, 2, K)))
        assert atom.is_nonnegative and atom.is_positive is not True


SIZES = range(1, 10)


@st.composite
def picked_terms(draw):  # type: ignore[no-untyped-def]
    """(lo, hi, c, rhs) with lo in {1, 2, j}, hi in {K, K2, j, 3}, c in {j, k, a, 1, 7}, rhs f(c) or 0."""
    return (
        draw(st.sampled_from(("1", "2", "j"))),
        draw(st.sampled_from(("K", "K2", "j", "3"))),
        draw(st.sampled_from(("j", "k", "a", "1", "7"))),
        draw(st.sampled_from(("f(c)", "0"))),
    )


def picked_truth(lo: str, hi: str, c: str, rhs: str) -> bool:
    """Brute force: Σ_{m=lo}^{hi} f(m) [m = c] is f(c) if lo <= c <= hi, else 0; f(c) = c^2 + x is never 0."""
    for size, size2 in itertools.product(SIZES, SIZES):
        for jv, kv, av in itertools.product(range(1, size + 1), range(1, size + 1), range(1, size2 + 1)):
            at = {"K": size, "K2": size2, "j": jv, "k": kv, "a": av, "1": 1, "2": 2, "3": 3, "7": 7}
            picked = at[lo] <= at[c] <= at[hi]
            if picked != (rhs == "f(c)"):
                return False
    return True


def check_picked(case):  # type: ignore[no-untyped-def]
    lo, hi, c, rhs = case
    names = Variables()
    size, size2 = names.size("K"), names.size("K2")
    x = names.scalar("x")
    symbols = {"K": size, "K2": size2, "j": names.index("j", size), "k": names.index("k", size)}
    symbols["a"] = names.index("a", size2)
    value = {**symbols, "1": sp.Integer(1), "2": sp.Integer(2), "3": sp.Integer(3), "7": sp.Integer(7)}
    index = value[c]
    lhs = Sum((m**2 + x) * KroneckerDelta(m, index), (m, value[lo], value[hi]))
    statement = Eq(lhs, index**2 + x if rhs == "f(c)" else sp.Integer(0))
    (problem,) = problems_of(claim(names, id="c", statement=statement))
    proved = prove(problem, fixed_sizes=()).proof is not None
    true = picked_truth(lo, hi, c, rhs)
    assert true or not proved, f"proved {statement}"
    return true, proved


class TestGroundTruth:
    def test_kronecker_deltas_pick_a_term_only_within_the_range(self) -> None:
        """No false identity is proved for sums against deltas of indices of other sizes, constants and empty ranges."""
        count, share = power(explore(picked_terms(), check_picked, examples=40))
        assert count >= 3 and share >= 0.5, (count, share)
