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
        "trigger_functie": sql.Identifier(f"{keten}_na_insert"),
        "positie": sql.Identifier(positie),
        "inhoud": sql.SQL(inhoud_sql),
        "slot": sql.Literal(zlib.crc32(f"{schema}.{keten}".encode())),
    }

    def schakel_in(bron: str) -> str:
        """PL/pgSQL chaining the rows of `bron` (in position order) after the chain's last entry."""
        return (
            " PERFORM pg_advisory_xact_lock({slot});"
            " SELECT volgnummer, schakel INTO n, vorige FROM {schema}.{keten} ORDER BY volgnummer DESC LIMIT 1;"
            " n := coalesce(n, 0); vorige := coalesce(vorige, '\\x" + "00" * 32 + "'::bytea);"
            " FOR r IN SELECT {positie} AS p, {inhoud} AS i FROM " + bron + " ORDER BY {positie} LOOP"
            "  n := n + 1; b := sha256('\\x00'::bytea || r.i);"
            "  vorige := sha256('\\x02'::bytea || vorige || int8send(r.p) || b);"
            "  INSERT INTO {schema}.{keten} (volgnummer, positie, blad, schakel) VALUES (n, r.p, b, vorige);"
            " END LOOP;"
        )

    variabelen = "DECLARE n bigint; vorige bytea; b bytea; r record; BEGIN"
    statements = [
        "CREATE TABLE IF NOT EXISTS {schema}.{keten} ("
        " volgnummer bigint PRIMARY KEY,"
        " positie bigint NOT NULL UNIQUE,"
        " blad bytea NOT NULL,"
        " schakel bytea NOT NULL)",
        # runs as its owner: whoever appends a row need not (and should not) be able to write the chain
        "CREATE OR REPLACE FUNCTION {schema}.{trigger_functie}() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
        + variabelen
        + schakel_in("nieuw")
        + " RETURN NULL; END $$",
        "REVOKE ALL ON FUNCTION {schema}.{trigger_functie}() FROM PUBLIC",
        "CREATE OR REPLACE TRIGGER keten_na_insert AFTER INSERT ON {schema}.{tabel} "
        "REFERENCING NEW TABLE AS nieuw FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{trigger_functie}()",
        "LOCK TABLE {schema}.{tabel} IN SHARE ROW EXCLUSIVE MODE",
        # rows stored before the chain existed, chained once (identifiers are composed by psycopg.sql below)
        "DO $$ "  # noqa: S608
        + variabelen
        + schakel_in("{schema}.{tabel} WHERE {positie} > coalesce((SELECT max(positie) FROM {schema}.{keten}), 0)")
        + " END $$",
    ]
    with conn.transaction():
        for statement in statements:
            conn.execute(sql.SQL(statement).format(**namen))
