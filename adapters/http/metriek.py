"""The app's Prometheus metrics: its own registry, HTTP requests and latencies, and the projections' gauges."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

METHODES = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
INHOUDSTYPE = CONTENT_TYPE_LATEST


class Projectiestand(Protocol):
    @property
    def regio(self) -> str: ...
    @property
    def positie(self) -> int: ...
    @property
    def kop(self) -> int: ...
    @property
    def achterstand(self) -> int: ...
    @property
    def seconden_achter(self) -> float: ...
    @property
    def fout(self) -> str | None: ...


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
        self.projecties = Projectiemetriek(self.registry)

    def verzoek(self, route: str, methode: str, status: int, seconden: float) -> None:
        methode = methode if methode in METHODES else "OTHER"
        self.verzoeken.labels(route, methode, str(status)).inc()
        self.duur.labels(route, methode).observe(seconden)

    async def exposition(self) -> bytes:
        for bijwerken in self.voor_elke_scrape:
            await bijwerken()
        return generate_latest(self.registry)


class Projectiemetriek:
    """Each region's read models: position, head, backlog, seconds behind, stopped."""

    def __init__(self, registry: CollectorRegistry) -> None:
        def meter(naam: str, uitleg: str) -> Gauge:
            return Gauge(f"doorbraak_projectie_{naam}", uitleg, ("regio",), registry=registry)

        self.positie = meter("positie", "Last event position processed by the region's read models.")
        self.kop = meter("kop", "Position of the newest stored event of the region.")
        self.achterstand = meter("achterstand", "Events stored but not yet in the read models.")
        self.seconden_achter = meter("seconden_achter", "Seconds the read models have been behind.")
        self.gestopt = meter("gestopt", "1 when the projection stopped on an error.")

    def zet(self, standen: Iterable[Projectiestand]) -> None:
        for stand in standen:
            self.positie.labels(stand.regio).set(stand.positie)
            self.kop.labels(stand.regio).set(stand.kop)
            self.achterstand.labels(stand.regio).set(stand.achterstand)
            self.seconden_achter.labels(stand.regio).set(stand.seconden_achter)
            self.gestopt.labels(stand.regio).set(1 if stand.fout else 0)
