"""Following an events table: events this process stored come from memory only when that is exactly what
the table holds next; wake-ups say up to where, and one for a position reached already costs no step."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg
import pytest
from eventsourcing.persistence import Notification

from adapters.bootstrap import Container
from adapters.notifier import Notifier
from adapters.pools import open_pool
from domain.waarden import Herkomst
from projections.stand import volgstanden
from projections.volger import Luisteraar, Opgeslagen, Volger, kanaal, lees_events
from projections.volgpositie import Volgpositie
from tests.unit.conftest import aanmelding

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="coordinator", rol="coordinator")


class Teller(Volger):
    """Reads like the relays and the inbox do, and remembers what each step read."""

    uit_geheugen = True

    def __init__(self, pool: asyncpg.Pool, schema: str) -> None:
        super().__init__(pool, schema, "teller")
        self.stappen: list[list[int]] = []
        self.uit_de_tabel = 0

    async def stap(self) -> int:
        async with self.pool.acquire() as conn:
            rijen = await self.volgende(conn, self.positie, self.batch)
        self.stappen.append([r["notification_id"] for r in rijen])
        if rijen:
            await self._meld(rijen[-1]["notification_id"])
        return len(rijen)

    async def volgende(self, conn: asyncpg.Connection, vanaf: int, aantal: int) -> Sequence[Opgeslagen]:
        if self._uit_geheugen(vanaf, aantal) is None:
            self.uit_de_tabel += 1
        return await super().volgende(conn, vanaf, aantal)


@pytest.fixture
async def pool(container: Container) -> AsyncIterator[asyncpg.Pool]:
    verbindingen = await open_pool(container.database_url(REGIO), max_size=4)
    yield verbindingen
    await verbindingen.close()


def meld_aan(container: Container, aantal: int = 1) -> list[Notification]:
    """Registers cases; what the store handed its listeners."""
    gezien: list[Notification] = []
    store = container.stores[REGIO]
    store.na_bewaren.append(gezien.extend)
    try:
        for _ in range(aantal):
            container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)
    finally:
        store.na_bewaren.remove(gezien.extend)
    return gezien


def als_rijen(rijen: Sequence[Any]) -> list[tuple[Any, ...]]:
    return [
        (r["notification_id"], str(r["originator_id"]), r["originator_version"], r["topic"], bytes(r["state"]))
        for r in rijen
    ]


async def test_wat_dit_proces_opsloeg_komt_uit_het_geheugen_en_is_gelijk_aan_de_tabel(
    container: Container, pool: asyncpg.Pool
) -> None:
    volger = Teller(pool, container.schema(REGIO))
    volger.bied_aan(meld_aan(container, 3))
    async with pool.acquire() as conn:
        uit_geheugen = await volger.volgende(conn, 0, 10)
        assert volger.uit_de_tabel == 0
        assert als_rijen(uit_geheugen) == als_rijen(await lees_events(conn, volger.schema, 0, 10))
        assert als_rijen(await volger.volgende(conn, 0, 2)) == als_rijen(uit_geheugen[:2])  # a batch at most


async def test_een_gat_of_een_onbekende_aankondiging_leest_de_tabel(container: Container, pool: asyncpg.Pool) -> None:
    volger = Teller(pool, container.schema(REGIO))
    eerste, tweede, derde = meld_aan(container, 3)
    volger.bied_aan([eerste, derde])  # the second was stored by another process
    async with pool.acquire() as conn:
        assert [r["notification_id"] for r in await volger.volgende(conn, 0, 10)] == [eerste.id, tweede.id, derde.id]
        assert volger.uit_de_tabel == 1
        volger.bied_aan([tweede])
        volger.wek(derde.id + 5)  # NOTIFY from another process: up to a position memory does not reach
        assert len(await volger.volgende(conn, 0, 10)) == 3
        assert volger.uit_de_tabel == 2
        volger.wek()  # a wake-up that does not say up to where
        await volger.volgende(conn, 0, 10)
        assert volger.uit_de_tabel == 3


async def test_een_wekker_voor_een_bereikte_positie_kost_geen_stap(container: Container, pool: asyncpg.Pool) -> None:
    volger = Teller(pool, container.schema(REGIO))
    stop = asyncio.Event()
    loopt = asyncio.create_task(volger.draai(stop, vangnet=30))
    try:
        notificaties = meld_aan(container, 2)
        volger.bied_aan(notificaties)
        assert await volger.wacht_tot(notificaties[-1].id, 5)
        await asyncio.sleep(0.1)
        stappen = len(volger.stappen)
        volger.wek(notificaties[-1].id)  # e.g. this process's own NOTIFY, arriving after the step
        volger.wek(notificaties[0].id)
        await asyncio.sleep(0.2)
        assert len(volger.stappen) == stappen
        later = meld_aan(container)
        volger.wek(later[-1].id)  # announced without the events: read from the table
        assert await volger.wacht_tot(later[-1].id, 5)
        assert volger.stappen[-1] == [later[-1].id]
    finally:
        stop.set()
        await loopt


async def test_volgers_op_een_pool_delen_een_luisterverbinding(container: Container) -> None:
    """Four followers on a pool of two connections: one listens for all, one is left to work with."""
    pool = await open_pool(container.database_url(REGIO), max_size=2)
    volgers = [Teller(pool, container.schema(REGIO)) for _ in range(4)]
    stop = asyncio.Event()
    lopend = [asyncio.create_task(v.draai(stop, vangnet=30)) for v in volgers]
    try:
        await asyncio.sleep(0.3)
        assert Luisteraar.van(pool).aantal == 4
        positie = meld_aan(container)[-1].id  # not handed over: only the NOTIFY wakes them
        for volger in volgers:
            assert await volger.wacht_tot(positie, 5)
    finally:
        stop.set()
        await asyncio.gather(*lopend)
        assert pool.get_idle_size() == pool.get_size()  # the listening connection went back
        await pool.close()


async def test_notify_draagt_de_positie_van_het_nieuwste_event(container: Container) -> None:
    schema = container.schema(REGIO)
    conn = await asyncpg.connect(container.database_url(REGIO))
    ontvangen: asyncio.Queue[str] = asyncio.Queue()
    await conn.add_listener(kanaal(schema), lambda *args: ontvangen.put_nowait(args[3]))
    notifier = Notifier(container.database_url(REGIO), interval=0.5)
    try:
        notifier.meld(kanaal(schema), 7)
        assert await asyncio.wait_for(ontvangen.get(), 5) == "7"
        notifier.meld(kanaal(schema), 12)  # coalesced within the interval: the highest position
        notifier.meld(kanaal(schema), 9)
        assert await asyncio.wait_for(ontvangen.get(), 5) == "12"
    finally:
        notifier.close()
        await conn.close()


async def test_een_pool_zonder_wachten_op_de_schijf_blijft_zo_na_teruggeven(container: Container) -> None:
    pool = await open_pool(container.database_url(REGIO), max_size=1, wacht_op_schijf=False)
    try:
        for _ in range(3):  # the same connection, given back and taken again
            async with pool.acquire() as conn:
                assert await conn.fetchval("SHOW synchronous_commit") == "off"
    finally:
        await pool.close()


async def test_zonder_notify_wekt_het_vangnet_van_de_pool_wie_achterloopt(
    container: Container, pool: asyncpg.Pool
) -> None:
    """A NOTIFY lost: the pool's safety net (one query for every table followed on it) wakes the followers
    once the table grew; while it does not grow, it wakes none of them."""
    volgers = [Teller(pool, container.schema(REGIO)) for _ in range(3)]
    store = container.stores[REGIO]
    melders, store.na_bewaren[:] = list(store.na_bewaren), []  # no NOTIFY from this process
    stop = asyncio.Event()
    lopend = [asyncio.create_task(v.draai(stop, vangnet=0.2)) for v in volgers]
    try:
        await asyncio.sleep(1.0)
        stappen = [len(v.stappen) for v in volgers]
        await asyncio.sleep(0.6)
        assert [len(v.stappen) for v in volgers] == stappen  # idle: looked at, not stepped
        positie = meld_aan(container)[-1].id
        for volger in volgers:
            assert await volger.wacht_tot(positie, 5)
    finally:
        store.na_bewaren[:] = melders
        stop.set()
        await asyncio.gather(*lopend)


async def test_de_stand_neemt_de_kop_die_het_vangnet_zag_en_leest_anders_de_tabel(
    container: Container, pool: asyncpg.Pool
) -> None:
    """/health's head: read from the table while nobody follows on the pool; once the safety net looked, its
    head (with the look's age), raised by what was announced since, without reading the table again."""
    schema = container.schema(REGIO)
    async with pool.acquire() as conn:
        await Volgpositie(schema).maak_tabellen(conn)
    teller = Teller(pool, schema)
    positie = meld_aan(container)[-1].id
    [gelezen] = await volgstanden([(teller, "teller", "teller")])
    assert (gelezen.kop, gelezen.kop_leeftijd, gelezen.achterstand) == (positie, 0.0, positie)
    store = container.stores[REGIO]
    melders, store.na_bewaren[:] = list(store.na_bewaren), []  # no NOTIFY from this process
    stop = asyncio.Event()
    lopend = asyncio.create_task(teller.draai(stop, vangnet=0.2))
    try:
        assert await teller.wacht_tot(positie, 5)
        await asyncio.sleep(1.0)  # the safety net looked, every 0.2 s: its last look is under 0.8 s old even when
        # the machine is busy with a second test worker, and a net that stopped after its first look is not
        [gezien] = await volgstanden([(teller, "teller", "teller")])
        assert gezien.kop == positie and gezien.kop_leeftijd is not None and 0 < gezien.kop_leeftijd <= 0.8
        assert (gezien.achterstand, gezien.toestand) == (0, "ok")
        teller.wek(positie + 5)  # announced (a NOTIFY) before the safety net looks again
        [aangekondigd] = await volgstanden([(teller, "teller", "teller")])
        assert (aangekondigd.kop, aangekondigd.achterstand) == (positie + 5, 5)
    finally:
        store.na_bewaren[:] = melders
        stop.set()
        await lopend
