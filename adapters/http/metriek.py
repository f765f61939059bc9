"""The app's Prometheus metrics: its own registry, HTTP requests and latencies, and the projections' gauges."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from adapters.http.beheer import CheckpointsGezondheid, Gezondheid, VolgstandPubliek

METHODES = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
INHOUDSTYPE = CONTENT_TYPE_LATEST


class Metriek:
    """One registry per app (tests build many). Add gauges to `registry`; what has to be read before a scrape
    (positions in a database, say) goes in `voor_elke_scrape`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.voor_elke_scrape: list[Callable[[], Awaitable[None]]] = []
        self.verzoeken = Counter(
            "doorbraak_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.duur = Histogram(
            "doorbraak_http_request_duration_seconds",
            "Time from a request's arrival to its answer, by route template and method.",
            ("route", "method"),
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
            registry=self.registry,
        )
        self.gezondheid = Gezondheidsmetriek(self.registry)

    def verzoek(self, route: str, methode: str, status: int, seconden: float) -> None:
        methode = methode if methode in METHODES else "OTHER"
        self.verzoeken.labels(route, methode, str(status)).inc()
        self.duur.labels(route, methode).observe(seconden)

    async def exposition(self) -> bytes:
        for bijwerken in self.voor_elke_scrape:
            await bijwerken()
        return bytes(generate_latest(self.registry))


class Volgmetriek:
    """One kind of follower (read models, inboxes, relays), each by its name: position, head, backlog,
    seconds behind, whether it recovers from a failure, and the events it set aside."""

    def __init__(self, registry: CollectorRegistry, soort: str, label: str, wat: str) -> None:
        def meter(naam: str, uitleg: str) -> Gauge:
            return Gauge(f"doorbraak_{soort}_{naam}", f"{uitleg} ({wat}).", (label,), registry=registry)

        self.positie = meter("positie", "Last event position processed")
        self.kop = meter("kop", "Position of the newest stored event; NaN while the database does not answer")
        self.achterstand = meter("achterstand", "Events stored but not yet processed")
        self.seconden_achter = meter("seconden_achter", "Seconds it has been behind")
        self.herstellend = meter("herstellend", "1 while it retries after a failure of the database or NATS")
        self.onverwerkbaar = meter("onverwerkbaar", "Events it could not process and set aside")

    def zet(self, standen: Iterable[VolgstandPubliek], naam: Callable[[Any], str]) -> None:
        for stand in standen:
            sleutel = naam(stand)
            onbekend = float("nan")
            self.positie.labels(sleutel).set(stand.positie)
            self.kop.labels(sleutel).set(onbekend if stand.kop is None else stand.kop)
            self.achterstand.labels(sleutel).set(onbekend if stand.achterstand is None else stand.achterstand)
            self.seconden_achter.labels(sleutel).set(stand.seconden_achter)
            self.herstellend.labels(sleutel).set(1 if stand.toestand == "herstellend" else 0)
            self.onverwerkbaar.labels(sleutel).set(stand.onverwerkbaar)


class Gezondheidsmetriek:
    """/health as gauges: its status, every follower, the NATS consumers and the dead letters in the streams."""

    STATUSSEN = ("ok", "aandacht", "herstellend")

    def __init__(self, registry: CollectorRegistry) -> None:
        self.status = Gauge(
            "doorbraak_status", "1 for the node's current health status.", ("status",), registry=registry
        )
        self.projecties = Volgmetriek(registry, "projectie", "regio", "a region's read models")
        self.inboxen = Volgmetriek(registry, "inbox", "netwerk", "a network's inbox")
        self.relays = Volgmetriek(registry, "relay", "relay", "a relay to NATS")
        self.nats = Gauge("doorbraak_nats_verbonden", "1 while this node is connected to NATS.", registry=registry)
        self.verwerkt = Gauge(
            "doorbraak_consument_verwerkt", "Messages a consumer processed.", ("consument",), registry=registry
        )
        self.consument_onbestelbaar = Gauge(
            "doorbraak_consument_onbestelbaar",
            "Messages a consumer moved to the dead-letter subject.",
            ("consument",),
            registry=registry,
        )
        self.consument_herstellend = Gauge(
            "doorbraak_consument_herstellend",
            "1 while a consumer retries after a failure.",
            ("consument",),
            registry=registry,
        )
        self.onbestelbaar = Gauge(
            "doorbraak_onbestelbaar_berichten",
            "Dead letters kept in a network's stream, by subject.",
            ("onderwerp",),
            registry=registry,
        )
        self.checkpoints = Checkpointmetriek(registry)

    def zet(self, stand: Gezondheid) -> None:
        for status in self.STATUSSEN:
            self.status.labels(status).set(1 if stand.status == status else 0)
        if stand.checkpoints is not None:
            self.checkpoints.zet(stand.checkpoints)
        self.projecties.zet(stand.projecties or [], lambda p: p.regio)
        self.inboxen.zet(stand.inboxen or [], lambda i: i.netwerk)
        escalaties = stand.escalaties
        if escalaties is None:
            return
        self.relays.zet(escalaties.relays, lambda r: r.naam)
        self.nats.set(1 if escalaties.nats else 0)
        for consument in escalaties.consumenten:
            self.verwerkt.labels(consument.naam).set(consument.verwerkt)
            self.consument_onbestelbaar.labels(consument.naam).set(consument.onbestelbaar)
            self.consument_herstellend.labels(consument.naam).set(1 if consument.toestand == "herstellend" else 0)
        for onderwerp, aantal in escalaties.onbestelbaar.items():
            self.onbestelbaar.labels(onderwerp).set(aantal)


class Checkpointmetriek:
    """Each store's latest checkpoint, whether its log was found intact, what its witnesses have not
    answered; and the inconsistent checkpoints this node holds as a witness."""

    def __init__(self, registry: CollectorRegistry) -> None:
        def meter(naam: str, uitleg: str, *labels: str) -> Gauge:
            return Gauge(f"doorbraak_checkpoint_{naam}", uitleg, labels, registry=registry)

        self.grootte = meter("grootte", "Entries under a store's latest checkpoint.", "bron")
        self.leeftijd = meter("leeftijd_seconden", "Seconds since a store's latest checkpoint (NaN: none).", "bron")
        self.intact = meter("intact", "1 when the last signing found the log intact, 0 when not, NaN before.", "bron")
        self.onbevestigd = meter("onbevestigd", "Checkpoints a witness has not answered.", "bron", "getuige")
        self.inconsistent = meter("getuige_inconsistent", "Inconsistent checkpoints held as a witness.", "houder")

    def zet(self, stand: CheckpointsGezondheid) -> None:
        onbekend = float("nan")
        for store in stand.stores:
            self.grootte.labels(store.bron).set(store.grootte)
            self.leeftijd.labels(store.bron).set(onbekend if store.leeftijd is None else store.leeftijd)
            self.intact.labels(store.bron).set(onbekend if store.intact is None else int(store.intact))
            for getuige in store.getuigen:
                self.onbevestigd.labels(store.bron, getuige.getuige).set(getuige.onbevestigd)
        for plek in stand.getuige:
            self.inconsistent.labels(plek.houder).set(plek.inconsistent)
