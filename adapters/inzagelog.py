"""The access log (inzagelog) in PostgreSQL: one table per region, per network and one for the node, each in
its own schema; append-only (the database refuses UPDATE, DELETE and TRUNCATE), positions in commit order.

A request waits until its row is committed (durably: these connections wait for the disk), but requests that
arrive together share one INSERT and one commit: while a batch is being written the next ones gather, and are
written as the next batch (group commit)."""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg

from adapters.bootstrap import Container
from adapters.pools import open_pool
from domain.inzagelog import Inzagelogfilter, Toegang
from projections.projector import stel_codecs_in
from projections.tabellen import q
from projections.volgpositie import ddl_slot

log = logging.getLogger(__name__)

TABEL = "inzagelog"
MAX_BATCH = 1000
"""Rows one INSERT writes at most; more waiting go in the next one."""
KOLOMMEN = "positie, tijdstip, wie, rol, soort, casus_id, methode, route, parameters, doel, request_id, status"


def tabel(schema: str) -> str:
    return f"{q(schema)}.{TABEL}"


def ddl(schema: str) -> list[str]:
    """The log's table, its indexes, and the triggers that make it append-only."""
    t = tabel(schema)
    functie = f"{q(schema)}.inzagelog_alleen_toevoegen"
    return [
        f"CREATE SCHEMA IF NOT EXISTS {q(schema)}",
        f"CREATE TABLE IF NOT EXISTS {t} ("
        "positie bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "tijdstip timestamptz NOT NULL DEFAULT clock_timestamp(), "
        "wie text NOT NULL, rol text NOT NULL, soort text NOT NULL, casus_id uuid, "
        "methode text NOT NULL, route text NOT NULL, parameters jsonb NOT NULL DEFAULT '{}', "
        "doel text, request_id text NOT NULL, status int NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS inzagelog_casus ON {t} (casus_id, positie) WHERE casus_id IS NOT NULL",
        f"CREATE INDEX IF NOT EXISTS inzagelog_wie ON {t} (wie, positie)",
        f"CREATE INDEX IF NOT EXISTS inzagelog_tijdstip ON {t} (tijdstip)",
        f"CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the access log is append-only: % refused on %.%', "
        "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$",
        f"CREATE OR REPLACE TRIGGER alleen_toevoegen_rij BEFORE UPDATE OR DELETE ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {functie}()",
        f"CREATE OR REPLACE TRIGGER alleen_toevoegen_tabel BEFORE TRUNCATE ON {t} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {functie}()",
        # TAMPER EVIDENCE: the hash chain (adapters/keten.py) is installed on this table here.
    ]


async def installeer(pool: asyncpg.Pool, schema: str) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await ddl_slot(conn)
        for statement in ddl(schema):
            await conn.execute(statement)


class Inzagelog:
    """One access log: recording with group commit, and reading."""

    def __init__(self, pool: asyncpg.Pool, schema: str, *, wachttijd: float = 35.0) -> None:
        self.pool, self.schema, self.wachttijd = pool, schema, wachttijd
        self._wachtend: list[tuple[Toegang, asyncio.Future[int]]] = []
        self._schrijver: asyncio.Task[None] | None = None
        self.batches = 0
        """INSERTs written (each one commit), for the benchmark and the metrics."""
        self.rijen = 0
        t = tabel(schema)
        sleutel = zlib.crc32(t.encode())
        self._insert = (
            f"INSERT INTO {t} (wie, rol, soort, casus_id, methode, route, parameters, doel, request_id, status) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], "
            "$7::jsonb[], $8::text[], $9::text[], $10::int[]) "
            f"WHERE pg_advisory_xact_lock({sleutel}) IS NOT NULL RETURNING positie"
        )

    async def leg_vast(self, toegang: Toegang) -> int:
        """Records one request; returns its position once it is committed. Raises when the row could not be
        written (the database away, or not within `wachttijd` seconds)."""
        antwoord: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._wachtend.append((toegang, antwoord))
        if self._schrijver is None or self._schrijver.done():
            self._schrijver = asyncio.create_task(self._schrijf(), name=f"inzagelog-{self.schema}")
        async with asyncio.timeout(self.wachttijd):
            return await antwoord

    async def _schrijf(self) -> None:
        """Writes what is waiting, one batch after another, until nothing is."""
        while self._wachtend:
            batch, self._wachtend = self._wachtend[:MAX_BATCH], self._wachtend[MAX_BATCH:]
            try:
                posities = await self._voeg_toe([toegang for toegang, _ in batch])
            except Exception as fout:
                log.error("access log %s not written: %s: %s", self.schema, type(fout).__name__, fout)
                for _, antwoord in batch:
                    if not antwoord.done():
                        antwoord.set_exception(fout)
                continue
            except BaseException:
                for _, antwoord in [*batch, *self._wachtend]:
                    if not antwoord.done():
                        antwoord.set_exception(ConnectionError("the access log closed"))
                self._wachtend = []
                raise
            for (_, antwoord), positie in zip(batch, posities, strict=True):
                if not antwoord.done():
                    antwoord.set_result(positie)

    async def _voeg_toe(self, rijen: Sequence[Toegang]) -> list[int]:
        kolommen = [
            [r.wie for r in rijen],
            [r.rol for r in rijen],
            [r.soort.value for r in rijen],
            [r.casus_id for r in rijen],
            [r.methode for r in rijen],
            [r.route for r in rijen],
            [dict(r.parameters) for r in rijen],
            [r.doel for r in rijen],
            [r.request_id for r in rijen],
            [r.status for r in rijen],
        ]
        async with asyncio.timeout(self.wachttijd), self.pool.acquire() as conn:
            uitkomst = await conn.fetch(self._insert, *kolommen)
        self.batches += 1
        self.rijen += len(rijen)
        return [int(rij["positie"]) for rij in uitkomst]

    async def lees(self, filter_: Inzagelogfilter, zone: ZoneInfo) -> list[dict[str, Any]]:
        """The rows the filter selects, in order of position: at most `per_pagina` + 1 (one more says there
        is a next page)."""
        van = _begin(filter_.van, zone)
        tot = _begin(filter_.tot + timedelta(days=1), zone) if filter_.tot is not None else None
        statement = (
            f"SELECT {KOLOMMEN} FROM {tabel(self.schema)} WHERE positie > $1 "
            "AND ($2::uuid IS NULL OR casus_id = $2) AND ($3::timestamptz IS NULL OR tijdstip >= $3) "
            "AND ($4::timestamptz IS NULL OR tijdstip < $4) AND ($5::text IS NULL OR wie = $5) "
            "ORDER BY positie LIMIT $6"
        )
        async with asyncio.timeout(self.wachttijd), self.pool.acquire() as conn:
            rijen = await conn.fetch(
                statement, filter_.na, filter_.casus, van, tot, filter_.wie, filter_.per_pagina + 1
            )
        return [dict(rij) for rij in rijen]

    async def van_casussen(self, casus_ids: Sequence[UUID], limiet: int) -> list[dict[str, Any]]:
        """Every row about these cases, in order, at most `limiet`."""
        statement = (
            f"SELECT {KOLOMMEN} FROM {tabel(self.schema)} WHERE casus_id = ANY($1::uuid[]) ORDER BY positie LIMIT $2"
        )
        async with asyncio.timeout(self.wachttijd), self.pool.acquire() as conn:
            return [dict(rij) for rij in await conn.fetch(statement, list(casus_ids), limiet)]


def _begin(dag: date | None, zone: ZoneInfo) -> datetime | None:
    return None if dag is None else datetime.combine(dag, time(0), tzinfo=zone)


def knooppunt_schema(prefix: str) -> str:
    """The node's own log: requests of auditors about no region or network this node serves."""
    return f"{prefix}knooppunt"


class Inzagelogs:
    """Every access log of this node: one per region and network it serves, and the node's own."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.regios: dict[str, Inzagelog] = {}
        self.netwerken: dict[str, Inzagelog] = {}
        self.knooppunt: Inzagelog | None = None
        self._pools: dict[str, asyncpg.Pool] = {}

    @classmethod
    async def geopend(cls, container: Container) -> Inzagelogs:
        logs = cls(container)
        await logs.open()
        return logs

    async def open(self) -> None:
        c = self.container
        for regio in c.casussen:
            self.regios[regio] = await self._log(c.database_url(regio), c.schema(regio))
        for netwerk in c.netwerken:
            self.netwerken[netwerk] = await self._log(c.netwerk_database_url(netwerk), c.netwerk_schema(netwerk))
        urls = c.store_database_urls()
        url = c.settings.database_url or (urls[0] if urls else None)
        if url is not None:
            self.knooppunt = await self._log(url, knooppunt_schema(c.settings.schema_prefix))

    async def _log(self, url: str, schema: str) -> Inzagelog:
        settings = self.container.settings
        if url not in self._pools:
            self._pools[url] = await open_pool(
                url,
                max_size=4 + len(self.container.store_database_urls()),
                init=stel_codecs_in,
                verbind_timeout=settings.verbind_timeout,
                statement_timeout=settings.statement_timeout,
            )
        pool = self._pools[url]
        await installeer(pool, schema)
        return Inzagelog(pool, schema, wachttijd=settings.verbind_timeout + settings.statement_timeout)

    def voor(self, regio: str | None, netwerk: str | None) -> Inzagelog | None:
        """The log a request goes to: its region's, else its network's, else the node's."""
        if regio is not None and regio in self.regios:
            return self.regios[regio]
        if netwerk is not None and netwerk in self.netwerken:
            return self.netwerken[netwerk]
        return self.knooppunt

    async def close(self) -> None:
        for pool in self._pools.values():
            await pool.close()
        self._pools.clear()
