"""Freshness: from a command's answer to its case visible in the werkvoorraad, the read waiting on its position.

    python -m bench.versheid [--seconden 30] [--per-seconde 100 50] [--rondes 2] [--klant asyncio httpx]
                             [--instelling DOORBRAAK_X=WAARDE] [--database-url URL] [--limiet 900]

Starts `doorbraak serve` as shipped (one region, read models and their projection in the process) on the
given PostgreSQL, and sends `--per-seconde` registrations a second for `--seconden`; after each answer it
asks the werkvoorraad for one row with `na_positie` set to the command's position (the read waits, bounded,
until the projection has it). Every second command's read goes without `na_positie`: the same read without
waiting, under the same load, is the floor a fresh read is measured against. Each rate and load generator
gets `--rondes` rounds, interleaved. Prints per round p50 and p99 of both and the load average, and per
command the CPU, wake-ups and preemptions of the service and of the load generator, and the WAL rate and
checkpoints of the whole PostgreSQL server (other clients of it make tails too).

The load generator (`--klant asyncio`) is raw HTTP/1.1 in one event loop, a fraction of the CPU of a client
library: it shares the machine with the service, and its own delays count in what it measures. `--klant
httpx` is the earlier one (httpx in 16 threads), for comparison in the same run.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from adapters.embedded import vrije_poort, wacht_op_poort
from adapters.http import voorbeelden
from adapters.tokens import Gebruiker, maak_token
from bench import grens
from bench.servers import belasting, postgres, verwijder_schemas
from domain.rollen import Rol

REGIO = "hart-van-brabant"
SLEUTEL = "bench-sleutel-van-minstens-tweeendertig-tekens"
CLIENTS = 16
IDLE = 3.0
"""Seconds a kept-alive connection may have been idle to be used again."""


def percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, max(0, int(len(geordend) * p) - 1))]


@dataclass(frozen=True)
class Verbruik:
    """What a process used so far: CPU seconds, and per thread how often it gave up the CPU to wait (each one a
    wake-up later) and how often it was taken off it."""

    cpu: float
    draden: dict[int, tuple[int, int]]

    @classmethod
    def van(cls, pid: int) -> Verbruik:
        velden = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        cpu = (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")
        draden = {}
        for taak in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError):  # a thread that ended meanwhile
                status = dict(r.split(":", 1) for r in (taak / "status").read_text().splitlines() if ":" in r)
                draden[int(taak.name)] = (
                    int(status["voluntary_ctxt_switches"]),
                    int(status["nonvoluntary_ctxt_switches"]),
                )
        return cls(cpu, draden)

    def wisselingen(self, eerder: Verbruik) -> tuple[int, int]:
        """Wake-ups and preemptions since `eerder` of the threads there now (a thread that ended meanwhile takes
        its count with it)."""
        nul = (0, 0)
        return (
            sum(nu[0] - eerder.draden.get(tid, nul)[0] for tid, nu in self.draden.items()),
            sum(nu[1] - eerder.draden.get(tid, nul)[1] for tid, nu in self.draden.items()),
        )

    def per(self, eerder: Verbruik, aantal: int) -> str:
        """Per command since `eerder`: CPU milliseconds, wake-ups, preemptions (of the threads still there now;
        one that ended meanwhile is not counted)."""
        wachtend, verdrongen = self.wisselingen(eerder)
        return (
            f"{(self.cpu - eerder.cpu) * 1000 / aantal:4.1f} ms CPU, {wachtend / aantal:4.1f} wake-ups, "
            f"{verdrongen / aantal:4.1f} preempted"
        )


@dataclass(frozen=True)
class Databank:
    """What the PostgreSQL server as a whole did so far (every client of it, this benchmark's and others'):
    bytes of WAL written and checkpoints."""

    wal: int
    checkpoints: int

    @classmethod
    def van(cls, url: str) -> Databank:
        with psycopg.connect(url, autocommit=True) as conn:
            versie = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()
            # PostgreSQL 17 moved the checkpoint counts to a view of their own
            checkpoints = (
                "SELECT num_timed + num_requested FROM pg_stat_checkpointer"
                if versie is not None and versie[0] >= 170000
                else "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter"
            )
            wal = conn.execute("SELECT pg_current_wal_lsn() - '0/0'").fetchone()
            aantal = conn.execute(checkpoints).fetchone()
        assert wal is not None and aantal is not None
        return cls(int(wal[0]), int(aantal[0]))

    def sinds(self, eerder: Databank, seconden: float) -> str:
        return (
            f"PostgreSQL (all its clients) {(self.wal - eerder.wal) / seconden / 1e6:.1f} MB WAL/s, "
            f"{self.checkpoints - eerder.checkpoints} checkpoints"
        )


class Meting:
    """Per command: the time from its answer to the werkvoorraad's answer, with and without waiting."""

    def __init__(self) -> None:
        self.vers: list[float] = []
        self.vloer: list[float] = []
        self._slot = threading.Lock()

    def voeg_toe(self, wachtend: bool, seconden: float) -> None:
        with self._slot:
            (self.vers if wachtend else self.vloer).append(seconden)

    def regel(self, per_seconde: float, duur: float, verbruik: str) -> str:
        def ms(waarden: list[float], p: float) -> str:
            return f"{percentiel(waarden, p) * 1000:6.1f}"

        vers_p50, vers_p99 = statistics.median(self.vers) * 1000, percentiel(self.vers, 0.99) * 1000
        return (
            f"{per_seconde:5.0f}/s asked, {(len(self.vers) + len(self.vloer)) / duur:5.1f}/s sent | fresh read "
            f"p50 {vers_p50:5.1f} ms p99 {vers_p99:6.1f} ms ({len(self.vers)}) | same read without waiting p50 "
            f"{ms(self.vloer, 0.5)} ms p99 {ms(self.vloer, 0.99)} ms | targets p50 <= 10, p99 <= 50: "
            f"{'met' if vers_p50 <= 10 and vers_p99 <= 50 else 'NOT met'} | load {belasting()}\n"
            f"    per command with its read: {verbruik}"
        )


class Dienst:
    """`doorbraak serve` in a process of its own (stopped with the run), its stderr kept in a file."""

    def __init__(self, url: str, prefix: str, logboek: Path, instellingen: dict[str, str] | None = None) -> None:
        self.url, self.poort = url, vrije_poort()
        self.logboek = logboek
        self._stderr = logboek.open("w")
        self.proces = grens.start(
            [str(Path(sys.executable).parent / "doorbraak"), "serve"],
            env=_omgeving(url, prefix, self.poort) | (instellingen or {}),
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        self.basis = f"http://127.0.0.1:{self.poort}"
        token = maak_token(Gebruiker(naam="bench", rol=Rol.TRIAGIST, regios=(REGIO,)), SLEUTEL, "doorbraak")
        self.koppen = {"Authorization": f"Bearer {token}"}

    def wacht(self) -> None:
        einde = time.monotonic() + 60
        while time.monotonic() < einde:
            self.controleer()
            try:
                wacht_op_poort(self.poort, 1)
                return
            except TimeoutError:
                continue
        raise grens.WerkerMislukt("doorbraak serve", -1, f"{self.logboek.read_text()}\n(no answer within 60 s)")

    def controleer(self) -> None:
        """Raises WerkerMislukt with its stderr when the service has exited."""
        if self.proces.poll() is not None:
            raise grens.WerkerMislukt("doorbraak serve", self.proces.returncode, self.logboek.read_text())

    def stop(self) -> None:
        self.proces.terminate()
        try:
            self.proces.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proces.pid, signal.SIGKILL)
            self.proces.wait()
        self._stderr.close()


def _omgeving(url: str, prefix: str, poort: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    env.update(
        DOORBRAAK_DATABASE_URL=url,
        DOORBRAAK_SCHEMA_PREFIX=prefix,
        DOORBRAAK_PORT=str(poort),
        DOORBRAAK_JWT_SLEUTEL=SLEUTEL,
        DOORBRAAK_REGIOS=f'["{REGIO}"]',
        DOORBRAAK_NATS_URL="nats://127.0.0.1:1",
    )
    return env


class Verbinding:
    """One keep-alive HTTP/1.1 connection to the service: a request written whole, its answer read by its
    Content-Length. A few lines of asyncio instead of a client library: the load generator shares the
    machine's cores with the service, and its own CPU and scheduling delays count in what it measures."""

    def __init__(self, lezer: asyncio.StreamReader, schrijver: asyncio.StreamWriter) -> None:
        self.lezer, self.schrijver = lezer, schrijver
        self.gebruikt = time.monotonic()

    @property
    def bruikbaar(self) -> bool:
        """Still open, and not idle for so long that the server may be closing it (uvicorn: after 5 s)."""
        return not self.lezer.at_eof() and time.monotonic() - self.gebruikt < IDLE

    async def vraag(self, verzoek: bytes) -> tuple[int, dict[str, str]]:
        """Sends `verzoek`; the answer's status and headers (its body is read and dropped)."""
        self.schrijver.write(verzoek)
        kop = await self.lezer.readuntil(b"\r\n\r\n")
        regels = kop.decode("latin-1").split("\r\n")
        status = int(regels[0].split()[1])
        koppen = {k.strip().lower(): v.strip() for k, _, v in (r.partition(":") for r in regels[1:] if r)}
        if "content-length" not in koppen:
            raise RuntimeError(f"an answer without Content-Length: {regels[0]}")
        await self.lezer.readexactly(int(koppen["content-length"]))
        self.gebruikt = time.monotonic()
        return status, koppen


class Klant:
    """Registrations and reads of the werkvoorraad over a pool of keep-alive connections, in one event loop."""

    def __init__(self, dienst: Dienst) -> None:
        self.poort = dienst.poort
        self.vrij: list[Verbinding] = []
        kop = f"Host: 127.0.0.1:{dienst.poort}\r\nAuthorization: {dienst.koppen['Authorization']}\r\n"
        body = json.dumps(voorbeelden.AANMELDING).encode()
        self.post = (
            f"POST /regios/{REGIO}/casussen HTTP/1.1\r\n{kop}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        self.get = f"GET /regios/{REGIO}/werkvoorraad?per_pagina=1{{}} HTTP/1.1\r\n{kop}\r\n"

    async def verbinding(self) -> Verbinding:
        while self.vrij:
            verbinding = self.vrij.pop()
            if verbinding.bruikbaar:
                return verbinding
            verbinding.schrijver.close()
        return Verbinding(*await asyncio.open_connection("127.0.0.1", self.poort))

    async def een(self, i: int, meting: Meting) -> None:
        """A registration, then the werkvoorraad: waiting on its position for even `i`, without for odd."""
        verbinding = await self.verbinding()
        status, koppen = await verbinding.vraag(self.post)
        klaar = time.perf_counter()
        if status != 201:
            raise RuntimeError(f"the registration answered {status}")
        wachtend = i % 2 == 0
        extra = f"&na_positie={koppen['x-doorbraak-positie']}" if wachtend else ""
        status, koppen = await verbinding.vraag(self.get.format(extra).encode())
        gezien = time.perf_counter()
        if status != 200:
            raise RuntimeError(f"the werkvoorraad answered {status}")
        if wachtend and koppen.get("x-doorbraak-actueel") != "true":
            raise RuntimeError("the werkvoorraad did not catch up within its wait")
        meting.voeg_toe(wachtend, gezien - klaar)
        self.vrij.append(verbinding)

    async def ronde(self, aantal: int, per_seconde: float, meting: Meting) -> None:
        """`aantal` commands at `per_seconde`; the first that fails ends the round with its error."""
        lus = asyncio.get_running_loop()
        start = lus.time()
        try:
            async with asyncio.TaskGroup() as groep:
                for i in range(aantal):
                    await asyncio.sleep(max(0.0, start + i / per_seconde - lus.time()))
                    groep.create_task(self.een(i, meting))
        finally:
            for verbinding in self.vrij:
                verbinding.schrijver.close()


def _httpx_commando(basis: str, koppen: dict[str, str], meting: Meting) -> Callable[[int], None]:
    lokaal = threading.local()

    def client() -> httpx.Client:
        if not hasattr(lokaal, "client"):
            lokaal.client = httpx.Client(base_url=basis, headers=koppen, timeout=30)
        c: httpx.Client = lokaal.client
        return c

    def een(i: int) -> None:
        antwoord = client().post(f"/regios/{REGIO}/casussen", json=voorbeelden.AANMELDING)
        klaar = time.perf_counter()
        antwoord.raise_for_status()
        wachtend = i % 2 == 0
        vraag: dict[str, str | int] = {"per_pagina": 1}
        if wachtend:
            vraag["na_positie"] = antwoord.headers["X-Doorbraak-Positie"]
        zicht = client().get(f"/regios/{REGIO}/werkvoorraad", params=vraag)
        gezien = time.perf_counter()
        zicht.raise_for_status()
        if wachtend and zicht.headers.get("X-Doorbraak-Actueel") != "true":
            raise RuntimeError("the werkvoorraad did not catch up within its wait")
        meting.voeg_toe(wachtend, gezien - klaar)

    return een


def _httpx_ronde(dienst: Dienst, aantal: int, per_seconde: float, meting: Meting) -> None:
    """The earlier load generator: httpx in 16 threads, for comparison."""
    een = _httpx_commando(dienst.basis, dienst.koppen, meting)
    taken: list[Future[None]] = []
    start = time.perf_counter()
    pool = ThreadPoolExecutor(CLIENTS)
    try:
        for i in range(aantal):
            wachten = start + i / per_seconde - time.perf_counter()
            if wachten > 0:
                time.sleep(wachten)
            taken.append(pool.submit(een, i))
            while taken and taken[0].done():
                _uitkomst(dienst, taken.pop(0))
        for taak in taken:
            _uitkomst(dienst, taak)
    finally:
        pool.shutdown(cancel_futures=True)


def ronde(dienst: Dienst, seconden: float, per_seconde: float, klant: str = "asyncio") -> str:
    """Sends `per_seconde` commands a second for `seconden`; a command that fails ends the round with its error
    (the service's, when it exited)."""
    meting = Meting()
    aantal = int(seconden * per_seconde)
    dienst_voor, klant_voor = Verbruik.van(dienst.proces.pid), Verbruik.van(os.getpid())
    databank_voor = Databank.van(dienst.url)
    start = time.perf_counter()
    if klant == "httpx":
        _httpx_ronde(dienst, aantal, per_seconde, meting)
    else:
        try:
            asyncio.run(Klant(dienst).ronde(aantal, per_seconde, meting))
        except Exception:
            _meld_dienst(dienst)
            raise
    duur = time.perf_counter() - start
    verbruik = (
        f"serve {Verbruik.van(dienst.proces.pid).per(dienst_voor, aantal)}; "
        f"load generator ({klant}) {Verbruik.van(os.getpid()).per(klant_voor, aantal)}; "
        f"{Databank.van(dienst.url).sinds(databank_voor, duur)}"
    )
    return meting.regel(per_seconde, duur, verbruik)


def _meld_dienst(dienst: Dienst) -> None:
    """After a failed command: the service's error when it exited, else its last lines on stderr."""
    dienst.controleer()
    staart = "\n".join(dienst.logboek.read_text().splitlines()[-20:])
    print(f"doorbraak serve's last lines:\n{staart}", file=sys.stderr, flush=True)


def _uitkomst(dienst: Dienst, taak: Future[None]) -> None:
    try:
        taak.result()
    except Exception:
        _meld_dienst(dienst)
        raise


def versheid(url: str, seconden: float, per_seconde: int = 100, *, rondes: int = 1) -> str:
    """Rounds at `per_seconde` commands a second against one `doorbraak serve`; their lines of figures."""
    return meet(url, seconden, [per_seconde], rondes, toon=False)


def meet(
    url: str,
    seconden: float,
    snelheden: list[int],
    rondes: int,
    klanten: tuple[str, ...] = ("asyncio",),
    *,
    toon: bool = True,
    instellingen: dict[str, str] | None = None,
) -> str:
    """Every round's line of figures (each printed as it comes with `toon`); `instellingen`: settings of serve
    other than shipped."""
    prefix = f"vers{uuid.uuid4().hex[:6]}_"
    regels = []
    with tempfile.TemporaryDirectory() as tmp:
        dienst = Dienst(url, prefix, Path(tmp) / "serve.log", instellingen)
        try:
            dienst.wacht()
            # warms the service up: its first requests load code and fill caches
            ronde(dienst, seconden=3, per_seconde=min(snelheden))
            for nummer in range(1, rondes + 1):
                for per_seconde in snelheden:
                    for klant in klanten:
                        regel = f"freshness round {nummer}: {ronde(dienst, seconden, per_seconde, klant)}"
                        if toon:
                            print(regel, flush=True)
                        regels.append(regel)
        finally:
            dienst.stop()
            with contextlib.suppress(psycopg.OperationalError):  # no database: nothing was made in it
                verwijder_schemas(url, prefix)
    return "\n".join(regels)


def _gestopt(_signum: int, _frame: object) -> None:
    """Stopped from outside: ends the run through its `finally` blocks, which stop the service."""
    raise SystemExit(143)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconden", type=float, default=30.0, help="Duration of a round.")
    parser.add_argument("--per-seconde", type=int, nargs="+", default=[100, 50], help="Commands per second.")
    parser.add_argument("--rondes", type=int, default=2, help="Rounds of each rate, interleaved.")
    parser.add_argument(
        "--klant",
        nargs="+",
        choices=["asyncio", "httpx"],
        default=["asyncio"],
        help="Load generators, each its own rounds: raw HTTP/1.1 in one event loop, or httpx in 16 threads.",
    )
    grens.instelling_optie(parser)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    grens.limiet_optie(parser, 900)
    args = parser.parse_args()
    instellingen = dict(args.instelling)
    if instellingen:
        print(f"doorbraak serve with {', '.join(f'{n}={w}' for n, w in instellingen.items())} (not as shipped)")
    signal.signal(signal.SIGTERM, _gestopt)
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        meet(url, args.seconden, args.per_seconde, args.rondes, tuple(args.klant), instellingen=instellingen)


if __name__ == "__main__":
    main()
