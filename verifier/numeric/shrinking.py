"""Shrinking a counterexample to the simplest point that still fails, as Hypothesis shrinks.

Each coordinate in turn is replaced by the simplest value that keeps the relation
failing: 0, +-1, integers, powers of ten, short fractions, short decimals (in that
order, simplest first, never more complex than the value it replaces); a simplex by
its uniform point or its entries rounded. Float64 proposes the candidates (one batch
per coordinate); the shrunk point is confirmed exactly, like every counterexample, and
when it is not, the point found first stands.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from verifier.language.declarations import Kind
from verifier.language.domains import Domain
from verifier.numeric.batch import Exact, Layout
from verifier.numeric.sampling import DISCRETE

__all__ = ["Shrinker", "simpler_values"]

# Denominators of the fractions tried, and significant digits of the decimals.
DENOMINATORS = (2, 3, 4, 10, 100, 1000, 10**6)
DIGITS = (1, 2, 3, 6, 10)
# Round numbers are tried at every power of ten up to this one (and every tenth beyond).
SMALL_DECADES = 16
# When float64 misleads the shrinker, candidates confirmed exactly per coordinate.
CONFIRMED_CANDIDATES = 3

Fails = Callable[[np.ndarray, list[Exact | None], bool], np.ndarray]
"""Which candidate rows may still fail (strictly: fail clearly in float64)."""
Confirm = Callable[[np.ndarray, Exact | None], bool]
Contains = Callable[[int, Fraction], bool]


def _significant(number: int) -> int:
    digits = str(abs(number)).rstrip("0")
    return len(digits) if digits else 0


def complexity(value: Fraction) -> tuple[int, int, int]:
    """How hard the value is to write: significant digits, length, then size (1e-14 is simple)."""
    numerator, denominator = abs(value.numerator), value.denominator
    return (
        _significant(numerator) + _significant(denominator) - (denominator == 1),
        len(str(numerator)) + (0 if denominator == 1 else len(str(denominator))),
        numerator + denominator,
    )


def simpler_values(value: Fraction) -> list[Fraction]:
    """Simpler values to try in place of ``value``, simplest first (never ``value`` itself)."""
    if value == 0:
        return []
    sign = 1 if value > 0 else -1
    magnitude = abs(value)
    candidates = [Fraction(0), Fraction(sign), Fraction(math.floor(value)), Fraction(math.ceil(value))]
    candidates.append(Fraction(round(value)))
    exponent = _exponent(magnitude)
    # Round numbers at every magnitude between 1 and the value's: the simplest that fails.
    low, high = min(0, exponent) - 1, max(0, exponent) + 1
    powers = set(range(max(low, -SMALL_DECADES), min(high, SMALL_DECADES) + 1))
    powers.update(range(low, low + 3))
    powers.update(range(high - 3, high + 1))
    powers.update(range(low, high + 1, 10))
    for power in sorted(powers):
        candidates += [sign * m * Fraction(10) ** power for m in (1, 2, 5)]
    candidates += [value.limit_denominator(d) for d in DENOMINATORS]
    for digits in DIGITS:
        # Rounded, and rounded down and up: a value just above 2 may fail only from 2.1 on.
        scale = Fraction(10) ** (exponent - digits + 1)
        candidates += [f(value / scale) * scale for f in (round, math.floor, math.ceil)]
    limit = complexity(value)
    seen: set[Fraction] = set()
    ordered = []
    for candidate in sorted(candidates, key=complexity):
        if candidate != value and candidate not in seen and complexity(candidate) < limit:
            seen.add(candidate)
            ordered.append(candidate)
    return ordered


def _exponent(magnitude: Fraction) -> int:
    """floor(log10(magnitude)), exactly."""
    exponent = len(str(magnitude.numerator)) - len(str(magnitude.denominator))
    while Fraction(10) ** exponent > magnitude:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1
    return exponent


def _entry_allowed(domain: Domain | None, value: Fraction) -> bool:
    if domain in (Domain.POSITIVE, Domain.SIMPLEX):
        return value > 0
    if domain is Domain.NONNEGATIVE:
        return value >= 0
    if domain is Domain.UNIT:
        return 0 < value < 1
    return domain is Domain.REAL


class Shrinker:
    """Shrinks failing rows of one layout."""

    def __init__(self, layout: Layout, scalar_contains: Contains, fails: Fails, confirm: Confirm) -> None:
        self.layout = layout
        self.scalar_contains = scalar_contains
        self.fails = fails
        self.confirm = confirm

    def shrink(
        self, row: np.ndarray, exact: Exact | None, *, strict_only: bool = False
    ) -> tuple[np.ndarray, Exact | None, int]:
        """The simplest confirmed failing point found from ``row`` (itself if none), and the steps taken.

        Candidates that float64 sees failing are tried first along with those it cannot
        resolve; then, if that point is not confirmed, only the ones it sees failing; then,
        if float64 is misled (a finite difference across a kink), each step confirmed
        exactly before it is taken, a few candidates per coordinate.
        """
        for strict in (True,) if strict_only else (False, True):
            current, current_exact, steps = self._greedy(row, exact, strict)
            if steps == 0:
                return row, exact, 0
            if self.confirm(current, current_exact):
                return current, current_exact, steps
        if strict_only:
            return row, exact, 0
        return self._greedy(row, exact, True, confirmed=CONFIRMED_CANDIDATES)

    def _greedy(
        self, row: np.ndarray, exact: Exact | None, strict: bool, confirmed: int = 0
    ) -> tuple[np.ndarray, Exact | None, int]:
        current, current_exact = row.copy(), dict(exact) if exact else None
        steps = 0
        assignment = self.layout.assignment(row)
        entries = self.layout.entries(assignment)
        simplices: dict[str, list[int]] = {}
        for column, _, declaration in entries:
            if declaration.domain is Domain.SIMPLEX:
                simplices.setdefault(declaration.name, []).append(column)
                continue
            if declaration.domain in (*DISCRETE, Domain.ONEHOT):
                continue
            value = (current_exact or {}).get(column, Fraction(float(current[column])))
            options = [
                c
                for c in simpler_values(value)
                if (
                    self.scalar_contains(column, c)
                    if declaration.kind is Kind.SCALAR
                    else _entry_allowed(declaration.domain, c)
                )
            ]
            chosen = self._first_failing(current, current_exact, [{column: c} for c in options], strict, confirmed)
            if chosen is not None:
                current, current_exact = chosen
                steps += 1
        for columns in simplices.values():
            chosen = self._first_failing(current, current_exact, _simplex_options(current, columns), strict, confirmed)
            if chosen is not None:
                current, current_exact = chosen
                steps += 1
            # Then entry by entry, the largest entry completing the sum to 1.
            for column in columns:
                values = {c: (current_exact or {}).get(c, Fraction(float(current[c]))) for c in columns}
                largest = max(columns, key=lambda c: values[c])
                if column == largest:
                    continue
                rest = sum(values.values(), Fraction(0)) - values[column] - values[largest]
                changes = [
                    {column: c, largest: 1 - rest - c} for c in simpler_values(values[column]) if 0 < c < 1 - rest
                ]
                chosen = self._first_failing(current, current_exact, changes, strict, confirmed)
                if chosen is not None:
                    current, current_exact = chosen
                    steps += 1
        return current, current_exact, steps

    def _first_failing(
        self, row: np.ndarray, exact: Exact | None, changes: list[dict[int, Fraction]], strict: bool, confirmed: int
    ) -> tuple[np.ndarray, Exact | None] | None:
        """The first change float64 sees failing (with ``confirmed``, the first of that many confirmed exactly)."""
        if not changes:
            return None
        rows = np.repeat(row[None, :], len(changes), axis=0)
        exacts: list[Exact | None] = []
        for i, change in enumerate(changes):
            override = {c: v for c, v in (exact or {}).items() if c not in change}
            for column, value in change.items():
                rows[i, column] = float(value)
                if Fraction(float(value)) != value:
                    override[column] = value
            exacts.append(override or None)
        failing = np.flatnonzero(self.fails(rows, exacts, strict))
        if confirmed:
            failing = np.array([i for i in failing[:confirmed] if self.confirm(rows[i], exacts[i])], dtype=np.intp)
        if not len(failing):
            return None
        first = int(failing[0])
        return rows[first], exacts[first]


def _simplex_options(row: np.ndarray, columns: list[int]) -> list[dict[int, Fraction]]:
    """A simplex replaced by its uniform point, or by its entries rounded (the largest completing 1)."""
    n = len(columns)
    options = [{c: Fraction(1, n) for c in columns}]
    for digits in (1, 2, 3):
        weights = np.round(row[columns], digits)
        if np.any(weights <= 0):
            continue
        exact_weights = [Fraction(round(float(w) * 10**digits), 10**digits) for w in weights]
        largest = int(np.argmax(weights))
        exact_weights[largest] = 1 - sum((w for i, w in enumerate(exact_weights) if i != largest), Fraction(0))
        if exact_weights[largest] > 0:
            options.append(dict(zip(columns, exact_weights, strict=True)))
    return options
