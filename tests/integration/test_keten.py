"""The hash chain PostgreSQL keeps beside every events table (adapters.keten), recomputed in Python."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from psycopg import sql

from adapters.bootstrap import Container
from adapters.keten import EVENT_INHOUD_SQL, event_inhoud, installeer_keten, keten_tabel
from adapters.postgres import EVENTS_TABLE, _maak_onveranderlijk, schema_naam
from adapters.recorder import GeordendeRecorder
from domain.keten import BEGIN, blad, schakel

REGIO = "hart-van-brabant"


def _recorder(container: Container) -> GeordendeRecorder:
    r = container.stores[REGIO].recorder
    assert isinstance(r, GeordendeRecorder)
    return r


def _stored(casus: uuid.UUID, versie: int, state: bytes = b'{"a":1}') -> StoredEvent:
    return StoredEvent(originator_id=casus, originator_version=versie, topic="domain.casus:Casus.Iets", state=state)


def _rijen(conn: psycopg.Connection[Any], schema: str, tabel: str = EVENTS_TABLE) -> list[tuple[Any, ...]]:
    query = sql.SQL(
        "SELECT k.volgnummer, k.positie, k.blad, k.schakel, e.originator_id, e.originator_version, e.topic, e.state "
        "FROM {schema}.{keten} k JOIN {schema}.{tabel} e ON e.notification_id = k.positie ORDER BY k.volgnummer"
    ).format(schema=sql.Identifier(schema), keten=sql.Identifier(keten_tabel(tabel)), tabel=sql.Identifier(tabel))
    return conn.execute(query).fetchall()


def _controleer(rijen: list[tuple[Any, ...]]) -> None:
    """Every leaf and link as Python computes them, numbered from 1 in position order."""
    vorige = BEGIN
    for i, (volgnummer, positie, b, s, casus, versie, topic, state) in enumerate(rijen, start=1):
        verwacht = blad(event_inhoud(casus, versie, topic, bytes(state)))
        vorige = schakel(vorige, positie, verwacht)
        assert (volgnummer, bytes(b), bytes(s)) == (i, verwacht, vorige)
    assert [r[1] for r in rijen] == sorted(r[1] for r in rijen)


def test_elk_event_krijgt_zijn_blad_en_schakel_in_de_transactie_van_zijn_append(
    container: Container, database_url: str, schema_prefix: str
) -> None:
    casus = uuid.uuid4()
    _recorder(container).insert_events([_stored(casus, 1), _stored(casus, 2, '{"naam":"Zoë"}'.encode())])
    _recorder(container).insert_events([_stored(casus, 3)])
    with pytest.raises(IntegrityError):
        _recorder(container).insert_events([_stored(casus, 4), _stored(casus, 3)])
    _recorder(container).insert_events([_stored(uuid.uuid4(), 1)])
    with psycopg.connect(database_url) as conn:
        rijen = _rijen(conn, schema_naam(schema_prefix, REGIO))
    assert len(rijen) == 4
    _controleer(rijen)


def test_gelijktijdige_appends_volgen_de_volgorde_van_de_posities(
    container: Container, database_url: str, schema_prefix: str
) -> None:
    def schrijf() -> None:
        for _ in range(25):
            casus = uuid.uuid4()
            _recorder(container).insert_events([_stored(casus, 1), _stored(casus, 2)])

    draden = [threading.Thread(target=schrijf) for _ in range(4)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    with psycopg.connect(database_url) as conn:
        rijen = _rijen(conn, schema_naam(schema_prefix, REGIO))
    assert len(rijen) == 200
    _controleer(rijen)


def test_de_keten_is_onveranderlijk(container: Container, database_url: str, schema_prefix: str) -> None:
    _recorder(container).insert_events([_stored(uuid.uuid4(), 1)])
    schema = schema_naam(schema_prefix, REGIO)
    keten = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(keten_tabel(EVENTS_TABLE)))
    for statement in ("UPDATE {} SET blad = '\\x00'", "DELETE FROM {}", "TRUNCATE {}"):
        with psycopg.connect(database_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql.SQL(statement).format(keten))


def test_een_bestaande_tabel_wordt_bij_installatie_in_volgorde_geketend(database_url: str, schema_prefix: str) -> None:
    schema, tabel = f"{schema_prefix}oud", "casussen_events"
    ids = {"schema": sql.Identifier(schema), "tabel": sql.Identifier(tabel)}
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {schema}").format(**ids))
        conn.execute(
            sql.SQL(
                "CREATE TABLE {schema}.{tabel} (notification_id bigserial, originator_id uuid, "
                "originator_version bigint, topic text, state bytea)"
            ).format(**ids)
        )
        for versie in (1, 2, 3):
            conn.execute(
                sql.SQL(
                    "INSERT INTO {schema}.{tabel} (originator_id, originator_version, topic, state) "
                    "VALUES (%s, %s, 't', %s)"
                ).format(**ids),
                (uuid.uuid4(), versie, f"oud {versie}".encode()),
            )
        installeer_keten(conn, schema, tabel, positie="notification_id", inhoud_sql=EVENT_INHOUD_SQL)
        installeer_keten(conn, schema, tabel, positie="notification_id", inhoud_sql=EVENT_INHOUD_SQL)
        _maak_onveranderlijk(conn, schema, keten_tabel(tabel))
        conn.execute(
            sql.SQL(
                "INSERT INTO {schema}.{tabel} (originator_id, originator_version, topic, state) "
                "VALUES (%s, 1, 't', 'nieuw')"
            ).format(**ids),
            (uuid.uuid4(),),
        )
        rijen = _rijen(conn, schema, tabel)
    assert len(rijen) == 4
    _controleer(rijen)
