"""The functions of the vocabulary: softmax, log-sum-exp, sigmoid, ReLU, ..., diff, subs.

They stay unevaluated in a claim, so reports and the appendix print ``softmax(z, j)``
and not its expansion. ``expand_functions`` rewrites them into exp, log, Max, Min and
Sum for the prover and the numeric check. Every expansion binds its inner summation
index to a fresh ``Dummy``: a user's ``Sum(softmax(z, m), (m, 1, K))`` can never be
captured by softmax's own sum. Their derivatives are taken through the expansion, so
even a plain SymPy ``diff`` of an unexpanded softmax is right.

A function of a vector (softmax, logsumexp, ``Max(v)``, ``Min(v)``) takes a declared
vector (an ``IndexedBase``), a literal (a ``Tuple``), or an ``Entrywise`` vector: an
expression of one entry, ``z[ι]/T`` for ``z/T``, whose index ``ι`` is bound. ``Max(v)``
of a vector of symbolic length is ``vmax(v)``: it becomes SymPy's ``Max`` of the
entries as soon as the length is a number, and stays opaque to the prover before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy as sp

from verifier.errors import ClaimDefinitionError

__all__ = [
    "Entrywise",
    "as_vector",
    "clamp",
    "depends_on",
    "diff",
    "entry",
    "entrywise",
    "entrywise_index",
    "expand_functions",
    "expm1",
    "log1p",
    "logsumexp",
    "relu",
    "sigmoid",
    "softmax",
    "softplus",
    "subs",
    "vector_length",
    "vmax",
    "vmin",
]

MAX_WRITTEN_ENTRIES = 2_000
"""``Max(v)`` of a vector of numeric length is written out as a ``Max`` of at most this many entries."""

_ENTRYWISE_NAME = re.compile(r"^ι(\d+)$")


def entrywise_index(number: int) -> sp.Symbol:
    """The bound index of an entrywise vector: ``ι1``, ``ι2``, ... (no claim can write the name)."""
    return sp.Symbol(f"ι{number}", integer=True, positive=True)


class Entrywise(sp.Basic):
    """A vector given by one entry: ``Entrywise(ι, body, length)`` has entries body(ι = 1..length).

    ``softmax(z/T, j)`` takes ``Entrywise(ι1, z[ι1]/T, K)``. The index is bound: it is
    not a free symbol, and every entry replaces it.
    """

    def __new__(cls, index: sp.Symbol, body: sp.Basic, length: object) -> Entrywise:
        return super().__new__(cls, index, sp.sympify(body), sp.sympify(length))

    @property
    def index(self) -> sp.Symbol:
        return self.args[0]

    @property
    def body(self) -> sp.Basic:
        return self.args[1]

    @property
    def length(self) -> sp.Expr:
        return self.args[2]

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return (self.body.free_symbols - {self.index}) | self.length.free_symbols

    def entry(self, position: sp.Expr) -> sp.Basic:
        """The entry at ``position`` (1-based)."""
        return self.body.xreplace({self.index: position})

    def _display(self) -> sp.Basic | None:
        """The body with each entry of a vector at the index shown as the whole vector (z for z[ι])."""
        shown = self.body.replace(
            lambda e: isinstance(e, sp.Indexed) and e.indices == (self.index,),
            lambda e: sp.Symbol(str(e.base.label)),
        )
        shown = shown.replace(
            lambda e: _is_entry_reference(e) and e.args[1:] == (self.index,),
            lambda e: sp.Symbol(str(e.args[0])),
        )
        return None if shown.has(self.index) else shown

    def _sympystr(self, printer) -> str:  # type: ignore[no-untyped-def]
        shown = self._display()
        if shown is not None:
            return printer._print(shown)
        return f"entrywise({printer._print(self.index)}, {printer._print(self.body)}, {printer._print(self.length)})"

    def _latex(self, printer) -> str:  # type: ignore[no-untyped-def]
        shown = self._display()
        if shown is not None:
            return printer._print(shown)
        iota = sp.Symbol("iota")
        body = printer._print(self.body.xreplace({self.index: iota}))
        return rf"\left({printer._print(iota)} \mapsto {body}\right)"


def _is_entry_reference(expression: sp.Basic) -> bool:
    """A defined vector's entry as written (``a[j]``); see ``definitions``."""
    return getattr(type(expression), "is_entry_reference", False) is True


def entry(vector: sp.Basic, index: sp.Expr) -> sp.Basic:
    """The entry of a vector (declared, literal or entrywise) at a 1-based index."""
    if isinstance(vector, sp.Tuple):
        if not index.is_Integer or not 1 <= int(index) <= len(vector):
            raise ClaimDefinitionError(
                f"a vector literal of length {len(vector)} needs an index in 1..{len(vector)} (got {index})"
            )
        return vector[int(index) - 1]
    if isinstance(vector, Entrywise):
        return vector.entry(index)
    return vector[index]


def vector_length(vector: sp.Basic) -> sp.Expr:
    """The length of a declared vector (its shape), a literal ``Tuple`` or an entrywise vector."""
    if isinstance(vector, sp.Tuple):
        return sp.Integer(len(vector))
    if isinstance(vector, Entrywise):
        return vector.length
    if isinstance(vector, sp.IndexedBase) and vector.shape is not None and len(vector.shape) == 1:
        return vector.shape[0]
    raise ClaimDefinitionError(f"expected a vector, a vector literal or an entrywise vector expression (got {vector})")


def _sum_over(vector: sp.Basic, body: Callable[[sp.Basic], sp.Expr]) -> sp.Expr:
    """Σ_m body(v_m) over the vector's entries, with a fresh bound index."""
    if isinstance(vector, sp.Tuple):
        return sp.Add(*[body(value) for value in vector])
    bound = sp.Dummy("m", integer=True, positive=True)
    return sp.Sum(body(entry(vector, bound)), (bound, 1, vector_length(vector)))


def _entrywise_numbers(expression: sp.Basic) -> list[int]:
    return [
        int(match.group(1))
        for symbol in expression.atoms(sp.Symbol)
        if (match := _ENTRYWISE_NAME.match(symbol.name)) is not None
    ]


def entrywise(body: sp.Basic, marker: sp.Symbol, length: object) -> sp.Basic:
    """The vector whose entry at ``marker`` is ``body``; a plain declared vector stays itself.

    The bound index gets a name used nowhere in ``body`` (nested entrywise vectors
    included), so that taking an entry never captures an inner index.
    """
    if isinstance(body, sp.Indexed) and body.indices == (marker,) and isinstance(body.base, sp.IndexedBase):
        shape = body.base.shape
        if shape is not None and len(shape) == 1 and sp.sympify(shape[0]) == sp.sympify(length):
            return body.base
    index = entrywise_index(max(_entrywise_numbers(body), default=0) + 1)
    return Entrywise(index, body.xreplace({marker: index}), length)


def as_vector(argument: sp.Basic) -> sp.Basic:
    """A vector argument as the vocabulary takes it: ``z/T`` (z an ``IndexedBase``) becomes entrywise.

    For claims built in Python: every whole vector in the expression (an ``IndexedBase``
    not written as an entry) stands for its entry at one bound index.
    """
    if isinstance(argument, sp.Tuple | Entrywise):
        return argument
    if isinstance(argument, sp.IndexedBase):
        vector_length(argument)
        return argument
    marker = sp.Dummy("i", integer=True, positive=True)
    lengths: set[sp.Basic] = set()

    def whole(expression: sp.Basic) -> sp.Basic:
        if isinstance(expression, sp.Indexed | softmax | logsumexp | _Extreme | Entrywise):
            return expression  # an entry, or a function of its own whole vector
        if isinstance(expression, sp.IndexedBase):
            lengths.add(vector_length(expression))
            return expression[marker]
        if not expression.args:
            return expression
        return expression.func(*[whole(a) for a in expression.args])

    body = whole(sp.sympify(argument))
    if not lengths:
        raise ClaimDefinitionError(f"expected a vector or an entrywise expression of vectors (got {argument})")
    if len(lengths) > 1:
        raise ClaimDefinitionError(
            f"vectors of different sizes in one entrywise expression: {', '.join(sorted(map(str, lengths)))}"
        )
    return entrywise(body, marker, lengths.pop())


def _power(latex: str, exp: str | None) -> str:
    """LaTeX of a vocabulary function, raised to ``exp`` when SymPy prints it as a power's base."""
    return latex if exp is None else rf"\left({latex}\right)^{{{exp}}}"


class _Vocabulary(sp.Function):
    """A vocabulary function: unevaluated, expanded on demand."""

    def expanded(self) -> sp.Expr:
        raise NotImplementedError

    def _eval_derivative(self, s: sp.Basic) -> sp.Expr:
        return sp.diff(expand_functions(self), s)


class _Operator(_Vocabulary):
    """A scalar function printed as an operator: softplus(x), log1p(x), clamp(x, lo, hi)."""

    operator = ""

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        arguments = ", ".join(printer._print(a) for a in self.args)
        return _power(rf"\operatorname{{{self.operator}}}\left({arguments}\right)", exp)


class softmax(_Vocabulary):  # noqa: N801  (SymPy function names are lower case)
    """``softmax(v, i)``: the i-th entry (1-based) of the softmax of the vector v."""

    nargs = 2

    @classmethod
    def eval(cls, vector, index):  # type: ignore[no-untyped-def]
        converted = as_vector(vector)
        return None if converted == vector else cls(converted, index)

    def expanded(self) -> sp.Expr:
        vector, index = self.args
        return sp.exp(entry(vector, index)) / _sum_over(vector, sp.exp)

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        vector, index = self.args
        return _power(rf"\operatorname{{softmax}}({printer._print(vector)})_{{{printer._print(index)}}}", exp)


class logsumexp(_Vocabulary):  # noqa: N801
    """``logsumexp(v)``: log Σ_m exp(v_m)."""

    nargs = 1

    @classmethod
    def eval(cls, vector):  # type: ignore[no-untyped-def]
        converted = as_vector(vector)
        return None if converted == vector else cls(converted)

    def expanded(self) -> sp.Expr:
        return sp.log(_sum_over(self.args[0], sp.exp))

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        return _power(rf"\operatorname{{logsumexp}}({printer._print(self.args[0])})", exp)


class _Extreme(_Vocabulary):
    """The largest (``vmax``) or smallest (``vmin``) entry of a vector.

    Of a numeric length it is SymPy's ``Max`` (``Min``) of the entries; of a symbolic
    length it stays as it is: the prover knows it only as a real number (it has no
    derivative formula for it), the numeric check takes it over the written-out entries.
    """

    nargs = 1
    reduce: type[sp.Max] | type[sp.Min] = sp.Max
    word = ""

    @classmethod
    def eval(cls, vector):  # type: ignore[no-untyped-def]
        converted = as_vector(vector)
        if converted != vector:
            return cls(converted)
        length = vector_length(vector)
        if length.is_Integer and 1 <= int(length) <= MAX_WRITTEN_ENTRIES:
            return cls.reduce(*[entry(vector, sp.Integer(i)) for i in range(1, int(length) + 1)])
        return None

    def _eval_is_real(self) -> bool | None:
        return True

    def expanded(self) -> sp.Expr:
        return self

    def _eval_derivative(self, s: sp.Basic) -> sp.Expr:
        if not depends_on(self.args[0], s):
            return sp.S.Zero
        # No formula: the derivative exists only off ties. It stays a derivative, which
        # the prover does not reduce and the numeric check estimates.
        return sp.Derivative(self, s, evaluate=False)

    def _sympystr(self, printer) -> str:  # type: ignore[no-untyped-def]
        return f"{self.word.capitalize()}({printer._print(self.args[0])})"

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        return _power(rf"\{self.word}({printer._print(self.args[0])})", exp)


class vmax(_Extreme):  # noqa: N801
    """``Max(v)``: the largest entry of the vector v."""

    reduce = sp.Max
    word = "max"


class vmin(_Extreme):  # noqa: N801
    """``Min(v)``: the smallest entry of the vector v."""

    reduce = sp.Min
    word = "min"


def depends_on(vector: sp.Basic, variable: sp.Basic) -> bool:
    """Whether a vector (or any expression) may change with ``variable`` (a scalar or an entry)."""
    if isinstance(variable, sp.Indexed):
        label = variable.base.label
        return any(isinstance(node, sp.IndexedBase) and node.label == label for node in sp.preorder_traversal(vector))
    return variable in vector.free_symbols


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


class softplus(_Operator):  # noqa: N801
    """``softplus(x)``: log(1 + exp(x))."""

    nargs = 1
    operator = "softplus"

    def expanded(self) -> sp.Expr:
        return sp.log(1 + sp.exp(self.args[0]))


class log1p(_Operator):  # noqa: N801
    """``log1p(x)``: log(1 + x), exactly (its float64 accuracy near 0 is not the point here)."""

    nargs = 1
    operator = "log1p"

    def expanded(self) -> sp.Expr:
        return sp.log(1 + self.args[0])


class expm1(_Operator):  # noqa: N801
    """``expm1(x)``: exp(x) - 1, exactly."""

    nargs = 1
    operator = "expm1"

    def expanded(self) -> sp.Expr:
        return sp.exp(self.args[0]) - 1


class clamp(_Operator):  # noqa: N801
    """``clamp(x, lo, hi)``: Min(Max(x, lo), hi)."""

    nargs = 3
    operator = "clamp"

    def expanded(self) -> sp.Expr:
        x, low, high = self.args
        return sp.Min(sp.Max(x, low), high)


def diff(expression: sp.Expr, *variables: sp.Basic) -> sp.Derivative:
    """The unevaluated derivative; the prover and the numeric check evaluate it."""
    if not variables:
        raise ClaimDefinitionError("diff needs at least one variable to differentiate by")
    return sp.Derivative(expression, *variables, evaluate=False)


def subs(expression: sp.Expr, variable: sp.Basic, value: sp.Expr) -> sp.Subs:
    """The unevaluated substitution ``expression`` at ``variable = value``."""
    return sp.Subs(expression, variable, value)


def expand_functions(expression: sp.Basic) -> sp.Basic:
    """Rewrite every vocabulary function into exp, log, Max, Min and Sum (replace is bottom-up).

    ``Max(v)`` and ``Min(v)`` of a symbolic-length vector stay as they are.
    """
    return expression.replace(lambda e: isinstance(e, _Vocabulary) and not isinstance(e, _Extreme), _expanded)


def _expanded(function: _Vocabulary) -> sp.Expr:
    return function.expanded()
