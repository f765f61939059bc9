"""The embedded servers as real processes: they die with their parent, a later start stops the ones a killed
parent left running, and a pid file whose pid now names another process gets nobody killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from adapters.embedded import (
    DataDirBezet,
    DataDirSlot,
    EmbeddedNats,
    EmbeddedPostgres,
    _nats_server,
    vrije_poort,
    wacht_op_poort,
)

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts processes through /proc")


def _op(map: Path) -> Iterator[tuple[int, str]]:
    """Pid and program name of each running process whose arguments name `map` or a path under it."""
    for proc in Path("/proc").iterdir():
        try:
            argumenten = (proc / "cmdline").read_bytes().decode().split("\0") if proc.name.isdigit() else []
        except OSError:
            continue  # gone meanwhile
        if any(a == str(map) or a.startswith(f"{map}/") for a in argumenten):  # a zombie has no arguments left
            yield int(proc.name), Path(argumenten[0]).name


def draaiend_op(map: Path) -> Counter[str]:
    """The running processes whose arguments name `map` or a path under it, counted by program name."""
    return Counter(programma for _, programma in _op(map))


def leeft(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wacht_tot(voorwaarde: object, timeout: float = 30.0) -> bool:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if callable(voorwaarde) and voorwaarde():
            return True
        time.sleep(0.1)
    return False


def ruim_op(map: Path) -> None:
    """Stops what still runs on `map` after a test (PostgreSQL by an immediate shutdown, the rest killed)."""
    for pid, programma in _op(map):
        if programma in ("postgres", "nats-server"):
            os.kill(pid, signal.SIGQUIT if programma == "postgres" else signal.SIGKILL)
            wacht_tot(lambda pid=pid: not leeft(pid), 10)


@pytest.fixture
def map(tmp_path: Path) -> Iterator[Path]:
    """A data directory; whatever a test leaves running on it is stopped afterwards."""
    yield tmp_path
    ruim_op(tmp_path)


def geinitialiseerd(data_dir: Path) -> EmbeddedPostgres:
    """A PostgreSQL data directory made (and the server stopped again) by the code under test."""
    server = EmbeddedPostgres(data_dir)
    server.start()
    server.stop()
    return server


def kan_verbinden(url: str) -> bool:
    with psycopg.connect(url, connect_timeout=10) as conn:
        return conn.execute("SELECT 1").fetchone() == (1,)


STARTER = """
import sys, time
from pathlib import Path
from adapters.embedded import EmbeddedNats, EmbeddedPostgres
map = Path(sys.argv[1])
EmbeddedPostgres(map / "postgres").start()
EmbeddedNats(map / "nats").start()
print("klaar", flush=True)
time.sleep(600)
"""


def test_de_servers_sterven_met_hun_ouder(map: Path) -> None:
    ouder = subprocess.Popen([sys.executable, "-c", STARTER, str(map)], stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert ouder.stdout is not None and ouder.stdout.readline().strip() == "klaar"
    assert draaiend_op(map)["postgres"] == 1 and draaiend_op(map)["nats-server"] == 1

    ouder.kill()  # kill -9: no finally block, no signal handler runs
    ouder.wait()
    assert wacht_tot(lambda: not draaiend_op(map)), draaiend_op(map)
    assert not (map / "postgres" / "postmaster.pid").exists()  # a fast shutdown, not a crash


def test_een_achtergebleven_server_wordt_bij_de_volgende_start_gestopt(map: Path) -> None:
    """Servers that did not die with their parent (started the old way: pg_ctl daemonises PostgreSQL; a
    nats-server with a pid file in its own session) are stopped by the next start, not joined by a second."""
    pg = geinitialiseerd(map / "postgres")
    opties = f"-h 127.0.0.1 -p {vrije_poort()} -k {pg.data_dir}"
    subprocess.run(  # noqa: S603
        [pg.bin / "pg_ctl", "-D", pg.data_dir, "-o", opties, "-l", pg.log_bestand, "-w", "start"],
        user=pg.gebruiker,
        check=True,
        capture_output=True,
    )
    oude_pg = int((pg.data_dir / "postmaster.pid").read_text().split()[0])
    nats = EmbeddedNats(map / "nats")
    nats.data_dir.mkdir()
    oude_nats_poort = vrije_poort()
    adres = ["-a", "127.0.0.1", "-p", str(oude_nats_poort)]
    oude_nats = subprocess.Popen(  # noqa: S603
        [_nats_server(), *adres, "-js", "-sd", str(nats.data_dir), "-P", str(nats.pid_bestand)],
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )
    wacht_op_poort(oude_nats_poort)
    assert leeft(oude_pg) and draaiend_op(map) == Counter({"postgres": 1, "nats-server": 1})

    nieuw = EmbeddedPostgres(map / "postgres")
    nieuw.start()
    nats.start()
    try:
        assert not leeft(oude_pg)
        assert oude_nats.wait(5) is not None
        assert draaiend_op(map) == Counter({"postgres": 1, "nats-server": 1})
        assert kan_verbinden(nieuw.url)
    finally:
        nats.stop()
        nieuw.stop()
    assert not draaiend_op(map)


def test_een_verouderd_pidbestand_doodt_geen_ander_proces(map: Path) -> None:
    """Pid files whose pid now belongs to another process: a `sleep` of the same user (PostgreSQL would take
    it for a running server) and a nats-server on another directory. Both live on; the servers start."""
    pg = geinitialiseerd(map / "postgres")
    slaper = subprocess.Popen(["sleep", "300"], user=pg.gebruiker)  # noqa: S607
    ander = EmbeddedNats(map / "ander" / "nats")
    ander.start()
    try:
        assert ander.proces is not None
        nu, poort = int(time.time()), vrije_poort()
        (pg.data_dir / "postmaster.pid").write_text(
            f"{slaper.pid}\n{pg.data_dir}\n{nu}\n{poort}\n{pg.data_dir}\n127.0.0.1\n  1234  5678\nready   \n"
        )
        nats = EmbeddedNats(map / "nats")
        nats.data_dir.mkdir()
        nats.pid_bestand.write_text(f"{ander.proces.pid}")

        pg.start()
        nats.start()
        try:
            assert slaper.poll() is None and ander.proces.poll() is None
            assert kan_verbinden(pg.url)
            assert draaiend_op(map / "postgres")["postgres"] == 1 and draaiend_op(map / "nats")["nats-server"] == 1
        finally:
            nats.stop()
            pg.stop()
    finally:
        ander.stop()
        slaper.kill()
        slaper.wait()


RACE = """
import os, signal, subprocess, sys, time
from adapters.processen import sterf_met_ouder
voor_exec = sterf_met_ouder(signal.SIGTERM)
assert voor_exec is not None
def ouder_sterft_eerst():
    ouder = os.getppid()
    os.kill(ouder, signal.SIGKILL)
    while os.getppid() == ouder:
        time.sleep(0.01)
    voor_exec()
subprocess.Popen(["sleep", sys.argv[1]], preexec_fn=ouder_sterft_eerst)
"""


def test_een_kind_waarvan_de_ouder_al_dood_is_start_niet() -> None:
    """The parent dies between the fork and the prctl call: the signal would never come, so the child must
    not start (an orphaned server) at all."""
    kenmerk = f"299.{uuid.uuid4().int % 10**9}"  # a unique `sleep` to look for
    ouder = subprocess.Popen([sys.executable, "-c", RACE, kenmerk])  # noqa: S603
    assert ouder.wait(30) == -signal.SIGKILL

    def slapers() -> list[int]:
        return [
            int(p.name)
            for p in Path("/proc").glob("[0-9]*")
            if (p / "cmdline").exists() and _lees(p / "cmdline") == f"sleep\0{kenmerk}\0"
        ]

    time.sleep(1.0)
    gevonden = slapers()
    for pid in gevonden:
        os.kill(pid, signal.SIGKILL)
    assert gevonden == []


def _lees(pad: Path) -> str:
    try:
        return pad.read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_een_data_dir_heeft_een_houder(tmp_path: Path) -> None:
    with DataDirSlot(tmp_path), pytest.raises(DataDirBezet, match=f"pid {os.getpid()}"), DataDirSlot(tmp_path):
        pass
    with DataDirSlot(tmp_path):  # released with its holder
        pass
