"""Declarations: names with kinds and domains, and what a claim mentions."""

from __future__ import annotations

import pytest
import sympy as sp

from verifier.errors import ClaimDefinitionError
from verifier.language.declarations import Kind, Variables, domain_symbol
from verifier.language.domains import Domain


class TestVariables:
    def test_claims_are_written_with_real_symbols_and_reasoned_with_domain_twins(self) -> None:
        """A positive vector is only real as written (so nothing simplifies under its domain),
        while its twin from domain_symbol has positive entries."""
        v = Variables()
        K = v.size("K")
        t = v.vector("t", K, Domain.POSITIVE)
        i = sp.Symbol("i", integer=True)
        assert t[i].is_real and t[i].is_positive is None
        assert sp.Abs(t[i]) != t[i]
        assert domain_symbol(v["t"])[i].is_positive

    def test_undeclared_size_is_rejected(self) -> None:
        """A vector's size must be declared first (or be a number)."""
        v = Variables()
        with pytest.raises(ClaimDefinitionError, match="not a declared size"):
            v.vector("z", sp.Symbol("K", integer=True, positive=True))
        assert v.vector("w", 3).shape == (3,)

    def test_duplicate_name_is_rejected(self) -> None:
        """A name is declared once."""
        v = Variables()
        v.scalar("x")
        with pytest.raises(ClaimDefinitionError, match="twice"):
            v.scalar("x")

    def test_simplex_is_for_vectors(self) -> None:
        """A scalar cannot be a simplex."""
        with pytest.raises(ClaimDefinitionError, match="vectors only"):
            Variables().scalar("x", Domain.SIMPLEX)

    def test_mentioned_in_adds_the_sizes(self) -> None:
        """A claim mentioning z[j] keeps z, j and their size K, and nothing else."""
        v = Variables()
        K = v.size("K", at_least=2)
        z = v.vector("z", K)
        j = v.index("j", K)
        v.scalar("unused")
        names = [d.name for d in v.mentioned_in(sp.exp(z[j]))]
        assert names == ["K", "z", "j"]

    def test_describe(self) -> None:
        """Declarations print as the claim-file syntax reads."""
        v = Variables()
        K = v.size("K", at_least=2)
        v.vector("t", K, Domain.SIMPLEX)
        v.index("j", K)
        assert [d.describe() for d in v] == [
            "K: size >= 2",
            "t: simplex[K] (entries > 0 summing to 1)",
            "j: index in 1..K",
        ]
        assert v["K"].kind is Kind.SIZE


def test_a_name_that_is_not_an_identifier_is_refused() -> None:
    """ "z[1]" would pose as an entry of a vector z at a fixed size: not a name."""
    import pytest

    from verifier.errors import ClaimDefinitionError

    with pytest.raises(ClaimDefinitionError, match="identifier"):
        Variables().scalar("z[1]")
