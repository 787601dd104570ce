"""Proof cost against size: the fixed-size prover at K = 2 ... 32 beside the symbolic-K proof.

The prover has two strategies (``verifier.prover``): a proof for a symbolic size K,
which holds for every K at once, and proofs at fixed sizes, which write the claim out
at one K with every index assignment and simplify each instance. This bench times both
on a few catalogue claims, to show how the fixed-size cost grows with K:

- symbolic K: ``_prove_symbolic(problem)``, one row per claim;
- fixed K: ``_prove_at_size(problem, K)`` for K = 2, 3, 4, 6, 8, 12, 16, 24, 32.

A claim with several steps (a chain) is timed over all its steps. Every measurement
runs in its own worker process, forked from a process that has only built the catalogue
(as the engine's workers are), so no measurement sees the SymPy cache another one
filled. A measurement that exceeds the per-size budget (default 60 s of wall time) is
killed and shown as "> budget"; that claim then stops at that size. The bench therefore
takes at most about (budget + the sizes before it) per claim. Both wall and CPU time
are reported; the growth columns use the CPU time (the machine may be shared): the
ratio to the previous size and the local exponent a in t ~ K^a between the two sizes.

Run ``python -m bench.proof_cost`` (``--json`` for JSON, ``--quick`` for K <= 8 with a
10 s budget).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import math
import multiprocessing
import multiprocessing.connection
import platform
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verifier.language.claims import Claim

CLAIMS = ("softmax-jacobian", "ce-softmax-gradient-sum-to-one", "mse-softmax-gradient-full")
SIZES = (2, 3, 4, 6, 8, 12, 16, 24, 32)
QUICK_SIZES = (2, 3, 4, 6, 8)
BUDGET = 60.0
QUICK_BUDGET = 10.0
REPEATS = 3
REPEAT_BELOW = 1.0
"""Only measurements faster than this many seconds are repeated (median of the repeats)."""


@dataclass(frozen=True, kw_only=True)
class Row:
    """One proof attempt: the symbolic-K proof (size None) or the fixed-size one at K = size."""

    claim: str
    size: int | None
    status: str
    """"proved", "not proved", "timeout", "skipped" (below the declared minimum) or "error: ..."."""
    seconds: float | None = None
    """Wall time."""
    cpu_seconds: float | None = None
    """CPU time of the worker: what the proof cost, less disturbed by other work on the machine."""
    instances: int | None = None
    """Instances the fixed-size proof simplified (index assignments times domain cases)."""
    detail: str = ""
    ratio: float | None = None
    """CPU time over the previous measured size's CPU time."""
    exponent: float | None = None
    """The local a in t ~ K^a (CPU time) between the previous measured size and this one."""

    @property
    def proved(self) -> bool | None:
        if self.status in ("proved", "not proved"):
            return self.status == "proved"
        return None


@dataclass(frozen=True, kw_only=True)
class ClaimCost:
    """A claim's symbolic-K row, its fixed-size rows, and a summary of the growth."""

    claim: str
    symbolic: Row
    fixed: tuple[Row, ...]
    fitted_exponent: float | None
    """Least-squares a in t ~ K^a (CPU time) over the measured fixed sizes K >= 4 (None with < 2 points)."""
    fitted_sizes: tuple[int, ...]
    summary: str


# --- measuring ----------------------------------------------------------------------


def _catalogue() -> dict[str, Claim]:
    from derivations import CATALOGUE

    return {claim.id: claim for claim in CATALOGUE}


def _attempt(claim_id: str, size: int | None, connection: multiprocessing.connection.Connection) -> None:
    """In the worker: prove every step of the claim one way; send (ok, seconds, CPU seconds, instances, detail)."""
    try:
        from verifier.problem import problems_of
        from verifier.prover.fixed_sizes import prove_at_size as _prove_at_size
        from verifier.prover.symbolic import prove_symbolic as _prove_symbolic

        problems = problems_of(_catalogue()[claim_id])
        ok, instances, details = True, 0, []
        start, cpu_start = time.perf_counter(), time.process_time()
        for problem in problems:
            if size is None:
                attempt = _prove_symbolic(problem)
                step_ok, detail = attempt.proof is not None, attempt.failure or "proved for every K"
            else:
                step_ok, detail = _prove_at_size(problem, size)
            ok = ok and step_ok
            found = re.match(r"(\d+) instance", detail)
            instances += int(found.group(1)) if found else 0
            details.append(detail)
            if not ok:
                break
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        connection.send((ok, seconds, cpu, instances, "; ".join(details)))
    except Exception as error:  # noqa: BLE001 - a failing attempt is a row, not a crash
        connection.send(("error", 0.0, 0.0, 0, f"{type(error).__name__}: {error}"[:120]))
    finally:
        connection.close()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _once(claim_id: str, size: int | None, budget: float) -> tuple[bool | str, float | None, float | None, int, str]:
    """One measurement in a fresh worker, killed after ``budget`` seconds."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_attempt, args=(claim_id, size, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(budget):
            return "timeout", None, None, 0, f"no result within {budget:g} s"
        try:
            return receiver.recv()  # type: ignore[no-any-return]
        except EOFError:
            return "error", None, None, 0, "the worker process ended without a result"
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def measure(claim_id: str, size: int | None, *, budget: float, repeats: int) -> Row:
    """The median of up to ``repeats`` measurements (a slow one is not repeated)."""
    results: list[float] = []
    cpu_results: list[float] = []
    for _ in range(max(1, repeats)):
        ok, seconds, cpu, instances, detail = _once(claim_id, size, budget)
        if ok in ("timeout", "error") or seconds is None or cpu is None:
            status = "timeout" if ok == "timeout" else f"error: {detail}"
            return Row(claim=claim_id, size=size, status=status, detail=detail)
        results.append(seconds)
        cpu_results.append(cpu)
        if seconds >= REPEAT_BELOW:
            break
    return Row(
        claim=claim_id,
        size=size,
        status="proved" if ok else "not proved",
        seconds=statistics.median(results),
        cpu_seconds=statistics.median(cpu_results),
        instances=instances if size is not None else None,
        detail=str(detail),
    )


def _size_minimum(claim_id: str) -> int:
    from verifier.language.declarations import Kind

    claim = _catalogue()[claim_id]
    sizes = [d for d in claim.declarations if d.kind is Kind.SIZE]
    if len(sizes) != 1:
        raise SystemExit(f"claim {claim_id!r} must declare exactly one size for fixed-size proofs (got {len(sizes)})")
    return int(sizes[0].minimum)


def _fit(rows: Sequence[Row]) -> tuple[float | None, tuple[int, ...]]:
    """Least-squares slope of log t (CPU time) against log K over the measured sizes K >= 4."""
    points = [(r.size, r.cpu_seconds) for r in rows if r.size is not None and r.size >= 4 and r.cpu_seconds]
    if len(points) < 2:
        return None, ()
    xs = [math.log(k) for k, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return slope, tuple(k for k, _ in points)


def _summary(claim_id: str, symbolic: Row, fixed: Sequence[Row], exponent: float | None, fitted: Sequence[int]) -> str:
    measured = [(r.size, r.cpu_seconds) for r in fixed if r.cpu_seconds is not None]
    parts = [f"{claim_id}: symbolic K {_seconds(symbolic)}"]
    if exponent is not None:
        parts.append(f"fixed K grows about K^{exponent:.1f} (fit over K = {', '.join(map(str, fitted))})")
    if measured and symbolic.cpu_seconds:
        size, seconds = measured[-1]
        parts.append(f"K = {size} costs {seconds / symbolic.cpu_seconds:.0f}x the symbolic-K proof (CPU)")
    stopped = next((r for r in fixed if r.status == "timeout"), None)
    if stopped is not None:
        parts.append(f"K = {stopped.size} exceeded the budget")
    return "; ".join(parts)


def measure_claim(claim_id: str, sizes: Sequence[int], *, budget: float, repeats: int) -> ClaimCost:
    symbolic = measure(claim_id, None, budget=budget, repeats=repeats)
    minimum = _size_minimum(claim_id)
    fixed: list[Row] = []
    previous: Row | None = None
    for size in sizes:
        if size < minimum:
            fixed.append(Row(claim=claim_id, size=size, status="skipped", detail=f"below the minimum K = {minimum}"))
            continue
        row = measure(claim_id, size, budget=budget, repeats=repeats)
        if previous is not None and previous.cpu_seconds and previous.size and row.cpu_seconds:
            ratio = row.cpu_seconds / previous.cpu_seconds
            growth = math.log(ratio) / math.log(size / previous.size)
            row = Row(**{**asdict(row), "ratio": ratio, "exponent": growth})
        fixed.append(row)
        if row.seconds is None:
            break  # past the budget (or broken): larger sizes only cost more
        previous = row
    fitted_exponent, fitted = _fit(fixed)
    return ClaimCost(
        claim=claim_id,
        symbolic=symbolic,
        fixed=tuple(fixed),
        fitted_exponent=fitted_exponent,
        fitted_sizes=fitted,
        summary=_summary(claim_id, symbolic, fixed, fitted_exponent, fitted),
    )


def machine() -> dict[str, str]:
    found = {"python": platform.python_version(), "machine": f"{platform.machine()}, {platform.system()}"}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            models = [line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")]
        if models:
            found["cpu"] = models[0]
    except OSError:
        pass
    import os

    found["cores"] = str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count())
    for package in ("sympy", "numpy"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


# --- output -------------------------------------------------------------------------


def _seconds(row: Row) -> str:
    if row.status == "timeout":
        return "> budget"
    return "-" if row.seconds is None else f"{row.seconds:.3f} s"


def _cells(row: Row, budget: float) -> list[str]:
    seconds = f"> {budget:g}" if row.status == "timeout" else "-" if row.seconds is None else f"{row.seconds:.3f}"
    cpu = "-" if row.cpu_seconds is None else f"{row.cpu_seconds:.3f}"
    proved = {True: "yes", False: "no", None: row.status}[row.proved]
    return [
        row.claim,
        "symbolic" if row.size is None else str(row.size),
        seconds,
        cpu,
        proved,
        "-" if row.instances is None else str(row.instances),
        "-" if row.ratio is None else f"{row.ratio:.1f}x",
        "-" if row.exponent is None else f"K^{row.exponent:.1f}",
    ]


HEADERS = ["claim", "K", "wall s", "CPU s", "proved", "instances", "x previous", "local growth"]


def render(costs: Sequence[ClaimCost], budget: float, found: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    table = Table(title=f"Proof cost against size (per-size budget {budget:g} s)")
    for header in HEADERS:
        table.add_column(header, justify="left" if header == "claim" else "right")
    for number, cost in enumerate(costs):
        if number:
            table.add_section()
        for row in (cost.symbolic, *cost.fixed):
            table.add_row(*_cells(row, budget))
    console.print(table)
    for cost in costs:
        console.print(cost.summary, highlight=False, soft_wrap=True)
    console.print(
        "Growth columns and fits use the CPU time (less disturbed by other work on a shared machine). "
        "A symbolic-K proof holds for every K; a fixed-size proof only for the K it was run at.",
        highlight=False,
        soft_wrap=True,
    )
    console.print("machine: " + ", ".join(f"{k} {v}" for k, v in found.items()), highlight=False, soft_wrap=True)


def to_json(costs: Sequence[ClaimCost], budget: float, found: dict[str, str]) -> dict[str, object]:
    def row(r: Row) -> dict[str, object]:
        return {**asdict(r), "proved": r.proved}

    return {
        "budget_seconds": budget,
        "claims": [
            {
                "claim": c.claim,
                "symbolic": row(c.symbolic),
                "fixed": [row(r) for r in c.fixed],
                "fitted_exponent": c.fitted_exponent,
                "fitted_sizes": list(c.fitted_sizes),
                "summary": c.summary,
            }
            for c in costs
        ],
        "machine": found,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proof_cost", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--claims", nargs="+", metavar="ID", help=f"claim ids (default: {' '.join(CLAIMS)})")
    parser.add_argument("--sizes", type=int, nargs="+", help=f"fixed sizes K (default: {' '.join(map(str, SIZES))})")
    parser.add_argument("--budget", type=float, help=f"seconds allowed per measurement (default {BUDGET:g})")
    parser.add_argument(
        "--repeats", type=int, help=f"repeats of a measurement under {REPEAT_BELOW:g} s, median (default {REPEATS})"
    )
    quick = f"defaults K = {' '.join(map(str, QUICK_SIZES))}, budget {QUICK_BUDGET:g} s, 1 repeat"
    parser.add_argument("--quick", action="store_true", help=quick)
    args = parser.parse_args(argv)
    sizes = args.sizes or list(QUICK_SIZES if args.quick else SIZES)
    budget = args.budget if args.budget is not None else QUICK_BUDGET if args.quick else BUDGET
    repeats = args.repeats if args.repeats is not None else 1 if args.quick else REPEATS
    claims = args.claims or list(CLAIMS)
    unknown = [c for c in claims if c not in _catalogue()]
    if unknown:
        parser.error(f"unknown claim id(s): {', '.join(unknown)}")
    costs = [measure_claim(c, sizes, budget=budget, repeats=repeats) for c in claims]
    found = machine()
    if args.json:
        print(json.dumps(to_json(costs, budget, found), indent=2))
    else:
        render(costs, budget, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
