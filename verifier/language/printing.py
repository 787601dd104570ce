"""Expressions as text in the claim-file syntax (``diff``, ``subs``), and as LaTeX.

What the report prints can be pasted back into a claim file: derivatives print as
``diff(f, z[k])`` rather than SymPy's ``Derivative(f, z[k])``.
"""

from __future__ import annotations

import functools

import sympy as sp
from sympy.printing.str import StrPrinter

__all__ = ["latex_text", "to_latex", "to_text"]


class _ClaimPrinter(StrPrinter):
    def _print_Derivative(self, expr: sp.Derivative) -> str:
        variables = []
        for variable, count in expr.variable_count:
            variables += [self._print(variable)] * int(count)
        return f"diff({self._print(expr.expr)}, {', '.join(variables)})"

    def _print_Subs(self, expr: sp.Subs) -> str:
        (variable,), (value,) = expr.variables, expr.point
        return f"subs({self._print(expr.expr)}, {self._print(variable)}, {self._print(value)})"

    def _print_Dummy(self, expr: sp.Dummy) -> str:
        # A vocabulary function's own summation index: primed, so that it never reads
        # like (or captures) the user's index of the same name.
        return f"{expr.name}'"


# Text set in math mode (notebooks render _repr_latex_ with MathJax or KaTeX, whose text
# mode takes no escapes): each character either plain or as a math-mode command.
_MATH_TEXT = {
    " ": "\\ ", "_": "\\_", "{": "\\{", "}": "\\}", "#": "\\#", "$": "\\$", "%": "\\%", "&": "\\&",
    "\\": "\\backslash{}", "^": "\\hat{}", "~": "\\sim{}", "-": "\\text{-}",
}  # fmt: skip
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;()[]/=+<>*'|!?@")


def latex_text(value: str) -> str:
    """``value`` as upright text in LaTeX math mode, every special character escaped (others dropped)."""
    characters = "".join(c if c in _PLAIN else _MATH_TEXT.get(c, "") for c in value)
    return f"\\mathrm{{{characters}}}"


_PRINTERS = {True: _ClaimPrinter({"order": None}), False: _ClaimPrinter({"order": "none"})}


@functools.lru_cache(maxsize=2048)
def to_text(expression: sp.Basic, *, ordered: bool = True) -> str:
    """The expression in claim-file syntax (cached: proofs repeat their forms).

    ``ordered=False`` keeps SymPy's internal order of terms instead of sorting them
    (as for polynomials, by degree): several times faster, for the many forms a proof
    goes through.
    """
    return _PRINTERS[ordered].doprint(expression)


@functools.lru_cache(maxsize=2048)
def to_latex(expression: sp.Basic, *, ordered: bool = True) -> str:
    """The expression as LaTeX (math mode content); ``ordered`` as for ``to_text``."""
    return sp.latex(expression) if ordered else sp.latex(expression, order="none")
