"""Cross-entropy through softmax: the gradient y - t, its hypothesis, its general form."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS, CE_VS_MSE, SOFTMAX_CE_DERIVATIVES
from verifier import Domain, Eq, Sum, Variables, claim, diff, log, softmax, summation_index

__all__ = ["CLAIMS"]

v = Variables()
K = v.size("K")
z = v.vector("z", K)
t = v.vector("t", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
q = v.vector("q", K, Domain.POSITIVE)
j = v.index("j", K)
p = v.index("p", K)
m = summation_index("m")


def cross_entropy(labels):  # type: ignore[no-untyped-def]
    """-Σ_m labels[m] log softmax(z, m)."""
    return -Sum(labels[m] * log(softmax(z, m)), (m, 1, K))


CLAIMS = (
    claim(
        v,
        id="scd-eq7-ce-softmax-gradient",
        title="Cross-entropy through softmax with a one-hot label: dH/dz_j = y_j - yhat_j",
        statement=Eq(diff(cross_entropy(y), z[j]), softmax(z, j) - y[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"\frac{\partial H(\hat y, y)}{\partial z_j} = y_j - \hat y_j \tag{7}",
        ),
    ),
    claim(
        v,
        id="ce-softmax-gradient-sum-to-one",
        title="The gradient y - t holds for any labels that sum to 1, and needs that",
        statement=Eq(diff(cross_entropy(t), z[j]), softmax(z, j) - t[j]),
        unstated=("t",),
        source=ACTIVATIONS.at(
            "softmax交叉熵 (Softmax-with-Loss)",
            r"\frac{\partial L}{\partial a_k} = y_k - t_k",
            note="The article states it for one-hot labels; the step -t_j + y_j Σ t_i = y_j - t_j uses only Σ t_i = 1.",
        ),
    ),
    claim(
        v,
        id="ce-softmax-gradient-general",
        title="Without the sum-to-one hypothesis: dL/dz_j = y_j Σ t - t_j",
        statement=Eq(diff(cross_entropy(q), z[j]), softmax(z, j) * Sum(q[m], (m, 1, K)) - q[j]),
        source=SOFTMAX_CE_DERIVATIVES.at(
            "对 softmax 和 cross-entropy 一起求导 (softmax and cross-entropy together)",
            r"= -\hat y_j + y_j \sum_{i=1}^m \hat y_i",
            note="The line of equation (7) before the sum-to-one hypothesis is used.",
        ),
    ),
    claim(
        v,
        id="cvm-ce-softmax-gradient-true-class",
        title="Cross-entropy through softmax at the true class p: dL/dz_p = yhat_p - 1",
        statement=Eq(diff(-log(softmax(z, p)), z[p]), softmax(z, p) - 1),
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial L}{\partial z_p} = \frac{\partial L}{\partial \hat y_p}\cdot\frac{\partial \hat y_p}{\partial z_p} = \hat y_p - 1",
        ),
    ),
)
