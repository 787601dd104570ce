"""What verifying a claim produced: verdict, proof, numeric evidence, counterexample.

Outcomes are plain data (strings and numbers, no SymPy objects), so they cross process
boundaries, serialise to JSON and are rendered by the report, the JSON writer and the
LaTeX appendix alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from verifier.language.printing import latex_text
from verifier.verdicts import Scope, Verdict

__all__ = [
    "Counterexample",
    "HypothesisCheck",
    "NumericEvidence",
    "Outcome",
    "Proof",
    "ProofStep",
    "StepOutcome",
]


@dataclass(frozen=True, kw_only=True)
class ProofStep:
    """One step the prover took: what it did, and the expression it reached."""

    action: str
    text: str
    latex: str


@dataclass(frozen=True, kw_only=True)
class Proof:
    """An exact symbolic argument and the sizes it covers."""

    scope: Scope
    method: str
    steps: tuple[ProofStep, ...]


@dataclass(frozen=True, kw_only=True)
class Counterexample:
    """A point of the domain where the claim fails, confirmed at ``digits`` digits.

    ``values`` maps each symbol to its exact value (vectors as lists), ``lhs`` and
    ``rhs`` are both sides evaluated there.
    """

    sizes: dict[str, int]
    values: dict[str, str | list[str] | list[list[str]]]
    lhs: str
    rhs: str
    relation: str
    digits: int
    arithmetic: str = "exact"
    """'exact' (evaluated at ``digits`` digits), or 'float64' for a floating-point fact,
    where the float64 result itself is the evidence."""

    def __post_init__(self) -> None:
        if self.arithmetic not in ("exact", "float64"):
            raise ValueError(f"arithmetic must be 'exact' or 'float64' (got {self.arithmetic!r})")
        if self.arithmetic == "exact" and self.digits < 30:
            raise ValueError(f"a counterexample must be confirmed at >= 30 digits (got {self.digits})")

    def to_json(self) -> dict[str, object]:
        return {
            "sizes": self.sizes,
            "values": self.values,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "relation": self.relation,
            "digits": self.digits,
            "arithmetic": self.arithmetic,
        }


@dataclass(frozen=True, kw_only=True)
class NumericEvidence:
    """The falsifier's search: where it looked, and how far the two sides were apart.

    ``points`` were evaluated in float64 at ``sizes``, with coordinates from
    ``smallest_magnitude`` to ``largest_magnitude`` (nonzero absolute values); among
    them ``special_points`` (0, +-1, interval ends, ...), points at and beside
    ``breakpoints`` of piecewise functions and at ``critical_points`` of a one-variable
    residual, and ``refined_points`` from local search. ``exact_points`` were evaluated
    at 50 digits, ``near_ties`` of them because float64 could not resolve their margin.
    A confirmed counterexample was shrunk in ``shrink_steps`` steps.

    Errors are over the points where both sides were finite (not far out).
    ``overflow_points`` counts points where float64 gave inf or nan (reported as such,
    never as a wrong result); ``unreliable_points`` counts float64 failures that exact
    evaluation did not confirm. Agreement here is evidence, never a proof.
    """

    points: int
    sizes: tuple[int, ...]
    seed: int
    max_abs_error: float
    max_rel_error: float
    max_tolerance: float
    overflow_points: int = 0
    unreliable_points: int = 0
    disagreements: int = 0
    exact_points: int = 0
    smallest_magnitude: float | None = None
    largest_magnitude: float | None = None
    special_points: int = 0
    breakpoints: int = 0
    critical_points: int = 0
    refined_points: int = 0
    near_ties: int = 0
    shrink_steps: int = 0

    def searched(self) -> list[str]:
        """What the search covered beyond random points, as short phrases for reports."""
        phrases = []
        if self.smallest_magnitude is not None and self.largest_magnitude is not None:
            phrases.append(f"|values| from {self.smallest_magnitude:.0e} to {self.largest_magnitude:.0e}")
        counts = (
            (self.special_points, "special point", "special points"),
            (self.breakpoints, "breakpoint (at it and on each side)", "breakpoints (at them and on each side)"),
            (self.critical_points, "critical point", "critical points"),
            (self.refined_points, "point from local refinement", "points from local refinement"),
            (self.near_ties, "near-tie decided exactly", "near-ties decided exactly"),
        )
        phrases += [f"{count} {one if count == 1 else many}" for count, one, many in counts if count]
        if self.shrink_steps:
            phrases.append(f"counterexample shrunk in {self.shrink_steps} step{'s' if self.shrink_steps != 1 else ''}")
        return phrases

    def to_json(self) -> dict[str, object]:
        return {
            "points": self.points,
            "max_abs_error": self.max_abs_error,
            "max_rel_error": self.max_rel_error,
            "max_tolerance": self.max_tolerance,
            "sizes": list(self.sizes),
            "seed": self.seed,
            "overflow_points": self.overflow_points,
            "unreliable_points": self.unreliable_points,
            "disagreements": self.disagreements,
            "exact_points": self.exact_points,
            "magnitudes": (
                None
                if self.smallest_magnitude is None or self.largest_magnitude is None
                else [self.smallest_magnitude, self.largest_magnitude]
            ),
            "special_points": self.special_points,
            "breakpoints": self.breakpoints,
            "critical_points": self.critical_points,
            "refined_points": self.refined_points,
            "near_ties": self.near_ties,
            "shrink_steps": self.shrink_steps,
        }


@dataclass(frozen=True, kw_only=True)
class HypothesisCheck:
    """Whether the claim still holds without one hypothesis.

    ``needed`` is True when a confirmed counterexample of the relaxed claim shows the
    hypothesis is needed; None when none was found (which does not show it is not).
    """

    hypothesis: str
    relaxed_to: str
    needed: bool | None
    counterexample: Counterexample | None = None

    def __post_init__(self) -> None:
        if self.needed and self.counterexample is None:
            raise ValueError("a needed hypothesis must carry the counterexample that shows it")


@dataclass(frozen=True, kw_only=True)
class StepOutcome:
    """The outcome of one relation: a whole claim, or one step of a chain."""

    verdict: Verdict
    scope: Scope | None = None
    proof: Proof | None = None
    numeric: NumericEvidence | None = None
    counterexample: Counterexample | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        _check_invariants(self.verdict, self.scope, self.counterexample, self.reason)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """The result of verifying one claim."""

    claim_id: str
    verdict: Verdict
    expected: Verdict
    scope: Scope | None = None
    proof: Proof | None = None
    numeric: NumericEvidence | None = None
    counterexample: Counterexample | None = None
    failing_step: int | None = None
    steps: tuple[StepOutcome, ...] = ()
    hypotheses: tuple[HypothesisCheck, ...] = ()
    reason: str | None = None
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())
    reproducible: bool = True
    """False when a time limit, a memory limit or a crash decided the outcome: another run
    may get further, so it depends on the machine, not only on the claim (never cached)."""

    def __post_init__(self) -> None:
        _check_invariants(self.verdict, self.scope, self.counterexample, self.reason)

    @property
    def headline(self) -> str:
        """One line: the verdict with its scope, the claim, and whether it was expected."""
        verdict = f"{self.verdict.value} ({self.scope})" if self.scope is not None else self.verdict.value
        expected = "as expected" if self.as_expected else f"NOT as expected: expected {self.expected.value}"
        return f"{self.claim_id}: {verdict}, {expected}"

    def details(self) -> list[str]:
        """The lines under the headline: the failing step, the counterexample, or the reason."""
        lines = [f"failing step {self.failing_step}"] if self.failing_step is not None else []
        example = self.counterexample
        if example is not None:
            lines.append(", ".join(f"{name} = {size}" for name, size in example.sizes.items()) or "at")
            lines += [f"{name} = {_listed(value)}" for name, value in example.values.items()]
            lines += [f"lhs = {example.lhs}", f"rhs = {example.rhs}", f"(the relation {example.relation} fails)"]
        if self.reason:
            lines.append(self.reason)
        return lines

    def __rich__(self) -> Text:
        """The outcome in a rich console or notebook: headline, then counterexample or reason."""
        # Plain colours, not the report's theme: a console without that theme must render it too.
        colour = {Verdict.PROVED: "green", Verdict.REFUTED: "red", Verdict.UNDECIDED: "yellow"}.get(self.verdict)
        text = Text(self.headline, style=colour or "magenta")
        for line in self.details():
            text.append(f"\n  {line}")
        return text

    def _repr_latex_(self) -> str:
        """The outcome in a notebook, as LaTeX: the same lines as ``__rich__``."""
        lines = [latex_text(self.headline), *(f"\\quad {latex_text(line)}" for line in self.details())]
        return "$\\begin{array}{l}" + " \\\\ ".join(lines) + "\\end{array}$"

    @property
    def as_expected(self) -> bool:
        """The expected verdict; a proof meets ``proved`` only when it holds for every size."""
        if self.verdict is not self.expected:
            return False
        return self.verdict is not Verdict.PROVED or self.scope is None or self.scope.is_all


def _listed(value: str | list[str] | list[list[str]]) -> str:
    if isinstance(value, str):
        return value
    return "[" + ", ".join(_listed(v) for v in value) + "]"


def _check_invariants(
    verdict: Verdict, scope: Scope | None, counterexample: Counterexample | None, reason: str | None
) -> None:
    if verdict is Verdict.PROVED and scope is None:
        raise ValueError("a proved outcome must carry its scope")
    if verdict is not Verdict.PROVED and scope is not None:
        raise ValueError(f"only a proved outcome has a scope (verdict {verdict.value})")
    if verdict is Verdict.REFUTED and counterexample is None:
        raise ValueError("a refuted outcome must carry a counterexample")
    if verdict in (Verdict.UNDECIDED, Verdict.ERROR) and not reason:
        raise ValueError(f"an {verdict.value} outcome must carry a reason")
