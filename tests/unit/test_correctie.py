"""Corrections (AVG rectification): named fields of an earlier step, with a reason; the rules still hold."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.casus import Casus
from domain.correctie import Correctie, Onderdeel, Wijziging
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import RegioProfiel
from domain.waarden import Heropening, Persoon, Persoonsgegevens, Toestemming
from domain.werkdagen import Werkkalender
from projections import feiten
from tests.unit.conftest import HERKOMST, advies, afsluitformulier, evaluatie, nieuwe_casus, overleg, triage

OP = date(2026, 11, 2)


def corrigeer(
    casus: Casus, profiel: RegioProfiel, onderdeel: str, reden: str = "Typfout.", **wijzigingen: object
) -> None:
    correctie = Correctie(onderdeel=onderdeel, wijzigingen=wijzigingen, reden=reden)
    casus.corrigeer(correctie, profiel, op=OP, herkomst=HERKOMST)


def weigering(casus: Casus, profiel: RegioProfiel, onderdeel: str, **wijzigingen: object) -> RegelGeschonden:
    with pytest.raises(RegelGeschonden) as fout:
        corrigeer(casus, profiel, onderdeel, **wijzigingen)
    return fout.value


def met_advies(profiel: RegioProfiel) -> Casus:
    casus = nieuwe_casus(profiel, op=OP)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    casus.plan_overleg(overleg(OP), op=OP, herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 4)), op=OP, herkomst=HERKOMST)
    return casus


def test_een_gemeente_wordt_gecorrigeerd_en_zo_gespeld_als_het_profiel(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP)
    corrigeer(casus, profiel, "aanmelding", woonplaatsgemeente="dongen")
    assert casus.aanmelding.woonplaatsgemeente == "Dongen"
    event = casus.collect_events()[-1]
    assert isinstance(event, Casus.Gecorrigeerd)
    assert event.wijzigingen == (Wijziging(veld="woonplaatsgemeente", van="Tilburg", naar="Dongen"),)
    assert (event.onderdeel, event.stap_versie, event.reden) == (Onderdeel.AANMELDING, 1, "Typfout.")


def test_de_correctie_wordt_bij_het_herlezen_opnieuw_toegepast(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP)
    corrigeer(casus, profiel, "aanmelding", leeftijd=14, **{"aanmelder.naam": "J. de Vriês"})
    opnieuw = None
    for event in casus.collect_events():
        opnieuw = event.mutate(opnieuw)
    assert opnieuw is not None
    assert (opnieuw.aanmelding.leeftijd, opnieuw.aanmelding.aanmelder.naam) == (14, "J. de Vriês")


def test_een_gemeente_buiten_de_regio_blijft_geweigerd(profiel: RegioProfiel) -> None:
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "aanmelding", woonplaatsgemeente="Breda")
    assert fout.regel is Regel.GEMEENTE_BUITEN_REGIO


@pytest.mark.parametrize("leeftijd", [-1, 24])
def test_een_leeftijd_buiten_0_tot_23_blijft_geweigerd(profiel: RegioProfiel, leeftijd: int) -> None:
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "aanmelding", leeftijd=leeftijd)
    assert fout.regel is Regel.LEEFTIJD_BUITEN_BEREIK


def test_een_onjuist_type_noemt_het_veld(profiel: RegioProfiel) -> None:
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "aanmelding", leeftijd="vijftien")
    assert fout.regel is Regel.CORRECTIE_ONGELDIG
    assert fout.veld == "wijzigingen.leeftijd"
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "aanmelding", bestaat_niet=1)
    assert fout.regel is Regel.CORRECTIE_ONGELDIG
    assert "bestaat_niet" in fout.melding


def test_een_veld_in_iets_dat_er_niet_is(profiel: RegioProfiel) -> None:
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "persoonsgegevens", **{"jeugdige.naam": "S. de Jong"})
    assert fout.regel is Regel.CORRECTIE_ONGELDIG
    assert fout.veld == "wijzigingen.jeugdige.naam"
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "aanmelding", **{"leefgebieden.7": "wonen"})
    assert fout.regel is Regel.CORRECTIE_ONGELDIG


def test_een_naam_wordt_gecorrigeerd_of_toegevoegd(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP, persoonsgegevens=Persoonsgegevens(ouders=(Persoon(naam="M. Jansen"),)))
    corrigeer(casus, profiel, "persoonsgegevens", **{"ouders.0.naam": "M. Janssen", "jeugdige": {"naam": "S. Janssen"}})
    assert casus.persoonsgegevens is not None
    assert casus.persoonsgegevens.ouders[0].naam == "M. Janssen"
    assert casus.persoonsgegevens.jeugdige == Persoon(naam="S. Janssen")
    zonder = nieuwe_casus(profiel, op=OP)
    corrigeer(zonder, profiel, "persoonsgegevens", jeugdige={"naam": "S. Janssen"})
    assert zonder.persoonsgegevens == Persoonsgegevens(jeugdige=Persoon(naam="S. Janssen"))


def test_een_anonieme_casus_krijgt_geen_naam(profiel: RegioProfiel) -> None:
    anoniem = Toestemming(anoniem=True, anonimiteit_goedgekeurd_door="voorzitter")
    casus = nieuwe_casus(profiel, op=OP, toestemming=anoniem)
    fout = weigering(casus, profiel, "persoonsgegevens", jeugdige={"naam": "S. Janssen"})
    assert fout.regel is Regel.ANONIEM_MET_PERSOONSGEGEVENS


def test_een_geboortedatum_moet_bij_de_leeftijd_passen(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP, persoonsgegevens=Persoonsgegevens(jeugdige=Persoon(naam="S.")))
    fout = weigering(casus, profiel, "persoonsgegevens", **{"jeugdige.geboortedatum": "2001-01-01"})
    assert fout.regel is Regel.LEEFTIJD_KLOPT_NIET
    corrigeer(casus, profiel, "persoonsgegevens", **{"jeugdige.geboortedatum": "2011-06-01"})


def test_de_uitkomst_van_de_triage_is_niet_te_corrigeren(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    fout = weigering(casus, profiel, "triage", uitkomst="teruggelegd")
    assert fout.regel is Regel.CORRECTIE_NIET_TOEGESTAAN
    fout = weigering(casus, profiel, "triage", **{"knelpunten.0.omschrijving": "anders"})
    assert (fout.regel, fout.veld) == (Regel.CORRECTIE_NIET_TOEGESTAAN, "wijzigingen.knelpunten.0.omschrijving")
    fout = weigering(casus, profiel, "triage", handelingsverlegenheid=False)
    assert fout.regel is Regel.GEEN_COMPLEXE_CASUS
    corrigeer(casus, profiel, "triage", toelichting="Beter verwoord.")
    assert casus.triage is not None and casus.triage.toelichting == "Beter verwoord."


def test_wat_er_niet_is_valt_niet_te_corrigeren(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP)
    for onderdeel in ("triage", "advies", "afsluiting"):
        assert weigering(casus, profiel, onderdeel, toelichting="x").regel is Regel.NIETS_TE_CORRIGEREN


def test_een_correctie_zonder_wijziging_wordt_geweigerd(profiel: RegioProfiel) -> None:
    fout = weigering(nieuwe_casus(profiel, op=OP), profiel, "aanmelding", woonplaatsgemeente="Tilburg")
    assert fout.regel is Regel.CORRECTIE_ZONDER_WIJZIGING


def test_een_advies_houdt_de_doelen_die_geevalueerd_zijn(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    nieuw_doel = [{"code": "wonen", "omschrijving": "w", "termijn": "2027-01-04", "beoogd_effect": "e"}]
    assert weigering(casus, profiel, "advies", doelen=nieuw_doel).regel is Regel.EVALUATIE_ONBEKEND_DOEL
    assert weigering(casus, profiel, "advies", evaluatiedatum="2026-11-02").regel is Regel.EVALUATIEMOMENT_VOOR_ADVIES
    assert weigering(casus, profiel, "advies", verzonden_op="2026-11-03").regel is Regel.DATUM_IN_TOEKOMST
    assert weigering(casus, profiel, "advies", soort="bindend").regel is Regel.ADVIESSOORT_NIET_IN_REGIO
    corrigeer(casus, profiel, "advies", casusregisseur="B. de Boer")
    assert casus.advies is not None and casus.advies.casusregisseur == "B. de Boer"


def test_een_afsluiting_alleen_als_de_casus_dicht_is_en_binnen_de_grenzen(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.sluit_af(afsluitformulier(), op=OP, herkomst=HERKOMST)
    assert weigering(casus, profiel, "afsluiting", waardering_effect=11).regel is Regel.CORRECTIE_ONGELDIG
    corrigeer(casus, profiel, "afsluiting", reden="passende-hulp-georganiseerd", waardering_effect=9)
    assert casus.afsluiting is not None and casus.afsluiting.waardering_effect == 9
    assert casus.stap_versies["afsluiting"] == 5


def test_een_heropening_laat_alleen_de_aanmelding_corrigeerbaar(profiel: RegioProfiel) -> None:
    casus = met_advies(profiel)
    casus.sluit_af(afsluitformulier(), op=OP, herkomst=HERKOMST)
    casus.heropen(Heropening(reden="r"), op=OP, herkomst=HERKOMST)
    assert casus.stap_versies == {"aanmelding": 1, "persoonsgegevens": 1}


def velden(aantal: int) -> dict[str, object]:
    return {f"veld_{chr(97 + i // 26)}{chr(97 + i % 26)}": 1 for i in range(aantal)}


def test_de_correctie_zelf_is_begrensd() -> None:
    with pytest.raises(ValidationError):
        Correctie(onderdeel="aanmelding", wijzigingen={}, reden="r")
    with pytest.raises(ValidationError):
        Correctie(onderdeel="aanmelding", wijzigingen={"Leeftijd; DROP": 1}, reden="r")
    with pytest.raises(ValidationError):
        Correctie(onderdeel="aanmelding", wijzigingen=velden(51), reden="r")
    assert len(Correctie(onderdeel="aanmelding", wijzigingen=velden(50), reden="r").wijzigingen) == 50
    with pytest.raises(ValidationError):
        Correctie(onderdeel="dossier", wijzigingen={"a": 1}, reden="r")


def test_een_correctie_van_vandaag_laat_een_stap_van_vorige_week_toe(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.corrigeer(
        Correctie(onderdeel="aanmelding", wijzigingen={"leeftijd": 14}, reden="r"),
        profiel,
        op=date(2026, 11, 20),
        herkomst=HERKOMST,
    )
    assert casus.laatste_op == date(2026, 11, 2)
    casus.trieer(triage(), op=date(2026, 11, 10), herkomst=HERKOMST)


def test_de_adviessoort_wordt_niet_weggecorrigeerd(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    casus.plan_overleg(overleg(OP), op=OP, herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 4)), op=OP, herkomst=HERKOMST, profiel=profiel)
    assert casus.advies is not None and casus.advies.soort == "zwaarwegend"
    assert weigering(casus, profiel, "advies", soort=None).regel is Regel.CORRECTIE_ZONDER_WIJZIGING
    oud = met_advies(profiel)  # recorded before advice had a kind
    assert oud.advies is not None and oud.advies.soort is None
    corrigeer(oud, profiel, "advies", soort=None)
    assert oud.advies.soort == "zwaarwegend"


def test_een_gecorrigeerde_verzenddatum_wordt_opnieuw_aan_de_norm_getoetst(
    profiel: RegioProfiel, kalender: Werkkalender
) -> None:
    casus = nieuwe_casus(profiel, op=OP)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    casus.plan_overleg(overleg(OP), op=OP, herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 4)), op=date(2026, 11, 9), herkomst=HERKOMST)
    corrigeer(casus, profiel, "advies", verzonden_op="2026-11-03")
    termijnen = feiten.Termijnen(profiel.normen, kalender)
    rij = None
    for event in casus.collect_events():
        rij, kenmerken, _ = feiten.pas_toe(rij, event, termijnen)
    assert rij is not None and rij.advies_verzonden_op == date(2026, 11, 3)
    assert kenmerken["kenmerken"]["binnen_norm"] is True
    assert kenmerken["stap_versie"] == 4


@pytest.mark.parametrize("pad", ["ouders.00.naam", "ouders.01.naam", "ouders.007.naam"])
def test_een_positie_in_een_veldpad_staat_er_op_een_manier(pad: str) -> None:
    with pytest.raises(ValidationError):
        Correctie(onderdeel=Onderdeel.PERSOONSGEGEVENS, wijzigingen={pad: "x"}, reden="r")
    assert Correctie(onderdeel=Onderdeel.PERSOONSGEGEVENS, wijzigingen={"ouders.10.naam": "x"}, reden="r")
