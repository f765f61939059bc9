"""Escalations at run time: the NATS connection, the streams, and every relay and consumer of this node."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import asyncpg
from nats.aio.client import Client

from adapters.bootstrap import Container
from adapters.escalaties import AntwoordOntvanger, Ontvanger, Relay, Terugmelder
from adapters.jetstream import Consument, Herverbonden, LogRelay, Stroominstellingen, onbestelbaar, zorg_voor_stroom
from adapters.runtime import stel_herstel_in
from projections.herstel import slaap
from projections.stand import Volgstand
from projections.volger import Volger

log = logging.getLogger(__name__)


class Escalatiedienst:
    """A region node relays its escalations and takes its network's answers; a network node takes the
    escalations and relays its answers; a node that runs both does both."""

    def __init__(self, container: Container) -> None:
        self.container = container
        self.nc: Client | None = None
        self.pools: dict[str, asyncpg.Pool] = {}
        self.relays: list[LogRelay] = []
        self.consumenten: list[Consument] = []
        self._stop = asyncio.Event()
        self._taken: list[asyncio.Task[None]] = []
        self.netwerken: set[str] = set()
        self._herverbonden = Herverbonden()
        self._verbinder: asyncio.Task[None] | None = None

    async def open(self) -> None:
        settings, container = self.container.settings, self.container
        if settings.nats_url is None:
            raise ValueError("no NATS URL configured (DOORBRAAK_NATS_URL)")
        self.nc = Client()  # connected by `start`, in the background: the service runs without NATS too
        js = self.nc.jetstream(timeout=5)
        self.netwerken = container.netwerken_van_regios() | set(container.netwerken)
        for regio, dienst in sorted(container.casussen.items()):
            naar = container.profielen[regio].netwerk
            if naar is None:
                continue
            pool = await self._pool(container.database_url(regio))
            self.relays.append(Relay(pool, container.schema(regio), regio, naar, container.stores[regio], js))
            self.consumenten.append(AntwoordOntvanger(js, naar, regio, dienst))
        for netwerk, store in sorted(container.netwerk_stores.items()):
            pool = await self._pool(container.netwerk_database_url(netwerk))
            self.relays.append(Terugmelder(pool, container.netwerk_schema(netwerk), netwerk, store, js))
            self.consumenten.append(Ontvanger(js, netwerk, store))
        for relay in self.relays:
            await relay.installeer()

    async def _pool(self, url: str) -> asyncpg.Pool:
        """The node's pool for the database, shared with the read models (and their LISTEN connection). A
        relay's position commits without waiting for the disk: a position lost in a crash only means
        publishing again, which JetStream (Nats-Msg-Id) and the receiver (one case per escalation) absorb."""
        if url not in self.pools:
            self.pools[url] = await self.container.pool(url, "vluchtig")
        return self.pools[url]

    def start(self) -> None:
        """Connects to NATS in the background, then runs every relay and consumer until `close`."""
        self._verbinder = asyncio.create_task(self._verbind_en_draai(), name="escalaties")
        self._taken.append(self._verbinder)

    async def _verbind_en_draai(self) -> None:
        settings, nc = self.container.settings, self.nc
        if nc is None or settings.nats_url is None:
            raise RuntimeError("open the escalation service first")
        while not self._stop.is_set():
            try:
                await nc.connect(
                    servers=[url.strip() for url in settings.nats_url.split(",")],
                    name="doorbraak",
                    inbox_prefix=settings.nats_inbox,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    connect_timeout=2,
                    reconnected_cb=self._herverbonden.meld,
                )
                break
            except Exception as e:
                log.warning("NATS not reachable at start-up (%s); escalations wait, the service runs", e)
                await slaap(self._stop, 2.0)
        instellingen = Stroominstellingen(
            settings.stroom_replicas, settings.duplicaatvenster, settings.stroom_bewaartijd * 24 * 3600
        )
        for netwerk in sorted(self.container.netwerken):  # the network's node owns its stream
            while not self._stop.is_set():
                try:
                    await zorg_voor_stroom(nc.jetstream(timeout=5), netwerk, instellingen)
                    break
                except Exception as e:
                    log.warning("stream of %s not ready (%s); trying again", netwerk, e)
                    await slaap(self._stop, 1.0)
        if not self._stop.is_set():
            self._draai()

    def _draai(self) -> None:
        """Every relay and consumer in the background; appends in this process wake the relays at once."""
        stel_herstel_in(self.container.settings, [*self.relays, *self.consumenten])
        for relay in self.relays:
            self._taken.append(asyncio.create_task(relay.draai(self._stop, vangnet=1.0), name=relay.naam))
            relay.koppel(relay.store.na_bewaren, vooraan=True)  # before the read models: escalations go first
        for consument in self.consumenten:
            draait = consument.draai(self._stop, herverbonden=self._herverbonden)
            self._taken.append(asyncio.create_task(draait, name=consument.durable))

    async def close(self) -> None:
        for relay in self.relays:
            relay.ontkoppel()
        self._stop.set()
        if self._verbinder is not None and not self._verbinder.done():
            self._verbinder.cancel()  # still trying to reach NATS (the client retries without end)
        while self._taken:  # the connecting task may add the others while it ends
            taken, self._taken = self._taken, []
            await asyncio.gather(*taken, return_exceptions=True)
        if self.nc is not None and self.nc.is_connected:
            await self.nc.close()
        for pool in self.pools.values():
            await self.container.pools.geef_terug(pool)
        self.pools.clear()

    def volgers(self) -> list[tuple[Volger, str, str]]:
        """Each relay as `volgstanden` asks after it: (follower, name, tracking row)."""
        return [(r, r.naam, r.volgnaam) for r in self.relays]

    async def dode_brieven(self) -> dict[str, int]:
        """Dead letters kept in the networks' streams, per subject (a stream away a moment is counted next
        time; none while NATS is away)."""
        dode_brieven: dict[str, int] = {}
        if self.nc is not None and self.nc.is_connected:
            js = self.nc.jetstream(timeout=2)
            tellingen = await asyncio.gather(
                *(onbestelbaar(js, n) for n in sorted(self.netwerken)), return_exceptions=True
            )
            for telling in tellingen:
                if isinstance(telling, dict):
                    dode_brieven.update(telling)
        return dode_brieven

    def stand_met(self, standen: Sequence[Volgstand], dode_brieven: dict[str, int]) -> dict[str, Any]:
        """For /health: the connection, each relay's standing (from `standen`, in the order of `volgers`), each
        consumer's counts and state, and the dead letters."""
        relays = [
            {**asdict(stand), "achterstand": stand.achterstand, "nats_onbereikbaar": relay.onbereikbaar}
            for relay, stand in zip(self.relays, standen, strict=True)
        ]
        consumenten = [
            {
                "naam": c.durable,
                "onderwerp": c.onderwerp,
                "verwerkt": c.verwerkt,
                "onbestelbaar": c.onbestelbaar,
                "toestand": "herstellend" if c.herstellend else "ok",
                "fout": c.fout,
                "herstellend_sinds": c.sinds,
            }
            for c in self.consumenten
        ]
        return {
            "nats": bool(self.nc and self.nc.is_connected),
            "relays": relays,
            "consumenten": consumenten,
            "onbestelbaar": dode_brieven,
        }
