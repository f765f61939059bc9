"""Commands through HTTP: `doorbraak serve` as shipped against the floor of its stack (`bench.vloer`), driven by
wrk (Debian's package; installed by `./dev bench-http` when missing), in interleaved rounds.

    python -m bench.http [--rondes 3] [--seconden 10] [--threads 2] [--verbindingen 16] [--casussen 10000]
                         [--limiet 1800] [--instelling DOORBRAAK_X=WAARDE] [--database-url URL] [--nats-url URL]

1. Makes `--casussen` registered cases in Hart van Brabant (by the domain's command, appended in chunks, with
   personal data, so encrypted), then starts `doorbraak serve` with the default settings for that region (and
   its network: the projections, relays and consumers in its process, its access log on stderr into a file,
   encryption and hash chain as always) and the floor app,
   each on its own port with the same uvicorn settings, and waits for serve's read model to hold every case.
2. Per round, each of the two in turn (the order alternates): wrk posts the README's registration with a fresh
   `Idempotency-Key` each time (`bench/wrk/commando.lua`), as fast as it goes; then the follow-up step, the
   README's triage, each on a case registered before and not triaged yet (the floor gets the same ids).
3. At a fixed rate of half the floor's median registration throughput, per round each of the two again:
   registrations, p99. wrk's latency starts when a request is sent; the script paces requests on a schedule,
   so a request that left after its slot waited unseen (coordinated omission): those are counted
   ("late"), with the longest wait.
4. Prints requests/s, p50, p99 and the server's CPU per request (and its event loop's part) per run, with the
   load average; then the ranges, the ratios to the floor and the targets (throughput at least 0.5 of the
   floor's; at half the floor's rate, p99 at most 2x).

Without --database-url / --nats-url (or DOORBRAAK_BENCH_DATABASE_URL / DOORBRAAK_BENCH_NATS_URL) it starts an
embedded PostgreSQL and nats-server. The schemas it made are dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql

from adapters.bootstrap import bootstrap
from adapters.embedded import vrije_poort
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from bench import grens, laden
from bench.cpu import cpu_seconden, database_cpu_seconden, postmaster
from bench.generator import bewaar_in_stukken
from bench.servers import nats_server, postgres, verwijder_schemas
from domain.casus import Casus
from domain.rollen import Rol
from domain.waarden import Aanmelder, Aanmelding, Herkomst, Persoonsgegevens, Toestemming

REGIO = "hart-van-brabant"
LUA = Path(__file__).parent / "wrk" / "commando.lua"

AANMELDING: dict[str, Any] = {
    "aanmelding": {
        "werkstroom": "B",
        "aanmelder": {"naam": "J. de Vries", "organisatie": "Gebiedsteam Tilburg", "rol": "toegang"},
        "woonplaatsgemeente": "Tilburg",
        "leeftijd": 15,
        "leefgebieden": ["gezin", "onderwijs", "psychisch"],
        "vraag": "Welke passende hulp maakt thuis wonen duurzaam?",
        "wensen_ouders_jeugdige": "Thuis blijven wonen.",
        "betrokkenheid_ouders_jeugdige": "Betrokken.",
        "al_geprobeerd": "Ambulante begeleiding.",
        "urgentie": "hoog",
        "toestemming": {"gegeven_door": "moeder", "gegeven_op": "2026-11-20"},
    },
    "persoonsgegevens": {"jeugdige": {"naam": "S. Jansen"}},
}
"""The README's registration ("The API by example")."""

TRIAGE: dict[str, Any] = {
    "uitkomst": "bespreken",
    "meerdere_leefgebieden_verergeren": True,
    "handelingsverlegenheid": True,
    "samenwerking_vastgelopen": False,
    "toelichting": "Drie leefgebieden verergeren.",
}
"""The README's triage."""


@dataclass(frozen=True)
class Meting:
    """One wrk run."""

    app: str
    soort: str
    per_seconde: float
    p50_ms: float
    p99_ms: float
    fouten: int
    te_laat: int
    max_te_laat_ms: float
    belasting: float
    cpu_ms: float
    """CPU time of the server process (all its threads) per answered request, in ms."""
    lus_ms: float
    """Of which its event loop's thread (the main thread): the rest is its worker threads (doorbraak's commands)."""
    db_ms: float
    """CPU time of the PostgreSQL processes per answered request, in ms (backends that exited during the run not
    counted; both servers use the same database server, one at a time)."""

    def regel(self, ronde: int) -> str:
        laat = f" | late {self.te_laat} (max {self.max_te_laat_ms:.0f} ms)" if self.soort.endswith("vast") else ""
        fout = f" | ERRORS {self.fouten}" if self.fouten else ""
        return (
            f"round {ronde} {self.app:9} {self.soort:15} {self.per_seconde:7.0f}/s | p50 {self.p50_ms:6.1f} ms "
            f"| p99 {self.p99_ms:6.1f} ms | CPU {self.cpu_ms:4.2f} ms/req "
            f"(loop {self.lus_ms:4.2f}, db {self.db_ms:4.2f}){laat}{fout} "
            f"| load {self.belasting:.2f}"
        )


def vul(settings: Settings, aantal: int) -> None:
    """`aantal` cases registered in REGIO, as the service would store them (encrypted personal data)."""
    rng = random.Random(2026)
    container = bootstrap(settings.model_copy(update={"regios": [REGIO]}))
    try:
        profiel, store = container.profielen[REGIO], container.stores[REGIO]
        herkomst = Herkomst(actor="bench", rol="aanmelder")
        aanmelding = Aanmelding.model_validate(AANMELDING["aanmelding"])
        persoonsgegevens = Persoonsgegevens.model_validate(AANMELDING["persoonsgegevens"])

        def registraties() -> Iterator[Any]:
            for _ in range(aantal):
                casus = Casus.meld_aan(
                    casus_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    profiel=profiel,
                    aanmelding=aanmelding.model_copy(
                        update={"aanmelder": Aanmelder(naam="Aanmelder", organisatie="Gebiedsteam", rol="toegang"),
                                "toestemming": Toestemming(gegeven_door="moeder", gegeven_op=date.today())}
                    ),
                    persoonsgegevens=persoonsgegevens,
                    op=date.today() - timedelta(days=rng.randrange(5)),
                    herkomst=herkomst,
                )  # fmt: skip
                yield from casus.collect_events()

        bewaar_in_stukken(store, registraties(), 1000)
    finally:
        container.close()


def open_casussen(database_url: str, schema: str) -> list[str]:
    """The cases of the region that were registered and have no step after it: each can be triaged once."""
    with psycopg.connect(database_url) as conn:
        rijen = conn.execute(
            sql.SQL(
                "SELECT originator_id FROM {t} GROUP BY originator_id "
                "HAVING max(originator_version) = 1 AND bool_and(topic LIKE '%Casus.Aangemeld') "
                "ORDER BY min(notification_id)"
            ).format(t=sql.Identifier(schema, "casussen_events"))
        ).fetchall()
    return [str(r[0]) for r in rijen]


pids: dict[str, int] = {}
"""The process id of each server, by its address."""


@contextlib.contextmanager
def draaiend(naam: str, args: list[str], env: dict[str, str], poort: int, log: Path) -> Iterator[str]:
    """A server process (stopped with the run); its address once it answers."""
    with log.open("wb") as uit:
        proces = grens.start(args, env=env, stdout=uit, stderr=uit)
    adres = f"http://127.0.0.1:{poort}"
    pids[adres] = proces.pid
    einde = time.monotonic() + 180
    while True:
        if proces.poll() is not None:
            raise grens.WerkerMislukt(naam, proces.returncode, log.read_text(errors="replace"))
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{adres}/openapi.json", timeout=5)
            break
        if time.monotonic() > einde:
            raise grens.WerkerMislukt(naam, -1, log.read_text(errors="replace") + "\n(did not answer in 180 s)")
        time.sleep(0.3)
    try:
        yield adres
    finally:
        proces.terminate()
        with contextlib.suppress(Exception):
            proces.wait(20)
        if proces.returncode not in (0, -15, None):
            print(f"{naam} exited with {proces.returncode}; its log: {log}", file=sys.stderr)


def wacht_op_rust(pids: list[int], grens_aandeel: float = 0.05, hoogstens: float = 30.0) -> None:
    """Waits until the servers are idle (under 5 % of a core over half a second): what a run left behind (the
    projections catching up) does not land in the next run."""
    einde = time.monotonic() + hoogstens
    while time.monotonic() < einde:
        voor = sum(cpu_seconden(p) for p in pids)
        time.sleep(0.5)
        if sum(cpu_seconden(p) for p in pids) - voor < grens_aandeel * 0.5:
            return


def wacht_op_leesmodel(adres: str, token: str, aantal: int) -> None:
    einde = time.monotonic() + 300
    with httpx.Client(base_url=adres, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        while client.get(f"/regios/{REGIO}/werkvoorraad", params={"per_pagina": 1}).json().get("totaal", 0) < aantal:
            if time.monotonic() > einde:
                raise RuntimeError("serve's read model did not catch up in 300 s")
            time.sleep(0.5)


@dataclass
class Opstelling:
    wrk: str
    threads: int
    verbindingen: int
    seconden: int
    werkmap: Path
    tokens: dict[str, str]
    bodies: dict[str, Path]
    database: int
    """The pid of the PostgreSQL server both use (`bench.cpu.postmaster`)."""

    def run(self, app: str, adres: str, soort: str, tempo: float = 0.0, casussen: Path | None = None) -> Meting:
        """One wrk run of `soort` (aanmelding or triage) at `tempo` requests/s (0: as fast as it goes)."""
        stap = "aanmelding" if soort.startswith("aanmelding") else "triage"
        args = [
            self.wrk, "--threads", str(self.threads), "--connections", str(self.verbindingen),
            "--duration", f"{self.seconden}s", "--timeout", "10s", "--script", str(LUA),
            f"{adres}/regios/{REGIO}/casussen", "--",
            stap, str(self.bodies[stap]), self.tokens[stap], uuid.uuid4().hex[:12],
            f"{tempo / self.threads:.3f}", str(self.threads), str(casussen or ""),
        ]  # fmt: skip
        wacht_op_rust(list(pids.values()))
        pid = pids[adres]
        cpu, lus, db = cpu_seconden(pid), cpu_seconden(pid, draad=pid), database_cpu_seconden(self.database)
        uit = grens.draai(args, seconden=self.seconden + 60, naam=f"wrk {app} {soort}")
        belasting = os.getloadavg()[0]
        wacht_op_rust([pids[adres]])  # what the run left to do (the projections catching up) is its cost too
        cpu, lus = cpu_seconden(pid) - cpu, cpu_seconden(pid, draad=pid) - lus
        db = database_cpu_seconden(self.database) - db
        w = laden.uitkomst(uit, f"wrk {app} {soort}")
        if w["rondgangen"] and app == "doorbraak":
            print(f"  ({app} {soort}: too few open cases, some were triaged twice: raise --casussen)")
        return Meting(
            app=app,
            soort=soort,
            per_seconde=w["verzoeken"] / (w["duur_us"] / 1e6),
            p50_ms=w["p50_us"] / 1000,
            p99_ms=w["p99_us"] / 1000,
            fouten=int(w["fouten"] + w["niet_2xx"] + w["herhaald"]),
            te_laat=int(w["te_laat"]),
            max_te_laat_ms=w["max_te_laat_ms"],
            belasting=belasting,
            cpu_ms=cpu * 1000 / max(w["verzoeken"], 1),
            lus_ms=lus * 1000 / max(w["verzoeken"], 1),
            db_ms=db * 1000 / max(w["verzoeken"], 1),
        )


def bereik(metingen: list[Meting], app: str, soort: str, veld: str) -> tuple[float, float, float]:
    waarden = [getattr(m, veld) for m in metingen if m.app == app and m.soort == soort]
    return min(waarden), statistics.median(waarden), max(waarden)


def per_ronde(metingen: list[Meting], soort: str, veld: str) -> tuple[float, float, float]:
    """doorbraak's `veld` against the floor's, round by round: lowest, median, highest."""
    eigen = [getattr(m, veld) for m in metingen if m.app == "doorbraak" and m.soort == soort]
    vloer = [getattr(m, veld) for m in metingen if m.app == "vloer" and m.soort == soort]
    verhoudingen = [a / b for a, b in zip(eigen, vloer, strict=True)]
    return min(verhoudingen), statistics.median(verhoudingen), max(verhoudingen)


def verslag(metingen: list[Meting], tempo: float, rondes: int) -> None:
    print(f"\nsummary over {rondes} interleaved rounds (min-max, median):")
    for soort in ("aanmelding", "triage"):
        for app, naam in (("doorbraak", "doorbraak"), ("vloer", "floor")):
            r, p50, p99 = (bereik(metingen, app, soort, veld) for veld in ("per_seconde", "p50_ms", "p99_ms"))
            print(
                f"  {soort:10} {naam:9} {r[0]:6.0f}-{r[2]:6.0f}/s (median {r[1]:6.0f}) "
                f"| p50 {p50[0]:.1f}-{p50[2]:.1f} ms | p99 {p99[0]:.1f}-{p99[2]:.1f} ms"
            )
        laagst, mediaan, hoogst = per_ronde(metingen, soort, "per_seconde")
        print(
            f"  {soort:10} doorbraak/floor throughput per round: {laagst:.2f}-{hoogst:.2f} "
            f"(median {mediaan:.2f}); target at least 0.5"
        )
        cpu_d, cpu_v = bereik(metingen, "doorbraak", soort, "cpu_ms"), bereik(metingen, "vloer", soort, "cpu_ms")
        lus_d = bereik(metingen, "doorbraak", soort, "lus_ms")
        db_d, db_v = bereik(metingen, "doorbraak", soort, "db_ms"), bereik(metingen, "vloer", soort, "db_ms")
        print(
            f"  {soort:10} server CPU per request: doorbraak {cpu_d[1]:.2f} ms (its event loop {lus_d[1]:.2f}, its "
            f"worker threads {cpu_d[1] - lus_d[1]:.2f}), floor {cpu_v[1]:.2f} ms (medians); "
            f"floor/doorbraak {cpu_v[1] / cpu_d[1]:.2f}; PostgreSQL's CPU per request: doorbraak "
            f"{db_d[1]:.2f} ms, floor {db_v[1]:.2f} ms"
        )
    vast = "aanmelding vast"
    d, v = bereik(metingen, "doorbraak", vast, "p99_ms"), bereik(metingen, "vloer", vast, "p99_ms")
    gehaald = bereik(metingen, "doorbraak", vast, "per_seconde")
    laagst, mediaan, hoogst = per_ronde(metingen, vast, "p99_ms")
    print(
        f"  at {tempo:.0f}/s (half the floor's registrations; doorbraak answered {gehaald[0]:.0f}-{gehaald[2]:.0f}/s): "
        f"p99 doorbraak {d[0]:.1f}-{d[2]:.1f} ms, floor {v[0]:.1f}-{v[2]:.1f} ms; doorbraak/floor per round "
        f"{laagst:.2f}-{hoogst:.2f} (median {mediaan:.2f}); target at most 2"
    )
    laat = {app: sum(m.te_laat for m in metingen if m.soort == vast and m.app == app) for app in ("doorbraak", "vloer")}
    print(
        f"  fixed rate, requests sent more than 1 ms after their slot (their wait is not in p99): "
        f"doorbraak {laat['doorbraak']}, floor {laat['vloer']}"
    )
    fouten = sum(m.fouten for m in metingen)
    if fouten:
        print(f"  WARNING: {fouten} requests failed, answered other than 2xx or replayed an earlier command")
    print(f"load average at the end: {', '.join(f'{b:.2f}' for b in os.getloadavg())} on {os.cpu_count()} cores")


def meet(args: argparse.Namespace, db_url: str, nats_url: str, werkmap: Path) -> None:
    prefix = f"http{uuid.uuid4().hex[:6]}_"
    settings = Settings(_env_file=None, database_url=db_url, nats_url=nats_url, schema_prefix=prefix)
    try:
        begin = time.perf_counter()
        vul(settings, args.casussen)
        print(f"{args.casussen} cases registered in {REGIO} in {time.perf_counter() - begin:.1f} s")
        if args.instelling:
            print(f"doorbraak serve with {', '.join(f'{n}={w}' for n, w in args.instelling)} (not as shipped)")
        sleutel, issuer = settings.jwt_sleutel.get_secret_value(), settings.jwt_issuer
        tokens = {
            stap: maak_token(Gebruiker(naam="bench", rol=rol, regios=(REGIO,)), sleutel, issuer, timedelta(hours=6))
            for stap, rol in (("aanmelding", Rol.AANMELDER), ("triage", Rol.TRIAGIST))
        }
        bodies = {"aanmelding": werkmap / "aanmelding.json", "triage": werkmap / "triage.json"}
        bodies["aanmelding"].write_text(json.dumps(AANMELDING))
        bodies["triage"].write_text(json.dumps(TRIAGE))
        opstelling = Opstelling(
            laden.wrk_pad("http"),
            args.threads,
            args.verbindingen,
            args.seconden,
            werkmap,
            tokens,
            bodies,
            postmaster(db_url),
        )
        env = {
            **os.environ,
            "DOORBRAAK_DATABASE_URL": db_url,
            "DOORBRAAK_NATS_URL": nats_url,
            "DOORBRAAK_SCHEMA_PREFIX": prefix,
            "DOORBRAAK_REGIOS": json.dumps([REGIO]),
            **dict(args.instelling),
        }
        serve_poort, vloer_poort = vrije_poort(), vrije_poort()
        doorbraak_cli = str(Path(sys.executable).parent / "doorbraak")
        serve = [doorbraak_cli, "serve", "--host", "127.0.0.1", "--port", str(serve_poort)]
        vloer = [sys.executable, "-m", "bench.vloer", "--database-url", db_url, "--schema", f"{prefix}vloer"]
        with (
            draaiend("doorbraak serve", serve, env, serve_poort, werkmap / "serve.log") as doorbraak,
            draaiend("bench.vloer", [*vloer, "--port", str(vloer_poort)], env, vloer_poort, werkmap / "vloer.log") as v,
        ):
            if env.get("DOORBRAAK_PROJECTIES_IN_PROCES", "true").lower() != "false":
                begin = time.perf_counter()
                wacht_op_leesmodel(doorbraak, tokens["triage"], args.casussen)
                print(f"serve's read model caught up in {time.perf_counter() - begin:.1f} s")
            print(f"wrk: {args.threads} threads, {args.verbindingen} connections, {args.seconden} s a run")
            adressen = {"doorbraak": doorbraak, "vloer": v}
            metingen: list[Meting] = []
            schema = f"{prefix}regio_{REGIO.replace('-', '_')}"
            for ronde in range(1, args.rondes + 1):
                volgorde = ["doorbraak", "vloer"] if ronde % 2 else ["vloer", "doorbraak"]
                for app in volgorde:
                    metingen.append(opstelling.run(app, adressen[app], "aanmelding"))
                    print(metingen[-1].regel(ronde), flush=True)
                casussen = werkmap / f"casussen-{ronde}.txt"
                casussen.write_text("\n".join(open_casussen(db_url, schema)) + "\n")
                for app in volgorde:
                    metingen.append(opstelling.run(app, adressen[app], "triage", casussen=casussen))
                    print(metingen[-1].regel(ronde), flush=True)
            vloer = [m.per_seconde for m in metingen if m.app == "vloer" and m.soort == "aanmelding"]
            tempo = statistics.median(vloer) / 2
            print(f"fixed rate: {tempo:.0f} registrations/s (half the floor's median)")
            for ronde in range(1, args.rondes + 1):
                for app in ["doorbraak", "vloer"] if ronde % 2 else ["vloer", "doorbraak"]:
                    metingen.append(opstelling.run(app, adressen[app], "aanmelding vast", tempo=tempo))
                    print(metingen[-1].regel(ronde), flush=True)
        verslag(metingen, tempo, args.rondes)
    finally:
        verwijder_schemas(db_url, prefix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--seconden", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--verbindingen", type=int, default=16)
    parser.add_argument("--casussen", type=int, default=10_000, help="Cases made before the rounds, to triage.")
    grens.limiet_optie(parser, 1800)
    grens.instelling_optie(parser)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    parser.add_argument("--nats-url", default=os.environ.get("DOORBRAAK_BENCH_NATS_URL"))
    args = parser.parse_args()
    laden.wrk_pad("http")
    with (
        grens.begrensd(args.limiet),
        tempfile.TemporaryDirectory(prefix="bench-http-") as tmp,
        postgres(args.database_url) as db_url,
        nats_server(args.nats_url) as nats_url,
    ):
        meet(args, db_url, nats_url, Path(tmp))


if __name__ == "__main__":
    main()
