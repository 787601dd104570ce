"""Expressions print in claim-file syntax."""

from __future__ import annotations

import sympy as sp

from verifier import Variables, diff, softmax, subs
from verifier.language.printing import to_latex, to_text


def test_derivatives_print_as_diff() -> None:
    """A derivative prints as diff(f, z[k]), which a claim file can read back."""
    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    j, k = v.index("j", K), v.index("k", K)
    assert to_text(diff(softmax(z, j), z[k])) == "diff(softmax(z, j), z[k])"
    x = v.scalar("x")
    assert to_text(diff(x**3, x, x)) == "diff(x**3, x, x)"
    assert to_text(subs(x**2, x, 1)) == "subs(x**2, x, 1)"


def test_latex_of_softmax() -> None:
    """softmax prints as an operator with the index as a subscript."""
    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    assert to_latex(softmax(z, v.index("j", K))) == r"\operatorname{softmax}(z)_{j}"
    assert "sigma" not in to_latex(sp.Symbol("x"))
