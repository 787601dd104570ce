"""The symbolic-size prover on version 2 of the language: nested sums, derivatives inside sums,
definitions, sign labels, Max(v), and the constructs it names when it cannot use them."""

from __future__ import annotations

import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import (
    Domain,
    Eq,
    Ge,
    Heaviside,
    KroneckerDelta,
    Le,
    Piecewise,
    Sum,
    Variables,
    claim,
    diff,
    log,
    logsumexp,
    softmax,
    summation_index,
    vmax,
    vmin,
)
from verifier.numeric.falsifier import falsify
from verifier.problem import problems_of
from verifier.prover import prove
from verifier.verdicts import Scope

v = Variables()
K = v.size("K")
z = v.vector("z", K)
q = v.vector("q", K)
t = v.vector("t", K, Domain.SIMPLEX)
s = v.vector("s", K, Domain.SIGN)
x = v.scalar("x")
label = v.scalar("label", Domain.SIGN)
j, k = v.index("j", K), v.index("k", K)
a, b, m = summation_index("a"), summation_index("b"), summation_index("m")
J = v.define_matrix("J", j, k, softmax(z, j) * (KroneckerDelta(j, k) - softmax(z, k)))
L = v.define("L", logsumexp(z))


def attempt(statement, **fields):  # type: ignore[no-untyped-def]
    (problem,) = problems_of(claim(v, id="c", statement=statement, **fields))
    return prove(problem, fixed_sizes=())


def proved_for_all(statement) -> bool:  # type: ignore[no-untyped-def]
    result = attempt(statement)
    return result.proof is not None and result.proof.scope == Scope()


QUADRATIC = Sum(q[a] ** 2 * softmax(z, a), (a, 1, K)) - Sum(q[a] * softmax(z, a), (a, 1, K)) ** 2


class TestDoubleSums:
    def test_quadratic_form_of_the_jacobian(self) -> None:
        """Σ_a Σ_b q_a J_ab q_b = Σ q² s - (Σ q s)², for every K, nested or with two ranges."""
        nested = Sum(Sum(q[a] * J[a, b] * q[b], (b, 1, K)), (a, 1, K))
        ranges = Sum(q[a] * J[a, b] * q[b], (b, 1, K), (a, 1, K))
        assert proved_for_all(Eq(nested, QUADRATIC))
        assert proved_for_all(Eq(ranges, QUADRATIC))

    def test_wrong_quadratic_form_is_not_proved_and_is_refuted(self) -> None:
        """Without the square term the identity is false: no proof, and the numeric check refutes it."""
        wrong = Eq(Sum(Sum(q[a] * J[a, b] * q[b], (b, 1, K)), (a, 1, K)), Sum(q[a] ** 2 * softmax(z, a), (a, 1, K)))
        assert attempt(wrong).proof is None
        (problem,) = problems_of(claim(v, id="c", statement=wrong))
        assert falsify(problem, 0).counterexample is not None

    def test_derivative_inside_a_sum_over_its_index(self) -> None:
        """Σ_m ∂L/∂z_m = 1 for L = logsumexp(z): the derivative by z[m] inside the sum over m."""
        assert proved_for_all(Eq(Sum(diff(L, z[m]), (m, 1, K)), 1))
        assert attempt(Eq(Sum(diff(L, z[m]), (m, 1, K)), 2)).proof is None

    def test_cross_entropy_gradient_sums_to_zero(self) -> None:
        """Σ_m ∂/∂z_m of -Σ_a t_a log softmax_a(z) is 0 (t sums to 1)."""
        loss = -Sum(t[a] * log(softmax(z, a)), (a, 1, K))
        assert proved_for_all(Eq(Sum(diff(loss, z[m]), (m, 1, K)), 0))


class TestLabels:
    def test_sign_scalar_is_split(self) -> None:
        """label² = 1 for a label in {-1, 1}: the two cases are checked."""
        assert proved_for_all(Eq(label**2, 1))
        assert attempt(Eq(label, 1)).proof is None

    def test_sign_entries_square_to_one(self) -> None:
        """Σ_m s_m² = K for labels s in {-1, 1}."""
        assert proved_for_all(Eq(Sum(s[m] ** 2, (m, 1, K)), K))
        assert attempt(Eq(Sum(s[m] ** 3, (m, 1, K)), K)).proof is None

    def test_margin_loss_derivative(self) -> None:
        """d/dx max(0, 1 - y x) = -y H(1 - y x) off the kink."""
        hinge = sp.Max(0, 1 - label * x)
        assert proved_for_all(Eq(diff(hinge, x), -label * Heaviside(1 - label * x)))


class TestLargestEntry:
    def test_largest_entry_bounds(self) -> None:
        """Max(z) >= z_j and Min(z) <= z_j for every K."""
        assert proved_for_all(Ge(vmax(z), z[j]))
        assert proved_for_all(Le(vmin(z), z[j]))
        assert attempt(Le(vmax(z), z[j])).proof is None

    def test_shift_by_the_largest_entry(self) -> None:
        """softmax(z - Max(z), j) = softmax(z, j): Max(z) is a constant of the sums."""
        assert proved_for_all(Eq(softmax(z - vmax(z), j), softmax(z, j)))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2))
def test_largest_entry_never_proves_a_false_bound(c_max: int, c_entry: int, c: int) -> None:
    """c_max Max(z) + c_entry z_j + c >= 0 holds for every z and K exactly when c_max + c_entry = 0,
    c_max >= 0 and c >= 0 (z_j is any real, Max(z) - z_j any d >= 0): a proof only then."""
    statement = Ge(c_max * vmax(z) + c_entry * z[j] + c, 0)
    true = c_max + c_entry == 0 and c_max >= 0 and c >= 0
    result = attempt(statement)
    if result.proof is not None:
        assert true


class TestNamedConstructs:
    def test_piecewise_is_split(self) -> None:
        """Huber's derivative inside (-1, 1) is x, by a case split on its breakpoints; twice x is not proved."""
        huber = Piecewise((x**2 / 2, sp.Abs(x) <= 1), (sp.Abs(x) - sp.Rational(1, 2), True))
        inside = [sp.Lt(x, 1), sp.Gt(x, -1)]
        assert attempt(Eq(diff(huber, x), x), assume=inside).proof is not None
        assert attempt(Eq(diff(huber, x), 2 * x), assume=inside).proof is None

    def test_max_of_a_vector_is_named(self) -> None:
        """logsumexp(z) <= Max(z) is false (K = 2, z = 0): unproved, and the reason names Max(v)."""
        result = attempt(Le(logsumexp(z), vmax(z)))
        assert result.proof is None and "Max(v)" in (result.failure or "")

    def test_heaviside_and_sign_are_split_at_zero(self) -> None:
        """Heaviside and sign are split at 0, where sign(0)**2 = 0 keeps sign(x)**2 == 1 unproved."""
        assert attempt(Le(Heaviside(x) + Heaviside(-x), 1)).proof is not None
        assert attempt(Eq(sp.sign(x) ** 2, 1)).proof is None
        assert attempt(Eq(sp.sign(x) ** 2, 1), assume=[sp.Ne(x, 0)]).proof is not None


# Two functions of an entry, each in two forms that are equal but not syntactically.
FORMS = {
    "sigmoid": (lambda e: 1 / (1 + sp.exp(-e)), lambda e: sp.exp(e) / (sp.exp(e) + 1)),
    "square": (lambda e: e**2, lambda e: (e + 1) ** 2 - 2 * e - 1),
}


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.integers(-2, 2), st.sampled_from(sorted(FORMS)), st.integers(0, 1)), min_size=2, max_size=3)
)
def test_combined_sums_prove_only_true_identities(terms: list[tuple[int, str, int]]) -> None:
    """Σ_k c_k Σ_m f_k(z_m) == 0 with each f_k a form of sigmoid or square: proved only when the
    coefficients of each function cancel (the two functions are linearly independent)."""
    lhs = sp.Add(*[c * Sum(FORMS[name][form](z[m]), (m, 1, K)) for c, name, form in terms])
    totals = {name: sum(c for c, other, _ in terms if other == name) for name in FORMS}
    true = all(total == 0 for total in totals.values())
    if lhs == 0:
        return  # SymPy cancelled it on construction: nothing for the prover to decide
    result = attempt(Eq(lhs, 0))
    if result.proof is not None:
        assert true


def test_a_case_outside_the_hypotheses_is_skipped() -> None:
    """With b binary and b > 0 assumed, the case b = 0 is excluded, not tried."""
    w = Variables()
    b, y = w.scalar("b", Domain.BINARY), w.scalar("y")
    (problem,) = problems_of(claim(w, id="c", statement=Eq(Piecewise((y, b > 0)), y), assume=[sp.Gt(b, 0)]))
    result = prove(problem, fixed_sizes=())
    assert result.proof is not None
    assert result.proof.steps[0].action == "Case b = 0: excluded by a hypothesis"
