"""NumPy code for an expression at one assignment, its sums written out while printing.

The numeric check needs every relation in float64 at several sizes and index
assignments. Writing the sums out in SymPy first (``Instance.concrete``) rebuilds the
whole tree at every assignment, with SymPy's evaluation and assumption queries at each
node, which cost more than everything else in the check. Here the tree is walked once
per assignment and printed straight to NumPy source: a sum becomes the addition of its
terms printed with the bound index set, an entry ``z[j]`` the column of its
coordinate, a Kronecker delta 1 or 0; nothing is rebuilt.

Only the nodes below are printed. Anything else raises ``UnsupportedError`` and the
caller writes the expression out in SymPy instead. The exact confirmation of a failure
always uses SymPy's written-out form, never this code.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

import sympy as sp

from verifier.language.declarations import Kind
from verifier.language.functions import Entrywise, vector_length, vmax, vmin
from verifier.numeric.evaluation import DerivativeNode, Evaluator, compile_function
from verifier.numeric.instances import MAX_EXPANDED_TERMS, Instance

__all__ = ["FUNCTIONS", "UnsupportedError", "unrolled_evaluator"]

# Beyond this much source the SymPy route decides (and reports a claim too large).
MAX_SOURCE_CHARACTERS = 2_000_000

# SymPy functions of one argument and the NumPy function each prints as (the tensor
# printer extends this table).
FUNCTIONS = {
    sp.exp: "numpy.exp",
    sp.log: "numpy.log",
    sp.tanh: "numpy.tanh",
    sp.sinh: "numpy.sinh",
    sp.cosh: "numpy.cosh",
    sp.sin: "numpy.sin",
    sp.cos: "numpy.cos",
    sp.tan: "numpy.tan",
    sp.atan: "numpy.arctan",
    sp.Abs: "numpy.abs",
    sp.sign: "numpy.sign",
    sp.erf: "_erf",
}
_RELATIONS = {
    sp.StrictLessThan: "<",
    sp.LessThan: "<=",
    sp.StrictGreaterThan: ">",
    sp.GreaterThan: ">=",
    sp.Equality: "==",
    sp.Unequality: "!=",
}
_CONSTANTS = {sp.nan: "numpy.nan", sp.zoo: "numpy.nan", sp.oo: "numpy.inf", -sp.oo: "(-numpy.inf)"}


class UnsupportedError(Exception):
    """A node this printer does not handle: the SymPy route must decide."""


class _Printer:
    """Prints one expression at one assignment; collects its derivative nodes."""

    def __init__(self, instance: Instance, coordinates: Sequence[sp.Symbol]) -> None:
        self._environment: dict[sp.Basic, int] = {
            symbol: value for symbol, value in (*instance.assignment.sizes, *instance.assignment.indices)
        }
        self._scalars: dict[sp.Basic, int] = {}
        self._entries: dict[tuple[str, tuple[int, ...]], int] = {}
        self._shapes: dict[str, tuple[int, ...]] = {}
        columns = itertools.count()
        for declaration, positions, _ in instance.layout:
            if declaration.kind is Kind.SCALAR:
                self._scalars[declaration.symbol] = next(columns)
            else:
                self._shapes[declaration.name] = instance.shape(declaration)
                self._entries.update({(declaration.name, p): next(columns) for p in positions})
        if next(columns) != len(coordinates):
            raise UnsupportedError("coordinates do not match the declarations")
        self._functions: dict[str, int] = {}  # inner source -> its number
        self._nodes: dict[tuple[int, int], str] = {}  # (function, column) -> placeholder
        self._length = 0

    # -- what the printer produced ---------------------------------------------------

    def evaluator(self, expression: sp.Basic, columns: int) -> Evaluator:
        outer = self.print(expression, {})
        names = [f"x{i}" for i in range(columns)]
        functions = [compile_function(source, names) for source in self._functions]
        nodes = tuple(
            DerivativeNode(function=functions[number], position=position, function_id=number)
            for number, position in self._nodes
        )
        placeholders = list(self._nodes.values())
        return Evaluator.from_parts(compile_function(outer, [*names, *placeholders]), nodes, columns)

    # -- printing --------------------------------------------------------------------

    def print(self, e: sp.Basic, bound: dict[sp.Basic, int]) -> str:
        """NumPy source for ``e`` with the bound summation indices set."""
        if e in _CONSTANTS:
            return _CONSTANTS[e]
        if e.is_Number or e.is_NumberSymbol:
            return f"({float(e)!r})"
        if isinstance(e, sp.Symbol):  # Dummy too
            value = bound.get(e, self._environment.get(e))
            if value is not None:
                return f"({float(value)!r})"
            if e in self._scalars:
                return f"x{self._scalars[e]}"
            raise UnsupportedError(f"no value for {e}")
        if isinstance(e, sp.Indexed):
            return f"x{self._column(e, bound)}"
        if isinstance(e, sp.Add):
            return "(" + " + ".join(self.print(a, bound) for a in e.args) + ")"
        if isinstance(e, sp.Mul):
            return "(" + " * ".join(self.print(a, bound) for a in e.args) + ")"
        if isinstance(e, sp.Pow):
            base, exponent = e.args
            if exponent == sp.S.Half:
                return f"numpy.sqrt({self.print(base, bound)})"
            if exponent.is_Integer and abs(exponent) < 2**31:
                return f"numpy.power({self.print(base, bound)}, {int(exponent)})"
            return f"numpy.power({self.print(base, bound)}, {self.print(exponent, bound)})"
        if isinstance(e, (sp.Max, sp.Min)):
            combine = "numpy.maximum" if isinstance(e, sp.Max) else "numpy.minimum"
            return functools.reduce(lambda a, b: f"{combine}({a}, {b})", (self.print(a, bound) for a in e.args))
        if isinstance(e, sp.KroneckerDelta):
            first, second = (self._integer(a, bound) for a in e.args)
            return "(1.0)" if first == second else "(0.0)"
        if isinstance(e, sp.Sum):
            return self._sum(e.function, e.limits, bound)
        if isinstance(e, sp.Derivative):
            return self._derivative(e, bound)
        if isinstance(e, sp.Function) and e.func in FUNCTIONS and len(e.args) == 1:
            return f"{FUNCTIONS[e.func]}({self.print(e.args[0], bound)})"
        if isinstance(e, sp.Heaviside):
            at_zero = e.args[1] if len(e.args) > 1 else sp.S.Half
            return f"numpy.heaviside({self.print(e.args[0], bound)}, {self.print(at_zero, bound)})"
        if isinstance(e, sp.Piecewise):
            conditions = ", ".join(self.condition(c, bound) for _, c in e.args)
            values = ", ".join(self.print(v, bound) for v, _ in e.args)
            covered = e.args[-1].cond == sp.true
            return f"_select(({conditions},), ({values},), {covered})"
        if isinstance(e, vmax | vmin):
            return self._extreme(e, bound)
        raise UnsupportedError(f"cannot print {type(e).__name__}")

    def condition(self, c: sp.Basic, bound: dict[sp.Basic, int]) -> str:
        """NumPy source for a Piecewise condition: relations, &, |, ~, True, False."""
        if c == sp.true:
            return "True"
        if c == sp.false:
            return "False"
        if type(c) in _RELATIONS:
            return f"({self.print(c.lhs, bound)} {_RELATIONS[type(c)]} {self.print(c.rhs, bound)})"
        if isinstance(c, sp.And | sp.Or):
            combine = "numpy.logical_and" if isinstance(c, sp.And) else "numpy.logical_or"
            return functools.reduce(lambda a, b: f"{combine}({a}, {b})", (self.condition(a, bound) for a in c.args))
        if isinstance(c, sp.Not):
            return f"numpy.logical_not({self.condition(c.args[0], bound)})"
        raise UnsupportedError(f"cannot print the condition {type(c).__name__}")

    def _extreme(self, e: vmax | vmin, bound: dict[sp.Basic, int]) -> str:
        """Max(v) or Min(v): the entries written out at this size, reduced."""
        (vector,) = e.args
        length = self._integer(vector_length(vector), bound)
        if not 1 <= length <= MAX_EXPANDED_TERMS:
            raise UnsupportedError("vector too long")
        if isinstance(vector, Entrywise):
            entries = [self.print(vector.body, {**bound, vector.index: i}) for i in range(1, length + 1)]
        elif isinstance(vector, sp.IndexedBase):
            entries = [self.print(vector[i], bound) for i in range(1, length + 1)]
        else:
            raise UnsupportedError(f"cannot print Max of {type(vector).__name__}")
        combine = "numpy.maximum" if isinstance(e, vmax) else "numpy.minimum"
        self._length += sum(len(entry) for entry in entries)
        if self._length > MAX_SOURCE_CHARACTERS:
            raise UnsupportedError("too much source")
        return functools.reduce(lambda a, b: f"{combine}({a}, {b})", entries)

    def _sum(self, body: sp.Basic, limits: tuple[sp.Tuple, ...], bound: dict[sp.Basic, int]) -> str:
        # The last limit is the outermost; the inner ones may depend on its variable.
        *inner, (variable, low, high) = limits
        first, last = self._integer(low, bound), self._integer(high, bound)
        if last - first + 1 > MAX_EXPANDED_TERMS:
            raise UnsupportedError("sum too long")
        terms = []
        for value in range(first, last + 1):
            at = {**bound, variable: value}
            terms.append(self._sum(body, tuple(inner), at) if inner else self.print(body, at))
        # Sums are where the source grows: count it there (nested sums count again,
        # which only makes the limit stricter).
        self._length += sum(len(term) for term in terms)
        if self._length > MAX_SOURCE_CHARACTERS:
            raise UnsupportedError("too much source")
        return "(" + " + ".join(terms) + ")" if terms else "(0.0)"

    def _derivative(self, e: sp.Derivative, bound: dict[sp.Basic, int]) -> str:
        if len(e.variable_count) != 1 or e.variable_count[0][1] != 1 or e.expr.has(sp.Derivative, sp.Subs):
            raise UnsupportedError("only first derivatives by one variable")
        variable = e.variable_count[0][0]
        if isinstance(variable, sp.Indexed):
            column = self._column(variable, bound)
        elif variable in self._scalars:
            column = self._scalars[variable]
        else:
            raise UnsupportedError(f"cannot differentiate by {variable}")
        inner = self.print(e.expr, bound)
        number = self._functions.setdefault(inner, len(self._functions))
        return self._nodes.setdefault((number, column), f"d{len(self._nodes)}")

    def _column(self, e: sp.Indexed, bound: dict[sp.Basic, int]) -> int:
        name = str(e.base.label)
        position = tuple(self._integer(i, bound) for i in e.indices)
        shape = self._shapes.get(name)
        inside = shape is not None and len(position) == len(shape)
        if not inside or not all(1 <= p <= n for p, n in zip(position, shape, strict=True)):  # type: ignore[arg-type]
            raise UnsupportedError(f"{e} is outside its declaration")
        return self._entries[name, position]

    def _integer(self, e: sp.Basic, bound: dict[sp.Basic, int]) -> int:
        """An index or size expression's value: integers, bound symbols, + and *."""
        if e.is_Integer:
            return int(e)
        if e in bound:
            return bound[e]
        if e in self._environment:
            return self._environment[e]
        if isinstance(e, sp.Add):
            return sum(self._integer(a, bound) for a in e.args)
        if isinstance(e, sp.Mul):
            return math.prod(self._integer(a, bound) for a in e.args)
        raise UnsupportedError(f"{e} is not a fixed integer here")


@functools.lru_cache(maxsize=1024)
def unrolled_evaluator(expression: sp.Basic, instance: Instance, coordinates: tuple[sp.Symbol, ...]) -> Evaluator:
    """The float64 evaluator of ``expression`` at ``instance``'s assignment, without SymPy write-out.

    Raises ``UnsupportedError`` for a node it does not print.
    """
    printer = _Printer(instance, coordinates)
    try:
        return printer.evaluator(expression, len(coordinates))
    except (SyntaxError, RecursionError, MemoryError, ValueError, OverflowError) as error:
        raise UnsupportedError(str(error)) from error
