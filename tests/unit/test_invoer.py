"""Bounds on what a client sends (characters, list lengths, duplicates, dates), and events stored before
those bounds that must keep loading."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder, StoredEvent
from pydantic import BaseModel, ValidationError

from adapters.http import voorbeelden
from domain.casus import Casus
from domain.invoer import UIT_OPSLAG, verboden_teken
from domain.netwerk import Actie
from domain.overlegmoment import NieuwOverleg
from domain.terugkoppeling import Terugkoppeling
from domain.waarden import (
    Aanmelding,
    Advies,
    Afsluitformulier,
    Evaluatie,
    Herkomst,
    Intakevragen,
    Opschaling,
    Overleg,
    Persoonsgegevens,
    Triage,
)
from projections.decoder import decodeer
from services.serialisatie import PydanticMapper

VERBODEN = ["geen\x00regie", "bel\x07", "esc\x1b[0m", "a\x0bb", "non\ufffe", "non\ufdd0", "astraal\U0001fffe"]


def fout_op(model: type[BaseModel], data: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as fout:
        model.model_validate(data)
    eerste = fout.value.errors()[0]
    return ".".join(map(str, eerste["loc"])), eerste["msg"]


@pytest.mark.parametrize("tekst", VERBODEN)
def test_een_knelpunt_met_een_verboden_teken_wordt_geweigerd(tekst: str) -> None:
    triage = {**voorbeelden.TRIAGE, "knelpunten": [{"categorie": "samenwerking", "omschrijving": tekst}]}
    veld, melding = fout_op(Triage, triage)
    assert veld == "knelpunten.0.omschrijving" and "not allowed" in melding


@pytest.mark.parametrize(
    ("model", "voorbeeld", "pad"),
    [
        (Aanmelding, voorbeelden.AANMELDING["aanmelding"], ("aanmelder", "naam")),
        (Aanmelding, voorbeelden.AANMELDING["aanmelding"], ("woonplaatsgemeente",)),
        (Persoonsgegevens, voorbeelden.AANMELDING["persoonsgegevens"], ("jeugdige", "naam")),
        (Persoonsgegevens, voorbeelden.AANMELDING["persoonsgegevens"], ("gezinssituatie",)),
        (Triage, voorbeelden.TRIAGE, ("uit_te_nodigen_expertise", 0)),
        (Overleg, voorbeelden.OVERLEG, ("genodigden", 0)),
        (Advies, voorbeelden.ADVIES, ("stappen", 0, "eigenaar")),
        (Opschaling, voorbeelden.OPSCHALING, ("intakevragen", "nu_nodig")),
        (Actie, voorbeelden.ACTIE, ("contactpersoon",)),
    ],
)
def test_elk_tekstveld_weigert_een_nul(model: type[BaseModel], voorbeeld: dict[str, Any], pad: tuple[Any, ...]) -> None:
    data = copy.deepcopy(voorbeeld)
    doel = data
    for deel in pad[:-1]:
        doel = doel[deel]
    doel[pad[-1]] = "a\x00b"
    veld, _ = fout_op(model, data)
    assert veld == ".".join(map(str, pad))


@pytest.mark.parametrize(
    ("model", "voorbeeld", "veld"),
    [
        (Aanmelding, voorbeelden.AANMELDING["aanmelding"], "leeftijd"),
        (Afsluitformulier, voorbeelden.AFSLUITING, "waardering_samenwerking"),
        (Afsluitformulier, voorbeelden.AFSLUITING, "waardering_effect"),
        (Terugkoppeling, voorbeelden.TERUGKOPPELING, "bruikbaarheid"),
        (NieuwOverleg, voorbeelden.NIEUW_OVERLEG, "duur_minuten"),
    ],
)
def test_een_getal_is_geen_waar_of_onwaar(model: type[BaseModel], voorbeeld: dict[str, Any], veld: str) -> None:
    """pydantic takes `true` as 1; a client that sends it meant something else."""
    waarde = {"duur_minuten": 60}.get(veld, 1)
    gevonden, melding = fout_op(model, {**voorbeeld, veld: True})
    assert gevonden == veld and "not true or false" in melding
    assert getattr(model.model_validate({**voorbeeld, veld: str(waarde)}), veld) == waarde  # a form's text


def test_een_getal_uit_de_opslag_wordt_niet_opnieuw_gekeurd() -> None:
    opgeslagen = {**voorbeelden.AANMELDING["aanmelding"], "leeftijd": True}
    assert Aanmelding.model_validate(opgeslagen, context=UIT_OPSLAG).leeftijd == 1


def test_een_sleutel_van_een_dict_weigert_een_verboden_teken() -> None:
    veld, melding = fout_op(Evaluatie, {**voorbeelden.EVALUATIE, "scores": {"D1\x00": "behaald"}})
    assert veld.startswith("scores") and "does not match" in melding


def test_tab_regeleinde_en_gewone_tekens_mogen() -> None:
    tekst = "Eerste regel\r\nTweede\tregel: café, € 10, 👍"
    assert verboden_teken(tekst) is None
    triage = Triage.model_validate({**voorbeelden.TRIAGE, "toelichting": tekst})
    assert triage.toelichting == tekst


def test_leefgebieden_elk_hoogstens_een_keer() -> None:
    aanmelding = {**voorbeelden.AANMELDING["aanmelding"], "leefgebieden": ["gezin", "wonen", "gezin"]}
    veld, melding = fout_op(Aanmelding, aanmelding)
    assert veld == "leefgebieden" and "at most once" in melding


def test_een_te_lange_lijst_is_een_weigering_voordat_haar_elementen_gekeurd_worden() -> None:
    aanmelding = {**voorbeelden.AANMELDING["aanmelding"], "leefgebieden": [0] * 500_000}
    with pytest.raises(ValidationError) as fout:
        Aanmelding.model_validate(aanmelding)
    [enige] = fout.value.errors()
    assert enige["loc"] == ("leefgebieden",) and "at most 11 items" in enige["msg"]
    opgeslagen = {**aanmelding, "leefgebieden": ["gezin"] * 12}  # the store's data is not bounded again
    assert len(Aanmelding.model_validate(opgeslagen, context=UIT_OPSLAG).leefgebieden) == 12


@pytest.mark.parametrize(
    ("model", "voorbeeld", "veld", "te_veel"),
    [
        (Triage, voorbeelden.TRIAGE, "knelpunten", [{"categorie": "zorginhoud", "omschrijving": "x"}] * 51),
        (Triage, voorbeelden.TRIAGE, "uit_te_nodigen_expertise", [f"expert {i}" for i in range(51)]),
        (Overleg, voorbeelden.OVERLEG, "genodigden", [f"genodigde {i}" for i in range(101)]),
        (Evaluatie, voorbeelden.EVALUATIE, "scores", {f"D{i}": "behaald" for i in range(51)}),
        (Actie, voorbeelden.ACTIE, "experts", [f"expert {i}" for i in range(101)]),
        (Actie, voorbeelden.ACTIE, "evaluatiemomenten", ["2027-01-04", "2027-01-04"]),
    ],
)
def test_lijsten_zijn_begrensd(model: type[BaseModel], voorbeeld: dict[str, Any], veld: str, te_veel: Any) -> None:
    gevonden, _ = fout_op(model, {**voorbeeld, veld: te_veel})
    assert gevonden == veld


@pytest.mark.parametrize("datum", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_datums_tussen_1900_en_2100(datum: str) -> None:
    veld, _ = fout_op(Overleg, {**voorbeelden.OVERLEG, "datum": datum})
    assert veld == "datum"


def test_een_te_lange_idempotency_key_wordt_geweigerd() -> None:
    with pytest.raises(ValidationError):
        Herkomst(actor="a", rol="triagist", idempotency_key="k" * 256)
    with pytest.raises(ValidationError):
        Herkomst(actor="a", rol="triagist", idempotency_key="met spatie")


def oud_aangemeld_event(**wijzigingen: Any) -> bytes:
    """An Aangemeld event's JSON as an older version stored it, before the bounds existed."""
    aanmelding = {**voorbeelden.AANMELDING["aanmelding"], **wijzigingen}
    event = {
        "originator_id": "6f0d4c1e-7a43-4b4b-9d41-1c2a0e5b7d11",
        "originator_version": 1,
        "timestamp": "2025-03-01T10:00:00+00:00",
        "op": "2025-03-01",
        "herkomst": {"actor": "oud", "rol": "aanmelder", "idempotency_key": None, "verzoek_hash": None},
        "originator_topic": "domain.casus:Casus",
        "regio": "hart-van-brabant",
        "aanmelding": aanmelding,
        "persoonsgegevens": None,
    }
    return json.dumps(event).encode()


OUDE_EVENTS = {
    "nul": {"vraag": "geen\u0000regie", "leefgebieden": ["gezin"]},
    "dubbele leefgebieden": {"leefgebieden": ["gezin"] * 1000},
    "datum buiten bereik": {"plaatsingsdatum": "1800-01-01"},
}


@pytest.mark.parametrize("wijzigingen", OUDE_EVENTS.values(), ids=OUDE_EVENTS.keys())
def test_een_oud_event_laadt_via_de_decoder_en_de_mapper(wijzigingen: dict[str, Any]) -> None:
    state = oud_aangemeld_event(**wijzigingen)
    topic = "domain.casus:Casus.Aangemeld"
    with pytest.raises(ValidationError):
        Casus.Aangemeld.model_validate_json(state)
    gedecodeerd = decodeer(topic, state)
    gemapt = PydanticMapper(transcoder=JSONTranscoder()).to_domain_event(
        StoredEvent(originator_id=gedecodeerd.originator_id, originator_version=1, topic=topic, state=state)
    )
    for event in (gedecodeerd, gemapt):
        gelezen = event.aanmelding.model_dump(mode="json")
        assert {naam: gelezen[naam] for naam in wijzigingen} == wijzigingen


def test_vanuit_de_opslag_gelden_de_nieuwe_grenzen_ook_genest_niet() -> None:
    intake = dict.fromkeys(Intakevragen.model_fields, "x\x00")
    data = {"niveau": "bovenregionaal", "reden": "r", "intakevragen": intake}
    with pytest.raises(ValidationError):
        Opschaling.model_validate(data)
    assert Opschaling.model_validate(data, context=UIT_OPSLAG).intakevragen is not None


@pytest.mark.parametrize("waarde", [0, 1_700_000_000, 1.5, True, "0", "86400", "20261120", "2026-11-20T00:00"])
def test_een_datum_is_geen_getal(waarde: Any) -> None:
    toestemming = {**voorbeelden.AANMELDING["aanmelding"]["toestemming"], "gegeven_op": waarde}
    veld, melding = fout_op(Aanmelding, {**voorbeelden.AANMELDING["aanmelding"], "toestemming": toestemming})
    assert veld == "toestemming.gegeven_op" and "a date as YYYY-MM-DD" in melding
    opgeslagen = {**voorbeelden.AANMELDING["aanmelding"], "toestemming": {**toestemming, "gegeven_op": 0}}
    assert Aanmelding.model_validate(opgeslagen, context=UIT_OPSLAG).toestemming is not None
