"""Vocabulary functions stay unevaluated, expand on demand, and never capture indices."""

from __future__ import annotations

import pytest
import sympy as sp

from verifier.errors import ClaimDefinitionError
from verifier.language.declarations import Variables, summation_index
from verifier.language.functions import diff, expand_functions, logsumexp, relu, sigmoid, softmax


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
