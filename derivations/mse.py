"""Mean squared error through softmax: the article's one-path gradient and the full one."""

from __future__ import annotations

from derivations.articles import ACTIVATIONS, CE_VS_MSE, NIELSEN_SOFTMAX
from verifier import (
    Abs,
    Domain,
    Eq,
    Ge,
    Gt,
    KroneckerDelta,
    Le,
    Lt,
    Rational,
    Sum,
    Variables,
    claim,
    diff,
    sigmoid,
    softmax,
    summation_index,
)

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
w = v.vector("w", K2)
s_any = v.vector("sK", K, Domain.SIMPLEX)  # predictions, any number of classes
x = v.scalar("x")
target = v.scalar("target")
m = summation_index("m")
k = v.index("k", K)
yhat = v.define_vector("yhat", k, softmax(z, k))  # cvm: 令softmax函数的输入为z,输出为ŷ

# The label is one-hot at the true class p: y_m = δ(m, p).
mse = Sum((KroneckerDelta(m, p) - yhat[m]) ** 2, (m, 1, K))
mse2 = Sum((KroneckerDelta(m, p2) - softmax(w, m)) ** 2, (m, 1, K2))  # at least two classes
SECTION = "Softmax 反向传播角度 (the softmax backward pass)"
LOSS_VIEW = "损失函数角度 (the loss-function view)"
NSL_SLOW = "数学形式证明 Softmax 有效性 (the quadratic cost's learning slowdown)"

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
            r"L = (y_1 - \hat{y}_1)^2 + \dots + (y_K - \hat{y}_K)^2 = (1 - \hat{y}_p)^2"
            r" + (\hat{y}_1^2 + \dots + \hat{y}_{p-1}^2 + \hat{y}_{p+1}^2 + \dots + \hat{y}_K^2)",
        ),
    ),
    claim(
        v,
        id="cvm-mse-derivative-wrt-output",
        title="dL/dyhat_p = -2 (1 - yhat_p) = 2 (yhat_p - 1), the outputs treated as free variables",
        steps=[diff(Sum((KroneckerDelta(m, p) - r[m]) ** 2, (m, 1, K)), r[p]), -2 * (1 - r[p]), 2 * (r[p] - 1)],
        source=CE_VS_MSE.at(
            "Softmax 反向传播角度 (the softmax backward pass)",
            r"\frac{\partial L}{\partial \hat{y}_p} = -2(1-\hat{y}_p)=2(\hat{y}_p - 1)",
        ),
    ),
    claim(
        v,
        id="cvm-mse-chain",
        title="The article's MSE chain: its first step keeps only the path through yhat_p",
        steps=[
            diff(mse, z[p]),
            2 * (yhat[p] - 1) * diff(yhat[p], z[p]),
            -2 * yhat[p] * (1 - yhat[p]) ** 2,
        ],
        expected="refuted",
        source=CE_VS_MSE.at(
            SECTION,
            r"\frac{\partial L}{\partial \hat{z}_p} = \frac{\partial L}{\partial \hat{y}_p} \cdot \frac{\partial \hat{y}_p}{\partial z_p} = -2 \hat{y}_p (1 - \hat{y}_p)^2",
            note="The article prints ∂ẑ_p; no ẑ is defined, and the chain's ∂ŷ_p/∂z_p shows z_p is meant.",
        ),
    ),
    claim(
        v,
        id="mse-chain-all-paths",
        title="The chain with every path: Σ_k dL/dyhat_k dyhat_k/dz_p",
        steps=[
            diff(mse, z[p]),
            Sum(2 * (yhat[m] - KroneckerDelta(m, p)) * diff(yhat[m], z[p]), (m, 1, K)),
            -2 * yhat[p] * (1 - yhat[p]) ** 2 - 2 * yhat[p] * Sum((1 - KroneckerDelta(m, p)) * yhat[m] ** 2, (m, 1, K)),
            -2 * yhat[p] * mse,
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
        statement=Ge(diff(mse, z[p]), -4 * yhat[p]),
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
        title="The article's dL/dz_p = -2 yhat_p (1 - yhat_p)^2: as the MSE gradient it drops the paths through yhat_k, k != p",
        statement=Eq(diff(mse, z[p]), -2 * yhat[p] * (1 - yhat[p]) ** 2),
        expected="refuted",
        source=CE_VS_MSE.at(
            SECTION,
            r"\frac{\partial L}{\partial \hat{z}_p} = \frac{\partial L}{\partial \hat{y}_p} \cdot \frac{\partial \hat{y}_p}{\partial z_p} = -2 \hat{y}_p (1 - \hat{y}_p)^2",
            note="The article prints ∂ẑ_p; no ẑ is defined, and the chain's ∂ŷ_p/∂z_p shows z_p is meant.",
        ),
    ),
    claim(
        v,
        id="cvm-mse-softmax-gradient-one-path",
        title="What the article computed: the one-path expression (through yhat_p alone) is -2 yhat_p (1 - yhat_p)^2",
        statement=Eq(2 * (yhat[p] - 1) * diff(yhat[p], z[p]), -2 * yhat[p] * (1 - yhat[p]) ** 2),
        source=CE_VS_MSE.at(
            SECTION,
            r"\frac{\partial L}{\partial \hat{y}_p} \cdot \frac{\partial \hat{y}_p}{\partial z_p} = -2 \hat{y}_p (1 - \hat{y}_p)^2",
            note="The article's chain without its left-hand side ∂L/∂ẑ_p: the product of the two factors it names.",
        ),
    ),
    claim(
        v,
        id="mse-softmax-gradient-full",
        title="The full derivative: dL/dz_p = -2 yhat_p L, every path included",
        statement=Eq(diff(mse, z[p]), -2 * yhat[p] * mse),
        corrects="cvm-mse-softmax-gradient-as-stated",
        notes=(
            "dL/dz_p = -2 yhat_p [(1 - yhat_p)^2 + Σ_{k != p} yhat_k^2]: the article keeps only the first term;"
            " both vanish as yhat_p -> 0, so its conclusion about slow learning survives.",
        ),
    ),
    claim(
        v,
        id="cvm-mse-nonnegative",
        title="The MSE is a sum of squares, so it is never negative",
        statement=Ge(Sum((r[m] - t[m]) ** 2, (m, 1, K)), 0),
        source=CE_VS_MSE.at(LOSS_VIEW, r"\sum_k (y_k - \hat y_k)^2 \ge 0", note="'两者均在 ŷ = y = 1 时取得最小值0'"),
    ),
    claim(
        v,
        id="cvm-mse-lower-bound-by-correct-prob",
        title="The MSE is at least (1 - yhat_p)^2, so it is 0 only when yhat_p = 1",
        statement=Ge(Sum((KroneckerDelta(m, p) - s_any[m]) ** 2, (m, 1, K)), (1 - s_any[p]) ** 2),
        source=CE_VS_MSE.at(LOSS_VIEW, r"L_{MSE} \ge (1 - \hat y_p)^2", note="'两者均在 ŷ = y = 1 时取得最小值0'"),
    ),
    claim(
        v,
        id="mse-softmax-gradient-upper-bound",
        title="The full MSE gradient is strictly below the one-path expression: dL/dz_p < -2 yhat_p (1 - yhat_p)^2 (K >= 2)",
        statement=Lt(diff(mse2, w[p2]), -2 * softmax(w, p2) * (1 - softmax(w, p2)) ** 2),
        unstated=("K2",),
        corrects="cvm-mse-softmax-gradient-as-stated",
        notes=(
            "The missing term -2 yhat_p Σ_{k != p} yhat_k^2 is negative: the article understates the gradient's size.",
        ),
    ),
    claim(
        v,
        id="cvm-factor-vanishes-as-yhat-to-zero",
        title="The factor yhat_p (1 - yhat_p) is at most yhat_p, so it vanishes as yhat_p -> 0",
        statement=Le(u * (1 - u), u),
        source=CE_VS_MSE.at(
            SECTION,
            r"\hat y_p(1 - \hat y_p) \le \hat y_p",
            note="'ŷ_p = 0 时分类错误,但偏导为0' (yhat_p is never exactly 0: the statement is a limit; u stands for yhat_p)",
        ),
    ),
    claim(
        v,
        id="cvm-mse-gradient-vanishes-article-form",
        title="The article's one-path expression -2 yhat_p (1 - yhat_p)^2 (not the full gradient) is at most 2 yhat_p in size",
        statement=Le(Abs(-2 * u * (1 - u) ** 2), 2 * u),
        source=CE_VS_MSE.at(
            SECTION,
            r"\left|-2\hat y_p(1-\hat y_p)^2\right| \le 2\hat y_p",
            note="'显然,仍会发生上面所说的情况——ŷ_p = 0,分类错误,但不更新权重'",
        ),
    ),
    claim(
        v,
        id="cvm-mse-gradient-increasing-below-one-third",
        title="Below yhat_p = 1/3 the one-path expression's size 2 yhat_p (1 - yhat_p)^2 grows as the prediction improves",
        statement=Gt(diff(2 * u * (1 - u) ** 2, u), 0),
        assume=[Lt(u, Rational(1, 3))],
        source=CE_VS_MSE.at(
            SECTION,
            r"\frac{d}{d\hat y_p}\,2\hat y_p(1-\hat y_p)^2 > 0 \quad (\hat y_p < \tfrac13)",
            note="'这显然不对——分类越错误越需要对权重进行更新'",
        ),
    ),
    claim(
        v,
        id="cvm-mse-gradient-article-form-max",
        title="... and never exceeds 8/27 (at yhat_p = 1/3), against 1 - yhat_p -> 1 for cross-entropy",
        statement=Le(2 * u * (1 - u) ** 2, Rational(8, 27)),
        source=CE_VS_MSE.at(SECTION, r"2\hat y_p(1-\hat y_p)^2 \le \tfrac{8}{27}"),
    ),
    claim(
        v,
        id="nsl-quadratic-cost-sigmoid-gradient",
        title="One sigmoid neuron with the quadratic cost: dC/dz = (a - y) sigma'(z)",
        statement=Eq(diff((sigmoid(x) - target) ** 2 / 2, x), (sigmoid(x) - target) * sigmoid(x) * (1 - sigmoid(x))),
        source=NIELSEN_SOFTMAX.at(
            NSL_SLOW,
            r"\frac{\partial C}{\partial z} = (a - y)\,\sigma'(z)",
            note="'二次代价函数在训练ANN时可能会导致训练速度变慢的问题' (Nielsen's single sigmoid neuron, C = (a - y)^2 / 2)",
        ),
    ),
    claim(
        v,
        id="nsl-quadratic-farther-slower-literal",
        title="'The farther the output from the target, the slower': with target 0 the gradient a^2 (1 - a) falls as a grows",
        statement=Lt(diff(u**2 * (1 - u), u), 0),
        expected="refuted",
        source=NIELSEN_SOFTMAX.at(
            NSL_SLOW,
            r"\frac{d}{da}\left[a^2(1 - a)\right] < 0",
            note="'那就是,初始的输出值离真实值越远,训练速度就越慢' (u stands for the output a = sigma(z), target y = 0)",
        ),
    ),
    claim(
        v,
        id="quadratic-cost-slower-beyond-two-thirds",
        title="The gradient a^2 (1 - a) falls as the output moves away from the target 0 only once a > 2/3",
        statement=Lt(diff(u**2 * (1 - u), u), 0),
        assume=[Gt(u, Rational(2, 3))],
        corrects="nsl-quadratic-farther-slower-literal",
        notes=("d/da [a^2 (1 - a)] = a (2 - 3a): the gradient grows with the error up to a = 2/3.",),
    ),
    claim(
        v,
        id="mse-softmax-gradient-lower-bound",
        title="... and at most twice it in size: dL/dz_p >= -4 yhat_p (1 - yhat_p)^2 (equality for K = 2)",
        statement=Ge(diff(mse, z[p]), -4 * yhat[p] * (1 - yhat[p]) ** 2),
        corrects="cvm-mse-softmax-gradient-as-stated",
        notes=("Σ_{k != p} yhat_k^2 <= (Σ_{k != p} yhat_k)^2 = (1 - yhat_p)^2 bounds the missing term.",),
    ),
    claim(
        v,
        id="cvm-mse-rest-equal-case",
        title="With the other K - 1 predictions equal to (1 - yhat_p)/(K - 1), their squares sum to (1 - yhat_p)^2/(K - 1)",
        statement=Eq(Sum((1 - KroneckerDelta(m, p2)) * ((1 - u) / (K2 - 1)) ** 2, (m, 1, K2)), (1 - u) ** 2 / (K2 - 1)),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"\sum_{k\ne p}\left(\frac{1-\hat y_p}{K-1}\right)^2 = \frac{(1-\hat y_p)^2}{K-1}",
            recovered=True,
            note="The equality case of the recovered 'MSE prefers the even prediction' (u stands for yhat_p).",
        ),
    ),
    claim(
        v,
        id="cvm-mse-upper-bound-by-correct-prob",
        title="The MSE is at most 2 (1 - yhat_p)^2: it vanishes as yhat_p -> 1 on the simplex",
        statement=Le(Sum((KroneckerDelta(m, p2) - s[m]) ** 2, (m, 1, K2)), 2 * (1 - s[p2]) ** 2),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"L_{MSE} \le 2(1 - \hat y_p)^2",
            note="'两者均在 ŷ = y = 1 时取得最小值0' (quantified: the MSE goes to 0 with 1 - yhat_p)",
        ),
    ),
    claim(
        v,
        id="cvm-recovered-mse-rest-lower-bound",
        title="The other classes' squares sum to at least (1 - yhat_p)^2/(K - 1): least when they are equal",
        statement=Ge(Sum((1 - KroneckerDelta(m, p2)) * s[m] ** 2, (m, 1, K2)), (1 - s[p2]) ** 2 / (K2 - 1)),
        source=CE_VS_MSE.at(
            "损失函数角度 (the loss-function view)",
            r"\sum_{k\ne p}\hat y_k^2 \ge \frac{(1-\hat y_p)^2}{K-1}",
            recovered=True,
            note="Why MSE prefers [0.8, 0.1, 0.1]: for a fixed yhat_p the rest of the MSE is least at equal yhat_k (Cauchy-Schwarz).",
        ),
    ),
)
