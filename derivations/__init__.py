"""The catalogue: every checkable claim of the four articles, one module per topic.

``CATALOGUE`` holds every claim, in report order. Claims are built with the verifier's
public vocabulary only. ``PENDING`` holds true statements of the articles that today's
prover cannot prove yet (each says why in its notes): they join the catalogue when it can,
and are never recorded as expected "undecided".
"""

from __future__ import annotations

from derivations import (
    activations,
    cross_entropy,
    floating_point,
    layer,
    likelihood,
    mse,
    softmax,
    worked_examples,
)
from derivations.articles import ARTICLES
from verifier import Claim

__all__ = ["ARTICLES", "CATALOGUE", "PENDING"]

CATALOGUE: tuple[Claim, ...] = (
    *softmax.CLAIMS,
    *cross_entropy.CLAIMS,
    *mse.CLAIMS,
    *layer.CLAIMS,
    *activations.CLAIMS,
    *likelihood.CLAIMS,
    *worked_examples.CLAIMS,
    *floating_point.CLAIMS,
)

PENDING: tuple[Claim, ...] = (*cross_entropy.PENDING, *activations.PENDING)
