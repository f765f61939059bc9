"""CPU time of processes on this machine (Linux: /proc), for the benchmarks' per-request costs."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _ticks(stat: str) -> int:
    velden = stat.rsplit(")", 1)[1].split()
    return int(velden[11]) + int(velden[12])


def cpu_seconden(pid: int, draad: int | None = None) -> float:
    """The CPU time a process (or one of its threads) used so far, user and system."""
    stat = Path(f"/proc/{pid}/stat" if draad is None else f"/proc/{pid}/task/{draad}/stat")
    return _ticks(stat.read_text()) / os.sysconf("SC_CLK_TCK")


def database_cpu_seconden() -> float:
    """The CPU time all PostgreSQL processes on this machine used so far (those still running: a backend that
    exited takes its time with it)."""
    totaal = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (proc / "stat").read_text()
                if stat.split(" (", 1)[1].startswith("postgres)"):
                    totaal += _ticks(stat)
    return totaal / os.sysconf("SC_CLK_TCK")
