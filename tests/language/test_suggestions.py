"""Did-you-mean: aliases from other notations and the nearest allowed name."""

from __future__ import annotations

import pytest

from verifier.language.parser import FUNCTIONS
from verifier.language.suggestions import nearest, nearest_function


class TestNearestFunction:
    @pytest.mark.parametrize(
        ("written", "meant"),
        [("ln", "log"), ("sum", "Sum"), ("max", "Max"), ("abs", "Abs"), ("sigmiod", "sigmoid"),
         ("Softmax", "softmax"), ("logsumexpp", "logsumexp"), ("kroneckerdelta", "KroneckerDelta")],
    )  # fmt: skip
    def test_common_spellings(self, written: str, meant: str) -> None:
        """A spelling from mathematics, NumPy or a typo maps to the claim language's function."""
        assert nearest_function(written, FUNCTIONS) == meant

    def test_nothing_close(self) -> None:
        """A name like no function suggests nothing rather than a random one."""
        assert nearest_function("frobnicate", FUNCTIONS) is None

    def test_alias_only_when_allowed(self) -> None:
        """An alias whose target is not among the allowed names is not suggested."""
        assert nearest_function("ln", ["exp"]) is None


class TestNearest:
    def test_case_first(self) -> None:
        """The same name in another case wins over a closer-looking one."""
        assert nearest("Zeta", ["zeta", "Zetas"]) == "zeta"

    def test_typo(self) -> None:
        """A one-letter typo finds its name."""
        assert nearest("tmep", ["temp", "x"]) == "temp"
