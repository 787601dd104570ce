"""Concrete instances of a claim: sizes and indices fixed, sums written out, points drawn.

At a fixed size every vector entry ``z[3]`` becomes a plain symbol ``z[3]`` and every
``Sum`` with numeric limits becomes an explicit addition, so the fixed-size prover,
the numeric check and the exact confirmation all work on ordinary expressions in
finitely many symbols.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from verifier.errors import ClaimDefinitionError
from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import DYADIC_BITS, Domain
from verifier.language.intervals import Interval
from verifier.numeric.membership import constant, holds

__all__ = ["Assignment", "Instance", "assignments", "entry_symbol"]

# The sizes a symbolic size takes in numeric checks and fixed-size proofs.
# 1 is there so that every declared minimum is checked: max(1, minimum) = minimum.
CHECK_SIZES = (1, 2, 4)
# At most this many index assignments per size combination (always including the
# all-equal and, where the size allows, the all-distinct one).
MAX_INDEX_ASSIGNMENTS = 3
# Sums longer than this are not written out (a claim with literal sizes beyond it).
MAX_EXPANDED_TERMS = 2_000


@dataclass(frozen=True)
class Assignment:
    """Values for every size and index symbol of a claim."""

    sizes: tuple[tuple[sp.Symbol, int], ...]
    indices: tuple[tuple[sp.Symbol, int], ...]

    @property
    def substitution(self) -> dict[sp.Basic, sp.Integer]:
        return {s: sp.Integer(v) for s, v in (*self.sizes, *self.indices)}

    def describe(self) -> dict[str, int]:
        return {s.name: v for s, v in (*self.sizes, *self.indices)}


@functools.lru_cache(maxsize=65536)
def entry_symbol(declaration: Declaration, position: tuple[int, ...]) -> sp.Symbol:
    """The plain symbol standing for ``v[i]`` or ``w[i, m]`` at a fixed size."""
    assert declaration.domain is not None
    name = f"{declaration.name}[{', '.join(str(p) for p in position)}]"
    return sp.Symbol(name, **declaration.domain.assumptions)


def _size_value(size: sp.Basic | int, sizes: dict[sp.Symbol, int]) -> int:
    if isinstance(size, int):
        return size
    if size.is_Integer:
        return int(size)
    return sizes[size]


def size_choices(declarations: Sequence[Declaration], per_size: Iterable[int]) -> list[dict[sp.Symbol, int]]:
    """Sizes to check, each at least its declared minimum.

    One size symbol takes every value. Several take the same value together and, so
    that they also differ, each shifted by one position: a K x M matrix is checked at
    square and non-square shapes without trying every product of sizes.
    """
    size_declarations = [d for d in declarations if d.kind is Kind.SIZE]
    per_size = tuple(per_size)
    options = [sorted({max(n, d.minimum) for n in per_size}) for d in size_declarations]
    if len(size_declarations) <= 1:
        return [
            dict(zip([d.symbol for d in size_declarations], combo, strict=True))
            for combo in itertools.product(*options)
        ]
    combos: list[tuple[int, ...]] = []
    longest = max(len(values) for values in options)
    for shift in (0, 1):
        for i in range(longest):
            combo = tuple(
                values[min(i + shift * position, len(values) - 1) % len(values)]
                for position, values in enumerate(options)
            )
            if combo not in combos:
                combos.append(combo)
    return [dict(zip([d.symbol for d in size_declarations], combo, strict=True)) for combo in combos]


def assignments(
    declarations: Sequence[Declaration],
    assumptions: Sequence[sp.Basic],
    rng: np.random.Generator,
    per_size: Iterable[int] = CHECK_SIZES,
    *,
    exhaustive: bool = False,
) -> list[Assignment]:
    """Size and index assignments that satisfy the index assumptions.

    Indices are enumerated (every combination when ``exhaustive`` or when few),
    otherwise sampled, always including an all-equal and an all-distinct pattern, so
    that both cases of a Kronecker delta are exercised.
    """
    index_declarations = [d for d in declarations if d.kind is Kind.INDEX]
    index_symbols = {d.symbol for d in index_declarations}
    index_assumptions = [
        a for a in assumptions if a.free_symbols and a.free_symbols <= index_symbols | _sizes(declarations)
    ]
    result: list[Assignment] = []
    for sizes in size_choices(declarations, per_size):
        ranges = [range(1, _size_value(d.size, sizes) + 1) for d in index_declarations]
        combos: list[tuple[int, ...]]
        total = int(np.prod([len(r) for r in ranges])) if ranges else 1
        if exhaustive or total <= MAX_INDEX_ASSIGNMENTS:
            combos = list(itertools.product(*ranges))
        else:
            combos = _index_sample(ranges, rng)
        for combo in combos:
            candidate = Assignment(
                sizes=tuple(sizes.items()),
                indices=tuple((d.symbol, v) for d, v in zip(index_declarations, combo, strict=True)),
            )
            substitution = candidate.substitution
            if all(_truth(a.xreplace(substitution)) for a in index_assumptions):
                result.append(candidate)
    return result


def _sizes(declarations: Sequence[Declaration]) -> set[sp.Basic]:
    return {d.symbol for d in declarations if d.kind is Kind.SIZE}


def _index_sample(ranges: list[range], rng: np.random.Generator) -> list[tuple[int, ...]]:
    chosen = {tuple(1 for _ in ranges)}
    smallest = min(len(r) for r in ranges)
    if smallest >= len(ranges):
        chosen.add(tuple(range(1, len(ranges) + 1)))
    while len(chosen) < MAX_INDEX_ASSIGNMENTS:
        chosen.add(tuple(int(rng.integers(1, len(r) + 1)) for r in ranges))
    return sorted(chosen)


def _truth(value: sp.Basic) -> bool:
    if value in (sp.true, True):
        return True
    if value in (sp.false, False):
        return False
    raise ClaimDefinitionError(f"cannot decide the assumption {value} at a concrete point")


@dataclass(frozen=True)
class Instance:
    """A claim's declarations at one assignment: its coordinate symbols and how to sample them."""

    declarations: tuple[Declaration, ...]
    assignment: Assignment
    intervals: tuple[tuple[sp.Symbol, Interval], ...] = ()
    """Where scalars bounded by assumptions range, so that samples land there."""

    @property
    def sizes(self) -> dict[sp.Symbol, int]:
        return dict(self.assignment.sizes)

    def shape(self, declaration: Declaration) -> tuple[int, ...]:
        return tuple(_size_value(s, self.sizes) for s in declaration.shape)

    @functools.cached_property
    def layout(self) -> tuple[tuple[Declaration, tuple[tuple[int, ...], ...], tuple[sp.Symbol, ...]], ...]:
        """Each scalar, vector and matrix declaration, in declaration order, with the
        positions of its entries and their coordinate symbols (a scalar: one, at ())."""
        layout: list[tuple[Declaration, tuple[tuple[int, ...], ...], tuple[sp.Symbol, ...]]] = []
        for declaration in self.declarations:
            if declaration.kind is Kind.SCALAR:
                layout.append((declaration, ((),), (declaration.symbol,)))
            elif declaration.kind in (Kind.VECTOR, Kind.MATRIX):
                positions = tuple(itertools.product(*(range(1, n + 1) for n in self.shape(declaration))))
                layout.append((declaration, positions, tuple(entry_symbol(declaration, p) for p in positions)))
        return tuple(layout)

    def coordinates(self) -> list[sp.Symbol]:
        """Every scalar and every vector or matrix entry, in declaration order."""
        return [symbol for _, _, symbols in self.layout for symbol in symbols]

    def concrete(self, expression: sp.Basic) -> sp.Basic:
        """The expression at this assignment: sums written out, entries as plain symbols."""
        return _concrete(self, expression)

    def at_indices(self, written: sp.Basic) -> sp.Basic:
        """An expression already written out at this assignment's sizes, at its indices."""
        expression = written.xreplace(self.assignment.substitution)
        if expression.has(sp.Sum):  # limits that depended on an index
            expression = write_out_sums(expression)
        entries: dict[sp.Basic, sp.Symbol] = {}
        for indexed in expression.atoms(sp.Indexed):
            declaration = self._declaration_of(indexed.base)
            position = tuple(indexed.indices)
            if not all(p.is_Integer for p in position):
                raise ClaimDefinitionError(f"index of {indexed} is not fixed by the assignment")
            bounds = self.shape(declaration)
            if len(position) != len(bounds) or not all(1 <= int(p) <= n for p, n in zip(position, bounds, strict=True)):
                raise ClaimDefinitionError(f"{indexed} is outside {declaration.name}'s shape {bounds}")
            entries[indexed] = entry_symbol(declaration, tuple(int(p) for p in position))
        return expression.xreplace(entries)

    def _declaration_of(self, base: sp.IndexedBase) -> Declaration:
        # Fixing the sizes rewrote the base's shape, so match by name.
        for declaration in self.declarations:
            if declaration.kind in (Kind.VECTOR, Kind.MATRIX) and declaration.name == str(base.label):
                return declaration
        raise ClaimDefinitionError(f"'{base}' is indexed but not declared as a vector or matrix")

    def sample(self, rng: np.random.Generator, spread: float) -> dict[sp.Symbol, Fraction]:
        """One exact point of the domain (before assumptions on scalars are applied)."""
        point: dict[sp.Symbol, Fraction] = {}
        intervals = dict(self.intervals)
        for declaration, _, symbols in self.layout:
            domain = declaration.domain
            assert domain is not None
            if declaration.kind is Kind.SCALAR:
                interval = intervals.get(declaration.symbol)
                if interval is not None and (interval.low is not None or interval.high is not None):
                    point[declaration.symbol] = _sample_within(interval, rng, spread)
                else:
                    point[declaration.symbol] = domain.sample(rng, 1, spread=spread)[0]
            else:
                point.update(zip(symbols, domain.sample(rng, len(symbols), spread=spread), strict=True))
        return point

    def describe_point(self, point: dict[sp.Symbol, Fraction]) -> dict[str, str | list[str] | list[list[str]]]:
        """The point as the counterexample shows it: scalars, vectors as lists, matrices as rows."""
        described: dict[str, str | list[str] | list[list[str]]] = {}
        for declaration in self.declarations:
            if declaration.kind is Kind.SCALAR:
                described[declaration.name] = str(point[declaration.symbol])
            elif declaration.kind is Kind.VECTOR:
                (n,) = self.shape(declaration)
                described[declaration.name] = [str(point[entry_symbol(declaration, (i,))]) for i in range(1, n + 1)]
            elif declaration.kind is Kind.MATRIX:
                rows, columns = self.shape(declaration)
                described[declaration.name] = [
                    [str(point[entry_symbol(declaration, (i, m))]) for m in range(1, columns + 1)]
                    for i in range(1, rows + 1)
                ]
        return described

    def onehot_positions(self) -> Iterator[dict[sp.Symbol, Fraction]]:
        """Every assignment of the one-hot vectors (for exhaustive fixed-size proofs)."""
        onehots = [d for d in self.declarations if d.domain is Domain.ONEHOT]
        ranges = [range(1, self.shape(d)[0] + 1) for d in onehots]
        for hots in itertools.product(*ranges):
            values: dict[sp.Symbol, Fraction] = {}
            for declaration, hot in zip(onehots, hots, strict=True):
                for i in range(1, self.shape(declaration)[0] + 1):
                    values[entry_symbol(declaration, (i,))] = Fraction(int(i == hot))
            yield values


def _write_out(summation: sp.Sum) -> sp.Basic:
    """Write out a sum whose outermost limits are numbers; inner limits may depend on them.

    Each term is written out in turn, so a sum nested inside becomes numeric there.
    """
    *inner, (bound, low, high) = summation.limits
    if not (low.is_Integer and high.is_Integer):
        return summation.func(write_out_sums(summation.function), *summation.limits)
    count = int(high) - int(low) + 1
    if count > MAX_EXPANDED_TERMS:
        raise ClaimDefinitionError(f"a sum of {count} terms is too long to write out")
    terms = []
    for value in range(int(low), int(high) + 1):
        at = {bound: sp.Integer(value)}
        body = summation.function.xreplace(at)
        if inner:
            body = sp.Sum(body, *[tuple(sp.Tuple(*limit).xreplace(at)) for limit in inner])
        terms.append(write_out_sums(body))
    return sp.Add(*terms)


@functools.lru_cache(maxsize=1024)
def _concrete(instance: Instance, expression: sp.Basic) -> sp.Basic:
    """Cached: a chain's middle steps and a claim's relaxed variants meet the same forms again."""
    return instance.at_indices(write_out_sizes(expression, instance.assignment.sizes))


@functools.lru_cache(maxsize=512)
def write_out_sizes(expression: sp.Basic, sizes: tuple[tuple[sp.Symbol, int], ...]) -> sp.Basic:
    """The expression at fixed sizes, its sums written out; computed once per size."""
    return write_out_sums(expression.xreplace({s: sp.Integer(n) for s, n in sizes}))


def write_out_sums(expression: sp.Basic) -> sp.Basic:
    """Write out every sum with numeric limits, outermost first, in one pass."""
    if isinstance(expression, sp.Sum):
        return _write_out(expression)
    if not expression.args or not expression.has(sp.Sum):
        return expression
    return expression.func(*[write_out_sums(a) for a in expression.args])


def _sample_within(interval: Interval, rng: np.random.Generator, spread: float) -> Fraction:
    """A dyadic value strictly inside the interval (closed ends may be hit only by chance)."""
    low = None if interval.low is None else _float(interval.low)
    high = None if interval.high is None else _float(interval.high)
    if low is None:
        low = high - spread  # type: ignore[operator]
    if high is None:
        high = low + spread
    scale = 2**DYADIC_BITS
    for _ in range(100):
        value = Fraction(round(rng.uniform(low, high) * scale), scale)
        if (interval.low is None or holds(sp.StrictGreaterThan, value, interval.low)) and (
            interval.high is None or holds(sp.StrictLessThan, value, interval.high)
        ):
            return value
    return (Fraction(low) + Fraction(high)) / 2


def _float(bound: sp.Expr) -> float:
    """An interval end as a float (cached: the sampler asks for it at every draw)."""
    value = constant(bound)
    return float(bound) if value is None else float(value)


def index_constants(expressions: Iterable[sp.Basic]) -> tuple[int, ...]:
    """The integers a claim uses as indices: in entries, sum limits and Kronecker deltas."""
    found: set[int] = set()
    for expression in expressions:
        places: list[sp.Basic] = []
        for node in sp.preorder_traversal(expression):
            if isinstance(node, sp.Indexed):
                places += node.indices
            elif isinstance(node, sp.KroneckerDelta):
                places += node.args
            elif isinstance(node, sp.Sum):
                places += [bound for limit in node.limits for bound in limit[1:]]
        for place in places:
            found.update(int(a) for a in place.atoms(sp.Integer) if 0 < int(a) <= MAX_CONSTANT_SIZE)
    return tuple(sorted(found))


# An index constant up to this value adds its size (and its neighbours) to the search.
MAX_CONSTANT_SIZE = 64


def search_sizes(minimum: int, up_to: int, larger: Iterable[int], constants: Iterable[int]) -> tuple[int, ...]:
    """Every size from the minimum to ``up_to`` (at least three sizes), the larger ones, and
    each index constant with its neighbours, so that a constant index is also the last one."""
    sizes = set(range(minimum, max(up_to, minimum + 2) + 1))
    sizes.update(n for n in larger if n >= minimum)
    sizes.update(n for c in constants for n in (c - 1, c, c + 1) if n >= minimum)
    return tuple(sorted(sizes))


def index_patterns(
    ranges: Sequence[int], constants: Iterable[int], rng: np.random.Generator, limit: int
) -> list[tuple[int, ...]]:
    """Index values to try, given each index's range 1..n: all equal at the start and at the
    end, all distinct from the start and from the end, each constant, then random ones."""
    if not ranges:
        return [()]
    patterns: list[tuple[int, ...]] = [
        tuple(1 for _ in ranges),
        tuple(ranges),
        tuple(min(i + 1, n) for i, n in enumerate(ranges)),
        tuple(max(n - i, 1) for i, n in enumerate(ranges)),
    ]
    patterns += [tuple(c for _ in ranges) for c in constants if all(c <= n for n in ranges)]
    total = int(np.prod(ranges))
    for _ in range(4 * limit):
        patterns.append(tuple(int(rng.integers(1, n + 1)) for n in ranges))
    unique: list[tuple[int, ...]] = []
    for pattern in patterns:
        if pattern not in unique:
            unique.append(pattern)
        if len(unique) >= min(limit, total):
            break
    return unique


def search_assignments(
    declarations: Sequence[Declaration],
    assumptions: Sequence[sp.Basic],
    sizes: Iterable[int],
    rng: np.random.Generator,
    patterns: Callable[[dict[sp.Symbol, int]], int],
    constants: Iterable[int] = (),
) -> list[Assignment]:
    """Assignments of sizes and indices for the falsifier, smallest sizes first.

    ``patterns`` gives how many index assignments to try at each size assignment.
    """
    constants = tuple(constants)
    index_declarations = [d for d in declarations if d.kind is Kind.INDEX]
    index_symbols = {d.symbol for d in index_declarations}
    index_assumptions = [
        a for a in assumptions if a.free_symbols and a.free_symbols <= index_symbols | _sizes(declarations)
    ]
    result: list[Assignment] = []
    for size_values in size_choices(declarations, sizes):
        ranges = [_size_value(d.size, size_values) for d in index_declarations]
        for pattern in index_patterns(ranges, constants, rng, patterns(size_values)):
            candidate = Assignment(
                sizes=tuple(size_values.items()),
                indices=tuple((d.symbol, v) for d, v in zip(index_declarations, pattern, strict=True)),
            )
            substitution = candidate.substitution
            if all(_truth(a.xreplace(substitution)) for a in index_assumptions):
                result.append(candidate)
    return sorted(result, key=lambda a: (max((n for _, n in a.sizes), default=0), a.sizes, a.indices))
