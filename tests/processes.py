"""Finding a process's children and whether they still run, without psutil (Linux /proc, else pgrep)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

PROC = Path("/proc")


def children(pid: int) -> set[int]:
    """The process ids of ``pid``'s children."""
    if (PROC / "self").exists():
        found: set[int] = set()
        for listing in (PROC / str(pid) / "task").glob("*/children"):
            try:
                found.update(int(child) for child in listing.read_text().split())
            except OSError:
                pass  # the thread or the process ended meanwhile
        return found
    result = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return {int(line) for line in result.stdout.split()}


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a zombie runs nothing; its reaper may be slow)."""
    if (PROC / "self").exists():
        try:
            stat = (PROC / str(pid) / "stat").read_text()
        except OSError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    result = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip()) and not result.stdout.strip().startswith("Z")


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it holds or ``seconds`` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())
