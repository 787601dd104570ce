"""Lines of tables and keys in a TOML text, found without a TOML parser's positions."""

from __future__ import annotations

from verifier.language.toml_lines import ClaimLines, Lines

TEXT = '''title = "t"
[symbols]
x = "real"
[define]
"a[i]" = "z[i]"
'f(u)' = "u"
[[claim]]
id = "one"
statement = """x ==
[[claim]]
x"""
[[claim]]
id = "two"
assume = [
  "x > 0",
]
statement = "x == x"
'''


def test_tables_and_keys() -> None:
    """Top-level keys, tables and quoted keys of [define] are found at their lines."""
    lines = Lines(TEXT)
    assert lines.key(None, "title") == 1 and lines.table("symbols") == 2 and lines.table("define") == 4
    assert lines.key("symbols", "x") == 3 and lines.key("define", "a[i]") == 5 and lines.key("define", "f(u)") == 6
    assert lines.key("define", "missing") is None


def test_claims_and_their_fields() -> None:
    """A [[claim]] inside a multi-line string is not a table; each claim's fields have their lines."""
    lines = Lines(TEXT)
    assert lines.claims == [7, 12]
    first, second = ClaimLines(lines, 0), ClaimLines(lines, 1)
    assert (first.start, first.key("statement")) == (7, 9)
    assert (second.key("assume[1]"), second.key("statement"), second.key("title")) == (14, 17, 12)
