"""Following an events table: batch by batch, woken by NOTIFY or directly, stopping loudly on failure."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol

import asyncpg
from eventsourcing.persistence import Notification

from projections.herstel import Herstelstatus, slaap
from projections.tabellen import events_tabel

log = logging.getLogger(__name__)
AANBOD = 1000
"""Events kept in memory for a follower at most; one that falls further behind reads them from the table."""


class Opgeslagen(Protocol):
    """A stored event as a follower reads it: notification_id, originator_id, originator_version, topic,
    state (a row of the events table, or the same taken from memory)."""

    def __getitem__(self, kolom: str) -> Any: ...


def kanaal(schema: str) -> str:
    """The LISTEN/NOTIFY channel that says the events table in `schema` grew."""
    return f"doorbraak_{schema}"


async def lees_events(
    conn: asyncpg.Connection, schema: str, vanaf: int, aantal: int, tabel: str | None = None
) -> list[asyncpg.Record]:
    """Up to `aantal` stored events after position `vanaf` (of a region, or of the named table), in order,
    undecoded."""
    rijen: list[asyncpg.Record] = await conn.fetch(
        f"SELECT notification_id, originator_id, originator_version, topic, state "
        f"FROM {tabel or events_tabel(schema)} WHERE notification_id > $1 ORDER BY notification_id LIMIT $2",
        vanaf,
        aantal,
    )
    return rijen


class Luisteraar:
    """One LISTEN connection per pool, shared by every follower on it: a node with many regions holds
    one connection for its notifications instead of one per projection and relay. When the connection
    is lost (the database went away), every follower is woken, and the next `luister` connects again
    with every subscription.

    It is the followers' safety net too: every `vangnet` seconds (the shortest a subscriber asked for) one
    query reads the newest position of every table followed on the pool, and wakes the followers
    whose table grew since its last look (a NOTIFY may have been lost). An idle node asks its database once
    per interval and wakes nobody, instead of every follower asking for itself."""

    _per_pool: ClassVar[dict[asyncpg.Pool, Luisteraar]] = {}

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.verbinding: asyncpg.pool.PoolConnectionProxy | None = None
        self.abonnementen: dict[str, list[Callable[..., None]]] = {}
        self.tabellen: dict[Callable[..., None], tuple[str, float]] = {}
        """Per subscription: the table its follower reads and the seconds of its safety net."""
        self._slot = asyncio.Lock()
        self._vangnet: asyncio.Task[None] | None = None
        self.gezien: dict[str, int] = {}
        """Each table's newest position (0: empty) at the safety net's last look that succeeded; `gezien_om`
        says when (`time.time()`)."""
        self.gezien_om = 0.0

    @classmethod
    def van(cls, pool: asyncpg.Pool) -> Luisteraar:
        """The pool's shared listener (kept while it has subscriptions)."""
        return cls._per_pool.setdefault(pool, cls(pool))

    @classmethod
    def bestaand(cls, pool: asyncpg.Pool) -> Luisteraar | None:
        """The pool's listener if followers on it listen (none is made)."""
        return cls._per_pool.get(pool)

    def kop(self, tabel: str, hooguit: float) -> tuple[int, float] | None:
        """The table's newest position at the safety net's last look and that look's age in seconds; None
        when no look of at most `hooguit` seconds ago saw it."""
        leeftijd = time.time() - self.gezien_om
        if tabel not in self.gezien or leeftijd > hooguit:
            return None
        return self.gezien[tabel], leeftijd

    @property
    def aantal(self) -> int:
        """How many subscriptions share the connection."""
        return sum(len(terugroepen) for terugroepen in self.abonnementen.values())

    async def luister(
        self, kanaal: str, terugroep: Callable[..., None], *, tabel: str | None = None, vangnet: float | None = None
    ) -> None:
        """Subscribes (once) and makes sure the connection listens; raises while the database is away. With a
        `tabel`, the subscriber is woken with the table's newest position at least every `vangnet` seconds."""
        async with self._slot:
            terugroepen = self.abonnementen.setdefault(kanaal, [])
            nieuw = terugroep not in terugroepen
            if nieuw:
                terugroepen.append(terugroep)
            if tabel is not None and vangnet is not None:
                self.tabellen[terugroep] = (tabel, vangnet)
                if self._vangnet is None or self._vangnet.done():
                    self._vangnet = asyncio.create_task(self._vang(), name="vangnet")
            if self.verbinding is None:
                await self._verbind()
            elif nieuw:
                await self.verbinding.add_listener(kanaal, terugroep)

    async def _verbind(self) -> None:
        verbinding = await self.pool.acquire()
        try:
            for kanaal, terugroepen in self.abonnementen.items():
                for terugroep in terugroepen:
                    await verbinding.add_listener(kanaal, terugroep)
            verbinding.add_termination_listener(self._verbroken)
        except BaseException:
            await self.pool.release(verbinding)
            raise
        self.verbinding = verbinding

    def _verbroken(self, _conn: Any) -> None:
        """The listening connection closed (the pool took it back): wake every follower, so each looks, and
        the next `luister` connects again."""
        self.verbinding = None
        self._wek_allen()

    def _wek_allen(self) -> None:
        for kanaal, terugroepen in list(self.abonnementen.items()):
            for terugroep in list(terugroepen):
                terugroep(None, 0, kanaal, "")

    async def _vang(self) -> None:
        """The safety net: wakes every follower behind its table's newest position, each interval."""
        while self.tabellen:
            await asyncio.sleep(min(vangnet for _, vangnet in self.tabellen.values()))
            gevolgd = [
                (kanaal, terugroep, self.tabellen[terugroep][0])
                for kanaal, terugroepen in list(self.abonnementen.items())
                for terugroep in terugroepen
                if terugroep in self.tabellen
            ]
            tabellen = sorted({tabel for _, _, tabel in gevolgd})
            if not tabellen:
                continue
            vraag = ", ".join(f"(SELECT max(notification_id) FROM {tabel})" for tabel in tabellen)
            om = time.time()
            try:
                async with self.pool.acquire() as conn:
                    koppen = dict(zip(tabellen, await conn.fetchrow(f"SELECT {vraag}") or [], strict=True))
            except Exception as e:  # the database away, or a table gone: each follower finds out itself
                log.debug("safety net: %s", e)
                self.gezien = {}
                self._wek_allen()
                continue
            gegroeid = {t for t, kop in koppen.items() if kop is not None and kop != self.gezien.get(t)}
            self.gezien, self.gezien_om = {t: int(kop or 0) for t, kop in koppen.items()}, om
            for kanaal, terugroep, tabel in gevolgd:
                if tabel in gegroeid:
                    terugroep(None, 0, kanaal, str(koppen[tabel]))

    async def stop(self, kanaal: str, terugroep: Callable[..., None]) -> None:
        """Ends one subscription; the last one gives the connection back."""
        async with self._slot:
            terugroepen = self.abonnementen.get(kanaal, [])
            if terugroep in terugroepen:
                terugroepen.remove(terugroep)
            if not terugroepen:
                self.abonnementen.pop(kanaal, None)
            self.tabellen.pop(terugroep, None)
            try:
                if self.verbinding is not None:
                    await self.verbinding.remove_listener(kanaal, terugroep)
            except asyncpg.InterfaceError:  # closed by the server meanwhile
                self.verbinding = None
            finally:
                if not self.abonnementen:
                    Luisteraar._per_pool.pop(self.pool, None)
                    await self._stop_vangnet()
                    await self._geef_terug()

    async def _stop_vangnet(self) -> None:
        taak, self._vangnet = self._vangnet, None
        if taak is not None:
            taak.cancel()
            await asyncio.gather(taak, return_exceptions=True)

    async def _geef_terug(self) -> None:
        verbinding, self.verbinding = self.verbinding, None
        if verbinding is None:
            return
        try:
            verbinding.remove_termination_listener(self._verbroken)
            await self.pool.release(verbinding)
        except asyncpg.InterfaceError:  # closed by the server: the pool took it back already
            pass


class Volger(Herstelstatus):
    """Processes the events of one store after its recorded position; `stap` does one batch.

    A failure of the connection or the server is retried with a growing, jittered wait, from the stored
    position (`herstellend` meanwhile); an event it can never process is set aside in the dead-letter
    table with the reason (`onverwerkbaar` counts them) and the follower goes on.
    """

    batch = 500
    """Events per step; a step that took fewer has seen everything stored when it read."""
    volgnaam = ""
    """The name of its tracking row (projections.volgpositie); by default its own name."""
    stap_tijd: float | None = None
    """Seconds one step may take in `draai` (a connection the network left half-open never answers); None:
    no bound."""
    uit_geheugen = False
    """Whether `volgende` may take the events this process just stored from memory instead of the table."""

    def __init__(self, pool: asyncpg.Pool, schema: str, naam: str, tabel: str | None = None) -> None:
        super().__init__()
        self.pool, self.schema, self.naam = pool, schema, naam
        self.volgnaam = self.volgnaam or naam
        self.tabel = tabel or events_tabel(schema)
        self.positie = 0
        self.onverwerkbaar = 0
        """Events set aside (of the active version), shown in /health and /metrics."""
        self.laatst_bij: float = time.time()
        self._vooruit = asyncio.Condition()
        self._wakker: asyncio.Event | None = None
        self.aangekondigd = 0
        """The highest position a wake-up announced; a wake-up for a position reached already is ignored."""
        self._onbekend = False
        """A wake-up without a position came: the next read goes to the table."""
        self._aanbod: dict[int, dict[str, Any]] = {}
        self._koppeling: tuple[list[Any], Callable[[Sequence[Notification]], None]] | None = None

    async def stap(self) -> int:
        """Processes the next batch; returns how many events it took (at least `batch`: step again at once)."""
        raise NotImplementedError

    @property
    def toestand(self) -> str:
        """`herstellend` while it retries a failure, `aandacht` when it set events aside, else `ok`."""
        return self.toestand_met(self.onverwerkbaar)

    def toestand_met(self, onverwerkbaar: int) -> str:
        """The state, given how many events it has set aside (as its table counts them)."""
        if self.herstellend:
            return "herstellend"
        return "aandacht" if onverwerkbaar else "ok"

    def opzij_gezet(self, opslag: Opgeslagen, reden: str) -> None:
        """Counts and logs an event set aside (its values are not logged: they may be personal data)."""
        self.onverwerkbaar += 1
        log.error(
            "%s: event %s (%s v%s) cannot be processed and was set aside: %s",
            self.naam,
            opslag["notification_id"],
            opslag["topic"].rpartition(".")[2],
            opslag["originator_version"],
            reden,
        )

    async def volgende(self, conn: asyncpg.Connection, vanaf: int, aantal: int) -> Sequence[Opgeslagen]:
        """Up to `aantal` events after `vanaf`: from memory when this process stored them one after the
        other from there and they reach every position announced, else from the table."""
        rijen = self._uit_geheugen(vanaf, aantal)
        if rijen is not None:
            return rijen
        self._onbekend = False
        return await lees_events(conn, self.schema, vanaf, aantal, self.tabel)

    def _uit_geheugen(self, vanaf: int, aantal: int) -> list[dict[str, Any]] | None:
        aanbod = self._aanbod
        while aanbod and (oudste := next(iter(aanbod))) <= vanaf:
            del aanbod[oudste]
        if self._onbekend:
            return None
        rijen: list[dict[str, Any]] = []
        while len(rijen) < aantal and (rij := aanbod.get(vanaf + len(rijen) + 1)) is not None:
            rijen.append(rij)
        # a gap (another process's event, or a number a failed append used) or an announced position that
        # is not here: the table knows
        if not rijen or (len(rijen) < aantal and rijen[-1]["notification_id"] < self.aangekondigd):
            return None
        return rijen

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

    async def kop(self, conn: asyncpg.Connection | None = None) -> int:
        """The position of the newest stored event (on `conn`, or a connection of the pool)."""
        if conn is None:
            async with self.pool.acquire() as eigen:
                return await self.kop(eigen)
        waarde = await conn.fetchval(f"SELECT max(notification_id) FROM {self.tabel}")
        return int(waarde or 0)

    def wek(self, positie: int | None = None) -> None:
        """Wakes the running follower (from its event loop's thread): events up to `positie` (or an unknown
        number) were stored."""
        if positie is None:
            self._onbekend = True
        else:
            self.aangekondigd = max(self.aangekondigd, positie)
        if self._wakker is not None:
            self._wakker.set()

    def bied_aan(self, notificaties: Sequence[Notification]) -> None:
        """Events this process just stored (called in the event loop's thread): wakes the follower, and keeps
        them for `volgende` when it reads from memory."""
        if not notificaties:
            return
        if self.uit_geheugen:
            if len(self._aanbod) + len(notificaties) > AANBOD:
                self._aanbod.clear()
            for n in notificaties:
                self._aanbod[n.id] = {
                    "notification_id": n.id,
                    "originator_id": n.originator_id,
                    "originator_version": n.originator_version,
                    "topic": n.topic,
                    "state": n.state,
                }
        self.wek(notificaties[-1].id)

    def koppel(self, na_bewaren: list[Callable[[Sequence[Notification]], None]], *, vooraan: bool = False) -> None:
        """Hands this follower a store's appends in this process (the store's `na_bewaren`, called in the
        appending thread) in the running event loop; `vooraan`: before the store's other listeners.
        Undone by `ontkoppel`."""
        lus = asyncio.get_running_loop()

        def vanuit_draad(notificaties: Sequence[Notification]) -> None:
            if not lus.is_closed():
                lus.call_soon_threadsafe(self.bied_aan, notificaties)

        na_bewaren.insert(0 if vooraan else len(na_bewaren), vanuit_draad)
        self._koppeling = (na_bewaren, vanuit_draad)

    def ontkoppel(self) -> None:
        if self._koppeling is not None:
            na_bewaren, terugroep = self._koppeling
            na_bewaren.remove(terugroep)
            self._koppeling = None

    async def draai(self, stop: asyncio.Event, *, vangnet: float = 5.0) -> None:
        """Follows the events table until `stop`; wakes on NOTIFY, on `wek`, and when the pool's safety net
        (`Luisteraar`, every `vangnet` seconds) finds the table ahead of it. A failure (the database or NATS
        away) is retried after a growing wait, from the stored position."""
        wakker = self._wakker = asyncio.Event()
        stopper = asyncio.ensure_future(stop.wait())
        stopper.add_done_callback(lambda _: wakker.set())

        def gemeld(_conn: Any, _pid: int, _kanaal: str, payload: str) -> None:
            self.wek(int(payload) if payload.isdigit() else None)

        luisteraar = Luisteraar.van(self.pool)
        try:
            while not stop.is_set():
                try:
                    await luisteraar.luister(kanaal(self.schema), gemeld, tabel=self.tabel, vangnet=vangnet)
                    # a step short of a full batch read everything there was; what comes later wakes us
                    while await self._begrensde_stap() >= self.batch:
                        pass
                except Exception as e:
                    wacht = self.mislukt(e)
                    self._onbekend = True  # what was offered in memory may be gone: the table knows
                    await slaap(stop, wacht)
                    continue
                self.gelukt()
                self.laatst_bij = time.time()
                await self._wacht_op_werk(stop, wakker)
        finally:
            stopper.cancel()
            await luisteraar.stop(kanaal(self.schema), gemeld)

    async def _begrensde_stap(self) -> int:
        async with asyncio.timeout(self.stap_tijd):
            return await self.stap()

    async def _wacht_op_werk(self, stop: asyncio.Event, wakker: asyncio.Event) -> None:
        """Until a wake-up announces an event beyond the position (or an unknown one), or `stop` (which wakes it
        too: one wait per wake-up, no tasks made for it)."""
        while not stop.is_set():
            await wakker.wait()
            wakker.clear()
            if self._onbekend or self.aangekondigd > self.positie:
                return
