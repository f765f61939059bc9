"""NATS JetStream for doorbraak: one stream per network, its subjects, and the two ways of using it
reliably: a relay that publishes chosen events of a store's log from a stored position, and a
durable pull consumer with explicit acks and a dead-letter subject.

A relay never publishes from a request: it follows the log from a stored position and publishes
each chosen event with `Nats-Msg-Id` set to the event's identity, storing its new position only
after JetStream acknowledged. A crash between the two publishes again; the server drops the repeat
within its duplicate window, and receivers are idempotent beyond it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import asyncpg
import nats.js.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext, api

from projections.tabellen import q
from projections.volger import Opgeslagen, Volger
from services.casus_store import CasusStore

log = logging.getLogger(__name__)
NIET_BEREIKBAAR = (
    nats.errors.TimeoutError,
    nats.errors.ConnectionClosedError,
    nats.errors.NoRespondersError,
    nats.errors.OutboundBufferLimitError,
    nats.js.errors.NoStreamResponseError,  # the stream has no leader for a moment (a cluster node went away)
    nats.js.errors.ServiceUnavailableError,
)


def escalatie_onderwerp(netwerk: str, regio: str) -> str:
    return f"doorbraak.{netwerk}.escalatie.{regio}"


def dode_brieven_onderwerp(netwerk: str, regio: str) -> str:
    return f"doorbraak.{netwerk}.onbestelbaar.{regio}"


def antwoord_onderwerp(netwerk: str, regio: str) -> str:
    return f"doorbraak.{netwerk}.antwoord.{regio}"


def stroom_naam(netwerk: str) -> str:
    return "DOORBRAAK_" + netwerk.upper().replace("-", "_")


@dataclass(frozen=True)
class Stroominstellingen:
    replicas: int = 1
    duplicaatvenster: float = 2 * 3600.0
    """Seconds within which JetStream drops a message whose Nats-Msg-Id it has seen."""


async def onbestelbaar(js: JetStreamContext, netwerk: str) -> dict[str, int]:
    """Dead letters kept in the network's stream, per subject (none while the stream does not exist)."""
    try:
        info = await js.stream_info(stroom_naam(netwerk), subjects_filter=dode_brieven_onderwerp(netwerk, "*"))
    except nats.js.errors.NotFoundError:
        return {}
    return dict(info.state.subjects or {})


def stroom_config(netwerk: str, instellingen: Stroominstellingen | None = None) -> api.StreamConfig:
    """The network's stream: escalations, answers and dead letters, on file."""
    instellingen = instellingen or Stroominstellingen()
    return api.StreamConfig(
        name=stroom_naam(netwerk),
        subjects=[
            f"doorbraak.{netwerk}.escalatie.*",
            f"doorbraak.{netwerk}.antwoord.*",
            f"doorbraak.{netwerk}.onbestelbaar.*",
        ],
        storage=api.StorageType.FILE,
        retention=api.RetentionPolicy.LIMITS,
        num_replicas=instellingen.replicas,
        duplicate_window=instellingen.duplicaatvenster,
    )


async def zorg_voor_stroom(js: JetStreamContext, netwerk: str, instellingen: Stroominstellingen) -> api.StreamInfo:
    """Creates the network's stream or brings it in line with the configuration (the network's node)."""
    config = stroom_config(netwerk, instellingen)
    try:
        bestaand = await js.stream_info(config.name or "")
    except nats.js.errors.NotFoundError:
        return await js.add_stream(config)
    huidig = bestaand.config
    if (huidig.subjects, huidig.num_replicas, huidig.duplicate_window) != (
        config.subjects,
        config.num_replicas,
        config.duplicate_window,
    ):
        log.warning("stream %s differs from the configuration; updating it", config.name)
        return await js.update_stream(config)
    return bestaand


async def _wacht_op_stroom(js: JetStreamContext, config: api.StreamConfig, wachttijd: float) -> api.StreamInfo:
    einde = asyncio.get_running_loop().time() + wachttijd
    while True:
        try:
            info = await js.stream_info(config.name or "")
        except nats.js.errors.NotFoundError:
            if asyncio.get_running_loop().time() > einde:
                raise RuntimeError(f"stream {config.name} does not exist: start the network's node first") from None
            log.info("waiting for the network's stream %s", config.name)
            await asyncio.sleep(1.0)
            continue
        if set(info.config.subjects or []) != set(config.subjects or []):
            raise RuntimeError(f"stream {config.name} has subjects {info.config.subjects}, expected {config.subjects}")
        return info


@dataclass(frozen=True)
class Bericht:
    onderwerp: str
    data: bytes
    bericht_id: str
    """Nats-Msg-Id: the same event always gives the same id, so JetStream drops a repeat."""


class LogRelay(Volger):
    """Publishes chosen events of one store's log to JetStream, in order, each once acknowledged; its
    position lives in the store's schema and advances only after the acknowledgement."""

    store: CasusStore
    uit_geheugen = True

    def __init__(self, pool: asyncpg.Pool, schema: str, naam: str, js: JetStreamContext, tabel: str | None = None):
        super().__init__(pool, schema, naam, tabel)
        self.js = js
        self.posities = f"{q(schema)}.relay"
        self.onbereikbaar = False
        self.onbewaard = 0
        """Events passed since the stored position without a message: their position is stored once a
        batch of them has passed (reading them again after a restart publishes nothing)."""

    async def bericht(self, rij: Opgeslagen) -> Bericht | None:
        """The message an event becomes, or None for an event that stays here."""
        raise NotImplementedError

    async def installeer(self) -> None:
        """Creates the position table; a new relay starts at the first event."""
        async with self.pool.acquire() as conn:
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {self.posities} (naam text PRIMARY KEY, positie bigint NOT NULL DEFAULT 0)"
            )
            await conn.execute(f"INSERT INTO {self.posities} (naam) VALUES ($1) ON CONFLICT DO NOTHING", self.naam)
        self.positie = await self.opgeslagen_positie()

    async def opgeslagen_positie(self) -> int:
        async with self.pool.acquire() as conn:
            return int(await conn.fetchval(f"SELECT positie FROM {self.posities} WHERE naam = $1", self.naam))

    async def stap(self, aantal: int | None = None) -> int:
        """Publishes the chosen events among the next `aantal` (a batch); returns how many events it
        passed. While NATS cannot be reached it publishes nothing, keeps its position and says so
        (`onbereikbaar`)."""
        try:
            aantal_gedaan = await self._stap(aantal or self.batch)
        except NIET_BEREIKBAAR as e:
            if not self.onbereikbaar:
                log.warning("%s: NATS not reachable (%s); retrying", self.naam, type(e).__name__)
            self.onbereikbaar = True
            return 0
        self.onbereikbaar = False
        return aantal_gedaan

    async def _stap(self, aantal: int) -> int:
        # the relay is the only writer of its position: it keeps it in memory between batches
        async with self.pool.acquire() as conn:
            rijen = await self.volgende(conn, self.positie, aantal)
        for rij in rijen:
            bericht = await self.bericht(rij)
            if bericht is None:
                self.onbewaard += 1
                continue
            await self.js.publish(bericht.onderwerp, bericht.data, headers={"Nats-Msg-Id": bericht.bericht_id})
            await self.bewaar_positie(rij["notification_id"])
        if rijen:
            laatste = rijen[-1]["notification_id"]
            if self.onbewaard >= self.batch:
                await self.bewaar_positie(laatste)
            await self._meld(laatste)
        return len(rijen)

    async def bewaar_positie(self, positie: int) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute(
                f"UPDATE {self.posities} SET positie = greatest(positie, $2) WHERE naam = $1", self.naam, positie
            )
        self.onbewaard = 0


class Consument:
    """A durable pull consumer with explicit acks on one subject of a network's stream. A message is acked
    only once it is stored; one that can never be processed goes to the dead-letter subject, with its reason."""

    def __init__(self, js: JetStreamContext, netwerk: str, onderwerp: str, durable: str) -> None:
        self.js, self.netwerk, self.onderwerp, self.durable = js, netwerk, onderwerp, durable
        self.abonnement: JetStreamContext.PullSubscription | None = None
        self.onbestelbaar = 0
        self.verwerkt = 0

    async def open(self, *, ack_wacht: float = 30.0) -> None:
        self.abonnement = await self.js.pull_subscribe(
            self.onderwerp,
            durable=self.durable,
            stream=stroom_naam(self.netwerk),
            config=api.ConsumerConfig(ack_policy=api.AckPolicy.EXPLICIT, ack_wait=ack_wacht),
        )

    async def stap(self, wachttijd: float = 1.0) -> int:
        """Takes the next message, waiting at most `wachttijd`; returns how many were handled."""
        if self.abonnement is None:
            raise RuntimeError("open the consumer first")
        try:
            # one at a time: a larger batch would wait for more messages after the first one arrived
            berichten = await self.abonnement.fetch(1, timeout=wachttijd)
        except (nats.errors.TimeoutError, TimeoutError):  # nothing came within the wait
            return 0
        for bericht in berichten:
            await self.verwerk(bericht)
        return len(berichten)

    async def verwerk(self, bericht: Msg) -> None:
        raise NotImplementedError

    async def draai(self, stop: asyncio.Event, *, wachttijd: float = 1.0) -> None:
        """Takes messages until `stop`; a failure is logged and the message comes again after its ack wait.
        Until the network's stream exists (its node not yet started) it waits, and checks the stream then."""
        while self.abonnement is None and not stop.is_set():
            try:
                await _wacht_op_stroom(self.js, stroom_config(self.netwerk), wachttijd)
                await self.open()
            except (RuntimeError, *NIET_BEREIKBAAR) as e:
                log.warning("%s: the stream of %s is not there yet (%s)", self.durable, self.netwerk, e)
                await asyncio.sleep(wachttijd)
        while not stop.is_set():
            try:
                await self.stap(wachttijd=wachttijd)
            except Exception:
                log.exception("%s on %s: a message failed; it will be delivered again", self.durable, self.onderwerp)
                await asyncio.sleep(wachttijd)

    async def _onbestelbaar(self, bericht: Msg, reden: str) -> None:
        """A message that can never be processed: kept on the dead-letter subject with its reason."""
        regio = bericht.subject.rsplit(".", 1)[-1]
        await self.js.publish(
            dode_brieven_onderwerp(self.netwerk, regio),
            bericht.data,
            headers={"Doorbraak-Reden": reden, "Doorbraak-Onderwerp": bericht.subject},
        )
        await bericht.term()
        self.onbestelbaar += 1
        log.error("message on %s cannot be processed (%s); moved to the dead-letter subject", bericht.subject, reden)
