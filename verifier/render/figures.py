"""Figures for the appendix: data computed here with NumPy, drawn by pgfplots.

Every coordinate is computed (never typed in) and written inline into the document, so
the LaTeX stays self-contained. Two figures:

- ``gradient_magnitudes``: |dL/dz_p| at the true class for cross-entropy and for MSE
  through softmax, as yhat_p runs from 0 to 1;
- ``activation_slopes``: sigma' beside tanh' on [-6, 6].
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from verifier.render.latex.markup import claim_id, label

__all__ = ["Curve", "Figure", "activation_slopes", "gradient_magnitudes", "mse_gradient_path", "render_figure"]


@dataclass(frozen=True, kw_only=True)
class Curve:
    """One plotted line: its legend (LaTeX), its pgfplots style and its points."""

    legend: str
    style: str
    x: tuple[float, ...]
    y: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or not self.x:
            raise ValueError(f"a curve needs as many x as y values, at least one (got {len(self.x)}, {len(self.y)})")
        if not all(np.isfinite(self.x)) or not all(np.isfinite(self.y)):
            raise ValueError(f"curve {self.legend!r}: every coordinate must be finite")


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A plot with its caption; ``related`` names the claims it illustrates."""

    label: str
    caption: str
    xlabel: str
    ylabel: str
    curves: tuple[Curve, ...]
    related: tuple[str, ...] = ()
    xmin: float | None = None
    xmax: float | None = None


def _softmax(z: np.ndarray) -> np.ndarray:
    shifted = np.exp(z - z.max(axis=-1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result


def mse_gradient_path(true_class_probability: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Along the path z = (s, 0, ..., 0) of length ``size``: the loss L and dL/dz_p.

    ``s`` is chosen so that yhat_p = softmax(z)_p takes the given values; L is
    Σ_k (y_k - yhat_k)^2 with the one-hot label at p = 1, and dL/dz_p = -2 yhat_p L
    (the full derivative, every chain-rule path included).
    """
    probability = np.asarray(true_class_probability, dtype=float)
    logits = np.zeros((probability.size, size))
    logits[:, 0] = np.log(probability * (size - 1) / (1 - probability))
    outputs = _softmax(logits)
    label = np.zeros(size)
    label[0] = 1.0
    loss = ((label - outputs) ** 2).sum(axis=1)
    return loss, -2 * outputs[:, 0] * loss


def gradient_magnitudes(*, points: int = 81, sizes: Sequence[int] = (2, 10), related: tuple[str, ...] = ()) -> Figure:
    """|dL/dz_p| for cross-entropy and MSE through softmax, yhat_p from 0 to 1."""
    if any(k < 2 for k in sizes):
        raise ValueError(f"sizes must be >= 2 (got {list(sizes)})")
    p = np.linspace(0.0, 1.0, points)[1:-1]
    ends = np.concatenate(([0.0], p, [1.0]))
    curves = [Curve(legend=r"cross-entropy $|\hat y_p - 1|$", style="thick, black", x=_t(ends), y=_t(np.abs(ends - 1)))]
    dashes = ("thick, blue", "thick, blue, densely dashed", "thick, blue, dotted")
    for size, style in zip(sizes, dashes, strict=False):
        _, gradient = mse_gradient_path(p, size)
        curves.append(
            Curve(
                legend=f"MSE, full $|-2\\hat y_p L|$, $K={size}$",
                style=style,
                x=_t(ends),
                y=_t(np.concatenate(([0.0], np.abs(gradient), [0.0]))),
            )
        )
    one_path = 2 * ends * (1 - ends) ** 2
    curves.append(
        Curve(
            legend=r"MSE, one path $2\hat y_p(1-\hat y_p)^2$",
            style="thick, red, dashdotted",
            x=_t(ends),
            y=_t(one_path),
        )
    )
    listed = " and ".join(f"$K = {k}$" for k in sizes)
    return Figure(
        label="fig:gradient-magnitudes",
        caption=(
            r"The size of the gradient at the true class, $|\partial L/\partial z_p|$, as the predicted "
            r"probability $\hat y_p$ of the true class runs from 0 to 1 (one-hot label at $p$). "
            r"Cross-entropy gives $|\hat y_p - 1|$, largest when the prediction is most wrong. "
            r"For the MSE the full derivative is $-2\hat y_p L$; it is drawn along the path "
            f"$z = (s, 0, \\dots, 0)$, the other $K-1$ logits equal, for {listed} classes. "
            r"The article's one-path formula $2\hat y_p(1-\hat y_p)^2$ is drawn too. "
            r"Every MSE curve vanishes as $\hat y_p \to 0$: a confidently wrong prediction barely learns."
        ),
        xlabel=r"$\hat y_p$",
        ylabel=r"$|\partial L / \partial z_p|$",
        curves=tuple(curves),
        related=related,
        xmin=0.0,
        xmax=1.0,
    )


def activation_slopes(*, points: int = 121, related: tuple[str, ...] = ()) -> Figure:
    """sigma'(x) = sigma(x)(1 - sigma(x)) beside tanh'(x) = 1 - tanh(x)^2 on [-6, 6]."""
    x = np.linspace(-6.0, 6.0, points)
    sigma = 1 / (1 + np.exp(-x))
    return Figure(
        label="fig:activation-slopes",
        caption=(
            r"The slopes of the two saturating activations on $[-6, 6]$: "
            r"$\sigma'(x) = \sigma(x)(1-\sigma(x))$ is at most $1/4$ (at $x = 0$), "
            r"$\tanh'(x) = 1 - \tanh^2 x$ at most 1; both vanish in the tails."
        ),
        xlabel="$x$",
        ylabel="slope",
        curves=(
            Curve(legend=r"$\sigma'(x)$", style="thick, blue", x=_t(x), y=_t(sigma * (1 - sigma))),
            Curve(legend=r"$\tanh'(x)$", style="thick, red, densely dashed", x=_t(x), y=_t(1 - np.tanh(x) ** 2)),
        ),
        related=related,
        xmin=-6.0,
        xmax=6.0,
    )


def _t(values: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _coordinates(curve: Curve) -> str:
    pairs = [f"({x:.4g},{y:.5g})" for x, y in zip(curve.x, curve.y, strict=True)]
    lines = [" ".join(pairs[i : i + 6]) for i in range(0, len(pairs), 6)]
    return "\n    ".join(lines)


def render_figure(figure: Figure, present: Collection[str] = ()) -> str:
    """The figure as a LaTeX ``figure`` with a pgfplots axis; cites the related claims in ``present``."""
    limits = []
    if figure.xmin is not None:
        limits.append(f"xmin={figure.xmin:g}")
    if figure.xmax is not None:
        limits.append(f"xmax={figure.xmax:g}")
    options = ",\n    ".join(
        [
            r"width=0.9\linewidth",
            "height=0.45\\linewidth",
            f"xlabel={{{figure.xlabel}}}",
            f"ylabel={{{figure.ylabel}}}",
            *limits,
            "ymin=0",
            "grid=major",
            "legend pos=north east",
            "legend cell align=left",
            r"legend style={font=\footnotesize}",
        ]
    )
    plots = "\n".join(
        f"\\addplot[{curve.style}, no markers] coordinates {{\n    {_coordinates(curve)}\n}};\n"
        f"\\addlegendentry{{{curve.legend}}}"
        for curve in figure.curves
    )
    cited = [i for i in figure.related if i in present]
    caption = figure.caption
    if cited:
        refs = ", ".join(f"Claim~\\ref{{{label('claim:' + i)}}} ({claim_id(i)})" for i in cited)
        caption += f" See {refs}."
    return (
        "\\par\\medskip\\noindent\\begin{minipage}{\\linewidth}\n\\centering\n\\begin{tikzpicture}\n"
        f"\\begin{{axis}}[\n    {options}\n]\n{plots}\n\\end{{axis}}\n\\end{{tikzpicture}}\n"
        f"\\captionsetup{{hypcap=false}}\\captionof{{figure}}{{{caption}}}\\label{{{figure.label}}}\n\\end{{minipage}}\\par\\medskip\n"
    )
