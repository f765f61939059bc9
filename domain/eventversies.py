"""How events are kept: JSON with their class version, and the upcasts that bring an older version up to date.

The only way events go into and come out of storage: the stores' mapper, the projections and the relays
all use it. An event class that changes its stored form raises `class_version` and gets a static method
`upcast_vN_vM(state: dict) -> None` per step, as the eventsourcing library does; states stored before
carry no `class_version` and are version 1. Classes are found by topic (`module:Qual.Name`) through the
library's topic registry, so a renamed class stays findable with `register_topic`.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic, resolve_topic
from pydantic import TypeAdapter

from domain.invoer import UIT_OPSLAG
from domain.persoonlijk import Versleuteling, beslissingen, herstel, verberg

VERSLEUTELD = b',"_persoonlijk":"'
"""Where an event's personal data begins in its stored form: one base64 ciphertext, the state's last member."""
_JSON: TypeAdapter[Any] = TypeAdapter(Any)
"""JSON of plain values, written and read by pydantic's own (compiled) serialiser."""


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


def context(casus_id: UUID, versie: int, topic: str) -> bytes:
    """What a ciphertext is bound to (AES-GCM's associated data): its case, version and event type."""
    return f"{casus_id}/{versie}/{topic}".encode()


def naar_json(event: Any, versleuteling: Versleuteling | None = None) -> bytes:
    """The stored form of an event: its JSON, with its class version when that is above 1. With a
    `versleuteling`, the event's personal data (`domain.persoonlijk`) is one ciphertext of its case's key, and
    the readable JSON holds placeholders in its place."""
    klasse: Any = type(event)
    versie = klasse_versie(klasse)
    versleutel = versleuteling is not None and bool(beslissingen(klasse, "persoonlijk"))
    if versie == 1 and not versleutel:
        return bytes(event.model_dump_json().encode())
    state = event.model_dump(mode="json")
    genomen = verberg(state, klasse.persoonlijke_paden(state)) if versleutel else {}
    if versie > 1:
        state["class_version"] = versie
    tekst = _JSON.dump_json(state)
    if not genomen or versleuteling is None:
        return tekst
    geheim = versleuteling.versleutel(
        event.originator_id,
        context(event.originator_id, event.originator_version, topic_van(klasse)),
        _JSON.dump_json(genomen),
        nieuw=event.originator_version == 1,
    )
    if geheim is None:  # the case's personal data was erased: what would be added is erased at once
        return tekst
    return tekst[:-1] + VERSLEUTELD + b64encode(geheim) + b'"}'


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


def uit_json(
    topic: str,
    state: bytes,
    versleuteling: Versleuteling | None = None,
    casus_id: UUID | None = None,
    versie: int = 0,
) -> Any:
    """The event a stored state holds, upcast to today's version; bounds added after it was stored do not
    apply (`UIT_OPSLAG`).

    Its personal data is decrypted with `versleuteling` and the case's key; without them, or once the key was
    destroyed, it reads as erased (`domain.persoonlijk.GEWIST`). An event stored in plaintext before its case
    had a key reads as erased too once the key was destroyed (its bytes stay as they were stored)."""
    klasse = klasse_van(topic)
    state = bytes(state)
    plek = state.rfind(VERSLEUTELD)
    if plek == -1:
        if (
            versleuteling is not None
            and casus_id is not None
            and beslissingen(klasse, "persoonlijk")
            and versleuteling.is_gewist(casus_id)
        ):
            geladen = _JSON.validate_json(state)
            verberg(geladen, klasse.persoonlijke_paden(geladen))
            return _valideer(klasse, geladen)
        return _valideer_json(klasse, state)
    leesbaar = state[:plek] + b"}"
    tekst = None
    if versleuteling is not None and casus_id is not None:
        geheim = b64decode(state[plek + len(VERSLEUTELD) : -2])
        tekst = versleuteling.ontsleutel(casus_id, context(casus_id, versie, topic), geheim)
    if tekst is None:
        return _valideer_json(klasse, leesbaar)
    geladen = _JSON.validate_json(leesbaar)
    herstel(geladen, _JSON.validate_json(tekst))
    return _valideer_json(klasse, _JSON.dump_json(geladen))  # pydantic validates JSON faster than a dict


def _valideer_json(klasse: Any, state: bytes) -> Any:
    if klasse_versie(klasse) == 1:
        return klasse.model_validate_json(state, context=UIT_OPSLAG)
    return _valideer(klasse, json.loads(state))


def _valideer(klasse: Any, state: dict[str, Any]) -> Any:
    return klasse.model_validate(upcast(klasse, state), context=UIT_OPSLAG)
