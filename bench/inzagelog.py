"""The access log's cost: reads of a case (GET /regios/{regio}/casussen/{id}) under concurrent load, with the
access log recording each one (its commit awaited before the answer) and, in the same run, without it.

    python -m bench.inzagelog [--casussen 200] [--seconden 10] [--tegelijk 32] [--rondes 3]
                              [--database-url URL]

The service runs in its own process (uvicorn, as `doorbraak serve`); the load comes from this one: `--tegelijk`
clients each reading a random case, one read after another, for `--seconden`. The rounds alternate without
and with the log, so a drift of the machine weighs on both. Prints reads/s, p50 and p99 per round, the ratio
of each pair of rounds and of the medians (target: at least 0.8), how many reads one INSERT of the log carried
on average, the service process's CPU time per read (less moved by other work on the machine than the rates),
and the machine's load.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

import httpx

from adapters.bootstrap import bootstrap
from adapters.embedded import vrije_poort
from adapters.http import voorbeelden
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from bench import grens
from bench.servers import postgres
from domain.rollen import Rol
from domain.waarden import Aanmelding, Herkomst, Persoonsgegevens

REGIO = "hart-van-brabant"
SLEUTEL = "bench-sleutel-van-minstens-tweeendertig-tekens"


def _settings(url: str, prefix: str) -> Settings:
    return Settings(
        _env_file=None, database_url=url, schema_prefix=prefix, regios=[REGIO], jwt_sleutel=SLEUTEL, pool_size=8
    )


def vul(url: str, prefix: str, aantal: int) -> list[str]:
    container = bootstrap(_settings(url, prefix))
    try:
        dienst = container.regio(REGIO)
        herkomst = Herkomst(actor="bench", rol="aanmelder")
        gegevens = Aanmelding.model_validate(voorbeelden.AANMELDING["aanmelding"])
        persoon = Persoonsgegevens.model_validate(voorbeelden.AANMELDING["persoonsgegevens"])
        return [str(dienst.meld_aan(gegevens, persoon, herkomst).casus.id) for _ in range(aantal)]
    finally:
        container.close()


# --- the service, in its own process -------------------------------------------------------------


class _GeenLog:
    """An access log that records nothing: the floor to compare with."""

    async def leg_vast(self, _toegang: object) -> int:
        return 0


def dienst(url: str, prefix: str, poort: int, met_log: bool) -> None:
    """Entry point of the service's process; prints the access log's counters as one JSON line at the end."""
    import uvicorn

    from adapters.http.app import maak_app
    from adapters.inzagelog import Inzagelogs
    from adapters.runtime import stem_gc_af

    stem_gc_af()
    if not met_log:
        Inzagelogs.voor = lambda self, regio, netwerk: _GeenLog()  # type: ignore[assignment,method-assign,return-value]
    container = bootstrap(_settings(url, prefix))
    app = maak_app(container)
    uvicorn.run(app, host="127.0.0.1", port=poort, log_level="warning", access_log=False, server_header=False)
    logs = app.state.inzagelogs
    log = logs.regios[REGIO]
    print(json.dumps({"batches": log.batches, "rijen": log.rijen}))
    container.close()


# --- the load ---------------------------------------------------------------------------------------


async def belast(basis: str, casussen: list[str], seconden: float, tegelijk: int) -> dict[str, float]:
    token = maak_token(Gebruiker(naam="bench", rol=Rol.TRIAGIST, regios=(REGIO,)), SLEUTEL, "doorbraak")
    koppen = {"Authorization": f"Bearer {token}"}
    duren: list[float] = []
    einde = time.perf_counter() + seconden
    limieten = httpx.Limits(max_connections=tegelijk, max_keepalive_connections=tegelijk)
    async with httpx.AsyncClient(base_url=basis, headers=koppen, limits=limieten, timeout=30) as client:

        async def lezer(kans: random.Random) -> None:
            while time.perf_counter() < einde:
                begin = time.perf_counter()
                antwoord = await client.get(f"/regios/{REGIO}/casussen/{kans.choice(casussen)}")
                if antwoord.status_code != 200:
                    raise RuntimeError(f"read answered {antwoord.status_code}: {antwoord.text[:200]}")
                duren.append(time.perf_counter() - begin)

        for _ in range(3):  # warm: connections, caches, prepared statements
            await client.get(f"/regios/{REGIO}/casussen/{casussen[0]}")
        start = time.perf_counter()
        await asyncio.gather(*(lezer(random.Random(i)) for i in range(tegelijk)))
        verstreken = time.perf_counter() - start
    duren.sort()
    return {
        "lezingen": len(duren),
        "per_seconde": len(duren) / verstreken,
        "p50_ms": duren[len(duren) // 2] * 1000,
        "p99_ms": duren[int(len(duren) * 0.99)] * 1000,
    }


def _cpu_seconden(pid: int) -> float:
    """The CPU time (user and system) a process used so far (Linux: /proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as stat:
        velden = stat.read().rsplit(")", 1)[1].split()
    return (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")


def ronde(url: str, prefix: str, casussen: list[str], met_log: bool, seconden: float, tegelijk: int) -> dict[str, Any]:
    poort = vrije_poort()
    with tempfile.TemporaryFile("w+") as logboek:  # a file, not a pipe: a full pipe would stop the service
        proces = grens.start(
            [sys.executable, "-m", "bench.inzagelog", "--dienst", "--database-url", url, "--prefix", prefix]
            + ["--poort", str(poort)]
            + (["--met-log"] if met_log else []),
            stdout=subprocess.PIPE,
            stderr=logboek,
            text=True,
        )
        try:
            grens.wacht_op_dienst(proces, poort, 60)
            voor = _cpu_seconden(proces.pid)
            uitkomst: dict[str, Any] = asyncio.run(belast(f"http://127.0.0.1:{poort}", casussen, seconden, tegelijk))
            uitkomst["cpu_ms_per_lezing"] = (_cpu_seconden(proces.pid) - voor) * 1000 / uitkomst["lezingen"]
        except Exception as fout:
            logboek.seek(0)
            raise grens.WerkerMislukt("the service", proces.poll() or 0, f"{logboek.read()}\n{fout!r}") from fout
        finally:
            proces.send_signal(2)  # SIGINT: uvicorn stops gracefully
            uit, _ = proces.communicate(timeout=60)
    regels = [r for r in uit.splitlines() if r.startswith("{")]
    if regels:
        uitkomst |= json.loads(regels[-1])
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--casussen", type=int, default=200)
    parser.add_argument("--seconden", type=float, default=10.0)
    parser.add_argument("--tegelijk", type=int, default=32)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    parser.add_argument("--dienst", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--met-log", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    parser.add_argument("--poort", type=int, help=argparse.SUPPRESS)
    grens.limiet_optie(parser, 900)
    args = parser.parse_args()
    if args.dienst:
        dienst(args.database_url, args.prefix, args.poort, args.met_log)
        return
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        prefix = f"inzage{uuid.uuid4().hex[:6]}_"
        casussen = vul(url, prefix, args.casussen)
        print(f"{len(casussen)} cases in {REGIO}; {args.tegelijk} concurrent readers, {args.seconden:g} s per round")
        uitslagen: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
        try:
            for _ in range(args.rondes):
                for met_log in (False, True):
                    uitslag = ronde(url, prefix, casussen, met_log, args.seconden, args.tegelijk)
                    uitslagen[met_log].append(uitslag)
                    soort = "with access log   " if met_log else "without access log"
                    extra = (
                        f" | {uitslag['rijen']} rows in {uitslag['batches']} INSERTs "
                        f"({uitslag['rijen'] / max(uitslag['batches'], 1):.1f} reads per commit)"
                        if met_log and "rijen" in uitslag
                        else ""
                    )
                    print(
                        f"{soort}: {uitslag['per_seconde']:7.0f} reads/s | p50 {uitslag['p50_ms']:6.1f} ms "
                        f"| p99 {uitslag['p99_ms']:6.1f} ms | service CPU {uitslag['cpu_ms_per_lezing']:.2f} ms/read"
                        f"{extra}"
                    )
        finally:
            from adapters.postgres import verwijder_schema

            for schema in (f"{prefix}regio_{REGIO.replace('-', '_')}", f"{prefix}knooppunt"):
                verwijder_schema(url, schema)
        zonder = statistics.median(u["per_seconde"] for u in uitslagen[False])
        met = statistics.median(u["per_seconde"] for u in uitslagen[True])
        paren = [m["per_seconde"] / z["per_seconde"] for z, m in zip(uitslagen[False], uitslagen[True], strict=True)]
        cpu_zonder = statistics.median(u["cpu_ms_per_lezing"] for u in uitslagen[False])
        cpu_met = statistics.median(u["cpu_ms_per_lezing"] for u in uitslagen[True])
        print(f"service CPU per read: {cpu_zonder:.2f} ms without, {cpu_met:.2f} ms with the access log")
        print(f"ratio of each round's pair: {', '.join(f'{r:.2f}' for r in paren)}")
        print(f"ratio with/without access log (medians): {met / zonder:.2f} (target >= 0.8)")
        print(f"load average at the end: {', '.join(f'{b:.1f}' for b in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
