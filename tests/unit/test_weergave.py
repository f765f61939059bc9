"""Views of stored events for the read models (projections.weergave): the same rows as the whole domain events,
and never a personal field (no I/O)."""

from __future__ import annotations

import functools
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, get_args
from uuid import UUID

import pytest
from pydantic import BaseModel

from adapters.feestdagen import nederlandse_werkkalender
from adapters.regio_catalogus import laad_profielen
from bench.generator import Generator
from domain.casus import Casus
from domain.eventversies import naar_json, topic_van, uit_json
from domain.persoonlijk import beslissingen
from projections import projector as projector_module
from projections import weergave
from projections.projector import Projector
from tests.fixtures.opgeslagen.verwachting import opgeslagen

FIXTURE = Path(__file__).parents[1] / "fixtures" / "opgeslagen" / "opgeslagen-2026-11.jsonl"


class Sleutels:
    """Encrypts as a store with a key ring does (a ciphertext in the stored state); decrypts nothing."""

    def versleutel(self, casus_id: UUID, context: bytes, tekst: bytes, *, nieuw: bool = False) -> bytes | None:
        return os.urandom(len(tekst) + 28)

    def ontsleutel(self, casus_id: UUID, context: bytes, geheim: bytes) -> bytes | None:
        return None

    def is_gewist(self, casus_id: UUID) -> bool:
        return False


def _projector(regio: str) -> Projector:
    profielen = laad_profielen(None)
    return Projector(None, "weergave", regio, profielen[regio].normen, nederlandse_werkkalender())  # type: ignore[arg-type]


def _opslag(events: list[Any], versleuteling: Any = None) -> list[dict[str, Any]]:
    return [
        {
            "notification_id": positie,
            "originator_id": event.originator_id,
            "originator_version": event.originator_version,
            "topic": topic_van(type(event)),
            "state": naar_json(event, versleuteling),
        }
        for positie, event in enumerate(events, start=1)
    ]


def _beide(projector: Projector, opslag: list[dict[str, Any]]) -> tuple[Any, Any]:
    """The rows from the views and from the whole domain events (personal data read as erased, as the
    projection reads them), each applied to cases of its own."""
    heel = [uit_json(rij["topic"], rij["state"]) for rij in opslag]
    van_weergave = projector.pas_toe(opslag, {})
    van_heel = projector.pas_toe(opslag, {}, heel)
    return van_weergave, van_heel


def _streng(waarde: Any) -> Any:
    """A value with the type of everything in it, so that an enum and its string, or a tuple and a list, differ."""
    if isinstance(waarde, dict):
        return ("dict", sorted((_streng(k), _streng(v)) for k, v in waarde.items()))
    if isinstance(waarde, list | tuple):
        return (type(waarde).__name__, [_streng(deel) for deel in waarde])
    return (type(waarde).__name__, waarde)


def _gelijk(van_weergave: Any, van_heel: Any, projector: Projector) -> None:
    assert van_weergave.opzij == van_heel.opzij == []
    for rijen in ("tijdlijn", "knelpunten", "leerpunten"):
        assert _streng(getattr(van_weergave, rijen)) == _streng(getattr(van_heel, rijen)), rijen
    casussen = projector.rijen(van_weergave.gewijzigd.values()), projector.rijen(van_heel.gewijzigd.values())
    assert _streng(casussen[0]) == _streng(casussen[1])
    assert van_weergave.agenda == van_heel.agenda


@pytest.mark.parametrize("versleuteling", [None, Sleutels()], ids=["leesbaar", "versleuteld"])
def test_de_weergaven_geven_dezelfde_rijen_als_de_hele_events_van_de_generator(versleuteling: Any) -> None:
    profielen = laad_profielen(None)
    regio = "hart-van-brabant"
    events = list(Generator(profielen, seed=13).cohort(regio, 400))
    opslag = _opslag(events, versleuteling)
    projector = _projector(regio)

    van_weergave, van_heel = _beide(projector, opslag)

    _gelijk(van_weergave, van_heel, projector)
    soorten = Counter(type(event) for event in events)
    assert set(weergave.GELEZEN) <= set(soorten), "the generator makes every event with a view"
    gelezen = Counter(type(event).__name__ for event in (weergave.lees(r["topic"], r["state"]) for r in opslag))
    assert gelezen == Counter(klasse.__name__ for klasse in soorten.elements())
    assert van_weergave.knelpunten and van_weergave.leerpunten, "the histories hold bottlenecks and lessons"


def test_de_weergaven_geven_dezelfde_rijen_voor_events_van_de_vorige_versie() -> None:
    opslag = [
        {
            "notification_id": positie,
            "originator_id": stored.originator_id,
            "originator_version": stored.originator_version,
            "topic": stored.topic,
            "state": stored.state,
        }
        for positie, (aggregaat, stored) in enumerate(opgeslagen(FIXTURE), start=1)
        if aggregaat == "casus"
    ]
    projector = _projector("hart-van-brabant")

    van_weergave, van_heel = _beide(projector, opslag)

    _gelijk(van_weergave, van_heel, projector)
    met_weergave = [r for r in opslag if weergave.weergave(weergave.klasse_van(r["topic"])) is not None]
    assert {weergave.klasse_van(r["topic"]) for r in met_weergave} == set(weergave.GELEZEN)


def _typen(annotatie: Any) -> list[Any]:
    return [annotatie, *(t for deel in get_args(annotatie) for t in _typen(deel))]


def _paden(model: Any, voor: str = "") -> list[str]:
    """The dotted paths of a view's fields, through the parts it reduced (models made by the view's module)."""
    uit = []
    for naam, info in model.model_fields.items():
        delen = [
            t
            for t in _typen(info.annotation)
            if isinstance(t, type) and issubclass(t, BaseModel) and t.__module__ == weergave.__name__
        ]
        uit += _paden(delen[0], f"{voor}{naam}.") if delen else [f"{voor}{naam}"]
    return uit


@pytest.mark.parametrize("klasse", list(weergave.GELEZEN), ids=lambda k: k.__name__)
def test_een_weergave_houdt_geen_persoonsgegevens(klasse: type) -> None:
    gemaakt = weergave.weergave(klasse)
    assert gemaakt is not None and gemaakt.__name__ == klasse.__name__ and gemaakt.domeinklasse is klasse
    paden = _paden(gemaakt)
    assert "herkomst.actor" in paden and "herkomst.idempotency_key" not in paden

    persoonlijk = [p.replace(".*", "") for p in beslissingen(klasse, "persoonlijk")]
    assert persoonlijk
    for pad in paden:
        for geheim in persoonlijk:
            kort, lang = sorted((pad.split("."), geheim.split(".")), key=len)
            assert lang[: len(kort)] != kort, f"{pad} reaches the personal {geheim}"


def test_een_oudere_versie_wordt_eerst_bijgewerkt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class whose stored form changed: its view reads a state of the older version through the class's
    upcast, as the domain event does."""

    class Getrieerd(Casus.Getrieerd):
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["triage"]["uitkomst"] = state["triage"].pop("oude_uitkomst")

    monkeypatch.setitem(weergave.GELEZEN, Getrieerd, weergave.GELEZEN[Casus.Getrieerd])
    monkeypatch.setattr(weergave, "klasse_van", lambda topic: Getrieerd)
    monkeypatch.setattr(weergave, "_LEZERS", {})
    monkeypatch.setattr(weergave, "weergave", functools.lru_cache(maxsize=4)(weergave.weergave.__wrapped__))
    oud = (
        b'{"originator_id":"82459c5f-043c-5624-b251-595f0bfbae5a","originator_version":2,'
        b'"timestamp":"2026-11-29T02:14:23.944986Z","op":"2026-03-03","herkomst":{"actor":"t","rol":"triagist"},'
        b'"triage":{"oude_uitkomst":"bespreken","meerdere_leefgebieden_verergeren":true,'
        b'"handelingsverlegenheid":true,"samenwerking_vastgelopen":false,"toelichting":"[gewist]"}}'
    )

    gelezen = weergave.lees("tests:Getrieerd", oud)

    assert gelezen.triage.uitkomst == "bespreken" and gelezen.triage.knelpunten == ()
    assert weergave.domeinklasse(type(gelezen)) is Getrieerd


def test_een_klasse_zonder_weergave_wordt_heel_gelezen() -> None:
    zonder = [
        stored
        for aggregaat, stored in opgeslagen(FIXTURE)
        if aggregaat == "casus" and weergave.weergave(weergave.klasse_van(stored.topic)) is None
    ]
    assert {weergave.klasse_van(s.topic) for s in zonder} >= {Casus.NetwerkBesluitOntvangen, Casus.NetwerkAfgesloten}
    for stored in zonder:
        gelezen = weergave.lees(stored.topic, stored.state)
        assert type(gelezen) is weergave.klasse_van(stored.topic)
        assert gelezen == uit_json(stored.topic, stored.state)


def test_een_pad_dat_niet_bestaat_wordt_geweigerd(monkeypatch: pytest.MonkeyPatch) -> None:
    class Afgesloten(Casus.Afgesloten):
        pass

    monkeypatch.setitem(weergave.GELEZEN, Afgesloten, ("afsluiting.bestaat_niet",))
    with pytest.raises(TypeError, match="bestaat_niet"):
        weergave.weergave(Afgesloten)
    monkeypatch.setitem(weergave.GELEZEN, Afgesloten, ("afsluiting.reden.dieper",))
    with pytest.raises(TypeError, match="cannot follow"):
        weergave.weergave(Afgesloten)


def _historie() -> list[Any]:
    """One case's events, with every class that has a view."""
    per_casus: dict[UUID, list[Any]] = {}
    for event in Generator(laad_profielen(None), seed=13).cohort("hart-van-brabant", 400):
        per_casus.setdefault(event.originator_id, []).append(event)
    return next(h for h in per_casus.values() if {type(e) for e in h} >= set(weergave.GELEZEN))


def _gewijzigd(soort: type, pad: str, waarde: Any) -> list[dict[str, Any]]:
    """The history stored, with the state of its `soort` event changed at `pad` (`WEG`: left out; a function:
    what it makes of the value there)."""
    opslag = _opslag(_historie())
    for rij in opslag:
        if weergave.klasse_van(rij["topic"]) is soort:
            state = json.loads(rij["state"])
            *weg, laatste = pad.split(".")
            plek = state
            for deel in weg:
                plek = plek[int(deel)] if isinstance(plek, list) else plek[deel]
            if waarde is WEG:
                del plek[laatste]
            else:
                plek[laatste] = waarde(plek[laatste]) if callable(waarde) else waarde
            rij["state"] = json.dumps(state).encode()
    return opslag


WEG = object()
GELEZEN_EN_ONGELDIG = {
    "waardering-11": (Casus.Afgesloten, "afsluiting.waardering_effect", 11),
    "lessen-leeg": (Casus.Afgesloten, "afsluiting.lessen", ""),
    "leefgebieden-leeg": (Casus.Aangemeld, "aanmelding.leefgebieden", []),
    "gemeente-leeg": (Casus.Aangemeld, "aanmelding.woonplaatsgemeente", "  "),
    "actor-leeg": (Casus.Getrieerd, "herkomst.actor", ""),
    "doelcode-ongeldig": (Casus.AdviesUitgebracht, "advies.doelen.0.code", "niet geldig!"),
    "scores-leeg": (Casus.EvaluatieVastgelegd, "evaluatie.scores", {}),
    "uitkomst-onbekend": (Casus.Getrieerd, "triage.uitkomst", "misschien"),
    "datum-ontbreekt": (Casus.OverlegGepland, "overleg.datum", WEG),
    "nieuwere-versie": (Casus.Aangemeld, "class_version", 2),
    "versie-geen-geheel-getal": (Casus.Getrieerd, "class_version", 1.0),
    "versie-waarheidswaarde": (Casus.Getrieerd, "class_version", True),
    "dubbele-doelcode": (Casus.AdviesUitgebracht, "advies.doelen", lambda doelen: doelen + doelen[:1]),
}


@pytest.mark.parametrize("soort,pad,waarde", GELEZEN_EN_ONGELDIG.values(), ids=GELEZEN_EN_ONGELDIG)
def test_wat_de_weergave_leest_en_het_domein_weigert_wordt_opzij_gezet(
    soort: type, pad: str, waarde: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opslag = _gewijzigd(soort, pad, waarde)
    ongeldig = next(r for r in opslag if weergave.klasse_van(r["topic"]) is soort)
    with pytest.raises(ValueError):
        uit_json(ongeldig["topic"], ongeldig["state"])

    met_weergave = _projector("hart-van-brabant").pas_toe(opslag, {})
    monkeypatch.setattr(projector_module, "lees", uit_json)
    heel = _projector("hart-van-brabant").pas_toe(opslag, {})

    assert met_weergave.opzij[0][0] == ongeldig["notification_id"]
    assert [regel[0] for regel in met_weergave.opzij] == [regel[0] for regel in heel.opzij]
    assert _streng(met_weergave.tijdlijn) == _streng(heel.tijdlijn)


def test_witruimte_wordt_weggeknipt_zoals_in_het_domein() -> None:
    opslag = _gewijzigd(Casus.Aangemeld, "aanmelding.woonplaatsgemeente", "  Tilburg ")
    for rij in opslag:
        rij["state"] = rij["state"].replace(b'"actor": "aanmelder-', b'"actor": "  aanmelder-')
    projector = _projector("hart-van-brabant")

    van_weergave, van_heel = _beide(projector, opslag)

    _gelijk(van_weergave, van_heel, projector)
    assert van_weergave.tijdlijn[0][6].startswith("aanmelder-") and van_weergave.tijdlijn[0][8]["gemeente"] == "Tilburg"


def test_wat_de_weergave_niet_leest_wordt_niet_opnieuw_gecontroleerd() -> None:
    """The domain checked every field when the event was stored; a view checks only the fields it reads."""
    opslag = _gewijzigd(Casus.Getrieerd, "triage.toelichting", WEG)
    getrieerd = next(r for r in opslag if weergave.klasse_van(r["topic"]) is Casus.Getrieerd)
    with pytest.raises(ValueError):
        uit_json(getrieerd["topic"], getrieerd["state"])

    toegepast = _projector("hart-van-brabant").pas_toe(opslag, {})

    assert toegepast.opzij == []
    assert "Getrieerd" in [regel[3] for regel in toegepast.tijdlijn]


LATERE_GRENZEN = {
    "stuurteken-in-actor": (Casus.Getrieerd, "herkomst.actor", "triagist\x01"),
    "doelcode-met-spatie-in-scores": (
        Casus.EvaluatieVastgelegd,
        "evaluatie.scores",
        lambda scores: {f"{code} oud": score for code, score in scores.items()},
    ),
}


@pytest.mark.parametrize("soort,pad,waarde", LATERE_GRENZEN.values(), ids=LATERE_GRENZEN)
def test_een_latere_grens_geldt_niet_voor_wat_al_opgeslagen_was(soort: type, pad: str, waarde: Any) -> None:
    """Bounds a later release added on input (`domain.invoer`: control characters, the goal codes' pattern) do not
    apply to what was stored before them: a view reads it, as the whole event does."""
    opslag = _gewijzigd(soort, pad, waarde)
    projector = _projector("hart-van-brabant")

    van_weergave, van_heel = _beide(projector, opslag)

    _gelijk(van_weergave, van_heel, projector)
    assert soort.__name__ in [regel[3] for regel in van_weergave.tijdlijn]


NIET_HERHAALD = {"Triage._teruglegging_met_reden", "Opschaling._intake_bij_bovenregionaal"}
"""The domain's checks across a field no view reads (the decision in `projections.weergave`)."""


def _controles(model: Any) -> set[str]:
    """The model validators of a view and of the parts it holds, as Class.name."""
    gevonden = {f"{model.__name__}.{naam}" for naam in model.__pydantic_decorators__.model_validators}
    for info in model.model_fields.values():
        for deel in _typen(info.annotation):
            if isinstance(deel, type) and issubclass(deel, BaseModel):
                gevonden |= _controles(deel)
    return gevonden


def test_elke_controle_van_het_domein_op_wat_een_weergave_leest_gaat_mee() -> None:
    in_weergaven = set().union(*(_controles(weergave.weergave(klasse)) for klasse in weergave.GELEZEN))
    in_domein = set().union(*(_controles(klasse) for klasse in weergave.GELEZEN))

    assert "Advies._doelcodes_uniek" in in_weergaven and "Ervaringsdeskundige._gewenst_na_aanbod" in in_weergaven
    assert in_domein - in_weergaven == NIET_HERHAALD


def test_de_upcasts_zien_de_versleutelde_persoonsgegevens_niet(monkeypatch: pytest.MonkeyPatch) -> None:
    gezien: list[dict[str, Any]] = []

    class Getrieerd(Casus.Getrieerd):
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            gezien.append(dict(state))

    rij = next(r for r in _opslag(_historie(), Sleutels()) if r["topic"].endswith("Casus.Getrieerd"))
    assert weergave.PERSOONLIJK.encode() in rij["state"]
    monkeypatch.setitem(weergave.GELEZEN, Getrieerd, weergave.GELEZEN[Casus.Getrieerd])
    monkeypatch.setattr(weergave, "klasse_van", lambda topic: Getrieerd)
    monkeypatch.setattr(weergave, "_LEZERS", {})
    monkeypatch.setattr(weergave, "weergave", functools.lru_cache(maxsize=4)(weergave.weergave.__wrapped__))

    gelezen = weergave.lees(rij["topic"], rij["state"])

    assert gelezen.triage.uitkomst and len(gezien) == 1
    assert weergave.PERSOONLIJK not in gezien[0] and "triage" in gezien[0]


def test_de_terugblik_neemt_dezelfde_events_als_met_hele_events(monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.terugblik import Tijdgrens
    from projections import terugblik

    opslag = _opslag(_historie())
    tijden = sorted(uit_json(r["topic"], r["state"]).timestamp for r in opslag)
    grens = Tijdgrens(tijden[len(tijden) // 2])

    genomen, events, klaar = terugblik._tot_de_grens(grens, opslag)
    monkeypatch.setattr(terugblik, "lees", uit_json)
    heel_genomen, heel, heel_klaar = terugblik._tot_de_grens(Tijdgrens(tijden[len(tijden) // 2]), opslag)

    assert 0 < len(genomen) < len(opslag) and klaar == heel_klaar
    assert [r["notification_id"] for r in genomen] == [r["notification_id"] for r in heel_genomen]
    assert [(e.originator_id, e.timestamp) for e in events] == [(e.originator_id, e.timestamp) for e in heel]
