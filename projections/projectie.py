"""A follower whose output is rows in the database (the read models, the inbox): each batch and its
tracking row in one transaction, the events it cannot process set aside with their reason."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import asyncpg

from projections.herstel import beschrijf, door_een_event
from projections.volger import Opgeslagen, Volger
from projections.volgpositie import Volgpositie

log = logging.getLogger(__name__)


class ProjectieFout(Exception):
    """The read models cannot be written now (no active version): retried, not an event's fault."""


class PositieVerschoven(Exception):
    """The tracking row was not where the batch was read from: another process (or a rebuild's swap) got
    there first. Nothing was written; the follower goes on from the position it finds."""


class Batchfout(Exception):
    """Processing a batch failed in a way one of its events can be to blame for (`door_een_event`): found
    by taking the batch one event at a time."""

    def __init__(self, opgeslagen: Sequence[Opgeslagen], oorzaak: BaseException) -> None:
        super().__init__(beschrijf(oorzaak))
        self.opgeslagen, self.oorzaak = opgeslagen, oorzaak


@contextlib.contextmanager
def schuld_bij_de_batch(opgeslagen: Sequence[Opgeslagen]) -> Iterator[None]:
    """Turns a failure an event can be to blame for into a Batchfout of these events."""
    try:
        yield
    except (PositieVerschoven, Batchfout):
        raise
    except Exception as e:
        if door_een_event(e):
            raise Batchfout(opgeslagen, e) from e
        raise


def opzij_regel(opslag: Opgeslagen, reden: str) -> tuple[Any, ...]:
    """A dead letter's row (projections.volgpositie.ONVERWERKBAAR_KOLOMMEN)."""
    return (
        opslag["notification_id"],
        str(opslag["originator_id"]),
        opslag["originator_version"],
        opslag["topic"],
        reden,
    )


class Projectie(Volger):
    """Steps through the events with the tracking row `volgnaam`: `verwerk_actief` writes a batch and
    advances the row, in the transaction `stap` opens."""

    def __init__(self, pool: asyncpg.Pool, schema: str, naam: str, tabel: str | None = None) -> None:
        super().__init__(pool, schema, naam, tabel)
        self.volgpositie = Volgpositie(schema)
        self.versie: int | None = None
        self._stand: tuple[int, int] | None = None
        """(version, position) as this process last wrote them; None: read the tracking row."""
        self._een_voor_een_tot = 0
        """Until this position, batches of one event: a batch before it failed on one of its events."""
        self._tabel_weg = 0

    async def verwerk_actief(
        self, conn: asyncpg.Connection, versie: int, vanaf: int, grootte: int | None
    ) -> tuple[int, int]:
        """Writes the batch after `vanaf` (of `grootte` events, or a whole batch) and advances the tracking
        row from `vanaf`; (events taken, new position). Raises PositieVerschoven or Batchfout."""
        raise NotImplementedError

    async def stap(self) -> int:
        """Processes the next batch in one transaction; returns how many events it took.

        A batch that fails in a way one of its events can be to blame for is taken again one event at a
        time, so the one to blame is set aside and the rest is written."""
        async with self.pool.acquire() as conn:
            onthouden = self._stand
            versie, vanaf = onthouden or await self._lees_stand(conn)
            een_voor_een = vanaf < self._een_voor_een_tot
            try:
                async with conn.transaction():
                    aantal, positie = await self.verwerk_actief(conn, versie, vanaf, 1 if een_voor_een else None)
                if een_voor_een:
                    log.info("%s: event %s taken on its own", self.naam, positie)
            except PositieVerschoven:
                self._stand = None
                return self.batch
            except asyncpg.UndefinedTableError:
                self._stand = None
                self._tabel_weg += 1
                if self._tabel_weg > 1:
                    raise
                return self.batch  # a rebuild swapped versions and dropped the one this step read from
            except Batchfout as fout:
                self._stand = None
                if len(fout.opgeslagen) > 1:
                    self._een_voor_een_tot = fout.opgeslagen[-1]["notification_id"]
                    log.warning("%s: a batch failed (%s); taking it one event at a time", self.naam, fout)
                    return self.batch
                try:
                    async with conn.transaction():
                        aantal, positie = await self.zet_opzij(conn, versie, vanaf, fout.opgeslagen[0], str(fout))
                except PositieVerschoven:
                    return self.batch
            self._stand, self._tabel_weg = (versie, positie), 0
        await self._meld(positie)
        return self.batch if een_voor_een and aantal else aantal

    async def _lees_stand(self, conn: asyncpg.Connection) -> tuple[int, int]:
        stand = await self.volgpositie.actief(conn, self.volgnaam)
        if stand is None:
            raise ProjectieFout(f"no active version of {self.volgnaam}")
        if stand[0] != self.versie:
            self.versie = stand[0]
            self.onverwerkbaar = await self.volgpositie.aantal_opzij(conn, self.volgnaam, stand[0])
        return stand

    async def zet_opzij(
        self, conn: asyncpg.Connection, versie: int, vanaf: int, opslag: Opgeslagen, reden: str
    ) -> tuple[int, int]:
        """Sets one event aside (the next after `vanaf`) with the reason, and moves past it."""
        positie = opslag["notification_id"]
        if not await self.volgpositie.zet(conn, self.volgnaam, versie, vanaf, positie, [opzij_regel(opslag, reden)]):
            raise PositieVerschoven(self.volgnaam)
        self.opzij_gezet(opslag, reden)
        return 1, positie

    def opzij_gezet_in(self, opgeslagen: Sequence[Opgeslagen], opzij: Sequence[tuple[Any, ...]]) -> None:
        if opzij:
            per_positie = {o["notification_id"]: o for o in opgeslagen}
            for regel in opzij:
                self.opzij_gezet(per_positie[regel[0]], regel[-1])
