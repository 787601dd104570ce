"""Claim titles with their formulas typeset as math, and never a live TeX command."""

from __future__ import annotations

import pytest

from verifier.render.latex.title import title_latex

GOLDEN = [
    ("dyhat_p/dz_p = yhat_p (1 - yhat_p)", r"$d\hat{y}_{p}/dz_{p} = \hat{y}_{p} (1 - \hat{y}_{p})$"),
    (
        "y_i depends on every input z_j: dy_i/dz_j is never 0",
        r"$y_{i}$ depends on every input $z_{j}$: $dy_{i}/dz_{j}$ is never 0",
    ),
    (
        "Both cases at once: dy_i/dz_j = y_i (delta_ij - y_j)",
        r"Both cases at once: $dy_{i}/dz_{j} = y_{i} (\delta _{ij} - y_{j})$",
    ),
    ("yhat_p = e^(z_p) / Σ_k e^(z_k)", r"$\hat{y}_{p} = e^{z_{p}} / \sum _{k} e^{z_{k}}$"),
    ("Equation (4) step by step (i != j)", r"Equation (4) step by step ($i \neq  j$)"),
    ("Softmax outputs sum to 1", "Softmax outputs sum to 1"),
    ("With a one-hot label at p, L = -log yhat_p", r"With a one-hot label at p, $L = -\log  \hat{y}_{p}$"),
    (
        "softmax(x1, x2)_1 = sigma(x1 - x2)",
        r"$\operatorname{softmax}(x_{1}, x_{2})_{1} = \sigma (x_{1} - x_{2})$",
    ),
]


@pytest.mark.parametrize(("title", "latex"), GOLDEN, ids=[g[0][:30] for g in GOLDEN])
def test_golden(title: str, latex: str) -> None:
    """Formulas in a title become inline math; the prose around them stays text."""
    assert title_latex(title) == latex


HOSTILE = [
    r"\input{/etc/passwd} x_1 = 2",
    "x^^5cinput x = 1",
    "x^ = 2",
    "y_{#1} = 2",
    "x = ~1 and $y$ = 2 %",
    "a_i = b_i } {",
    "\u202e x_1 = 2 \x1b[2J",
]


@pytest.mark.parametrize("title", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_titles_stay_inert(title: str) -> None:
    """A backslash, ^^, #, ~, %, an unbalanced brace or a control character never reaches TeX live."""
    latex = title_latex(title)
    assert "\\input" not in latex and "^^" not in latex and "\u202e" not in latex and "\x1b" not in latex
    for live in ("#", "~", "%"):
        assert latex.replace("\\" + live, "").count(live) == 0
    assert latex.count("$") % 2 == 0
    assert latex.replace("\\{", "").replace("\\}", "").count("{") == latex.replace("\\{", "").replace("\\}", "").count(
        "}"
    )


def test_a_formula_that_does_not_balance_is_text() -> None:
    """'(1 - yhat_p)^2/(K - 1):' with a prose word inside its brackets falls back to escaped text."""
    assert "$" not in title_latex("sum to (1 - yhat_p)^2/(K - 1 classes)")
