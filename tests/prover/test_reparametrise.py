"""Bijections onto the bounded domain: x > c as x = c + p, a unit u as p/(1 + p).

The property tests state identities that hold exactly where a variable is bounded (|x - c| =
x - c, Max(x, c) = x) and signs of differences x - y - c, under one or several bounds, some
involving another variable; the truth follows from the effective bound, worked out here,
and a proof that contradicts it fails the test. Variables named like the reparametrisation's
own (x_p, u_p) must not be captured.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, Range, exact_sign, explore, power, small_offsets

from verifier import Abs, Domain, Eq, Ge, Gt, Le, Lt, Max, Variables, claim
from verifier.problem import problems_of
from verifier.prover import prove

STATED = {">=0": Ge, ">0": Gt, "<=0": Le, "<0": Lt}


@st.composite
def bounded_identities(draw):  # type: ignore[no-untyped-def]
    """Abs(x - c) = x - c or Max(x, c) = x, under bounds whose effective lower bound is known."""
    c0 = draw(st.sampled_from((0, 1, sp.Rational(1, 3))))
    c = c0 + draw(small_offsets())
    shape = draw(st.sampled_from(("x > c0", "x >= c0", "x > c0, x < c0 + 5", "x > c0 - 1, x > c0", "x > y, y >= c0")))
    kind = draw(st.sampled_from(("abs", "max")))
    return c0, c, shape, kind


def check_identity(case):  # type: ignore[no-untyped-def]
    c0, c, shape, kind = case
    names = Variables()
    x, y = names.scalar("x"), names.scalar("y")
    bounds = {
        "x > c0": [Gt(x, c0)],
        "x >= c0": [Ge(x, c0)],
        "x > c0, x < c0 + 5": [Gt(x, c0), Lt(x, c0 + 5)],
        "x > c0 - 1, x > c0": [Gt(x, c0 - 1), Gt(x, c0)],
        "x > y, y >= c0": [Gt(x, y), Ge(y, c0)],
    }[shape]
    statement = Eq(Abs(x - c), x - c) if kind == "abs" else Eq(Max(x, c), x)
    # Both hold exactly when every allowed x is >= c; x ranges down to c0 (reached only for "x >= c0").
    true = exact_sign(c0 - c) >= 0
    (problem,) = problems_of(claim(names, id="c", statement=statement, assume=bounds))
    proved = prove(problem, fixed_sizes=()).proof is not None
    assert true or not proved, f"proved {statement} under {bounds}"
    return true, proved


@st.composite
def bounded_differences(draw):  # type: ignore[no-untyped-def]
    """x - y - c against 0 under x > y + d (or >=, or with a second, weaker bound)."""
    d = draw(st.sampled_from((0, 1, sp.Rational(-1, 2))))
    strict = draw(st.booleans())
    extra = draw(st.booleans())
    c = d + draw(small_offsets())
    return d, strict, extra, c, draw(st.sampled_from(NEEDED))


def check_difference(case):  # type: ignore[no-untyped-def]
    d, strict, extra, c, needed = case
    names = Variables()
    x, y = names.scalar("x"), names.scalar("y")
    bounds = [Gt(x, y + d) if strict else Ge(x, y + d)]
    if extra:
        bounds.append(Gt(x, y + d - 1))
    statement = STATED[needed](x - y - c, 0)
    (problem,) = problems_of(claim(names, id="c", statement=statement, assume=bounds))
    proved = prove(problem, fixed_sizes=()).proof is not None
    true = Range(d, None, not strict, False).satisfies(needed, c)
    assert true or not proved, f"proved {statement} under {bounds}"
    return true, proved


class TestGroundTruth:
    def test_identities_under_bounds(self) -> None:
        """No identity is proved where the bounds allow x below c, with one, two, or chained bounds."""
        count, share = power(explore(bounded_identities(), check_identity, examples=30))
        assert count >= 8 and share >= 0.5, (count, share)

    def test_signs_under_bounds_on_a_difference(self) -> None:
        """No false sign of x - y - c is proved under x > y + d; most true ones are."""
        count, share = power(explore(bounded_differences(), check_difference, examples=30))
        assert count >= 8 and share >= 0.5, (count, share)


class TestCapture:
    def test_a_declared_name_like_the_positive_variable(self) -> None:
        """1e20 + x = 1e20 + x_p under x > 0 is false, with x_p declared positive."""
        names = Variables()
        x, x_p = names.scalar("x"), names.scalar("x_p", Domain.POSITIVE)
        big = sp.Integer(10) ** 20
        (problem,) = problems_of(claim(names, id="c", statement=Eq(big + x, big + x_p), assume=[Gt(x, 0)]))
        assert prove(problem).proof is None

    def test_a_declared_name_like_the_unit_variable(self) -> None:
        """u = u_p/(1 + u_p) is false, with u in (0, 1) and u_p declared positive."""
        names = Variables()
        u, u_p = names.scalar("u", Domain.UNIT), names.scalar("u_p", Domain.POSITIVE)
        (problem,) = problems_of(claim(names, id="c", statement=Eq(u, u_p / (1 + u_p))))
        assert prove(problem).proof is None

    def test_a_declared_vector_like_the_unit_vector(self) -> None:
        """u[j] = u_p[j]/(1 + u_p[j]) is false, with u unit[K] and u_p declared positive[K]."""
        names = Variables()
        K = names.size("K")
        u, u_p = names.vector("u", K, Domain.UNIT), names.vector("u_p", K, Domain.POSITIVE)
        j = names.index("j", K)
        (problem,) = problems_of(claim(names, id="c", statement=Eq(u[j], u_p[j] / (1 + u_p[j]))))
        assert prove(problem, fixed_sizes=()).proof is None

    def test_a_declared_index_like_the_hot_position(self) -> None:
        """y[hot_y] = 1 is false for a one-hot y and any index, even one named like its hot position."""
        names = Variables()
        K = names.size("K")
        y = names.vector("y", K, Domain.ONEHOT)
        hot = names.index("hot_y", K)
        (problem,) = problems_of(claim(names, id="c", statement=Eq(y[hot], 1)))
        assert prove(problem, fixed_sizes=()).proof is None


class TestLinearForms:
    def test_bound_on_a_product_is_solved_for_one_variable(self) -> None:
        """b x > 20 with b > 0 is x = (20 + p)/b: softplus's threshold bound is proved, its flip is not."""
        names = Variables()
        xs, b = names.scalar("x"), names.scalar("b", Domain.POSITIVE)
        threshold = [Gt(b * xs, 20)]
        softplus_gap = sp.log(1 + sp.exp(b * xs)) / b - xs
        for statement, proved in (
            (Le(softplus_gap, sp.exp(-20) / b), True),
            (Ge(softplus_gap, sp.exp(-20) / b), False),
        ):
            (problem,) = problems_of(claim(names, id="c", statement=statement, assume=threshold))
            assert (prove(problem, fixed_sizes=()).proof is not None) is proved
