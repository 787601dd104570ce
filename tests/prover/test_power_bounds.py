"""Powers with a symbolic exponent, bounded by 1 through the signs of b - 1 and e.

The property test draws one-variable bounds with a symbolic exponent g >= 0 (x in (0, 1),
y > 0): x**g <= 1, (1 + y)**g >= 1, (1 + y)**(-g) <= 1, the focal loss below the
cross-entropy, unmutated or mutated (a factor 2 or 1/2, a constant ±1/3 or ±1e-9, the
relation flipped or strict), and proves each with the symbolic prover: a proof must hold
exactly at g = 0 (where each is tight) and at random rational x, y, g.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, holds

from verifier import Domain, Ge, Gt, Le, Lt, Variables, claim
from verifier.problem import problems_of
from verifier.prover.power_bounds import powers_bounded
from verifier.prover.symbolic import prove_symbolic

RELATIONS = {"<=": Le, "<": Lt, ">=": Ge, ">": Gt}
SIGNS = {"<=": "<=0", "<": "<0", ">=": ">=0", ">": ">0"}
Build = Callable[[sp.Symbol, sp.Symbol, sp.Symbol], tuple[sp.Expr, sp.Expr]]

FAMILIES: tuple[tuple[str, Build], ...] = (
    ("x**g <= 1", lambda x, y, g: (x**g, sp.Integer(1))),
    ("1 <= (1 + y)**g", lambda x, y, g: (sp.Integer(1), (1 + y) ** g)),
    ("(1 + y)**(-g) <= 1", lambda x, y, g: ((1 + y) ** (-g), sp.Integer(1))),
    ("(1 - x)**g <= 1", lambda x, y, g: ((1 - x) ** g, sp.Integer(1))),
    ("focal <= cross-entropy", lambda x, y, g: (-((1 - x) ** g) * sp.log(x), -sp.log(x))),
)


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    factor: sp.Rational
    shift: sp.Rational
    relation: str
    points: tuple[tuple[sp.Rational, sp.Rational, sp.Rational], ...]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    name, build = draw(st.sampled_from(FAMILIES))
    original = draw(st.booleans())
    factor = sp.Integer(1) if original else draw(st.sampled_from((sp.Integer(1), sp.Integer(2), sp.Rational(1, 2))))
    shifts = (0, sp.Rational(1, 3), -sp.Rational(1, 3), sp.Rational(1, 10**9), -sp.Rational(1, 10**9))
    shift = sp.Integer(0) if original else sp.sympify(draw(st.sampled_from(shifts)))
    relation = "<=" if original else draw(st.sampled_from(("<=", "<", ">=")))
    fractions = st.fractions(min_value=0, max_value=1).filter(lambda f: 0 < f < 1)
    points = [(sp.Rational(1, 2), sp.Integer(3), sp.Integer(0))]  # g = 0: every family is tight there
    for _ in range(6):
        x = sp.Rational(draw(fractions))
        y = sp.Rational(draw(st.fractions(min_value=0, max_value=1000, max_denominator=1000).filter(lambda f: f > 0)))
        g = sp.Rational(draw(st.fractions(min_value=0, max_value=20, max_denominator=100)))
        points.append((x, y, g))
    return Case(name, build, factor, shift, relation, tuple(points))


def check(case: Case) -> tuple[bool, bool]:
    names = Variables()
    x, y, g = names.scalar("x", Domain.UNIT), names.scalar("y", Domain.POSITIVE), names.scalar("g", Domain.NONNEGATIVE)
    smaller, larger = case.build(x, y, g)
    statement = RELATIONS[case.relation](smaller, case.factor * larger + case.shift)
    (problem,) = problems_of(claim(names, id="c", statement=statement))
    proved = prove_symbolic(problem).proof is not None
    if proved:
        for point in case.points:
            value = (statement.lhs - statement.rhs).xreplace(dict(zip((x, y, g), point, strict=True)))
            sign = 0 if value == 0 else (1 if value.evalf(60) > 0 else -1)
            assert holds(sign, SIGNS[case.relation]), f"proved {statement}, false at x, y, g = {point}"
    return (case.factor, case.shift, case.relation) == (1, 0, "<="), proved


class TestGroundTruth:
    def test_power_bounds_and_mutants(self) -> None:
        """No mutant false at g = 0 or at a random point is proved; every unmutated statement is."""
        results = explore(cases(), check, examples=40)
        originals = [proved for original, proved in results if original]
        assert len(originals) >= 10 and all(originals), originals


class TestKnownCases:
    def test_a_base_of_unknown_side_is_left(self) -> None:
        """(1 + v)**g with v real may be above or below 1: it is not replaced."""
        v, g = sp.Symbol("v", real=True), sp.Symbol("g", nonnegative=True)
        assert powers_bounded((1 + v) ** g) is None

    def test_ranges(self) -> None:
        """b**e >= 1 becomes 1 + r, b**e <= 1 becomes 1/(1 + r), r >= 0."""
        p, g = sp.Symbol("p", positive=True), sp.Symbol("g", nonnegative=True)
        above = powers_bounded((1 + p) ** g)
        below = powers_bounded((1 + p) ** (-g))
        assert above is not None and (above - 1).is_nonnegative
        assert below is not None and (1 - below).is_nonnegative is not False and below.is_positive
