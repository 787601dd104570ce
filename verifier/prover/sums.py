"""Sums of symbolic length, made tractable: the normal form the symbolic-size prover uses.

SymPy alone fails on ``Sum(..., (m, 1, K))`` with K symbolic (``simplify`` crashes in
``sum_simplify``, SymPy issue 14570; a hypothesis Σ t = 1 does not substitute when the
bound index has another name). The normal form, built innermost sum first:

1. expand the summand (products, powers of exp, logs of positive factors);
2. split the sum over the terms of the summand (linearity);
3. pull factors that do not depend on the bound index out of each sum;
4. evaluate a sum against a Kronecker delta, Σ_m f(m) δ(m, c) = f(c), when c is known
   to lie in the summation range;
5. rename the bound index canonically, so that equal sums compare equal, and apply the
   sum hypotheses (a simplex sums to 1; Σ_m 1 = K);
6. replace each remaining sum by an atom: a ``Dummy`` (or a function of the free indices
   it depends on, unequal to any other function) that carries the sum's sign. Over an
   empty range (upper limit below the lower, as the numeric side reads it) a sum is 0:
   an atom is positive only when its range is known not to be empty.

Every rewrite is an identity on the declared domain, so an expression that simplifies to
zero in the atoms is zero (the atoms standing for independent values only makes the
statement stronger). A non-zero normal form proves nothing either way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sympy as sp

from verifier.language.functions import vmax, vmin

__all__ = ["SumNormaliser"]

# The prover's own symbols are Dummies: no name in a claim can capture them.
CANONICAL_INDEX = sp.Dummy("ι", integer=True)
# Sums with numeric limits and at most this many terms are written out.
MAX_WRITTEN_TERMS = 32


@dataclass
class SumNormaliser:
    """Rewrites sums into atoms; remembers what each atom stands for.

    ``ranges`` maps every index-like symbol (declared indices, hot positions of one-hot
    vectors) to its range (low, high). ``unit_sums`` holds canonical sums known to be 1.
    """

    ranges: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]
    unit_sums: set[sp.Sum] = field(default_factory=set)
    atoms: dict[sp.Basic, sp.Sum] = field(default_factory=dict)
    _by_sum: dict[sp.Sum, sp.Basic] = field(default_factory=dict)

    def canonical(self, summation: sp.Sum) -> sp.Sum:
        """The sum with its bound index renamed to a fixed symbol, so equal sums compare equal.

        Inner sums are atoms by the time an outer sum is made canonical, so one name
        serves every depth.
        """
        ((bound, low, high),) = summation.limits
        return sp.Sum(summation.function.xreplace({bound: CANONICAL_INDEX}), (CANONICAL_INDEX, low, high))

    def normalise(self, expression: sp.Basic) -> sp.Basic:
        """The normal form of ``expression``: sums evaluated, split, or made atoms."""
        if isinstance(expression, vmax | vmin):
            return expression  # Max(v) of a symbolic-length vector: an opaque real number
        if not expression.has(sp.Sum):
            return _expand(expression)
        if isinstance(expression, sp.Sum):
            return self._normalise_sum(expression)
        rebuilt = expression.func(*[self.normalise(a) for a in expression.args])
        # Conditions of a Piecewise (And, relations) are rebuilt, not expanded.
        return _expand(rebuilt) if isinstance(rebuilt, sp.Expr) else rebuilt

    def _normalise_sum(self, summation: sp.Sum) -> sp.Basic:
        # Sum(f, inner..., outer): the last range is the outermost (SymPy's order), and
        # SymPy merges a Sum of a Sum into one such Sum. The sum over the inner ranges is
        # the outer sum's summand, normalised knowing the outer index's range.
        *inner_limits, (bound, low, high) = summation.limits
        summand = sp.Sum(summation.function, *inner_limits) if inner_limits else summation.function
        if low.is_Integer and high.is_Integer and int(high) - int(low) < MAX_WRITTEN_TERMS:
            # A sum of a few numbered terms is just their addition.
            terms = [summand.xreplace({bound: sp.Integer(v)}) for v in range(int(low), int(high) + 1)]
            return self.normalise(sp.Add(*terms))
        ranges = {**self.ranges, bound: (low, high)}
        inner = SumNormaliser(ranges, self.unit_sums, self.atoms, self._by_sum)
        body = inner.normalise(summand)
        total = sp.Integer(0)
        for term in sp.Add.make_args(sp.expand(body)):
            total += self._sum_of_term(term, bound, low, high)
        return _expand(total)

    def _sum_of_term(self, term: sp.Expr, bound: sp.Symbol, low: sp.Expr, high: sp.Expr) -> sp.Expr:
        outside: list[sp.Expr] = []
        inside: list[sp.Expr] = []
        for factor in sp.Mul.make_args(term):
            (inside if factor.has(bound) else outside).append(factor)
        constant = sp.Mul(*outside)
        if not inside:
            count = high - low + 1
            if not _known_nonnegative(count):
                # Σ_{m=3}^{K} 1 is K - 2 only when K >= 2; an empty sum is 0, not negative.
                return constant * self._atom(sp.Sum(sp.Integer(1), (bound, low, high)))
            return constant * count
        for i, factor in enumerate(inside):
            if isinstance(factor, sp.KroneckerDelta) and bound in factor.args:
                other = factor.args[0] if factor.args[1] == bound else factor.args[1]
                if other.has(bound) or not self._within(other, low, high):
                    continue
                rest = sp.Mul(*(inside[:i] + inside[i + 1 :]))
                return constant * rest.xreplace({bound: other})
        body = sp.Mul(*inside)
        return constant * self._atom(sp.Sum(body, (bound, low, high)))

    def _within(self, index: sp.Expr, low: sp.Expr, high: sp.Expr) -> bool:
        """Whether ``low <= index <= high`` is known from the ranges."""
        if index.is_Integer:
            index_low = index_high = index
        elif index in self.ranges:
            index_low, index_high = self.ranges[index]
        else:
            return False
        return _known_nonnegative(index_low - low) and _known_nonnegative(high - index_high)

    def _atom(self, summation: sp.Sum) -> sp.Basic:
        """The atom standing for this sum; sums differing only in free indices share one.

        Σ_ι w[m, ι] a[ι] and Σ_ι w[j, ι] a[ι] are one function Σ1 at m and at j, so
        that a sum over m of terms in Σ1(m), evaluated at m = j, meets Σ1(j) again.
        """
        canonical = self.canonical(summation)
        if canonical in self.unit_sums:
            return sp.Integer(1)
        arguments = _first_appearance(canonical.function, [s for s in canonical.free_symbols if s in self.ranges])
        placeholders = [_placeholder(i) for i in range(len(arguments))]
        template = canonical.xreplace(dict(zip(arguments, placeholders, strict=True)))
        generic = self._by_sum.get(template)
        if generic is None:
            generic = self._new_atom(template, placeholders)
        return generic.xreplace(dict(zip(placeholders, arguments, strict=True)))

    def _new_atom(self, template: sp.Sum, placeholders: list[sp.Symbol]) -> sp.Basic:
        body = template.function
        ((_, low, high),) = template.limits
        # A sum of positive terms is positive only when it has a term: its range is not empty.
        nonempty = _known_nonnegative(high - low)
        sign: dict[str, bool] = {}
        if body.is_positive and nonempty:
            sign = {"positive": True}
        elif body.is_nonnegative or body.is_positive:
            sign = {"nonnegative": True}
        elif body.is_real:
            sign = {"real": True}
        name = f"Σ{len(self.atoms) + 1}"
        generic: sp.Basic
        if placeholders:
            # A function of the free indices; the private tag makes it unequal to any other Σ1.
            generic = sp.Function(name, **sign, prover_atom=sp.Dummy())(*placeholders)
        else:
            generic = sp.Dummy(name, **sign)
        self.atoms[generic] = template
        self._by_sum[template] = generic
        return generic

    def linear_groups(self, expression: sp.Basic) -> tuple[sp.Basic, list[sp.Basic]]:
        """``expression`` as rest + Σ over groups of one sum each: the summands of the groups.

        Lemma (linearity): c_1 Σ_ι f_1(ι) + ... + c_n Σ_ι f_n(ι) = Σ_ι (c_1 f_1(ι) + ... + c_n f_n(ι))
        when the sums share their range and no c_k depends on ι; a sum whose summand is
        identically 0 is 0. Terms that are not a coefficient times one sum atom stay in the rest.
        """
        rest, groups = self.range_groups(expression)
        return rest, list(groups.values())

    def range_groups(self, expression: sp.Basic) -> tuple[sp.Basic, dict[tuple[sp.Basic, sp.Basic], sp.Basic]]:
        """``linear_groups`` with each group's summand keyed by its range (low, high); bound index ``ι``."""
        rest: list[sp.Basic] = []
        groups: dict[tuple[sp.Basic, sp.Basic], list[sp.Basic]] = {}
        for term in sp.Add.make_args(sp.expand(expression)):
            found = [(atom, template) for atom in _atoms_in(term, self.atoms) if (template := self._template(atom))]
            if len(found) != 1:
                rest.append(term)
                continue
            ((atom, template),) = found
            coefficient = term / atom
            if coefficient.has(atom) or _atoms_in(coefficient, self.atoms):
                rest.append(term)
                continue
            ((_, low, high),) = template.limits
            groups.setdefault((low, high), []).append(coefficient * template.function)
        return sp.Add(*rest), {limits: sp.Add(*summands) for limits, summands in groups.items()}

    def _template(self, atom: sp.Basic) -> sp.Sum | None:
        """The sum an atom stands for, at its own free indices."""
        if atom in self.atoms:
            return self.atoms[atom]
        for generic, template in self.atoms.items():
            if not isinstance(generic, sp.Symbol) and generic.func == atom.func:
                return template.xreplace(dict(zip(generic.args, atom.args, strict=True)))
        return None

    def restore(self, expression: sp.Basic) -> sp.Basic:
        """Replace atoms by the sums they stand for (for printing); newest atoms first."""
        for generic, template in reversed(self.atoms.items()):
            if isinstance(generic, sp.Symbol):
                expression = expression.xreplace({generic: template})
            else:
                expression = expression.replace(
                    generic.func,
                    lambda *args, generic=generic, template=template: template.xreplace(
                        dict(zip(generic.args, args, strict=True))
                    ),
                )
        return expression


@functools.cache
def _placeholder(position: int) -> sp.Dummy:
    """The same placeholder for a position every time, so that equal templates compare equal."""
    return sp.Dummy(f"α{position}", integer=True)


def _atoms_in(expression: sp.Basic, atoms: dict[sp.Basic, sp.Sum]) -> set[sp.Basic]:
    """The sum atoms (symbols, or functions at free indices) that occur in ``expression``."""
    functions = {generic.func for generic in atoms if not isinstance(generic, sp.Symbol)}
    found = {a for a in expression.atoms(sp.Symbol) if a in atoms}
    found |= {f for f in expression.atoms(sp.Function) if f.func in functions}
    return found


def _first_appearance(expression: sp.Basic, symbols: list[sp.Basic]) -> list[sp.Basic]:
    """The symbols in the order a structural traversal first meets them."""
    order: list[sp.Basic] = []
    for node in sp.preorder_traversal(expression, keys=sp.default_sort_key):
        if node in symbols and node not in order:
            order.append(node)
    return order + [s for s in symbols if s not in order]


def _known_nonnegative(expression: sp.Expr) -> bool:
    return sp.expand(expression).is_nonnegative is True


def _expand(expression: sp.Basic) -> sp.Basic:
    """Expand products and exp of sums, and logs of products of positive factors."""
    try:
        expression = sp.expand_log(expression, force=False)
        expression = sp.expand(expression, power_exp=True, power_base=False, log=False, multinomial=True)
    except AttributeError:
        return expression  # SymPy cannot expand a Piecewise whose pieces hold sums: leave it
    # δ**n = δ for n >= 1: a Kronecker delta is 0 or 1.
    return expression.replace(
        lambda e: e.is_Pow and isinstance(e.base, sp.KroneckerDelta) and e.exp.is_Integer and e.exp > 0,
        lambda e: e.base,
    )
