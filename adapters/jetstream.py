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
import contextlib
import logging
from dataclasses import dataclass

import asyncpg
import nats.js.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext, api

from projections.herstel import Herstelstatus, beschrijf, slaap, voorbijgaand
from projections.projectie import PositieVerschoven, opzij_regel
from projections.tabellen import q
from projections.volger import Opgeslagen, Volger
from projections.volgpositie import Volgpositie
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


def _voorbijgaand(fout: BaseException) -> bool:
    """A failure of the database, the network or NATS, not of an event or a message: retried."""
    return voorbijgaand(fout) or isinstance(fout, NIET_BEREIKBAAR)


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
    bewaartijd: float = 30 * 24 * 3600.0
    """Seconds a message is kept: the network stores each escalation as its own case and each region each
    answer on its case, so the stream needs them only until they were taken (and for a look at dead letters)."""


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
        max_age=instellingen.bewaartijd,
    )


async def zorg_voor_stroom(js: JetStreamContext, netwerk: str, instellingen: Stroominstellingen) -> api.StreamInfo:
    """Creates the network's stream or brings it in line with the configuration (the network's node)."""
    config = stroom_config(netwerk, instellingen)
    try:
        bestaand = await js.stream_info(config.name or "")
    except nats.js.errors.NotFoundError:
        return await js.add_stream(config)
    huidig = bestaand.config
    if (huidig.subjects, huidig.num_replicas, huidig.duplicate_window, huidig.max_age) != (
        config.subjects,
        config.num_replicas,
        config.duplicate_window,
        config.max_age,
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


OPHALEN = 30.0
"""Seconds a consumer's fetch waits on the server for a message."""


class Herverbonden:
    """Tells the consumers of one NATS connection that it reconnected (`meld`, from its callback)."""

    def __init__(self) -> None:
        self._gebeurtenis = asyncio.Event()

    def volgende(self) -> asyncio.Event:
        """The event set at the next reconnect."""
        return self._gebeurtenis

    async def meld(self) -> None:
        self._gebeurtenis.set()
        self._gebeurtenis = asyncio.Event()


@dataclass(frozen=True)
class Bericht:
    onderwerp: str
    data: bytes
    bericht_id: str
    """Nats-Msg-Id: the same event always gives the same id, so JetStream drops a repeat."""


class LogRelay(Volger):
    """Publishes chosen events of one store's log to JetStream, in order, each once acknowledged; its
    tracking row lives in the store's schema and advances only after the acknowledgement."""

    store: CasusStore
    uit_geheugen = True

    def __init__(self, pool: asyncpg.Pool, schema: str, naam: str, js: JetStreamContext, tabel: str | None = None):
        super().__init__(pool, schema, naam, tabel)
        self.js = js
        self.volgpositie = Volgpositie(schema)
        self.opgeslagen = 0
        """The position in the tracking row (the relay is ahead of it in memory between batches)."""
        self.onbereikbaar = False
        self.onbewaard = 0
        """Events passed since the stored position without a message: their position is stored once a
        batch of them has passed (reading them again after a restart publishes nothing)."""

    async def bericht(self, rij: Opgeslagen) -> Bericht | None:
        """The message an event becomes, or None for an event that stays here."""
        raise NotImplementedError

    async def installeer(self) -> None:
        """Creates the tracking row (a new relay starts at the first event), taking over the position an
        earlier version kept in its own table `relay`."""
        oud = f"{q(self.schema)}.relay"
        async with self.pool.acquire() as conn, conn.transaction():
            await self.volgpositie.maak_tabellen(conn)
            await self.volgpositie.maak(conn, self.naam)
            if await conn.fetchval("SELECT to_regclass($1)", oud) is not None:
                await conn.execute(
                    f"UPDATE {self.volgpositie.tabel} SET positie = greatest(positie, "
                    f"(SELECT positie FROM {oud} WHERE naam = $1)) WHERE naam = $1 AND versie = 1",
                    self.naam,
                )
                await conn.execute(f"DELETE FROM {oud} WHERE naam = $1", self.naam)
                if not await conn.fetchval(f"SELECT EXISTS (SELECT FROM {oud})"):
                    await conn.execute(f"DROP TABLE {oud}")
            self.onverwerkbaar = await self.volgpositie.aantal_opzij(conn, self.naam, 1)
        self.positie = self.opgeslagen = await self.opgeslagen_positie()

    async def opgeslagen_positie(self) -> int:
        async with self.pool.acquire() as conn:
            stand = await self.volgpositie.actief(conn, self.naam)
        return 0 if stand is None else stand[1]

    async def stap(self, aantal: int | None = None) -> int:
        """Publishes the chosen events among the next `aantal` (a batch); returns how many events it
        passed. While NATS cannot be reached it raises, keeps its position and says so (`onbereikbaar`)."""
        try:
            aantal_gedaan = await self._stap(aantal or self.batch)
        except NIET_BEREIKBAAR:
            self.onbereikbaar = True
            raise
        except PositieVerschoven:  # another process relays too: go on from where it is
            return self.batch
        self.onbereikbaar = False
        return aantal_gedaan

    async def _stap(self, aantal: int) -> int:
        async with self.pool.acquire() as conn:
            rijen = await self.volgende(conn, self.positie, aantal)
        for rij in rijen:
            try:
                bericht = await self.bericht(rij)
            except Exception as e:
                if _voorbijgaand(e):
                    raise
                await self.zet_opzij(rij, beschrijf(e))
                continue
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

    async def bewaar_positie(self, positie: int, opzij: list[tuple[object, ...]] | None = None) -> None:
        """Advances the tracking row to `positie` (with these dead letters). When another process moved it
        meanwhile, this relay goes on from there (what it publishes again, JetStream drops)."""
        async with self.pool.acquire() as conn:
            gelukt = await self.volgpositie.zet(conn, self.naam, 1, self.opgeslagen, positie, opzij)
            if not gelukt:
                stand = await self.volgpositie.actief(conn, self.naam)
                if stand is None:
                    raise LookupError(f"the tracking row of {self.naam} is gone")
                self.positie = self.opgeslagen = stand[1]
                self._onbekend = True
                raise PositieVerschoven(self.naam)
        self.opgeslagen, self.onbewaard = positie, 0
        self.positie = max(self.positie, positie)

    async def zet_opzij(self, rij: Opgeslagen, reden: str) -> None:
        """An event the relay can never publish: set aside with the reason, and passed."""
        await self.bewaar_positie(rij["notification_id"], [opzij_regel(rij, reden)])
        self.opzij_gezet(rij, reden)


class Uitgesteld(Exception):
    """A message failed for a passing reason and comes again after `wacht` seconds."""

    def __init__(self, wacht: float) -> None:
        super().__init__(f"put back for {wacht:.1f} s")
        self.wacht = wacht


class Consument(Herstelstatus):
    """A durable pull consumer with explicit acks on one subject of a network's stream. A message is acked
    only once it is stored; one that can never be processed goes to the dead-letter subject, with its reason;
    one that failed for a passing reason (the database away) comes again after a growing delay."""

    def __init__(self, js: JetStreamContext, netwerk: str, onderwerp: str, durable: str) -> None:
        super().__init__()
        self.js, self.netwerk, self.onderwerp, self.durable = js, netwerk, onderwerp, durable
        self.naam = durable
        self._bericht_mislukt = False
        """A message failed for a passing reason and was put back: the consumer recovers once one is processed."""
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

    async def stap(self, wachttijd: float = 1.0, onderbreek: asyncio.Event | None = None) -> int:
        """Takes the next message, waiting at most `wachttijd` (or until `onderbreek` is set); returns how many
        were handled."""
        if self.abonnement is None:
            raise RuntimeError("open the consumer first")
        # one at a time: a larger batch would wait for more messages after the first one arrived
        halen = asyncio.ensure_future(self.abonnement.fetch(1, timeout=wachttijd))
        if onderbreek is not None:
            onderbroken = asyncio.ensure_future(onderbreek.wait())
            await asyncio.wait({halen, onderbroken}, return_when=asyncio.FIRST_COMPLETED)
            onderbroken.cancel()
            if not halen.done():  # a message that comes now waits in the subscription for the next fetch
                halen.cancel()
                await asyncio.gather(halen, return_exceptions=True)
                return 0
        try:
            berichten = await halen
        except (nats.errors.TimeoutError, TimeoutError):  # nothing came within the wait
            return 0
        if not self._bericht_mislukt:
            self.gelukt()  # NATS answers again (a failed message is cleared when it is processed)
        for bericht in berichten:
            try:
                await self.verwerk(bericht)
            except Exception as e:
                if not _voorbijgaand(e):
                    await self._onbestelbaar(bericht, beschrijf(e))  # would fail the same way every time
                    continue
                wacht = self.mislukt(e)
                self._bericht_mislukt = True
                with contextlib.suppress(Exception):  # else it comes again after its ack wait
                    await bericht.nak(delay=wacht)
                raise Uitgesteld(wacht) from e
            self._bericht_mislukt = False
            self.gelukt()
        return len(berichten)

    async def verwerk(self, bericht: Msg) -> None:
        raise NotImplementedError

    async def draai(
        self,
        stop: asyncio.Event,
        *,
        wachttijd: float = 1.0,
        ophalen: float = OPHALEN,
        herverbonden: Herverbonden | None = None,
    ) -> None:
        """Takes messages until `stop`, each fetch waiting up to `ophalen` seconds on the server (a message
        that comes ends it at once): an idle consumer asks NATS once per `ophalen`, not once a second. A
        reconnect (`herverbonden`, set by the connection's callback) ends the waiting fetch, whose pull request
        the server may have lost, so the consumer asks again at once. Until the network's stream exists (its
        node not yet started) it waits, checking every `wachttijd`; a failure is retried after a growing wait
        (`herstellend`)."""
        onderbreek = asyncio.Event()

        async def onderbreek_bij(gebeurtenis: asyncio.Event) -> None:
            await gebeurtenis.wait()
            onderbreek.set()

        while not stop.is_set():
            onderbreek.clear()  # before the watchers: a stop or reconnect while the stream is awaited still counts
            wachters = [asyncio.ensure_future(onderbreek_bij(stop))]
            if herverbonden is not None:
                wachters.append(asyncio.ensure_future(onderbreek_bij(herverbonden.volgende())))
            try:
                if self.abonnement is None:
                    await _wacht_op_stroom(self.js, stroom_config(self.netwerk), wachttijd)
                    await self.open()
                await self.stap(wachttijd=ophalen, onderbreek=onderbreek)
            except Uitgesteld as uitgesteld:
                await slaap(stop, uitgesteld.wacht)
            except Exception as e:
                await slaap(stop, self.mislukt(e))
            finally:
                for wachter in wachters:
                    wachter.cancel()

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
