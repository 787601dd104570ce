"""User strings for the terminal: plain rich ``Text``, never markup, no control character.

A claim file's title, ids, sources, notes and statements come from anyone. Passed to
rich as a ``str`` they would be parsed as markup (``[link=...]`` makes a hyperlink,
``[/]`` stops the report with an error); written raw, an escape sequence would clear the
screen or retitle the window. Everything a user wrote reaches the terminal through
``plain``: a ``Text`` whose control characters are shown escaped, as Python writes them
(``\\x1b``, ``\\u202e``).
"""

from __future__ import annotations

import unicodedata

from rich.text import Text

__all__ = ["escape_controls", "plain"]

# Control and format characters (escape sequences, bidirectional overrides), surrogates,
# private-use and unassigned code points, and the Unicode line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def escape_controls(value: str) -> str:
    """``value`` with every control or invisible formatting character escaped (``\\x1b``, ``\\n``)."""
    if value.isprintable():
        return value
    return "".join(ascii(char)[1:-1] if unicodedata.category(char) in _HIDDEN else char for char in value)


def plain(value: object, style: str = "") -> Text:
    """A user's string as rich ``Text``: no markup parsed, control characters escaped."""
    return Text(escape_controls(str(value)), style=style)
