"""The steps of a proof attempt, recorded as it goes and printed only if it becomes a proof.

Printing costs more than most tactics; an attempt that fails prints nothing. Sum atoms
are printed as the sums they stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from verifier.language.printing import to_latex, to_text
from verifier.outcome import ProofStep
from verifier.prover.sums import SumNormaliser

__all__ = ["Recorder"]


@dataclass
class Recorder:
    """The steps of a proof attempt, printed only if the attempt becomes a proof."""

    normaliser: SumNormaliser | None = None
    _pending: list[tuple[str, sp.Basic | None, SumNormaliser | None]] = field(default_factory=list)

    def add(self, action: str, expression: sp.Basic | None = None) -> None:
        self._pending.append((action, expression, self.normaliser))

    @property
    def steps(self) -> tuple[ProofStep, ...]:
        return tuple(_printed(*pending) for pending in self._pending)


def _printed(action: str, expression: sp.Basic | None, normaliser: SumNormaliser | None) -> ProofStep:
    if expression is None:
        return ProofStep(action=action, text="", latex="")
    shown = normaliser.restore(expression) if normaliser else expression
    return ProofStep(action=action, text=to_text(shown, ordered=False), latex=to_latex(shown, ordered=False))
