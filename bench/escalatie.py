"""Escalation latency: from the commit of `Opgeschaald` to the case in the network's inbox.

    python -m bench.escalatie [--aantal 1000] [--per-seconde 20] [--database-url URL] [--nats-url URL]

One process runs a region and its network as `doorbraak serve` does (relay, consumer, inbox
projection, each woken as it would be). For each escalation: the time from `schaal_op` returning
(its event committed) to the network case's row in the inbox read model. Side by side, in the same
run and on the same servers, the floor: a raw PostgreSQL commit, a JetStream publish awaiting its
acknowledgement, and another commit, one after the other. Prints p50 and p99 of both and their
ratios (target for the p99s: at most 3). A p99 is the 10th-worst of 1,000 samples; of 300 it would be
the 3rd-worst, which one stall of the machine decides.

Without --database-url / --nats-url it starts an embedded PostgreSQL and nats-server.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from typing import Any

import asyncpg
import nats

from adapters.bootstrap import bootstrap
from adapters.escalatiedienst import Escalatiedienst
from adapters.http import voorbeelden
from adapters.leesmodellen import LeesModellen
from adapters.runtime import stem_gc_af
from adapters.settings import Settings
from bench import grens
from bench.servers import nats_server, postgres, verwijder_schemas
from domain.waarden import Aanmelding, Herkomst, Intakevragen, Opschaling, Triage

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="bench", rol="triagist")
INTAKE = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."))


def percentiel(waarden: list[float], p: float) -> float:
    geordend = sorted(waarden)
    return geordend[min(len(geordend) - 1, int(len(geordend) * p))]


async def vloer(db_url: str, nats_url: str, aantal: int, per_seconde: float) -> list[float]:
    """A commit, a JetStream publish with its ack, another commit: the least an escalation costs."""
    conn = await asyncpg.connect(db_url)
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    stroom = f"VLOER_{uuid.uuid4().hex[:8].upper()}"
    await js.add_stream(name=stroom, subjects=[f"{stroom.lower()}.>"], storage="file")
    # a logged table: a temporary one is not written to the WAL, so its commit never waits for the disk
    tabel = f"{stroom.lower()}_events"
    await conn.execute(f"CREATE TABLE {tabel} (id bigserial PRIMARY KEY, data text)")
    tijden = []
    try:
        for i in range(aantal):
            start = time.perf_counter()
            await conn.execute(f"INSERT INTO {tabel} (data) VALUES ($1)", "x" * 500)
            await js.publish(f"{stroom.lower()}.x", b"x" * 700, headers={"Nats-Msg-Id": str(i)})
            await conn.execute(f"INSERT INTO {tabel} (data) VALUES ($1)", "y" * 500)
            tijden.append(time.perf_counter() - start)
            await asyncio.sleep(max(0.0, 1 / per_seconde - tijden[-1]))
    finally:
        await conn.execute(f"DROP TABLE {tabel}")
        await js.delete_stream(stroom)
        await nc.close()
        await conn.close()
    return tijden


async def escalaties(db_url: str, nats_url: str, aantal: int, per_seconde: float) -> list[float]:
    prefix = f"esc{uuid.uuid4().hex[:6]}_"
    settings = Settings(_env_file=None, database_url=db_url, nats_url=nats_url, schema_prefix=prefix, regios=[REGIO])
    container = bootstrap(settings)
    modellen = LeesModellen(container)
    dienst = Escalatiedienst(container)
    try:
        await modellen.open()
        modellen.start()
        await dienst.open()
        dienst.start()
        regio = container.regio(REGIO)
        aanmelding = Aanmelding.model_validate(voorbeelden.AANMELDING["aanmelding"])
        triage = Triage.model_validate(voorbeelden.TRIAGE)
        casussen = []
        for _ in range(aantal):
            casus_id = regio.meld_aan(aanmelding, None, HERKOMST).casus.id
            regio.trieer(casus_id, triage, HERKOMST)
            casussen.append(casus_id)
        gecommit: list[float] = []
        container.stores[REGIO].na_bewaren.insert(0, lambda _: gecommit.append(time.perf_counter()))
        [netwerk] = container.netwerken
        inbox = modellen.inboxen[netwerk]
        lus = asyncio.get_running_loop()
        opgeslagen: asyncio.Queue[int] = asyncio.Queue()  # positions of the network's stored cases
        container.netwerk_stores[netwerk].na_bewaren.append(
            lambda notificaties: lus.call_soon_threadsafe(opgeslagen.put_nowait, notificaties[-1].id)
        )
        opschaling = Opschaling(niveau="bovenregionaal", reden="Vastgelopen.", intakevragen=INTAKE)
        tijden = []
        for casus_id in casussen:
            await asyncio.to_thread(regio.schaal_op, casus_id, opschaling, HERKOMST)
            start = gecommit[-1]  # taken in the appending thread, right after the commit
            positie = await asyncio.wait_for(opgeslagen.get(), 10)  # the network stored its case
            if not await inbox.wacht_tot(positie, 10):  # and the inbox committed it
                raise RuntimeError("the inbox did not take the case within 10 s")
            tijden.append(time.perf_counter() - start)
            await asyncio.sleep(max(0.0, 1 / per_seconde - tijden[-1]))
        async with inbox.pool.acquire() as conn:
            in_inbox = await conn.fetchval(
                f"SELECT count(*) FROM {inbox.inbox} WHERE casus_id = ANY($1::uuid[])", casussen
            )
        if in_inbox != len(casussen):
            raise RuntimeError(f"{in_inbox} of {len(casussen)} escalations are in the inbox")
        return tijden
    finally:
        await dienst.close()
        await modellen.close()
        container.close()
        await asyncio.to_thread(verwijder_schemas, db_url, prefix)


def rapport(naam: str, tijden: list[float]) -> dict[str, Any]:
    p50, p99 = statistics.median(tijden) * 1000, percentiel(tijden, 0.99) * 1000
    print(f"{naam:<58} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   ({len(tijden)} samples)")
    return {"p50": p50, "p99": p99}


async def meet(db_url: str, nats_url: str, aantal: int, per_seconde: float) -> None:
    floor = rapport(
        "floor: commit + JetStream publish with ack + commit", await vloer(db_url, nats_url, aantal, per_seconde)
    )
    gemeten = await escalaties(db_url, nats_url, aantal, per_seconde)
    escalatie = rapport("escalation: Opgeschaald committed -> case in network inbox", gemeten)
    print(f"p50 ratio escalation / floor: {escalatie['p50'] / floor['p50']:.1f}")
    print(f"p99 ratio escalation / floor: {escalatie['p99'] / floor['p99']:.1f} (target <= 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aantal", type=int, default=1000)
    parser.add_argument("--per-seconde", type=float, default=20.0)
    parser.add_argument("--database-url")
    parser.add_argument("--nats-url")
    grens.limiet_optie(parser, 600)
    args = parser.parse_args()
    stem_gc_af()  # as `doorbraak serve` does
    with grens.begrensd(args.limiet), postgres(args.database_url) as db_url, nats_server(args.nats_url) as nats_url:
        asyncio.run(meet(db_url, nats_url, args.aantal, args.per_seconde))


if __name__ == "__main__":
    main()
