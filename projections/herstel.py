"""Recovering from failures: what a follower retries, what it sets aside, and how long it waits."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import eventsourcing.persistence
from pydantic import ValidationError

log = logging.getLogger(__name__)
FOUT_LENGTE = 500
"""Characters of an error's description kept for /health and the dead-letter table."""


def beschrijf(fout: BaseException) -> str:
    """A short description of a failure, without the values that caused it (they may be personal data)."""
    if isinstance(fout, ValidationError):
        eerste = fout.errors(include_input=False, include_url=False)[0]
        plek = ".".join(str(deel) for deel in eerste["loc"])
        tekst = f"{fout.title} does not load: {plek}: {eerste['msg']} ({fout.error_count()} errors)"
    elif isinstance(fout, asyncpg.DataError | asyncpg.IntegrityConstraintViolationError):
        # PostgreSQL quotes the value it refused
        tekst = f"{type(fout).__name__}: the database refused a value (SQLSTATE {fout.sqlstate})"
    else:
        tekst = f"{type(fout).__name__}: {fout}"
    tekst = tekst.replace("\x00", "\\0")
    return tekst if len(tekst) <= FOUT_LENGTE else tekst[: FOUT_LENGTE - 1] + "…"


VERBINDINGSFOUTEN: tuple[type[Exception], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    eventsourcing.persistence.OperationalError,
    eventsourcing.persistence.InterfaceError,
)
"""Failures of a connection or a server (the database gone, restarting, out of connections, a timeout):
passing, whatever the event."""


def voorbijgaand(fout: BaseException) -> bool:
    """Whether a failure is the database's or the network's, not an event's: it is retried, never set aside."""
    return isinstance(fout, VERBINDINGSFOUTEN)


def door_een_event(fout: BaseException) -> bool:
    """Whether a failure while processing a batch can be an event's fault, to be found by taking the batch one
    event at a time: the database refusing the values written (SQLSTATE classes 22 and 23), or this code
    failing on what an event holds (a Python exception). Not: the connection or the server (retried), any
    other refusal of the database (a missing table, a privilege: retried, never blamed on every event in
    turn), nor a duplicate key, which would mean a batch was applied twice (retried, loudly)."""
    if voorbijgaand(fout) or isinstance(fout, asyncpg.UniqueViolationError):
        return False
    if isinstance(fout, asyncpg.PostgresError):
        return isinstance(fout, asyncpg.DataError | asyncpg.IntegrityConstraintViolationError)
    return isinstance(fout, Exception) and not isinstance(fout, asyncpg.InterfaceError)


async def slaap(stop: asyncio.Event, seconden: float) -> None:
    """Sleeps `seconden`, or less when `stop` is set."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconden)


class Onverwerkbaar(Exception):
    """An event a follower can never process: it is set aside with the reason, never retried."""


def _teksten(waarde: Any) -> Iterable[str]:
    if isinstance(waarde, str):
        yield waarde
    elif isinstance(waarde, dict):
        for sleutel, binnen in waarde.items():
            yield from _teksten(sleutel)
            yield from _teksten(binnen)
    elif isinstance(waarde, list | tuple | set | frozenset):
        for binnen in waarde:
            yield from _teksten(binnen)
    elif dataclasses.is_dataclass(waarde) and not isinstance(waarde, type):
        for veld in dataclasses.fields(waarde):
            yield from _teksten(getattr(waarde, veld.name))


def kan_nul_bevatten(state: bytes) -> bool:
    """Whether a stored event's JSON holds a NUL character (which PostgreSQL text and jsonb cannot):
    a cheap test on the raw bytes before the values it produced are checked one by one (most states hold no
    escape at all, and a search for one byte is the cheapest)."""
    return b"\\" in state and b"\\u0000" in state


def controleer_opslagbaar(*waarden: Any) -> None:
    """Raises Onverwerkbaar when a text among `waarden` cannot be stored by PostgreSQL (a NUL character)."""
    for tekst in _teksten(waarden):
        if "\x00" in tekst:
            raise Onverwerkbaar("a text of this event holds a NUL character, which PostgreSQL cannot store")


class Terugval:
    """Waiting times between retries: doubling from `eerste` up to `hoogstens`, each drawn at random
    between half and all of it (so processes that failed together do not retry together)."""

    def __init__(self, eerste: float = 0.1, hoogstens: float = 5.0) -> None:
        self.eerste, self.hoogstens = eerste, hoogstens
        self.pogingen = 0

    def volgende(self) -> float:
        grens = min(self.hoogstens, self.eerste * 2**self.pogingen)
        self.pogingen += 1
        return float(grens * (0.5 + random.random() / 2))  # noqa: S311 - jitter, not a secret

    def herstel(self) -> None:
        self.pogingen = 0


class Herstelstatus:
    """Whether a follower or consumer is recovering from a failure: since when, and the last error."""

    naam: str

    def __init__(self) -> None:
        self.fout: str | None = None
        """The last failure while recovering (None once it works again)."""
        self.herstellend_sinds: float | None = None
        self.terugval = Terugval()

    @property
    def herstellend(self) -> bool:
        return self.herstellend_sinds is not None

    @property
    def sinds(self) -> datetime | None:
        """Since when it recovers, as a time (UTC)."""
        return None if self.herstellend_sinds is None else datetime.fromtimestamp(self.herstellend_sinds, UTC)

    def mislukt(self, fout: BaseException) -> float:
        """Records a failure; returns how long to wait before the next try."""
        self.fout = beschrijf(fout)
        if self.herstellend_sinds is None:
            self.herstellend_sinds = time.time()
            log.warning("%s: %s; retrying", self.naam, self.fout)
        return self.terugval.volgende()

    def gelukt(self) -> None:
        if self.herstellend_sinds is not None:
            log.info("%s works again after %.1f s", self.naam, time.time() - self.herstellend_sinds)
        self.fout, self.herstellend_sinds = None, None
        self.terugval.herstel()
