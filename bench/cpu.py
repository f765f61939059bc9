"""CPU time of processes on this machine (Linux: /proc), for the benchmarks' per-request costs."""

from __future__ import annotations

import contextlib
import os
import resource
from pathlib import Path

import psycopg


def _velden(stat: str) -> list[str]:
    """The fields of a /proc stat line after the process's name (the state first, the parent's pid second)."""
    return stat.rsplit(")", 1)[1].split()


def _ticks(velden: list[str]) -> int:
    return int(velden[11]) + int(velden[12])


def cpu_seconden(pid: int, draad: int | None = None) -> float:
    """The CPU time a process (or one of its threads) used so far, user and system."""
    stat = Path(f"/proc/{pid}/stat" if draad is None else f"/proc/{pid}/task/{draad}/stat")
    return _ticks(_velden(stat.read_text())) / os.sysconf("SC_CLK_TCK")


def kinderen_cpu_seconden() -> float:
    """The CPU time of this process's children that have ended and been waited for (e.g. a load generator's runs)."""
    gebruik = resource.getrusage(resource.RUSAGE_CHILDREN)
    return gebruik.ru_utime + gebruik.ru_stime


def postmaster(url: str) -> int:
    """The pid of the PostgreSQL server behind `url` (the parent of a backend), which must run on this machine."""
    with psycopg.connect(url) as conn:
        backend = int((conn.execute("SELECT pg_backend_pid()").fetchone() or (0,))[0])
    return int(_velden(Path(f"/proc/{backend}/stat").read_text())[1])


def database_cpu_seconden(server: int) -> float:
    """The CPU time the PostgreSQL server `server` (its postmaster's pid) and its processes used so far: those
    still running (a backend that exited takes its time with it); other servers on the machine are not counted."""
    totaal = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                velden = _velden((proc / "stat").read_text())
                if int(proc.name) == server or int(velden[1]) == server:
                    totaal += _ticks(velden)
    return totaal / os.sysconf("SC_CLK_TCK")
