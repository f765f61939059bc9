"""Events are stored with their class version and upcast step by step when read back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.persistence import JSONTranscoder, MapperDeserialisationError, StoredEvent

from domain.casus import Casus
from domain.events import DomainEvent
from domain.eventversies import klasse_van, naar_json, topic_van, uit_json
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst
from services.serialisatie import PydanticMapper


class Verhuisd(DomainEvent):
    """v1 had `plaats`; v2 split it into `gemeente` and `straat`; v3 added `sinds`."""

    class_version = 3
    gemeente: str
    straat: str | None
    sinds: date | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        gemeente, _, straat = state.pop("plaats").partition(", ")
        state["gemeente"], state["straat"] = gemeente, straat or None

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["sinds"] = None


METADATA = {
    "originator_id": str(uuid4()),
    "originator_version": 2,
    "timestamp": datetime(2026, 11, 3, 9, tzinfo=UTC).isoformat(),
    "op": "2026-11-03",
    "herkomst": {"actor": "a", "rol": "triagist"},
}
TOPIC = topic_van(Verhuisd)


def test_een_v1_state_zonder_versie_wordt_stap_voor_stap_bijgewerkt() -> None:
    event = uit_json(TOPIC, json.dumps(METADATA | {"plaats": "Tilburg, Stationsstraat 1"}).encode())
    assert (event.gemeente, event.straat, event.sinds) == ("Tilburg", "Stationsstraat 1", None)


def test_een_v2_state_krijgt_alleen_de_laatste_stap() -> None:
    state = METADATA | {"class_version": 2, "gemeente": "Goirle", "straat": None}
    assert uit_json(TOPIC, json.dumps(state).encode()).gemeente == "Goirle"


def test_het_opgeslagen_event_draagt_zijn_versie_en_komt_gelijk_terug() -> None:
    event = Verhuisd.model_validate(METADATA | {"gemeente": "Dongen", "straat": "Kerkstraat", "sinds": "2026-10-01"})
    opgeslagen = json.loads(naar_json(event))
    assert opgeslagen["class_version"] == 3
    assert uit_json(TOPIC, naar_json(event)) == event


def test_een_versie_nieuwer_dan_de_code_wordt_niet_geraden() -> None:
    state = METADATA | {"class_version": 4, "gemeente": "Tilburg", "straat": None, "sinds": None}
    with pytest.raises(ValueError, match="v4 is newer than this code"):
        uit_json(TOPIC, json.dumps(state).encode())


def test_de_mapper_van_de_stores_gebruikt_dezelfde_weg() -> None:
    mapper = PydanticMapper(transcoder=JSONTranscoder())
    state = json.dumps(METADATA | {"plaats": "Tilburg"}).encode()
    stored = StoredEvent(originator_id=uuid4(), originator_version=2, topic=TOPIC, state=state)
    assert mapper.to_domain_event(stored).gemeente == "Tilburg"
    kapot = StoredEvent(originator_id=uuid4(), originator_version=2, topic=TOPIC, state=b'{"class_version": 9}')
    with pytest.raises(MapperDeserialisationError, match="does not match its class"):
        mapper.to_domain_event(kapot)


def test_versie_1_events_worden_opgeslagen_zoals_altijd() -> None:
    event = Casus.Heropend.model_validate(METADATA | {"heropening": {"reden": "Nieuwe crisis."}})
    assert "class_version" not in json.loads(naar_json(event))
    assert naar_json(event) == event.model_dump_json().encode()


@pytest.mark.parametrize("klasse", [Casus.Aangemeld, Casus.Opgeschaald, Netwerkcasus.KernteamBesluit])
def test_een_topic_wijst_zijn_klasse_aan(klasse: type) -> None:
    assert klasse_van(topic_van(klasse)) is klasse


def test_de_herkomst_blijft_in_het_event() -> None:
    event = uit_json(TOPIC, json.dumps(METADATA | {"plaats": "Tilburg"}).encode())
    assert event.herkomst == Herkomst(actor="a", rol="triagist")
