"""The access log's table (inzagelog) as its owner creates it in a region's, a network's or the node's schema:
append-only (the database refuses UPDATE, DELETE and TRUNCATE, whoever asks), each row a leaf of the table's hash
chain (`adapters.keten`); the application may only insert its rows' own columns and read them
(`adapters.rechten.BELEID`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

from adapters.keten import installeer_keten, keten_tabel
from projections.tabellen import q

TABEL = "inzagelog"
KETEN = keten_tabel(TABEL)
INVOER_TYPEN = {
    "wie": "text",
    "rol": "text",
    "soort": "text",
    "casus_id": "uuid",
    "methode": "text",
    "route": "text",
    "parameters": "jsonb",
    "doel": "text",
    "request_id": "text",
    "status": "int",
}
"""The columns the application writes, with their types; the position and the time are the database's."""
INVOER = ", ".join(INVOER_TYPEN)
KOLOMMEN = f"positie, tijdstip, {INVOER}"
RECORDSET = ", ".join(f"{kolom} {type_}" for kolom, type_ in INVOER_TYPEN.items())
"""The written columns as the definition of a recordset (`jsonb_to_recordset(...) AS r(...)`)."""
_KAN_LEEG = {"casus_id", "doel"}
_STANDAARD = {"parameters": "'{}'"}
ALLEEN_TOEVOEGEN = ("alleen_toevoegen_rij", "alleen_toevoegen_tabel")
"""The triggers that refuse changing a row of the log or its chain."""


def tabel(schema: str) -> str:
    return f"{q(schema)}.{TABEL}"


def _tekst(kolom: str) -> str:
    return f"int4send(octet_length({kolom})) || convert_to({kolom}, 'UTF8')"


def _of_niets(kolom: str, bytes_: str) -> str:
    return f"CASE WHEN {kolom} IS NULL THEN '\\x00'::bytea ELSE '\\x01'::bytea || {bytes_} END"


INHOUD_SQL = " || ".join(
    [
        "int8send((extract(epoch FROM tijdstip) * 1000000)::bigint)",
        _tekst("wie"),
        _tekst("rol"),
        _tekst("soort"),
        _of_niets("casus_id", "uuid_send(casus_id)"),
        _tekst("methode"),
        _tekst("route"),
        "int4send((SELECT count(*) FROM jsonb_object_keys(parameters))::int)",
        "coalesce((SELECT string_agg("
        + _tekst("e.k")
        + " || "
        + _tekst("e.v")
        + ", ''::bytea ORDER BY convert_to(e.k, 'UTF8')) FROM jsonb_each_text(parameters) AS e(k, v)), ''::bytea)",
        _of_niets("doel", _tekst("doel")),
        _tekst("request_id"),
        "int4send(status)",
    ]
)
"""A row's bytes as its leaf in the hash chain covers them (its position is bound by the chain link): every
column, each text with its length, a missing value apart from an empty one, the parameters sorted by name."""
EPOCHE = datetime(1970, 1, 1, tzinfo=UTC)


def inhoud(rij: Mapping[str, Any]) -> bytes:
    """`INHOUD_SQL` in Python: what a verifier hashes to recompute a row's leaf."""

    def tekst(waarde: str) -> bytes:
        b = waarde.encode()
        return len(b).to_bytes(4, "big", signed=True) + b

    def of_niets(waarde: bytes | None) -> bytes:
        return b"\x00" if waarde is None else b"\x01" + waarde

    parameters = sorted(dict(rij["parameters"]).items(), key=lambda kv: kv[0].encode())
    return b"".join(
        [
            ((rij["tijdstip"] - EPOCHE) // timedelta(microseconds=1)).to_bytes(8, "big", signed=True),
            tekst(rij["wie"]),
            tekst(rij["rol"]),
            tekst(rij["soort"]),
            of_niets(rij["casus_id"].bytes if rij["casus_id"] is not None else None),
            tekst(rij["methode"]),
            tekst(rij["route"]),
            len(parameters).to_bytes(4, "big", signed=True),
            *(tekst(k) + tekst(v) for k, v in parameters),
            of_niets(tekst(rij["doel"]) if rij["doel"] is not None else None),
            tekst(rij["request_id"]),
            int(rij["status"]).to_bytes(4, "big", signed=True),
        ]
    )


def _alleen_toevoegen(schema: str, naam: str) -> list[str]:
    """The triggers that make the database refuse UPDATE, DELETE and TRUNCATE on a table of the log."""
    t, functie = f"{q(schema)}.{q(naam)}", f"{q(schema)}.inzagelog_alleen_toevoegen"
    return [
        f"CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the access log is append-only: % refused on %.%', "
        "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$",
        f"CREATE OR REPLACE TRIGGER alleen_toevoegen_rij BEFORE UPDATE OR DELETE ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {functie}()",
        f"CREATE OR REPLACE TRIGGER alleen_toevoegen_tabel BEFORE TRUNCATE ON {t} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {functie}()",
    ]


def _kolomdefinities() -> str:
    """The written columns as the table defines them: each NOT NULL unless it may be left out."""
    return ", ".join(
        f"{kolom} {type_}"
        + ("" if kolom in _KAN_LEEG else " NOT NULL")
        + (f" DEFAULT {_STANDAARD[kolom]}" if kolom in _STANDAARD else "")
        for kolom, type_ in INVOER_TYPEN.items()
    )


def ddl(schema: str) -> list[str]:
    """The log's table, its indexes, and the triggers that make it append-only."""
    t = tabel(schema)
    return [
        f"CREATE TABLE IF NOT EXISTS {t} ("
        "positie bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "tijdstip timestamptz NOT NULL DEFAULT clock_timestamp(), "
        f"{_kolomdefinities()})",
        f"CREATE INDEX IF NOT EXISTS inzagelog_casus ON {t} (casus_id, positie) WHERE casus_id IS NOT NULL",
        f"CREATE INDEX IF NOT EXISTS inzagelog_wie ON {t} (wie, positie)",
        f"CREATE INDEX IF NOT EXISTS inzagelog_tijdstip ON {t} (tijdstip)",
        *_alleen_toevoegen(schema, TABEL),
    ]


def maak(conn: psycopg.Connection[Any], schema: str, _events: str = "") -> None:
    """As the owner, idempotent: the log's table, append-only, chained; its chain append-only too."""
    with conn.transaction():
        for statement in ddl(schema):
            conn.execute(statement.encode())
    installeer_keten(conn, schema, TABEL, positie="positie", inhoud_sql=INHOUD_SQL)
    with conn.transaction():
        for statement in _alleen_toevoegen(schema, KETEN):
            conn.execute(statement.encode())
