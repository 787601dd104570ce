"""Mean squared error through softmax: the article's one-path gradient and the full one."""

from __future__ import annotations

from derivations.articles import CE_VS_MSE
from verifier import Eq, KroneckerDelta, Sum, Variables, claim, diff, softmax, summation_index

__all__ = ["CLAIMS"]

v = Variables()
K = v.size("K")
z = v.vector("z", K)
p = v.index("p", K)
m = summation_index("m")

# The label is one-hot at the true class p: y_m = δ(m, p).
mse = Sum((KroneckerDelta(m, p) - softmax(z, m)) ** 2, (m, 1, K))
SECTION = "Softmax 反向传播角度 (the softmax backward pass)"

CLAIMS = (
    claim(
        v,
        id="cvm-mse-softmax-gradient-as-stated",
        title="The article's MSE gradient -2 yhat_p (1 - yhat_p)^2 (drops the paths through yhat_k, k != p)",
        statement=Eq(diff(mse, z[p]), -2 * softmax(z, p) * (1 - softmax(z, p)) ** 2),
        expected="refuted",
        source=CE_VS_MSE.at(
            SECTION,
            r"\frac{\partial L}{\partial z_p} = \frac{\partial L}{\partial \hat y_p}\cdot\frac{\partial \hat y_p}{\partial z_p} = -2\hat y_p(1-\hat y_p)^2",
        ),
    ),
    claim(
        v,
        id="cvm-mse-softmax-gradient-one-path",
        title="What the article computed: the chain-rule path through yhat_p alone",
        statement=Eq(2 * (softmax(z, p) - 1) * diff(softmax(z, p), z[p]), -2 * softmax(z, p) * (1 - softmax(z, p)) ** 2),
        source=CE_VS_MSE.at(SECTION, r"\frac{\partial L}{\partial \hat y_p}\cdot\frac{\partial \hat y_p}{\partial z_p}"),
    ),
    claim(
        v,
        id="mse-softmax-gradient-full",
        title="The full derivative: dL/dz_p = -2 yhat_p L, every path included",
        statement=Eq(diff(mse, z[p]), -2 * softmax(z, p) * mse),
        corrects="cvm-mse-softmax-gradient-as-stated",
        notes=(
            "dL/dz_p = -2 yhat_p [(1 - yhat_p)^2 + Σ_{k != p} yhat_k^2]: the article keeps only the first term;"
            " both vanish as yhat_p -> 0, so its conclusion about slow learning survives.",
        ),
    ),
)
