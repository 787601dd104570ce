"""The four articles the catalogue checks."""

from __future__ import annotations

from verifier import Article

__all__ = ["ACTIVATIONS", "ARTICLES", "CE_VS_MSE", "NIELSEN_SOFTMAX", "SOFTMAX_CE_DERIVATIVES"]

SOFTMAX_CE_DERIVATIVES = Article(
    tag="scd",
    title="【机器学习基础】对 softmax 和 cross-entropy 求导 (wuliytTaotao)",
    url="https://www.cnblogs.com/wuliytTaotao/p/10787510.html",
)

CE_VS_MSE = Article(
    tag="cvm",
    title="直观理解为什么分类问题用交叉熵损失而不用均方误差损失 (shine-lee)",
    url="https://www.cnblogs.com/shine-lee/p/12032066.html",
)

NIELSEN_SOFTMAX = Article(
    tag="nsl",
    title="改进神经网络的学习方法——Softmax (Chinese rendering of Nielsen, NNDL ch. 3)",
    url="http://neuralnetworksanddeeplearning.com/chap3.html",
)

ACTIVATIONS = Article(
    tag="act",
    title="深度学习|神经网络中的激活函数与损失函数&深入理解推导softmax交叉熵",
    url="",
)

ARTICLES = (SOFTMAX_CE_DERIVATIVES, CE_VS_MSE, NIELSEN_SOFTMAX, ACTIVATIONS)
