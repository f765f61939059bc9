"""How events are kept: JSON with their class version, and the upcasts that bring an older version up to date.

The only way events go into and come out of storage: the stores' mapper, the projections and the relays
all use it. An event class that changes its stored form raises `class_version` and gets a static method
`upcast_vN_vM(state: dict) -> None` per step, as the eventsourcing library does; states stored before
carry no `class_version` and are version 1. Classes are found by topic (`module:Qual.Name`) through the
library's topic registry, so a renamed class stays findable with `register_topic`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from eventsourcing.utils import get_topic, resolve_topic

from domain.invoer import UIT_OPSLAG


def klasse_versie(klasse: type) -> int:
    return int(getattr(klasse, "class_version", 1))


@lru_cache(maxsize=512)
def klasse_van(topic: str) -> Any:
    """The event class a stored topic names."""
    return resolve_topic(topic)


_topics: dict[type, str] = {}


def topic_van(klasse: type) -> str:
    """The topic an event class is stored under."""
    return _topics.get(klasse) or _topics.setdefault(klasse, get_topic(klasse))


def naar_json(event: Any) -> bytes:
    """The stored form of an event: its JSON, with its class version when that is above 1."""
    versie = klasse_versie(type(event))
    if versie == 1:
        return bytes(event.model_dump_json().encode())
    state = event.model_dump(mode="json")
    state["class_version"] = versie
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


def upcast(klasse: type, state: dict[str, Any]) -> dict[str, Any]:
    """A stored state brought from the version it was stored in to the class's version (in place)."""
    doel = klasse_versie(klasse)
    versie = int(state.pop("class_version", 1))
    if versie > doel:
        raise ValueError(f"{klasse.__qualname__} v{versie} is newer than this code (v{doel})")
    while versie < doel:
        getattr(klasse, f"upcast_v{versie}_v{versie + 1}")(state)
        versie += 1
    return state


def uit_json(topic: str, state: bytes) -> Any:
    """The event a stored state holds, upcast to today's version; bounds added after it was stored do not
    apply (`UIT_OPSLAG`)."""
    klasse = klasse_van(topic)
    if klasse_versie(klasse) == 1:
        return klasse.model_validate_json(state, context=UIT_OPSLAG)
    return klasse.model_validate(upcast(klasse, json.loads(state)), context=UIT_OPSLAG)
