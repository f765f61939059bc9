"""The composition root: builds every region's store and service from the settings."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from eventsourcing.persistence import Notification

from adapters.feestdagen import nederlandse_werkkalender
from adapters.inzagelog import knooppunt_schema, richt_knooppunt_in
from adapters.notifier import Notifier
from adapters.pools import GedeeldePools, Soort
from adapters.postgres import (
    eigenaar_url_voor,
    netwerk_schema_naam,
    open_netwerk_store,
    open_store,
    richt_store_in,
    schema_naam,
)
from adapters.regio_catalogus import laad_profielen
from adapters.settings import Settings
from domain.regioprofiel import RegioProfiel
from projections.volger import kanaal
from services.casus_store import CasusStore
from services.casussen import CasusService
from services.fouten import NetwerkOnbekend, RegioOnbekend
from services.netwerk import NetwerkService
from services.netwerk_store import NetwerkStore
from services.versleuteling import AesSleutelkluis, Sleutelring


@dataclass
class Container:
    settings: Settings
    profielen: dict[str, RegioProfiel]
    casussen: dict[str, CasusService] = field(default_factory=dict)
    stores: dict[str, CasusStore] = field(default_factory=dict)
    notifiers: dict[str, Notifier] = field(default_factory=dict)
    netwerken: dict[str, NetwerkService] = field(default_factory=dict)
    netwerk_stores: dict[str, NetwerkStore] = field(default_factory=dict)
    ingericht: list[str] = field(default_factory=list)
    """What the owner set up (with DOORBRAAK_EIGENAAR_DATABASE_URL): each listed table and the application's rights."""
    pools: GedeeldePools = field(default_factory=GedeeldePools)
    """The asyncpg pools the node's services share, two per database."""

    async def pool(self, url: str, soort: Soort) -> asyncpg.Pool:
        """A share of the node's asyncpg pool of `soort` for `url` (given back with `pools.geef_terug`)."""
        return await self.pools.neem(
            url, soort, verbind_timeout=self.settings.verbind_timeout, statement_timeout=self.settings.statement_timeout
        )

    def regio(self, slug: str) -> CasusService:
        try:
            return self.casussen[slug]
        except KeyError:
            raise RegioOnbekend(slug) from None

    def schema(self, slug: str) -> str:
        return schema_naam(self.settings.schema_prefix, slug)

    def database_url(self, slug: str) -> str:
        return database_url_voor(self.settings, slug)

    def netwerk(self, slug: str) -> NetwerkService:
        try:
            return self.netwerken[slug]
        except KeyError:
            raise NetwerkOnbekend(slug) from None

    def netwerk_schema(self, slug: str) -> str:
        return netwerk_schema_naam(self.settings.schema_prefix, slug)

    def netwerk_database_url(self, slug: str) -> str:
        url = self.settings.netwerk_database_urls.get(slug, self.settings.database_url)
        if url is None:
            raise ValueError("no database URL configured (DOORBRAAK_DATABASE_URL)")
        return url

    def store_database_urls(self) -> list[str]:
        """The database of every store this node runs, once per store (regions, then networks)."""
        return [self.database_url(r) for r in self.casussen] + [self.netwerk_database_url(n) for n in self.netwerken]

    def netwerken_van_regios(self) -> set[str]:
        """The networks the served regions escalate to."""
        return {netwerk for slug in self.casussen if (netwerk := self.profielen[slug].netwerk)}

    def close(self) -> None:
        for store in [*self.stores.values(), *self.netwerk_stores.values()]:
            store.close()
        for notifier in self.notifiers.values():
            notifier.close()
        self.stores.clear()
        self.casussen.clear()
        self.notifiers.clear()
        self.netwerk_stores.clear()
        self.netwerken.clear()


def klok(tijdzone: str) -> Callable[[], date]:
    zone = ZoneInfo(tijdzone)
    return lambda: datetime.now(zone).date()


def database_url_voor(settings: Settings, regio: str) -> str:
    url = settings.regio_database_urls.get(regio, settings.database_url)
    if url is None:
        raise ValueError("no database URL configured (DOORBRAAK_DATABASE_URL)")
    return url


def _meld(notifier: Notifier, kanaal: str, notificaties: Sequence[Notification]) -> None:
    notifier.meld(kanaal, notificaties[-1].id)


def _netwerken(settings: Settings, container: Container) -> list[str]:
    if settings.knooppunt == "regios":
        return []
    if settings.netwerken:
        bekend = {p.netwerk for p in container.profielen.values()}
        onbekend = sorted(set(settings.netwerken) - bekend)
        if onbekend:
            raise ValueError(f"no region profile belongs to network {', '.join(onbekend)}")
        return sorted(settings.netwerken)
    if settings.knooppunt == "netwerk":
        return sorted({netwerk for p in container.profielen.values() if (netwerk := p.netwerk)})
    return sorted(container.netwerken_van_regios())


def sleutelkluis(settings: Settings) -> AesSleutelkluis:
    """The master keys of the settings, wrapping every region's case keys."""
    return AesSleutelkluis(settings.hoofdsleutel_bytes(), settings.hoofdsleutel)


def _store_instellingen(settings: Settings) -> dict[str, Any]:
    return {
        "pool_size": settings.pool_size,
        "cache": settings.aggregate_cache,
        "verbind_timeout": settings.verbind_timeout,
        "statement_timeout": settings.statement_timeout,
    }


def _richt_in(container: Container, url: str, schema: str, soort: type[CasusStore]) -> None:
    """With the owner's URL, the store's schema set up by the owner before the application opens it."""
    eigenaar = container.settings.eigenaar_database_url
    if eigenaar is not None:
        eigenaar = eigenaar_url_voor(eigenaar, url, container.settings.database_url)
        container.ingericht += richt_store_in(eigenaar, url, schema, soort)


def bootstrap(settings: Settings, *, vandaag: Callable[[], date] | None = None, versleutel: bool = True) -> Container:
    """Every store and service of the node; `versleutel=False` stores personal data in plaintext, as before case
    keys existed (for the write benchmark's comparison only)."""
    profielen = laad_profielen(settings.regio_profielen_dir)
    onbekend = sorted(set(settings.regios) - set(profielen))
    if onbekend:
        raise ValueError(f"no region profile for {', '.join(onbekend)}")
    container = Container(settings=settings, profielen=profielen)
    vandaag = vandaag or klok(settings.tijdzone)
    kalender = nederlandse_werkkalender()
    kluis = sleutelkluis(settings)
    try:
        for slug in (settings.regios or sorted(profielen)) if settings.knooppunt != "netwerk" else []:
            url, schema = database_url_voor(settings, slug), schema_naam(settings.schema_prefix, slug)
            _richt_in(container, url, schema, CasusStore)
            ring = Sleutelring(kluis, max_in_geheugen=max(settings.aggregate_cache, 1000)) if versleutel else None
            store = open_store(url, schema, sleutelring=ring, **_store_instellingen(settings))
            container.stores[slug] = store
            notifier = container.notifiers.get(url) or container.notifiers.setdefault(url, Notifier(url))
            store.na_bewaren.append(functools.partial(_meld, notifier, kanaal(schema)))
            container.casussen[slug] = CasusService(
                profielen[slug], store, kalender, vandaag, settings.aanmelding_jaren_terug
            )
        for netwerk in _netwerken(settings, container):
            url, schema = container.netwerk_database_url(netwerk), container.netwerk_schema(netwerk)
            _richt_in(container, url, schema, NetwerkStore)
            netwerk_store = open_netwerk_store(url, schema, **_store_instellingen(settings))
            container.netwerk_stores[netwerk] = netwerk_store
            notifier = container.notifiers.get(url) or container.notifiers.setdefault(url, Notifier(url))
            netwerk_store.na_bewaren.append(functools.partial(_meld, notifier, kanaal(schema)))
            container.netwerken[netwerk] = NetwerkService(netwerk, netwerk_store, kalender, vandaag)
        if settings.eigenaar_database_url is not None and settings.database_url is not None:
            schema = knooppunt_schema(settings.schema_prefix)
            container.ingericht += richt_knooppunt_in(settings.eigenaar_database_url, settings.database_url, schema)
    except BaseException:
        container.close()
        raise
    return container
