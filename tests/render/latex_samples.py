"""Small hand-made claims and outcomes for the LaTeX tests: every shape the appendix prints.

No verification runs here: the outcomes are written out, so the LaTeX tests are fast.
"""

from __future__ import annotations

from verifier import Article, Eq, Lt, Variables, claim, diff, sigmoid, softmax
from verifier.outcome import Counterexample, HypothesisCheck, NumericEvidence, Outcome, Proof, ProofStep, StepOutcome
from verifier.verdicts import Scope, Verdict

ARTICLE = Article(tag="t", title="【测试】一篇文章 on soft_max & 50% (tests)", url="https://example.org/a_b#part%201")

v = Variables()
x = v.scalar("x")
K = v.size("K_2", at_least=2)
z = v.vector("z", K)
j = v.index("j", K)

WRONG = claim(
    v,
    id="wrong_slope-1",
    title="The article's slope: dσ/dx = σ",
    statement=Eq(diff(sigmoid(x), x), sigmoid(x)),
    expected="refuted",
    source=ARTICLE.at(
        "第二节 (section 2)", r"\frac{d\sigma}{dx} = \sigma(x) \tag{3}", note="'导数是 σ' — says the article"
    ),
)
RIGHT = claim(
    v,
    id="right.slope",
    title="The slope is σ(1 − σ)",
    statement=Eq(diff(sigmoid(x), x), sigmoid(x) * (1 - sigmoid(x))),
    corrects="wrong_slope-1",
)
CHAIN = claim(
    v,
    id="chain",
    title="A chain whose second step is wrong",
    steps=[sigmoid(x) * (1 - sigmoid(x)), sigmoid(x) - sigmoid(x) ** 2, sigmoid(x)],
    expected="refuted",
    source=ARTICLE.at("第三节"),
)
NEEDY = claim(
    v,
    id="needy",
    title="Below one with two classes",
    statement=Lt(softmax(z, j), 1),
    unstated=("K_2",),
    source=ARTICLE.at("s"),
)
OPEN = claim(v, id="open", statement=Eq(softmax(z, j), softmax(z, j)))

EVIDENCE = NumericEvidence(
    points=64, sizes=(2, 3), seed=7, max_abs_error=2.5e-13, max_rel_error=1e-12, max_tolerance=1e-9
)
COUNTEREXAMPLE = Counterexample(
    sizes={}, values={"x": "1/2"}, lhs="0.23500371220159452", rhs="0.62245933120185456", relation="==", digits=50
)
SIZE_COUNTEREXAMPLE = Counterexample(
    sizes={"K_2": 1, "j": 1}, values={"z": ["3/4"]}, lhs="1", rhs="1", relation="<", digits=50
)
PROOF = Proof(
    scope=Scope(),
    method="symbolic",
    steps=(
        ProofStep(
            action="To show, on the whole domain: lhs - rhs = 0",
            text="...",
            latex=r"\frac{d}{dx} \sigma(x) - \sigma(x) (1 - \sigma(x))",
        ),
        ProofStep(action="Split on δ: case ι = j", text="", latex=""),
        ProofStep(action="expands to 0", text="0", latex=r"\sum_{ι=1}^{K} 0"),
    ),
)

OUTCOMES = {
    "wrong_slope-1": Outcome(
        claim_id="wrong_slope-1",
        verdict=Verdict.REFUTED,
        expected=Verdict.REFUTED,
        numeric=EVIDENCE,
        counterexample=COUNTEREXAMPLE,
    ),
    "right.slope": Outcome(
        claim_id="right.slope",
        verdict=Verdict.PROVED,
        expected=Verdict.PROVED,
        scope=Scope(),
        proof=PROOF,
        numeric=EVIDENCE,
    ),
    "chain": Outcome(
        claim_id="chain",
        verdict=Verdict.REFUTED,
        expected=Verdict.REFUTED,
        counterexample=COUNTEREXAMPLE,
        failing_step=2,
        numeric=EVIDENCE,
        steps=(
            StepOutcome(verdict=Verdict.PROVED, scope=Scope(), proof=PROOF, numeric=EVIDENCE),
            StepOutcome(verdict=Verdict.REFUTED, counterexample=COUNTEREXAMPLE, numeric=EVIDENCE),
        ),
    ),
    "needy": Outcome(
        claim_id="needy",
        verdict=Verdict.PROVED,
        expected=Verdict.PROVED,
        scope=Scope(sizes=(2, 3, 4)),
        proof=Proof(
            scope=Scope(sizes=(2, 3, 4)),
            method="fixed sizes",
            steps=(ProofStep(action="K = 2: 2 instance(s), each reduced to >= 0", text="", latex=""),),
        ),
        hypotheses=(
            HypothesisCheck(
                hypothesis="K_2 >= 2", relaxed_to="K_2 >= 1", needed=True, counterexample=SIZE_COUNTEREXAMPLE
            ),
        ),
    ),
    "open": Outcome(
        claim_id="open", verdict=Verdict.UNDECIDED, expected=Verdict.PROVED, reason="time limit of 5 s reached"
    ),
}
CLAIMS = (WRONG, RIGHT, CHAIN, NEEDY, OPEN)
PAIRS = tuple((c, OUTCOMES[c.id]) for c in CLAIMS)
