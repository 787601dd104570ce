"""Gradient checkers compared in one run: this project's, torch, JAX, numdifftools, SciPy.

Every checker is given the same loss functions (cross-entropy of softmax, mean squared
error of softmax) at the same points, at K = 10, 100 and 1000 logits, in float64, with
a claimed gradient; each is used with its default settings. For each it reports:

- time: median wall time of one check of the true gradient (after one warm-up call);
- accuracy: the largest error of the checker's own finite-difference gradient estimate,
  relative to the largest entry of the exact gradient, where the checker exposes one;
- smallest flagged: the smallest relative error it flags, scanning 1e-1 ... 1e-12, for
  the whole claimed gradient scaled by (1 + r) and for only its largest entry scaled
  (the smallest r such that it and every larger r in the scan are flagged);
- false alarms: how many of a set of random true cases it flags.

The exact gradients come from mpmath at 40 digits, rounded to float64. Default verdicts:

- verifier.numeric.gradcheck: ``check_gradient(...).verdict`` is WRONG;
- torch.autograd.gradcheck: returns False (eps=1e-6, atol=1e-5, rtol=1e-3); the claim
  is the backward of a custom ``autograd.Function``; also with ``fast_mode=True``;
- jax.test_util.check_grads(order=1): raises (the claim is a ``custom_jvp`` rule; it
  checks one random direction, so it exposes no gradient estimate);
- numdifftools.Gradient: gives an estimate and an error estimate but no verdict; two
  verdicts are shown, "|claim - estimate| > its error estimate" and "not np.allclose";
- scipy.optimize.check_grad: gives a norm, not a verdict; flagged when the norm exceeds
  1e-5 * (1 + |claim|), JAX's float64 default tolerance applied to the norm.

A package that is not installed is a row saying so. Run ``python -m bench.checkers``
(``--json`` for JSON, ``--quick`` for a fast smaller run).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import math
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import mpmath
import numpy as np

from verifier.numeric.finite_differences import gradient as estimate_gradient
from verifier.numeric.gradcheck import CheckVerdict, check_gradient

Array = np.ndarray
SCAN = tuple(10.0**-k for k in range(1, 13))
SIZES = (10, 100, 1000)
FUNCTIONS = ("ce_softmax", "mse_softmax")
SCIPY_TOLERANCE = 1e-5


# --- the problems -------------------------------------------------------------------


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _log_softmax(z: Array) -> Array:
    m = z.max(-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(-1, keepdims=True))


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One loss at one point: a NumPy loss (one point or a batch), its exact gradient."""

    function: str
    z: Array
    t: Array
    exact: Array = field(repr=False)

    @property
    def size(self) -> int:
        return self.z.size

    def loss(self, z: Array) -> Array:
        if self.function == "ce_softmax":
            return -(self.t * _log_softmax(z)).sum(-1)
        return ((_softmax(z) - self.t) ** 2).sum(-1)

    def gradient(self, z: Array) -> Array:
        """The exact gradient, in float64 arithmetic (for claims at other points)."""
        s = _softmax(z)
        if self.function == "ce_softmax":
            return s * self.t.sum() - self.t
        r = 2.0 * (s - self.t)
        return s * (r - r @ s)


def _exact_gradient(function: str, z: Array, t: Array) -> Array:
    """The gradient at 40 significant digits, rounded to float64."""
    with mpmath.workdps(40):
        zs = [mpmath.mpf(float(v)) for v in z]
        ts = [mpmath.mpf(float(v)) for v in t]
        top = max(zs)
        e = [mpmath.exp(v - top) for v in zs]
        total = mpmath.fsum(e)
        s = [v / total for v in e]
        if function == "logsumexp":
            g = s
        elif function == "ce_softmax":
            mass = mpmath.fsum(ts)
            g = [a * mass - b for a, b in zip(s, ts, strict=True)]
        else:
            r = [2 * (a - b) for a, b in zip(s, ts, strict=True)]
            rs = mpmath.fsum(a * b for a, b in zip(r, s, strict=True))
            g = [a * (b - rs) for a, b in zip(s, r, strict=True)]
        return np.array([float(v) for v in g])


def make_problem(function: str, size: int, rng: np.random.Generator, scale: float = 3.0) -> Problem:
    z = rng.normal(size=size) * scale
    t = rng.dirichlet(np.ones(size))
    return Problem(function=function, z=z, t=t, exact=_exact_gradient(function, z, t))


@dataclass(frozen=True, kw_only=True)
class Claim:
    """A claimed gradient: the exact one times a fixed vector of factors."""

    factors: Array

    @staticmethod
    def true(size: int) -> Claim:
        return Claim(factors=np.ones(size))

    @staticmethod
    def scaled(size: int, relative: float) -> Claim:
        return Claim(factors=np.full(size, 1.0 + relative))

    @staticmethod
    def single(problem: Problem, relative: float) -> Claim:
        factors = np.ones(problem.size)
        factors[int(np.argmax(np.abs(problem.exact)))] += relative
        return Claim(factors=factors)

    def numpy(self, problem: Problem) -> Callable[[Array], Array]:
        def claimed(z: Array) -> Array:
            exact = problem.exact if np.array_equal(z, problem.z) else problem.gradient(z)
            return exact * self.factors

        return claimed


# --- the checkers -------------------------------------------------------------------


class Checker:
    """A gradient checker at its default settings."""

    name = ""
    requires: tuple[str, ...] = ()

    def missing(self) -> str | None:
        """The first required package that is not installed, or None."""
        for module in self.requires:
            try:
                importlib.import_module(module)
            except ImportError:
                return module
        return None

    def flags(self, problem: Problem, claims: Sequence[Claim]) -> list[bool]:
        """Whether each claim is flagged wrong at the problem's point."""
        return [self.flag(problem, claim) for claim in claims]

    def flag(self, problem: Problem, claim: Claim) -> bool:
        raise NotImplementedError

    def estimate(self, problem: Problem) -> Array | None:
        """The checker's own gradient estimate, if it exposes one."""
        return None


class Verifier(Checker):
    name = "verifier.numeric.gradcheck"

    def __init__(self, *, vectorised: bool | None = None) -> None:
        self.vectorised = vectorised
        if vectorised is False:
            self.name = "verifier.numeric.gradcheck (1-D f, looped)"

    def flag(self, problem: Problem, claim: Claim) -> bool:
        result = check_gradient(problem.loss, claim.numpy(problem), problem.z, vectorised=self.vectorised)
        return result.verdict is CheckVerdict.WRONG

    def estimate(self, problem: Problem) -> Array | None:
        return estimate_gradient(problem.loss, problem.z).value


class Torch(Checker):
    requires = ("torch",)

    def __init__(self, *, fast_mode: bool = False) -> None:
        self.fast_mode = fast_mode
        self.name = "torch.autograd.gradcheck" + (" (fast_mode)" if fast_mode else "")

    def _function(self, problem: Problem, claim: Claim) -> Callable[[Any], Any]:
        import torch

        t = torch.from_numpy(problem.t)
        claimed = claim.numpy(problem)

        def loss(z: Any) -> Any:
            if problem.function == "ce_softmax":
                return -(t * torch.log_softmax(z, -1)).sum()
            return ((torch.softmax(z, -1) - t) ** 2).sum()

        class Claimed(torch.autograd.Function):
            @staticmethod
            def forward(ctx: Any, z: Any) -> Any:
                ctx.save_for_backward(z)
                return loss(z)

            @staticmethod
            def backward(ctx: Any, grad_output: Any) -> Any:
                (z,) = ctx.saved_tensors
                return grad_output * torch.from_numpy(claimed(z.detach().numpy()))

        return Claimed.apply

    def flag(self, problem: Problem, claim: Claim) -> bool:
        import torch

        z = torch.tensor(problem.z, dtype=torch.float64, requires_grad=True)
        ok = torch.autograd.gradcheck(
            self._function(problem, claim), (z,), raise_exception=False, fast_mode=self.fast_mode
        )
        return not ok

    def estimate(self, problem: Problem) -> Array | None:
        if self.fast_mode:
            return None  # it estimates one random projection, not the gradient
        import torch

        module = sys.modules["torch.autograd.gradcheck"]
        function = self._function(problem, Claim.true(problem.size))
        z = torch.tensor(problem.z, dtype=torch.float64, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # get_numerical_jacobian is deprecated
            jacobian = module.get_numerical_jacobian(lambda inputs: function(inputs[0]), (z,), eps=1e-6)
        return np.asarray(jacobian[0].detach().numpy()).reshape(-1)


class Jax(Checker):
    name = "jax.test_util.check_grads"
    requires = ("jax",)

    def flag(self, problem: Problem, claim: Claim) -> bool:
        import jax
        import jax.numpy as jnp
        from jax.test_util import check_grads

        jax.config.update("jax_enable_x64", True)
        t = jnp.asarray(problem.t)
        factors = jnp.asarray(claim.factors)
        exact_here = jnp.asarray(problem.exact)

        def loss(z: Any) -> Any:
            if problem.function == "ce_softmax":
                return -(t * jax.nn.log_softmax(z)).sum()
            return ((jax.nn.softmax(z) - t) ** 2).sum()

        @jax.custom_jvp
        def claimed(z: Any) -> Any:
            return loss(z)

        @claimed.defjvp
        def claimed_jvp(primals: Any, tangents: Any) -> Any:
            (z,), (dz,) = primals, tangents
            return loss(z), jnp.dot(exact_here * factors, dz)

        try:
            check_grads(claimed, (jnp.asarray(problem.z),), order=1)
        except AssertionError:
            return True
        return False


class NumdifftoolsChecker(Checker):
    requires = ("numdifftools",)

    def __init__(self, *, allclose: bool) -> None:
        self.allclose = allclose
        self.name = "numdifftools.Gradient" + (" (np.allclose)" if allclose else " (own error estimate)")

    def _estimate(self, problem: Problem) -> tuple[Array, Array]:
        import numdifftools

        result = numdifftools.Gradient(problem.loss, full_output=True)(problem.z)
        return np.ravel(result.estimate), np.ravel(result.error_estimate)

    def flags(self, problem: Problem, claims: Sequence[Claim]) -> list[bool]:
        estimate, error = self._estimate(problem)  # the estimate does not depend on the claim
        return [self._verdict(claim.numpy(problem)(problem.z), estimate, error) for claim in claims]

    def flag(self, problem: Problem, claim: Claim) -> bool:
        return self.flags(problem, [claim])[0]

    def _verdict(self, claimed: Array, estimate: Array, error: Array) -> bool:
        if self.allclose:
            return not np.allclose(claimed, estimate)
        return bool(np.any(np.abs(claimed - estimate) > error))

    def estimate(self, problem: Problem) -> Array | None:
        return self._estimate(problem)[0]


class Scipy(Checker):
    name = "scipy.optimize.check_grad"
    requires = ("scipy",)

    def flag(self, problem: Problem, claim: Claim) -> bool:
        from scipy.optimize import check_grad

        claimed = claim.numpy(problem)
        norm = check_grad(problem.loss, claimed, problem.z)
        return bool(norm > SCIPY_TOLERANCE * (1.0 + np.linalg.norm(claimed(problem.z))))

    def estimate(self, problem: Problem) -> Array | None:
        from scipy.optimize import approx_fprime

        return np.asarray(approx_fprime(problem.z, problem.loss, math.sqrt(np.finfo(float).eps)))


def all_checkers() -> list[Checker]:
    return [
        Verifier(),
        Verifier(vectorised=False),
        Torch(),
        Torch(fast_mode=True),
        Jax(),
        NumdifftoolsChecker(allclose=False),
        NumdifftoolsChecker(allclose=True),
        Scipy(),
    ]


# --- measuring ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Row:
    """One checker on one function at one size; None where not measured."""

    checker: str
    function: str
    size: int
    status: str
    time_ms: float | None = None
    accuracy: float | None = None
    smallest_scaled: float | None = None
    smallest_single: float | None = None
    false_alarms: int | None = None
    true_cases: int | None = None


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    action()  # warm-up: imports, JIT tracing, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def _smallest_flagged(flags: Sequence[bool]) -> float | None:
    """The smallest r of SCAN flagged together with every larger r; None if 1e-1 is not."""
    smallest = None
    for relative, flagged in zip(SCAN, flags, strict=True):
        if not flagged:
            break
        smallest = relative
    return smallest


def measure(
    checker: Checker,
    function: str,
    size: int,
    *,
    repeats: int,
    true_cases: int,
    seed: int,
) -> Row:
    missing = checker.missing()
    if missing is not None:
        return Row(checker=checker.name, function=function, size=size, status=f"{missing} not installed")
    rng = np.random.default_rng([seed, size, FUNCTIONS.index(function)])
    problem = make_problem(function, size, rng)
    try:
        time_ms = _median_ms(lambda: checker.flag(problem, Claim.true(size)), repeats)
        estimate = checker.estimate(problem)
        claims = [Claim.scaled(size, r) for r in SCAN] + [Claim.single(problem, r) for r in SCAN]
        flags = checker.flags(problem, claims)
        alarms = 0
        for _ in range(true_cases):
            scale = float(rng.choice([0.1, 1.0, 3.0, 10.0]))
            case = make_problem(function, size, rng, scale)
            alarms += checker.flag(case, Claim.true(size))
    except Exception as error:  # noqa: BLE001 - a failing tool is a row, not a crash
        return Row(checker=checker.name, function=function, size=size, status=f"error: {error!r}"[:80])
    accuracy = None
    if estimate is not None:
        accuracy = float(np.max(np.abs(estimate - problem.exact)) / np.max(np.abs(problem.exact)))
    return Row(
        checker=checker.name,
        function=function,
        size=size,
        status="ok",
        time_ms=time_ms,
        accuracy=accuracy,
        smallest_scaled=_smallest_flagged(flags[: len(SCAN)]),
        smallest_single=_smallest_flagged(flags[len(SCAN) :]),
        false_alarms=alarms,
        true_cases=true_cases,
    )


@dataclass(frozen=True, kw_only=True)
class Sweep:
    """The verifier's checker on many random true cases of several function families."""

    cases: int
    entries: int
    false_alarms: int
    worst_ratio: float
    """Largest |claim - estimate| / tolerance over all entries: 1 would be an alarm."""
    seconds: float


def _sweep_case(rng: np.random.Generator) -> tuple[Callable[[Array], Array], Array, Array]:
    """A random true case: a batch-capable f, a point and its exact gradient."""
    size = int(rng.choice([2, 3, 5, 10, 30, 100, 300, 1000]))
    scale = float(rng.choice([0.01, 0.1, 1.0, 3.0, 10.0, 30.0]))
    family = str(rng.choice(["ce_softmax", "mse_softmax", "logsumexp", "sigmoid", "tanh"]))
    z = rng.normal(size=size) * scale
    if family in FUNCTIONS:
        t = rng.dirichlet(np.ones(size) * float(rng.choice([0.1, 1.0, 10.0])))
        problem = Problem(function=family, z=z, t=t, exact=_exact_gradient(family, z, t))
        return problem.loss, z, problem.exact
    if family == "logsumexp":

        def lse(v: Array) -> Array:
            m = v.max(-1, keepdims=True)
            return m[..., 0] + np.log(np.exp(v - m).sum(-1))

        return lse, z, _exact_gradient("logsumexp", z, np.zeros(size))
    with mpmath.workdps(40):
        if family == "sigmoid":
            exact = [
                mpmath.exp(-abs(mpmath.mpf(float(v)))) / (1 + mpmath.exp(-abs(mpmath.mpf(float(v))))) ** 2 for v in z
            ]
            return (lambda v: (1.0 / (1.0 + np.exp(-v))).sum(-1)), z, np.array([float(v) for v in exact])
        exact = [mpmath.sech(mpmath.mpf(float(v))) ** 2 for v in z]
        return (lambda v: np.tanh(v).sum(-1)), z, np.array([float(v) for v in exact])


def sweep(cases: int, seed: int) -> Sweep:
    rng = np.random.default_rng([seed, 99])
    start = time.perf_counter()
    alarms = entries = 0
    worst = 0.0
    for _ in range(cases):
        f, z, exact = _sweep_case(rng)
        result = check_gradient(f, lambda v, exact=exact: exact, z)
        alarms += result.verdict is CheckVerdict.WRONG
        entries += result.checked
        if result.worst is not None:
            worst = max(worst, result.worst.ratio)
    return Sweep(
        cases=cases,
        entries=entries,
        false_alarms=alarms,
        worst_ratio=worst,
        seconds=time.perf_counter() - start,
    )


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "machine": f"{platform.machine()}, {platform.system()}"}
    for package in ("numpy", "scipy", "torch", "jax", "jaxlib", "numdifftools", "mpmath"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


# --- output -------------------------------------------------------------------------


def _exponent(value: float | None) -> str:
    return "-" if value is None else f"1e{round(math.log10(value))}"


def _cells(row: Row) -> list[str]:
    if row.status != "ok":
        return [row.function, str(row.size), row.checker, row.status, "", "", "", ""]
    return [
        row.function,
        str(row.size),
        row.checker,
        f"{row.time_ms:.1f}",
        "n/a" if row.accuracy is None else f"{row.accuracy:.1e}",
        _exponent(row.smallest_scaled),
        _exponent(row.smallest_single),
        f"{row.false_alarms}/{row.true_cases}",
    ]


HEADERS = ["function", "K", "checker", "ms", "accuracy", "flags scaled", "flags 1 entry", "false alarms"]


def render(rows: Sequence[Row], swept: Sweep | None, found: dict[str, str]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        widths = [max(len(h), *(len(_cells(r)[i]) for r in rows)) for i, h in enumerate(HEADERS)]
        print("  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)))
        for row in rows:
            print("  ".join(c.ljust(w) for c, w in zip(_cells(row), widths, strict=True)))
    else:
        table = Table(title="Gradient checkers, float64, default settings")
        for header in HEADERS:
            table.add_column(header, justify="left" if header in ("function", "checker") else "right")
        previous = None
        for row in rows:
            key = (row.function, row.size)
            if previous is not None and key != previous:
                table.add_section()
            previous = key
            table.add_row(*_cells(row))
        Console(width=140).print(table)
    if swept is not None:
        print(
            f"verifier.numeric.gradcheck sweep: {swept.false_alarms} false alarms in {swept.cases} random "
            f"true cases ({swept.entries} entries; K 2..1000; CE, MSE of softmax, logsumexp, "
            f"sigmoid and tanh sums; logits scaled 0.01..30); worst |claim - estimate| / "
            f"tolerance {swept.worst_ratio:.2f}; {swept.seconds:.1f} s"
        )
    print("versions: " + ", ".join(f"{k} {v}" for k, v in found.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.checkers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--sizes", type=int, nargs="+", help="K values (default 10 100 1000)")
    parser.add_argument("--functions", nargs="+", default=list(FUNCTIONS), choices=FUNCTIONS)
    parser.add_argument("--repeats", type=int, help="timed repeats per checker, median (default 5)")
    parser.add_argument("--true-cases", type=int, help="random true cases per row (default 20)")
    parser.add_argument("--sweep", type=int, help="random true cases for the verifier's sweep (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="defaults K = 10 100, 3 repeats, 5 true cases, sweep 100")
    args = parser.parse_args(argv)
    quick = args.quick

    def default(value: Any, full: Any, fast: Any) -> Any:
        return value if value is not None else fast if quick else full

    sizes = default(args.sizes, list(SIZES), [10, 100])
    repeats = default(args.repeats, 5, 3)
    true_cases = default(args.true_cases, 20, 5)
    sweep_cases = default(args.sweep, 1000, 100)

    rows = [
        measure(checker, function, size, repeats=repeats, true_cases=true_cases, seed=args.seed)
        for function in args.functions
        for size in sizes
        for checker in all_checkers()
    ]
    swept = sweep(sweep_cases, args.seed) if sweep_cases > 0 else None
    found = versions()
    if args.json:
        print(
            json.dumps(
                {
                    "rows": [asdict(r) for r in rows],
                    "sweep": asdict(swept) if swept else None,
                    "versions": found,
                },
                indent=2,
            )
        )
    else:
        render(rows, swept, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
