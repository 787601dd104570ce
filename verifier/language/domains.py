"""Domains: where a symbol's values live, what SymPy may assume, and how to sample them.

A domain describes one scalar or every entry of a vector or matrix. Two domains
(simplex, one-hot) constrain a vector as a whole and exist for vectors only.

Samples are exact rationals whose float64 images are exact too (dyadic fractions), or,
for the simplex, rationals that sum to exactly 1; so a point that disagrees in float64
can be re-evaluated exactly at the very same point.
"""

from __future__ import annotations

import enum
from fractions import Fraction

import numpy as np

__all__ = ["Domain"]

# Sampled reals are multiples of 1/2**DYADIC_BITS: exactly representable in float64.
DYADIC_BITS = 12


class Domain(enum.Enum):
    """Where the values of a symbol, or of each entry of a vector, live."""

    REAL = "real"
    """Any real number."""
    POSITIVE = "positive"
    """A real number > 0."""
    NONNEGATIVE = "nonnegative"
    """A real number >= 0."""
    UNIT = "unit"
    """A real number in the open interval (0, 1)."""
    BINARY = "binary"
    """The integer 0 or 1."""
    SIGN = "sign"
    """The integer -1 or 1: the labels of margin losses."""
    SIMPLEX = "simplex"
    """Vectors only: entries > 0 that sum to 1."""
    ONEHOT = "onehot"
    """Vectors only: one entry 1, the others 0."""

    @property
    def is_vector_only(self) -> bool:
        """True for the domains that constrain a vector as a whole."""
        return self in (Domain.SIMPLEX, Domain.ONEHOT)

    @property
    def assumptions(self) -> dict[str, bool]:
        """SymPy assumptions that hold for every value (or entry) of this domain."""
        return {
            Domain.REAL: {"real": True},
            Domain.POSITIVE: {"positive": True},
            Domain.NONNEGATIVE: {"nonnegative": True},
            Domain.UNIT: {"positive": True},
            Domain.BINARY: {"integer": True, "nonnegative": True},
            Domain.SIGN: {"integer": True, "nonzero": True},
            Domain.SIMPLEX: {"positive": True},
            Domain.ONEHOT: {"integer": True, "nonnegative": True},
        }[self]

    @property
    def relaxed(self) -> Domain | None:
        """The next weaker domain, used to show that a domain hypothesis is needed."""
        return {
            Domain.REAL: None,
            Domain.POSITIVE: Domain.REAL,
            Domain.NONNEGATIVE: Domain.REAL,
            Domain.UNIT: Domain.POSITIVE,
            Domain.BINARY: Domain.UNIT,
            Domain.SIGN: Domain.REAL,
            Domain.SIMPLEX: Domain.POSITIVE,
            Domain.ONEHOT: Domain.SIMPLEX,
        }[self]

    @property
    def description(self) -> str:
        """A short phrase for reports: 'entries > 0 that sum to 1'."""
        return {
            Domain.REAL: "real",
            Domain.POSITIVE: "> 0",
            Domain.NONNEGATIVE: ">= 0",
            Domain.UNIT: "in (0, 1)",
            Domain.BINARY: "in {0, 1}",
            Domain.SIGN: "in {-1, 1}",
            Domain.SIMPLEX: "entries > 0 summing to 1",
            Domain.ONEHOT: "one-hot",
        }[self]

    def sample(self, rng: np.random.Generator, count: int, *, spread: float = 4.0) -> list[Fraction]:
        """Draw ``count`` exact values (one vector, for the vector-only domains).

        ``spread`` bounds the magnitude of real samples; a larger spread stresses
        claims about stable computation.
        """
        scale = 2**DYADIC_BITS
        if self is Domain.REAL:
            raw = rng.uniform(-spread, spread, count)
            return [_dyadic(v, scale) for v in raw]
        if self in (Domain.POSITIVE, Domain.NONNEGATIVE):
            raw = np.exp(rng.uniform(-3.0, np.log(spread), count))
            values = [max(_dyadic(v, scale), Fraction(1, scale)) for v in raw]
            if self is Domain.NONNEGATIVE:
                values = [Fraction(0) if rng.random() < 0.15 else v for v in values]
            return values
        if self is Domain.UNIT:
            raw = rng.uniform(0.02, 0.98, count)
            return [_dyadic(v, scale) for v in raw]
        if self is Domain.BINARY:
            return [Fraction(int(v)) for v in rng.integers(0, 2, count)]
        if self is Domain.SIGN:
            return [Fraction(2 * int(v) - 1) for v in rng.integers(0, 2, count)]
        if self is Domain.SIMPLEX:
            weights = [int(w) for w in rng.integers(1, 100, count)]
            total = sum(weights)
            return [Fraction(w, total) for w in weights]
        hot = int(rng.integers(0, count))
        return [Fraction(int(i == hot)) for i in range(count)]


def _dyadic(value: float, scale: int) -> Fraction:
    return Fraction(round(value * scale), scale)
