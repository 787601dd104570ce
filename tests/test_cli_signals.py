"""Signals and orphans: however the run ends, no worker survives it.

Each test starts ``verify-derivations`` in its own process with a prover that stalls for
ten minutes (so both workers are busy), signals it, and looks for its workers in /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from processes import children, running, wait_for

# The real console script, with a prover that never finishes: the workers are busy.
STALLING = (
    "import time; from verifier import engine; "
    "engine.prove = lambda *args, **kwargs: time.sleep(600); "
    "from verifier.cli import entry_point; entry_point()"
)
CLAIMS = (
    '[symbols]\nx = "real"\n'
    '[[claim]]\nid = "a"\nstatement = "x + 1 > x"\n'
    '[[claim]]\nid = "b"\nstatement = "x + 2 > x"\n'
)


def start(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """The command on two slow claims with two workers, once both workers run."""
    path = tmp_path / "slow.claims.toml"
    path.write_text(CLAIMS)
    process = subprocess.Popen(
        [sys.executable, "-c", STALLING, "check", str(path), "--jobs", "2", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: len(children(process.pid)) >= 2, 60), "the workers did not start"
    return process, children(process.pid)


def stop_leftovers(workers: set[int]) -> None:
    for pid in workers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize(
    ("signum", "status", "line"),
    [
        (signal.SIGTERM, 143, "verify-derivations: terminated (SIGTERM)\n"),
        (signal.SIGHUP, 129, "verify-derivations: terminated (SIGHUP)\n"),
        (signal.SIGINT, 130, "verify-derivations: interrupted\n"),
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_ends_the_run_and_its_workers(tmp_path: Path, signum: int, status: int, line: str) -> None:
    """SIGTERM, SIGHUP and SIGINT end the run with one line and 128 + the signal; no worker survives."""
    process, workers = start(tmp_path)
    try:
        process.send_signal(signum)
        _, error = process.communicate(timeout=60)
        assert process.returncode == status
        assert error == line
        assert wait_for(lambda: not any(running(pid) for pid in workers), 10), "a worker survived"
    finally:
        process.kill()
        stop_leftovers(workers)


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL leaves the parent no chance to clean up: the workers notice and end by themselves."""
    process, workers = start(tmp_path)
    try:
        process.kill()
        process.communicate(timeout=60)
        assert wait_for(lambda: not any(running(pid) for pid in workers), 10), "a worker outlived its parent"
    finally:
        stop_leftovers(workers)
