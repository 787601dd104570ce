"""The symbolic prover: exact arguments only, and a record of every step taken.

Two strategies, tried in order:

1. **Symbolic size.** Differentiate, bring every sum into the normal form of
   ``symbolic_sums`` (Kronecker deltas evaluated, factors pulled out, Σ t = 1 applied,
   remaining sums as atoms), split each Kronecker delta between free indices into its
   equal and unequal cases, then simplify each case to zero (or establish its sign).
   Success proves the claim for every size: scope ``all``.
2. **Fixed sizes.** Write the claim out at K = 2, 3, ... with every index assignment
   and simplify each instance. Success proves it for those sizes only, and the scope
   says so.

A failed attempt proves nothing: the prover never refutes. Hypotheses the prover
cannot use are ignored, which only makes what it proves stronger.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import sympy as sp

from verifier.declarations import Declaration, Kind
from verifier.domains import Domain
from verifier.exact import DIGITS
from verifier.instances import Instance, assignments
from verifier.intervals import Interval, scalar_interval
from verifier.outcome import Proof, ProofStep
from verifier.printing import to_latex, to_text
from verifier.problem import Problem
from verifier.symbolic_sums import CANONICAL_INDEX, SumNormaliser
from verifier.univariate import sign_by_monotonicity, sign_on_interval
from verifier.verdicts import Scope

__all__ = ["ProofAttempt", "prove"]

FIXED_SIZES = (1, 2, 3, 4, 5, 6)
MAX_CASES = 64
MAX_BINARY_ENTRIES = 8
MAX_BINARY_SCALARS = 4

SIGN_NEEDED = {
    sp.StrictLessThan: ("is_negative", "< 0"),
    sp.LessThan: ("is_nonpositive", "<= 0"),
    sp.StrictGreaterThan: ("is_positive", "> 0"),
    sp.GreaterThan: ("is_nonnegative", ">= 0"),
}


@dataclass(frozen=True, kw_only=True)
class ProofAttempt:
    """A proof, or the reason there is none. No proof does not mean the claim is false."""

    proof: Proof | None
    failure: str | None = None


@dataclass
class _Recorder:
    """The steps of a proof attempt, printed only if the attempt becomes a proof."""

    normaliser: SumNormaliser | None = None
    _pending: list[tuple[str, sp.Basic | None, SumNormaliser | None]] = field(default_factory=list)

    def add(self, action: str, expression: sp.Basic | None = None) -> None:
        self._pending.append((action, expression, self.normaliser))

    @property
    def steps(self) -> tuple[ProofStep, ...]:
        return tuple(_printed(*pending) for pending in self._pending)


def _printed(action: str, expression: sp.Basic | None, normaliser: SumNormaliser | None) -> ProofStep:
    if expression is None:
        return ProofStep(action=action, text="", latex="")
    shown = normaliser.restore(expression) if normaliser else expression
    return ProofStep(action=action, text=to_text(shown, ordered=False), latex=to_latex(shown, ordered=False))


def prove(problem: Problem, *, fixed_sizes: tuple[int, ...] = FIXED_SIZES) -> ProofAttempt:
    """Try to prove the problem exactly; record the steps."""
    if problem.tolerance is not None:
        try:
            return _prove_value(problem)
        except _UnsupportedError as unsupported:
            return ProofAttempt(proof=None, failure=f"value: {unsupported}")
    try:
        symbolic = _prove_symbolic(problem)
    except _UnsupportedError as unsupported:
        symbolic = ProofAttempt(proof=None, failure=f"symbolic size: {unsupported}")
    if symbolic.proof is not None:
        return symbolic
    sizes = [d for d in problem.declarations if d.kind is Kind.SIZE]
    if not sizes and any(d.kind is Kind.INDEX for d in problem.declarations):
        # Only numeric sizes: every index assignment can be checked, and that covers all.
        ok, detail = _prove_at_size(problem, 1)
        if ok:
            steps = (ProofStep(action=f"Check every index assignment: {detail}", text="", latex=""),)
            return ProofAttempt(proof=Proof(scope=Scope(), method="every index assignment", steps=steps))
        return ProofAttempt(proof=None, failure=f"{symbolic.failure}; every index assignment: {detail}")
    if len(sizes) != 1:
        return symbolic
    fixed = _prove_fixed(problem, sizes[0], fixed_sizes)
    if fixed.proof is not None:
        return fixed
    return ProofAttempt(proof=None, failure=f"{symbolic.failure}; {fixed.failure}")


# -- the residual -------------------------------------------------------------------


def _residual(problem: Problem) -> sp.Basic:
    return problem.lhs - problem.rhs


def _goal(problem: Problem) -> str:
    if problem.relation is sp.Equality:
        return "= 0"
    return SIGN_NEEDED[problem.relation][1]


class _UnsupportedError(Exception):
    """A construction the symbolic prover cannot handle soundly: no proof, never a wrong one."""


def _substitute(substitution: sp.Subs) -> sp.Basic:
    # SymPy substitutes z[1] only where z[1] is written: not inside Σ_m exp(z[m]), which
    # contains it for m = 1. Refuse rather than prove something about the wrong function.
    if any(isinstance(v, sp.Indexed) for v in substitution.variables) and substitution.expr.has(sp.Sum):
        raise _UnsupportedError("substituting a vector entry inside a sum of symbolic length")
    return substitution.doit()


def _differentiate(expression: sp.Basic) -> sp.Basic:
    expression = expression.replace(lambda e: isinstance(e, sp.Subs), _substitute)
    return expression.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit(deep=False))


def _plain_symbols(expression: sp.Basic) -> sp.Basic:
    """Indexed entries as plain symbols with the same assumptions, for simplification."""
    mapping = {}
    for indexed in expression.atoms(sp.Indexed):
        assumptions = {
            k: v for k, v in indexed.base.assumptions0.items() if k in ("real", "positive", "nonnegative", "integer")
        }
        mapping[indexed] = sp.Symbol(to_text(indexed), **assumptions)
    return expression.xreplace(mapping)


def _is_zero(expression: sp.Basic) -> str | None:
    """How the expression was shown to be identically zero, or None."""
    expression = _plain_symbols(expression)
    if sp.expand(expression) == 0:
        return "expands to 0"
    together = sp.cancel(sp.together(sp.powsimp(sp.expand(expression))))
    if together == 0:
        return "cancels to 0"
    hyperbolic = expression.has(sp.tanh, sp.sinh, sp.cosh)
    # Over exp, a function's hyperbolic identities are rational ones; a constant's are
    # left to simplify and its minimal polynomial (cancel is slow on nested radicals).
    if (
        hyperbolic
        and expression.free_symbols
        and sp.cancel(sp.together(sp.powsimp(sp.expand(expression.rewrite(sp.exp))))) == 0
    ):
        return "written with exp, cancels to 0"
    if sp.simplify(expression) == 0:
        return "simplifies to 0"
    if not expression.free_symbols:
        how = _algebraic_zero(expression)
        if how is not None:
            return how
    if hyperbolic and sp.simplify(expression.rewrite(sp.exp)) == 0:
        return "written with exp, simplifies to 0"
    if sp.simplify(sp.expand_log(sp.powsimp(together), force=False)) == 0:
        return "simplifies to 0"
    return None


def _algebraic_zero(constant: sp.Basic) -> str | None:
    """A constant is 0 exactly when its minimal polynomial (if it is algebraic) is y itself."""
    form = constant.replace(lambda e: isinstance(e, sp.tanh | sp.sinh | sp.cosh), lambda e: e.rewrite(sp.exp))
    form = sp.together(sp.powsimp(form))
    if form.has(sp.pi, sp.E) or form.atoms(sp.exp, sp.log):
        return None  # transcendental parts: no minimal polynomial
    y = sp.Dummy("y")
    try:
        if sp.minimal_polynomial(form, y) == y:
            return "an algebraic number whose minimal polynomial is y: exactly 0"
    except (NotImplementedError, sp.polys.polyerrors.NotAlgebraic, ValueError):
        return None
    return None


def _has_sign(expression: sp.Basic, relation: type, depth: int = 0, *, thorough: bool | None = None) -> str | None:
    """How the sign the relation needs was established, or None.

    ``thorough=False`` tries only the cheap steps, ``True`` only the costly ones
    (simplification, case splits), ``None`` both, cheapest first.
    """
    attribute, _ = SIGN_NEEDED[relation]
    expression = _plain_symbols(expression)
    if thorough is not True:
        if getattr(expression, attribute) is True:
            return "sign is evident"
        common = sp.factor(sp.together(expression))
        if getattr(common, attribute) is True:
            return "over a common denominator"
        bounded = _exponentials_bounded(common)
        if bounded is not None and getattr(sp.factor(sp.together(bounded)), attribute) is True:
            return "with exp(q) = 1 + r (q > 0) or 1/(1 + r) (q < 0), r > 0, over a common denominator"
        how = _completed_square(expression, relation)
        if how is not None or thorough is False:
            return how
    simplified = sp.simplify(expression)
    if getattr(simplified, attribute) is True:
        return "after simplification"
    if getattr(sp.factor(simplified), attribute) is True:
        return "factored after simplification"
    return _by_extreme_cases(expression, relation, depth) if depth < 3 else None


def _by_extreme_cases(expression: sp.Basic, relation: type, depth: int) -> str | None:
    """Max(a_1, ..., a_n): in case i, a_i is the largest and every other a_j = a_i - q_j, q_j >= 0.

    The cases cover every point, and each is an exact reparametrisation; Min likewise.
    Only arguments that are plain symbols are split on.
    """
    extremes = sorted(expression.atoms(sp.Max, sp.Min), key=sp.default_sort_key)
    if not extremes:
        return None
    extreme = extremes[0]
    arguments = extreme.args
    if len(arguments) == 2 and not all(a.is_Symbol for a in arguments):
        return _by_two_cases(expression, extreme, relation, depth)
    if not all(a.is_Symbol for a in arguments) or len(arguments) > 6:
        return None
    for i, chosen in enumerate(arguments):
        offsets = {
            other: chosen - sp.Symbol(f"q{j}", nonnegative=True)
            if isinstance(extreme, sp.Max)
            else chosen + sp.Symbol(f"q{j}", nonnegative=True)
            for j, other in enumerate(arguments)
            if j != i
        }
        case = expression.xreplace({extreme: chosen}).xreplace(offsets)
        if _has_sign(case, relation, depth + 1) is None:
            return None
    kind = "largest" if isinstance(extreme, sp.Max) else "smallest"
    return f"splitting on which argument of {extreme.func} is the {kind}, each case has the sign"


def _by_two_cases(expression: sp.Basic, extreme: sp.Basic, relation: type, depth: int) -> str | None:
    """Max(a, b) is a where a - b = q >= 0 and b where a - b = -q <= 0; solve a - b = ±q for a
    symbol it is linear in, so each case is an exact reparametrisation."""
    first, second = extreme.args
    difference = sp.expand(first - second)
    variable = next(
        (
            s
            for s in sorted(difference.free_symbols, key=sp.default_sort_key)
            if sp.degree(difference, s) == 1 and difference.coeff(s).is_number and difference.coeff(s) != 0
        ),
        None,
    )
    if variable is None:
        return None
    q = sp.Symbol(f"q_{variable}", nonnegative=True)
    coefficient = difference.coeff(variable)
    rest = difference - coefficient * variable
    larger_first = isinstance(extreme, sp.Max)
    for value, sign in ((first, 1), (second, -1)):
        chosen = value if larger_first else (second if value is first else first)
        solved = (sign * q - rest) / coefficient
        case = expression.xreplace({extreme: chosen}).xreplace({variable: solved})
        if _has_sign(sp.expand(case), relation, depth + 1) is None:
            return None
    return f"splitting {extreme} on the sign of {difference}, each case has the sign"


def _exponentials_bounded(expression: sp.Basic) -> sp.Basic | None:
    """exp(q) as 1 + r for q > 0 and 1/(1 + r) for q < 0, with a fresh r > 0 each.

    SymPy does not know exp(q) > 1 for q > 0. Replacing exp(q) by any value in the range
    it is known to lie in only strengthens a sign claim, so a sign shown after is shown
    before.
    """
    replacements: dict[sp.Basic, sp.Basic] = {}
    for number, power in enumerate(sorted(expression.atoms(sp.exp), key=sp.default_sort_key)):
        r = sp.Symbol(f"r{number}", positive=True)
        r0 = sp.Symbol(f"r{number}", nonnegative=True)
        if power.args[0].is_positive:
            replacements[power] = 1 + r
        elif power.args[0].is_negative:
            replacements[power] = 1 / (1 + r)
        elif power.args[0].is_nonnegative:
            replacements[power] = 1 + r0
        elif power.args[0].is_nonpositive:
            replacements[power] = 1 / (1 + r0)
    return expression.xreplace(replacements) if replacements else None


def _completed_square(expression: sp.Basic, relation: type) -> str | None:
    """a v^2 + b v + c = a (v + b/2a)^2 + (c - b^2/4a): the sign of the rest decides, when a has the sign."""
    attribute, _ = SIGN_NEEDED[relation]
    positive_side = attribute in ("is_positive", "is_nonnegative")
    numerator, denominator = sp.fraction(sp.together(expression))
    if denominator.is_positive:
        expression = numerator  # a positive denominator keeps the sign
    # exp(...) terms are positive quantities; as symbols they can be a square's variable.
    # (Replaced before expanding: SymPy would fuse exp(a)*exp(b) into exp(a + b).)
    atoms = sorted(expression.atoms(sp.exp), key=sp.default_sort_key)
    positives = {e: sp.Symbol(f"e{n}", positive=True) for n, e in enumerate(atoms)}
    polynomial_form = sp.expand(expression.xreplace(positives))
    for variable in sorted(polynomial_form.free_symbols, key=sp.default_sort_key):
        try:
            polynomial = sp.Poly(polynomial_form, variable)
        except sp.PolynomialError:
            continue
        if polynomial.degree() != 2:
            continue
        a, b, c = polynomial.all_coeffs()
        if (a.is_positive if positive_side else a.is_negative) is not True:
            continue
        rest = sp.simplify(c - b**2 / (4 * a))
        if getattr(rest, attribute) is True or getattr(sp.factor(rest), attribute) is True:
            return f"completing the square in {variable}, the rest {rest} has the sign"
    return None


# -- strategy 1: symbolic size --------------------------------------------------------


def _ranges(problem: Problem) -> dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]:
    return {d.symbol: (sp.Integer(1), sp.sympify(d.size)) for d in problem.declarations if d.kind is Kind.INDEX}


def _onehot_positions(problem: Problem) -> dict[sp.Symbol, Declaration]:
    return {
        sp.Symbol(f"hot_{d.name}", integer=True, positive=True): d
        for d in problem.declarations
        if d.domain is Domain.ONEHOT
    }


def _hot_index_from_assumptions(declaration: Declaration, problem: Problem) -> sp.Basic | None:
    """The hot position a hypothesis Eq(t[c], 1) gives a one-hot vector t, if any."""
    for assumption in problem.assumptions:
        if isinstance(assumption, sp.Equality) and assumption.rhs == 1:
            entry = assumption.lhs
            if isinstance(entry, sp.Indexed) and entry.base == declaration.symbol and len(entry.indices) == 1:
                return entry.indices[0]
    return None


def _bounded_substitutions(problem: Problem) -> dict[sp.Basic, sp.Basic]:
    """x > c as x = c + p, x < c as x = c - p, with p > 0 (p >= 0 for a non-strict bound).

    A bijection onto the bounded range, so identities and signs there become ones in p.
    """
    substitutions: dict[sp.Basic, sp.Basic] = {}
    for assumption in problem.assumptions:
        if not isinstance(assumption, sp.core.relational.Relational) or isinstance(
            assumption, sp.Equality | sp.Unequality
        ):
            continue
        strict = isinstance(assumption, sp.StrictGreaterThan | sp.StrictLessThan)
        sign = {"positive": True} if strict else {"nonnegative": True}
        greater, smaller = assumption.gts, assumption.lts
        for variable, bound, above in ((greater, smaller, True), (smaller, greater, False)):
            is_entry = isinstance(variable, sp.Indexed) and variable.is_real
            bound_ok = bound.is_number or (bound.is_real and not bound.has(variable) and not bound.has(*substitutions))
            if (variable.is_Symbol or is_entry) and variable.is_real and bound_ok and variable not in substitutions:
                p = sp.Symbol(f"{to_text(variable)}_p", **sign)
                substitutions[variable] = bound + p if above else bound - p
                break
    return substitutions


def _prove_symbolic(problem: Problem) -> ProofAttempt:
    """Binary scalars are split into their two cases; each case gets the symbolic-size proof."""
    binaries = [d.symbol for d in problem.declarations if d.kind is Kind.SCALAR and d.domain is Domain.BINARY]
    if not binaries or len(binaries) > MAX_BINARY_SCALARS:
        return _prove_symbolic_case(problem, _Recorder())
    record = _Recorder()
    for bits in itertools.product((0, 1), repeat=len(binaries)):
        values = {b: sp.Integer(bit) for b, bit in zip(binaries, bits, strict=True)}
        label = ", ".join(f"{b} = {bit}" for b, bit in values.items())
        record.add(f"Case {label}")
        case = replace(problem, lhs=problem.lhs.xreplace(values), rhs=problem.rhs.xreplace(values))
        attempt = _prove_symbolic_case(case, record)
        if attempt.proof is None:
            return ProofAttempt(proof=None, failure=f"{attempt.failure} (case {label})")
    return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))


def _unit_entries(problem: Problem) -> dict[sp.Basic, sp.Basic]:
    """x in (0, 1) as p / (1 + p) with p > 0: a bijection that makes 1 - x = 1 / (1 + p) visibly positive."""
    mapping: dict[sp.Basic, sp.Basic] = {}
    for declaration in problem.declarations:
        if declaration.domain is not Domain.UNIT:
            continue
        if declaration.kind is Kind.SCALAR and not any(a.has(declaration.symbol) for a in problem.assumptions):
            # (a scalar with bounds of its own keeps them: the interval methods use them)
            p = sp.Symbol(f"{declaration.name}_p", positive=True)
            mapping[declaration.symbol] = p / (1 + p)
    return mapping


def _unit_vectors(expression: sp.Basic, problem: Problem) -> sp.Basic:
    for declaration in problem.declarations:
        if declaration.domain is Domain.UNIT and declaration.kind in (Kind.VECTOR, Kind.MATRIX):
            base = sp.IndexedBase(f"{declaration.name}_p", positive=True)
            expression = expression.replace(
                lambda e, v=declaration.symbol: isinstance(e, sp.Indexed) and e.base == v,
                lambda e, b=base: b[e.indices] / (1 + b[e.indices]),
            )
    return expression


def _combine_fractions(expression: sp.Basic) -> sp.Basic:
    """1 - p/(1 + p) as 1/(1 + p) inside logs and powers, so their positivity is visible."""
    return expression.replace(
        lambda e: (isinstance(e, sp.log) or e.is_Pow) and e.args[0].is_Add,
        lambda e: e.func(sp.cancel(sp.together(e.args[0])), *e.args[1:]),
    )


def _prove_symbolic_case(problem: Problem, record: _Recorder) -> ProofAttempt:
    residual = _residual(problem)
    record.add(f"To show, on the whole domain: lhs - rhs {_goal(problem)}", residual)
    equal_indices = [
        a
        for a in problem.assumptions
        if isinstance(a, sp.Equality) and all(s in _ranges(problem) for s in a.free_symbols)
    ]
    for equality in equal_indices:
        residual = residual.xreplace({equality.rhs: equality.lhs})
        record.add(f"Substitute the hypothesis {equality.lhs} = {equality.rhs}", residual)
    distinct = {frozenset(a.args) for a in problem.assumptions if isinstance(a, sp.Unequality)}
    hot = _onehot_positions(problem)
    if hot:
        for position, declaration in list(hot.items()):
            known = _hot_index_from_assumptions(declaration, problem)
            if known is not None:
                del hot[position]
                position = known
            vector = declaration.symbol
            residual = residual.replace(
                lambda e, v=vector: isinstance(e, sp.Indexed) and e.base == v,
                lambda e, p=position: sp.KroneckerDelta(e.indices[0], p),
            )
            name = declaration.name
            record.add(f"Write the one-hot vector {name} with its hot position: {name}[m] = δ(m, {position})", residual)
    if residual.has(sp.Derivative, sp.Subs):
        residual = _differentiate(residual)
        record.add("Differentiate", residual)
    unit = _unit_entries(problem)
    if unit or any(d.domain is Domain.UNIT for d in problem.declarations):
        residual = _combine_fractions(_unit_vectors(residual.xreplace(unit), problem))
        record.add("Write each variable in (0, 1) as p/(1 + p) with p > 0", residual)
    if problem.relation is sp.Equality:
        bounded = _bounded_substitutions(problem)
        if bounded:
            residual = residual.xreplace(bounded)
            names = ", ".join(f"{k} = {v}" for k, v in bounded.items())
            record.add(f"Write each bounded variable through a positive one: {names}", residual)
    else:
        how = _termwise_sign(residual, problem)
        if how is not None:
            record.add(how, residual)
            return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))
    ranges = _ranges(problem)
    for position, declaration in hot.items():
        ranges[position] = (sp.Integer(1), sp.sympify(declaration.shape[0]))
    unit_sums = {
        sp.Sum(d.symbol[CANONICAL_INDEX], (CANONICAL_INDEX, 1, d.shape[0]))
        for d in problem.declarations
        if d.domain is Domain.SIMPLEX
    }
    normaliser = SumNormaliser(ranges, unit_sums)
    record.normaliser = normaliser
    try:
        cases = _cases(residual, normaliser, distinct, record)
    except _TooManyCasesError:
        return ProofAttempt(proof=None, failure="symbolic size: too many Kronecker-delta cases")
    substitutions = _bounded_substitutions(problem) if problem.relation is not sp.Equality else {}
    for case in cases:
        prefix = f"{case.label}: " if case.label else ""
        if case.expression.has(sp.Abs):
            resolved = _resolve_absolute_values(case, problem, normaliser)
            if resolved is not case:
                record.add(f"{prefix}each |u| is u or -u by the sign of u", resolved.expression)
                case = resolved
        if problem.relation is sp.Equality:
            how = _is_zero(case.expression)
        else:
            how = _sign_of_case(case, problem, normaliser, substitutions)
        if how is None:
            record.add(f"{prefix}the prover could not reduce this to {_goal(problem)}", case.expression)
            return ProofAttempt(
                proof=None,
                failure=f"symbolic size: {prefix}could not reduce the residual to {_goal(problem)}",
            )
        record.add(f"{prefix}{how}", sp.Integer(0) if problem.relation is sp.Equality else case.expression)
    return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))


def _resolve_absolute_values(case: _Case, problem: Problem, normaliser: SumNormaliser) -> _Case:
    """Replace |u| by u or -u where the sign of u can be established (innermost first)."""
    expression = case.expression
    for absolute in sorted(expression.atoms(sp.Abs), key=lambda a: sp.count_ops(a)):
        inner = absolute.args[0]
        for relation, value in ((sp.GreaterThan, inner), (sp.LessThan, -inner)):
            probe = replace(problem, relation=relation, lhs=inner, rhs=sp.Integer(0))
            if _sign_of_case(_Case(case.label, inner, case.distinct), probe, normaliser, {}) is not None:
                expression = expression.xreplace({absolute: value})
                break
    return case if expression == case.expression else _Case(case.label, expression, case.distinct)


class _TooManyCasesError(Exception):
    pass


@dataclass(frozen=True)
class _Case:
    """One branch of the Kronecker-delta case split: its expression and what it assumes."""

    label: str
    expression: sp.Basic
    distinct: frozenset[frozenset[sp.Basic]]


def _free_deltas(expression: sp.Basic, ranges: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]) -> list[sp.KroneckerDelta]:
    return sorted(
        (d for d in expression.atoms(sp.KroneckerDelta) if all(a in ranges or a.is_Integer for a in d.args)),
        key=sp.default_sort_key,
    )


def _cases(
    residual: sp.Basic,
    normaliser: SumNormaliser,
    distinct: set[frozenset[sp.Basic]],
    record: _Recorder,
) -> list[_Case]:
    """Normalise, then split on each Kronecker delta between free indices."""
    normal = normaliser.normalise(residual)
    record.add(
        "Evaluate sums against Kronecker deltas, pull out factors independent of the "
        "summation index, apply the sum hypotheses",
        normal,
    )
    return _split(residual, normal, normaliser, frozenset(distinct), record, "", 0)


def _split(
    residual: sp.Basic,
    normal: sp.Basic,
    normaliser: SumNormaliser,
    distinct: frozenset[frozenset[sp.Basic]],
    record: _Recorder,
    label: str,
    depth: int,
) -> list[_Case]:
    """Split ``normal`` (the normal form of ``residual``) on its first free Kronecker delta.

    The unequal case sets the delta to 0; the equal case substitutes one index for the
    other in ``residual`` and normalises again. Both are identities under their case.
    """
    for delta in _free_deltas(normal, normaliser.ranges):
        if frozenset(delta.args) in distinct:
            normal = normal.xreplace({delta: sp.Integer(0)})
    deltas = _free_deltas(normal, normaliser.ranges)
    if not deltas:
        return [_Case(label, normal, distinct)]
    if depth > 6:
        raise _TooManyCasesError
    delta = deltas[0]
    a, b = delta.args
    joiner = ", " if label else ""
    drop, keep = _merge(a, b)
    equal_label = f"{label}{joiner}case {a} = {b}"
    record.add(f"Case {a} = {b}: substitute {drop} -> {keep}", None)
    equal_residual = residual.xreplace({drop: keep})
    equal_distinct = frozenset(frozenset(keep if x == drop else x for x in pair) for pair in distinct)
    cases = _split(
        equal_residual,
        normaliser.normalise(equal_residual),
        normaliser,
        equal_distinct,
        record,
        equal_label,
        depth + 1,
    )
    unequal_label = f"{label}{joiner}case {a} != {b}"
    cases += _split(
        residual,
        normal.xreplace({delta: sp.Integer(0)}),
        normaliser,
        distinct | {frozenset((a, b))},
        record,
        unequal_label,
        depth + 1,
    )
    if len(cases) > MAX_CASES:
        raise _TooManyCasesError
    return cases


def _merge(a: sp.Basic, b: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
    """In the case a = b, which symbol to replace by which: keep numbers and declared indices."""
    if b.is_Integer or (a.is_Symbol and a.name.startswith("hot_")):
        return a, b
    return b, a


def _sign_of_case(
    case: _Case, problem: Problem, normaliser: SumNormaliser, substitutions: dict[sp.Basic, sp.Basic]
) -> str | None:
    """Establish the needed sign, first as is, then with sums split around free indices."""
    how = _univariate_sign(case.expression, problem)
    if how is not None:
        return how
    expression = case.expression.xreplace(substitutions) if substitutions else case.expression
    forms = list(_sign_forms(expression, case, problem, normaliser))
    # Every form with the cheap steps first: simplifying a form that fails costs more
    # than all the cheap attempts together.
    for thorough in (False, True):
        for form, explain in forms:
            how = _has_sign(form, problem.relation, thorough=thorough)
            if how is not None:
                return explain(how)
    return _sign_through_log(expression, case, problem, normaliser)


def _sign_forms(
    expression: sp.Basic, case: _Case, problem: Problem, normaliser: SumNormaliser
) -> Iterator[tuple[sp.Basic, Callable[[str], str]]]:
    """Forms whose sign implies the expression's: itself, then with sums split and bounded."""
    yield expression, lambda how: how
    split = _split_off_free_terms(expression, case, problem, normaliser)
    if split is not None:
        yield split, lambda how: f"writing each sum as its terms at the free indices plus a rest >= 0, {how}"
        for side, words in (
            ("upper", "at most the square of the rest"),
            ("lower", "at least the square of the rest over its count"),
        ):
            bounded_rests = _split_off_free_terms(expression, case, problem, normaliser, squares=side)
            if bounded_rests is not None:
                yield bounded_rests, functools.partial(_with_bounded_rests, words)
    bounded = _power_sums_bounded(expression, normaliser)
    if bounded is not None:
        for form in (bounded, _split_off_free_terms(bounded, case, problem, normaliser)):
            if form is not None:
                yield form, lambda how: f"with Σ g^2 = (Σ g)^2 - R, R >= 0, for sums of terms g >= 0: {how}"


def _with_bounded_rests(words: str, how: str) -> str:
    return (
        "writing each sum as its terms at the free indices plus a rest, the rest of a sum of squares "
        f"being {words}, {how}"
    )


def _power_sums_bounded(expression: sp.Basic, normaliser: SumNormaliser) -> sp.Basic | None:
    """Σ_m g(m)^2 = (Σ_m g(m))^2 - R with R >= 0 (the cross terms), for g >= 0 over one range.

    Only a sign claim uses it: R stands for any value >= 0, which only strengthens the
    claim, so a sign shown after is shown before.
    """
    sums = {atom: template for atom, template in normaliser.atoms.items() if isinstance(atom, sp.Symbol)}
    replacements: dict[sp.Basic, sp.Basic] = {}
    for square_atom, square_sum in sums.items():
        if square_atom not in expression.free_symbols:
            continue
        for atom, summation in sums.items():
            if atom is square_atom or summation.limits != square_sum.limits:
                continue
            if summation.function.is_nonnegative and sp.expand(summation.function**2 - square_sum.function) == 0:
                rest = sp.Symbol(f"R_{square_atom.name}", nonnegative=True)
                replacements[square_atom] = atom**2 - rest
                break
    return expression.xreplace(replacements) if replacements else None


def _sign_through_log(expression: sp.Basic, case: _Case, problem: Problem, normaliser: SumNormaliser) -> str | None:
    """log(A) + B has the sign of A - exp(-B), for A > 0: log is increasing."""
    terms = sp.Add.make_args(sp.expand(expression))
    logs = [t for t in terms if isinstance(t, sp.log)]
    if len(logs) != 1 or not logs[0].args[0].is_positive:
        return None
    rest = sp.Add(*[t for t in terms if t is not logs[0]])
    if rest.has(sp.log):
        return None
    compared = logs[0].args[0] - sp.exp(-rest)
    how = _sign_of_case(_Case(case.label, compared, case.distinct), problem, normaliser, {})
    if how is None:
        return None
    return f"log is increasing, so the sign is that of {to_text(normaliser.restore(compared))}: {how}"


def _termwise_sign(residual: sp.Basic, problem: Problem) -> str | None:
    """A sum of terms that each have the needed sign has it too (a sum has >= 1 term).

    Each entry indexed by the bound index becomes a free scalar of its vector's domain
    (binary entries are split into 0 and 1), so the sign of one term is a claim about
    scalars.
    """
    coefficient, summation = residual.as_independent(sp.Sum, as_Add=False)
    if not isinstance(summation, sp.Sum) or len(summation.limits) != 1 or not coefficient.is_positive:
        return None
    ((bound, low, high),) = summation.limits
    if not (low == 1 and sp.sympify(high).is_positive):
        return None
    body = summation.function
    entries: dict[sp.Basic, sp.Symbol] = {}
    binary: list[sp.Symbol] = []
    for indexed in body.atoms(sp.Indexed):
        if indexed.indices != (bound,):
            return None
        declaration = next((d for d in problem.declarations if d.name == str(indexed.base.label)), None)
        if declaration is None or declaration.domain is None or declaration.domain.is_vector_only:
            return None
        entries[indexed] = sp.Symbol(f"{declaration.name}_term", **declaration.domain.assumptions)
        if declaration.domain is Domain.BINARY:
            binary.append(entries[indexed])
    term = body.xreplace(entries)
    if term.has(bound):
        return None
    for bits in itertools.product((0, 1), repeat=len(binary)):
        instance = term.xreplace({b: sp.Integer(v) for b, v in zip(binary, bits, strict=True)})
        if _has_sign(instance, problem.relation) is None:
            return None
    return f"Every term of the sum has sign {_goal(problem)}, so the sum (of at least one term) has it"


def _univariate_sign(expression: sp.Basic, problem: Problem) -> str | None:
    """The sign of a function of one declared real scalar, by exact root isolation."""
    if problem.relation is sp.Equality or len(expression.free_symbols) != 1:
        return None
    (variable,) = expression.free_symbols
    declaration = next((d for d in problem.declarations if d.symbol == variable), None)
    if declaration is not None:
        interval = scalar_interval(declaration, problem.assumptions)
    elif variable.is_positive:  # a reparametrised (0, 1) variable
        interval = Interval(low=sp.Integer(0))
    else:
        interval = Interval() if variable.is_real else None
    if interval is None:
        return None
    needed = SIGN_NEEDED[problem.relation][1].replace(" ", "")
    how = sign_on_interval(expression, variable, interval, needed)
    if how is None:
        how = sign_by_monotonicity(expression, variable, interval, needed)
    return how


def _split_off_free_terms(
    expression: sp.Basic, case: _Case, problem: Problem, normaliser: SumNormaliser, *, squares: str | None = None
) -> sp.Basic | None:
    """Σ_m g(m) = g(i) + g(k) + R with R >= 0, for pairwise distinct free indices i, k in range.

    Sound for summands >= 0: the rest is a sum of summands. R > 0 when the size's
    declared minimum leaves at least one more term and the summands are positive.
    """
    replacements: dict[sp.Basic, sp.Basic] = {}
    rests: dict[sp.Basic, tuple[sp.Symbol, tuple[sp.Basic, ...]]] = {}
    for atom, summation in normaliser.atoms.items():
        if not isinstance(atom, sp.Symbol) or atom not in expression.free_symbols:
            continue
        ((bound, low, high),) = summation.limits
        body = summation.function
        if not (body.is_nonnegative and low == 1):
            continue
        present = [
            s
            for s in expression.free_symbols | _index_symbols(expression)
            if s in normaliser.ranges and normaliser.ranges[s][1] == high
        ]
        chosen = _pairwise_distinct(sorted(present, key=lambda s: s.name), case.distinct)
        if not chosen:
            continue
        minimum = _size_minimum(problem, high)
        positive = body.is_positive and minimum is not None and minimum > len(chosen)
        rest = sp.Symbol(f"R_{atom.name}", positive=True) if positive else sp.Symbol(f"R_{atom.name}", nonnegative=True)
        replacements[atom] = sp.Add(*[body.xreplace({bound: c}) for c in chosen]) + rest
        rests[atom] = (rest, tuple(chosen))
    if not replacements:
        return None
    split = expression.xreplace(replacements)
    if not squares:
        return split
    # The rest of Σ g^2 against the rest r of Σ g over the same n terms (g >= 0):
    # r^2 / n <= rest(g^2) <= r^2 (power means). "upper" uses the right bound, "lower" the left.
    bounds: dict[sp.Basic, sp.Basic] = {}
    sizes: dict[sp.Basic, sp.Basic] = {}
    for square_atom, (square_rest, square_chosen) in rests.items():
        square_template = normaliser.atoms[square_atom]
        ((bound, low, high),) = square_template.limits
        rests_of_base = [
            atom_rest
            for atom, (atom_rest, atom_chosen) in rests.items()
            if atom is not square_atom
            and atom_chosen == square_chosen
            and normaliser.atoms[atom].limits == square_template.limits
            and normaliser.atoms[atom].function.is_nonnegative
            and sp.expand(normaliser.atoms[atom].function ** 2 - square_template.function) == 0
        ]
        for unit in normaliser.unit_sums:  # a simplex sums to 1: its rest is 1 minus the split-off terms
            base = unit.function.xreplace({unit.limits[0][0]: bound})
            if (
                unit.limits[0][1:] == square_template.limits[0][1:]
                and sp.expand(base**2 - square_template.function) == 0
            ):
                rests_of_base.append(1 - sp.Add(*[base.xreplace({bound: c}) for c in square_chosen]))
        if not rests_of_base:
            continue
        slack = sp.Symbol(f"C_{square_atom.name}", nonnegative=True)
        if squares == "upper":
            bounds[square_rest] = rests_of_base[0] ** 2 - slack
            continue
        count = high - low + 1 - len(square_chosen)
        if not count.is_number:
            minimum = _size_minimum(problem, high)
            if not (low == 1 and high.is_Symbol and minimum is not None and minimum > len(square_chosen)):
                continue
            terms = sp.Symbol(f"n_{high}", positive=True, integer=True)
            sizes[high] = terms + len(square_chosen)
            count = terms
        if not count.is_positive:
            continue
        bounds[square_rest] = rests_of_base[0] ** 2 / count + slack
    if not bounds:
        return None
    return split.xreplace(bounds).xreplace(sizes)


def _index_symbols(expression: sp.Basic) -> set[sp.Basic]:
    found: set[sp.Basic] = set()
    for indexed in expression.atoms(sp.Indexed):
        for index in indexed.indices:
            found |= index.free_symbols
    return found


def _pairwise_distinct(candidates: list[sp.Basic], distinct: frozenset[frozenset[sp.Basic]]) -> list[sp.Basic]:
    """The largest prefix-greedy set of indices known pairwise distinct in this case."""
    chosen: list[sp.Basic] = []
    for candidate in candidates:
        if all(frozenset((candidate, c)) in distinct for c in chosen):
            chosen.append(candidate)
    return chosen


def _size_minimum(problem: Problem, size: sp.Basic) -> int | None:
    if size.is_Integer:
        return int(size)
    for declaration in problem.declarations:
        if declaration.kind is Kind.SIZE and declaration.symbol == size:
            return declaration.minimum
    return None


# -- strategy 2: fixed sizes ----------------------------------------------------------


def _prove_fixed(problem: Problem, size: Declaration, sizes: tuple[int, ...]) -> ProofAttempt:
    record = _Recorder()
    record.add(f"Write the claim out at fixed sizes {size.name} and check every index assignment")
    proved: list[int] = []
    for n in sizes:
        if n < size.minimum:
            continue
        ok, detail = _prove_at_size(problem, n)
        if not ok:
            # A size that does not reduce makes the smaller ones no evidence for a scope.
            return ProofAttempt(proof=None, failure=f"fixed sizes: {detail}")
        proved.append(n)
        record.add(f"{size.name} = {n}: {detail}")
    if not proved:
        return ProofAttempt(proof=None, failure=f"fixed sizes: no size >= {size.minimum} in {sizes}")
    return ProofAttempt(proof=Proof(scope=Scope(sizes=tuple(proved)), method="fixed sizes", steps=record.steps))


def _prove_at_size(problem: Problem, n: int) -> tuple[bool, str]:
    import numpy as np

    cases = assignments(problem.declarations, problem.assumptions, np.random.default_rng(0), (n,), exhaustive=True)
    if not cases:
        return True, "no index assignment satisfies the hypotheses"
    count = 0
    for assignment in cases:
        instance = Instance(problem.declarations, assignment)
        residual = _differentiate(instance.concrete(_residual(problem)))
        conditions = [instance.concrete(a) for a in problem.assumptions]
        for variant in _domain_variants(problem, instance):
            if any(c.xreplace(variant) in (sp.false, False) for c in conditions):
                continue  # this one-hot or binary choice violates a hypothesis
            instance_residual = residual.xreplace(variant)
            count += 1
            if problem.relation is sp.Equality:
                ok = _is_zero(instance_residual) is not None
            else:
                ok = _has_sign(instance_residual, problem.relation) is not None
            if not ok:
                return False, f"could not reduce the instance {assignment.describe()} to {_goal(problem)}"
    return True, f"{count} instance(s), each reduced to {_goal(problem)}"


def _domain_variants(problem: Problem, instance: Instance) -> list[dict[sp.Basic, sp.Basic]]:
    """Substitutions that encode the vector-wide domains exactly at this size."""
    base: dict[sp.Basic, sp.Basic] = {}
    from verifier.instances import entry_symbol

    for declaration in problem.declarations:
        if declaration.domain is Domain.SIMPLEX:
            (n,) = instance.shape(declaration)
            entries = [entry_symbol(declaration, (i,)) for i in range(1, n + 1)]
            base[entries[-1]] = 1 - sp.Add(*entries[:-1])
    variants: list[dict[sp.Basic, sp.Basic]] = []
    binaries = [
        entry
        for declaration in problem.declarations
        if declaration.domain is Domain.BINARY
        for entry in _entries(declaration, instance)
    ]
    if len(binaries) > MAX_BINARY_ENTRIES:
        binaries = []
    for hot in instance.onehot_positions():
        for bits in itertools.product((0, 1), repeat=len(binaries)):
            variant = dict(base)
            variant.update({s: sp.Integer(int(v)) for s, v in hot.items()})
            variant.update({s: sp.Integer(b) for s, b in zip(binaries, bits, strict=True)})
            variants.append(variant)
    return variants


def _entries(declaration: Declaration, instance: Instance) -> list[sp.Symbol]:
    if declaration.kind is Kind.SCALAR:
        return [declaration.symbol]
    from verifier.instances import entry_symbol

    return [
        entry_symbol(declaration, position)
        for position in itertools.product(*(range(1, n + 1) for n in instance.shape(declaration)))
    ]


# -- values within a tolerance ---------------------------------------------------------


def _prove_value(problem: Problem) -> ProofAttempt:
    """|lhs - rhs| <= tolerance for a closed-form constant, by evaluation at 50 digits."""
    assert problem.tolerance is not None
    difference = _differentiate(_residual(problem))
    record = _Recorder()
    record.add(f"To show: |lhs - rhs| <= {problem.tolerance}", difference)
    if difference.free_symbols:
        gap = problem.tolerance - sp.Abs(difference)
        how = _has_sign(gap, sp.GreaterThan)
        if how is None:
            return ProofAttempt(proof=None, failure="value: could not bound |lhs - rhs| symbolically")
        record.add(f"tolerance - |lhs - rhs| >= 0: {how}", gap)
        return ProofAttempt(proof=Proof(scope=Scope(), method="symbolic", steps=record.steps))
    value = sp.N(difference, DIGITS)
    if not value.is_real:
        return ProofAttempt(proof=None, failure=f"value: lhs - rhs is not a real number ({value})")
    margin = problem.tolerance - abs(value)
    if margin <= sp.Float(10, DIGITS) ** -(DIGITS - 10):
        return ProofAttempt(proof=None, failure="value: |lhs - rhs| is not within the tolerance")
    record.add(
        f"Evaluate lhs - rhs at {DIGITS} significant digits: |{sp.N(value, 12)}| <= {problem.tolerance}",
        None,
    )
    return ProofAttempt(proof=Proof(scope=Scope(), method=f"evaluation at {DIGITS} digits", steps=record.steps))
