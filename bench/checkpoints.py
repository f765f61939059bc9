"""What checkpoints and proofs cost, each against a floor measured in the same run.

    python -m bench.checkpoints [--events 100000] [--per-checkpoint 1000] [--database-url URL]

A region's store gets `--events` events (ten per case). Then, side by side:
- signing: one checkpoint over `--per-checkpoint` new entries (recomputing each leaf and link from its
  event, extending the tree, storing subtrees and the signed row), against the floor of reading those
  entries' events once;
- restart: a fresh process's first checkpoint (the tree's edge from the stored subtrees and the last
  block's events), against the floor of the root from every leaf of the chain (what it would cost
  without stored subtrees);
- proof: a case's ten events proven in the latest checkpoint, against the floor of reading the case's
  events.
Prints the medians and their ratios.

Without --database-url it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

from eventsourcing.persistence import StoredEvent

from adapters.bewijzen import inclusiebewijs
from adapters.checkpointer import Checkpointer
from adapters.checkpoints import Tabellen
from adapters.ondertekening import Ondertekenaar
from adapters.pools import open_pool
from adapters.postgres import EVENTS_TABLE, open_store, verwijder_schema
from bench import grens
from bench.servers import postgres
from domain.keten import wortel

STATE = b'{"op":"2026-11-25","herkomst":{"actor":"bench","rol":"triagist"},"tekst":"' + b"x" * 400 + b'"}'


async def mediaan(aantal: int, meet: Callable[[], Awaitable[None]]) -> float:
    tijden = []
    for _ in range(aantal):
        start = time.perf_counter()
        await meet()
        tijden.append(time.perf_counter() - start)
    return statistics.median(tijden)


def vul(store: object, aantal: int) -> list[uuid.UUID]:
    recorder = store.recorder  # type: ignore[attr-defined]
    casussen = []
    for _ in range(aantal // 10):
        casus = uuid.uuid4()
        casussen.append(casus)
        recorder.insert_events(
            [
                StoredEvent(originator_id=casus, originator_version=v, topic="domain.casus:Casus.Iets", state=STATE)
                for v in range(1, 11)
            ]
        )
    return casussen


async def meet(url: str, events: int, per_checkpoint: int) -> None:
    schema = f"bench_checkpoints_{uuid.uuid4().hex[:8]}"
    store = open_store(url, schema, pool_size=2, cache=0)
    pool = await open_pool(url, max_size=4)
    tabellen = Tabellen(schema, EVENTS_TABLE)
    sleutel = Ondertekenaar(secrets.token_bytes(32))
    try:
        casussen = await asyncio.to_thread(vul, store, events)
        checkpointer = Checkpointer(
            pool, schema, EVENTS_TABLE, "regio:bench", sleutel, events=per_checkpoint, seconden=3600
        )
        while await checkpointer.stap() is not None:  # everything signed but the last stretch
            if checkpointer.laatste and checkpointer.laatste.grootte >= events - 20 * per_checkpoint:
                break

        async def onderteken() -> None:
            assert await checkpointer.stap() is not None

        async def lees_events() -> None:
            async with pool.acquire() as conn:
                await conn.fetch(
                    "SELECT notification_id, originator_id, originator_version, topic, state "
                    f"FROM {tabellen.events} WHERE notification_id > $1 ORDER BY notification_id LIMIT $2",
                    events // 2,
                    per_checkpoint,
                )

        ondertekenen, lezen = await mediaan(19, onderteken), await mediaan(19, lees_events)
        print(
            f"signing {per_checkpoint} entries: {ondertekenen * 1000:.1f} ms; reading their events: "
            f"{lezen * 1000:.1f} ms; ratio {ondertekenen / lezen:.1f}"
        )

        await asyncio.to_thread(vul, store, per_checkpoint)

        async def herstart() -> None:
            vers = Checkpointer(
                pool, schema, EVENTS_TABLE, "regio:bench", sleutel, events=per_checkpoint, seconden=3600
            )
            async with pool.acquire() as conn, conn.transaction():
                await vers._rand(conn, checkpointer.laatste)

        async def alle_bladen() -> None:
            async with pool.acquire() as conn:
                rijen = await conn.fetch(f"SELECT blad FROM {tabellen.keten} ORDER BY volgnummer")
            wortel([bytes(r["blad"]) for r in rijen])

        opnieuw, alles = await mediaan(9, herstart), await mediaan(3, alle_bladen)
        print(
            f"restart: the tree's edge in {opnieuw * 1000:.1f} ms; the root from all {events} leaves: "
            f"{alles * 1000:.1f} ms; ratio {opnieuw / alles:.3f}"
        )

        casus = casussen[len(casussen) // 3]

        async def bewijs() -> None:
            async with pool.acquire() as conn:
                assert await inclusiebewijs(conn, tabellen, "regio:bench", casus) is not None

        async def lees_casus() -> None:
            async with pool.acquire() as conn:
                await conn.fetch(f"SELECT * FROM {tabellen.events} WHERE originator_id = $1", casus)

        bewijzen, casus_lezen = await mediaan(19, bewijs), await mediaan(19, lees_casus)
        grootte = checkpointer.laatste.grootte if checkpointer.laatste else 0
        print(
            f"proof of a case's 10 events in a tree of {grootte}: {bewijzen * 1000:.1f} ms; reading its events: "
            f"{casus_lezen * 1000:.1f} ms; ratio {bewijzen / casus_lezen:.1f}"
        )
    finally:
        await pool.close()
        store.close()
        verwijder_schema(url, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-checkpoint", type=int, default=1000)
    parser.add_argument("--database-url")
    grens.limiet_optie(parser, 900)
    argumenten = parser.parse_args()
    with grens.begrensd(argumenten.limiet), postgres(argumenten.database_url) as url:
        asyncio.run(meet(url, argumenten.events, argumenten.per_checkpoint))


if __name__ == "__main__":
    main()
