"""Reads stored events back into domain events, by their topic, as the stores do."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.eventversies import uit_json
from domain.persoonlijk import Versleuteling


def decodeer(
    topic: str, state: bytes, versleuteling: Versleuteling | None = None, casus_id: UUID | None = None, versie: int = 0
) -> Any:
    """A stored event, upcast to today's version; bounds added after it was stored do not apply. Its personal
    data reads as erased unless the case's key is given (`versleuteling`, with the case and version): the read
    models never hold it."""
    return uit_json(topic, state, versleuteling, casus_id, versie)
