"""Where formulas break: only between top-level terms and relations, in every formula the appendix prints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import strategies as st

from verifier.render.latex import claim as latex_claim
from verifier.render.latex.breaking import Piece, split_formula
from verifier.render.latex.markup import math

ROOT = Path(__file__).parents[2]


def cut(formula: str) -> list[tuple[str, str]]:
    """The pieces and the operator after each."""
    return [(p.latex, p.after) for p in split_formula(formula)]


class TestSplitFormula:
    def test_terms_and_relations(self) -> None:
        """Top-level relations and binary signs separate pieces; a leading sign stays with its term."""
        assert cut("-a + b = c - d") == [("-a", " + "), ("b", " = "), ("c", " - "), ("d", "")]

    def test_parenthesis_is_whole(self) -> None:
        """The source's '\\hat y_p(1 - \\hat y_p)' is one piece: no '(1' left hanging."""
        assert cut(r"\hat y_p(1 - \hat y_p)") == [(r"\hat y_p(1 - \hat y_p)", "")]

    def test_fraction_without_braces_keeps_its_arguments(self) -> None:
        """In '\\frac 1 2 - x' both arguments stay with \\frac, so '-' is never read as its denominator."""
        assert cut(r"\frac 1 2 - x") == [(r"\frac 1 2", " - "), ("x", "")]

    def test_root_and_optional_argument(self) -> None:
        """\\sqrt[3]{a + b} - c is cut after the root only."""
        assert cut(r"\sqrt[3]{a + b} - c") == [(r"\sqrt[3]{a + b}", " - "), ("c", "")]

    def test_scripts_stay_with_their_base(self) -> None:
        """A sign in an unbraced script belongs to the script: e^- x is not cut."""
        assert cut(r"e^-x + 1") == [("e^-x", " + "), ("1", "")]

    def test_left_right_is_whole(self) -> None:
        """\\left(...\\right) with its scripts is one atom, however long."""
        formula = r"\left(a + b\right)^{2} - \left. f \right|_{x=0}"
        assert cut(formula) == [(r"\left(a + b\right)^{2}", " - "), (r"\left. f \right|_{x=0}", "")]

    def test_environment_is_whole(self) -> None:
        """A cases environment is never cut."""
        formula = r"f = \begin{cases} 1 - x & x > 0 \\ 0 & \end{cases}"
        assert cut(formula) == [("f", " = "), (r"\begin{cases} 1 - x & x > 0 \\ 0 & \end{cases}", "")]

    def test_unbalanced_formula_is_not_cut(self) -> None:
        """A brace or parenthesis that never closes: the formula is one piece."""
        assert cut(r"\frac{a + b = c") == [(r"\frac{a + b = c", "")]
        assert cut(r"(a + b = c") == [(r"(a + b = c", "")]

    def test_half_open_interval_is_a_group(self) -> None:
        """[0, 1) closes the bracket it opens: x in [0, 1) is cut at the relation only."""
        assert cut(r"x \in [0, 1) + y") == [("x", r" \in "), ("[0, 1)", " + "), ("y", "")]


# -- an oracle independent of the breaker: is this piece a whole formula? -----------------

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\S")
_TWO_ARGUMENTS = {r"\frac", r"\dfrac", r"\tfrac", r"\binom"}
_ONE_ARGUMENT = {r"\sqrt", r"\hat", r"\bar", r"\tilde", r"\vec", r"\mathrm", r"\operatorname", r"\text"}


def _group_end(tokens: list[str], index: int) -> int:
    """Past the argument starting at ``index`` (a braced group or one token); -1 if cut off."""
    if index >= len(tokens):
        return -1
    if tokens[index] != "{":
        return index + 1
    depth = 0
    for position in range(index, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[position], 0)
        if depth == 0:
            return position + 1
    return -1


def whole(piece: str) -> str | None:
    """Why ``piece`` is not a whole formula (a cut inside a group, a script, a command), or None."""
    tokens = _TOKEN.findall(piece)
    depth = {"braces": 0, r"\left...\right": 0, "environment": 0, "parentheses": 0}
    for index, token in enumerate(tokens):
        after_delimiter = index > 0 and tokens[index - 1] in (r"\left", r"\right", r"\big", r"\Big", r"\bigl", r"\bigr")
        depth["braces"] += {"{": 1, "}": -1}.get(token, 0)
        depth[r"\left...\right"] += {r"\left": 1, r"\right": -1}.get(token, 0)
        depth["environment"] += {r"\begin": 1, r"\end": -1}.get(token, 0)
        if not after_delimiter:
            depth["parentheses"] += 1 if token in ("(", "[", r"\{") else -1 if token in (")", "]", r"\}") else 0
        if any(value < 0 for value in depth.values()):
            return f"closes a group it does not open ({token})"
        arguments = 2 if token in _TWO_ARGUMENTS else 1 if token in _ONE_ARGUMENT else 0
        end = index + 1
        for _ in range(arguments):
            end = _group_end(tokens, end) if end >= 0 else -1
        if end < 0:
            return f"{token} without its arguments"
    if tokens and tokens[-1] in ("^", "_"):
        return "a script cut from its base"
    open_groups = [name for name, value in depth.items() if value]
    return f"open {', '.join(open_groups)}" if open_groups else None


def cuts_inside_groups(formula: str, pieces: list[Piece]) -> Iterator[str]:
    """Every piece that is not whole, and a join that is not the formula (something added or lost)."""
    for piece in pieces:
        why = whole(piece.latex)
        if why is not None:
            yield f"{why}: {piece.latex[:120]}"
    joined = "".join(p.latex + p.after.replace(r"\allowbreak", "") for p in pieces)
    if "".join(joined.split()) != "".join(math(formula).split()):
        yield f"the pieces are not the formula: {joined[:120]}"


class TestOracle:
    def test_finds_cuts(self) -> None:
        """The oracle sees a cut parenthesis, a fraction split from its denominator and a phantom."""
        assert whole(r"\hat y_p(1") == "open parentheses"
        assert whole(r"\frac{a}") == r"\frac without its arguments"
        assert whole(r"x^") == "a script cut from its base"
        assert whole(r"\left. f \right|_{x=0}") is None


def _rendered_formulas(monkeypatch: pytest.MonkeyPatch, claims, outcomes) -> list[str]:  # type: ignore[no-untyped-def]
    """Every formula the appendix of ``claims`` hands to the line breaker."""
    from verifier.render.latex.document import render_body

    seen: list[str] = []
    original = latex_claim.breakable

    def recording(formula: str) -> str:
        seen.append(formula)
        return original(formula)

    monkeypatch.setattr(latex_claim, "breakable", recording)
    render_body(claims, outcomes)
    return seen


def test_no_cut_inside_a_group_in_the_catalogue(catalogue_outcomes, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """In the catalogue's appendix every formula is cut only between top-level terms and relations."""
    from derivations import CATALOGUE

    formulas = _rendered_formulas(monkeypatch, CATALOGUE, [catalogue_outcomes[c.id] for c in CATALOGUE])
    assert len(formulas) > 500
    problems = [p for f in formulas for p in cuts_inside_groups(f, split_formula(math(f)))]
    assert not problems, problems[:5]


def test_no_cut_inside_a_group_in_the_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the appendix of examples/*.claims.toml every formula is cut only between top-level terms."""
    from verifier.engine import verify_all
    from verifier.language.claim_files import load_all

    files = load_all(sorted(str(p) for p in (ROOT / "examples").glob("*.claims.toml")))
    claims = [c for f in files for c in f.claims]
    formulas = _rendered_formulas(monkeypatch, claims, verify_all(claims, timeout=120))
    assert len(formulas) > 50
    problems = [p for f in formulas for p in cuts_inside_groups(f, split_formula(math(f)))]
    assert not problems, problems[:5]


def _formulas() -> st.SearchStrategy[str]:
    """LaTeX formulas built from atoms, groups, fractions, roots, scripts, delimiters and operators."""
    atoms = st.sampled_from(["x", "y_{i}", "2", r"\alpha", r"\sum_{m=1}^{K} z_{m}", "e^{-x}", "e^-x", "f(0^+)"])

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.tuples(inner, inner)
        return st.one_of(
            pair.map(lambda p: rf"\frac{{{p[0]}}}{{{p[1]}}}"),
            inner.map(lambda a: rf"\sqrt{{{a}}}"),
            inner.map(lambda a: rf"\left({a}\right)"),
            inner.map(lambda a: f"({a})"),
            inner.map(lambda a: f"[{a}]^{{2}}"),
            inner.map(lambda a: f"{{{a}}}"),
            st.tuples(inner, st.sampled_from([" + ", " - ", " = ", r" \leq ", " ", r" \quad "]), inner).map("".join),
        )

    return st.recursive(atoms, grow, max_leaves=8)


def test_generated_formulas_are_cut_only_between_top_level_terms() -> None:
    """For generated formulas, every piece is whole and the pieces joined are the formula."""
    from strategies import explore

    def check(formula: str) -> None:
        problems = list(cuts_inside_groups(formula, split_formula(math(formula))))
        assert not problems, (formula, problems)

    explore(_formulas(), check, examples=300)
