"""The errata: what the sources got wrong, with the corrections and the evidence.

An erratum is a sourced claim that is refuted (the article's statement is false) and
corrected by another claim, or refuted against its expectation; or a
proved one whose source leaves a needed hypothesis unstated (shown needed by a
counterexample without it). Each comes with the claims that correct it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from verifier.language.claims import Claim
from verifier.outcome import HypothesisCheck, Outcome
from verifier.verdicts import Verdict

__all__ = ["Erratum", "ErratumKind", "errata_by_article"]


class ErratumKind(enum.Enum):
    """What is wrong with a source's statement."""

    FALSE = "false"
    """The statement as written is refuted."""
    UNSTATED_HYPOTHESIS = "unstated hypothesis"
    """The statement holds only under a hypothesis the source does not state."""


@dataclass(frozen=True, kw_only=True)
class Erratum:
    """One mistake of a source, its corrections, and the evidence."""

    kind: ErratumKind
    claim: Claim
    outcome: Outcome
    corrections: tuple[tuple[Claim, Outcome], ...] = ()
    needed: tuple[HypothesisCheck, ...] = ()


def errata_by_article(claims: Sequence[Claim], outcomes: Sequence[Outcome]) -> dict[str, list[Erratum]]:
    """The errata, grouped by article in the order the claims come."""
    by_id = {o.claim_id: o for o in outcomes}
    present = [c for c in claims if c.id in by_id]
    grouped: dict[str, list[Erratum]] = {}
    for claim in present:
        if claim.source is None:
            continue
        outcome = by_id[claim.id]
        corrections = tuple((c, by_id[c.id]) for c in present if c.corrects == claim.id)
        erratum = None
        if outcome.verdict is Verdict.REFUTED and (corrections or not outcome.as_expected):
            # a refutation the claim expects, with no correction, is a deliberate mistake (a
            # user's example), not a statement of the source found false
            erratum = Erratum(kind=ErratumKind.FALSE, claim=claim, outcome=outcome, corrections=corrections)
        elif claim.unstated:
            keys = {h.text: h.key for h in claim.hypotheses}
            needed = tuple(
                check for check in outcome.hypotheses if check.needed and keys.get(check.hypothesis) in claim.unstated
            )
            erratum = Erratum(
                kind=ErratumKind.UNSTATED_HYPOTHESIS,
                claim=claim,
                outcome=outcome,
                corrections=corrections,
                needed=needed,
            )
        if erratum is not None:
            grouped.setdefault(claim.source.article, []).append(erratum)
    return grouped
