"""Monotone functions: the sign from the derivative's sign and a limit at an end."""

from __future__ import annotations

import sympy as sp

from verifier.language.intervals import Interval
from verifier.prover.monotonicity import sign_by_monotonicity

u = sp.Symbol("u", positive=True)


class TestSignByMonotonicity:
    def test_log_below_its_tangent(self) -> None:
        """-log(u) - (1 - u) > 0 on (0, 1): decreasing towards its limit 0 at 1."""
        unit = Interval(sp.Integer(0), sp.Integer(1))
        assert sign_by_monotonicity(-sp.log(u) - (1 - u), u, unit, ">0") is not None

    def test_wrong_direction_is_not_claimed(self) -> None:
        """-log(u) - (1 - u) < 0 on (0, 1) is false and not claimed."""
        unit = Interval(sp.Integer(0), sp.Integer(1))
        assert sign_by_monotonicity(-sp.log(u) - (1 - u), u, unit, "<0") is None
