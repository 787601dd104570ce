"""The normal form of sums of symbolic length."""

from __future__ import annotations

import sympy as sp

from verifier import Domain, Variables, summation_index
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
