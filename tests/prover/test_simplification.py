"""Simplification refused where SymPy would build a huge power."""

from __future__ import annotations

import sympy as sp

from verifier.prover.simplification import simplified

p = sp.Symbol("p", positive=True)
K = sp.Symbol("K", positive=True, integer=True)


def test_a_tiny_constant_beside_logarithms_is_not_simplified() -> None:
    """p (-2 log K - log p - 1e-9): simplify would expand K**2000000000 - 1 (memory exhausted)."""
    assert simplified(-2 * sp.log(K) * p - sp.log(p) * p - p / 10**9) is None


def test_ordinary_expressions_are_simplified() -> None:
    """Without logarithms, or with small constants, simplify runs as usual."""
    assert simplified(sp.sin(p) ** 2 + sp.cos(p) ** 2 - 1) == 0
    assert simplified(p / 10**9 - p / 10**9) == 0
    assert simplified(sp.log(p) / 3 - sp.log(p) / 3) == 0


def test_switched_off_within_the_block() -> None:
    """Inside without_simplify nothing is simplified; outside, as before."""
    from verifier.prover.simplification import without_simplify

    with without_simplify():
        assert simplified(sp.sin(p) ** 2 + sp.cos(p) ** 2 - 1) is None
    assert simplified(sp.sin(p) ** 2 + sp.cos(p) ** 2 - 1) == 0
