"""Float64 evaluation of a concrete expression on a batch of points, with an error estimate.

Derivatives are not differentiated symbolically here: each ``Derivative`` node is
estimated by central finite differences (``finite_differences``) of the function it
differentiates, so the numeric check is independent of SymPy's ``diff``. The node's
error estimate is carried through the rest of the expression by perturbing it.
Higher-order derivatives take all but the last variable symbolically; ``Subs`` nodes
are evaluated symbolically.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from verifier.errors import ClaimDefinitionError
from verifier.numeric.finite_differences import partial_derivatives_at

__all__ = ["DerivativeNode", "Evaluator", "PiecewiseUncoveredError", "compile_function", "evaluator"]


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _select(conditions: tuple[object, ...], values: tuple[object, ...], covered: bool) -> np.ndarray:
    """A Piecewise: the value of the first piece whose condition holds.

    Where none holds the Piecewise has no value, which is an error in the claim
    (docs/claim-files.md), unless ``covered`` (the last condition is True).
    """
    arrays = np.broadcast_arrays(*[np.asarray(c) for c in conditions], *[np.asarray(v) for v in values])
    chosen, results = arrays[: len(conditions)], arrays[len(conditions) :]
    held = np.zeros(chosen[0].shape, dtype=bool) if chosen else np.zeros((), dtype=bool)
    for condition in chosen:
        held = held | condition.astype(bool)
    if not covered and not np.all(held):
        raise PiecewiseUncoveredError(
            "a Piecewise has no piece whose condition holds at a point of the domain "
            "(its value there is undefined; add a last piece (value, True))"
        )
    return np.select([c.astype(bool) for c in chosen], results, default=np.nan)


class PiecewiseUncoveredError(ClaimDefinitionError):
    """A Piecewise without a last ``True`` piece met a point where no condition holds."""


# What the printed code may call, besides NumPy itself.
HELPERS: dict[str, object] = {"numpy": np, "functools": functools, "_erf": _erf, "_select": _select}


class _CoordinatePrinter(NumPyPrinter):
    """NumPy code with each coordinate printed as a positional argument name."""

    def __init__(self, names: dict[sp.Symbol, str]) -> None:
        # order="none": sorting the terms of every sum is most of the printing time.
        super().__init__(
            {"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False, "order": "none"}
        )
        self._names = names

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        if expr in self._names:
            return self._names[expr]
        return super()._print_Symbol(expr)

    _print_Dummy = _print_Symbol  # noqa: N815  (the printer dispatches on this name)

    def _print_Integer(self, expr: sp.Integer) -> str:
        # Beyond float64's exact integers NumPy would see a Python object and fail.
        return repr(float(expr)) if abs(int(expr)) > 2**53 else super()._print_Integer(expr)

    def _print_erf(self, expr: sp.Basic) -> str:
        return f"_erf({self._print(expr.args[0])})"

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        conditions = ", ".join(self._print(c) for _, c in expr.args)
        values = ", ".join(self._print(e) for e, _ in expr.args)
        covered = expr.args[-1].cond == sp.true
        return f"_select(({conditions},), ({values},), {covered})"

    def _print_BooleanTrue(self, expr: sp.Basic) -> str:
        return "True"

    def _print_BooleanFalse(self, expr: sp.Basic) -> str:
        return "False"


def compile_function(source: str, names: Sequence[str]) -> Callable[[np.ndarray], np.ndarray]:
    """Compile NumPy source in the given argument names to a function of a batch of points (rows).

    The source is always printed from a SymPy tree by this package, never text from a claim.
    """
    return _compiled(source, tuple(names))


@functools.lru_cache(maxsize=1024)
def _compiled(source: str, names: tuple[str, ...]) -> Callable[[np.ndarray], np.ndarray]:
    # Cached by text: a relaxed hypothesis or a chain's next step often prints the same code.
    code = f"def function({', '.join(names)}):\n    return {source}\n"
    namespace: dict[str, object] = dict(HELPERS)  # Max prints as functools.reduce
    exec(compile(code, "<verifier evaluation>", "exec"), namespace)
    function = namespace["function"]

    def evaluate(points: np.ndarray) -> np.ndarray:
        # float64, or longdouble for longdouble points (to measure float64's own error).
        dtype = np.longdouble if points.dtype == np.longdouble else np.float64
        with np.errstate(all="ignore"):
            values = function(*points.T)  # type: ignore[operator]
        return np.broadcast_to(np.asarray(values, dtype=dtype), points.shape[:1])

    return evaluate


def _vectorised(expression: sp.Basic, symbols: Sequence[sp.Symbol]) -> Callable[[np.ndarray], np.ndarray]:
    """Compile to a NumPy function of a batch of points (rows).

    What ``lambdify`` does, without its per-call overhead: print with SymPy's NumPy
    printer and compile.
    """
    names = {symbol: f"x{i}" for i, symbol in enumerate(symbols)}
    # 1/0 at a concrete size is complex infinity, which float64 knows only as nan.
    expression = expression.xreplace({sp.zoo: sp.nan})
    source = _CoordinatePrinter(names).doprint(expression)
    unknown = expression.free_symbols - set(names)
    if unknown:
        raise ClaimDefinitionError(f"cannot evaluate: {sorted(map(str, unknown))} have no value here")
    return compile_function(source, list(names.values()))


@dataclass(frozen=True)
class DerivativeNode:
    """A derivative in an expression: ``function``'s partial derivative by coordinate ``position``.

    ``position`` is one column for every point, or a function giving each point's
    column (points at different sizes in one batch differentiate by different columns).
    Nodes with the same ``function_id`` differentiate the same function (by different
    coordinates) and are estimated together.
    """

    function: Callable[[np.ndarray], np.ndarray]
    position: int | Callable[[np.ndarray], np.ndarray]
    function_id: int

    def columns(self, points: np.ndarray) -> np.ndarray:
        """The column differentiated by, at each point."""
        if isinstance(self.position, int):
            return np.full(len(points), self.position, dtype=np.intp)
        return np.asarray(self.position(points), dtype=np.intp)


# The longdouble comparison measures float64's rounding at each point; the estimate
# allows twice as much.
ROUNDING_MARGIN = 2.0


class Evaluator:
    """Evaluates one concrete expression in float64: values and error estimates per point."""

    def __init__(self, expression: sp.Basic, coordinates: Sequence[sp.Symbol]) -> None:
        coordinates = list(coordinates)
        position = {symbol: i for i, symbol in enumerate(coordinates)}
        expression = expression.replace(lambda e: isinstance(e, sp.Subs), lambda e: e.doit())
        nodes: list[DerivativeNode] = []
        placeholders: list[sp.Symbol] = []

        def to_placeholder(derivative: sp.Derivative) -> sp.Symbol:
            *earlier, (last, order) = derivative.variable_count
            if order > 1:
                earlier.append((last, order - 1))
                order = 1
            inner = derivative.expr
            if earlier:
                inner = sp.Derivative(inner, *earlier).doit()
            inner = inner.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
            if last not in position:
                raise ClaimDefinitionError(f"cannot differentiate by {last}: not a variable of the claim")
            placeholders.append(sp.Dummy(f"d{len(nodes)}"))
            nodes.append(DerivativeNode(_vectorised(inner, coordinates), position[last], len(nodes)))
            return placeholders[-1]

        outer = _replace_outermost(expression, sp.Derivative, to_placeholder)
        self._coordinates = len(coordinates)
        self._nodes = tuple(nodes)
        self._outer = _vectorised(outer, [*coordinates, *placeholders])
        self._fixed = np.zeros(0, dtype=np.intp)

    @classmethod
    def from_parts(
        cls,
        outer: Callable[[np.ndarray], np.ndarray],
        nodes: Sequence[DerivativeNode],
        coordinates: int,
        fixed: Sequence[int] = (),
    ) -> Evaluator:
        """An evaluator from compiled parts: ``outer`` takes the coordinates, then one value per node.

        Columns in ``fixed`` hold integers (a point's sizes and indices): never perturbed.
        """
        evaluator = cls.__new__(cls)
        evaluator._coordinates = coordinates
        evaluator._nodes = tuple(nodes)
        evaluator._outer = outer
        evaluator._fixed = np.asarray(fixed, dtype=np.intp)
        return evaluator

    def __call__(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Values and error estimates at each point (rows of ``points``)."""
        points = np.asarray(points, dtype=np.float64)
        if not self._nodes:
            values = self._outer(points)
            return values, self._rounding(points, values)
        estimates = np.empty((len(points), len(self._nodes)))
        errors = np.empty_like(estimates)
        groups: dict[int, list[int]] = {}
        for column, node in enumerate(self._nodes):
            groups.setdefault(node.function_id, []).append(column)
        for columns in groups.values():
            function = self._nodes[columns[0]].function
            positions = np.stack([self._nodes[c].columns(points) for c in columns], axis=1)
            estimate = partial_derivatives_at(function, points, positions, fixed=self._fixed)
            estimates[:, columns] = estimate.value
            errors[:, columns] = np.where(estimate.overflowed, np.inf, estimate.error)
        extended = np.hstack([points, estimates])
        values = self._outer(extended)
        # Carry each derivative's error through the outer expression by perturbing it.
        propagated = np.zeros(len(points))
        for column in range(len(self._nodes)):
            for sign in (1.0, -1.0):
                shifted = extended.copy()
                shifted[:, self._coordinates + column] += sign * errors[:, column]
                with np.errstate(all="ignore"):
                    propagated = np.maximum(propagated, np.abs(self._outer(shifted) - values))
        return values, propagated + self._rounding(extended, values)

    def _rounding(self, points: np.ndarray, values: np.ndarray) -> np.ndarray:
        """The float64 rounding error of the expression at each point, measured against
        NumPy's wider longdouble (twice the difference; 0 where there is none wider).

        Without it, two sides that are both 0 exactly but 1e-16 apart in float64 would be
        a disagreement for the exact check to clear up.
        """
        if np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps:
            return np.zeros(len(points))
        with np.errstate(all="ignore"):
            wide = self._outer(points.astype(np.longdouble))
            difference = np.abs(wide - values.astype(np.longdouble)).astype(np.float64)
        return ROUNDING_MARGIN * np.where(np.isfinite(difference), difference, 0.0)


def _replace_outermost(expression: sp.Basic, kind: type, replacement) -> sp.Basic:  # type: ignore[no-untyped-def]
    """Replace the outermost nodes of ``kind`` (not the ones nested inside them)."""
    if isinstance(expression, kind):
        return replacement(expression)
    if not expression.args or not expression.has(kind):
        return expression
    return expression.func(*[_replace_outermost(a, kind, replacement) for a in expression.args])


@functools.lru_cache(maxsize=512)
def evaluator(expression: sp.Basic, coordinates: tuple[sp.Symbol, ...]) -> Evaluator:
    """The compiled evaluator of an expression, shared by every relation that meets it."""
    return Evaluator(expression, coordinates)
