"""Signed checkpoints on a real PostgreSQL: made after N entries or M seconds, stored, continued after a
restart from the stored subtrees, never signed over an altered log, and never conflicting between two
processes on the same store."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import psycopg
import pytest
from eventsourcing.persistence import StoredEvent
from psycopg import sql

from adapters.bootstrap import Container
from adapters.checkpointer import Checkpointer, LogGewijzigd
from adapters.checkpoints import Tabellen, deelbomen, lees_checkpoints
from adapters.getuige import Getuige, Publicist, bericht
from adapters.keten import keten_tabel
from adapters.ondertekening import Ondertekenaar, handtekening_klopt
from adapters.pools import open_pool
from adapters.postgres import EVENTS_TABLE
from adapters.recorder import GeordendeRecorder
from domain.checkpoint import Checkpoint
from domain.keten import (
    BEGIN,
    blad,
    consistentiebewijs_met,
    controleer_consistentie,
    controleer_inclusie,
    inclusiepad_met,
    wortel,
)
from domain.waarden import Herkomst
from tests.integration.test_databaserollen import Rollen, bouw, problemen, richt_in, rollen  # noqa: F401 - fixtures
from tests.unit.conftest import aanmelding

REGIO = "hart-van-brabant"


@pytest.fixture
async def pool(container: Container, database_url: str) -> AsyncIterator[asyncpg.Pool]:
    p = await open_pool(database_url, max_size=4)
    yield p
    await p.close()


@pytest.fixture
def ondertekenaar() -> Ondertekenaar:
    return Ondertekenaar(secrets.token_bytes(32))


def _checkpointer(pool: asyncpg.Pool, container: Container, sleutel: Ondertekenaar, **kwargs: Any) -> Checkpointer:
    kwargs.setdefault("events", 5)
    kwargs.setdefault("seconden", 3600.0)
    return Checkpointer(pool, container.schema(REGIO), EVENTS_TABLE, f"regio:{REGIO}", sleutel, **kwargs)


def schrijf(container: Container, aantal: int) -> None:
    recorder = container.stores[REGIO].recorder
    assert isinstance(recorder, GeordendeRecorder)
    casus = uuid.uuid4()
    recorder.insert_events(
        [
            StoredEvent(
                originator_id=casus, originator_version=v, topic="domain.casus:Casus.Iets", state=b'{"v":%d}' % v
            )
            for v in range(1, aantal + 1)
        ]
    )


async def bladen(pool: asyncpg.Pool, schema: str) -> list[bytes]:
    async with pool.acquire() as conn:
        rijen = await conn.fetch(f'SELECT blad FROM "{schema}"."{keten_tabel(EVENTS_TABLE)}" ORDER BY volgnummer')
    return [bytes(r["blad"]) for r in rijen]


async def test_een_checkpoint_na_n_events_en_na_m_seconden(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar
) -> None:
    checkpointer = _checkpointer(pool, container, ondertekenaar, events=5, seconden=0.5)
    assert await checkpointer.stap() is None  # an empty log: nothing to sign
    schrijf(container, 12)
    eerste = await checkpointer.stap()  # no checkpoint yet: the first entry is due at once, N at a time
    tweede = await checkpointer.stap()
    assert eerste is not None and tweede is not None
    assert (eerste.grootte, tweede.grootte) == (5, 10)
    assert await checkpointer.stap() is None  # 2 entries, younger than M since the last checkpoint
    await asyncio.sleep(0.6)
    derde = await checkpointer.stap()
    assert derde is not None and derde.grootte == 12
    alle = await bladen(pool, container.schema(REGIO))
    async with pool.acquire() as conn:
        opgeslagen = await lees_checkpoints(conn, container.schema(REGIO), EVENTS_TABLE)
        laatste_schakel = await conn.fetchval(
            f'SELECT schakel FROM "{container.schema(REGIO)}"."{keten_tabel(EVENTS_TABLE)}" WHERE volgnummer = 12'
        )
    assert opgeslagen == [eerste, tweede, derde]
    for checkpoint in opgeslagen:
        assert checkpoint.bron == f"regio:{REGIO}" and checkpoint.sleutel_id == ondertekenaar.sleutel_id
        assert checkpoint.boom == wortel(alle[: checkpoint.grootte])
        assert handtekening_klopt(checkpoint, ondertekenaar.publiek)
    assert derde.schakel == bytes(laatste_schakel)
    assert checkpointer.stand()["intact"] is True and checkpointer.stand()["grootte"] == 12


async def test_de_tabel_van_checkpoints_is_onveranderlijk(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar, database_url: str
) -> None:
    schrijf(container, 3)
    assert await _checkpointer(pool, container, ondertekenaar).stap() is not None
    tabel = sql.SQL("{}.{}").format(
        sql.Identifier(container.schema(REGIO)), sql.Identifier(f"{EVENTS_TABLE}_checkpoints")
    )
    for statement in ("UPDATE {} SET grootte = 2", "DELETE FROM {}", "TRUNCATE {}"):
        with psycopg.connect(database_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql.SQL(statement).format(tabel))


async def test_na_een_herstart_verder_vanaf_de_opgeslagen_deelbomen(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar
) -> None:
    """Over 256 entries the tree's subtrees are stored: a fresh process continues from them and the last
    block's events, and proofs read them instead of every leaf."""
    schrijf(container, 700)
    eerste = _checkpointer(pool, container, ondertekenaar, events=300)
    assert [(await eerste.stap()).grootte for _ in range(2)] == [300, 600]  # type: ignore[union-attr]
    schrijf(container, 200)
    tweede = _checkpointer(pool, container, ondertekenaar, events=300)
    nieuw = await tweede.stap()
    assert nieuw is not None and nieuw.grootte == 900
    alle = await bladen(pool, container.schema(REGIO))
    assert nieuw.boom == wortel(alle)
    tabellen = Tabellen(container.schema(REGIO), EVENTS_TABLE)
    async with pool.acquire() as conn:
        knopen = await conn.fetchval(f"SELECT count(*) FROM {tabellen.knopen}")
        assert knopen == 3 + 1  # three subtrees of 256 leaves, one of 512

        def bewijzen(deelboom: Any) -> tuple[list[bytes], list[bytes]]:
            return consistentiebewijs_met(300, 900, deelboom), inclusiepad_met(417, 900, deelboom)

        deelboom = await deelbomen(conn, tabellen, bewijzen)
    consistentie, pad = bewijzen(deelboom)
    assert controleer_consistentie(300, 900, wortel(alle[:300]), nieuw.boom, consistentie)
    assert controleer_inclusie(alle[417], 417, 900, pad, nieuw.boom)


async def _ongemoeid(database_url: str, schema: str, statement: str, *args: Any) -> None:
    """Runs a statement past the immutability triggers, as an operator with the rights to do so could."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(sql.SQL(statement).format(schema=sql.Identifier(schema)), args)


async def test_geen_handtekening_over_een_gewijzigd_log(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar, database_url: str
) -> None:
    schema = container.schema(REGIO)
    checkpointer = _checkpointer(pool, container, ondertekenaar)
    schrijf(container, 5)
    assert await checkpointer.stap() is not None
    schrijf(container, 5)
    await _ongemoeid(
        database_url, schema, "UPDATE {schema}.casussen_events SET state = 'x' WHERE notification_id = %s", 8
    )
    with pytest.raises(LogGewijzigd, match="no longer matches its chain"):
        await checkpointer.stap()
    stand = checkpointer.stand()
    assert stand["intact"] is False and "entry 8" in str(stand["melding"]) and stand["grootte"] == 5
    async with pool.acquire() as conn:
        assert [c.grootte for c in await lees_checkpoints(conn, schema, EVENTS_TABLE)] == [5]


async def test_een_log_gewijzigd_na_de_checkpoint_wordt_bij_een_herstart_gevonden(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar, database_url: str
) -> None:
    """An entry under the last checkpoint altered, its leaf and every link recomputed in the chain too: the
    events no longer give the signed root."""
    schema = container.schema(REGIO)
    schrijf(container, 5)
    assert await _checkpointer(pool, container, ondertekenaar).stap() is not None
    await _ongemoeid(
        database_url, schema, "UPDATE {schema}.casussen_events SET state = 'x' WHERE notification_id = %s", 2
    )
    schrijf(container, 5)
    with pytest.raises(LogGewijzigd, match="no longer gives the root of checkpoint 5"):
        await _checkpointer(pool, container, ondertekenaar).stap()


async def test_een_event_zonder_schakel_wordt_gevonden(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar, database_url: str
) -> None:
    schema = container.schema(REGIO)
    schrijf(container, 2)
    await _ongemoeid(
        database_url,
        schema,
        "INSERT INTO {schema}.casussen_events (originator_id, originator_version, topic, state) "
        "VALUES (%s, 1, 't', 'untracked')",
        uuid.uuid4(),
    )
    schrijf(container, 2)
    with pytest.raises(LogGewijzigd, match="have no chain entry"):
        await _checkpointer(pool, container, ondertekenaar).stap()


async def test_twee_processen_maken_geen_tegenstrijdige_checkpoints(
    container: Container, pool: asyncpg.Pool, ondertekenaar: Ondertekenaar, database_url: str
) -> None:
    ander_pool = await open_pool(database_url, max_size=2)
    try:
        a = _checkpointer(pool, container, ondertekenaar, events=3, seconden=0.01)
        b = _checkpointer(ander_pool, container, ondertekenaar, events=3, seconden=0.01)
        for _ in range(15):
            await asyncio.to_thread(schrijf, container, 2)
            await asyncio.gather(a.stap(), b.stap(), a.stap(), b.stap())
        await asyncio.sleep(0.02)  # what is left (fewer than N) is due once M has passed
        await asyncio.gather(a.stap(), b.stap())
    finally:
        await ander_pool.close()
    alle = await bladen(pool, container.schema(REGIO))
    async with pool.acquire() as conn:
        opgeslagen = await lees_checkpoints(conn, container.schema(REGIO), EVENTS_TABLE)
    assert opgeslagen[-1].grootte == len(alle) == 30
    for checkpoint in opgeslagen:
        assert checkpoint.boom == wortel(alle[: checkpoint.grootte])


class _Antwoord:
    data = b'{"status": "aanvaard", "reden": null}'


class _Getuige:
    """A witness that accepts everything (NATS is not what this test is about)."""

    async def request(self, *_args: Any, **_kwargs: Any) -> _Antwoord:
        return _Antwoord()


async def test_als_app_rol_ondertekenen_getuigen_en_bevestigen(
    rollen: Rollen,  # noqa: F811
    bouw: Callable[..., Container],  # noqa: F811
    database_url: str,
) -> None:
    """The application role of deploy/postgres/rollen.sql signs, holds another store's checkpoints and records
    a witness's answers, with the rights `adapters.rechten.BELEID` gives it and no more."""
    container = richt_in(rollen, bouw)
    container.regio(REGIO).meld_aan(aanmelding(), None, Herkomst(actor="tester", rol="aanmelder"))
    schema = container.schema(REGIO)
    sleutel = Ondertekenaar(secrets.token_bytes(32))
    pool = await open_pool(rollen.app_url, max_size=2)
    try:
        checkpoint = await Checkpointer(
            pool, schema, EVENTS_TABLE, f"regio:{REGIO}", sleutel, events=1, seconden=1
        ).stap()
        assert checkpoint is not None and checkpoint.grootte == 1
        getuige = Getuige(pool, schema, {})
        netwerk = sleutel.onderteken(
            Checkpoint("netwerk:ben-brabant-zeeland", 3, BEGIN, blad(b"x"), checkpoint.tijd, "")
        )
        held = await getuige.ontvang(netwerk.bron, bericht(netwerk, sleutel.publiek, 0, 3, []))
        assert held == {"status": "aanvaard", "reden": None}
        publicist = Publicist(
            pool, Tabellen(schema, EVENTS_TABLE), "netwerk:ben-brabant-zeeland", "x", _Getuige(), sleutel.publiek
        )  # type: ignore[arg-type]
        assert await publicist.stap() == 1
        assert publicist.bevestigd == 1
    finally:
        await pool.close()
    assert problemen(database_url, schema, rollen.app) == []
