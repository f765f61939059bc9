"""A store's log read for its verification (`domain.verificatie`): the hash chain and the events, each from a
server-side cursor in position order, in one read-only snapshot; one verification of a store at a time.

The verifier compares bytes, never decodes: an event's leaf is recomputed from its case id, version, type and
stored state exactly as the append's trigger composed them (`adapters.keten.event_inhoud`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from adapters.keten import event_inhoud, keten_tabel
from adapters.postgres import EVENTS_TABLE, netwerk_schema_naam, schema_naam
from adapters.settings import Settings
from domain.checkpoint import Checkpoint
from domain.verificatie import Eventregel, GehoudenCheckpoint, Ketenregel, Uitslag, nieuwste, verifieer
from services.netwerk_store import NetwerkStore

BATCH = 5000
"""Rows per fetch from each cursor."""
SLOT = "doorbraak-verificatie"
"""The advisory lock's first key; the second is the log's table."""

Voortgang = Callable[[str, int, int], None]
"""Called per batch with the log's source, the entries verified so far, and the log's size."""


@dataclass(frozen=True)
class Logboek:
    """Where a store's log is: its source as checkpoints name it, its database, schema and events table."""

    bron: str
    database_url: str
    schema: str
    tabel: str


def _alles_klopt(_: Checkpoint) -> bool:
    return True


def _geen_checkpoints(_: Logboek) -> list[GehoudenCheckpoint]:
    return []


@dataclass(frozen=True)
class Vergelijking:
    """What a log is compared with: the checkpoints held of it (the store's own, and its witnesses'), read
    before the snapshot so that none is newer than the log; and the check of a checkpoint's signature."""

    checkpoints: Callable[[Logboek], Iterable[GehoudenCheckpoint]] = field(default=_geen_checkpoints)
    handtekening_klopt: Callable[[Checkpoint], bool] = field(default=_alles_klopt)


def vergelijking(settings: Settings) -> Vergelijking:
    """The checkpoints and signature check of this node's verifications, for the CLI and the API alike: the
    store's own checkpoints and its witnesses' (`adapters.gehouden`)."""
    from adapters.gehouden import gehouden_checkpoints, sleutelcontrole

    return Vergelijking(functools.partial(gehouden_checkpoints, settings), sleutelcontrole(settings))


class VerificatieLoopt(Exception):
    """Another verification of the same log holds its lock (in any process)."""


class GeenLogboek(Exception):
    """The database has no such store."""


def regio_logboek(settings: Settings, regio: str) -> Logboek:
    url = settings.regio_database_urls.get(regio, settings.database_url)
    if url is None:
        raise ValueError("no database URL configured (DOORBRAAK_DATABASE_URL)")
    return Logboek(f"regio:{regio}", url, schema_naam(settings.schema_prefix, regio), EVENTS_TABLE)


def netwerk_logboek(settings: Settings, netwerk: str) -> Logboek:
    url = settings.netwerk_database_urls.get(netwerk, settings.database_url)
    if url is None:
        raise ValueError("no database URL configured (DOORBRAAK_DATABASE_URL)")
    schema = netwerk_schema_naam(settings.schema_prefix, netwerk)
    return Logboek(f"netwerk:{netwerk}", url, schema, f"{NetwerkStore.name}_events")


def verifieer_logboek(
    logboek: Logboek,
    vergelijking: Vergelijking | None = None,
    *,
    vanaf_checkpoint: bool = False,
    voortgang: Voortgang | None = None,
    verbind_timeout: float = 5.0,
    statement_timeout: float = 30.0,
    batch: int = BATCH,
) -> Uitslag:
    """Verifies the log from its first event, or (`vanaf_checkpoint`) from its newest checkpoint with a valid
    signature (`domain.verificatie.nieuwste`). Raises VerificatieLoopt while another verification of it runs,
    GeenLogboek when its tables do not exist, psycopg's errors when the database cannot be reached."""
    vergelijking = vergelijking or Vergelijking()
    gehouden = list(vergelijking.checkpoints(logboek))
    vanaf = nieuwste(gehouden, vergelijking.handtekening_klopt) if vanaf_checkpoint else None
    namen = {
        "schema": sql.Identifier(logboek.schema),
        "tabel": sql.Identifier(logboek.tabel),
        "keten": sql.Identifier(keten_tabel(logboek.tabel)),
    }
    with psycopg.connect(
        logboek.database_url,
        connect_timeout=max(1, round(verbind_timeout)),
        options=f"-c statement_timeout={int(statement_timeout * 1000)}",
    ) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        slot = conn.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))", (SLOT, f"{logboek.schema}.{logboek.tabel}")
        ).fetchone()
        if not (slot and slot[0]):
            raise VerificatieLoopt(f"a verification of {logboek.bron} is already running")
        try:
            rij = conn.execute(sql.SQL("SELECT max(volgnummer) FROM {schema}.{keten}").format(**namen)).fetchone()
        except psycopg.errors.UndefinedTable:
            raise GeenLogboek(f"no store for {logboek.bron} in schema {logboek.schema}") from None
        totaal = int(rij[0] or 0) if rij else 0
        gedaan = (lambda n: voortgang(logboek.bron, n, totaal)) if voortgang else None
        query = sql.SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM {schema}.{tabel} "
            "WHERE notification_id > %s ORDER BY notification_id"
        ).format(**namen)
        with conn.cursor(name="keten", binary=True) as keten, conn.cursor(name="events", binary=True) as events:
            keten.execute(
                sql.SQL("SELECT volgnummer, positie, blad, schakel FROM {schema}.{keten} ORDER BY volgnummer").format(
                    **namen
                )
            )

            def lees_events(na: int) -> Iterator[Eventregel]:
                events.execute(query, (na,))
                return _eventregels(events, batch)

            return verifieer(
                _ketenregels(keten, batch, gedaan),
                lees_events,
                gehouden,
                bron=logboek.bron,
                vanaf=vanaf,
                handtekening_klopt=vergelijking.handtekening_klopt,
            )


def _ketenregels(
    cursor: psycopg.ServerCursor[Any], batch: int, gedaan: Callable[[int], None] | None
) -> Iterator[Ketenregel]:
    while rijen := cursor.fetchmany(batch):
        yield from rijen
        if gedaan:
            gedaan(rijen[-1][0])


def _eventregels(cursor: psycopg.ServerCursor[Any], batch: int) -> Iterator[Eventregel]:
    while rijen := cursor.fetchmany(batch):
        for positie, casus, versie, topic, state in rijen:
            inhoud = None if topic is None or state is None else event_inhoud(casus, versie, topic, state)
            yield positie, casus, versie, inhoud
