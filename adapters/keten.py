"""The hash chain kept by PostgreSQL beside an append-only table: computed by a trigger in the transaction
of every insert, in one order, and itself append-only.

For each inserted row the chain table `<tabel>_keten` (append-only too, made so by the caller) gets the next
sequence number (`volgnummer`, from 1: the row's index as a leaf of the Merkle tree), the row's position,
its leaf hash (`domain.keten.blad` of the row's bytes as `inhoud_sql` composes them) and the chain link
(`domain.keten.schakel`). A trigger lock puts concurrent inserts one after the other; where positions are
drawn under a lock of their own before (the events table, `adapters.recorder`), the chain follows the
positions' order.
"""

from __future__ import annotations

import zlib
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

EVENT_INHOUD_SQL = (
    "uuid_send(originator_id) || int8send(originator_version) || int4send(octet_length(topic)) "
    "|| convert_to(topic, 'UTF8') || state"
)
"""An event row's bytes as its leaf covers them: case, version, type and stored state."""


def event_inhoud(originator_id: UUID, versie: int, topic: str, state: bytes) -> bytes:
    """`EVENT_INHOUD_SQL` in Python: what a verifier hashes to recompute an event's leaf."""
    onderwerp = topic.encode()
    return (
        originator_id.bytes
        + versie.to_bytes(8, "big", signed=True)
        + len(onderwerp).to_bytes(4, "big", signed=True)
        + onderwerp
        + bytes(state)
    )


def keten_tabel(tabel: str) -> str:
    return f"{tabel}_keten"


def installeer_keten(conn: psycopg.Connection[Any], schema: str, tabel: str, *, positie: str, inhoud_sql: str) -> None:
    """Creates the chain of `schema.tabel` (idempotent) and chains the rows already there, in position order.

    `positie` names the table's position column; `inhoud_sql` is an expression over the table's columns
    giving a row's bytes (e.g. `EVENT_INHOUD_SQL`). Run it where the DDL runs (`adapters.postgres`)."""
    keten = keten_tabel(tabel)
    namen = {
        "schema": sql.Identifier(schema),
        "tabel": sql.Identifier(tabel),
        "keten": sql.Identifier(keten),
        "schakel": sql.Identifier(f"{keten}_schakel"),
        "trigger_functie": sql.Identifier(f"{keten}_na_insert"),
        "positie": sql.Identifier(positie),
        "inhoud": sql.SQL(inhoud_sql),
        "slot": sql.Literal(zlib.crc32(f"{schema}.{keten}".encode())),
    }
    statements = [
        "CREATE TABLE IF NOT EXISTS {schema}.{keten} ("
        " volgnummer bigint PRIMARY KEY,"
        " positie bigint NOT NULL UNIQUE,"
        " blad bytea NOT NULL,"
        " schakel bytea NOT NULL)",
        # one row: the next leaf's number and link follow from the last
        "CREATE OR REPLACE FUNCTION {schema}.{schakel}(rij_positie bigint, inhoud bytea) RETURNS void "
        "LANGUAGE plpgsql AS $$ DECLARE n bigint; vorige bytea; b bytea; BEGIN "
        " SELECT volgnummer, schakel INTO n, vorige FROM {schema}.{keten} ORDER BY volgnummer DESC LIMIT 1;"
        " b := sha256('\\x00'::bytea || inhoud);"
        " INSERT INTO {schema}.{keten} (volgnummer, positie, blad, schakel) VALUES ("
        "  coalesce(n, 0) + 1, rij_positie, b,"
        "  sha256('\\x02'::bytea || coalesce(vorige, '\\x" + "00" * 32 + "'::bytea) || int8send(rij_positie) || b));"
        " END $$",
        "CREATE OR REPLACE FUNCTION {schema}.{trigger_functie}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE r record; BEGIN "
        " PERFORM pg_advisory_xact_lock({slot});"
        " FOR r IN SELECT {positie} AS p, {inhoud} AS i FROM nieuw ORDER BY {positie} LOOP"
        "  PERFORM {schema}.{schakel}(r.p, r.i);"
        " END LOOP;"
        " RETURN NULL; END $$",
        "CREATE OR REPLACE TRIGGER keten_na_insert AFTER INSERT ON {schema}.{tabel} "
        "REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{trigger_functie}()",
    ]
    inhalen = sql.SQL(
        "DO $$ DECLARE r record; BEGIN"
        " FOR r IN SELECT {positie} AS p, {inhoud} AS i FROM {schema}.{tabel}"
        "  WHERE {positie} > coalesce((SELECT max(positie) FROM {schema}.{keten}), 0) ORDER BY {positie} LOOP"
        "  PERFORM {schema}.{schakel}(r.p, r.i);"
        " END LOOP; END $$"
    )
    with conn.transaction():
        for statement in statements:
            conn.execute(sql.SQL(statement).format(**namen))
        conn.execute(sql.SQL("LOCK TABLE {schema}.{tabel} IN SHARE ROW EXCLUSIVE MODE").format(**namen))
        conn.execute(inhalen.format(**namen))
