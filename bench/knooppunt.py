"""What a node costs by the number of regions it serves: `doorbraak serve` with the 9 built-in regions (and
their 3 networks) and with 42 regions (33 generated profiles, 8 networks), side by side.

For each it prints the start-up time (process start to the first answer of /health), the PostgreSQL
connections the process holds (idle, and the peak under a short load of registrations spread over every
region), its threads, its RSS, its idle CPU (% of one core over `--idle` seconds) and /health's p50/p99.
The node runs on a PostgreSQL with `max_connections=100` (PostgreSQL's default): an embedded one unless
`--database-url` is given. Without `--nats-url` it starts an embedded nats-server. The schemas it made are
dropped afterwards.

    ./dev bench-knooppunt [--rondes 2] [--belasting 5] [--idle 10] [--extra 33] [--limiet 900]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg
from psycopg.conninfo import conninfo_to_dict

from adapters.embedded import vrije_poort
from adapters.http import voorbeelden
from adapters.regio_catalogus import INGEBOUWDE_PROFIELEN, laad_profielen
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from bench import grens
from bench.servers import nats_server, postgres, verwijder_schemas
from domain.rollen import Rol

EXTRA_REGIOS = 33
EXTRA_NETWERKEN = 5
LIMIET = 900.0
"""Seconds the whole run may take."""


def maak_profielen(map_: Path, aantal: int = EXTRA_REGIOS, netwerken: int = EXTRA_NETWERKEN) -> list[str]:
    """Writes `aantal` region profiles into `map_`, spread over `netwerken` networks of their own; returns
    their slugs."""
    slugs = []
    for nummer in range(1, aantal + 1):
        slug, netwerk = f"proefregio-{nummer:02d}", f"proefnetwerk-{(nummer - 1) % netwerken + 1}"
        (map_ / f"{slug}.toml").write_text(
            f'slug = "{slug}"\nnaam = "Proefregio {nummer}"\nnetwerk = "{netwerk}"\n'
            f'netwerk_naam = "Proefnetwerk {netwerk[-1]}"\ngemeenten = ["{gemeente(slug)}"]\n\n'
            '[[opschalingsketen]]\nniveau = "bovenregionaal"\nnaar = "Het proefnetwerk (kernteam)"\n',
            encoding="utf-8",
        )
        slugs.append(slug)
    return slugs


def gemeente(slug: str) -> str:
    """A municipality of a generated region."""
    return f"Proefgemeente {slug.rsplit('-', 1)[-1]}"


def ingebouwde_regios() -> list[str]:
    return sorted(pad.stem for pad in INGEBOUWDE_PROFIELEN.glob("*.toml"))


def pg_verbindingen(pid: int, database_url: str) -> int:
    """The TCP connections process `pid` holds to the PostgreSQL at `database_url`."""
    poort = int(conninfo_to_dict(database_url).get("port") or 5432)
    try:
        verbindingen = psutil.Process(pid).net_connections(kind="tcp")
    except psutil.NoSuchProcess:
        return 0
    return sum(1 for v in verbindingen if v.raddr and v.raddr.port == poort and v.status == psutil.CONN_ESTABLISHED)


def _koppen(settings: Settings, rol: Rol, regios: list[str]) -> dict[str, str]:
    gebruiker = Gebruiker(naam="bench", rol=rol, regios=tuple(regios), netwerken=())
    token = maak_token(gebruiker, settings.jwt_sleutel.get_secret_value(), settings.jwt_issuer)
    return {"Authorization": f"Bearer {token}"}


def _aanmelding(gemeente: str) -> dict[str, Any]:
    body = json.loads(json.dumps(voorbeelden.AANMELDING))
    body["aanmelding"]["woonplaatsgemeente"] = gemeente
    return body


@contextmanager
def _node(database_url: str, nats_url: str, regios: list[str], profielen: Path) -> Iterator[tuple[str, int, float]]:
    """`doorbraak serve` for `regios`; yields its address, pid and start-up time, and drops its schemas after."""
    prefix, poort = f"bk{uuid.uuid4().hex[:8]}_", vrije_poort()
    omgeving = {
        **os.environ,
        "DOORBRAAK_DATABASE_URL": database_url,
        "DOORBRAAK_NATS_URL": nats_url,
        "DOORBRAAK_SCHEMA_PREFIX": prefix,
        "DOORBRAAK_REGIOS": json.dumps(regios),
        "DOORBRAAK_REGIO_PROFIELEN_DIR": str(profielen),
        "DOORBRAAK_HOST": "127.0.0.1",
        "DOORBRAAK_PORT": str(poort),
    }
    doorbraak = str(Path(sys.executable).parent / "doorbraak")
    logboek = profielen.parent / f"serve-{prefix}.log"
    begin = time.monotonic()
    with logboek.open("wb") as uitvoer:
        proces = grens.start([doorbraak, "serve"], env=omgeving, stdout=uitvoer, stderr=subprocess.STDOUT)
    adres = f"http://127.0.0.1:{poort}"
    try:
        while True:
            if proces.poll() is not None:
                fout = logboek.read_text(errors="replace")
                raise grens.WerkerMislukt("doorbraak serve", proces.returncode, fout)
            try:
                if httpx.get(f"{adres}/health", timeout=2).status_code in (200, 503):
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() - begin > 300:
                raise RuntimeError("doorbraak serve did not answer within 300 s")
            time.sleep(0.05)
        yield adres, proces.pid, time.monotonic() - begin
    finally:
        proces.terminate()
        try:
            proces.wait(30)
        except Exception:
            proces.kill()
        verwijder_schemas(database_url, prefix)


def _belast(
    adres: str, koppen: dict[str, str], gemeenten: dict[str, str], seconden: float, fouten: list[BaseException]
) -> int:
    """Registrations, spread over every region, from 4 threads for `seconden`; returns how many succeeded."""
    einde, gedaan, slot = time.monotonic() + seconden, [0], threading.Lock()
    regios = sorted(gemeenten)

    def werker(nummer: int) -> None:
        try:
            with httpx.Client(base_url=adres, timeout=30) as client:
                i = nummer
                while time.monotonic() < einde:
                    regio = regios[i % len(regios)]
                    i += 4
                    kop = {**koppen, "Idempotency-Key": uuid.uuid4().hex}
                    antwoord = client.post(f"/regios/{regio}/casussen", json=_aanmelding(gemeenten[regio]), headers=kop)
                    if antwoord.status_code != 201:
                        raise RuntimeError(f"{regio}: {antwoord.status_code} {antwoord.text[:300]}")
                    with slot:
                        gedaan[0] += 1
        except BaseException as e:
            fouten.append(e)

    draden = [threading.Thread(target=werker, args=(n,), daemon=True) for n in range(4)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(seconden + 60)
    return gedaan[0]


def meet(
    database_url: str, nats_url: str, regios: list[str], profielen: Path, *, belasting: float, idle: float
) -> dict[str, Any]:
    settings = Settings(_env_file=None)
    with _node(database_url, nats_url, regios, profielen) as (adres, pid, opstart):
        proces = psutil.Process(pid)
        beheer = _koppen(settings, Rol.BEHEERDER, [])
        gezondheid = httpx.get(f"{adres}/health", headers=beheer, timeout=30).json()
        time.sleep(3)  # start-up work (projections' first steps, NATS) settles
        na_start = pg_verbindingen(pid, database_url)
        fouten: list[BaseException] = []
        piek, klaar = [na_start], threading.Event()

        def bemonster() -> None:
            while not klaar.wait(0.05):
                piek.append(pg_verbindingen(pid, database_url))

        bemonsteraar = threading.Thread(target=bemonster, daemon=True)
        bemonsteraar.start()
        gemeenten = {slug: p.gemeenten[0] for slug, p in laad_profielen(profielen).items() if slug in regios}
        aangemeld = _belast(adres, _koppen(settings, Rol.AANMELDER, regios), gemeenten, belasting, fouten)
        klaar.set()
        bemonsteraar.join()
        if fouten:
            raise fouten[0]
        time.sleep(3)  # the projections and relays catch up
        cpu_voor, klok_voor = sum(proces.cpu_times()[:2]), time.monotonic()
        time.sleep(idle)
        cpu = (sum(proces.cpu_times()[:2]) - cpu_voor) / (time.monotonic() - klok_voor) * 100
        tijden, herstellend = [], 0
        with httpx.Client(base_url=adres, headers=beheer, timeout=30) as client:
            for _ in range(60):
                begin = time.perf_counter()
                antwoord = client.get("/health")
                tijden.append((time.perf_counter() - begin) * 1000)
                if antwoord.status_code == 503:  # a follower retrying: measured, and counted
                    herstellend += 1
                elif antwoord.status_code != 200:
                    antwoord.raise_for_status()
        tijden.sort()
        return {
            "regio's": len(regios),
            "netwerken": len(gezondheid.get("netwerken", [])),
            "opstart (s)": round(opstart, 1),
            "verbindingen idle": pg_verbindingen(pid, database_url),
            "verbindingen piek": max(piek),
            "threads": proces.num_threads(),
            "RSS (MiB)": round(proces.memory_info().rss / 2**20),
            "idle CPU (%)": round(cpu, 2),
            "/health p50 (ms)": round(statistics.median(tijden), 1),
            "/health p99 (ms)": round(tijden[int(len(tijden) * 0.99) - 1], 1),
            "/health 503 (of 60)": herstellend,
            "aanmeldingen/s": round(aangemeld / belasting),
        }


def _druk(uitslagen: list[dict[str, Any]]) -> None:
    kolommen = list(uitslagen[0])
    breedte = max(len(k) for k in kolommen)
    for kolom in kolommen:
        print(f"{kolom:<{breedte}}  " + "  ".join(f"{u[kolom]!s:>8}" for u in uitslagen))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    parser.add_argument("--nats-url", default=os.environ.get("DOORBRAAK_BENCH_NATS_URL"))
    parser.add_argument("--rondes", type=int, default=1, help="Interleaved rounds of 9 and 42 regions.")
    parser.add_argument("--belasting", type=float, default=5.0, help="Seconds of registrations.")
    parser.add_argument("--idle", type=float, default=10.0, help="Seconds over which idle CPU is measured.")
    parser.add_argument(
        "--extra", type=int, default=EXTRA_REGIOS, help="Generated regions besides the 9 built-in ones (33: all 42)."
    )
    grens.limiet_optie(parser, LIMIET)
    args = parser.parse_args()
    with (
        grens.begrensd(args.limiet),
        postgres(args.database_url, max_connections=100) as database_url,
        nats_server(args.nats_url) as nats_url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        with psycopg.connect(database_url) as conn:
            print(f"max_connections: {(conn.execute('SHOW max_connections').fetchone() or ('?',))[0]}")
        profielen = Path(tmp) / "profielen"
        profielen.mkdir()
        ingebouwd = ingebouwde_regios()
        alle = sorted([*ingebouwd, *maak_profielen(profielen, args.extra)])
        uitslagen = []
        for ronde in range(args.rondes):
            for regios in (ingebouwd, alle):
                print(f"round {ronde + 1}: {len(regios)} regions ...", file=sys.stderr, flush=True)
                uitslagen.append(
                    meet(database_url, nats_url, regios, profielen, belasting=args.belasting, idle=args.idle)
                )
        print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
        _druk(uitslagen)


if __name__ == "__main__":
    main()
