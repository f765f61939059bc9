"""Benchmarks that cannot hang: a run bounds its own time, and a worker that fails ends the run with its error.

`begrensd(seconden)` wraps a whole run. When the time is up, the processes the run started through `start`
or `draai` are killed, every thread's stack is printed and the process exits with status 3. A worker
process that exits non-zero raises `WerkerMislukt` with the tail of what it wrote to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

UITGANG_TE_LAAT = 3
"""The exit status of a run that went over its time."""

_kinderen: list[subprocess.Popen[Any]] = []
_slot = threading.Lock()


class WerkerMislukt(RuntimeError):
    """A worker of the benchmark failed: the run stops with its error instead of waiting for it."""

    def __init__(self, naam: str, status: int, fout: str) -> None:
        staart = "\n".join(fout.strip().splitlines()[-25:])
        super().__init__(f"{naam} exited with status {status}:\n{staart}")
        self.status = status


def _stop_kinderen() -> None:
    with _slot:
        kinderen = list(_kinderen)
    for kind in kinderen:
        if kind.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(kind.pid, signal.SIGKILL)


def _te_laat(seconden: float) -> None:
    print(f"\nbenchmark: over its limit of {seconden:.0f} s; stopping its processes", file=sys.stderr, flush=True)
    _stop_kinderen()
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    sys.stderr.flush()
    os._exit(UITGANG_TE_LAAT)


@contextlib.contextmanager
def begrensd(seconden: float) -> Iterator[None]:
    """The block may take at most `seconden`; then the run is stopped (see the module's docstring). A stuck C
    call that keeps Python's watchdog from running is caught by faulthandler's own thread a little later."""
    wachter = threading.Timer(seconden, _te_laat, args=(seconden,))
    wachter.daemon = True
    wachter.start()
    faulthandler.dump_traceback_later(seconden + 15, exit=True)
    try:
        yield
    finally:
        wachter.cancel()
        faulthandler.cancel_dump_traceback_later()
        _stop_kinderen()


def start(args: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """`subprocess.Popen` in a process group of its own, stopped with the run (at its end or when time is up)."""
    kind: subprocess.Popen[Any] = subprocess.Popen(args, start_new_session=True, **kwargs)  # noqa: S603
    with _slot:
        _kinderen.append(kind)
    return kind


def draai(args: Sequence[str], *, seconden: float, naam: str | None = None) -> str:
    """Runs a worker process to its end within `seconden` and returns its stdout; a worker that fails or
    takes longer raises `WerkerMislukt` with its stderr."""
    kind = start(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    naam = naam or " ".join(args[:4])
    try:
        uit, fout = kind.communicate(timeout=seconden)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(kind.pid, signal.SIGKILL)
        uit, fout = kind.communicate()
        raise WerkerMislukt(naam, -9, f"{fout}\n(stopped after {seconden:.0f} s)") from None
    if kind.returncode != 0:
        raise WerkerMislukt(naam, kind.returncode, fout)
    return str(uit)


def limiet_optie(parser: argparse.ArgumentParser, standaard: float) -> None:
    """The run's `--limiet`: the seconds the whole run may take (give `begrensd` the parsed value)."""
    parser.add_argument(
        "--limiet", type=float, default=standaard, help=f"Seconds the whole run may take (default {standaard:.0f})."
    )


def instelling(tekst: str) -> tuple[str, str]:
    """One `--instelling DOORBRAAK_X=WAARDE`: a setting of `doorbraak serve` other than shipped."""
    naam, is_, waarde = tekst.partition("=")
    if not is_ or not naam.startswith("DOORBRAAK_"):
        raise argparse.ArgumentTypeError(f"{tekst!r} is not DOORBRAAK_X=WAARDE")
    return naam, waarde


def instelling_optie(parser: argparse.ArgumentParser) -> None:
    """`--instelling`, repeatable; the parsed value is a list of (name, value)."""
    parser.add_argument(
        "--instelling",
        action="append",
        type=instelling,
        default=[],
        metavar="DOORBRAAK_X=WAARDE",
        help="A setting of `doorbraak serve` other than shipped, to see what it costs "
        "(e.g. DOORBRAAK_PROJECTIES_IN_PROCES=false); repeatable.",
    )


def wacht_op_dienst(kind: subprocess.Popen[Any], poort: int, seconden: float = 60.0) -> None:
    """Waits until the served process `kind` listens on 127.0.0.1:`poort`; raises `WerkerMislukt` when it exits
    first or does not listen within `seconden`."""
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if kind.poll() is not None:
            fout = kind.stderr.read() if kind.stderr else ""
            raise WerkerMislukt(f"the service on port {poort}", kind.returncode, str(fout or ""))
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", poort)) == 0:
                return
        time.sleep(0.05)
    raise WerkerMislukt(f"the service on port {poort}", -1, f"not listening after {seconden:.0f} s")
