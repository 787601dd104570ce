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
from sympy.core.evalf import PrecisionExhausted
from sympy.logic.boolalg import BooleanFunction

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
        left_exact = _substitute(lhs, at)
        right_exact = _substitute(rhs, at)
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
        # A tie to 40 digits of the sides (or of 1, for sides smaller than 1): it
        # satisfies ==. An inequality asks more: the difference itself, evaluated to 50
        # significant digits, may still show a sign (1 - exp(-700) against 1 - 1e-300);
        # where it cannot, the tie satisfies <= and >=, and a strict relation needs to
        # know whether it is exact.
        sign = None if relation is sp.Equality else _certified_sign(left_exact - right_exact)
        if sign is not None:
            difference = sp.Integer(sign)
        elif relation not in (sp.StrictLessThan, sp.StrictGreaterThan):
            return ExactComparison(lhs=left, rhs=right, violated=False)
        else:
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


_DECIDED_NOW = (sp.Heaviside, sp.DiracDelta, sp.KroneckerDelta, sp.core.relational.Relational, BooleanFunction)


def _substitute(expression: sp.Basic, at: dict[sp.Symbol, sp.Rational]) -> sp.Basic:
    """The expression at an exact point, its arithmetic left for evalf.

    Evaluated on substitution, a power of two rationals makes SymPy search exact roots of
    huge integers (seconds for (p/2**100)**(q/2**50)); evalf needs none of that. Steps
    and conditions (Heaviside, Piecewise, Kronecker deltas, relations) are decided first,
    with ordinary evaluation, since evalf does not decide them (and a Piecewise whose
    conditions are left unevaluated makes SymPy recurse without end).
    """
    decided = expression.replace(lambda e: isinstance(e, _DECIDED_NOW), lambda e: e.xreplace(at))
    decided = decided.replace(lambda e: isinstance(e, sp.Piecewise), lambda e: _piece(e, at))
    with sp.evaluate(False):
        substituted: sp.Basic = decided.xreplace(at)
    return substituted


def _piece(piecewise: sp.Piecewise, at: dict[sp.Symbol, sp.Rational]) -> sp.Basic:
    """The value of the first piece whose condition holds at the point."""
    for value, condition in piecewise.args:
        held = sp.sympify(condition).xreplace(at)
        if held is sp.true:
            return value
        if held is not sp.false:
            raise ValueError(f"cannot decide the condition {condition} at the point")
    raise ValueError("no piece of a Piecewise holds at the point")


# Working precision evalf may reach to certify the sign of a tiny difference (digits):
# sides exp(-1000) apart need 435; an exact zero costs the climb to this precision.
MAX_WORKING_DIGITS = 500


def _certified_sign(difference: sp.Basic) -> int | None:
    """The sign of an exact constant, where evalf certifies 50 significant digits of it
    (None for a zero, or a value too close to zero to certify)."""
    try:
        value = difference.evalf(DIGITS, strict=True, maxn=MAX_WORKING_DIGITS)
    except (PrecisionExhausted, TypeError, ValueError, ArithmeticError, RecursionError):
        return None
    if not (value.is_Float and value.is_comparable) or value == 0:
        return None
    return 1 if value > 0 else -1


# simplify is the last resort for an exact tie, and can take minutes on a large form.
MAX_SIMPLIFY_OPERATIONS = 40


def _exactly_zero(difference: sp.Basic) -> bool | None:
    """Whether an exact constant is zero: True, False, or None when SymPy cannot tell."""
    if sp.count_ops(difference) > MAX_SIMPLIFY_OPERATIONS:
        return None
    try:
        simplified = sp.simplify(difference)
    except (TypeError, ValueError, RecursionError):
        return None
    if simplified == 0:
        return True
    return False if simplified.is_zero is False else None
