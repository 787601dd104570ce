"""NumPy code for an expression at every size at once: a sum is a reduction over an axis.

The falsifier evaluates each relation at every size from the declared minimum to 8 and
beyond, at many index assignments. Printing the sums out at each assignment
(``numpy_printer``) costs a compilation per assignment, and more at each larger size.
Here an expression is printed once, with sizes and indices as arguments: a vector is an
array of shape (points, K) padded to the largest size of a batch, a matrix (points, K,
M), and a size or an index is one integer per point. So points at different sizes and
index assignments are evaluated together, in one call.

Inside a ``Sum`` its bound index is an axis: every value printed at nesting depth d has
shape (points, a1, ..., ad), one axis per enclosing sum (of length 1 where it does not
depend on that index). A sum evaluates its body on the range of its limits (the widest
over the batch), masks the terms outside each point's own limits and adds along its
axis. An entry ``z[m]`` gathers the columns its index names; an index outside a
point's own range, where the term counts, is an error (the caller falls back to the
other printers, which report it).

Only the nodes below are printed; anything else raises ``UnsupportedError``. A
derivative is printed as a placeholder argument, estimated by finite differences of
its inner function, which is compiled the same way; derivatives inside a sum are not
supported here.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from verifier.language.declarations import Declaration, Kind
from verifier.numeric.numpy_printer import FUNCTIONS, UnsupportedError

__all__ = ["DerivativeSite", "OutOfRangeError", "TensorFunction", "UnsupportedError", "tensor_function"]

_FUNCTIONS = {**FUNCTIONS, log1p: "numpy.log1p", expm1: "numpy.expm1"}
_CONSTANTS = {sp.nan: "numpy.nan", sp.zoo: "numpy.nan", sp.oo: "numpy.inf", -sp.oo: "(-numpy.inf)"}
_COMPARISONS = {
    sp.StrictGreaterThan: ">",
    sp.GreaterThan: ">=",
    sp.StrictLessThan: "<",
    sp.LessThan: "<=",
    sp.Equality: "==",
    sp.Unequality: "!=",
}
# Beyond this much source the other printers decide.
MAX_SOURCE_CHARACTERS = 200_000


class OutOfRangeError(IndexError):
    """An entry's index falls outside its vector where the term counts."""


# -- the helpers the printed code calls --------------------------------------------------


def _extend(value: object, ndim: int) -> np.ndarray:
    """``value`` with trailing axes of length 1 up to ``ndim`` (a number: all of length 1)."""
    array = np.asarray(value)
    if array.ndim == 0:
        return array.reshape((1,) * ndim)
    return array.reshape(array.shape + (1,) * (ndim - array.ndim))


def _sum(
    body: Callable[[np.ndarray, np.ndarray], object], low: object, high: object, mask: object, depth: int
) -> object:
    """Σ body over the bound index from ``low`` to ``high`` (each point's own limits)."""
    low_array, high_array = _extend(low, depth + 1), _extend(high, depth + 1)
    first, last = int(np.min(low_array)), int(np.max(high_array))
    values = np.arange(first, max(first, last + 1)).reshape((1,) * (depth + 1) + (-1,))
    inside = (values >= low_array[..., None]) & (values <= high_array[..., None]) & _extend(mask, depth + 2)
    terms = np.asarray(body(values, inside))
    return np.sum(np.where(inside, terms, 0.0), axis=-1)


def _entry(array: np.ndarray, depth: int, mask: object, *indices: tuple[object, object]) -> np.ndarray:
    """The entries ``array[point, i, ...]`` named by each (index, size) pair, 1-based."""
    ndim = depth + 1
    mask_array = _extend(mask, ndim)
    positions = []
    for axis, (index, size) in enumerate(indices, start=1):
        index_array = _extend(index, ndim).astype(np.int64)
        outside = (index_array < 1) | (index_array > _extend(size, ndim))
        if np.any(outside & mask_array):
            raise OutOfRangeError("an index is outside its vector")
        positions.append(np.clip(index_array, 1, array.shape[axis]) - 1)
    rows = np.arange(array.shape[0]).reshape((-1,) + (1,) * depth)
    gathered: np.ndarray = array[(rows, *positions)]
    return gathered


def _lift(array: np.ndarray, depth: int) -> np.ndarray:
    """A per-point array (points,) as a value at ``depth``: (points, 1, ..., 1)."""
    return array.reshape(array.shape + (1,) * depth)


def _erf(values: np.ndarray) -> np.ndarray:
    array = np.asarray(values)
    result: np.ndarray = np.asarray(np.frompyfunc(math.erf, 1, 1)(array.astype(np.float64))).astype(array.dtype)
    return result


_NAMESPACE: dict[str, object] = {
    "numpy": np,
    "_sum": _sum,
    "_entry": _entry,
    "_lift": _lift,
    "_erf": _erf,
}


class _PreciseNumpy:
    """What the printed code calls ``numpy``, on arrays of mpmath numbers (``precise`` code)."""

    def __getattr__(self, name: str) -> object:
        return getattr(np, name)

    exp = staticmethod(np.frompyfunc(mpmath.exp, 1, 1))
    log = staticmethod(np.frompyfunc(mpmath.log, 1, 1))
    tanh = staticmethod(np.frompyfunc(mpmath.tanh, 1, 1))
    sinh = staticmethod(np.frompyfunc(mpmath.sinh, 1, 1))
    cosh = staticmethod(np.frompyfunc(mpmath.cosh, 1, 1))
    sin = staticmethod(np.frompyfunc(mpmath.sin, 1, 1))
    cos = staticmethod(np.frompyfunc(mpmath.cos, 1, 1))
    tan = staticmethod(np.frompyfunc(mpmath.tan, 1, 1))
    arctan = staticmethod(np.frompyfunc(mpmath.atan, 1, 1))
    sqrt = staticmethod(np.frompyfunc(mpmath.sqrt, 1, 1))
    sign = staticmethod(np.frompyfunc(mpmath.sign, 1, 1))
    log1p = staticmethod(np.frompyfunc(mpmath.log1p, 1, 1))
    expm1 = staticmethod(np.frompyfunc(mpmath.expm1, 1, 1))
    power = staticmethod(np.frompyfunc(lambda base, exponent: base**exponent, 2, 1))
    heaviside = staticmethod(np.frompyfunc(lambda x, zero: 1 if x > 0 else 0 if x < 0 else zero, 2, 1))


_PRECISE_NAMESPACE: dict[str, object] = {
    **_NAMESPACE,
    "numpy": _PreciseNumpy(),
    "_erf": np.frompyfunc(mpmath.erf, 1, 1),
    "_q": lambda p, q: mpmath.mpf(p) / q,
    "_n": lambda name: getattr(mpmath.mp, name),
}


# -- printing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DerivativeSite:
    """A derivative in a printed expression: its inner expression and the variable.

    The variable is a scalar symbol or an entry ``z[j]`` whose indices are sizes,
    declared indices or numbers (never a summation index).
    """

    inner: sp.Basic
    variable: sp.Basic


@dataclass(frozen=True)
class _Bound:
    """A summation index: its axis (1-based depth) and the printed name of its values."""

    axis: int
    name: str


class _Printer:
    """Prints one expression; collects its derivative sites."""

    def __init__(self, declarations: Sequence[Declaration], allow_derivatives: bool, precise: bool = False) -> None:
        self._arrays: dict[sp.Basic, tuple[int, Declaration]] = {}
        self._by_name: dict[str, tuple[int, Declaration]] = {}
        self._integers: dict[sp.Basic, int] = {}
        self._sizes: dict[str, sp.Basic] = {}
        arrays = integers = 0
        for declaration in declarations:
            if declaration.kind in (Kind.SIZE, Kind.INDEX):
                self._integers[declaration.symbol] = integers
                integers += 1
            else:
                self._arrays[declaration.symbol] = (arrays, declaration)
                self._by_name[declaration.name] = (arrays, declaration)
                arrays += 1
        self.array_count, self.integer_count = arrays, integers
        self.sites: list[DerivativeSite] = []
        self._allow_derivatives = allow_derivatives
        self._precise = precise

    def value(self, e: sp.Basic, depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        """Source for ``e`` as a float array at ``depth`` (or a number)."""
        if e in _CONSTANTS:
            return _CONSTANTS[e]
        if self._precise and (e.is_Rational or e.is_Float):
            value = sp.Rational(e)
            return f"_q({value.p}, {value.q})"
        if self._precise and e in (sp.pi, sp.E):
            return f"_n({'pi' if e == sp.pi else 'e'!r})"
        if e.is_Number or e.is_NumberSymbol:
            if self._precise:
                raise UnsupportedError(f"no precise value for {e}")
            return f"({float(e)!r})"
        if isinstance(e, sp.Symbol):
            if e in self._arrays:
                return self._lifted(f"a{self._arrays[e][0]}", depth)
            return f"(1.0 * {self.integer(e, depth, bound)})"
        if isinstance(e, sp.Indexed):
            return self._entry(e, depth, bound)
        if isinstance(e, sp.Add):
            return "(" + " + ".join(self.value(a, depth, bound) for a in e.args) + ")"
        if isinstance(e, sp.Mul):
            return "(" + " * ".join(self.value(a, depth, bound) for a in e.args) + ")"
        if isinstance(e, sp.Pow):
            base, exponent = e.args
            printed = self.value(base, depth, bound)
            if exponent == sp.S.Half:
                return f"numpy.sqrt({printed})"
            if exponent.is_Integer and abs(exponent) < 2**31:
                return f"numpy.power({printed}, {int(exponent)})"
            return f"numpy.power({printed}, {self.value(exponent, depth, bound)})"
        if isinstance(e, (sp.Max, sp.Min)):
            combine = "numpy.maximum" if isinstance(e, sp.Max) else "numpy.minimum"
            return functools.reduce(lambda a, b: f"{combine}({a}, {b})", (self.value(a, depth, bound) for a in e.args))
        if isinstance(e, sp.KroneckerDelta):
            first, second = (self.integer(a, depth, bound) for a in e.args)
            return f"(1.0 * numpy.equal({first}, {second}))"
        if isinstance(e, sp.Heaviside):
            argument = self.value(e.args[0], depth, bound)
            at_zero = self.value(e.args[1], depth, bound) if len(e.args) > 1 else "0.5"
            return f"numpy.heaviside({argument}, {at_zero})"
        if isinstance(e, sp.Piecewise):
            return self._piecewise(e, depth, bound)
        if isinstance(e, sp.Sum):
            return self._sum(e.function, e.limits, depth, bound)
        if isinstance(e, sp.Derivative):
            return self._derivative(e, depth, bound)
        if isinstance(e, sp.Subs):
            # Carried out at a symbolic size, a substitution into a derivative of a sum
            # takes SymPy a second; the per-assignment printers do it at each size.
            raise UnsupportedError("substitutions are carried out at each assignment")
        if isinstance(e, sp.Function) and e.func in _FUNCTIONS and len(e.args) == 1:
            return f"{_FUNCTIONS[e.func]}({self.value(e.args[0], depth, bound)})"
        raise UnsupportedError(f"cannot print {type(e).__name__}")

    def integer(self, e: sp.Basic, depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        """Source for an index or size expression as an integer array at ``depth``."""
        if e.is_Integer:
            return str(int(e))
        if e in bound:
            own = bound[e]
            return own.name + "[..., None]" * (depth - own.axis)
        if e in self._integers:
            return self._lifted(f"i{self._integers[e]}", depth)
        if isinstance(e, sp.Add):
            return "(" + " + ".join(self.integer(a, depth, bound) for a in e.args) + ")"
        if isinstance(e, sp.Mul):
            return "(" + " * ".join(self.integer(a, depth, bound) for a in e.args) + ")"
        raise UnsupportedError(f"{e} is not an integer expression of sizes and indices")

    def condition(self, c: sp.Basic, depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        if c in (sp.true, True):
            return "True"
        if c in (sp.false, False):
            return "False"
        if type(c) in _COMPARISONS:
            left, right = (self.value(side, depth, bound) for side in (c.lhs, c.rhs))
            return f"({left} {_COMPARISONS[type(c)]} {right})"
        if isinstance(c, (sp.And, sp.Or)):
            combine = "numpy.logical_and" if isinstance(c, sp.And) else "numpy.logical_or"
            return functools.reduce(
                lambda a, b: f"{combine}({a}, {b})", (self.condition(a, depth, bound) for a in c.args)
            )
        if isinstance(c, sp.Not):
            return f"numpy.logical_not({self.condition(c.args[0], depth, bound)})"
        raise UnsupportedError(f"cannot print the condition {type(c).__name__}")

    def _lifted(self, name: str, depth: int) -> str:
        return name if depth == 0 else f"_lift({name}, {depth})"

    def _mask(self, depth: int) -> str:
        return "True" if depth == 0 else f"k{depth}"

    def _entry(self, e: sp.Indexed, depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        found = self._by_name.get(str(e.base.label))
        if found is None or found[1].kind not in (Kind.VECTOR, Kind.MATRIX):
            raise UnsupportedError(f"'{e.base}' is not a declared vector or matrix")
        number, declaration = found
        if len(e.indices) != len(declaration.shape):
            raise UnsupportedError(f"{e} has {len(e.indices)} indices for a {len(declaration.shape)}-dimensional array")
        pairs = ", ".join(
            f"({self.integer(index, depth, bound)}, {self._size(size, depth)})"
            for index, size in zip(e.indices, declaration.shape, strict=True)
        )
        return f"_entry(a{number}, {depth}, {self._mask(depth)}, {pairs})"

    def _size(self, size: sp.Basic | int, depth: int) -> str:
        if isinstance(size, int) or size.is_Integer:
            return str(int(size))
        if size in self._integers:
            return self._lifted(f"i{self._integers[size]}", depth)
        raise UnsupportedError(f"size {size} is not declared")

    def _sum(self, body: sp.Basic, limits: tuple[sp.Tuple, ...], depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        # The last limit is the outermost; the inner ones may depend on its variable.
        *inner, (variable, low, high) = limits
        axis = depth + 1
        own = {**bound, variable: _Bound(axis, f"b{axis}")}
        printed = self._sum(body, tuple(inner), axis, own) if inner else self.value(body, axis, own)
        first, last = self.integer(low, depth, bound), self.integer(high, depth, bound)
        return f"_sum(lambda b{axis}, k{axis}: {printed}, {first}, {last}, {self._mask(depth)}, {depth})"

    def _piecewise(self, e: sp.Piecewise, depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        printed = "numpy.nan"
        for piece, condition in reversed(e.args):
            printed = (
                f"numpy.where({self.condition(condition, depth, bound)}, {self.value(piece, depth, bound)}, {printed})"
            )
        return printed

    def _derivative(self, e: sp.Derivative, depth: int, bound: dict[sp.Basic, _Bound]) -> str:
        if not self._allow_derivatives or depth > 0:
            raise UnsupportedError("derivatives are printed only outside sums")
        if len(e.variable_count) != 1 or e.variable_count[0][1] != 1 or e.expr.has(sp.Derivative, sp.Subs):
            raise UnsupportedError("only first derivatives by one variable")
        variable = e.variable_count[0][0]
        if isinstance(variable, sp.Indexed):
            if any(i.free_symbols - set(self._integers) for i in variable.indices):
                raise UnsupportedError(f"cannot differentiate by {variable}")
        elif variable not in self._arrays:
            raise UnsupportedError(f"cannot differentiate by {variable}")
        site = DerivativeSite(e.expr, variable)
        if site not in self.sites:
            self.sites.append(site)
        return f"d{self.sites.index(site)}"


# -- compiled functions ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TensorFunction:
    """An expression compiled once: ``function(arrays, integers, derivatives)`` -> values.

    ``arrays`` holds one array per scalar (points,), vector (points, K) and matrix
    (points, K, M) declaration, in declaration order, padded to a common shape;
    ``integers`` one integer array (points,) per size and index declaration;
    ``derivatives`` one array (points,) per derivative site.
    """

    source: str
    sites: tuple[DerivativeSite, ...]
    call: Callable[..., object]

    def __call__(
        self,
        count: int,
        arrays: Sequence[np.ndarray],
        integers: Sequence[np.ndarray],
        derivatives: Sequence[np.ndarray] = (),
        dtype: type = np.float64,
    ) -> np.ndarray:
        """Values at ``count`` points, in ``dtype`` (float64, or longdouble to measure rounding)."""
        with np.errstate(all="ignore"):
            values = self.call(*arrays, *integers, *derivatives)
        return np.broadcast_to(np.asarray(values, dtype=dtype), (count,))


@functools.lru_cache(maxsize=1024)
def tensor_function(
    expression: sp.Basic,
    declarations: tuple[Declaration, ...],
    *,
    allow_derivatives: bool = True,
    precise: bool = False,
) -> TensorFunction:
    """Compile ``expression`` for every size at once; raises ``UnsupportedError``.

    ``precise`` code takes arrays of mpmath numbers (``dtype=object``) and keeps every
    constant exact: the same evaluation at mpmath's working precision, no derivatives.
    """
    printer = _Printer(declarations, allow_derivatives and not precise, precise)
    body = printer.value(expression, 0, {})
    if len(body) > MAX_SOURCE_CHARACTERS:
        raise UnsupportedError("too much source")
    names = [
        *(f"a{i}" for i in range(printer.array_count)),
        *(f"i{i}" for i in range(printer.integer_count)),
        *(f"d{i}" for i in range(len(printer.sites))),
    ]
    code = f"def function({', '.join(names)}):\n    return {body}\n"
    namespace = dict(_PRECISE_NAMESPACE if precise else _NAMESPACE)
    try:
        # The source is printed by this module from a SymPy tree, never text from a claim.
        exec(compile(code, "<verifier tensor evaluation>", "exec"), namespace)
    except (SyntaxError, RecursionError, MemoryError, ValueError) as error:
        raise UnsupportedError(str(error)) from error
    return TensorFunction(source=body, sites=tuple(printer.sites), call=namespace["function"])  # type: ignore[arg-type]
