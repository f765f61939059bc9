"""The agenda's rules: the cadence, which meeting a plan names, the evaluation limit, proposals, warnings."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain.agenda import (
    Plek,
    Wachtende,
    agenda,
    agendapuntsoort,
    controleer_nieuw_overleg,
    kies_overleg,
    regelmatige_overleggen,
    stel_voor,
    waarschuwingen_evaluatiemoment,
    waarschuwingen_overleg,
)
from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.normen import Norm
from domain.overlegmoment import Agendapunt, Agendapuntsoort, Evaluatiemoment, Overlegmoment
from domain.regioprofiel import Normtermijnen, Overlegritme, Overlegsoort, RegioProfiel, Werkstroom
from domain.waarden import Heropening, Overleg
from domain.werkdagen import Werkkalender
from tests.unit.conftest import (
    HERKOMST,
    PROFIEL,
    advies,
    afsluitformulier,
    evaluatie,
    nieuwe_casus,
    overleg,
    profiel_met,
    triage,
)

DONDERDAG = date(2026, 4, 30)
HEMELVAART = date(2026, 5, 14)
"""A Thursday and Ascension Day two weeks later."""
TWEEWEKELIJKS = Overlegritme(eerste=DONDERDAG, elke_weken=2)
EXPERT, TAFEL = Overlegsoort.EXPERTTEAM, Overlegsoort.DOORBRAAKTAFEL


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def met_ritme(*ritmes: Overlegritme, op_afroep: bool = True) -> RegioProfiel:
    return profiel_met(overlegritme=ritmes, overleg_op_afroep=op_afroep)


def overlegmoment(datum: date = date(2026, 12, 3), soort: Overlegsoort = EXPERT) -> Overlegmoment:
    return Overlegmoment.beleg(
        regio="hart-van-brabant", datum=datum, soort=soort, duur_minuten=120, extra=False, op=D, herkomst=HERKOMST
    )


def punt(soort: Agendapuntsoort, casus_id: object = None) -> Agendapunt:
    return Agendapunt(casus_id=casus_id or uuid4(), soort=soort)


D = date(2026, 11, 2)
NIEUW, TERUG, EVALUATIE = Agendapuntsoort.NIEUW, Agendapuntsoort.TERUG_OP_TAFEL, Agendapuntsoort.EVALUATIE


# --- the cadence ------------------------------------------------------------------------------------


def test_ritme_elke_n_weken_op_de_weekdag_van_de_eerste() -> None:
    ritme = Overlegritme(eerste=date(2026, 1, 8), elke_weken=6)
    assert ritme.data(date(2026, 11, 1), date(2027, 1, 21)) == [date(2026, 12, 10), date(2027, 1, 21)]
    assert ritme.data(date(2026, 12, 10), date(2026, 12, 10)) == [date(2026, 12, 10)]
    assert ritme.data(date(2026, 12, 11), date(2027, 1, 20)) == []


def test_ritme_begint_bij_de_eerste_en_stopt_bij_tot() -> None:
    ritme = Overlegritme(eerste=date(2026, 1, 8), elke_weken=1, tot=date(2026, 1, 22))
    assert ritme.data(date(2025, 1, 1), date(2027, 1, 1)) == [date(2026, 1, 8), date(2026, 1, 15), date(2026, 1, 22)]
    assert ritme.duur_minuten == 120 and ritme.soort is EXPERT


def test_ritme_grenzen() -> None:
    with pytest.raises(ValidationError, match="tot lies before eerste"):
        Overlegritme(eerste=date(2026, 1, 8), elke_weken=1, tot=date(2026, 1, 7))
    with pytest.raises(ValidationError):
        Overlegritme(eerste=date(2026, 1, 8), elke_weken=0)
    Overlegritme(eerste=date(2026, 1, 8), elke_weken=1, tot=date(2026, 1, 8))


def test_een_profiel_zonder_ritme_laadt_en_vergadert_op_afroep() -> None:
    profiel = RegioProfiel.model_validate(
        {"slug": "oud", "naam": "Oud", "overlegfrequentie": "eens per 6 weken, 2 uur", "gemeenten": ["A"]}
    )
    assert profiel.overlegritme == () and profiel.overleg_op_afroep and profiel.overleg_max_evaluaties == 2
    assert RegioProfiel.model_validate({"slug": "nieuw", "naam": "N", "gemeenten": ["A"]}).overlegfrequentie is None


def test_een_feestdag_is_geen_overleg(kalender: Werkkalender) -> None:
    profiel = met_ritme(TWEEWEKELIJKS)
    plekken = regelmatige_overleggen(profiel, kalender, DONDERDAG, date(2026, 5, 28))
    assert [p.datum for p in plekken] == [DONDERDAG, date(2026, 5, 28)]
    assert plekken[0].overleg_id == Overlegmoment.id_van(profiel.slug, DONDERDAG, EXPERT)
    assert not plekken[0].vastgelegd and not plekken[0].extra and plekken[0].duur_minuten == 120


def test_twee_ritmes_van_een_soort_op_een_dag_zijn_een_overleg(kalender: Werkkalender) -> None:
    profiel = met_ritme(TWEEWEKELIJKS, Overlegritme(eerste=DONDERDAG, elke_weken=1, duur_minuten=60))
    plekken = regelmatige_overleggen(profiel, kalender, DONDERDAG, DONDERDAG + timedelta(days=7))
    assert [(p.datum, p.duur_minuten) for p in plekken] == [(DONDERDAG, 120), (DONDERDAG + timedelta(days=7), 60)]


def test_agenda_voegt_vastgelegde_en_extra_overleggen_bij_het_ritme(kalender: Werkkalender) -> None:
    profiel = met_ritme(TWEEWEKELIJKS)
    extra = Plek(uuid4(), date(2026, 5, 5), TAFEL, 90, extra=True, vastgelegd=True)
    vastgelegd = Plek(Overlegmoment.id_van(profiel.slug, DONDERDAG, EXPERT), DONDERDAG, EXPERT, 120, vastgelegd=True)
    buiten = Plek(uuid4(), date(2026, 6, 30), TAFEL, 90, extra=True, vastgelegd=True)
    plekken = agenda(profiel, kalender, DONDERDAG, date(2026, 5, 28), [extra, vastgelegd, buiten])
    assert plekken == [
        vastgelegd,
        extra,
        regelmatige_overleggen(profiel, kalender, date(2026, 5, 28), date(2026, 5, 28))[0],
    ]


# --- which meeting a plan names ---------------------------------------------------------------------


def niets(_: Overlegsoort) -> bool:
    return False


def test_een_plan_op_een_datum_van_het_ritme(kalender: Werkkalender) -> None:
    profiel = met_ritme(Overlegritme(eerste=DONDERDAG, elke_weken=2, duur_minuten=90), op_afroep=False)
    for werkstroom in Werkstroom:
        keuze = kies_overleg(profiel, kalender, DONDERDAG, None, niets, werkstroom)
        assert (keuze.soort, keuze.extra, keuze.duur_minuten) == (EXPERT, False, 90)


def test_een_vastgelegd_overleg(kalender: Werkkalender) -> None:
    profiel = met_ritme(op_afroep=False)
    keuze = kies_overleg(profiel, kalender, date(2026, 5, 5), None, lambda s: s is TAFEL, Werkstroom.A)
    assert keuze.soort is TAFEL
    assert kies_overleg(profiel, kalender, date(2026, 5, 5), None, lambda s: s is EXPERT, Werkstroom.B).soort is EXPERT


def test_de_werkstroom_kiest_tussen_twee_overleggen(kalender: Werkkalender) -> None:
    profiel = met_ritme(TWEEWEKELIJKS, op_afroep=False)
    tafel_vastgelegd = lambda s: s is TAFEL  # noqa: E731
    assert kies_overleg(profiel, kalender, DONDERDAG, None, tafel_vastgelegd, Werkstroom.A).soort is TAFEL
    assert kies_overleg(profiel, kalender, DONDERDAG, None, tafel_vastgelegd, Werkstroom.B).soort is EXPERT
    assert kies_overleg(profiel, kalender, DONDERDAG, EXPERT, tafel_vastgelegd, Werkstroom.A).soort is EXPERT
    assert kies_overleg(profiel, kalender, DONDERDAG, TAFEL, tafel_vastgelegd, Werkstroom.B).soort is TAFEL


def test_werkstroom_a_zonder_doorbraaktafel_naar_het_expertteam(kalender: Werkkalender) -> None:
    keuze = kies_overleg(met_ritme(TWEEWEKELIJKS, op_afroep=False), kalender, DONDERDAG, None, niets, Werkstroom.A)
    assert (keuze.soort, keuze.extra) == (EXPERT, False)


def test_alleen_de_soorten_die_ertoe_doen_worden_opgevraagd(kalender: Werkkalender) -> None:
    gevraagd: list[Overlegsoort] = []

    def vastgelegd(soort: Overlegsoort) -> bool:
        gevraagd.append(soort)
        return soort is EXPERT

    kies_overleg(met_ritme(), kalender, date(2026, 5, 5), None, vastgelegd, Werkstroom.B)
    assert gevraagd == [EXPERT]
    gevraagd.clear()
    kies_overleg(met_ritme(), kalender, date(2026, 5, 5), None, vastgelegd, Werkstroom.A)
    assert gevraagd == [TAFEL, EXPERT]


@pytest.mark.parametrize(("werkstroom", "soort"), [(Werkstroom.A, TAFEL), (Werkstroom.B, EXPERT)])
def test_op_afroep_belegt_een_plan_het_overleg(
    kalender: Werkkalender, werkstroom: Werkstroom, soort: Overlegsoort
) -> None:
    keuze = kies_overleg(met_ritme(TWEEWEKELIJKS), kalender, date(2026, 5, 5), None, niets, werkstroom)
    assert (keuze.soort, keuze.extra, keuze.duur_minuten) == (soort, True, 120)


def test_op_afroep_met_een_andere_soort_dan_het_ritme(kalender: Werkkalender) -> None:
    keuze = kies_overleg(met_ritme(TWEEWEKELIJKS), kalender, DONDERDAG, TAFEL, niets, Werkstroom.A)
    assert (keuze.soort, keuze.extra) == (TAFEL, True)
    tafel = Overlegritme(soort=TAFEL, eerste=DONDERDAG, elke_weken=2)
    keuze = kies_overleg(met_ritme(tafel), kalender, DONDERDAG, None, niets, Werkstroom.B)
    assert (keuze.soort, keuze.extra) == (EXPERT, True)


def test_vaste_data_weigeren_een_plan_zonder_overleg(kalender: Werkkalender) -> None:
    profiel = met_ritme(TWEEWEKELIJKS, op_afroep=False)
    with schendt(Regel.GEEN_OVERLEG_OP_DATUM) as fout:
        kies_overleg(profiel, kalender, date(2026, 5, 5), None, niets, Werkstroom.B)
    assert fout.value.veld == "datum"
    assert "next: 2026-05-28 expertteam, 2026-06-11 expertteam, 2026-06-25 expertteam" in fout.value.melding
    with schendt(Regel.GEEN_OVERLEG_OP_DATUM):
        kies_overleg(profiel, kalender, DONDERDAG, TAFEL, niets, Werkstroom.A)
    with schendt(Regel.GEEN_OVERLEG_OP_DATUM) as zonder:
        kies_overleg(met_ritme(op_afroep=False), kalender, DONDERDAG, None, niets, Werkstroom.B)
    assert "next" not in zonder.value.melding


def test_een_extra_overleg_alleen_waar_er_geen_is(kalender: Werkkalender) -> None:
    profiel = met_ritme(TWEEWEKELIJKS)
    controleer_nieuw_overleg(profiel, kalender, DONDERDAG, TAFEL, bestaat=False)
    controleer_nieuw_overleg(profiel, kalender, HEMELVAART, EXPERT, bestaat=False)
    with schendt(Regel.OVERLEG_BESTAAT_AL) as fout:
        controleer_nieuw_overleg(profiel, kalender, DONDERDAG, EXPERT, bestaat=False)
    assert "(its cadence)" in fout.value.melding
    with schendt(Regel.OVERLEG_BESTAAT_AL) as fout:
        controleer_nieuw_overleg(profiel, kalender, date(2026, 5, 5), TAFEL, bestaat=True)
    assert "cadence" not in fout.value.melding


# --- the meeting and its evaluations ------------------------------------------------------------------


def test_een_overleg_heeft_een_vaste_identiteit() -> None:
    assert Overlegmoment.id_van("a", D, EXPERT) == Overlegmoment.id_van("a", D, EXPERT)
    anders = {Overlegmoment.id_van("b", D, EXPERT), Overlegmoment.id_van("a", D, TAFEL)}
    assert Overlegmoment.id_van("a", D + timedelta(days=1), EXPERT) not in anders | {
        Overlegmoment.id_van("a", D, EXPERT)
    }
    assert len(anders) == 2 and Overlegmoment.id_van("a", D, EXPERT) not in anders
    moment = overlegmoment()
    assert moment.id == Overlegmoment.id_van("hart-van-brabant", date(2026, 12, 3), EXPERT)
    assert str(moment) == "the expertteam of 2026-12-03"


def test_hoogstens_twee_evaluaties_naast_nieuwe_casussen() -> None:
    moment = overlegmoment()
    for soort in (NIEUW, EVALUATIE, NIEUW, TERUG, NIEUW):
        moment.plan_in(punt(soort), max_evaluaties=2, op=D, herkomst=HERKOMST)
    with schendt(Regel.TE_VEEL_EVALUATIES) as fout:
        moment.plan_in(punt(EVALUATIE), max_evaluaties=2, op=D, herkomst=HERKOMST)
    assert "already holds 2 evaluation(s), at most 2" in fout.value.melding
    with schendt(Regel.TE_VEEL_EVALUATIES):
        moment.plan_in(punt(TERUG), max_evaluaties=2, op=D, herkomst=HERKOMST)
    moment.plan_in(punt(NIEUW), max_evaluaties=2, op=D, herkomst=HERKOMST)
    assert len(moment.agenda) == 6 and len(moment.evaluaties) == 2


@pytest.mark.parametrize("grens", [0, 1, 3])
def test_de_grens_komt_uit_het_profiel(grens: int) -> None:
    moment = overlegmoment()
    for _ in range(grens):
        moment.plan_in(punt(EVALUATIE), max_evaluaties=grens, op=D, herkomst=HERKOMST)
    with schendt(Regel.TE_VEEL_EVALUATIES):
        moment.plan_in(punt(EVALUATIE), max_evaluaties=grens, op=D, herkomst=HERKOMST)


def test_een_casus_opnieuw_op_hetzelfde_overleg_telt_eenmaal() -> None:
    moment = overlegmoment()
    eerste, tweede = uuid4(), uuid4()
    moment.plan_in(punt(EVALUATIE, eerste), max_evaluaties=2, op=D, herkomst=HERKOMST)
    moment.plan_in(punt(EVALUATIE, tweede), max_evaluaties=2, op=D, herkomst=HERKOMST)
    moment.plan_in(punt(TERUG, eerste), max_evaluaties=2, op=D, herkomst=HERKOMST)
    assert moment.evaluaties == [tweede, eerste]
    moment.plan_in(punt(NIEUW, eerste), max_evaluaties=2, op=D, herkomst=HERKOMST)
    assert moment.evaluaties == [tweede]


def test_verplaatsen_maakt_de_plek_vrij() -> None:
    moment, later = overlegmoment(), overlegmoment(date(2026, 12, 17))
    casus_id = uuid4()
    moment.plan_in(punt(EVALUATIE, casus_id), max_evaluaties=1, op=D, herkomst=HERKOMST)
    moment.verplaats(casus_id, later, op=D, herkomst=HERKOMST)
    assert moment.agenda == {}
    [event] = [e for e in moment.collect_events() if isinstance(e, Overlegmoment.CasusVerplaatst)]
    assert (event.casus_id, event.naar, event.naar_datum) == (casus_id, later.id, later.datum)
    moment.plan_in(punt(EVALUATIE), max_evaluaties=1, op=D, herkomst=HERKOMST)


def test_verplaatsen_van_wat_er_niet_staat_legt_niets_vast() -> None:
    moment = overlegmoment()
    casus_id = uuid4()
    moment.plan_in(punt(NIEUW, casus_id), max_evaluaties=2, op=D, herkomst=HERKOMST)
    moment.collect_events()
    moment.verplaats(uuid4(), overlegmoment(date(2026, 12, 17)), op=D, herkomst=HERKOMST)
    moment.verplaats(casus_id, moment, op=D, herkomst=HERKOMST)
    assert moment.collect_events() == [] and list(moment.agenda) == [casus_id]


def test_afmelden_maakt_de_plek_vrij() -> None:
    moment = overlegmoment()
    casus_id = uuid4()
    moment.plan_in(punt(EVALUATIE, casus_id), max_evaluaties=1, op=D, herkomst=HERKOMST)
    moment.meld_af(uuid4(), op=D, herkomst=HERKOMST)
    assert list(moment.agenda) == [casus_id]
    moment.meld_af(casus_id, op=D, herkomst=HERKOMST)
    assert moment.agenda == {}
    assert [type(e).__name__ for e in moment.collect_events()][-1] == "CasusAfgemeld"
    moment.plan_in(punt(EVALUATIE), max_evaluaties=1, op=D, herkomst=HERKOMST)


def test_wat_als_evaluatie_telt() -> None:
    assert [punt(s).telt_als_evaluatie for s in (NIEUW, TERUG, EVALUATIE)] == [False, True, True]


# --- the case's side ---------------------------------------------------------------------------------


def getrieerd(profiel: RegioProfiel = PROFIEL, **wijzigingen: object) -> Casus:
    casus = nieuwe_casus(profiel, **wijzigingen)
    casus.trieer(triage(uit_te_nodigen_expertise=("GGZ",)), op=date(2026, 11, 3), herkomst=HERKOMST)
    return casus


def met_advies() -> Casus:
    casus = getrieerd()
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 11), herkomst=HERKOMST)
    return casus


def test_de_soort_van_een_plan_volgt_uit_de_fase() -> None:
    casus = getrieerd()
    assert agendapuntsoort(casus) is NIEUW
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    assert agendapuntsoort(casus) is NIEUW
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 11), herkomst=HERKOMST)
    casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    assert agendapuntsoort(casus) is TERUG


def test_het_overleg_van_een_plan_wordt_vastgelegd() -> None:
    casus = getrieerd()
    overleg_id = uuid4()
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST, overleg_id=overleg_id)
    assert casus.overleg_id == overleg_id
    [event] = [e for e in casus.collect_events() if isinstance(e, Casus.OverlegGepland)]
    assert event.overleg_id == overleg_id


def test_een_opgeslagen_plan_zonder_overleg_laadt() -> None:
    json = (
        '{"originator_id": "0b7c4f0a-8f86-4a8e-9a58-2c1e8e4b7d10", "originator_version": 3, '
        '"timestamp": "2026-11-04T10:00:00Z", "op": "2026-11-04", "herkomst": {"actor": "a", "rol": "triagist"}, '
        '"overleg": {"datum": "2026-11-10", "genodigden": ["voorzitter"]}}'
    )
    event = Casus.OverlegGepland.model_validate_json(json)
    assert event.overleg_id is None and event.overleg.soort is None


def test_evaluatiemoment_vraagt_een_advies() -> None:
    with schendt(Regel.EVALUATIE_ZONDER_ADVIES):
        getrieerd().plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 1, 7)), op=D, herkomst=HERKOMST)


def test_evaluatiemoment_na_het_advies() -> None:
    casus = met_advies()
    with schendt(Regel.EVALUATIEMOMENT_VOOR_ADVIES):
        casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2026, 11, 11)), op=D, herkomst=HERKOMST)
    overleg_id = uuid4()
    moment = Evaluatiemoment(datum=date(2026, 11, 12), terugkoppeling_op_papier=True)
    casus.plan_evaluatiemoment(moment, op=date(2026, 11, 11), herkomst=HERKOMST, overleg_id=overleg_id)
    assert (casus.evaluatiemoment, casus.evaluatie_overleg_id) == (moment, overleg_id)


def test_evaluatiemoment_ook_na_een_evaluatie_niet_na_afsluiten() -> None:
    casus = met_advies()
    casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 1, 7)), op=date(2026, 12, 1), herkomst=HERKOMST)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 2), herkomst=HERKOMST)
    with schendt(Regel.CASUS_AFGESLOTEN):
        casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 1, 7)), op=date(2026, 12, 2), herkomst=HERKOMST)


def test_heropenen_wist_de_plaatsen_op_de_agenda() -> None:
    casus = getrieerd()
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST, overleg_id=uuid4())
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 11), herkomst=HERKOMST)
    moment = Evaluatiemoment(datum=date(2027, 1, 7))
    casus.plan_evaluatiemoment(moment, op=date(2026, 11, 12), herkomst=HERKOMST, overleg_id=uuid4())
    assert None not in (casus.overleg_id, casus.evaluatiemoment, casus.evaluatie_overleg_id)
    casus.sluit_af(afsluitformulier(), op=date(2026, 12, 2), herkomst=HERKOMST)
    casus.heropen(Heropening(reden="terug"), op=date(2026, 12, 3), herkomst=HERKOMST)
    assert (casus.overleg_id, casus.evaluatiemoment, casus.evaluatie_overleg_id) == (None, None, None)


# --- warnings ------------------------------------------------------------------------------------------


NORMEN = Normtermijnen()


def test_een_overleg_na_de_norm_waarschuwt(kalender: Werkkalender) -> None:
    casus = getrieerd()
    casus.plan_overleg(overleg(date(2026, 11, 17)), op=date(2026, 11, 4), herkomst=HERKOMST)
    [waarschuwing] = waarschuwingen_overleg(casus, NORMEN, kalender, date(2026, 11, 4))
    assert (waarschuwing.code, waarschuwing.norm, waarschuwing.deadline, waarschuwing.datum) == (
        "overleg-na-norm",
        Norm.OVERLEG,
        date(2026, 11, 16),
        date(2026, 11, 17),
    )
    assert "lies after the meeting norm (2026-11-16)" in waarschuwing.melding


def test_een_overleg_op_de_laatste_dag_van_de_norm_waarschuwt_niet(kalender: Werkkalender) -> None:
    casus = getrieerd()
    assert waarschuwingen_overleg(casus, NORMEN, kalender, date(2026, 11, 4)) == []
    casus.plan_overleg(overleg(date(2026, 11, 16)), op=date(2026, 11, 4), herkomst=HERKOMST)
    assert waarschuwingen_overleg(casus, NORMEN, kalender, date(2026, 11, 4)) == []


def test_werkstroom_a_telt_vanaf_de_plaatsing(kalender: Werkkalender) -> None:
    casus = getrieerd(werkstroom="A", plaatsingsdatum=date(2026, 10, 30))
    casus.plan_overleg(overleg(date(2026, 11, 14)), op=date(2026, 11, 4), herkomst=HERKOMST)
    [waarschuwing] = waarschuwingen_overleg(casus, NORMEN, kalender, date(2026, 11, 4))
    assert waarschuwing.deadline == date(2026, 11, 13)


def test_een_vervolgoverleg_waarschuwt_niet(kalender: Werkkalender) -> None:
    casus = getrieerd()
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 24)), op=date(2026, 11, 10), herkomst=HERKOMST)
    assert waarschuwingen_overleg(casus, NORMEN, kalender, date(2026, 11, 10)) == []
    verplaatst = getrieerd()
    verplaatst.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    verplaatst.plan_overleg(overleg(date(2026, 11, 24)), op=date(2026, 11, 9), herkomst=HERKOMST)
    assert [w.code for w in waarschuwingen_overleg(verplaatst, NORMEN, kalender, date(2026, 11, 9))] == [
        "overleg-na-norm"
    ]


def test_een_evaluatie_na_de_norm_waarschuwt(kalender: Werkkalender) -> None:
    casus = met_advies()
    assert waarschuwingen_evaluatiemoment(casus, NORMEN, kalender) == []
    casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 2, 11)), op=date(2026, 11, 12), herkomst=HERKOMST)
    assert waarschuwingen_evaluatiemoment(casus, NORMEN, kalender) == []
    casus.plan_evaluatiemoment(Evaluatiemoment(datum=date(2027, 2, 12)), op=date(2026, 11, 12), herkomst=HERKOMST)
    [waarschuwing] = waarschuwingen_evaluatiemoment(casus, NORMEN, kalender)
    assert (waarschuwing.code, waarschuwing.norm, waarschuwing.deadline) == (
        "evaluatie-na-norm",
        Norm.EVALUATIE,
        date(2027, 2, 11),
    )
    casus.leg_evaluatie_vast(evaluatie(date(2026, 12, 1)), op=date(2026, 12, 1), herkomst=HERKOMST)
    assert waarschuwingen_evaluatiemoment(casus, NORMEN, kalender) == []


# --- proposals for the waiting cases --------------------------------------------------------------------


def plek(datum: date, soort: Overlegsoort = EXPERT, evaluaties: int = 0) -> Plek:
    return Plek(uuid4(), datum, soort, 120, evaluaties=evaluaties)


def wachtend(wacht_op: Agendapuntsoort = NIEUW, werkstroom: str = "B", deadline: date | None = None) -> Wachtende:
    return Wachtende(uuid4(), wacht_op, Werkstroom(werkstroom), deadline)


VANDAAG = date(2026, 12, 1)


def test_in_volgorde_naar_het_eerste_overleg_met_ruimte() -> None:
    eerste, tweede = plek(date(2026, 12, 3), evaluaties=1), plek(date(2026, 12, 17))
    wachtenden = [wachtend(EVALUATIE), wachtend(), wachtend(TERUG), wachtend(EVALUATIE), wachtend()]
    voorstellen = stel_voor(wachtenden, [tweede, eerste], VANDAAG, max_evaluaties=2)
    assert [v.plek for v in voorstellen] == [eerste, eerste, tweede, tweede, eerste]
    assert [v.wachtende for v in voorstellen] == wachtenden
    assert not any(v.achterstallig for v in voorstellen)


def test_de_doorbraaktafel_is_voor_werkstroom_a() -> None:
    tafel, expert = plek(date(2026, 12, 2), TAFEL), plek(date(2026, 12, 9))
    voorstellen = stel_voor([wachtend(werkstroom="B"), wachtend(werkstroom="A")], [tafel, expert], VANDAAG, 2)
    assert [v.plek for v in voorstellen] == [expert, tafel]


def test_een_evaluatie_pas_na_het_advies() -> None:
    vandaag, morgen = plek(VANDAAG), plek(VANDAAG + timedelta(days=1))
    evaluatie = Wachtende(uuid4(), EVALUATIE, Werkstroom.B, vroegst=VANDAAG + timedelta(days=1))
    [voorstel] = stel_voor([evaluatie], [vandaag, morgen], VANDAAG, 2)
    assert voorstel.plek == morgen
    [nieuw] = stel_voor([Wachtende(uuid4(), NIEUW, Werkstroom.B, vroegst=VANDAAG)], [vandaag, morgen], VANDAAG, 2)
    assert nieuw.plek == vandaag


def test_alleen_overleggen_vanaf_vandaag() -> None:
    gisteren, vandaag = plek(VANDAAG - timedelta(days=1)), plek(VANDAAG)
    [voorstel] = stel_voor([wachtend()], [gisteren, vandaag], VANDAAG, 2)
    assert voorstel.plek == vandaag


@pytest.mark.parametrize(
    ("deadline", "reden"),
    [
        (None, None),
        (VANDAAG - timedelta(days=1), "norm-verstreken"),
        (VANDAAG, "volgend-overleg-na-norm"),
        (date(2026, 12, 2), "volgend-overleg-na-norm"),
        (date(2026, 12, 3), None),
    ],
)
def test_achterstallig_als_de_norm_verstreek_of_het_overleg_te_laat_is(
    deadline: date | None, reden: str | None
) -> None:
    [voorstel] = stel_voor([wachtend(deadline=deadline)], [plek(date(2026, 12, 3))], VANDAAG, 2)
    assert (voorstel.achterstallig, voorstel.reden) == (reden is not None, reden)


def test_zonder_overleg_dat_hem_kan_nemen_is_een_casus_met_norm_achterstallig() -> None:
    [met, zonder] = stel_voor(
        [wachtend(EVALUATIE, deadline=date(2027, 1, 1)), wachtend(TERUG)],
        [plek(date(2026, 12, 3), evaluaties=2)],
        VANDAAG,
        2,
    )
    assert (met.plek, met.achterstallig, met.reden) == (None, True, "volgend-overleg-na-norm")
    assert (zonder.plek, zonder.achterstallig, zonder.reden) == (None, False, None)


def test_overleg_waarde_neemt_een_soort() -> None:
    assert Overleg(datum=D, genodigden=("x",), soort="doorbraaktafel").soort is TAFEL
    with pytest.raises(ValidationError):
        Overleg(datum=D, genodigden=("x",), soort="borrel")
