"""One region's event store of cases: an eventsourcing application on its own table."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import Mapper, Transcoder

from domain.casus import Casus
from services.serialisatie import PydanticMapper


class CasusStore(Application[UUID]):
    """Appends to and reads from one region's case history."""

    name = "casussen"

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.construct_transcoder())

    def construct_transcoder(self) -> Transcoder:
        return _UnusedTranscoder()

    def casus(self, casus_id: UUID, versie: int | None = None) -> Casus | None:
        try:
            casus: Casus = self.repository.get(casus_id, version=versie)
        except AggregateNotFoundError:
            return None
        return casus

    def historie(self, casus_id: UUID) -> list[Any]:
        """The case's stored events in order, as domain events."""
        return list(self.repository.event_store.get(casus_id))


class _UnusedTranscoder(Transcoder):
    """Events are serialised by the pydantic mapper; nothing goes through a transcoder."""

    def register(self, transcoding: Any) -> None:
        raise NotImplementedError

    def encode(self, obj: Any) -> bytes:
        raise NotImplementedError

    def decode(self, data: bytes) -> Any:
        raise NotImplementedError
