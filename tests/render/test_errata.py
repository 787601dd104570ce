"""The errata gather false statements and unstated hypotheses, with their corrections."""

from __future__ import annotations

from verifier import Article, Eq, Lt, Variables, Verdict, claim, diff, sigmoid, softmax, verify_all
from verifier.render.errata import ErratumKind, errata_by_article

ARTICLE = Article(tag="t", title="A test article", url="https://example.org")
v = Variables()
x = v.scalar("x")
K = v.size("K", at_least=2)
z = v.vector("z", K)
j = v.index("j", K)

WRONG = claim(v, id="wrong", statement=Eq(diff(sigmoid(x), x), sigmoid(x)), expected="refuted", source=ARTICLE.at("s"))
RIGHT = claim(v, id="right", statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))), corrects="wrong")
IMPRECISE = claim(v, id="imprecise", statement=Lt(softmax(z, j), 1), unstated=("K",), source=ARTICLE.at("s"))
FINE = claim(v, id="fine", statement=Eq(softmax(z, j), softmax(z, j)), source=ARTICLE.at("s"))


def test_errata_by_article() -> None:
    """A refuted sourced claim and an unstated needed hypothesis are errata; a true claim is not."""
    claims = [WRONG, RIGHT, IMPRECISE, FINE]
    outcomes = verify_all(claims, timeout=60)
    assert [o.verdict for o in outcomes] == [Verdict.REFUTED, Verdict.PROVED, Verdict.PROVED, Verdict.PROVED]
    (errata,) = errata_by_article(claims, outcomes).values()
    assert [(e.claim.id, e.kind) for e in errata] == [
        ("wrong", ErratumKind.FALSE),
        ("imprecise", ErratumKind.UNSTATED_HYPOTHESIS),
    ]
    assert [c.id for c, _ in errata[0].corrections] == ["right"]
    assert errata[1].needed and errata[1].needed[0].counterexample is not None


def test_expected_refutation_without_correction_is_not_an_erratum() -> None:
    """A sourced claim refuted as expected and corrected by no claim is a deliberate mistake, not an
    erratum; refuted against its expectation, it is one."""
    from verifier.outcome import Counterexample, Outcome

    found = Counterexample(sizes={}, values={"x": "0"}, lhs="1/4", rhs="1/2", relation="==", digits=50)
    expected = Outcome(claim_id="wrong", verdict=Verdict.REFUTED, expected=Verdict.REFUTED, counterexample=found)
    assert errata_by_article([WRONG], [expected]) == {}
    surprise = Outcome(claim_id="wrong", verdict=Verdict.REFUTED, expected=Verdict.PROVED, counterexample=found)
    assert [e.claim.id for e in errata_by_article([WRONG], [surprise])["A test article"]] == ["wrong"]
