"""One claim as LaTeX: statement, hypotheses, source, proof steps, counterexample, cross-references."""

from __future__ import annotations

from latex_samples import CHAIN, NEEDY, OPEN, OUTCOMES, RIGHT, WRONG

from verifier.render.latex.claim import claim_block, counterexample_summary, statement_latex

PRESENT = {c.id for c in (WRONG, RIGHT, CHAIN, NEEDY, OPEN)}


def block(claim, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return claim_block(claim, OUTCOMES[claim.id], present=PRESENT, **kwargs)


class TestClaimEnvironment:
    def test_one_numbered_environment_with_label(self) -> None:
        """A claim is one vdclaim environment labelled claim:<id>, its id escaped in the heading."""
        latex = block(WRONG)
        assert latex.count(r"\begin{vdclaim}") == 1 and latex.count(r"\end{vdclaim}") == 1
        assert r"\label{claim:wrong_slope-1}" in latex
        assert r"\vdid{wrong\_\allowbreak{}slope-\allowbreak{}1}" in latex

    def test_statement_is_mathematics(self) -> None:
        """The statement is printed from SymPy as LaTeX, not as claim-file text."""
        assert r"\frac{d}{d x} \sigma\left(x\right)" in statement_latex(WRONG)
        assert "diff(" not in block(WRONG)

    def test_erratum_is_marked_and_linked_to_its_correction(self) -> None:
        """A refuted-as-expected source statement is marked and points to its correction, and back."""
        wrong = block(WRONG, corrections=("right.slope",))
        assert r"\vderratum" in wrong and r"Corrected by Claim~\ref{claim:right.slope}" in wrong
        assert r"It corrects Claim~\ref{claim:wrong_slope-1}" in block(RIGHT)

    def test_uncorrected_expected_refutation_is_not_an_erratum(self) -> None:
        """A claim refuted as expected that no claim corrects (a user's deliberate mistake) reads
        'refuted, as expected', without the erratum box or 'the source states this'."""
        wrong = block(WRONG)
        assert r"\vderratum" not in wrong and "The source states this" not in wrong
        assert r"\vdverdict{refuted}, as expected." in wrong

    def test_title_formulas_are_mathematics(self) -> None:
        """A title's ASCII formula is typeset as math in the claim's heading."""
        from dataclasses import replace

        titled = replace(WRONG, title="dyhat_p/dz_p = yhat_p")
        assert r"\emph{$d\hat{y}_{p}/dz_{p} = \hat{y}_{p}$}" in block(titled)

    def test_reference_to_an_absent_claim_is_not_a_ref(self) -> None:
        """A correction of a claim not in the document names it without an undefined \\ref."""
        latex = claim_block(RIGHT, OUTCOMES["right.slope"], present={"right.slope"})
        assert r"\ref{claim:wrong_slope-1}" not in latex and "not in this document" in latex


class TestSource:
    def test_article_section_url_and_formula(self) -> None:
        """The source shows the article (Chinese wrapped), section, URL percent-encoded, formula without \\tag."""
        latex = block(WRONG)
        assert r"\vdzh{【测试】一篇文章} on soft\_max \& 50\% (tests)" in latex
        assert r"\url{https://example.org/a_b\%23part\%201}" in latex
        assert "its equation (3)" in latex and r"\tag" not in latex


class TestProof:
    def test_delta_step_without_sums_is_not_about_deltas(self) -> None:
        """The prover's Kronecker-delta pass is shown as 'Simplify' when no sum or delta precedes
        it, and not at all when it changed nothing."""
        from verifier.outcome import Proof, ProofStep
        from verifier.render.latex.claim import _proof_steps
        from verifier.verdicts import Scope

        delta = "Evaluate sums against Kronecker deltas, pull out factors independent of the summation index"
        steps = (
            ProofStep(action="Differentiate", text="x - x", latex="x - x"),
            ProofStep(action=delta, text="0", latex="0"),
            ProofStep(action=delta, text="0", latex="0"),
        )
        latex = _proof_steps(Proof(scope=Scope(), method="symbolic", steps=steps))
        assert "Kronecker" not in latex and latex.count(r"\item") == 2 and r"\item Simplify" in latex

    def test_difference_is_read_out_in_words(self) -> None:
        """'To show: lhs - rhs = 0' is printed as words, never as raw 'lhs - rhs'."""
        from verifier.render.latex.claim import step_action

        assert step_action("To show, on the whole domain: lhs - rhs = 0") == (
            "The left side minus the right side, to show $= 0$ on the whole domain"
        )
        assert step_action("To show, on the whole domain: lhs - rhs > 0").startswith(
            "The left side minus the right side, to show $> 0$"
        )
        assert step_action("To show: |lhs - rhs| <= 1/20000") == (
            "The difference of the two sides, to show at most $1/20000$ in size"
        )

    def test_proof_steps_are_an_enumerated_list_with_formulas(self) -> None:
        """Each recorded step is an item; steps with an expression display it, Unicode made safe."""
        latex = block(RIGHT)
        assert r"\begin{vdargument}{Proof (symbolic)}" in latex
        assert latex.count(r"\item") == 3
        assert r"Split on $\delta$: case $\iota$ = j" in latex
        assert r"\sum_{\iota =1}^{K} 0" in latex

    def test_scope_names_the_sizes(self) -> None:
        """A proof for some sizes says which, naming the size symbol."""
        assert r"for $K_{2}$ in 2..4 only" in block(NEEDY)

    def test_undecided_gives_its_reason(self) -> None:
        """An undecided claim says why, and that it is not as expected."""
        latex = block(OPEN)
        assert "time limit of 5 s reached" in latex and r"\vdunexpected{proved}" in latex


class TestRefutation:
    def test_counterexample_table(self) -> None:
        """A refuted claim carries a table with the values and both sides, and the numeric line."""
        latex = block(WRONG)
        assert r"\begin{tabularx}" in latex and "$x$ & $1/2$" in latex
        assert "left side & $0.23500371220159452$" in latex
        assert "Checked in float64 at 64 points at sizes 2, 3 (seed 7)" in latex

    def test_chain_names_its_failing_step(self) -> None:
        """A refuted chain shows each step checked, the failing one with its counterexample."""
        latex = block(CHAIN)
        assert "the chain fails at step 2" in latex
        assert r"\textbf{Step 1}: \vdverdict{proved}" in latex and r"\textbf{Step 2}: \vdverdict{refuted}" in latex

    def test_summary_sentence_shortens_long_numbers(self) -> None:
        """The one-sentence counterexample cuts long decimals with an ellipsis."""
        sentence = counterexample_summary(OUTCOMES["wrong_slope-1"].counterexample, WRONG)  # type: ignore[arg-type]
        assert r"0.235003712201\ldots" in sentence and "$x = 1/2$" in sentence


class TestHypotheses:
    def test_unstated_hypothesis_is_marked_and_shown_needed(self) -> None:
        """A hypothesis the source leaves unstated is marked, and its counterexample shown."""
        latex = block(NEEDY)
        assert r"(H1)~$K_{2} \geq 2$ \vdunstated" in latex
        assert r"\textbf{needed}; with $K_{2} \geq 1$ instead the claim fails" in latex
        assert "$K_{2}$ & $1$" in latex


def test_definitions_follow_the_statement_once() -> None:
    """A claim written with definitions prints as written, then 'where a_i = ...', each definition once."""
    from verifier import Eq, Variables, claim, diff, logsumexp, softmax
    from verifier.outcome import Outcome
    from verifier.verdicts import Scope, Verdict

    v = Variables()
    K = v.size("K")
    z = v.vector("z", K)
    i, j = v.index("i", K), v.index("j", K)
    a = v.define_vector("a", i, softmax(z / 2, i))
    L = v.define("L", logsumexp(z / 2))
    defined = claim(v, id="defined", statement=Eq(diff(L, z[j]), a[j] / 2))
    outcome = Outcome(claim_id="defined", verdict=Verdict.PROVED, expected=Verdict.PROVED, scope=Scope())
    latex = claim_block(defined, outcome)
    assert r"\frac{d}{d {z}_{j}} L = \frac{a_{j}}{2}" in statement_latex(defined)
    assert latex.count(r"where $a_{i} = \operatorname{softmax}(\frac{z}{2})_{i}$") == 1
    assert latex.count(r"$L = \operatorname{logsumexp}(\frac{z}{2})$") == 1


PROOF_GOLDEN = (
    "\\begin{enumerate}\n"
    r"\item The left side minus the right side, to show $= 0$ on the whole domain: "
    r"\vdinline{\vdfit{-1} + \vdfit{\frac{1}{1 + e^{x}}}}"
    "\n"
    r"""\item Differentiate
\vdformula{\vdfit{\frac{1}{1 + e^{- x}}} + \vdfit{\frac{1}{1 + e^{x}}} + \vdfit{\frac{1}{1 + e^{2 x}}}}

\item cancels to 0: \vdinline{\vdfit{0}}
\end{enumerate}
"""
)


def test_proof_steps_golden() -> None:
    """Short step formulas follow their action on the line; longer ones are displayed."""
    from verifier.outcome import Proof, ProofStep
    from verifier.render.latex.claim import _proof_steps
    from verifier.verdicts import Scope

    long = r"\frac{1}{1 + e^{- x}} + \frac{1}{1 + e^{x}} + \frac{1}{1 + e^{2 x}}"
    steps = (
        ProofStep(action="To show, on the whole domain: lhs - rhs = 0", text="", latex=r"-1 + \frac{1}{1 + e^{x}}"),
        ProofStep(action="Differentiate", text="", latex=long),
        ProofStep(action="cancels to 0", text="0", latex="0"),
    )
    assert _proof_steps(Proof(scope=Scope(), method="symbolic", steps=steps)) == PROOF_GOLDEN


def test_short_facts_run_on_in_one_paragraph() -> None:
    """Verdict, symbols, hypotheses and source share one paragraph (no blank line between them)."""
    latex = block(NEEDY)
    facts = latex[latex.index(r"\vdpart{Verdict}") :]
    facts = facts[: facts.index(r"\vdrunin{Source}")]
    assert r"\vdrunin{Symbols}" in facts and r"\vdrunin{Hypotheses}" in facts and "\n\n" not in facts
