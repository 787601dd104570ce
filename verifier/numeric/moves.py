"""Small moves of a point that stay in its domain: what local search and shrinking change.

A real moves by a step relative to its magnitude (and crosses 0 by an absolute one), a
positive value multiplicatively, a unit value in logit space, a scalar bounded by
assumptions toward its ends without crossing them, a simplex entry multiplicatively
with the others rescaled (the exact point completes the largest entry to sum 1). Binary and
one-hot entries do not move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.numeric.batch import Exact, Layout
from verifier.numeric.instances import Assignment
from verifier.numeric.sampling import DISCRETE

__all__ = ["Mover"]

# An absolute step floor: a value at 0 (or at an end) still moves.
REAL_FLOOR = 1e-12


@dataclass(frozen=True)
class _Block:
    """A declaration's columns at one assignment and how they move."""

    declaration: Declaration
    columns: np.ndarray
    low: float | None = None
    high: float | None = None


class Mover:
    """Moves rows of a layout within their domains (the scalars' intervals as floats)."""

    def __init__(self, layout: Layout, bounds: dict[object, tuple[float | None, float | None]]) -> None:
        self.layout = layout
        self.bounds = bounds
        self._blocks: dict[Assignment, list[_Block]] = {}

    def _bounds(self, declaration: Declaration) -> tuple[float | None, float | None]:
        if declaration.kind is Kind.SCALAR:
            return self.bounds.get(declaration.symbol, (None, None))
        return {
            Domain.POSITIVE: (0.0, None),
            Domain.NONNEGATIVE: (0.0, None),
            Domain.UNIT: (0.0, 1.0),
        }.get(declaration.domain, (None, None))  # type: ignore[arg-type]

    def blocks(self, assignment: Assignment) -> list[_Block]:
        """The movable declarations of an assignment, with their active columns."""
        if assignment not in self._blocks:
            by_declaration: dict[str, list[int]] = {}
            for column, _, declaration in self.layout.entries(assignment):
                by_declaration.setdefault(declaration.name, []).append(column)
            blocks = []
            for declaration, _, _ in self.layout.arrays:
                if declaration.domain in (*DISCRETE, Domain.ONEHOT) or declaration.name not in by_declaration:
                    continue
                low, high = self._bounds(declaration)
                columns = np.array(by_declaration[declaration.name], dtype=np.intp)
                blocks.append(_Block(declaration, columns, low, high))
            self._blocks[assignment] = blocks
        return self._blocks[assignment]

    def neighbours(
        self, row: np.ndarray, step: float, rng: np.random.Generator, limit: int
    ) -> tuple[np.ndarray, list[Exact | None]]:
        """Rows one move away from ``row``: each of up to ``limit`` coordinates up and down."""
        assignment = self.layout.assignment(row)
        candidates: list[tuple[_Block, int]] = [
            (block, position) for block in self.blocks(assignment) for position in range(len(block.columns))
        ]
        if len(candidates) > limit:
            chosen = rng.choice(len(candidates), limit, replace=False)
            candidates = [candidates[i] for i in sorted(chosen)]
        rows: list[np.ndarray] = []
        exact: list[Exact | None] = []
        for block, position in candidates:
            for direction in (1.0, -1.0):
                moved, override = self._move(row, block, position, direction * step)
                if moved is not None:
                    rows.append(moved)
                    exact.append(override)
        if not rows:
            return np.zeros((0, len(row))), []
        return np.array(rows), exact

    def _move(
        self, row: np.ndarray, block: _Block, position: int, step: float
    ) -> tuple[np.ndarray | None, Exact | None]:
        moved = row.copy()
        column = int(block.columns[position])
        value = float(row[column])
        domain = block.declaration.domain
        if domain is Domain.SIMPLEX:
            # Rescaled in float64; the exact point completes the largest entry to sum 1.
            weights = row[block.columns].copy()
            weights[position] *= float(np.exp(4.0 * step))
            moved[block.columns] = np.maximum(weights, 1e-300) / np.sum(np.maximum(weights, 1e-300))
            return moved, None
        new = _shifted(value, step, block.low, block.high)
        low, high = block.low, block.high
        if (
            not np.isfinite(new)
            or new == value
            or (low is not None and new <= low)
            or (high is not None and new >= high)
        ):
            return None, None
        moved[column] = new
        return moved, None


def _shifted(value: float, step: float, low: float | None, high: float | None) -> float:
    """``value`` moved by ``step`` (a fraction): on a log scale toward or away from the ends."""
    if low is None and high is None:
        return value + step * max(abs(value), REAL_FLOOR)
    if high is None:
        assert low is not None
        return low + max(value - low, 0.0) * float(np.exp(4.0 * step)) if value > low else low + REAL_FLOOR
    if low is None:
        return high - max(high - value, 0.0) * float(np.exp(4.0 * step)) if value < high else high - REAL_FLOOR
    width = high - low
    position = min(max((value - low) / width, 1e-300), 1.0 - 1e-16)
    logit = float(np.log(position) - np.log1p(-position)) + 4.0 * step
    return low + width / (1.0 + float(np.exp(-logit)))
