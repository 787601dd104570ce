"""Points at several assignments of sizes and indices in one array, and their evaluation.

A batch has one column per entry of each declared scalar, vector and matrix, padded to
the largest shape among its assignments, then one column per size and index. A row is
a whole point, its assignment included, so points at different sizes are evaluated in
one call of a ``tensor_printer`` function. Padding columns are never read.

Every float64 value is an exact rational (a dyadic fraction), so a row is also an exact
point; where a point's exact value is not its float64 image (a simplex entry fixed so
that the entries sum to exactly 1, a unit value 1 - 1e-30) the exact value is kept
beside the row. Float64 proposes; the exact value decides.

When the tensor printer cannot print a side, a batch holds one assignment and the side
is evaluated by the per-assignment evaluators of ``ConcreteProblem``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import mpmath
import numpy as np
import sympy as sp

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.numeric.evaluation import DerivativeNode, Evaluator
from verifier.numeric.instances import Assignment, entry_symbol
from verifier.numeric.tensor_printer import TensorFunction, UnsupportedError, tensor_function

__all__ = ["Layout", "Side", "tensor_side"]

Side = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
"""A side of a relation on a batch: values and float64 error estimates at each row."""

Exact = dict[int, Fraction]
"""A row's exact values where they differ from its float64 image, by column."""


def _shape(declaration: Declaration, sizes: dict[sp.Symbol, int]) -> tuple[int, ...]:
    return tuple(int(s) if isinstance(s, int) or s.is_Integer else sizes[s] for s in declaration.shape)


@dataclass(frozen=True)
class Layout:
    """The columns of a batch: padded entries of each declaration, then sizes and indices."""

    declarations: tuple[Declaration, ...]
    arrays: tuple[tuple[Declaration, int, tuple[int, ...]], ...]
    """Each scalar, vector and matrix declaration, its first column and padded shape."""
    integers: tuple[tuple[Declaration, int], ...]
    """Each size and index declaration and its column."""
    width: int
    assignments: tuple[Assignment, ...]

    @classmethod
    def of(cls, declarations: Sequence[Declaration], assignments: Sequence[Assignment]) -> Layout:
        arrays = []
        column = 0
        for declaration in declarations:
            if declaration.kind is Kind.SCALAR:
                arrays.append((declaration, column, ()))
                column += 1
            elif declaration.kind in (Kind.VECTOR, Kind.MATRIX):
                shapes = [_shape(declaration, dict(a.sizes)) for a in assignments]
                padded = tuple(max(dims) for dims in zip(*shapes, strict=True))
                arrays.append((declaration, column, padded))
                column += int(np.prod(padded))
        integers = []
        for declaration in declarations:
            if declaration.kind in (Kind.SIZE, Kind.INDEX):
                integers.append((declaration, column))
                column += 1
        return cls(tuple(declarations), tuple(arrays), tuple(integers), column, tuple(assignments))

    @cached_property
    def integer_columns(self) -> tuple[int, ...]:
        return tuple(column for _, column in self.integers)

    @cached_property
    def _by_key(self) -> dict[tuple[int, ...], Assignment]:
        return {self.key_of(a): a for a in self.assignments}

    def key_of(self, assignment: Assignment) -> tuple[int, ...]:
        values = dict((*assignment.sizes, *assignment.indices))
        return tuple(values[d.symbol] for d, _ in self.integers)

    def assignment(self, row: np.ndarray) -> Assignment:
        """The assignment a row belongs to (read from its integer columns)."""
        return self._by_key[tuple(int(row[c]) for c in self.integer_columns)]

    def integer_row(self, assignment: Assignment) -> np.ndarray:
        return np.array(self.key_of(assignment), dtype=np.float64)

    def entries(self, assignment: Assignment) -> tuple[tuple[int, sp.Symbol, Declaration], ...]:
        """Each coordinate of the assignment: its column, its symbol at that size, its declaration."""
        return self._entries(assignment)

    @cached_property
    def _entry_cache(self) -> dict[Assignment, tuple[tuple[int, sp.Symbol, Declaration], ...]]:
        return {}

    def _entries(self, assignment: Assignment) -> tuple[tuple[int, sp.Symbol, Declaration], ...]:
        cached = self._entry_cache.get(assignment)
        if cached is not None:
            return cached
        sizes = dict(assignment.sizes)
        found: list[tuple[int, sp.Symbol, Declaration]] = []
        for declaration, start, padded in self.arrays:
            if declaration.kind is Kind.SCALAR:
                found.append((start, declaration.symbol, declaration))
                continue
            for position in itertools.product(*(range(1, n + 1) for n in _shape(declaration, sizes))):
                offset = int(np.ravel_multi_index(tuple(p - 1 for p in position), padded))
                found.append((start + offset, entry_symbol(declaration, position), declaration))
        result = tuple(found)
        self._entry_cache[assignment] = result
        return result

    def active(self, assignment: Assignment) -> np.ndarray:
        """The columns a point of this assignment uses (its entries, not the padding)."""
        return np.array([column for column, _, _ in self.entries(assignment)], dtype=np.intp)

    def exact_point(self, row: np.ndarray, exact: Exact | None) -> dict[sp.Symbol, Fraction]:
        """The exact point of a row, by the coordinate symbols of its assignment.

        A simplex whose entries (as exact values) do not sum to 1 has its largest entry
        replaced by 1 minus the others: float64 rounding moves it by a few ulps at most.
        """
        assignment = self.assignment(row)
        exact = exact or {}
        point: dict[sp.Symbol, Fraction] = {}
        simplices: dict[str, list[tuple[int, sp.Symbol]]] = {}
        for column, symbol, declaration in self.entries(assignment):
            point[symbol] = exact[column] if column in exact else Fraction(float(row[column]))
            if declaration.domain is Domain.SIMPLEX:
                simplices.setdefault(declaration.name, []).append((column, symbol))
        for entries in simplices.values():
            total = sum((point[symbol] for _, symbol in entries), Fraction(0))
            if total != 1:
                column, largest = max(entries, key=lambda entry: (point[entry[1]], -entry[0]))
                point[largest] = 1 - (total - point[largest])
        return point

    def precise_arrays(self, row: np.ndarray, exact: Exact | None) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The arrays and integers of one row for ``precise`` tensor code: mpmath numbers
        at the current working precision, from the row's exact point."""
        assignment = self.assignment(row)
        point = self.exact_point(row, exact)
        blocks = [np.full((1, *padded), mpmath.mpf(0), dtype=object) for _, _, padded in self.arrays]
        starts = {declaration.name: (number, start) for number, (declaration, start, _) in enumerate(self.arrays)}
        for column, symbol, declaration in self.entries(assignment):
            number, start = starts[declaration.name]
            value = point[symbol]
            blocks[number].reshape(-1)[column - start] = mpmath.mpf(value.numerator) / value.denominator
        arrays = [
            block.reshape(1) if not padded else block for block, (_, _, padded) in zip(blocks, self.arrays, strict=True)
        ]
        integers = [np.array([int(row[column])]) for _, column in self.integers]
        return arrays, integers

    def owners(self, rows: np.ndarray) -> tuple[list[Assignment], np.ndarray]:
        """The distinct assignments of some rows, and each row's position among them."""
        if not len(rows):
            return [], np.zeros(0, dtype=np.intp)
        keys, inverse = np.unique(rows[:, list(self.integer_columns)], axis=0, return_inverse=True)
        assignments = [self._by_key[tuple(int(v) for v in key)] for key in keys]
        return assignments, inverse.reshape(-1)

    def split(self, points: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The arrays and integers a tensor function takes, from rows of this layout."""
        count = len(points)
        arrays = [
            points[:, start] if not padded else points[:, start : start + int(np.prod(padded))].reshape(count, *padded)
            for _, start, padded in self.arrays
        ]
        integers = [points[:, column].astype(np.int64) for _, column in self.integers]
        return arrays, integers

    def column_function(self, variable: sp.Basic) -> int | Callable[[np.ndarray], np.ndarray]:
        """The column of a derivative's variable: fixed for a scalar, per point for an entry."""
        for declaration, start, padded in self.arrays:
            if declaration.kind is Kind.SCALAR and declaration.symbol == variable:
                return start
            if isinstance(variable, sp.Indexed) and declaration.name == str(variable.base.label):
                return functools.partial(self._entry_columns, variable.indices, start, padded)
        raise UnsupportedError(f"cannot differentiate by {variable}")

    def _entry_columns(
        self, indices: tuple[sp.Basic, ...], start: int, padded: tuple[int, ...], points: np.ndarray
    ) -> np.ndarray:
        """The column of the entry at ``indices`` (sizes and indices) at each point."""
        values = [self._integer_values(i, points) - 1 for i in indices]
        columns: np.ndarray = start + np.ravel_multi_index(values, padded, mode="clip")
        return columns

    def _integer_values(self, expression: sp.Basic, points: np.ndarray) -> np.ndarray:
        if expression.is_Integer:
            return np.full(len(points), int(expression), dtype=np.int64)
        for declaration, column in self.integers:
            if declaration.symbol == expression:
                return points[:, column].astype(np.int64)
        if isinstance(expression, (sp.Add, sp.Mul)):
            parts = [self._integer_values(a, points) for a in expression.args]
            combined = parts[0]
            for part in parts[1:]:
                combined = combined + part if isinstance(expression, sp.Add) else combined * part
            return combined
        raise UnsupportedError(f"{expression} is not an integer expression of sizes and indices")


def _flat(function: TensorFunction, layout: Layout, placeholders: int = 0) -> Callable[[np.ndarray], np.ndarray]:
    """The function of rows (and, after them, one column per derivative placeholder)."""
    width = layout.width

    def evaluate(points: np.ndarray) -> np.ndarray:
        dtype = np.longdouble if points.dtype == np.longdouble else np.float64
        arrays, integers = layout.split(points[:, :width])
        derivatives = [points[:, width + i] for i in range(placeholders)]
        return function(len(points), arrays, integers, derivatives, dtype)

    return evaluate


def tensor_side(expression: sp.Basic, layout: Layout) -> Side:
    """The float64 evaluator of ``expression`` on batches of this layout; raises ``UnsupportedError``."""
    outer = tensor_function(expression, layout.declarations)
    nodes = []
    inner_ids: dict[sp.Basic, int] = {}
    for site in outer.sites:
        inner = tensor_function(site.inner, layout.declarations, allow_derivatives=False)
        number = inner_ids.setdefault(site.inner, len(inner_ids))
        nodes.append(DerivativeNode(_flat(inner, layout), layout.column_function(site.variable), number))
    return Evaluator.from_parts(_flat(outer, layout, len(nodes)), nodes, layout.width, layout.integer_columns)
