"""Fuzzing the claim-file parser: random and mutated inputs end in a ClaimFileError or a claim, never anything else."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.cli import main
from verifier.errors import ClaimFileError
from verifier.language.claim_files import ClaimFile, loads
from verifier.language.definitions import Reference
from verifier.language.parser import Role, Where, parse

SPEC_EXAMPLE = (Path(__file__).parents[1] / "data" / "spec_example.toml").read_text()
SECONDS = 5.0
WHERE = Where(file="fuzz.toml", claim="fuzz", field="statement")

HEADER = """[symbols]
K = "size"
M = "size >= 2"
z = "real[K]"
t = "simplex[K]"
W = "positive[K, M]"
u = "unit[3]"
j = "index[K]"
k = "index[K]"
x = "real"
b = "binary"
y = "sign"
i = "index[K]"

[define]
"a[i]" = "softmax(z/x, i)"
"L" = "-Sum(t[m]*log(a[m]), (m, 1, K))"
"g(r)" = "r*(1 + erf(r/sqrt(2)))/2"
"P[i, k]" = "a[i]*(KroneckerDelta(i, k) - a[k])"
"""

VALID = [
    "diff(log(softmax(z, j)), z[k]) == KroneckerDelta(j, k) - softmax(z, k)",
    "diff(-Sum(t[m]*log(softmax(z, m)), (m, 1, K)), z[j]) == softmax(z, j) - t[j]",
    "diff(softmax(z, j), z[k]) < 0",
    "softmax([1, 2, 3], 3) == 0.6652",
    "subs(diff(sigmoid(x), x), x, 0) == 1/4",
    "Max(x, 0) - Min(x, 0) == Abs(x)",
    "sqrt(exp(2*x)) >= tanh(x)**2 - relu(-x) + u[2]*W[j, 2]",
    "logsumexp(z) >= Sum(t[m]*z[m], (m, 1, K)) - b",
    "diff(L, z[j]) == (a[j] - t[j])/x",
    "Sum(Sum(z[m]*P[m, n]*z[n], (n, 1, K)), (m, 1, K)) >= 0",
    "Sum(z[m]*z[n], (n, 1, m), (m, 1, K)) == Sum(diff(logsumexp(z - Max(z)), z[m]), (m, 1, K))",
    "softmax(g(z) + log(t), j) <= Piecewise((1, (x > 0) & (x < 1)), (clamp(x, -1, 1), True))",
    "Heaviside(x, 0) + sign(y*x) + log1p(expm1(x)) + softplus(-x) == sinh(x)/cosh(x) + pi*E",
    "Min(z/x) <= 1.0507009873554804934193349852946*Max(z)",
]

TOKENS = [
    "x", "z", "z[k]", "z[j]", "t[m]", "W[j, 1]", "u[3]", "K", "M", "j", "k", "m", "b", "y",
    "0", "1", "2", "3", "0.5", "1e-3", "1e999", "10**30", "2**2**2", "9" * 40, "1j", "True",
    "+", "-", "*", "/", "**", "%", "^", "(", ")", "[", "]", "{", "}", ",", ":", " ", "\n",
    "==", "<", "<=", ">", ">=", "!=", "=", ".", "'", '"', "#", "\\", "@", "lambda", "if", "else",
    "and", "not", "in", "for", "__class__", "__import__", "exp(", "log(", "sqrt(", "Abs(", "Max(",
    "Min(", "sigmoid(", "tanh(", "relu(", "softmax(", "logsumexp(", "Sum(", "KroneckerDelta(",
    "diff(", "subs(", "Eq(", "Ne(", "(m, 1, K)", "[1, 2]", "*args", "evaluate=False", "ｘ", "\x00",
    "pi", "E", "L", "a", "a[j]", "g(", "P[j, k]", "y", "i", "n", "erf(", "log1p(", "expm1(", "softplus(",
    "sinh(", "cosh(", "sign(", "clamp(", "Heaviside(", "Piecewise(", "(x, x > 0)", "(0, True)", "&", "|",
    "(n, 1, m)", "Max(z)", "z/x", "-z", "0.044715", "1" * 60, "1" * 61, "True", "-3 < x < 3",
]  # fmt: skip

token_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
any_text = st.one_of(token_text, st.text(max_size=120))


@st.composite
def mutated(draw: st.DrawFn, originals: list[str], fewest: int = 1) -> str:
    """A valid text after a few random edits: insertions, deletions, replacements, duplications."""
    text = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(fewest, 4))):
        position = draw(st.integers(0, len(text)))
        end = draw(st.integers(position, min(len(text), position + 8)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        token = draw(st.one_of(st.sampled_from(TOKENS), st.characters(max_codepoint=0x2FF)))
        if edit == "insert":
            text = text[:position] + token + text[position:]
        elif edit == "delete":
            text = text[:position] + text[end:]
        elif edit == "replace":
            text = text[:position] + token + text[end:]
        else:
            text = text[:end] + text[position:end] * draw(st.integers(1, 50)) + text[end:]
    return text


_LOADED = loads(HEADER + '[[claim]]\nid = "c"\nstatement = "x == x"\n', file="fuzz.toml").variables
assert _LOADED is not None
VARIABLES = _LOADED


def parses_or_refuses(text: str, role: Role) -> None:
    start = time.monotonic()
    try:
        result = parse(text, VARIABLES, role=role, where=WHERE)
    except ClaimFileError as error:
        assert str(error).startswith("fuzz.toml: claim 'fuzz', field 'statement': ")
        assert "\n" not in str(error)
    else:
        assert isinstance(result, sp.Basic)
    assert time.monotonic() - start < SECONDS


def loads_or_refuses(text: str) -> ClaimFile | None:
    start = time.monotonic()
    try:
        loaded = loads(text, file="fuzz.toml")
    except ClaimFileError as error:
        assert str(error).startswith("fuzz.toml") and "\n" not in str(error)
        loaded = None
    assert time.monotonic() - start < SECONDS
    return loaded


FAST = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_text, st.sampled_from(list(Role)))
def test_random_text(text: str, role: Role) -> None:
    """Random text is parsed or refused with a one-line ClaimFileError, quickly."""
    parses_or_refuses(text, role)


@FAST
@given(mutated(VALID))
def test_mutated_statements(text: str) -> None:
    """Mutations of valid statements are parsed or refused with a one-line ClaimFileError, quickly."""
    parses_or_refuses(text, Role.STATEMENT)


@settings(FAST, max_examples=150)
@given(mutated([SPEC_EXAMPLE]))
def test_mutated_files(text: str) -> None:
    """Mutations of CLAIM-FILES.md's example load as claims or are refused, quickly."""
    loads_or_refuses(text)


@settings(FAST, max_examples=150)
@given(st.lists(any_text, min_size=1, max_size=3), st.sampled_from(["statement", "steps", "assume"]))
def test_random_fields(texts: list[str], field: str) -> None:
    """Random texts in each expression field of a claim load or are refused, quickly."""
    body = {
        "statement": f"statement = {json.dumps(texts[0])}",
        "steps": f"steps = {json.dumps(texts)}",
        "assume": f'statement = "x == x"\nassume = {json.dumps(texts)}',
    }[field]
    loads_or_refuses(f'{HEADER}[[claim]]\nid = "fuzz"\n{body}\n')


DEFINITION_KEYS = ["L", "a[i]", "P[i, k]", "g(u)", "h(u, v)", "b2", "a[j, i]", "f(x)", "q[z]", "Q(u"]


@settings(FAST, max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(DEFINITION_KEYS), any_text | mutated(VALID)), max_size=4), mutated(VALID))
def test_random_definitions(definitions: list[tuple[str, str]], statement: str) -> None:
    """Random [define] tables (names, bodies, order) with a mutated statement load or are refused, quickly."""
    table = "".join(f"{json.dumps(key)} = {json.dumps(body)}\n" for key, body in definitions)
    header = HEADER.split("[define]")[0]
    loaded = loads_or_refuses(f'{header}[define]\n{table}[[claim]]\nid = "fuzz"\nstatement = {json.dumps(statement)}\n')
    if loaded is not None:
        assert all(not c.statement.has(Reference) for c in loaded.claims if c.statement is not None)


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(VALID, fewest=0))
def test_through_the_command(statement: str) -> None:
    """Through `verify-derivations check`, a mutated file ends in exit status 0, 1 or 2: a verdict or a refusal."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.toml"
        path.write_text(f'{HEADER}[[claim]]\nid = "fuzz"\nstatement = {json.dumps(statement)}\n', encoding="utf-8")
        assert main(["check", str(path), "--timeout", "3", "--format", "json"]) in (0, 1, 2)
