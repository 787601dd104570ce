"""The prover: exact arguments with recorded steps; never a proof of a false claim."""

from __future__ import annotations

import sympy as sp

from verifier import (
    Domain,
    Eq,
    Ge,
    Gt,
    KroneckerDelta,
    Le,
    Lt,
    Ne,
    Sum,
    Variables,
    claim,
    diff,
    log,
    sigmoid,
    softmax,
    summation_index,
)
from verifier.problem import problems_of
from verifier.prover import prove

v = Variables()
K = v.size("K")
K2 = v.size("K2", at_least=2)
z = v.vector("z", K)
w = v.vector("w", K2)
t = v.vector("t", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
u = v.scalar("u", Domain.UNIT)
x = v.scalar("x")
j, k = v.index("j", K), v.index("k", K)
a = v.index("a", K2)
m = summation_index("m")


def attempt(statement, **kw):  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **kw))
    return prove(problem)


class TestSymbolicSize:
    def test_jacobian_for_all_sizes(self) -> None:
        """The softmax Jacobian is proved for every K, with recorded steps."""
        result = attempt(Eq(diff(softmax(z, j), z[k]), softmax(z, j) * (KroneckerDelta(j, k) - softmax(z, k))))
        assert result.proof is not None and result.proof.scope.is_all
        actions = [s.action for s in result.proof.steps]
        assert any("Differentiate" in action for action in actions)

    def test_sum_hypothesis_is_used(self) -> None:
        """The cross-entropy gradient needs Σ t = 1, and the prover uses it."""
        loss = -Sum(t[m] * log(softmax(z, m)), (m, 1, K))
        result = attempt(Eq(diff(loss, z[j]), softmax(z, j) - t[j]))
        assert result.proof is not None and result.proof.scope.is_all

    def test_one_hot_labels(self) -> None:
        """With a one-hot label the sum picks the hot term."""
        loss = -Sum(y[m] * log(softmax(z, m)), (m, 1, K))
        result = attempt(Eq(diff(loss, z[j]), softmax(z, j) - y[j]))
        assert result.proof is not None and result.proof.scope.is_all

    def test_sign_of_off_diagonal(self) -> None:
        """For j != k the Jacobian entry is negative."""
        assert attempt(Lt(diff(softmax(z, j), z[k]), 0), assume=[Ne(j, k)]).proof is not None

    def test_sign_needing_a_second_term(self) -> None:
        """softmax < 1 needs the sum to have another positive term: K >= 2."""
        assert attempt(Lt(softmax(w, a), 1)).proof is not None
        assert attempt(Lt(softmax(z, j), 1)).proof is None

    def test_unit_interval_bound(self) -> None:
        """u (1 - u) <= 1/4 on (0, 1), by reparametrising u."""
        assert attempt(Le(u * (1 - u), sp.Rational(1, 4))).proof is not None

    def test_sigmoid_slope_bound(self) -> None:
        """sigma'(x) <= 1/4 for every real x."""
        assert attempt(Le(diff(sigmoid(x), x), sp.Rational(1, 4))).proof is not None


class TestNeverProvesFalse:
    def test_false_identities(self) -> None:
        """Wrong Jacobians, wrong gradients and wrong signs are never proved."""
        false_statements = [
            Eq(diff(softmax(z, j), z[k]), -softmax(z, j) * softmax(z, k)),
            Eq(diff(-Sum(t[m] * log(softmax(z, m)), (m, 1, K)), z[j]), softmax(z, j) + t[j]),
            Lt(diff(softmax(z, j), z[k]), 0),
            Gt(diff(softmax(z, j), z[j]), 0),
            Ge(x, 0),
            Eq(Sum(softmax(z, m), (m, 1, K)), K),
        ]
        for statement in false_statements:
            assert attempt(statement).proof is None, statement


class TestFixedSizes:
    def test_fixed_sizes_give_a_partial_scope(self) -> None:
        """When only fixed sizes are proved, the scope lists them and is not 'all'."""
        from verifier.prover.fixed_sizes import prove_fixed as _prove_fixed

        (problem,) = problems_of(claim(v, id="c", statement=Eq(Sum(softmax(z, m), (m, 1, K)), 1)))
        result = _prove_fixed(problem, problem.declaration("K"), (1, 2, 3))
        assert result.proof is not None
        assert result.proof.scope.sizes == (1, 2, 3) and not result.proof.scope.is_all


def test_value_within_tolerance() -> None:
    """softmax([1, 2, 3])_3 = 0.6652 within 5e-5 is proved by 50-digit evaluation; 0.665 within 5e-5 is not."""
    from verifier import vector

    good = attempt(Eq(softmax(vector(1, 2, 3), 3), sp.Float("0.6652")), tolerance="5e-5")
    bad = attempt(Eq(softmax(vector(1, 2, 3), 3), sp.Float("0.665")), tolerance="5e-5")
    assert good.proof is not None and bad.proof is None


def test_substituting_an_entry_inside_a_symbolic_sum_is_not_proved_wrongly() -> None:
    """subs(Σ_m exp(z[m]), z[1], 0) must change the sum; SymPy alone does not, so no symbolic proof."""
    from verifier import exp, subs

    unchanged = Eq(subs(Sum(exp(z[m]), (m, 1, K)), z[1], 0), Sum(exp(z[m]), (m, 1, K)))
    assert attempt(unchanged).proof is None
    changed = Eq(subs(Sum(exp(z[m]), (m, 1, K)), z[1], 0), Sum(exp(z[m]), (m, 1, K)) - exp(z[1]) + 1)
    result = attempt(changed)
    assert result.proof is not None and not result.proof.scope.is_all


def test_maximum_by_cases() -> None:
    """exp(a_k - max a) <= 1 by cases on which entry is largest; with min instead it is false."""
    from verifier import Ge, Max, Min, exp

    w = Variables()
    a = w.vector("a", 3)
    k = w.index("k", 3)
    m3 = summation_index("m")
    largest = Max(a[1], a[2], a[3])

    def attempt_here(statement):  # type: ignore[no-untyped-def]
        (problem,) = problems_of(claim(w, id="c", statement=statement))
        return prove(problem)

    assert attempt_here(Le(exp(a[k] - largest), 1)).proof is not None
    assert attempt_here(Ge(Sum(exp(a[m3] - largest), (m3, 1, 3)), 1)).proof is not None
    assert attempt_here(Le(exp(a[k] - Min(a[1], a[2], a[3])), 1)).proof is None


def test_relu_monotone_by_cases_and_a_false_variant() -> None:
    """ReLU(x + p) >= ReLU(x) for p >= 0 is proved by cases on max(0, .); the reverse is not."""
    from verifier import Domain, relu

    w = Variables()
    xx = w.scalar("x")
    pp = w.scalar("p", Domain.NONNEGATIVE)

    def attempt_here(statement):  # type: ignore[no-untyped-def]
        (problem,) = problems_of(claim(w, id="c", statement=statement))
        return prove(problem)

    assert attempt_here(Ge(relu(xx + pp), relu(xx))).proof is not None
    assert attempt_here(Le(relu(xx + pp), relu(xx))).proof is None


class TestFalseClaimsFromTheIssue:
    """The false claims of issue 11 that the prover used to prove, and their kin."""

    def statement(self, text, symbols, assume=()):  # type: ignore[no-untyped-def]
        names = Variables()
        declared = {name: names.scalar(name, domain) for name, domain in symbols.items()}
        parsed = sp.sympify(text, locals={**declared, "sigmoid": sigmoid})
        (problem,) = problems_of(claim(names, id="c", statement=parsed, assume=[a(declared) for a in assume]))
        return prove(problem)

    def test_close_roots(self) -> None:
        """(x - 1/1000)^2 + (x - 1/1000)/10^7 >= 0 is false between its roots 1e-7 apart."""
        result = self.statement("(x - 1/1000)**2 + (x - 1/1000)*(1/10**7) >= 0", {"x": Domain.REAL})
        assert result.proof is None

    def test_root_next_to_the_end_t_zero(self) -> None:
        """exp(x)(exp(x) - 1e-9) >= 0 for x < 1 is false for x < -20.7."""
        result = self.statement("exp(x)*(exp(x) - 1/1000000000) >= 0", {"x": Domain.REAL}, [lambda s: Lt(s["x"], 1)])
        assert result.proof is None

    def test_strict_sign_at_a_closed_end(self) -> None:
        """x > 0 for a nonnegative x is false at 0."""
        assert self.statement("x > 0", {"x": Domain.NONNEGATIVE}).proof is None

    def test_a_margin_below_a_maximum(self) -> None:
        """sigma(x)(1 - sigma(x)) <= 1/4 - 1e-15 is false at 0."""
        assert self.statement("sigmoid(x)*(1 - sigmoid(x)) <= 1/4 - 1/10**15", {"x": Domain.REAL}).proof is None


class TestNoCapture:
    """Claims that declare the names of the prover's own symbols: each is false, none is proved."""

    def test_a_scalar_named_like_a_sum_atom(self) -> None:
        """Σ_m w[m] = Σ1 is false, with Σ1 a declared positive scalar."""
        names = Variables()
        K = names.size("K")
        w = names.vector("w", K, Domain.POSITIVE)
        atom = names.scalar("Σ1", Domain.POSITIVE)
        (problem,) = problems_of(claim(names, id="c", statement=Eq(Sum(w[m], (m, 1, K)), atom)))
        assert prove(problem, fixed_sizes=()).proof is None

    def test_a_scalar_named_like_a_vector_entry(self) -> None:
        """z[1] = w is false, with w a scalar declared under the name 'z[1]' (Variables refuses the
        name; a declaration built by hand still meets the prover's own check)."""
        from verifier.language.declarations import Declaration, Kind

        names = Variables()
        zz = names.vector("z", 3)
        twin = sp.Symbol("z[1]", real=True)
        names._by_name["z[1]"] = Declaration(name="z[1]", kind=Kind.SCALAR, symbol=twin, domain=Domain.REAL)
        (problem,) = problems_of(claim(names, id="c", statement=Eq(zz[1], twin)))
        assert prove(problem).proof is None

    def test_a_scalar_named_like_the_exp_bound(self) -> None:
        """exp(p) >= 1 + r0 is false for r0 large, with r0 declared positive."""
        names = Variables()
        p, r0 = names.scalar("p", Domain.POSITIVE), names.scalar("r0", Domain.POSITIVE)
        (problem,) = problems_of(claim(names, id="c", statement=Ge(sp.exp(p), 1 + r0)))
        assert prove(problem).proof is None

    def test_the_prover_names_no_symbol(self) -> None:
        """Every auxiliary symbol of the prover is a Dummy: no module builds a named Symbol a claim could share."""
        import pathlib

        import verifier.prover

        for module in pathlib.Path(verifier.prover.__file__).parent.glob("*.py"):
            assert "sp.Symbol(" not in module.read_text(), module.name
