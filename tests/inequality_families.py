"""Classic inequalities over vectors of symbolic size, with points where each is tight.

Each family is a true statement ``smaller <= larger`` about vectors of size K (simplices
p, q; positive vectors a, b; real vectors v, w, z) and an index j, and ``tight`` gives,
for a size, a point where equality holds (or is approached most closely): a mutated
statement that is false is false there. ``check`` proves a statement with the symbolic
prover alone and, when it claims a proof, evaluates the statement exactly (rationals,
logs and exps at 100 digits) at the tight point and at random points (uniform, spiky,
random) of every size from the family's minimum to 8: a proof contradicted anywhere
fails the test. Mutations: the larger side times 2 or 1/2, a constant ±1/3 or ±1e-9
added to it, the relation flipped or made strict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from hypothesis import strategies as st
from strategies import exact_sign, holds, real_point, simplex_point

from verifier import Domain, Ge, Gt, Le, Lt, Variables, claim, summation_index
from verifier.language.functions import expand_functions
from verifier.numeric.instances import write_out_sums
from verifier.problem import problems_of
from verifier.prover.symbolic import prove_symbolic

m = summation_index("m")
n = summation_index("n")

VECTORS = {
    "p": Domain.SIMPLEX,
    "q": Domain.SIMPLEX,
    "a": Domain.POSITIVE,
    "b": Domain.POSITIVE,
    "v": Domain.REAL,
    "w": Domain.REAL,
    "z": Domain.REAL,
}
Point = dict[str, list[Fraction]]


@dataclass(frozen=True)
class Names:
    """The symbols a family's statement is built from."""

    K: sp.Symbol
    j: sp.Symbol
    vectors: dict[str, sp.IndexedBase]

    def __getattr__(self, name: str) -> sp.IndexedBase:
        return self.vectors[name]


@dataclass(frozen=True)
class Family:
    """A true statement smaller <= larger for every K >= minimum, and where it is tight."""

    name: str
    build: Callable[[Names], tuple[sp.Expr, sp.Expr]]
    tight: Callable[[int, st.DrawFn], tuple[Point, int]]
    minimum: int = 1


def uniform(size: int) -> list[Fraction]:
    return [Fraction(1, size)] * size


def constant(size: int, value: Fraction = Fraction(2, 3)) -> list[Fraction]:
    return [value] * size


def positive_point(draw: st.DrawFn, size: int) -> list[Fraction]:
    return [abs(x) + Fraction(1, 10**3) for x in real_point(draw, size)]


def random_point(draw: st.DrawFn, size: int) -> Point:
    """Entries of every vector: simplices random or spiky, positives and reals on a log scale."""
    return {
        name: simplex_point(draw, size)
        if domain is Domain.SIMPLEX
        else positive_point(draw, size)
        if domain is Domain.POSITIVE
        else real_point(draw, size)
        for name, domain in VECTORS.items()
    }


@dataclass(frozen=True)
class Mutant:
    family: Family
    factor: sp.Rational
    shift: sp.Rational
    relation: str  # "<=", "<", ">=", ">"
    points: tuple[tuple[Point, int], ...]  # (entries, j) for each size


RELATIONS = {"<=": Le, "<": Lt, ">=": Ge, ">": Gt}
SIGNS = {"<=": "<=0", "<": "<0", ">=": ">=0", ">": ">0"}


@st.composite
def mutants(draw: st.DrawFn, families: tuple[Family, ...]) -> Mutant:
    family = draw(st.sampled_from(families))
    original = draw(st.booleans())
    factor = sp.Integer(1) if original else draw(st.sampled_from((sp.Integer(1), sp.Integer(2), sp.Rational(1, 2))))
    shifts = (0, sp.Rational(1, 3), -sp.Rational(1, 3), sp.Rational(1, 10**9), -sp.Rational(1, 10**9))
    shift = sp.Integer(0) if original else sp.sympify(draw(st.sampled_from(shifts)))
    relation = "<=" if original else draw(st.sampled_from(("<=", "<=", "<", ">=")))
    points = []
    for size in range(family.minimum, 9):
        points.append(family.tight(size, draw))
        base = random_point(draw, size)
        points.append((base, draw(st.integers(1, size))))
    return Mutant(family, factor, shift, relation, tuple(points))


def names_for(minimum: int) -> tuple[Variables, Names]:
    variables = Variables()
    K = variables.size("K", at_least=minimum)
    vectors = {name: variables.vector(name, K, domain) for name, domain in VECTORS.items()}
    return variables, Names(K, variables.index("j", K), vectors)


def statement_of(mutant: Mutant) -> tuple[Variables, Names, sp.Basic]:
    variables, names = names_for(mutant.family.minimum)
    smaller, larger = mutant.family.build(names)
    return variables, names, RELATIONS[mutant.relation](smaller, mutant.factor * larger + mutant.shift)


def value_at(expression: sp.Basic, names: Names, entries: Point, j: int) -> sp.Basic:
    """The expression at a size (the length of the entries) and index j, exactly."""
    size = len(next(iter(entries.values())))
    concrete = write_out_sums(expand_functions(expression).xreplace({names.K: size, names.j: j}))
    return concrete.replace(
        lambda e: isinstance(e, sp.Indexed),
        lambda e: sp.Rational(entries[str(e.base.label)][int(e.indices[0]) - 1]),
    )


def sign_of(value: sp.Basic) -> int:
    """The sign at 60 digits when the value is clearly away from 0, else exactly.

    A value that 100 digits cannot separate from 0 must be 0 to 150 digits: the mutants'
    margins are at least 1e-9, so that is a tie, as constructed (equal entries, p = q).
    """
    approximate = value.evalf(60)
    if approximate.is_Number and abs(approximate) > sp.Rational(1, 10**25):
        return 1 if approximate > 0 else -1
    try:
        return exact_sign(value)
    except sp.core.evalf.PrecisionExhausted:
        assert abs(value.evalf(200)) < sp.Rational(1, 10**150), value
        return 0


def check(mutant: Mutant) -> tuple[bool, bool]:
    """(whether the mutant is the unmutated true family, whether the prover proved it)."""
    variables, names, statement = statement_of(mutant)
    (problem,) = problems_of(claim(variables, id="c", statement=statement))
    proved = prove_symbolic(problem).proof is not None
    if proved:
        residual = statement.lhs - statement.rhs
        for entries, j in mutant.points:
            sign = sign_of(value_at(residual, names, entries, j))
            assert holds(sign, SIGNS[mutant.relation]), f"proved {statement}, false at j = {j}, {entries}"
    original = (mutant.factor, mutant.shift, mutant.relation) == (1, 0, "<=")
    return original, proved


def tight_at(draw: st.DrawFn, size: int, j: int = 1, **entries: list[Fraction]) -> tuple[Point, int]:
    """A random point with some vectors given (where the family is tight)."""
    return {**random_point(draw, size), **entries}, j


def spiky(size: int, tiny: Fraction = Fraction(1, 10**9)) -> list[Fraction]:
    """A simplex point next to a vertex: the infimum of entropy-like quantities."""
    weights = [Fraction(1)] + [tiny] * (size - 1)
    return [x / sum(weights) for x in weights]


def power_of(results: list[tuple[bool, bool]]) -> tuple[int, float]:
    """How many unmutated statements were drawn, and the share proved."""
    proved = [p for original, p in results if original]
    return len(proved), (sum(proved) / len(proved) if proved else 0.0)
