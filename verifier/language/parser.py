"""Expressions of a claim file, parsed without ever running them.

The text goes through Python's own parser (``ast.parse``, which builds a syntax tree
and executes nothing), and the tree is walked against an explicit whitelist: numbers,
the constants ``pi`` and ``E``, ``+ - * / **``, the declared symbols and the defined
names, entries ``z[k]`` and ``w[i, m]``, vector arguments (a vector, a literal, or an
entrywise expression such as ``z/T``) of ``softmax``, ``logsumexp``, ``Max(v)`` and
``Min(v)``, calls to the functions of docs/claim-files.md, ``Piecewise`` with its
conditions, and one comparison at the top (a chained one in ``assume``). The SymPy
objects are built from the verifier's vocabulary; the text is never given to ``eval``,
``exec`` or ``sympify``. Defined names become references (``definitions``) that print
as written.

Inputs built to exhaust the machine are refused before SymPy sees them (``syntax``:
length, brackets, depth, numbers); recursion here is bounded by the tree's depth.

Every problem is a ``ClaimFileError`` that names the file, claim and field (``Where``)
and says what was found and what is allowed.
"""

from __future__ import annotations

import ast
import decimal
import enum
import keyword
import re
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import sympy as sp

from verifier.errors import ClaimDefinitionError, ClaimFileError
from verifier.language import functions as f
from verifier.language import vocabulary as v
from verifier.language.declarations import RESERVED_NAMES, Kind, SizeLike, Variables, summation_index
from verifier.language.definitions import Definition, Form
from verifier.language.suggestions import MODULE_PREFIXES, nearest, nearest_function
from verifier.language.syntax import (
    MAX_DECIMAL_EXPONENT,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_LITERAL_DIGITS,
    MAX_NUMBER_BITS,
    MAX_RADICAL_BITS,
    Where,
    bits,
    chain,
    check_depth,
    check_numbers,
    checked_text,
    describe,
    family,
    log2,
    radical_bits,
    syntax_tree,
)

__all__ = [
    "FUNCTIONS",
    "MAX_LENGTH",
    "Role",
    "Where",
    "is_name",
    "parse",
    "parse_assumption",
]

MAX_MAX_ARGUMENTS = 20
"""Arguments of Max and Min (SymPy compares them pairwise)."""
MAX_VECTOR_LITERAL = 1_000
"""Entries of a vector literal."""
MAX_DERIVATIVE_ORDER = 10
"""Order of one derivative."""
MAX_PIECES = 20
"""Pieces of one Piecewise."""
MAX_RANGES = 6
"""Ranges of one Sum."""

NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")

_REAL_ONLY: dict[str, Callable[[sp.Expr], sp.Basic]] = {
    "log": lambda u: sp.StrictGreaterThan(u, 0),
    "sqrt": lambda u: sp.GreaterThan(u, 0),
    "log1p": lambda u: sp.StrictGreaterThan(u, -1),
}
"""Where each function has a real value, as a condition on its argument."""

_ONE_ARGUMENT: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "exp": v.exp,
    "log": v.log,
    "sqrt": v.sqrt,
    "Abs": v.Abs,
    "sinh": v.sinh,
    "cosh": v.cosh,
    "tanh": v.tanh,
    "erf": v.erf,
    "log1p": v.log1p,
    "expm1": v.expm1,
    "sigmoid": v.sigmoid,
    "softplus": v.softplus,
    "relu": v.relu,
    "sign": v.sign,
}

FUNCTIONS = (
    "exp", "log", "sqrt", "Abs", "sinh", "cosh", "tanh", "erf", "log1p", "expm1",
    "Max", "Min", "relu", "clamp", "sign", "Heaviside", "Piecewise",
    "sigmoid", "softplus", "softmax", "logsumexp",
    "Sum", "KroneckerDelta", "diff", "subs",
)  # fmt: skip
"""The functions an expression may call, as docs/claim-files.md lists them."""

_VECTOR_FUNCTIONS = "softmax, logsumexp, Max or Min"
_RELATION_FUNCTIONS = ("Eq", "Ne")
_RESERVED = frozenset(FUNCTIONS) | frozenset(_RELATION_FUNCTIONS) | RESERVED_NAMES
_CONSTANTS = {"pi": sp.pi, "E": sp.E}

_COMPARISONS: dict[type, tuple[str, Callable[[sp.Expr, sp.Expr], sp.Basic]]] = {
    ast.Eq: ("==", v.Eq),
    ast.NotEq: ("!=", v.Ne),
    ast.Lt: ("<", v.Lt),
    ast.LtE: ("<=", v.Le),
    ast.Gt: (">", v.Gt),
    ast.GtE: (">=", v.Ge),
}

_OPERATORS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**",
    ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitXor: "^",
    ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>",
}  # fmt: skip

ALLOWED = (
    "numbers, pi, E, + - * / **, parentheses, declared symbols, defined names, entries z[k] and w[i, m], "
    "and calls to " + " ".join(FUNCTIONS)
)


class Role(enum.Enum):
    """What a text must be."""

    STATEMENT = "statement"
    """One relation: ==, <, <=, >, >= (or Eq(a, b))."""
    ASSUMPTION = "assumption"
    """One relation, != and Ne(a, b) included, or a chained comparison (``parse_assumption``)."""
    EXPRESSION = "expression"
    """An expression with no relation (a step of a chain, a definition's body)."""


def is_name(text: str) -> bool:
    """True if ``text`` can name a symbol: letters, digits, '_', not a keyword, a function or a constant."""
    return bool(NAME_PATTERN.match(text)) and not keyword.iskeyword(text) and text not in _RESERVED


def parse(
    text: str,
    variables: Variables,
    *,
    role: Role,
    where: Where,
    deadline: float | None = None,
    placeholders: Sequence[sp.Symbol] = (),
    defining: str | None = None,
    later: Collection[str] = (),
    real_where: list[sp.Basic] | None = None,
) -> sp.Basic:
    """The SymPy relation or expression ``text`` stands for, or a ``ClaimFileError``.

    ``deadline`` (a ``time.monotonic()`` value) bounds the time spent building: past
    it, the expression is refused as too complex. ``placeholders`` are the parameters
    of a function being defined, usable as scalars in its body; ``defining`` is the name
    being defined and ``later`` the names defined after it, which its body may not use
    (the messages say so). A chained comparison
    in an assumption is the ``And`` of its relations (``parse_assumption`` splits it).

    ``real_where`` collects where the text as written has a real value: ``u > 0`` for
    each ``log(u)``, ``u >= 0`` for each ``sqrt(u)`` and ``u**(1/3)`` (SymPy's roots are
    principal roots; ``u > 0`` for a negative exponent, ``u > -1`` for ``log1p(u)``). SymPy
    may rewrite the expression as it builds it (``exp(log(u))`` becomes ``u``), and the
    rewritten form can be real where the written one is not. Arguments inside a
    ``Piecewise`` piece or a sum's body are left out (a piece applies only where its
    condition holds; a summand depends on the bound index).
    """
    source = checked_text(text, where)
    tree = syntax_tree(source, where)
    check_depth(tree, where)
    builder = _Builder(source, variables, where, deadline, placeholders)
    builder.defining, builder.later = defining, frozenset(later)
    builder.real_where = real_where
    try:
        result = builder.top(tree.body, role)
    except ClaimFileError:
        raise
    except ClaimDefinitionError as error:
        raise where.error(str(error)) from None
    except (RecursionError, MemoryError):
        raise where.error("the expression is too deeply nested to build") from None
    except Exception as error:  # noqa: BLE001  (SymPy refusing the input is the file's problem)
        raise where.error(f"SymPy cannot build this expression ({type(error).__name__}: {error})") from None
    check_numbers(result, where)
    return result


def parse_assumption(
    text: str, variables: Variables, *, where: Where, deadline: float | None = None
) -> tuple[sp.Basic, ...]:
    """The relations of one ``assume`` entry: one, or both of a chained ``-3 < x < 3``."""
    result = parse(text, variables, role=Role.ASSUMPTION, where=where, deadline=deadline)
    return tuple(result.args) if isinstance(result, sp.And) else (result,)


_NOT_FINITE = (sp.zoo, sp.oo, -sp.oo, sp.nan)


# -- the walk ----------------------------------------------------------------------------


@dataclass
class _VectorContext:
    """An entrywise vector argument being built: its entry index and the sizes of the vectors met."""

    marker: sp.Symbol
    sizes: dict[str, SizeLike]


class _Builder:
    """Walks one syntax tree; recursion is bounded by ``MAX_DEPTH``."""

    def __init__(
        self,
        source: str,
        variables: Variables,
        where: Where,
        deadline: float | None,
        placeholders: Sequence[sp.Symbol] = (),
    ) -> None:
        self.source = source.strip()
        self.variables = variables
        self.definitions = variables.definitions
        self.where = where
        self.deadline = deadline
        self.bound: dict[str, sp.Symbol] = {}
        self.placeholders = {p.name: p for p in placeholders}
        self.vectors: list[_VectorContext] = []
        self.defining: str | None = None
        self.later: frozenset[str] = frozenset()
        self.building: list[ast.AST] = []  # the nodes being built, innermost last: where a problem is
        self.limits: dict[sp.Basic, tuple[sp.Expr, sp.Expr]] = {}  # each summation index's range
        self.real_where: list[sp.Basic] | None = None
        self.guarded = 0  # inside a Piecewise piece: an argument there need not be in the domain

    def undefined(self, name: str) -> None:
        """Raise if ``name`` is the definition being written or a later one."""
        if name == self.defining:
            raise self.fail(f"'{name}' refers to itself: a definition cannot be recursive")
        if name in self.later:
            raise self.fail(f"'{name}' is defined later: a definition may use only the definitions before it")

    def fail(self, problem: str, node: ast.AST | None = None) -> ClaimFileError:
        """The error, pointing at ``node`` (by default the innermost node being built)."""
        at = node if node is not None else (self.building[-1] if self.building else None)
        column = getattr(at, "col_offset", None)
        return self.where.error(problem, text=self.source, column=None if column is None else column + 1)

    # relations ------------------------------------------------------------------------

    def top(self, node: ast.expr, role: Role) -> sp.Basic:
        self.building.append(node)
        if isinstance(node, ast.Compare) or _is_call_to(node, _RELATION_FUNCTIONS):
            if role is Role.EXPRESSION:
                raise self.fail(
                    "a step of a chain is an expression, not a relation (the chain's steps are joined by ==)"
                )
            return self.relation(node, role)
        if role is Role.EXPRESSION:
            return self.expr(node)
        self.expr(node)  # report what is wrong inside first, if anything
        allowed = "==, <, <=, >, >=" + (", != or Eq(a, b) / Ne(a, b)" if role is Role.ASSUMPTION else "")
        raise self.fail(f"must be one relation ({allowed}); got an expression with no relation")

    def relation(self, node: ast.expr, role: Role) -> sp.Basic:
        if isinstance(node, ast.Compare):
            for operator in node.ops:
                if type(operator) not in _COMPARISONS:
                    raise self.fail(f"the comparison {describe(operator)} is not allowed (use ==, <, <=, >, >=)")
                if isinstance(operator, ast.NotEq) and role is not Role.ASSUMPTION:
                    raise self.fail("a statement cannot be '!=' (it is allowed in assume)")
            if len(node.ops) > 1 and role is not Role.ASSUMPTION:
                if all(isinstance(o, ast.Eq) for o in node.ops):
                    raise self.fail('A == B == C is a chain: write it as steps = ["A", "B", "C"]')
                raise self.fail(
                    "a chained comparison (a < b < c) is not allowed in a statement: state one relation "
                    "(a chained comparison is allowed in assume)"
                )
            sides = [self.expr(side) for side in (node.left, *node.comparators)]
            relations = [
                _COMPARISONS[type(operator)][1](left, right)
                for operator, left, right in zip(node.ops, sides, sides[1:], strict=False)
            ]
            return relations[0] if len(relations) == 1 else sp.And(*relations)
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        name = node.func.id
        if name == "Ne" and role is not Role.ASSUMPTION:
            raise self.fail("a statement cannot be Ne(a, b) (it is allowed in assume)")
        arguments = self.arguments(node, name, 2)
        lhs, rhs = (self.expr(a) for a in arguments)
        return v.Eq(lhs, rhs) if name == "Eq" else v.Ne(lhs, rhs)

    def condition(self, node: ast.expr) -> sp.Basic:
        """A Piecewise condition: a relation, a chained comparison, or & / | of conditions."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
            left, right = self.condition(node.left), self.condition(node.right)
            return sp.And(left, right) if isinstance(node.op, ast.BitAnd) else sp.Or(left, right)
        if isinstance(node, ast.Compare):
            for operator in node.ops:
                if type(operator) not in _COMPARISONS:
                    raise self.fail(f"the comparison {describe(operator)} is not allowed in a condition")
            sides = [self.expr(side) for side in (node.left, *node.comparators)]
            built = [
                _EVALUATED[type(operator)](left, right)
                for operator, left, right in zip(node.ops, sides, sides[1:], strict=False)
            ]
            return sp.And(*built)
        if _is_call_to(node, _RELATION_FUNCTIONS):
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            lhs, rhs = (self.expr(a) for a in self.arguments(node, node.func.id, 2))
            return sp.Eq(lhs, rhs) if node.func.id == "Eq" else sp.Ne(lhs, rhs)
        if isinstance(node, ast.Constant) and node.value is True:
            return sp.true
        raise self.fail(
            f"a Piecewise condition is a relation, & or | of relations in parentheses, or True "
            f"(got '{self.segment(node)}')"
        )

    # expressions ----------------------------------------------------------------------

    def expr(self, node: ast.expr) -> sp.Expr:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise self.fail("too complex: building the claims ran past the time allowed for loading a file")
        self.building.append(node)
        try:
            result = self._expr(node)
        finally:
            self.building.pop()
        if any(result is bad for bad in _NOT_FINITE):
            raise self.fail(f"'{self.segment(node)}' is infinite or undefined ({result})", node)
        if isinstance(node, ast.BinOp | ast.UnaryOp | ast.Call):
            check_numbers(result, self.where)
        return result

    def affordable(self, node: ast.expr, *values: sp.Basic) -> None:
        """Refuse to combine values whose roots together would take SymPy long to simplify."""
        if sum(radical_bits(value) for value in values) > MAX_RADICAL_BITS:
            raise self.fail(
                f"'{self.segment(node)}': the numbers under roots and logarithms have more than "
                f"{MAX_RADICAL_BITS} bits together"
            )

    def _expr(self, node: ast.expr) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.expr(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.expr(node.operand)
            raise self.fail(f"found {describe(node.op)}; allowed: {ALLOWED}")
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Subscript):
            return self.entry(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Compare) or _is_call_to(node, _RELATION_FUNCTIONS):
            raise self.fail(
                "a relation can only be the whole statement (or a Piecewise condition), not part of an expression"
            )
        if isinstance(node, ast.List):
            raise self.fail(f"a vector literal [...] is allowed only as the vector argument of {_VECTOR_FUNCTIONS}")
        if isinstance(node, ast.Tuple):
            raise self.fail("a tuple (a, b) is allowed only as the limits of Sum and the pieces of Piecewise")
        if isinstance(node, ast.Attribute) and (prefixed := self.prefixed(node)):
            raise self.fail(prefixed)
        raise self.fail(f"found {describe(node)}; allowed: {ALLOWED}")

    def prefixed(self, node: ast.Attribute, *, called: bool = False) -> str | None:
        """What to write for ``np.exp`` or ``math.pi``: the claim language's name, with no module prefix."""
        root = node.value
        while isinstance(root, ast.Attribute):  # torch.nn.functional.softmax
            root = root.value
        if not (isinstance(root, ast.Name) and root.id in MODULE_PREFIXES):
            return None
        meant = nearest_function(node.attr, FUNCTIONS) if called else nearest(node.attr, [*_CONSTANTS, "e"])
        if meant is None:
            return None
        meant = "E" if meant == "e" else meant
        return (
            f"found attribute access ('.'): '{self.segment(node)}'; claim files have no '{self.segment(node.value)}.' "
            f"prefix: write {_USAGE.get(meant, meant + '(...)') if called else meant}"
        )

    def segment(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.source, node) or ""
        return text if len(text) <= 60 else text[:57] + "..."

    def number(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"found {describe(node)}; allowed: {ALLOWED}")
        if isinstance(value, int):
            if abs(value) >= 10**MAX_LITERAL_DIGITS:
                raise self.fail(f"a number literal has at most {MAX_LITERAL_DIGITS} digits (got {self.segment(node)})")
            return sp.Integer(value)
        # A float means the decimal it was written as: 0.6652 is 6652/10000.
        text = (ast.get_source_segment(self.source, node) or repr(value)).replace("_", "")
        try:
            written = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise self.fail(f"not a number: {text}") from None
        if not written.is_finite():
            raise self.fail(f"not a finite number: {text}")
        if len(written.as_tuple().digits) > MAX_LITERAL_DIGITS:
            raise self.fail(f"a number literal has at most {MAX_LITERAL_DIGITS} digits (got {text})")
        if abs(written.adjusted()) > MAX_DECIMAL_EXPONENT:
            raise self.fail(f"a number literal's exponent is at most {MAX_DECIMAL_EXPONENT} in size (got {text})")
        numerator, denominator = written.as_integer_ratio()
        return sp.Rational(numerator, denominator)

    def name(self, node: ast.Name) -> sp.Expr:
        name = node.id
        if name in self.bound:
            return self.bound[name]
        if name in self.placeholders:
            return self.placeholders[name]
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in self.variables:
            declaration = self.variables[name]
            if declaration.kind is Kind.VECTOR and self.vectors:
                symbol = declaration.symbol
                assert isinstance(symbol, sp.IndexedBase)
                return symbol[self.whole_vector(name, declaration.shape[0])]
            if declaration.kind is Kind.MATRIX and self.vectors:
                raise self.fail(
                    f"'{name}' is a matrix: {_VECTOR_FUNCTIONS} take a vector; write an entry such as {name}[i, m]"
                )
            if declaration.kind in (Kind.VECTOR, Kind.MATRIX):
                example = f"{name}[k]" if declaration.kind is Kind.VECTOR else f"{name}[i, m]"
                raise self.fail(
                    f"'{name}' is {_a(declaration.kind.value)}: write an entry such as {example}"
                    + (f", or pass the whole vector to {_VECTOR_FUNCTIONS}" if declaration.kind is Kind.VECTOR else "")
                )
            assert isinstance(declaration.symbol, sp.Symbol)
            return declaration.symbol
        if name in self.definitions:
            definition = self.definitions[name]
            if definition.form is Form.SCALAR:
                return definition.reference()
            if definition.form is Form.VECTOR and self.vectors:
                return definition.reference(self.whole_vector(name, definition.shape[0]))
            if definition.form is Form.FUNCTION:
                raise self.fail(f"'{name}' is a defined function: call it, as in {definition.heading}")
            raise self.fail(
                f"'{name}' is a defined {definition.form.value}: write an entry such as {definition.heading}"
                + (f", or pass the whole vector to {_VECTOR_FUNCTIONS}" if definition.form is Form.VECTOR else "")
            )
        self.undefined(name)
        if name in _RESERVED:
            raise self.fail(f"'{name}' is a function: call it, as in {name}(...)")
        entry = self.subscript_meant(name)
        if entry is not None:
            raise self.fail(f"'{name}' is not declared: an entry is written with brackets: write {entry}")
        meant = nearest(name, [d.name for d in self.variables] + [d.name for d in self.definitions])
        if meant is not None:
            raise self.fail(f"'{name}' is not declared in [symbols]: did you mean '{meant}'?")
        declared = ", ".join(d.name for d in self.variables)
        defined = ", ".join(d.heading for d in self.definitions)
        raise self.fail(
            f"'{name}' is not declared in [symbols] (declared: {declared or 'nothing'}"
            + (f"; defined: {defined}" if defined else "")
            + f") and is not a function ({', '.join(FUNCTIONS)})"
        )

    def subscript_meant(self, name: str) -> str | None:
        """``z[j]`` for ``z_j`` (and ``w[i, m]`` for ``w_i_m``) when the vector and the indices exist."""
        base, *indices = name.split("_")
        if not indices or not all(indices):
            return None
        rank = {Kind.VECTOR: 1, Kind.MATRIX: 2}.get(self.variables[base].kind, 0) if base in self.variables else 0
        if base in self.definitions and self.definitions[base].form in (Form.VECTOR, Form.MATRIX):
            rank = len(self.definitions[base].parameters)
        if rank == 2 and len(indices) == 1 and len(indices[0]) == 2:
            indices = list(indices[0])  # w_im
        known = set(self.bound) | {d.name for d in self.variables if d.kind in (Kind.SIZE, Kind.INDEX)}
        if rank != len(indices) or not all(i in known or i.isdigit() for i in indices):
            return None
        return f"{base}[{', '.join(indices)}]"

    def whole_vector(self, name: str, size: SizeLike) -> sp.Symbol:
        """A whole vector in an entrywise argument: its entry at the argument's index."""
        context = self.vectors[-1]
        for other, other_size in context.sizes.items():
            if sp.sympify(other_size) != sp.sympify(size):
                raise self.fail(
                    f"vectors of different sizes in one entrywise expression: '{other}' has size {other_size}, "
                    f"'{name}' has size {size}"
                )
        context.sizes[name] = size
        return context.marker

    def binary(self, node: ast.BinOp) -> sp.Expr:
        if isinstance(node.op, ast.Pow):
            return self.power(node)
        if family(node) is None:
            symbol = _OPERATORS.get(type(node.op), type(node.op).__name__)
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            if isinstance(node.op, ast.BitAnd | ast.BitOr):
                hint = " (& and | join the conditions of Piecewise, each in parentheses: (x > 0) & (x < 1))"
            raise self.fail(f"the operator '{symbol}' is not allowed{hint}; allowed: + - * / **")
        links = chain(node)
        terms: list[sp.Expr] = []
        for operator, operand in links:
            value = self.expr(operand)
            if isinstance(operator, ast.Sub):
                value = -value
            elif isinstance(operator, ast.Div):
                if value.is_zero is True:
                    raise self.fail(f"division by zero: the divisor '{self.segment(operand)}' is 0")
                value = v.Rational(1) / value
            terms.append(value)
        self.affordable(node, *terms)
        return sp.Add(*terms) if family(node) == "+" else sp.Mul(*terms)

    def power(self, node: ast.BinOp) -> sp.Expr:
        if any(isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Pow) for inner in ast.walk(node.right)):
            raise self.fail(f"a power tower is not allowed: '{self.segment(node)}' (the exponent contains **)")
        base = self.expr(node.left)
        exponent = self.expr(node.right)
        self.check_power(base, exponent, node)
        self.affordable(node, base, exponent)
        if exponent.is_number and exponent.is_real and not exponent.is_integer:
            # SymPy's u**(1/3) is the principal root, not real for u < 0: as for sqrt
            self.real_only(sp.GreaterThan(base, 0) if exponent.is_positive else sp.StrictGreaterThan(base, 0))
        return base**exponent

    def check_power(self, base: sp.Expr, exponent: sp.Expr, node: ast.expr) -> None:
        """Refuse numeric powers that would take long to build: huge results, roots of huge numbers."""
        if not exponent.is_Number:
            return
        if not exponent.is_Rational:
            raise self.fail(f"the exponent must be exact (got {exponent})")
        if abs(int(exponent.p)) > MAX_EXPONENT or int(exponent.q) > MAX_EXPONENT:
            raise self.fail(f"a numeric exponent p/q needs |p| and q at most {MAX_EXPONENT} (got {exponent})")
        # SymPy raises the numeric factor of a base on construction: (2*x)**3 is 8*x**3,
        # while (x + 2)**3 stays as it is.
        factor = base if base.is_Rational else base.as_coeff_Mul()[0] if base.is_Mul else sp.S.One
        largest = bits(factor)
        if log2(factor) * abs(int(exponent.p)) > MAX_NUMBER_BITS:
            raise self.fail(f"'{self.segment(node)}' would build a number of more than {MAX_NUMBER_BITS} bits")
        if not exponent.is_Integer and largest + radical_bits(base) > MAX_RADICAL_BITS:
            raise self.fail(
                f"'{self.segment(node)}': the numbers under roots have more than {MAX_RADICAL_BITS} bits together"
            )
        if base.is_zero is True and exponent.is_negative:
            raise self.fail(f"division by zero: '{self.segment(node)}'")

    def entry(self, node: ast.Subscript) -> sp.Expr:
        if not isinstance(node.value, ast.Name):
            if _is_call_to(node.value, ("softmax",)):
                assert isinstance(node.value, ast.Call)
                vector = ", ".join(self.segment(a) for a in node.value.args) or "z"
                index = self.segment(node.slice)
                raise self.fail(
                    f"'{self.segment(node)}': an entry of softmax is written softmax(v, i): "
                    f"write softmax({vector}, {index})"
                )
            raise self.fail(
                f"only a declared or defined vector or matrix can be indexed (got '{self.segment(node.value)}')"
            )
        name = node.value.id
        indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if name in self.bound:
            raise self.fail(f"'{name}' is a summation index: it has no entries")
        if name in self.placeholders:
            raise self.fail(f"'{name}' is a placeholder (a scalar): it has no entries")
        if name in self.definitions and name not in self.variables:
            return self.defined_entry(node, self.definitions[name], indices)
        if name not in self.variables:
            self.undefined(name)
            self.name(node.value)  # raises: undeclared, a constant or a function
        declaration = self.variables[name]
        rank = {Kind.VECTOR: 1, Kind.MATRIX: 2}.get(declaration.kind, 0)
        if rank == 0:
            raise self.fail(f"'{name}' is {_a(declaration.kind.value)}: it has no entries, write {name} without [...]")
        if len(indices) != rank:
            example = f"{name}[k]" if rank == 1 else f"{name}[i, m]"
            raise self.fail(
                f"'{name}' is {_a(declaration.kind.value)}: an entry needs {rank} ind{'ices' if rank > 1 else 'ex'}, "
                f"as in {example} (got {len(indices)})"
            )
        values = [self.index(index, size, name) for index, size in zip(indices, declaration.shape, strict=True)]
        symbol = declaration.symbol
        assert isinstance(symbol, sp.IndexedBase)
        return symbol[tuple(values)] if rank > 1 else symbol[values[0]]

    def defined_entry(self, node: ast.Subscript, definition: Definition, indices: list[ast.expr]) -> sp.Expr:
        name = definition.name
        if definition.form is Form.FUNCTION:
            raise self.fail(f"'{name}' is a defined function: call it, as in {definition.heading}, not {name}[...]")
        if definition.form is Form.SCALAR:
            raise self.fail(f"'{name}' is a defined scalar: it has no entries, write {name} without [...]")
        if len(indices) != len(definition.parameters):
            raise self.fail(
                f"'{name}' is a defined {definition.form.value}: an entry needs {len(definition.parameters)} "
                f"ind{'ices' if len(definition.parameters) > 1 else 'ex'}, as in {definition.heading} "
                f"(got {len(indices)})"
            )
        values = [self.index(index, size, name) for index, size in zip(indices, definition.shape, strict=True)]
        return definition.reference(*values)

    def index(self, node: ast.expr, size: object = None, vector: str | None = None) -> sp.Expr:
        """An integer expression of sizes, indices and summation indices, within 1..size."""
        if isinstance(node, ast.Slice):
            raise self.fail(f"found {describe(node)}; an index is an integer expression such as k, k + 1 or 2")
        value = self.expr(node)
        allowed = set(self.bound.values()) | {d.symbol for d in self.variables if d.kind in (Kind.SIZE, Kind.INDEX)}
        if value.is_integer is not True or not value.free_symbols <= allowed:
            raise self.fail(
                "an index must be an integer expression of sizes, indices and summation indices "
                f"(got '{self.segment(node)}')"
            )
        if value.is_Integer:
            if value < 1:
                raise self.fail(f"indices start at 1 (got {value})")
            if isinstance(size, int) and value > size:
                raise self.fail(f"an index of a vector of size {size} is at most {size} (got {value})")
        elif size is not None and isinstance(value, sp.Symbol) and str(value) in self.variables:
            declaration = self.variables[str(value)]
            if declaration.kind is Kind.INDEX and sp.sympify(declaration.size) != sp.sympify(size):
                raise self.fail(
                    f"the index '{value}' ranges over 1..{declaration.size}, but "
                    f"{f'{vector!r}' if vector else 'the vector'} has size {size} here",
                    node,
                )
        elif size is not None:
            self.check_range(value, size, node, vector)
        return value

    def check_range(self, value: sp.Expr, size: object, node: ast.expr, vector: str | None) -> None:
        """Refuse an index that certainly leaves 1..size somewhere: a Sum's range past the vector
        (``Sum(z[m], (m, 1, 5))`` for a z of size 3), ``z[j + 1]`` with j in 1..K and z of size K.
        Only what is certain for every size is refused (``z[K]`` may be bounded by an assumption)."""
        what = f"{vector!r}" if vector else "the vector"
        highest, lowest = self.index_extreme(value, upper=True), self.index_extreme(value, upper=False)
        if highest is not None:
            beyond = sp.expand(highest - sp.sympify(size))
            if beyond.is_positive is True:  # for every size the declarations allow
                raise self.fail(f"the index '{self.segment(node)}' reaches {highest}, but {what} has size {size}", node)
        if lowest is not None and (lowest - 1).is_negative is True:
            raise self.fail(f"the index '{self.segment(node)}' reaches {lowest}, but indices start at 1", node)

    def index_extreme(self, value: sp.Expr, *, upper: bool, depth: int = 0) -> sp.Expr | None:
        """The largest (or smallest) value of an affine index over the ranges of its indices, sizes
        kept as symbols; None when the index is not affine or the ranges nest too deep."""
        if depth > MAX_RANGES * 4:
            return None
        result: sp.Expr = sp.S.Zero
        for term, coefficient in value.as_coefficients_dict().items():
            if term == 1:
                result += coefficient
                continue
            if not (isinstance(term, sp.Symbol) and coefficient.is_Integer):
                return None
            largest = upper == (coefficient > 0)
            if term in self.limits:
                bound = self.index_extreme(self.limits[term][1 if largest else 0], upper=largest, depth=depth + 1)
                if bound is None:
                    return None
                result += coefficient * bound
            elif str(term) in self.variables and self.variables[str(term)].kind is Kind.INDEX:
                result += coefficient * (sp.sympify(self.variables[str(term)].size) if largest else sp.S.One)
            else:
                result += coefficient * term  # a size: unbounded, kept as a symbol
        return result

    # calls ----------------------------------------------------------------------------

    def arguments(self, node: ast.Call, name: str, count: int | None, *, at_least: int = 1) -> list[ast.expr]:
        if node.keywords:
            raise self.fail(f"{name}(...) takes no keyword arguments (got {node.keywords[0].arg or '**'}=...)")
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self.fail(f"found {describe(argument)}; allowed: {ALLOWED}")
        got = len(node.args)
        if count is not None and got != count:
            usage = f": {_USAGE[name]}" if name in _USAGE else ""
            raise self.fail(f"{name} takes {count} argument{'s' if count > 1 else ''} (got {got}){usage}")
        if count is None and got < at_least:
            raise self.fail(f"{name} takes at least {at_least} argument{'s' if at_least > 1 else ''} (got {got})")
        return list(node.args)

    def call(self, node: ast.Call) -> sp.Expr:
        if isinstance(node.func, ast.Attribute) and (prefixed := self.prefixed(node.func, called=True)):
            raise self.fail(prefixed)
        if isinstance(node.func, ast.Call | ast.Constant | ast.Subscript | ast.BinOp | ast.UnaryOp):
            raise self.fail(
                f"'{self.segment(node.func)}' is not a function: a product needs '*': write {self.product(node)}"
            )
        if not isinstance(node.func, ast.Name):
            raise self.fail(f"only the listed functions can be called (got a call of '{self.segment(node.func)}')")
        name = node.func.id
        if name in self.bound or name in self.placeholders or name in self.variables:
            raise self.fail(
                f"'{name}' is a symbol, not a function: it cannot be called (a product needs '*': "
                f"write {self.product(node)})"
            )
        if name in self.definitions:
            return self.defined_call(node, self.definitions[name])
        if name in _ONE_ARGUMENT:
            (argument,) = self.arguments(node, name, 1)
            value = self.expr(argument)
            if name == "sqrt":
                self.check_power(value, v.Rational(1, 2), node)
            self.affordable(node, value)
            if name in _REAL_ONLY:
                self.real_only(_REAL_ONLY[name](value))
            return _ONE_ARGUMENT[name](value)
        if name in ("Max", "Min"):
            return self.extreme(node, name)
        if name == "clamp":
            x, low, high = (self.expr(a) for a in self.arguments(node, name, 3))
            return v.clamp(x, low, high)
        if name == "Heaviside":
            arguments = self.arguments(node, name, None)
            if len(arguments) > 2:
                raise self.fail(
                    f"Heaviside takes 1 or 2 arguments: Heaviside(x) or Heaviside(x, h0) (got {len(arguments)})"
                )
            return v.Heaviside(*[self.expr(a) for a in arguments])
        if name == "Piecewise":
            return self.piecewise(node)
        if name == "softmax":
            vector, index = self.arguments(node, name, 2)
            vector_value, size = self.vector(vector, name)
            if isinstance(vector, ast.List):
                position = self.index(index)
                if not position.is_Integer:
                    raise self.fail(
                        f"softmax of a vector literal needs a number index in 1..{size} (got '{self.segment(index)}')"
                    )
            position = self.index(index, size, "the vector of softmax")
            return v.softmax(vector_value, position)
        if name == "logsumexp":
            (vector,) = self.arguments(node, name, 1)
            return v.logsumexp(self.vector(vector, name)[0])
        if name == "Sum":
            return self.summation(node)
        if name == "KroneckerDelta":
            first, second = self.arguments(node, name, 2)
            return v.KroneckerDelta(self.index(first), self.index(second))
        if name == "diff":
            return self.derivative(node)
        if name == "subs":
            expression, variable, value = self.arguments(node, name, 3)
            inner, by = self.expr(expression), self.variable(variable, name)
            if any(by in s.variables for s in inner.atoms(sp.Subs)):
                raise self.fail(f"subs by {by} of an expression already substituted by {by}: substitute once")
            return v.subs(inner, by, self.expr(value))
        if name in _CONSTANTS:
            raise self.fail(f"'{name}' is a constant, not a function: it cannot be called")
        self.undefined(name)
        defined = [d.name for d in self.definitions if d.form is Form.FUNCTION]
        meant = nearest_function(name, [*FUNCTIONS, *defined])
        if meant is not None:
            raise self.fail(f"'{name}' is not a function of claim files: write {_USAGE.get(meant, meant + '(...)')}")
        raise self.fail(f"'{name}' is not one of the functions allowed: {', '.join(FUNCTIONS)}")

    def real_only(self, condition: sp.Basic) -> None:
        """Record where the expression being built has a real value (see ``parse``)."""
        if self.real_where is None or self.guarded or self.bound or self.placeholders or self.vectors:
            return
        if condition in (sp.true, sp.false) or not condition.free_symbols:
            return  # a number: SymPy keeps log(-1) = I*pi, which the numeric check sees
        if condition not in self.real_where:
            self.real_where.append(condition)

    def product(self, node: ast.Call) -> str:
        """``f(x)*(1 - x)`` for the call ``f(x)(1 - x)``: what a product written without '*' means."""
        start, opening, end = node.col_offset, node.func.end_col_offset or 0, node.end_col_offset or 0
        while opening < end and self.source[opening] in ") ":  # past a parenthesized callee
            opening += 1
        suggestion = f"{self.source[start:opening].rstrip()}*{self.source[opening:end]}"
        return suggestion if len(suggestion) <= 60 else suggestion[:57] + "..."

    def defined_call(self, node: ast.Call, definition: Definition) -> sp.Expr:
        name = definition.name
        if definition.form is not Form.FUNCTION:
            hint = f"write {definition.heading}" if definition.form is not Form.SCALAR else f"write {name}"
            raise self.fail(f"'{name}' is a defined {definition.form.value}, not a function: {hint}")
        arguments = self.arguments(node, name, len(definition.parameters))
        return definition.reference(*[self.expr(a) for a in arguments])

    def extreme(self, node: ast.Call, name: str) -> sp.Expr:
        """Max(a, b, ...) of scalars, or Max(v): the largest entry of a vector."""
        arguments = self.arguments(node, name, None)
        if len(arguments) > MAX_MAX_ARGUMENTS:
            raise self.fail(f"{name} takes at most {MAX_MAX_ARGUMENTS} arguments (got {len(arguments)})")
        if len(arguments) == 1:
            vector, _ = self.vector(arguments[0], name, scalar_allowed=True)
            if vector is not None:
                return (v.vmax if name == "Max" else v.vmin)(vector)
        values = [self.expr(a) for a in arguments]
        self.affordable(node, *values)
        return (v.Max if name == "Max" else v.Min)(*values)

    def vector(self, node: ast.expr, function: str, *, scalar_allowed: bool = False) -> tuple[sp.Basic | None, object]:
        """A vector argument with its size (an int when known): declared, defined, literal or entrywise.

        With ``scalar_allowed``, an argument with no vector in it gives (None, None).
        """
        if isinstance(node, ast.List):
            if not node.elts:
                raise self.fail(f"the vector literal of {function} is empty")
            if len(node.elts) > MAX_VECTOR_LITERAL:
                raise self.fail(f"a vector literal has at most {MAX_VECTOR_LITERAL} entries (got {len(node.elts)})")
            outer, self.vectors = self.vectors, []
            try:
                entries = [self.expr(e) for e in node.elts]
            finally:
                self.vectors = outer
            return v.vector(*entries), len(node.elts)
        context = _VectorContext(marker=sp.Dummy("entry", integer=True, positive=True), sizes={})
        self.vectors.append(context)
        try:
            body = self.expr(node)
        finally:
            self.vectors.pop()
        if not context.sizes:
            if scalar_allowed:
                return None, None
            raise self.fail(
                f"the first argument of {function} must be a vector: a declared or defined vector, a literal [...], "
                f"or an entrywise expression of vectors such as z/T (got '{self.segment(node)}')"
            )
        size = next(iter(context.sizes.values()))
        return f.entrywise(body, context.marker, size), size

    def piecewise(self, node: ast.Call) -> sp.Expr:
        pieces = self.arguments(node, "Piecewise", None)
        if len(pieces) > MAX_PIECES:
            raise self.fail(f"Piecewise takes at most {MAX_PIECES} pieces (got {len(pieces)})")
        built: list[tuple[sp.Expr, sp.Basic]] = []
        for number, piece in enumerate(pieces, start=1):
            if not (isinstance(piece, ast.Tuple) and len(piece.elts) == 2):
                raise self.fail(
                    f"each piece of Piecewise is a pair (value, condition) (piece {number} is '{self.segment(piece)}')"
                )
            value, condition = piece.elts
            if isinstance(condition, ast.Constant) and condition.value is True and number != len(pieces):
                raise self.fail("only the last piece of Piecewise may have the condition True")
            self.guarded += 1
            try:
                built.append((self.expr(value), self.condition(condition)))
            finally:
                self.guarded -= 1
        return v.Piecewise(*built)

    def summation(self, node: ast.Call) -> sp.Expr:
        body, *ranges = self.arguments(node, "Sum", None, at_least=2)
        if len(ranges) > MAX_RANGES:
            raise self.fail(f"a Sum has at most {MAX_RANGES} ranges (got {len(ranges)})")
        limits: list[tuple[sp.Symbol, sp.Expr, sp.Expr]] = []
        added: list[str] = []
        try:
            # The first range is the innermost, as in SymPy: bind from the last one inwards,
            # so that an inner range's limits may use an outer index.
            for limit in reversed(ranges):
                symbol, low, high = self.summation_range(limit)
                limits.append((symbol, low, high))
                self.limits[symbol] = (low, high)
                self.bound[symbol.name] = symbol
                added.append(symbol.name)
            value = self.expr(body)
        finally:
            for name in added:
                del self.bound[name]
        return v.Sum(value, *reversed(limits))

    def summation_range(self, limit: ast.expr) -> tuple[sp.Symbol, sp.Expr, sp.Expr]:
        if not (isinstance(limit, ast.Tuple) and len(limit.elts) == 3 and isinstance(limit.elts[0], ast.Name)):
            raise self.fail(f"the limits of Sum are (m, lo, hi) with a name m (got '{self.segment(limit)}')")
        variable, low, high = limit.elts
        assert isinstance(variable, ast.Name)
        name = variable.id
        if not is_name(name):
            raise self.fail(f"'{name}' cannot be a summation index (it is a function's or a constant's name)")
        if name in self.variables or name in self.definitions:
            what = "declared in [symbols]" if name in self.variables else "a defined name"
            raise self.fail(f"the summation index '{name}' is {what}: give the summation index a name of its own")
        if name in self.placeholders:
            raise self.fail(
                f"the summation index '{name}' is a placeholder: give the summation index a name of its own"
            )
        if name in self.bound:
            raise self.fail(f"the summation index '{name}' is already bound by an enclosing Sum")
        return summation_index(name), self.index(low), self.index(high)

    def variable(self, node: ast.expr, function: str) -> sp.Basic:
        """What can be differentiated by or substituted for: a scalar or an entry."""
        if isinstance(node, ast.Subscript):
            if isinstance(node.value, ast.Name) and node.value.id in self.definitions:
                raise self.fail(
                    f"{function} needs a declared scalar or an entry of a declared vector as its variable "
                    f"('{node.value.id}' is defined, not declared)"
                )
            return self.entry(node)
        if isinstance(node, ast.Name) and node.id in self.placeholders:
            return self.placeholders[node.id]
        if isinstance(node, ast.Name) and node.id not in self.bound and node.id in self.variables:
            declaration = self.variables[node.id]
            if declaration.kind is Kind.SCALAR:
                return declaration.symbol
            what = f"{node.id} is {_a(declaration.kind.value)}"
        else:
            what = f"got '{self.segment(node)}'"
        raise self.fail(f"{function} needs a declared scalar or an entry such as z[k] as its variable ({what})")

    def derivative(self, node: ast.Call) -> sp.Expr:
        expression, *rest = self.arguments(node, "diff", None, at_least=2)
        variables: list[sp.Basic] = []
        for argument in rest:
            if isinstance(argument, ast.Constant) and type(argument.value) is int and variables:
                count = argument.value
                if not 1 <= count <= MAX_DERIVATIVE_ORDER:
                    raise self.fail(f"a derivative's order is 1..{MAX_DERIVATIVE_ORDER} (got {count})")
                variables += [variables[-1]] * (count - 1)
            else:
                variables.append(self.variable(argument, "diff"))
        if len(variables) > MAX_DERIVATIVE_ORDER:
            raise self.fail(f"a derivative's order is at most {MAX_DERIVATIVE_ORDER} (got {len(variables)})")
        return v.diff(self.expr(expression), *variables)


_USAGE = {
    "softmax": "softmax(v, i) is the i-th entry of the softmax of the vector v",
    "KroneckerDelta": "KroneckerDelta(i, j)",
    "Sum": "Sum(e, (m, lo, hi))",
    "diff": "diff(e, x)",
    "clamp": "clamp(x, lo, hi)",
    "subs": "subs(e, var, value)",
}
"""How a function is called, for error messages."""

_EVALUATED: dict[type, Callable[[sp.Expr, sp.Expr], sp.Basic]] = {
    ast.Eq: sp.Eq,
    ast.NotEq: sp.Ne,
    ast.Lt: sp.Lt,
    ast.LtE: sp.Le,
    ast.Gt: sp.Gt,
    ast.GtE: sp.Ge,
}
"""Relations in Piecewise conditions, which SymPy evaluates where it can."""


def _a(word: str) -> str:
    """'a scalar', 'an index'."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _is_call_to(node: ast.AST, names: Sequence[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
