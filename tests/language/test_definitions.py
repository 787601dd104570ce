"""Definitions: references print as written, expand by capture-avoiding substitution, and are bounded."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.errors import ClaimDefinitionError
from verifier.language.claims import claim
from verifier.language.declarations import Variables, summation_index
from verifier.language.definitions import MAX_EXPANDED_NODES, Form, Reference, check_expandable
from verifier.language.domains import Domain
from verifier.language.functions import Entrywise, logsumexp, softmax
from verifier.language.printing import to_latex, to_text
from verifier.language.vocabulary import Eq, diff


@pytest.fixture
def names():  # type: ignore[no-untyped-def]
    v = Variables()
    K = v.size("K")
    return v, K, v.vector("z", K), v.vector("t", K, Domain.SIMPLEX), v.index("i", K), v.index("j", K), v.scalar("x")


m, n = summation_index("m"), summation_index("n")
u, w = sp.Symbol("u", real=True), sp.Symbol("w", real=True)


def written_out(expression: sp.Basic, size_symbol: sp.Symbol, size: int, values: dict[sp.Basic, sp.Basic]) -> sp.Basic:
    """The expression at a numeric size, its sums written out, entries replaced by values."""
    by_entry = {(str(e.base.label), e.indices): value for e, value in values.items() if isinstance(e, sp.Indexed)}
    at_size = expression.xreplace({size_symbol: size}).doit()
    at_size = at_size.replace(
        lambda e: isinstance(e, sp.Indexed) and (str(e.base.label), e.indices) in by_entry,
        lambda e: sp.sympify(by_entry[str(e.base.label), e.indices]),
    )
    scalars = {s: value for s, value in values.items() if not isinstance(s, sp.Indexed)}
    return sp.nsimplify(at_size.xreplace(scalars))


class TestReferences:
    def test_print_as_written(self, names) -> None:  # type: ignore[no-untyped-def]
        """L, a[j] and f(x) print as their author wrote them, in text and LaTeX."""
        v, K, z, t, i, j, x = names
        L = v.define("L", logsumexp(z))
        a = v.define_vector("a", i, softmax(z, i))
        f = v.define_function("f", (u,), u**2)
        assert (to_text(L), to_text(a[j]), to_text(f(x))) == ("L", "a[j]", "f(x)")
        assert to_latex(a[j]) == "a_{j}"
        assert to_latex(f(x)) == sp.latex(sp.Function("f")(x))  # as SymPy prints any function

    def test_latex_names_follow_sympy(self, names) -> None:  # type: ignore[no-untyped-def]
        """mu is μ, vhat is v̂ and gelu_tanh is gelu with a subscript, as for declared symbols."""
        v, K, z, t, i, j, x = names
        mu = v.define("mu", x)
        vhat = v.define_vector("vhat", i, z[i])
        gelu_tanh = v.define_function("gelu_tanh", (u,), u)
        assert to_latex(mu) == r"\mu" and to_latex(vhat[j]) == r"{\hat{v}}_{j}"
        assert to_latex(gelu_tanh(x)).startswith(r"\operatorname{gelu}_{tanh}")

    def test_headings_and_forms(self, names) -> None:  # type: ignore[no-untyped-def]
        """Each definition knows its form, its left side as written and its shape."""
        v, K, z, t, i, j, x = names
        v.define("L", logsumexp(z))
        v.define_vector("a", i, z[i] ** 2)
        v.define_function("f", (u, w), u * w)
        headings = [(d.heading, d.form, d.shape) for d in v.definitions]
        assert headings == [("L", Form.SCALAR, ()), ("a[i]", Form.VECTOR, (K,)), ("f(u, w)", Form.FUNCTION, ())]

    def test_a_claim_holds_only_the_expansion(self, names) -> None:  # type: ignore[no-untyped-def]
        """A claim's statement has every reference replaced (SymPy would take d L/dx as 0);
        the form as written and the definitions used are kept for the reports."""
        v, K, z, t, i, j, x = names
        L = v.define("L", x**2)
        built = claim(v, id="c", statement=Eq(diff(L, x), 2 * x))
        assert not built.statement.has(Reference)
        assert built.statement == Eq(diff(x**2, x), 2 * x)
        assert built.as_written is not None and built.as_written.statement.has(Reference)
        assert [d.name for d in built.definitions] == ["L"]
        assert built.display == "diff(L, x) == 2*x"


class TestExpansion:
    def test_substitution(self, names) -> None:  # type: ignore[no-untyped-def]
        """A vector's entry and a function's call substitute their arguments."""
        v, K, z, t, i, j, x = names
        a = v.define_vector("a", i, z[i] ** 2)
        f = v.define_function("f", (u, w), u - w)
        assert v.definitions.expand(a[j] + f(x, a[j])) == z[j] ** 2 + x - z[j] ** 2

    def test_arguments_are_substituted_at_once(self, names) -> None:  # type: ignore[no-untyped-def]
        """f(w, u) with f(u, w) = u - w swaps its arguments (simultaneous substitution)."""
        v, K, z, t, i, j, x = names
        f = v.define_function("f", (u, w), u - w)
        g = v.define_function("g", (u, w), f(w, u))
        assert v.definitions.expand(g(x, z[j])) == z[j] - x

    def test_a_sum_inside_a_definition_is_its_own(self, names) -> None:  # type: ignore[no-untyped-def]
        """Σ_m t_m S with S = Σ_m z_m: the inner m is renamed, and the value is S (t sums to 1)."""
        v, K, z, t, i, j, x = names
        S = v.define("S", sp.Sum(z[m], (m, 1, K)))
        expanded = v.definitions.expand(sp.Sum(t[m] * S, (m, 1, K)))
        inner = next(s for s in expanded.atoms(sp.Sum) if s != expanded)
        assert inner.limits[0][0] != m
        values = {z[1]: 1, z[2]: 5, t[1]: sp.Rational(1, 4), t[2]: sp.Rational(3, 4)}
        assert written_out(expanded, K, 2, values) == 6

    def test_an_argument_is_not_captured(self, names) -> None:  # type: ignore[no-untyped-def]
        """Σ_m f(z_m) with f(u) = Σ_m u z_m is (Σ z)^2: the argument's m is not the definition's."""
        v, K, z, t, i, j, x = names
        f = v.define_function("f", (u,), sp.Sum(u * z[m], (m, 1, K)))
        expanded = v.definitions.expand(sp.Sum(f(z[m]), (m, 1, K)))
        values = {z[1]: 2, z[2]: 3, z[3]: -1}
        assert written_out(expanded, K, 3, values) == 16

    def test_a_function_of_itself(self, names) -> None:  # type: ignore[no-untyped-def]
        """f(f(x)) renames the inner sum's index apart from the outer one's."""
        v, K, z, t, i, j, x = names
        f = v.define_function("f", (u,), sp.Sum(u * z[m], (m, 1, K)))
        expanded = v.definitions.expand(f(f(x)))
        values = {z[1]: 2, z[2]: 3, x: 5}
        assert written_out(expanded, K, 2, values) == 5 * 25

    def test_entrywise_vector_of_a_defined_vector(self, names) -> None:  # type: ignore[no-untyped-def]
        """softmax(a, j) with a[i] = softmax(z, i): the entry index of the outer vector is apart from the inner's."""
        v, K, z, t, i, j, x = names
        a = v.define_vector("a", i, softmax(z / x, i))
        expanded = v.definitions.expand(softmax(a, j))
        outer = expanded.args[0]
        assert isinstance(outer, Entrywise)
        inner = next(e for e in sp.preorder_traversal(outer.body) if isinstance(e, Entrywise))
        assert inner.index != outer.index

    def test_expansion_is_deterministic(self, names) -> None:  # type: ignore[no-untyped-def]
        """The same claim expands to the same expression every time (the cache keys on it)."""
        v, K, z, t, i, j, x = names
        S = v.define("S", sp.Sum(z[m], (m, 1, K)))
        claim = sp.Sum(t[m] * S, (m, 1, K))
        assert sp.srepr(v.definitions.expand(claim)) == sp.srepr(v.definitions.expand(claim))
        assert "Dummy" not in sp.srepr(v.definitions.expand(claim))

    def test_used_by_follows_references(self, names) -> None:  # type: ignore[no-untyped-def]
        """A claim uses the definitions it names and those they name, in definition order."""
        v, K, z, t, i, j, x = names
        a = v.define_vector("a", i, softmax(z, i))
        v.define("unused", x)
        L = v.define("L", -sp.Sum(t[m] * sp.log(a[m]), (m, 1, K)))
        assert [d.name for d in v.definitions.used_by(L)] == ["a", "L"]


class TestRefused:
    def test_no_recursion(self, names) -> None:  # type: ignore[no-untyped-def]
        """A definition may not use itself, nor a name not yet defined."""
        v, K, z, t, i, j, x = names
        f = v.define_function("f", (u,), u)
        with pytest.raises(ClaimDefinitionError, match="twice"):
            v.define_function("f", (u,), f(u))
        ghost = f.definition.reference(x).func(sp.core.symbol.Str("g"), x)
        with pytest.raises(ClaimDefinitionError, match="not defined before"):
            v.define("h", ghost)

    def test_free_index(self, names) -> None:  # type: ignore[no-untyped-def]
        """A scalar that depends on an index, or a vector on an index not its own, is refused."""
        v, K, z, t, i, j, x = names
        with pytest.raises(ClaimDefinitionError, match=r"index 'j'.*no free index"):
            v.define("L", z[j])
        with pytest.raises(ClaimDefinitionError, match="index 'j', which is not among its parameters"):
            v.define_vector("a", i, z[j])
        assert "L" not in v.definitions and "a" not in v.definitions

    def test_parameters(self, names) -> None:  # type: ignore[no-untyped-def]
        """A vector's index is a declared index; a placeholder is not a declared name."""
        v, K, z, t, i, j, x = names
        with pytest.raises(ClaimDefinitionError, match="declared index"):
            v.define_vector("a", x, x)
        with pytest.raises(ClaimDefinitionError, match="placeholder 'x'"):
            v.define_function("f", (x,), x)
        with pytest.raises(ClaimDefinitionError, match="declared in"):
            v.define("z", x)
        with pytest.raises(ClaimDefinitionError, match="constant"):
            v.define("pi", x)

    def test_undeclared_symbol(self, names) -> None:  # type: ignore[no-untyped-def]
        """A body may use only declared symbols and its own parameters."""
        v, K, z, t, i, j, x = names
        with pytest.raises(ClaimDefinitionError, match="'y', which is not declared"):
            v.define("L", sp.Symbol("y", real=True))

    def test_doubling_chain_is_refused(self, names) -> None:  # type: ignore[no-untyped-def]
        """d_k = d_{k-1} * exp(d_{k-1}) doubles at each step: refused once past the size bound."""
        v, K, z, t, i, j, x = names
        previous = v.define("d0", x)
        with pytest.raises(ClaimDefinitionError, match=f"more than {MAX_EXPANDED_NODES} nodes"):
            for k in range(1, 40):
                previous = v.define(f"d{k}", previous * sp.exp(previous) + 1)

    def test_depth_is_bounded(self) -> None:
        """A tree deeper than the bound is refused before anything recurses along it."""
        deep: sp.Basic = sp.Symbol("x")
        for _ in range(200):
            deep = sp.exp(deep, evaluate=False)
        with pytest.raises(ClaimDefinitionError, match="deep"):
            check_expandable(deep)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    outer=st.sampled_from(["m", "n"]),
    inner=st.sampled_from(["m", "n"]),
    coefficients=st.lists(st.integers(-3, 3), min_size=3, max_size=3),
)
def test_capture_avoidance_keeps_values(outer: str, inner: str, coefficients: list[int]) -> None:
    """Σ_p z_p f(z_p) with f(u) = Σ_q u z_q is (Σ z²)(Σ z), whatever the two index names (equal ones too)."""
    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    p, q = summation_index(outer), summation_index(inner)
    f = v.define_function("f", (u,), sp.Sum(u * z[q], (q, 1, K)))
    expanded = v.definitions.expand(sp.Sum(z[p] * f(z[p]), (p, 1, K)))
    values = {z[k + 1]: c for k, c in enumerate(coefficients)}
    total, squares = sum(coefficients), sum(c * c for c in coefficients)
    assert written_out(expanded, K, 3, values) == total * squares
