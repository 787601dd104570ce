"""Claim files: the document, the symbols, the claims, and every way a file can be invalid."""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from verifier.errors import ClaimFileError
from verifier.language.claim_files import MAX_CLAIMS, MAX_FILE_BYTES, load, load_all, loads
from verifier.language.claims import ClaimKind
from verifier.language.declarations import Kind
from verifier.language.domains import Domain
from verifier.verdicts import Verdict

SPEC_EXAMPLE = Path(__file__).parents[1] / "data" / "spec_example.toml"

HEADER = """
[symbols]
K = "size"
z = "real[K]"
j = "index[K]"
k = "index[K]"
x = "real"
"""


def one_claim(body: str, header: str = HEADER) -> str:
    return f'{header}\n[[claim]]\nid = "c1"\n{body}\n'


def refused(text: str) -> ClaimFileError:
    with pytest.raises(ClaimFileError) as caught:
        loads(text, file="f.toml")
    return caught.value


class TestSpecExample:
    def test_is_the_documented_example(self) -> None:
        """tests/data/spec_example.toml is docs/claim-files.md's example, character for character."""
        document = (Path(__file__).parents[2] / "docs" / "claim-files.md").read_text()
        example = document.split("```toml\n", 1)[1].split("```", 1)[0]
        assert SPEC_EXAMPLE.read_text() == example

    def test_loads_every_claim(self) -> None:
        """CLAIM-FILES.md's example loads: six claims of the documented kinds, in order."""
        loaded = load(SPEC_EXAMPLE)
        assert loaded.title == "Log-softmax and friends"
        assert [(c.id, c.kind) for c in loaded.claims] == [
            ("tempered-ce-gradient", ClaimKind.DERIVATIVE),
            ("log-softmax-gradient", ClaimKind.DERIVATIVE),
            ("ce-gradient", ClaimKind.DERIVATIVE),
            ("jacobian-off-diagonal-negative", ClaimKind.INEQUALITY),
            ("log-sigmoid-chain", ClaimKind.CHAIN),
            ("worked-example", ClaimKind.VALUE),
        ]

    def test_fields(self) -> None:
        """Title, source, assumptions, tolerance and expectation reach the claim."""
        claims = {c.id: c for c in load(SPEC_EXAMPLE).claims}
        first = claims["log-softmax-gradient"]
        assert first.title == "Gradient of log-softmax"
        assert first.source is not None and first.source.note == "lecture notes, eq. 4"
        assert first.source.article == "Log-softmax and friends"
        assert [str(a) for a in claims["jacobian-off-diagonal-negative"].assumptions] == ["Ne(j, k)"]
        assert claims["worked-example"].tolerance == sp.Rational(1, 20000)
        assert all(c.expected is Verdict.PROVED for c in claims.values())

    def test_display_is_the_authors_text(self) -> None:
        """The report shows statements as written; a chain joins its steps with =."""
        claims = {c.id: c for c in load(SPEC_EXAMPLE).claims}
        assert claims["ce-gradient"].display == (
            "diff(-Sum(t[m]*log(softmax(z, m)), (m, 1, K)), z[j]) == softmax(z, j) - t[j]"
        )
        assert claims["log-sigmoid-chain"].display.count(" = ") == 2
        assert claims["worked-example"].display.endswith("(within 5e-05)")

    def test_declarations_follow_the_statement(self) -> None:
        """A claim keeps the declarations it mentions, with the sizes they depend on."""
        claims = {c.id: c for c in load(SPEC_EXAMPLE).claims}
        assert [d.name for d in claims["ce-gradient"].declarations] == ["K", "z", "t", "j"]
        assert [d.name for d in claims["log-sigmoid-chain"].declarations] == ["x"]
        assert [d.name for d in claims["tempered-ce-gradient"].declarations] == ["K", "z", "t", "j", "T"]

    def test_claims_know_their_lines(self) -> None:
        """Each claim records the line where its [[claim]] table starts."""
        text = SPEC_EXAMPLE.read_text().splitlines()
        for item in load(SPEC_EXAMPLE).claims:
            assert item.file == str(SPEC_EXAMPLE)
            assert item.line is not None and text[item.line - 1].strip() == "[[claim]]"
            assert text[item.line].strip() == f'id = "{item.id}"'

    def test_definitions_used_print_as_written(self) -> None:
        """A claim with definitions shows them once, in order, as written; its statement is expanded."""
        claims = {c.id: c for c in load(SPEC_EXAMPLE).claims}
        tempered = claims["tempered-ce-gradient"]
        assert tempered.display == "diff(L, z[j]) == (a[j] - t[j])/T"
        assert tempered.defined() == (("a[i]", "softmax(z/T, i)"), ("L", "-Sum(t[m]*log(a[m]), (m, 1, K))"))
        assert "softmax(z/T, j)" in str(tempered.statement)
        assert claims["log-softmax-gradient"].definitions == ()


class TestSymbols:
    @pytest.mark.parametrize(
        ("domain", "kind", "value", "shape"),
        [("real", Kind.SCALAR, Domain.REAL, ()), ("positive", Kind.SCALAR, Domain.POSITIVE, ()),
         ("nonnegative", Kind.SCALAR, Domain.NONNEGATIVE, ()), ("unit", Kind.SCALAR, Domain.UNIT, ()),
         ("binary", Kind.SCALAR, Domain.BINARY, ()), ("real[K]", Kind.VECTOR, Domain.REAL, ("K",)),
         ("unit[K]", Kind.VECTOR, Domain.UNIT, ("K",)), ("simplex[K]", Kind.VECTOR, Domain.SIMPLEX, ("K",)),
         ("onehot[ K ]", Kind.VECTOR, Domain.ONEHOT, ("K",)), ("real[3]", Kind.VECTOR, Domain.REAL, ("3",)),
         ("positive[K, M]", Kind.MATRIX, Domain.POSITIVE, ("K", "M")),
         ("binary[2,M]", Kind.MATRIX, Domain.BINARY, ("2", "M"))],
    )  # fmt: skip
    def test_domains(self, domain: str, kind: Kind, value: Domain, shape: tuple[str, ...]) -> None:
        """Every domain of CLAIM-FILES.md declares the right kind, domain and shape."""
        entry = {Kind.SCALAR: "w", Kind.VECTOR: "w[1]", Kind.MATRIX: "w[1, 1]"}[kind]
        symbols = f'[symbols]\nw = "{domain}"\nK = "size"\nM = "size >= 2"\n'
        text = f'{symbols}[[claim]]\nid = "c"\nstatement = "{entry} == {entry}"\n'
        declaration = next(d for d in loads(text).claims[0].declarations if d.name == "w")
        assert (declaration.kind, declaration.domain) == (kind, value)
        assert tuple(str(s) for s in declaration.shape) == shape

    def test_sizes_and_indices(self) -> None:
        """'size >= n' sets the lower bound; an index ranges over its size; order does not matter."""
        loaded = loads(
            one_claim('statement = "z[j] == z[j]"', '[symbols]\nz = "real[K]"\nj = "index[K]"\nK = "size >= 2"')
        )
        by_name = {d.name: d for d in loaded.claims[0].declarations}
        assert by_name["K"].minimum == 2
        assert by_name["j"].kind is Kind.INDEX and str(by_name["j"].size) == "K"

    @pytest.mark.parametrize(
        ("spec", "message"),
        [('"reel"', "unknown domain 'reel'"), ('"real[N]"', "size 'N' is not declared"),
         ('"real[j]"', "'j' is an index, not a size"), ('"simplex"', "for vectors only"),
         ('"simplex[K, K]"', "for vectors only"), ('"real[0]"', "numeric size is 1..1000"),
         ('"real[100000]"', "numeric size is 1..1000"), ("3", "must be a string"), ('"index[x]"', "not a size")],
    )  # fmt: skip
    def test_bad_domains(self, spec: str, message: str) -> None:
        """An unknown or ill-formed domain names the symbol and lists what is allowed."""
        error = refused(
            f'[symbols]\nK = "size"\nj = "index[K]"\nx = "real"\nw = {spec}\n[[claim]]\nid = "c"\nstatement = "1 == 1"'
        )
        assert message in str(error)
        assert error.field in ("symbols.w", "symbols.j")

    @pytest.mark.parametrize("name", ["exp", "lambda", "_x", "2x", "Sum"])
    def test_bad_names(self, name: str) -> None:
        """A symbol cannot be named like a function, a keyword, or a non-identifier."""
        assert "cannot name a symbol" in str(
            refused(f'[symbols]\n"{name}" = "real"\n[[claim]]\nid = "c"\nstatement = "1 == 1"')
        )

    def test_size_bound(self) -> None:
        """'size >= 0' is refused: a size is at least 1."""
        assert "lower bound" in str(refused('[symbols]\nK = "size >= 0"\n[[claim]]\nid = "c"\nstatement = "1 == 1"'))


class TestClaims:
    def test_expect_refuted(self) -> None:
        """expect = "refuted" sets the expected verdict."""
        loaded = loads(one_claim('statement = "x == 1"\nexpect = "refuted"'))
        assert loaded.claims[0].expected is Verdict.REFUTED

    def test_source_url(self) -> None:
        """A source that is a URL becomes the link; the file's name is the article without a title."""
        loaded = loads(one_claim('statement = "x == x"\nsource = "https://example.org/notes"'), file="dir/my.toml")
        source = loaded.claims[0].source
        assert source is not None and (source.url, source.article) == ("https://example.org/notes", "my.toml")

    def test_chain(self) -> None:
        """steps build a chain claim with one expression per step."""
        loaded = loads(one_claim('steps = ["x + x", "2*x", "x*2"]'))
        assert loaded.claims[0].kind is ClaimKind.CHAIN and len(loaded.claims[0].steps) == 3

    @pytest.mark.parametrize(
        ("body", "field", "message"),
        [('statement = "x"', "statement", "must be one relation"),
         ('statement = "y == 1"', "statement", "'y' is not declared"),
         ('statement = "x == 1"\nsteps = ["x", "x"]', "steps", "not both"),
         ('title = "no statement"', "statement", "missing"),
         ('steps = ["x"]', "steps", "at least 2 steps"),
         ('steps = "x"', "steps", "array of strings"),
         ('steps = ["x", 2]', "steps[2]", "must be a string"),
         ('steps = ["x", "x == 1"]', "steps[2]", "not a relation"),
         ('statement = "x == 1"\nassume = "x > 0"', "assume", "array of strings"),
         ('statement = "x == 1"\nassume = ["x"]', "assume[1]", "must be one relation"),
         ('statement = "x == 1"\ntolerance = -1', "tolerance", ">= 0"),
         ('statement = "x == 1"\ntolerance = true', "tolerance", "must be a number"),
         ('statement = "x == 1"\ntolerance = inf', "tolerance", "finite"),
         ('statement = "x < 1"\ntolerance = 0.1', "tolerance", "needs an == statement"),
         ('steps = ["x", "x"]\ntolerance = 0.1', "tolerance", "needs an == statement"),
         ('statement = "x == 1"\nexpect = "undecided"', "expect", 'expected "proved" or "refuted"'),
         ('statement = "x == 1"\nexpect = 1', "expect", "must be a string"),
         ('statement = "x == 1"\nstatment = "typo"', "statment", "allowed in a claim: id, title"),
         ('statement = 1', "statement", "must be a string"),
         ('statement = "z[j, k] == 1"', "statement", "needs 1 index")],
    )  # fmt: skip
    def test_invalid_claims(self, body: str, field: str, message: str) -> None:
        """Each problem names the file, the claim and the field, and says what is wrong."""
        error = refused(one_claim(body))
        assert (error.file, error.claim, error.field) == ("f.toml", "c1", field)
        assert message in error.problem

    def test_missing_and_bad_ids(self) -> None:
        """A claim needs an id matching the id pattern; without one it is named by its position."""
        missing = refused(HEADER + '[[claim]]\nstatement = "x == 1"')
        assert (missing.claim, missing.field) == ("#1", "id")
        assert "letters, digits" in refused(HEADER + '[[claim]]\nid = "has space"\nstatement = "x == 1"').problem

    def test_duplicate_ids(self) -> None:
        """Two claims with one id are refused at the second."""
        error = refused(one_claim('statement = "x == 1"') + '[[claim]]\nid = "c1"\nstatement = "x == 2"')
        assert (error.claim, error.field) == ("c1", "id") and "duplicate" in error.problem


class TestDocument:
    @pytest.mark.parametrize(
        ("text", "message"),
        [("", "no claims"), ('title = "t"', "no claims"), ("claim = 1", "one or more [[claim]]"),
         ("claim = []", "one or more [[claim]]"), ('claim = "not a table"', "one or more [[claim]]"),
         ('[claim]\nid = "a"', "[[claim]] (an array of tables)"), ("claim = [1, 2]", "must be a table"),
         ("symbols = [1]", "[symbols] must be a table"), ("title = 1", "must be a string"),
         ('extra = 1\n[[claim]]\nid = "a"', "unknown key 'extra'; allowed at the top: title, symbols, define, claim")],
    )  # fmt: skip
    def test_invalid_documents(self, text: str, message: str) -> None:
        """A document of the wrong shape is refused with what is expected."""
        assert message in str(refused(text))

    def test_toml_error_has_its_line(self) -> None:
        """A TOML syntax error reports its line and column."""
        error = refused('title = "t"\n[symbols]\nx = real\n')
        assert "TOML syntax error at line 3, column 5" in str(error)
        assert "TOML syntax error at line 2 (the end of the file)" in str(refused('title = "t"\nx = '))

    def test_too_many_claims(self) -> None:
        """A file with more than the maximum number of claims is refused before any is built."""
        text = "".join(f'[[claim]]\nid = "c{n}"\nstatement = "1 == 1"\n' for n in range(MAX_CLAIMS + 1))
        assert f"at most {MAX_CLAIMS} claims" in str(refused(text))

    def test_deadline(self) -> None:
        """A file whose claims take longer than allowed to build is refused as too complex."""
        with pytest.raises(ClaimFileError, match="too complex"):
            loads(one_claim('statement = "x == 1"'), seconds=0.0)


class TestReading:
    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a ClaimFileError naming it."""
        with pytest.raises(ClaimFileError, match="cannot read the file"):
            load(tmp_path / "nope.toml")

    def test_directory(self, tmp_path: Path) -> None:
        """A directory is refused."""
        with pytest.raises(ClaimFileError, match="is a directory"):
            load(tmp_path)

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 are refused with their offset."""
        path = tmp_path / "latin1.toml"
        path.write_bytes('title = "caf\xe9"'.encode("latin-1"))
        with pytest.raises(ClaimFileError, match=r"not UTF-8 text \(byte 0xe9 at offset 12"):
            load(path)

    def test_too_large(self, tmp_path: Path) -> None:
        """A file over the size limit is refused without being parsed."""
        path = tmp_path / "big.toml"
        path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
        with pytest.raises(ClaimFileError, match="at most"):
            load(path)

    def test_ids_unique_across_files(self, tmp_path: Path) -> None:
        """Files checked together may not share a claim id."""
        for name in ("a.toml", "b.toml"):
            (tmp_path / name).write_text(one_claim('statement = "x == x"'))
        with pytest.raises(ClaimFileError, match="also used in"):
            load_all([tmp_path / "a.toml", tmp_path / "b.toml"])


def with_definitions(definitions: str, statement: str) -> str:
    return f'{HEADER}i = "index[K]"\n[define]\n{definitions}\n[[claim]]\nid = "c1"\nstatement = "{statement}"\n'


class TestDefinitions:
    def test_three_forms(self) -> None:
        """A scalar, an entrywise vector and a matrix, and a function: each usable in a claim."""
        text = with_definitions(
            '"L" = "logsumexp(z)"\n"a[i]" = "softmax(z, i)"\n"J[i, k]" = "a[i]*(KroneckerDelta(i, k) - a[k])"\n'
            '"sq(u)" = "u**2"',
            "sq(L) + J[j, j] >= a[j]**2 - Sum(J[j, m], (m, 1, K))",
        )
        (item,) = loads(text, file="f.toml").claims
        assert [name for name, _ in item.defined()] == ["L", "a[i]", "J[i, k]", "sq(u)"]
        assert item.display.startswith("sq(L) + J[j, j]")
        assert not item.statement.has(sp.Function("sq"))

    def test_only_used_definitions_are_shown(self) -> None:
        """A claim shows the definitions it uses, not the whole table."""
        text = with_definitions('"L" = "logsumexp(z)"\n"unused" = "x"', "L >= z[j]")
        (item,) = loads(text, file="f.toml").claims
        assert item.defined() == (("L", "logsumexp(z)"),)

    @pytest.mark.parametrize(
        ("definitions", "message"),
        [('"f(u)" = "f(u) + 1"', "refers to itself"), ('"A" = "B"\n"B" = "x"', "defined later"),
         ('"a[q]" = "z[q]"', "must be a declared index"), ('"a[x]" = "x"', "must be a declared index"),
         ('"f(x)" = "x"', "placeholder 'x' of 'f' is a declared or defined name"), ('"z" = "x"', "declared in"),
         ('"L" = "z[j]"', "no free index"), ('"a[i]" = "z[j]"', "not among its parameters"),
         ('"2x" = "x"', "not a definition's name"), ('"f(u, u)" = "u"', "appears twice"),
         ('"exp" = "x"', "cannot be defined"), ('"pi" = "x"', "cannot be defined"), ('"L" = 1', "must be a string"),
         ('"a[i, k, j]" = "z[i]"', "one index, a matrix two"), ('"L" = "x"\n"L " = "x"', "defined twice"),
         ('"f(u)" = "Sum(u, (u, 1, K))"', "placeholder")],
    )  # fmt: skip
    def test_refused(self, definitions: str, message: str) -> None:
        """Each invalid definition is refused with the reason and the definition's key."""
        error = refused(with_definitions(definitions, "x == x"))
        assert message in str(error) and error.field is not None and error.field.startswith("define.")

    def test_error_names_the_line(self) -> None:
        """An error in [define] names the line of its key."""
        text = with_definitions('"L" = "x"\n"bad" = "x.y"', "x == x")
        error = refused(text)
        assert error.line is not None and text.splitlines()[error.line - 1].startswith('"bad"')

    def test_summation_index_may_repeat_around_a_definition(self) -> None:
        """A claim may bind the letter a definition binds inside: the definition's index is its own."""
        text = with_definitions('"S" = "Sum(z[m], (m, 1, K))"', "Sum(S*z[m], (m, 1, K)) == S**2")
        (item,) = loads(text, file="f.toml").claims
        inner = [limit[0] for s in item.statement.atoms(sp.Sum) for limit in s.limits]
        assert len(set(inner)) >= 2


class TestVersion2Symbols:
    def test_sign_domain(self) -> None:
        """sign and sign[K] declare labels in {-1, 1}."""
        text = one_claim('statement = "y*s[j] == s[j]*y"', HEADER + 'y = "sign"\ns = "sign[K]"\n')
        (item,) = loads(text, file="f.toml").claims
        assert {d.name: d.domain for d in item.declarations}["y"] is Domain.SIGN
        assert {d.name: d.domain for d in item.declarations}["s"] is Domain.SIGN

    def test_constants_cannot_be_declared(self) -> None:
        """pi and E are reserved."""
        assert "constant" in str(refused(one_claim('statement = "1 == 1"', HEADER + 'E = "real"\n')))

    def test_chained_assumption_is_two_hypotheses(self) -> None:
        """assume = ["-3 < x < 3"] gives the hypotheses -3 < x and x < 3."""
        (item,) = loads(one_claim('assume = ["-3 < x < 3"]\nstatement = "x**2 < 9"'), file="f.toml").claims
        assert sorted(h.text for h in item.hypotheses) == ["-3 < x", "x < 3"]

    def test_claim_errors_name_the_line_of_the_field(self) -> None:
        """An invalid statement names the line of its key, inside the claim's table."""
        text = one_claim('title = "t"\nstatement = "x ==="')
        error = refused(text)
        assert error.line is not None and text.splitlines()[error.line - 1].startswith("statement")
        assert str(error).startswith(f"f.toml:{error.line}: claim 'c1', field 'statement': ")


class TestPastedLatex:
    @pytest.mark.parametrize(
        ("statement", "command", "escape"),
        [(r'"\frac{x}{2} == x"', r"'\frac'", r"(\f)"), (r'"\beta*x == x"', r"'\beta'", r"(\b)")],
    )
    def test_toml_escape(self, statement: str, command: str, escape: str) -> None:
        """LaTeX that TOML read as an escape (\\f, \\b) is named as LaTeX, with the escape explained."""
        error = refused(one_claim(f"statement = {statement}"))
        assert f"this looks like LaTeX ({command})" in error.problem and escape in error.problem

    def test_unescaped_backslash(self) -> None:
        """A backslash TOML cannot read is a TOML error that suggests SymPy syntax, with the line and a caret."""
        error = refused(one_claim('statement = "\\sigma(x) == x"'))
        assert "Unescaped" in error.problem and "pasted LaTeX?" in error.problem
        assert error.pointer is not None and error.pointer[0] == 'statement = "\\sigma(x) == x"'
