"""Reads stored events back into domain events, by their topic, as the stores do."""

from __future__ import annotations

from typing import Any

from domain.eventversies import uit_json


def decodeer(topic: str, state: bytes) -> Any:
    """A stored event, upcast to today's version; bounds added after it was stored do not apply."""
    return uit_json(topic, state)
