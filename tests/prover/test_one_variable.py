"""The sign of a function of one declared scalar, on the interval its domain and hypotheses give.

The property tests declare x with a domain (real, positive, nonnegative, unit) and bounds
(rational, algebraic, transcendental, open or closed), and state the sign of a function
with known roots (``strategies.known_signs``, ``strategies.monotone_functions``): the
interval is worked out independently here, and a claimed sign that the construction
contradicts fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import (
    NEEDED,
    Interval1,
    T,
    end_points,
    explore,
    holds,
    known_signs,
    monotone_functions,
    power,
)

from verifier import Domain, Ge, Gt, Le, Lt, Variables, claim, exp, log, sigmoid
from verifier.problem import problems_of
from verifier.prover.one_variable import univariate_sign

v = Variables()
x = v.scalar("x")
u = v.scalar("u", Domain.UNIT)

DOMAINS = {
    Domain.REAL: Interval1(None, None, False, False),
    Domain.POSITIVE: Interval1(sp.Integer(0), None, False, False),
    Domain.NONNEGATIVE: Interval1(sp.Integer(0), None, True, False),
    Domain.UNIT: Interval1(sp.Integer(0), sp.Integer(1), False, False),
}
BOUNDS = {(True, False): Gt, (True, True): Ge, (False, False): Lt, (False, True): Le}
STATED = {">=0": Ge, ">0": Gt, "<=0": Le, "<0": Lt}


def sign(statement, **kw):  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **kw))
    return univariate_sign(problem.lhs - problem.rhs, problem)


def narrowed(interval: Interval1, end: sp.Expr, lower: bool, closed: bool) -> Interval1:
    """The interval with one more bound x > end (lower) or x < end, worked out independently."""
    from strategies import _eq, _lt

    if lower:
        if interval.low is None or _lt(interval.low, end):
            return Interval1(end, interval.high, closed, interval.high_closed)
        if _eq(interval.low, end):
            return Interval1(end, interval.high, interval.low_closed and closed, interval.high_closed)
        return interval
    if interval.high is None or _lt(end, interval.high):
        return Interval1(interval.low, end, interval.low_closed, closed)
    if _eq(interval.high, end):
        return Interval1(interval.low, end, interval.low_closed, interval.high_closed and closed)
    return interval


@st.composite
def declared_claims(draw):  # type: ignore[no-untyped-def]
    if draw(st.booleans()):
        function = draw(known_signs())
        expression = function.expression(T)
    else:
        function = draw(monotone_functions())
        expression = function.expression
    domain = draw(st.sampled_from(tuple(DOMAINS)))
    if getattr(function, "domain_low", None) is not None and domain is Domain.REAL:
        domain = Domain.POSITIVE  # log and 1/x need x > 0
    interval = DOMAINS[domain]
    bounds = []
    for _ in range(draw(st.integers(0, 2))):
        end = draw(end_points(function)) if hasattr(function, "roots") else draw(st.sampled_from((function.zero, 1, 2)))
        if end is None:
            continue
        lower, closed = draw(st.booleans()), draw(st.booleans())
        bounds.append((end, lower, closed))
        interval = narrowed(interval, end, lower, closed)
    return function, expression, domain, bounds, interval, draw(st.sampled_from(NEEDED))


def check(claim_parts):  # type: ignore[no-untyped-def]
    function, expression, domain, bounds, interval, needed = claim_parts
    from strategies import _lt

    if interval.low is not None and interval.high is not None and not _lt(interval.low, interval.high):
        return False, False  # no x, or a single one: not a question about an interval
    names = Variables()
    scalar = names.scalar("x", domain)
    assume = [BOUNDS[(lower, closed)](scalar, end) for end, lower, closed in bounds]
    if not expression.has(T):
        return False, False  # a constant: not a claim about x
    statement = STATED[needed](expression.xreplace({T: scalar}), 0)
    (problem,) = problems_of(claim(names, id="c", statement=statement, assume=assume))
    signs = function.signs_on(interval.low, interval.high, interval.low_closed, interval.high_closed)
    true = all(holds(s, needed) for s in signs)
    proved = univariate_sign(problem.lhs - problem.rhs, problem) is not None
    assert true or not proved, f"claimed {statement} for x {domain.value} with {assume}"
    return true, proved


class TestGroundTruth:
    def test_declared_scalar_with_bounds(self) -> None:
        """No false sign is claimed for a declared scalar narrowed by bounds; most true claims are proved."""
        count, share = power(explore(declared_claims(), check, examples=120))
        assert count >= 10 and share >= 0.8, (count, share)

    def test_an_auxiliary_variable_ranges_over_its_assumptions(self) -> None:
        """A variable that is not declared ranges over what its assumptions allow: [0, oo) for a nonnegative one."""
        declared = problems_of(claim(v, id="c", statement=Gt(x, 0)))[0]
        nonnegative = sp.Dummy("p", nonnegative=True)
        positive = sp.Dummy("p", positive=True)
        assert univariate_sign(nonnegative, declared) is None
        assert univariate_sign(positive, declared) is not None


class TestKnownCases:
    def test_sigmoid_is_positive(self) -> None:
        """sigma(x) > 0 on the whole line."""
        assert sign(Gt(sigmoid(x), 0)) is not None

    def test_assumption_narrows_the_interval(self) -> None:
        """exp(x) > 2 holds for x > 1 only: with the hypothesis it is shown, without it not."""
        assert sign(Gt(exp(x), 2), assume=[Gt(x, 1)]) is not None
        assert sign(Gt(exp(x), 2)) is None

    def test_unit_domain(self) -> None:
        """-log(u) >= 1 - u on (0, 1), by monotonicity."""
        assert sign(Ge(-log(u), 1 - u)) is not None

    def test_nonnegative_is_not_positive(self) -> None:
        """x > 0 for a nonnegative x fails at 0."""
        names = Variables()
        xn = names.scalar("x", Domain.NONNEGATIVE)
        (problem,) = problems_of(claim(names, id="c", statement=Gt(xn, 0)))
        assert univariate_sign(problem.lhs - problem.rhs, problem) is None


class TestSeparatedAndTranslated:
    def test_a_positive_factor_in_another_variable(self) -> None:
        """(exp(x) - 1 - x)/b >= 0 for b > 0: the factor 1/b is split off; with b of unknown sign it is not."""
        names = Variables()
        xs, b, c = names.scalar("x"), names.scalar("b", Domain.POSITIVE), names.scalar("c")
        for scale, proved in ((b, True), (c, False)):
            (problem,) = problems_of(claim(names, id="c", statement=Ge((exp(xs) - 1 - xs) / scale, 0)))
            assert (univariate_sign(problem.lhs - problem.rhs, problem) is not None) is proved

    def test_shifted_exponentials(self) -> None:
        """log(1 + exp(x + 20)) - x - 20 <= exp(-20) on x > 0 (s = x + 20); <= exp(-21) is false near 0."""
        p = sp.Dummy("p", positive=True)
        problem = problems_of(claim(v, id="c", statement=Le(x, 0)))[0]
        tight = sp.log(1 + sp.exp(p + 20)) - p - 20 - sp.exp(-20)
        assert univariate_sign(tight, problem) is not None
        assert univariate_sign(tight + sp.exp(-20) - sp.exp(-21), problem) is None

    def test_polynomial_against_exponential(self) -> None:
        """exp(x) >= x**3/1000 on the line by Taylor bounds; exp(x) >= 3 x**3/4 (false at x = 3) is not proved."""
        assert sign(Ge(exp(x), x**3 / 1000)) is not None
        assert sign(Ge(exp(x), 3 * x**3 / 4)) is None
