"""The claim model: what a claim is, its kind, its hypotheses, its validation."""

from __future__ import annotations

import pytest
import sympy as sp

from verifier import Domain, Eq, Gt, Ne, Variables, Verdict, claim, diff, softmax
from verifier.errors import ClaimDefinitionError
from verifier.language.claims import ClaimKind


@pytest.fixture
def symbols():  # type: ignore[no-untyped-def]
    v = Variables()
    K = v.size("K", at_least=2)
    return v, K, v.vector("z", K), v.vector("t", K, Domain.SIMPLEX), v.index("j", K), v.index("k", K)


class TestKinds:
    def test_kinds(self, symbols) -> None:  # type: ignore[no-untyped-def]
        """Equality, derivative, inequality, chain and value claims are told apart."""
        v, K, z, t, j, k = symbols
        assert claim(v, id="a", statement=Eq(z[j], z[j])).kind is ClaimKind.EQUALITY
        assert claim(v, id="b", statement=Eq(diff(z[j], z[k]), 0)).kind is ClaimKind.DERIVATIVE
        assert claim(v, id="c", statement=Gt(softmax(z, j), 0)).kind is ClaimKind.INEQUALITY
        assert claim(v, id="d", steps=[z[j], z[j] + 0, z[j]]).kind is ClaimKind.CHAIN
        value = claim(v, id="e", statement=Eq(sp.Integer(1), sp.Float("1.0001")), tolerance="1e-3")
        assert value.kind is ClaimKind.VALUE

    def test_chain_relations_are_consecutive_equalities(self, symbols) -> None:  # type: ignore[no-untyped-def]
        """Step n of a chain is the equality between entries n and n + 1."""
        v, K, z, t, j, k = symbols
        chain = claim(v, id="c", steps=[z[j], 2 * z[j], 3 * z[j]])
        assert [(r.lhs, r.rhs) for r in chain.relations] == [(z[j], 2 * z[j]), (2 * z[j], 3 * z[j])]

    def test_floats_mean_their_decimal_value(self) -> None:
        """A printed number 0.6652 is the rational 6652/10000, not a binary approximation."""
        value = claim(Variables(), id="v", statement=Eq(sp.Integer(1), sp.Float("0.6652")), tolerance=5e-5)
        assert value.statement.rhs == sp.Rational(6652, 10000)
        assert value.tolerance == sp.Rational(5, 100000)


class TestValidation:
    def test_statement_must_be_a_relation(self, symbols) -> None:  # type: ignore[no-untyped-def]
        """A bare expression is not a statement."""
        v, K, z, t, j, k = symbols
        with pytest.raises(ClaimDefinitionError, match="relation"):
            claim(v, id="x", statement=z[j])

    def test_evaluated_relation_is_rejected(self) -> None:
        """A relation SymPy already evaluated to True is rejected, not verified."""
        with pytest.raises(ClaimDefinitionError, match="evaluated"):
            claim(Variables(), id="x", statement=sp.Eq(1, 1))

    def test_bad_ids_and_expectations(self, symbols) -> None:  # type: ignore[no-untyped-def]
        """Ids are simple names; the expected verdict is proved or refuted."""
        v, K, z, t, j, k = symbols
        with pytest.raises(ClaimDefinitionError, match="id"):
            claim(v, id="has space", statement=Eq(z[j], z[j]))
        with pytest.raises(ClaimDefinitionError, match="expected"):
            claim(v, id="x", statement=Eq(z[j], z[j]), expected=Verdict.UNDECIDED)

    def test_unstated_must_name_a_hypothesis(self, symbols) -> None:  # type: ignore[no-untyped-def]
        """An unstated hypothesis must be one of the claim's hypotheses."""
        v, K, z, t, j, k = symbols
        with pytest.raises(ClaimDefinitionError, match="unstated"):
            claim(v, id="x", statement=Eq(z[j], z[j]), unstated=("nothing",))

    def test_tolerance_needs_an_equality(self, symbols) -> None:  # type: ignore[no-untyped-def]
        """A tolerance makes sense only for ==."""
        v, K, z, t, j, k = symbols
        with pytest.raises(ClaimDefinitionError, match="tolerance"):
            claim(v, id="x", statement=Gt(z[j], 0), tolerance="0.1")


def test_hypotheses_list_domains_sizes_and_assumptions(symbols) -> None:  # type: ignore[no-untyped-def]
    """Hypotheses are the non-trivial domains, the size bounds and the assumptions."""
    v, K, z, t, j, k = symbols
    c = claim(v, id="h", statement=Eq(t[j] + z[k], 0), assume=[Ne(j, k)])
    assert [h.text for h in c.hypotheses] == [
        "K >= 2",
        "t: simplex[K] (entries > 0 summing to 1)",
        "Ne(j, k)",
    ]
    assert [h.relaxed_to for h in c.hypotheses] == ["K >= 1", "t: positive", "dropped"]
