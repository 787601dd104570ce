"""The Python API: claim files, verify, notebook display, Verdict as a string, the version."""

from __future__ import annotations

import importlib.metadata
import io
import re
from pathlib import Path

import pytest
from rich.console import Console

import verifier
from verifier.outcome import Counterexample

ROOT = Path(__file__).parent.parent
SPEC_EXAMPLE = ROOT / "tests" / "data" / "spec_example.toml"
ONE = '[symbols]\nx = "real"\n\n[[claim]]\nid = "square_nonnegative"\nstatement = "x**2 >= 0"\n'


def rendered(value: object) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(value)
    output = console.file.getvalue()
    assert isinstance(output, str)
    return output


def test_readme_example_runs() -> None:
    """The README's "Python API" example runs as written, its assertions included."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    exec(compile(code, "README.md (Python API)", "exec"), {})


class TestClaimFiles:
    def test_load(self) -> None:
        """load reads a claim file: its path and its claims in order."""
        loaded = verifier.load(SPEC_EXAMPLE)
        assert loaded.path == str(SPEC_EXAMPLE)
        assert loaded.claims[0].id == "tempered-ce-gradient" and len(loaded.claims) == 6

    def test_loads_and_verify(self) -> None:
        """A claim of a file's text verifies like any claim."""
        (claim,) = verifier.loads(ONE).claims
        outcome = verifier.verify(claim)
        assert outcome.verdict == "proved" and outcome.as_expected

    def test_invalid_text(self) -> None:
        """An invalid text raises ClaimFileError with the line and the column of the problem."""
        with pytest.raises(verifier.ClaimFileError) as caught:
            verifier.loads(ONE.replace("x**2", "ln(x)"), file="mine.toml")
        assert (caught.value.line, caught.value.column) == (6, 1)
        assert str(caught.value) == "mine.toml:6: claim 'square_nonnegative', field 'statement': " + (
            "'ln' is not a function of claim files: write log(...)"
        )


class TestVerifyTakesClaims:
    @pytest.mark.parametrize("text", ["x**2 >= 0", ONE])
    def test_string(self, text: str) -> None:
        """A string is refused with a TypeError that says how to load it."""
        with pytest.raises(TypeError, match=r"verify takes claims .*got str: load claims written as text first"):
            verifier.verify(text)  # type: ignore[arg-type]

    def test_claim_file(self) -> None:
        """A whole claim file given to verify_all says to pass its claims."""
        with pytest.raises(TypeError, match=r"got ClaimFile: pass a claim file's claims"):
            verifier.verify_all(verifier.loads(ONE))  # type: ignore[arg-type]

    def test_string_to_verify_all(self) -> None:
        """verify_all refuses a string instead of verifying its characters."""
        with pytest.raises(TypeError, match="verify_all takes claims"):
            verifier.verify_all("x**2 >= 0")  # type: ignore[arg-type]


class TestVerdict:
    def test_is_a_string(self) -> None:
        """A verdict equals its string, and prints as it."""
        assert verifier.Verdict.PROVED == "proved" and verifier.Verdict.REFUTED != "proved"
        assert str(verifier.Verdict.UNDECIDED) == "undecided" and f"{verifier.Verdict.ERROR}" == "error"
        assert verifier.Verdict("refuted") is verifier.Verdict.REFUTED


def test_version() -> None:
    """__version__ is the installed package's version."""
    assert verifier.__version__ == importlib.metadata.version("derivation-verifier")


REFUTED = verifier.Outcome(
    claim_id="forgets_diagonal",
    verdict=verifier.Verdict.REFUTED,
    expected=verifier.Verdict.PROVED,
    counterexample=Counterexample(
        sizes={"K": 1}, values={"z": ["-1/2"], "x": "3"}, lhs="0", rhs="-1.0", relation="==", digits=50
    ),
)


class TestDisplay:
    def test_outcome_in_a_console(self) -> None:
        """An outcome prints its headline and its counterexample in a rich console."""
        assert rendered(REFUTED) == (
            "forgets_diagonal: refuted, NOT as expected: expected proved\n"
            "  K = 1\n  z = [-1/2]\n  x = 3\n  lhs = 0\n  rhs = -1.0\n  (the relation == fails)\n"
        )

    def test_undecided_shows_its_reason(self) -> None:
        """An undecided outcome shows why, and markup in the reason stays text."""
        outcome = verifier.Outcome(
            claim_id="c",
            verdict=verifier.Verdict.UNDECIDED,
            expected=verifier.Verdict.PROVED,
            reason="time limit [bold]reached",
        )
        assert rendered(outcome) == "c: undecided, NOT as expected: expected proved\n  time limit [bold]reached\n"

    def test_outcome_as_latex(self) -> None:
        """An outcome's LaTeX has its lines as upright text, the specials escaped."""
        assert REFUTED._repr_latex_() == (
            r"$\begin{array}{l}\mathrm{forgets\_diagonal:\ refuted,\ NOT\ as\ expected:\ expected\ proved}"
            r" \\ \quad \mathrm{K\ =\ 1} \\ \quad \mathrm{z\ =\ [\text{-}1/2]} \\ \quad \mathrm{x\ =\ 3}"
            r" \\ \quad \mathrm{lhs\ =\ 0} \\ \quad \mathrm{rhs\ =\ \text{-}1.0}"
            r" \\ \quad \mathrm{(the\ relation\ ==\ fails)}\end{array}$"
        )

    def test_claim(self) -> None:
        """A claim shows its id and statement in a console, and its formula as LaTeX."""
        (claim,) = verifier.loads(ONE).claims
        assert rendered(claim) == "square_nonnegative\n  x**2 >= 0\n"
        assert claim._repr_latex_() == r"$$\mathrm{square\_nonnegative}:\quad x^{2} \geq 0$$"

    def test_hostile_strings(self) -> None:
        """TeX specials and control characters in an id never reach the LaTeX live."""
        outcome = verifier.Outcome(
            claim_id="a\\input{x}$%#&~^\x1b",
            verdict=verifier.Verdict.UNDECIDED,
            expected=verifier.Verdict.PROVED,
            reason="r",
        )
        latex = outcome._repr_latex_()
        assert "\\input" not in latex and "\x1b" not in latex
