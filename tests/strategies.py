"""Shared hypothesis strategies: instances whose truth is known by construction.

The prover's tactics are tested against ground truth, never against themselves: a
rational function is built from chosen roots (rational, close pairs down to 1e-12 apart,
algebraic ones, 0, large magnitudes, multiplicities 1..3) over a positive denominator, so
its sign on any interval follows from the roots' order alone (``KnownSign.signs_on``);
interval ends are chosen at roots, next to them, and at algebraic and transcendental
numbers. Comparisons between the exact numbers involved are made at 100 significant digits
(SymPy's ``evalf`` in strict mode, which raises rather than guess); by construction,
distinct ones are at least 1e-15 apart relative to their size.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ORACLE_DIGITS = 100
RELATIONS = {">=0": sp.GreaterThan, ">0": sp.StrictGreaterThan, "<=0": sp.LessThan, "<0": sp.StrictLessThan}
NEEDED = tuple(RELATIONS)


def exact_sign(value: sp.Expr) -> int:
    """The sign of an exact constant built by these strategies (they keep distinct numbers far apart)."""
    value = sp.sympify(value)
    if value.is_Rational:
        return int(sp.sign(value))
    if value == 0 or sp.expand(value) == 0:  # ends are chosen as the very root objects
        return 0
    # evalf works to relative precision and says when it cannot reach it (strict)
    approximate = value.evalf(ORACLE_DIGITS, strict=True, maxn=2000)
    return 1 if approximate > 0 else -1


def holds(sign: int, needed: str) -> bool:
    """Whether a value of this sign satisfies '>= 0', '> 0', '<= 0' or '< 0'."""
    return {">=0": sign >= 0, ">0": sign > 0, "<=0": sign <= 0, "<0": sign < 0}[needed]


def explore(strategy: st.SearchStrategy, check, *, examples: int) -> list:  # type: ignore[type-arg, no-untyped-def]
    """``check`` on ``examples`` generated values (derandomized, no shrinking): its results in order.

    A check that fails fails here, with its example; the results let a test also measure
    how often a tactic succeeds (its power), which a plain property cannot.
    """
    results = []

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value):  # type: ignore[no-untyped-def]
        results.append(check(value))

    run()
    return results


def power(results: list[tuple[bool, bool]]) -> tuple[int, float]:
    """From (true, proved) pairs: how many true claims there were, and the share proved."""
    proved = [p for true, p in results if true]
    return len(proved), (sum(proved) / len(proved) if proved else 0.0)


# -- exact numbers ------------------------------------------------------------------------


@st.composite
def rationals(draw: st.DrawFn, *, smallest: int = -6, largest: int = 6, signed: bool = True) -> sp.Rational:
    """A rational of log-scale magnitude 10**smallest .. 10**largest (or 0), with a short fraction."""
    if draw(st.integers(0, 9)) == 0:
        return sp.Integer(0)
    exponent = draw(st.integers(smallest, largest))
    mantissa = sp.Rational(draw(st.integers(1, 99)), draw(st.integers(1, 9)))
    sign = draw(st.sampled_from((1, -1))) if signed else 1
    return sign * mantissa * sp.Rational(10) ** exponent


def near(value: sp.Expr, exponent: int, side: int) -> sp.Rational:
    """A rational 10**-exponent (relative) away from value, on the given side."""
    base = value if value.is_Rational else sp.Rational(sp.N(value, 40))
    scale = abs(base) if base != 0 else sp.Integer(1)
    return base + side * scale * sp.Rational(1, 10**exponent)


# -- rational functions with known roots --------------------------------------------------


@dataclass(frozen=True)
class KnownSign:
    """c * prod (t - r)**m / D(t), with every real root r of the numerator known and D > 0."""

    roots: tuple[tuple[sp.Expr, int], ...]
    """Each distinct real root (exact) with its multiplicity."""
    numerator_factors: tuple[tuple[sp.Expr, int], ...]
    """The factors of the numerator as polynomials in ``T``, with their powers."""
    leading: sp.Rational
    denominator: sp.Expr
    """A polynomial in ``T`` that is positive on the whole line (or on t > 0)."""

    def expression(self, t: sp.Symbol) -> sp.Expr:
        numerator = self.leading * sp.Mul(
            *[factor.xreplace({T: t}) ** power for factor, power in self.numerator_factors]
        )
        return numerator / self.denominator.xreplace({T: t})

    def signs_on(self, low: sp.Expr | None, high: sp.Expr | None, low_closed: bool, high_closed: bool) -> set[int]:
        """The signs the function takes on the interval: from the roots' order alone."""
        ordered = sorted({r for r, _ in self.roots}, key=lambda r: sp.N(r, ORACLE_DIGITS))
        signs: set[int] = set()
        for left, right in itertools.pairwise([None, *ordered, None]):
            if _lt_or_none(_max(left, low), _min(right, high)):
                signs.add(self._sign_between(left, right))
        for root in ordered:
            inside = (low is None or _lt(low, root) or (low_closed and _eq(low, root))) and (
                high is None or _lt(root, high) or (high_closed and _eq(root, high))
            )
            if inside:
                signs.add(0)
        return signs

    def _sign_between(self, left: sp.Expr | None, right: sp.Expr | None) -> int:
        sign = int(sp.sign(self.leading))
        for root, multiplicity in self.roots:
            below = right is not None and not _lt(root, right)  # the root is at or beyond the piece's right end
            if below:
                sign *= (-1) ** multiplicity
        return sign


T = sp.Symbol("T", real=True)


def _eq(a: sp.Expr, b: sp.Expr) -> bool:
    return exact_sign(a - b) == 0


def _lt(a: sp.Expr, b: sp.Expr) -> bool:
    return exact_sign(b - a) > 0


def _lt_or_none(a: sp.Expr | None, b: sp.Expr | None) -> bool:
    return a is None or b is None or _lt(a, b)


def _max(a: sp.Expr | None, b: sp.Expr | None) -> sp.Expr | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _lt(a, b) else a


def _min(a: sp.Expr | None, b: sp.Expr | None) -> sp.Expr | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _lt(a, b) else b


@st.composite
def known_signs(draw: st.DrawFn, *, positive_roots: bool = False) -> KnownSign:
    """A rational function with chosen real roots: rational ones (some in pairs down to 1e-12
    apart, some large, some tiny), ±sqrt(d), 0; multiplicities 1..3; a positive denominator."""
    roots: dict[sp.Expr, int] = {}
    factors: list[tuple[sp.Expr, int]] = []

    def add(root: sp.Expr, factor: sp.Expr, multiplicity: int) -> None:
        if root in roots:
            return
        roots[root] = multiplicity
        factors.append((factor, multiplicity))

    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("rational", "pair", "algebraic", "zero", "tiny")))
        multiplicity = draw(st.integers(1, 3))
        if kind == "zero":
            add(sp.Integer(0), T, multiplicity)
            continue
        if kind == "tiny":  # next to 0, which t = exp(x) approaches as x -> -oo
            root = sp.Rational(1, 10 ** draw(st.integers(6, 12)))
            add(root, T - root, multiplicity)
            continue
        if kind == "algebraic":
            d = draw(st.sampled_from((2, 3, 5, 7)))
            scale = draw(st.sampled_from((1, 3, sp.Rational(1, 10))))
            root = scale * sp.sqrt(d)
            if root in roots:
                continue
            roots[root] = multiplicity
            roots[-root] = multiplicity
            factors.append((T**2 - root**2, multiplicity))
            continue
        root = draw(rationals(signed=not positive_roots))
        if positive_roots and root == 0:
            root = sp.Integer(1)
        add(root, T - root, multiplicity)
        if kind == "pair":
            other = near(root, draw(st.integers(3, 12)), draw(st.sampled_from((1, -1))))
            add(other, T - other, draw(st.integers(1, 3)))
    magnitude = sp.Rational(10) ** draw(st.integers(-6, 6))
    leading = draw(st.sampled_from((1, -1))) * magnitude * draw(st.sampled_from((1, 3, sp.Rational(2, 7))))
    denominator = draw(st.sampled_from((sp.Integer(1), T**2 + 1, (T**2 + sp.Rational(1, 10)) ** 2, T**4 + 3)))
    return KnownSign(tuple(roots.items()), tuple(factors), leading, denominator)


@dataclass(frozen=True)
class Interval1:
    """An interval of the variable, ends exact (None: infinite)."""

    low: sp.Expr | None
    high: sp.Expr | None
    low_closed: bool
    high_closed: bool


@st.composite
def end_points(draw: st.DrawFn, instance: KnownSign) -> sp.Expr | None:
    """An interval end: infinite, at a root, next to one, or at a rational, algebraic or transcendental number."""
    roots = [r for r, _ in instance.roots]
    kind = draw(st.sampled_from(("none", "root", "near-root", "rational", "algebraic", "transcendental")))
    if kind == "root" and roots:
        return draw(st.sampled_from(roots))
    if kind == "near-root" and roots:
        return near(draw(st.sampled_from(roots)), draw(st.integers(3, 15)), draw(st.sampled_from((1, -1))))
    if kind == "rational":
        return draw(rationals())
    if kind == "algebraic":
        return draw(st.sampled_from((sp.sqrt(2), -sp.sqrt(3), sp.sqrt(2) / 10, 1 + sp.sqrt(5))))
    if kind == "transcendental":
        return draw(st.sampled_from((sp.exp(2), sp.log(3), -sp.exp(-1), sp.pi / 4)))
    return None


@st.composite
def intervals_for(draw: st.DrawFn, instance: KnownSign) -> Interval1:
    """An interval of x with ends from ``end_points``, low < high, each end open or closed."""
    return _ordered(draw, draw(end_points(instance)), draw(end_points(instance)))


@st.composite
def exponential_intervals_for(draw: st.DrawFn, instance: KnownSign, scale: int) -> tuple[Interval1, Interval1]:
    """An interval of x and its image under t = exp(x/scale): ends at x = scale*log(r) for a
    positive root r (or a number next to one, or an algebraic number), at rational x (a
    transcendental t), at log(3), or infinite (x -> -oo is t -> 0, never reached)."""
    positive = [r for r, _ in instance.roots if exact_sign(r) > 0]

    def end() -> sp.Expr | None:
        kind = draw(st.sampled_from(("none", "root", "near-root", "rational", "algebraic", "log")))
        if kind == "root" and positive:
            return scale * sp.log(draw(st.sampled_from(positive)))
        if kind == "near-root" and positive:
            r = draw(st.sampled_from(positive))
            return scale * sp.log(near(r, draw(st.integers(3, 15)), draw(st.sampled_from((1, -1)))))
        if kind == "rational":
            return draw(rationals(smallest=-3, largest=1))
        if kind == "algebraic":
            return scale * sp.log(draw(st.sampled_from((sp.sqrt(2), sp.sqrt(3) / 10, 1 + sp.sqrt(5)))))
        if kind == "log":
            return sp.log(3)
        return None

    x = _ordered(draw, end(), end())
    low = sp.Integer(0) if x.low is None else sp.exp(x.low / scale)
    high = None if x.high is None else sp.exp(x.high / scale)
    return x, Interval1(low, high, x.low_closed, x.high_closed)


def _ordered(draw: st.DrawFn, low: sp.Expr | None, high: sp.Expr | None) -> Interval1:
    if low is not None and high is not None:
        if _eq(low, high):
            high = None
        elif _lt(high, low):
            low, high = high, low
    low_closed = low is not None and draw(st.booleans())
    high_closed = high is not None and draw(st.booleans())
    return Interval1(low, high, low_closed, high_closed)


# -- points of vector domains -------------------------------------------------------------


def simplex_point(draw: st.DrawFn, size: int) -> list[Fraction]:
    """A point of the open simplex: near-uniform, near one-hot, or with tiny entries."""
    kind = draw(st.sampled_from(("uniform", "random", "spiky")))
    if kind == "uniform":
        return [Fraction(1, size)] * size
    if kind == "spiky":
        tiny = Fraction(1, 10 ** draw(st.integers(2, 12)))
        hot = draw(st.integers(0, size - 1))
        weights = [tiny if i != hot else Fraction(1) for i in range(size)]
    else:
        weights = [Fraction(draw(st.integers(1, 1000))) for _ in range(size)]
    total = sum(weights)
    return [w / total for w in weights]


def real_point(draw: st.DrawFn, size: int) -> list[Fraction]:
    """Real entries on a log scale, with 0 and repeated values."""
    values = []
    for _ in range(size):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            values.append(Fraction(0))
        elif kind == 1 and values:
            values.append(values[-1])
        else:
            sign = draw(st.sampled_from((1, -1)))
            values.append(sign * Fraction(draw(st.integers(1, 999)), 10 ** draw(st.integers(0, 4))))
    return values


# -- strictly monotone functions with a known zero ----------------------------------------


@dataclass(frozen=True)
class Monotone:
    """s * (g(T) - g(zero)) for a strictly increasing g: negative before ``zero``, positive after (s = 1)."""

    expression: sp.Expr
    zero: sp.Expr
    sign: int
    domain_low: sp.Expr | None = None
    """The natural domain's (open) lower end, for log and 1/T."""

    def signs_on(self, low: sp.Expr | None, high: sp.Expr | None, low_closed: bool, high_closed: bool) -> set[int]:
        signs: set[int] = set()
        if low is None or _lt(low, self.zero):
            signs.add(-self.sign)
        if high is None or _lt(self.zero, high):
            signs.add(self.sign)
        inside = (low is None or _lt(low, self.zero) or (low_closed and _eq(low, self.zero))) and (
            high is None or _lt(self.zero, high) or (high_closed and _eq(self.zero, high))
        )
        if inside:
            signs.add(0)
        return signs


@st.composite
def monotone_functions(draw: st.DrawFn) -> Monotone:
    """T - c, (T - c)^3, T^3 - c, exp(T/L) - c, log(T) - q, c - 1/T, tanh(T) - c, sigmoid(T) - c, times ±1."""
    kind = draw(st.sampled_from(("linear", "cube", "cubic", "exp", "log", "reciprocal", "tanh", "sigmoid")))
    c = draw(rationals(smallest=-3, largest=3))
    positive = abs(c) if c != 0 else sp.Rational(1, 7)
    unit = positive / (1 + positive)  # in (0, 1)
    s = draw(st.sampled_from((1, -1)))
    if kind == "linear":
        expression, zero, low = T - c, c, None
    elif kind == "cube":
        expression, zero, low = (T - c) ** 3, c, None
    elif kind == "cubic":
        expression, zero, low = T**3 - positive, positive ** sp.Rational(1, 3), None
    elif kind == "exp":
        scale = draw(st.sampled_from((1, 2)))
        expression, zero, low = sp.exp(T / scale) - positive, scale * sp.log(positive), None
    elif kind == "log":
        expression, zero, low = sp.log(T) - c, sp.exp(c), sp.Integer(0)
    elif kind == "reciprocal":
        expression, zero, low = positive - 1 / T, 1 / positive, sp.Integer(0)
    elif kind == "tanh":
        expression, zero, low = sp.tanh(T) - (2 * unit - 1), sp.atanh(2 * unit - 1), None
    else:
        expression, zero, low = 1 / (1 + sp.exp(-T)) - unit, sp.log(unit / (1 - unit)), None
    return Monotone(s * expression, zero, s, low)


@st.composite
def monotone_intervals(draw: st.DrawFn, function: Monotone) -> Interval1:
    """Ends at the zero, next to it, at rationals or infinite; within the natural domain."""

    def end() -> sp.Expr | None:
        kind = draw(st.sampled_from(("none", "zero", "near", "rational")))
        if kind == "zero":
            return function.zero
        if kind == "near":
            return near(function.zero, draw(st.integers(2, 15)), draw(st.sampled_from((1, -1))))
        if kind == "rational":
            return draw(rationals(smallest=-2, largest=2))
        return None

    chosen = _ordered(draw, end(), end())
    floor = function.domain_low
    if floor is not None and (chosen.low is None or not _lt(floor, chosen.low)):
        high = chosen.high if chosen.high is not None and _lt(floor, chosen.high) else None
        return Interval1(floor, high, False, chosen.high_closed and high is not None)
    return chosen


# -- quantities with a known range --------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """The values a quantity takes: from inf to sup (None: unbounded), each attained or not."""

    inf: sp.Expr | None
    sup: sp.Expr | None
    inf_attained: bool
    sup_attained: bool

    def satisfies(self, needed: str, bound: sp.Expr) -> bool:
        """Whether every value v of the range has v - bound '>= 0', '> 0', '<= 0' or '< 0'."""
        if needed.startswith(">"):
            if self.inf is None:
                return False
            gap = exact_sign(self.inf - bound)
            return gap > 0 or (gap == 0 and (needed == ">=0" or not self.inf_attained))
        if self.sup is None:
            return False
        gap = exact_sign(self.sup - bound)
        return gap < 0 or (gap == 0 and (needed == "<=0" or not self.sup_attained))


def small_offsets() -> st.SearchStrategy[sp.Rational]:
    """Constants that make ties and near-ties: 0, ±1e-12, ±1e-9, ±1/3, ±2."""
    values = [sp.Integer(0), sp.Rational(1, 10**12), sp.Rational(1, 10**9), sp.Rational(1, 3), sp.Integer(2)]
    return st.sampled_from(values + [-v for v in values[1:]])


# -- claims about vectors of symbolic size with a known range -----------------------------


@dataclass(frozen=True)
class VectorQuantity:
    """A quantity of a simplex p (or reals z, positives w) of size K with index j, and its
    range over every K >= minimum; ``exact`` evaluates it at a point (entries as Fractions)."""

    name: str
    build: object  # (p, z, w, j, m, size) -> SymPy expression
    exact: object  # (entries, j) -> Fraction
    domain: str  # "simplex", "real" or "positive"
    ranges: object  # minimum size -> Range


def _sum_squares(values: list[Fraction], j: int) -> Fraction:
    return sum((v * v for v in values), Fraction(0))


VECTOR_QUANTITIES = (
    VectorQuantity(
        "p[j]",
        lambda p, z, w, j, m, n: p[j],
        lambda values, j: values[j - 1],
        "simplex",
        lambda k: Range(sp.Integer(0), sp.Integer(1), False, k == 1),
    ),
    VectorQuantity(
        "Σ p²",
        lambda p, z, w, j, m, n: _sum(p[m] ** 2, m, n),
        _sum_squares,
        "simplex",
        lambda k: Range(sp.Integer(0), sp.Integer(1), False, k == 1),
    ),
    VectorQuantity(
        "Σ p² - p[j]²",
        lambda p, z, w, j, m, n: _sum(p[m] ** 2, m, n) - p[j] ** 2,
        lambda values, j: _sum_squares(values, j) - values[j - 1] ** 2,
        "simplex",
        lambda k: Range(sp.Integer(0), sp.Integer(1), k == 1, False),
    ),
    VectorQuantity(
        "Σ p(1 - p)",
        lambda p, z, w, j, m, n: _sum(p[m] * (1 - p[m]), m, n),
        lambda values, j: 1 - _sum_squares(values, j),
        "simplex",
        lambda k: Range(sp.Integer(0), sp.Integer(1), k == 1, False),
    ),
    VectorQuantity(
        "Σ z² - z[j]²",
        lambda p, z, w, j, m, n: _sum(z[m] ** 2, m, n) - z[j] ** 2,
        lambda values, j: _sum_squares(values, j) - values[j - 1] ** 2,
        "real",
        lambda k: Range(sp.Integer(0), None, True, False),
    ),
    VectorQuantity(
        "Σ w² - (Σ w)²",
        lambda p, z, w, j, m, n: _sum(w[m] ** 2, m, n) - _sum(w[m], m, n) ** 2,
        lambda values, j: _sum_squares(values, j) - sum(values, Fraction(0)) ** 2,
        "positive",
        lambda k: Range(None, sp.Integer(0), False, k == 1),
    ),
    VectorQuantity(
        "p[j] Σ p²",
        lambda p, z, w, j, m, n: p[j] * _sum(p[m] ** 2, m, n),
        lambda values, j: values[j - 1] * _sum_squares(values, j),
        "simplex",
        lambda k: Range(sp.Integer(0), sp.Integer(1), False, k == 1),
    ),
)


def _sum(body: sp.Expr, m: sp.Symbol, size: sp.Symbol) -> sp.Expr:
    return sp.Sum(body, (m, 1, size))


def vector_point(draw: st.DrawFn, domain: str, size: int) -> list[Fraction]:
    if domain == "simplex":
        return simplex_point(draw, size)
    values = real_point(draw, size)
    if domain == "positive":
        return [abs(v) if v != 0 else Fraction(1, 10**6) for v in values]
    return values
