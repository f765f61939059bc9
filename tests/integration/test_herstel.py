"""Followers heal: a lost connection is retried and listened on again, a failure shows as `herstellend`,
two processes running one follower never both record a batch, and a relay sets aside what it can never
publish."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from eventsourcing.persistence import StoredEvent
from nats.js import JetStreamContext

from adapters.bootstrap import Container
from adapters.escalaties import Relay
from adapters.jetstream import Stroominstellingen, stroom_naam, zorg_voor_stroom
from adapters.leesmodellen import LeesModellen
from adapters.notifier import Notifier
from adapters.pools import open_pool
from domain.waarden import Herkomst
from projections.projector import stel_codecs_in
from projections.volger import Luisteraar, Volger, kanaal
from tests.integration.conftest import bij, inhoud
from tests.integration.test_escalaties import escaleer
from tests.integration.test_escalaties import relay as maak_relay
from tests.unit.conftest import aanmelding

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="coordinator", rol="coordinator")


@pytest.fixture
async def pool(container: Container) -> AsyncIterator[asyncpg.Pool]:
    verbindingen = await open_pool(container.database_url(REGIO), max_size=4, init=stel_codecs_in)
    yield verbindingen
    await verbindingen.close()


async def verbreek_alles(pool: asyncpg.Pool, sinds: datetime) -> int:
    """Cuts every other connection this test opened, as a database restart does."""
    async with pool.acquire() as conn:
        return int(
            await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                "AND datname = current_database() AND backend_type = 'client backend' AND backend_start >= $1",
                sinds,
            )
        )


class Hapert(Volger):
    """A follower whose steps fail `keer` times (the database away), then work."""

    def __init__(self, pool: asyncpg.Pool, schema: str, keer: int) -> None:
        super().__init__(pool, schema, "hapert")
        self.keer = keer
        self.gezien: list[tuple[str, str | None, bool]] = []

    async def stap(self) -> int:
        self.gezien.append((self.toestand, self.fout, self.sinds is not None))
        if self.keer:
            self.keer -= 1
            raise ConnectionRefusedError("Connect call failed ('127.0.0.1', 5432)")
        return 0


async def test_een_volger_die_faalt_is_herstellend_wacht_steeds_langer_en_herstelt_vanzelf(
    container: Container, pool: asyncpg.Pool
) -> None:
    volger = Hapert(pool, container.schema(REGIO), keer=4)
    stop = asyncio.Event()
    loopt = asyncio.create_task(volger.draai(stop, vangnet=0.2))
    try:
        for _ in range(100):
            if volger.keer == 0 and not volger.herstellend:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await loopt
    eerste, *tussendoor = volger.gezien[:5]
    assert eerste == ("ok", None, False)
    assert all(
        toestand == "herstellend" and fout and "Connect call failed" in fout and sinds
        for toestand, fout, sinds in tussendoor
    )
    assert (volger.toestand, volger.fout, volger.sinds) == ("ok", None, None)  # recovered by itself


async def test_na_een_verbroken_verbinding_luistert_de_volger_weer(container: Container) -> None:
    """Every connection cut (as a database restart does): the shared LISTEN connection comes back, so a
    NOTIFY from another process wakes the projection again without waiting for its safety net."""
    begin = datetime.now(UTC)
    modellen = LeesModellen(container)
    await modellen.open()
    projector = modellen.projector(REGIO)
    stop = asyncio.Event()
    loopt = asyncio.create_task(projector.draai(stop, vangnet=60))
    notifier = Notifier(container.database_url(REGIO), interval=0.01)
    try:
        positie = container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST).positie
        assert positie is not None
        notifier.meld(kanaal(projector.schema), positie)
        assert await projector.wacht_tot(positie, 10)
        assert await verbreek_alles(projector.pool, begin) >= 1
        await asyncio.sleep(0.5)
        positie = container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST).positie  # another process
        assert positie is not None
        for _ in range(20):  # the NOTIFY is sent again until the listener is back
            notifier.meld(kanaal(projector.schema), positie)
            if await projector.wacht_tot(positie, 0.5):
                break
        assert projector.positie >= positie
        assert Luisteraar.van(projector.pool).verbinding is not None
    finally:
        notifier.close()
        stop.set()
        await loopt
        await modellen.close()


async def test_twee_processen_met_dezelfde_projectie_tellen_niets_dubbel(container: Container) -> None:
    """Two projectors of one region (two nodes running the projections), stepping in turn and at once, with
    batches of different sizes: each batch is recorded by one of them only."""
    dienst = container.regio(REGIO)
    for _ in range(23):
        dienst.meld_aan(aanmelding(), None, HERKOMST)
    een, twee = LeesModellen(container, batch=3), LeesModellen(container, batch=5)
    await een.open()
    await twee.open()
    try:
        a, b = een.projector(REGIO), twee.projector(REGIO)
        for _ in range(4):
            await asyncio.gather(a.stap(), b.stap())
            await b.stap()
        await bij(een)
        await bij(twee)
        assert a.positie == b.positie == await a.kop()
        assert a.onverwerkbaar == b.onverwerkbaar == 0  # nothing set aside to hide a batch applied twice
        levend = await inhoud(een, REGIO)
        assert len(levend["tijdlijn"]) == 23  # a double-counted batch would have broken the timeline's key
        await een.herbouw(REGIO)
        assert await inhoud(een, REGIO) == levend
    finally:
        await een.close()
        await twee.close()


async def test_een_relay_zet_opzij_wat_hij_nooit_kan_publiceren_en_gaat_door(
    container: Container,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    klok: Any,
) -> None:
    escaleer(container, klok)
    kapot = StoredEvent(
        originator_id=escaleer(container, klok),
        originator_version=99,
        topic="domain.casus:Casus.Opgeschaald",
        state=b'{"niet": "een escalatie"}',
    )
    container.stores[REGIO].recorder.insert_events([kapot])
    escaleer(container, klok)
    relay = await maak_relay(container, pool, netwerk, js)
    while await relay.stap():
        pass
    assert relay.positie == await relay.opgeslagen_positie() == await relay.kop()
    async with pool.acquire() as conn:
        [opzij] = await conn.fetch(f'SELECT * FROM "{relay.schema}".onverwerkbaar')
    assert (opzij["naam"], opzij["originator_version"]) == (relay.naam, 99)
    assert "does not load" in opzij["fout"] or "validation" in opzij["fout"].lower()
    info = await js.stream_info(stroom_naam(netwerk))
    assert info.state.messages == 3  # the three escalations, not the broken event
    assert relay.onverwerkbaar == 1


async def test_de_positie_van_een_relay_van_de_vorige_versie_blijft(
    container: Container,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    klok: Any,
) -> None:
    """The previous version kept a relay's position in a table of its own (`relay`): it is taken over, so
    nothing is published again."""
    escaleer(container, klok)
    kop = await Relay(pool, container.schema(REGIO), REGIO, netwerk, container.stores[REGIO], js).kop()
    schema = container.schema(REGIO)
    async with pool.acquire() as conn:
        await conn.execute(f'CREATE TABLE "{schema}".relay (naam text PRIMARY KEY, positie bigint NOT NULL DEFAULT 0)')
        await conn.execute(f'INSERT INTO "{schema}".relay VALUES ($1, $2)', f"escalaties-{REGIO}", kop)
    relay = await maak_relay(container, pool, netwerk, js)
    assert relay.positie == await relay.opgeslagen_positie() == kop
    assert await relay.stap() == 0
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT to_regclass($1)", f'"{schema}".relay') is None


async def test_de_stroom_bewaart_berichten_begrensd(js: JetStreamContext, netwerk: str) -> None:
    """The network stores each escalation as a case of its own: the stream keeps messages for a bounded time,
    and an existing stream that kept them forever is brought in line."""
    info = await js.stream_info(stroom_naam(netwerk))
    assert info.config.max_age == Stroominstellingen().bewaartijd
    await zorg_voor_stroom(js, netwerk, Stroominstellingen(duplicaatvenster=60, bewaartijd=3600))
    assert (await js.stream_info(stroom_naam(netwerk))).config.max_age == 3600
