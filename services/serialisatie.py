"""Stores pydantic domain events as their JSON, and reads them back."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import ValidationError

from domain.invoer import UIT_OPSLAG


class PydanticMapper(Mapper[Any]):
    """Each event's JSON is its pydantic model's JSON: readable in the database, validated on load (without
    the bounds added after it may have been stored: `UIT_OPSLAG`)."""

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=domain_event.model_dump_json().encode(),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        try:
            return cls.model_validate_json(stored_event.state, context=UIT_OPSLAG)
        except ValidationError as e:
            msg = (
                f"Stored event {stored_event.topic} of {stored_event.originator_id} "
                f"v{stored_event.originator_version} does not match its class: {e}"
            )
            raise MapperDeserialisationError(msg) from e
