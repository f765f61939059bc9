"""Replaying the work queue of a large region: time and memory against reading and decoding the same events.

    python -m bench.terugblik [--casussen 10000] [--database-url URL]

1. Fills one region (Hart van Brabant) with `--casussen` case histories (bench/generator.py), appended in the
   order of their business dates, each event recorded (its timestamp) at noon of its business date.
2. In fresh processes, for two days (the last day of the history: every event; and a day halfway: half of
   them): the floor, reading and decoding every stored event up to that day's end with the projection's own
   query and decoder; and the replay (`projections.terugblik`: the events up to the day's end applied by the
   projector, the work queue's rows built, filtered and ordered). Prints seconds, events/s, the ratio replay to
   floor, and each process's peak RSS with what the measured work added to it.
3. Checks at scale that the replay of the last day equals the live work queue (the read models rebuilt from the
   same events) asked with that day as today.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import os
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as kloktijd
from typing import Any
from zoneinfo import ZoneInfo

from adapters.bootstrap import bootstrap
from adapters.settings import Settings
from bench import grens
from bench.generator import Generator, bewaar_in_stukken
from bench.servers import postgres, verwijder_schemas

REGIO = "hart-van-brabant"
ZONE = ZoneInfo("Europe/Amsterdam")
STUK = 500


def _settings(url: str, prefix: str) -> Settings:
    return Settings(_env_file=None, database_url=url, schema_prefix=prefix, regios=[REGIO])


def vul(url: str, prefix: str, casussen: int) -> tuple[int, date, date]:
    """Appends the histories of `casussen` cases in business-date order, each event recorded at noon of its
    business date (a second apart); returns how many events, the day of the middle one and the last day."""
    container = bootstrap(_settings(url, prefix))
    try:
        store = container.stores[REGIO]
        generator = Generator(container.profielen)
        levens = [generator.casus(REGIO) for _ in range(casussen)]
        dagen = sorted(event.op for leven in levens for event in leven)

        def om_twaalf_uur() -> Iterator[Any]:
            """Each event recorded at noon of its business date, a second after the one before on that day."""
            dag, seconde = date.min, 0
            for event in heapq.merge(*levens, key=lambda e: e.op):
                seconde = seconde + 1 if event.op == dag else 0
                dag = event.op
                moment = datetime.combine(dag, kloktijd(12), ZONE).astimezone(UTC) + timedelta(seconds=seconde)
                yield event.model_copy(update={"timestamp": moment})

        return bewaar_in_stukken(store, om_twaalf_uur(), STUK), dagen[len(dagen) // 2], dagen[-1]
    finally:
        container.close()


# --- measurements, each in its own process -----------------------------------------------------


def _status_mb(veld: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    with open("/proc/self/status") as status:
        regel = next(r for r in status if r.startswith(f"{veld}:"))
    return int(regel.split()[1]) / 1024


def rss_mb() -> float:
    """The process's resident memory now."""
    return _status_mb("VmRSS")


def piek_mb() -> float:
    """The process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    return _status_mb("VmHWM")


async def _vloer(url: str, prefix: str, dag: date) -> dict[str, Any]:
    """Reads and decodes the stored events up to the day's end: the projection's query, batch and decoder."""
    import asyncpg

    from domain.terugblik import Tijdgrens, einde_van_dag
    from projections.decoder import decodeer
    from projections.projector import stel_codecs_in
    from projections.terugblik import BATCH
    from projections.volger import lees_events

    container = bootstrap(_settings(url, prefix))
    schema = container.schema(REGIO)
    container.close()
    conn = await asyncpg.connect(url)
    await stel_codecs_in(conn)
    try:
        grens = Tijdgrens(einde_van_dag(dag, ZONE))
        voor = rss_mb()
        start = time.perf_counter()
        aantal = positie = 0
        klaar = False
        while not klaar and (rijen := await lees_events(conn, schema, positie, BATCH)):
            positie = rijen[-1]["notification_id"]
            for rij in rijen:
                if grens.uitgelezen(decodeer(rij["topic"], rij["state"]).timestamp):
                    klaar = True
                    break
                aantal += 1
        return {"events": aantal, "seconden": time.perf_counter() - start, "voor_mb": voor}
    finally:
        await conn.close()


async def _replay(url: str, prefix: str, dag: date) -> dict[str, Any]:
    """The audit route's work: replay up to the day's end, then the work queue's rows (no filter)."""
    from adapters.leesmodellen import LeesModellen
    from domain.terugblik import einde_van_dag
    from projections.queries import Werkvoorraadfilter
    from projections.terugblik import speel_terug, werkvoorraad_rijen

    container = bootstrap(_settings(url, prefix))
    modellen = LeesModellen(container)
    await modellen.open()
    try:
        projector = modellen.projector(REGIO)
        voor = rss_mb()
        start = time.perf_counter()
        async with projector.pool.acquire() as conn:
            toen = await speel_terug(conn, projector, einde_van_dag(dag, ZONE))
        rijen = werkvoorraad_rijen(projector, toen.casussen.values(), Werkvoorraadfilter(), dag)
        seconden = time.perf_counter() - start
        return {"events": toen.events, "seconden": seconden, "open": len(rijen), "voor_mb": voor}
    finally:
        await modellen.close()
        container.close()


async def _gelijk(url: str, prefix: str, dag: date) -> dict[str, Any]:
    """Rebuilds the read models from the same events and compares the live work queue, asked with `dag` as
    today, with the replay of `dag`."""
    from adapters.leesmodellen import LeesModellen
    from domain.terugblik import einde_van_dag
    from projections.queries import Werkvoorraadfilter, werkvoorraad
    from projections.terugblik import speel_terug, werkvoorraad_rijen

    container = bootstrap(_settings(url, prefix))
    modellen = LeesModellen(container)
    await modellen.open()
    try:
        await modellen.herbouw(REGIO)
        projector = modellen.projector(REGIO)
        filter_ = Werkvoorraadfilter(per_pagina=10**9)
        _, live = await modellen.vraag(REGIO, lambda conn, t: werkvoorraad(conn, t, filter_, dag))
        async with projector.pool.acquire() as conn:
            toen = await speel_terug(conn, projector, einde_van_dag(dag, ZONE))
        replay = werkvoorraad_rijen(projector, toen.casussen.values(), filter_, dag)
        gelijk = json.dumps(live, default=str) == json.dumps(replay, default=str)
        return {"gelijk": gelijk, "rijen": len(live)}
    finally:
        await modellen.close()
        container.close()


WERKER_LIMIET = 900.0
"""Seconds one measuring process may take."""

METINGEN = {"vloer": _vloer, "replay": _replay, "gelijk": _gelijk}


def meting(soort: str, url: str, prefix: str, dag: date) -> None:
    """Entry point of a measuring process: prints one JSON line."""
    from adapters.runtime import stem_gc_af

    stem_gc_af()
    uitkomst = asyncio.run(METINGEN[soort](url, prefix, dag))
    uitkomst["rss_mb"] = piek_mb()
    print(json.dumps(uitkomst))


def in_proces(soort: str, url: str, prefix: str, dag: date) -> dict[str, Any]:
    argumenten = ["--meting", soort, "--database-url", url, "--prefix", prefix, "--dag", dag.isoformat()]
    uit = grens.draai([sys.executable, "-m", "bench.terugblik", *argumenten], seconden=WERKER_LIMIET, naam=soort)
    resultaat: dict[str, Any] = json.loads(uit.strip().splitlines()[-1])
    return resultaat


def replay_tegen_vloer(url: str, prefix: str, dag: date) -> str:
    vloer = in_proces("vloer", url, prefix, dag)
    replay = in_proces("replay", url, prefix, dag)
    vloer_tempo = vloer["events"] / vloer["seconden"]
    replay_tempo = replay["events"] / replay["seconden"]
    return (
        f"{dag}: {replay['events']:>7} events, {replay['open']:>5} open cases | read+decode {vloer_tempo:>7.0f}/s "
        f"({vloer['seconden']:.2f} s) | replay {replay_tempo:>7.0f}/s ({replay['seconden']:.2f} s) | "
        f"ratio {replay_tempo / vloer_tempo:.2f} | peak RSS replay {replay['rss_mb']:.0f} MB "
        f"(+{replay['rss_mb'] - replay['voor_mb']:.0f}), read+decode {vloer['rss_mb']:.0f} MB "
        f"(+{vloer['rss_mb'] - vloer['voor_mb']:.0f})"
    )


def meet(url: str, casussen: int) -> None:
    prefix = f"tb{uuid.uuid4().hex[:6]}_"
    try:
        start = time.perf_counter()
        aantal, halverwege, laatste = vul(url, prefix, casussen)
        print(f"generated {casussen} cases, {aantal} events up to {laatste} ({time.perf_counter() - start:.0f} s)")
        for dag in (laatste, halverwege):
            print(replay_tegen_vloer(url, prefix, dag), flush=True)
        gelijk = in_proces("gelijk", url, prefix, laatste)
        uitslag = "equal" if gelijk["gelijk"] else "DIFFERENT"
        print(f"replay of {laatste} against the rebuilt live work queue: {uitslag} ({gelijk['rijen']} rows)")
    finally:
        verwijder_schemas(url, prefix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--casussen", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    parser.add_argument("--meting", choices=sorted(METINGEN), help=argparse.SUPPRESS)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    parser.add_argument("--dag", type=date.fromisoformat, help=argparse.SUPPRESS)
    grens.limiet_optie(parser, 1800)
    args = parser.parse_args()
    if args.meting:
        meting(args.meting, args.database_url, args.prefix, args.dag)
        return
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        meet(url, args.casussen)


if __name__ == "__main__":
    main()
