"""Feedback on the advice (Teruggekoppeld): its rules, and the date it is due."""

from datetime import date

import pytest
from pydantic import ValidationError

from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import RegioProfiel
from domain.terugkoppeling import Terugkoppeling, Uitvoeringsstand, terugkoppeling_uiterlijk
from domain.waarden import Herkomst, Heropening, Knelpunt
from domain.werkdagen import Werkkalender
from tests.unit.conftest import HERKOMST, advies, afsluitformulier, evaluatie, nieuwe_casus, overleg, triage

REGISSEUR = Herkomst(actor="A. Bakker", rol="casusregisseur")
AANMELDER = Herkomst(actor="J. de Vries", rol="aanmelder")
ADVIES_OP = date(2026, 11, 11)
EVALUATIEDATUM = date(2027, 1, 20)


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def terugkoppeling(stand: str = "ja", **wijzigingen: object) -> Terugkoppeling:
    velden: dict[str, object] = {"bruikbaarheid": 4, "wordt_uitgevoerd": stand}
    if stand != "ja":
        velden["belemmering"] = Knelpunt(categorie="financiering", omschrijving="Geen beschikking.")
    velden.update(wijzigingen)
    return Terugkoppeling.model_validate(velden)


def getrieerd(profiel: RegioProfiel) -> Casus:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    return casus


def met_advies(profiel: RegioProfiel) -> Casus:
    casus = getrieerd(profiel)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(EVALUATIEDATUM), op=ADVIES_OP, herkomst=HERKOMST)
    return casus


def test_terugkoppeling_legt_vast_wie_wat_en_wanneer(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.geef_terugkoppeling(terugkoppeling("deels"), op=date(2026, 12, 1), herkomst=REGISSEUR)
    (gegeven,) = casus.terugkoppelingen
    assert (gegeven.rol, gegeven.op, gegeven.terugkoppeling.wordt_uitgevoerd) == (
        "casusregisseur",
        date(2026, 12, 1),
        Uitvoeringsstand.DEELS,
    )
    event = casus.collect_events()[-1]
    assert isinstance(event, Casus.Teruggekoppeld)
    assert event.evaluatiedatum == EVALUATIEDATUM


def test_verwijzer_en_casusregisseur_koppelen_elk_een_keer_terug(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.geef_terugkoppeling(terugkoppeling(), op=ADVIES_OP, herkomst=AANMELDER)
    casus.geef_terugkoppeling(terugkoppeling(), op=ADVIES_OP, herkomst=REGISSEUR)
    with schendt(Regel.AL_TERUGGEKOPPELD):
        casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 1), herkomst=REGISSEUR)
    assert [t.rol for t in casus.terugkoppelingen] == ["aanmelder", "casusregisseur"]


def test_geen_terugkoppeling_zonder_advies(profiel: RegioProfiel) -> None:
    with schendt(Regel.TERUGKOPPELING_ZONDER_ADVIES):
        nieuwe_casus(profiel).geef_terugkoppeling(terugkoppeling(), op=ADVIES_OP, herkomst=REGISSEUR)
    with schendt(Regel.TERUGKOPPELING_ZONDER_ADVIES):
        getrieerd(profiel).geef_terugkoppeling(terugkoppeling(), op=ADVIES_OP, herkomst=REGISSEUR)


def test_advies_na_triage_krijgt_ook_terugkoppeling(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage("advies-na-triage"), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(EVALUATIEDATUM), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 11, 3), herkomst=AANMELDER)
    assert len(casus.terugkoppelingen) == 1


def test_geen_terugkoppeling_na_de_evaluatie(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.TERUGKOPPELING_NA_EVALUATIE):
        casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 2), herkomst=REGISSEUR)
    casus.plan_overleg(overleg(date(2026, 12, 8)), op=date(2026, 12, 2), herkomst=HERKOMST)
    with schendt(Regel.TERUGKOPPELING_NA_EVALUATIE):  # back on the table: the old advice was evaluated
        casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 2), herkomst=REGISSEUR)


def test_een_nieuw_advies_krijgt_weer_terugkoppeling_van_dezelfde_rol(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.geef_terugkoppeling(terugkoppeling("nee"), op=date(2026, 11, 20), herkomst=REGISSEUR)
    casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 12, 8)), op=date(2026, 12, 2), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 3, 1)), op=date(2026, 12, 8), herkomst=HERKOMST)
    assert casus.terugkoppelingen_op_advies == ()
    casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 9), herkomst=REGISSEUR)
    assert [t.terugkoppeling.wordt_uitgevoerd for t in casus.terugkoppelingen] == ["nee", "ja"]
    assert len(casus.terugkoppelingen_op_advies) == 1


def test_twee_evaluaties_van_een_advies_laten_de_volgende_terugkoppeling_toe(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 11, 20), herkomst=REGISSEUR)
    for dag in (date(2026, 12, 1), date(2026, 12, 2)):
        casus.leg_evaluatie_vast(evaluatie(dag), op=dag, herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 12, 8)), op=date(2026, 12, 3), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 3, 1)), op=date(2026, 12, 8), herkomst=HERKOMST)
    casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 9), herkomst=REGISSEUR)
    with schendt(Regel.AL_TERUGGEKOPPELD):
        casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 10), herkomst=REGISSEUR)


def test_geen_terugkoppeling_op_een_afgesloten_casus(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 12, 1), herkomst=REGISSEUR)


def test_heropende_casus_begint_zonder_terugkoppeling(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.geef_terugkoppeling(terugkoppeling(), op=date(2026, 11, 20), herkomst=REGISSEUR)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.heropen(Heropening(reden="r"), op=date(2027, 1, 4), herkomst=HERKOMST)
    assert casus.terugkoppelingen == ()
    assert len(casus.alle_terugkoppelingen) == 1


@pytest.mark.parametrize("stand", ["deels", "nee"])
def test_belemmering_verplicht_als_het_advies_niet_helemaal_loopt(stand: str) -> None:
    with pytest.raises(ValidationError) as fout:
        Terugkoppeling.model_validate({"bruikbaarheid": 3, "wordt_uitgevoerd": stand})
    assert fout.value.errors()[0]["loc"] == ("belemmering",)
    assert terugkoppeling(stand).belemmering is not None


def test_belemmering_mag_ook_als_het_advies_loopt() -> None:
    assert terugkoppeling("ja").belemmering is None
    belemmering = Knelpunt(categorie="samenwerking", omschrijving="Traag.")
    assert terugkoppeling("ja", belemmering=belemmering).belemmering == belemmering


@pytest.mark.parametrize(("bruikbaarheid", "geldig"), [(0, False), (1, True), (5, True), (6, False)])
def test_bruikbaarheid_van_een_tot_vijf(bruikbaarheid: int, geldig: bool) -> None:
    if geldig:
        assert terugkoppeling(bruikbaarheid=bruikbaarheid).bruikbaarheid == bruikbaarheid
    else:
        with pytest.raises(ValidationError):
            terugkoppeling(bruikbaarheid=bruikbaarheid)


def test_onbekende_uitvoering_is_ongeldig() -> None:
    with pytest.raises(ValidationError):
        Terugkoppeling.model_validate({"bruikbaarheid": 3, "wordt_uitgevoerd": "misschien"})


def test_terugkoppeling_drie_werkdagen_voor_de_evaluatie(kalender: Werkkalender) -> None:
    assert terugkoppeling_uiterlijk(date(2027, 1, 20), kalender) == date(2027, 1, 15)  # Wed -> the Friday before
    # Mon 28 Dec 2026: back over the weekend, Boxing Day and Christmas
    assert terugkoppeling_uiterlijk(date(2026, 12, 28), kalender) == date(2026, 12, 22)
    assert terugkoppeling_uiterlijk(date(2026, 12, 29), kalender) == date(2026, 12, 23)
