"""A claim's title with its formulas typeset: 'dyhat_p/dz_p = yhat_p (1 - yhat_p)' as math.

Titles are prose with formulas written in ASCII. A run of words that reads as a formula
(it holds a script, a relation, a slash, a call like ``sigma(z_j)`` or a Greek letter,
with the operands and operators around it) becomes inline math; everything else stays
text, escaped by ``markup.text``. A run is set as math only when it holds nothing but
letters, digits, spaces, brackets and ``_^+-*/=<>!|,.'`` (and the Unicode letters and
symbols ``markup.math`` knows), with its brackets balanced: any other character, or a
run that does not balance, is shown as text, so a title can never inject TeX.
"""

from __future__ import annotations

import re

from verifier.render.latex.markup import math, text

__all__ = ["title_latex"]

_GREEK = frozenset(
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi"
    " omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega".split()
)
_FUNCTIONS = {"ln": r"\ln", "log": r"\log", "exp": r"\exp", "max": r"\max", "min": r"\min", "tanh": r"\tanh"}
_NAMES = frozenset({"sqrt", "arccosh", "mean", "var", "eps", "softmax", "sigmoid", "logsumexp", "relu"})
"""Function names that may stand between the operands of a formula ('60 sqrt 11')."""
_OPERATORS = frozenset(
    {"|", "=", "==", "+", "-", "*", "/", "<", ">", "<=", ">=", "!=", "->", "·", "×", "≤", "≥", "≠", "−"}
)
_RELATIONS = {"==": "=", "<=": r"\leq ", ">=": r"\geq ", "!=": r"\neq ", "->": r"\to ", "*": r"\cdot "}
_SAFE = re.compile(r"[A-Za-z0-9_^(){}\[\]+\-*/=<>!|,.' ]*")
_CORE = re.compile(r"[_^=<>/|]|[A-Za-z]'*\(|[^\x00-\x7f]")
_BARE_SCRIPT = re.compile(r"[_^](?![A-Za-z0-9({]|[^\x00-\x7f])")
"""A script with no argument ('x^', 'x^^5c', 'y_ '): TeX would stop, or read ^^ as a character code."""
_PROSE_LETTERS = frozenset({"a", "A", "I"})
_TRAILING = ",;:.'\""
_IDENTIFIER = re.compile(r"[A-Za-z]+[0-9]*|[0-9]+(?:\.[0-9]+)?|!=|<=|>=|->|==|\.\.\.|.", flags=re.DOTALL)


def _unicode_math(char: str) -> bool:
    return not char.isascii() and r"\text{" not in math(char)


def _is_operand(word: str) -> bool:
    """A word that is a formula's operand but not one by itself: 'C', '2', '(1', 'ln', '-log'."""
    bare = word.rstrip(_TRAILING + ":;").strip("()[]{}").lstrip("-")
    if bare in _PROSE_LETTERS and bare == word:
        return False
    return bool(re.fullmatch(r"[A-Za-z][0-9]*|[0-9]+(\.[0-9]+)?", bare)) or bare in {*_FUNCTIONS, *_NAMES, *_GREEK}


def _is_core(word: str) -> bool:
    """A word that is a formula by itself: it holds a script, a relation, a call or a math symbol."""
    word = word.rstrip(_TRAILING + ":;")
    if word in _OPERATORS:
        return True
    if not all(c.isascii() or _unicode_math(c) for c in word):
        return False
    return bool(_CORE.search(word)) and not word.startswith(("http:", "https:"))


def _balanced(run: str) -> bool:
    depth = 0
    for char in run:
        depth += 1 if char in "([{" else -1 if char in ")]}" else 0
        if depth < 0:
            return False
    return depth == 0


def _identifier(name: str) -> str:
    """'yhat' -> \\hat{y}, 'sigma' -> \\sigma, 'x1' -> x_{1}, 'softmax' -> \\operatorname{softmax}, 'dz' -> dz."""
    letters, digits = re.fullmatch(r"([A-Za-z]+)([0-9]*)", name).groups()  # type: ignore[union-attr]
    if letters in _GREEK:
        base = "\\" + letters + " "
    elif letters in _FUNCTIONS:
        base = _FUNCTIONS[letters] + " "
    elif re.fullmatch(r"[A-Za-z]hat", letters):
        base = r"\hat{" + letters[0] + "}"
    elif len(letters) == 1:
        base = letters
    elif letters[0] == "d" and (
        len(letters) == 2 or letters[1:] in _GREEK or re.fullmatch(r"[A-Za-z]hat", letters[1:])
    ):
        base = "d" + _identifier(letters[1:])  # a differential: dy, dyhat, dsigma
    else:
        base = r"\operatorname{" + letters + "}"
    return base + ("_{" + digits + "}" if digits else "")


def _formula(run: str) -> str:
    """An ASCII formula as LaTeX: identifiers, scripts with their argument braced, relations."""
    pieces = _IDENTIFIER.findall(run)
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece in ("_", "^") and index + 1 < len(pieces):
            argument, index = _script(pieces, index + 1)
            out.append(piece + "{" + argument + "}")
            continue
        if re.fullmatch(r"[A-Za-z]+[0-9]*", piece):
            out.append(_identifier(piece))
        elif piece == "...":
            out.append(r"\dots ")
        else:
            out.append(_RELATIONS.get(piece, piece))
        index += 1
    return math("".join(out).replace("\u03a3", "\u2211"))  # a Σ in a formula is a sum


def _script(pieces: list[str], index: int) -> tuple[str, int]:
    """A script's argument: an identifier, a number, or a bracketed group (its round brackets dropped)."""
    if pieces[index] in ("(", "{"):
        closing = ")" if pieces[index] == "(" else "}"
        depth, end = 0, index
        while end < len(pieces):
            depth += 1 if pieces[end] in ("(", "{") else -1 if pieces[end] in (")", "}") else 0
            if depth == 0 and pieces[end] == closing:
                return _formula("".join(pieces[index + 1 : end])), end + 1
            end += 1
        return _formula("".join(pieces[index:])), len(pieces)
    piece = pieces[index]
    if re.fullmatch(r"[A-Za-z]+", piece) and len(piece) > 1 and piece not in _GREEK:
        # 'delta_ij', 'y_ik': several one-letter indices
        return piece, index + 1
    return _formula(piece), index + 1


def _runs(words: list[str]) -> list[tuple[bool, int, int]]:
    """Which words are formulas: (is math, first word, past the last word) for each stretch."""
    core = [_is_core(w) for w in words]
    joining = [c or _is_operand(w) for c, w in zip(core, words, strict=True)]
    stretches: list[tuple[bool, int, int]] = []
    index = 0
    while index < len(words):
        if not joining[index]:
            stretches.append((False, index, index + 1))
            index += 1
            continue
        end, depth = index, 0
        while end < len(words) and joining[end]:
            word = words[end]
            depth += sum(1 for c in word if c in "([{") - sum(1 for c in word if c in ")]}")
            end += 1
            if word.endswith((":", ";")) or (word.endswith(",") and depth <= 0):
                break  # 'z_j: dy_i/dz_j' and 'at p, L = ...' are two formulas; 'f(x, y)' is one
        stretches.append((any(core[index:end]), index, end))
        index = end
    return stretches


def title_latex(title: str) -> str:
    """The title as LaTeX: its formulas in inline math, the rest as escaped text."""
    words = title.split()
    out: list[str] = []
    for is_math, start, end in _runs(words):
        run = " ".join(words[start:end])
        if not is_math:
            out.append(text(run))
            continue
        lead = run[: len(run) - len(run.lstrip("(["))]
        tail = run[len(run.rstrip(_TRAILING + ":;")) :]
        body = run[len(lead) : len(run) - len(tail)]
        if not _balanced(body):
            body, tail = body.rstrip(")]"), run[len(body.rstrip(")]")) + len(lead) :]
        if not _balanced(body) and lead:
            body, lead = lead + body, ""
        safe = (
            all(c.isascii() or _unicode_math(c) for c in body)
            and _SAFE.fullmatch("".join(c for c in body if c.isascii()))
            and not _BARE_SCRIPT.search(body)
        )
        if body and safe and _balanced(body):
            out.append(text(lead) + "$" + _formula(body) + "$" + text(tail))
        else:
            out.append(text(run))
    return " ".join(out)
