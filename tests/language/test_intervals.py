"""Where a scalar ranges, from its domain and the bounds among the assumptions."""

from __future__ import annotations

import sympy as sp

from verifier import Domain, Gt, Le, Lt, Ne, Variables
from verifier.language.intervals import scalar_interval


def test_domain_and_bounds_combine() -> None:
    """A positive x with x > 2 and x <= 5 ranges over (2, 5]."""
    v = Variables()
    x = v.scalar("x", Domain.POSITIVE)
    interval = scalar_interval(v["x"], [Gt(x, 2), Le(x, 5), Ne(x, 3)])
    assert interval is not None
    assert (interval.low, interval.high, interval.low_closed, interval.high_closed) == (2, 5, False, True)
    assert interval.describe("x") == "x in (2, 5]"


def test_unit_domain_and_tighter_bound() -> None:
    """A unit u with u < 1/2 ranges over (0, 1/2)."""
    v = Variables()
    u = v.scalar("u", Domain.UNIT)
    interval = scalar_interval(v["u"], [Lt(u, sp.Rational(1, 2))])
    assert interval is not None and (interval.low, interval.high) == (0, sp.Rational(1, 2))


def test_binary_scalars_have_no_interval() -> None:
    """A binary scalar is not an interval of reals."""
    v = Variables()
    v.scalar("b", Domain.BINARY)
    assert scalar_interval(v["b"], []) is None
