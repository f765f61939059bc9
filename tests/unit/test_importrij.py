"""A row of the import template: the commands it implies, or each problem with its column and rule."""

from datetime import date, datetime
from typing import Any

import pytest

from domain import importkolommen as k
from domain.importrij import DOELCODE, Controle, controleer, lees_stappen
from domain.importsjabloon import NIET_VASTGELEGD
from domain.regioprofiel import Adviessoort, RegioProfiel, Werkstroom
from domain.waarden import Advies, Evaluatie, Opschaling, Overleg, Triage
from tests.unit.conftest import PROFIEL

VANDAAG = date(2026, 11, 20)


def rij(**waarden: Any) -> dict[str, Any]:
    """A complete row of a closed case; keyword names are the column constants of domain.importkolommen."""
    basis = {
        k.AANMELDDATUM: "03-02-2026",
        k.GEMEENTE: "tilburg",
        k.LEEFTIJD: 14,
        k.WERKSTROOM: "B",
        k.AANMELDER_ROL: "GI",
        k.LEEFGEBIEDEN: "gezin, School; psychisch",
        k.TOESTEMMING_DOOR: "ouders",
        k.TRIAGEDATUM: datetime(2026, 2, 5),
        k.TRIAGE_UITKOMST: "bespreken",
        k.MEERDERE_LEEFGEBIEDEN: "ja",
        k.HANDELINGSVERLEGENHEID: "ja",
        k.OVERLEGDATUM: date(2026, 2, 12),
        k.ADVIESDATUM: date(2026, 2, 13),
        k.EVALUATIEDATUM: date(2026, 5, 12),
        k.DOELEN_BEHAALD: "deels",
        k.AFSLUITDATUM: "01-06-2026",
        k.AFSLUITREDEN: "doelen behaald",
        k.WAARDERING_SAMENWERKING: 8,
        k.WAARDERING_EFFECT: 7.0,
        k.DUURZAME_OPLOSSING: "ja",
    }
    return {**basis, **{getattr(k, naam): waarde for naam, waarde in waarden.items()}}


OPEN = dict.fromkeys(
    ("AFSLUITDATUM", "AFSLUITREDEN", "WAARDERING_SAMENWERKING", "WAARDERING_EFFECT", "DUURZAME_OPLOSSING")
)
"""The closing columns left empty: the case is still open."""


def lees(cellen: dict[str, Any], profiel: RegioProfiel = PROFIEL) -> Controle:
    return controleer([(7, cellen)], profiel, vandaag=VANDAAG, jaren_terug=5)


def probleem(cellen: dict[str, Any], profiel: RegioProfiel = PROFIEL) -> tuple[str, str]:
    controle = lees(cellen, profiel)
    assert not controle.plannen
    assert controle.problemen, "the row was accepted"
    assert all(p.rij == 7 for p in controle.problemen)
    return controle.problemen[0].kolom, controle.problemen[0].regel


def test_een_volledige_rij_wordt_de_opdrachten_met_de_eigen_datums() -> None:
    (plan,) = lees(rij()).plannen
    assert [(s.opdracht, s.op) for s in plan.stappen] == [
        ("meld_aan", date(2026, 2, 3)),
        ("trieer", date(2026, 2, 5)),
        ("plan_overleg", date(2026, 2, 5)),
        ("breng_advies_uit", date(2026, 2, 13)),
        ("leg_evaluatie_vast", date(2026, 5, 12)),
        ("sluit_af", date(2026, 6, 1)),
    ]
    aanmelding = plan.stappen[0].waarde
    assert aanmelding.leefgebieden == ("gezin", "onderwijs", "psychisch")  # type: ignore[attr-defined]
    assert aanmelding.aanmelder.rol == "gecertificeerde-instelling"  # type: ignore[attr-defined]
    assert aanmelding.aanmelder.naam == NIET_VASTGELEGD  # type: ignore[attr-defined]
    assert aanmelding.toestemming.gegeven_op == date(2026, 2, 3)  # type: ignore[attr-defined]
    assert aanmelding.urgentie == "normaal"  # type: ignore[attr-defined]
    overleg = plan.stappen[2].waarde
    assert isinstance(overleg, Overleg) and overleg.datum == date(2026, 2, 12)
    advies = plan.stappen[3].waarde
    assert isinstance(advies, Advies) and advies.evaluatiedatum == date(2026, 5, 12)
    evaluatie = plan.stappen[4].waarde
    assert isinstance(evaluatie, Evaluatie) and evaluatie.scores == {DOELCODE: "deels"}
    assert {s.kolom for s in plan.stappen} >= {k.AANMELDDATUM, k.AFSLUITDATUM}


def test_zonder_evaluatiedatum_is_het_evaluatiemoment_de_norm_na_het_advies() -> None:
    (plan,) = lees(rij(EVALUATIEDATUM=None, DOELEN_BEHAALD=None, **OPEN)).plannen
    advies = plan.stappen[-1].waarde
    assert isinstance(advies, Advies) and advies.evaluatiedatum == date(2026, 5, 13)


def test_een_rij_met_alleen_de_aanmelding_wordt_een_aanmelding() -> None:
    cellen = {kolom: waarde for kolom, waarde in rij().items() if kolom in {kolom.naam for kolom in k.KOLOMMEN[:13]}}
    (plan,) = lees(cellen).plannen
    assert [s.opdracht for s in plan.stappen] == ["meld_aan"]


def test_een_opschaling_valt_op_haar_datum_tussen_de_stappen() -> None:
    (plan,) = lees(rij(OPSCHALING="BEN", OPSCHALINGSDATUM="20-03-2026")).plannen
    assert [s.opdracht for s in plan.stappen][3:6] == ["breng_advies_uit", "schaal_op", "leg_evaluatie_vast"]
    opschaling = plan.stappen[4].waarde
    assert isinstance(opschaling, Opschaling) and opschaling.intakevragen is not None


def test_teruggelegd_met_reden_en_afsluiting() -> None:
    cellen = rij(TRIAGE_UITKOMST="teruggelegd", REDEN_TERUGLEGGING="past in reguliere hulp", OVERLEGDATUM=None,
                 ADVIESDATUM=None, EVALUATIEDATUM=None, DOELEN_BEHAALD=None, AFSLUITDATUM="05-02-2026",
                 AFSLUITREDEN="teruggelegd")  # fmt: skip
    (plan,) = lees(cellen).plannen
    triage = plan.stappen[1].waarde
    assert isinstance(triage, Triage) and triage.reden_teruglegging == "past in reguliere hulp"
    assert [s.opdracht for s in plan.stappen] == ["meld_aan", "trieer", "sluit_af"]


def test_anoniem_met_goedkeuring() -> None:
    (plan,) = lees(rij(TOESTEMMING_DOOR=None, ANONIEM_GOEDGEKEURD_DOOR="voorzitter")).plannen
    assert plan.stappen[0].waarde.toestemming.anoniem  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "kolom", [k.AANMELDDATUM, k.GEMEENTE, k.LEEFTIJD, k.WERKSTROOM, k.AANMELDER_ROL, k.LEEFGEBIEDEN]
)
def test_verplichte_kolom(kolom: str) -> None:
    assert probleem({**rij(), kolom: "  "}) == (kolom, "verplicht")


@pytest.mark.parametrize(
    ("waarden", "verwacht"),
    [
        ({"AANMELDDATUM": "2026-02-03"}, (k.AANMELDDATUM, "geen-datum")),
        ({"AANMELDDATUM": "31-02-2026"}, (k.AANMELDDATUM, "geen-datum")),
        ({"AANMELDDATUM": 46000}, (k.AANMELDDATUM, "geen-datum")),
        ({"AANMELDDATUM": date(1899, 1, 1)}, (k.AANMELDDATUM, "geen-datum")),
        ({"LEEFTIJD": "veertien"}, (k.LEEFTIJD, "geen-getal")),
        ({"LEEFTIJD": 14.5}, (k.LEEFTIJD, "geen-getal")),
        ({"LEEFTIJD": True}, (k.LEEFTIJD, "geen-getal")),
        ({"WAARDERING_EFFECT": 11}, (k.WAARDERING_EFFECT, "ongeldige-waarde")),
        ({"WERKSTROOM": "C"}, (k.WERKSTROOM, "onbekende-waarde")),
        ({"AANMELDER_ROL": "buurvrouw"}, (k.AANMELDER_ROL, "onbekende-waarde")),
        ({"LEEFGEBIEDEN": "gezin, sport"}, (k.LEEFGEBIEDEN, "onbekende-waarde")),
        ({"LEEFGEBIEDEN": " , ;"}, (k.LEEFGEBIEDEN, "verplicht")),
        ({"URGENTIE": "meteen"}, (k.URGENTIE, "onbekende-waarde")),
        ({"TRIAGE_UITKOMST": "misschien"}, (k.TRIAGE_UITKOMST, "onbekende-waarde")),
        ({"HANDELINGSVERLEGENHEID": "wellicht"}, (k.HANDELINGSVERLEGENHEID, "onbekende-waarde")),
        ({"DOELEN_BEHAALD": "half"}, (k.DOELEN_BEHAALD, "onbekende-waarde")),
        ({"AFSLUITREDEN": "klaar"}, (k.AFSLUITREDEN, "onbekende-waarde")),
        ({"OPSCHALING": "landelijk"}, (k.OPSCHALING, "onbekende-waarde")),
        ({"ADVIESSOORT": "vrijblijvend"}, (k.ADVIESSOORT, "onbekende-waarde")),
        ({"GEMEENTE": "T" * 201}, (k.GEMEENTE, "te-lang")),
        ({"GEMEENTE": "Til\x00burg"}, (k.GEMEENTE, "ongeldig-teken")),
        ({"GEMEENTE": date(2026, 1, 1)}, (k.GEMEENTE, "ongeldige-waarde")),
        ({"TRIAGEDATUM": None}, (k.TRIAGEDATUM, "verplicht")),
        ({"TRIAGE_UITKOMST": None}, (k.TRIAGE_UITKOMST, "verplicht")),
        ({"TRIAGE_UITKOMST": "teruggelegd"}, (k.REDEN_TERUGLEGGING, "verplicht")),
        ({"DOELEN_BEHAALD": None}, (k.DOELEN_BEHAALD, "verplicht")),
        ({"OPSCHALING": "bovenregionaal"}, (k.OPSCHALINGSDATUM, "verplicht")),
        ({"OPSCHALINGSDATUM": "01-03-2026"}, (k.OPSCHALING, "verplicht")),
        ({"AFSLUITREDEN": None}, (k.AFSLUITREDEN, "verplicht")),
        ({"WAARDERING_SAMENWERKING": None}, (k.WAARDERING_SAMENWERKING, "verplicht")),
        ({"WAARDERING_EFFECT": None}, (k.WAARDERING_EFFECT, "verplicht")),
        ({"DUURZAME_OPLOSSING": None}, (k.DUURZAME_OPLOSSING, "verplicht")),
        ({"AFSLUITDATUM": None}, (k.AFSLUITDATUM, "verplicht")),
    ],
)
def test_cellen(waarden: dict[str, Any], verwacht: tuple[str, str]) -> None:
    assert probleem(rij(**waarden)) == verwacht


@pytest.mark.parametrize(
    ("waarden", "verwacht"),
    [
        ({"LEEFTIJD": 24}, (k.LEEFTIJD, "leeftijd-buiten-bereik")),
        ({"LEEFTIJD": -1}, (k.LEEFTIJD, "leeftijd-buiten-bereik")),
        ({"GEMEENTE": "Middelburg"}, (k.GEMEENTE, "gemeente-buiten-regio")),
        ({"TOESTEMMING_DOOR": None}, (k.TOESTEMMING_DOOR, "toestemming-vereist")),
        ({"HANDELINGSVERLEGENHEID": "nee"}, (k.TRIAGE_UITKOMST, "geen-complexe-casus")),
        ({"MEERDERE_LEEFGEBIEDEN": None}, (k.TRIAGE_UITKOMST, "geen-complexe-casus")),
        ({"TRIAGE_UITKOMST": "advies na triage"}, (k.OVERLEGDATUM, "niet-ter-bespreking")),
        ({"OVERLEGDATUM": None}, (k.ADVIESDATUM, "advies-zonder-overleg")),
        ({"ADVIESDATUM": "11-02-2026"}, (k.ADVIESDATUM, "advies-voor-overleg")),
        ({"OVERLEGDATUM": "01-02-2026", "ADVIESDATUM": "04-02-2026"}, (k.OVERLEGDATUM, "datum-voor-aanmelding")),
        ({"TRIAGEDATUM": "02-02-2026"}, (k.TRIAGEDATUM, "datum-voor-vorige-stap")),
        ({"AFSLUITDATUM": "11-05-2026"}, (k.AFSLUITDATUM, "datum-voor-vorige-stap")),
        ({"EVALUATIEDATUM": "13-02-2026"}, (k.ADVIESDATUM, "evaluatiemoment-voor-advies")),
        ({"AFSLUITDATUM": "21-11-2026"}, (k.AFSLUITDATUM, "datum-in-toekomst")),
        ({"AANMELDDATUM": "19-11-2021", "TOESTEMMING_DATUM": None}, (k.AANMELDDATUM, "aanmelding-te-lang-geleden")),
        ({"TRIAGEDATUM": None, "TRIAGE_UITKOMST": None}, (k.OVERLEGDATUM, "nog-niet-getrieerd")),
        ({"OPSCHALING": "bestuurlijk", "OPSCHALINGSDATUM": "20-03-2026"}, (k.OPSCHALING, "opschaling-buiten-volgorde")),
        ({"OPSCHALING": "ja", "OPSCHALINGSDATUM": "20-03-2026"}, (k.OPSCHALING, "onbekende-waarde")),
        ({"OPSCHALING": "BEN", "OPSCHALINGSDATUM": "04-02-2026"}, (k.OPSCHALINGSDATUM, "nog-niet-getrieerd")),
        ({"OPSCHALING": "BEN", "OPSCHALINGSDATUM": "02-06-2026"}, (k.OPSCHALINGSDATUM, "casus-afgesloten")),
    ],
)
def test_regels_van_het_domein(waarden: dict[str, Any], verwacht: tuple[str, str]) -> None:
    assert probleem(rij(**waarden)) == verwacht


def test_regels_van_het_regioprofiel() -> None:
    alleen_b = PROFIEL.model_copy(update={"werkstromen": (Werkstroom.B,)})
    assert probleem(rij(WERKSTROOM="A"), alleen_b) == (k.WERKSTROOM, "werkstroom-niet-aangeboden")
    zonder_keten = PROFIEL.model_copy(update={"opschalingsketen": ()})
    opgeschaald = rij(OPSCHALING="bovenregionaal", OPSCHALINGSDATUM="20-03-2026")
    assert probleem(opgeschaald, zonder_keten) == (k.OPSCHALING, "opschaling-niet-in-keten")
    twee_soorten = PROFIEL.model_copy(update={"adviessoorten": (Adviessoort.ZWAARWEGEND, Adviessoort.BINDEND)})
    assert probleem(rij(), twee_soorten) == (k.ADVIESSOORT, "adviessoort-niet-in-regio")
    assert lees(rij(ADVIESSOORT="Bindend"), twee_soorten).plannen


def test_alle_problemen_van_de_cellen_tegelijk() -> None:
    controle = lees(rij(LEEFTIJD="x", WERKSTROOM="C", AFSLUITREDEN=None))
    assert [(p.kolom, p.regel) for p in controle.problemen] == [
        (k.LEEFTIJD, "geen-getal"),
        (k.WERKSTROOM, "onbekende-waarde"),
        (k.AFSLUITREDEN, "verplicht"),
    ]


# --- a row's identity ----------------------------------------------------------------


def identiteiten(rijen: list[dict[str, Any]]) -> dict[int, str]:
    controle = controleer(list(enumerate(rijen, start=2)), PROFIEL, vandaag=VANDAAG, jaren_terug=5)
    assert controle.schoon, controle.problemen
    return {plan.rij: plan.identiteit for plan in controle.plannen}


def test_identiteit_blijft_bij_een_ingevoegde_rij() -> None:
    a, b = rij(), rij(LEEFTIJD=9)
    voor = identiteiten([a, b])
    na = identiteiten([rij(LEEFTIJD=16), a, b])
    assert (voor[2], voor[3]) == (na[3], na[4])
    assert len(set(na.values())) == 3


def test_identiteit_volgt_de_aanmelding_niet_de_latere_stappen() -> None:
    assert identiteiten([rij()]) == identiteiten([rij(**OPEN)])


def test_gelijke_aanmeldingen_krijgen_elk_een_eigen_identiteit() -> None:
    assert len(set(identiteiten([rij(), rij()]).values())) == 2


def test_registratienummer_is_de_identiteit() -> None:
    assert identiteiten([rij(REGISTRATIENUMMER="2026-1")]) == identiteiten(
        [rij(REGISTRATIENUMMER=" 2026-1", LEEFTIJD=15)]
    )
    assert identiteiten([rij(REGISTRATIENUMMER=17.0)]) == identiteiten([rij(REGISTRATIENUMMER="17")])


def test_dubbel_registratienummer() -> None:
    controle = controleer(
        [(2, rij(REGISTRATIENUMMER="A1")), (3, rij(REGISTRATIENUMMER="a1"))], PROFIEL, vandaag=VANDAAG, jaren_terug=5
    )
    assert [(p.rij, p.kolom, p.regel) for p in controle.problemen] == [(3, k.REGISTRATIENUMMER, "dubbele-rij")]
    assert [p.rij for p in controle.plannen] == [2]


def test_sleutels_en_vingerafdrukken_per_opdracht() -> None:
    (plan,) = lees(rij()).plannen
    sleutels = [plan.sleutel(s) for s in plan.stappen]
    assert len(set(sleutels)) == len(sleutels) and all(len(s) <= 255 and " " not in s for s in sleutels)
    (zelfde,) = lees(rij()).plannen
    assert [s.vingerafdruk() for s in plan.stappen] == [s.vingerafdruk() for s in zelfde.stappen]
    (ander,) = lees(rij(AFSLUITREDEN="overig")).plannen
    assert plan.stappen[-1].vingerafdruk() != ander.stappen[-1].vingerafdruk()


def test_lees_stappen_geeft_geen_opdrachten_bij_problemen() -> None:
    stappen, problemen = lees_stappen(3, rij(LEEFTIJD="x"), PROFIEL)
    assert stappen == [] and problemen[0].rij == 3
