"""The stored form of versioned events at its edges: non-ASCII text, compact JSON, version 2, later bounds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import uuid4

from domain.casus import Casus
from domain.events import DomainEvent
from domain.eventversies import klasse_versie, naar_json, topic_van, uit_json
from domain.invoer import TEKENS
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst


class Hernoemd(DomainEvent):
    """v1 called the field `oud`; v2 calls it `naam`, a text checked for forbidden characters."""

    class_version = 2
    naam: Annotated[str, TEKENS]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["naam"] = state.pop("oud")


def hernoemd(naam: str) -> Hernoemd:
    return Hernoemd.model_construct(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=datetime(2026, 11, 3, 9, tzinfo=UTC),
        op=datetime(2026, 11, 3).date(),
        herkomst=Herkomst(actor="a", rol="triagist"),
        naam=naam,
    )


def test_een_klasse_zonder_versie_is_versie_1() -> None:
    assert klasse_versie(object) == 1
    assert (klasse_versie(Casus.Getrieerd), klasse_versie(Hernoemd)) == (1, 2)


def test_elke_klasse_haar_eigen_topic() -> None:
    eerste, tweede = (type(f"Nieuw{uuid4().hex}", (DomainEvent,), {}) for _ in range(2))  # not cached yet
    for _ in range(2):
        assert topic_van(eerste) == f"{eerste.__module__}:{eerste.__qualname__}"
        assert topic_van(tweede) == f"{tweede.__module__}:{tweede.__qualname__}" != topic_van(eerste)
        assert topic_van(Casus.Getrieerd) == "domain.casus:Casus.Getrieerd"
        assert topic_van(Netwerkcasus.Ontvangen) == "domain.netwerkcasus:Netwerkcasus.Ontvangen"


def test_een_versie_2_event_komt_gelijk_terug_in_compacte_utf8_json() -> None:
    event = hernoemd("Zoë Çelik")
    opgeslagen = naar_json(event)
    assert "Zoë Çelik".encode() in opgeslagen
    assert b'"class_version":2' in opgeslagen and b": " not in opgeslagen and b", " not in opgeslagen
    assert uit_json(topic_van(Hernoemd), opgeslagen) == event


def test_een_opgeslagen_versie_2_event_laadt_ondanks_een_latere_grens() -> None:
    opgeslagen = naar_json(hernoemd("bel\x07"))
    assert uit_json(topic_van(Hernoemd), opgeslagen).naam == "bel\x07"
