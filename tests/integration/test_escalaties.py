"""Escalations from a region to its network over a real NATS JetStream: exactly once through faults."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import nats
import pytest
from nats.js import JetStreamContext

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats
from adapters.escalaties import AntwoordOntvanger, Ontvanger, Relay, Terugmelder
from adapters.feestdagen import nederlandse_werkkalender
from adapters.jetstream import (
    NIET_BEREIKBAAR,
    Consument,
    Herverbonden,
    Stroominstellingen,
    Uitgesteld,
    antwoord_onderwerp,
    dode_brieven_onderwerp,
    escalatie_onderwerp,
    zorg_voor_stroom,
)
from adapters.postgres import netwerk_schema_naam, open_netwerk_store
from domain.netwerk import Actie, Afsluitchecklist, Escalatie, Kernteambesluit, NetwerkAfsluiting
from domain.waarden import Herkomst, Intakevragen, Knelpunt, Opschaling
from services.netwerk import NetwerkService
from services.netwerk_store import NetwerkStore
from tests.conftest import Klok
from tests.integration.conftest import verbind
from tests.unit.conftest import aanmelding, triage

HERKOMST = Herkomst(actor="coordinator", rol="coordinator")
INTAKE = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."))
REGIO = "hart-van-brabant"


@pytest.fixture
async def pool(container: Container) -> AsyncIterator[asyncpg.Pool]:
    verbindingen = await asyncpg.create_pool(container.database_url(REGIO), min_size=1, max_size=3)
    yield verbindingen
    await verbindingen.close()


def netwerk_store_schema(container: Container, netwerk: str) -> str:
    return netwerk_schema_naam(container.settings.schema_prefix, netwerk)


async def in_netwerkstore(pool: asyncpg.Pool, container: Container, netwerk: str) -> tuple[int, int]:
    """How many cases and how many events the network's store holds."""
    async with pool.acquire() as conn:
        rij = await conn.fetchrow(
            f"SELECT count(DISTINCT originator_id) AS casussen, count(*) AS events "
            f'FROM "{netwerk_store_schema(container, netwerk)}".netwerkcasussen_events'
        )
    return rij["casussen"], rij["events"]


@pytest.fixture
def netwerk_store(container: Container, netwerk: str) -> Iterator[NetwerkStore]:
    schema = netwerk_store_schema(container, netwerk)
    store = open_netwerk_store(container.database_url(REGIO), schema, pool_size=2, cache=0)
    yield store
    store.close()


def escaleer(container: Container, klok: Klok, niveau: str = "bovenregionaal") -> uuid.UUID:
    dienst = container.regio(REGIO)
    klok.datum = date(2026, 11, 23)
    casus_id = dienst.meld_aan(aanmelding(), None, HERKOMST).casus.id
    dienst.trieer(casus_id, triage(), HERKOMST)
    dienst.schaal_op(casus_id, Opschaling(niveau=niveau, reden="Vastgelopen.", intakevragen=INTAKE), HERKOMST)
    return casus_id


async def relay(container: Container, pool: asyncpg.Pool, netwerk: str, js: JetStreamContext) -> Relay:
    r = Relay(pool, container.schema(REGIO), REGIO, netwerk, container.stores[REGIO], js)
    await r.installeer()
    return r


async def alles(consument: Consument) -> int:
    """Takes messages until none comes within a second; how many."""
    genomen = 0
    while await consument.stap(wachttijd=1):
        genomen += 1
    return genomen


async def berichten(js: JetStreamContext, onderwerp: str) -> list[Any]:
    """Every message stored on a subject, read with a throwaway consumer."""
    sub = await js.subscribe(onderwerp, ordered_consumer=True)
    gelezen = []
    try:
        while True:
            gelezen.append(await sub.next_msg(timeout=0.5))
    except nats.errors.TimeoutError:
        return gelezen
    finally:
        await sub.unsubscribe()


async def test_alleen_een_bovenregionale_escalatie_gaat_eenmaal_naar_het_netwerk(
    container: Container,
    klok: Klok,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    netwerk_store: NetwerkStore,
) -> None:
    casus_id = escaleer(container, klok)
    container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)  # a case that is not escalated
    r = await relay(container, pool, netwerk, js)
    assert await r.stap() == 4
    assert await r.stap() == 0
    opgeslagen = await berichten(js, escalatie_onderwerp(netwerk, REGIO))
    assert len(opgeslagen) == 1
    escalatie = Escalatie.model_validate_json(opgeslagen[0].data)
    assert (escalatie.casus_id, escalatie.regio, escalatie.netwerk) == (casus_id, REGIO, netwerk)
    assert opgeslagen[0].headers["Nats-Msg-Id"] == f"{REGIO}/{casus_id}/3"

    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    assert await ontvanger.stap(wachttijd=2) == 1
    netwerkcasus = netwerk_store.netwerkcasus(escalatie.netwerkcasus_id)
    assert netwerkcasus is not None and netwerkcasus.escalatie == escalatie
    assert await ontvanger.stap(wachttijd=0.5) == 0


async def test_de_relay_bewaart_zijn_positie_na_elke_publicatie_en_verder_eens_per_batch(
    container: Container, klok: Klok, pool: asyncpg.Pool, netwerk: str, js: JetStreamContext
) -> None:
    r = await relay(container, pool, netwerk, js)
    r.batch = 5
    for _ in range(3):
        container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)
    assert await r.stap() == 3
    assert (r.positie, await r.opgeslagen_positie()) == (await r.kop(), 0)  # nothing to publish: kept in memory
    escaleer(container, klok)
    assert await r.stap() == 3
    assert await r.opgeslagen_positie() == await r.kop()  # stored once the escalation was acknowledged
    for _ in range(4):
        container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)
    assert await r.stap() == 4 and await r.opgeslagen_positie() < await r.kop()
    container.regio(REGIO).meld_aan(aanmelding(), None, HERKOMST)
    assert await r.stap() == 1 and await r.opgeslagen_positie() == await r.kop()  # a batch of them passed


async def test_relay_gedood_na_publiceren_voor_zijn_positie_geeft_geen_tweede_casus(
    container: Container,
    klok: Klok,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    netwerk_store: NetwerkStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    escaleer(container, klok)
    r = await relay(container, pool, netwerk, js)
    echte_bewaar = Relay.bewaar_positie

    async def gedood(self: Relay, positie: int) -> None:
        raise ConnectionResetError("killed after the publish, before saving the position")

    monkeypatch.setattr(Relay, "bewaar_positie", gedood)
    with pytest.raises(ConnectionResetError):
        await r.stap()
    monkeypatch.setattr(Relay, "bewaar_positie", echte_bewaar)
    assert await r.opgeslagen_positie() == 0
    assert await r.stap() == 3  # publishes again: JetStream drops the repeat
    assert len(await berichten(js, escalatie_onderwerp(netwerk, REGIO))) == 1

    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    assert await ontvanger.stap(wachttijd=2) == 1
    assert (await in_netwerkstore(pool, container, netwerk))[0] == 1


async def test_ontvanger_gedood_voor_zijn_ack_krijgt_het_opnieuw_en_maakt_een_casus(
    container: Container,
    klok: Klok,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    netwerk_store: NetwerkStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    escaleer(container, klok)
    await (await relay(container, pool, netwerk, js)).stap()
    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open(ack_wacht=1.0)
    echte_ontvang = Ontvanger._ontvang

    def gedood(self: Ontvanger, escalatie: Escalatie) -> None:
        echte_ontvang(self, escalatie)
        raise ConnectionResetError("killed after storing the case, before the ack")

    monkeypatch.setattr(Ontvanger, "_ontvang", gedood)
    with pytest.raises(Uitgesteld) as uitgesteld:  # a passing failure: put back with a delay, not lost
        await ontvanger.stap(wachttijd=2)
    assert isinstance(uitgesteld.value.__cause__, ConnectionResetError) and ontvanger.herstellend
    monkeypatch.setattr(Ontvanger, "_ontvang", echte_ontvang)
    await asyncio.sleep(1.2)  # its delay (or the ack wait) runs out: JetStream delivers it again
    opnieuw = Ontvanger(js, netwerk, netwerk_store)
    await opnieuw.open(ack_wacht=1.0)
    assert await opnieuw.stap(wachttijd=3) == 1
    assert await opnieuw.stap(wachttijd=1.5) == 0  # acked now: not delivered a third time
    assert (await in_netwerkstore(pool, container, netwerk))[1] == 1


async def test_een_onverwerkbaar_bericht_gaat_met_reden_naar_de_onbestelbare_berichten(
    netwerk: str, js: JetStreamContext, netwerk_store: NetwerkStore
) -> None:
    await js.publish(escalatie_onderwerp(netwerk, REGIO), b'{"regio": "hart-van-brabant"}')
    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    assert await ontvanger.stap(wachttijd=2) == 1
    assert ontvanger.onbestelbaar == 1
    dood = await berichten(js, dode_brieven_onderwerp(netwerk, REGIO))
    assert len(dood) == 1 and dood[0].data == b'{"regio": "hart-van-brabant"}'
    assert dood[0].headers["Doorbraak-Reden"].startswith("not an escalation")
    assert await ontvanger.stap(wachttijd=1.5) == 0  # terminated: not redelivered


async def test_nats_weg_terwijl_de_regio_escaleert_daarna_komt_alles_eenmaal_aan(
    container: Container, klok: Klok, pool: asyncpg.Pool, netwerk: str, netwerk_store: NetwerkStore, tmp_path: Path
) -> None:
    server = EmbeddedNats(tmp_path / "nats")
    server.start()
    nc = await verbind(server.url)
    try:
        js = nc.jetstream(timeout=1)
        await zorg_voor_stroom(js, netwerk, Stroominstellingen(duplicaatvenster=60))
        r = await relay(container, pool, netwerk, js)
        server.stop()
        ids = [escaleer(container, klok) for _ in range(3)]  # the region keeps working
        with pytest.raises(NIET_BEREIKBAAR):  # publishes nothing, keeps its position, says so
            await r.stap()
        assert r.onbereikbaar and await r.opgeslagen_positie() == 0
        server.start()
        for _ in range(50):  # the client reconnects on its own
            try:
                while await r.stap():
                    pass
            except NIET_BEREIKBAAR:
                await asyncio.sleep(0.2)
                continue
            break
        assert not r.onbereikbaar
        assert await r.opgeslagen_positie() == await r.kop()
        opgeslagen = await berichten(js, escalatie_onderwerp(netwerk, REGIO))
        assert sorted(Escalatie.model_validate_json(m.data).casus_id for m in opgeslagen) == sorted(ids)
        ontvanger = Ontvanger(js, netwerk, netwerk_store)
        await ontvanger.open()
        assert await alles(ontvanger) == 3
    finally:
        await nc.close()
        server.stop()


async def test_heen_en_terug_besluit_en_afsluiting_komen_eenmaal_op_de_regionale_casus(
    container: Container,
    klok: Klok,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    netwerk_store: NetwerkStore,
) -> None:
    casus_id = escaleer(container, klok)
    await (await relay(container, pool, netwerk, js)).stap()
    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    await ontvanger.stap(wachttijd=2)
    kernteam = NetwerkService(netwerk, netwerk_store, nederlandse_werkkalender(), klok)
    escalatie = Escalatie.model_validate_json((await berichten(js, escalatie_onderwerp(netwerk, REGIO)))[0].data)
    nc_id = escalatie.netwerkcasus_id
    voorzitter = Herkomst(actor="voorzitter", rol="kernteam")
    kernteam.besluit(nc_id, Kernteambesluit(opgepakt=True, oplossing="2b-ondersteunen-organiseren-hulp"), voorzitter)
    kernteam.actie(nc_id, Actie(inzet="Expert twee dagdelen.", contactpersoon="P. de Wit"), voorzitter)
    kernteam.knelpunt(nc_id, Knelpunt(categorie="financiering", omschrijving="f"), voorzitter)  # stays in the network
    volledig = Afsluitchecklist(**dict.fromkeys(Afsluitchecklist.model_fields, True))
    kernteam.afsluiting(nc_id, NetwerkAfsluiting(checklist=volledig), voorzitter)

    terug = Terugmelder(pool, netwerk_store_schema(container, netwerk), netwerk, netwerk_store, js)
    await terug.installeer()
    assert await terug.stap() == 5
    async with pool.acquire() as conn:  # as if the relay lost its position: everything is published again
        await conn.execute(f"UPDATE {terug.volgpositie.tabel} SET positie = 0 WHERE naam = $1", terug.naam)
    terug = Terugmelder(pool, netwerk_store_schema(container, netwerk), netwerk, netwerk_store, js)
    await terug.installeer()
    assert await terug.stap() == 5
    assert len(await berichten(js, antwoord_onderwerp(netwerk, REGIO))) == 3

    antwoorden = AntwoordOntvanger(js, netwerk, REGIO, container.regio(REGIO))
    await antwoorden.open()
    assert await alles(antwoorden) == 3
    historie = [type(e).__name__ for e in container.regio(REGIO).historie(casus_id)]
    assert historie[-3:] == ["NetwerkBesluitOntvangen", "NetwerkActieOntvangen", "NetwerkAfgesloten"]
    # delivered again (an ack lost on the way): recorded once
    bericht = (await berichten(js, antwoord_onderwerp(netwerk, REGIO)))[0]
    await antwoorden.verwerk(bericht)
    assert len(container.regio(REGIO).historie(casus_id)) == len(historie)


async def test_een_escalatie_uit_een_event_van_voor_de_grenzen_komt_aan(
    container: Container,
    klok: Klok,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    netwerk_store: NetwerkStore,
) -> None:
    """An escalation relayed from an event stored before the edge refused NUL characters is the region's own
    stored data: the network takes it as it is (the inbox sets aside only what it cannot store)."""
    escaleer(container, klok)
    [bericht] = await berichten_na_relay(container, pool, netwerk, js)
    oud = bericht.data.replace(b'"reden":"Vastgelopen."', b'"reden":"Vast\\u0000gelopen."')
    assert oud != bericht.data
    await js.publish(escalatie_onderwerp(netwerk, REGIO), oud, headers={"Nats-Msg-Id": "oud-1"})
    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    assert await alles(ontvanger) == 2 and ontvanger.onbestelbaar == 0


async def berichten_na_relay(container: Container, pool: asyncpg.Pool, netwerk: str, js: JetStreamContext) -> list[Any]:
    await (await relay(container, pool, netwerk, js)).stap()
    return await berichten(js, escalatie_onderwerp(netwerk, REGIO))


async def test_een_bericht_dat_om_een_andere_reden_faalt_gaat_naar_de_onbestelbare_berichten(
    container: Container,
    klok: Klok,
    pool: asyncpg.Pool,
    netwerk: str,
    js: JetStreamContext,
    netwerk_store: NetwerkStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure that would come back at every delivery (not the database or NATS away) is not put back
    for ever: the message goes to the dead letters with its reason."""
    escaleer(container, klok)
    await (await relay(container, pool, netwerk, js)).stap()

    def kapot(self: Ontvanger, escalatie: Escalatie) -> None:
        raise ValueError("a rule of the network refuses it")

    monkeypatch.setattr(Ontvanger, "_ontvang", kapot)
    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    assert await ontvanger.stap(wachttijd=2) == 1
    assert ontvanger.onbestelbaar == 1 and not ontvanger.herstellend
    [dood] = await berichten(js, dode_brieven_onderwerp(netwerk, REGIO))
    assert "ValueError" in dood.headers["Doorbraak-Reden"]
    assert await ontvanger.stap(wachttijd=1.5) == 0


async def test_een_wachtende_ontvanger_neemt_een_bericht_meteen_en_vraagt_na_herverbinden_opnieuw(
    netwerk: str, js: JetStreamContext, netwerk_store: NetwerkStore
) -> None:
    """A fetch waits long on the server (an idle consumer asks NATS rarely); a message ends it at once, a
    reconnect makes the consumer ask again, and `stop` ends it without waiting for the fetch's time."""
    ontvanger = Ontvanger(js, netwerk, netwerk_store)
    await ontvanger.open()
    abonnement = ontvanger.abonnement
    assert abonnement is not None
    gevraagd = 0
    echte_fetch = abonnement.fetch

    async def fetch(*args: Any, **kwargs: Any) -> Any:
        nonlocal gevraagd
        gevraagd += 1
        return await echte_fetch(*args, **kwargs)

    abonnement.fetch = fetch  # type: ignore[method-assign]
    stop, herverbonden = asyncio.Event(), Herverbonden()
    loopt = asyncio.create_task(ontvanger.draai(stop, ophalen=30, herverbonden=herverbonden))
    try:
        await asyncio.sleep(0.5)
        assert gevraagd == 1
        await herverbonden.meld()
        await asyncio.sleep(0.3)
        assert gevraagd == 2
        await js.publish(escalatie_onderwerp(netwerk, REGIO), b'{"regio": "hart-van-brabant"}')
        for _ in range(40):
            if ontvanger.onbestelbaar:
                break
            await asyncio.sleep(0.05)
        assert ontvanger.onbestelbaar == 1  # taken within the wait, not after its 30 s
    finally:
        stop.set()
        await asyncio.wait_for(loopt, 2)
