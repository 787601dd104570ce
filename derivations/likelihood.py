"""Maximum likelihood: Bernoulli likelihood, mu_ML (all-0 and all-1 samples too), NLL = binary cross-entropy."""

from __future__ import annotations

import sympy as sp

from derivations.articles import NIELSEN_SOFTMAX
from verifier import Domain, Eq, Gt, Lt, Sum, Variables, claim, diff, exp, log, subs, summation_index

__all__ = ["CLAIMS"]

v = Variables()
N = v.size("N")
K = v.size("K")
x = v.vector("x", N, Domain.BINARY)
xb = v.scalar("xb", Domain.BINARY)
mu = v.scalar("mu", Domain.UNIT)
zr = v.scalar("zr", Domain.UNIT)
xr = v.scalar("xr")  # an observation, any real (the log identities do not need x in {0, 1})
x1, x2, x3 = (v.scalar(f"x{number}", Domain.BINARY) for number in (1, 2, 3))
a1, a2, a3 = (v.scalar(f"a{number}", Domain.POSITIVE) for number in (1, 2, 3))
y1, y2, y3 = (v.scalar(f"y{number}") for number in (1, 2, 3))
lik = v.scalar("L", Domain.POSITIVE)
D = v.size("d")
signal = v.vector("xs", D, Domain.BINARY)  # original signal x
recon = v.vector("zs", D, Domain.UNIT)  # reconstruction z
a = v.vector("a", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
n = summation_index("n")
k = summation_index("k")

BINOMIAL = "二项分布 (the Bernoulli distribution)"
LIKELIHOOD = "服从二项分布的样本集的对数似然函数 (log-likelihood of a Bernoulli sample)"
RELATION = "交叉熵与对数似然的关系 (cross-entropy and log-likelihood)"
CE_LOSS = "交叉熵损失函数 (the cross-entropy loss)"

log_likelihood = Sum(x[n] * log(mu) + (1 - x[n]) * log(1 - mu), (n, 1, N))
ones = Sum(x[n], (n, 1, N))
BOUNDARY_NOTE = (
    "'求其关于 μ 的导数,解得 μ 的最大似然解为:' (formula lost; PRML 2.7-2.8): when every x_n is equal the derivative"
    " has no zero in (0, 1), and μ_ML = Σ x_n / N is 0 or 1, a boundary point of '0≤μ≤1' where the derivative's"
    " Σ x_n / μ or (N - Σ x_n) / (1 - μ) divides by zero"
)


def bernoulli(value: sp.Expr) -> sp.Expr:
    """mu^x (1 - mu)^(1 - x) at x = value."""
    return mu**value * (1 - mu) ** (1 - value)


def bernoulli_log(value: sp.Expr) -> sp.Expr:
    """x ln mu + (1 - x) ln(1 - mu) at x = value."""
    return value * log(mu) + (1 - value) * log(1 - mu)


def sample_log_likelihood(value: int) -> sp.Expr:
    """ln p(D | mu) of the sample whose N observations all equal ``value``."""
    return Sum(bernoulli_log(sp.Integer(value)), (n, 1, N))


CLAIMS = (
    claim(
        v,
        id="nsl-bernoulli-pmf",
        title="Bern(x | mu) = mu^x (1 - mu)^(1 - x) gives p(x=1) = mu and p(x=0) = 1 - mu",
        statement=Eq(mu**xb * (1 - mu) ** (1 - xb), xb * mu + (1 - xb) * (1 - mu)),
        source=NIELSEN_SOFTMAX.at(
            BINOMIAL,
            r"p(x=1\mid\mu)=\mu,\quad p(x=0\mid\mu)=1-\mu,\quad \mathrm{Bern}(x\mid\mu)=\mu^x(1-\mu)^{1-x}",
            recovered=True,
        ),
    ),
    claim(
        v,
        id="nsl-bernoulli-log-likelihood",
        title="ln p(D | mu) = Σ_n x_n ln mu + (1 - x_n) ln(1 - mu) (the log of the product of i.i.d. terms)",
        statement=Eq(Sum(log(mu ** x[n] * (1 - mu) ** (1 - x[n])), (n, 1, N)), log_likelihood),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\ln p(\mathcal D\mid\mu)=\sum_{n=1}^N \ln p(x_n\mid\mu)=\sum_{n=1}^N\{x_n\ln\mu+(1-x_n)\ln(1-\mu)\}",
            recovered=True,
        ),
    ),
    claim(
        v,
        id="nsl-bernoulli-score",
        title="d/dmu ln p(D | mu) = (Σ x_n)/mu - (N - Σ x_n)/(1 - mu)",
        statement=Eq(diff(log_likelihood, mu), ones / mu - (N - ones) / (1 - mu)),
        source=NIELSEN_SOFTMAX.at(LIKELIHOOD, r"\frac{\partial}{\partial\mu}\ln p(\mathcal D\mid\mu)", recovered=True),
    ),
    claim(
        v,
        id="nsl-bernoulli-mu-ml",
        title="The derivative vanishes at mu_ML = (1/N) Σ x_n (when the sample has both outcomes)",
        statement=Eq(subs(diff(log_likelihood, mu), mu, ones / N), 0),
        assume=[Gt(ones, 0), Lt(ones, N)],
        source=NIELSEN_SOFTMAX.at(LIKELIHOOD, r"\mu_{ML}=\frac1N\sum_{n=1}^N x_n", recovered=True),
        notes=(
            "The article does not say that the sample must have both outcomes: at the all-0 and all-1 samples the"
            " derivative has no zero and the maximum is at the boundary (bernoulli-all-*).",
        ),
    ),
    claim(
        v,
        id="bernoulli-log-likelihood-concave",
        title="... and it is a maximum: the log-likelihood is strictly concave in mu",
        statement=Lt(diff(log_likelihood, mu, mu), 0),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD, r"\frac{\partial^2}{\partial\mu^2}\ln p(\mathcal D\mid\mu) < 0", recovered=True
        ),
    ),
    claim(
        v,
        id="nsl-nll-is-binary-cross-entropy",
        title="The negative log-likelihood of one Bernoulli observation is the binary cross-entropy",
        statement=Eq(-log(zr**xb * (1 - zr) ** (1 - xb)), -(xb * log(zr) + (1 - xb) * log(1 - zr))),
        source=NIELSEN_SOFTMAX.at(
            "交叉熵损失函数 (the cross-entropy loss)",
            r"-\ln p(x\mid z) = -[x\log z + (1-x)\log(1-z)]",
            recovered=True,
            note="'损失函数的目标是最小化,似然函数则是最大化,二者仅相差一个符号'",
        ),
    ),
    claim(
        v,
        id="nsl-multiclass-likelihood-is-true-class-probability",
        title="With a one-hot label, the likelihood Π_k a_k^(y_k) is the probability of the true class",
        statement=Eq(exp(Sum(y[k] * log(a[k]), (k, 1, K))), Sum(y[k] * a[k], (k, 1, K))),
        source=NIELSEN_SOFTMAX.at(
            RELATION,
            r"\prod_k a_k^{y_k} = a_{c}\ \text{(one-hot } y)",
            note="'在多类下,若样本所属类别是唯一的,最大似然的loss与交叉熵的loss仍然是一致的'",
        ),
        notes=(
            "With soft labels the product is no longer a probability of an outcome: the one-hot hypothesis is needed.",
        ),
    ),
    claim(
        v,
        id="nsl-multiclass-nll-is-cross-entropy",
        title="... so the negative log-likelihood of a one-hot sample is the cross-entropy -Σ y_k log a_k",
        statement=Eq(-log(Sum(y[k] * a[k], (k, 1, K))), -Sum(y[k] * log(a[k]), (k, 1, K))),
        source=NIELSEN_SOFTMAX.at(RELATION, r"-\ln a_c = -\sum_k y_k \ln a_k"),
    ),
    claim(
        v,
        id="nsl-bernoulli-normalized",
        title="The two probabilities sum to 1: p(x=1 | mu) + p(x=0 | mu) = 1",
        statement=Eq(subs(bernoulli(xr), xr, 1) + subs(bernoulli(xr), xr, 0), 1),
        source=NIELSEN_SOFTMAX.at(
            BINOMIAL, r"\mathrm{Bern}(1\mid\mu) + \mathrm{Bern}(0\mid\mu) = \mu + (1 - \mu) = 1", recovered=True
        ),
    ),
    claim(
        v,
        id="nsl-single-sample-loglik",
        title="ln(mu^x (1 - mu)^(1 - x)) = x ln mu + (1 - x) ln(1 - mu)",
        statement=Eq(log(bernoulli(xr)), bernoulli_log(xr)),
        source=NIELSEN_SOFTMAX.at(
            CE_LOSS,
            r"\ln p(x\mid\mu) = x\ln\mu + (1 - x)\ln(1 - \mu)",
            recovered=True,
            note="'这里我们仅关注:' (formula lost)",
        ),
    ),
    claim(
        v,
        id="nsl-likelihood-log-three-samples",
        title="The log of the likelihood of three samples, a product, is the sum of their log terms",
        statement=Eq(
            log(bernoulli(x1) * bernoulli(x2) * bernoulli(x3)),
            bernoulli_log(x1) + bernoulli_log(x2) + bernoulli_log(x3),
        ),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\ln \prod_{n=1}^N \mu^{x_n}(1-\mu)^{1-x_n} = \sum_{n=1}^N\{x_n\ln\mu+(1-x_n)\ln(1-\mu)\} \quad (N = 3)",
            recovered=True,
            note="'则当前样本集关于 μ 的似然函数为:' / '最大化其对数形式:' (formulas lost; PRML 2.5-2.6). The"
            " vocabulary has no product, so the product is written out for N = 3.",
        ),
    ),
    claim(
        v,
        id="nsl-likelihood-log-symbolic-n",
        title="... for any N: ln(mu^S (1 - mu)^(N - S)) = Σ_n x_n ln mu + (1 - x_n) ln(1 - mu), S = Σ x_n",
        statement=Eq(log(mu**ones * (1 - mu) ** (N - ones)), log_likelihood),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\ln\left[\mu^{\sum_n x_n}(1-\mu)^{N-\sum_n x_n}\right] = \sum_{n=1}^N\{x_n\ln\mu+(1-x_n)\ln(1-\mu)\}",
            recovered=True,
            note="The product of the N Bernoulli terms collapsed to powers.",
        ),
    ),
    claim(
        v,
        id="nsl-log-monotone",
        title="ln is increasing, so maximising the likelihood is maximising its log",
        statement=Gt(diff(log(lik), lik), 0),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD, r"\frac{d}{dL}\ln L = \frac1L > 0", note="'最大化似然函数,等价于最大化其对数形式'"
        ),
    ),
    claim(
        v,
        id="nsl-bce-derivative",
        title="d/dz of the binary cross-entropy -(x ln z + (1 - x) ln(1 - z)) is (z - x) / (z (1 - z)): zero at z = x",
        statement=Eq(diff(-bernoulli_log(xr), mu), (mu - xr) / (mu * (1 - mu))),
        source=NIELSEN_SOFTMAX.at(
            CE_LOSS,
            r"\frac{\partial L_H}{\partial z} = \frac{z - x}{z(1 - z)}",
            note="'损失函数的目标是最小化,似然函数则是最大化,二者仅相差一个符号' (mu stands for the reconstruction z)",
        ),
    ),
    claim(
        v,
        id="nsl-categorical-log-splits",
        title="The log of the combined form Π_k a_k^(y_k) splits into Σ_k y_k log a_k (three classes)",
        statement=Eq(log(a1**y1 * a2**y2 * a3**y3), y1 * log(a1) + y2 * log(a2) + y3 * log(a3)),
        source=NIELSEN_SOFTMAX.at(
            RELATION,
            r"\log\prod_k a_k^{y_k} = \sum_k y_k \log a_k",
            note="'每个样本的概率形式可以写成一个综合的形式 ... 刚好可以在log下拆分成交叉熵的样子'",
        ),
    ),
    claim(
        v,
        id="nsl-bce-is-negative-loglik",
        title="L_H(x, z) = -Σ_k [x_k log z_k + (1 - x_k) log(1 - z_k)] is minus the log-likelihood of x under z",
        statement=Eq(
            -Sum(log(recon[k] ** signal[k] * (1 - recon[k]) ** (1 - signal[k])), (k, 1, D)),
            -Sum(signal[k] * log(recon[k]) + (1 - signal[k]) * log(1 - recon[k]), (k, 1, D)),
        ),
        source=NIELSEN_SOFTMAX.at(
            CE_LOSS,
            r"L_H(x, z) = -\sum_{k=1}^d\left[x_k\log z_k + (1 - x_k)\log(1 - z_k)\right]",
            recovered=True,
            note="'x 表示原始信号,z 表示重构信号。(损失函数的目标是最小化,似然函数则是最大化,二者仅相差一个符号)'"
            " (formula lost; the denoising-autoencoder reconstruction cross-entropy).",
        ),
    ),
    claim(
        v,
        id="bernoulli-all-zero-sample-score-negative",
        title="At the all-0 sample (every x_n = 0) d/dmu ln p(D | mu) = -N/(1 - mu) < 0: no zero, no stationary point",
        statement=Lt(diff(sample_log_likelihood(0), mu), 0),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\frac{\partial}{\partial\mu}\sum_{n=1}^N \ln(1-\mu) = -\frac{N}{1-\mu} < 0 \quad (x_n = 0)",
            note=BOUNDARY_NOTE,
        ),
    ),
    claim(
        v,
        id="bernoulli-all-zero-sample-maximum-at-boundary",
        title="... the log-likelihood N ln(1 - mu) stays below its value 0 at mu = 0: the maximum is at mu_ML = 0",
        statement=Lt(sample_log_likelihood(0), 0),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\sum_{n=1}^N \ln(1-\mu) < 0 = \left.N\ln(1-\mu)\right|_{\mu = 0} \quad (x_n = 0)",
            note=BOUNDARY_NOTE,
        ),
    ),
    claim(
        v,
        id="bernoulli-all-one-sample-score-positive",
        title="At the all-1 sample (every x_n = 1) d/dmu ln p(D | mu) = N/mu > 0: no zero, no stationary point",
        statement=Gt(diff(sample_log_likelihood(1), mu), 0),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\frac{\partial}{\partial\mu}\sum_{n=1}^N \ln\mu = \frac{N}{\mu} > 0 \quad (x_n = 1)",
            note=BOUNDARY_NOTE,
        ),
    ),
    claim(
        v,
        id="bernoulli-all-one-sample-maximum-at-boundary",
        title="... the log-likelihood N ln mu stays below its value 0 at mu = 1: the maximum is at mu_ML = 1",
        statement=Lt(sample_log_likelihood(1), 0),
        source=NIELSEN_SOFTMAX.at(
            LIKELIHOOD,
            r"\sum_{n=1}^N \ln\mu < 0 = \left.N\ln\mu\right|_{\mu = 1} \quad (x_n = 1)",
            note=BOUNDARY_NOTE,
        ),
    ),
)
