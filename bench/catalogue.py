"""Whole-catalogue speed: the cold wall time of verifying every claim, against the 7 s target.

Each repetition is a fresh Python process (nothing cached: no SymPy cache, no imports)
that imports the catalogue and calls ``verify_all(CATALOGUE, jobs=N)``, the engine the
``verify-derivations`` command runs, with the same defaults (per-claim time limit 60 s,
seed 0): every claim, symbolic proof and falsifier, and the hypothesis checks
of proved claims. Two times are kept per repetition:

- verify: the wall time of ``verify_all`` alone (the number the target is about);
- process: the whole process, with interpreter start-up and imports, as a user sees it.

The report gives the median and the minimum over the repetitions (default 3), the sum
of the claims' own times, the CPU time of the verifying processes (wall time on idle
cores is about CPU time / jobs) with the load average when each run started, and the
ten slowest claims by their own ``seconds`` (median over the repetitions). This
machine is shared: compare numbers from one run, not across runs.

Run ``python -m bench.catalogue`` (``--json`` for JSON, ``--jobs N``, ``--repeats N``;
``--quick`` for a single repetition). ``--against REV`` compares with another revision
in the same sitting: its files (``git archive``) in a temporary folder, one run of each
in turn, and the ratio of CPU and of wall time per pair, with their medians. On a shared
machine the load moves single numbers by a fifth; a ratio of runs made side by side
moves far less.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

TARGET_SECONDS = 7.0
JOBS = 2
REPEATS = 3
SLOWEST = 10
TIMEOUT = 60.0


@dataclass(frozen=True, kw_only=True)
class ClaimTime:
    """One claim's own time (median over the repetitions) and its verdict in the last one."""

    claim: str
    seconds: float
    verdict: str
    expected: str


@dataclass(frozen=True, kw_only=True)
class Run:
    """One cold repetition."""

    verify_seconds: float
    process_seconds: float
    import_seconds: float
    work_seconds: float
    """The sum of the claims' own (wall) times: the serial work the workers shared."""
    cpu_seconds: float
    """CPU time (user + system) of the verifying process and its workers, during ``verify_all``."""
    load: float | None
    """The one-minute load average when the run started: other work competing for the cores."""
    claims: int
    as_expected: int
    timed_out: int


@dataclass(frozen=True, kw_only=True)
class CatalogueTiming:
    jobs: int
    timeout: float
    runs: tuple[Run, ...]
    slowest: tuple[ClaimTime, ...]
    target_seconds: float = TARGET_SECONDS

    @property
    def median_seconds(self) -> float:
        return statistics.median(r.verify_seconds for r in self.runs)

    @property
    def min_seconds(self) -> float:
        return min(r.verify_seconds for r in self.runs)

    @property
    def median_process_seconds(self) -> float:
        return statistics.median(r.process_seconds for r in self.runs)

    @property
    def min_process_seconds(self) -> float:
        return min(r.process_seconds for r in self.runs)

    @property
    def median_work_seconds(self) -> float:
        return statistics.median(r.work_seconds for r in self.runs)

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def within_target(self) -> bool:
        return self.median_seconds <= self.target_seconds

    def verdict_line(self) -> str:
        median = self.median_seconds
        if self.within_target:
            return f"target: at most {self.target_seconds:g} s; median {median:.1f} s is within it"
        return (
            f"target: at most {self.target_seconds:g} s; median {median:.1f} s is above it, "
            f"{median / self.target_seconds:.1f}x the target"
        )


# --- one repetition, in its own process ------------------------------------------------


def _worker(jobs: int, timeout: float) -> None:
    """In the child process: import, verify, print one JSON document."""
    start = time.perf_counter()
    from derivations import CATALOGUE
    from verifier.engine import verify_all

    imported = time.perf_counter()
    cpu_before = _cpu_seconds()
    outcomes = verify_all(CATALOGUE, jobs=jobs, timeout=timeout)
    done = time.perf_counter()
    document = {
        "import_seconds": imported - start,
        "verify_seconds": done - imported,
        "cpu_seconds": _cpu_seconds() - cpu_before,
        "outcomes": [
            {
                "claim": o.claim_id,
                "seconds": o.seconds,
                "verdict": o.verdict.value,
                "expected": o.expected.value,
                "timed_out": "time limit" in (o.reason or "") or any("time limit" in n for n in o.notes),
            }
            for o in outcomes
        ],
    }
    print(json.dumps(document))


def _cpu_seconds() -> float:
    """User + system time of this process and of its finished children (the workers)."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return time.process_time()
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _load() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _project_root() -> str:
    return str(Path(__file__).resolve().parent.parent)


def run_once(jobs: int, timeout: float, root: str | None = None) -> tuple[Run, list[dict[str, object]]]:
    """One cold repetition in a fresh interpreter; the run and its per-claim records.

    ``root`` is the folder whose ``verifier`` and ``derivations`` are verified (default:
    this project); the worker is this file, run as a script, so it needs nothing else there.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root or _project_root(), env.get("PYTHONPATH")]))
    script = str(Path(__file__).resolve())
    command = [sys.executable, script, "--worker", "--jobs", str(jobs), "--timeout", str(timeout)]
    load = _load()
    start = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    process_seconds = time.perf_counter() - start
    if finished.returncode != 0:
        tail = finished.stderr.strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"the catalogue run failed (exit {finished.returncode}): {tail[0]}")
    document = json.loads(finished.stdout.strip().splitlines()[-1])
    outcomes = document["outcomes"]
    run = Run(
        verify_seconds=document["verify_seconds"],
        process_seconds=process_seconds,
        import_seconds=document["import_seconds"],
        work_seconds=sum(o["seconds"] for o in outcomes),
        cpu_seconds=document["cpu_seconds"],
        load=load,
        claims=len(outcomes),
        as_expected=sum(o["verdict"] == o["expected"] for o in outcomes),
        timed_out=sum(bool(o["timed_out"]) for o in outcomes),
    )
    return run, outcomes


def measure(*, jobs: int, repeats: int, timeout: float) -> CatalogueTiming:
    runs: list[Run] = []
    seconds: dict[str, list[float]] = {}
    last: dict[str, dict[str, object]] = {}
    for _ in range(max(1, repeats)):
        run, outcomes = run_once(jobs, timeout)
        runs.append(run)
        for outcome in outcomes:
            seconds.setdefault(str(outcome["claim"]), []).append(float(outcome["seconds"]))  # type: ignore[arg-type]
            last[str(outcome["claim"])] = outcome
    times = [
        ClaimTime(
            claim=claim,
            seconds=statistics.median(values),
            verdict=str(last[claim]["verdict"]),
            expected=str(last[claim]["expected"]),
        )
        for claim, values in seconds.items()
    ]
    times.sort(key=lambda t: -t.seconds)
    return CatalogueTiming(jobs=jobs, timeout=timeout, runs=tuple(runs), slowest=tuple(times[:SLOWEST]))


def compare(*, against: str, jobs: int, repeats: int, timeout: float) -> list[tuple[Run, Run]]:
    """Runs of this project and of revision ``against``, side by side: (this, that) per pair."""
    pairs: list[tuple[Run, Run]] = []
    with tempfile.TemporaryDirectory(prefix="catalogue-against-") as folder:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", against], cwd=_project_root(), capture_output=True, check=False
        )
        if archive.returncode != 0:
            raise RuntimeError(f"git archive {against} failed: {archive.stderr.decode().strip()}")
        archive_path = Path(folder) / "revision.tar"
        archive_path.write_bytes(archive.stdout)
        with tarfile.open(archive_path) as tar:
            tar.extractall(Path(folder) / "tree", filter="data")
        for _ in range(max(1, repeats)):
            this, _ = run_once(jobs, timeout)
            that, _ = run_once(jobs, timeout, root=str(Path(folder) / "tree"))
            pairs.append((this, that))
    return pairs


def render_comparison(pairs: list[tuple[Run, Run]], against: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    table = Table(title=f"This tree against {against}, one run of each in turn")
    for header in ("pair", "CPU s", f"CPU s ({against})", "CPU ratio", "verify s", f"verify s ({against})", "ratio"):
        table.add_column(header, justify="right")
    for number, (this, that) in enumerate(pairs, start=1):
        table.add_row(
            str(number),
            f"{this.cpu_seconds:.1f}",
            f"{that.cpu_seconds:.1f}",
            f"{this.cpu_seconds / that.cpu_seconds:.2f}",
            f"{this.verify_seconds:.2f}",
            f"{that.verify_seconds:.2f}",
            f"{this.verify_seconds / that.verify_seconds:.2f}",
        )
    console.print(table)
    cpu = statistics.median(this.cpu_seconds / that.cpu_seconds for this, that in pairs)
    wall = statistics.median(this.verify_seconds / that.verify_seconds for this, that in pairs)
    console.print(f"median ratio: CPU {cpu:.2f}, verify_all wall time {wall:.2f}", highlight=False)


# --- output -------------------------------------------------------------------------


def render(timing: CatalogueTiming, found: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    runs = Table(title=f"Whole catalogue, cold, verify_all(jobs={timing.jobs}), per-claim limit {timing.timeout:g} s")
    headers = ("run", "verify s", "process s", "imports s", "claims' own s", "CPU s", "load")
    for header in (*headers, "as expected", "timed out"):
        runs.add_column(header, justify="right")
    for number, run in enumerate(timing.runs, start=1):
        runs.add_row(
            str(number),
            f"{run.verify_seconds:.2f}",
            f"{run.process_seconds:.2f}",
            f"{run.import_seconds:.2f}",
            f"{run.work_seconds:.1f}",
            f"{run.cpu_seconds:.1f}",
            "-" if run.load is None else f"{run.load:.1f}",
            f"{run.as_expected}/{run.claims}",
            str(run.timed_out),
        )
    console.print(runs)
    console.print(
        f"verify_all: median {timing.median_seconds:.2f} s, min {timing.min_seconds:.2f} s; "
        f"whole process: median {timing.median_process_seconds:.2f} s, min {timing.min_process_seconds:.2f} s "
        f"({len(timing.runs)} run(s))",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"CPU time {timing.median_cpu_seconds:.1f} s (median): on {timing.jobs} idle cores the run could take "
        f"about {timing.median_cpu_seconds / timing.jobs:.1f} s; claims' own wall times add up to more than "
        "the CPU time when other work shares the cores (see the load)",
        highlight=False,
        soft_wrap=True,
    )
    console.print(timing.verdict_line(), highlight=False)
    slowest = Table(title=f"The {len(timing.slowest)} slowest claims (own seconds, median over the runs)")
    for header in ("claim", "seconds", "verdict", "expected"):
        slowest.add_column(header, justify="left" if header == "claim" else "right")
    for claim in timing.slowest:
        slowest.add_row(claim.claim, f"{claim.seconds:.2f}", claim.verdict, claim.expected)
    console.print(slowest)
    console.print("machine: " + ", ".join(f"{k} {v}" for k, v in found.items()), highlight=False, soft_wrap=True)


def to_json(timing: CatalogueTiming, found: dict[str, str]) -> dict[str, object]:
    return {
        "jobs": timing.jobs,
        "timeout": timing.timeout,
        "target_seconds": timing.target_seconds,
        "median_seconds": timing.median_seconds,
        "min_seconds": timing.min_seconds,
        "median_process_seconds": timing.median_process_seconds,
        "min_process_seconds": timing.min_process_seconds,
        "median_work_seconds": timing.median_work_seconds,
        "median_cpu_seconds": timing.median_cpu_seconds,
        "within_target": timing.within_target,
        "runs": [asdict(r) for r in timing.runs],
        "slowest": [asdict(c) for c in timing.slowest],
        "machine": found,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.catalogue", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"worker processes (default {JOBS})")
    parser.add_argument("--repeats", type=int, help=f"cold repetitions, median and min (default {REPEATS})")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help=f"time limit per claim (default {TIMEOUT:g})")
    parser.add_argument("--quick", action="store_true", help="default 1 repetition")
    parser.add_argument("--against", metavar="REV", help="compare with this git revision, run by run")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.jobs, args.timeout)
        return 0
    repeats = args.repeats if args.repeats is not None else 1 if args.quick else REPEATS
    if args.against:
        pairs = compare(against=args.against, jobs=args.jobs, repeats=repeats, timeout=args.timeout)
        if args.json:
            print(json.dumps([{"this": asdict(a), "against": asdict(b)} for a, b in pairs], indent=2))
        else:
            render_comparison(pairs, args.against)
        return 0
    from bench.proof_cost import machine

    timing = measure(jobs=args.jobs, repeats=repeats, timeout=args.timeout)
    found = {**machine(), "jobs": str(args.jobs)}
    if args.json:
        print(json.dumps(to_json(timing, found), indent=2))
    else:
        render(timing, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
