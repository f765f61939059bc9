"""Every text field of every event has a decision, personal or not; personal data is stored as one ciphertext
bound to its case, version and type, and reads as erased without the key."""

from __future__ import annotations

import inspect
import json
import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin
from uuid import UUID

import pytest
from pydantic import BaseModel

from domain.casus import Casus
from domain.events import DomainEvent
from domain.eventversies import VERSLEUTELD, naar_json, uit_json
from domain.netwerkcasus import Netwerkcasus
from domain.overlegmoment import Overlegmoment
from domain.persoonlijk import GEWIST, beslissingen, binnen, herstel, verberg

FIXTURE = Path(__file__).parents[1] / "fixtures" / "opgeslagen" / "opgeslagen-2026-11.jsonl"
EVENTKLASSEN = [
    klasse
    for aggregaat in (Casus, Overlegmoment, Netwerkcasus)
    for klasse in vars(aggregaat).values()
    if inspect.isclass(klasse) and issubclass(klasse, DomainEvent) and klasse.model_fields.get("originator_id")
]


def tekstpaden(model: type[BaseModel], voor: str = "") -> set[str]:
    """Every text field of a model, dotted, `*` for the items of a list."""
    return {pad for naam, veld in model.model_fields.items() for pad in _paden(veld.annotation, f"{voor}{naam}")}


def _paden(soort: Any, pad: str) -> set[str]:
    herkomst, argumenten = get_origin(soort), get_args(soort)
    if soort is str or soort is Any or type(soort).__name__ == "TypeAliasType":
        return {pad}
    if herkomst is Annotated:
        return _paden(argumenten[0], pad)
    if herkomst in (Union, types.UnionType):
        return {p for argument in argumenten for p in _paden(argument, pad)}
    if herkomst in (tuple, list, dict):
        return _paden(argumenten[1 if herkomst is dict else 0], f"{pad}.*")
    if inspect.isclass(soort) and issubclass(soort, BaseModel):
        return tekstpaden(soort, f"{pad}.")
    return set()  # numbers, dates, booleans, enums (StrEnum values are names, not text)


def _gedekt(pad: str, patroon: str) -> bool:
    """The field at `pad` lies inside the pattern's field."""
    delen, stappen = patroon.split("."), pad.split(".")
    return len(delen) <= len(stappen) and all(d in (s, "*") for d, s in zip(delen, stappen, strict=False))


@pytest.mark.parametrize("klasse", EVENTKLASSEN, ids=lambda k: k.__qualname__)
def test_elk_tekstveld_heeft_een_beslissing(klasse: type[DomainEvent]) -> None:
    besloten = (
        beslissingen(klasse, "persoonlijk")
        + beslissingen(klasse, "niet_persoonlijk")
        + beslissingen(klasse, "persoonlijk_naar_veld")
    )
    zonder = sorted(p for p in tekstpaden(klasse) if not any(_gedekt(p, b) for b in besloten))
    assert zonder == [], f"{klasse.__qualname__}: decide whether these are personal data: {zonder}"
    onbekend = sorted(b for b in besloten if not any(_gedekt(p, b) or _gedekt(b, p) for p in tekstpaden(klasse)))
    assert onbekend == [], f"{klasse.__qualname__} decides on fields it does not have: {onbekend}"


def test_een_nieuw_tekstveld_zonder_beslissing_valt_op() -> None:
    class Nieuw(Casus.Heropend):
        notitie: str = ""

    assert "notitie" in tekstpaden(Nieuw)
    assert not any(_gedekt("notitie", b) for b in beslissingen(Nieuw, "persoonlijk"))


class Sleutels:
    """A stand-in for the case keys: reversible, bound to its context, and erasable."""

    def __init__(self) -> None:
        self.gewist: set[UUID] = set()
        self.contexten: list[bytes] = []

    def versleutel(self, casus_id: UUID, context: bytes, tekst: bytes, *, nieuw: bool = False) -> bytes | None:
        self.contexten.append(context)
        return bytes(b ^ 0x5A for b in tekst) + context

    def ontsleutel(self, casus_id: UUID, context: bytes, geheim: bytes) -> bytes | None:
        if casus_id in self.gewist:
            return None
        assert geheim.endswith(context), "decrypted under another case, version or type"
        return bytes(b ^ 0x5A for b in geheim[: -len(context)])

    def is_gewist(self, casus_id: UUID) -> bool:
        return casus_id in self.gewist


def _opgeslagen() -> list[dict[str, Any]]:
    return [json.loads(regel) for regel in FIXTURE.read_text().splitlines() if regel.strip()]


def _persoonlijke_teksten(event: Any) -> list[str]:
    state = event.model_dump(mode="json")
    genomen = verberg(state, type(event).persoonlijke_paden(state))
    return [t for t in _teksten(genomen) if len(t) > 3 and t not in json.dumps(state)]


def _teksten(waarde: Any) -> list[str]:
    if isinstance(waarde, str):
        return [waarde]
    if isinstance(waarde, dict):
        return [t for v in waarde.values() for t in _teksten(v)]
    if isinstance(waarde, list):
        return [t for v in waarde for t in _teksten(v)]
    return []


@pytest.mark.parametrize("rij", _opgeslagen(), ids=lambda r: f"{r['topic'].split(':')[1]}-v{r['originator_version']}")
def test_opgeslagen_met_sleutel_terug_zonder_sleutel_gewist(rij: dict[str, Any]) -> None:
    sleutels = Sleutels()
    event = uit_json(rij["topic"], rij["state"].encode())
    opgeslagen = naar_json(event, sleutels)
    casus_id, versie = event.originator_id, event.originator_version
    assert uit_json(rij["topic"], opgeslagen, sleutels, casus_id, versie) == event
    zonder = uit_json(rij["topic"], opgeslagen)
    persoonlijk = _persoonlijke_teksten(event)
    if not persoonlijk:
        assert zonder == event
        return
    assert VERSLEUTELD in opgeslagen
    for tekst in persoonlijk:
        assert tekst.encode() not in opgeslagen, tekst
        assert tekst not in zonder.model_dump_json()
    assert GEWIST in zonder.model_dump_json()
    sleutels.gewist.add(casus_id)
    assert uit_json(rij["topic"], opgeslagen, sleutels, casus_id, versie) == zonder
    assert uit_json(rij["topic"], rij["state"].encode(), sleutels, casus_id, versie) == zonder, (
        "a plaintext event of an erased case reads as erased"
    )


def test_de_versleuteling_is_gebonden_aan_casus_versie_en_type() -> None:
    rij = next(r for r in _opgeslagen() if r["topic"].endswith("Casus.Aangemeld"))
    sleutels = Sleutels()
    event = uit_json(rij["topic"], rij["state"].encode())
    naar_json(event, sleutels)
    assert sleutels.contexten == [f"{event.originator_id}/1/domain.casus:Casus.Aangemeld".encode()]
    with pytest.raises(AssertionError, match="another case"):
        uit_json(rij["topic"], naar_json(event, sleutels), sleutels, event.originator_id, 2)


def test_een_correctie_versleutelt_wat_het_gecorrigeerde_veld_is() -> None:
    state = {
        "onderdeel": "advies",
        "reden": "typfout",
        "wijzigingen": [
            {"veld": "casusregisseur", "van": "A", "naar": "B"},
            {"veld": "probleemschets", "van": "oud verhaal", "naar": "nieuw verhaal"},
            {
                "veld": "doelen",
                "van": [{"code": "d1", "omschrijving": "x"}],
                "naar": [{"code": "d1", "omschrijving": "y"}],
            },
            {"veld": "stappen.0.eigenaar", "van": "Piet", "naar": "Klaas"},
        ],
    }
    paden = Casus.Gecorrigeerd.persoonlijke_paden(state)
    origineel = json.loads(json.dumps(state))
    genomen = verberg(state, paden)
    assert state["wijzigingen"][0] == {"veld": "casusregisseur", "van": "A", "naar": "B"}
    assert state["wijzigingen"][1] == {"veld": "probleemschets", "van": GEWIST, "naar": GEWIST}
    assert state["wijzigingen"][2]["naar"] == [{"code": "d1", "omschrijving": GEWIST}]
    assert state["wijzigingen"][3]["naar"] == GEWIST
    assert state["reden"] == GEWIST
    herstel(state, genomen)
    assert state == origineel


def test_binnen() -> None:
    assert binnen("advies.doelen.*.omschrijving", "advies.doelen") == "*.omschrijving"
    assert binnen("advies.stappen.*.eigenaar", "advies.stappen.3.eigenaar") == ""
    assert binnen("persoonsgegevens", "persoonsgegevens.ouders.0.naam") == ""
    assert binnen("advies.probleemschets", "advies.casusregisseur") is None
