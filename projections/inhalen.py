"""A rebuild's catch-up: every stored event into fresh tables, with the cases written behind a bounded cache.

Nobody reads a version that is being rebuilt, so its case rows need not follow every batch: a case
is written when it leaves the cache (least recently changed first) and once more at the end. The
timeline and the bottlenecks are written batch by batch, while the next batch is read and applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

import asyncpg

from projections.feiten import CasusFeiten
from projections.projectie import PositieVerschoven
from projections.projector import Batch, Projector
from projections.tabellen import Tabellen

CACHE_CASUSSEN = 10_000
OPRUIMEN_ELKE = 100
"""Batches between two passes of the cyclic garbage collector while catching up."""


@contextlib.contextmanager
def zonder_automatische_gc() -> Iterator[Callable[[], int]]:
    """Pauses the cyclic garbage collector (its passes over the batch in memory cost more than the
    batch itself); yields a function that runs one pass, to call now and then."""
    was_aan = gc.isenabled()
    gc.disable()
    try:
        yield gc.collect
    finally:
        if was_aan:
            gc.enable()


class Inhaalslag:
    """Projects every stored event of one region into the tables of a new read-model version."""

    def __init__(self, projector: Projector, tabellen: Tabellen, *, cache: int = CACHE_CASUSSEN) -> None:
        self.projector, self.tabellen, self.grootte = projector, tabellen, cache
        self.cache: OrderedDict[int, CasusFeiten] = OrderedDict()
        self.onbewaard: set[int] = set()
        self.herladen = 0

    async def draai(
        self, lezer: asyncpg.Connection, voortgang: Callable[[int, int], None] | None = None
    ) -> tuple[int, int]:
        """Catches up to the newest event; returns the position reached (recorded with the last case rows)
        and how many events were projected (those set aside included). The next batch is read while this one
        is applied, and written while the next one is."""
        projector = self.projector
        positie, gedaan, kop = 0, 0, await projector.kop()
        lezen = asyncio.create_task(projector.lees(lezer, positie))
        schrijven: asyncio.Task[None] | None = None
        batches = 0
        async with projector.pool.acquire() as schrijver:
            try:
                with zonder_automatische_gc() as ruim_op:
                    while opgeslagen := await lezen:
                        lezen = asyncio.create_task(projector.lees(lezer, opgeslagen[-1]["notification_id"]))
                        if ontbrekend := self._ontbrekend(opgeslagen):
                            if schrijven:  # the cases were written by an earlier batch: let it commit first
                                await schrijven
                            self.cache.update(await projector.laad(schrijver, self.tabellen, ontbrekend))
                            self.herladen += len(ontbrekend)
                        batch = self._pas_toe(opgeslagen)
                        if schrijven:
                            await schrijven
                        schrijven = asyncio.create_task(self._schrijf(schrijver, batch))
                        positie, gedaan = batch.positie, gedaan + batch.aantal
                        if voortgang:
                            voortgang(gedaan, max(kop, positie))
                        batches += 1
                        if batches % OPRUIMEN_ELKE == 0:
                            ruim_op()
                    if schrijven:
                        await schrijven
                    rest = projector.rijen(self.cache[sleutel] for sleutel in self.onbewaard)
                    await self._schrijf(schrijver, Batch(0, positie, rest, [], []), vanaf=0 if positie else None)
                    self.onbewaard.clear()
            finally:  # nothing may still use the connections when they go back to the pool
                await asyncio.gather(*(t for t in (lezen, schrijven) if t), return_exceptions=True)
        return positie, gedaan

    def _pas_toe(self, opgeslagen: list[asyncpg.Record]) -> Batch:
        """Applies a batch to the cached cases; what to write: its timeline, its bottlenecks, and the
        unwritten cases it pushed out of the cache."""
        toegepast = self.projector.pas_toe(opgeslagen, self.cache)
        for sleutel in toegepast.gewijzigd:
            self.cache.move_to_end(sleutel)
        self.onbewaard.update(toegepast.gewijzigd)
        verdrongen = self.projector.rijen(self._verdring())
        return Batch(
            toegepast.aantal,
            toegepast.positie,
            verdrongen,
            toegepast.tijdlijn,
            toegepast.knelpunten,
            toegepast.opzij,
            toegepast.leerpunten,
            toegepast.agenda,
        )

    def _ontbrekend(self, opgeslagen: list[asyncpg.Record]) -> list[Any]:
        """The cases of this batch that left the cache (not those whose first event is in it)."""
        eerste: dict[int, tuple[Any, int]] = {}
        for rij in opgeslagen:
            casus_id = rij["originator_id"]
            eerste.setdefault(casus_id.int, (casus_id, rij["originator_version"]))
        return [casus_id for sleutel, (casus_id, versie) in eerste.items() if sleutel not in self.cache and versie > 1]

    def _verdring(self) -> list[CasusFeiten]:
        """Takes the least recently changed cases out of the cache; returns those not yet written."""
        verdrongen = []
        while len(self.cache) > self.grootte:
            sleutel, feiten = self.cache.popitem(last=False)
            if sleutel in self.onbewaard:
                self.onbewaard.remove(sleutel)
                verdrongen.append(feiten)
        return verdrongen

    async def _schrijf(self, schrijver: asyncpg.Connection, batch: Batch, *, vanaf: int | None = None) -> None:
        """Writes a batch into the new version; with `vanaf`, its position too (once, at the end)."""
        async with schrijver.transaction():
            # a rebuild lost in a crash is simply started again: no need to wait for the disk
            await schrijver.execute("SET LOCAL synchronous_commit = off")
            geschreven = await self.projector.schrijf(schrijver, self.tabellen, batch, vanaf=vanaf, alleen_actief=False)
            if not geschreven:
                raise PositieVerschoven(f"version {self.tabellen.versie} of {self.projector.regio}")
