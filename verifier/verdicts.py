"""Verdicts, proof scopes, and the rules that turn evidence into a verdict: all in one place.

The rules (DESIGN.md, "Verdicts"):

- proved: only from an exact symbolic reduction on the whole declared domain;
- refuted: only with a counterexample confirmed by exact or >= 30-digit evaluation;
- undecided: neither; the reason says why, and the numeric evidence is shown;
- error: the claim could not be evaluated.

Numeric agreement never proves. A proof contradicted by a confirmed counterexample is a
bug in the verifier: it becomes an error that says so, never a quiet average.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DIGITS", "Scope", "Verdict", "decide"]

DIGITS = 50
"""Significant digits of exact evaluation: counterexamples are confirmed, and values
within a tolerance proved, at this precision (the rules ask for at least 30)."""


class Verdict(enum.StrEnum):
    """What the verifier concluded about a claim; a string, so ``Verdict.PROVED == "proved"``."""

    PROVED = "proved"
    """An exact symbolic argument shows the claim on its whole declared domain, for the
    sizes in the proof's scope."""
    REFUTED = "refuted"
    """A point of the domain where the claim fails, confirmed by exact or >= 30-digit
    evaluation, is attached."""
    UNDECIDED = "undecided"
    """Neither a proof nor a confirmed counterexample was found. This does not
    guarantee that the claim is true, nor that no counterexample exists, only that we
    were unable to find either; the reason says why."""
    ERROR = "error"
    """The claim could not be evaluated (a bug in the claim or in the verifier)."""


@dataclass(frozen=True, kw_only=True)
class Scope:
    """For which sizes a proof holds: every size allowed (``all``), or the listed ones."""

    sizes: tuple[int, ...] | None = None

    @property
    def is_all(self) -> bool:
        return self.sizes is None

    def __str__(self) -> str:
        if self.sizes is None:
            return "all"
        sizes = sorted(self.sizes)
        if len(sizes) > 2 and sizes == list(range(sizes[0], sizes[-1] + 1)):
            return f"{sizes[0]}..{sizes[-1]}"
        return ", ".join(str(s) for s in sizes)

    def to_json(self) -> str | list[int]:
        return "all" if self.sizes is None else sorted(self.sizes)

    def only(self, names: Sequence[str] = ()) -> str:
        """'only for K in 1..6' (or 'only for sizes 1..6' when the size names are unknown)."""
        which = f"{names[0]} in" if len(names) == 1 else "sizes"
        return f"only for {which} {self}"


ALL_SIZES = Scope()


@dataclass(frozen=True, kw_only=True)
class Decision:
    """The verdict the rules reach, with its scope (when proved) and reason (otherwise)."""

    verdict: Verdict
    scope: Scope | None = None
    reason: str | None = None


def decide(
    *,
    proof_scope: Scope | None,
    proof_failure: str | None,
    counterexample_found: bool,
    numeric_failure: str | None = None,
) -> Decision:
    """Apply the verdict rules to what the prover and the numeric check found.

    ``proof_scope`` is the scope of a symbolic proof, or None if there is none;
    ``proof_failure`` says why there is none. ``counterexample_found`` is true only for
    a counterexample confirmed at high precision. ``numeric_failure`` says why the
    numeric check could not run at all.
    """
    if counterexample_found and proof_scope is not None:
        return Decision(
            verdict=Verdict.ERROR,
            reason=(
                "verifier inconsistency: the prover reports a proof, but a counterexample "
                "was confirmed at high precision; this is a bug in the verifier"
            ),
        )
    if counterexample_found:
        return Decision(verdict=Verdict.REFUTED)
    if proof_scope is not None:
        return Decision(verdict=Verdict.PROVED, scope=proof_scope)
    reasons = [r for r in (proof_failure, numeric_failure) if r]
    reason = "; ".join(reasons) or "no proof and no counterexample were found"
    return Decision(verdict=Verdict.UNDECIDED, reason=reason)
