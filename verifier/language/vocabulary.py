"""The language claims are written in: the same names as the claim-file grammar.

Declarations (``Variables``, ``Domain``), the vocabulary functions (``softmax``,
``sigmoid``, ...), the SymPy primitives the grammar allows, and relations that never
evaluate on construction (``Eq(a, b)`` stays a statement even when SymPy could decide
it, so the verifier, not the constructor, decides it).

Version 2 in Python, as in claim files::

    v = Variables()
    K = v.size("K")
    z, t = v.vector("z", K), v.vector("t", K, Domain.SIMPLEX)
    i, j = v.index("i", K), v.index("j", K)
    T = v.scalar("T", Domain.POSITIVE)
    m = summation_index("m")
    a = v.define_vector("a", i, softmax(z / T, i))        # a[j]; softmax(a, j) takes it whole
    L = v.define("L", -Sum(t[m] * log(a[m]), (m, 1, K)))
    claim(v, id="tempered", statement=Eq(diff(L, z[j]), (a[j] - t[j]) / T))

``softmax`` and ``logsumexp`` take ``z / T`` (vectors unindexed) as an entrywise vector;
``vmax(z)`` and ``vmin(z)`` are the claim files' ``Max(z)`` and ``Min(z)`` (SymPy's
``Max(z, 0)`` stays the scalar maximum).
"""

from __future__ import annotations

import sympy as sp
from sympy import (
    Abs,
    E,
    Heaviside,
    KroneckerDelta,
    Max,
    Min,
    Piecewise,
    Rational,
    Sum,
    cosh,
    erf,
    exp,
    log,
    pi,
    sign,
    sinh,
    sqrt,
    tanh,
)

from verifier.language.declarations import Variables, summation_index
from verifier.language.domains import Domain
from verifier.language.functions import (
    clamp,
    diff,
    expm1,
    log1p,
    logsumexp,
    relu,
    sigmoid,
    softmax,
    softplus,
    subs,
    vmax,
    vmin,
)

__all__ = [
    "Abs",
    "Domain",
    "E",
    "Eq",
    "Ge",
    "Gt",
    "Heaviside",
    "KroneckerDelta",
    "Le",
    "Lt",
    "Max",
    "Min",
    "Ne",
    "Piecewise",
    "Rational",
    "Sum",
    "Variables",
    "clamp",
    "cosh",
    "diff",
    "erf",
    "exp",
    "expm1",
    "log",
    "log1p",
    "logsumexp",
    "pi",
    "relu",
    "sigmoid",
    "sign",
    "sinh",
    "softmax",
    "softplus",
    "sqrt",
    "subs",
    "summation_index",
    "tanh",
    "vector",
    "vmax",
    "vmin",
]


def Eq(lhs: object, rhs: object) -> sp.Equality:
    """The statement lhs == rhs, unevaluated."""
    return sp.Eq(lhs, rhs, evaluate=False)


def Ne(lhs: object, rhs: object) -> sp.Unequality:
    """The hypothesis lhs != rhs, unevaluated."""
    return sp.Ne(lhs, rhs, evaluate=False)


def Lt(lhs: object, rhs: object) -> sp.StrictLessThan:
    """lhs < rhs, unevaluated."""
    return sp.Lt(lhs, rhs, evaluate=False)


def Le(lhs: object, rhs: object) -> sp.LessThan:
    """lhs <= rhs, unevaluated."""
    return sp.Le(lhs, rhs, evaluate=False)


def Gt(lhs: object, rhs: object) -> sp.StrictGreaterThan:
    """lhs > rhs, unevaluated."""
    return sp.Gt(lhs, rhs, evaluate=False)


def Ge(lhs: object, rhs: object) -> sp.GreaterThan:
    """lhs >= rhs, unevaluated."""
    return sp.Ge(lhs, rhs, evaluate=False)


def vector(*entries: object) -> sp.Tuple:
    """A vector literal, for ``softmax(vector(2, 3, 4), 1)``."""
    return sp.Tuple(*[sp.sympify(e) for e in entries])
