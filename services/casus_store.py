"""One region's event store of cases: an eventsourcing application on its own table."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import Mapper, Notification, Transcoder

from domain.casus import Casus
from domain.events import EventSourcedAggregate
from services.serialisatie import PydanticMapper
from services.versleuteling import Sleutelring


class CasusStore(Application[UUID]):
    """Appends to and reads from one region's case history."""

    name = "casussen"

    def __init__(self, env: dict[str, str] | None = None, sleutelring: Sleutelring | None = None) -> None:
        self.sleutelring = sleutelring
        """The case keys its events' personal data is encrypted with; none: stored in plaintext."""
        super().__init__(env)
        self.lezer: Repository[UUID] = Repository(self.events)
        self.na_bewaren: list[Callable[[Sequence[Notification]], None]] = []
        """Called with what each append stored (in the appending thread), in order."""

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.construct_transcoder(), versleuteling=self.sleutelring)

    def construct_transcoder(self) -> Transcoder:
        return _UnusedTranscoder()

    def casus(self, casus_id: UUID, versie: int | None = None) -> Casus | None:
        """The case as stored (at `versie`, or now), read from the database."""
        casus: Casus | None = self.lees(casus_id, versie)
        return casus

    def lees(self, casus_id: UUID, versie: int | None = None) -> Any:
        """The aggregate as stored (at `versie`, or now), read from the database; None when unknown."""
        try:
            return self.lezer.get(casus_id, version=versie, projector_func=projecteer)
        except AggregateNotFoundError:
            return None

    def casus_voor_commando(self, casus_id: UUID) -> Casus | None:
        """The case to run a command on: a private copy, from memory when it is there."""
        try:
            casus: Casus = self.repository.get(casus_id, projector_func=projecteer)
        except AggregateNotFoundError:
            return None
        return casus

    def bewaar(self, casus: EventSourcedAggregate, *meer: EventSourcedAggregate) -> int | None:
        """Appends the case's new events, and before them those of `meer` (e.g. the meeting it is planned on),
        in one transaction; returns the position of the last one, the case's (as a replay answers it).

        When the append fails (a concurrent change to any of them, the database away), they are
        forgotten from memory, so the next command starts from what is stored.
        """
        aggregaten = (*meer, casus)
        try:
            recordings = self.events.put([e for aggregaat in aggregaten for e in aggregaat.collect_events()])
        except BaseException:
            for aggregaat in aggregaten:
                self.vergeet(aggregaat.id)
            raise
        if self.repository.cache is not None:
            for aggregaat in aggregaten:
                self.repository.cache.put(aggregaat.id, aggregaat)
        if not recordings:
            return None
        notificaties = [r.notification for r in recordings]
        for luisteraar in self.na_bewaren:
            luisteraar(notificaties)
        return notificaties[-1].id

    def positie_van(self, casus_id: UUID, versie: int) -> int | None:
        """The store position of the case's event at `versie` (None where the recorder cannot tell)."""
        zoek = getattr(self.recorder, "positie_van", None)
        return None if zoek is None else zoek(casus_id, versie)

    def vernietig_sleutel(self, casus_id: UUID, reden: str) -> None:
        """Destroys the case's key (its personal data can no longer be read by anyone) and forgets the case."""
        if self.sleutelring is not None:
            self.sleutelring.vernietig(casus_id, reden)
        self.vergeet(casus_id)

    def vergeet(self, casus_id: UUID) -> None:
        """Forgets the case (and its key) from memory: the next command or read starts from the database."""
        if self.sleutelring is not None:
            self.sleutelring.vergeet(casus_id)
        cache = self.repository.cache
        if cache is not None:
            with contextlib.suppress(KeyError):
                cache.get(casus_id, evict=True)

    def historie(self, casus_id: UUID) -> list[Any]:
        """The case's stored events in order, as domain events."""
        return list(self.events.get(casus_id))


def projecteer(aggregaat: Any, events: Iterable[Any]) -> Any:
    """The aggregate after `events`, each applied by its `mutate`: the library's projector without its check of
    every event against a runtime protocol, a slow `isinstance`; every domain event here has `mutate`."""
    for event in events:
        aggregaat = event.mutate(aggregaat)
    return aggregaat


class _UnusedTranscoder(Transcoder):
    """Events are serialised by the pydantic mapper; nothing goes through a transcoder."""

    def register(self, transcoding: Any) -> None:
        raise NotImplementedError

    def encode(self, obj: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError
