"""Following an events table: batch by batch, woken by NOTIFY or directly, stopping loudly on failure."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import asyncpg

from projections.tabellen import events_tabel

log = logging.getLogger(__name__)


def kanaal(schema: str) -> str:
    """The LISTEN/NOTIFY channel that says the events table in `schema` grew."""
    return f"doorbraak_{schema}"


class Volger:
    """Processes the events of one store after its recorded position; `stap` does one batch."""

    batch = 500
    """Events per step; a step that took fewer has seen everything stored when it read."""

    def __init__(self, pool: asyncpg.Pool, schema: str, naam: str, tabel: str | None = None) -> None:
        self.pool, self.schema, self.naam = pool, schema, naam
        self.tabel = tabel or events_tabel(schema)
        self.positie = 0
        self.fout: str | None = None
        self.laatst_bij: float = time.time()
        self._vooruit = asyncio.Condition()
        self._wakker: asyncio.Event | None = None

    async def stap(self) -> int:
        """Processes the next batch; returns how many events it took."""
        raise NotImplementedError

    async def _meld(self, positie: int) -> None:
        async with self._vooruit:
            self.positie = max(self.positie, positie)
            self._vooruit.notify_all()

    async def wacht_tot(self, positie: int, wachttijd: float) -> bool:
        """Waits until `positie` is processed; False when the timeout came first."""
        async with self._vooruit:
            try:
                await asyncio.wait_for(self._vooruit.wait_for(lambda: self.positie >= positie), wachttijd)
            except TimeoutError:
                return False
        return True

    async def kop(self) -> int:
        """The position of the newest stored event."""
        async with self.pool.acquire() as conn:
            waarde = await conn.fetchval(f"SELECT max(notification_id) FROM {self.tabel}")
        return int(waarde or 0)

    def wek(self) -> None:
        """Wakes the running follower (from its event loop's thread): new events were stored."""
        if self._wakker is not None:
            self._wakker.set()

    def wekker(self, lus: asyncio.AbstractEventLoop) -> Callable[[int], None]:
        """A callback for a store's appends, called in the appending thread: wakes this follower in `lus`."""

        def wek_vanuit_draad(_positie: int) -> None:
            if not lus.is_closed():
                lus.call_soon_threadsafe(self.wek)

        return wek_vanuit_draad

    async def draai(
        self, stop: asyncio.Event, *, vangnet: float = 5.0, bij_fout: Callable[[str], None] | None = None
    ) -> None:
        """Follows the events table until `stop`; wakes on NOTIFY, on `wek` (and every `vangnet` seconds)."""
        wakker = self._wakker = asyncio.Event()

        def wek(*_: Any) -> None:
            wakker.set()

        luisteraar = await self.pool.acquire()
        await luisteraar.add_listener(kanaal(self.schema), wek)
        try:
            while not stop.is_set():
                wakker.clear()
                try:
                    # a step short of a full batch read everything there was; what comes later wakes us
                    while await self.stap() >= self.batch:
                        pass
                except Exception as e:
                    self.fout = f"{type(e).__name__}: {e}"
                    log.exception("%s stopped at position %s", self.naam, self.positie)
                    if bij_fout:
                        bij_fout(self.fout)
                    return
                self.laatst_bij = time.time()
                stopper = asyncio.ensure_future(stop.wait())
                wekker = asyncio.ensure_future(wakker.wait())
                await asyncio.wait({stopper, wekker}, timeout=vangnet, return_when=asyncio.FIRST_COMPLETED)
                stopper.cancel()
                wekker.cancel()
        finally:
            await luisteraar.remove_listener(kanaal(self.schema), wek)
            await self.pool.release(luisteraar)
