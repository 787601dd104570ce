"""Max and Min removed by case splits, each case an exact reparametrisation.

Lemma: for Max(a_1, ..., a_n), the cases "a_i is the largest" cover every point, and in
case i every other a_j equals a_i - q_j with q_j >= 0, so Max = a_i; Min likewise with
+ q_j. For Max(a, b) with a - b = c v + rest (c a non-zero real number, rest free of a
real variable v), the cases a - b = q and a - b = -q (q >= 0), solved for v, cover every
point. Replacing a variable by such a form covers every point of the case, and more when
the variable had a narrower domain: only a strengthening. Every slack q is a fresh
``Dummy``, so nested splits never share one. An expression with the sign in every case has
it everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from verifier.language.printing import to_text

__all__ = ["by_extreme_cases"]

# How each case's sign is established: (expression, relation, depth) -> how, or None.
SignTactic = Callable[[sp.Basic, type, int], str | None]


def by_extreme_cases(expression: sp.Basic, relation: type, depth: int, has_sign: SignTactic) -> str | None:
    """Max(a_1, ..., a_n): in case i, a_i is the largest and every other a_j = a_i - q_j, q_j >= 0.

    The cases cover every point, and each is an exact reparametrisation; Min likewise.
    Only arguments that are plain symbols are split on.
    """
    extremes = sorted(expression.atoms(sp.Max, sp.Min), key=sp.default_sort_key)
    if not extremes:
        return None
    extreme = extremes[0]
    arguments = extreme.args
    if len(arguments) == 2 and not all(a.is_Symbol for a in arguments):
        return _by_two_cases(expression, extreme, relation, depth, has_sign)
    if not all(a.is_Symbol for a in arguments) or len(arguments) > 6:
        return None
    direction = -1 if isinstance(extreme, sp.Max) else 1
    for i, chosen in enumerate(arguments):
        # Fresh slacks for every case and every depth: a nested split never reuses one.
        offsets = {
            other: chosen + direction * sp.Dummy(f"q{j}", nonnegative=True)
            for j, other in enumerate(arguments)
            if j != i
        }
        case = expression.xreplace({extreme: chosen}).xreplace(offsets)
        if has_sign(case, relation, depth + 1) is None:
            return None
    kind = "largest" if isinstance(extreme, sp.Max) else "smallest"
    return f"splitting on which argument of {extreme.func} is the {kind}, each case has the sign"


def _by_two_cases(
    expression: sp.Basic, extreme: sp.Basic, relation: type, depth: int, has_sign: SignTactic
) -> str | None:
    """Max(a, b) is a where a - b = q >= 0 and b where a - b = -q <= 0; solve a - b = ±q for a
    symbol it is linear in, so each case is an exact reparametrisation."""
    first, second = extreme.args
    difference = sp.expand(first - second)
    variable = next(
        (s for s in sorted(difference.free_symbols, key=sp.default_sort_key) if _linear_in(difference, s)), None
    )
    if variable is None:
        return None
    q = sp.Dummy(f"q_{variable}", nonnegative=True)
    coefficient = difference.coeff(variable)
    rest = sp.expand(difference - coefficient * variable)
    larger_first = isinstance(extreme, sp.Max)
    for value, sign in ((first, 1), (second, -1)):
        chosen = value if larger_first else (second if value is first else first)
        solved = (sign * q - rest) / coefficient
        case = expression.xreplace({extreme: chosen}).xreplace({variable: solved})
        if has_sign(sp.expand(case), relation, depth + 1) is None:
            return None
    return f"splitting {to_text(extreme)} on the sign of {to_text(difference)}, each case has the sign"


def _linear_in(difference: sp.Expr, variable: sp.Symbol) -> bool:
    """difference = c v + rest with c a non-zero real number and rest free of v."""
    if not variable.is_real:
        return False
    coefficient = difference.coeff(variable)
    if not (coefficient.is_number and coefficient.is_real and coefficient != 0):
        return False
    return not sp.expand(difference - coefficient * variable).has(variable)
