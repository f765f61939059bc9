"""Verification of a store's log: its rate against the raw read-and-decode rate, and its memory.

    python -m bench.verificatie [--events 1000000] [--klein 100000] [--rondes 3] [--limiet 1800] [--database-url URL]

1. Fills one region's store (Zeeland) with realistic histories: a pool of cases lived through the domain
   (bench/generator.py), copied under fresh case ids up to the size asked, appended with COPY through the
   table's own chain trigger (so every leaf and link is the database's), first `--klein` events, then up to
   `--events`.
2. At both sizes, `--rondes` times in turns, each in a fresh process: the raw floor (every event read in
   position order with the verifier's query and batch size, and decoded with `domain.eventversies.uit_json`)
   and a full verification from the first event (`adapters.verificatie.verifieer_logboek`). Prints the
   median events/s of each, their ratio (target >= 0.5) and its range over the rounds, and the resident
   memory when a pass starts, when it ends and at its peak (sampled every 50 ms): the same at both sizes is
   memory flat.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL. The run
stops after `--limiet` seconds, and a measuring process that fails ends it with its error (`bench.grens`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from adapters.bootstrap import bootstrap
from adapters.postgres import EVENTS_TABLE, verwijder_schema
from adapters.settings import Settings
from adapters.verificatie import BATCH, regio_logboek, verifieer_logboek
from bench import grens
from bench.generator import Generator
from bench.servers import belasting, postgres

REGIO = "zeeland"
POOL = 2000
"""Cases lived through the domain; the store holds copies of them under fresh ids."""
STUK = 50_000
"""Rows per COPY (one transaction, one firing of the chain trigger)."""
LIMIET = 1800.0
"""Seconds a whole run may take by default."""
MEETTIJD = 600.0
"""Seconds one measuring process may take."""


def _settings(url: str, prefix: str) -> Settings:
    """The one region's store alone (no network's beside it)."""
    return Settings(_env_file=None, database_url=url, schema_prefix=prefix, regios=[REGIO], knooppunt="regios")


def _rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


class Piek:
    """The most resident memory seen during a pass, sampled every 50 ms by a thread."""

    def __init__(self) -> None:
        self.mb = _rss_mb()
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._meet, daemon=True)

    def _meet(self) -> None:
        while not self._stop.wait(0.05):
            self.mb = max(self.mb, _rss_mb())

    def __enter__(self) -> Piek:
        self._draad.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._draad.join()
        self.mb = max(self.mb, _rss_mb())


# --- filling -------------------------------------------------------------------------------


def _kopieen(pool: list[StoredEvent]) -> Iterator[tuple[uuid.UUID, int, str, bytes]]:
    """The pool's events again and again, each round under fresh case ids (in the row and in the state)."""
    while True:
        nieuw: dict[uuid.UUID | str, uuid.UUID] = {}
        for event in pool:
            oud = event.originator_id
            casus = nieuw.get(oud) or nieuw.setdefault(oud, uuid.uuid4())
            state = bytes(event.state).replace(str(oud).encode(), str(casus).encode())
            yield casus, event.originator_version, event.topic, state


def vul(url: str, schema: str, pool: list[StoredEvent], aantal: int, bron: Iterator[Any]) -> None:
    """Appends `aantal` events with COPY, `STUK` per transaction; the chain trigger fires for each."""
    doel = sql.SQL("COPY {}.{} (originator_id, originator_version, topic, state) FROM STDIN").format(
        sql.Identifier(schema), sql.Identifier(EVENTS_TABLE)
    )
    with psycopg.connect(url) as conn:
        gedaan = 0
        while gedaan < aantal:
            stuk = min(STUK, aantal - gedaan)
            with conn.transaction(), conn.cursor().copy(doel) as copy:
                for _ in range(stuk):
                    copy.write_row(next(bron))
            gedaan += stuk


# --- measurements, each in its own process -------------------------------------------------


def _raw(url: str, prefix: str) -> dict[str, float]:
    """Every event read in position order as the verifier reads it, and decoded."""
    from domain.eventversies import uit_json

    logboek = regio_logboek(_settings(url, prefix), REGIO)
    query = sql.SQL(
        "SELECT notification_id, originator_id, originator_version, topic, state FROM {}.{} "
        "WHERE notification_id > %s ORDER BY notification_id"
    ).format(sql.Identifier(logboek.schema), sql.Identifier(logboek.tabel))
    aantal = 0
    start = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor(name="raw", binary=True) as cursor:
        cursor.execute(query, (0,))
        while rijen := cursor.fetchmany(BATCH):
            for _, _, _, topic, state in rijen:
                uit_json(topic, state)
            aantal += len(rijen)
    return {"events": aantal, "seconden": time.perf_counter() - start}


def _verificatie(url: str, prefix: str) -> dict[str, float]:
    from domain.verificatie import Gaaf

    start = time.perf_counter()
    uitslag = verifieer_logboek(regio_logboek(_settings(url, prefix), REGIO))
    seconden = time.perf_counter() - start
    if not isinstance(uitslag, Gaaf):
        raise RuntimeError(f"the untouched store does not verify: {uitslag}")
    return {"events": uitslag.grootte, "seconden": seconden}


def meting(soort: str, url: str, prefix: str) -> None:
    """Entry point of a measuring process: prints one JSON line."""
    from adapters.runtime import stem_gc_af

    stem_gc_af()
    begin = _rss_mb()
    with Piek() as piek:
        uitkomst = _raw(url, prefix) if soort == "raw" else _verificatie(url, prefix)
    uitkomst["rss_begin_mb"], uitkomst["rss_eind_mb"], uitkomst["rss_piek_mb"] = begin, _rss_mb(), piek.mb
    print(json.dumps(uitkomst))


def in_proces(soort: str, url: str, prefix: str) -> dict[str, float]:
    uit = grens.draai(
        [sys.executable, "-m", "bench.verificatie", "--meting", soort, "--database-url", url, "--prefix", prefix],
        seconden=MEETTIJD,
        naam=f"{soort} measurement",
    )
    resultaat: dict[str, float] = json.loads(uit.strip().splitlines()[-1])
    return resultaat


def verificatie_tegen_raw(url: str, prefix: str, rondes: int) -> str:
    """Raw and verification in turns (which goes first alternating), so that the load of a shared machine
    hits both alike; the medians, and the ratio's range over the rounds."""
    metingen: dict[str, list[dict[str, float]]] = {"raw": [], "verificatie": []}
    for ronde in range(rondes):
        for soort in ("raw", "verificatie") if ronde % 2 == 0 else ("verificatie", "raw"):
            metingen[soort].append(in_proces(soort, url, prefix))
    aantallen = {m["events"] for reeks in metingen.values() for m in reeks}
    if len(aantallen) != 1:
        raise RuntimeError(f"the passes read different numbers of events: {sorted(aantallen)}")
    tempo = {soort: [m["events"] / m["seconden"] for m in reeks] for soort, reeks in metingen.items()}
    verhoudingen = sorted(v / r for r, v in zip(tempo["raw"], tempo["verificatie"], strict=True))
    raw, verificatie = statistics.median(tempo["raw"]), statistics.median(tempo["verificatie"])
    return (
        f"{aantallen.pop():>9.0f} events | raw read+decode {raw:>7.0f}/s | verification {verificatie:>7.0f}/s | "
        f"ratio {verificatie / raw:.2f} (rounds {verhoudingen[0]:.2f}-{verhoudingen[-1]:.2f}; target >= 0.5) | "
        f"RSS start/end/peak: verification {_mb(metingen['verificatie'])}, raw {_mb(metingen['raw'])} | "
        f"load {belasting()}"
    )


def _mb(reeks: list[dict[str, float]]) -> str:
    """The largest of each over the rounds."""
    return "/".join(f"{max(m[k] for m in reeks):.0f}" for k in ("rss_begin_mb", "rss_eind_mb", "rss_piek_mb")) + " MB"


def meet(url: str, klein: int, groot: int, rondes: int) -> None:
    prefix = f"vf{uuid.uuid4().hex[:6]}_"
    container = bootstrap(_settings(url, prefix))
    schema = container.schema(REGIO)
    try:
        store = container.stores[REGIO]
        generator = Generator(container.profielen)
        pool = [store.mapper.to_stored_event(e) for e in generator.cohort(REGIO, POOL)]
        print(f"pool: {POOL} cases, {len(pool)} events, mean state {sum(len(e.state) for e in pool) / len(pool):.0f} B")
        bron = _kopieen(pool)
        gedaan = 0
        for doel in (klein, groot):
            start = time.perf_counter()
            vul(url, schema, pool, doel - gedaan, bron)
            gedaan = doel
            print(
                f"filled to {gedaan} events ({time.perf_counter() - start:.0f} s, through the chain trigger)",
                flush=True,
            )
            print(verificatie_tegen_raw(url, prefix, rondes), flush=True)
    finally:
        container.close()
        verwijder_schema(url, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--klein", type=int, default=100_000)
    parser.add_argument("--rondes", type=int, default=3, help="Rounds of raw and verification at each size.")
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    grens.limiet_optie(parser, LIMIET)
    parser.add_argument("--meting", choices=["raw", "verificatie"], help=argparse.SUPPRESS)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.meting:
        meting(args.meting, args.database_url, args.prefix)
        return
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        meet(url, args.klein, args.events, args.rondes)


if __name__ == "__main__":
    main()
