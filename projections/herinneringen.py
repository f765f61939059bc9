"""The reminders' read port: the open cases whose next norm falls due by a date (the werkvoorraad's next-norm
columns), and the claims that let each reminder go out once per case, norm and day, whichever node sends it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import asyncpg

from domain.herinneringen import Herinnering
from projections.tabellen import Tabellen, q
from projections.volgpositie import ddl_slot

BEWAARDAGEN = 90
"""Days a claim is kept: a run for a day further back would send its reminders again."""


def verzonden_tabel(schema: str) -> str:
    """One row per reminder sent: case, norm and day (the claim), and the due date it reminded of."""
    return f"{q(schema)}.herinnering_verzonden"


def verzonden_ddl(schema: str) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {verzonden_tabel(schema)} (casus_id uuid NOT NULL, norm text NOT NULL, "
        "dag date NOT NULL, deadline date NOT NULL, verzonden timestamptz NOT NULL DEFAULT now(), "
        "PRIMARY KEY (casus_id, norm, dag))",
        f"CREATE INDEX IF NOT EXISTS herinnering_verzonden_dag ON {verzonden_tabel(schema)} (dag)",
    ]


async def maak_verzonden_tabel(conn: asyncpg.Connection, schema: str) -> None:
    """The claims table of a region's schema, under the start-up DDL lock."""
    async with conn.transaction():
        await ddl_slot(conn)
        for statement in verzonden_ddl(schema):
            await conn.execute(statement)


async def open_normen_tot(conn: asyncpg.Connection, tabellen: Tabellen, tot: date) -> list[dict[str, Any]]:
    """The open cases whose next norm falls due on or before `tot` (overdue ones included), the earliest
    first: reference, phase, next norm and its due date; nothing personal."""
    rijen = await conn.fetch(
        f"SELECT casus_id, fase, volgende_norm, volgende_deadline FROM {tabellen.casus} "
        "WHERE fase <> 'afgesloten' AND volgende_norm IS NOT NULL AND volgende_deadline <= $1 "
        "ORDER BY volgende_deadline, casus_id",
        tot,
    )
    return [dict(r) for r in rijen]


async def claim(conn: asyncpg.Connection, schema: str, herinneringen: Sequence[Herinnering]) -> list[Herinnering]:
    """Claims the reminders not yet sent, inside the caller's transaction; returns those it claimed.

    A reminder another transaction claimed and committed is skipped; one it claimed and has not yet committed
    is waited for (its row's lock), then skipped, or claimed here if that transaction rolled back. Rows are
    inserted in one order (case, norm), so two senders wait for each other but never deadlock."""
    geordend = sorted(herinneringen, key=lambda h: (h.casus_id, h.norm.value))
    if not geordend:
        return []
    rijen = await conn.fetch(
        f"INSERT INTO {verzonden_tabel(schema)} (casus_id, norm, dag, deadline) "
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[]) "
        "ON CONFLICT DO NOTHING RETURNING casus_id, norm",
        [h.casus_id for h in geordend],
        [h.norm.value for h in geordend],
        [h.dag for h in geordend],
        [h.deadline for h in geordend],
    )
    geclaimd = {(r["casus_id"], r["norm"]) for r in rijen}
    return [h for h in herinneringen if (h.casus_id, h.norm.value) in geclaimd]


async def ruim_op(conn: asyncpg.Connection, schema: str, dag: date) -> int:
    """Forgets the claims older than BEWAARDAGEN before `dag`; returns how many."""
    status = await conn.execute(
        f"DELETE FROM {verzonden_tabel(schema)} WHERE dag < $1::date - $2::int", dag, BEWAARDAGEN
    )
    return int(status.rsplit(" ", 1)[-1])


async def verzonden(conn: asyncpg.Connection, schema: str, dag: date) -> list[dict[str, Any]]:
    """The reminders sent for `dag`: case, norm, due date and when."""
    rijen = await conn.fetch(
        f"SELECT casus_id, norm, deadline, verzonden FROM {verzonden_tabel(schema)} WHERE dag = $1 "
        "ORDER BY casus_id, norm",
        dag,
    )
    return [dict(r) for r in rijen]
