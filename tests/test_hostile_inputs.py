"""Hostile claim files, kept as regression tests: each exits 2 within seconds, with one line and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verifier.cli import main
from verifier.errors import ClaimFileError
from verifier.language.claim_files import loads

SECONDS = 10.0
HEADER = '[symbols]\nK = "size"\nz = "real[K]"\nx = "real"\nk = "index[K]"\n'


def with_statement(statement: str) -> str:
    return f'{HEADER}[[claim]]\nid = "hostile"\nstatement = {json.dumps(statement)}\n'


STATEMENTS = {
    "one-megabyte-statement": "x == " + "x + " * 250_000 + "x",
    "ten-thousand-parentheses": "(" * 10_000 + "x" + ")" * 10_000 + " == 1",
    "power-tower": "2**2**2**2**2 == x",
    "huge-power": "10**1000000 == x",
    "ten-thousand-digit-literal": "x == " + "9" * 10_000,
    "huge-float-exponent": "x == 1e999999999",
    "import-os": "__import__('os').system('echo pwned')",
    "eval": "eval('1') == 1",
    "attribute": "z.__class__ == 1",
    "dunder-chain": "().__class__.__bases__[0].__subclasses__() == 1",
    "lambda": "lambda: 1",
    "string": "'string'",
    "f-string": "f'{x}' == 1",
    "comprehension": "[x for x in y] == 1",
    "walrus": "(x := 1) == 1",
    "null-byte": "x == 1\x00",
    "non-ascii-name": "ｘ == 1",
    "unary-tower": "x == " + "-" * 9_000 + "x",
    "long-sum": "x == " + "+".join(["x"] * 4_000),
    "many-max-arguments": "Max(" + ", ".join(["x"] * 3_000) + ") == 1",
    "huge-vector-literal": "softmax([" + ", ".join(["1"] * 3_000) + "], 1) == 1",
    "many-roots": "x == " + "*".join(f"sqrt({10**29 + n})" for n in range(200)),
    "numbers-multiplied": "x == " + "*".join(["999999999999999999999999999999"] * 300),
}

_CLAIM = '[[claim]]\nid = "a"\nstatement = "{} == 1"\n'
DEFINITIONS = {
    "definitions-doubling": "".join(f'"d{n}" = "d{n - 1}*exp(d{n - 1}) + 1"\n' for n in range(1, 60))
    .replace('"d0*', '"x*')
    .replace("exp(d0)", "exp(x)")
    + _CLAIM.format("d59"),
    "definitions-deep": "".join(f'"d{n}" = "exp(exp(d{n - 1}))"\n' for n in range(1, 200)).replace("(d0)", "(x)")
    + _CLAIM.format("d199"),
    "function-of-itself": '"f(u)" = "u*exp(u) + u"\n' + _CLAIM.format("f(" * 60 + "x" + ")" * 60),
    "recursive-definition": '"f(u)" = "f(u) + 1"\n' + _CLAIM.format("f(x)"),
    "mutually-recursive": '"A" = "B + 1"\n"B" = "A + 1"\n' + _CLAIM.format("A"),
    "thousand-definitions": "".join(f'"d{n}" = "x + {n}"\n' for n in range(1_000)) + _CLAIM.format("d1"),
    "definition-code": "\"f(u)\" = \"__import__('os').system('echo pwned')\"\n" + _CLAIM.format("f(x)"),
    "definition-key-code": '"__import__(\'os\')" = "x"\n' + _CLAIM.format("x"),
    "vector-definition-of-vector": '"a[k]" = "softmax(z, k)"\n' + _CLAIM.format("a"),
}

DOCUMENTS = {
    "empty-file": "",
    "only-comments": "# nothing here\n",
    "toml-that-is-a-list": "[1, 2, 3]\n",
    "claim-not-a-table": 'claim = "not a table"\n',
    "claims-not-tables": "claim = [1, 2]\n",
    "single-claim-table": '[claim]\nid = "a"\nstatement = "1 == 1"\n',
    "deeply-nested-arrays": "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deeply-nested-inline-tables": "a = " + "{b = " * 20_000 + "1" + "}" * 20_000 + "\n",
    "deeply-nested-table-header": "[" + ".".join(["a"] * 10_000) + "]\n",
    "hundred-thousand-claims": '[[claim]]\nid = "c"\nstatement = "1 == 1"\n' * 100_000,
    "thousand-and-one-claims": "".join(f'[[claim]]\nid = "c{n}"\nstatement = "1 == 1"\n' for n in range(1_001)),
    "duplicate-ids": '[[claim]]\nid = "a"\nstatement = "1 == 1"\n' * 2,
    "many-symbols": "[symbols]\n"
    + "".join(f'x{n} = "real"\n' for n in range(5_000))
    + '[[claim]]\nid = "a"\nstatement = "1 == 1"\n',
    "many-assumptions": f'{HEADER}[[claim]]\nid = "a"\nstatement = "x == x"\n'
    f"assume = {json.dumps(['x > 0'] * 100_000)}\n",
    "many-steps": f'{HEADER}[[claim]]\nid = "a"\nsteps = {json.dumps(["x"] * 100_000)}\n',
    "megabyte-title": 'title = "' + "t" * 1_000_000 + '"\n[[claim]]\nid = "a"\nstatement = "1 == 1"\n',
    "megabyte-id": '[[claim]]\nid = "' + "a" * 1_000_000 + '"\nstatement = "1 == 1"\n',
    "megabyte-domain": '[symbols]\nx = "' + "real" * 250_000 + '"\n[[claim]]\nid = "a"\nstatement = "1 == 1"\n',
    "escape-sequences-in-key": '[symbols]\n"\\u001b[31mred" = "real"\n[[claim]]\nid = "a"\nstatement = "1 == 1"\n',
    "huge-size": '[symbols]\nz = "real[99999999999999999999]"\n[[claim]]\nid = "a"\nstatement = "z[1] == 1"\n',
    "huge-size-bound": '[symbols]\nK = "size >= 999999999"\n[[claim]]\nid = "a"\nstatement = "1 == 1"\n',
    "bad-expect": '[[claim]]\nid = "a"\nstatement = "1 == 1"\nexpect = "true"\n',
    "wrong-rank": f'{HEADER}[[claim]]\nid = "a"\nstatement = "z[1, 2] == 1"\n',
    "unknown-domain": '[symbols]\nx = "complex"\n[[claim]]\nid = "a"\nstatement = "x == 1"\n',
    "not-a-relation": f'{HEADER}[[claim]]\nid = "a"\nstatement = "x + 1"\n',
    "undeclared-name": '[[claim]]\nid = "a"\nstatement = "y == 1"\n',
    "id-with-final-newline": '[[claim]]\nid = "same\\n"\nstatement = "1 == 1"\n',
    "id-with-newline-inside": '[[claim]]\nid = "a\\nb"\nstatement = "1 == 1"\n',
    "id-with-escape-sequence": '[[claim]]\nid = "a\\u001b[2J"\nstatement = "1 == 1"\n',
    **{name: with_statement(text) for name, text in STATEMENTS.items()},
    **{name: HEADER + "[define]\n" + text for name, text in DEFINITIONS.items()},
}


def one_message(err: str) -> bool:
    """One line, or one line and the expression with a caret under the offending column."""
    lines = err.splitlines()
    caret = len(lines) == 3 and lines[1].startswith("    ") and lines[2].strip() == "^"
    return err.endswith("\n") and (len(lines) == 1 or caret)


def check_refuses(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    start = time.monotonic()
    status = main(["check", str(path), "--timeout", "5"])
    elapsed = time.monotonic() - start
    captured = capsys.readouterr()
    assert status == 2
    assert elapsed < SECONDS
    assert captured.out == ""
    assert captured.err.startswith("verify-derivations: error: ") and one_message(captured.err)
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize("name", DOCUMENTS)
def test_hostile_document(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The hostile file exits 2 within seconds with a one-line message and no traceback."""
    path = tmp_path / f"{name}.toml"
    path.write_text(DOCUMENTS[name], encoding="utf-8")
    check_refuses(path, capsys)


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)), b"\x7fELF\x02\x01\x01" + b"\x00" * 1000, b'title = "\xff\xfe"', b"\xef\xbb\xbf\x00\x00"],
    ids=["all-bytes", "elf-header", "invalid-utf8", "bom-and-nulls"],
)
def test_binary_files(content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Binary and non-UTF-8 files exit 2 with one line."""
    path = tmp_path / "binary.toml"
    path.write_bytes(content)
    check_refuses(path, capsys)


def test_escape_sequences_are_not_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A key holding a terminal escape sequence is shown escaped, never sent to the terminal."""
    path = tmp_path / "escape.toml"
    path.write_text(DOCUMENTS["escape-sequences-in-key"])
    assert "\x1b" not in check_refuses(path, capsys)


def test_slow_to_build_is_bounded() -> None:
    """Expressions that are slow to build stop at the loading deadline, inside the statement."""
    heavy = "x == " + " + ".join(f"Max(x, y, {n}, x + {n}, y - {n})" for n in range(250))
    text = '[symbols]\nx = "real"\ny = "positive"\n' + "".join(
        f'[[claim]]\nid = "c{n}"\nstatement = "{heavy}"\n' for n in range(20)
    )
    start = time.monotonic()
    with pytest.raises(ClaimFileError, match="too complex"):
        loads(text, seconds=1.0)
    assert time.monotonic() - start < 5.0


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    """Through the real entry point, in its own process: exit 2, one line on stderr."""
    for name in ("ten-thousand-parentheses", "import-os", "deeply-nested-arrays"):
        path = tmp_path / f"{name}.toml"
        path.write_text(DOCUMENTS[name])
        result = subprocess.run(
            [sys.executable, "-c", "from verifier.cli import entry_point; entry_point()", "check", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert one_message(result.stderr) and "Traceback" not in result.stderr


def test_id_with_final_newline_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'same\\n' is not the id 'same' ('$' would have matched before the newline): refused."""
    path = tmp_path / "newline.toml"
    path.write_text(DOCUMENTS["id-with-final-newline"])
    assert "an id is letters, digits" in check_refuses(path, capsys)


# A file whose every string is hostile to a terminal: markup, escape sequences, bidi overrides.
TERMINAL_HOSTILE = (
    'title = "[link=https://example.invalid/]click[/link] \\u001b]0;pwned\\u0007\\u001b[2J"\n'
    '[symbols]\nx = "real"\n'
    '[[claim]]\nid = "hostile"\ntitle = "[/]"\n'
    'source = "[bold red]note[/] \\u202egnp.exe\\u0000"\nstatement = "x + 1 > x"\n'
)


@pytest.mark.parametrize("arguments", [[], ["--show", "hostile"], ["--errata"]], ids=["table", "show", "errata"])
def test_terminal_hostile_strings_are_shown_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    """Markup in titles is printed literally ('[/]' no longer stops the report), and no escape
    sequence, bell or bidirectional override reaches the terminal: they are shown escaped."""
    path = tmp_path / "terminal.toml"
    path.write_text(TERMINAL_HOSTILE, encoding="utf-8")
    status = main(["check", str(path), *arguments])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    shown = captured.out
    assert "[link=https://example.invalid/]click[/link]" in shown
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "\x00" not in shown
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in shown
    if arguments == ["--show", "hostile"]:
        assert "[/]" in shown and "[bold red]note[/] \\u202egnp.exe\\x00" in shown


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file saved with a UTF-8 BOM (as some editors do) is read like the same file without it."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[symbols]\nx = "real"\n[[claim]]\nid = "a"\nstatement = "x + 1 > x"\n')
    assert main(["check", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["claims"][0]["verdict"] == "proved"


def test_huge_timeout_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--timeout 3000000 (which overflowed poll()) is refused with one line, exit 2."""
    path = tmp_path / "a.toml"
    path.write_text('[[claim]]\nid = "a"\nstatement = "1 == 1"\n')
    assert main(["check", str(path), "--timeout", "3000000"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error and "--timeout" in error
