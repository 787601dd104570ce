"""High-precision evaluation at an exact point: what makes a counterexample a counterexample.

A float64 disagreement is only a suspicion. Here both sides are evaluated at the same
exact rational point, derivatives taken symbolically, at ``DIGITS`` significant digits
(SymPy ``evalf``, which tracks its own accuracy). A relation counts as violated only by
a margin far above that precision, or, at a tie, when the exact difference is zero.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from verifier.verdicts import DIGITS

__all__ = ["DIGITS", "ExactComparison", "compare_exactly"]

# A difference counts only above this many digits below the sides' magnitude.
MARGIN_DIGITS = 40


@dataclass(frozen=True, kw_only=True)
class ExactComparison:
    """Both sides at one point, and whether the relation is violated there.

    ``violated`` is True (confirmed), False (holds at this point), or None (too close
    to call at this precision).
    """

    lhs: sp.Float
    rhs: sp.Float
    violated: bool | None


def exact_form(expression: sp.Basic) -> sp.Basic:
    """Evaluate derivatives and substitutions symbolically, so that evalf can run.

    A derivative of a function with kinks (Abs, Max, Min, Heaviside, sign, Piecewise)
    does not exist at a kink, where SymPy's formula still gives a value (Heaviside(0) =
    1/2): there it is undefined (nan), so no counterexample is ever confirmed at a point
    where the claim says nothing (docs/claim-files.md).
    """
    if not expression.has(sp.Derivative, sp.Subs):
        return expression
    try:
        guarded = expression.replace(lambda e: isinstance(e, sp.Derivative), _derivative_off_kinks)
        return guarded.doit(deep=True)
    except (TypeError, ValueError):
        # A derivative inside a Piecewise condition cannot carry the guard (a relation of
        # nan): there no point is ever confirmed.
        return sp.nan


_KINKED = (sp.Abs, sp.Heaviside, sp.sign, sp.Max, sp.Min, sp.Piecewise)


def _derivative_off_kinks(derivative: sp.Derivative) -> sp.Basic:
    """The derivative where every kink of the differentiated function is away from 0, else nan."""
    kinks = _kinks(derivative.expr)
    if not kinks:
        return derivative
    return sp.Piecewise((derivative, sp.And(*[sp.Ne(k, 0) for k in kinks])), (sp.nan, True))


def _kinks(expression: sp.Basic) -> list[sp.Basic]:
    """Expressions that are 0 where a function in ``expression`` may have no derivative."""
    found: list[sp.Basic] = []
    for node in sp.preorder_traversal(expression):
        if isinstance(node, sp.Abs | sp.Heaviside | sp.sign):
            found.append(node.args[0])
        elif isinstance(node, sp.Max | sp.Min):
            found += [a - b for a, b in itertools.combinations(node.args, 2)]
        elif isinstance(node, sp.Piecewise):
            for _, condition in node.args:
                found += [r.lhs - r.rhs for r in condition.atoms(sp.core.relational.Relational)]
    return [k for k in dict.fromkeys(found) if not k.is_number]


def compare_exactly(
    relation: type,
    lhs: sp.Basic,
    rhs: sp.Basic,
    point: dict[sp.Symbol, Fraction],
    tolerance: sp.Rational | None = None,
) -> ExactComparison:
    """Decide ``lhs relation rhs`` at ``point`` at ``DIGITS`` digits."""
    at = {symbol: sp.Rational(value.numerator, value.denominator) for symbol, value in point.items()}
    try:
        left_exact = lhs.xreplace(at)
        right_exact = rhs.xreplace(at)
        left = sp.N(left_exact, DIGITS)
        right = sp.N(right_exact, DIGITS)
    except (TypeError, ValueError, ZeroDivisionError):
        # A Piecewise condition that compares a non-real value (sqrt(x) > 0 at x < 0), and
        # the like: no value at this point, nothing to confirm.
        return ExactComparison(lhs=sp.nan, rhs=sp.nan, violated=None)
    if not (left.is_number and right.is_number and left.is_finite and right.is_finite):
        return ExactComparison(lhs=left, rhs=right, violated=None)
    if not (left.is_real and right.is_real):
        # Outside the reals only equality means anything: two different complex values differ.
        if relation is not sp.Equality or tolerance is not None:
            return ExactComparison(lhs=left, rhs=right, violated=None)
        gap = abs(sp.N(left - right, DIGITS))
        bound = max(abs(left), abs(right), sp.Integer(1)) * sp.Float(10, DIGITS) ** (-MARGIN_DIGITS)
        return ExactComparison(lhs=left, rhs=right, violated=True if gap > bound else None)
    difference = left - right
    scale = max(abs(left), abs(right), sp.Integer(1))
    margin = scale * sp.Float(10, DIGITS) ** (-MARGIN_DIGITS)
    if tolerance is not None:
        excess = abs(difference) - tolerance
        violated: bool | None = True if excess > margin else False if excess < -margin else None
        return ExactComparison(lhs=left, rhs=right, violated=violated)
    if abs(difference) <= margin:
        # A tie to 40 digits: it satisfies ==, <= and >=. Only a strict relation
        # needs to know whether it is an exact tie, which violates it.
        if relation not in (sp.StrictLessThan, sp.StrictGreaterThan):
            return ExactComparison(lhs=left, rhs=right, violated=False)
        tie = _exactly_zero(left_exact - right_exact)
        return ExactComparison(lhs=left, rhs=right, violated=True if tie else None)
    holds = {
        sp.Equality: False,
        sp.StrictLessThan: difference < 0,
        sp.LessThan: difference < 0,
        sp.StrictGreaterThan: difference > 0,
        sp.GreaterThan: difference > 0,
    }[relation]
    return ExactComparison(lhs=left, rhs=right, violated=not bool(holds))


def _exactly_zero(difference: sp.Basic) -> bool | None:
    """Whether an exact constant is zero: True, False, or None when SymPy cannot tell."""
    try:
        simplified = sp.simplify(difference)
    except (TypeError, ValueError, RecursionError):
        return None
    if simplified == 0:
        return True
    return False if simplified.is_zero is False else None
