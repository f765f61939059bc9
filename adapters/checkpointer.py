"""Signing a store's checkpoints: after `events` new chain entries, or `seconden` after the last checkpoint
when an entry is not yet signed.

Before it signs, the checkpointer recomputes every new entry's leaf and chain link from the stored event
and compares them with the chain the database kept, and the tree's edge from the stored subtrees with the
last checkpoint's root: a log altered since the last checkpoint is never signed over. It then extends the
tree, stores the subtrees the new leaves completed, and stores the signed checkpoint, all in one
transaction under an advisory lock per store: two processes serving the same store take turns, each
extending the latest checkpoint stored, so their checkpoints never conflict.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import asyncpg

from adapters.checkpoints import (
    BLOK,
    KNOOP_HOOGTE,
    Tabellen,
    herbereken_blad,
    laatste_checkpoint,
)
from adapters.ondertekening import Ondertekenaar
from domain.checkpoint import Checkpoint
from domain.keten import BEGIN, Boomrand, schakel, wortel
from projections.herstel import Herstelstatus, slaap

log = logging.getLogger(__name__)


class LogGewijzigd(Exception):
    """The stored log no longer gives what the chain or the last checkpoint says: nothing is signed."""


class Checkpointer(Herstelstatus):
    """Signs one store's checkpoints (see the module)."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        tabel: str,
        bron: str,
        ondertekenaar: Ondertekenaar,
        *,
        events: int,
        seconden: float,
        nu: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.pool, self.tabellen, self.bron, self.ondertekenaar = pool, Tabellen(schema, tabel), bron, ondertekenaar
        self.naam = f"checkpoints-{bron.replace(':', '-')}"
        self.events, self.seconden, self.nu = events, seconden, nu
        self.slot = zlib.crc32(f"checkpoint {schema}.{tabel}".encode()) - 2**31
        self.laatste: Checkpoint | None = None
        self.rand: Boomrand | None = None
        """The tree's edge at `laatste` (None: read it again from the stored subtrees)."""
        self.intact: bool | None = None
        """Whether the last look found the log as the chain and the last checkpoint say (None: not looked)."""
        self.melding: str | None = None
        """What was found altered, while `intact` is False."""
        self.na_ondertekenen: list[Callable[[Checkpoint], None]] = []
        self._wakker: asyncio.Event | None = None
        self._gemeld = 0

    @property
    def peiling(self) -> float:
        """Seconds between looks at the chain's head (appends by other processes, the time running out)."""
        return min(max(self.seconden / 2, 0.05), 5.0)

    def gemeld(self, aantal: int) -> None:
        """This process appended `aantal` events (called in the event loop's thread): once that makes `events`
        since the last look, or the store has no checkpoint yet, the checkpointer looks at once."""
        self._gemeld += aantal
        if self._wakker is not None and (self._gemeld >= self.events or self.laatste is None):
            self._wakker.set()

    def peil(self, kop: int) -> None:
        """The chain's head as someone else looked at it (`adapters.checkpointdienst` for every store of a
        database in one query): wakes the checkpointer when that makes a checkpoint due."""
        laatste = self.laatste
        if self._wakker is not None and self._verschuldigd(
            laatste.grootte if laatste else 0, laatste.tijd if laatste else None, kop
        ):
            self._wakker.set()

    async def draai(self, stop: asyncio.Event, *, zelf_peilen: bool = True) -> None:
        """Signs what is due until `stop`; a failure of the database is retried after a growing wait. Without
        `zelf_peilen` it looks at the chain's head only when woken (`gemeld`, `peil`)."""
        self._wakker = asyncio.Event()
        while not stop.is_set():
            self._wakker.clear()
            try:
                while await self.stap() is not None:
                    pass
            except LogGewijzigd:
                await self._wacht(stop, self.peiling)
                continue
            except Exception as e:
                await slaap(stop, self.mislukt(e))
                continue
            self.gelukt()
            await self._wacht(stop, self.peiling if zelf_peilen else None)

    async def _wacht(self, stop: asyncio.Event, seconden: float | None) -> None:
        wakker = self._wakker or asyncio.Event()
        stopper, gewekt = asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wakker.wait())
        try:
            await asyncio.wait({stopper, gewekt}, timeout=seconden, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
            gewekt.cancel()

    async def stap(self) -> Checkpoint | None:
        """Signs one checkpoint if one is due (over at most `events` new entries); returns it, or None."""
        self._gemeld = 0
        async with self.pool.acquire() as conn:
            kop = int(await conn.fetchval(f"SELECT coalesce(max(volgnummer), 0) FROM {self.tabellen.keten}"))
            laatste = self.laatste
            if not self._verschuldigd(laatste.grootte if laatste else 0, laatste.tijd if laatste else None, kop):
                return None
            try:
                async with conn.transaction():
                    checkpoint = await self._onderteken(conn)
            except LogGewijzigd as e:
                self._gewijzigd(str(e))
                raise
            except BaseException:
                self.rand = None  # what was added to the edge is not stored
                raise
        if checkpoint is not None:
            if self.intact is False:
                log.info("%s: the log is intact again", self.naam)
            self.intact, self.melding = True, None
            for terugroep in self.na_ondertekenen:
                terugroep(checkpoint)
        return checkpoint

    def _verschuldigd(self, grootte: int, tijd: datetime | None, kop: int) -> bool:
        nieuw = kop - grootte
        if nieuw >= self.events:
            return True
        return nieuw > 0 and (tijd is None or (self.nu() - tijd).total_seconds() >= self.seconden)

    async def _onderteken(self, conn: asyncpg.Connection) -> Checkpoint | None:
        await conn.execute("SELECT pg_advisory_xact_lock($1)", self.slot)
        laatste = await laatste_checkpoint(conn, self.tabellen)
        grootte = laatste.grootte if laatste else 0
        kop = int(await conn.fetchval(f"SELECT coalesce(max(volgnummer), 0) FROM {self.tabellen.keten}"))
        if not self._verschuldigd(grootte, laatste.tijd if laatste else None, kop):
            self.laatste = laatste
            return None
        rand = await self._rand(conn, laatste)
        rijen = await self._lees(conn, grootte, min(kop, grootte + self.events))
        vorige = laatste.schakel if laatste else BEGIN
        knopen: list[tuple[int, int, bytes]] = []
        for rij in rijen:
            b = herbereken_blad(rij)
            vorige = schakel(vorige, rij["positie"], b)
            if (b, vorige) != (bytes(rij["blad"]), bytes(rij["schakel"])):
                raise LogGewijzigd(
                    f"entry {rij['volgnummer']} (position {rij['positie']}) no longer matches its chain: "
                    "its event or the chain was altered"
                )
            knopen.extend(k for k in rand.voeg_toe(b) if k[0] >= KNOOP_HOOGTE)
        if knopen:
            await conn.executemany(
                f"INSERT INTO {self.tabellen.knopen} (hoogte, begin, hash) VALUES ($1, $2, $3)", knopen
            )
        checkpoint = self.ondertekenaar.onderteken(
            Checkpoint(self.bron, rand.grootte, vorige, rand.wortel(), self.nu(), self.ondertekenaar.sleutel_id)
        )
        await conn.execute(
            f"INSERT INTO {self.tabellen.checkpoints} (bron, grootte, schakel, boom, tijd, sleutel_id, "
            "handtekening, publieke_sleutel) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            checkpoint.bron,
            checkpoint.grootte,
            checkpoint.schakel,
            checkpoint.boom,
            checkpoint.tijd,
            checkpoint.sleutel_id,
            checkpoint.handtekening,
            self.ondertekenaar.publiek,
        )
        self.laatste, self.rand = checkpoint, rand
        return checkpoint

    async def _lees(self, conn: asyncpg.Connection, vanaf: int, tot: int) -> list[asyncpg.Record]:
        """The chain's entries after `vanaf` up to `tot`, with their events. Checks that none is missing, that
        each still has its event, and that every event between their positions has an entry."""
        rijen = await conn.fetch(
            f"SELECT k.volgnummer, k.positie, k.blad, k.schakel, e.notification_id, e.originator_id, "
            f"e.originator_version, e.topic, e.state FROM {self.tabellen.keten} k "
            f"LEFT JOIN {self.tabellen.events} e ON e.notification_id = k.positie "
            "WHERE k.volgnummer BETWEEN $1 AND $2 ORDER BY k.volgnummer",
            vanaf,
            tot,
        )
        van = 0
        if vanaf > 0 and rijen and rijen[0]["volgnummer"] == vanaf:
            van, rijen = rijen[0]["positie"], rijen[1:]
        elif vanaf > 0:
            raise LogGewijzigd(f"the chain's entry {vanaf} is gone")
        if [r["volgnummer"] for r in rijen] != list(range(vanaf + 1, tot + 1)):
            raise LogGewijzigd(f"the chain's entries {vanaf + 1}..{tot} are not all there")
        zonder = next((r for r in rijen if r["notification_id"] is None), None)
        if zonder is not None:
            raise LogGewijzigd(f"the event of entry {zonder['volgnummer']} (position {zonder['positie']}) is gone")
        if rijen:
            tot_positie = rijen[-1]["positie"]
            events = await conn.fetchval(
                f"SELECT count(*) FROM {self.tabellen.events} WHERE notification_id > $1 AND notification_id <= $2",
                van,
                tot_positie,
            )
            if events != len(rijen):
                raise LogGewijzigd(
                    f"{events - len(rijen)} events between positions {van} and {tot_positie} have no chain entry"
                )
        return list(rijen)

    async def _rand(self, conn: asyncpg.Connection, laatste: Checkpoint | None) -> Boomrand:
        """The tree's edge at the last checkpoint: kept from the last signing, else from the stored subtrees
        and the events of the last, unfinished block, checked against the checkpoint's root."""
        if laatste is None:
            return Boomrand()
        if self.rand is not None and self.laatste == laatste and self.rand.grootte == laatste.grootte:
            return self.rand
        delen = Boomrand.delen(laatste.grootte)
        groot = [(h, b) for h, b in delen if h >= KNOOP_HOOGTE]
        rijen = await conn.fetch(
            f"SELECT k.hoogte, k.begin, k.hash FROM {self.tabellen.knopen} k "
            "JOIN unnest($1::smallint[], $2::bigint[]) AS n(hoogte, begin) USING (hoogte, begin)",
            [h for h, _ in groot],
            [b for _, b in groot],
        )
        knopen = {(r["hoogte"], r["begin"]): bytes(r["hash"]) for r in rijen}
        if len(knopen) != len(groot):
            raise LogGewijzigd(f"stored subtrees of the tree at checkpoint {laatste.grootte} are gone")
        begin_klein = laatste.grootte - laatste.grootte % BLOK
        bladen: list[bytes] = []
        if begin_klein < laatste.grootte:
            bladen = [herbereken_blad(rij) for rij in await self._lees(conn, begin_klein, laatste.grootte)]
        toppen = [
            knopen[(h, b)] if h >= KNOOP_HOOGTE else wortel(bladen[b - begin_klein : b - begin_klein + (1 << h)])
            for h, b in delen
        ]
        rand = Boomrand.uit_toppen(laatste.grootte, toppen)
        if rand.wortel() != laatste.boom:
            raise LogGewijzigd(
                f"the stored log no longer gives the root of checkpoint {laatste.grootte}: it was altered after "
                "it was signed"
            )
        return rand

    def _gewijzigd(self, melding: str) -> None:
        self.rand = None
        if self.intact is not False or self.melding != melding:
            log.error("%s: not signing: %s", self.naam, melding)
        self.intact, self.melding = False, melding

    def stand(self) -> dict[str, object]:
        """For /health: the latest checkpoint (size, age) and whether the log was found intact."""
        laatste = self.laatste
        return {
            "bron": self.bron,
            "grootte": laatste.grootte if laatste else 0,
            "tijd": laatste.tijd if laatste else None,
            "leeftijd": (self.nu() - laatste.tijd).total_seconds() if laatste else None,
            "intact": self.intact,
            "melding": self.melding,
            "toestand": "herstellend" if self.herstellend else "ok",
            "fout": self.fout,
            "herstellend_sinds": self.sinds,
        }


def koppen_vraag(checkpointers: Sequence[Checkpointer]) -> str:
    """One statement answering the chain's head of each checkpointer's store, in their order."""
    return "SELECT " + ", ".join(
        f"(SELECT coalesce(max(volgnummer), 0) FROM {c.tabellen.keten})" for c in checkpointers
    )
