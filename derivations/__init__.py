"""The catalogue: every checkable claim of the four articles, one module per topic.

``CATALOGUE`` holds every claim, in report order. Claims are built with the verifier's
public vocabulary only.
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

__all__ = ["ARTICLES", "CATALOGUE"]

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
