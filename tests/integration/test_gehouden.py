"""The verification with the checkpoints held elsewhere (adapters.gehouden): a region node and the network
node with schemas of their own, the region's checkpoints held by the network's witness and asked for over
NATS. An operator who rewrites an event, recomputes every leaf and link and signs the store's checkpoints
anew with its key still contradicts the witness's checkpoint."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import nats
import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from adapters.bootstrap import Container, bootstrap
from adapters.checkpointdienst import Checkpointdienst
from adapters.embedded import EmbeddedNats
from adapters.getuige import getuige_checkpoints
from adapters.keten import event_inhoud, keten_tabel
from adapters.ondertekening import Ondertekenaar
from adapters.postgres import EVENTS_TABLE
from adapters.settings import Settings
from adapters.verificatie import regio_logboek, vergelijking, verifieer_logboek
from domain.checkpoint import Checkpoint
from domain.keten import BEGIN, Boomrand, blad, schakel
from domain.verificatie import Breuk, Gaaf, Soort

BEN = "ben-brabant-zeeland"
REGIO = "hart-van-brabant"


@pytest.fixture
def eigen_nats(tmp_path: Path) -> Iterator[EmbeddedNats]:
    server = EmbeddedNats(tmp_path / "nats")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def netwerknode(database_url: str, schema_prefix: str, eigen_nats: EmbeddedNats) -> Iterator[Container]:
    """The network's node on schemas of its own (another prefix): the region's node cannot read its witness's
    table, only ask it."""
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        schema_prefix=f"{schema_prefix}n",
        knooppunt="netwerk",
        netwerken=[BEN],
        nats_url=eigen_nats.url,
    )
    container = bootstrap(settings)
    yield container
    container.close()


def herschrijf(database_url: str, schema: str, positie: int, sleutel: Ondertekenaar) -> None:
    """As an operator with the superuser and the node's key: a new state for one event, every leaf and link
    recomputed, the store's checkpoints replaced by one signed over the rewritten log."""
    namen = {
        "events": sql.Identifier(schema, EVENTS_TABLE),
        "keten": sql.Identifier(schema, keten_tabel(EVENTS_TABLE)),
        "checkpoints": sql.Identifier(schema, f"{EVENTS_TABLE}_checkpoints"),
    }
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            sql.SQL("UPDATE {events} SET state = 'rewritten' WHERE notification_id = %s").format(**namen), (positie,)
        )
        rijen = conn.execute(
            sql.SQL(
                "SELECT k.volgnummer, k.positie, e.originator_id, e.originator_version, e.topic, e.state "
                "FROM {keten} k JOIN {events} e ON e.notification_id = k.positie ORDER BY k.volgnummer"
            ).format(**namen)
        ).fetchall()
        rand, vorige = Boomrand(), BEGIN
        for volgnummer, pos, casus, versie, topic, state in rijen:
            b = blad(event_inhoud(casus, versie, topic, bytes(state)))
            vorige = schakel(vorige, pos, b)
            rand.voeg_toe(b)
            conn.execute(
                sql.SQL("UPDATE {keten} SET blad = %s, schakel = %s WHERE volgnummer = %s").format(**namen),
                (b, vorige, volgnummer),
            )
        conn.execute(sql.SQL("DELETE FROM {checkpoints}").format(**namen))
        nieuw = sleutel.onderteken(
            Checkpoint(f"regio:{REGIO}", rand.grootte, vorige, rand.wortel(), datetime.now(UTC), "")
        )
        conn.execute(
            sql.SQL(
                "INSERT INTO {checkpoints} (bron, grootte, schakel, boom, tijd, sleutel_id, handtekening, "
                "publieke_sleutel) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            ).format(**namen),
            (
                nieuw.bron,
                nieuw.grootte,
                nieuw.schakel,
                nieuw.boom,
                nieuw.tijd,
                nieuw.sleutel_id,
                nieuw.handtekening,
                sleutel.publiek,
            ),
        )


async def test_een_herschreven_log_spreekt_de_getuige_tegen(
    maak_container: Callable[..., Container],
    netwerknode: Container,
    eigen_nats: EmbeddedNats,
    database_url: str,
) -> None:
    regio = maak_container(
        knooppunt="regios", regios=[REGIO], nats_url=eigen_nats.url, checkpoint_events=3, checkpoint_seconden=60
    )
    diensten = [await Checkpointdienst.gestart(regio), await Checkpointdienst.gestart(netwerknode)]
    try:
        casus = uuid.uuid4()
        regio.stores[REGIO].recorder.insert_events(
            [StoredEvent(originator_id=casus, originator_version=v, topic="t", state=b"{}") for v in range(1, 7)]
        )
        nc = await nats.connect(eigen_nats.url)
        try:
            einde = asyncio.get_running_loop().time() + 20
            while True:
                with contextlib.suppress(nats.errors.NoRespondersError):
                    if [c.grootte for c in await getuige_checkpoints(nc, BEN, f"regio:{REGIO}")] == [3, 6]:
                        break
                assert asyncio.get_running_loop().time() < einde, "the witness did not get the checkpoints"
                await asyncio.sleep(0.1)
        finally:
            await nc.close()

        logboek = regio_logboek(regio.settings, REGIO)
        vergelijken = vergelijking(regio.settings)
        gaaf = await asyncio.to_thread(verifieer_logboek, logboek, vergelijken)
        assert isinstance(gaaf, Gaaf) and gaaf.grootte == 6 and gaaf.getuigd_tot == 6
        assert sorted({g.houder for g in gaaf.bevestigd}) == ["eigen", f"netwerk:{BEN}"]

        positie = regio.stores[REGIO].recorder.max_notification_id() - 3  # the third event
        herschrijf(database_url, logboek.schema, positie, Ondertekenaar.van(regio.settings))
        breuk = await asyncio.to_thread(verifieer_logboek, logboek, vergelijken)
        assert isinstance(breuk, Breuk), breuk
        assert breuk.soort is Soort.CHECKPOINT_TEGENGESPROKEN
        assert breuk.checkpoint is not None and breuk.checkpoint.houder == f"netwerk:{BEN}"
    finally:
        for dienst in diensten:
            await dienst.close()
