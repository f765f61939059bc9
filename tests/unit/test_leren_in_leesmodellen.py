"""What the read models and the monitoring make of feedback, bestuurlijke escalations and lessons (no I/O)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg
from domain.casus import Casus
from domain.correctie import Correctie
from domain.fouten import Regel, RegelGeschonden
from domain.netwerk import NetwerkAfsluiting, Terugmelding
from domain.regioprofiel import Normtermijnen, RegioProfiel
from domain.terugkoppeling import Terugkoppeling
from domain.waarden import Herkomst, Intakevragen, Knelpunt, Opschaling
from domain.werkdagen import Werkkalender
from projections.feiten import CasusFeiten, Termijnen, pas_toe
from projections.leren import leerpunten
from projections.monitoring import Feit, als_regels, bereken
from projections.periode import lees_periode
from tests.unit.conftest import HERKOMST, advies, afsluitformulier, nieuwe_casus, overleg, triage

REGISSEUR = Herkomst(actor="A. Bakker", rol="casusregisseur")
AANMELDER = Herkomst(actor="J. de Vries", rol="aanmelder")
PERIODE = lees_periode("2026-H2", None, None)


Rijen = list[tuple[Any, ...]]


def toegepast(casus: Casus, kalender: Werkkalender) -> list[tuple[str, dict[str, Any], Rijen, Rijen]]:
    """Each event of the case through the projection: its type, monitoring facts, bottlenecks and learning rows
    (the rows without the case and version)."""
    feiten: CasusFeiten | None = None
    termijnen = Termijnen(Normtermijnen(), kalender)
    uitkomst = []
    for event in casus.collect_events():
        feiten, kenmerken, knelpunten = pas_toe(feiten, event, termijnen)
        lessen = leerpunten(event)
        assert all(r[:2] == (casus.id, event.originator_version) for r in knelpunten + lessen)
        uitkomst.append((type(event).__name__, kenmerken, [r[2:] for r in knelpunten], [r[2:] for r in lessen]))
    return uitkomst


def geadviseerd(profiel: RegioProfiel) -> Casus:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 10)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 1, 20)), op=date(2026, 11, 11), herkomst=HERKOMST)
    return casus


def test_terugkoppeling_geeft_kenmerken_en_leerpunten(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = geadviseerd(profiel)
    belemmering = Knelpunt(categorie="samenwerking", omschrijving="Aanbieder reageert niet.")
    laat = Terugkoppeling(bruikbaarheid=2, wordt_uitgevoerd="nee", belemmering=belemmering, opmerkingen="Te vaag.")
    casus.geef_terugkoppeling(laat, op=date(2027, 1, 16), herkomst=REGISSEUR)  # due Thu 15 Jan
    op_tijd = Terugkoppeling(bruikbaarheid=4, wordt_uitgevoerd="ja")
    casus.geef_terugkoppeling(op_tijd, op=date(2027, 1, 15), herkomst=AANMELDER)
    *_, (_, eerste, [], rijen), (_, tweede, [], geen) = toegepast(casus, kalender)
    assert eerste == {
        "rol": "casusregisseur",
        "bruikbaarheid": 2,
        "wordt_uitgevoerd": "nee",
        "belemmering": "samenwerking",
        "tijdig": False,
    }
    assert rijen == [
        ("terugkoppeling", "belemmering", "samenwerking", "Aanbieder reageert niet.", date(2027, 1, 16)),
        ("terugkoppeling", "opmerking", None, "Te vaag.", date(2027, 1, 16)),
    ]
    assert (tweede["tijdig"], tweede["belemmering"], geen) == (True, None, [])


def test_afsluiting_brengt_haar_les_in_de_leercyclus(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel)
    knelpunt = Knelpunt(categorie="financiering", omschrijving="Geen contract.")
    formulier = afsluitformulier(lessen="Eerder de school.", lessen_categorie="zorginhoud", knelpunten=[knelpunt])
    casus.sluit_af(formulier, op=date(2026, 11, 20), herkomst=HERKOMST)
    *_, (_, _, knelpunten, lessen) = toegepast(casus, kalender)
    assert knelpunten == [("afsluiting", "financiering", "Geen contract.", date(2026, 11, 20))]
    assert lessen == [("afsluiting", "les", "zorginhoud", "Eerder de school.", date(2026, 11, 20))]
    zonder = nieuwe_casus(profiel)
    zonder.sluit_af(afsluitformulier(), op=date(2026, 11, 20), herkomst=HERKOMST)
    *_, (_, _, [], [les]) = toegepast(zonder, kalender)
    assert les[:3] == ("afsluiting", "les", None)


def test_bestuurlijk_overleg_en_evaluatie_in_de_leesmodellen(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    vragen = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "x"))
    casus.schaal_op(
        Opschaling(niveau="bovenregionaal", reden="r", intakevragen=vragen),
        profiel,
        op=date(2026, 11, 4),
        herkomst=HERKOMST,
    )
    casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="r"), profiel, op=date(2026, 11, 5), herkomst=HERKOMST)
    rto = BestuurlijkOverleg(
        datum=date(2026, 11, 6), deelnemers=("wethouder",), uitkomst="geen-oplossing", besluit="Nog niet."
    )
    casus.leg_bestuurlijk_overleg_vast(rto, op=date(2026, 11, 6), herkomst=HERKOMST)
    evaluatie = BestuurlijkeEvaluatie(
        datum=date(2026, 12, 1),
        besluit_uitgevoerd="deels",
        casus_vlotgetrokken=False,
        toelichting="t",
        lessen="Sneller schakelen.",
        knelpunten=[Knelpunt(categorie="samenwerking", omschrijving="Eilandjes.")],
    )
    casus.evalueer_bestuurlijk_overleg(evaluatie, op=date(2026, 12, 1), herkomst=HERKOMST)
    *_, (_, overleg_, [], []), (_, geevalueerd, knelpunten, lessen) = toegepast(casus, kalender)
    assert overleg_ == {"uitkomst": "geen-oplossing", "deelnemers": 1}
    assert geevalueerd == {"besluit_uitgevoerd": "deels", "casus_vlotgetrokken": False}
    assert knelpunten == [("bestuurlijk-overleg", "samenwerking", "Eilandjes.", date(2026, 12, 1))]
    assert lessen == [("bestuurlijk-overleg", "les", None, "Sneller schakelen.", date(2026, 12, 1))]


def test_de_lessen_van_het_netwerk_komen_terug_bij_de_regio(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    vragen = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "x"))
    bovenregionaal = Opschaling(niveau="bovenregionaal", reden="r", intakevragen=vragen)
    casus.schaal_op(bovenregionaal, profiel, op=date(2026, 11, 4), herkomst=HERKOMST)
    afsluiting = NetwerkAfsluiting.model_validate(
        {
            "checklist": dict.fromkeys(
                (
                    "vervolgstappen_duidelijk",
                    "duurzame_oplossing",
                    "vaste_contactpersoon",
                    "regie_duidelijk",
                    "monitoringgegevens_aangeleverd",
                    "leergegevens_aangeleverd",
                ),
                True,
            ),
            "lessen": "Garantie werkt.",
            "lessen_categorie": "financiering",
            "werkzame_elementen": "Korte lijnen.",
            "knelpunten": [{"categorie": "zorginhoud", "omschrijving": "Geen aanbod."}],
        }
    )
    terug = Terugmelding(
        netwerk="ben-brabant-zeeland",
        regio=casus.regio,
        casus_id=casus.id,
        netwerkcasus_id=uuid4(),
        netwerk_versie=3,
        op=date(2026, 12, 1),
        afsluiting=afsluiting,
    )
    casus.ontvang_van_netwerk(terug, op=date(2026, 12, 1), herkomst=HERKOMST)
    *_, (soort, kenmerken, knelpunten, lessen) = toegepast(casus, kalender)
    assert (soort, kenmerken) == ("NetwerkAfgesloten", {"checklist_volledig": True})
    assert knelpunten == [("netwerk", "zorginhoud", "Geen aanbod.", date(2026, 12, 1))]
    assert lessen == [
        ("netwerk", "les", "financiering", "Garantie werkt.", date(2026, 12, 1)),
        ("netwerk", "werkzaam-element", None, "Korte lijnen.", date(2026, 12, 1)),
    ]


def test_netwerkafsluiting_zonder_leergegevens_blijft_geldig() -> None:
    checklist = dict.fromkeys(
        (
            "vervolgstappen_duidelijk",
            "duurzame_oplossing",
            "vaste_contactpersoon",
            "regie_duidelijk",
            "monitoringgegevens_aangeleverd",
            "leergegevens_aangeleverd",
        ),
        True,
    )
    afsluiting = NetwerkAfsluiting.model_validate({"checklist": checklist})
    assert (afsluiting.lessen, afsluiting.werkzame_elementen, afsluiting.knelpunten) == (None, None, ())
    knelpunt = {"categorie": "zorginhoud", "omschrijving": "k"}
    with pytest.raises(ValidationError):
        NetwerkAfsluiting.model_validate({"checklist": checklist, "knelpunten": [knelpunt] * 51})
    with pytest.raises(ValidationError):
        NetwerkAfsluiting.model_validate({"checklist": checklist, "lessen_categorie": "onderwijs"})


def terugkoppeling(rol: str, bruikbaarheid: int, stand: str, tijdig: bool | None, belemmering: str | None) -> Feit:
    kenmerken = {
        "rol": rol,
        "bruikbaarheid": bruikbaarheid,
        "wordt_uitgevoerd": stand,
        "belemmering": belemmering,
        "tijdig": tijdig,
    }
    return Feit(uuid4(), "Teruggekoppeld", kenmerken)


def test_monitoring_van_de_terugkoppeling() -> None:
    feiten = [
        terugkoppeling("casusregisseur", 4, "ja", True, None),
        terugkoppeling("casusregisseur", 2, "nee", False, "financiering"),
        terugkoppeling("aanmelder", 3, "deels", None, "financiering"),
    ]
    m = bereken(PERIODE, "hart-van-brabant", feiten, {})
    assert m["terugkoppelingen"] == {
        "aantal": 3,
        "gemiddelde_bruikbaarheid": 3.0,
        "wordt_uitgevoerd": {"ja": 1, "deels": 1, "nee": 1},
        "belemmering_per_categorie": {"zorginhoud": 0, "financiering": 2, "samenwerking": 0},
        "per_rol": {"aanmelder": 1, "casusregisseur": 2},
        "tijdig": {"aantal": 2, "binnen_norm": 1, "aandeel": 0.5},
    }
    leeg = bereken(PERIODE, "hart-van-brabant", [], {})["terugkoppelingen"]
    assert (leeg["aantal"], leeg["gemiddelde_bruikbaarheid"], leeg["tijdig"]["aandeel"]) == (0, None, None)
    assert leeg["wordt_uitgevoerd"] == {"ja": 0, "deels": 0, "nee": 0}


def test_monitoring_van_bestuurlijke_opschalingen() -> None:
    a, b, c = uuid4(), uuid4(), uuid4()
    feiten = [
        Feit(a, "Opgeschaald", {"niveau": "bestuurlijk", "overleguitkomst": "oplossing-afgesproken"}),
        Feit(b, "Opgeschaald", {"niveau": "bestuurlijk", "overleguitkomst": "geen-overleg"}),
        Feit(c, "Opgeschaald", {"niveau": "bovenregionaal"}),
        Feit(a, "BestuurlijkOverlegGehouden", {"uitkomst": "vervolgoverleg", "deelnemers": 2}),
        Feit(a, "BestuurlijkOverlegGehouden", {"uitkomst": "oplossing-afgesproken", "deelnemers": 3}),
        Feit(a, "BestuurlijkOverlegGeevalueerd", {"besluit_uitgevoerd": "deels", "casus_vlotgetrokken": True}),
    ]
    m = bereken(PERIODE, "noord-limburg", feiten, {a: "doelen-behaald"})
    assert m["opschalingen"]["totaal"] == 3
    assert m["opschalingen"]["per_niveau"] == {
        "bestuurlijk": {"doelen-behaald": 1, "lopend": 1},
        "bovenregionaal": {"lopend": 1},
    }
    assert m["opschalingen"]["bestuurlijk"] == {
        "opgeschaald": 2,
        "per_overleguitkomst": {
            "geen-overleg": 1,
            "oplossing-afgesproken": 1,
            "vervolgoverleg": 0,
            "geen-oplossing": 0,
        },
        "overleggen": 2,
        "overleggen_per_uitkomst": {"oplossing-afgesproken": 1, "vervolgoverleg": 1, "geen-oplossing": 0},
        "evaluaties": 1,
        "besluit_uitgevoerd": {"ja": 0, "deels": 1, "nee": 0},
        "vlotgetrokken": 1,
    }
    regels = als_regels(m)
    assert ("noord-limburg", "2026-07-01", "2026-12-31", "opschalingen", "bestuurlijk.vlotgetrokken", 1) in regels
    assert ("noord-limburg", "2026-07-01", "2026-12-31", "terugkoppelingen", "tijdig.aandeel", "") in regels


@pytest.mark.parametrize("veld", ["lessen", "lessen_categorie"])
def test_de_lessen_van_een_afsluiting_worden_niet_gecorrigeerd(profiel: RegioProfiel, veld: str) -> None:
    casus = nieuwe_casus(profiel)
    casus.sluit_af(afsluitformulier(lessen="Les."), op=date(2026, 11, 20), herkomst=HERKOMST)
    correctie = Correctie(onderdeel="afsluiting", wijzigingen={veld: "samenwerking"}, reden="Anders verwoord.")
    with pytest.raises(RegelGeschonden) as fout:
        casus.corrigeer(correctie, profiel, op=date(2026, 11, 21), herkomst=HERKOMST)
    assert (fout.value.regel, fout.value.veld) == (Regel.CORRECTIE_NIET_TOEGESTAAN, f"wijzigingen.{veld}")
