"""The agenda on a real store and read model: a plan and its meeting in one append, the evaluation limit
under concurrent plans, moves, extra meetings, and the agenda as the read model answers it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.bootstrap import Container
from adapters.leesmodellen import LeesModellen
from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.overlegmoment import Evaluatiemoment, NieuwOverleg, Overlegmoment
from domain.regioprofiel import Overlegritme, Overlegsoort
from domain.waarden import Herkomst, Overleg
from projections.agendavraag import lees_agenda
from services.agenda import Agenda
from services.casussen import CasusService
from services.fouten import CasusNietGevonden, GelijktijdigeWijziging, IdempotencyKeyHergebruikt
from tests.conftest import Klok
from tests.integration.conftest import bij, inhoud
from tests.unit.conftest import aanmelding, advies, afsluitformulier, evaluatie, triage

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="tester", rol="secretaris")
MAANDAG = date(2026, 11, 30)
EERSTE, TWEEDE, DERDE = date(2026, 12, 3), date(2026, 12, 17), date(2026, 12, 31)
"""Thursdays two weeks apart: the meetings of the test region's cadence."""
RITME = (Overlegritme(eerste=EERSTE, elke_weken=2, duur_minuten=90),)
EXPERT, TAFEL = Overlegsoort.EXPERTTEAM, Overlegsoort.DOORBRAAKTAFEL


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def sleutel(key: str, verzoek: str = "v1") -> Herkomst:
    return HERKOMST.model_copy(update={"idempotency_key": key, "verzoek_hash": verzoek})


def dienst_met(container: Container, vandaag: Callable[[], date] | None = None, **profiel: Any) -> CasusService:
    """The region's service on its own store, with a profile that meets at the test's cadence."""
    gewoon = container.regio(REGIO)
    aangepast = gewoon.profiel.model_copy(update={"overlegritme": RITME, **profiel})
    return CasusService(aangepast, container.stores[REGIO], gewoon.kalender, vandaag or gewoon.vandaag)


@pytest.fixture
def dienst(container: Container, klok: Klok) -> CasusService:
    klok.datum = MAANDAG
    return dienst_met(container)


def getrieerd(dienst: CasusService, **wijzigingen: Any) -> UUID:
    casus_id = dienst.meld_aan(aanmelding(**wijzigingen), None, HERKOMST).casus.id
    dienst.trieer(casus_id, triage(uit_te_nodigen_expertise=("GGZ jeugd", "LVB")), HERKOMST)
    return casus_id


def geadviseerd(dienst: CasusService, klok: Klok) -> UUID:
    """A case discussed at the first meeting and advised there; the clock stays on that day."""
    casus_id = getrieerd(dienst)
    dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("voorzitter",)), HERKOMST)
    klok.datum = EERSTE
    dienst.breng_advies_uit(casus_id, advies(date(2027, 3, 1)), HERKOMST)
    return casus_id


def typen(dienst: CasusService, aggregaat_id: UUID) -> list[str]:
    return [type(e).__name__ for e in dienst.store.historie(aggregaat_id)]


def overleg_id(datum: date, soort: Overlegsoort = EXPERT) -> UUID:
    return Overlegmoment.id_van(REGIO, datum, soort)


# --- a plan and its meeting ------------------------------------------------------------------------


def test_een_plan_legt_het_overleg_van_het_ritme_vast_in_dezelfde_append(dienst: CasusService) -> None:
    casus_id = getrieerd(dienst)
    resultaat = dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("voorzitter",)), HERKOMST)
    moment = dienst.agenda.overleg(overleg_id(EERSTE))
    assert moment is not None and not moment.extra and moment.duur_minuten == 90
    assert typen(dienst, moment.id) == ["Belegd", "CasusIngepland"]
    assert resultaat.casus.overleg_id == moment.id and resultaat.casus.overleggen[-1].soort is EXPERT
    [gepland] = [e for e in dienst.historie(casus_id) if isinstance(e, Casus.OverlegGepland)]
    assert gepland.overleg_id == moment.id
    belegd, ingepland = dienst.store.positie_van(moment.id, 1), dienst.store.positie_van(moment.id, 2)
    assert belegd is not None and ingepland == belegd + 1
    assert resultaat.positie == dienst.store.positie_van(casus_id, 3) == belegd + 2


def test_een_overleg_is_geen_casus(dienst: CasusService) -> None:
    casus_id = getrieerd(dienst)
    dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("voorzitter",)), HERKOMST)
    with pytest.raises(CasusNietGevonden):
        dienst.casus(overleg_id(EERSTE))
    with pytest.raises(CasusNietGevonden):
        dienst.historie(overleg_id(EERSTE))
    with pytest.raises(CasusNietGevonden):
        dienst.trieer(overleg_id(EERSTE), triage(), HERKOMST)


def test_de_regels_van_de_casus_gaan_voor_die_van_de_agenda(container: Container, klok: Klok) -> None:
    klok.datum = MAANDAG
    vast = dienst_met(container, overleg_op_afroep=False)
    casus_id = vast.meld_aan(aanmelding(), None, HERKOMST).casus.id
    with schendt(Regel.NOG_NIET_GETRIEERD):
        vast.plan_overleg(casus_id, Overleg(datum=date(2026, 12, 4), genodigden=("x",)), HERKOMST)
    assert dienst_met(container).agenda.overleg(overleg_id(EERSTE)) is None


def test_vaste_data_weigeren_een_plan_op_een_andere_dag(container: Container, klok: Klok) -> None:
    klok.datum = MAANDAG
    vast = dienst_met(container, overleg_op_afroep=False)
    casus_id = getrieerd(vast)
    with schendt(Regel.GEEN_OVERLEG_OP_DATUM) as fout:
        vast.plan_overleg(casus_id, Overleg(datum=date(2026, 12, 4), genodigden=("x",)), HERKOMST)
    assert "next: 2026-12-17 expertteam" in fout.value.melding
    assert typen(vast, casus_id) == ["Aangemeld", "Getrieerd"]
    vast.agenda.beleg(NieuwOverleg(datum=date(2026, 12, 4), soort=TAFEL), HERKOMST)
    with schendt(Regel.GEEN_OVERLEG_OP_DATUM):  # werkstroom B meets at the expertteam
        vast.plan_overleg(casus_id, Overleg(datum=date(2026, 12, 4), genodigden=("x",)), HERKOMST)
    vast.agenda.beleg(NieuwOverleg(datum=date(2026, 12, 4), soort=EXPERT), HERKOMST)
    vast.plan_overleg(casus_id, Overleg(datum=date(2026, 12, 4), genodigden=("x",)), HERKOMST)
    assert vast.casus(casus_id).overleg_id == overleg_id(date(2026, 12, 4))


def test_op_afroep_belegt_een_plan_zijn_overleg(dienst: CasusService) -> None:
    casus_id = getrieerd(dienst, werkstroom="A", plaatsingsdatum=date(2026, 11, 27))
    dienst.plan_overleg(casus_id, Overleg(datum=date(2026, 12, 8), genodigden=("x",)), HERKOMST)
    moment = dienst.agenda.overleg(overleg_id(date(2026, 12, 8), TAFEL))
    assert moment is not None and moment.extra and moment.soort is TAFEL


def test_verplaatsen_naar_een_ander_overleg_maakt_de_plek_vrij(dienst: CasusService) -> None:
    casus_id = getrieerd(dienst)
    dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("x",)), HERKOMST)
    dienst.plan_overleg(casus_id, Overleg(datum=TWEEDE, genodigden=("x",)), HERKOMST)
    eerste, tweede = dienst.agenda.overleg(overleg_id(EERSTE)), dienst.agenda.overleg(overleg_id(TWEEDE))
    assert eerste is not None and tweede is not None
    assert eerste.agenda == {} and list(tweede.agenda) == [casus_id]
    assert typen(dienst, eerste.id) == ["Belegd", "CasusIngepland", "CasusVerplaatst"]


def test_een_vervolgoverleg_na_een_gehouden_overleg_verplaatst_niets(dienst: CasusService, klok: Klok) -> None:
    casus_id = getrieerd(dienst)
    dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("x",)), HERKOMST)
    klok.datum = EERSTE
    dienst.plan_overleg(casus_id, Overleg(datum=TWEEDE, genodigden=("x",)), HERKOMST)
    eerste = dienst.agenda.overleg(overleg_id(EERSTE))
    assert eerste is not None and list(eerste.agenda) == [casus_id]


def test_een_plan_na_de_norm_waarschuwt_ook_bij_herhaling(dienst: CasusService) -> None:
    casus_id = getrieerd(dienst)
    resultaat = dienst.plan_overleg(casus_id, Overleg(datum=DERDE, genodigden=("x",)), sleutel("plan-1"))
    [waarschuwing] = resultaat.waarschuwingen
    assert (waarschuwing.code, waarschuwing.deadline) == ("overleg-na-norm", MAANDAG + timedelta(days=14))
    herhaald = dienst.plan_overleg(casus_id, Overleg(datum=DERDE, genodigden=("x",)), sleutel("plan-1"))
    assert herhaald.herhaald and herhaald.waarschuwingen == resultaat.waarschuwingen
    assert typen(dienst, overleg_id(DERDE)) == ["Belegd", "CasusIngepland"]


# --- evaluations ------------------------------------------------------------------------------------


def test_hoogstens_twee_evaluaties_op_een_overleg(dienst: CasusService, klok: Klok) -> None:
    casussen = [geadviseerd(dienst, klok) for _ in range(3)]
    for casus_id in casussen[:2]:
        resultaat = dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=TWEEDE), HERKOMST)
        assert resultaat.casus.evaluatiemoment is not None and resultaat.waarschuwingen == ()
    with schendt(Regel.TE_VEEL_EVALUATIES):
        dienst.agenda.plan_evaluatiemoment(casussen[2], Evaluatiemoment(datum=TWEEDE), HERKOMST)
    assert typen(dienst, casussen[2])[-1] == "AdviesUitgebracht"
    nieuw = getrieerd(dienst)
    dienst.plan_overleg(nieuw, Overleg(datum=TWEEDE, genodigden=("x",)), HERKOMST)
    dienst.agenda.plan_evaluatiemoment(casussen[2], Evaluatiemoment(datum=DERDE), HERKOMST)


def test_terug_op_tafel_telt_als_evaluatie(dienst: CasusService, klok: Klok) -> None:
    casussen = [geadviseerd(dienst, klok) for _ in range(3)]
    dienst.agenda.plan_evaluatiemoment(casussen[0], Evaluatiemoment(datum=TWEEDE), HERKOMST)
    for casus_id in casussen[1:]:
        dienst.leg_evaluatie_vast(casus_id, evaluatie(EERSTE, school="niet-behaald"), HERKOMST)
    dienst.plan_overleg(casussen[1], Overleg(datum=TWEEDE, genodigden=("x",)), HERKOMST)
    with schendt(Regel.TE_VEEL_EVALUATIES):
        dienst.plan_overleg(casussen[2], Overleg(datum=TWEEDE, genodigden=("x",)), HERKOMST)


def test_een_verplaatste_evaluatie_maakt_haar_plek_vrij(dienst: CasusService, klok: Klok) -> None:
    casussen = [geadviseerd(dienst, klok) for _ in range(3)]
    for casus_id in casussen[:2]:
        dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=TWEEDE), HERKOMST)
    dienst.agenda.plan_evaluatiemoment(casussen[0], Evaluatiemoment(datum=DERDE), HERKOMST)
    dienst.agenda.plan_evaluatiemoment(casussen[2], Evaluatiemoment(datum=TWEEDE), HERKOMST)
    tweede = dienst.agenda.overleg(overleg_id(TWEEDE))
    assert tweede is not None and tweede.evaluaties == [casussen[1], casussen[2]]


def test_afsluiten_haalt_de_casus_van_de_overleggen_die_nog_komen(dienst: CasusService, klok: Klok) -> None:
    casussen = [geadviseerd(dienst, klok) for _ in range(3)]
    for casus_id in casussen[:2]:
        dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=TWEEDE), HERKOMST)
    dienst.sluit_af(casussen[0], afsluitformulier(), HERKOMST)
    tweede, eerste = dienst.agenda.overleg(overleg_id(TWEEDE)), dienst.agenda.overleg(overleg_id(EERSTE))
    assert tweede is not None and tweede.evaluaties == [casussen[1]]
    assert typen(dienst, tweede.id)[-1] == "CasusAfgemeld"
    assert eerste is not None and casussen[0] in eerste.agenda  # the meeting that took place keeps it
    dienst.agenda.plan_evaluatiemoment(casussen[2], Evaluatiemoment(datum=TWEEDE), HERKOMST)
    nieuw = getrieerd(dienst)
    dienst.plan_overleg(nieuw, Overleg(datum=DERDE, genodigden=("x",)), HERKOMST)
    dienst.sluit_af(nieuw, afsluitformulier(reden="ingetrokken"), HERKOMST)
    derde = dienst.agenda.overleg(overleg_id(DERDE))
    assert derde is not None and derde.agenda == {}
    zonder = getrieerd(dienst)
    assert dienst.sluit_af(zonder, afsluitformulier(reden="ingetrokken"), HERKOMST).casus.fase == "afgesloten"


def test_afsluiten_van_een_casus_die_tweemaal_op_een_overleg_staat(dienst: CasusService, klok: Klok) -> None:
    casus_id = geadviseerd(dienst, klok)
    dienst.leg_evaluatie_vast(casus_id, evaluatie(EERSTE, school="niet-behaald"), HERKOMST)
    dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=DERDE), HERKOMST)
    dienst.plan_overleg(casus_id, Overleg(datum=DERDE, genodigden=("x",)), HERKOMST)
    dienst.sluit_af(casus_id, afsluitformulier(), HERKOMST)
    assert typen(dienst, overleg_id(DERDE)).count("CasusAfgemeld") == 1


def test_een_evaluatie_na_de_norm_waarschuwt(dienst: CasusService, klok: Klok) -> None:
    casus_id = geadviseerd(dienst, klok)
    resultaat = dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=date(2027, 3, 11)), HERKOMST)
    assert [(w.code, w.deadline) for w in resultaat.waarschuwingen] == [("evaluatie-na-norm", date(2027, 3, 3))]


class Poort:
    """Holds two commands once each has read the contested meeting, until both have: then both save."""

    def __init__(self, contested: UUID) -> None:
        self.contested = contested
        self.barriere = threading.Barrier(2, timeout=10)
        self.gewacht: set[int] = set()

    def installeer(self, monkeypatch: pytest.MonkeyPatch) -> None:
        gewoon = Agenda.overleg

        def overleg(agenda: Agenda, gezocht: UUID) -> Overlegmoment | None:
            moment = gewoon(agenda, gezocht)
            draad = threading.get_ident()
            if gezocht == self.contested and draad not in self.gewacht:
                self.gewacht.add(draad)
                self.barriere.wait()
            return moment

        monkeypatch.setattr(Agenda, "overleg", overleg)


def race(*plannen: Callable[[], Any]) -> list[str]:
    def een(plan: Callable[[], Any]) -> str:
        try:
            plan()
        except GelijktijdigeWijziging:
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(len(plannen)) as pool:
        return sorted(pool.map(een, plannen))


def test_twee_plannen_racen_om_de_laatste_evaluatieplek(
    dienst: CasusService, klok: Klok, monkeypatch: pytest.MonkeyPatch
) -> None:
    eerste, tweede, derde = (geadviseerd(dienst, klok) for _ in range(3))
    dienst.agenda.plan_evaluatiemoment(eerste, Evaluatiemoment(datum=TWEEDE), HERKOMST)
    Poort(overleg_id(TWEEDE)).installeer(monkeypatch)

    def plan(casus_id: UUID) -> Callable[[], Any]:
        return lambda: dienst.agenda.plan_evaluatiemoment(casus_id, Evaluatiemoment(datum=TWEEDE), HERKOMST)

    assert race(plan(tweede), plan(derde)) == ["conflict", "ok"]
    monkeypatch.undo()
    moment = dienst.agenda.overleg(overleg_id(TWEEDE))
    assert moment is not None and len(moment.evaluaties) == 2
    [verliezer] = [c for c in (tweede, derde) if c not in moment.evaluaties]
    assert typen(dienst, verliezer)[-1] == "AdviesUitgebracht"  # the loser's case is unchanged too
    with schendt(Regel.TE_VEEL_EVALUATIES):
        plan(verliezer)()


def test_twee_plannen_op_een_overleg_dat_nog_niet_bestaat(
    dienst: CasusService, monkeypatch: pytest.MonkeyPatch
) -> None:
    casussen = [getrieerd(dienst) for _ in range(2)]
    Poort(overleg_id(EERSTE)).installeer(monkeypatch)

    def plan(casus_id: UUID) -> Callable[[], Any]:
        return lambda: dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("x",)), HERKOMST)

    assert race(*(plan(c) for c in casussen)) == ["conflict", "ok"]
    monkeypatch.undo()
    for casus_id in casussen:
        dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("x",)), HERKOMST)
    moment = dienst.agenda.overleg(overleg_id(EERSTE))
    assert moment is not None and set(moment.agenda) == set(casussen)
    assert typen(dienst, moment.id).count("Belegd") == 1


# --- extra meetings ----------------------------------------------------------------------------------


def test_een_extra_overleg(dienst: CasusService) -> None:
    nieuw = NieuwOverleg(datum=date(2026, 12, 8), soort=TAFEL, duur_minuten=60, toelichting="Plaatsing 1 december.")
    resultaat = dienst.agenda.beleg(nieuw, sleutel("beleg-1"), op=MAANDAG - timedelta(days=1))
    moment = resultaat.casus
    assert (moment.id, moment.extra, moment.duur_minuten) == (overleg_id(date(2026, 12, 8), TAFEL), True, 60)
    assert resultaat.positie is not None
    [belegd] = dienst.store.historie(moment.id)
    assert belegd.op == MAANDAG - timedelta(days=1) and belegd.toelichting == "Plaatsing 1 december."
    herhaald = dienst.agenda.beleg(nieuw, sleutel("beleg-1"))
    assert herhaald.herhaald and herhaald.positie == resultaat.positie and herhaald.casus.id == moment.id
    with pytest.raises(IdempotencyKeyHergebruikt):
        dienst.agenda.beleg(nieuw, sleutel("beleg-1", "ander verzoek"))
    with schendt(Regel.OVERLEG_BESTAAT_AL):
        dienst.agenda.beleg(nieuw, HERKOMST)
    with schendt(Regel.OVERLEG_BESTAAT_AL) as fout:
        dienst.agenda.beleg(NieuwOverleg(datum=EERSTE, soort=EXPERT), HERKOMST)
    assert fout.value.regel is Regel.OVERLEG_BESTAAT_AL and "(its cadence)" in fout.value.melding
    dienst.agenda.beleg(NieuwOverleg(datum=EERSTE, soort=TAFEL), HERKOMST)


def test_de_werkstroom_kiest_tussen_twee_overleggen_op_een_dag(dienst: CasusService) -> None:
    dienst.agenda.beleg(NieuwOverleg(datum=EERSTE, soort=TAFEL), HERKOMST)
    a = getrieerd(dienst, werkstroom="A", plaatsingsdatum=MAANDAG)
    b = getrieerd(dienst)
    for casus_id in (a, b):
        dienst.plan_overleg(casus_id, Overleg(datum=EERSTE, genodigden=("x",)), HERKOMST)
    assert (dienst.casus(a).overleg_id, dienst.casus(b).overleg_id) == (overleg_id(EERSTE, TAFEL), overleg_id(EERSTE))
    assert dienst.casus(a).overleggen[-1].soort is TAFEL
    dienst.plan_overleg(a, Overleg(datum=EERSTE, genodigden=("x",), soort=EXPERT), HERKOMST)
    tafel = dienst.agenda.overleg(overleg_id(EERSTE, TAFEL))
    assert dienst.casus(a).overleg_id == overleg_id(EERSTE) and tafel is not None and tafel.agenda == {}


# --- the read model ---------------------------------------------------------------------------------


async def agenda_van(modellen: LeesModellen, dienst: CasusService, van: date, tot: date) -> dict[str, Any]:
    vandaag = dienst.vandaag()
    return await modellen.vraag(
        REGIO, lambda conn, t: lees_agenda(conn, t, dienst.profiel, dienst.kalender, vandaag, van, tot)
    )


async def test_de_agenda_uit_het_leesmodel(dienst: CasusService, klok: Klok, leesmodellen: LeesModellen) -> None:
    geevalueerd = geadviseerd(dienst, klok)  # on the first meeting; the clock is on its day now
    terug = evaluatie(EERSTE, school="niet-behaald").model_copy(update={"terug_op_tafel": True})
    dienst.leg_evaluatie_vast(geevalueerd, terug, HERKOMST)
    klok.datum = date(2026, 12, 1)
    wacht = getrieerd(dienst)
    gepland = getrieerd(dienst)
    dienst.plan_overleg(gepland, Overleg(datum=TWEEDE, genodigden=("x",)), HERKOMST)
    klok.datum = EERSTE
    zonder_evaluatie = geadviseerd(dienst, klok)
    met_evaluatie = geadviseerd(dienst, klok)
    dienst.agenda.plan_evaluatiemoment(met_evaluatie, Evaluatiemoment(datum=TWEEDE), HERKOMST)
    dienst.agenda.beleg(NieuwOverleg(datum=date(2026, 12, 10), soort=TAFEL, locatie="zaal 2"), HERKOMST)
    await bij(leesmodellen)
    klok.datum = date(2026, 12, 4)

    antwoord = await agenda_van(leesmodellen, dienst, date(2026, 12, 4), date(2027, 1, 14))
    assert [(o["datum"], o["soort"], o["vastgelegd"], o["extra"]) for o in antwoord["overleggen"]] == [
        (date(2026, 12, 10), TAFEL, True, True),
        (TWEEDE, EXPERT, True, False),
        (DERDE, EXPERT, False, False),
        (date(2027, 1, 14), EXPERT, False, False),
    ]
    tafel, tweede = antwoord["overleggen"][:2]
    assert tafel["locatie"] == "zaal 2" and tafel["casussen"] == [] and tafel["evaluaties"]["ruimte"] == 2
    assert [(c["casus_id"], c["soort"], c["fase"]) for c in tweede["casussen"]] == [
        (gepland, "nieuw", "overleg-gepland"),
        (met_evaluatie, "evaluatie", "advies-uitgebracht"),
    ]
    assert tweede["nieuwe_casussen"] == 1 and tweede["duur_minuten"] == 90
    assert tweede["evaluaties"] == {"aantal": 1, "ruimte": 1, "casussen": [met_evaluatie]}
    assert tweede["uit_te_nodigen_expertise"] == ["GGZ jeugd", "LVB"]

    wachtend = {w["casus_id"]: w for w in antwoord["wachtend"]}
    assert list(wachtend) == [geevalueerd, wacht, zonder_evaluatie]  # in order of registration
    assert (wachtend[geevalueerd]["wacht_op"], wachtend[geevalueerd]["norm"]) == ("terug-op-tafel", None)
    assert wachtend[geevalueerd]["voorstel"]["datum"] == TWEEDE and not wachtend[geevalueerd]["achterstallig"]
    assert (wachtend[wacht]["wacht_op"], wachtend[wacht]["uiterlijk"]) == ("nieuw", date(2026, 12, 15))
    assert wachtend[wacht]["voorstel"]["datum"] == TWEEDE
    assert (wachtend[wacht]["achterstallig"], wachtend[wacht]["reden"]) == (True, "volgend-overleg-na-norm")
    assert wachtend[zonder_evaluatie]["wacht_op"] == "evaluatie"
    assert wachtend[zonder_evaluatie]["voorstel"]["datum"] == DERDE  # the second evaluation slot went first

    klok.datum = date(2026, 12, 18)
    later = {w["casus_id"]: w for w in (await agenda_van(leesmodellen, dienst, klok(), klok()))["wachtend"]}
    assert later[wacht]["reden"] == "norm-verstreken"


async def test_herbouwd_is_gelijk_aan_bijgewerkt(dienst: CasusService, klok: Klok, leesmodellen: LeesModellen) -> None:
    casussen = [geadviseerd(dienst, klok) for _ in range(3)]
    dienst.agenda.plan_evaluatiemoment(casussen[0], Evaluatiemoment(datum=TWEEDE), HERKOMST)
    dienst.agenda.plan_evaluatiemoment(casussen[0], Evaluatiemoment(datum=DERDE), HERKOMST)
    dienst.agenda.plan_evaluatiemoment(casussen[1], Evaluatiemoment(datum=DERDE), HERKOMST)
    dienst.agenda.beleg(NieuwOverleg(datum=date(2026, 12, 10), soort=TAFEL), HERKOMST)
    await bij(leesmodellen)
    assert len((await inhoud(leesmodellen, REGIO))["agendapunt"]) == 5
    dienst.sluit_af(casussen[1], afsluitformulier(), HERKOMST)
    await bij(leesmodellen)
    bijgewerkt = await inhoud(leesmodellen, REGIO)
    assert len(bijgewerkt["overleg"]) == 4 and len(bijgewerkt["agendapunt"]) == 4
    assert {p["overleg_id"] for p in bijgewerkt["agendapunt"] if p["soort"] == "evaluatie"} == {overleg_id(DERDE)}
    await leesmodellen.herbouw(REGIO)
    assert await inhoud(leesmodellen, REGIO) == bijgewerkt
    assert leesmodellen.projector(REGIO).onverwerkbaar == 0
