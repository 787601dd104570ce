"""Concrete instances: sums written out, entries as symbols, assignments of indices."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from verifier import Domain, Ne, Variables, summation_index
from verifier.errors import ClaimDefinitionError
from verifier.numeric.instances import Assignment, Instance, assignments, write_out_sums


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    j, k = v.index("j", K), v.index("k", K)
    return v, K, z, j, k


class TestAssignments:
    def test_both_equal_and_distinct_indices(self, setting) -> None:  # type: ignore[no-untyped-def]
        """Index assignments include j = k and j != k at every size that allows both."""
        v, K, z, j, k = setting
        found = assignments(tuple(v), (), np.random.default_rng(0))
        pairs = {(dict(a.indices)[j], dict(a.indices)[k]) for a in found if dict(a.sizes)[K] == 4}
        assert any(a == b for a, b in pairs) and any(a != b for a, b in pairs)

    def test_index_assumptions_filter(self, setting) -> None:  # type: ignore[no-untyped-def]
        """Ne(j, k) removes the assignments where j = k."""
        v, K, z, j, k = setting
        found = assignments(tuple(v), (Ne(j, k),), np.random.default_rng(0))
        assert found and all(dict(a.indices)[j] != dict(a.indices)[k] for a in found)

    def test_minimum_size_is_checked(self) -> None:
        """The declared minimum size is among the sizes sampled."""
        v = Variables()
        K = v.size("K", at_least=5)
        sizes = {dict(a.sizes)[K] for a in assignments(tuple(v), (), np.random.default_rng(0))}
        assert min(sizes) == 5


class TestConcrete:
    def test_sums_are_written_out(self, setting) -> None:  # type: ignore[no-untyped-def]
        """At K = 3, Σ_m z[m] becomes z[1] + z[2] + z[3] in plain symbols."""
        v, K, z, j, k = setting
        m = summation_index("m")
        instance = Instance(tuple(v), Assignment(sizes=((K, 3),), indices=((j, 1), (k, 2))))
        concrete = instance.concrete(sp.Sum(z[m], (m, 1, K)) + z[j])
        assert concrete == sum(instance.coordinates()) + instance.coordinates()[0]

    def test_nested_sums_with_dependent_limits(self) -> None:
        """An inner sum whose limit depends on the outer index is written out too."""
        i, n = sp.symbols("i n", integer=True)
        assert write_out_sums(sp.Sum(sp.Sum(1, (i, 1, n)), (n, 1, 3))) == 6

    def test_entry_outside_the_shape_is_an_error(self, setting) -> None:  # type: ignore[no-untyped-def]
        """z[K + 1] has no value: an error, not a silent symbol."""
        v, K, z, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 2),), indices=((j, 1), (k, 1))))
        with pytest.raises(ClaimDefinitionError, match="outside"):
            instance.concrete(z[K + 1])

    def test_points_respect_the_domains(self) -> None:
        """Sampled points put a simplex's entries on the simplex, exactly."""
        v = Variables()
        K = v.size("K")
        v.vector("t", K, Domain.SIMPLEX)
        instance = Instance(tuple(v), Assignment(sizes=((K, 4),), indices=()))
        point = instance.sample(np.random.default_rng(1), 4.0)
        assert sum(point.values()) == 1
        assert instance.describe_point(point)["t"] == [str(point[s]) for s in instance.coordinates()]


def test_samples_within_an_irrational_interval_are_inside_exactly() -> None:
    """x in (sqrt(2), sqrt(2) + 2**-40): the float of sqrt(2) cannot tell; exact comparison does."""
    from fractions import Fraction

    from verifier.language.intervals import Interval
    from verifier.numeric.instances import _sample_within

    low = sp.sqrt(2)
    rng = np.random.default_rng(0)
    wide = [_sample_within(Interval(low=low), rng, 4.0) for _ in range(50)]
    assert all(sp.Rational(v.numerator, v.denominator) > low for v in wide)
    narrow = Interval(low=low, high=low + sp.Rational(1, 2**40))
    value = _sample_within(narrow, rng, 4.0)
    assert isinstance(value, Fraction)
    exact = sp.Rational(value.numerator, value.denominator)
    assert low < exact < low + sp.Rational(1, 2**40)
