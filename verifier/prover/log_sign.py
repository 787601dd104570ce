"""The sign of c log(A) + B, through the monotonicity of log.

Lemma: for A > 0 and a real B, log(A) + B > 0 iff A > exp(-B) (log is strictly
increasing), and likewise for <, <= and >=; so log(A) + B has the sign of A - exp(-B),
and of N - D exp(-B) or N exp(B) - D (exp(B) > 0) when A = N/D with N, D > 0. Logs of positive arguments with one
coefficient c (up to sign) combine: c log A - c log B = c log(A/B). For c > 0,
c log(Y) + B has the sign of log(Y) + B/c; for c >= 0 and B = 0 it is >= 0 (<= 0) when
log(Y) is, that is when Y - 1 is.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from verifier.language.printing import to_text
from verifier.problem import Problem
from verifier.prover.cases import Case
from verifier.prover.residual import plain_symbols
from verifier.prover.sign import has_sign
from verifier.prover.sums import SumNormaliser

__all__ = ["sign_through_log"]

# How a case's sign is established: (case, problem, normaliser, substitutions) -> how, or None.
CaseSign = Callable[[Case, Problem, SumNormaliser, dict[sp.Basic, sp.Basic]], str | None]

_STRICT = (sp.StrictGreaterThan, sp.StrictLessThan)


def sign_through_log(
    expression: sp.Basic, case: Case, problem: Problem, normaliser: SumNormaliser, sign_of_case: CaseSign
) -> str | None:
    """c log(A) + B has the sign of A - exp(-B/c), for A > 0 and c > 0: log is increasing."""
    terms = sp.Add.make_args(sp.expand(expression))
    logs = [t for t in terms if isinstance(t, sp.log)]
    rest = sp.Add(*[t for t in terms if len(logs) != 1 or t is not logs[0]])
    if len(logs) == 1 and logs[0].args[0].is_positive and not rest.has(sp.log):
        if rest.is_real is not True:
            return None
        compared = logs[0].args[0] - sp.exp(-rest)
    else:
        combined = _one_coefficient(terms)
        if combined is None or _logs_in_sums(expression, normaliser):
            # (logs inside sums are for the tangent lines: exp of them only grows the expression)
            return None
        coefficient, argument, rest = combined
        numerator, denominator = sp.fraction(sp.together(argument))
        if not (numerator.is_positive and denominator.is_positive):
            return None
        if plain_symbols(coefficient).is_positive and _has_sums(denominator, normaliser):
            # the same sign, with the exp beside the side that holds no sum: sums stay alone in their terms
            compared = numerator * sp.exp(rest / coefficient) - denominator
        elif plain_symbols(coefficient).is_positive:
            compared = numerator - denominator * sp.exp(-rest / coefficient)
        elif rest == 0 and problem.relation not in _STRICT and _nonnegative(coefficient):
            compared = numerator - denominator
        else:
            return None
    how = sign_of_case(Case(case.label, compared, case.distinct), problem, normaliser, {})
    if how is None:
        return None
    return f"log is increasing, so the sign is that of {to_text(normaliser.restore(compared))}: {how}"


def _has_sums(expression: sp.Basic, normaliser: SumNormaliser) -> bool:
    return any(a in normaliser.atoms for a in expression.free_symbols)


def _logs_in_sums(expression: sp.Basic, normaliser: SumNormaliser) -> bool:
    templates = [normaliser.atoms.get(a) for a in expression.free_symbols]
    return any(t is not None and t.has(sp.log) for t in templates)


def _nonnegative(coefficient: sp.Basic) -> bool:
    plain = plain_symbols(coefficient)
    return plain.is_nonnegative is True or has_sign(plain, sp.GreaterThan, thorough=False) is not None


def _one_coefficient(terms: tuple[sp.Basic, ...]) -> tuple[sp.Basic, sp.Basic, sp.Basic] | None:
    """(c, Y, B) with the terms = c log(Y) + B: every log of a positive argument has coefficient ±c."""
    coefficients: dict[sp.Basic, sp.Basic] = {}
    rest: list[sp.Basic] = []
    for term in terms:
        factors = sp.Mul.make_args(term)
        logs = [f for f in factors if isinstance(f, sp.log)]
        if not logs:
            rest.append(term)
            continue
        if len(logs) != 1 or not logs[0].args[0].is_positive:
            return None
        (log,) = logs
        c = sp.Mul(*[f for f in factors if f is not log])
        if c.has(sp.log):
            return None
        coefficients[log.args[0]] = coefficients.get(log.args[0], sp.Integer(0)) + c
    remainder = sp.Add(*rest)
    if not coefficients or remainder.is_real is not True:
        return None
    first = next(iter(coefficients.values()))
    coefficient = -first if first.could_extract_minus_sign() else first
    argument: sp.Basic = sp.Integer(1)
    for log_argument, c in coefficients.items():
        if sp.expand(c - coefficient) == 0:
            argument = argument * log_argument
        elif sp.expand(c + coefficient) == 0:
            argument = argument / log_argument
        else:
            return None
    return coefficient, argument, remainder
