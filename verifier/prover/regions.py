"""Where a case of a case split lies: the conditions it assumes, and exact emptiness.

Lemma: a region is the set of points of the declared domain satisfying its conditions.
A condition in one variable is solved exactly by SymPy's univariate solver (``as_set``:
polynomial and rational relations) and intersected with the set that variable already
ranges over; an empty intersection is an empty region. A relation u R 0 may be divided by
a factor of u whose strict sign is established on the region (flipping R for a negative
one): the same set; a product of factors of known weak sign (>= 0 or <= 0) decides u < 0
and u >= 0 at once. A relation linear in a variable v with a coefficient c of strict sign
is v R' e (e free of v): a bound; a lower bound L and an upper bound U of one variable
with U - L < 0 (or = 0 with one strict) are contradictory, and so are v = e and v != e;
U - L is negative when it is a negative multiple of w - f for a strict bound w > f.
Every other condition is kept as it is (and tried again when the region narrows): it holds
in the region, but never empties it.
So a region is declared empty only when it is, and a region that is not declared empty
may still be (which only costs a proof).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace

import sympy as sp

from verifier.prover.constants import constant_sign

__all__ = ["Bound", "Region", "fixed_values"]

_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}
_MAX_COMPONENTS = 16


@dataclass(frozen=True)
class Bound:
    """variable op end, with ``end`` free of the variable: op is one of > >= < <= == !=."""

    variable: sp.Symbol
    op: str
    end: sp.Expr

    @property
    def relation(self) -> sp.Basic:
        return sp.Rel(self.variable, self.end, self.op)


@dataclass(frozen=True)
class Region:
    """Exact sets of single variables, bounds with symbolic ends, and other conditions (kept, unused)."""

    sets: tuple[tuple[sp.Symbol, sp.Set], ...] = ()
    bounds: tuple[Bound, ...] = ()
    others: tuple[sp.Basic, ...] = ()

    @staticmethod
    def over(domains: dict[sp.Symbol, sp.Set]) -> Region:
        return Region(sets=tuple(sorted(domains.items(), key=lambda item: sp.default_sort_key(item[0]))))

    def set_of(self, variable: sp.Symbol) -> sp.Set:
        for symbol, values in self.sets:
            if symbol == variable:
                return values
        if variable.is_positive:
            return sp.Interval.open(0, sp.oo)
        if variable.is_nonnegative:
            return sp.Interval(0, sp.oo)
        return sp.S.Reals

    def _with_set(self, variable: sp.Symbol, values: sp.Set) -> Region:
        sets = (*tuple((s, v) for s, v in self.sets if s != variable), (variable, values))
        return replace(self, sets=sets)

    # -- conditions -------------------------------------------------------------------------

    def with_condition(self, condition: sp.Basic) -> Region | None:
        """The region with the condition added; None when that is contradictory (exactly).

        The conditions kept unused are tried again once the sets or bounds have narrowed.
        """
        region = self._added(condition)
        if region is None or (region.sets, region.bounds) == (self.sets, self.bounds):
            return region
        points = {
            variable: next(iter(values))
            for variable, values in region.sets
            if isinstance(values, sp.FiniteSet) and len(values) == 1
        }
        settled = [b for b in region.bounds if points and b.relation.has(*points)]
        if not region.others and not settled:
            return region
        # (a bound that mentions a fixed variable becomes a condition on fewer variables)
        pending = (*region.others, *(fixed_values(b.relation, points) for b in settled))
        region = replace(region, others=(), bounds=tuple(b for b in region.bounds if b not in settled))
        for other in pending:
            if region is None:
                return None
            region = region._added(other)
        return region

    def _added(self, condition: sp.Basic) -> Region | None:
        condition = sp.sympify(condition)
        if isinstance(condition, sp.Not):
            condition = sp.to_nnf(condition)
        if condition is sp.true:
            return self
        if condition is sp.false:
            return None
        if isinstance(condition, sp.And):
            region: Region | None = self
            for part in condition.args:
                region = region._added(part) if region is not None else None
            return region
        points = self.points()
        if points and condition.has(*points):
            condition = fixed_values(condition, points)
            if condition in (sp.true, sp.false):
                return self if condition is sp.true else None
        if isinstance(condition, sp.core.relational.Relational):
            condition = self._normalised(condition)
            if condition in (sp.true, sp.false):
                return self if condition is sp.true else None
        free = condition.free_symbols
        if not free and isinstance(condition, sp.core.relational.Relational):
            return self._constant(condition)
        if len(free) == 1:
            (variable,) = free
            solved = self._solved(condition, variable)
            if solved is not None:
                values = sp.Intersection(self.set_of(variable), solved)
                if values.is_empty is True:
                    return None
                region = self._with_set(variable, values)
                return region if region._consistent(variable) else None
        if isinstance(condition, sp.core.relational.Relational):
            bounds = self._bounds(condition)
            if bounds:
                region = replace(self, bounds=(*self.bounds, *bounds))
                return region if all(region._consistent(b.variable) for b in bounds) else None
        return replace(self, others=(*self.others, condition))

    def _constant(self, condition: sp.Basic) -> Region | None:
        sign = constant_sign(condition.lhs - condition.rhs)
        if sign is None:
            return replace(self, others=(*self.others, condition))
        holds = sp.Rel(sp.Integer(sign), 0, condition.rel_op)
        return self if holds is sp.true else None

    @staticmethod
    def _solved(condition: sp.Basic, variable: sp.Symbol) -> sp.Set | None:
        if not variable.is_real:
            return None
        try:
            solved = condition.as_set()
        except Exception:  # noqa: BLE001  (SymPy's solver refuses in many ways: the condition is kept)
            return None
        if solved.has(sp.ConditionSet) or not isinstance(solved, sp.Set):
            return None
        return solved

    def _normalised(self, condition: sp.Basic) -> sp.Basic:
        """u R 0 with the factors of u of established strict sign divided out (R flipped for negative ones)."""
        op = condition.rel_op
        difference = sp.together(condition.lhs - condition.rhs)
        numerator, denominator = sp.fraction(difference)
        sign = 1
        kept: list[sp.Expr] = []
        try:
            for part, is_numerator in ((numerator, True), (denominator, False)):
                coefficient, factors = sp.factor_list(part)
                sign *= int(sp.sign(coefficient))
                for factor, multiplicity in factors:
                    factor_sign = self.strict_sign(factor)
                    if factor_sign is None:
                        if not is_numerator:
                            return condition  # a denominator of unknown sign: left as it is
                        kept.append(factor**multiplicity)
                    else:
                        sign *= factor_sign**multiplicity
        except (sp.PolynomialError, sp.CoercionFailed, NotImplementedError):
            return condition
        if sign == 0:
            return condition
        if sign < 0:
            op = _FLIPPED[op]
        weak = self._weak_sign(kept)
        if weak is not None:
            # A product of factors of known weak sign: u < 0 is false where u >= 0, and so on.
            if (op == "<" and weak > 0) or (op == ">" and weak < 0):
                return sp.false
            if (op == ">=" and weak > 0) or (op == "<=" and weak < 0):
                return sp.true
        return sp.Rel(sp.Mul(*kept), 0, op)

    def _weak_sign(self, factors: list[sp.Expr]) -> int | None:
        """1 if the product is >= 0 on the region, -1 if <= 0, None when not established."""
        sign = 1
        for factor in factors:
            base, exponent = factor.as_base_exp()
            if exponent.is_Integer and exponent % 2 == 0:
                continue
            if base.is_nonnegative:
                continue
            if base.is_nonpositive:
                sign = -sign
                continue
            if len(base.free_symbols) != 1:
                return None
            (variable,) = base.free_symbols
            values = self.set_of(variable)
            for weak, relation in ((1, base >= 0), (-1, base <= 0)):
                solved = self._solved(relation, variable)
                if solved is not None and values.is_subset(solved) is True:
                    sign *= weak
                    break
            else:
                return None
        return sign

    def strict_sign(self, expression: sp.Expr) -> int | None:
        """1 or -1 when the expression is > 0 (< 0) at every point of the region; None when not established."""
        if expression.is_positive:
            return 1
        if expression.is_negative:
            return -1
        if not expression.free_symbols:
            sign = constant_sign(expression)
            return sign if sign in (1, -1) else None
        if len(expression.free_symbols) != 1:
            return self._sign_from_bounds(expression)
        (variable,) = expression.free_symbols
        values = self.set_of(variable)
        for sign, relation in ((1, expression > 0), (-1, expression < 0)):
            solved = self._solved(relation, variable)
            if solved is not None and values.is_subset(solved) is True:
                return sign
        return None

    def _sign_from_bounds(self, expression: sp.Expr) -> int | None:
        """The sign of r (v - e) for a strict bound v > e or v < e of the region and a rational r != 0."""
        for bound in self.bounds:
            if bound.op in (">", "<"):
                ratio = sp.cancel(expression / (bound.variable - bound.end))
                if ratio.is_Rational and ratio != 0:
                    return (1 if ratio > 0 else -1) * (1 if bound.op == ">" else -1)
        return None

    def _bounds(self, condition: sp.Basic) -> list[Bound]:
        """The relation as a bound on each variable it is linear in with a coefficient of strict sign."""
        difference = sp.expand(condition.lhs - condition.rhs)
        found = []
        for variable in sorted((s for s in difference.free_symbols if s.is_real), key=sp.default_sort_key):
            coefficient = difference.coeff(variable, 1)
            rest = sp.expand(difference - coefficient * variable)
            if coefficient == 0 or coefficient.has(variable) or rest.has(variable):
                continue
            sign = self.strict_sign(coefficient)
            if sign is None:
                continue
            op = condition.rel_op if sign > 0 else _FLIPPED[condition.rel_op]
            found.append(Bound(variable, op, sp.cancel(-rest / coefficient)))
        return found

    def _consistent(self, variable: sp.Symbol) -> bool:
        """False when two bounds of the variable are contradictory (exactly); True otherwise."""
        lowers: list[tuple[sp.Expr, bool]] = []
        uppers: list[tuple[sp.Expr, bool]] = []
        values = self.set_of(variable)
        if values.inf.is_finite:
            lowers.append((values.inf, isinstance(values, sp.Interval) and bool(values.left_open)))
        if values.sup.is_finite:
            uppers.append((values.sup, isinstance(values, sp.Interval) and bool(values.right_open)))
        equal = [b.end for b in self.bounds if b.variable == variable and b.op == "=="]
        excluded = [b.end for b in self.bounds if b.variable == variable and b.op == "!="]
        for b in self.bounds:
            if b.variable != variable:
                continue
            if b.op in (">", ">=", "=="):
                lowers.append((b.end, b.op == ">"))
            if b.op in ("<", "<=", "=="):
                uppers.append((b.end, b.op == "<"))
        for (low, low_strict), (high, high_strict) in itertools.product(lowers, uppers):
            gap = sp.expand(high - low)
            if gap == 0:
                if low_strict or high_strict:
                    return False
            elif self.strict_sign(gap) == -1:
                return False
        if any(sp.expand(e - n) == 0 for e in equal for n in excluded):
            return False
        return self._points_consistent()

    def _points_consistent(self) -> bool:
        """False when a bound, with the variables the region fixes replaced by their values, fails."""
        points = self.points()
        if not points:
            return True
        for b in self.bounds:
            if not b.relation.has(*points):
                continue
            relation = fixed_values(b.relation, points)
            if relation is sp.false:
                return False
            if relation is sp.true or not isinstance(relation, sp.core.relational.Relational):
                continue
            free = relation.free_symbols
            if not free:
                sign = constant_sign(relation.lhs - relation.rhs)
                if sign is not None and sp.Rel(sp.Integer(sign), 0, relation.rel_op) is sp.false:
                    return False
            elif len(free) == 1:
                (variable,) = free
                solved = self._solved(relation, variable)
                if solved is not None and sp.Intersection(self.set_of(variable), solved).is_empty is True:
                    return False
        return True

    # -- what a case may use ----------------------------------------------------------------

    def relations(self) -> tuple[sp.Basic, ...]:
        """The region's conditions as relations: interval ends, bounds, the others."""
        found: list[sp.Basic] = []
        for variable, values in self.sets:
            if isinstance(values, sp.Interval):
                if values.inf.is_finite:
                    found.append(variable > values.inf if values.left_open else variable >= values.inf)
                if values.sup.is_finite:
                    found.append(variable < values.sup if values.right_open else variable <= values.sup)
            elif isinstance(values, sp.FiniteSet) and len(values) == 1:
                found.append(sp.Eq(variable, next(iter(values))))
        found += [b.relation for b in self.bounds]
        found += list(self.others)
        return tuple(r for r in found if r is not sp.true)

    def components(self) -> Iterator[Region] | None:
        """The region cut into pieces where each variable's set is an interval or a point; None: too many."""
        choices: list[list[tuple[sp.Symbol, sp.Set]]] = []
        for variable, values in self.sets:
            pieces = list(values.args) if isinstance(values, sp.Union) else [values]
            split: list[sp.Set] = []
            for piece in pieces:
                if isinstance(piece, sp.FiniteSet):
                    split += [sp.FiniteSet(point) for point in piece]
                elif isinstance(piece, sp.Interval):
                    split.append(piece)
                else:
                    return None
            choices.append([(variable, piece) for piece in split])
        if any(len(c) == 0 for c in choices):
            return iter(())
        count = 1
        for c in choices:
            count *= len(c)
        if count > _MAX_COMPONENTS:
            return None
        return (replace(self, sets=tuple(chosen)) for chosen in itertools.product(*choices))

    def points(self) -> dict[sp.Symbol, sp.Expr]:
        """The variables the region fixes to one value: a one-point set, v = e, or v >= e and v <= e."""
        fixed: dict[sp.Symbol, sp.Expr] = {}
        for variable, values in self.sets:
            if isinstance(values, sp.FiniteSet) and len(values) == 1:
                fixed[variable] = next(iter(values))
        equal = [(b.variable, b.end) for b in self.bounds if b.op == "=="]
        equal += [
            (low.variable, low.end)
            for low in self.bounds
            for high in self.bounds
            if low.op == ">=" and high.op == "<=" and high.variable == low.variable
            and sp.expand(high.end - low.end) == 0
        ]  # fmt: skip
        for variable, end in equal:
            # (never a value that uses a fixed variable, nor one fixed variable in terms of another)
            if variable not in fixed and not end.has(*fixed) and not any(v.has(variable) for v in fixed.values()):
                fixed[variable] = end
        return fixed


def fixed_values(expression: sp.Basic, points: dict[sp.Symbol, sp.Expr]) -> sp.Basic:
    """The variables a region fixes replaced by their values (values may use each other)."""
    for _ in range(len(points) + 1):
        replaced = expression.xreplace(points)
        if replaced == expression:
            break
        expression = replaced
    return expression
