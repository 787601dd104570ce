"""Sums whose every term has the sign: the sign of the sum, over ranges that may be empty.

The property test sums a function g of a vector's entries, whose range over the entry's
domain is known (a shifted square over the reals, v + k over positive entries, v - k over
binary or unit ones), over 1..K, 1..j, 1..j-1 (empty when j = 1) or 1..3: the sum's
possible signs follow, and a claimed sign they contradict fails the test.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import strategies as st
from strategies import NEEDED, Range, explore, power, small_offsets

from verifier import Domain, Ge, Gt, Le, Lt, Sum, Variables, claim, summation_index
from verifier.problem import problems_of
from verifier.prover.termwise import termwise_sign

STATED = {">=0": Ge, ">0": Gt, "<=0": Le, "<0": Lt}
m = summation_index("m")


def term_range(domain: Domain, k: sp.Rational) -> tuple[str, Range]:
    """A body g(v) (as text in 'v') and its range over the domain."""
    if domain is Domain.REAL:
        return "(v - 1/3)**2 + k", Range(k, None, True, False)
    if domain is Domain.POSITIVE:
        return "v + k", Range(k, None, False, False)
    if domain is Domain.NONNEGATIVE:
        return "v + k", Range(k, None, True, False)
    if domain is Domain.UNIT:
        return "v - k", Range(-k, 1 - k, False, False)
    return "v - k", Range(-k, 1 - k, True, True)  # binary


@st.composite
def sums(draw):  # type: ignore[no-untyped-def]
    domain = draw(st.sampled_from((Domain.REAL, Domain.POSITIVE, Domain.NONNEGATIVE, Domain.UNIT, Domain.BINARY)))
    k = draw(small_offsets())
    body, rng = term_range(domain, k)
    minimum = draw(st.sampled_from((1, 2)))
    upper = draw(st.sampled_from(("K", "j", "j - 1", "3")))
    coefficient = draw(st.sampled_from((1, 2, sp.Rational(1, 3))))
    return domain, k, body, rng, minimum, upper, coefficient, draw(st.sampled_from(NEEDED))


def check(case):  # type: ignore[no-untyped-def]
    domain, k, body, rng, minimum, upper, coefficient, needed = case
    names = Variables()
    K = names.size("K", at_least=minimum)
    v = names.vector("v", K, domain)
    j = names.index("j", K)
    high = {"K": K, "j": j, "j - 1": j - 1, "3": sp.Integer(3)}[upper]
    term = sp.sympify(body, locals={"v": v[m], "k": k})
    statement = STATED[needed](coefficient * Sum(term, (m, 1, high)), 0)
    (problem,) = problems_of(claim(names, id="c", statement=statement))
    empty_possible = upper == "j - 1"
    # Each term is in the range; n >= 1 terms (and possibly none): the sum's sign.
    true = rng.satisfies(needed, sp.Integer(0)) and not (empty_possible and needed in (">0", "<0"))
    proved = termwise_sign(problem.lhs - problem.rhs, problem) is not None
    assert true or not proved, f"claimed {statement} for v {domain.value}[K], K >= {minimum}"
    return true and not empty_possible, proved


class TestGroundTruth:
    def test_sums_of_terms_with_known_range(self) -> None:
        """No false sign is claimed for sums of terms with a known range, empty sums included; most true ones are."""
        count, share = power(explore(sums(), check, examples=60))
        assert count >= 10 and share >= 0.8, (count, share)


class TestKnownCases:
    def test_a_scalar_named_like_the_term(self) -> None:
        """Sum(z[m] w) >= 0 is false, with w named like the term's own scalar 'z_term'."""
        names = Variables()
        K = names.size("K")
        z = names.vector("z", K)
        w = names.scalar("z_term")
        (problem,) = problems_of(claim(names, id="c", statement=Ge(Sum(z[m] * w, (m, 1, K)), 0)))
        assert termwise_sign(problem.lhs - problem.rhs, problem) is None

    def test_an_empty_sum_is_zero(self) -> None:
        """Sum over 1..j-1 of z^2 + 1 is 0 when j = 1: not > 0."""
        names = Variables()
        K = names.size("K")
        z = names.vector("z", K)
        j = names.index("j", K)
        (problem,) = problems_of(claim(names, id="c", statement=Gt(Sum(z[m] ** 2 + 1, (m, 1, j - 1)), 0)))
        assert termwise_sign(problem.lhs - problem.rhs, problem) is None
