"""Maximum likelihood: Bernoulli likelihood, mu_ML, NLL = binary cross-entropy, multi-class."""

from __future__ import annotations

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
a = v.vector("a", K, Domain.SIMPLEX)
y = v.vector("y", K, Domain.ONEHOT)
n = summation_index("n")
k = summation_index("k")

BINOMIAL = "二项分布 (the Bernoulli distribution)"
LIKELIHOOD = "服从二项分布的样本集的对数似然函数 (log-likelihood of a Bernoulli sample)"
RELATION = "交叉熵与对数似然的关系 (cross-entropy and log-likelihood)"

log_likelihood = Sum(x[n] * log(mu) + (1 - x[n]) * log(1 - mu), (n, 1, N))
ones = Sum(x[n], (n, 1, N))

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
    ),
    claim(
        v,
        id="bernoulli-log-likelihood-concave",
        title="... and it is a maximum: the log-likelihood is strictly concave in mu",
        statement=Lt(diff(log_likelihood, mu, mu), 0),
        source=NIELSEN_SOFTMAX.at(LIKELIHOOD, r"\frac{\partial^2}{\partial\mu^2}\ln p(\mathcal D\mid\mu) < 0", recovered=True),
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
        notes=("With soft labels the product is no longer a probability of an outcome: the one-hot hypothesis is needed.",),
    ),
    claim(
        v,
        id="nsl-multiclass-nll-is-cross-entropy",
        title="... so the negative log-likelihood of a one-hot sample is the cross-entropy -Σ y_k log a_k",
        statement=Eq(-log(Sum(y[k] * a[k], (k, 1, K))), -Sum(y[k] * log(a[k]), (k, 1, K))),
        source=NIELSEN_SOFTMAX.at(RELATION, r"-\ln a_c = -\sum_k y_k \ln a_k"),
    ),
)
