"""The outcome of a bestuurlijke escalation: the round-table meeting (RTO) and its evaluation afterwards."""

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg
from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import Opschalingsstap, RegioProfiel
from domain.waarden import Heropening, Intakevragen, Opschaling
from tests.unit.conftest import HERKOMST, afsluitformulier, nieuwe_casus, profiel_met, triage

OPGESCHAALD = date(2026, 11, 16)
RTO = date(2026, 11, 30)


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def rto(datum: date = RTO, **wijzigingen: Any) -> BestuurlijkOverleg:
    velden: dict[str, Any] = {
        "datum": datum,
        "deelnemers": ("wethouder Jeugd Tilburg", "bestuurder Zorgaanbieder De Brug"),
        "uitkomst": "oplossing-afgesproken",
        "besluit": "De aanbieder start binnen twee weken; de gemeente financiert.",
    }
    velden.update(wijzigingen)
    return BestuurlijkOverleg.model_validate(velden)


def evaluatie(datum: date, **wijzigingen: Any) -> BestuurlijkeEvaluatie:
    velden: dict[str, Any] = {
        "datum": datum,
        "besluit_uitgevoerd": "ja",
        "casus_vlotgetrokken": True,
        "toelichting": "De plek kwam er.",
        "lessen": "Eerder bestuurlijk opschalen.",
        "lessen_categorie": "samenwerking",
    }
    velden.update(wijzigingen)
    return BestuurlijkeEvaluatie.model_validate(velden)


def alleen_bestuurlijk() -> RegioProfiel:
    return profiel_met(opschalingsketen=(Opschalingsstap(niveau="bestuurlijk", naar="wethouder"),))


def opgeschaald(profiel: RegioProfiel | None = None) -> Casus:
    profiel = profiel or alleen_bestuurlijk()
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="Vastgelopen."), profiel, op=OPGESCHAALD, herkomst=HERKOMST)
    return casus


def test_overleg_en_evaluatie_worden_vastgelegd() -> None:
    casus = opgeschaald()
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    casus.evalueer_bestuurlijk_overleg(evaluatie(date(2027, 1, 11)), op=date(2027, 1, 11), herkomst=HERKOMST)
    assert casus.bestuurlijke_overleggen == (rto(),)
    evaluatie_ = casus.bestuurlijke_evaluatie
    assert evaluatie_ is not None and evaluatie_.casus_vlotgetrokken
    soorten = [type(e).__name__ for e in casus.collect_events()][-2:]
    assert soorten == ["BestuurlijkOverlegGehouden", "BestuurlijkOverlegGeevalueerd"]


def test_alleen_na_een_bestuurlijke_opschaling() -> None:
    casus = nieuwe_casus(alleen_bestuurlijk())
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    with schendt(Regel.NIET_BESTUURLIJK_OPGESCHAALD):
        casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    with schendt(Regel.NIET_BESTUURLIJK_OPGESCHAALD):
        casus.evalueer_bestuurlijk_overleg(evaluatie(RTO), op=RTO, herkomst=HERKOMST)


def test_een_bovenregionale_opschaling_is_niet_genoeg(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    vragen = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "x"))
    bovenregionaal = Opschaling(niveau="bovenregionaal", reden="r", intakevragen=vragen)
    casus.schaal_op(bovenregionaal, profiel, op=OPGESCHAALD, herkomst=HERKOMST)
    with schendt(Regel.NIET_BESTUURLIJK_OPGESCHAALD):
        casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="r"), profiel, op=OPGESCHAALD, herkomst=HERKOMST)
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)


def test_overleg_niet_voor_de_opschaling() -> None:
    casus = opgeschaald()
    with schendt(Regel.BESTUURLIJK_OVERLEG_VOOR_OPSCHALING):
        casus.leg_bestuurlijk_overleg_vast(rto(date(2026, 11, 15)), op=RTO, herkomst=HERKOMST)
    casus.leg_bestuurlijk_overleg_vast(rto(OPGESCHAALD), op=OPGESCHAALD, herkomst=HERKOMST)  # the same day is fine


def test_overleg_wordt_vastgelegd_als_het_gehouden_is() -> None:
    casus = opgeschaald()
    with schendt(Regel.DATUM_IN_TOEKOMST):
        casus.leg_bestuurlijk_overleg_vast(rto(date(2026, 12, 1)), op=RTO, herkomst=HERKOMST)
    casus.leg_bestuurlijk_overleg_vast(rto(RTO), op=RTO, herkomst=HERKOMST)


def test_meer_overleggen_tot_de_evaluatie() -> None:
    casus = opgeschaald()
    casus.leg_bestuurlijk_overleg_vast(rto(uitkomst="vervolgoverleg"), op=RTO, herkomst=HERKOMST)
    casus.leg_bestuurlijk_overleg_vast(rto(date(2026, 12, 14)), op=date(2026, 12, 14), herkomst=HERKOMST)
    assert [o.uitkomst for o in casus.bestuurlijke_overleggen] == ["vervolgoverleg", "oplossing-afgesproken"]
    casus.evalueer_bestuurlijk_overleg(evaluatie(date(2026, 12, 14)), op=date(2026, 12, 14), herkomst=HERKOMST)
    with schendt(Regel.BESTUURLIJK_AL_GEEVALUEERD):
        casus.leg_bestuurlijk_overleg_vast(rto(date(2026, 12, 15)), op=date(2026, 12, 15), herkomst=HERKOMST)


def test_evaluatie_pas_na_een_overleg() -> None:
    casus = opgeschaald()
    with schendt(Regel.EVALUATIE_ZONDER_BESTUURLIJK_OVERLEG):
        casus.evalueer_bestuurlijk_overleg(evaluatie(RTO), op=RTO, herkomst=HERKOMST)


def test_evaluatie_niet_voor_de_datum_van_het_laatste_overleg() -> None:
    casus = opgeschaald()
    casus.leg_bestuurlijk_overleg_vast(rto(date(2026, 12, 14)), op=date(2026, 12, 14), herkomst=HERKOMST)
    casus.leg_bestuurlijk_overleg_vast(rto(RTO), op=date(2026, 12, 15), herkomst=HERKOMST)  # recorded late
    with schendt(Regel.EVALUATIE_VOOR_BESTUURLIJK_OVERLEG):
        casus.evalueer_bestuurlijk_overleg(evaluatie(date(2026, 12, 13)), op=date(2026, 12, 15), herkomst=HERKOMST)
    casus.evalueer_bestuurlijk_overleg(evaluatie(date(2026, 12, 14)), op=date(2026, 12, 15), herkomst=HERKOMST)


def test_evaluatie_wordt_vastgelegd_als_ze_gehouden_is() -> None:
    casus = opgeschaald()
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    with schendt(Regel.DATUM_IN_TOEKOMST):
        casus.evalueer_bestuurlijk_overleg(evaluatie(date(2027, 1, 11)), op=date(2027, 1, 10), herkomst=HERKOMST)


def test_een_keer_evalueren() -> None:
    casus = opgeschaald()
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    casus.evalueer_bestuurlijk_overleg(evaluatie(RTO), op=RTO, herkomst=HERKOMST)
    with schendt(Regel.BESTUURLIJK_AL_GEEVALUEERD):
        casus.evalueer_bestuurlijk_overleg(evaluatie(RTO), op=RTO, herkomst=HERKOMST)


def test_evaluatie_ook_na_de_afsluiting_maar_geen_overleg() -> None:
    casus = opgeschaald()
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.leg_bestuurlijk_overleg_vast(rto(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.evalueer_bestuurlijk_overleg(evaluatie(date(2027, 1, 11)), op=date(2027, 1, 11), herkomst=HERKOMST)
    assert casus.bestuurlijke_evaluatie is not None


def test_een_heropende_casus_begint_opnieuw() -> None:
    profiel = alleen_bestuurlijk()
    casus = opgeschaald(profiel)
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    casus.evalueer_bestuurlijk_overleg(evaluatie(RTO), op=RTO, herkomst=HERKOMST)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.heropen(Heropening(reden="r"), op=date(2027, 1, 4), herkomst=HERKOMST)
    assert (casus.bestuurlijke_overleggen, casus.bestuurlijke_evaluatie) == ((), None)
    with schendt(Regel.NIET_BESTUURLIJK_OPGESCHAALD):  # the old round's escalation is not this round's
        casus.evalueer_bestuurlijk_overleg(evaluatie(date(2027, 1, 5)), op=date(2027, 1, 5), herkomst=HERKOMST)
    casus.trieer(triage(), op=date(2027, 1, 5), herkomst=HERKOMST)
    casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="r"), profiel, op=date(2027, 1, 6), herkomst=HERKOMST)
    casus.leg_bestuurlijk_overleg_vast(rto(date(2027, 1, 7)), op=date(2027, 1, 7), herkomst=HERKOMST)
    casus.evalueer_bestuurlijk_overleg(evaluatie(date(2027, 1, 8)), op=date(2027, 1, 8), herkomst=HERKOMST)
    assert len(casus.alle_bestuurlijke_evaluaties) == 2


def test_overleg_heeft_deelnemers_en_een_bekende_uitkomst() -> None:
    with pytest.raises(ValidationError):
        rto(deelnemers=())
    with pytest.raises(ValidationError):
        rto(uitkomst="uitgesteld")
    with pytest.raises(ValidationError):
        rto(deelnemers=tuple(f"deelnemer {n}" for n in range(51)))
    assert len(rto(deelnemers=tuple(f"deelnemer {n}" for n in range(50))).deelnemers) == 50


def test_evaluatie_vraagt_lessen_en_begrenst_knelpunten() -> None:
    with pytest.raises(ValidationError):
        evaluatie(RTO, lessen="")
    with pytest.raises(ValidationError):
        evaluatie(RTO, besluit_uitgevoerd="misschien")
    knelpunt = {"categorie": "financiering", "omschrijving": "k"}
    with pytest.raises(ValidationError):
        evaluatie(RTO, knelpunten=[knelpunt] * 51)
    assert len(evaluatie(RTO, knelpunten=[knelpunt] * 50).knelpunten) == 50
