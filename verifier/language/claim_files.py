"""Claim files: a user's own claims, written in TOML, loaded as verifier claims.

The format is docs/claim-files.md's. A file is data: it is read with ``tomllib``, checked
key by key, and its expressions are parsed by ``parser`` (a syntax tree
checked against the grammar, never evaluated). Every problem is a ``ClaimFileError``
naming the file, the line, the claim id and the field, and nothing of an invalid file is
used. ``tomllib`` gives no positions: the lines come from a scan of the text for table
headers and keys (``Lines``).

The sizes of everything are bounded (file, claims, symbols, steps, literal sizes), so
a file built to exhaust the machine is refused quickly instead of loaded slowly.
"""

from __future__ import annotations

import os
import re
import stat
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sympy as sp

from verifier.errors import ClaimDefinitionError, ClaimFileError
from verifier.language.claims import ID_PATTERN, Claim, Source, claim
from verifier.language.declarations import Kind, Variables
from verifier.language.definitions import Form
from verifier.language.domains import Domain
from verifier.language.parser import Role, Where, is_name, parse, parse_assumption
from verifier.language.toml_lines import ClaimLines, Lines

__all__ = ["MAX_CLAIMS", "MAX_FILE_BYTES", "ClaimFile", "load", "load_all", "loads"]

MAX_FILE_BYTES = 2 * 2**20
"""A claim file is at most 2 MiB."""
MAX_CLAIMS = 1_000
MAX_SYMBOLS = 200
MAX_STEPS = 100
MAX_ASSUMPTIONS = 100
MAX_LITERAL_SIZE = 1_000
"""A number used as a size (``real[3]``, ``size >= 2``) is at most this."""
MAX_TEXT = 10_000
"""Characters of a title, source or id."""
LOAD_SECONDS = 20.0
"""Time allowed to build a file's claims; only a file built to be slow needs more."""

DOCUMENT_KEYS = ("title", "symbols", "define", "claim")
CLAIM_KEYS = ("id", "title", "source", "statement", "steps", "assume", "tolerance", "expect")
EXPECTATIONS = ("proved", "refuted")

_SCALAR_DOMAINS = {d.value: d for d in Domain if not d.is_vector_only}
_VECTOR_DOMAINS = {d.value: d for d in Domain}
_DEFINITION_KEY = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)(?:\[(?P<indices>[^\]]*)\]|\((?P<placeholders>[^)]*)\))?$"
)
MAX_PARAMETERS = 8
_SIZE = re.compile(r"^size(?:\s*>=\s*(?P<minimum>[0-9]{1,6}))?$")
_INDEX = re.compile(r"^index\s*\[\s*(?P<size>\w+)\s*\]$")
_ARRAY = re.compile(r"^(?P<domain>[a-z]+)\s*\[\s*(?P<first>\w+)\s*(?:,\s*(?P<second>\w+)\s*)?\]$")
DOMAINS_HELP = (
    "size, size >= n, index[K], real, positive, nonnegative, unit, binary, a vector such as "
    "real[K], simplex[K] or onehot[K], or a matrix such as real[K, M]"
)


@dataclass(frozen=True, kw_only=True)
class ClaimFile:
    """A loaded claim file: where it came from, its title, and its claims in order."""

    path: str
    title: str
    claims: tuple[Claim, ...]
    variables: Variables | None = None
    """The symbols and definitions the file declares (for tools that parse more with them)."""

    @property
    def heading(self) -> str:
        """The title, or the file name when there is none."""
        return self.title or Path(self.path).name


def load(path: str | os.PathLike[str]) -> ClaimFile:
    """Read and validate the claim file at ``path``."""
    name = os.fspath(path)
    try:
        status = os.stat(name)
        if stat.S_ISDIR(status.st_mode):
            raise ClaimFileError("is a directory, not a claim file", file=name)
        if not stat.S_ISREG(status.st_mode):
            raise ClaimFileError("is not a regular file", file=name)
        if status.st_size > MAX_FILE_BYTES:
            raise ClaimFileError(f"a claim file is at most {MAX_FILE_BYTES} bytes (got {status.st_size})", file=name)
        with open(name, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ClaimFileError(f"cannot read the file: {error.strerror or error}", file=name) from None
    if len(data) > MAX_FILE_BYTES:
        raise ClaimFileError(f"a claim file is at most {MAX_FILE_BYTES} bytes", file=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ClaimFileError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); a claim file is TOML",
            file=name,
        ) from None
    return loads(text.removeprefix("\ufeff"), file=name)  # a byte order mark is not TOML


CLAIM_FILE_PATTERN = "*.claims.toml"
"""The claim files of a directory given to ``check`` (other TOML files, pyproject.toml, are not claims)."""


def claim_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The files to check: each file as given, each directory's ``*.claims.toml`` files (sorted, not recursive)."""
    found: list[str] = []
    for path in paths:
        name = os.fspath(path)
        if not os.path.isdir(name):
            found.append(name)
            continue
        inside = sorted(str(p) for p in Path(name).glob(CLAIM_FILE_PATTERN) if p.is_file())
        if not inside:
            raise ClaimFileError(f"is a directory with no claim files ({CLAIM_FILE_PATTERN})", file=name)
        found += inside
    return found


def load_all(paths: Iterable[str | os.PathLike[str]]) -> tuple[ClaimFile, ...]:
    """Load several files (a directory: its ``*.claims.toml`` files); a claim id must be unique across them."""
    files = tuple(load(p) for p in claim_paths(paths))
    seen: dict[str, str] = {}
    for loaded in files:
        for item in loaded.claims:
            if item.id in seen:
                raise ClaimFileError(
                    f"the id is also used in {seen[item.id]}: ids must be unique across the files checked together",
                    file=loaded.path,
                    claim=item.id,
                    field="id",
                )
            seen[item.id] = loaded.path
    return files


def loads(text: str, *, file: str = "<string>", seconds: float = LOAD_SECONDS) -> ClaimFile:
    """Validate a claim file's text; ``file`` names it in messages.

    Building the claims may take ``seconds`` at most: a file whose expressions take
    longer is refused as too complex.
    """
    deadline = time.monotonic() + seconds
    document = _toml(text, file)
    lines = Lines(text)
    unknown = sorted(set(document) - set(DOCUMENT_KEYS))
    if unknown:
        raise ClaimFileError(
            f"unknown key{'s' if len(unknown) > 1 else ''} {', '.join(repr(_shown(k)) for k in unknown)}; "
            f"allowed at the top: {', '.join(DOCUMENT_KEYS)}",
            file=file,
            line=lines.key(None, unknown[0]) or lines.table(unknown[0]),
        )
    title = _text(document.get("title", ""), Where(file=file, field="title", line=lines.key(None, "title")))
    variables = _declare(document.get("symbols", {}), file, lines)
    _define(document.get("define", {}), variables, file, lines, deadline)
    entries = document.get("claim")
    if entries is None:
        raise ClaimFileError("no claims: add at least one [[claim]] table", file=file)
    if isinstance(entries, dict):
        raise ClaimFileError(
            "write each claim as [[claim]] (an array of tables), not [claim]", file=file, field="claim"
        )
    if not isinstance(entries, list) or not entries:
        raise ClaimFileError(
            f"'claim' must be one or more [[claim]] tables (got {_kind(entries)})", file=file, field="claim"
        )
    if len(entries) > MAX_CLAIMS:
        raise ClaimFileError(f"a file has at most {MAX_CLAIMS} claims (got {len(entries)})", file=file, field="claim")
    source_name = title or Path(file).name
    claims: list[Claim] = []
    seen: set[str] = set()
    claim_lines = lines.claims if len(lines.claims) == len(entries) else []
    for number, entry in enumerate(entries, start=1):
        built = _claim(
            entry,
            number,
            variables,
            file=file,
            article=source_name,
            seen=seen,
            deadline=deadline,
            lines=ClaimLines(lines, number - 1) if claim_lines else None,
        )
        seen.add(built.id)
        claims.append(built)
    return ClaimFile(path=file, title=title, claims=tuple(claims), variables=variables)


# -- the document ------------------------------------------------------------------------


_TOML_POSITION = re.compile(r"\s*\((at line (\d+), column (\d+)|at end of document)\)\s*$")


def _toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position is None:
            raise ClaimFileError(f"TOML syntax error: {message}", file=file) from None
        if position.group(2):
            line = int(position.group(2))
            where = f"line {line}, column {position.group(3)}"
        else:
            line = text.count(chr(10)) + 1
            where = f"line {line} (the end of the file)"
        problem = message[: position.start()]
        lines = text.splitlines()
        shown = lines[line - 1] if position.group(2) and line <= len(lines) else None
        column = int(position.group(3)) if shown is not None else None
        if shown is not None and "\\" in shown and "escape" in problem.lower():
            problem += (
                " (pasted LaTeX? claim files use SymPy syntax: \\frac{a}{b} is (a)/(b), \\sigma(x) is sigmoid(x);"
                " a backslash in a TOML '...' string is plain text)"
            )
        raise ClaimFileError(
            f"TOML syntax error at {where}: {problem}", file=file, line=line, text=shown, column=column
        ) from None
    except (RecursionError, MemoryError):
        raise ClaimFileError("TOML nested too deeply to read", file=file) from None


def _shown(text: str) -> str:
    """A user's text, safe to print: as written when printable ASCII, else escaped."""
    text = text if len(text) <= 60 else text[:57] + "..."
    return text if text.isascii() and text.isprintable() else ascii(text)[1:-1]


def _a(word: str) -> str:
    """'a scalar', 'an index'."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _kind(value: object) -> str:
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _text(value: object, where: Where) -> str:
    if not isinstance(value, str):
        raise where.error(f"must be a string (got {_kind(value)})")
    if len(value) > MAX_TEXT:
        raise where.error(f"at most {MAX_TEXT} characters (got {len(value)})")
    return value


# -- symbols -----------------------------------------------------------------------------


def _declare(symbols: object, file: str, lines: Lines) -> Variables:
    if not isinstance(symbols, dict):
        raise ClaimFileError(
            f'[symbols] must be a table of name = "domain" (got {_kind(symbols)})',
            file=file,
            field="symbols",
            line=lines.key(None, "symbols"),
        )
    if len(symbols) > MAX_SYMBOLS:
        raise ClaimFileError(
            f"at most {MAX_SYMBOLS} symbols (got {len(symbols)})",
            file=file,
            field="symbols",
            line=lines.table("symbols"),
        )
    specs: dict[str, str] = {}
    for name, spec in symbols.items():
        where = Where(file=file, field=f"symbols.{_shown(name)}", line=lines.key("symbols", name))
        if not is_name(name):
            raise where.error(
                f"'{_shown(name)}' cannot name a symbol: use letters, digits and '_' (a letter first), "
                "and not a Python keyword, one of the functions or a constant (pi, E)"
            )
        if not isinstance(spec, str):
            raise where.error(f'the domain must be a string such as "real[K]" (got {_kind(spec)})')
        specs[name] = " ".join(spec.split())[:200]
    variables = Variables()
    # Sizes first, so that declarations may come in any order.
    for name, spec in specs.items():
        match = _SIZE.match(spec)
        if match:
            minimum = int(match.group("minimum") or 1)
            if not 1 <= minimum <= MAX_LITERAL_SIZE:
                raise ClaimFileError(
                    f"a size's lower bound is 1..{MAX_LITERAL_SIZE} (got {minimum})",
                    file=file,
                    field=f"symbols.{name}",
                    line=lines.key("symbols", name),
                )
            variables.size(name, at_least=minimum)
    for name, spec in specs.items():
        if name in variables:
            continue
        where = Where(file=file, field=f"symbols.{name}", line=lines.key("symbols", name))
        try:
            _declare_one(variables, name, spec, where)
        except ClaimDefinitionError as error:
            raise where.error(str(error)) from None
    return variables


def _size(variables: Variables, text: str, where: Where) -> sp.Symbol | int:
    if text.isdigit():
        value = int(text)
        if not 1 <= value <= MAX_LITERAL_SIZE:
            raise where.error(f"a numeric size is 1..{MAX_LITERAL_SIZE} (got {text})")
        return value
    if text not in variables:
        raise where.error(f"the size '{text}' is not declared (declare it: {text} = \"size\")")
    declaration = variables[text]
    if declaration.kind is not Kind.SIZE:
        raise where.error(f"'{text}' is {_a(declaration.kind.value)}, not a size (declare sizes as \"size\")")
    assert isinstance(declaration.symbol, sp.Symbol)
    return declaration.symbol


def _declare_one(variables: Variables, name: str, spec: str, where: Where) -> None:
    if spec in _SCALAR_DOMAINS:
        variables.scalar(name, _SCALAR_DOMAINS[spec])
        return
    index = _INDEX.match(spec)
    if index:
        variables.index(name, _size(variables, index.group("size"), where))
        return
    array = _ARRAY.match(spec)
    if array and array.group("domain") in _VECTOR_DOMAINS:
        domain = _VECTOR_DOMAINS[array.group("domain")]
        first = _size(variables, array.group("first"), where)
        if array.group("second") is None:
            variables.vector(name, first, domain)
            return
        if domain.is_vector_only:
            raise where.error(f"{domain.value} is for vectors only (got the matrix domain '{spec}')")
        variables.matrix(name, first, _size(variables, array.group("second"), where), domain)
        return
    if spec in _VECTOR_DOMAINS:
        raise where.error(f"{spec} is for vectors only: write {spec}[K]")
    raise where.error(f"unknown domain '{_shown(spec)}'; expected {DOMAINS_HELP}")


# -- claims ------------------------------------------------------------------------------


def _claim(
    entry: object,
    number: int,
    variables: Variables,
    *,
    file: str,
    article: str,
    seen: set[str],
    deadline: float,
    lines: ClaimLines | None,
) -> Claim:
    label = f"#{number}"
    start = None if lines is None else lines.start
    if not isinstance(entry, dict):
        raise ClaimFileError(f"a claim must be a table (got {_kind(entry)})", file=file, claim=label, line=start)
    if isinstance(entry.get("id"), str) and ID_PATTERN.fullmatch(entry["id"]) and len(entry["id"]) <= 200:
        label = entry["id"]

    def where(field: str | None) -> Where:
        line = start if lines is None or field is None else lines.key(field)
        return Where(file=file, claim=label, field=field, line=line)

    unknown = sorted(set(entry) - set(CLAIM_KEYS))
    if unknown:
        raise where(_shown(unknown[0])).error(f"unknown key; allowed in a claim: {', '.join(CLAIM_KEYS)}")
    if "id" not in entry:
        raise where("id").error("missing: every claim needs an id")
    identifier = _text(entry["id"], where("id"))
    if not ID_PATTERN.fullmatch(identifier) or len(identifier) > 200:
        raise where("id").error(
            "an id is letters, digits, '.', '_' or '-', starting with a letter or digit, at most 200 characters "
            f"(got '{_shown(identifier)}')"
        )
    if identifier in seen:
        raise where("id").error("duplicate id: another claim of this file has it")
    title = _text(entry.get("title", ""), where("title"))
    source = _text(entry.get("source", ""), where("source"))
    expect = _text(entry.get("expect", "proved"), where("expect"))
    if expect not in EXPECTATIONS:
        raise where("expect").error(f'expected "proved" or "refuted" (got \'{_shown(expect)}\')')

    has_statement, has_steps = "statement" in entry, "steps" in entry
    if has_statement == has_steps:
        field = "steps" if has_steps else "statement"
        raise where(field).error(
            "give either a statement or steps, not both" if has_steps else "missing: give a statement or steps"
        )
    statement = None
    steps: list[sp.Basic] = []
    real_where: list[sp.Basic] = []  # where the relation as written has a real value
    if has_statement:
        text = _text(entry["statement"], where("statement"))
        statement = parse(
            text, variables, role=Role.STATEMENT, where=where("statement"), deadline=deadline, real_where=real_where
        )
        display = " ".join(text.split())
    else:
        texts = _texts(entry["steps"], where("steps"), limit=MAX_STEPS, example='steps = ["a", "b"]')
        if len(texts) < 2:
            raise where("steps").error(f"a chain needs at least 2 steps (got {len(texts)})")
        steps = [
            parse(
                t, variables, role=Role.EXPRESSION, where=where(f"steps[{n}]"), deadline=deadline, real_where=real_where
            )
            for n, t in enumerate(texts, start=1)
        ]
        display = " = ".join(" ".join(t.split()) for t in texts)
    assume_texts = _texts(
        entry.get("assume", []), where("assume"), limit=MAX_ASSUMPTIONS, example='assume = ["Ne(j, k)"]'
    )
    assume = [
        relation
        for n, t in enumerate(assume_texts, start=1)
        for relation in parse_assumption(t, variables, where=where(f"assume[{n}]"), deadline=deadline)
    ]

    tolerance = entry.get("tolerance")
    if tolerance is not None:
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
            raise where("tolerance").error(f"must be a number >= 0 (got {_kind(tolerance)})")
        if not (tolerance >= 0 and tolerance != float("inf")):
            raise where("tolerance").error(f"must be a finite number >= 0 (got {tolerance})")
        if not isinstance(statement, sp.Equality):
            raise where("tolerance").error("a tolerance needs an == statement")
        display += f"  (within {tolerance})"

    url, note = (source, "") if re.match(r"^https?://\S+$", source.strip()) else ("", source)
    try:
        return claim(
            variables,
            id=identifier,
            statement=statement,
            steps=steps,
            assume=assume,
            tolerance=tolerance,
            expected=expect,
            title=title,
            text=display,
            source=Source(article=article, url=url.strip(), note=note),
            file=file,
            line=start,
            real_where=tuple(real_where),
        )
    except ClaimDefinitionError as error:
        raise where(None).error(str(error)) from None
    except (RecursionError, MemoryError):
        raise where(None).error("the claim is too deeply nested to build") from None
    except Exception as error:  # noqa: BLE001  (SymPy refusing the input is the file's problem)
        raise where(None).error(f"SymPy cannot build this claim ({type(error).__name__}: {error})") from None


# -- definitions -------------------------------------------------------------------------


def _define(table: object, variables: Variables, file: str, lines: Lines, deadline: float) -> None:
    """The [define] table: each definition in order, each using only declared names and earlier ones."""
    if not isinstance(table, dict):
        raise ClaimFileError(
            f'[define] must be a table of "name" = "expression" (got {_kind(table)})',
            file=file,
            field="define",
            line=lines.key(None, "define"),
        )
    if len(table) > MAX_SYMBOLS:
        raise ClaimFileError(
            f"at most {MAX_SYMBOLS} definitions (got {len(table)})",
            file=file,
            field="define",
            line=lines.table("define"),
        )
    names = [_DEFINITION_KEY.match("".join(k.split())) for k in table]
    for number, (key, body) in enumerate(table.items()):
        where = Where(file=file, field=f"define.{_shown(key)}", line=lines.key("define", key))
        name, form, parameters = _definition_key(key, variables, where)
        text = _text(body, where)
        placeholders = [sp.Symbol(p, real=True) for p in parameters] if form is Form.FUNCTION else []
        later = [match.group("name") for match in names[number + 1 :] if match is not None]
        expression = parse(
            text,
            variables,
            role=Role.EXPRESSION,
            where=where,
            deadline=deadline,
            placeholders=placeholders,
            defining=name,
            later=later,
        )
        shown = " ".join(text.split())
        try:
            if form is Form.SCALAR:
                variables.define(name, expression, text=shown)
            elif form is Form.FUNCTION:
                variables.define_function(name, placeholders, expression, text=shown)
            else:
                indices = [variables[p].symbol for p in parameters]
                if form is Form.VECTOR:
                    variables.define_vector(name, indices[0], expression, text=shown)
                else:
                    variables.define_matrix(name, indices[0], indices[1], expression, text=shown)
        except ClaimDefinitionError as error:
            raise where.error(str(error)) from None
        except (RecursionError, MemoryError):
            raise where.error("the definition is too deeply nested to build") from None
        except Exception as error:  # noqa: BLE001  (SymPy refusing the input is the file's problem)
            raise where.error(f"SymPy cannot build this definition ({type(error).__name__}: {error})") from None


def _definition_key(key: str, variables: Variables, where: Where) -> tuple[str, Form, list[str]]:
    """'L', 'a[i]', 'A[i, n]' or 'f(u, v)': the name, the form and the parameters."""
    match = _DEFINITION_KEY.match("".join(key.split()))
    if match is None:
        raise where.error(f'\'{_shown(key)}\' is not a definition\'s name: write "L", "a[i]", "A[i, n]" or "f(u, v)"')
    name = match.group("name")
    if not is_name(name):
        raise where.error(
            f"'{_shown(name)}' cannot be defined: it is a Python keyword, one of the functions or a constant (pi, E)"
        )
    if name in variables:
        raise where.error(f"'{name}' is declared in [symbols]: a definition needs a new name")
    if name in variables.definitions:
        raise where.error(f"'{name}' is defined twice")
    indices, placeholders = match.group("indices"), match.group("placeholders")
    if indices is None and placeholders is None:
        return name, Form.SCALAR, []
    parameters = [p for p in (indices if indices is not None else placeholders).split(",")]
    if not all(parameters) or len(parameters) > MAX_PARAMETERS:
        raise where.error(
            f"'{_shown(key)}': write 1 to {MAX_PARAMETERS} names between the brackets, separated by commas"
        )
    if len(set(parameters)) != len(parameters):
        raise where.error(f"'{_shown(key)}': a parameter appears twice")
    if indices is not None:
        if len(parameters) > 2:
            raise where.error(f"'{_shown(key)}': a defined vector has one index, a matrix two")
        for parameter in parameters:
            declaration = variables[parameter] if parameter in variables else None
            if declaration is None or declaration.kind is not Kind.INDEX:
                raise where.error(
                    f"the index '{_shown(parameter)}' of '{name}' must be a declared index "
                    f'(declare it in [symbols]: {_shown(parameter)} = "index[K]")'
                )
        return name, Form.VECTOR if len(parameters) == 1 else Form.MATRIX, parameters
    for parameter in parameters:
        if not is_name(parameter):
            raise where.error(f"'{_shown(parameter)}' cannot be a placeholder's name")
        if parameter in variables or parameter in variables.definitions:
            raise where.error(
                f"the placeholder '{parameter}' of '{name}' is a declared or defined name: "
                "a placeholder needs a name of its own"
            )
    return name, Form.FUNCTION, parameters


def _texts(value: object, where: Where, *, limit: int, example: str) -> Sequence[str]:
    if not isinstance(value, list):
        raise where.error(f"must be an array of strings, as in {example} (got {_kind(value)})")
    if len(value) > limit:
        raise where.error(f"at most {limit} entries (got {len(value)})")
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise Where(file=where.file, claim=where.claim, field=f"{where.field}[{number}]").error(
                f"must be a string (got {_kind(item)})"
            )
    return value
