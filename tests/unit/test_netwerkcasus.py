"""The network's case: its rules, its norms, and what of a regional case reaches the network."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain.fouten import Regel, RegelGeschonden
from domain.netwerk import (
    Actie,
    Afsluitchecklist,
    Afspraak,
    Escalatie,
    Kernteambesluit,
    NetwerkAfsluiting,
    NetwerkOpschaling,
    Oplossing,
    Terugmelding,
)
from domain.netwerkcasus import Netwerkcasus, Status
from domain.regioprofiel import RegioProfiel
from domain.waarden import Herkomst, Intakevragen, Knelpunt, Opschaling, Persoon, Persoonsgegevens
from domain.werkdagen import Werkkalender
from tests.unit.conftest import nieuwe_casus, triage

KERNTEAM = Herkomst(actor="voorzitter", rol="kernteam")
INTAKE = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie het dossier."))
BOVENREGIONAAL = Opschaling(niveau="bovenregionaal", reden="Geen passend aanbod in de regio.", intakevragen=INTAKE)
OPGEPAKT = Kernteambesluit(opgepakt=True, oplossing=Oplossing.DOORBRAAK, deelname_gezin="Moeder schuift aan.")
VOLLEDIG = Afsluitchecklist(**dict.fromkeys(Afsluitchecklist.model_fields, True))


def schendt(regel: Regel) -> pytest.RaisesExc[RegelGeschonden]:
    return pytest.raises(RegelGeschonden, match=f"^{regel.value}:")


def escalatie(profiel: RegioProfiel, **wijzigingen: object) -> Escalatie:
    casus = nieuwe_casus(profiel, **wijzigingen)  # type: ignore[arg-type]
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=KERNTEAM)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=KERNTEAM)
    return casus.escalatie(BOVENREGIONAAL, versie=casus.version, op=date(2026, 11, 20), netwerk=profiel.netwerk)


def ontvangen(profiel: RegioProfiel, op: date = date(2026, 11, 20)) -> Netwerkcasus:
    return Netwerkcasus.ontvang(escalatie(profiel), op=op, herkomst=KERNTEAM)


def opgepakt(profiel: RegioProfiel) -> Netwerkcasus:
    casus = ontvangen(profiel)
    casus.besluit_kernteam(OPGEPAKT, op=date(2026, 11, 24), herkomst=KERNTEAM)
    return casus


def test_een_escalatie_draagt_de_intakevragen_en_het_minimum_over_de_jeugdige(profiel: RegioProfiel) -> None:
    namen = Persoonsgegevens(jeugdige=Persoon(naam="Sam Jansen"), ouders=(Persoon(naam="Eva Jansen"),))
    uit = escalatie(profiel, persoonsgegevens=namen)
    assert set(Escalatie.model_fields) == {
        "regio", "netwerk", "casus_id", "casus_versie", "opgeschaald_op", "reden", "intakevragen",
        "urgentie", "werkstroom", "leeftijd", "woonplaatsgemeente", "leefgebieden",
    }  # fmt: skip
    verzonden = uit.model_dump_json()
    for persoonlijk in ("Sam", "Jansen", "Eva", "J. de Vries", "Gebiedsteam", "moeder"):
        assert persoonlijk not in verzonden
    assert (uit.regio, uit.netwerk, uit.leeftijd, uit.urgentie) == (
        "hart-van-brabant",
        "ben-brabant-zeeland",
        15,
        "hoog",
    )
    assert uit.intakevragen == INTAKE


def test_alleen_een_bovenregionale_opschaling_gaat_naar_het_netwerk(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    with pytest.raises(ValueError, match="bovenregionale"):
        casus.escalatie(Opschaling(niveau="bestuurlijk", reden="r"), versie=3, op=date(2026, 11, 20), netwerk="ben")


def test_dezelfde_escalatie_geeft_dezelfde_netwerkcasus(profiel: RegioProfiel) -> None:
    eerste = escalatie(profiel)
    assert Netwerkcasus.ontvang(eerste, op=date(2026, 11, 20), herkomst=KERNTEAM).id == eerste.netwerkcasus_id
    assert eerste.model_copy().netwerkcasus_id == eerste.netwerkcasus_id
    assert eerste.model_copy(update={"casus_versie": 9}).netwerkcasus_id != eerste.netwerkcasus_id
    assert escalatie(profiel).netwerkcasus_id != eerste.netwerkcasus_id


def test_kernteambesluit_opgepakt_of_teruggelegd(profiel: RegioProfiel) -> None:
    casus = opgepakt(profiel)
    assert casus.status is Status.IN_BEHANDELING
    terug = ontvangen(profiel)
    terug.besluit_kernteam(
        Kernteambesluit(opgepakt=False, reden="Regionaal op te lossen."), op=date(2026, 11, 21), herkomst=KERNTEAM
    )
    assert terug.status is Status.TERUGGELEGD
    with pytest.raises(ValidationError, match="oplossing"):
        Kernteambesluit(opgepakt=True)
    with pytest.raises(ValidationError, match="reden"):
        Kernteambesluit(opgepakt=False)
    with pytest.raises(ValidationError, match="no oplossing"):
        Kernteambesluit(opgepakt=False, reden="r", oplossing=Oplossing.DOORBRAAK)


def test_het_kernteam_besluit_eenmaal(profiel: RegioProfiel) -> None:
    casus = opgepakt(profiel)
    with schendt(Regel.KERNTEAM_AL_BESLOTEN):
        casus.besluit_kernteam(OPGEPAKT, op=date(2026, 11, 25), herkomst=KERNTEAM)


def test_acties_knelpunten_en_opschaling_vragen_een_opgepakte_casus(profiel: RegioProfiel) -> None:
    casus = ontvangen(profiel)
    knelpunt = Knelpunt(categorie="financiering", omschrijving="Niemand betaalt.")
    with schendt(Regel.KERNTEAM_NOG_GEEN_BESLUIT):
        casus.spreek_actie_af(Actie(inzet="i"), op=date(2026, 11, 21), herkomst=KERNTEAM)
    with schendt(Regel.KERNTEAM_NOG_GEEN_BESLUIT):
        casus.meld_knelpunt(knelpunt, op=date(2026, 11, 21), herkomst=KERNTEAM)
    with schendt(Regel.KERNTEAM_NOG_GEEN_BESLUIT):
        casus.schaal_op(NetwerkOpschaling(naar="opdrachtgever", reden="r"), op=date(2026, 11, 21), herkomst=KERNTEAM)
    casus.besluit_kernteam(Kernteambesluit(opgepakt=False, reden="r"), op=date(2026, 11, 21), herkomst=KERNTEAM)
    with schendt(Regel.NETWERKCASUS_TERUGGELEGD):
        casus.spreek_actie_af(Actie(inzet="i"), op=date(2026, 11, 22), herkomst=KERNTEAM)
    with schendt(Regel.NETWERKCASUS_TERUGGELEGD):
        casus.besluit_kernteam(OPGEPAKT, op=date(2026, 11, 22), herkomst=KERNTEAM)


def test_acties_knelpunten_en_opschaling_worden_vastgelegd(profiel: RegioProfiel) -> None:
    casus = opgepakt(profiel)
    actie = Actie(
        inzet="Twee dagdelen per week, drie maanden.",
        experts=("orthopedagoog", "jeugdpsychiater"),
        afspraken=(Afspraak(uitvoerder="Zorgaanbieder X", doel="Woonplek", procesregie="gebiedsteam"),),
        evaluatiemomenten=(date(2027, 1, 15),),
        contactpersoon="P. de Wit",
        financiering_garant=True,
    )
    casus.spreek_actie_af(actie, op=date(2026, 11, 27), herkomst=KERNTEAM)
    casus.meld_knelpunt(Knelpunt(categorie="samenwerking", omschrijving="s"), op=date(2026, 12, 1), herkomst=KERNTEAM)
    casus.schaal_op(NetwerkOpschaling(naar="opdrachtgever", reden="r"), op=date(2026, 12, 2), herkomst=KERNTEAM)
    assert casus.contactpersoon == "P. de Wit" and casus.contactpersoon_sinds == date(2026, 11, 27)
    assert len(casus.knelpunten) == 1 and len(casus.opschalingen) == 1


def test_afsluiten_na_de_checklist(profiel: RegioProfiel) -> None:
    casus = opgepakt(profiel)
    onvolledig = VOLLEDIG.model_copy(update={"leergegevens_aangeleverd": False, "vaste_contactpersoon": False})
    with schendt(Regel.AFSLUITCHECKLIST_ONVOLLEDIG) as fout:
        casus.sluit_af(NetwerkAfsluiting(checklist=onvolledig), op=date(2027, 2, 1), herkomst=KERNTEAM)
    assert "vaste_contactpersoon, leergegevens_aangeleverd" in str(fout.value)
    casus.sluit_af(NetwerkAfsluiting(checklist=VOLLEDIG), op=date(2027, 2, 1), herkomst=KERNTEAM)
    assert casus.status is Status.AFGESLOTEN
    with schendt(Regel.NETWERKCASUS_AFGESLOTEN):
        casus.sluit_af(NetwerkAfsluiting(checklist=VOLLEDIG), op=date(2027, 2, 2), herkomst=KERNTEAM)


def test_afsluiten_met_open_punten_vraagt_een_reden(profiel: RegioProfiel) -> None:
    casus = opgepakt(profiel)
    onvolledig = VOLLEDIG.model_copy(update={"duurzame_oplossing": False})
    afsluiting = NetwerkAfsluiting(checklist=onvolledig, afwijking_reden="Gezin verhuisd naar het buitenland.")
    casus.sluit_af(afsluiting, op=date(2027, 2, 1), herkomst=KERNTEAM)
    assert casus.status is Status.AFGESLOTEN


def test_kernteambesluit_binnen_vijf_werkdagen(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    assert ontvangen(profiel, op=date(2026, 11, 20)).besluit_uiterlijk(kalender) == date(2026, 11, 27)
    # received Friday 18 December: 21-24 December count, Christmas and the weekend do not, the 28th is the fifth
    assert ontvangen(profiel, op=date(2026, 12, 18)).besluit_uiterlijk(kalender) == date(2026, 12, 28)


def test_vaste_contactpersoon_binnen_twee_weken_na_het_oppakken(profiel: RegioProfiel) -> None:
    assert ontvangen(profiel).contactpersoon_uiterlijk() is None
    assert opgepakt(profiel).contactpersoon_uiterlijk() == date(2026, 12, 8)


def terugmelding(casus_id: object, **inhoud: object) -> Terugmelding:
    return Terugmelding(
        netwerk="ben-brabant-zeeland",
        regio="hart-van-brabant",
        casus_id=casus_id,
        netwerkcasus_id=uuid4(),
        netwerk_versie=2,
        op=date(2026, 11, 24),
        **inhoud,
    )


def test_het_besluit_van_het_netwerk_komt_op_de_regionale_casus(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=KERNTEAM)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=KERNTEAM)
    casus.ontvang_van_netwerk(terugmelding(casus.id, besluit=OPGEPAKT), op=date(2026, 11, 24), herkomst=KERNTEAM)
    casus.ontvang_van_netwerk(
        terugmelding(casus.id, afsluiting=NetwerkAfsluiting(checklist=VOLLEDIG)), op=date(2027, 2, 1), herkomst=KERNTEAM
    )
    soorten = [type(e).__name__ for e in casus.collect_events()][-2:]
    assert soorten == ["NetwerkBesluitOntvangen", "NetwerkAfgesloten"]
    assert [t.besluit for t in casus.netwerk if t.besluit] == [OPGEPAKT]


def test_alleen_een_bovenregionaal_opgeschaalde_casus_hoort_van_het_netwerk(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    with schendt(Regel.NIET_BOVENREGIONAAL_OPGESCHAALD):
        casus.ontvang_van_netwerk(terugmelding(casus.id, besluit=OPGEPAKT), op=date(2026, 11, 24), herkomst=KERNTEAM)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=KERNTEAM)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=KERNTEAM)
    with schendt(Regel.NIET_BOVENREGIONAAL_OPGESCHAALD):
        casus.ontvang_van_netwerk(terugmelding(uuid4(), besluit=OPGEPAKT), op=date(2026, 11, 24), herkomst=KERNTEAM)


def test_een_terugmelding_draagt_precies_een_ding() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        terugmelding(uuid4())
    with pytest.raises(ValidationError, match="exactly one"):
        terugmelding(uuid4(), besluit=OPGEPAKT, actie=Actie(inzet="i"))


def test_de_opschaling_legt_vast_wat_naar_het_netwerk_gaat(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=KERNTEAM)
    casus.schaal_op(BOVENREGIONAAL, profiel, op=date(2026, 11, 20), herkomst=KERNTEAM)
    opgeschaald = casus.collect_events()[-1]
    assert isinstance(opgeschaald, type(casus).Opgeschaald) and opgeschaald.escalatie is not None
    assert opgeschaald.escalatie == casus.escalatie(
        BOVENREGIONAAL, versie=opgeschaald.originator_version, op=date(2026, 11, 20), netwerk="ben-brabant-zeeland"
    )
    casus.schaal_op(Opschaling(niveau="bestuurlijk", reden="r"), profiel, op=date(2026, 12, 1), herkomst=KERNTEAM)
    assert casus.collect_events()[-1].escalatie is None  # only the bovenregionale goes to the network
