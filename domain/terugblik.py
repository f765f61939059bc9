"""Looking back: a history as it stood at a moment or a version.

A moment is when events were recorded (their `timestamp`), not their business date `op`: an auditor replays
what the record held then, a step dated back included only once it was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Protocol, TypeVar
from uuid import UUID

MARGE = timedelta(minutes=15)
"""How long after its timestamp an event is appended at most: the timestamp is taken while the command runs, and
the append follows within the command's own time limits (well under a minute), with room for clocks that differ
between nodes."""


class Vastgelegd(Protocol):
    @property
    def originator_version(self) -> int: ...

    @property
    def timestamp(self) -> datetime: ...


E = TypeVar("E", bound=Vastgelegd)


class NogNietVastgelegd(LookupError):
    """The history's first event was recorded after the moment asked."""

    def __init__(self, moment: datetime, eerste: datetime) -> None:
        super().__init__(f"nothing was recorded yet at {moment.isoformat()}; the first event at {eerste.isoformat()}")
        self.moment, self.eerste = moment, eerste


class VersieBuitenHistorie(LookupError):
    """The version asked is below 1 or beyond the history's last."""

    def __init__(self, versie: int, laatste: int) -> None:
        super().__init__(f"there is no version {versie}: the versions are 1 to {laatste}")
        self.versie, self.laatste = versie, laatste


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """The moment with a timezone: one given without is a wall-clock time in `zone`, given its offset there (an
    hour that occurs twice, when summer time ends, is read as its first occurrence)."""
    if moment.tzinfo is not None:
        return moment
    lokaal = moment.replace(tzinfo=zone)
    return lokaal.astimezone(timezone(lokaal.utcoffset() or timedelta(0)))


def dag_van(moment: datetime, zone: tzinfo) -> date:
    """The day in `zone` the moment falls on."""
    return in_zone(moment, zone).astimezone(zone).date()


def einde_van_dag(dag: date, zone: tzinfo) -> datetime:
    """The last moment of `dag` in `zone`."""
    return in_zone(datetime.combine(dag, time.max), zone)


def tot_moment(events: Iterable[E], moment: datetime) -> list[E]:
    """The events recorded at or before `moment`: the history up to the first event recorded after it, so a
    replay is always a whole beginning of the history, never one with a gap. Raises NogNietVastgelegd when even
    the first event came later."""
    gekozen: list[E] = []
    for event in events:
        if event.timestamp > moment:
            if not gekozen:
                raise NogNietVastgelegd(moment, event.timestamp)
            break
        gekozen.append(event)
    return gekozen


def tot_versie(events: Sequence[E], versie: int) -> list[E]:
    """The events up to and including version `versie`; raises VersieBuitenHistorie outside 1 to the last."""
    laatste = events[-1].originator_version if events else 0
    if not 1 <= versie <= laatste:
        raise VersieBuitenHistorie(versie, laatste)
    return [event for event in events if event.originator_version <= versie]


class Tijdgrens:
    """Takes a store's events, read in position order, up to a moment: per aggregate the events recorded up to
    then (as `tot_moment` does for one history), and says when every later event can only be recorded after it.

    Positions are drawn in commit order, and an event is appended within MARGE of its timestamp: once an event
    recorded more than MARGE after the moment is read, every event after it was recorded after the moment."""

    def __init__(self, moment: datetime, marge: timedelta = MARGE) -> None:
        self.moment, self.tot = moment, moment + marge
        self._voorbij: set[UUID] = set()

    def neemt(self, aggregaat: UUID, timestamp: datetime) -> bool:
        """Whether the aggregate's next event belongs to the replay; after its first event past the moment, none
        of its events does."""
        if aggregaat in self._voorbij:
            return False
        if timestamp > self.moment:
            self._voorbij.add(aggregaat)
            return False
        return True

    def uitgelezen(self, timestamp: datetime) -> bool:
        """Whether an event recorded at `timestamp` ends the reading: every event after it came later."""
        return timestamp > self.tot
