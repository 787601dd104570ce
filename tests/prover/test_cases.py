"""Kronecker deltas between free indices, split into their equal and unequal cases.

The property test states identities between random sums of products of deltas of three
indices and entries of a vector, decides their truth by brute force (every assignment of
the indices, one for each pattern of equal indices, entries left symbolic), and fails if the prover proves a false one.
"""

from __future__ import annotations

import itertools

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power

from verifier import Eq, KroneckerDelta, Ne, Variables, claim
from verifier.problem import problems_of
from verifier.prover import prove

INDICES = ("i", "j", "k")


@st.composite
def delta_terms(draw):  # type: ignore[no-untyped-def]
    """A sum of up to three terms c * δ(.,.)^e * z[.]: as data, built for each case."""
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        pair = draw(st.sampled_from([*itertools.combinations(INDICES, 2), None]))
        entry = draw(st.sampled_from((*INDICES, None)))
        terms.append((draw(st.sampled_from((1, -1, 2))), pair, draw(st.integers(1, 2)), entry))
    return terms


@st.composite
def delta_identities(draw):  # type: ignore[no-untyped-def]
    left = draw(delta_terms())
    # Half the time the right side is a rewriting that is true: deltas' powers dropped,
    # an entry's index moved across the delta it multiplies.
    if draw(st.booleans()):
        right = [(c, pair, 1, pair[1] if pair and entry == pair[0] else entry) for c, pair, _, entry in left]
    else:
        right = draw(delta_terms())
    distinct = draw(st.sampled_from((None, ("i", "j"))))
    return left, right, distinct


def build(terms, symbols, z):  # type: ignore[no-untyped-def]
    total = sp.Integer(0)
    for c, pair, e, entry in terms:
        term = sp.Integer(c)
        if pair:
            term *= KroneckerDelta(symbols[pair[0]], symbols[pair[1]]) ** e
        if entry:
            term *= z[symbols[entry]]
        total += term
    return total


def truth(left, right, distinct) -> bool:  # type: ignore[no-untyped-def]
    z = sp.IndexedBase("z")
    # Deltas and entries see only which indices are equal: one assignment per pattern.
    for values in ((1, 1, 1), (1, 1, 2), (1, 2, 1), (2, 1, 1), (1, 2, 3)):
        at = dict(zip(INDICES, (sp.Integer(v) for v in values), strict=True))
        if distinct and at[distinct[0]] == at[distinct[1]]:
            continue
        if sp.expand(build(left, at, z) - build(right, at, z)) != 0:
            return False
    return True


def check(case):  # type: ignore[no-untyped-def]
    left, right, distinct = case
    names = Variables()
    K = names.size("K")
    z = names.vector("z", K)
    symbols = {n: names.index(n, K) for n in INDICES}
    assume = [Ne(symbols[distinct[0]], symbols[distinct[1]])] if distinct else []
    statement = Eq(build(left, symbols, z), build(right, symbols, z))
    if statement.lhs == statement.rhs:
        return False, False  # nothing to prove
    (problem,) = problems_of(claim(names, id="c", statement=statement, assume=assume))
    proved = prove(problem, fixed_sizes=()).proof is not None
    true = truth(left, right, distinct)
    assert true or not proved, f"proved {statement} with {assume}"
    return true, proved


class TestGroundTruth:
    def test_identities_between_deltas_and_entries(self) -> None:
        """No false identity between deltas of free indices and entries is proved; most true ones are."""
        count, share = power(explore(delta_identities(), check, examples=40))
        assert count >= 8 and share >= 0.8, (count, share)
