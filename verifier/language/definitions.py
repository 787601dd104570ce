"""Definitions: named quantities a derivation introduces once ("let a = softmax(z/T)").

Three forms: a scalar ``L``, a vector or matrix given entry by entry (``a[i]``,
``A[i, n]``, whose parameters are declared indices), and a function of scalar
arguments (``f(u, v)``, whose parameters are placeholders). A claim is written with
*references* to them (``L``, ``a[j]``, ``f(x)``), which print as written, and is about
the expression with every reference replaced by its definition.

The replacement is capture-avoiding substitution: a summation index (or the index of
an entrywise vector) bound inside a definition is its own. Where it would meet an index
bound around the reference, or a symbol of the reference's arguments, it is renamed to a
name used nowhere else (``m`` becomes ``m_1``); the names are chosen deterministically,
so the same claim always expands to the same expression. A function whose body
differentiates by its placeholder (``"g(u)" = "diff(f(u), u)"``) is applied as SymPy's
``Subs``: the derivative is taken by the placeholder, then evaluated at the argument.

A definition refers only to earlier ones, so expansion terminates; its size is bounded
(``MAX_EXPANDED_NODES``, ``MAX_EXPANDED_DEPTH``), so a chain of definitions cannot build
an expression that exhausts the machine.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sympy as sp
from sympy.core.symbol import Str

from verifier.errors import ClaimDefinitionError
from verifier.language.functions import Entrywise, entrywise_index

__all__ = [
    "MAX_EXPANDED_DEPTH",
    "MAX_EXPANDED_NODES",
    "CallReference",
    "Definition",
    "Definitions",
    "EntryReference",
    "Form",
    "FunctionHandle",
    "Reference",
    "ScalarReference",
    "VectorHandle",
    "check_expandable",
]

MAX_EXPANDED_NODES = 20_000
"""Nodes of the expression tree of a definition, or of a claim, with every definition substituted."""
MAX_EXPANDED_DEPTH = 160
"""Depth of that tree (SymPy and Python recurse along it)."""
MAX_DEFINITIONS = 200
"""Definitions of one namespace."""


class Form(enum.Enum):
    """What a definition defines."""

    SCALAR = "scalar"
    """``L = ...``: one number."""
    VECTOR = "vector"
    """``a[i] = ...``: entries indexed by a declared index."""
    MATRIX = "matrix"
    """``A[i, n] = ...``: entries indexed by two declared indices."""
    FUNCTION = "function"
    """``f(u, v) = ...``: a function of scalar arguments (placeholders)."""


class Reference(sp.Function):
    """A defined name where a claim uses it: ``args = (Str(name), *arguments)``.

    It prints as written; ``Definitions.expand`` replaces it by the definition.
    """

    is_commutative = True
    is_entry_reference = False

    @property
    def name(self) -> str:
        return str(self.args[0])

    @property
    def arguments(self) -> tuple[sp.Basic, ...]:
        return self.args[1:]

    @classmethod
    def eval(cls, *args):  # type: ignore[no-untyped-def]
        return None

    def _eval_derivative(self, s: sp.Basic) -> sp.Expr:
        # Differentiating needs the definition: never silently 0.
        raise ClaimDefinitionError(f"'{self.name}' must be expanded before it is differentiated")

    def _latex_name(self, printer) -> str:  # type: ignore[no-untyped-def]
        """The name as SymPy prints a symbol of that name: mu is \\mu, vhat is \\hat{v}."""
        return str(printer._print(sp.Symbol(self.name)))


class ScalarReference(Reference):
    """A defined scalar: ``L``."""

    def _sympystr(self, printer) -> str:  # type: ignore[no-untyped-def]
        return self.name

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        name = self._latex_name(printer)
        return name if exp is None else f"{{{name}}}^{{{exp}}}"


class EntryReference(Reference):
    """An entry of a defined vector or matrix: ``a[j]``, ``A[i, n]``."""

    is_entry_reference = True

    def _sympystr(self, printer) -> str:  # type: ignore[no-untyped-def]
        return f"{self.name}[{', '.join(printer._print(a) for a in self.arguments)}]"

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        name = self._latex_name(printer)
        if not name.isalpha():
            name = f"{{{name}}}"
        latex = f"{name}_{{{','.join(printer._print(a) for a in self.arguments)}}}"
        return latex if exp is None else rf"\left({latex}\right)^{{{exp}}}"


class CallReference(Reference):
    """A defined function applied to arguments: ``f(x)``."""

    def _sympystr(self, printer) -> str:  # type: ignore[no-untyped-def]
        return f"{self.name}({', '.join(printer._print(a) for a in self.arguments)})"

    def _latex(self, printer, exp=None) -> str:  # type: ignore[no-untyped-def]
        latex = str(printer._print(sp.Function(self.name)(*self.arguments)))
        return latex if exp is None else rf"\left({latex}\right)^{{{exp}}}"


_REFERENCE = {
    Form.SCALAR: ScalarReference,
    Form.VECTOR: EntryReference,
    Form.MATRIX: EntryReference,
    Form.FUNCTION: CallReference,
}


@dataclass(frozen=True, kw_only=True)
class Definition:
    """One definition: its name, form, parameters, body as written and body expanded."""

    name: str
    form: Form
    parameters: tuple[sp.Symbol, ...]
    body: sp.Basic
    """As written: may refer to earlier definitions."""
    expanded: sp.Basic
    """Every earlier definition substituted."""
    shape: tuple[sp.Basic, ...] = ()
    """The sizes of a vector or matrix (those of its indices)."""
    text: str = ""
    """The body as its author wrote it, if it was written as text."""

    @property
    def heading(self) -> str:
        """The left side as written: 'L', 'a[i]', 'f(u, v)'."""
        names = ", ".join(p.name for p in self.parameters)
        if self.form is Form.SCALAR:
            return self.name
        if self.form is Form.FUNCTION:
            return f"{self.name}({names})"
        return f"{self.name}[{names}]"

    def reference(self, *arguments: sp.Basic) -> Reference:
        """The definition used at ``arguments`` (indices, or a function's scalar arguments)."""
        if len(arguments) != len(self.parameters):
            raise ClaimDefinitionError(
                f"'{self.heading}' takes {len(self.parameters)} argument(s) (got {len(arguments)})"
            )
        return _REFERENCE[self.form](Str(self.name), *arguments)

    @property
    def written(self) -> sp.Basic:
        """The left side as an expression: the reference at its own parameters."""
        return self.reference(*self.parameters)


class VectorHandle:
    """A defined vector in Python claims: ``a[j]`` is an entry; as a vector argument it is entrywise."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition

    def __getitem__(self, index: object) -> Reference:
        indices = index if isinstance(index, tuple) else (index,)
        return self.definition.reference(*[sp.sympify(i) for i in indices])

    def _sympy_(self) -> sp.Basic:
        if self.definition.form is not Form.VECTOR:
            raise ClaimDefinitionError(f"the matrix '{self.definition.name}' is not a vector")
        index = entrywise_index(1)
        return Entrywise(index, self.definition.reference(index), self.definition.shape[0])


class FunctionHandle:
    """A defined function in Python claims: calling it gives the reference."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition

    def __call__(self, *arguments: object) -> Reference:
        return self.definition.reference(*[sp.sympify(a) for a in arguments])


class Definitions:
    """The definitions of one namespace, in order; each may use only the earlier ones."""

    def __init__(self) -> None:
        self._by_name: dict[str, Definition] = {}

    def __iter__(self) -> Iterator[Definition]:
        return iter(self._by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Definition:
        return self._by_name[name]

    def __len__(self) -> int:
        return len(self._by_name)

    def add(
        self,
        name: str,
        form: Form,
        parameters: Sequence[sp.Symbol],
        body: sp.Basic,
        *,
        shape: Sequence[sp.Basic] = (),
        text: str = "",
    ) -> Definition:
        """Add a definition (its body already checked against the declarations)."""
        if name in self._by_name:
            raise ClaimDefinitionError(f"'{name}' is defined twice")
        if len(self._by_name) >= MAX_DEFINITIONS:
            raise ClaimDefinitionError(f"at most {MAX_DEFINITIONS} definitions")
        if len(set(parameters)) != len(parameters):
            raise ClaimDefinitionError(f"'{name}': a parameter appears twice")
        body = sp.sympify(body)
        for reference in _references(body):
            if reference.name == name:
                raise ClaimDefinitionError(f"'{name}' refers to itself: a definition cannot be recursive")
            if reference.name not in self._by_name:
                raise ClaimDefinitionError(
                    f"'{name}' uses '{reference.name}', which is not defined before it "
                    "(a definition may use only earlier ones)"
                )
        expanded = self.expand(body)
        definition = Definition(
            name=name,
            form=form,
            parameters=tuple(parameters),
            body=body,
            expanded=expanded,
            shape=tuple(sp.sympify(s) for s in shape),
            text=text,
        )
        self._by_name[name] = definition
        return definition

    def remove(self, name: str) -> None:
        """Forget the latest definition (one that failed a check after it was added)."""
        assert name == next(reversed(self._by_name))
        del self._by_name[name]

    def used_by(self, *expressions: sp.Basic) -> tuple[Definition, ...]:
        """The definitions these expressions use, directly or through others, in definition order."""
        used: set[str] = set()
        pending = [r.name for e in expressions for r in _references(e)]
        while pending:
            name = pending.pop()
            if name in used or name not in self._by_name:
                continue
            used.add(name)
            pending.extend(r.name for r in _references(self._by_name[name].body))
        return tuple(d for d in self._by_name.values() if d.name in used)

    def expand(self, expression: sp.Basic) -> sp.Basic:
        """The expression with every reference replaced by its definition, capture-avoiding."""
        if not expression.has(Reference):
            return expression
        taken = {s.name for s in _symbols(expression)}
        for definition in self.used_by(expression):
            taken |= {s.name for s in _symbols(definition.expanded)}
        expanded = _Expander(self._by_name, taken).walk(expression, frozenset())
        check_expandable(expanded)
        return expanded


def check_expandable(expression: sp.Basic, what: str = "the expression") -> None:
    """Refuse an expression whose tree is too large or too deep (shared subtrees counted each time)."""
    stack: list[tuple[sp.Basic, int]] = [(expression, 1)]
    for count in itertools.count(1):
        if not stack:
            return
        if count > MAX_EXPANDED_NODES:
            raise ClaimDefinitionError(
                f"{what}, with every definition substituted, has more than {MAX_EXPANDED_NODES} nodes"
            )
        node, depth = stack.pop()
        if depth > MAX_EXPANDED_DEPTH:
            raise ClaimDefinitionError(
                f"{what}, with every definition substituted, nests more than {MAX_EXPANDED_DEPTH} deep"
            )
        stack.extend((child, depth + 1) for child in node.args)


def _references(expression: sp.Basic) -> list[Reference]:
    return sorted(expression.atoms(Reference), key=sp.default_sort_key) if expression.has(Reference) else []


def _symbols(expression: sp.Basic) -> set[sp.Symbol]:
    """Every symbol, free or bound."""
    return expression.atoms(sp.Symbol)


def _binders(expression: sp.Basic) -> tuple[sp.Symbol, ...]:
    """The symbols a node binds: a sum's indices, an entrywise vector's index."""
    if isinstance(expression, sp.Sum):
        return tuple(limit[0] for limit in expression.limits)
    if isinstance(expression, Entrywise):
        return (expression.index,)
    return ()


def _bound_symbols(expression: sp.Basic) -> set[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for node in sp.preorder_traversal(expression):
        found.update(_binders(node))
    return found


def _rename_bound(expression: sp.Basic, old: sp.Symbol, new: sp.Symbol) -> sp.Basic:
    """Rename ``old`` where it is bound (every binding node of it, with its scope); free ones stay."""
    if old in _binders(expression):
        return expression.xreplace({old: new})
    if not expression.args or old not in _bound_symbols(expression):
        return expression
    return _rebuild(expression, [_rename_bound(a, old, new) for a in expression.args])


def _rebuild(expression: sp.Basic, arguments: Sequence[sp.Basic]) -> sp.Basic:
    """The node with new arguments, unevaluated where SymPy would decide it (relations, derivatives)."""
    if tuple(arguments) == expression.args:
        return expression
    if isinstance(expression, sp.core.relational.Relational):
        return type(expression)(*arguments, evaluate=False)
    if isinstance(expression, sp.Derivative):
        return sp.Derivative(*arguments, evaluate=False)
    return expression.func(*arguments)


def _differentiates_by(body: sp.Basic, parameters: tuple[sp.Symbol, ...]) -> bool:
    """Whether a derivative or substitution in ``body`` is taken by one of the parameters."""
    return any(set(node.variables) & set(parameters) for node in body.atoms(sp.Derivative, sp.Subs))


class _Expander:
    """One expansion: the names already taken, so that renamed indices are fresh."""

    def __init__(self, definitions: dict[str, Definition], taken: set[str]) -> None:
        self.definitions = definitions
        self.taken = taken

    def fresh(self, old: sp.Symbol) -> sp.Symbol:
        if old.name.startswith("ι"):
            number = next(n for n in itertools.count(1) if f"ι{n}" not in self.taken)
            new = entrywise_index(number)
        else:
            name = next(f"{old.name}_{n}" for n in itertools.count(1) if f"{old.name}_{n}" not in self.taken)
            new = sp.Symbol(name, **old.assumptions0)
        self.taken.add(new.name)
        return new

    def walk(self, expression: sp.Basic, bound: frozenset[sp.Symbol]) -> sp.Basic:
        if not expression.args or not expression.has(Reference):
            return expression
        if isinstance(expression, Reference):
            return self.substitute(expression, bound)
        inner = bound | set(_binders(expression))
        return _rebuild(expression, [self.walk(a, inner) for a in expression.args])

    def substitute(self, reference: Reference, bound: frozenset[sp.Symbol]) -> sp.Basic:
        definition = self.definitions[reference.name]
        arguments = [self.walk(a, bound) for a in reference.arguments]
        for argument in arguments:
            # Before anything walks it: a function applied to itself doubles at each level.
            check_expandable(argument)
        body = definition.expanded
        binders = _bound_symbols(body)
        if binders:
            clashes = set(bound)
            for argument in arguments:
                clashes |= argument.atoms(sp.Symbol)
            for symbol in sorted(binders & clashes, key=lambda s: s.name):
                body = _rename_bound(body, symbol, self.fresh(symbol))
        if _differentiates_by(body, definition.parameters):
            # f(u) = diff(g(u), u) is a function of u: differentiate, then put the arguments in.
            return sp.Subs(body, definition.parameters, arguments)
        return body.xreplace(dict(zip(definition.parameters, arguments, strict=True)))
