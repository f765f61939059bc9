"""Stores pydantic domain events in the form `domain.eventversies` gives them, and reads them back."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent, Transcoder
from pydantic import ValidationError

from domain.eventversies import naar_json, topic_van, uit_json
from domain.persoonlijk import Versleuteling


class PydanticMapper(Mapper[Any]):
    """Each event's JSON is its pydantic model's JSON, with its class version: readable in the database,
    upcast and validated on load (without the bounds added after it may have been stored).

    The library's mapper encrypts a whole state with one key (its `cipher`); here `versleuteling` encrypts the
    personal data of each event with its case's key (`domain.persoonlijk`), so the facts stay readable."""

    def __init__(self, transcoder: Transcoder, versleuteling: Versleuteling | None = None) -> None:
        super().__init__(transcoder)
        self.versleuteling = versleuteling

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic_van(type(domain_event)),
            state=naar_json(domain_event, self.versleuteling),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            return uit_json(
                stored_event.topic,
                stored_event.state,
                self.versleuteling,
                UUID(str(stored_event.originator_id)),
                stored_event.originator_version,
            )
        except (ValidationError, ValueError, AttributeError) as e:
            msg = (
                f"Stored event {stored_event.topic} of {stored_event.originator_id} "
                f"v{stored_event.originator_version} does not match its class: {e}"
            )
            raise MapperDeserialisationError(msg) from e
