"""A residual with breakpoints (Max, Min, Abs, sign, Heaviside, Piecewise) decided case by case.

Lemma: the cases of ``breakpoints`` cover the domain, so the residual is 0 (has the sign)
everywhere when it is so in every case. In a case, each variable that the case fixes to a
value (a one-point set, a bound v = e) is replaced by it: an identity there. The case's
conditions are hypotheses of the case's claim: its intervals become the one-variable
tactics' intervals; a variable v with a lower bound L (upper U) whose ends are not numbers
is written v = L + q (U - q), q >= 0 (> 0 for a strict bound), which covers the case's
points and more (a strengthening). On L <= v <= U a function convex in v is at most the
larger of its values at the ends, a concave one at least the smaller: so a residual of
degree <= 2 in v whose leading coefficient has the right sign (0 for an affine one) has a
sign <= 0 (>= 0) there when it has it at both ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy as sp

from verifier.language.declarations import Kind
from verifier.language.intervals import scalar_interval
from verifier.language.printing import to_text
from verifier.problem import Problem
from verifier.prover.breakpoints import decide_cases
from verifier.prover.regions import Region, fixed_values
from verifier.prover.zero import is_zero

__all__ = ["by_breakpoint_cases", "domain_region"]

# The sign of an expression under a problem's hypotheses: (expression, problem) -> how, or None.
SignUnder = Callable[[sp.Basic, Problem], str | None]


def domain_region(expression: sp.Basic, problem: Problem) -> Region | None:
    """The declared domain of the expression's real scalars, narrowed by the hypotheses about them.

    None when the hypotheses are contradictory (no proof is attempted then).
    """
    domains: dict[sp.Symbol, sp.Set] = {}
    for declaration in problem.declarations:
        if declaration.symbol not in expression.free_symbols:
            continue
        interval = scalar_interval(declaration, ())
        if interval is None or declaration.kind is not Kind.SCALAR:
            continue
        domains[declaration.symbol] = sp.Interval(
            -sp.oo if interval.low is None else interval.low,
            sp.oo if interval.high is None else interval.high,
            left_open=not interval.low_closed,
            right_open=not interval.high_closed,
        )
    region: Region | None = Region.over(domains)
    for assumption in problem.assumptions:
        if region is None:
            return None
        if assumption.free_symbols and all(s in domains for s in assumption.free_symbols):
            region = region.with_condition(assumption)
    return region


def by_breakpoint_cases(
    expression: sp.Basic, problem: Problem, sign_under: SignUnder
) -> tuple[list[tuple[str, sp.Basic]], str | None]:
    """The steps of the case split, and None when every case is decided (else what failed)."""
    region = domain_region(expression, problem)
    if region is None:
        return [], "the hypotheses could not be combined"

    def decide(case_expression: sp.Basic, case_region: Region) -> str | None:
        if problem.relation is sp.Equality:
            return _zero_in(case_expression, case_region)
        return _sign_in(case_expression, case_region, problem, sign_under)

    return decide_cases(expression, region, decide)


def _fixed(expression: sp.Basic, region: Region) -> sp.Basic:
    return fixed_values(expression, region.points())


def _zero_in(expression: sp.Basic, region: Region) -> str | None:
    components = region.components()
    if components is None:
        return None
    shown = []
    for component in components:
        points = component.points()
        how = is_zero(_fixed(expression, component))
        if how is None:
            return None
        fixed = ", ".join(f"{to_text(v)} = {to_text(e)}" for v, e in points.items())
        shown.append(f"at {fixed} it {how}" if fixed else f"it {how}")
    return "; ".join(dict.fromkeys(shown))


def _sign_in(expression: sp.Basic, region: Region, problem: Problem, sign_under: SignUnder) -> str | None:
    components = region.components()
    if components is None:
        return None
    shown = []
    for component in components:
        fixed = _fixed(expression, component)
        case = replace(problem, assumptions=(*problem.assumptions, *component.relations()))
        how = sign_under(fixed, case) or _through_bounds(fixed, component, case, sign_under)
        if how is None:
            return None
        shown.append(how)
    return "; ".join(dict.fromkeys(shown))


def _through_bounds(expression: sp.Basic, region: Region, case: Problem, sign_under: SignUnder) -> str | None:
    """A variable between two ends: its sign at both ends (convex or concave in it), else v = L + q or U - q."""
    upper_goal = case.relation in (sp.LessThan, sp.StrictLessThan)
    for variable in sorted(expression.free_symbols, key=sp.default_sort_key):
        lowers, uppers = _ends(variable, region)
        second = sp.diff(expression, variable, 2)
        if lowers and uppers and not second.has(variable):
            # A quadratic in v with a leading coefficient of the right sign is convex (concave).
            shape = replace(case, relation=sp.GreaterThan if upper_goal else sp.LessThan)
            if second == 0 or sign_under(second, shape) is not None:
                for (low, _), (high, _) in ((lo, hi) for lo in lowers for hi in uppers):
                    at_ends = [sign_under(expression.xreplace({variable: end}), case) for end in (low, high)]
                    if all(at_ends):
                        kind = "affine" if second == 0 else ("convex" if upper_goal else "concave")
                        return (
                            f"{kind} in {to_text(variable)} on [{to_text(low)}, {to_text(high)}], at both ends: "
                            + "; ".join(dict.fromkeys(h for h in at_ends if h))
                        )
        if not any(b.variable == variable for b in region.bounds):
            continue
        for ends, direction in ((lowers, 1), (uppers, -1)):
            for end, strict in ends:
                q = sp.Dummy("q", positive=True) if strict else sp.Dummy("q", nonnegative=True)
                written = sp.expand(expression.xreplace({variable: end + direction * q}))
                how = sign_under(written, case)
                if how is not None:
                    side = "+" if direction > 0 else "-"
                    return f"with {to_text(variable)} = {to_text(end)} {side} q, q >= 0: {how}"
    return None


def _ends(variable: sp.Symbol, region: Region) -> tuple[list[tuple[sp.Expr, bool]], list[tuple[sp.Expr, bool]]]:
    lowers: list[tuple[sp.Expr, bool]] = []
    uppers: list[tuple[sp.Expr, bool]] = []
    values = region.set_of(variable)
    if isinstance(values, sp.Interval):
        if values.inf.is_finite:
            lowers.append((values.inf, bool(values.left_open)))
        if values.sup.is_finite:
            uppers.append((values.sup, bool(values.right_open)))
    points = region.points()
    for b in region.bounds:
        if b.variable == variable:
            end = fixed_values(b.end, points)
            if b.op in (">", ">="):
                lowers.append((end, b.op == ">"))
            elif b.op in ("<", "<="):
                uppers.append((end, b.op == "<"))
    return lowers, uppers
