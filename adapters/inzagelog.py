"""The access log (inzagelog) in PostgreSQL: one table per region, per network and one for the node, each in
its own schema; append-only (the database refuses UPDATE, DELETE and TRUNCATE), positions in commit order.

A request waits until its row is committed (durably: these connections wait for the disk), but requests that
arrive together share one INSERT and one commit: while a batch is being written the next ones gather, and are
written as the next batch (group commit)."""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import asyncpg

from adapters.bootstrap import Container
from adapters.keten import installeer_keten, keten_tabel
from adapters.pools import open_pool
from adapters.postgres import ddl_slot
from domain.inzagelog import Inzagelogfilter, Toegang
from projections.projector import stel_codecs_in
from projections.tabellen import q

log = logging.getLogger(__name__)

TABEL = "inzagelog"
MAX_BATCH = 1000
"""Rows one INSERT writes at most; more waiting go in the next one."""
SLUITTIJD = 10.0
"""Seconds the pools may take to close (a connection still out is then cut)."""
KOLOMMEN = "positie, tijdstip, wie, rol, soort, casus_id, methode, route, parameters, doel, request_id, status"


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


def ddl(schema: str) -> list[str]:
    """The log's table, its indexes, and the triggers that make it append-only."""
    t = tabel(schema)
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
        *_alleen_toevoegen(schema, TABEL),
    ]


def installeer(database_url: str, schema: str) -> None:
    """The log's table in `schema` (created if need be), append-only and chained (`adapters.keten`), its chain
    append-only too; under the database's start-up DDL lock."""
    with ddl_slot(database_url) as conn:
        with conn.transaction():
            for statement in ddl(schema):
                conn.execute(statement.encode())
        installeer_keten(conn, schema, TABEL, positie="positie", inhoud_sql=INHOUD_SQL)
        with conn.transaction():
            for statement in _alleen_toevoegen(schema, keten_tabel(TABEL)):
                conn.execute(statement.encode())


class Inzagelog:
    """One access log: recording with group commit, and reading."""

    def __init__(self, pool: asyncpg.Pool, schema: str, *, wachttijd: float = 35.0) -> None:
        self.pool, self.schema, self.wachttijd = pool, schema, wachttijd
        self._wachtend: list[tuple[Toegang, asyncio.Future[int]]] = []
        self._schrijver: asyncio.Task[None] | None = None
        self._verbinding: asyncpg.Connection | None = None
        """The connection the log writes on, held between batches (no pool round trip per batch)."""
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
        """Writes what is waiting, one batch after another, until nothing is; on the log's own connection."""
        while self._wachtend:
            batch, self._wachtend = self._wachtend[:MAX_BATCH], self._wachtend[MAX_BATCH:]
            try:
                async with asyncio.timeout(self.wachttijd):
                    if self._verbinding is None:
                        self._verbinding = await self.pool.acquire()
                    posities = await self._voeg_toe(self._verbinding, [toegang for toegang, _ in batch])
            except Exception as fout:
                log.error("access log %s not written: %s: %s", self.schema, type(fout).__name__, fout)
                for _, antwoord in batch:
                    if not antwoord.done():
                        antwoord.set_exception(fout)
                await self._laat_verbinding_los()
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
        uitkomst = await verbinding.fetch(self._insert, *kolommen)
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
                max_size=4 + self.container.store_database_urls().count(url) + 1,
                init=stel_codecs_in,
                verbind_timeout=settings.verbind_timeout,
                statement_timeout=settings.statement_timeout,
            )
        pool = self._pools[url]
        await asyncio.to_thread(installeer, url, schema)
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
            try:
                await asyncio.wait_for(pool.close(), SLUITTIJD)
            except TimeoutError:
                pool.terminate()
        self._pools.clear()
