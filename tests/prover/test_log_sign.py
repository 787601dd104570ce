"""The sign of log(A) + B through the monotonicity of log.

The property test states log-sum-exp against an entry, log-softmax and the log
of a simplex entry against constants at, near and away from their known bounds, over every
K >= 1 or >= 2, and proves them with the whole prover: a proof must agree with the range.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, Range, explore, power, small_offsets

from verifier import Domain, Ge, Gt, Le, Lt, Sum, Variables, claim, exp, log, softmax, summation_index
from verifier.problem import problems_of
from verifier.prover import prove

STATED = {">=0": Ge, ">0": Gt, "<=0": Le, "<0": Lt}
m = summation_index("m")

# (name, builder (z, p, j, size) -> expression, range over every size >= minimum)
QUANTITIES = (
    (
        "logsumexp - z[j]",
        lambda z, p, j, n: log(Sum(exp(z[m]), (m, 1, n))) - z[j],
        lambda k: Range(0, None, k == 1, False),
    ),
    ("log softmax", lambda z, p, j, n: log(softmax(z, j)), lambda k: Range(None, 0, False, k == 1)),
    ("log p[j]", lambda z, p, j, n: log(p[j]), lambda k: Range(None, 0, False, k == 1)),
    ("softplus - z[j]", lambda z, p, j, n: log(1 + exp(z[j])) - z[j], lambda k: Range(0, None, False, False)),
)


@st.composite
def log_claims(draw):  # type: ignore[no-untyped-def]
    name, build, ranges = draw(st.sampled_from(QUANTITIES))
    minimum = draw(st.sampled_from((1, 2)))
    needed = draw(st.sampled_from(NEEDED))
    return name, build, ranges(minimum), minimum, sp.Integer(0) + draw(small_offsets()), needed


def check(case):  # type: ignore[no-untyped-def]
    name, build, rng, minimum, bound, needed = case
    names = Variables()
    K = names.size("K", at_least=minimum)
    z, p = names.vector("z", K), names.vector("p", K, Domain.SIMPLEX)
    j = names.index("j", K)
    statement = STATED[needed](build(z, p, j, K), bound)
    (problem,) = problems_of(claim(names, id="c", statement=statement))
    proved = prove(problem, fixed_sizes=()).proof is not None
    true = rng.satisfies(needed, bound)
    assert true or not proved, f"claimed {statement} for K >= {minimum}"
    return true, proved


class TestGroundTruth:
    def test_logarithms_with_known_range(self) -> None:
        """No false sign is proved for logs of sums, softmax and simplex entries near their bounds; some true are."""
        count, share = power(explore(log_claims(), check, examples=24))
        assert count >= 6 and share >= 0.3, (count, share)
