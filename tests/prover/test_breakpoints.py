"""Case splits on breakpoints: random piecewise-linear functions whose truth is known exactly.

A function built from lines in x with Max, Min, Abs and clamp is piecewise linear, with
kinks where an argument difference changes sign; between two consecutive kinks (and on
each ray beyond them) it is one line. So it is 0 everywhere exactly when it is 0 at every
kink and at two points of every piece, and its infimum is its least value at a kink (or
-oo when a ray goes down): the oracle evaluates exactly at rational points, never through
the prover. Identities true by construction (Max(a, b) = -Min(-a, -b), clamp =
Min(Max)) must be proved; their mutants (a factor 2, a shifted constant, Max for Min) and
bounds beyond the infimum must never be.
"""

from __future__ import annotations

import itertools

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power

from verifier import Abs, Eq, Ge, Le, Max, Variables, claim, clamp, sign
from verifier.problem import problems_of
from verifier.prover import prove
from verifier.prover.breakpoints import breakpoint_cases, has_breakpoints
from verifier.prover.regions import Region

v = Variables()
x = v.scalar("x")
d = v.scalar("d")


def attempt(statement, **fields):  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **fields))
    return prove(problem, fixed_sizes=())


# -- the oracle: exact evaluation at the kinks and inside every piece -------------------------


def kinks(expression: sp.Expr) -> list[sp.Rational]:
    """Every point where a Max, Min or Abs in the expression may switch piece, in order."""
    found: set[sp.Rational] = set()
    for atom in expression.atoms(sp.Max, sp.Min, sp.Abs):
        arguments = atom.args if not isinstance(atom, sp.Abs) else (atom.args[0], sp.Integer(0))
        for first, second in itertools.pairwise(arguments):
            found |= _zeros(first - second)
        for i, first in enumerate(arguments):
            for second in arguments[i + 1 :]:
                found |= _zeros(first - second)
    return sorted(found)


def _zeros(difference: sp.Expr) -> set[sp.Rational]:
    """The zeros of a piecewise-linear difference: exactly, piece by piece."""
    inner = kinks(difference)
    zeros = set(p for p in inner if difference.subs(x, p) == 0)
    for p, q in _piece_points(inner):
        vp, vq = difference.subs(x, p), difference.subs(x, q)
        if vp != vq:
            root = p - vp * (q - p) / (vq - vp)
            if _in_piece(root, p, inner):
                zeros.add(root)
    return zeros


def _piece_points(points: list[sp.Rational]) -> list[tuple[sp.Rational, sp.Rational]]:
    """Two rational points inside every piece the points cut the line into."""
    if not points:
        return [(sp.Integer(0), sp.Integer(1))]
    pairs = [(points[0] - 2, points[0] - 1)]
    for low, high in itertools.pairwise(points):
        pairs.append((low + (high - low) / 3, low + 2 * (high - low) / 3))
    pairs.append((points[-1] + 1, points[-1] + 2))
    return pairs


def _in_piece(root: sp.Rational, sample: sp.Rational, points: list[sp.Rational]) -> bool:
    below = [p for p in points if p <= sample]
    above = [p for p in points if p >= sample]
    return (not below or root > below[-1]) and (not above or root < above[0])


def identically_zero(expression: sp.Expr) -> bool:
    points = kinks(expression)
    samples = points + [p for pair in _piece_points(points) for p in pair]
    return all(expression.subs(x, p) == 0 for p in samples)


def infimum(expression: sp.Expr) -> sp.Expr:
    """The exact infimum of a piecewise-linear function over the line (-oo when unbounded)."""
    points = kinks(expression)
    (l1, l2), (r1, r2) = _piece_points(points)[0], _piece_points(points)[-1]
    if expression.subs(x, l1) < expression.subs(x, l2) or expression.subs(x, r2) < expression.subs(x, r1):
        return -sp.oo
    return min([expression.subs(x, p) for p in points] + [expression.subs(x, l2), expression.subs(x, r1)])


# -- generated functions --------------------------------------------------------------------

COEFFICIENTS = st.sampled_from((-2, -1, sp.Rational(-1, 3), 0, sp.Rational(1, 2), 1, 3))
OFFSETS = st.sampled_from((-3, -1, sp.Rational(-1, 2), 0, sp.Rational(1, 4), 1, 2))


@st.composite
def lines(draw):  # type: ignore[no-untyped-def]
    return draw(COEFFICIENTS) * x + draw(OFFSETS)


@st.composite
def piecewise_linear(draw, depth: int = 2):  # type: ignore[no-untyped-def]
    """A random nesting of Max, Min, Abs and clamp over lines in x."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return draw(lines())
    kind = draw(st.sampled_from(("max", "min", "abs", "clamp", "sum")))
    first = draw(piecewise_linear(depth - 1))
    second = draw(piecewise_linear(depth - 1))
    if kind == "max":
        return sp.Max(first, second)
    if kind == "min":
        return sp.Min(first, second)
    if kind == "abs":
        return sp.Abs(first)
    if kind == "clamp":
        low = draw(OFFSETS)
        return sp.Min(sp.Max(first, low), low + draw(st.sampled_from((0, sp.Rational(1, 2), 2))))
    return first + draw(COEFFICIENTS) * second


def _rewritten(draw, expression):  # type: ignore[no-untyped-def]
    """An equal expression written otherwise: Max(a, b) = -Min(-a, -b), |u| = Max(u, -u), ..."""
    if isinstance(expression, sp.Max) and len(expression.args) == 2:
        first, second = (_rewritten(draw, a) for a in expression.args)
        form = draw(st.integers(0, 1))
        return -sp.Min(-first, -second, evaluate=False) if form == 0 else (first + second + sp.Abs(first - second)) / 2
    if isinstance(expression, sp.Min) and len(expression.args) == 2:
        first, second = (_rewritten(draw, a) for a in expression.args)
        return -sp.Max(-first, -second, evaluate=False)
    if isinstance(expression, sp.Abs):
        inner = _rewritten(draw, expression.args[0])
        return sp.Max(inner, -inner, evaluate=False)
    if expression.is_Add or expression.is_Mul:
        return expression.func(*[_rewritten(draw, a) for a in expression.args])
    return expression


@st.composite
def identities(draw):  # type: ignore[no-untyped-def]
    """f == g with g a rewriting of f (true), or a mutant of g (truth decided by the oracle)."""
    f = draw(piecewise_linear())
    g = _rewritten(draw, f)
    mutant = draw(st.sampled_from(("none", "factor", "shift", "swap")))
    if mutant == "factor":
        g = 2 * g
    elif mutant == "shift":
        g = g + sp.Rational(1, draw(st.sampled_from((3, 1000))))
    elif mutant == "swap":
        g = g.replace(
            lambda e: isinstance(e, sp.Max | sp.Min), lambda e: (sp.Min if isinstance(e, sp.Max) else sp.Max)(*e.args)
        )
    return f, g


def test_identities_between_nested_forms() -> None:
    """Rewritings (Max = -Min(-), |u| = Max(u, -u), Max = (a + b + |a - b|)/2) are proved; mutants never wrongly."""

    def check(pair):  # type: ignore[no-untyped-def]
        f, g = pair
        true = identically_zero(sp.expand(f - g))
        proved = attempt(Eq(f, g)).proof is not None
        assert true or not proved, (f, g)
        return true, proved

    results = explore(identities(), check, examples=40)
    count, share = power(results)
    assert count >= 10 and share >= 0.9, (count, share)


@st.composite
def bounds(draw):  # type: ignore[no-untyped-def]
    """f >= c (or -f <= -c) with c at the exact infimum of f, or just beyond it."""
    f = draw(piecewise_linear())
    return f, draw(st.sampled_from((0, sp.Rational(-1, 1000), sp.Rational(1, 1000), 1))), draw(st.booleans())


def test_bounds_at_the_infimum() -> None:
    """f >= inf f is proved (tight at a kink); f >= inf f + 1/1000 is never proved."""

    def check(drawn):  # type: ignore[no-untyped-def]
        f, offset, mirrored = drawn
        lowest = infimum(f)
        if lowest == -sp.oo:
            bound, true = sp.Integer(0), False
        else:
            bound, true = lowest + offset, offset <= 0
        statement = Le(-f, -bound) if mirrored else Ge(f, bound)
        proved = attempt(statement).proof is not None
        assert true or not proved, (f, bound)
        return true, proved

    results = explore(bounds(), check, examples=30)
    count, share = power(results)
    assert count >= 6 and share >= 0.8, (count, share)


# -- two variables: truth from the construction, falsity from an exact evaluation ---------

GRID = [sp.Rational(n, 4) for n in range(-13, 14, 3)]


@st.composite
def planes(draw):  # type: ignore[no-untyped-def]
    return draw(COEFFICIENTS) * x + draw(COEFFICIENTS) * d + draw(OFFSETS)


@st.composite
def two_variable_identities(draw):  # type: ignore[no-untyped-def]
    """f == g over (x, d) with g a rewriting of f (true) or its mutant, f built from planes."""
    first, second, third = draw(planes()), draw(planes()), draw(planes())
    shape = draw(st.sampled_from(("max", "abs", "clamp", "triangle")))
    if shape == "max":
        f = sp.Max(first, second) + third
    elif shape == "abs":
        f = sp.Abs(first) * draw(COEFFICIENTS) + sp.Min(second, third)
    elif shape == "clamp":
        f = sp.Min(sp.Max(first, -1), 1) - sp.Abs(second)
    else:
        f = sp.Abs(first + second) - sp.Abs(first) - sp.Abs(second)
    g = _rewritten(draw, f)
    mutant = draw(st.sampled_from(("none", "factor", "shift")))
    if mutant == "factor":
        g = 2 * g
    elif mutant == "shift":
        g = g + sp.Rational(1, 1000)
    return f, g, mutant == "none"


def test_two_variable_identities() -> None:
    """Rewritten piecewise-linear functions of two variables are proved; a proof is never contradicted
    by an exact evaluation on a grid (mutants are false on an open set, so the grid meets it)."""

    def check(drawn):  # type: ignore[no-untyped-def]
        f, g, true = drawn
        proved = attempt(Eq(f, g)).proof is not None
        if proved:
            difference = f - g
            assert all(difference.subs({x: p, d: q}) == 0 for p in GRID for q in GRID), (f, g)
        return true, proved

    results = explore(two_variable_identities(), check, examples=8)
    count, share = power(results)
    assert count >= 2 and share >= 0.8, (count, share)


class TestSamples:
    def test_parameter_slope(self) -> None:
        """Max(x, e x) with 0 < e < 1 is the leaky ReLU; with the slopes swapped it is not proved."""
        leaky = sp.Piecewise((x, x >= 0), (d * x, True))
        inside = [sp.Gt(d, 0), sp.Lt(d, 1)]
        assert attempt(Eq(Max(x, d * x), leaky), assume=inside).proof is not None
        swapped = sp.Piecewise((d * x, x >= 0), (x, True))
        assert attempt(Eq(Max(x, d * x), swapped), assume=inside).proof is None
        assert attempt(Eq(Max(x, d * x), leaky)).proof is None  # without 0 < d < 1 it is false

    def test_points_where_a_condition_is_an_equality(self) -> None:
        """sign(x)*|x| = x holds at x = 0 too; sign(x)**2 = 1 does not, unless x != 0 is assumed."""
        assert attempt(Eq(sign(x) * Abs(x), x)).proof is not None
        assert attempt(Eq(sign(x) ** 2, 1)).proof is None
        assert attempt(Eq(sign(x) ** 2, 1), assume=[sp.Ne(x, 0)]).proof is not None

    def test_derivative_of_a_jump(self) -> None:
        """diff(sign(x), x) = 2 DiracDelta(x) is 0 away from 0; diff(sign(x), x) == 1 is not proved."""
        assert attempt(Eq(sp.diff(sign(x), x), 0), assume=[sp.Ne(x, 0)]).proof is not None
        assert attempt(Eq(sp.diff(sign(x), x), 1), assume=[sp.Ne(x, 0)]).proof is None

    def test_symbolic_ends(self) -> None:
        """|clamp(x, -d, d)| <= d for d > 0 (ends that are not numbers); <= d/2 is not proved."""
        assert attempt(Le(Abs(clamp(x, -d, d)), d), assume=[sp.Gt(d, 0)]).proof is not None
        assert attempt(Le(Abs(clamp(x, -d, d)), d / 2), assume=[sp.Gt(d, 0)]).proof is None

    def test_impossible_cases_are_dropped_and_printed_cases_cover(self) -> None:
        """clamp(x, -1, 1) has three cases, not four: x < -1 and x > 1 together are impossible."""
        region = Region.over({x: sp.S.Reals})
        cases = breakpoint_cases(sp.Min(sp.Max(x, -1), 1), region)
        assert sorted(str(c.expression) for c in cases) == ["-1", "1", "x"]
        assert not any(has_breakpoints(c.expression) for c in cases)
