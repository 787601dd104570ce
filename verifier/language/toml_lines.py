"""Where tables and keys start in a TOML text: the lines that error messages and reports name.

``tomllib`` gives no positions. A scan of the lines outside multi-line strings finds the
table headers and the keys, which is enough for the documents ``claim_files`` accepts
(``tomllib`` has read them already). A position not found is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ClaimLines", "Lines"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*(?P<name>[^\]]*?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?:"(?P<basic>(?:[^"\\]|\\.)*)"|'(?P<literal>[^']*)'|(?P<bare>[A-Za-z0-9_-]+))\s*=""")


class Lines:
    """Where tables and keys start in a TOML text (1-based lines); None where not found."""

    def __init__(self, text: str) -> None:
        self.claims: list[int] = []
        self.claim_keys: list[dict[str, int]] = []
        self._tables: dict[str, int] = {}
        self._keys: dict[tuple[str | None, str], int] = {}
        section: str | None = None
        open_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if open_string is not None:
                if open_string in line:
                    open_string = None
                continue
            header = _HEADER.match(line)
            if header and not line.lstrip().startswith("[["):
                section = header.group("name").strip("\"'")
                self._tables.setdefault(section, number)
            elif header:
                section = header.group("name").strip("\"'")
                if section == "claim":
                    self.claims.append(number)
                    self.claim_keys.append({})
            else:
                key = _KEY.match(line)
                if key:
                    name = next(
                        g for g in (key.group("basic"), key.group("literal"), key.group("bare")) if g is not None
                    )
                    if section == "claim" and self.claim_keys:
                        self.claim_keys[-1].setdefault(name, number)
                    else:
                        self._keys.setdefault((section, name), number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    open_string = quote
                    break

    def table(self, name: str) -> int | None:
        """The line of ``[name]``."""
        return self._tables.get(name)

    def key(self, section: str | None, key: str) -> int | None:
        """The line of ``key`` in ``[section]`` (None: the top of the document)."""
        return self._keys.get((section, key))


@dataclass(frozen=True)
class ClaimLines:
    """The lines of one [[claim]] table: where it starts and where each of its keys is."""

    lines: Lines
    position: int

    @property
    def start(self) -> int:
        return self.lines.claims[self.position]

    def key(self, field: str) -> int:
        """The line of a field (``steps[2]`` is the line of ``steps``), else the table's start."""
        name = field.split("[", 1)[0]
        return self.lines.claim_keys[self.position].get(name, self.start)
