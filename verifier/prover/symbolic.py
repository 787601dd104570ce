"""Strategy 1, symbolic size: a proof for every K.

Binary and sign scalars are split into their two values (an even power of a sign
vector's entry is 1); hypotheses are substituted
(``reparametrise``); the residual is differentiated, its sums normalised (``sums``) and
its Kronecker deltas split (``cases``); each case is shown to be 0 (``zero``) or to have
the needed sign, by the sign tactics in turn: one variable (``one_variable``), the
dispatcher (``sign``) on the residual and on forms with sums split and bounded
(``split_sums``, ``power_sums``, ``weighted_squares``), then through log (``log_sign``),
tangent lines inside sums (``tangent_lines``) and the largest and smallest entries of a
vector (``extreme_values``); an inequality's inner sums are first brought outermost
(``exchanged_sums``). A case with Max, Min, Abs, sign, Heaviside or Piecewise is first
split on their breakpoints (``piecewise_cases``), each piece decided as above under its
conditions. Every step is an identity or a strengthening, so a case that reaches its
goal is proved.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace

import sympy as sp

from verifier.language.declarations import Kind
from verifier.language.domains import Domain
from verifier.language.functions import vmax, vmin
from verifier.language.printing import to_text
from verifier.outcome import Proof
from verifier.problem import Problem
from verifier.prover.absolute_values import resolve_absolute_values
from verifier.prover.attempt import ProofAttempt, goal
from verifier.prover.breakpoints import has_breakpoints
from verifier.prover.cases import Case, TooManyCasesError, kronecker_cases
from verifier.prover.exchanged_sums import sums_exchanged
from verifier.prover.extreme_values import sign_through_extremes
from verifier.prover.log_sign import sign_through_log
from verifier.prover.one_variable import univariate_sign
from verifier.prover.piecewise_cases import by_breakpoint_cases
from verifier.prover.power_sums import power_sums_bounded
from verifier.prover.recorder import Recorder
from verifier.prover.reparametrise import (
    bounded_substitutions,
    combine_fractions,
    hot_index_from_assumptions,
    index_ranges,
    onehot_positions,
    unit_entries,
    unit_vectors,
)
from verifier.prover.residual import differentiate, residual_of
from verifier.prover.sign import has_sign
from verifier.prover.split_sums import split_off_free_terms
from verifier.prover.sums import CANONICAL_INDEX, SumNormaliser
from verifier.prover.tangent_lines import sign_through_tangent_lines
from verifier.prover.termwise import termwise_sign
from verifier.prover.weighted_squares import weighted_squares_bounded
from verifier.prover.zero import is_zero
from verifier.verdicts import Scope

__all__ = ["MAX_BINARY_SCALARS", "extreme_entries", "prove_symbolic", "sign_of_case"]

MAX_BINARY_SCALARS = 4


_TWO_VALUES = {Domain.BINARY: (0, 1), Domain.SIGN: (-1, 1)}


def prove_symbolic(problem: Problem) -> ProofAttempt:
    """Binary and sign scalars are split into their two cases; each case gets the symbolic-size proof."""
    problem = _sign_entries_squared(problem)
    variables = _derivative_variables(problem)
    binaries = [
        d.symbol
        for d in problem.declarations
        if d.kind is Kind.SCALAR
        and (d.domain is Domain.BINARY or (d.domain is Domain.SIGN and d.symbol not in variables))
    ]
    if not binaries or len(binaries) > MAX_BINARY_SCALARS:
        return _prove_symbolic_case(problem, Recorder())
    record = Recorder()
    choices = [_TWO_VALUES[d.domain] for d in problem.declarations if d.symbol in binaries]  # type: ignore[index]
    for bits in itertools.product(*choices):
        values = {b: sp.Integer(bit) for b, bit in zip(binaries, bits, strict=True)}
        label = ", ".join(f"{b} = {bit}" for b, bit in values.items())
        if any(a.xreplace(values) == sp.false for a in problem.assumptions):
            record.add(f"Case {label}: excluded by a hypothesis")
            continue
        record.add(f"Case {label}")
        assumptions = tuple(a.xreplace(values) for a in problem.assumptions if a.xreplace(values) != sp.true)
        case = replace(
            problem, lhs=problem.lhs.xreplace(values), rhs=problem.rhs.xreplace(values), assumptions=assumptions
        )
        attempt = _prove_symbolic_case(case, record)
        if attempt.proof is None:
            return ProofAttempt(proof=None, failure=f"{attempt.failure} (case {label})")
    return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))


def _sign_entries_squared(problem: Problem) -> Problem:
    """Entries of a sign vector are -1 or 1: an even power of one is 1, an odd power the entry itself."""
    vectors = {d.symbol for d in problem.declarations if d.kind is not Kind.SCALAR and d.domain is Domain.SIGN}
    if not vectors or any(isinstance(v, sp.Indexed) and v.base in vectors for v in _derivative_variables(problem)):
        return problem

    def is_power(e: sp.Basic) -> bool:
        return (
            e.is_Pow
            and isinstance(e.base, sp.Indexed)
            and e.base.base in vectors
            and e.exp.is_Integer
            and abs(int(e.exp)) >= 2
        )

    def reduced(e: sp.Pow) -> sp.Basic:
        return e.base ** (int(e.exp) % 2) if e.exp > 0 else e.base ** -(int(-e.exp) % 2)

    return replace(problem, lhs=problem.lhs.replace(is_power, reduced), rhs=problem.rhs.replace(is_power, reduced))


def extreme_entries(residual: sp.Basic, ranges: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]) -> dict[sp.Basic, sp.Basic]:
    """Max(v) as v[c] + d and Min(v) as v[c] - d, d >= 0, for an entry v[c] of the residual.

    Lemma: the largest entry of v is v[c] + d for some d >= 0 (the smallest v[c] - d),
    for any index c in range. A sign shown for every d >= 0 holds at the true d: a
    strengthening, valid for inequalities. Only for vectors with one entry in the
    residual at a free index, so the choice is the author's.
    """
    found: dict[sp.Basic, sp.Basic] = {}
    for extreme in sorted(residual.atoms(vmax, vmin), key=sp.default_sort_key):
        (vector,) = extreme.args
        if not isinstance(vector, sp.IndexedBase):
            continue
        entries = {e for e in residual.atoms(sp.Indexed) if e.base == vector and e.indices[0] in ranges}
        if len(entries) != 1:
            continue
        (entry,) = entries
        gap = sp.Dummy("d", nonnegative=True)
        found[extreme] = entry + gap if isinstance(extreme, vmax) else entry - gap
    return found


def _derivative_variables(problem: Problem) -> set[sp.Basic]:
    """What the problem differentiates by or substitutes for."""
    found: set[sp.Basic] = set()
    for side in (problem.lhs, problem.rhs):
        for node in side.atoms(sp.Derivative, sp.Subs):
            found.update(node.variables)
    return found


def _prove_symbolic_case(problem: Problem, record: Recorder) -> ProofAttempt:
    residual = residual_of(problem)
    record.add(f"To show, on the whole domain: lhs - rhs {goal(problem)}", residual)
    equal_indices = [
        a
        for a in problem.assumptions
        if isinstance(a, sp.Equality) and all(s in index_ranges(problem) for s in a.free_symbols)
    ]
    for equality in equal_indices:
        # Replace the index that is a symbol (j = 3: j becomes 3, never 3 becomes j).
        old, new = (equality.rhs, equality.lhs) if equality.rhs.is_Symbol else (equality.lhs, equality.rhs)
        residual = residual.xreplace({old: new})
        record.add(f"Substitute the hypothesis {equality.lhs} = {equality.rhs}", residual)
    distinct = {frozenset(a.args) for a in problem.assumptions if isinstance(a, sp.Unequality)}
    hot = onehot_positions(problem)
    if hot:
        for position, declaration in list(hot.items()):
            known = hot_index_from_assumptions(declaration, problem)
            if known is not None:
                del hot[position]
                position = known
            vector = declaration.symbol
            residual = residual.replace(
                lambda e, v=vector: isinstance(e, sp.Indexed) and e.base == v,
                lambda e, p=position: sp.KroneckerDelta(e.indices[0], p),
            )
            name = declaration.name
            record.add(
                f"Write the one-hot vector {name} with its hot position: {name}[m] = δ(m, {to_text(position)})",
                residual,
            )
    if residual.has(sp.Derivative, sp.Subs):
        residual = differentiate(residual)
        record.add("Differentiate", residual)
    unit = unit_entries(problem)
    if unit or any(d.domain is Domain.UNIT for d in problem.declarations):
        residual = combine_fractions(unit_vectors(residual.xreplace(unit), problem))
        record.add("Write each variable in (0, 1) as p/(1 + p) with p > 0", residual)
    if problem.relation is sp.Equality:
        # (a residual with breakpoints keeps its variables: the case split reads their bounds)
        bounded = {} if has_breakpoints(residual) else bounded_substitutions(problem)
        if bounded:
            residual = residual.xreplace(bounded)
            names = ", ".join(f"{to_text(k)} = {to_text(v)}" for k, v in bounded.items())
            record.add(f"Write each bounded variable through a positive one: {names}", residual)
    else:
        extremes = extreme_entries(residual, index_ranges(problem))
        if extremes:
            residual = residual.xreplace(extremes)
            names = ", ".join(f"{to_text(k)} = {to_text(v)}" for k, v in extremes.items())
            record.add(f"The largest entry is at least any entry, the smallest at most (d >= 0): {names}", residual)
        exchanged = sums_exchanged(residual)
        if exchanged is not None:
            residual = exchanged
            record.add("Bring each inner sum's range outermost (finite sums commute)", residual)
        how = termwise_sign(residual, problem)
        if how is not None:
            record.add(how, residual)
            return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))
    ranges = index_ranges(problem)
    for position, declaration in hot.items():
        ranges[position] = (sp.Integer(1), sp.sympify(declaration.shape[0]))
    unit_sums = {
        sp.Sum(d.symbol[CANONICAL_INDEX], (CANONICAL_INDEX, 1, d.shape[0]))
        for d in problem.declarations
        if d.domain is Domain.SIMPLEX
    }
    normaliser = SumNormaliser(ranges, unit_sums)
    record.normaliser = normaliser
    try:
        cases = kronecker_cases(residual, normaliser, distinct, record)
    except TooManyCasesError:
        return ProofAttempt(proof=None, failure="symbolic size: too many Kronecker-delta cases")
    substitutions = bounded_substitutions(problem) if problem.relation is not sp.Equality else {}
    for case in cases:
        prefix = f"{case.label}: " if case.label else ""
        if case.expression.has(sp.Abs):
            resolved = resolve_absolute_values(case, problem, normaliser, sign_of_case)
            if resolved is not case:
                record.add(f"{prefix}each |u| is u or -u by the sign of u", resolved.expression)
                case = resolved
        if has_breakpoints(case.expression):
            how = _by_breakpoints(case, problem, normaliser, record, prefix)
        elif problem.relation is sp.Equality:
            how = is_zero(case.expression) or _summands_vanish(case.expression, normaliser)
        else:
            how = sign_of_case(case, problem, normaliser, substitutions)
        if how is None:
            record.add(f"{prefix}the prover could not reduce this to {goal(problem)}", case.expression)
            return ProofAttempt(
                proof=None,
                failure=f"symbolic size: {prefix}could not reduce the residual to {goal(problem)}",
            )
        record.add(f"{prefix}{how}", sp.Integer(0) if problem.relation is sp.Equality else case.expression)
    return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))


def _by_breakpoints(
    case: Case, problem: Problem, normaliser: SumNormaliser, record: Recorder, prefix: str
) -> str | None:
    """Split on every breakpoint; each case is a claim under the case's conditions."""

    def sign_under(expression: sp.Basic, under: Problem) -> str | None:
        at = Case(case.label, expression, case.distinct)
        return sign_of_case(at, under, normaliser, bounded_substitutions(under))

    steps, failure = by_breakpoint_cases(case.expression, problem, sign_under)
    if failure is not None:
        return None
    for action, expression in steps:
        record.add(f"{prefix}{action}", expression)
    return f"every case of the split on the breakpoints has {goal(problem)}"


def _summands_vanish(expression: sp.Basic, normaliser: SumNormaliser) -> str | None:
    """Sums over one range combined into one sum (linearity) whose summand is 0, the rest 0 too."""
    rest, summands = normaliser.linear_groups(expression)
    if not summands or any(is_zero(summand) is None for summand in summands):
        return None
    if rest != 0 and is_zero(rest) is None:
        return None
    return "the sums over the same range combine into one sum whose summand is 0"


def sign_of_case(
    case: Case, problem: Problem, normaliser: SumNormaliser, substitutions: dict[sp.Basic, sp.Basic]
) -> str | None:
    """Establish the needed sign, first as is, then with sums split around free indices."""
    how = univariate_sign(case.expression, problem)
    if how is not None:
        return how
    expression = case.expression.xreplace(substitutions) if substitutions else case.expression
    if expression != case.expression:
        how = univariate_sign(expression, problem)
        if how is not None:
            return f"with {_substituted(substitutions)}: {how}"
    forms = list(_sign_forms(expression, case, problem, normaliser))
    # Every form with the cheap steps first: simplifying a form that fails costs more
    # than all the cheap attempts together.
    for thorough in (False, True):
        for form, explain in forms:
            how = has_sign(form, problem.relation, thorough=thorough)
            if how is not None:
                return explain(how)
    return (
        sign_through_log(expression, case, problem, normaliser, sign_of_case)
        or sign_through_tangent_lines(expression, case, problem, normaliser, sign_of_case)
        or sign_through_extremes(expression, case, problem, normaliser, sign_of_case)
    )


def _substituted(substitutions: dict[sp.Basic, sp.Basic]) -> str:
    new = sorted({s for v in substitutions.values() for s in v.free_symbols if isinstance(s, sp.Dummy)}, key=str)
    signs = ", ".join(f"{to_text(s)} {'>' if s.is_positive else '>='} 0" for s in new if s.is_nonnegative)
    written = ", ".join(f"{to_text(k)} = {to_text(v)}" for k, v in substitutions.items())
    return f"{written} ({signs})" if signs else written


def _sign_forms(
    expression: sp.Basic, case: Case, problem: Problem, normaliser: SumNormaliser
) -> Iterator[tuple[sp.Basic, Callable[[str], str]]]:
    """Forms whose sign implies the expression's: itself, then with sums split and bounded."""
    yield expression, lambda how: how
    split = split_off_free_terms(expression, case, problem, normaliser)
    if split is not None:
        yield split, lambda how: f"writing each sum as its terms at the free indices plus a rest >= 0, {how}"
        for side, words in (
            ("upper", "at most the square of the rest"),
            ("lower", "at least the square of the rest over its count"),
        ):
            bounded_rests = split_off_free_terms(expression, case, problem, normaliser, squares=side)
            if bounded_rests is not None:
                yield bounded_rests, functools.partial(_with_bounded_rests, words)
    squares = weighted_squares_bounded(expression, normaliser)
    if squares is not None:
        yield squares, lambda how: f"with Σ f g^2 = (Σ f g)^2/Σ f + D, D >= 0, for weights f >= 0: {how}"
    bounded = power_sums_bounded(expression, normaliser)
    if bounded is not None:
        for form in (bounded, split_off_free_terms(bounded, case, problem, normaliser)):
            if form is not None:
                yield form, lambda how: f"with Σ g^2 = (Σ g)^2 - R, R >= 0, for sums of terms g >= 0: {how}"


def _with_bounded_rests(words: str, how: str) -> str:
    return (
        "writing each sum as its terms at the free indices plus a rest, the rest of a sum of squares "
        f"being {words}, {how}"
    )
