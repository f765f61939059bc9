"""The read models at run time: asyncpg pools, one projector per region, their health and rebuilds."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg

from adapters.bootstrap import Container
from adapters.feestdagen import nederlandse_werkkalender
from domain.casus import Casus
from projections.feiten import CasusFeiten
from projections.projector import Batch, Projector, stel_codecs_in
from projections.queries import actieve_tabellen
from projections.tabellen import Tabellen, projecties_tabel

log = logging.getLogger(__name__)
T = TypeVar("T")
CACHE_CASUSSEN = 20_000


@dataclass(frozen=True)
class Stand:
    """How far one region's read models are."""

    regio: str
    versie: int | None
    positie: int
    kop: int
    seconden_achter: float
    fout: str | None

    @property
    def achterstand(self) -> int:
        return max(self.kop - self.positie, 0)


def _wek_vanuit_draad(lus: asyncio.AbstractEventLoop, projector: Projector, _positie: int) -> None:
    """Called in the thread that appended: wakes the projector in its own event loop."""
    if not lus.is_closed():
        lus.call_soon_threadsafe(projector.wek)


class LeesModellen:
    def __init__(self, container: Container, *, batch: int | None = None) -> None:
        self.container = container
        self.batch = batch or container.settings.projectie_batch
        self.pools: dict[str, asyncpg.Pool] = {}
        self.projectors: dict[str, Projector] = {}
        self._stop = asyncio.Event()
        self._taken: list[asyncio.Task[None]] = []
        self._wekkers: list[tuple[str, Callable[[int], None]]] = []

    async def open(self) -> None:
        kalender = nederlandse_werkkalender()
        for regio in self.container.casussen:
            url = self.container.database_url(regio)
            if url not in self.pools:
                self.pools[url] = await asyncpg.create_pool(url, init=stel_codecs_in, min_size=1, max_size=6)
            projector = Projector(
                self.pools[url],
                self.container.schema(regio),
                regio,
                self.container.profielen[regio].normen,
                kalender,
                batch=self.batch,
            )
            await projector.installeer()
            self.projectors[regio] = projector

    def start(self) -> None:
        """Runs every projector in the background until `close`; appends in this process wake them at once."""
        lus = asyncio.get_running_loop()
        for regio, projector in self.projectors.items():
            self._taken.append(asyncio.create_task(projector.draai(self._stop), name=f"projectie-{regio}"))
            wekker = functools.partial(_wek_vanuit_draad, lus, projector)
            self.container.stores[regio].na_bewaren.append(wekker)
            self._wekkers.append((regio, wekker))

    async def close(self) -> None:
        for regio, wekker in self._wekkers:
            if regio in self.container.stores:
                self.container.stores[regio].na_bewaren.remove(wekker)
        self._wekkers.clear()
        self._stop.set()
        if self._taken:
            await asyncio.gather(*self._taken, return_exceptions=True)
        for pool in self.pools.values():
            await pool.close()

    def projector(self, regio: str) -> Projector:
        return self.projectors[regio]

    async def vraag(self, regio: str, vraag: Callable[[asyncpg.Connection, Tabellen], Awaitable[T]]) -> T:
        """Asks the region's active read models; once more if a rebuild swapped them meanwhile."""
        projector = self.projectors[regio]
        async with projector.pool.acquire() as conn:
            for poging in range(2):
                tabellen = await actieve_tabellen(conn, projector.schema, regio)
                try:
                    return await vraag(conn, tabellen)
                except asyncpg.UndefinedTableError:
                    if poging:
                        raise
        raise AssertionError("unreachable")

    async def stand(self) -> list[Stand]:
        standen = []
        for regio, projector in sorted(self.projectors.items()):
            async with projector.pool.acquire() as conn:
                rij = await conn.fetchrow(
                    f"SELECT versie, positie FROM {projecties_tabel(projector.schema)} WHERE naam = $1 AND actief",
                    regio,
                )
            kop = await projector.kop()
            positie = int(rij["positie"]) if rij else 0
            achter = 0.0 if positie >= kop else time.time() - projector.laatst_bij
            standen.append(Stand(regio, rij["versie"] if rij else None, positie, kop, round(achter, 3), projector.fout))
        return standen

    async def herbouw(self, regio: str, voortgang: Callable[[int, int], None] | None = None) -> int:
        """Builds the region's read models anew from the first event, then swaps them in.

        The old tables keep answering (and keep being updated) until the new ones have caught
        up; the swap happens in one transaction that holds the live projector back.
        """
        projector = self.projectors[regio]
        schema, tabel = projector.schema, projecties_tabel(projector.schema)
        async with projector.pool.acquire() as conn:
            oud = await conn.fetchval(f"SELECT versie FROM {tabel} WHERE naam = $1 AND actief", regio)
            nieuw = int(await conn.fetchval(f"SELECT coalesce(max(versie), 0) + 1 FROM {tabel} WHERE naam = $1", regio))
            tabellen = Tabellen(schema, nieuw)
            async with conn.transaction():
                for statement in [*tabellen.drop(), *tabellen.ddl_tabellen()]:
                    await conn.execute(statement)
                await conn.execute(
                    f"INSERT INTO {tabel} (naam, versie, positie, actief) VALUES ($1, $2, 0, false)", regio, nieuw
                )
            positie, gedaan = await self._haal_in(projector, conn, tabellen, voortgang)
            for statement in tabellen.ddl_indexen():
                await conn.execute(statement)
            async with conn.transaction():
                await conn.execute(f"SELECT 1 FROM {tabel} WHERE naam = $1 AND actief FOR UPDATE", regio)
                while True:
                    aantal, positie = await projector.verwerk(conn, tabellen, positie)
                    gedaan += aantal
                    if aantal == 0:
                        break
                await conn.execute(f"UPDATE {tabel} SET actief = (versie = $2) WHERE naam = $1", regio, nieuw)
            if oud is not None and oud != nieuw:
                async with conn.transaction():
                    for statement in Tabellen(schema, int(oud)).drop():
                        await conn.execute(statement)
                    await conn.execute(f"DELETE FROM {tabel} WHERE naam = $1 AND versie = $2", regio, oud)
        log.info("read models of %s rebuilt: version %s, %s events", regio, nieuw, gedaan)
        return gedaan

    async def _haal_in(
        self,
        projector: Projector,
        lezer: asyncpg.Connection,
        tabellen: Tabellen,
        voortgang: Callable[[int, int], None] | None,
    ) -> tuple[int, int]:
        """Projects every stored event into the new tables, reading and applying the next batch while the
        previous one is written (each batch with its position in one transaction)."""
        cache: OrderedDict[int, CasusFeiten] = OrderedDict()
        positie, gedaan, kop = 0, 0, await projector.kop()
        schrijven: asyncio.Task[None] | None = None
        async with projector.pool.acquire() as schrijver:

            async def schrijf(batch: Batch) -> None:
                async with schrijver.transaction():
                    # a rebuild batch lost in a crash is simply rebuilt: no need to wait for the disk
                    await schrijver.execute("SET LOCAL synchronous_commit = off")
                    await projector.schrijf(schrijver, tabellen, batch)

            while True:
                ontcijferd = await projector.lees(lezer, positie)
                if not ontcijferd:
                    break
                ids: dict[int, Any] = {}  # case -> its first event in this batch
                for _, event in ontcijferd:
                    ids.setdefault(event.originator_id.int, event)
                ontbrekend = [
                    e.originator_id for i, e in ids.items() if i not in cache and not isinstance(e, Casus.Aangemeld)
                ]
                if ontbrekend:  # read what earlier batches wrote: wait until they are committed
                    if schrijven:
                        await schrijven
                        schrijven = None
                    cache.update(await projector.laad(lezer, tabellen, ontbrekend))
                batch = projector.pas_batch_toe(ontcijferd, cache)
                for casus_id in ids:
                    cache.move_to_end(casus_id)
                while len(cache) > CACHE_CASUSSEN:
                    cache.popitem(last=False)
                if schrijven:
                    await schrijven
                schrijven = asyncio.create_task(schrijf(batch))
                positie, gedaan = batch.positie, gedaan + batch.aantal
                if voortgang:
                    voortgang(gedaan, max(kop, positie))
            if schrijven:
                await schrijven
        return positie, gedaan
