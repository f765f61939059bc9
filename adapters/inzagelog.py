"""The access log (inzagelog) in PostgreSQL: one table per region, per network and one for the node, each in
its own schema; append-only (the database refuses UPDATE, DELETE and TRUNCATE), positions in commit order.

A request waits until its row is committed (durably: these connections wait for the disk), but requests that
arrive together share one INSERT and one commit: while a batch is being written the next ones gather, and are
written as the next batch (group commit)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg
from psycopg import sql

from adapters.inzagelog_tabel import INVOER, KOLOMMEN, RECORDSET, tabel
from adapters.postgres import app_rol, ddl_slot
from adapters.rechten import NietIngericht, controleer, mag_inrichten, richt_in, soorten
from domain.inzagelog import Inzagelogfilter, Toegang

if TYPE_CHECKING:
    from adapters.bootstrap import Container

log = logging.getLogger(__name__)

MAX_BATCH = 1000
"""Rows one INSERT writes at most; more waiting go in the next one."""


def knooppunt_schema(prefix: str) -> str:
    """The node's own log: requests of auditors about no region or network this node serves."""
    return f"{prefix}knooppunt"


def knooppunt_database_url(container: Container) -> str | None:
    """The database of the node's schema: DOORBRAAK_DATABASE_URL, else the first store's."""
    urls = container.store_database_urls()
    return container.settings.database_url or (urls[0] if urls else None)


def open_knooppunt(database_url: str, schema: str) -> None:
    """The node's schema with its log: set up by this connection's role when it may (as in development), else
    checked to be set up as `adapters.rechten.BELEID` says for it (by `doorbraak database inrichten`)."""
    with ddl_slot(database_url) as conn:
        if mag_inrichten(conn, schema):
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
            richt_in(conn, schema, "", "knooppunt", None)
            return
        rol = str((conn.execute("SELECT current_user").fetchone() or ("",))[0])
        problemen = controleer(conn, schema, "", "knooppunt", rol)
        if problemen:
            raise NietIngericht(
                f"{schema} is not set up for the role {rol}: {'; '.join(problemen)}. Run `doorbraak database "
                "inrichten` with DOORBRAAK_EIGENAAR_DATABASE_URL (the owner's connection) set"
            )


def richt_knooppunt_in(eigenaar_url: str, app_url: str, schema: str) -> list[str]:
    """As the owner (`eigenaar_url`): the node's schema with its access log, and for the role of `app_url` exactly
    the rights of `adapters.rechten.BELEID`. Idempotent. Returns the tables with the application's rights."""
    app = app_rol(app_url)
    with ddl_slot(eigenaar_url) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        richt_in(conn, schema, "", "knooppunt", app)
        problemen = controleer(conn, schema, "", "knooppunt", app)
        if problemen:
            raise NietIngericht(f"{schema} is set up, but for {app}: {'; '.join(problemen)}")
    return [f"{schema}.{t.tabel('')}: {app} may {', '.join(t.rechten)}" for t in soorten("knooppunt")]


NALOOP = 0.05
"""Seconds a log keeps its connection after its last batch, for the next reads under load: without it the
access-log benchmark's service spent 1.56 ms of CPU per logged read, with it 1.34 ms (1.41 ms when every log
kept its connection for good)."""


class Inzagelog:
    """One access log: recording with group commit, and reading."""

    def __init__(self, pool: asyncpg.Pool, schema: str, *, wachttijd: float = 35.0) -> None:
        self.pool, self.schema, self.wachttijd = pool, schema, wachttijd
        self._wachtend: list[tuple[Toegang, asyncio.Future[int]]] = []
        self._schrijver: asyncio.Task[None] | None = None
        self._erbij = asyncio.Event()
        self._verbinding: asyncpg.Connection | None = None
        """The connection the log writes on while requests wait; given back to the shared pool when none do."""
        self.batches = 0
        """INSERTs written (each one commit), for the benchmark and the metrics."""
        self.rijen = 0
        t = tabel(schema)
        sleutel = zlib.crc32(t.encode())
        self._insert = (
            f"INSERT INTO {t} ({INVOER}) SELECT {INVOER} FROM jsonb_to_recordset($1::jsonb) AS r({RECORDSET}) "
            f"WHERE pg_advisory_xact_lock({sleutel}) IS NOT NULL RETURNING positie"
        )

    async def leg_vast(self, toegang: Toegang) -> int:
        """Records one request; returns its position once it is committed. Raises when the row could not be
        written (the database away, or not within `wachttijd` seconds)."""
        antwoord: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._wachtend.append((toegang, antwoord))
        self._erbij.set()
        if self._schrijver is None or self._schrijver.done():
            self._schrijver = asyncio.create_task(self._schrijf(), name=f"inzagelog-{self.schema}")
        async with asyncio.timeout(self.wachttijd):
            return await antwoord

    async def _schrijf(self) -> None:
        """Writes what is waiting, one batch after another, until nothing is; when nothing more comes within
        `NALOOP` seconds, gives its connection back to the pool the node's other logs and services share."""
        while self._wachtend:
            await self._schrijf_wachtende()
            self._erbij.clear()
            if not self._wachtend:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(NALOOP):
                        await self._erbij.wait()
            if not self._wachtend:
                await self._laat_verbinding_los()

    async def _schrijf_wachtende(self) -> None:
        while self._wachtend:
            batch, self._wachtend = self._wachtend[:MAX_BATCH], self._wachtend[MAX_BATCH:]
            await self._schrijf_batch(batch)

    async def _schrijf_batch(self, batch: list[tuple[Toegang, asyncio.Future[int]]]) -> None:
        """Writes one batch and answers its requests. A row the database refuses (`asyncpg.DataError`) fails
        only its own request: the batch is written again row by row."""
        try:
            async with asyncio.timeout(self.wachttijd):
                if self._verbinding is None:
                    self._verbinding = await self.pool.acquire()
                posities = await self._voeg_toe(self._verbinding, [toegang for toegang, _ in batch])
        except Exception as fout:
            if isinstance(fout, asyncpg.DataError) and len(batch) > 1:
                for een in batch:
                    await self._schrijf_batch([een])
                return
            log.error("access log %s not written: %s: %s", self.schema, type(fout).__name__, fout)
            for _, antwoord in batch:
                if not antwoord.done():
                    antwoord.set_exception(fout)
            await self._laat_verbinding_los()
            return
        except BaseException:
            for _, antwoord in [*batch, *self._wachtend]:
                if not antwoord.done():
                    antwoord.set_exception(ConnectionError("the access log closed"))
            self._wachtend = []
            raise
        for (_, antwoord), positie in zip(batch, posities, strict=True):
            if not antwoord.done():
                antwoord.set_result(positie)

    async def geschreven(self) -> None:
        """Waits until what was handed in is written and the log's connection is given back."""
        if self._schrijver is not None:
            await asyncio.gather(asyncio.shield(self._schrijver), return_exceptions=True)

    async def _laat_verbinding_los(self) -> None:
        verbinding, self._verbinding = self._verbinding, None
        if verbinding is not None:
            await self.pool.release(verbinding)

    async def close(self) -> None:
        """Stops writing (what still waits is refused) and gives the log's connection back."""
        if self._schrijver is not None and not self._schrijver.done():
            self._schrijver.cancel()
            await asyncio.gather(self._schrijver, return_exceptions=True)
        await self._laat_verbinding_los()

    async def _voeg_toe(self, verbinding: asyncpg.Connection, rijen: Sequence[Toegang]) -> list[int]:
        uitkomst = await verbinding.fetch(self._insert, rijen)
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
        url = knooppunt_database_url(c)
        if url is not None:
            self.knooppunt = await self._log(url, knooppunt_schema(c.settings.schema_prefix), knooppunt=True)

    async def _log(self, url: str, schema: str, *, knooppunt: bool = False) -> Inzagelog:
        """The log in `schema`: a store's is set up with the store (`adapters.rechten.BELEID`), the node's here."""
        settings = self.container.settings
        if url not in self._pools:
            self._pools[url] = await self.container.pool(url, "duurzaam")
        pool = self._pools[url]
        if knooppunt:
            await asyncio.to_thread(open_knooppunt, url, schema)
        return Inzagelog(pool, schema, wachttijd=settings.verbind_timeout + settings.statement_timeout)

    def voor(self, regio: str | None, netwerk: str | None) -> Inzagelog | None:
        """The log a request goes to: its region's, else its network's, else the node's."""
        if regio is not None and regio in self.regios:
            return self.regios[regio]
        if netwerk is not None and netwerk in self.netwerken:
            return self.netwerken[netwerk]
        return self.knooppunt

    async def close(self) -> None:
        for log_ in [*self.regios.values(), *self.netwerken.values(), *([self.knooppunt] if self.knooppunt else [])]:
            await log_.close()
        for pool in self._pools.values():
            await self.container.pools.geef_terug(pool)
        self._pools.clear()
