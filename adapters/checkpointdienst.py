"""Checkpoints at run time inside `serve`: a checkpointer per store, the witness of the other side's
checkpoints, and a publicist per store and witness, over one NATS connection of their own."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from nats.aio.client import Client
from nats.aio.msg import Msg

from adapters.bewijzen import inclusiebewijs
from adapters.bootstrap import Container
from adapters.checkpointer import Checkpointer, koppen_vraag
from adapters.checkpoints import Tabellen, bron_van_netwerk, bron_van_regio, lees_getuige_sleutels
from adapters.getuige import (
    Getuige,
    Publicist,
    checkpoint_onderwerp,
    getuige_onderwerp,
    netwerkcheckpoint_onderwerp,
    netwerkgetuige_onderwerp,
)
from adapters.ondertekening import Ondertekenaar
from adapters.runtime import stel_herstel_in
from projections.herstel import beschrijf, slaap
from services.casus_store import CasusStore
from services.netwerk_store import NetwerkStore

log = logging.getLogger(__name__)
HERHAAL = 30.0
"""Seconds after which a publicist looks again for checkpoints a witness has not answered."""


@dataclass
class Opslag:
    """One store's log as the checkpoints see it."""

    bron: str
    store: CasusStore | NetwerkStore
    pool: asyncpg.Pool
    tabellen: Tabellen
    checkpointer: Checkpointer
    publicisten: list[Publicist] = field(default_factory=list)


@dataclass
class Getuigenplek:
    """Where this node witnesses: the store holding them, and the subjects it answers on."""

    getuige: Getuige
    houder: str
    """The store whose schema holds them (`netwerk:<slug>` or `regio:<slug>`)."""
    ontvang: str
    vraag: str
    bron: Callable[[str], str | None]
    """The source a message on the subject comes from (None: none this witness holds)."""


class Checkpointdienst:
    def __init__(self, container: Container) -> None:
        self.container = container
        self.ondertekenaar = Ondertekenaar.van(container.settings)
        self.nc = Client()
        self.pools: dict[str, asyncpg.Pool] = {}
        self.opslagen: dict[str, Opslag] = {}
        self.getuigen: list[Getuigenplek] = []
        self._stop = asyncio.Event()
        self._taken: list[asyncio.Task[None]] = []
        self._verbinder: asyncio.Task[None] | None = None
        self._koppelingen: list[tuple[list[Any], Callable[..., None]]] = []

    @classmethod
    async def gestart(cls, container: Container) -> Checkpointdienst:
        """The service, opened and started (`open`, `start`)."""
        dienst = cls(container)
        await dienst.open()
        dienst.start()
        return dienst

    async def open(self) -> None:
        c, settings = self.container, self.container.settings
        opslagen: list[tuple[str, str, str, CasusStore | NetwerkStore]] = [
            *((bron_van_regio(r), c.database_url(r), c.schema(r), s) for r, s in sorted(c.stores.items())),
            *(
                (bron_van_netwerk(n), c.netwerk_database_url(n), c.netwerk_schema(n), s)
                for n, s in sorted(c.netwerk_stores.items())
            ),
        ]
        for bron, url, schema, store in opslagen:
            pool = await self._pool(url)
            tabellen = Tabellen(schema, f"{store.name}_events")
            checkpointer = Checkpointer(
                pool,
                schema,
                tabellen.tabel,
                bron,
                self.ondertekenaar,
                events=settings.checkpoint_events,
                seconden=settings.checkpoint_seconden,
            )
            self.opslagen[bron] = Opslag(bron, store, pool, tabellen, checkpointer)
        for netwerk in sorted(c.netwerken):
            regios = {slug for slug, profiel in c.profielen.items() if profiel.netwerk == netwerk}
            ontvang, vraag = checkpoint_onderwerp(netwerk, "*"), getuige_onderwerp(netwerk, "*")
            self._getuige(bron_van_netwerk(netwerk), ontvang, vraag, functools.partial(_regio_uit, regios=regios))
            for regio in sorted(regios):
                self._publicist(
                    bron_van_netwerk(netwerk), bron_van_regio(regio), netwerkcheckpoint_onderwerp(netwerk, regio)
                )
        for regio in sorted(c.casussen):
            van = c.profielen[regio].netwerk
            if van is None:
                continue
            ontvang, vraag = netwerkcheckpoint_onderwerp(van, regio), netwerkgetuige_onderwerp(van, regio)
            self._getuige(bron_van_regio(regio), ontvang, vraag, functools.partial(_vaste_bron, bron_van_netwerk(van)))
            self._publicist(bron_van_regio(regio), bron_van_netwerk(van), checkpoint_onderwerp(van, regio))
        for plek in self.getuigen:
            await plek.getuige.open()

    def _getuige(self, houder: str, ontvang: str, vraag: str, bron: Callable[[str], str | None]) -> None:
        opslag = self.opslagen[houder]
        getuige = Getuige(opslag.pool, opslag.tabellen.schema, self.container.settings.getuige_sleutels)
        self.getuigen.append(Getuigenplek(getuige, houder, ontvang, vraag, bron))

    def _publicist(self, bron: str, getuige: str, onderwerp: str) -> None:
        opslag = self.opslagen[bron]
        publicist = Publicist(opslag.pool, opslag.tabellen, getuige, onderwerp, self.nc, self.ondertekenaar.publiek)
        opslag.publicisten.append(publicist)

    async def _pool(self, url: str) -> asyncpg.Pool:
        if url not in self.pools:
            self.pools[url] = await self.container.pool(url, "duurzaam")
        return self.pools[url]

    def opslag(self, bron: str) -> Opslag:
        return self.opslagen[bron]

    async def bewijs(self, bron: str, casus_id: UUID) -> dict[str, Any] | None:
        """The inclusion proof of a case's events in the store's latest checkpoint (`adapters.bewijzen`);
        None for a case the store does not have. Bounded in time like a read."""
        opslag, settings = self.opslagen[bron], self.container.settings
        async with asyncio.timeout(settings.verbind_timeout + settings.statement_timeout):
            async with opslag.pool.acquire() as conn:
                return await inclusiebewijs(conn, opslag.tabellen, bron, casus_id)

    async def eerst_geziene_sleutels(self) -> list[tuple[str, bytes, datetime]]:
        """As a witness, the first key seen of each source (trust on first use)."""
        gezien: list[tuple[str, bytes, datetime]] = []
        for plek in self.getuigen:
            async with plek.getuige.pool.acquire() as conn:
                gezien += await lees_getuige_sleutels(conn, plek.getuige.schema)
        return gezien

    def start(self) -> None:
        """Signs in the background; with NATS, witnesses and publishes too (connecting in the background)."""
        settings = self.container.settings
        if not settings.checkpoints_in_proces:
            return
        stel_herstel_in(settings, [o.checkpointer for o in self.opslagen.values()])
        stel_herstel_in(settings, [p for o in self.opslagen.values() for p in o.publicisten])
        lus = asyncio.get_running_loop()
        per_pool: dict[asyncpg.Pool, list[Checkpointer]] = {}
        for opslag in self.opslagen.values():
            per_pool.setdefault(opslag.pool, []).append(opslag.checkpointer)
        for pool, checkpointers in per_pool.items():
            self._taken.append(asyncio.create_task(self._peil(pool, checkpointers), name="checkpoints-peiling"))
        for opslag in self.opslagen.values():
            checkpointer = opslag.checkpointer
            draait = checkpointer.draai(self._stop, zelf_peilen=False)
            self._taken.append(asyncio.create_task(draait, name=checkpointer.naam))
            terugroep = functools.partial(_gemeld, lus, checkpointer)
            opslag.store.na_bewaren.append(terugroep)
            self._koppelingen.append((opslag.store.na_bewaren, terugroep))
        if settings.nats_url is not None:
            self._verbinder = asyncio.create_task(self._verbind_en_draai(settings.nats_url), name="checkpoints-nats")
            self._taken.append(self._verbinder)

    async def _peil(self, pool: asyncpg.Pool, checkpointers: list[Checkpointer]) -> None:
        """Looks at the chain's head of every store on the pool in one query, each `peiling` seconds, and
        wakes the checkpointers for which that makes a checkpoint due (appends by other processes, time
        running out): an idle node asks once per database, not once per store."""
        vraag = koppen_vraag(checkpointers)
        while not self._stop.is_set():
            await slaap(self._stop, min(c.peiling for c in checkpointers))
            if self._stop.is_set():
                return
            try:
                async with pool.acquire() as conn:
                    koppen = list(await conn.fetchrow(vraag) or [])
            except Exception as e:  # the database away: each checkpointer finds out for itself
                log.debug("checkpoints: looking at the chains failed: %s", beschrijf(e))
                koppen = [None] * len(checkpointers)
            for checkpointer, kop in zip(checkpointers, koppen, strict=True):
                if kop is None:
                    checkpointer.gemeld(checkpointer.events)  # wakes it: its own step meets the failure
                else:
                    checkpointer.peil(int(kop))

    async def _verbind_en_draai(self, nats_url: str) -> None:
        while not self._stop.is_set():
            try:
                await self.nc.connect(
                    servers=[url.strip() for url in nats_url.split(",")],
                    name="doorbraak-checkpoints",
                    inbox_prefix=self.container.settings.nats_inbox,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    connect_timeout=2,
                )
                break
            except Exception as e:
                log.warning("NATS not reachable at start-up (%s); checkpoints are signed, sent later", e)
                await slaap(self._stop, 2.0)
        if self._stop.is_set():
            return
        for plek in self.getuigen:
            await self.nc.subscribe(plek.ontvang, queue="getuige", cb=self._antwoorder(plek, plek.getuige.ontvang))
            await self.nc.subscribe(plek.vraag, queue="getuige", cb=self._antwoorder(plek, plek.getuige.vraag))
        for opslag in self.opslagen.values():
            for publicist in opslag.publicisten:
                wek = asyncio.Event()
                opslag.checkpointer.na_ondertekenen.append(functools.partial(_wek, wek))
                self._taken.append(asyncio.create_task(self._publiceer(publicist, wek), name=publicist.naam))

    def _antwoorder(
        self, plek: Getuigenplek, behandel: Callable[[str, bytes], Awaitable[dict[str, Any]]]
    ) -> Callable[[Msg], Awaitable[None]]:
        async def antwoord(bericht: Msg) -> None:
            bron = plek.bron(bericht.subject)
            if bron is None:
                uitkomst: dict[str, Any] = {"status": "geweigerd", "reden": f"no witness here for {bericht.subject}"}
            else:
                try:
                    uitkomst = await behandel(bron, bericht.data)
                except Exception as e:  # the database away: the sender tries again
                    log.warning("witness %s: %s", plek.houder, beschrijf(e))
                    uitkomst = {"status": "niet-beschikbaar", "reden": beschrijf(e)}
            if bericht.reply:
                await bericht.respond(json.dumps(uitkomst).encode())

        return antwoord

    async def _publiceer(self, publicist: Publicist, wek: asyncio.Event) -> None:
        while not self._stop.is_set():
            wek.clear()
            try:
                await publicist.stap()
            except Exception as e:
                await slaap(self._stop, publicist.mislukt(e))
                continue
            publicist.gelukt()
            await _wacht(self._stop, wek, HERHAAL)

    async def close(self) -> None:
        for na_bewaren, terugroep in self._koppelingen:
            na_bewaren.remove(terugroep)
        self._koppelingen.clear()
        self._stop.set()
        if self._verbinder is not None and not self._verbinder.done():
            self._verbinder.cancel()
        while self._taken:
            taken, self._taken = self._taken, []
            await asyncio.gather(*taken, return_exceptions=True)
        if self.nc.is_connected:
            await self.nc.close()
        for pool in self.pools.values():
            await self.container.pools.geef_terug(pool)
        self.pools.clear()

    def stand(self) -> dict[str, Any]:
        """For /health: each store's latest checkpoint and whether its log was intact, what each witness
        answered; and as a witness, what this node received."""
        return {
            "nats": self.nc.is_connected,
            "stores": [
                {**o.checkpointer.stand(), "getuigen": [p.stand() for p in o.publicisten]}
                for o in self.opslagen.values()
            ],
            "getuige": [
                {
                    "houder": plek.houder,
                    "ontvangen": plek.getuige.ontvangen,
                    "inconsistent": plek.getuige.inconsistent,
                    "geweigerd": plek.getuige.geweigerd,
                }
                for plek in self.getuigen
            ],
        }


def _gemeld(lus: asyncio.AbstractEventLoop, checkpointer: Checkpointer, notificaties: Sequence[object]) -> None:
    """A store's appends in this process (called in the appending thread), handed to its checkpointer."""
    if not lus.is_closed():
        lus.call_soon_threadsafe(checkpointer.gemeld, len(notificaties))


def _wek(wek: asyncio.Event, _checkpoint: object) -> None:
    wek.set()


def _vaste_bron(bron: str, _onderwerp: str) -> str:
    return bron


def _regio_uit(onderwerp: str, regios: set[str]) -> str | None:
    regio = onderwerp.rsplit(".", 1)[-1]
    return bron_van_regio(regio) if regio in regios else None


async def _wacht(stop: asyncio.Event, wek: asyncio.Event, seconden: float) -> None:
    """Until `wek` or `stop` is set, or `seconden` passed."""
    stopper, gewekt = asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wek.wait())
    try:
        await asyncio.wait({stopper, gewekt}, timeout=seconden, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
        gewekt.cancel()
