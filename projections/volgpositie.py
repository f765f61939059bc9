"""Every follower's one exactly-once mechanism: its tracking row, advanced in the transaction that writes
what it made of a batch; and its dead letters, the events it set aside.

The tracking row is the library's (`INSERT ... ON CONFLICT ... WHERE notification_id < new`, the write
failing when no row comes back), with the stronger condition a batch needs: the row advances only from
the position the batch was read after. Two processes that read the same events cannot both record
them, even with batches of different sizes; the loser's whole transaction writes nothing, and it goes on
from the position it finds.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import orjson

from projections.tabellen import projecties_tabel, q

DDL_SLOT = "doorbraak-ddl"
"""The advisory lock every start-up DDL of a database takes, so processes starting together do not race
in PostgreSQL's catalog ('tuple concurrently updated')."""
ONVERWERKBAAR_KOLOMMEN = {
    "positie": "bigint",
    "originator_id": "uuid",
    "originator_version": "int",
    "topic": "text",
    "fout": "text",
}


def onverwerkbaar_tabel(schema: str) -> str:
    return f"{q(schema)}.onverwerkbaar"


def projecties_ddl(schema: str) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {projecties_tabel(schema)} (naam text NOT NULL, versie int NOT NULL, "
        "positie bigint NOT NULL DEFAULT 0, actief bool NOT NULL DEFAULT false, "
        "bijgewerkt timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (naam, versie))",
        f"CREATE TABLE IF NOT EXISTS {onverwerkbaar_tabel(schema)} (naam text NOT NULL, versie int NOT NULL, "
        "positie bigint NOT NULL, originator_id uuid, originator_version int, topic text NOT NULL, "
        "fout text NOT NULL, opgemerkt timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (naam, versie, positie))",
    ]


async def ddl_slot(conn: asyncpg.Connection) -> None:
    """Serialises this transaction's DDL with every other process's start-up DDL on the database."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", DDL_SLOT)


@dataclass(frozen=True)
class Volgpositie:
    """Where one follower stands, as the statements that read and advance its tracking row.

    Parameters of the advancing CTE (`cte`): $1 name, $2 version, $3 the position the batch was read
    after (NULL: write without advancing, as a rebuild does before it records its position at the end),
    $4 the new position, $5 whether the version must be the active one. What a batch writes beside it is
    guarded by `ALS_VERDER`.
    """

    ALS_VERDER = "($3::bigint IS NULL OR EXISTS (SELECT FROM positie))"
    """True when the row advanced (or nothing was to advance): the condition of the batch's writes."""

    schema: str

    @property
    def tabel(self) -> str:
        return projecties_tabel(self.schema)

    def cte(self) -> str:
        """`positie AS (...)`: the row advanced, or no row when another process got there first (it only
        ever moves forward)."""
        return (
            f"positie AS (UPDATE {self.tabel} SET positie = $4, bijgewerkt = now() "
            "WHERE naam = $1 AND versie = $2 AND positie = $3 AND $4 > $3 AND (actief OR NOT $5) RETURNING 1)"
        )

    def opzij(self, parameter: int, *, als_tekst: bool = False) -> str:
        """`opzij AS (...)`: the dead letters in parameter `parameter` (a JSON array of rows in the order
        of ONVERWERKBAAR_KOLOMMEN; `als_tekst`: given as its text), written if the position advanced."""
        waarden = ", ".join(f"(r->>{i})::{soort}" for i, soort in enumerate(ONVERWERKBAAR_KOLOMMEN.values()))
        soort = "text::jsonb" if als_tekst else "jsonb"
        return (
            f"opzij AS (INSERT INTO {onverwerkbaar_tabel(self.schema)} "
            f"(naam, versie, {', '.join(ONVERWERKBAAR_KOLOMMEN)}) "
            f"SELECT $1, $2, {waarden} FROM jsonb_array_elements(${parameter}::{soort}) AS r "
            f"WHERE {self.ALS_VERDER} ON CONFLICT DO NOTHING)"
        )

    async def maak_tabellen(self, conn: asyncpg.Connection) -> None:
        """The tracking and dead-letter tables, inside the caller's transaction, under the start-up DDL lock
        (which the rest of that transaction's DDL then holds too)."""
        await ddl_slot(conn)
        for statement in projecties_ddl(self.schema):
            await conn.execute(statement)

    async def maak(self, conn: asyncpg.Connection, naam: str) -> tuple[int, int]:
        """The follower's row (version 1, at the first event) unless it exists; its (version, position)."""
        await conn.execute(
            f"INSERT INTO {self.tabel} (naam, versie, actief) VALUES ($1, 1, true) ON CONFLICT DO NOTHING", naam
        )
        stand = await self.actief(conn, naam)
        if stand is None:
            raise LookupError(f"{naam} has tracking rows but none is active")
        return stand

    async def actief(self, conn: asyncpg.Connection, naam: str) -> tuple[int, int] | None:
        """(version, position) of the follower's active row."""
        rij = await conn.fetchrow(f"SELECT versie, positie FROM {self.tabel} WHERE naam = $1 AND actief", naam)
        return None if rij is None else (int(rij["versie"]), int(rij["positie"]))

    async def zet(
        self,
        conn: asyncpg.Connection,
        naam: str,
        versie: int,
        van: int,
        naar: int,
        opzij: list[tuple[object, ...]] | None = None,
        *,
        alleen_actief: bool = True,
    ) -> bool:
        """Advances the row from `van` to `naar` (with these dead letters); False when it was not at `van`."""
        gelukt = await conn.fetchval(
            f"WITH {self.cte()}, {self.opzij(6, als_tekst=True)} SELECT {self.ALS_VERDER}",
            naam,
            versie,
            van,
            naar,
            alleen_actief,
            orjson.dumps(opzij or [], default=str).decode(),
        )
        return bool(gelukt)

    async def aantal_opzij(self, conn: asyncpg.Connection, naam: str, versie: int) -> int:
        """How many events this follower (at this version) set aside."""
        aantal = await conn.fetchval(
            f"SELECT count(*) FROM {onverwerkbaar_tabel(self.schema)} WHERE naam = $1 AND versie = $2", naam, versie
        )
        return int(aantal)
