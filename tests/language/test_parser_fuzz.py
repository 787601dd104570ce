"""Fuzzing the claim-file parser: random and mutated inputs end in a ClaimFileError or a claim, never anything else."""

from __future__ import annotations

import functools
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


DEFINITION_KEYS = ["L", "a[i]", "P[i, k]", "h(r)", "h(r, s)", "b2", "a[j, i]", "f(x)", "q[z]", "Q(u"]
BODIES = [
    "diff(r**2, r)", "Sum(z[m]*r, (m, 1, K))", "softmax(z/x, i)", "r*exp(r)", "Piecewise((r, r > 0), (0, True))",
    "Max(z) - L", "a[i]*(KroneckerDelta(i, k) - a[k])", "subs(diff(exp(r*x), x), x, 0)", "h(h(r))",
]  # fmt: skip
USES = [*VALID, "h(2*x) == Sum(h(z[m]), (m, 1, K))", "diff(h(x, x), x) <= a[j]*P[j, k] + b2 + L"]


@settings(FAST, max_examples=200)
@given(
    st.lists(st.tuples(st.sampled_from(DEFINITION_KEYS), any_text | mutated(BODIES, fewest=0)), max_size=4),
    mutated(USES, fewest=0),
)
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


@st.composite
def grammar_text(draw: st.DrawFn, depth: int = 3, vector: bool = False, bound: tuple[str, ...] = ()) -> str:
    """A random expression of the version-2 grammar (names of HEADER): valid text, mostly."""
    index = st.sampled_from(["j", "k", "1", *bound])
    leaves = ["x", "y", "b", "2", "0.044715", "pi", "E", "L", "K", "1" * 40]
    leaves += ["z", "a", "g(z)"] if vector else [f"z[{draw(index)}]", f"a[{draw(index)}]", f"P[{draw(index)}, k]"]
    if depth == 0:
        return draw(st.sampled_from(leaves))
    inner = functools.partial(grammar_text, depth=depth - 1, vector=vector, bound=bound)
    unary = ["exp", "log", "sqrt", "Abs", "sinh", "cosh", "tanh", "erf", "log1p", "expm1", "sigmoid", "softplus",
             "relu", "sign", "Heaviside", "g"]  # fmt: skip
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return draw(st.sampled_from(leaves))
    if choice == 1:
        return f"{draw(st.sampled_from(unary))}({draw(inner())})"
    if choice == 2:
        return f"({draw(inner())}) {draw(st.sampled_from(['+', '-', '*', '/', '**']))} ({draw(inner())})"
    if choice == 3:
        return f"Piecewise(({draw(inner())}, ({draw(inner())} > 0) & (x < 1)), ({draw(inner())}, True))"
    if choice == 4:
        return f"clamp({draw(inner())}, -1, 1) + Max({draw(inner())}, 0)"
    if choice == 5:
        vector_text = draw(grammar_text(depth=depth - 1, vector=True, bound=bound))
        return draw(st.sampled_from([f"softmax({vector_text}, j)", f"logsumexp({vector_text})", f"Max({vector_text})"]))
    if choice in (6, 7):
        names = [n for n in ("m", "n") if n not in bound]
        if not names:
            return draw(inner())
        if choice == 7 and len(names) == 2:  # two ranges, the inner one up to the outer index
            body = draw(grammar_text(depth=depth - 1, vector=vector, bound=(*bound, *names)))
            return f"Sum({body}, (m, 1, n), (n, 1, K))"
        body = draw(grammar_text(depth=depth - 1, vector=vector, bound=(*bound, names[0])))
        return f"Sum({body}, ({names[0]}, 1, K))"
    if choice == 8:
        return f"diff({draw(inner())}, {draw(st.sampled_from(['x', 'z[j]', 'z[k]']))})"
    return f"subs({draw(inner())}, x, {draw(inner())})"


@settings(FAST, max_examples=200, derandomize=True)
@given(grammar_text(), grammar_text(), st.sampled_from(["==", "<=", ">"]))
def test_generated_claims(lhs: str, rhs: str, relation: str) -> None:
    """Random claims of the version-2 grammar load (or are refused with one line), quickly, and
    expand into problems with no reference to a definition left."""
    from verifier.problem import problems_of

    statement = f"{lhs} {relation} {rhs}"
    loaded = loads_or_refuses(f'{HEADER}[[claim]]\nid = "fuzz"\nstatement = {json.dumps(statement)}\n')
    if loaded is not None:
        (item,) = loaded.claims
        for problem in problems_of(item):
            assert not problem.lhs.has(Reference) and not problem.rhs.has(Reference)
