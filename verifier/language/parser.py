"""Expressions of a claim file, parsed without ever running them.

The text goes through Python's own parser (``ast.parse``, which builds a syntax tree
and executes nothing), and the tree is walked against an explicit whitelist: numbers,
``+ - * / **``, the declared symbols, entries ``z[k]`` and ``w[i, m]``, vector literals
as the first argument of ``softmax`` and ``logsumexp``, calls to the functions of
docs/claim-files.md, and one comparison at the top. The SymPy objects are built from the
verifier's vocabulary; the text is never given to ``eval``, ``exec`` or ``sympify``.

Inputs built to exhaust the machine are refused before SymPy sees them: the length and
the bracket nesting are checked before parsing, the depth of the tree before walking it
(recursion here is bounded by that depth), and numbers are kept small enough that no
power, root or product of them takes more than milliseconds to build or print.

Every problem is a ``ClaimFileError`` that names the file, claim and field (``Where``)
and says what was found and what is allowed.
"""

from __future__ import annotations

import ast
import decimal
import enum
import keyword
import math
import re
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from verifier.errors import ClaimFileError
from verifier.language import vocabulary as v
from verifier.language.declarations import Kind, Variables, summation_index

__all__ = [
    "FUNCTIONS",
    "MAX_LENGTH",
    "Role",
    "Where",
    "is_name",
    "parse",
]

MAX_LENGTH = 10_000
"""Characters in one expression or relation."""
MAX_BRACKETS = 100
"""Nesting of ( [ { in one expression."""
MAX_DEPTH = 100
"""Depth of the syntax tree, a chain a + b + c (or a * b / c) counting as one level."""
MAX_LITERAL_DIGITS = 30
"""Significant digits of one number literal."""
MAX_DECIMAL_EXPONENT = 300
"""|e| in a literal such as 1e-300."""
MAX_EXPONENT = 1000
"""|p| and q of a numeric exponent p/q."""
MAX_NUMBER_BITS = 1_000
"""Bits of any number the expression builds (about 300 digits)."""
MAX_RADICAL_BITS = 1_000
"""Bits of all the numbers under roots (and logarithms) of one expression, together.
SymPy combines sqrt(a)*sqrt(b) into sqrt(a*b) and factors it: harmless for small
numbers, minutes for a product of a hundred 30-digit ones."""
MAX_MAX_ARGUMENTS = 20
"""Arguments of Max and Min (SymPy compares them pairwise)."""
MAX_VECTOR_LITERAL = 1_000
"""Entries of a vector literal."""
MAX_DERIVATIVE_ORDER = 10
"""Order of one derivative."""

NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")

_ONE_ARGUMENT: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "exp": v.exp,
    "log": v.log,
    "sqrt": v.sqrt,
    "Abs": v.Abs,
    "sigmoid": v.sigmoid,
    "tanh": v.tanh,
    "relu": v.relu,
}

FUNCTIONS = (
    "exp", "log", "sqrt", "Abs", "Max", "Min", "sigmoid", "tanh", "relu",
    "softmax", "logsumexp", "Sum", "KroneckerDelta", "diff", "subs",
)  # fmt: skip
"""The functions an expression may call, as docs/claim-files.md lists them."""

_RELATION_FUNCTIONS = ("Eq", "Ne")
_RESERVED = frozenset(FUNCTIONS) | frozenset(_RELATION_FUNCTIONS)

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

_FOUND: dict[type, str] = {
    ast.Attribute: "attribute access ('.')",
    ast.Lambda: "a lambda",
    ast.JoinedStr: "an f-string",
    ast.FormattedValue: "an f-string",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.BoolOp: "'and' / 'or'",
    ast.IfExp: "a conditional expression (... if ... else ...)",
    ast.NamedExpr: "an assignment (:=)",
    ast.Dict: "a dict literal",
    ast.Set: "a set literal",
    ast.Starred: "'*' unpacking",
    ast.Slice: "a slice (':')",
    ast.Await: "'await'",
    ast.Yield: "'yield'",
    ast.YieldFrom: "'yield'",
}

ALLOWED = "numbers, + - * / **, parentheses, declared symbols, entries z[k] and w[i, m], and calls to " + " ".join(
    FUNCTIONS
)


class Role(enum.Enum):
    """What a text must be."""

    STATEMENT = "statement"
    """One relation: ==, <, <=, >, >= (or Eq(a, b))."""
    ASSUMPTION = "assumption"
    """One relation, != and Ne(a, b) included."""
    EXPRESSION = "expression"
    """An expression with no relation (a step of a chain)."""


@dataclass(frozen=True, kw_only=True)
class Where:
    """Where a text comes from, for error messages: file, claim id, field."""

    file: str
    claim: str | None = None
    field: str | None = None

    def error(self, problem: str) -> ClaimFileError:
        return ClaimFileError(problem, file=self.file, claim=self.claim, field=self.field)


def is_name(text: str) -> bool:
    """True if ``text`` can name a symbol: letters, digits, '_', not a keyword or a function."""
    return bool(NAME_PATTERN.match(text)) and not keyword.iskeyword(text) and text not in _RESERVED


def parse(text: str, variables: Variables, *, role: Role, where: Where, deadline: float | None = None) -> sp.Basic:
    """The SymPy relation or expression ``text`` stands for, or a ``ClaimFileError``.

    ``deadline`` (a ``time.monotonic()`` value) bounds the time spent building: past
    it, the expression is refused as too complex.
    """
    source = _checked_text(text, where)
    tree = _syntax_tree(source, where)
    _check_depth(tree, where)
    builder = _Builder(source, variables, where, deadline)
    try:
        result = builder.top(tree.body, role)
    except ClaimFileError:
        raise
    except (RecursionError, MemoryError):
        raise where.error("the expression is too deeply nested to build") from None
    except Exception as error:  # noqa: BLE001  (SymPy refusing the input is the file's problem)
        raise where.error(f"SymPy cannot build this expression ({type(error).__name__}: {error})") from None
    _check_numbers(result, where)
    return result


# -- before parsing ----------------------------------------------------------------------


def _checked_text(text: str, where: Where) -> str:
    if not text.strip():
        raise where.error("empty expression")
    if len(text) > MAX_LENGTH:
        raise where.error(f"an expression has at most {MAX_LENGTH} characters (got {len(text)})")
    for column, char in enumerate(text, start=1):
        if not (char.isascii() and (char.isprintable() or char in "\n\r\t")):
            raise where.error(f"only printable ASCII characters are allowed (got {char!r} at column {column})")
    if "#" in text:
        raise where.error("'#' is not allowed in an expression (TOML comments go outside the string)")
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    if deepest > MAX_BRACKETS:
        raise where.error(f"brackets nest at most {MAX_BRACKETS} deep (got {deepest})")
    long_number = re.search(rf"[0-9_.]{{{MAX_LITERAL_DIGITS + 10},}}", text)
    if long_number:
        raise where.error(
            f"a number literal has at most {MAX_LITERAL_DIGITS} digits (got {len(long_number.group())} characters)"
        )
    # Newlines (a TOML multi-line string) are spaces; lengths, hence columns, are kept.
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _syntax_tree(source: str, where: Where) -> ast.Expression:
    try:
        with warnings.catch_warnings():
            # "invalid decimal literal" (1if x) and the like are errors here, not warnings on stderr.
            warnings.simplefilter("error")
            return ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        column = f" at column {error.offset}" if error.offset else ""
        hint = " (write == for equality)" if re.search(r"(?<![=<>!])=(?!=)", source) else ""
        raise where.error(f"not a valid expression{column}: {error.msg}{hint}") from None
    except (RecursionError, MemoryError):
        raise where.error("the expression is too deeply nested to parse") from None
    except (ValueError, Warning) as error:
        raise where.error(f"not a valid expression: {error}") from None


def _family(node: ast.AST) -> str | None:
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add | ast.Sub):
            return "+"
        if isinstance(node.op, ast.Mult | ast.Div):
            return "*"
    return None


def _chain(node: ast.BinOp) -> list[tuple[ast.operator | None, ast.expr]]:
    """a - b + c as [(None, a), (Sub, b), (Add, c)], walked without recursion."""
    family = _family(node)
    links: list[tuple[ast.operator | None, ast.expr]] = []
    current: ast.expr = node
    while isinstance(current, ast.BinOp) and _family(current) == family:
        links.append((current.op, current.right))
        current = current.left
    links.append((None, current))
    links.reverse()
    return links


def _children(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and _family(node) is not None:
        return [operand for _, operand in _chain(node)]
    return list(ast.iter_child_nodes(node))


def _check_depth(tree: ast.AST, where: Where) -> None:
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise where.error(f"expressions nest at most {MAX_DEPTH} deep")
        stack.extend((child, depth + 1) for child in _children(node))


# -- after building ----------------------------------------------------------------------


def _bits(number: sp.Rational) -> int:
    return max(abs(int(number.p)).bit_length(), int(number.q).bit_length())


def _check_numbers(result: sp.Basic, where: Where) -> None:
    for number in result.atoms(sp.Rational):
        if _bits(number) > MAX_NUMBER_BITS:
            raise where.error(f"a number in the expression has more than {MAX_NUMBER_BITS} bits (about 300 digits)")


def _log2(number: sp.Rational) -> float:
    return max(math.log2(abs(int(number.p)) or 1), math.log2(int(number.q)))


def _radical_bits(value: sp.Basic) -> int:
    """Bits of the numbers under roots (p**(1/q), p**(2/3)) and logarithms in ``value``."""
    total = 0
    for power in value.atoms(sp.Pow):
        if power.base.is_Rational and not power.exp.is_Integer:
            total += _bits(power.base)
    for logarithm in value.atoms(sp.log):
        if logarithm.args[0].is_Rational:
            total += _bits(logarithm.args[0])
    return total


_NOT_FINITE = (sp.zoo, sp.oo, -sp.oo, sp.nan)


# -- the walk ----------------------------------------------------------------------------


class _Builder:
    """Walks one syntax tree; recursion is bounded by ``MAX_DEPTH``."""

    def __init__(self, source: str, variables: Variables, where: Where, deadline: float | None) -> None:
        self.source = source.strip()
        self.variables = variables
        self.where = where
        self.deadline = deadline
        self.bound: dict[str, sp.Symbol] = {}

    def fail(self, problem: str) -> ClaimFileError:
        return self.where.error(problem)

    # relations ------------------------------------------------------------------------

    def top(self, node: ast.expr, role: Role) -> sp.Basic:
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
            if len(node.ops) > 1:
                raise self.fail("a chained comparison (a < b < c) is not allowed: state one relation")
            operator = type(node.ops[0])
            if operator not in _COMPARISONS:
                raise self.fail(f"the comparison {_describe(node.ops[0])} is not allowed (use ==, <, <=, >, >=)")
            symbol, build = _COMPARISONS[operator]
            if operator is ast.NotEq and role is not Role.ASSUMPTION:
                raise self.fail("a statement cannot be '!=' (it is allowed in assume)")
            return build(self.expr(node.left), self.expr(node.comparators[0]))
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        name = node.func.id
        if name == "Ne" and role is not Role.ASSUMPTION:
            raise self.fail("a statement cannot be Ne(a, b) (it is allowed in assume)")
        arguments = self.arguments(node, name, 2)
        lhs, rhs = (self.expr(a) for a in arguments)
        return v.Eq(lhs, rhs) if name == "Eq" else v.Ne(lhs, rhs)

    # expressions ----------------------------------------------------------------------

    def expr(self, node: ast.expr) -> sp.Expr:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise self.fail("too complex: building the claims ran past the time allowed for loading a file")
        result = self._expr(node)
        if any(result is bad for bad in _NOT_FINITE):
            raise self.fail(f"'{self.segment(node)}' is infinite or undefined ({result})")
        if isinstance(node, ast.BinOp | ast.UnaryOp | ast.Call):
            _check_numbers(result, self.where)
        return result

    def affordable(self, node: ast.expr, *values: sp.Basic) -> None:
        """Refuse to combine values whose roots together would take SymPy long to simplify."""
        if sum(_radical_bits(value) for value in values) > MAX_RADICAL_BITS:
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
            raise self.fail(f"found {_describe(node.op)}; allowed: {ALLOWED}")
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Subscript):
            return self.entry(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Compare) or _is_call_to(node, _RELATION_FUNCTIONS):
            raise self.fail("a relation can only be the whole statement, not part of an expression")
        if isinstance(node, ast.List):
            raise self.fail("a vector literal [...] is allowed only as the first argument of softmax or logsumexp")
        if isinstance(node, ast.Tuple):
            raise self.fail("a tuple (a, b) is allowed only as the limits of Sum: (m, lo, hi)")
        raise self.fail(f"found {_describe(node)}; allowed: {ALLOWED}")

    def segment(self, node: ast.AST) -> str:
        text = ast.get_source_segment(self.source, node) or ""
        return text if len(text) <= 60 else text[:57] + "..."

    def number(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"found {_describe(node)}; allowed: {ALLOWED}")
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
        if name in self.variables:
            declaration = self.variables[name]
            if declaration.kind in (Kind.VECTOR, Kind.MATRIX):
                example = f"{name}[k]" if declaration.kind is Kind.VECTOR else f"{name}[i, m]"
                raise self.fail(
                    f"'{name}' is {_a(declaration.kind.value)}: write an entry such as {example}"
                    + (", or pass the whole vector to softmax or logsumexp" if declaration.kind is Kind.VECTOR else "")
                )
            assert isinstance(declaration.symbol, sp.Symbol)
            return declaration.symbol
        if name in _RESERVED:
            raise self.fail(f"'{name}' is a function: call it, as in {name}(...)")
        declared = ", ".join(d.name for d in self.variables)
        raise self.fail(
            f"'{name}' is not declared in [symbols] (declared: {declared or 'nothing'}) "
            f"and is not a function ({', '.join(FUNCTIONS)})"
        )

    def binary(self, node: ast.BinOp) -> sp.Expr:
        if isinstance(node.op, ast.Pow):
            return self.power(node)
        if _family(node) is None:
            symbol = _OPERATORS.get(type(node.op), type(node.op).__name__)
            hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
            raise self.fail(f"the operator '{symbol}' is not allowed{hint}; allowed: + - * / **")
        links = _chain(node)
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
        return sp.Add(*terms) if _family(node) == "+" else sp.Mul(*terms)

    def power(self, node: ast.BinOp) -> sp.Expr:
        if any(isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Pow) for inner in ast.walk(node.right)):
            raise self.fail(f"a power tower is not allowed: '{self.segment(node)}' (the exponent contains **)")
        base = self.expr(node.left)
        exponent = self.expr(node.right)
        self.check_power(base, exponent, node)
        self.affordable(node, base, exponent)
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
        largest = _bits(factor)
        if _log2(factor) * abs(int(exponent.p)) > MAX_NUMBER_BITS:
            raise self.fail(f"'{self.segment(node)}' would build a number of more than {MAX_NUMBER_BITS} bits")
        if not exponent.is_Integer and largest + _radical_bits(base) > MAX_RADICAL_BITS:
            raise self.fail(
                f"'{self.segment(node)}': the numbers under roots have more than {MAX_RADICAL_BITS} bits together"
            )
        if base.is_zero is True and exponent.is_negative:
            raise self.fail(f"division by zero: '{self.segment(node)}'")

    def entry(self, node: ast.Subscript) -> sp.Expr:
        if not isinstance(node.value, ast.Name):
            raise self.fail(f"only a declared vector or matrix can be indexed (got '{self.segment(node.value)}')")
        name = node.value.id
        if name in self.bound or name not in self.variables:
            if name in self.bound:
                raise self.fail(f"'{name}' is a summation index: it has no entries")
            self.name(node.value)  # raises: undeclared, or a function
        declaration = self.variables[name]
        rank = {Kind.VECTOR: 1, Kind.MATRIX: 2}.get(declaration.kind, 0)
        if rank == 0:
            raise self.fail(f"'{name}' is {_a(declaration.kind.value)}: it has no entries, write {name} without [...]")
        indices = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if len(indices) != rank:
            example = f"{name}[k]" if rank == 1 else f"{name}[i, m]"
            raise self.fail(
                f"'{name}' is {_a(declaration.kind.value)}: an entry needs {rank} ind{'ices' if rank > 1 else 'ex'}, "
                f"as in {example} (got {len(indices)})"
            )
        values = [self.index(index, size) for index, size in zip(indices, declaration.shape, strict=True)]
        symbol = declaration.symbol
        assert isinstance(symbol, sp.IndexedBase)
        return symbol[tuple(values)] if rank > 1 else symbol[values[0]]

    def index(self, node: ast.expr, size: object = None) -> sp.Expr:
        """An integer expression of sizes, indices and summation indices, within 1..size."""
        if isinstance(node, ast.Slice):
            raise self.fail(f"found {_describe(node)}; an index is an integer expression such as k, k + 1 or 2")
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
        return value

    # calls ----------------------------------------------------------------------------

    def arguments(self, node: ast.Call, name: str, count: int | None, *, at_least: int = 1) -> list[ast.expr]:
        if node.keywords:
            raise self.fail(f"{name}(...) takes no keyword arguments (got {node.keywords[0].arg or '**'}=...)")
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self.fail(f"found {_describe(argument)}; allowed: {ALLOWED}")
        got = len(node.args)
        if count is not None and got != count:
            raise self.fail(f"{name} takes {count} argument{'s' if count > 1 else ''} (got {got})")
        if count is None and got < at_least:
            raise self.fail(f"{name} takes at least {at_least} argument{'s' if at_least > 1 else ''} (got {got})")
        return list(node.args)

    def call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            raise self.fail(f"only the listed functions can be called (got a call of '{self.segment(node.func)}')")
        name = node.func.id
        if name in _ONE_ARGUMENT:
            (argument,) = self.arguments(node, name, 1)
            value = self.expr(argument)
            if name == "sqrt":
                self.check_power(value, v.Rational(1, 2), node)
            self.affordable(node, value)
            return _ONE_ARGUMENT[name](value)
        if name in ("Max", "Min"):
            arguments = self.arguments(node, name, None)
            if len(arguments) > MAX_MAX_ARGUMENTS:
                raise self.fail(f"{name} takes at most {MAX_MAX_ARGUMENTS} arguments (got {len(arguments)})")
            values = [self.expr(a) for a in arguments]
            self.affordable(node, *values)
            return (v.Max if name == "Max" else v.Min)(*values)
        if name == "softmax":
            vector, index = self.arguments(node, name, 2)
            vector_value, size = self.vector(vector, name)
            position = self.index(index, size)
            if isinstance(vector, ast.List) and not position.is_Integer:
                raise self.fail(
                    f"softmax of a vector literal needs a number index in 1..{size} (got '{self.segment(index)}')"
                )
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
            return v.subs(self.expr(expression), self.variable(variable, name), self.expr(value))
        if name in self.variables or name in self.bound:
            raise self.fail(f"'{name}' is a symbol, not a function: it cannot be called")
        raise self.fail(f"'{name}' is not one of the functions allowed: {', '.join(FUNCTIONS)}")

    def vector(self, node: ast.expr, function: str) -> tuple[sp.Basic, object]:
        """A declared vector or a vector literal, with its size (an int when known)."""
        if isinstance(node, ast.List):
            if not node.elts:
                raise self.fail(f"the vector literal of {function} is empty")
            if len(node.elts) > MAX_VECTOR_LITERAL:
                raise self.fail(f"a vector literal has at most {MAX_VECTOR_LITERAL} entries (got {len(node.elts)})")
            return v.vector(*[self.expr(e) for e in node.elts]), len(node.elts)
        if isinstance(node, ast.Name) and node.id not in self.bound and node.id in self.variables:
            declaration = self.variables[node.id]
            if declaration.kind is Kind.VECTOR:
                return declaration.symbol, declaration.shape[0]
            raise self.fail(
                f"the first argument of {function} must be a vector or a vector literal [...] "
                f"('{node.id}' is {_a(declaration.kind.value)})"
            )
        raise self.fail(
            f"the first argument of {function} must be a declared vector or a vector literal [...] "
            f"(got '{self.segment(node)}')"
        )

    def summation(self, node: ast.Call) -> sp.Expr:
        body, limits = self.arguments(node, "Sum", 2)
        if not (isinstance(limits, ast.Tuple) and len(limits.elts) == 3 and isinstance(limits.elts[0], ast.Name)):
            raise self.fail(f"the limits of Sum are (m, lo, hi) with a name m (got '{self.segment(limits)}')")
        variable, low, high = limits.elts
        assert isinstance(variable, ast.Name)
        name = variable.id
        if not is_name(name):
            raise self.fail(f"'{name}' cannot be a summation index (it is a function's name)")
        if name in self.variables:
            raise self.fail(
                f"the summation index '{name}' is declared in [symbols]: give the summation index a name of its own"
            )
        if name in self.bound:
            raise self.fail(f"the summation index '{name}' is already bound by an enclosing Sum")
        low_value, high_value = self.index(low), self.index(high)
        symbol = summation_index(name)
        self.bound[name] = symbol
        try:
            value = self.expr(body)
        finally:
            del self.bound[name]
        return v.Sum(value, (symbol, low_value, high_value))

    def variable(self, node: ast.expr, function: str) -> sp.Basic:
        """What can be differentiated by or substituted for: a scalar or an entry."""
        if isinstance(node, ast.Subscript):
            return self.entry(node)
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


def _a(word: str) -> str:
    """'a scalar', 'an index'."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _is_call_to(node: ast.AST, names: Sequence[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def _describe(node: ast.AST) -> str:
    """What a user wrote, in words: 'a string', 'attribute access ('.')'."""
    if type(node) in _FOUND:
        return _FOUND[type(node)]
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, str):
            return "a string"
        if isinstance(value, bytes):
            return "a bytes literal"
        if isinstance(value, bool) or value is None:
            return f"'{value}'"
        if isinstance(value, complex):
            return "a complex number"
        if value is Ellipsis:
            return "'...'"
    if isinstance(node, ast.Not):
        return "'not'"
    if isinstance(node, ast.Invert):
        return "'~'"
    if isinstance(node, ast.In | ast.NotIn):
        return "'in'"
    if isinstance(node, ast.Is | ast.IsNot):
        return "'is'"
    if isinstance(node, ast.Call | ast.Subscript):
        return "a call"
    return f"a Python {type(node).__name__} expression"
