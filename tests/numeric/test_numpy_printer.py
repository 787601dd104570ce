"""NumPy code printed straight from the symbolic-size expression, against SymPy's write-out."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from verifier import Domain, Variables, summation_index
from verifier.language.functions import Entrywise, entrywise_index, vmax, vmin
from verifier.numeric.evaluation import PiecewiseUncoveredError, evaluator
from verifier.numeric.instances import Assignment, Instance
from verifier.numeric.numpy_printer import UnsupportedError, unrolled_evaluator


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    t = v.vector("t", K, Domain.SIMPLEX)
    x = v.scalar("x")
    j, k = v.index("j", K), v.index("k", K)
    return v, K, z, t, x, j, k


def _both(expression: sp.Basic, instance: Instance, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    coordinates = tuple(instance.coordinates())
    unrolled = unrolled_evaluator(expression, instance, coordinates)(points)[0]
    written = evaluator(instance.concrete(expression), coordinates)(points)[0]
    return unrolled, written


def _points(instance: Instance, count: int = 5) -> np.ndarray:
    return np.random.default_rng(3).normal(size=(count, len(instance.coordinates())))


class TestAgreesWithTheWrittenOutForm:
    @pytest.mark.parametrize(("size", "j_value", "k_value"), [(1, 1, 1), (3, 2, 2), (4, 1, 3)])
    def test_softmax_cross_entropy_gradient(self, setting, size: int, j_value: int, k_value: int) -> None:  # type: ignore[no-untyped-def]
        """d/dz_j of -Σ t_m log softmax_m(z), with a Kronecker delta: same values both ways."""
        v, K, z, t, x, j, k = setting
        m, n = summation_index("m"), summation_index("n")
        softmax = sp.exp(z[m]) / sp.Sum(sp.exp(z[n]), (n, 1, K))
        loss = -sp.Sum(t[m] * sp.log(softmax), (m, 1, K))
        expression = sp.Derivative(loss, z[j]) + sp.KroneckerDelta(j, k) * x**2 - sp.Max(z[k], x) / 3
        instance = Instance(tuple(v), Assignment(sizes=((K, size),), indices=((j, j_value), (k, k_value))))
        points = np.abs(_points(instance)) + 0.1  # t on the positive side; only agreement matters here
        unrolled, written = _both(expression, instance, points)
        assert np.allclose(unrolled, written, rtol=1e-9, atol=1e-12)

    def test_nested_sums_with_dependent_limits(self, setting) -> None:  # type: ignore[no-untyped-def]
        """Σ_{n<=K} Σ_{m<=n} z_m: the inner limit follows the outer index."""
        v, K, z, t, x, j, k = setting
        m, n = summation_index("m"), summation_index("n")
        expression = sp.Sum(sp.Sum(z[m], (m, 1, n)), (n, 1, K))
        instance = Instance(tuple(v), Assignment(sizes=((K, 3),), indices=((j, 1), (k, 1))))
        points = _points(instance)
        unrolled, written = _both(expression, instance, points)
        zs = points[:, :3]
        assert np.allclose(unrolled, 3 * zs[:, 0] + 2 * zs[:, 1] + zs[:, 2])
        assert np.allclose(unrolled, written)

    def test_empty_sum_is_zero(self, setting) -> None:  # type: ignore[no-untyped-def]
        v, K, z, t, x, j, k = setting
        m = summation_index("m")
        instance = Instance(tuple(v), Assignment(sizes=((K, 1),), indices=((j, 1), (k, 1))))
        values, _ = unrolled_evaluator(sp.Sum(z[m], (m, 2, K)) + x, instance, tuple(instance.coordinates()))(
            _points(instance)
        )
        assert np.allclose(values, _points(instance)[:, -1])

    def test_overflow_stays_inf(self, setting) -> None:  # type: ignore[no-untyped-def]
        """exp(800) is inf in float64 here too, and 0**-1 is inf or nan, never an exception."""
        v, K, z, t, x, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 1),), indices=((j, 1), (k, 1))))
        coordinates = tuple(instance.coordinates())
        points = np.full((1, len(coordinates)), 800.0)
        values, _ = unrolled_evaluator(sp.exp(x), instance, coordinates)(points)
        assert np.isinf(values[0])
        values, _ = unrolled_evaluator(1 / (x - z[1]), instance, coordinates)(points)
        assert not np.isfinite(values[0])


class TestLeavesTheRestToSymPy:
    def test_unknown_node(self, setting) -> None:  # type: ignore[no-untyped-def]
        v, K, z, t, x, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 2),), indices=((j, 1), (k, 2))))
        with pytest.raises(UnsupportedError):
            unrolled_evaluator(sp.Subs(x**2, x, z[1]), instance, tuple(instance.coordinates()))

    def test_entry_outside_the_shape(self, setting) -> None:  # type: ignore[no-untyped-def]
        """z[K + 1] is not printed as some other column: the SymPy route reports it."""
        v, K, z, t, x, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 2),), indices=((j, 1), (k, 2))))
        with pytest.raises(UnsupportedError):
            unrolled_evaluator(z[K + 1], instance, tuple(instance.coordinates()))

    def test_second_derivative(self, setting) -> None:  # type: ignore[no-untyped-def]
        v, K, z, t, x, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 2),), indices=((j, 1), (k, 2))))
        with pytest.raises(UnsupportedError):
            unrolled_evaluator(sp.Derivative(x**3, (x, 2)), instance, tuple(instance.coordinates()))


def test_agrees_on_every_catalogue_relation() -> None:
    """Both sides of every catalogue relation, at the largest checked size: the printed code
    and SymPy's written-out form give the same values (within their error estimates)."""
    from derivations import CATALOGUE
    from verifier.numeric.concrete import ConcreteProblem
    from verifier.numeric.instances import assignments
    from verifier.problem import problems_of

    compared = 0
    for claim in CATALOGUE:
        if claim.float64:
            continue
        for problem in problems_of(claim):
            rng = np.random.default_rng(0)
            concrete = ConcreteProblem(problem, assignments(problem.declarations, problem.assumptions, rng, (2, 4))[-1])
            drawn = (concrete.instance.sample(rng, problem.spread) for _ in range(150))
            points = [p for p in drawn if not concrete.assumptions or p in concrete.membership][:3]
            if not points:
                continue
            coordinates = tuple(concrete.coordinates)
            matrix = np.array([[float(p[s]) for s in coordinates] for p in points]).reshape(len(points), -1)
            for side in (problem.lhs, problem.rhs):
                try:
                    unrolled, unrolled_error = unrolled_evaluator(side, concrete.instance, coordinates)(matrix)
                except UnsupportedError:
                    continue  # Subs and higher derivatives: the SymPy route is the only one
                written, written_error = evaluator(concrete.instance.concrete(side), coordinates)(matrix)
                both_nan = np.isnan(unrolled) & np.isnan(written)
                close = (
                    np.abs(unrolled - written) <= 1e-9 * np.maximum(1, np.abs(written)) + unrolled_error + written_error
                )
                assert np.all(both_nan | close | (unrolled == written)), claim.id
                compared += 1
    assert compared > 400


def _random_expressions():  # type: ignore[no-untyped-def]
    """Random expressions over x, z[j], z[k] and sums over m of z[m], in the vocabulary
    the catalogue and claim files use; kept small so that values stay moderate."""
    from hypothesis import strategies as st

    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    x = v.scalar("x")
    j, k = v.index("j", K), v.index("k", K)
    m = summation_index("m")
    leaves = st.sampled_from([x, z[j], z[k], sp.Integer(2), sp.Rational(1, 3), sp.KroneckerDelta(j, k)])

    def extend(children):  # type: ignore[no-untyped-def]
        pair = st.tuples(children, children)
        return st.one_of(
            pair.map(lambda p: p[0] + p[1]),
            pair.map(lambda p: p[0] * p[1]),
            children.map(lambda e: e**2),
            children.map(lambda e: 1 / (1 + e**2)),
            children.map(lambda e: sp.exp(e / 4)),
            children.map(lambda e: sp.log(1 + e**2)),
            children.map(sp.tanh),
            children.map(sp.Abs),
            pair.map(lambda p: sp.Max(p[0], p[1])),
            children.filter(lambda e: not e.has(sp.Sum)).map(  # one summation index: no nesting
                lambda e: sp.Sum(e.xreplace({z[k]: z[m]}) * sp.exp(z[m] / 4), (m, 1, K))
            ),
            children.map(lambda e: sp.Derivative(e, z[j])),
            children.map(lambda e: sp.Derivative(e, x)),
        )

    expressions = st.recursive(leaves, extend, max_leaves=6)
    return v, K, z, x, j, k, expressions


_SETTING = _random_expressions()


def test_agrees_on_random_expressions() -> None:
    """Random expressions at random sizes and indices: both routes give the same values."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    v, K, z, x, j, k, expressions = _SETTING

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(expression=expressions, size=st.integers(1, 4), data=st.data())
    def check(expression, size, data) -> None:  # type: ignore[no-untyped-def]
        j_value = data.draw(st.integers(1, size))
        k_value = data.draw(st.integers(1, size))
        instance = Instance(tuple(v), Assignment(sizes=((K, size),), indices=((j, j_value), (k, k_value))))
        coordinates = tuple(instance.coordinates())
        points = np.random.default_rng(size).uniform(-2, 2, size=(3, len(coordinates)))
        try:
            unrolled, unrolled_error = unrolled_evaluator(expression, instance, coordinates)(points)
        except UnsupportedError:
            return
        written, written_error = evaluator(instance.concrete(expression), coordinates)(points)
        both_nan = np.isnan(unrolled) & np.isnan(written)
        scale = np.maximum(1.0, np.maximum(np.abs(unrolled), np.abs(written)))
        close = np.abs(unrolled - written) <= 1e-8 * scale + unrolled_error + written_error
        assert np.all(both_nan | close | (unrolled == written)), (expression, unrolled, written)

    check()


IOTA = entrywise_index(1)


class TestVersion2Constructs:
    @pytest.mark.parametrize(
        "build",
        [
            lambda z, x, j: sp.erf(x) + sp.pi * sp.E,
            lambda z, x, j: sp.Heaviside(x) + sp.Heaviside(z[j], 0) + sp.sign(x - z[1]),
            lambda z, x, j: sp.Piecewise((x**2, x < 0), (sp.exp(-x), (x >= 0) & (z[j] > 0)), (z[j], True)),
            lambda z, x, j: vmax(z) - vmin(z) + vmax(Entrywise(IOTA, z[IOTA] ** 2, z.shape[0])),
            lambda z, x, j: sp.cosh(x) * sp.sinh(z[j]),
        ],
        ids=["erf-constants", "steps", "piecewise", "max-of-vectors", "hyperbolic"],
    )
    def test_agrees_with_the_written_out_form(self, setting, build) -> None:  # type: ignore[no-untyped-def]
        """erf, pi, E, Heaviside, sign, Piecewise and Max(v): the same values both ways."""
        v, K, z, t, x, j, k = setting
        expression = build(z, x, j)
        for size in (1, 3):
            instance = Instance(tuple(v), Assignment(sizes=((K, size),), indices=((j, size), (k, 1))))
            points = _points(instance, 7)
            points[0, :] = 0.0  # exactly at the breakpoints
            unrolled, written = _both(expression, instance, points)
            assert np.allclose(unrolled, written, rtol=1e-12, atol=1e-12, equal_nan=True)

    def test_heaviside_at_zero(self, setting) -> None:  # type: ignore[no-untyped-def]
        """Heaviside(0) is 1/2 and Heaviside(0, 0) is 0, as documented."""
        v, K, z, t, x, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 1),), indices=((j, 1), (k, 1))))
        coordinates = tuple(instance.coordinates())
        points = np.zeros((1, len(coordinates)))
        values, _ = unrolled_evaluator(sp.Heaviside(x) + 10 * sp.Heaviside(x, 0), instance, coordinates)(points)
        assert values[0] == 0.5

    def test_a_point_in_no_piece_is_an_error(self, setting) -> None:  # type: ignore[no-untyped-def]
        """A Piecewise without a True piece has no value where no condition holds: an error, both ways."""
        v, K, z, t, x, j, k = setting
        instance = Instance(tuple(v), Assignment(sizes=((K, 1),), indices=((j, 1), (k, 1))))
        coordinates = tuple(instance.coordinates())
        partial = sp.Piecewise((x, x > 0), (-x, x < 0))
        points = np.zeros((1, len(coordinates)))
        with pytest.raises(PiecewiseUncoveredError):
            unrolled_evaluator(partial, instance, coordinates)(points)
        with pytest.raises(PiecewiseUncoveredError):
            evaluator(instance.concrete(partial), coordinates)(points)
        points[0, :] = 1.0
        assert unrolled_evaluator(partial, instance, coordinates)(points)[0][0] == 1.0
