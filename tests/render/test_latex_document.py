"""The appendix document: summary, errata, figures, one block per claim, labels that resolve."""

from __future__ import annotations

import re

from latex_samples import CLAIMS, OUTCOMES

from verifier.render.figures import activation_slopes
from verifier.render.latex.document import PACKAGES, render_body, render_document

ORDERED = [OUTCOMES[c.id] for c in CLAIMS]


def test_document_is_self_contained() -> None:
    """The document has a preamble with the packages, and the body (titled once its macros are
    defined) between begin and end."""
    latex = render_document(CLAIMS, ORDERED)
    assert latex.startswith(r"\documentclass") and PACKAGES in latex
    assert latex.rstrip().endswith(r"\end{document}")
    assert render_body(CLAIMS, ORDERED, heading="\\maketitle\n") in latex


def test_body_alone_has_no_preamble() -> None:
    """The body can be \\input into a paper: no documentclass, and it names the packages it needs."""
    body = render_body(CLAIMS, ORDERED)
    assert r"\documentclass" not in body and r"\begin{document}" not in body
    assert r"%   \usepackage{pgfplots}" in body and r"\newcommand\vdfit" in body


def test_one_claim_environment_per_claim() -> None:
    """Every claim appears once, as one numbered vdclaim environment."""
    body = render_body(CLAIMS, ORDERED)
    assert body.count(r"\begin{vdclaim}") == len(CLAIMS)


def test_every_reference_has_its_label() -> None:
    """Each \\ref to a claim or figure points at a \\label in the same document."""
    body = render_body(CLAIMS, ORDERED, figures=(activation_slopes(related=("right.slope",)),))
    labels = set(re.findall(r"\\label\{([^}]*)\}", body))
    refs = set(re.findall(r"\\ref\{([^}]*)\}", body))
    assert refs and refs <= labels


def test_summary_table_lists_every_claim() -> None:
    """The summary is a longtable with one row per claim; errata (refutations a claim corrects) marked."""
    body = render_body(CLAIMS, ORDERED)
    summary = body[body.index(r"\section{Summary}") : body.index(r"\section{Errata}")]
    assert r"\begin{longtable}" in summary
    assert all(rf"\ref{{claim:{c.id}}} &" in summary for c in CLAIMS)
    # one row (wrong_slope-1, corrected by right.slope; 'chain' is refuted as expected but
    # corrected by no claim) and the legend in the introduction
    assert summary.count(r"\textsc{erratum}") == 1 + 1
    assert "5 claims: 2 proved, 2 refuted, 1 undecided, 0 error" in summary


def test_errata_group_false_statements_and_unstated_hypotheses() -> None:
    """The errata section lists, under their article, the corrected false claim and the unstated hypothesis."""
    body = render_body(CLAIMS, ORDERED)
    errata = body[body.index(r"\section{Errata}") : body.index(r"\section{Claims}")]
    assert errata.count(r"\subsection{") == 1
    assert errata.count(r"\paragraph{") == 2
    assert "holds only under a hypothesis the source does not state" in errata
    assert r"\emph{Correction}: Claim~\ref{claim:right.slope}" in errata


def test_figures_section_only_with_figures() -> None:
    """Figures get their own section when given, none otherwise."""
    assert r"\section{Figures}" not in render_body(CLAIMS, ORDERED)
    assert r"\addplot" in render_body(CLAIMS, ORDERED, figures=(activation_slopes(),))
