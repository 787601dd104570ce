"""The sign of a function of one declared real scalar, on the interval it ranges over.

The interval comes from the declaration and its numeric bounds among the assumptions
(other assumptions are dropped: a larger interval, a stronger claim). A variable that is
not declared (an entry of a vector, a reparametrisation's p, a sum's atom) ranges over
what its SymPy assumptions allow, which contains every value it stands for: (0, oo) if
positive, [0, oo) if nonnegative, the line if real. The argument is exact root isolation
(``roots``), else monotonicity (``monotonicity``), else Taylor bounds on one exponential
(``exponential_polynomials``).

Two identities bring more expressions to that form. A product whose other factors have a
strict sign known from their symbols' assumptions (1/b with b > 0) has the sign of its
factor in one variable (flipped for a negative factor). Exponentials exp(a_i x + c_i) with
one shift h = c_i / a_i for all i are functions of s = x + h, which ranges over the
interval shifted by h: the translation is a bijection.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from verifier.language.intervals import Interval, scalar_interval
from verifier.language.printing import to_text
from verifier.problem import Problem
from verifier.prover.attempt import SIGN_NEEDED
from verifier.prover.exponential_polynomials import sign_by_exponential_bounds
from verifier.prover.monotonicity import sign_by_monotonicity
from verifier.prover.roots import sign_on_interval

__all__ = ["univariate_sign"]


_FLIPPED = {sp.StrictLessThan: sp.StrictGreaterThan, sp.LessThan: sp.GreaterThan}
_FLIPPED |= {v: k for k, v in _FLIPPED.items()}


def univariate_sign(expression: sp.Basic, problem: Problem) -> str | None:
    """The sign of a function of one declared real scalar, by exact root isolation."""
    if problem.relation is sp.Equality:
        return None
    if len(expression.free_symbols) > 1:
        separated = _factor_in_one_variable(expression)
        if separated is None:
            return None
        factor, sign, others = separated
        relation = problem.relation if sign > 0 else _FLIPPED[problem.relation]
        how = univariate_sign(factor, replace(problem, relation=relation))
        return None if how is None else f"{others} has a strict sign, and the factor {to_text(factor)}: {how}"
    if len(expression.free_symbols) != 1:
        return None
    (variable,) = expression.free_symbols
    declaration = next((d for d in problem.declarations if d.symbol == variable), None)
    if declaration is not None:
        interval = scalar_interval(declaration, problem.assumptions)
    elif variable.is_positive:  # for instance a reparametrised (0, 1) variable
        interval = Interval(low=sp.Integer(0))
    elif variable.is_nonnegative:
        interval = Interval(low=sp.Integer(0), low_closed=True)
    else:
        interval = Interval() if variable.is_real else None
    if interval is None:
        return None
    needed = SIGN_NEEDED[problem.relation][1].replace(" ", "")
    translated = _translated(expression, variable, interval)
    if translated is not None:
        expression, variable, interval, words = translated
    how = (
        sign_on_interval(expression, variable, interval, needed)
        or sign_by_monotonicity(expression, variable, interval, needed)
        or sign_by_exponential_bounds(expression, variable, interval, needed)
    )
    return f"{words}: {how}" if how is not None and translated is not None else how


def _factor_in_one_variable(expression: sp.Basic) -> tuple[sp.Expr, int, str] | None:
    """expression = c * f with f in one variable and c a product of factors of known strict sign."""
    content = _symbol_content(expression)
    if content is not None:
        remaining = sp.expand(expression / content, power_exp=False, deep=False)
        sign = 1 if content.is_positive else -1
        if len(remaining.free_symbols) == 1 and (content.is_positive or content.is_negative):
            return remaining, sign, to_text(content)
    numerator, denominator = sp.fraction(sp.together(expression))
    factors = [*sp.Mul.make_args(numerator), *(1 / f for f in sp.Mul.make_args(denominator))]
    sign = 1
    known: list[sp.Expr] = []
    rest: list[sp.Expr] = []
    for factor in factors:
        if factor.is_positive or factor.is_negative:
            known.append(factor)
            sign *= 1 if factor.is_positive else -1
        else:
            rest.append(factor)
    remaining = sp.Mul(*rest)
    if not known or len(remaining.free_symbols) != 1:
        return None
    return remaining, sign, to_text(sp.Mul(*known))


def _symbol_content(expression: sp.Basic) -> sp.Expr | None:
    """The product of the symbols' powers common to every term (1/b in x/b + log(x)/b), or None."""
    terms = sp.Add.make_args(sp.expand(expression, power_exp=False, deep=False))
    powers = [term.as_powers_dict() for term in terms]
    content = sp.Integer(1)
    for symbol in sorted(expression.free_symbols, key=sp.default_sort_key):
        exponents = [sp.sympify(p.get(symbol, 0)) for p in powers]
        if all(e.is_Integer and e < 0 for e in exponents):
            content *= symbol ** max(exponents)
        elif all(e.is_Integer and e > 0 for e in exponents):
            content *= symbol ** min(exponents)
    return None if content == 1 else content


def _translated(
    expression: sp.Expr, x: sp.Symbol, interval: Interval
) -> tuple[sp.Expr, sp.Symbol, Interval, str] | None:
    """exp(a_i x + c_i) with one shift h = c_i / a_i: the expression in s = x + h, on the shifted interval."""
    shifts = set()
    for power in expression.atoms(sp.exp):
        if not power.has(x):
            continue
        exponent = sp.expand(power.exp)
        slope = exponent.coeff(x)
        offset = sp.expand(exponent - slope * x)
        if not slope.is_Rational or slope == 0 or offset.has(x) or not offset.is_number:
            return None
        shifts.add(offset / slope)
    if len(shifts) != 1 or shifts == {0}:
        return None
    (shift,) = shifts
    if not shift.is_Rational:
        return None
    s = sp.Dummy("s", real=True)
    moved = Interval(
        None if interval.low is None else interval.low + shift,
        None if interval.high is None else interval.high + shift,
        interval.low_closed,
        interval.high_closed,
    )
    return expression.xreplace({x: s - shift}), s, moved, f"with s = {to_text(x + shift)}"
