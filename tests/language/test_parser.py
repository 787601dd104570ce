"""Expressions of claim files: the grammar, what it refuses, and the limits."""

from __future__ import annotations

import pytest
import sympy as sp

from verifier.errors import ClaimFileError
from verifier.language.declarations import Variables
from verifier.language.definitions import Reference
from verifier.language.domains import Domain
from verifier.language.functions import Entrywise, logsumexp, sigmoid, softmax, vmax, vmin
from verifier.language.parser import FUNCTIONS, Role, Where, is_name, parse, parse_assumption

WHERE = Where(file="notes.toml", claim="c1", field="statement")


@pytest.fixture(scope="module")
def names() -> Variables:
    v = Variables()
    K = v.size("K")
    v.vector("z", K)
    v.vector("t", K, Domain.SIMPLEX)
    v.vector("u", 3)
    v.matrix("W", K, 3)
    v.index("j", K)
    v.index("k", K)
    v.scalar("x")
    v.scalar("T", Domain.POSITIVE)
    return v


def statement(text: str, names: Variables) -> sp.Basic:
    return parse(text, names, role=Role.STATEMENT, where=WHERE)


def refused(text: str, names: Variables, role: Role = Role.STATEMENT) -> str:
    with pytest.raises(ClaimFileError) as caught:
        parse(text, names, role=role, where=WHERE)
    return str(caught.value)


class TestRelations:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [("x == 1", sp.Equality), ("x < 1", sp.StrictLessThan), ("x <= 1", sp.LessThan),
         ("x > 1", sp.StrictGreaterThan), ("x >= 1", sp.GreaterThan), ("Eq(x, 1)", sp.Equality)],
    )  # fmt: skip
    def test_each_relation(self, names: Variables, text: str, kind: type) -> None:
        """Each comparison of the grammar builds its SymPy relation."""
        assert type(statement(text, names)) is kind

    def test_relations_stay_unevaluated(self, names: Variables) -> None:
        """A relation SymPy could decide stays a statement for the verifier to decide."""
        assert isinstance(statement("1 == 2", names), sp.Equality)
        assert isinstance(statement("2 < 1", names), sp.StrictLessThan)

    def test_an_expression_is_not_a_statement(self, names: Variables) -> None:
        """A statement with no relation is refused, saying which relations are allowed."""
        assert "must be one relation (==, <, <=, >, >=)" in refused("x + 1", names)

    def test_chained_comparison(self, names: Variables) -> None:
        """a < b < c is refused: one relation per statement."""
        assert "chained comparison" in refused("0 < x < 1", names)

    def test_not_equal_only_in_assume(self, names: Variables) -> None:
        """!= and Ne are assumptions, not statements."""
        assert isinstance(parse("j != k", names, role=Role.ASSUMPTION, where=WHERE), sp.Unequality)
        assert isinstance(parse("Ne(j, k)", names, role=Role.ASSUMPTION, where=WHERE), sp.Unequality)
        assert "cannot be '!='" in refused("j != k", names)
        assert "cannot be Ne" in refused("Ne(j, k)", names)

    def test_step_is_an_expression(self, names: Variables) -> None:
        """A step of a chain is an expression; a relation there is refused."""
        assert parse("sigmoid(x)", names, role=Role.EXPRESSION, where=WHERE) == sigmoid(names["x"].symbol)
        assert "not a relation" in refused("x == 1", names, Role.EXPRESSION)

    def test_relation_inside_an_expression(self, names: Variables) -> None:
        """A relation nested in arithmetic is refused."""
        assert "whole statement" in refused("(x == 1) + 1 == 2", names)


class TestNumbers:
    def test_decimals_are_exact(self, names: Variables) -> None:
        """A decimal literal means its decimal value: 0.6652 is 1663/2500, 5e-5 is 1/20000."""
        relation = statement("x == 0.6652 + 5e-5", names)
        assert relation.rhs == sp.Rational(6652, 10000) + sp.Rational(1, 20000)

    def test_long_literal(self, names: Variables) -> None:
        """A literal of more than 60 digits is refused; 60 digits are exact."""
        assert "at most 60 digits" in refused("x == " + "7" * 61, names)
        assert "at most 60 digits" in refused("x == 0." + "1" * 61, names)
        assert statement("x == 0." + "1" * 59, names).rhs == sp.Rational(int("1" * 59), 10**59)

    def test_long_decimals_are_exact(self, names: Variables) -> None:
        """0.044715 is 44715/1000000, and SELU's 1.0507009873554804934193349852946 keeps every digit."""
        assert statement("x == 0.044715", names).rhs == sp.Rational(44715, 1000000)
        selu = "1.0507009873554804934193349852946"
        assert statement(f"x == {selu}", names).rhs == sp.Rational(10507009873554804934193349852946, 10**31)

    def test_huge_decimal_exponent(self, names: Variables) -> None:
        """1e999 is refused (its exponent is out of bounds), not turned into infinity."""
        assert "exponent" in refused("x == 1e999", names)

    @pytest.mark.parametrize("text", ["x == 1j", "x == True", "x == None", "x == ...", "x == b'1'"])
    def test_other_literals(self, names: Variables, text: str) -> None:
        """Complex, boolean, None, Ellipsis and bytes literals are refused."""
        assert "found" in refused(text, names)

    def test_large_exponent(self, names: Variables) -> None:
        """A numeric exponent beyond 1000 is refused before SymPy computes anything."""
        assert "at most 1000" in refused("x == 10**1000000", names)

    def test_power_tower(self, names: Variables) -> None:
        """a**b**c is refused."""
        assert "power tower" in refused("x == 2**2**2**2**2", names)

    def test_big_results(self, names: Variables) -> None:
        """Powers whose result would exceed 1000 bits are refused; 2**999 is fine."""
        assert statement("x == 2**999", names).rhs == 2**999
        assert "1000 bits" in refused("x == (2**999)**2", names)
        assert "1000 bits" in refused("x == (3*x)**900", names)

    def test_symbolic_powers_are_not_numbers(self, names: Variables) -> None:
        """(x + 141)**141 is not expanded, so it is allowed."""
        statement("(x + 141)**141 > 0", names)

    def test_many_roots(self, names: Variables) -> None:
        """Products of many roots of large numbers (SymPy would factor their product) are refused."""
        product = "*".join(f"sqrt({10**29 + 2 * n + 1})" for n in range(40))
        assert "under roots" in refused(f"x == {product}", names)

    def test_division_by_zero(self, names: Variables) -> None:
        """1/0, 0**-1 and log(0) are refused."""
        assert "division by zero" in refused("x == 1/0", names)
        assert "division by zero" in refused("x == 0**(-1)", names)
        assert "infinite or undefined" in refused("x == log(0)", names)


class TestNames:
    def test_declared_symbols(self, names: Variables) -> None:
        """Declared names are the declared SymPy symbols."""
        assert statement("x < T", names) == sp.Lt(names["x"].symbol, names["T"].symbol, evaluate=False)

    def test_undeclared(self, names: Variables) -> None:
        """An undeclared name is refused, with the declared names listed."""
        message = refused("y == 1", names)
        assert "'y' is not declared" in message and "declared: K, z" in message

    def test_bare_function(self, names: Variables) -> None:
        """A function name not called is refused."""
        assert "is a function" in refused("exp == 1", names)

    def test_bare_vector(self, names: Variables) -> None:
        """A vector used as a number is refused, suggesting an entry."""
        assert "write an entry such as z[k]" in refused("z == 1", names)

    def test_summation_index_is_bound(self, names: Variables) -> None:
        """The index of a Sum needs no declaration and is bound only inside the Sum."""
        relation = statement("Sum(z[m], (m, 1, K)) == 1", names)
        assert isinstance(relation.lhs, sp.Sum)
        assert "'m' is not declared" in refused("Sum(z[m], (m, 1, K)) == m", names)

    def test_summation_index_must_be_fresh(self, names: Variables) -> None:
        """A summation index may not reuse a declared name or an enclosing Sum's index."""
        assert "declared in [symbols]" in refused("Sum(z[k], (k, 1, K)) == 1", names)
        assert "already bound" in refused("Sum(Sum(z[m], (m, 1, K)), (m, 1, K)) == 1", names)

    def test_is_name(self) -> None:
        """Symbol names are identifiers that are neither keywords nor functions."""
        assert is_name("z") and is_name("w_2")
        assert not any(is_name(n) for n in ("2x", "_x", "lambda", "exp", "Eq", "x.y", ""))


class TestEntries:
    def test_entries(self, names: Variables) -> None:
        """z[k] and W[i, m] are entries of the declared vector and matrix."""
        relation = statement("z[k] + W[j, 2] == u[3]", names)
        assert relation.rhs == names["u"].symbol[3]

    @pytest.mark.parametrize(
        ("text", "message"),
        [("z[j, k] == 1", "needs 1 index"), ("W[j] == 1", "needs 2 indices"), ("x[1] == 1", "has no entries"),
         ("z[x] == 1", "integer expression"), ("z[k/2] == 1", "integer expression"), ("z[0] == 1", "start at 1"),
         ("u[4] == 1", "at most 3"), ("z[1:2] == 1", "slice"), ("exp(x)[1] == 1", "only a declared or defined vector")],
    )  # fmt: skip
    def test_wrong_entries(self, names: Variables, text: str, message: str) -> None:
        """An index of the wrong rank, type or range is refused."""
        assert message in refused(text, names)


class TestCalls:
    def test_vocabulary(self, names: Variables) -> None:
        """softmax, logsumexp and sigmoid are the verifier's own functions."""
        relation = statement("softmax(z, j) + logsumexp(z) == sigmoid(x)", names)
        z = names["z"].symbol
        assert relation.lhs == softmax(z, names["j"].symbol) + logsumexp(z)

    def test_vector_literal(self, names: Variables) -> None:
        """A vector literal is allowed as softmax's first argument, with a number index in range."""
        assert statement("softmax([1, 2, 3], 3) == 0.6652", names).lhs == softmax(sp.Tuple(1, 2, 3), 3)
        assert "number index in 1..3" in refused("softmax([1, 2, 3], j) == 1", names)
        assert "at most 3" in refused("softmax([1, 2, 3], 4) == 1", names)
        assert "vector literal [...] is allowed only" in refused("[1, 2] == 1", names)
        assert statement("Max([1, 5, 3]) == 5", names).lhs == 5

    def test_derivatives(self, names: Variables) -> None:
        """diff takes scalars and entries, and an order after a variable."""
        relation = statement("diff(x**3, x, 2) == diff(z[j]**2, z[k])", names)
        assert relation.lhs == sp.Derivative(names["x"].symbol ** 3, names["x"].symbol, 2)
        assert "declared scalar or an entry" in refused("diff(x, j) == 1", names)
        assert "order is 1..10" in refused("diff(x, x, 11) == 1", names)

    def test_subs(self, names: Variables) -> None:
        """subs(expr, var, value) builds an unevaluated substitution."""
        assert isinstance(statement("subs(diff(sigmoid(x), x), x, 0) == 1/4", names).lhs, sp.Subs)

    @pytest.mark.parametrize(
        ("text", "message"),
        [("foo(x) == 1", "not one of the functions"), ("x(1) == 1", "not a function"),
         ("exp(x, x) == 1", "takes 1 argument"), ("exp(x, evaluate=False) == 1", "keyword"),
         ("Max(*[x]) == 1", "unpacking"), ("Sum(z[m], m) == 1", "(m, lo, hi)"),
         ("KroneckerDelta(x, j) == 1", "integer expression"), ("softmax(x, j) == 1", "must be a vector"),
         ("logsumexp(W) == 1", "take a vector")],
    )  # fmt: skip
    def test_bad_calls(self, names: Variables, text: str, message: str) -> None:
        """Calls outside the list, or with the wrong arguments, are refused."""
        assert message in refused(text, names)

    def test_every_listed_function(self, names: Variables) -> None:
        """Every function of CLAIM-FILES.md's list parses."""
        calls = {
            "exp": "exp(x)", "log": "log(T)", "sqrt": "sqrt(T)", "Abs": "Abs(x)", "Max": "Max(x, 1)",
            "Min": "Min(x, 1)", "sigmoid": "sigmoid(x)", "tanh": "tanh(x)", "relu": "relu(x)",
            "softmax": "softmax(z, j)", "logsumexp": "logsumexp(z)", "Sum": "Sum(z[m], (m, 1, K))",
            "KroneckerDelta": "KroneckerDelta(j, k)", "diff": "diff(x**2, x)", "subs": "subs(x, x, 1)",
            "sinh": "sinh(x)", "cosh": "cosh(x)", "erf": "erf(x)", "log1p": "log1p(x)", "expm1": "expm1(x)",
            "clamp": "clamp(x, -1, 1)", "sign": "sign(x)", "Heaviside": "Heaviside(x, 0)",
            "Piecewise": "Piecewise((x, x > 0), (0, True))", "softplus": "softplus(x)",
        }  # fmt: skip
        assert set(calls) == set(FUNCTIONS)
        for call in calls.values():
            parse(call, names, role=Role.EXPRESSION, where=WHERE)


class TestForbidden:
    @pytest.mark.parametrize(
        ("text", "found"),
        [("z.__class__ == 1", "attribute access"), ("(lambda: 1)() == 1", "call of"), ("lambda: 1", "a lambda"),
         ("'string'", "a string"), ("f'{x}' == 1", "an f-string"), ("[x for x in y] == 1", "a comprehension"),
         ("x and x", "'and' / 'or'"), ("(x if x else 1) == 1", "conditional"), ("(y := 1) == 1", "assignment"),
         ("{1: 2} == 1", "a dict"), ("{1} == 1", "a set"), ("x % 2 == 1", "'%'"), ("x ^ 2 == 1", "use ** for powers"),
         ("not x", "'not'"), ("~x == 1", "'~'"), ("x in x", "'in'"), ("(1, 2) == 1", "a tuple"),
         ("__import__('os').system('x')", "only the listed functions can be called"),
         ("import os", "not a valid expression"), ("x = 1", "write == for equality")],
    )  # fmt: skip
    def test_refused(self, names: Variables, text: str, found: str) -> None:
        """Python beyond the grammar is refused, saying what was found."""
        assert found in refused(text, names)


class TestLimits:
    def test_length(self, names: Variables) -> None:
        """A statement over 10 000 characters is refused before parsing."""
        assert "at most 10000 characters" in refused("x == " + "x + " * 5000 + "1", names)

    def test_brackets(self, names: Variables) -> None:
        """Brackets nested over 100 deep are refused before parsing."""
        assert "brackets nest at most 100" in refused("(" * 101 + "x" + ")" * 101 + " == 1", names)

    def test_depth(self, names: Variables) -> None:
        """A tree deeper than 100 (here, of unary minus) is refused."""
        assert "deep" in refused("x == " + "-" * 150 + "x", names)

    def test_long_sums_are_flat(self, names: Variables) -> None:
        """A sum of 1000 terms is one level deep, not 1000."""
        assert statement("x == " + " + ".join(["x"] * 1000), names).rhs == 1000 * names["x"].symbol

    def test_characters(self, names: Variables) -> None:
        """Non-ASCII characters, control characters and '#' are refused; newlines are spaces."""
        assert "printable ASCII" in refused("x − 1 == 0", names)
        assert "printable ASCII" in refused("x == \x00", names)
        assert "'#'" in refused("x == 1  # one", names)
        assert statement("x\n  == 1", names) == sp.Eq(names["x"].symbol, 1, evaluate=False)

    def test_empty(self, names: Variables) -> None:
        """An empty statement is refused."""
        assert "empty" in refused("  ", names)


def test_messages_name_file_claim_and_field(names: Variables) -> None:
    """Every message starts with the file, the claim id and the field."""
    assert refused("y == 1", names).startswith("notes.toml: claim 'c1', field 'statement': ")


def test_deadline(names: Variables) -> None:
    """Past its deadline, building is refused as too complex."""
    with pytest.raises(ClaimFileError, match="too complex"):
        parse("x == 1", names, role=Role.STATEMENT, where=WHERE, deadline=0.0)


@pytest.fixture(scope="module")
def more() -> Variables:
    v = Variables()
    K = v.size("K")
    M = v.size("M")
    v.vector("z", K)
    v.vector("p", K, Domain.SIMPLEX)
    v.vector("w", M)
    v.matrix("W", K, M)
    v.index("j", K)
    v.index("k", K)
    v.index("n", M)
    v.scalar("x")
    v.scalar("y", Domain.SIGN)
    v.scalar("T", Domain.POSITIVE)
    return v


def expression(text: str, names: Variables) -> sp.Basic:
    return parse(text, names, role=Role.EXPRESSION, where=WHERE)


class TestVersion2Functions:
    def test_constants(self, more: Variables) -> None:
        """pi and E are SymPy's constants, and cannot be called or bound."""
        assert expression("pi + E", more) == sp.pi + sp.E
        assert "constant" in refused("pi(1) == 1", more)
        assert "constant" in refused("Sum(z[pi], (pi, 1, K)) == 1", more)

    def test_piecewise(self, more: Variables) -> None:
        """Piecewise takes (value, condition) pairs; conditions join with & and |; only the last may be True."""
        value = expression("Piecewise((x, (x > 0) & (x < 1)), (0, (x <= 0) | (x >= 1)))", more)
        assert isinstance(value, sp.Piecewise) and isinstance(value.args[0].cond, sp.And)
        assert isinstance(expression("Piecewise((x, -1 < x < 1), (1, True))", more).args[0].cond, sp.And)
        assert "only the last piece" in refused("Piecewise((x, True), (0, x > 0)) == 1", more)
        assert "a pair (value, condition)" in refused("Piecewise(x, x > 0) == 1", more)
        assert "Piecewise condition" in refused("Piecewise((x, x + 1)) == 1", more)
        assert "in parentheses" in refused("Piecewise((x, x > 0 & x < 1)) == 1", more)

    def test_step_functions(self, more: Variables) -> None:
        """Heaviside takes 1 or 2 arguments (1/2 at 0 by default); sign and clamp are SymPy's and ours."""
        assert expression("Heaviside(x)", more) == sp.Heaviside(more["x"].symbol)
        assert expression("Heaviside(0, 0)", more) == 0
        assert expression("Heaviside(0)", more) == sp.S.Half
        assert expression("sign(0)", more) == 0
        assert "1 or 2 arguments" in refused("Heaviside(x, 0, 1) == 1", more)
        assert "takes 3 arguments" in refused("clamp(x, 0) == 1", more)


class TestVectorArguments:
    def test_entrywise_expressions(self, more: Variables) -> None:
        """softmax(z/T, j), softmax(-z, j), logsumexp(z - x), softmax(log(p), j) take entrywise vectors."""
        printed = {
            "softmax(z/T, j)": "softmax(z/T, j)",
            "softmax(-z, j)": "softmax(-z, j)",
            "logsumexp(z - x)": "logsumexp(-x + z)",
            "softmax(log(p), j)": "softmax(log(p), j)",
        }
        for text, shown in printed.items():
            value = expression(text, more)
            assert isinstance(value.args[0], Entrywise), text
            assert str(value) == shown

    def test_scalars_of_whole_vectors(self, more: Variables) -> None:
        """softmax(z - Max(z), j): Max(z) is one scalar inside the entrywise expression."""
        value = expression("softmax(z - Max(z), j)", more)
        (vector,) = value.args[:1]
        assert vector.body.has(vmax) and vmax(more["z"].symbol) in vector.body.atoms(vmax)

    def test_max_of_a_vector_or_of_scalars(self, more: Variables) -> None:
        """Max(z) is the largest entry; Max(x) is x; Max(x, 1) is SymPy's Max."""
        assert expression("Max(z)", more) == vmax(more["z"].symbol)
        assert expression("Min(z/T)", more).func is vmin
        assert expression("Max(x)", more) == more["x"].symbol
        assert isinstance(expression("Max(x, 1)", more), sp.Max)

    def test_sizes_and_kinds(self, more: Variables) -> None:
        """Vectors of two sizes, a matrix, or no vector at all are refused as vector arguments."""
        assert "different sizes" in refused("logsumexp(z + w) == 1", more)
        assert "take a vector" in refused("logsumexp(W) == 1", more)
        assert "must be a vector" in refused("softmax(x + 1, j) == 1", more)
        assert "pass the whole vector" in refused("z == 1", more)

    def test_index_of_another_size(self, more: Variables) -> None:
        """An index declared for one size, used for a vector of another, is refused."""
        assert "ranges over 1..M" in refused("z[n] == 1", more)
        assert "ranges over 1..K" in refused("softmax(w, j) == 1", more)
        assert "ranges over 1..M, but 'W' has size K" in refused("W[n, j] == 1", more)


class TestSums:
    def test_several_ranges(self, more: Variables) -> None:
        """Sum(e, (a, ...), (b, ...)) has the first range innermost, and inner limits may use outer indices."""
        value = expression("Sum(z[a]*z[b], (b, 1, a), (a, 1, K))", more)
        assert isinstance(value, sp.Sum)
        assert [limit[0].name for limit in value.limits] == ["b", "a"]
        assert "already bound" in refused("Sum(z[a], (a, 1, K), (a, 1, K)) == 1", more)
        assert "'a'" in refused("Sum(z[b], (b, 1, a), (c, 1, K)) == 1", more)

    def test_nested_sums(self, more: Variables) -> None:
        """A Sum inside a Sum may use the outer index in its limits."""
        value = expression("Sum(Sum(z[b], (b, 1, a)), (a, 1, K))", more)
        assert isinstance(value, sp.Sum) and len(value.limits) == 2


class TestChainedRelations:
    def test_chained_assumption(self, more: Variables) -> None:
        """-3 < x < 3 in assume is both relations."""
        relations = parse_assumption("-3 < x < 3", more, where=WHERE)
        assert sorted(map(str, relations)) == ["-3 < x", "x < 3"]
        assert len(parse_assumption("Ne(j, k)", more, where=WHERE)) == 1

    def test_chained_statement(self, more: Variables) -> None:
        """A == B == C in a statement points to steps; a < b < c to assume."""
        assert "steps" in refused("x == x == x", more)
        assert "allowed in assume" in refused("0 < x < 1", more)


class TestDefinedNames:
    @pytest.fixture(scope="class")
    @classmethod
    def defined(cls) -> Variables:
        v = Variables()
        K = v.size("K")
        z = v.vector("z", K)
        i = v.index("i", K)
        v.index("j", K)
        x = v.scalar("x")
        u = sp.Symbol("u", real=True)
        v.define("L", logsumexp(z))
        v.define_vector("a", i, softmax(z, i))
        v.define_function("g", (u,), u * sp.exp(u))
        v.define("c", x)
        return v

    def test_references(self, defined: Variables) -> None:
        """L, a[j], g(x) parse to references that print as written."""
        value = expression("L + a[j]*g(x)", defined)
        assert {type(r).__name__ for r in value.atoms(Reference)} == {
            "ScalarReference",
            "EntryReference",
            "CallReference",
        }

    def test_whole_defined_vector(self, defined: Variables) -> None:
        """A defined vector is a vector argument: softmax(a, j), logsumexp(g(z)) with a scalar function of z."""
        assert str(expression("softmax(a, j)", defined)) == "softmax(a, j)"
        assert str(expression("logsumexp(g(z))", defined)) == "logsumexp(g(z))"

    @pytest.mark.parametrize(
        ("text", "message"),
        [("a == 1", "write an entry such as a[i]"), ("g == 1", "call it"), ("L[1] == 1", "no entries"),
         ("a(1) == 1", "not a function"), ("L(x) == 1", "not a function"), ("g(x)[1] == 1", "only a declared"),
         ("a[1, 2] == 1", "needs 1 index"), ("g(x, x) == 1", "takes 1 argument"),
         ("diff(L, a[j]) == 1", "defined, not declared"), ("Sum(z[L], (L, 1, K)) == 1", "a defined name")],
    )  # fmt: skip
    def test_misuse(self, defined: Variables, text: str, message: str) -> None:
        """Each misuse of a defined name says what the name is and how to write it."""
        assert message in refused(text, defined)

    def test_placeholders(self, defined: Variables) -> None:
        """A function body may use its placeholders as scalars, not bind them in a Sum."""
        u = sp.Symbol("u", real=True)
        assert parse("u**2", defined, role=Role.EXPRESSION, where=WHERE, placeholders=[u]) == u**2
        with pytest.raises(ClaimFileError, match="placeholder"):
            parse("Sum(u, (u, 1, 2))", defined, role=Role.EXPRESSION, where=WHERE, placeholders=[u])

    def test_self_and_later_references(self, defined: Variables) -> None:
        """Inside a definition, its own name and the later names are refused, with the reason."""
        with pytest.raises(ClaimFileError, match="refers to itself"):
            parse("h(x) + 1", defined, role=Role.EXPRESSION, where=WHERE, defining="h")
        with pytest.raises(ClaimFileError, match="defined later"):
            parse("q + 1", defined, role=Role.EXPRESSION, where=WHERE, defining="h", later=["q"])


def located(text: str, names: Variables) -> ClaimFileError:
    with pytest.raises(ClaimFileError) as caught:
        parse(text, names, role=Role.STATEMENT, where=WHERE)
    return caught.value


class TestErrorsThatTeach:
    @pytest.mark.parametrize(
        ("text", "hint"),
        [("ln(x) == 1", "write log(...)"),
         ("sum(z[j]) == 1", "write Sum(e, (m, lo, hi))"),
         ("np.exp(x) == 1", "no 'np.' prefix: write exp(...)"),
         ("math.exp(x) == 1", "no 'math.' prefix: write exp(...)"),
         ("torch.sigmoid(x) == 1", "no 'torch.' prefix: write sigmoid(...)"),
         ("torch.nn.functional.softplus(x) == 1", "no 'torch.nn.functional.' prefix: write softplus(...)"),
         ("x == np.pi", "no 'np.' prefix: write pi"),
         ("sigmiod(x) == 1", "write sigmoid(...)"),
         ("z_j == 1", "write z[j]"),
         ("W_jk == 1", "write W[j, k]"),
         ("z_1 == 1", "write z[1]"),
         ("softmax(z)[j] == 1", "write softmax(z, j)"),
         ("softmax(z) == 1", "softmax(v, i) is the i-th entry"),
         ("2x == 1", "write 2*x for 2x"),
         ("x + 2(x + 1) == 1", "write 2*(x + 1)"), ("x + 2(x + 1 == 1", "write 2*(...) for 2(...)"),
         ("sigmoid(x)(1 - x) == 1", "write sigmoid(x)*(1 - x)"),
         ("(x + 1)(x - 1) == 1", "write (x + 1)*(x - 1)"),
         ("x(1 - x) == 1", "write x*(1 - x)"),
         ("X == 1", "did you mean 'x'?"),
         ("x == x == 1", 'steps = ["A", "B", "C"]')],
    )  # fmt: skip
    def test_common_spellings(self, names: Variables, text: str, hint: str) -> None:
        """A spelling from another notation is refused with the claim language's spelling."""
        assert hint in refused(text, names)

    @pytest.mark.parametrize(
        ("text", "command"),
        [(r"\frac{x}{2} == 1", "\\frac{a}{b} is (a)/(b)"), (r"x + \sigma(x) == 1", "sigmoid(x)")],
    )
    def test_pasted_latex(self, names: Variables, text: str, command: str) -> None:
        """Pasted LaTeX is named as LaTeX, with the claim language's spelling of the command."""
        message = refused(text, names)
        assert "this looks like LaTeX" in message and command in message

    def test_no_suggestion_for_unrelated_names(self, names: Variables) -> None:
        """A name like nothing declared lists the declared names instead of guessing."""
        message = refused("frobnicate == 1", names)
        assert "did you mean" not in message and "declared: K, z" in message

    @pytest.mark.parametrize(
        ("text", "column"),
        [("x + ln(x) == 1", 5), ("x + 2x == 1", 5), ("1 + z[k] + y == 1", 12), (r"x + \sigma == 1", 5),
         ("x + sigmoid(x)(1 - x) == 1", 5)],
    )  # fmt: skip
    def test_column(self, names: Variables, text: str, column: int) -> None:
        """The error points at the column where the offending part starts."""
        error = located(text, names)
        assert error.column == column
        assert error.pointer == (text, " " * (column - 1) + "^")

    def test_pointer_window(self, names: Variables) -> None:
        """In a long expression, the caret stays under the offending part of a shortened excerpt."""
        text = " + ".join(["x"] * 60) + " + y == 1"
        error = located(text, names)
        assert error.pointer is not None
        shown, caret = error.pointer
        assert shown.startswith("...") and len(shown) <= 80
        assert shown[len(caret) - 1] == "y"


class TestIndexRanges:
    @pytest.mark.parametrize(
        ("text", "message"),
        [("Sum(u[m], (m, 1, 5)) == 1", "the index 'm' reaches 5, but 'u' has size 3"),
         ("Sum(Sum(u[n + 1], (n, 1, m)), (m, 1, 3)) == 1", "the index 'n + 1' reaches 4, but 'u' has size 3"),
         ("z[j + 1] == 1", "the index 'j + 1' reaches K + 1, but 'z' has size K"),
         ("z[j - 1] == 1", "the index 'j - 1' reaches 0, but indices start at 1"),
         ("Sum(z[2*m], (m, 1, K)) == 1", "the index '2*m' reaches 2*K, but 'z' has size K")],
    )  # fmt: skip
    def test_certainly_out_of_range(self, names: Variables, text: str, message: str) -> None:
        """An index that leaves 1..size for some value of its indices is refused at load, not at verification."""
        assert message in refused(text, names)

    @pytest.mark.parametrize(
        "text",
        ["Sum(u[m], (m, 2, 3)) == 1", "Sum(Sum(z[n], (n, 1, m)), (m, 1, K)) == 1", "u[K] == 1",
         "Sum(z[K - m + 1], (m, 1, K)) == 1", "Sum(z[m + 1], (m, 1, K - 1)) == 1"],
    )  # fmt: skip
    def test_in_range_or_open(self, names: Variables, text: str) -> None:
        """Indices within the vector are accepted, and so is one an assumption may bound (u[K] with K <= 3)."""
        statement(text, names)


class TestRealWhere:
    """Where the text as written has a real value, collected before SymPy rewrites it."""

    def conditions(self, text: str, names: Variables) -> list[sp.Basic]:
        found: list[sp.Basic] = []
        parse(text, names, role=Role.STATEMENT, where=WHERE, real_where=found)
        return found

    def test_log_sqrt_and_log1p_arguments(self, names: Variables) -> None:
        """exp(log(x)) is built as x; the condition x > 0 is kept, and likewise for sqrt and log1p."""
        x = names["x"].symbol
        assert statement("exp(log(x)) == x", names) == sp.Eq(x, x, evaluate=False)
        assert self.conditions("exp(log(x)) == x", names) == [sp.Gt(x, 0)]
        assert self.conditions("sqrt(x)**2 + log1p(x) == x", names) == [sp.Ge(x, 0), sp.Gt(x, -1)]

    def test_fractional_powers(self, names: Variables) -> None:
        """u**(1/3) is SymPy's principal root (not real for u < 0), u**(-1/2) needs u > 0;
        an integer power needs nothing."""
        x = names["x"].symbol
        assert self.conditions("(x - 1)**(1/3) + (x + 1)**(-1/2) + x**2 >= 0", names) == [
            sp.Ge(x - 1, 0),
            sp.Gt(x + 1, 0),
        ]

    def test_guarded_arguments_are_left_out(self, names: Variables) -> None:
        """A log in a Piecewise piece or a sum's body has no condition (its domain is the
        piece's condition, its argument depends on the bound index)."""
        assert self.conditions("Piecewise((log(x), x > 0), (0, True)) >= 0", names) == []
        assert self.conditions("Sum(log(z[m]), (m, 1, K)) == 0", names) == []
