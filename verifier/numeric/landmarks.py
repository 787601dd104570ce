"""Landmarks of a one-variable relation: its breakpoints, its critical points, and the
bound a dropped hypothesis put on it.

An inequality is tightest at the critical points of its residual (the roots of its
derivative) and changes form at the breakpoints of Max, Min, Abs, sign, Heaviside and
Piecewise (where two arguments tie, an argument is 0, a condition's sides are equal).
These are where a false claim fails first, often in a region far too narrow for
sampling: ``x**2*(x - 1/100000)**2 >= 1/10**30`` fails only within 1e-10 of 0 and of
1e-5. The falsifier evaluates the relation at them, and on each side of a breakpoint.
A claim with a bound such as ``x < c`` dropped (to show the bound needed) fails first
just past ``c``: the search of the weaker claim starts there (``beyond``).

Roots are found, not proved: a polynomial's by its exact rational roots and by
``numpy.roots``, anything else by sign changes on a log-scale grid refined by
bisection in float64. Missing one costs a search its power, never a verdict its
soundness: every point is decided exactly afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np
import sympy as sp

from verifier.numeric.evaluation import evaluator
from verifier.numeric.membership import constant

__all__ = ["beyond", "breakpoints", "critical_points", "kinks", "real_roots", "sides"]

MAX_DEGREE = 60
# Grid on which sign changes are looked for: per sign, per decade.
GRID_DECADES = (-12.0, 4.0)
GRID_PER_DECADE = 24
BISECTIONS = 80
# Relative offsets of the points taken on each side of a breakpoint.
SIDE_STEPS = (2.0**-8, 2.0**-20, 2.0**-35, 2.0**-50)
MAX_LANDMARKS = 24
# Offsets past a dropped bound c, relative to max(1, |c|): at c itself (a strict bound),
# just past it, and well past it.
BEYOND_STEPS = (0.0, 2.0**-30, 2.0**-10, 2.0**-1, 1.0, 2.0, 10.0)


def kinks(expression: sp.Basic) -> list[sp.Basic]:
    """Expressions whose zeros are the breakpoints of ``expression``'s piecewise parts."""
    found: list[sp.Basic] = []
    for node in sp.preorder_traversal(expression):
        if isinstance(node, (sp.Max, sp.Min)):
            arguments = list(node.args)
            found += [a - b for i, a in enumerate(arguments) for b in arguments[i + 1 :]]
        elif isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            found.append(node.args[0])
        elif isinstance(node, sp.Piecewise):
            for _, condition in node.args:
                for relation in condition.atoms(sp.core.relational.Relational):
                    found.append(relation.lhs - relation.rhs)
    return found


def real_roots(expression: sp.Basic, symbol: sp.Symbol, low: float | None, high: float | None) -> list[Fraction]:
    """Approximate real roots of ``expression`` in ``symbol`` (exact where rational), within (low, high)."""
    if not expression.has(symbol):
        return []
    roots = _polynomial_roots(expression, symbol)
    if roots is None:
        roots = _grid_roots(expression, symbol, low, high)
    inside = [r for r in roots if (low is None or r > low) and (high is None or r < high)]
    return sorted(set(inside))[:MAX_LANDMARKS]


def _polynomial_roots(expression: sp.Basic, symbol: sp.Symbol) -> list[Fraction] | None:
    try:
        if not expression.is_rational_function(symbol):
            return None
        numerator, _ = sp.fraction(sp.together(expression))
        polynomial = sp.Poly(numerator, symbol)
    except (sp.PolynomialError, TypeError, ValueError, RecursionError):
        return None
    if polynomial.degree() < 1 or polynomial.degree() > MAX_DEGREE or not polynomial.domain.is_Numerical:
        return None
    roots: list[Fraction] = []
    try:
        for root in sp.roots(polynomial, filter="Q", multiple=True) if polynomial.degree() <= 4 else ():
            roots.append(Fraction(int(root.p), int(root.q)))
        coefficients = np.array([float(c) for c in polynomial.all_coeffs()])
    except (TypeError, ValueError, OverflowError, NotImplementedError):
        return roots
    if not np.all(np.isfinite(coefficients)):
        return roots
    exact = list(roots)
    for root in np.roots(coefficients):
        value = float(root.real)
        if abs(root.imag) <= 1e-9 * max(1.0, abs(value)) and np.isfinite(value):
            # A float approximation of a rational root found exactly adds nothing.
            if not any(abs(value - float(r)) <= 1e-9 * abs(float(r)) for r in exact):
                roots.append(Fraction(value))
    return roots


def _grid(low: float | None, high: float | None) -> np.ndarray:
    """A log-scale grid of the interval: toward each finite end and out to 1e4 otherwise."""
    offsets = 10.0 ** np.linspace(*GRID_DECADES, int(GRID_PER_DECADE * (GRID_DECADES[1] - GRID_DECADES[0])))
    if low is None and high is None:
        points = np.concatenate([-offsets, [0.0], offsets])
    elif high is None:
        assert low is not None
        points = low + offsets
    elif low is None:
        points = high - offsets
    else:
        fractions = 10.0 ** np.linspace(-30.0, 0.0, 300)
        points = np.concatenate([low + (high - low) * fractions, high - (high - low) * fractions])
    return np.unique(points[np.isfinite(points)])


def _grid_roots(expression: sp.Basic, symbol: sp.Symbol, low: float | None, high: float | None) -> list[Fraction]:
    try:
        function = evaluator(expression, (symbol,))
    except Exception:  # noqa: BLE001  (an expression NumPy cannot evaluate has no grid roots)
        return []
    grid = _grid(low, high)

    def values(points: np.ndarray) -> np.ndarray:
        result, _ = function(points.reshape(-1, 1))
        return np.asarray(result, dtype=np.float64)

    at = values(grid)
    change = np.isfinite(at[:-1]) & np.isfinite(at[1:]) & (np.sign(at[:-1]) * np.sign(at[1:]) < 0)
    left, right = grid[:-1][change], grid[1:][change]
    left_sign = np.sign(at[:-1][change])
    for _ in range(BISECTIONS):
        if not len(left):
            break
        middle = (left + right) / 2
        middle_sign = np.sign(values(middle))
        same = middle_sign == left_sign
        left = np.where(same, middle, left)
        right = np.where(same, right, middle)
    # A zero on the grid counts only between values of opposite signs (else: underflow).
    signs = np.sign(np.where(np.isfinite(at), at, np.nan))
    crossing = (at[1:-1] == 0) & (signs[:-2] * signs[2:] < 0)
    found = (*((left + right) / 2), *grid[1:-1][crossing])
    return [Fraction(float(v)) for v in found if np.isfinite(v)]


def breakpoints(
    expressions: Iterable[sp.Basic], symbol: sp.Symbol, low: float | None, high: float | None
) -> list[Fraction]:
    """The breakpoints in ``symbol`` of the expressions' piecewise parts that depend on it alone."""
    found: list[Fraction] = []
    for expression in expressions:
        for kink in kinks(expression):
            if kink.free_symbols == {symbol}:
                found += real_roots(kink, symbol, low, high)
    return sorted(set(found))[:MAX_LANDMARKS]


def critical_points(residual: sp.Basic, symbol: sp.Symbol, low: float | None, high: float | None) -> list[Fraction]:
    """Approximate roots of the residual's derivative: where an inequality is tightest."""
    try:
        derivative = sp.diff(residual, symbol)
    except (TypeError, ValueError, RecursionError):
        return []
    return real_roots(derivative, symbol, low, high)


def sides(values: Iterable[Fraction]) -> list[Fraction]:
    """Each value and points just below and above it."""
    found: list[Fraction] = []
    for value in values:
        found.append(value)
        scale = abs(value) if value else Fraction(1)
        for step in SIDE_STEPS:
            offset = scale * Fraction(step)
            found += [value - offset, value + offset]
    return found


def beyond(dropped: sp.Basic, symbol: sp.Symbol) -> list[Fraction]:
    """Values of ``symbol`` on the far side of the bound ``dropped`` (``x < c``, ``c <= x``, ...)
    put on it: where a claim that needs the bound fails first. Empty for any other relation."""
    upper = (sp.StrictLessThan, sp.LessThan)
    lower = (sp.StrictGreaterThan, sp.GreaterThan)
    if not isinstance(dropped, upper + lower):
        return []
    if dropped.lhs == symbol:
        bound, past_above = dropped.rhs, isinstance(dropped, upper)
    elif dropped.rhs == symbol:
        bound, past_above = dropped.lhs, isinstance(dropped, lower)
    else:
        return []
    value = constant(bound)
    if value is None:
        return []
    centre = Fraction(value)
    scale = max(Fraction(1), abs(centre))
    sign = 1 if past_above else -1
    return [centre + sign * scale * Fraction(step) for step in BEYOND_STEPS]
