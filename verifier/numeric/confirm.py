"""Re-confirming a stored outcome's counterexamples before they are shown again.

An outcome read back from the cache is a speed-up, never evidence (DESIGN.md, "Trust").
``confirm`` takes each counterexample the outcome shows (the claim's own, a chain
step's, a needed hypothesis's) and checks it afresh: its sizes, indices and values lie
in the domain of the relation it refutes and satisfy its assumptions, and the relation
fails there at 50 digits (``compare_exactly``), or in float64 for a floating-point fact,
with both sides what the counterexample says they are. Anything it cannot check is not
confirmed, and the claim is then verified again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import sympy as sp

from verifier.language.claims import Claim
from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.numeric.concrete import ConcreteProblem
from verifier.numeric.evaluation import Evaluator
from verifier.numeric.exact import compare_exactly
from verifier.numeric.float64 import holds_in_float64
from verifier.numeric.instances import Assignment
from verifier.outcome import Counterexample, Outcome
from verifier.problem import Problem, problems_of

__all__ = ["MAX_SIZE", "confirm", "shows_counterexamples"]

MAX_SIZE = 256
"""A stored counterexample at a larger size is not re-checked (the search never goes there)."""
MAX_DIGITS = 2_000
"""Characters of one stored value: exact rationals from the search are far shorter."""


def shows_counterexamples(outcome: Outcome) -> bool:
    """Whether the outcome shows a counterexample (its own, a step's, a needed hypothesis's)."""
    return (
        outcome.counterexample is not None
        or any(step.counterexample is not None for step in outcome.steps)
        or any(check.counterexample is not None for check in outcome.hypotheses)
    )


def confirm(claim: Claim, outcome: Outcome) -> bool:
    """True when every counterexample ``outcome`` shows still refutes what it is shown to refute."""
    if not shows_counterexamples(outcome):
        return True  # nothing shown to re-check
    checks = [check for check in outcome.hypotheses if check.counterexample is not None]
    try:
        problems = problems_of(claim)
        for problem, counterexample in _shown(claim, outcome, problems):
            if problem is None or not _fails(problem, counterexample):
                return False
        for check in checks:
            assert check.counterexample is not None
            hypothesis = next((h for h in claim.hypotheses if h.text == check.hypothesis), None)
            if hypothesis is None:
                return False
            relaxed = (p.without(hypothesis) for p in problems)  # the first that fails there will do
            if not any(r is not None and _fails(r, check.counterexample) for r in relaxed):
                return False
    except Exception:  # noqa: BLE001  (whatever cannot be re-checked is not confirmed)
        return False
    return True


def _shown(claim: Claim, outcome: Outcome, problems: Sequence[Problem]) -> list[tuple[Problem | None, Counterexample]]:
    """Each counterexample of the claim or its steps, with the problem it refutes (None: no such problem)."""

    def problem(step: int) -> Problem | None:
        return problems[step - 1] if 1 <= step <= len(problems) else None

    shown: list[tuple[Problem | None, Counterexample]] = []
    if outcome.counterexample is not None:
        step = outcome.failing_step if outcome.failing_step is not None else 1
        if outcome.failing_step is None and claim.statement is None:
            step = 0  # a chain's counterexample names its step
        shown.append((problem(step), outcome.counterexample))
    for number, step_outcome in enumerate(outcome.steps, start=1):
        counterexample = step_outcome.counterexample
        if counterexample is not None and (problem(number), counterexample) not in shown:
            shown.append((problem(number), counterexample))  # a refuted chain shows its step's twice
    return shown


def _fails(problem: Problem, counterexample: Counterexample) -> bool:
    """Whether the relation of ``problem`` fails at the counterexample's point, inside its domain."""
    if counterexample.relation != problem.symbol:
        return False
    assignment = _assignment(problem.declarations, counterexample.sizes)
    if assignment is None:
        return False
    concrete = ConcreteProblem(problem, assignment)
    point = _point(concrete, counterexample)
    if point is None or (concrete.assumptions and point not in concrete.membership):
        return False
    if counterexample.arithmetic == "float64":
        coordinates = concrete.coordinates
        row = np.array([[float(point[s]) for s in coordinates]], dtype=np.float64).reshape(1, len(coordinates))
        lhs, _ = Evaluator(concrete.lhs, coordinates)(row)
        rhs, _ = Evaluator(concrete.rhs, coordinates)(row)
        tolerance = None if problem.tolerance is None else float(problem.tolerance)
        sides = (counterexample.lhs, counterexample.rhs)
        if sides != (repr(float(lhs[0])), repr(float(rhs[0]))):
            return False
        return not holds_in_float64(problem.relation, float(lhs[0]), float(rhs[0]), tolerance)
    comparison = compare_exactly(problem.relation, concrete.exact_lhs, concrete.exact_rhs, point, problem.tolerance)
    shown = _agrees(counterexample.lhs, comparison.lhs) and _agrees(counterexample.rhs, comparison.rhs)
    return comparison.violated is True and shown


SIDE_RTOL = 1e-12
"""How closely a stored side must match its value at 50 digits (sides are stored to 20)."""


def _agrees(text: str, value: sp.Basic) -> bool:
    """Whether a stored side (a decimal string) is the value it claims to be."""
    try:
        stored = float(text)  # never sympify: the text is data, and sympify evaluates
    except ValueError:
        return text == sp.sstr(sp.N(value, 20))  # complex or infinite values: as printed
    if not value.is_real or not value.is_finite:
        return False
    exact = float(value)
    if not (math.isfinite(stored) and math.isfinite(exact)):  # beyond float's range
        return text == sp.sstr(sp.N(value, 20))
    return abs(stored - exact) <= SIDE_RTOL * max(abs(exact), 1e-300)


def _assignment(declarations: Sequence[Declaration], given: dict[str, int]) -> Assignment | None:
    """The sizes and indices named in ``given``, if they are exactly the declared ones and in range."""
    sizes = [d for d in declarations if d.kind is Kind.SIZE]
    indices = [d for d in declarations if d.kind is Kind.INDEX]
    if set(given) != {d.name for d in (*sizes, *indices)} or not all(type(v) is int for v in given.values()):
        return None
    size_values = {d.symbol: given[d.name] for d in sizes}
    if not all(d.minimum <= given[d.name] <= MAX_SIZE for d in sizes):
        return None
    for declaration in indices:
        bound = declaration.size
        limit = size_values.get(bound) if isinstance(bound, sp.Symbol) else bound
        if not isinstance(limit, int | sp.Integer) or not 1 <= given[declaration.name] <= int(limit):
            return None
    return Assignment(
        sizes=tuple((d.symbol, given[d.name]) for d in sizes),
        indices=tuple((d.symbol, given[d.name]) for d in indices),
    )


def _point(concrete: ConcreteProblem, counterexample: Counterexample) -> dict[sp.Symbol, Fraction] | None:
    """The exact point the counterexample names, if it gives every coordinate, inside each domain."""
    instance = concrete.instance
    point: dict[sp.Symbol, Fraction] = {}
    names = {declaration.name for declaration, _, _ in instance.layout}
    if set(counterexample.values) != names:
        return None
    for declaration, positions, symbols in instance.layout:
        entries = _entries(counterexample.values[declaration.name], declaration, instance.shape(declaration))
        if entries is None or len(entries) != len(positions) or not _in_domain(declaration.domain, entries):
            return None
        point.update(zip(symbols, entries, strict=True))
    return point


def _entries(value: object, declaration: Declaration, shape: tuple[int, ...]) -> list[Fraction] | None:
    """A scalar's value, a vector's entries or a matrix's entries row by row, as exact rationals."""
    if declaration.kind is Kind.SCALAR:
        rows: list[object] = [value]
    elif declaration.kind is Kind.VECTOR and isinstance(value, list) and len(value) == shape[0]:
        rows = list(value)
    elif declaration.kind is Kind.MATRIX and isinstance(value, list) and len(value) == shape[0]:
        if not all(isinstance(row, list) and len(row) == shape[1] for row in value):
            return None
        rows = [entry for row in value for entry in row]
    else:
        return None
    if not all(isinstance(entry, str) and len(entry) <= MAX_DIGITS for entry in rows):
        return None
    try:
        return [Fraction(str(entry)) for entry in rows]
    except (ValueError, ZeroDivisionError):
        return None


def _in_domain(domain: Domain | None, entries: list[Fraction]) -> bool:
    """Whether the entries of one declared symbol lie in its domain (a simplex or one-hot as a whole)."""
    if domain is None or domain is Domain.REAL:
        return True
    if domain is Domain.POSITIVE:
        return all(e > 0 for e in entries)
    if domain is Domain.NONNEGATIVE:
        return all(e >= 0 for e in entries)
    if domain is Domain.UNIT:
        return all(0 < e < 1 for e in entries)
    if domain is Domain.BINARY:
        return all(e in (0, 1) for e in entries)
    if domain is Domain.SIMPLEX:
        return all(e > 0 for e in entries) and sum(entries) == 1
    return all(e in (0, 1) for e in entries) and sum(entries) == 1  # one-hot
