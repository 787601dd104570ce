"""The sign of a function of one declared scalar, on the interval its hypotheses give."""

from __future__ import annotations

from verifier import Domain, Ge, Gt, Variables, claim, exp, log, sigmoid
from verifier.problem import problems_of
from verifier.prover.one_variable import univariate_sign

v = Variables()
x = v.scalar("x")
u = v.scalar("u", Domain.UNIT)


def sign(statement, **kw):  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **kw))
    return univariate_sign(problem.lhs - problem.rhs, problem)


class TestUnivariateSign:
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
