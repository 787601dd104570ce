"""Did-you-mean: the claim-file spelling a user most likely meant by a name that is not one.

Common spellings from other notations (``ln``, ``sum``, NumPy's ``np.exp``) map to the
claim language's own names; anything else is matched to the nearest allowed name
(``difflib``), so ``sigmiod`` suggests ``sigmoid``. A suggestion is only a hint in an
error message: nothing is ever rewritten silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

__all__ = ["MODULE_PREFIXES", "nearest", "nearest_function"]

ALIASES: dict[str, str] = {
    "ln": "log",
    "sum": "Sum",
    "max": "Max",
    "min": "Min",
    "abs": "Abs",
    "sigma": "sigmoid",
    "logistic": "sigmoid",
    "expit": "sigmoid",
    "delta": "KroneckerDelta",
    "kronecker": "KroneckerDelta",
    "Derivative": "diff",
    "derivative": "diff",
    "grad": "diff",
    "step": "Heaviside",
    "clip": "clamp",
    "sgn": "sign",
    "signum": "sign",
    "lse": "logsumexp",
    "log_sum_exp": "logsumexp",
    "exponential": "exp",
}
"""Names from mathematics, NumPy or PyTorch, and the claim language's name for them."""

MODULE_PREFIXES = ("np", "numpy", "math", "torch", "F", "sp", "sympy", "jnp", "jax", "scipy", "special", "tf", "nn")
"""Modules whose functions users write with a prefix (``np.exp``): the claim language has none."""


def nearest_function(name: str, functions: Collection[str]) -> str | None:
    """The allowed function ``name`` most likely means: an alias, the same name in other case, or the nearest."""
    if name in ALIASES and ALIASES[name] in functions:
        return ALIASES[name]
    return nearest(name, functions)


def nearest(name: str, names: Collection[str]) -> str | None:
    """The name among ``names`` closest to ``name`` (ignoring case first), or None if none is close."""
    same_case = [candidate for candidate in names if candidate.lower() == name.lower()]
    if same_case:
        return same_case[0]
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.7)
    return close[0] if close else None
