"""Finite sums commute: an inner sum's range brought outermost keeps the value.

The property test builds Σ_a g(a) Σ_b h(a, b) over sizes 1..4 from random polynomial
g and h in the entries of a matrix and a vector, exchanges it, and compares both sides
exactly at random rational entries; the logistic-regression Hessian's quadratic form
(Bishop, PRML 4.97) is then proved >= 0 for every N and M.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import explore

from verifier import Ge, Variables, claim, sigmoid, summation_index
from verifier.numeric.instances import write_out_sums
from verifier.problem import problems_of
from verifier.prover.exchanged_sums import sums_exchanged
from verifier.prover.symbolic import prove_symbolic

a, b, c = (summation_index(x) for x in "abc")
N, M = sp.Symbol("N", integer=True, positive=True), sp.Symbol("M", integer=True, positive=True)
X, y = sp.IndexedBase("X"), sp.IndexedBase("y")


@st.composite
def nested(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    outer = draw(st.sampled_from((y[a], y[a] ** 2, 1 - y[a], y[a] * X[a, a])))
    inner = draw(st.sampled_from((X[b, a], X[b, a] * y[b], X[b, a] ** 2 + y[a], X[a, b] * X[b, a])))
    upper = draw(st.sampled_from((N, M, 3)))
    expression = sp.Sum(outer * sp.Sum(inner, (b, 1, upper)), (a, 1, M))
    sizes = {N: draw(st.integers(1, 4)), M: draw(st.integers(1, 4))}
    values = {e: sp.Rational(draw(st.integers(-9, 9)), draw(st.integers(1, 5))) for e in _entries(sizes)}
    return expression, sizes, values


def _entries(sizes):  # type: ignore[no-untyped-def]
    top = max(*sizes.values(), 3)
    return [X[i, k] for i in range(1, top + 1) for k in range(1, top + 1)] + [y[i] for i in range(1, top + 1)]


def check(case):  # type: ignore[no-untyped-def]
    expression, sizes, values = case
    exchanged = sums_exchanged(expression)
    assert exchanged is not None
    before = write_out_sums(expression.xreplace(sizes)).xreplace(values)
    after = write_out_sums(exchanged.xreplace(sizes)).xreplace(values)
    assert before == after, (expression, exchanged, sizes)
    return True


class TestGroundTruth:
    def test_exchange_keeps_the_value(self) -> None:
        """Exchanged nested sums equal the originals exactly at random rational entries and sizes."""
        assert all(explore(nested(), check, examples=30))


class TestKnownCases:
    def test_an_inner_range_that_uses_the_outer_index_is_kept(self) -> None:
        """Σ_a y_a Σ_{b <= a} X_ba: the inner range depends on a, nothing is exchanged."""
        assert sums_exchanged(sp.Sum(y[a] * sp.Sum(X[b, a], (b, 1, a)), (a, 1, M))) is None

    def test_logistic_regression_hessian_is_positive_semidefinite(self) -> None:
        """u'Hu >= 0 for H = Σ_n σ(1 - σ) x_n x_n' is proved for every N and M; with a constant 1/3 it is not."""
        names = Variables()
        rows, features = names.size("N"), names.size("M")
        data = names.matrix("X", rows, features)
        w, u = names.vector("w", features), names.vector("u", features)
        n, f = summation_index("n"), summation_index("f")
        s = sigmoid(sp.Sum(w[f] * data[n, f], (f, 1, features)))
        form = sp.Sum(
            u[a] * u[c] * sp.Sum(s * (1 - s) * data[n, a] * data[n, c], (n, 1, rows)),
            (c, 1, features),
            (a, 1, features),
        )
        for bound, provable in ((0, True), (sp.Rational(1, 3), False)):
            (problem,) = problems_of(claim(names, id="c", statement=Ge(form, bound)))
            assert (prove_symbolic(problem).proof is not None) is provable
