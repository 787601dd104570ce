"""Sums split into their terms at the free indices and a bounded rest.

Lemma: for summands g >= 0 and pairwise distinct free indices i, k in the range,
Σ_m g(m) = g(i) + g(k) + R with R >= 0 (R > 0 when the size's minimum leaves a further
positive term). For the rest of a sum of squares against the rest r of Σ g over the same
n >= 1 terms, the power means give r^2/n <= rest(g^2) <= r^2 (the right one for any n >= 0).
Each bound replaces a quantity by a fresh ``Dummy`` over a range containing every value it
can take (R >= 0, r^2 - C or r^2/n + C with C >= 0), which only strengthens a sign claim,
whatever the relation: both bounds are tried, each alone is sound.
"""

from __future__ import annotations

import sympy as sp

from verifier.language.declarations import Kind
from verifier.problem import Problem
from verifier.prover.cases import Case
from verifier.prover.sums import SumNormaliser

__all__ = ["size_minimum", "split_off_free_terms"]


def split_off_free_terms(
    expression: sp.Basic, case: Case, problem: Problem, normaliser: SumNormaliser, *, squares: str | None = None
) -> sp.Basic | None:
    """Σ_m g(m) = g(i) + g(k) + R with R >= 0, for pairwise distinct free indices i, k in range.

    Sound for summands >= 0: the rest is a sum of summands. R > 0 when the size's
    declared minimum leaves at least one more term and the summands are positive.
    """
    replacements: dict[sp.Basic, sp.Basic] = {}
    rests: dict[sp.Basic, tuple[sp.Symbol, tuple[sp.Basic, ...]]] = {}
    for atom, summation in normaliser.atoms.items():
        if not isinstance(atom, sp.Symbol) or atom not in expression.free_symbols:
            continue
        ((bound, low, high),) = summation.limits
        body = summation.function
        if not (body.is_nonnegative and low == 1):
            continue
        present = [
            s
            for s in expression.free_symbols | _index_symbols(expression)
            if s in normaliser.ranges
            and normaliser.ranges[s][1] == high
            and sp.expand(normaliser.ranges[s][0] - low).is_nonnegative
        ]
        chosen = _pairwise_distinct(sorted(present, key=lambda s: s.name), case.distinct)
        if not chosen:
            continue
        minimum = size_minimum(problem, high)
        positive = body.is_positive and minimum is not None and minimum > len(chosen)
        rest = sp.Dummy(f"R_{atom.name}", positive=True) if positive else sp.Dummy(f"R_{atom.name}", nonnegative=True)
        replacements[atom] = sp.Add(*[body.xreplace({bound: c}) for c in chosen]) + rest
        rests[atom] = (rest, tuple(chosen))
    if not replacements:
        return None
    split = expression.xreplace(replacements)
    if not squares:
        return split
    # The rest of Σ g^2 against the rest r of Σ g over the same n terms (g >= 0):
    # r^2 / n <= rest(g^2) <= r^2 (power means). "upper" uses the right bound, "lower" the left.
    bounds: dict[sp.Basic, sp.Basic] = {}
    # A symbolic size K >= c + 1 is written K = n + c with one integer n >= 1 (a bijection),
    # shared by every rest over 1..K: a rest that leaves out d terms has n + c - d of them.
    sizes: dict[sp.Basic, sp.Basic] = {}
    for square_atom, (square_rest, square_chosen) in rests.items():
        square_template = normaliser.atoms[square_atom]
        ((bound, low, high),) = square_template.limits
        rests_of_base = [
            atom_rest
            for atom, (atom_rest, atom_chosen) in rests.items()
            if atom is not square_atom
            and atom_chosen == square_chosen
            and normaliser.atoms[atom].limits == square_template.limits
            and normaliser.atoms[atom].function.is_nonnegative
            and sp.expand(normaliser.atoms[atom].function ** 2 - square_template.function) == 0
        ]
        for unit in normaliser.unit_sums:  # a simplex sums to 1: its rest is 1 minus the split-off terms
            base = unit.function.xreplace({unit.limits[0][0]: bound})
            if (
                unit.limits[0][1:] == square_template.limits[0][1:]
                and sp.expand(base**2 - square_template.function) == 0
            ):
                rests_of_base.append(1 - sp.Add(*[base.xreplace({bound: c}) for c in square_chosen]))
        if not rests_of_base:
            continue
        slack = sp.Dummy(f"C_{square_atom.name}", nonnegative=True)
        if squares == "upper":
            bounds[square_rest] = rests_of_base[0] ** 2 - slack
            continue
        count = high - low + 1 - len(square_chosen)
        if not count.is_number:
            if high not in sizes:
                minimum = size_minimum(problem, high)
                if not (low == 1 and high.is_Symbol and minimum is not None and minimum > len(square_chosen)):
                    continue
                sizes[high] = sp.Dummy(f"n_{high}", positive=True, integer=True) + len(square_chosen)
            count = sp.expand(count.xreplace(sizes))
        if not count.is_positive:
            continue
        bounds[square_rest] = rests_of_base[0] ** 2 / count + slack
    if not bounds:
        return None
    return split.xreplace(bounds).xreplace(sizes)


def _index_symbols(expression: sp.Basic) -> set[sp.Basic]:
    found: set[sp.Basic] = set()
    for indexed in expression.atoms(sp.Indexed):
        for index in indexed.indices:
            found |= index.free_symbols
    return found


def _pairwise_distinct(candidates: list[sp.Basic], distinct: frozenset[frozenset[sp.Basic]]) -> list[sp.Basic]:
    """The largest prefix-greedy set of indices known pairwise distinct in this case."""
    chosen: list[sp.Basic] = []
    for candidate in candidates:
        if all(frozenset((candidate, c)) in distinct for c in chosen):
            chosen.append(candidate)
    return chosen


def size_minimum(problem: Problem, size: sp.Basic) -> int | None:
    if size.is_Integer:
        return int(size)
    for declaration in problem.declarations:
        if declaration.kind is Kind.SIZE and declaration.symbol == size:
            return declaration.minimum
    return None
