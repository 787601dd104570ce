"""The functions of the vocabulary: softmax, log-sum-exp, sigmoid, ReLU, diff, subs.

They stay unevaluated in a claim, so reports and the appendix print ``softmax(z, j)``
and not its expansion. ``expand_functions`` rewrites them into exp, log and Sum for the
prover and the numeric check. Every expansion binds its inner summation index to a
fresh ``Dummy``: a user's ``Sum(softmax(z, m), (m, 1, K))`` can never be captured by
softmax's own sum. Their derivatives are taken through the expansion, so even a plain
SymPy ``diff`` of an unexpanded softmax is right.
"""

from __future__ import annotations

import sympy as sp

from verifier.errors import ClaimDefinitionError

__all__ = [
    "diff",
    "expand_functions",
    "logsumexp",
    "relu",
    "sigmoid",
    "softmax",
    "subs",
    "vector_length",
]


def vector_length(vector: sp.Basic) -> sp.Expr:
    """The length of a declared vector (its shape) or of a literal ``Tuple``."""
    if isinstance(vector, sp.Tuple):
        return sp.Integer(len(vector))
    if isinstance(vector, sp.IndexedBase) and vector.shape is not None and len(vector.shape) == 1:
        return vector.shape[0]
    raise ClaimDefinitionError(f"expected a vector or a vector literal (got {vector})")


def _entry(vector: sp.Basic, index: sp.Expr) -> sp.Expr:
    if isinstance(vector, sp.Tuple):
        if not index.is_Integer or not 1 <= int(index) <= len(vector):
            raise ClaimDefinitionError(
                f"a vector literal of length {len(vector)} needs an index in 1..{len(vector)} (got {index})"
            )
        return vector[int(index) - 1]
    return vector[index]


def _sum_over(vector: sp.Basic, body) -> sp.Expr:  # type: ignore[no-untyped-def]
    """Σ_m body(v_m) over the vector's entries, with a fresh bound index."""
    if isinstance(vector, sp.Tuple):
        return sp.Add(*[body(entry) for entry in vector])
    bound = sp.Dummy("m", integer=True, positive=True)
    return sp.Sum(body(vector[bound]), (bound, 1, vector_length(vector)))


def _power(latex: str, exp: str | None) -> str:
    """LaTeX of a vocabulary function, raised to ``exp`` when SymPy prints it as a power's base."""
    return latex if exp is None else rf"\left({latex}\right)^{{{exp}}}"


class _Vocabulary(sp.Function):
    """A vocabulary function: unevaluated, expanded on demand."""

    def expanded(self) -> sp.Expr:
        raise NotImplementedError

    def _eval_derivative(self, s: sp.Basic) -> sp.Expr:
        return sp.diff(expand_functions(self), s)


class softmax(_Vocabulary):  # noqa: N801  (SymPy function names are lower case)
    """``softmax(v, i)``: the i-th entry (1-based) of the softmax of the vector v."""

    nargs = 2

    @classmethod
    def eval(cls, vector, index):  # type: ignore[no-untyped-def]
        vector_length(vector)
        return None

    def expanded(self) -> sp.Expr:
        vector, index = self.args
        return sp.exp(_entry(vector, index)) / _sum_over(vector, sp.exp)

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        vector, index = self.args
        return _power(rf"\operatorname{{softmax}}({printer._print(vector)})_{{{printer._print(index)}}}", exp)


class logsumexp(_Vocabulary):  # noqa: N801
    """``logsumexp(v)``: log Σ_m exp(v_m)."""

    nargs = 1

    @classmethod
    def eval(cls, vector):  # type: ignore[no-untyped-def]
        vector_length(vector)
        return None

    def expanded(self) -> sp.Expr:
        return sp.log(_sum_over(self.args[0], sp.exp))

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        return _power(rf"\operatorname{{logsumexp}}({printer._print(self.args[0])})", exp)


class sigmoid(_Vocabulary):  # noqa: N801
    """``sigmoid(x)``: the logistic function 1 / (1 + exp(-x))."""

    nargs = 1

    def expanded(self) -> sp.Expr:
        return 1 / (1 + sp.exp(-self.args[0]))

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        return _power(rf"\sigma\left({printer._print(self.args[0])}\right)", exp)


class relu(_Vocabulary):  # noqa: N801
    """``relu(x)``: max(0, x)."""

    nargs = 1

    def expanded(self) -> sp.Expr:
        return sp.Max(0, self.args[0])

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        return _power(rf"\operatorname{{ReLU}}\left({printer._print(self.args[0])}\right)", exp)


def diff(expression: sp.Expr, *variables: sp.Basic) -> sp.Derivative:
    """The unevaluated derivative; the prover and the numeric check evaluate it."""
    if not variables:
        raise ClaimDefinitionError("diff needs at least one variable to differentiate by")
    return sp.Derivative(expression, *variables, evaluate=False)


def subs(expression: sp.Expr, variable: sp.Basic, value: sp.Expr) -> sp.Subs:
    """The unevaluated substitution ``expression`` at ``variable = value``."""
    return sp.Subs(expression, variable, value)


def expand_functions(expression: sp.Basic) -> sp.Basic:
    """Rewrite every vocabulary function into exp, log, Max and Sum (replace is bottom-up)."""
    return expression.replace(lambda e: isinstance(e, _Vocabulary), lambda e: e.expanded())
