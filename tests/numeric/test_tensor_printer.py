"""The tensor printer: one compiled function for every size, agreeing with SymPy's written-out form."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from verifier import Domain, Variables, softmax, summation_index
from verifier.language.functions import expand_functions
from verifier.numeric.batch import Layout, tensor_side
from verifier.numeric.concrete import ConcreteProblem
from verifier.numeric.evaluation import evaluator
from verifier.numeric.instances import Assignment, Instance, assignments
from verifier.numeric.tensor_printer import UnsupportedError, tensor_function
from verifier.problem import Problem, problems_of

v = Variables()
K = v.size("K")
M = v.size("M")
z = v.vector("z", K)
w = v.matrix("w", K, M)
j = v.index("j", K)
k = v.index("k", K)
x = v.scalar("x")
m = summation_index("m")
n = summation_index("n")
DECLARATIONS = tuple(v)


def rows_for(layout: Layout, assignment: Assignment, points: np.ndarray) -> np.ndarray:
    """Rows of the layout holding ``points`` (in the instance's coordinate order) at ``assignment``."""
    rows = np.zeros((len(points), layout.width))
    for i, (column, _, _) in enumerate(layout.entries(assignment)):
        rows[:, column] = points[:, i]
    rows[:, list(layout.integer_columns)] = layout.integer_row(assignment)
    return rows


def compare_to_sympy(expression: sp.Basic, sizes: list[dict[sp.Symbol, int]], indices: dict[sp.Symbol, int]) -> None:
    """The expression at points of several sizes, in one batch, against SymPy at each size."""
    declarations = tuple(d for d in DECLARATIONS if d.kind.value != "scalar" or d.symbol in expression.free_symbols)
    found = [Assignment(sizes=tuple(s.items()), indices=tuple(indices.items())) for s in sizes]
    layout = Layout.of(declarations, found)
    side = tensor_side(expand_functions(expression), layout)
    rng = np.random.default_rng(1)
    for assignment in found:
        instance = Instance(declarations, assignment)
        coordinates = tuple(instance.coordinates())
        points = rng.uniform(-2, 2, (4, len(coordinates)))
        expected, _ = evaluator(instance.concrete(expand_functions(expression)), coordinates)(points)
        got, _ = side(rows_for(layout, assignment, points))
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


class TestAgreesWithSympy:
    def test_sums_at_several_sizes_in_one_batch(self) -> None:
        """A softmax entry at K = 1, 3 and 6, padded to 6 in one batch."""
        compare_to_sympy(softmax(z, j), [{K: 1, M: 1}, {K: 3, M: 1}, {K: 6, M: 1}], {j: 1, k: 1})

    def test_nested_and_triangular_sums(self) -> None:
        """A sum whose inner limit depends on the outer index, and a matrix-vector product."""
        triangular = sp.Sum(sp.Sum(z[m] * z[n], (m, 1, n)), (n, 1, K))
        compare_to_sympy(triangular, [{K: 2, M: 1}, {K: 5, M: 1}], {j: 1, k: 1})
        product = sp.Sum(sp.exp(sp.Sum(w[m, n], (n, 1, M))), (m, 1, K))
        compare_to_sympy(product, [{K: 2, M: 3}, {K: 4, M: 2}], {j: 1, k: 1})

    def test_indices_and_kronecker_deltas(self) -> None:
        """Entries at free indices, deltas of bound and free indices."""
        expression = z[j] * sp.KroneckerDelta(j, k) + sp.Sum(sp.KroneckerDelta(m, k) * z[m] ** 2, (m, 1, K))
        compare_to_sympy(expression, [{K: 3, M: 1}], {j: 2, k: 2})
        compare_to_sympy(expression, [{K: 3, M: 1}], {j: 1, k: 3})

    def test_piecewise_functions(self) -> None:
        """Max, Min, Abs, sign, Heaviside and Piecewise print as NumPy's."""
        expression = (
            sp.Max(x, 0)
            + sp.Min(x, 1)
            + sp.Abs(x - 1)
            + sp.sign(x)
            + sp.Heaviside(x)
            + sp.Heaviside(x, 0)
            + sp.Piecewise((x**2, x > 1), (-x, (x < 0) | (x > 5)), (1, True))
        )
        compare_to_sympy(expression, [{K: 1, M: 1}], {j: 1, k: 1})


class TestCatalogue:
    def test_every_catalogue_relation_agrees(self) -> None:
        """Every catalogue relation the printer supports, at K = 1, 2, 3 and 5 in one batch."""
        from derivations import CATALOGUE

        compared = 0
        for claim in CATALOGUE:
            if claim.float64:
                continue
            for problem in problems_of(claim):
                compared += _compare_problem(problem)
        assert compared > 380


def _compare_problem(problem: Problem) -> int:
    rng = np.random.default_rng(0)
    found = assignments(problem.declarations, problem.assumptions, rng, (1, 2, 3, 5))
    if not found:
        return 0
    layout = Layout.of(problem.declarations, found)
    compared = 0
    for expression in (problem.lhs, problem.rhs):
        try:
            side = tensor_side(expression, layout)
        except UnsupportedError:
            continue  # derivatives inside sums: the per-assignment printers decide
        for assignment in found:
            concrete = ConcreteProblem(problem, assignment)
            points = np.random.default_rng(1).uniform(0.1, 2.0, (3, len(concrete.coordinates)))
            reference = concrete.float64_lhs if expression is problem.lhs else concrete.float64_rhs
            expected, expected_error = reference(points)
            got, got_error = side(rows_for(layout, assignment, points))
            close = np.abs(got - expected) <= 1e-9 * np.maximum(1, np.abs(expected)) + got_error + expected_error
            assert np.all(close | (np.isnan(got) & np.isnan(expected))), expression
        compared += 1
    return compared


class TestUnsupported:
    def test_derivative_inside_a_sum(self) -> None:
        """A derivative by a summation index's entry is left to the per-assignment printers."""
        with pytest.raises(UnsupportedError):
            tensor_function(sp.Sum(sp.Derivative(z[m] ** 2, z[m]), (m, 1, K)), DECLARATIONS)

    def test_unknown_function(self) -> None:
        """A function outside the printer's table is unsupported, not guessed."""
        with pytest.raises(UnsupportedError):
            tensor_function(sp.gamma(x), DECLARATIONS)

    def test_index_outside_its_vector_where_it_counts(self) -> None:
        """z[K + 1] fails at evaluation; the falsifier then uses the other printers."""
        layout = Layout.of(DECLARATIONS, [Assignment(sizes=((K, 2), (M, 1)), indices=((j, 1), (k, 1)))])
        side = tensor_side(z[K + 1], layout)
        with pytest.raises(IndexError):
            side(np.zeros((1, layout.width)) + rows_for(layout, layout.assignments[0], np.zeros((1, 5))))


def test_positive_vectors_keep_their_domain() -> None:
    """Entries of a positive vector print as the same columns as a real one (the domain is the sampler's)."""
    u = Variables()
    size = u.size("K")
    positive = u.vector("q", size, Domain.POSITIVE)
    function = tensor_function(sp.log(positive[1]), tuple(u))
    assert "numpy.log" in function.source
