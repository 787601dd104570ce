"""Vocabulary functions stay unevaluated, expand on demand, and never capture indices."""

from __future__ import annotations

import pytest
import sympy as sp

from verifier.errors import ClaimDefinitionError
from verifier.language.declarations import Variables, summation_index
from verifier.language.functions import (
    Entrywise,
    clamp,
    depends_on,
    diff,
    expand_functions,
    expm1,
    log1p,
    logsumexp,
    relu,
    sigmoid,
    softmax,
    softplus,
    vmax,
    vmin,
)
from verifier.language.printing import to_latex


@pytest.fixture
def vocabulary():  # type: ignore[no-untyped-def]
    v = Variables()
    K = v.size("K")
    return K, v.vector("z", K), v.index("j", K), v.index("k", K), summation_index("m")


class TestSoftmax:
    def test_inner_sum_uses_a_fresh_index(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """A user's Sum over m around softmax(z, m) is not captured by softmax's own sum."""
        K, z, _, _, m = vocabulary
        expanded = expand_functions(sp.Sum(softmax(z, m), (m, 1, K)))
        inner = next(iter(expanded.function.atoms(sp.Sum)))
        assert inner.limits[0][0] != m
        at_three = expanded.subs(K, 3).doit()
        assert sp.simplify(at_three) == 1

    def test_literal_vector(self) -> None:
        """softmax of a literal is the exact closed form."""
        value = expand_functions(softmax(sp.Tuple(1, 2, 3), 3))
        assert sp.simplify(value - sp.exp(3) / (sp.exp(1) + sp.exp(2) + sp.exp(3))) == 0

    def test_literal_index_out_of_range(self) -> None:
        """An index outside a literal's length is an error, not a silent value."""
        with pytest.raises(ClaimDefinitionError, match=r"1\.\.3"):
            expand_functions(softmax(sp.Tuple(1, 2, 3), 4))

    def test_plain_diff_goes_through_the_expansion(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """Even SymPy's own diff of an unexpanded softmax is the true derivative, not 0."""
        _, z, j, k, _ = vocabulary
        derivative = sp.diff(softmax(z, j), z[k])
        assert derivative != 0 and derivative.has(sp.KroneckerDelta)

    def test_prints_as_written(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """Unexpanded, the claim prints the way its author wrote it."""
        _, z, j, k, _ = vocabulary
        assert str(diff(sp.log(softmax(z, j)), z[k])) == "Derivative(log(softmax(z, j)), z[k])"


class TestScalars:
    def test_sigmoid_and_relu_expand(self) -> None:
        """sigmoid is 1/(1+exp(-x)); relu is max(0, x)."""
        x = sp.Symbol("x", real=True)
        assert expand_functions(sigmoid(x)) == 1 / (1 + sp.exp(-x))
        assert expand_functions(relu(x)) == sp.Max(0, x)

    def test_logsumexp_expands(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """logsumexp(z) is log of a sum of exponentials."""
        _, z, _, _, _ = vocabulary
        expanded = expand_functions(logsumexp(z))
        assert isinstance(expanded, sp.log) and isinstance(expanded.args[0], sp.Sum)

    def test_diff_needs_a_variable(self) -> None:
        """diff without a variable is a definition error."""
        with pytest.raises(ClaimDefinitionError):
            diff(sp.Symbol("x"))


class TestNewScalars:
    def test_expansions(self) -> None:
        """softplus, log1p, expm1 and clamp expand into the exact functions the documentation gives."""
        x = sp.Symbol("x", real=True)
        assert expand_functions(softplus(x)) == sp.log(1 + sp.exp(x))
        assert expand_functions(log1p(x)) == sp.log(1 + x)
        assert expand_functions(expm1(x)) == sp.exp(x) - 1
        assert expand_functions(clamp(x, -1, 1)) == sp.Min(sp.Max(x, -1), 1)

    def test_derivatives_through_the_expansion(self) -> None:
        """d softplus/dx is the sigmoid; d clamp/dx is not silently 0."""
        x = sp.Symbol("x", real=True)
        assert sp.simplify(sp.diff(softplus(x), x) - 1 / (1 + sp.exp(-x))) == 0
        assert sp.diff(clamp(x, -1, 1), x) != 0

    def test_print_as_written(self) -> None:
        """They print as their names, in text and as LaTeX operators."""
        x = sp.Symbol("x", real=True)
        assert str(clamp(x, 0, 1)) == "clamp(x, 0, 1)"
        assert to_latex(log1p(x)) == r"\operatorname{log1p}\left(x\right)"


class TestVectorArguments:
    def test_entrywise_from_a_python_expression(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """softmax(z/T, j) takes the entrywise vector with entries z[ι]/T; it prints as written."""
        K, z, j, _, _ = vocabulary
        T = sp.Symbol("T", positive=True)
        value = softmax(z / T, j)
        vector = value.args[0]
        assert isinstance(vector, Entrywise) and vector.length == K
        assert vector.entry(j) == z[j] / T
        assert vector.index not in value.free_symbols
        assert str(value) == "softmax(z/T, j)"
        assert to_latex(value) == r"\operatorname{softmax}(\frac{z}{T})_{j}"

    def test_expansion_uses_the_entries(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """softmax(-z, j) at K = 2 is exp(-z_j) / (exp(-z_1) + exp(-z_2))."""
        K, z, j, _, _ = vocabulary
        expanded = expand_functions(softmax(-z, 1)).xreplace({K: 2}).doit()
        entries = {e.indices[0]: e for e in expanded.atoms(sp.Indexed)}
        expected = sp.exp(-entries[1]) / (sp.exp(-entries[1]) + sp.exp(-entries[2]))
        assert sp.simplify(expanded - expected) == 0

    def test_plain_vector_stays_itself(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """A whole declared vector is not wrapped: softmax(z, j) is as before."""
        K, z, j, _, _ = vocabulary
        assert softmax(z, j).args[0] == z

    def test_sizes_must_agree(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """Vectors of two sizes in one entrywise expression are refused."""
        K, z, j, _, _ = vocabulary
        w = sp.IndexedBase("w", shape=(sp.Symbol("M", integer=True, positive=True),), real=True)
        with pytest.raises(ClaimDefinitionError, match="different sizes"):
            softmax(z + w, j)
        with pytest.raises(ClaimDefinitionError, match="expected a vector"):
            logsumexp(sp.Symbol("x"))

    def test_entry_index_is_fresh_inside_nested_vectors(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """softmax(z - logsumexp(z/2), j): the outer entry index differs from the inner one."""
        K, z, j, _, _ = vocabulary
        outer = softmax(z - logsumexp(z / 2), j).args[0]
        inner = next(e for e in sp.preorder_traversal(outer.body) if isinstance(e, Entrywise))
        assert outer.index != inner.index


class TestExtremes:
    def test_literal_and_numeric_length(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """Max of a literal is a number; of a vector of numeric length, Max of its entries."""
        K, z, _, _, _ = vocabulary
        assert vmax(sp.Tuple(1, 5, 3)) == 5
        assert vmin(sp.Tuple(1, 5, 3)) == 1
        at_three = vmax(z).xreplace({K: 3})
        assert isinstance(at_three, sp.Max) and len(at_three.args) == 3

    def test_symbolic_length_stays(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """Of a symbolic length, Max(z) stays as it is, through expand_functions too, and prints as Max(z)."""
        K, z, _, _, _ = vocabulary
        assert expand_functions(vmax(z)) == vmax(z)
        assert str(vmax(z)) == "Max(z)" and str(vmin(-z)) == "Min(-z)"
        assert vmax(z).is_real

    def test_derivative_is_not_zero(self, vocabulary) -> None:  # type: ignore[no-untyped-def]
        """d Max(z)/dz_j has no formula: it stays a derivative (never 0); by another vector it is 0."""
        K, z, j, _, _ = vocabulary
        assert isinstance(sp.diff(vmax(z), z[j]), sp.Derivative)
        other = sp.IndexedBase("w", shape=(K,), real=True)
        assert sp.diff(vmax(z), other[j]) == 0
        assert depends_on(softmax(z / 2, j), z[1]) and not depends_on(z, other[1])
