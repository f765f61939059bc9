"""The read models at run time: asyncpg pools, one projector per region, their health and rebuilds."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

import asyncpg

from adapters.bootstrap import Container
from adapters.feestdagen import nederlandse_werkkalender
from adapters.runtime import stel_herstel_in
from projections.inbox import Inbox
from projections.inhalen import CACHE_CASUSSEN, Inhaalslag
from projections.projector import Projector
from projections.queries import actieve_tabellen
from projections.stand import Volgstand, volgstanden
from projections.tabellen import Tabellen, projecties_tabel
from projections.volger import Volger
from projections.volgpositie import onverwerkbaar_tabel
from services.casus_store import CasusStore

log = logging.getLogger(__name__)
T = TypeVar("T")


class HerbouwLoopt(Exception):
    """Another rebuild of the same region is running."""


class LeesModellen:
    def __init__(self, container: Container, *, batch: int | None = None, herbouw_cache: int = CACHE_CASUSSEN) -> None:
        self.container = container
        self.batch = batch or container.settings.projectie_batch
        self.herbouw_cache = herbouw_cache
        self.pools: dict[str, asyncpg.Pool] = {}
        self.projectors: dict[str, Projector] = {}
        self.inboxen: dict[str, Inbox] = {}
        self._stop = asyncio.Event()
        self._taken: list[asyncio.Task[None]] = []

    async def open(self) -> None:
        kalender = nederlandse_werkkalender()
        kalender.is_werkdag(date.today())  # loads the holiday library's data now, not in the first batch
        for regio in self.container.casussen:
            url = self.container.database_url(regio)
            projector = Projector(
                await self._pool(url),
                self.container.schema(regio),
                regio,
                self.container.profielen[regio].normen,
                kalender,
                batch=self.batch,
            )
            await projector.installeer()
            self.projectors[regio] = projector
        for netwerk in self.container.netwerken:
            url = self.container.netwerk_database_url(netwerk)
            inbox = Inbox(await self._pool(url), self.container.netwerk_schema(netwerk), netwerk, kalender)
            await inbox.installeer()
            self.inboxen[netwerk] = inbox

    async def _pool(self, url: str) -> asyncpg.Pool:
        """The node's pool for the database, shared with the relays: the projections share one connection to
        LISTEN on (`Luisteraar`) and take one to work with per batch. Read models commit without waiting for
        the disk: a batch lost in a crash loses its position with it (one transaction) and is projected again
        from the durable event store."""
        if url not in self.pools:
            self.pools[url] = await self.container.pool(url, "vluchtig")
        return self.pools[url]

    def start(self) -> None:
        """Runs every projector in the background until `close`; appends in this process wake them at once."""
        volgers: list[tuple[str, Volger, CasusStore]] = [
            *((f"projectie-{r}", p, self.container.stores[r]) for r, p in self.projectors.items()),
            *((f"inbox-{n}", i, self.container.netwerk_stores[n]) for n, i in self.inboxen.items()),
        ]
        stel_herstel_in(self.container.settings, [volger for _, volger, _ in volgers])
        for naam, volger, store in volgers:
            self._taken.append(asyncio.create_task(volger.draai(self._stop), name=naam))
            volger.koppel(store.na_bewaren)

    async def close(self) -> None:
        for volger in [*self.projectors.values(), *self.inboxen.values()]:
            volger.ontkoppel()
        self._stop.set()
        if self._taken:
            await asyncio.gather(*self._taken, return_exceptions=True)
        for pool in self.pools.values():
            await self.container.pools.geef_terug(pool)
        self.pools.clear()

    def projector(self, regio: str) -> Projector:
        return self.projectors[regio]

    async def vraag(self, regio: str, vraag: Callable[[asyncpg.Connection, Tabellen], Awaitable[T]]) -> T:
        """Asks the region's active read models; once more if a rebuild swapped them meanwhile. Bounded in
        time: a connection within the connect timeout, an answer within the statement timeout."""
        async with asyncio.timeout(self.leestijd):
            return await self._vraag(self.projectors[regio], regio, vraag)

    async def vraag_inbox(self, netwerk: str, vraag: Callable[[asyncpg.Connection, str], Awaitable[T]]) -> T:
        """Asks the network's inbox (a connection and its schema), bounded in time as `vraag`."""
        inbox = self.inboxen[netwerk]
        async with asyncio.timeout(self.leestijd), inbox.pool.acquire() as conn:
            return await vraag(conn, inbox.schema)

    @property
    def leestijd(self) -> float:
        """Seconds a read may take: a connection within the connect timeout, an answer within the statement's."""
        return self.container.settings.verbind_timeout + self.container.settings.statement_timeout

    async def _vraag(
        self, projector: Projector, regio: str, vraag: Callable[[asyncpg.Connection, Tabellen], Awaitable[T]]
    ) -> T:
        async with projector.pool.acquire() as conn:
            for poging in range(2):
                tabellen = await actieve_tabellen(conn, projector.schema, regio)
                try:
                    return await vraag(conn, tabellen)
                except asyncpg.UndefinedTableError:
                    if poging:
                        raise
        raise AssertionError("unreachable")

    def volgers(self) -> list[tuple[Volger, str, str]]:
        """Each region's read models as `volgstanden` asks after them: (follower, name, tracking row)."""
        return [(p, r, r) for r, p in sorted(self.projectors.items())]

    def inbox_volgers(self) -> list[tuple[Volger, str, str]]:
        """Each network's inbox, as `volgers`."""
        return [(i, n, i.volgnaam) for n, i in sorted(self.inboxen.items())]

    async def stand(self) -> list[Volgstand]:
        """Each region's read models: version, position, head, lag, and whether they work."""
        return await volgstanden(self.volgers())

    async def herbouw(self, regio: str, voortgang: Callable[[int, int], None] | None = None) -> int:
        """Builds the region's read models anew from the first event, then swaps them in.

        The old tables keep answering (and keep being updated) until the new ones have caught
        up; the swap happens in one transaction that holds the live projector back. A rebuild
        that fails leaves the old version in place and its own tables dropped.
        """
        projector = self.projectors[regio]
        schema, tabel = projector.schema, projecties_tabel(projector.schema)
        async with projector.pool.acquire() as conn:
            if not await conn.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", f"herbouw:{schema}"):
                raise HerbouwLoopt(f"a rebuild of {regio} is already running")
            try:
                await conn.execute("SET statement_timeout = 0")  # indexing a large version takes its time
                await self._ruim_onaf_op(conn, schema, regio)
                volgend = f"SELECT coalesce(max(versie), 0) + 1 FROM {tabel} WHERE naam = $1"
                nieuw = int(await conn.fetchval(volgend, regio))
                tabellen = Tabellen(schema, nieuw)
                async with conn.transaction():
                    for statement in tabellen.ddl_tabellen():
                        await conn.execute(statement)
                    await conn.execute(
                        f"INSERT INTO {tabel} (naam, versie, positie, actief) VALUES ($1, $2, 0, false)", regio, nieuw
                    )
                try:
                    gedaan = await self._bouw_en_wissel(projector, conn, tabellen, voortgang)
                finally:
                    await self._ruim_onaf_op(conn, schema, regio)
            finally:
                try:
                    await conn.execute("RESET statement_timeout")
                    await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", f"herbouw:{schema}")
                except BaseException:
                    conn.terminate()  # the lock goes with the connection, not back into the pool
                    raise
        log.info("read models of %s rebuilt: version %s, %s events", regio, nieuw, gedaan)
        return gedaan

    async def herbouw_alle(
        self,
        regios: list[str] | None = None,
        voortgang: Callable[[str, int, int], None] | None = None,
        *,
        tegelijk: int = 2,
    ) -> dict[str, int]:
        """Rebuilds several regions (all by default), `tegelijk` at a time: while one region's tables are
        indexed or flushed by the database, another's events are applied here. Returns events per region."""
        ruimte = asyncio.Semaphore(tegelijk)

        async def een(regio: str) -> int:
            async with ruimte:
                return await self.herbouw(regio, functools.partial(voortgang, regio) if voortgang else None)

        gekozen = sorted(self.projectors) if regios is None else regios
        aantallen = await asyncio.gather(*(een(regio) for regio in gekozen))
        return dict(zip(gekozen, aantallen, strict=True))

    async def _bouw_en_wissel(
        self,
        projector: Projector,
        conn: asyncpg.Connection,
        tabellen: Tabellen,
        voortgang: Callable[[int, int], None] | None,
    ) -> int:
        """Catches the new tables up, indexes them, and makes them the active version once they are level."""
        tabel = projecties_tabel(projector.schema)
        positie, gedaan = await Inhaalslag(projector, tabellen, cache=self.herbouw_cache).draai(conn, voortgang)
        for statement in tabellen.ddl_indexen():
            await conn.execute(statement)
        async with conn.transaction():
            # holds the live projection back: its next batch finds the row inactive, writes nothing, and goes on
            # from the new version's position
            await conn.execute(f"SELECT 1 FROM {tabel} WHERE naam = $1 AND actief FOR UPDATE", projector.regio)
            while True:
                aantal, positie = await projector.verwerk(
                    conn, tabellen, positie, uit_geheugen=False, alleen_actief=False
                )
                gedaan += aantal
                if aantal == 0:
                    break
            await conn.execute(
                f"UPDATE {tabel} SET actief = (versie = $2) WHERE naam = $1", projector.regio, tabellen.versie
            )
        return gedaan

    async def _ruim_onaf_op(self, conn: asyncpg.Connection, schema: str, regio: str) -> None:
        """Drops every version but the active one: the old one after a swap, or what a failed rebuild left."""
        tabel = projecties_tabel(schema)
        async with conn.transaction():
            for versie in await conn.fetch(f"SELECT versie FROM {tabel} WHERE naam = $1 AND NOT actief", regio):
                for statement in Tabellen(schema, int(versie["versie"])).drop():
                    await conn.execute(statement)
                for bijbehorend in (tabel, onverwerkbaar_tabel(schema)):
                    await conn.execute(
                        f"DELETE FROM {bijbehorend} WHERE naam = $1 AND versie = $2", regio, versie["versie"]
                    )
