"""Edges of the meeting cadence, a meeting's own details, the evaluation moment and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.fouten import Regel, RegelGeschonden
from domain.herinneringen import herinnering
from domain.overlegmoment import Evaluatiemoment, Overlegmoment
from domain.regioprofiel import Overlegritme, Overlegsoort, RegioProfiel
from domain.werkdagen import Werkkalender
from tests.unit.conftest import HERKOMST
from tests.unit.test_grenzen import terug_op_tafel

EERSTE = date(2026, 11, 5)  # a Thursday


def test_het_ritme_begint_niet_voor_de_gevraagde_dag() -> None:
    wekelijks = Overlegritme(eerste=EERSTE, elke_weken=1)
    assert wekelijks.data(EERSTE, EERSTE + timedelta(days=14)) == [
        EERSTE,
        EERSTE + timedelta(7),
        EERSTE + timedelta(14),
    ]
    assert wekelijks.data(EERSTE + timedelta(days=1), EERSTE + timedelta(days=14)) == [
        EERSTE + timedelta(7),
        EERSTE + timedelta(14),
    ]
    assert wekelijks.data(EERSTE - timedelta(days=3), EERSTE) == [EERSTE]


def test_een_overleg_houdt_locatie_en_toelichting() -> None:
    overleg = Overlegmoment.beleg(
        regio="hart-van-brabant",
        datum=EERSTE,
        soort=Overlegsoort.EXPERTTEAM,
        duur_minuten=120,
        extra=True,
        op=EERSTE,
        herkomst=HERKOMST,
        locatie="Stadskantoor Tilburg",
        toelichting="Doorbraaktafel.",
    )
    assert (overleg.locatie, overleg.toelichting, overleg.extra) == ("Stadskantoor Tilburg", "Doorbraaktafel.", True)


def test_geen_evaluatiemoment_terwijl_de_casus_terug_op_tafel_ligt(profiel: RegioProfiel) -> None:
    casus = terug_op_tafel(profiel)
    with pytest.raises(RegelGeschonden) as fout:
        casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 1, 14)), op=date(2026, 12, 9), herkomst=HERKOMST)
    assert fout.value.regel is Regel.EVALUATIE_ZONDER_ADVIES


def test_een_norm_die_vandaag_afloopt_is_nog_niet_te_laat(kalender: Werkkalender) -> None:
    dag = date(2026, 11, 20)
    vandaag = herinnering("r", uuid4(), "getrieerd", "overleg", dag, dag=dag, werkdagen=2, kalender=kalender)
    gisteren = herinnering("r", uuid4(), "getrieerd", "overleg", dag - timedelta(1), dag=dag, werkdagen=2,
                           kalender=kalender)  # fmt: skip
    assert vandaag is not None and not vandaag.te_laat
    assert gisteren is not None and gisteren.te_laat


def test_een_vastgelegd_overleg_op_de_laatste_dag_staat_op_de_agenda(kalender: Werkkalender) -> None:
    from domain.agenda import Plek, agenda
    from tests.unit.test_agenda import met_ritme

    extra = Plek(uuid4(), date(2026, 12, 4), Overlegsoort.EXPERTTEAM, 90, extra=True, vastgelegd=True)
    assert extra in agenda(met_ritme(), kalender, date(2026, 12, 1), date(2026, 12, 4), [extra])
    assert agenda(met_ritme(), kalender, date(2026, 12, 1), date(2026, 12, 3), [extra]) == []


def test_een_dubbel_overleg_noemt_de_datum(kalender: Werkkalender) -> None:
    from domain.agenda import controleer_nieuw_overleg
    from tests.unit.test_agenda import DONDERDAG, TWEEWEKELIJKS, met_ritme

    with pytest.raises(RegelGeschonden) as fout:
        controleer_nieuw_overleg(met_ritme(TWEEWEKELIJKS), kalender, DONDERDAG, Overlegsoort.EXPERTTEAM, bestaat=True)
    assert (fout.value.regel, fout.value.veld) == (Regel.OVERLEG_BESTAAT_AL, "datum")


def test_een_vastgelegd_extra_overleg_duurt_standaard_twee_uur(kalender: Werkkalender) -> None:
    from domain.agenda import STANDAARD_DUUR, kies_overleg
    from domain.regioprofiel import Werkstroom
    from tests.unit.test_agenda import met_ritme

    keuze = kies_overleg(met_ritme(), kalender, date(2026, 12, 4), None, lambda _: True, Werkstroom.B)
    assert (keuze.soort, keuze.extra, keuze.duur_minuten) == (Overlegsoort.EXPERTTEAM, True, STANDAARD_DUUR)


def test_een_evaluatie_na_de_norm_noemt_haar_datum(kalender: Werkkalender) -> None:
    from domain.agenda import waarschuwingen_evaluatiemoment
    from domain.regioprofiel import Normtermijnen
    from tests.unit.test_agenda import met_advies

    casus = met_advies()
    casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 2, 12)), op=date(2026, 11, 12), herkomst=HERKOMST)
    [waarschuwing] = waarschuwingen_evaluatiemoment(casus, Normtermijnen(), kalender)
    assert waarschuwing.datum == date(2027, 2, 12)
    assert waarschuwing.melding == "the evaluation of 2027-02-12 lies after the evaluation norm (2027-02-11)"


def test_een_dag_zonder_overleg_noemt_de_volgende_drie(kalender: Werkkalender) -> None:
    from domain.agenda import kies_overleg
    from domain.regioprofiel import Werkstroom
    from tests.unit.test_agenda import met_ritme

    wekelijks = met_ritme(Overlegritme(eerste=EERSTE, elke_weken=1), op_afroep=False)
    with pytest.raises(RegelGeschonden) as fout:
        kies_overleg(wekelijks, kalender, EERSTE + timedelta(days=1), None, lambda _: False, Werkstroom.B)
    assert fout.value.regel is Regel.GEEN_OVERLEG_OP_DATUM
    assert "(next: 2026-11-12 expertteam, 2026-11-19 expertteam, 2026-11-26 expertteam)" in fout.value.melding


def test_een_eerder_gehouden_overleg_dan_het_eerste_geplande_waarschuwt_niet(
    profiel: RegioProfiel, kalender: Werkkalender
) -> None:
    from domain.agenda import waarschuwingen_overleg
    from domain.regioprofiel import Normtermijnen
    from tests.unit.conftest import nieuwe_casus, overleg, triage

    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    for datum in (date(2026, 11, 25), date(2026, 11, 10), date(2026, 12, 20)):
        casus.plan_overleg(overleg(datum), op=date(2026, 11, 4), herkomst=HERKOMST)
    assert waarschuwingen_overleg(casus, Normtermijnen(), kalender, date(2026, 11, 12)) == []
    assert [w.code for w in waarschuwingen_overleg(casus, Normtermijnen(), kalender, date(2026, 11, 9))] == [
        "overleg-na-norm"
    ]
