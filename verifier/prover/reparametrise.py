"""Bijections onto the declared domain, so that hypotheses become visible signs.

Lemma: x > c is x = c + p with p > 0 (p >= 0 for x >= c), x < c is x = c - p; a unit
x in (0, 1) is p/(1 + p) with p > 0; a one-hot vector t is t[m] = δ(m, h) for its hot
position h in 1..K. Each map is onto the constrained set, so an identity or a sign shown
for every value of the new variable holds on the whole domain. Only the first bound of a
variable is used (the others are dropped: a larger set, a stronger claim), and a bound that
involves other variables is kept symbolic: x > y is x = y + p for every y; a bound on
c v + r with c of strict sign is solved for v: v = (p - r)/c. Every new variable (p, the
hot position h) is a fresh ``Dummy``: no name in a claim can capture it.
"""

from __future__ import annotations

import sympy as sp

from verifier.language.declarations import Declaration, Kind
from verifier.language.domains import Domain
from verifier.language.printing import to_text
from verifier.problem import Problem

__all__ = [
    "bounded_substitutions",
    "combine_fractions",
    "hot_index_from_assumptions",
    "index_ranges",
    "onehot_positions",
    "unit_entries",
    "unit_vectors",
]


def index_ranges(problem: Problem) -> dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]:
    return {d.symbol: (sp.Integer(1), sp.sympify(d.size)) for d in problem.declarations if d.kind is Kind.INDEX}


def onehot_positions(problem: Problem) -> dict[sp.Symbol, Declaration]:
    return {
        sp.Dummy(f"hot_{d.name}", integer=True, positive=True): d
        for d in problem.declarations
        if d.domain is Domain.ONEHOT
    }


def hot_index_from_assumptions(declaration: Declaration, problem: Problem) -> sp.Basic | None:
    """The hot position a hypothesis Eq(t[c], 1) gives a one-hot vector t, if any."""
    for assumption in problem.assumptions:
        if isinstance(assumption, sp.Equality) and assumption.rhs == 1:
            entry = assumption.lhs
            if isinstance(entry, sp.Indexed) and entry.base == declaration.symbol and len(entry.indices) == 1:
                return entry.indices[0]
    return None


def bounded_substitutions(problem: Problem) -> dict[sp.Basic, sp.Basic]:
    """x > c as x = c + p, x < c as x = c - p, with p > 0 (p >= 0 for a non-strict bound).

    A bijection onto the bounded range, so identities and signs there become ones in p.
    """
    substitutions: dict[sp.Basic, sp.Basic] = {}
    for assumption in problem.assumptions:
        if not isinstance(assumption, sp.core.relational.Relational) or isinstance(
            assumption, sp.Equality | sp.Unequality
        ):
            continue
        strict = isinstance(assumption, sp.StrictGreaterThan | sp.StrictLessThan)
        sign = {"positive": True} if strict else {"nonnegative": True}
        greater, smaller = assumption.gts, assumption.lts
        for variable, bound, above in ((greater, smaller, True), (smaller, greater, False)):
            is_entry = isinstance(variable, sp.Indexed) and variable.is_real
            bound_ok = bound.is_number or (bound.is_real and not bound.has(variable) and not bound.has(*substitutions))
            if (variable.is_Symbol or is_entry) and variable.is_real and bound_ok and variable not in substitutions:
                p = sp.Dummy(f"{to_text(variable)}_p", **sign)
                substitutions[variable] = bound + p if above else bound - p
                break
        else:
            substitutions.update(_solved_bound(greater - smaller, sign, substitutions))
    return substitutions


def _solved_bound(
    difference: sp.Expr, sign: dict[str, bool], taken: dict[sp.Basic, sp.Basic]
) -> dict[sp.Basic, sp.Basic]:
    """difference > 0 with difference = c v + r (c of strict sign, c and r free of v) as v = (p - r)/c, p > 0.

    For b*x > 20 with b > 0: x = (20 + p)/b. For fixed values of the other variables the map
    p -> v is a bijection onto the values of v where the bound holds.
    """
    difference = sp.expand(difference)
    if difference.has(*taken):
        return {}
    for variable in sorted(difference.free_symbols, key=sp.default_sort_key):
        if not variable.is_real:
            continue
        coefficient = difference.coeff(variable, 1)
        rest = sp.expand(difference - coefficient * variable)
        if coefficient.has(variable) or rest.has(variable) or not (coefficient.is_positive or coefficient.is_negative):
            continue
        p = sp.Dummy(f"{to_text(variable)}_p", **sign)
        return {variable: (p - rest) / coefficient}
    return {}


def unit_entries(problem: Problem) -> dict[sp.Basic, sp.Basic]:
    """x in (0, 1) as p / (1 + p) with p > 0: a bijection that makes 1 - x = 1 / (1 + p) visibly positive."""
    mapping: dict[sp.Basic, sp.Basic] = {}
    for declaration in problem.declarations:
        if declaration.domain is not Domain.UNIT:
            continue
        if declaration.kind is Kind.SCALAR and not any(a.has(declaration.symbol) for a in problem.assumptions):
            # (a scalar with bounds of its own keeps them: the interval methods use them)
            p = sp.Dummy(f"{declaration.name}_p", positive=True)
            mapping[declaration.symbol] = p / (1 + p)
    return mapping


def unit_vectors(expression: sp.Basic, problem: Problem) -> sp.Basic:
    for declaration in problem.declarations:
        if declaration.domain is Domain.UNIT and declaration.kind in (Kind.VECTOR, Kind.MATRIX):
            base = sp.IndexedBase(sp.Dummy(f"{declaration.name}_p", positive=True), positive=True)
            expression = expression.replace(
                lambda e, v=declaration.symbol: isinstance(e, sp.Indexed) and e.base == v,
                lambda e, b=base: b[e.indices] / (1 + b[e.indices]),
            )
    return expression


def combine_fractions(expression: sp.Basic) -> sp.Basic:
    """1 - p/(1 + p) as 1/(1 + p) inside logs and powers, so their positivity is visible."""
    return expression.replace(
        lambda e: (isinstance(e, sp.log) or e.is_Pow) and e.args[0].is_Add,
        lambda e: e.func(sp.cancel(sp.together(e.args[0])), *e.args[1:]),
    )
