"""Domains sample exact values that lie in the domain and survive float64 unchanged."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from verifier.language.domains import Domain


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261123)


class TestSample:
    def test_simplex_sums_to_exactly_one(self, rng: np.random.Generator) -> None:
        """Simplex samples are positive rationals whose sum is exactly 1."""
        for size in (1, 2, 7):
            values = Domain.SIMPLEX.sample(rng, size)
            assert sum(values) == 1 and all(v > 0 for v in values)

    def test_onehot_has_one_hot_entry(self, rng: np.random.Generator) -> None:
        """One-hot samples have exactly one entry 1, the rest 0."""
        values = Domain.ONEHOT.sample(rng, 5)
        assert sorted(values) == [0, 0, 0, 0, 1]

    @pytest.mark.parametrize("domain", [Domain.REAL, Domain.POSITIVE, Domain.NONNEGATIVE, Domain.UNIT])
    def test_reals_are_exact_in_float64(self, domain: Domain, rng: np.random.Generator) -> None:
        """Sampled reals are dyadic: converting to float64 and back loses nothing."""
        for value in domain.sample(rng, 50):
            assert Fraction(float(value)) == value

    def test_samples_lie_in_their_domain(self, rng: np.random.Generator) -> None:
        """Positive samples are > 0, unit samples in (0, 1), binary ones 0 or 1."""
        assert all(v > 0 for v in Domain.POSITIVE.sample(rng, 100))
        assert all(v >= 0 for v in Domain.NONNEGATIVE.sample(rng, 100))
        assert all(0 < v < 1 for v in Domain.UNIT.sample(rng, 100))
        assert set(Domain.BINARY.sample(rng, 100)) <= {0, 1}

    def test_spread_bounds_real_samples(self, rng: np.random.Generator) -> None:
        """The spread bounds the magnitude of real samples."""
        assert all(abs(v) <= 800 for v in Domain.REAL.sample(rng, 100, spread=800))
        assert max(abs(v) for v in Domain.REAL.sample(rng, 100, spread=800)) > 100


class TestRelaxation:
    def test_relaxations_weaken(self) -> None:
        """Relaxing a simplex drops the sum; a one-hot vector becomes a simplex."""
        assert Domain.SIMPLEX.relaxed is Domain.POSITIVE
        assert Domain.ONEHOT.relaxed is Domain.SIMPLEX
        assert Domain.REAL.relaxed is None

    def test_vector_only_domains(self) -> None:
        """Simplex and one-hot constrain whole vectors only."""
        assert Domain.SIMPLEX.is_vector_only and Domain.ONEHOT.is_vector_only
        assert not Domain.REAL.is_vector_only


class TestSign:
    def test_samples_are_labels(self) -> None:
        """The sign domain samples -1 and 1, both, and nothing else."""
        values = Domain.SIGN.sample(np.random.default_rng(1), 200)
        assert set(values) == {-1, 1}

    def test_assumptions_and_relaxation(self) -> None:
        """A label is a nonzero integer; without the hypothesis it is any real."""
        assert Domain.SIGN.assumptions == {"integer": True, "nonzero": True}
        assert Domain.SIGN.relaxed is Domain.REAL
        assert not Domain.SIGN.is_vector_only
        assert Domain.SIGN.description == "in {-1, 1}"
