"""Fixed sizes: a claim written out at K = 1, 2, ... with every index assignment.

The property test states claims about one-hot and binary vectors and real entries
(random sums of products of entries at two indices, against 0 or a delta); their truth at
each size is decided by brute force over every index assignment, hot position and binary
choice (real entries left symbolic), and a proof for a size where they fail fails the test.
"""

from __future__ import annotations

import itertools

import sympy as sp
from hypothesis import strategies as st
from strategies import explore, power

from verifier import Domain, Eq, Ge, KroneckerDelta, Variables, claim
from verifier.problem import problems_of
from verifier.prover.fixed_sizes import prove_fixed

FACTORS = ("y[j]", "y[k]", "1 - y[j]", "b[j]", "b[k]", "1 - b[j]", "z[j]", "z[k]", "d")


@st.composite
def written_out_claims(draw):  # type: ignore[no-untyped-def]
    relation = draw(st.sampled_from(("==", ">=")))
    # Signs of claims with real entries would need an oracle for polynomials: discrete ones only.
    allowed = FACTORS if relation == "==" else tuple(f for f in FACTORS if not f.startswith("z"))
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        factors = draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=3))
        terms.append((draw(st.sampled_from((1, -1))), tuple(factors)))
    sizes = draw(st.sampled_from(((1, 2, 3), (2, 3))))
    return tuple(terms), relation, sizes


def build(terms, values):  # type: ignore[no-untyped-def]
    total = sp.Integer(0)
    for c, factors in terms:
        term = sp.Integer(c)
        for factor in factors:
            term *= values[factor]
        total += term
    return total


def holds_at(terms, relation, size: int) -> bool:  # type: ignore[no-untyped-def]
    """Brute force at one size: every j, k, hot position and binary vector; z symbolic."""
    z = sp.symbols(f"z1:{size + 1}", real=True)
    for j, k, hot in itertools.product(range(1, size + 1), repeat=3):
        for bits in itertools.product((0, 1), repeat=size):
            y = [int(i == hot) for i in range(1, size + 1)]
            values = {
                "y[j]": y[j - 1], "y[k]": y[k - 1], "1 - y[j]": 1 - y[j - 1],
                "b[j]": bits[j - 1], "b[k]": bits[k - 1], "1 - b[j]": 1 - bits[j - 1],
                "z[j]": z[j - 1], "z[k]": z[k - 1], "d": int(j == k),
            }  # fmt: skip
            value = sp.expand(build(terms, values))
            if (relation == "==" and value != 0) or (relation == ">=" and value < 0):
                return False
    return True


def check(case):  # type: ignore[no-untyped-def]
    terms, relation, sizes = case
    names = Variables()
    K = names.size("K")
    y, b, z = names.vector("y", K, Domain.ONEHOT), names.vector("b", K, Domain.BINARY), names.vector("z", K)
    j, k = names.index("j", K), names.index("k", K)
    values = {
        "y[j]": y[j], "y[k]": y[k], "1 - y[j]": 1 - y[j], "b[j]": b[j], "b[k]": b[k], "1 - b[j]": 1 - b[j],
        "z[j]": z[j], "z[k]": z[k], "d": KroneckerDelta(j, k),
    }  # fmt: skip
    lhs = build(terms, values)
    statement = Eq(lhs, 0) if relation == "==" else Ge(lhs, 0)
    if lhs.is_number:
        return False, False
    (problem,) = problems_of(claim(names, id="c", statement=statement))
    attempt = prove_fixed(problem, problem.declaration("K"), sizes)
    proved = attempt.proof is not None
    true = all(holds_at(terms, relation, size) for size in sizes)
    assert true or not proved, f"proved {statement} at sizes {sizes}"
    return true, proved


class TestGroundTruth:
    def test_claims_about_discrete_vectors(self) -> None:
        """No claim about one-hot, binary and real entries is proved at a size where an assignment breaks it."""
        count, share = power(explore(written_out_claims(), check, examples=40))
        assert count >= 5 and share >= 0.6, (count, share)
