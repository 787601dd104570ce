"""Sums over one range: constants spread over a weight, tangent lines of log and exp termwise.

Lemma. (1) For u > 0, 1 - 1/u <= log u <= u - 1 (equality iff u = 1); for real u and t,
exp(u) >= exp(t) (1 + u - t) (the tangent lines of the concave log at 1 and of the convex
exp at t). So a term c log u of a summand is at least c (1 - 1/u) and at most c (u - 1)
when c >= 0, the other way round when c <= 0; a term c exp(u) is at least
c exp(t) (1 + u - t) when c >= 0, at most when c <= 0. Bounding terms of the summand
bounds every term of the sum, hence the sum (over any range, an empty one included).
(2) A quantity c that does not depend on the bound index is Σ_ι w(ι) c / W for weights
w with W = Σ_ι w(ι) != 0: the entries of a simplex (W = 1), w = 1 over a range known not
to be empty (W its count), or the terms of a sum of positive terms over such a range.
(3) c log A + c log B = c log(AB) and c log A - c log B = c log(A/B) for A, B > 0.
(4) A sum of terms that are each >= 0 (<= 0) is >= 0 (<= 0), over any range; > 0 (< 0)
when each is > 0 (< 0) and the range is not empty.

With (2) and (3) Gibbs' inequality is one tangent line: for p a simplex and q > 0,
Σ p log(p/q) >= Σ p (1 - q/p) = 1 - Σ q; entropy <= log K is Gibbs against q = 1/K after
writing log K = Σ p log K; the log-sum inequality spreads A log(A/B) over the weights a;
Jensen's log Σ exp(z) >= mean(z) + log K bounds exp(z) by its tangent at the mean.
Every form is an identity or a strengthening, so a sign shown for it holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import sympy as sp

from verifier.language.printing import to_text
from verifier.problem import Problem
from verifier.prover.cases import Case
from verifier.prover.power_sums import power_sums_bounded
from verifier.prover.residual import plain_symbols
from verifier.prover.sign import has_sign
from verifier.prover.sums import CANONICAL_INDEX, SumNormaliser
from verifier.prover.weighted_squares import weighted_squares_bounded

__all__ = ["sign_through_tangent_lines"]

CaseSign = Callable[[Case, Problem, SumNormaliser, dict[sp.Basic, sp.Basic]], str | None]

_LOWER = (sp.GreaterThan, sp.StrictGreaterThan)
_STRICT = (sp.StrictGreaterThan, sp.StrictLessThan)
# The termwise check asks the whole case prover about one summand: never more than once deep.
_active = [0]


def sign_through_tangent_lines(
    expression: sp.Basic, case: Case, problem: Problem, normaliser: SumNormaliser, sign_of_case: CaseSign
) -> str | None:
    """The sign of rest + Σ_ι s(ι) (one range): spread the rest, bound logs and exps, or sign each term."""
    rest, groups = normaliser.range_groups(expression)
    if len(groups) != 1:
        return None
    ((limits, summand),) = groups.items()
    relation = problem.relation
    nonempty = sp.expand(limits[1] - limits[0]).is_nonnegative is True

    def show(e: sp.Basic) -> str:
        return to_text(normaliser.restore(e))

    for spread, kept, spreading in _spreads(rest, summand, limits, expression, normaliser):
        for bounded, bounding in _tangent_bounds(spread, relation in _LOWER, show):
            total = kept + normaliser.normalise(sp.Sum(bounded, (CANONICAL_INDEX, *limits)))
            for form, squares in _square_forms(total, normaliser):
                how = has_sign(form, relation)
                if how is not None:
                    return f"{spreading}{bounding}: the sum is bounded by {show(total)}; {squares}{how}"
        if kept == 0 and (relation not in _STRICT or nonempty) and not _active[0]:
            _active[0] += 1
            try:
                how = sign_of_case(Case(case.label, spread, case.distinct), problem, normaliser, {})
            finally:
                _active[0] -= 1
            if how is not None:
                term = to_text(normaliser.restore(spread))
                return f"{spreading}every term {term} of the sum has the sign ({how}), so the sum has it"
    return None


def _spreads(
    rest: sp.Basic,
    summand: sp.Basic,
    limits: tuple[sp.Basic, sp.Basic],
    expression: sp.Basic,
    normaliser: SumNormaliser,
) -> Iterator[tuple[sp.Basic, sp.Basic, str]]:
    """(summand, rest kept outside, how): the rest as it is, then spread over each weight."""
    yield summand, rest, ""
    if rest == 0 or rest.has(CANONICAL_INDEX):
        return
    for weight, mass, words in _weights(limits, expression, normaliser):
        spread = sp.expand(summand + weight * rest / mass)
        yield spread, sp.Integer(0), f"writing the rest as Σ {words} times it, "


def _weights(
    limits: tuple[sp.Basic, sp.Basic], expression: sp.Basic, normaliser: SumNormaliser
) -> Iterator[tuple[sp.Basic, sp.Basic, str]]:
    """(w(ι), W = Σ_ι w(ι), words) with W known to be non-zero."""
    low, high = limits
    for unit in sorted(normaliser.unit_sums, key=sp.default_sort_key):
        ((bound, unit_low, unit_high),) = unit.limits
        if (unit_low, unit_high) == limits:
            weight = unit.function.xreplace({bound: CANONICAL_INDEX})
            yield weight, sp.Integer(1), f"{to_text(weight)} (which sums to 1)"
    count = sp.expand(high - low + 1)
    if count.is_positive:
        yield sp.Integer(1), count, f"1/({to_text(count)})"
    for atom in sorted(expression.free_symbols, key=sp.default_sort_key):
        template = normaliser.atoms.get(atom)
        if template is None or not atom.is_positive or template.limits[0][1:] != limits:
            continue
        weight = template.function
        yield weight, atom, f"{to_text(weight)} over its sum"


def _tangent_bounds(summand: sp.Basic, lower: bool, show: Callable[[sp.Basic], str]) -> Iterator[tuple[sp.Basic, str]]:
    """The summand with its logs (grouped by coefficient) and exps bounded on the needed side.

    Also with each other term t = c u of a log group's coefficient c taken in as c log(exp(u))
    (an identity): - p z + p log(p E) is p log(p E exp(-z)).
    """
    logs, exps, plain = _terms(summand)
    yield from _bounded(logs, exps, plain, lower, show)
    absorbed = _absorbed(logs, exps, plain)
    if absorbed is not None:
        yield from _bounded(*absorbed, lower, show)


Terms = tuple[dict[sp.Basic, sp.Basic], list[tuple[sp.Basic, sp.Basic]], list[sp.Basic]]


def _terms(summand: sp.Basic) -> Terms:
    """Logs of positive arguments grouped by coefficient, exps of the bound index with theirs, the rest."""
    logs: dict[sp.Basic, sp.Basic] = {}
    exps: list[tuple[sp.Basic, sp.Basic]] = []
    plain: list[sp.Basic] = []
    for term in sp.Add.make_args(sp.expand(summand)):
        factors = sp.Mul.make_args(term)
        log_factors = [f for f in factors if isinstance(f, sp.log)]
        exp_factors = [f for f in factors if isinstance(f, sp.exp) and f.has(CANONICAL_INDEX)]
        if len(log_factors) == 1 and log_factors[0].args[0].is_positive:
            (function,) = log_factors
            coefficient = sp.Mul(*[f for f in factors if f is not function])
            if coefficient.has(sp.log):
                plain.append(term)
            elif -coefficient in logs:
                logs[-coefficient] = logs[-coefficient] / function.args[0]
            else:
                logs[coefficient] = logs.get(coefficient, sp.Integer(1)) * function.args[0]
        elif not log_factors and len(exp_factors) == 1:
            (function,) = exp_factors
            coefficient = sp.Mul(*[f for f in factors if f is not function])
            # c' exp(s) exp(u) is c' exp(u + s): the tangent line then touches where u + s = t.
            outer = [f for f in sp.Mul.make_args(coefficient) if isinstance(f, sp.exp)]
            rest = sp.Mul(*[f for f in sp.Mul.make_args(coefficient) if not isinstance(f, sp.exp)])
            exps.append((rest, function.args[0] + sp.Add(*[f.args[0] for f in outer])))
        else:
            plain.append(term)
    return logs, exps, plain


def _absorbed(
    logs: dict[sp.Basic, sp.Basic], exps: list[tuple[sp.Basic, sp.Basic]], plain: list[sp.Basic]
) -> Terms | None:
    """Terms c u (no log in u) taken into the log group of coefficient c as exp(u) in its argument."""
    grouped = dict(logs)
    kept: list[sp.Basic] = []
    taken = False
    for term in [*plain, *(c * sp.exp(u) for c, u in exps)]:
        for coefficient in grouped:
            ratio = sp.powsimp(sp.cancel(term / coefficient))
            if not ratio.has(sp.log) and ratio.is_real and not sp.fraction(ratio)[1].has(CANONICAL_INDEX):
                grouped[coefficient] = grouped[coefficient] * sp.exp(ratio)
                taken = True
                break
        else:
            kept.append(term)
    if not taken:
        return None
    _, kept_exps, kept_plain = _terms(sp.Add(*kept))
    return grouped, kept_exps, kept_plain


def _bounded(
    logs: dict[sp.Basic, sp.Basic],
    exps: list[tuple[sp.Basic, sp.Basic]],
    plain: list[sp.Basic],
    lower: bool,
    show: Callable[[sp.Basic], str],
) -> Iterator[tuple[sp.Basic, str]]:
    log_bounds: list[sp.Basic] = []
    said: list[str] = []
    side = ">=" if lower else "<="
    for coefficient, argument in logs.items():
        sign = _sign(coefficient)
        if sign == 0 or argument == 1:
            log_bounds.append(coefficient * sp.log(argument))
            continue
        below = (sign > 0) == lower
        bound = coefficient * (1 - 1 / argument if below else argument - 1)
        log_bounds.append(bound)
        said.append(f"{show(coefficient * sp.log(argument))} {side} {show(bound)}")
    points = sorted(
        {f.args[0] for t in plain for f in sp.Mul.make_args(t) if isinstance(f, sp.exp)} | {sp.Integer(0)},
        key=sp.default_sort_key,
    )
    usable = [(c, u) for c, u in exps if _sign(c) == (1 if lower else -1)]
    if not usable and not said:
        return
    words = f"log u >= 1 - 1/u and log u <= u - 1 (u > 0): {', '.join(said)}" if said else ""
    for point in itertools.islice(points if usable else [sp.Integer(0)], 3):
        bounds = [c * sp.exp(point) * (1 + u - point) if (c, u) in usable else c * sp.exp(u) for c, u in exps]
        tangent = f"exp(u) >= exp(t)(1 + u - t) at t = {show(point)}" if usable else ""
        how = " and ".join(w for w in (words, tangent) if w)
        yield sp.Add(*plain, *log_bounds, *bounds), f"with {how} termwise"


def _sign(coefficient: sp.Basic) -> int:
    """1 if the coefficient is >= 0, -1 if <= 0, 0 if unknown."""
    plain = plain_symbols(coefficient)
    if plain.is_nonnegative:
        return 1
    if plain.is_nonpositive:
        return -1
    if has_sign(plain, sp.GreaterThan, thorough=False) is not None:
        return 1
    if has_sign(plain, sp.LessThan, thorough=False) is not None:
        return -1
    return 0


def _square_forms(total: sp.Basic, normaliser: SumNormaliser) -> Iterator[tuple[sp.Basic, str]]:
    yield total, ""
    powers = power_sums_bounded(total, normaliser)
    if powers is not None:
        yield powers, "with Σ g^2 = (Σ g)^2 - R, R >= 0 (g >= 0), "
    squares = weighted_squares_bounded(total, normaliser)
    if squares is not None:
        yield squares, "with Σ f g^2 = (Σ f g)^2/Σ f + D, D >= 0 (f >= 0), "
