"""Every benchmark in one command: ``python -m bench``.

Runs, one after the other, each in its own interpreter (never at the same time, so
they do not compete for cores):

- ``checkers``: gradient checkers compared (this project's, torch, JAX, numdifftools,
  SciPy; a package that is not installed is a row saying so);
- ``proof_cost``: fixed-size proof time against K, beside the symbolic-K proof;
- ``catalogue``: the cold wall time of verifying the whole catalogue, against the target;
- ``soundness``: mutants of every proved claim, and false claims of known classes:
  refuted, undecided, proved (must be 0).

``--only checkers,catalogue`` picks some; ``--quick`` is passed to each (a fast, smaller
run); ``--json`` prints one JSON document with each bench's document under its name.
A bench that fails is reported as such (an error under its name with ``--json``; its
traceback on standard error), the others still run, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCHES = ("checkers", "proof_cost", "catalogue", "soundness")


def _names(text: str) -> list[str]:
    names = [name.strip().replace("-", "_") for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown bench {', '.join(unknown)} (expected some of {', '.join(BENCHES)})")
    return names


def _run(name: str, argv: list[str], capture: bool) -> tuple[int, str]:
    """Run one bench in its own interpreter; its exit status and, when captured, its output.

    Its own process, so that threads torch or JAX start in one bench are not there when
    the next one forks its workers, and a crash stays in its bench.
    """
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", f"bench.{name}", *argv]
    finished = subprocess.run(command, stdout=subprocess.PIPE if capture else None, text=True, env=env, check=False)
    return finished.returncode, finished.stdout or ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", type=_names, default=list(BENCHES), metavar="NAMES", help=f"comma-separated, from {','.join(BENCHES)}"
    )
    parser.add_argument("--quick", action="store_true", help="a fast, smaller run of each bench")
    parser.add_argument("--json", action="store_true", help="one JSON document, each bench's under its name")
    parser.add_argument("--jobs", type=int, help="worker processes for the catalogue bench (default 2)")
    args = parser.parse_args(argv)

    documents: dict[str, object] = {}
    failed = False
    for name in [n for n in BENCHES if n in args.only]:
        bench_argv = (["--quick"] if args.quick else []) + (["--json"] if args.json else [])
        if name == "catalogue" and args.jobs is not None:
            bench_argv += ["--jobs", str(args.jobs)]
        if not args.json:
            from rich.console import Console

            Console().rule(f"python -m bench.{name} {' '.join(bench_argv)}".strip())
        start = time.perf_counter()
        status, printed = _run(name, bench_argv, capture=args.json)
        seconds = time.perf_counter() - start
        if status != 0:
            failed = True
            message = f"python -m bench.{name} exited with status {status} (its error is on standard error)"
            if args.json:
                documents[name] = {"error": message, "bench_seconds": seconds}
            else:
                print(message, file=sys.stderr)
            continue
        if args.json:
            try:
                documents[name] = {**json.loads(printed), "bench_seconds": seconds}
            except json.JSONDecodeError as error:
                failed = True
                documents[name] = {"error": f"no JSON document in its output ({error})", "bench_seconds": seconds}
        else:
            print(f"({name}: {seconds:.0f} s)")
    if args.json:
        print(json.dumps(documents, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
