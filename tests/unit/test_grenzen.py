"""Boundary dates and rare paths of the regional case, its norms and the network's answers."""

from __future__ import annotations

import copy
from datetime import date
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from domain.casus import Casus, Fase
from domain.fouten import Regel, RegelGeschonden
from domain.netwerk import Actie, Escalatie, Kernteambesluit, Oplossing, Terugmelding
from domain.netwerkcasus import Netwerkcasus
from domain.normen import (
    Norm,
    NormFeiten,
    NormStatus,
    deadline,
    normstatussen,
    normstatussen_van,
    termijn,
    van_toepassing,
)
from domain.regioprofiel import Normtermijnen, Opschalingsstap, RegioProfiel, Werkstroom
from domain.waarden import Herkomst, Heropening, Intakevragen, Opschaling, Persoon, Persoonsgegevens
from domain.werkdagen import Werkkalender
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

NORMEN = Normtermijnen()
INTAKE = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie het dossier."))
BOVENREGIONAAL = Opschaling(niveau="bovenregionaal", reden="Geen passend aanbod.", intakevragen=INTAKE)
BESTUURLIJK = Opschaling(niveau="bestuurlijk", reden="Financiering staat stil.")
KERNTEAM = Herkomst(actor="voorzitter", rol="kernteam")


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def per_norm(casus: Casus, kalender: Werkkalender, vandaag: date) -> dict[Norm, NormStatus]:
    return {s.norm: s for s in normstatussen(casus, NORMEN, kalender, vandaag)}


def met_advies(profiel: RegioProfiel, **wijzigingen: object) -> Casus:
    casus = nieuwe_casus(profiel, **wijzigingen)  # type: ignore[arg-type]
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 11), herkomst=HERKOMST)
    return casus


def terugmelding(casus: Casus, **inhoud: object) -> Terugmelding:
    return Terugmelding(
        netwerk="ben-brabant-zeeland",
        regio=casus.regio,
        casus_id=casus.id,
        netwerkcasus_id=uuid4(),
        netwerk_versie=2,
        op=date(2026, 11, 24),
        **inhoud,
    )


# --- registration: age on the day ----------------------------------------------------


def jeugdige(geboortedatum: date) -> Persoonsgegevens:
    return Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen", geboortedatum=geboortedatum))


def test_aanmelding_op_de_verjaardag_telt_het_nieuwe_jaar(profiel: RegioProfiel) -> None:
    gegevens = jeugdige(date(2011, 11, 2))
    assert nieuwe_casus(profiel, op=date(2026, 11, 2), leeftijd=15, persoonsgegevens=gegevens).aanmelding.leeftijd == 15
    with schendt(Regel.LEEFTIJD_KLOPT_NIET):
        nieuwe_casus(profiel, op=date(2026, 11, 2), leeftijd=14, persoonsgegevens=gegevens)


def test_aanmelding_de_dag_voor_de_verjaardag_telt_het_oude_jaar(profiel: RegioProfiel) -> None:
    gegevens = jeugdige(date(2011, 11, 3))
    assert nieuwe_casus(profiel, op=date(2026, 11, 2), leeftijd=14, persoonsgegevens=gegevens).aanmelding.leeftijd == 14
    with schendt(Regel.LEEFTIJD_KLOPT_NIET):
        nieuwe_casus(profiel, op=date(2026, 11, 2), leeftijd=15, persoonsgegevens=gegevens)


def test_aanmelding_met_de_verjaardag_al_voorbij_dit_jaar(profiel: RegioProfiel) -> None:
    gegevens = jeugdige(date(2011, 3, 4))  # earlier month, later day than the registration
    assert nieuwe_casus(profiel, op=date(2026, 11, 2), leeftijd=15, persoonsgegevens=gegevens).aanmelding.leeftijd == 15
    with schendt(Regel.LEEFTIJD_KLOPT_NIET):
        nieuwe_casus(profiel, op=date(2026, 11, 2), leeftijd=14, persoonsgegevens=gegevens)


def test_aanmelding_houdt_het_gegeven_id(profiel: RegioProfiel) -> None:
    casus_id = UUID("8d6c2f0e-3b1a-4f5e-9c7d-2a4b6c8e0f13")
    casus = Casus.meld_aan(
        casus_id=casus_id,
        profiel=profiel,
        aanmelding=nieuwe_casus(profiel).aanmelding,
        persoonsgegevens=None,
        op=date(2026, 11, 2),
        herkomst=HERKOMST,
    )
    assert casus.id == casus_id


# --- dates on the boundary -------------------------------------------------------------


def test_overleg_op_de_dag_van_aanmelding_mag(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 2), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 2)), op=date(2026, 11, 2), herkomst=HERKOMST)
    assert casus.overleggen[-1].datum == date(2026, 11, 2)


def test_een_datum_voor_de_aanmelding_noemt_welke_datum(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    with pytest.raises(RegelGeschonden, match=r"^datum-voor-aanmelding: the meeting date \(2026-11-01\)") as fout:
        casus.plan_overleg(overleg(date(2026, 11, 1)), op=date(2026, 11, 3), herkomst=HERKOMST)
    assert fout.value.regel is Regel.DATUM_VOOR_AANMELDING
    casus = met_advies(profiel)
    with pytest.raises(RegelGeschonden, match=r"^datum-voor-aanmelding: the evaluation date \(2026-11-01\)") as fout:
        casus.leg_evaluatie_vast(evaluatie(date(2026, 11, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    assert fout.value.regel is Regel.DATUM_VOOR_AANMELDING


def test_advies_op_de_dag_van_het_overleg_mag(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 10), herkomst=HERKOMST)
    assert casus.advies_op == date(2026, 11, 10)


def test_advies_verzonden_op_de_dag_dat_het_wordt_vastgelegd(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(
        advies(date(2027, 1, 20), verzonden_op=date(2026, 11, 11)), op=date(2026, 11, 11), herkomst=HERKOMST
    )
    status = per_norm(casus, kalender, date(2026, 11, 11))[Norm.ADVIES_VERZONDEN]
    assert (status.voldaan_op, status.deadline, status.gehaald) == (date(2026, 11, 11), date(2026, 11, 11), True)


def test_advies_verzonden_voor_het_vastleggen_telt_de_verzenddatum(
    profiel: RegioProfiel, kalender: Werkkalender
) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(
        advies(date(2027, 1, 20), verzonden_op=date(2026, 11, 11)), op=date(2026, 11, 16), herkomst=HERKOMST
    )
    status = per_norm(casus, kalender, date(2026, 11, 16))[Norm.ADVIES_VERZONDEN]
    assert (status.voldaan_op, status.gehaald) == (date(2026, 11, 11), True)
    assert per_norm(casus, kalender, date(2026, 11, 16))[Norm.EVALUATIE].deadline == date(2027, 2, 16)  # of recording


def test_een_norm_gehaald_precies_op_de_deadline(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 20))  # a Friday: triage due Friday 27th
    casus.trieer(triage(), op=date(2026, 11, 27), herkomst=HERKOMST)
    status = per_norm(casus, kalender, date(2026, 11, 30))[Norm.TRIAGE]
    assert (status.deadline, status.voldaan_op, status.gehaald, status.te_laat) == (
        date(2026, 11, 27),
        date(2026, 11, 27),
        True,
        False,
    )


def test_een_open_norm_is_op_de_deadline_zelf_nog_niet_te_laat(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 20))
    assert not per_norm(casus, kalender, date(2026, 11, 27))[Norm.TRIAGE].te_laat
    assert per_norm(casus, kalender, date(2026, 11, 28))[Norm.TRIAGE].te_laat


# --- back on the table, reopened ---------------------------------------------------------


def terug_op_tafel(profiel: RegioProfiel) -> Casus:
    casus = met_advies(profiel)
    casus.leg_evaluatie_vast(
        evaluatie(date(2026, 12, 1)).model_copy(update={"terug_op_tafel": True}),
        op=date(2026, 12, 1),
        herkomst=HERKOMST,
    )
    casus.plan_overleg(overleg(date(2026, 12, 8)), op=date(2026, 12, 2), herkomst=HERKOMST)
    return casus


def test_geen_evaluatie_terwijl_de_casus_terug_op_tafel_ligt(profiel: RegioProfiel) -> None:
    casus = terug_op_tafel(profiel)
    assert casus.fase is Fase.OVERLEG_GEPLAND and casus.advies is not None
    with schendt(Regel.EVALUATIE_ZONDER_ADVIES):
        casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 9)), op=date(2026, 12, 9), herkomst=HERKOMST)


def test_terug_op_tafel_houdt_het_eerste_overleg_en_telt_een_keer(profiel: RegioProfiel) -> None:
    casus = terug_op_tafel(profiel)
    assert [o.datum for o in casus.overleggen] == [date(2026, 11, 10), date(2026, 12, 8)]
    assert (casus.terug_op_tafel, casus.heropeningen, casus.terugkeer) == (1, 0, 1)
    feiten = NormFeiten.van(casus)
    assert (feiten.eerste_overleg, feiten.laatste_overleg) == (date(2026, 11, 10), date(2026, 12, 8))


def test_een_tweede_overleg_zonder_evaluatie_telt_niet_als_terugkeer(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 12)), op=date(2026, 11, 5), herkomst=HERKOMST)
    assert casus.terugkeer == 0


def test_de_eerste_evaluatie_telt_voor_de_norm(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = met_advies(profiel)
    casus.leg_evaluatie_vast(evaluatie(date(2027, 2, 1)), op=date(2027, 2, 1), herkomst=HERKOMST)
    casus.leg_evaluatie_vast(evaluatie(date(2027, 3, 1)), op=date(2027, 3, 1), herkomst=HERKOMST)
    assert [e.datum for e in casus.evaluaties] == [date(2027, 2, 1), date(2027, 3, 1)]
    status = per_norm(casus, kalender, date(2027, 3, 1))[Norm.EVALUATIE]
    assert (status.voldaan_op, status.gehaald) == (date(2027, 2, 1), True)


def gesloten_en_heropend(profiel: RegioProfiel, op: date = date(2027, 3, 1), **wijzigingen: object) -> Casus:
    casus = met_advies(profiel, **wijzigingen)
    casus.leg_evaluatie_vast(evaluatie(date(2027, 1, 20)), op=date(2027, 1, 20), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2027, 1, 21), herkomst=HERKOMST)
    casus.sluit_af(afsluitformulier(), op=date(2027, 2, 1), herkomst=HERKOMST)
    casus.heropen(Heropening(reden="opnieuw onveilig"), op=op, herkomst=HERKOMST)
    return casus


def test_een_heropende_casus_begint_een_lege_ronde(profiel: RegioProfiel) -> None:
    """The reopened case keeps the old round in its history, not in its state: no evaluations, advice,
    meetings, triage, escalations or closing carry over; the round starts on the day of reopening."""
    casus = gesloten_en_heropend(profiel)
    assert casus.fase is Fase.AANGEMELD
    assert casus.ronde_start == date(2027, 3, 1) and casus.aangemeld_op == date(2026, 11, 2)
    assert (casus.triage, casus.getrieerd_op, casus.advies, casus.advies_op) == (None, None, None, None)
    assert (casus.overleggen, casus.evaluaties, casus.opschalingen) == ([], [], [])
    assert (casus.afsluiting, casus.afgesloten_op) == (None, None)
    assert (casus.heropeningen, casus.terugkeer) == (1, 1)
    soorten = [type(e).__name__ for e in casus.collect_events()]
    assert soorten.count("EvaluatieVastgelegd") == 1 and soorten[-1] == "Heropend"


def test_een_heropende_casus_doorloopt_de_stappen_opnieuw(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = gesloten_en_heropend(profiel)
    with schendt(Regel.NOG_NIET_GETRIEERD):
        casus.plan_overleg(overleg(date(2027, 3, 5)), op=date(2027, 3, 2), herkomst=HERKOMST)
    casus.trieer(triage(), op=date(2027, 3, 2), herkomst=HERKOMST)
    with schendt(Regel.DATUM_VOOR_AANMELDING):  # the new round starts on the day of reopening
        casus.plan_overleg(overleg(date(2027, 2, 28)), op=date(2027, 3, 2), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2027, 3, 3), herkomst=HERKOMST)  # again, in the new round
    assert set(per_norm(casus, kalender, date(2027, 3, 3))) == {Norm.TRIAGE, Norm.OVERLEG}
    assert per_norm(casus, kalender, date(2027, 3, 3))[Norm.TRIAGE].deadline == date(2027, 3, 8)


def test_een_tweede_heropening_telt_twee(profiel: RegioProfiel) -> None:
    casus = gesloten_en_heropend(profiel)
    casus.sluit_af(afsluitformulier(reden="ingetrokken"), op=date(2027, 3, 2), herkomst=HERKOMST)
    assert (casus.afsluiting, casus.afgesloten_op) == (afsluitformulier(reden="ingetrokken"), date(2027, 3, 2))
    casus.heropen(Heropening(reden="weer"), op=date(2027, 3, 3), herkomst=HERKOMST)
    assert (casus.heropeningen, casus.terugkeer) == (2, 2)


def test_de_overlegnorm_van_een_heropende_werkstroom_a_casus_telt_vanaf_de_heropening(
    profiel: RegioProfiel, kalender: Werkkalender
) -> None:
    casus = gesloten_en_heropend(profiel, werkstroom="A", plaatsingsdatum=date(2026, 10, 30))
    status = per_norm(casus, kalender, date(2027, 3, 1))[Norm.OVERLEG]
    assert status.deadline == date(2027, 3, 15)
    assert status.termijn == "14 dagen na aanmelding"
    assert NormFeiten.van(casus).heropend


def test_de_overlegnorm_van_werkstroom_b_met_plaatsingsdatum_telt_vanaf_de_aanmelding(
    profiel: RegioProfiel, kalender: Werkkalender
) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 10), werkstroom="B", plaatsingsdatum=date(2026, 11, 1))
    status = per_norm(casus, kalender, date(2026, 11, 10))[Norm.OVERLEG]
    assert (status.deadline, status.termijn) == (date(2026, 11, 24), "14 dagen na aanmelding")
    assert not NormFeiten.van(casus).heropend


def test_de_overlegnorm_van_werkstroom_a_met_plaatsingsdatum(kalender: Werkkalender) -> None:
    feiten = NormFeiten(ronde_start=date(2026, 11, 10), werkstroom=Werkstroom.A, plaatsingsdatum=date(2026, 11, 1))
    assert deadline(Norm.OVERLEG, feiten, NORMEN, kalender) == date(2026, 11, 15)
    assert termijn(Norm.OVERLEG, feiten, NORMEN) == "14 dagen na plaatsing"
    zonder = NormFeiten(ronde_start=date(2026, 11, 10), werkstroom=Werkstroom.A)
    assert deadline(Norm.OVERLEG, zonder, NORMEN, kalender) == date(2026, 11, 24)
    assert termijn(Norm.OVERLEG, zonder, NORMEN) == "14 dagen na aanmelding"


def test_termijnen_zoals_de_teams_ze_zeggen() -> None:
    feiten = NormFeiten(ronde_start=date(2026, 11, 10), werkstroom=Werkstroom.B)
    assert [termijn(norm, feiten, NORMEN) for norm in Norm] == [
        "5 werkdagen na aanmelding",
        "14 dagen na aanmelding",
        "1 werkdag(en) na het overleg",
        "3 maanden na het advies",
    ]


def test_zonder_advies_geen_evaluatiedeadline(kalender: Werkkalender) -> None:
    feiten = NormFeiten(ronde_start=date(2026, 11, 10), werkstroom=Werkstroom.B, laatste_overleg=date(2026, 11, 20))
    assert deadline(Norm.EVALUATIE, feiten, NORMEN, kalender) is None
    assert deadline(Norm.ADVIES_VERZONDEN, feiten, NORMEN, kalender) == date(2026, 11, 23)
    assert deadline(Norm.ADVIES_VERZONDEN, NormFeiten(date(2026, 11, 10), Werkstroom.B), NORMEN, kalender) is None


def test_normen_van_losse_feiten(kalender: Werkkalender) -> None:
    feiten = NormFeiten(ronde_start=date(2026, 11, 20), werkstroom=Werkstroom.B)
    statussen = {s.norm: s for s in normstatussen_van(feiten, NORMEN, kalender, date(2026, 11, 30))}
    assert (statussen[Norm.TRIAGE].deadline, statussen[Norm.TRIAGE].te_laat) == (date(2026, 11, 27), True)
    assert (statussen[Norm.OVERLEG].deadline, statussen[Norm.OVERLEG].te_laat) == (date(2026, 12, 4), False)


def test_de_adviesnorm_volgt_pas_op_een_bekend_laatste_overleg() -> None:
    feiten = NormFeiten(ronde_start=date(2026, 11, 10), werkstroom=Werkstroom.B, eerste_overleg=date(2026, 11, 12))
    assert [norm for norm, _ in van_toepassing(feiten, date(2026, 11, 20))] == [Norm.TRIAGE, Norm.OVERLEG]


# --- the network's answers on the regional case ------------------------------------------


def test_de_actie_van_het_netwerk_komt_op_de_regionale_casus(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=HERKOMST)
    actie = terugmelding(casus, actie=Actie(inzet="Twee dagdelen per week.", contactpersoon="P. de Wit"))
    casus.ontvang_van_netwerk(actie, op=date(2026, 11, 27), herkomst=KERNTEAM)
    event = casus.collect_events()[-1]
    assert isinstance(event, Casus.NetwerkActieOntvangen)
    assert (event.terugmelding, event.op, event.herkomst) == (actie, date(2026, 11, 27), KERNTEAM)
    assert casus.netwerk == [actie]


def test_elk_antwoord_van_het_netwerk_blijft_bewaard(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=HERKOMST)
    besluit = terugmelding(casus, besluit=Kernteambesluit(opgepakt=True, oplossing=Oplossing.DOORBRAAK))
    actie = terugmelding(casus, actie=Actie(inzet="i"))
    from domain.netwerk import Afsluitchecklist, NetwerkAfsluiting

    checklist = Afsluitchecklist(**dict.fromkeys(Afsluitchecklist.model_fields, True))
    afsluiting = terugmelding(casus, afsluiting=NetwerkAfsluiting(checklist=checklist))
    for antwoord in (besluit, actie, afsluiting):
        casus.ontvang_van_netwerk(antwoord, op=date(2026, 11, 27), herkomst=KERNTEAM)
    assert casus.netwerk == [besluit, actie, afsluiting]


def test_een_terugmelding_voor_een_andere_regio_wordt_geweigerd(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=HERKOMST)
    andere_regio = terugmelding(casus, actie=Actie(inzet="i")).model_copy(update={"regio": "zeeland"})
    with schendt(Regel.NIET_BOVENREGIONAAL_OPGESCHAALD):
        casus.ontvang_van_netwerk(andere_regio, op=date(2026, 11, 27), herkomst=KERNTEAM)


def test_een_alleen_bestuurlijk_opgeschaalde_casus_hoort_niets_van_het_netwerk() -> None:
    regionaal = profiel_met(opschalingsketen=(Opschalingsstap(niveau="bestuurlijk", naar="wethouder"),))
    casus = nieuwe_casus(regionaal)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(BESTUURLIJK, regionaal, op=date(2026, 11, 20), herkomst=HERKOMST)
    assert not casus.ooit_bovenregionaal
    with schendt(Regel.NIET_BOVENREGIONAAL_OPGESCHAALD):
        casus.ontvang_van_netwerk(terugmelding(casus, actie=Actie(inzet="i")), op=date(2026, 11, 27), herkomst=KERNTEAM)


def test_een_heropende_casus_hoort_nog_van_het_netwerk(profiel: RegioProfiel) -> None:
    casus = gesloten_en_heropend(profiel)
    assert casus.ooit_bovenregionaal and casus.opschalingen == []
    casus.ontvang_van_netwerk(terugmelding(casus, actie=Actie(inzet="i")), op=date(2027, 3, 2), herkomst=KERNTEAM)
    assert len(casus.netwerk) == 1


def test_opschalingen_worden_alle_onthouden(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=HERKOMST)
    casus.schaal_op(BESTUURLIJK, profiel, op=date(2026, 11, 21), herkomst=HERKOMST)
    assert casus.opschalingen == [(BOVENREGIONAAL, date(2026, 11, 20)), (BESTUURLIJK, date(2026, 11, 21))]
    with schendt(Regel.AL_OPGESCHAALD):
        casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 22), herkomst=HERKOMST)


def test_een_bestuurlijke_opschaling_kan_niet_naar_het_netwerk(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    with pytest.raises(ValueError, match="bovenregionale"):
        casus.escalatie(BESTUURLIJK, versie=3, op=date(2026, 11, 20), netwerk="ben-brabant-zeeland")
    zonder_vragen = Opschaling.model_construct(niveau=BOVENREGIONAAL.niveau, reden="r", intakevragen=None)
    with pytest.raises(ValueError, match="bovenregionale"):
        casus.escalatie(zonder_vragen, versie=3, op=date(2026, 11, 20), netwerk="ben-brabant-zeeland")


# --- the network's case ----------------------------------------------------------------------


def netwerkcasus(profiel: RegioProfiel) -> Netwerkcasus:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=HERKOMST)
    uit = casus.escalatie(BOVENREGIONAAL, versie=casus.version, op=date(2026, 11, 20), netwerk="ben-brabant-zeeland")
    return Netwerkcasus.ontvang(uit, op=date(2026, 11, 20), herkomst=KERNTEAM)


def test_een_teruggelegde_casus_krijgt_geen_contactpersoontermijn(profiel: RegioProfiel) -> None:
    casus = netwerkcasus(profiel)
    casus.besluit_kernteam(Kernteambesluit(opgepakt=False, reden="Regionaal op te lossen."), op=date(2026, 11, 23),
                           herkomst=KERNTEAM)  # fmt: skip
    assert casus.besluit_op == date(2026, 11, 23)
    assert casus.contactpersoon_uiterlijk() is None


def test_eerste_en_laatste_contactpersoon(profiel: RegioProfiel) -> None:
    casus = netwerkcasus(profiel)
    casus.besluit_kernteam(Kernteambesluit(opgepakt=True, oplossing=Oplossing.CONSULTATIE_EN_ADVIES),
                           op=date(2026, 11, 23), herkomst=KERNTEAM)  # fmt: skip
    assert (casus.contactpersoon, casus.contactpersoon_sinds) == (None, None)
    casus.spreek_actie_af(Actie(inzet="zonder"), op=date(2026, 11, 24), herkomst=KERNTEAM)
    casus.spreek_actie_af(Actie(inzet="eerste", contactpersoon="P. de Wit"), op=date(2026, 11, 25), herkomst=KERNTEAM)
    casus.spreek_actie_af(Actie(inzet="later", contactpersoon="R. Smit"), op=date(2026, 12, 2), herkomst=KERNTEAM)
    casus.spreek_actie_af(Actie(inzet="zonder"), op=date(2026, 12, 3), herkomst=KERNTEAM)
    assert casus.contactpersoon == "R. Smit"  # the latest one named
    assert casus.contactpersoon_sinds == date(2026, 11, 25)  # since the first one named
    assert [op for _, op in casus.acties] == [
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 12, 2),
        date(2026, 12, 3),
    ]


def test_het_netwerkcasus_id_blijft_over_versies_gelijk() -> None:
    """The network case's id follows from the escalation by a fixed rule: a redelivery after an upgrade
    must find the same case."""
    escalatie = Escalatie(
        regio="hart-van-brabant",
        netwerk="ben-brabant-zeeland",
        casus_id=UUID("8d6c2f0e-3b1a-4f5e-9c7d-2a4b6c8e0f13"),
        casus_versie=3,
        opgeschaald_op=date(2026, 11, 20),
        reden="r",
        intakevragen=INTAKE,
        urgentie="hoog",
        werkstroom="B",
        leeftijd=15,
        woonplaatsgemeente="Tilburg",
        leefgebieden=("gezin",),
    )
    assert escalatie.netwerkcasus_id == UUID("28ed7798-2a2b-50f6-8a57-db83c3af1dcf")


def test_het_bericht_id_van_een_terugmelding(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    melding = terugmelding(casus, actie=Actie(inzet="i"))
    assert melding.bericht_id == f"{melding.netwerkcasus_id}/2"
    assert melding.model_copy(update={"netwerk_versie": 3}).bericht_id != melding.bericht_id


# --- what the aggregates remember ------------------------------------------------------------


def test_een_commando_met_idempotency_key_wordt_onthouden(profiel: RegioProfiel) -> None:
    from domain.events import Uitvoering

    sleutel = Herkomst(actor="a", rol="triagist", idempotency_key="k-1", verzoek_hash="h-1")
    casus = Casus.meld_aan(
        casus_id=uuid4(),
        profiel=profiel,
        aanmelding=nieuwe_casus(profiel).aanmelding,
        persoonsgegevens=None,
        op=date(2026, 11, 2),
        herkomst=sleutel,
    )
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=sleutel.model_copy(update={"idempotency_key": "k-2"}))
    assert casus.uitgevoerde_commandos == {
        "k-1": Uitvoering(versie=1, verzoek_hash="h-1", op=date(2026, 11, 2)),
        "k-2": Uitvoering(versie=2, verzoek_hash="h-1", op=date(2026, 11, 3)),
    }


def test_een_opgeslagen_event_met_een_onbekend_veld_laadt_niet(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    getrieerd = casus.collect_events()[-1]
    data = getrieerd.model_dump()
    assert Casus.Getrieerd.model_validate(data) == getrieerd
    with pytest.raises(ValidationError, match="onbekend"):
        Casus.Getrieerd.model_validate({**data, "onbekend": 1})
    with pytest.raises(ValidationError):
        getrieerd.op = date(2026, 11, 4)  # type: ignore[misc]


def test_een_kopie_voor_een_commando_deelt_geen_lijsten(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    kopie = copy.deepcopy(casus)
    assert type(kopie) is Casus and kopie is not casus
    assert (kopie.id, kopie.version, kopie.triage) == (casus.id, casus.version, casus.triage)
    kopie.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    assert casus.overleggen == [] and len(kopie.overleggen) == 1
    assert casus.fase is Fase.GETRIEERD and kopie.fase is Fase.OVERLEG_GEPLAND
    assert kopie.aanmelding is casus.aanmelding  # immutable values are shared


# --- working days ------------------------------------------------------------------------------


def test_werkdagen_tussen_aan_de_grenzen(kalender: Werkkalender) -> None:
    maandag, dinsdag = date(2026, 11, 16), date(2026, 11, 17)
    assert kalender.werkdagen_tussen(maandag, maandag) == 0
    assert kalender.werkdagen_tussen(maandag, dinsdag) == 1
    assert kalender.werkdagen_tussen(dinsdag, maandag) == -1
    assert kalender.werkdagen_tussen(date(2026, 11, 13), maandag) == 1  # Friday to Monday
    assert kalender.werkdagen_tussen(maandag, date(2026, 11, 22)) == 4  # Monday to Sunday
