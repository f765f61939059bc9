"""Reads stored events back into domain events, by their topic."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from domain.invoer import UIT_OPSLAG


@lru_cache(maxsize=256)
def klasse(topic: str) -> Any:
    """The class a topic ('module:Qual.Name') names."""
    module, _, naam = topic.partition(":")
    gevonden: Any = importlib.import_module(module)
    for deel in naam.split("."):
        gevonden = getattr(gevonden, deel)
    return gevonden


def decodeer(topic: str, state: bytes) -> Any:
    """A stored event; bounds added after it was stored do not apply (`UIT_OPSLAG`)."""
    return klasse(topic).model_validate_json(state, context=UIT_OPSLAG)
