"""Text and formulas made safe for LaTeX: escaping, Unicode, Chinese, and formulas that fit the page.

Everything the appendix prints passes through here, so a claim id with underscores, an
article title in Chinese or a formula wider than the page never breaks the document:

- ``text`` escapes prose; Chinese runs become ``\\vdzh{...}`` (typeset with CJKutf8
  when it is installed), Greek letters and math symbols become math.
- ``math`` makes a LaTeX formula safe inside math mode (Unicode to macros, ``\\tag``
  dropped).
- ``url`` percent-encodes a URL for ``\\url``, ``label`` makes any string a label key:
  neither can carry a live TeX character (``\\``, ``{``, ``}``, ``^``, ``%``, ``#``, ``~``).
- ``breakable`` cuts a formula at its top-level relations and sums (never inside a
  group: ``breaking``) into boxed pieces (``\\vdfit{...}``) that TeX may break between,
  and that shrink when one piece alone is wider than the line.

The macros used here (``\\vdzh``, ``\\vdfit``, ``\\vdid``) are defined by the document's
preamble (``latex_document.MACROS``).
"""

from __future__ import annotations

import re
import unicodedata

from verifier.render.latex.breaking import split_formula

__all__ = ["bookmark", "breakable", "claim_id", "label", "math", "number", "split_tag", "text", "url"]

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

_TEXT_SEQUENCES = {">=": r"$\geq$", "<=": r"$\leq$", "!=": r"$\neq$", "->": r"$\to$", "==": "$=$"}

_TEXT_UNICODE = {
    "\u2014": "---",
    "\u2013": "--",
    "\u201c": "``",
    "\u201d": "''",
    "\u2018": "`",
    "\u2019": "'",
    "\u2026": r"\ldots{}",
    "\u00a0": "~",
}

_MATH_UNICODE = {
    "\u0177": r"\hat{y}",
    "\u2212": "-",
    "\u221e": r"\infty",
    "\u2260": r"\neq",
    "\u2264": r"\leq",
    "\u2265": r"\geq",
    "\u2192": r"\to",
    "\u21d2": r"\Rightarrow",
    "\u00d7": r"\times",
    "\u00b7": r"\cdot",
    "\u22c5": r"\cdot",
    "\u2202": r"\partial",
    "\u2211": r"\sum",
    "\u220f": r"\prod",
    "\u2208": r"\in",
    "\u2248": r"\approx",
    "\u2261": r"\equiv",
    "\u2032": "'",
    "\u00b1": r"\pm",
    "\u2207": r"\nabla",
    "\u221a": r"\surd",
}

_GREEK_CAPITALS = {"GAMMA", "DELTA", "THETA", "LAMDA", "XI", "PI", "SIGMA", "UPSILON", "PHI", "PSI", "OMEGA"}
_LATIN_LOOKALIKES = {
    "ALPHA": "A",
    "BETA": "B",
    "EPSILON": "E",
    "ZETA": "Z",
    "ETA": "H",
    "IOTA": "I",
    "KAPPA": "K",
    "MU": "M",
    "NU": "N",
    "OMICRON": "O",
    "RHO": "P",
    "TAU": "T",
    "CHI": "X",
}
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=", "\u030c": "v"}

_TAG = re.compile(r"\\tag\*?\{([^{}]*)\}")
_LABEL = re.compile(r"\\label\{[^{}]*\}")


def _greek(char: str) -> str | None:
    """The math macro of a Greek letter (``\\delta``), or None if ``char`` is not one."""
    name = unicodedata.name(char, "")
    match = re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER (FINAL )?([A-Z]+)", name)
    if not match:
        return None
    case, final, letter = match.groups()
    if case == "CAPITAL":
        if letter in _GREEK_CAPITALS:
            return "\\" + letter.capitalize().replace("Lamda", "Lambda")
        return _LATIN_LOOKALIKES.get(letter)
    if final:
        return r"\varsigma"
    if letter == "OMICRON":
        return "o"
    return "\\" + letter.lower().replace("lamda", "lambda")


# The Unicode ranges set with the CJK font: CJK punctuation, kana, bopomofo and enclosed
# CJK (U+3000-32FF), the unified ideographs (U+4E00-9FFF) but for U+9D00-9DFF, CJK
# compatibility forms (U+FE30-FE4F) and full-width forms (U+FF00-FFEF). The Arphic gbsn
# font ships a metric file per block of 256 code points, and has none for U+9Dxx or
# beyond U+FFFF (emoji): a character there would stop TeX, so it gets a placeholder.
_CJK_RANGES = ((0x3000, 0x32FF), (0x4E00, 0x9CFF), (0x9E00, 0x9FFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF))


def _is_chinese(char: str) -> bool:
    """Characters typeset by the CJK font: ideographs, kana, CJK and full-width punctuation."""
    code = ord(char)
    return unicodedata.east_asian_width(char) in ("W", "F") and any(low <= code <= high for low, high in _CJK_RANGES)


def _is_control(char: str) -> bool:
    """Control, format, surrogate, private-use and unassigned characters: never passed to TeX."""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def _accented(char: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 2 and decomposed[0].isascii() and decomposed[1] in _ACCENTS:
        return f"\\{_ACCENTS[decomposed[1]]}{{{decomposed[0]}}}"
    return None


def _unknown(char: str) -> str:
    return f"\\textsf{{[U+{ord(char):04X}]}}"


SOURCE_LINE = 500
"""Characters of LaTeX after which ``text`` starts a new source line (TeX reads at most
200 000 bytes per line: a 10 000-character title of placeholders would come close)."""


def _lines(pieces: list[str]) -> str:
    """The pieces joined, with a comment line break (``%`` and a newline: no space) after
    about every ``SOURCE_LINE`` characters, never right before a space (TeX would drop it)."""
    out: list[str] = []
    length = 0
    for index, piece in enumerate(pieces):
        out.append(piece)
        length += len(piece)
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if length > SOURCE_LINE and following and not following.startswith(" "):
            out.append("%\n")
            length = 0
    return "".join(out)


def text(value: str) -> str:
    """Prose as LaTeX: specials escaped, Chinese in ``\\vdzh``, symbols as math; long prose
    spread over several source lines."""
    out: list[str] = []
    chinese: list[str] = []
    i = 0

    def flush() -> None:
        if chinese:
            out.append(r"\vdzh{" + "".join(chinese) + "}")
            chinese.clear()

    while i < len(value):
        char = value[i]
        if _is_chinese(char):
            chinese.append(char)
            i += 1
            continue
        if char == " " and chinese and i + 1 < len(value) and _is_chinese(value[i + 1]):
            chinese.append(char)
            i += 1
            continue
        flush()
        if char in "\t\n\r":
            out.append(" ")  # a line break in a title is a space, never a paragraph break
            i += 1
            continue
        pair = value[i : i + 2]
        if pair in _TEXT_SEQUENCES:
            out.append(_TEXT_SEQUENCES[pair])
            i += 2
            continue
        if char in _TEXT_SPECIALS:
            out.append(_TEXT_SPECIALS[char])
        elif _is_control(char):
            out.append(_unknown(char))
        elif char.isascii():
            out.append(char)
        elif char in _TEXT_UNICODE:
            out.append(_TEXT_UNICODE[char])
        elif (macro := _greek(char) or _MATH_UNICODE.get(char)) is not None:
            out.append(f"${macro}$")
        elif (accented := _accented(char)) is not None:
            out.append(accented)
        else:
            out.append(_unknown(char))
        i += 1
    flush()
    return _lines(out)


def split_tag(formula: str) -> tuple[str, str]:
    """The formula without ``\\tag{...}`` or ``\\label{...}``, and the tag's text ('' if none)."""
    match = _TAG.search(formula)
    tag = match.group(1) if match else ""
    return _LABEL.sub("", _TAG.sub("", formula)).strip(), tag


def math(formula: str) -> str:
    """A formula made safe for math mode: no ``\\tag``, Unicode as macros, Chinese in ``\\text``."""
    formula, _ = split_tag(formula)
    out: list[str] = []
    chinese: list[str] = []

    def flush() -> None:
        if chinese:
            out.append(r"\text{\vdzh{" + "".join(chinese) + "}}")
            chinese.clear()

    for char in formula:
        if _is_chinese(char):
            chinese.append(char)
            continue
        flush()
        if _is_control(char):
            out.append(r"\text{" + _unknown(char) + "}")
        elif char.isascii():
            out.append(char)
        elif (macro := _greek(char) or _MATH_UNICODE.get(char)) is not None:
            out.append(macro + " " if macro.startswith("\\") else macro)
        elif (accented := _accented(char)) is not None:
            out.append(r"\text{" + accented + "}")
        else:
            out.append(r"\text{" + _unknown(char) + "}")
    flush()
    return "".join(out)


def breakable(formula: str) -> str:
    """The formula cut at its top-level relations and binary + and -, each piece in ``\\vdfit``.

    Inline math may break after a relation or a binary operator at its outer level; the
    pieces are boxes, so TeX breaks only there, and a piece wider than the line is scaled
    to fit. No cut falls inside a group, a fraction, a root, a script or a
    ``\\left...\\right`` pair (``breaking.split_formula``).
    """
    return "".join(
        (r"\vdfit{" + piece.latex + "}" if piece.latex else "") + piece.after for piece in split_formula(math(formula))
    )


def claim_id(identifier: str) -> str:
    """A claim id in typewriter type, breakable after '-', '_' and '.'."""
    pieces = re.split(r"(?<=[-_.])", identifier)
    return r"\vdid{" + r"\allowbreak{}".join(text(piece) for piece in pieces) + "}"


def _utf8(char: str) -> bytes:
    return char.encode("utf-8", "surrogatepass")  # a lone surrogate too: it is a character of a str


# Characters a URL may keep as they are: none of them is special to TeX or to \url.
_URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._/:=?&,;+@!*'()")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def url(address: str) -> str:
    """A URL for ``\\url{...}``: every other character percent-encoded (UTF-8), ``%`` as ``\\%``.

    What comes out is letters, digits, ``-._/:=?&,;+@!*'()`` and ``\\%``: a ``^^5c`` (TeX's
    notation for a backslash), a brace, ``#`` or ``~`` can never be live. An escape
    already in the URL (``%E4``) is kept; a ``#`` fragment is encoded too (``%23``).
    """
    out: list[str] = []
    i = 0
    while i < len(address):
        if _PERCENT_ESCAPE.match(address, i):
            out.append(address[i : i + 3])
            i += 3
            continue
        char = address[i]
        out.append(char if char in _URL_SAFE else "".join(f"%{byte:02X}" for byte in _utf8(char)))
        i += 1
    return "".join(out).replace("%", r"\%")


def bookmark(value: str, empty: str = "") -> str:
    """Text for a PDF bookmark or title: printable ASCII only (Chinese reads as a space),
    no TeX special but ``_``; ``empty`` when nothing is left."""
    kept = "".join(c if c.isascii() and c.isprintable() and c not in "\\{}$&#%^~" else " " for c in value)
    return " ".join(kept.split()).replace("_", r"\textunderscore{}") or empty


def label(key: str) -> str:
    """Any string as a label key (``\\label``, ``\\ref``, PDF destinations): letters, digits,
    ``-``, ``.``, ``_`` and ``:`` kept (so a claim's label is ``claim:<id>``), anything else
    written ``+XX`` by its UTF-8 bytes (one string, one key; no two strings share a key)."""
    return "".join(
        char if char.isascii() and (char.isalnum() or char in "-._:") else "".join(f"+{b:02X}" for b in _utf8(char))
        for char in key
    )


def number(value: float) -> str:
    """A float in math mode, in one unbreakable box: ``\\mbox{$1.2\\times 10^{-12}$}``, ``$0$``.

    Inline math may break after ``\\times``; a number cut in two would read as two numbers.
    """
    if value == 0:
        return "$0$"
    if value != value:
        return r"\textsf{nan}"
    if value in (float("inf"), float("-inf")):
        return "$-\\infty$" if value < 0 else "$\\infty$"
    mantissa, exponent = f"{value:.1e}".split("e")
    power = int(exponent)
    if power == 0:
        return f"${mantissa}$"
    return f"\\mbox{{${mantissa}\\times 10^{{{power}}}$}}"
