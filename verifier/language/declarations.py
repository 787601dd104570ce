"""Declared symbols: sizes, indices, scalars, vectors and matrices, each with its domain.

A ``Variables`` namespace declares symbols once, and holds the definitions made from
them (``definitions``); a claim keeps the declarations its statement mentions (and the
sizes those depend on). Claims are written with symbols
SymPy knows only to be real; the engine reasons with their twins from ``domain_symbol``,
which carry the domain's assumptions (a positive vector's entries are positive). What
SymPy cannot express (a simplex sums to 1, a unit entry is below 1, a size has a lower
bound) the prover and the sampler read from the declaration.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import sympy as sp

from verifier.errors import ClaimDefinitionError
from verifier.language.definitions import (
    Definition,
    Definitions,
    Form,
    FunctionHandle,
    ScalarReference,
    VectorHandle,
)
from verifier.language.domains import Domain

__all__ = ["RESERVED_NAMES", "Declaration", "Kind", "Variables", "domain_symbol", "summation_index"]

# Claims are built with symbols that SymPy knows only to be real. Were they built with
# their domain's assumptions, SymPy would simplify on construction under the hypothesis
# (Abs(x) becomes x for a positive x), and dropping the hypothesis later to see whether
# it is needed would test the simplified statement, not the author's.
CONSTRUCTION_ASSUMPTIONS = {"real": True}

SizeLike: TypeAlias = sp.Symbol | int

RESERVED_NAMES = frozenset({"pi", "E"})
"""Constants: they cannot be declared or defined."""


class Kind(enum.Enum):
    """What a declared name is."""

    SIZE = "size"
    """A symbolic integer size, at least ``minimum``."""
    INDEX = "index"
    """An integer in 1..size."""
    SCALAR = "scalar"
    """One number in a domain."""
    VECTOR = "vector"
    """Entries v[1..K], each in the domain (or the vector in a simplex / one-hot)."""
    MATRIX = "matrix"
    """Entries w[i, m], i in 1..K, m in 1..M, each in the domain."""


@dataclass(frozen=True, kw_only=True)
class Declaration:
    """One declared name: its kind, domain, shape and the SymPy object that stands for it."""

    name: str
    kind: Kind
    symbol: sp.Symbol | sp.IndexedBase
    domain: Domain | None = None
    shape: tuple[SizeLike, ...] = ()
    minimum: int = 1
    size: SizeLike | None = None

    def __post_init__(self) -> None:
        if self.kind in (Kind.VECTOR, Kind.MATRIX, Kind.SCALAR) and self.domain is None:
            raise ClaimDefinitionError(f"'{self.name}' must have a domain (got none)")
        if self.domain is not None and self.domain.is_vector_only and self.kind is not Kind.VECTOR:
            raise ClaimDefinitionError(
                f"'{self.name}': domain {self.domain.value} is for vectors only (got a {self.kind.value})"
            )

    @property
    def depends_on(self) -> tuple[SizeLike, ...]:
        """The sizes this declaration's shape or range refers to."""
        if self.kind is Kind.INDEX and self.size is not None:
            return (self.size,)
        return self.shape

    def describe(self) -> str:
        """One line for reports: 'z: real[K]', 'K: size >= 2', 'j: index in 1..K'."""
        if self.kind is Kind.SIZE:
            return f"{self.name}: size >= {self.minimum}"
        if self.kind is Kind.INDEX:
            return f"{self.name}: index in 1..{self.size}"
        assert self.domain is not None
        if self.kind is Kind.SCALAR:
            return f"{self.name}: {self.domain.value} ({self.domain.description})"
        dims = ", ".join(str(s) for s in self.shape)
        return f"{self.name}: {self.domain.value}[{dims}] ({self.domain.description})"


def domain_symbol(declaration: Declaration) -> sp.Basic:
    """The declaration's symbol with its domain's assumptions: what the engine reasons with."""
    if declaration.domain is None:
        return declaration.symbol
    assumptions = declaration.domain.assumptions
    if isinstance(declaration.symbol, sp.IndexedBase):
        return sp.IndexedBase(declaration.name, shape=declaration.symbol.shape, **assumptions)
    return sp.Symbol(declaration.name, **assumptions)


def summation_index(name: str) -> sp.Symbol:
    """A symbol to bind in ``Sum(..., (m, 1, K))``; it needs no declaration."""
    return sp.Symbol(name, integer=True)


class Variables:
    """A namespace of declarations, shared by the claims of one module or claim file."""

    def __init__(self) -> None:
        self._by_name: dict[str, Declaration] = {}
        self.definitions = Definitions()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Declaration:
        return self._by_name[name]

    def _add(self, declaration: Declaration) -> None:
        if not declaration.name.isidentifier():
            # At fixed sizes v[1] becomes a symbol named "v[1]": a declared "v[1]" would be confused with it.
            raise ClaimDefinitionError(f"a declared name is an identifier (got {declaration.name!r})")
        if declaration.name in self._by_name:
            raise ClaimDefinitionError(f"'{declaration.name}' is declared twice")
        if declaration.name in RESERVED_NAMES:
            raise ClaimDefinitionError(f"'{declaration.name}' is a constant: it cannot be declared")
        if declaration.name in self.definitions:
            raise ClaimDefinitionError(f"'{declaration.name}' is already defined")
        self._by_name[declaration.name] = declaration

    def _check_size(self, size: SizeLike, owner: str) -> None:
        if isinstance(size, int):
            if size < 1:
                raise ClaimDefinitionError(f"'{owner}': a size must be >= 1 (got {size})")
            return
        declared = self._by_name.get(str(size))
        if declared is None or declared.kind is not Kind.SIZE or declared.symbol != size:
            raise ClaimDefinitionError(f"'{owner}': size '{size}' is not a declared size")

    def size(self, name: str, *, at_least: int = 1) -> sp.Symbol:
        """Declare a symbolic size, an integer >= ``at_least``."""
        if at_least < 1:
            raise ClaimDefinitionError(f"'{name}': a size is at least 1 (got at_least={at_least})")
        symbol = sp.Symbol(name, integer=True, positive=True)
        self._add(Declaration(name=name, kind=Kind.SIZE, symbol=symbol, minimum=at_least))
        return symbol

    def index(self, name: str, size: SizeLike) -> sp.Symbol:
        """Declare an index, an integer in 1..size."""
        self._check_size(size, name)
        symbol = sp.Symbol(name, integer=True, positive=True)
        self._add(Declaration(name=name, kind=Kind.INDEX, symbol=symbol, size=size))
        return symbol

    def scalar(self, name: str, domain: Domain = Domain.REAL) -> sp.Symbol:
        """Declare a scalar in ``domain``."""
        symbol = sp.Symbol(name, **CONSTRUCTION_ASSUMPTIONS)
        self._add(Declaration(name=name, kind=Kind.SCALAR, symbol=symbol, domain=domain))
        return symbol

    def vector(self, name: str, size: SizeLike, domain: Domain = Domain.REAL) -> sp.IndexedBase:
        """Declare a vector v[1..size] in ``domain``."""
        self._check_size(size, name)
        symbol = sp.IndexedBase(name, shape=(size,), **CONSTRUCTION_ASSUMPTIONS)
        self._add(Declaration(name=name, kind=Kind.VECTOR, symbol=symbol, domain=domain, shape=(size,)))
        return symbol

    def matrix(self, name: str, rows: SizeLike, columns: SizeLike, domain: Domain = Domain.REAL) -> sp.IndexedBase:
        """Declare a matrix w[1..rows, 1..columns] with entries in ``domain``."""
        self._check_size(rows, name)
        self._check_size(columns, name)
        symbol = sp.IndexedBase(name, shape=(rows, columns), **CONSTRUCTION_ASSUMPTIONS)
        self._add(Declaration(name=name, kind=Kind.MATRIX, symbol=symbol, domain=domain, shape=(rows, columns)))
        return symbol

    # -- definitions ----------------------------------------------------------------------

    def define(self, name: str, body: sp.Basic, *, text: str = "") -> ScalarReference:
        """Define a scalar ``name = body``; ``body`` depends on no free index."""
        definition = self._define(name, Form.SCALAR, (), body, text=text)
        reference = definition.reference()
        assert isinstance(reference, ScalarReference)
        return reference

    def define_vector(self, name: str, index: sp.Symbol, body: sp.Basic, *, text: str = "") -> VectorHandle:
        """Define a vector entry by entry, ``name[index] = body``; it has the index's size."""
        return VectorHandle(self._define(name, Form.VECTOR, (index,), body, text=text))

    def define_matrix(
        self, name: str, row: sp.Symbol, column: sp.Symbol, body: sp.Basic, *, text: str = ""
    ) -> VectorHandle:
        """Define a matrix entry by entry, ``name[row, column] = body``."""
        return VectorHandle(self._define(name, Form.MATRIX, (row, column), body, text=text))

    def define_function(
        self, name: str, placeholders: Sequence[sp.Symbol], body: sp.Basic, *, text: str = ""
    ) -> FunctionHandle:
        """Define a function of scalars, ``name(u, v) = body``; the placeholders are not declared symbols."""
        return FunctionHandle(self._define(name, Form.FUNCTION, tuple(placeholders), body, text=text))

    def _define(
        self, name: str, form: Form, parameters: tuple[sp.Symbol, ...], body: sp.Basic, *, text: str
    ) -> Definition:
        if name in self._by_name:
            raise ClaimDefinitionError(f"'{name}' is declared in [symbols]: a definition needs a new name")
        if name in RESERVED_NAMES:
            raise ClaimDefinitionError(f"'{name}' is a constant: it cannot be defined")
        shape: list[SizeLike] = []
        if form in (Form.VECTOR, Form.MATRIX):
            for parameter in parameters:
                declared = self._by_name.get(str(parameter))
                if declared is None or declared.kind is not Kind.INDEX or declared.symbol != parameter:
                    raise ClaimDefinitionError(
                        f"'{name}': the index '{parameter}' of a defined {form.value} must be a declared index"
                    )
                assert declared.size is not None
                shape.append(declared.size)
        else:
            for parameter in parameters:
                if str(parameter) in self._by_name or str(parameter) in self.definitions:
                    raise ClaimDefinitionError(
                        f"'{name}': the placeholder '{parameter}' is a declared or defined name; "
                        "a placeholder needs a name of its own"
                    )
        definition = self.definitions.add(name, form, parameters, body, shape=shape, text=text)
        try:
            self._check_free_symbols(definition)
        except ClaimDefinitionError:
            self.definitions.remove(name)
            raise
        return definition

    def _check_free_symbols(self, definition: Definition) -> None:
        """A definition's free symbols: declared names (no index but its own) and its parameters."""
        parameters = set(definition.parameters)
        for symbol in sorted(definition.expanded.free_symbols, key=str):
            if isinstance(symbol, sp.Indexed | sp.IndexedBase) or symbol in parameters:
                continue
            declared = self._by_name.get(str(symbol))
            if declared is not None and declared.kind in (Kind.VECTOR, Kind.MATRIX):
                continue  # the label of a vector's entries
            if declared is None or declared.symbol != symbol:
                raise ClaimDefinitionError(f"'{definition.heading}' uses '{symbol}', which is not declared")
            if declared.kind is Kind.INDEX:
                raise ClaimDefinitionError(
                    f"'{definition.heading}' uses the index '{symbol}', which is not among its parameters "
                    + ("(a defined scalar depends on no free index)" if definition.form is Form.SCALAR else "")
                )

    def mentioned_in(self, *expressions: sp.Basic) -> tuple[Declaration, ...]:
        """The declarations these expressions mention, with the sizes they depend on."""
        chosen = {d.name for d in self._by_name.values() if any(e.has(d.symbol) for e in expressions)}
        pending = list(chosen)
        while pending:
            for size in self._by_name[pending.pop()].depends_on:
                if isinstance(size, sp.Symbol) and size.name not in chosen:
                    chosen.add(size.name)
                    pending.append(size.name)
        return tuple(d for d in self._by_name.values() if d.name in chosen)
