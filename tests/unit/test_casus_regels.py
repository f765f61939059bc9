"""Every invariant of the regional case, refused with an error naming its rule."""

from datetime import date

import pytest
from pydantic import ValidationError

from domain.casus import Casus, Fase
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import RegioProfiel, Werkstroom
from domain.waarden import (
    Heropening,
    Intakevragen,
    Opschaling,
    Persoon,
    Persoonsgegevens,
    Toestemming,
)
from tests.unit.conftest import (
    HERKOMST,
    advies,
    afsluitformulier,
    evaluatie,
    nieuwe_casus,
    overleg,
    profiel_met,
    triage,
)

D = date(2026, 11, 2)


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def getrieerd(profiel: RegioProfiel, uitkomst: str = "bespreken") -> Casus:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(uitkomst), op=date(2026, 11, 3), herkomst=HERKOMST)
    return casus


def met_advies(profiel: RegioProfiel) -> Casus:
    casus = getrieerd(profiel)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 11), herkomst=HERKOMST)
    return casus


def bovenregionaal() -> Opschaling:
    vragen = dict.fromkeys(Intakevragen.model_fields, "x")
    return Opschaling(niveau="bovenregionaal", reden="r", intakevragen=Intakevragen(**vragen))


# --- registration -----------------------------------------------------------


def test_aanmelding_legt_feiten_vast(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, woonplaatsgemeente="tilburg")
    assert casus.fase is Fase.AANGEMELD
    assert casus.regio == "hart-van-brabant"
    assert casus.aanmelding.woonplaatsgemeente == "Tilburg"  # the profile's spelling
    assert casus.aangemeld_op == D
    assert casus.uitgevoerde_commandos == {}


def test_geen_aanmelding_zonder_toestemming(profiel: RegioProfiel) -> None:
    with schendt(Regel.TOESTEMMING_VEREIST):
        nieuwe_casus(profiel, toestemming=Toestemming())
    with schendt(Regel.TOESTEMMING_VEREIST):
        nieuwe_casus(profiel, toestemming=Toestemming(gegeven_door="moeder"))


def test_anoniem_vraagt_goedkeuring_van_de_voorzitter(profiel: RegioProfiel) -> None:
    with schendt(Regel.ANONIEM_ZONDER_GOEDKEURING):
        nieuwe_casus(profiel, toestemming=Toestemming(anoniem=True))
    casus = nieuwe_casus(profiel, toestemming=Toestemming(anoniem=True, anonimiteit_goedgekeurd_door="voorzitter"))
    assert casus.aanmelding.toestemming.anoniem


def test_anoniem_noemt_geen_namen(profiel: RegioProfiel) -> None:
    with schendt(Regel.ANONIEM_MET_PERSOONSGEGEVENS):
        nieuwe_casus(
            profiel,
            toestemming=Toestemming(anoniem=True, anonimiteit_goedgekeurd_door="voorzitter"),
            persoonsgegevens=Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen")),
        )


@pytest.mark.parametrize("leeftijd", [-1, 24, 40])
def test_leeftijd_buiten_0_tot_23(profiel: RegioProfiel, leeftijd: int) -> None:
    with schendt(Regel.LEEFTIJD_BUITEN_BEREIK):
        nieuwe_casus(profiel, leeftijd=leeftijd)


@pytest.mark.parametrize("leeftijd", [0, 23])
def test_leeftijd_grenzen_toegestaan(profiel: RegioProfiel, leeftijd: int) -> None:
    assert nieuwe_casus(profiel, leeftijd=leeftijd).aanmelding.leeftijd == leeftijd


def test_leeftijd_moet_kloppen_met_geboortedatum(profiel: RegioProfiel) -> None:
    gegevens = Persoonsgegevens(jeugdige=Persoon(naam="S", geboortedatum=date(2011, 11, 3)))
    with schendt(Regel.LEEFTIJD_KLOPT_NIET):
        nieuwe_casus(profiel, leeftijd=15, persoonsgegevens=gegevens)  # turns 15 tomorrow
    assert nieuwe_casus(profiel, leeftijd=14, persoonsgegevens=gegevens).persoonsgegevens == gegevens


def test_gemeente_buiten_de_regio(profiel: RegioProfiel) -> None:
    with schendt(Regel.GEMEENTE_BUITEN_REGIO):
        nieuwe_casus(profiel, woonplaatsgemeente="Eindhoven")


def test_werkstroom_die_de_regio_niet_aanbiedt() -> None:
    alleen_b = profiel_met(werkstromen=(Werkstroom.B,))
    with schendt(Regel.WERKSTROOM_NIET_AANGEBODEN):
        nieuwe_casus(alleen_b, werkstroom="A")


def test_persoonsgegevens_staan_apart_van_de_feiten(profiel: RegioProfiel) -> None:
    gegevens = Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen"), gezinssituatie="eenoudergezin")
    casus = nieuwe_casus(profiel, persoonsgegevens=gegevens)
    assert "S. Jansen" not in casus.aanmelding.model_dump_json()
    assert casus.persoonsgegevens == gegevens


# --- triage ----------------------------------------------------------------


def test_triage_eenmaal_per_ronde(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    assert casus.fase is Fase.GETRIEERD
    with schendt(Regel.AL_GETRIEERD):
        casus.trieer(triage(), op=D, herkomst=HERKOMST)


@pytest.mark.parametrize(
    "criteria",
    [
        {"meerdere_leefgebieden_verergeren": False},
        {"handelingsverlegenheid": False, "samenwerking_vastgelopen": False},
    ],
)
def test_alleen_een_complexe_casus_komt_aan_tafel(profiel: RegioProfiel, criteria: dict[str, bool]) -> None:
    casus = nieuwe_casus(profiel)
    with schendt(Regel.GEEN_COMPLEXE_CASUS):
        casus.trieer(triage(**criteria), op=D, herkomst=HERKOMST)
    casus.trieer(triage("advies-na-triage", **criteria), op=D, herkomst=HERKOMST)


def test_teruggelegd_vraagt_een_reden() -> None:
    with pytest.raises(ValidationError, match="reden_teruglegging"):
        triage("teruggelegd", reden_teruglegging=None)


# --- order of the steps -------------------------------------------------------


def test_geen_overleg_voor_triage(profiel: RegioProfiel) -> None:
    with schendt(Regel.NOG_NIET_GETRIEERD):
        nieuwe_casus(profiel).plan_overleg(overleg(D), op=D, herkomst=HERKOMST)


def test_geen_advies_voor_triage(profiel: RegioProfiel) -> None:
    with schendt(Regel.NOG_NIET_GETRIEERD):
        nieuwe_casus(profiel).breng_advies_uit(advies(date(2027, 1, 1)), op=D, herkomst=HERKOMST)


def test_geen_advies_zonder_overleg(profiel: RegioProfiel) -> None:
    with schendt(Regel.ADVIES_ZONDER_OVERLEG):
        getrieerd(profiel).breng_advies_uit(advies(date(2027, 1, 1)), op=D, herkomst=HERKOMST)


def test_advies_na_triage_zonder_overleg(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel, "advies-na-triage")
    casus.breng_advies_uit(advies(date(2027, 1, 1)), op=date(2026, 11, 4), herkomst=HERKOMST)
    assert casus.fase is Fase.ADVIES_UITGEBRACHT


def test_geen_overleg_of_advies_na_teruglegging(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel, "teruggelegd")
    with schendt(Regel.NIET_TER_BESPREKING):
        casus.plan_overleg(overleg(D), op=D, herkomst=HERKOMST)
    with schendt(Regel.NIET_TER_BESPREKING):
        casus.breng_advies_uit(advies(date(2027, 1, 1)), op=D, herkomst=HERKOMST)


def test_geen_advies_voordat_het_overleg_plaatsvond(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    casus.plan_overleg(overleg(date(2026, 11, 12)), op=date(2026, 11, 4), herkomst=HERKOMST)
    with schendt(Regel.ADVIES_VOOR_OVERLEG):
        casus.breng_advies_uit(advies(date(2027, 1, 1)), op=date(2026, 11, 11), herkomst=HERKOMST)


def test_overleg_niet_voor_aanmelding(profiel: RegioProfiel) -> None:
    with schendt(Regel.DATUM_VOOR_AANMELDING):
        getrieerd(profiel).plan_overleg(overleg(date(2026, 11, 1)), op=D, herkomst=HERKOMST)


def test_evaluatiemoment_na_het_advies(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=D, herkomst=HERKOMST)
    with schendt(Regel.EVALUATIEMOMENT_VOOR_ADVIES):
        casus.breng_advies_uit(advies(date(2026, 11, 11)), op=date(2026, 11, 11), herkomst=HERKOMST)


def test_verzenden_ligt_niet_in_de_toekomst(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=D, herkomst=HERKOMST)
    with schendt(Regel.DATUM_IN_TOEKOMST):
        casus.breng_advies_uit(
            advies(date(2027, 1, 1), verzonden_op=date(2026, 11, 12)), op=date(2026, 11, 11), herkomst=HERKOMST
        )


def test_doelen_hebben_elk_een_eigen_code() -> None:
    with pytest.raises(ValidationError, match="own code"):
        advies(date(2027, 1, 1), doelen=[advies(date(2027, 1, 1)).doelen[0]] * 2)


def test_evaluatie_vraagt_een_advies(profiel: RegioProfiel) -> None:
    with schendt(Regel.EVALUATIE_ZONDER_ADVIES):
        getrieerd(profiel).leg_evaluatie_vast(evaluatie(D), op=D, herkomst=HERKOMST)


def test_evaluatie_scoort_alleen_doelen_van_het_advies(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    with schendt(Regel.EVALUATIE_ONBEKEND_DOEL):
        casus.leg_evaluatie_vast(evaluatie(date(2027, 1, 20), wonen="behaald"), op=date(2027, 1, 20), herkomst=HERKOMST)


def test_evaluatie_wordt_achteraf_vastgelegd(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    with schendt(Regel.DATUM_IN_TOEKOMST):
        casus.leg_evaluatie_vast(evaluatie(date(2027, 1, 21)), op=date(2027, 1, 20), herkomst=HERKOMST)


def test_terug_op_tafel_na_evaluatie_telt_als_terugkeer(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    with schendt(Regel.NIET_TER_BESPREKING):
        casus.plan_overleg(overleg(date(2026, 12, 1)), op=date(2026, 11, 20), herkomst=HERKOMST)
    casus.leg_evaluatie_vast(
        evaluatie(date(2027, 1, 20), school="niet-behaald"), op=date(2027, 1, 20), herkomst=HERKOMST
    )
    casus.plan_overleg(overleg(date(2027, 2, 1)), op=date(2027, 1, 21), herkomst=HERKOMST)
    assert casus.fase is Fase.OVERLEG_GEPLAND
    assert casus.terugkeer == 1


# --- escalation ------------------------------------------------------------------


def test_opschalen_vraagt_triage(profiel: RegioProfiel) -> None:
    with schendt(Regel.NOG_NIET_GETRIEERD):
        nieuwe_casus(profiel).schaal_op(bovenregionaal(), profiel, op=D, herkomst=HERKOMST)


def test_opschalen_volgens_de_keten(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    with schendt(Regel.OPSCHALING_BUITEN_VOLGORDE):
        casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="r"), profiel, op=D, herkomst=HERKOMST)
    casus.schaal_op(bovenregionaal(), profiel, op=D, herkomst=HERKOMST)
    with schendt(Regel.AL_OPGESCHAALD):
        casus.schaal_op(bovenregionaal(), profiel, op=D, herkomst=HERKOMST)
    casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="r"), profiel, op=D, herkomst=HERKOMST)
    assert [n.value for n in casus.opschalingsniveaus()] == ["bovenregionaal", "bestuurlijk"]


def test_opschalen_alleen_naar_een_niveau_uit_de_keten(profiel: RegioProfiel) -> None:
    zonder_netwerk = profiel_met(opschalingsketen=())
    with schendt(Regel.OPSCHALING_NIET_IN_KETEN):
        getrieerd(zonder_netwerk).schaal_op(bovenregionaal(), zonder_netwerk, op=D, herkomst=HERKOMST)


def test_bovenregionaal_vraagt_de_acht_intakevragen() -> None:
    with pytest.raises(ValidationError, match="intakevragen"):
        Opschaling(niveau="bovenregionaal", reden="r")


# --- closing and reopening ------------------------------------------------------


def test_na_afsluiten_alleen_heropenen(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    assert casus.fase is Fase.AFGESLOTEN
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.trieer(triage(), op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.schaal_op(bovenregionaal(), profiel, op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.plan_overleg(overleg(date(2026, 12, 2)), op=date(2026, 12, 1), herkomst=HERKOMST)


def test_alleen_een_gesloten_casus_heropenen(profiel: RegioProfiel) -> None:
    with schendt(Regel.CASUS_NIET_AFGESLOTEN):
        nieuwe_casus(profiel).heropen(Heropening(reden="r"), op=D, herkomst=HERKOMST)


def test_heropenen_start_een_nieuwe_ronde_en_telt_als_terugkeer(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.heropen(Heropening(reden="opnieuw onveilig"), op=date(2027, 3, 1), herkomst=HERKOMST)
    assert casus.fase is Fase.AANGEMELD
    assert casus.ronde_start == date(2027, 3, 1)
    assert casus.terugkeer == 1
    casus.trieer(triage(), op=date(2027, 3, 2), herkomst=HERKOMST)
    assert casus.aangemeld_op == D


def test_replay_geeft_dezelfde_casus(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    events = casus.collect_events()
    herbouwd = None
    for event in events:
        herbouwd = type(event).model_validate_json(event.model_dump_json()).mutate(herbouwd)
    assert herbouwd is not None
    assert herbouwd.version == casus.version == 4
    assert herbouwd.advies == casus.advies
    assert herbouwd.fase is Fase.ADVIES_UITGEBRACHT
