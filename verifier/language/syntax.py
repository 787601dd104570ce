"""An expression's text before it is a claim: checked, parsed into a syntax tree, bounded.

Inputs built to exhaust the machine are refused before SymPy sees them: the length and
the bracket nesting are checked before parsing (``checked_text``), the depth of the
tree before walking it (``check_depth``; a chain a + b + c counts as one level), and the
numbers built afterwards are kept small enough that no power, root or product of them
takes more than milliseconds to build or print (``check_numbers``, ``radical_bits``).
Python's own parser builds the tree (``ast.parse``, which executes nothing).
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from dataclasses import dataclass

import sympy as sp

from verifier.errors import ClaimFileError

__all__ = [
    "MAX_BRACKETS",
    "MAX_DECIMAL_EXPONENT",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL_DIGITS",
    "MAX_NUMBER_BITS",
    "MAX_RADICAL_BITS",
    "Where",
    "bits",
    "chain",
    "check_depth",
    "check_numbers",
    "checked_text",
    "describe",
    "family",
    "log2",
    "radical_bits",
    "syntax_tree",
]

MAX_LENGTH = 10_000
"""Characters in one expression or relation."""
MAX_BRACKETS = 100
"""Nesting of ( [ { in one expression."""
MAX_DEPTH = 100
"""Depth of the syntax tree, a chain a + b + c (or a * b / c) counting as one level."""
MAX_LITERAL_DIGITS = 60
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


@dataclass(frozen=True, kw_only=True)
class Where:
    """Where a text comes from, for error messages: file, line, claim id, field."""

    file: str
    claim: str | None = None
    field: str | None = None
    line: int | None = None

    def error(self, problem: str, *, text: str | None = None, column: int | None = None) -> ClaimFileError:
        """The error at this place; ``column`` (1-based) points into the expression ``text``."""
        return ClaimFileError(
            problem, file=self.file, claim=self.claim, field=self.field, line=self.line, text=text, column=column
        )


# TOML reads "\frac" in a "..." string as a form feed and "rac", "\beta" as a backspace
# and "eta": the escapes a pasted LaTeX command turns into, and the letter each stood for.
# (Not \n: a line of a multi-line string may well start with a letter.)
_TOML_ESCAPES = {"\f": "f", "\b": "b", "\t": "t", "\r": "r"}
_LATEX_WORDS = frozenset(
    "alpha beta gamma delta epsilon eta theta lambda mu nabla rho sigma tau phi psi omega infty "
    "frac dfrac tanh times text top bar hat mathbf mathrm boldsymbol right rangle nu".split()
)


def _escaped_latex(text: str) -> str | None:
    """The LaTeX command that TOML's escapes turned into a control character (``\frac`` → form feed)."""
    for match in re.finditer(r"[\f\b\t\r]([A-Za-z]+)", text):
        command = _TOML_ESCAPES[match.group()[0]] + match.group(1)
        if command in _LATEX_WORDS or command in _LATEX:
            return command
    return None


def checked_text(text: str, where: Where) -> str:
    if not text.strip():
        raise where.error("empty expression")
    if len(text) > MAX_LENGTH:
        raise where.error(f"an expression has at most {MAX_LENGTH} characters (got {len(text)})")
    command = _escaped_latex(text)
    if command is not None:
        raise where.error(
            f'{latex_hint(command)}; in a TOML "..." string a backslash starts an escape (\\{command[0]}), '
            f"so the file holds a control character here"
        )
    for column, char in enumerate(text, start=1):
        if not (char.isascii() and (char.isprintable() or char in "\n\r\t")):
            raise where.error(f"only printable ASCII characters are allowed (got {char!r} at column {column})")
    if "#" in text:
        raise where.error(
            "'#' is not allowed in an expression (TOML comments go outside the string)",
            text=text,
            column=text.index("#") + 1,
        )
    latex = re.search(r"\\+([A-Za-z]+|.)", text)
    if latex:
        raise where.error(latex_hint(latex.group(1)), text=text, column=latex.start() + 1)
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


_LATEX = {
    "frac": "\\frac{a}{b} is (a)/(b)",
    "dfrac": "\\dfrac{a}{b} is (a)/(b)",
    "sigma": "\\sigma(x) is sigmoid(x)",
    "sum": "\\sum_{m=1}^{K} e is Sum(e, (m, 1, K))",
    "partial": "a derivative is diff(e, x) or diff(e, z[k])",
    "cdot": "\\cdot is *",
    "times": "\\times is *",
    "sqrt": "\\sqrt{x} is sqrt(x)",
    "exp": "\\exp is exp(x)",
    "log": "\\log is log(x)",
    "ln": "\\ln is log(x)",
    "tanh": "\\tanh is tanh(x)",
    "delta": "\\delta_{ij} is KroneckerDelta(i, j)",
    "left": "\\left( and \\right) are ( and )",
    "right": "\\left( and \\right) are ( and )",
    "max": "\\max is Max(a, b)",
    "min": "\\min is Min(a, b)",
    "pi": "\\pi is pi",
    "le": "\\le is <=",
    "leq": "\\leq is <=",
    "ge": "\\ge is >=",
    "geq": "\\geq is >=",
}


def latex_hint(command: str) -> str:
    """What to write instead of a pasted LaTeX command such as ``\\frac``."""
    example = _LATEX.get(command, "\\frac{a}{b} is (a)/(b), \\sigma(x) is sigmoid(x)")
    return f"this looks like LaTeX ('\\{command}'): write the expression in SymPy syntax ({example})"


# A number followed at once by a name (2x, 3sigmoid): a product written without '*'.
# Exponents (1e5, 2E-3) are numbers, not products.
_JUXTAPOSED = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:\.\d*)?)(?![eE][+-]?\d)([A-Za-z_][A-Za-z0-9_]*|\()")


def syntax_tree(source: str, where: Where) -> ast.Expression:
    source = source.strip()
    try:
        with warnings.catch_warnings():
            # "invalid decimal literal" (1if x) and the like are errors here, not warnings on stderr.
            warnings.simplefilter("error")
            return ast.parse(source, mode="eval")
    except SyntaxError as error:
        column = f" at column {error.offset}" if error.offset else ""
        hint = " (write == for equality)" if re.search(r"(?<![=<>!])=(?!=)", source) else ""
        product = _JUXTAPOSED.search(source)
        if product:
            number, name = product.groups()
            name = "(...)" if name == "(" else name
            raise where.error(
                f"not a valid expression at column {product.start() + 1}: a product needs '*': "
                f"write {number}*{name} for {number}{name}",
                text=source,
                column=product.start() + 1,
            ) from None
        raise where.error(
            f"not a valid expression{column}: {error.msg}{hint}", text=source, column=error.offset
        ) from None
    except (RecursionError, MemoryError):
        raise where.error("the expression is too deeply nested to parse") from None
    except (ValueError, Warning) as error:
        raise where.error(f"not a valid expression: {error}") from None


def family(node: ast.AST) -> str | None:
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add | ast.Sub):
            return "+"
        if isinstance(node.op, ast.Mult | ast.Div):
            return "*"
    return None


def chain(node: ast.BinOp) -> list[tuple[ast.operator | None, ast.expr]]:
    """a - b + c as [(None, a), (Sub, b), (Add, c)], walked without recursion."""
    kind = family(node)
    links: list[tuple[ast.operator | None, ast.expr]] = []
    current: ast.expr = node
    while isinstance(current, ast.BinOp) and family(current) == kind:
        links.append((current.op, current.right))
        current = current.left
    links.append((None, current))
    links.reverse()
    return links


def _children(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and family(node) is not None:
        return [operand for _, operand in chain(node)]
    return list(ast.iter_child_nodes(node))


def check_depth(tree: ast.AST, where: Where) -> None:
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise where.error(f"expressions nest at most {MAX_DEPTH} deep")
        stack.extend((child, depth + 1) for child in _children(node))


def bits(number: sp.Rational) -> int:
    return max(abs(int(number.p)).bit_length(), int(number.q).bit_length())


def check_numbers(result: sp.Basic, where: Where) -> None:
    for number in result.atoms(sp.Rational):
        if bits(number) > MAX_NUMBER_BITS:
            raise where.error(f"a number in the expression has more than {MAX_NUMBER_BITS} bits (about 300 digits)")


def log2(number: sp.Rational) -> float:
    return max(math.log2(abs(int(number.p)) or 1), math.log2(int(number.q)))


def radical_bits(value: sp.Basic) -> int:
    """Bits of the numbers under roots (p**(1/q), p**(2/3)) and logarithms in ``value``."""
    total = 0
    for power in value.atoms(sp.Pow):
        if power.base.is_Rational and not power.exp.is_Integer:
            total += bits(power.base)
    for logarithm in value.atoms(sp.log):
        if logarithm.args[0].is_Rational:
            total += bits(logarithm.args[0])
    return total


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


def describe(node: ast.AST) -> str:
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
