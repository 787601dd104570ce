"""Figures: data computed with NumPy, written inline as pgfplots coordinates."""

from __future__ import annotations

import numpy as np
import pytest

from verifier.render.figures import Curve, activation_slopes, gradient_magnitudes, mse_gradient_path, render_figure


class TestGradientMagnitudes:
    def test_mse_gradient_is_the_derivative_of_the_loss(self) -> None:
        """-2 yhat_p L along the path agrees with a central difference of the NumPy loss in z_p."""
        p = np.array([0.1, 0.4, 0.8])
        for size in (2, 10):
            _, gradient = mse_gradient_path(p, size)
            logits = np.log(p * (size - 1) / (1 - p))
            h = 1e-6

            def loss(s: np.ndarray, size: int = size) -> np.ndarray:
                z = np.zeros((s.size, size))
                z[:, 0] = s
                y = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
                label = np.eye(size)[0]
                return ((label - y) ** 2).sum(axis=1)

            numeric = (loss(logits + h) - loss(logits - h)) / (2 * h)
            np.testing.assert_allclose(gradient, numeric, rtol=1e-6)

    def test_curves_cover_zero_to_one(self) -> None:
        """Every curve runs over yhat_p in [0, 1]; cross-entropy is |yhat_p - 1|."""
        figure = gradient_magnitudes(points=21)
        ce = figure.curves[0]
        assert ce.x[0] == 0.0 and ce.x[-1] == 1.0
        np.testing.assert_allclose(ce.y, np.abs(np.array(ce.x) - 1))
        assert len(figure.curves) == 4  # cross-entropy, MSE K=2 and K=10, the one-path formula

    def test_two_classes_double_the_one_path_formula(self) -> None:
        """With K = 2 the full MSE gradient is exactly twice the article's one-path formula."""
        figure = gradient_magnitudes(points=21, sizes=(2,))
        full, one_path = figure.curves[1], figure.curves[2]
        np.testing.assert_allclose(full.y, 2 * np.array(one_path.y), atol=1e-12)

    def test_sizes_below_two_are_rejected(self) -> None:
        """A softmax path with one class has no other logits: refused."""
        with pytest.raises(ValueError, match="sizes must be >= 2"):
            gradient_magnitudes(sizes=(1,))


def test_activation_slopes_peak_at_zero() -> None:
    """sigma' peaks at 1/4 and tanh' at 1, both at x = 0, on [-6, 6]."""
    sigma, tanh = activation_slopes(points=121).curves
    assert sigma.x[0] == -6.0 and sigma.x[-1] == 6.0
    assert max(sigma.y) == pytest.approx(0.25) and max(tanh.y) == pytest.approx(1.0)


def test_curve_rejects_non_finite_points() -> None:
    """A curve with nan or inf would break pgfplots: refused when built."""
    with pytest.raises(ValueError, match="finite"):
        Curve(legend="x", style="", x=(0.0, 1.0), y=(0.0, float("nan")))


class TestRender:
    def test_coordinates_inline(self) -> None:
        """The figure is a pgfplots axis with inline coordinates, a legend entry per curve, a caption and label."""
        latex = render_figure(activation_slopes(points=7))
        assert latex.count(r"\addplot[") == 2 and latex.count(r"\addlegendentry") == 2
        assert "coordinates {" in latex and "(-6,0.0024665)" in latex and "(0,1)" in latex
        assert r"\captionof{figure}" in latex and r"\label{fig:activation-slopes}" in latex

    def test_related_claims_cited_only_when_present(self) -> None:
        """A caption cites the claims it illustrates when they are in the document."""
        figure = activation_slopes(points=7, related=("a", "b"))
        latex = render_figure(figure, present={"b"})
        assert r"\ref{claim:b}" in latex and r"\ref{claim:a}" not in latex
