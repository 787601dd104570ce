"""Mean squared error through softmax: the article's one-path gradient and the full one."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS, CE_VS_MSE
from verifier import Domain, Eq, Ge, Gt, KroneckerDelta, Lt, Rational, Sum, Variables, claim, diff, softmax
from verifier import summation_index

__all__ = ["CLAIMS"]

v = Variables()
K = v.size("K")
z = v.vector("z", K)
p = v.index("p", K)
K2 = v.size("K2", at_least=2)
p2 = v.index("p2", K2)
s = v.vector("s", K2, Domain.SIMPLEX)  # predictions
r = v.vector("r", K)  # outputs treated as free variables
t = v.vector("t", K)
u = v.scalar("u", Domain.UNIT)
m = summation_index("m")

# The label is one-hot at the true class p: y_m = δ(m, p).
mse = Sum((KroneckerDelta(m, p) - softmax(z, m)) ** 2, (m, 1, K))
SECTION = "Softmax 反向传播角度 (the softmax backward pass)"

CLAIMS = (
    claim(
        v,
        id="cvm-mse-one-hot-expands",
        title="With a one-hot label at p, the MSE is (1 - yhat_p)^2 + Σ_{k != p} yhat_k^2",
        steps=[
            Sum((KroneckerDelta(m, p) - r[m]) ** 2, (m, 1, K)),
            (1 - r[p]) ** 2 + Sum((1 - KroneckerDelta(m, p)) * r[m] ** 2, (m, 1, K)),
        ],
        source=CE_VS_MSE.at(
            "均方误差损失 (the mean squared error)",
            r"L = (y_1-\hat y_1)^2+\dots+(y_K-\hat y_K)^2 = (1-\hat y_p)^2 + (\hat y_1^2+\dots+\hat y_{p-1}^2+\hat y_{p+1}^2+\dots+\hat y_K^2)",
        ),
    ),
    claim(
        v,
        id="cvm-mse-derivative-wrt-output",
        title="dL/dyhat_p = -2 (1 - yhat_p) = 2 (yhat_p - 1), the outputs treated as free variables",
        steps=[diff(Sum((KroneckerDelta(m, p) - r[m]) ** 2, (m, 1, K)), r[p]), -2 * (1 - r[p]), 2 * (r[p] - 1)],
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial L}{\partial \hat y_p} = -2(1-\hat y_p) = 2(\hat y_p - 1)",
        ),
    ),
    claim(
        v,
        id="cvm-mse-chain",
        title="The article's MSE chain: its first step keeps only the path through yhat_p",
        steps=[
            diff(mse, z[p]),
            2 * (softmax(z, p) - 1) * diff(softmax(z, p), z[p]),
            -2 * softmax(z, p) * (1 - softmax(z, p)) ** 2,
        ],
        expected="refuted",
        source=CE_VS_MSE.at(
            SECTION,
            r"\frac{\partial L}{\partial z_p} = \frac{\partial L}{\partial \hat y_p}\cdot\frac{\partial \hat y_p}{\partial z_p} = -2\hat y_p(1-\hat y_p)^2",
        ),
    ),
    claim(
        v,
        id="mse-chain-all-paths",
        title="The chain with every path: Σ_k dL/dyhat_k dyhat_k/dz_p",
        steps=[
            diff(mse, z[p]),
            Sum(2 * (softmax(z, m) - KroneckerDelta(m, p)) * diff(softmax(z, m), z[p]), (m, 1, K)),
            -2 * softmax(z, p) * (1 - softmax(z, p)) ** 2 - 2 * softmax(z, p) * Sum((1 - KroneckerDelta(m, p)) * softmax(z, m) ** 2, (m, 1, K)),
            -2 * softmax(z, p) * mse,
        ],
        corrects="cvm-mse-chain",
    ),
    claim(
        v,
        id="cvm-mse-loss-positive",
        title="The MSE is positive for every prediction (so its minimum 0 needs yhat = y exactly)",
        statement=Gt(Sum((KroneckerDelta(m, p2) - s[m]) ** 2, (m, 1, K2)), 0),
        unstated=("K2",),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"L_{MSE} > 0 \quad (\hat y_p < 1)",
            note="'两者均在 ŷ = y = 1 时取得最小值0'",
        ),
    ),
    claim(
        v,
        id="mse-gradient-vanishes-with-the-true-class",
        title="The MSE gradient has the factor yhat_p: |dL/dz_p| <= 4 yhat_p, so it vanishes as yhat_p -> 0",
        statement=Ge(diff(mse, z[p]), -4 * softmax(z, p)),
        source=CE_VS_MSE.at(
            SECTION,
            r"\hat y_p = 0 \Rightarrow \frac{\partial L}{\partial z_p} = 0",
            note="'显然,仍会发生上面所说的情况——ŷ_p = 0,分类错误,但不更新权重'",
        ),
    ),
    claim(
        v,
        id="ce-gradient-does-not-vanish-when-wrong",
        title="The cross-entropy gradient yhat_p - 1 stays below -1/2 while yhat_p < 1/2: no slow-down when wrong",
        statement=Lt(u - 1, Rational(-1, 2)),
        assume=[Lt(u, Rational(1, 2))],
        source=CE_VS_MSE.at(
            SECTION,
            r"\hat y_p - 1 < -\tfrac12 \quad (\hat y_p < \tfrac12)",
            note="'恰好将 ŷ_p(1−ŷ_p) 中的 ŷ_p 消掉,避免了上述情形的发生' (u stands for yhat_p)",
        ),
    ),
    claim(
        v,
        id="act-mse-half-derivative",
        title="E = 1/2 Σ (y_k - t_k)^2 has dE/dy_k = y_k - t_k",
        statement=Eq(diff(Sum((r[m] - t[m]) ** 2, (m, 1, K)) / 2, r[p]), r[p] - t[p]),
        source=ACTIVATIONS.at("MSE均方误差 (mean squared error)", r"E = \frac12\sum_k (y_k - t_k)^2", recovered=True),
    ),
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
