"""Server processes that die with their parent, and finding and stopping those a killed parent left running."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
PROC = Path("/proc")


def sterf_met_ouder(signaal: signal.Signals) -> Callable[[], None] | None:
    """A `preexec_fn` that has the kernel send `signaal` to the child when its parent dies (Linux prctl
    PR_SET_PDEATHSIG); None where the platform lacks it, or off the main thread: the kernel ties the signal
    to the thread that started the child, and a worker thread may end long before the process does.

    subprocess runs the function after it changed the child's user (`user=`), which would clear the
    setting; exec keeps it. If the parent died before the prctl call, nobody sends the signal: the child
    then exits instead of starting an orphaned server. It takes no lock between fork and exec (the prctl
    function is looked up beforehand), which is what makes a `preexec_fn` unsafe with threads."""
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before the fork
    ouder = os.getpid()

    def voor_exec() -> None:
        if prctl(PR_SET_PDEATHSIG, int(signaal), 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != ouder:
            os._exit(1)

    return voor_exec


def _ps(pid: int, veld: str) -> str:
    """One field of `ps` for a process, where there is no /proc; empty when it does not exist."""
    uit = subprocess.run(["ps", "-o", f"{veld}=", "-p", str(pid)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    return uit.stdout.strip()


def leeft(pid: int) -> bool:
    """Whether the process runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    if PROC.is_dir():
        try:
            stat = (PROC / str(pid) / "stat").read_text()
        except OSError:
            return False
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    toestand = _ps(pid, "stat")
    return bool(toestand) and not toestand.startswith("Z")


def opdrachtregel(pid: int) -> list[str]:
    """The process's arguments, the program first; empty when it is gone."""
    if PROC.is_dir():
        try:
            ruw = (PROC / str(pid) / "cmdline").read_bytes()
        except OSError:
            return []
        return [a.decode(errors="replace") for a in ruw.split(b"\0")[:-1]]
    return _ps(pid, "command").split()


def _werkmap(pid: int) -> Path | None:
    with contextlib.suppress(OSError):
        return (PROC / str(pid) / "cwd").resolve(strict=True)
    return None


def draait_op(pid: int, programma: str, map: Path) -> bool:
    """Whether `pid` is `programma` working on directory `map`: named in its arguments, or its working
    directory (PostgreSQL moves into its data directory). A pid file's pid reused by another process is not."""
    argumenten = opdrachtregel(pid)
    if not argumenten or Path(argumenten[0]).name != programma or not leeft(pid):
        return False
    return str(map) in argumenten or _werkmap(pid) == map


def processen_op(programma: str, map: Path) -> list[int]:
    """Every running `programma` that names `map` in its arguments (Linux; elsewhere none are found)."""
    if not PROC.is_dir():
        return []
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit() and draait_op(int(p.name), programma, map)]


def lees_pid(pid_bestand: Path) -> int | None:
    """The pid on the first line of a pid file; None when there is no (readable) one."""
    try:
        return int(pid_bestand.read_text().split("\n", 1)[0].strip())
    except (OSError, ValueError):
        return None


def wacht_tot_weg(pid: int, timeout: float) -> bool:
    einde = time.monotonic() + timeout
    while leeft(pid):
        if time.monotonic() > einde:
            return False
        time.sleep(0.05)
    return True


def stop_proces(pid: int, signalen: list[tuple[signal.Signals, float]]) -> None:
    """Sends each signal in turn until the process is gone, waiting at most its seconds after each."""
    for signaal, timeout in signalen:
        try:
            os.kill(pid, signaal)
        except ProcessLookupError:
            return
        if wacht_tot_weg(pid, timeout):
            return
        log.warning("pid %s still runs %ss after %s", pid, timeout, signaal.name)
    raise RuntimeError(f"could not stop pid {pid}")
