"""The value limits of what a step records: each bound accepted on the edge and refused one past it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import pytest
from pydantic import BaseModel, StringConstraints, ValidationError

from domain.casus import Fase
from domain.fouten import Regel
from domain.invoer import UIT_OPSLAG, Invoerregel, hoogstens, verboden_teken
from domain.inzagelog import Toegangssoort
from domain.netwerk import Actie, Afspraak, Kernteambesluit, Oplossing
from domain.netwerkcasus import CONTACTPERSOON_DAGEN, KERNTEAMBESLUIT_WERKDAGEN, Status
from domain.normen import Norm
from domain.persoonsgegevens_in_tekst import Soort
from domain.regioprofiel import Normtermijnen, Opschalingsniveau, RegioProfiel, Werkstroom
from domain.rollen import Handeling, Rol
from domain.waarden import (
    AanmelderRol,
    Aanmelding,
    Advies,
    Afsluitreden,
    Doel,
    Doelscore,
    Evaluatie,
    Herkomst,
    Knelpunt,
    Knelpuntcategorie,
    Leefgebied,
    Opschaling,
    Overleg,
    Persoon,
    Persoonsgegevens,
    Stap,
    Toestemming,
    Triage,
    TriageUitkomst,
    Urgentie,
)
from domain.wissen import Wisgrond
from tests.unit.conftest import PROFIEL, aanmelding, advies, afsluitformulier, triage

D = date(2027, 1, 20)


def geweigerd(maak: Any, *args: Any, **velden: Any) -> str:
    """The field the refusal names."""
    with pytest.raises(ValidationError) as fout:
        maak(*args, **velden)
    return ".".join(str(deel) for deel in fout.value.errors()[0]["loc"])


def test_waarden_zijn_onveranderlijk_en_kennen_geen_onbekende_velden() -> None:
    persoon = Persoon(naam="S. Jansen")
    with pytest.raises(ValidationError):
        persoon.naam = "A. Bakker"  # type: ignore[misc]
    assert geweigerd(Persoon, naam="S. Jansen", bijnaam="Sem") == "bijnaam"


# --- the closing form ---------------------------------------------------------------------


@pytest.mark.parametrize("veld", ["waardering_samenwerking", "waardering_effect"])
def test_waarderingen_van_1_tot_en_met_10(veld: str) -> None:
    assert getattr(afsluitformulier(**{veld: 1}), veld) == 1
    assert getattr(afsluitformulier(**{veld: 10}), veld) == 10
    assert geweigerd(afsluitformulier, **{veld: 0}) == veld
    assert geweigerd(afsluitformulier, **{veld: 11}) == veld


def test_het_afsluitformulier_en_zijn_knelpunten() -> None:
    formulier = afsluitformulier()
    assert (formulier.uithuisplaatsing_voorkomen, formulier.vast_contactpersoon, formulier.knelpunten) == (
        None,
        None,
        (),
    )
    knelpunt = Knelpunt(categorie="financiering", omschrijving="k")
    assert len(afsluitformulier(knelpunten=[knelpunt] * 50).knelpunten) == 50
    assert geweigerd(afsluitformulier, knelpunten=[knelpunt] * 51) == "knelpunten"
    assert geweigerd(afsluitformulier, regie_bij=" ") == "regie_bij"


# --- registration ----------------------------------------------------------------------------


def test_leefgebieden_minstens_een_en_elk_hoogstens_eenmaal() -> None:
    assert aanmelding(leefgebieden=["gezin"]).leefgebieden == (Leefgebied.GEZIN,)
    alle = [gebied.value for gebied in Leefgebied]
    assert len(aanmelding(leefgebieden=alle).leefgebieden) == len(Leefgebied) == 11
    assert geweigerd(aanmelding, leefgebieden=[]) == "leefgebieden"
    assert geweigerd(aanmelding, leefgebieden=["gezin", "gezin"]) == "leefgebieden"
    assert geweigerd(aanmelding, leefgebieden=["huisdieren"]) == "leefgebieden.0"


def test_zonder_keuze_geen_plaatsing_en_niet_anoniem() -> None:
    assert aanmelding().plaatsingsdatum is None
    toestemming = Toestemming(gegeven_door="moeder", gegeven_op=date(2026, 11, 2))
    assert (toestemming.anoniem, toestemming.anonimiteit_goedgekeurd_door) == (False, None)
    assert toestemming.is_vastgelegd()
    assert not Toestemming(gegeven_door="moeder").is_vastgelegd()
    assert not Toestemming(gegeven_op=date(2026, 11, 2)).is_vastgelegd()


def test_hoogstens_tien_ouders() -> None:
    ouder = Persoon(naam="A. Jansen")
    assert len(Persoonsgegevens(ouders=(ouder,) * 10).ouders) == 10
    assert geweigerd(Persoonsgegevens, ouders=(ouder,) * 11) == "ouders"


# --- texts -------------------------------------------------------------------------------------


def test_korte_tekst_tot_en_met_200_tekens_zonder_witruimte_eromheen() -> None:
    assert Persoon(naam="x" * 200).naam == "x" * 200
    assert geweigerd(Persoon, naam="x" * 201) == "naam"
    assert Persoon(naam="  S. Jansen \n").naam == "S. Jansen"
    assert geweigerd(Persoon, naam="") == "naam"
    assert geweigerd(Persoon, naam="   ") == "naam"


def test_tekst_tot_en_met_10000_tekens() -> None:
    assert len(Knelpunt(categorie="zorginhoud", omschrijving="x" * 10_000).omschrijving) == 10_000
    assert geweigerd(Knelpunt, categorie="zorginhoud", omschrijving="x" * 10_001) == "omschrijving"
    assert geweigerd(Knelpunt, categorie="zorginhoud", omschrijving=" \t ") == "omschrijving"


def test_sleutel_tot_en_met_255_zichtbare_ascii_tekens() -> None:
    assert Herkomst(actor="a", rol="r", idempotency_key="k" * 255).idempotency_key == "k" * 255
    assert Herkomst(actor="a", rol="r", verzoek_hash="!~").verzoek_hash == "!~"
    assert geweigerd(Herkomst, actor="a", rol="r", idempotency_key="k" * 256) == "idempotency_key"
    assert geweigerd(Herkomst, actor="a", rol="r", verzoek_hash="a b") == "verzoek_hash"
    assert geweigerd(Herkomst, actor="a", rol="r", verzoek_hash="é") == "verzoek_hash"
    assert geweigerd(Herkomst, actor="a", rol="r", verzoek_hash="") == "verzoek_hash"


def test_datums_van_1900_tot_en_met_2100() -> None:
    assert Overleg(datum=date(1900, 1, 1), genodigden=("v",)).datum == date(1900, 1, 1)
    assert Overleg(datum=date(2100, 12, 31), genodigden=("v",)).datum == date(2100, 12, 31)
    assert geweigerd(Overleg, datum=date(1899, 12, 31), genodigden=("v",)) == "datum"
    assert geweigerd(Overleg, datum=date(2101, 1, 1), genodigden=("v",)) == "datum"


@pytest.mark.parametrize(
    ("teken", "verboden"),
    [
        ("\x00", True), ("\x01", True), ("\x08", True), ("\t", False), ("\n", False), ("\x0b", True),
        ("\x0c", True), ("\r", False), ("\x0e", True), ("\x1f", True), (" ", False), ("\x7f", False),
        ("\ud7ff", False), ("\ud800", True), ("\udfff", True), ("\ue000", False),
        ("\ufdcf", False), ("\ufdd0", True), ("\ufdef", True), ("\ufdf0", False),
        ("\ufffd", False), ("\ufffe", True), ("\uffff", True), ("\U0001fffe", True), ("\U0001ffff", True),
        ("\U0010fffd", False), ("\U0010fffe", True), ("\U0010ffff", True),
    ],
)  # fmt: skip
def test_verboden_tekens_op_de_grenzen(teken: str, verboden: bool) -> None:
    assert (verboden_teken(f"a{teken}b") is not None) is verboden
    if verboden:
        assert verboden_teken(f"a{teken}b") == f"U+{ord(teken):04X}"
        assert geweigerd(Persoon, naam=f"a{teken}b") == "naam"
    else:
        assert Persoon(naam=f"a{teken}b").naam == f"a{teken}b"


# --- triage, meeting, advice, evaluation --------------------------------------------------------


def test_triage_nodigt_hoogstens_50_expertises_uit_en_noemt_hoogstens_50_knelpunten() -> None:
    assert len(triage(uit_te_nodigen_expertise=["GGZ"] * 50).uit_te_nodigen_expertise) == 50
    assert geweigerd(triage, uit_te_nodigen_expertise=["GGZ"] * 51) == "uit_te_nodigen_expertise"
    knelpunt = Knelpunt(categorie="samenwerking", omschrijving="k")
    assert len(triage(knelpunten=[knelpunt] * 50).knelpunten) == 50
    assert geweigerd(triage, knelpunten=[knelpunt] * 51) == "knelpunten"


def test_teruglegging_vraagt_een_reden_en_alleen_teruglegging() -> None:
    assert geweigerd(triage, "teruggelegd", reden_teruglegging=None) == ""
    assert triage("teruggelegd").reden_teruglegging == "Past in regulier aanbod."
    assert triage("advies-na-triage").reden_teruglegging is None
    assert triage("bespreken").uitkomst is TriageUitkomst.BESPREKEN


def test_genodigden_van_1_tot_en_met_100() -> None:
    assert len(Overleg(datum=D, genodigden=("v",)).genodigden) == 1
    assert len(Overleg(datum=D, genodigden=tuple(f"g{i}" for i in range(100))).genodigden) == 100
    assert geweigerd(Overleg, datum=D, genodigden=()) == "genodigden"
    assert geweigerd(Overleg, datum=D, genodigden=tuple(f"g{i}" for i in range(101))) == "genodigden"
    assert Overleg(datum=D, genodigden=("v",)).locatie is None


def doel(code: str) -> Doel:
    return Doel(code=code, omschrijving="o", termijn=D, beoogd_effect="e")


def test_advies_met_1_tot_en_met_100_stappen_en_1_tot_en_met_50_doelen() -> None:
    stap = Stap(omschrijving="s", eigenaar="e", deadline=D)
    assert len(advies(D, stappen=[stap] * 100).stappen) == 100
    assert geweigerd(advies, D, stappen=[stap] * 101) == "stappen"
    assert geweigerd(advies, D, stappen=[]) == "stappen"
    assert len(advies(D, doelen=[doel(f"d{i}") for i in range(50)]).doelen) == 50
    assert geweigerd(advies, D, doelen=[doel(f"d{i}") for i in range(51)]) == "doelen"
    assert geweigerd(advies, D, doelen=[]) == "doelen"
    knelpunt = Knelpunt(categorie="zorginhoud", omschrijving="k")
    assert len(advies(D, knelpunten=[knelpunt] * 50).knelpunten) == 50
    assert geweigerd(advies, D, knelpunten=[knelpunt] * 51) == "knelpunten"
    assert advies(D).verzonden_op is None


def test_doelcodes_tot_en_met_40_tekens_en_elk_eenmaal() -> None:
    assert doel("a" * 40).code == "a" * 40
    assert doel("A-z_9").code == "A-z_9"
    assert geweigerd(doel, "a" * 41) == "code"
    assert geweigerd(doel, "") == "code"
    assert geweigerd(doel, "met spatie") == "code"
    assert geweigerd(advies, D, doelen=[doel("d"), doel("d")]) == ""
    assert len(advies(D, doelen=[doel("d"), doel("D")]).doelen) == 2


def test_scores_van_1_tot_en_met_50_doelen() -> None:
    assert Evaluatie(datum=D, scores={"d": "deels"}, toelichting="t").scores == {"d": Doelscore.DEELS}
    assert len(Evaluatie(datum=D, scores={f"d{i}": "behaald" for i in range(50)}, toelichting="t").scores) == 50
    assert geweigerd(Evaluatie, datum=D, scores={}, toelichting="t") == "scores"
    assert geweigerd(Evaluatie, datum=D, scores={f"d{i}": "behaald" for i in range(51)}, toelichting="t") == "scores"
    assert geweigerd(Evaluatie, datum=D, scores={"d": "half"}, toelichting="t") == "scores.d"
    assert Evaluatie(datum=D, scores={"a" * 40: "behaald"}, toelichting="t").terug_op_tafel is False
    assert geweigerd(Evaluatie, datum=D, scores={"a" * 41: "behaald"}, toelichting="t").startswith("scores")


def test_opschaling_bovenregionaal_vraagt_intakevragen_bestuurlijk_niet() -> None:
    assert Opschaling(niveau="bestuurlijk", reden="r").intakevragen is None
    assert geweigerd(Opschaling, niveau="bovenregionaal", reden="r") == ""


# --- the network ------------------------------------------------------------------------------


def test_actie_grenzen() -> None:
    assert len(Actie(inzet="i", experts=tuple(f"e{i}" for i in range(100))).experts) == 100
    assert geweigerd(Actie, inzet="i", experts=tuple(f"e{i}" for i in range(101))) == "experts"
    afspraak = Afspraak(uitvoerder="u", doel="d")
    assert len(Actie(inzet="i", afspraken=(afspraak,) * 50).afspraken) == 50
    assert geweigerd(Actie, inzet="i", afspraken=(afspraak,) * 51) == "afspraken"
    momenten = tuple(date(2027, 1, 1 + i) for i in range(31)) + tuple(date(2027, 2, 1 + i) for i in range(19))
    assert len(Actie(inzet="i", evaluatiemomenten=momenten).evaluatiemomenten) == 50
    assert geweigerd(Actie, inzet="i", evaluatiemomenten=(*momenten, date(2027, 3, 1))) == "evaluatiemomenten"
    assert geweigerd(Actie, inzet="i", evaluatiemomenten=(D, D)) == "evaluatiemomenten"
    actie = Actie(inzet="i")
    assert (actie.experts, actie.afspraken, actie.contactpersoon, actie.financiering_garant) == ((), (), None, False)


def test_kernteambesluit_volledig() -> None:
    assert Kernteambesluit(opgepakt=True, oplossing=Oplossing.CONSULTATIE_EN_ADVIES).reden is None
    assert Kernteambesluit(opgepakt=False, reden="r").oplossing is None
    assert geweigerd(Kernteambesluit, opgepakt=True) == ""
    assert geweigerd(Kernteambesluit, opgepakt=False) == ""
    assert geweigerd(Kernteambesluit, opgepakt=False, reden="r", oplossing="2c-doorbraak") == ""


def test_netwerknormen() -> None:
    assert (KERNTEAMBESLUIT_WERKDAGEN, CONTACTPERSOON_DAGEN) == (5, 14)


# --- region profile ----------------------------------------------------------------------------


def test_normtermijnen_standaard_en_grenzen() -> None:
    normen = Normtermijnen()
    assert (normen.triage_werkdagen, normen.overleg_dagen, normen.advies_verzenden_werkdagen) == (5, 14, 1)
    assert normen.evaluatie_maanden == 3
    assert Normtermijnen(triage_werkdagen=1, overleg_dagen=1, advies_verzenden_werkdagen=0, evaluatie_maanden=1)
    for veld in ("triage_werkdagen", "overleg_dagen", "evaluatie_maanden"):
        assert geweigerd(Normtermijnen, **{veld: 0}) == veld
    assert geweigerd(Normtermijnen, advies_verzenden_werkdagen=-1) == "advies_verzenden_werkdagen"


def profiel(**velden: Any) -> RegioProfiel:
    return RegioProfiel(**{"slug": "x", "naam": "X", "gemeenten": ("A",), "overlegfrequentie": "f", **velden})


def test_regioprofiel_grenzen() -> None:
    standaard = profiel()
    assert standaard.werkstromen == (Werkstroom.A, Werkstroom.B)
    assert (standaard.overleg_max_evaluaties, standaard.netwerk, standaard.opschalingsketen) == (2, None, ())
    assert standaard.normen == Normtermijnen()
    assert profiel(overleg_max_evaluaties=0).overleg_max_evaluaties == 0
    assert geweigerd(profiel, overleg_max_evaluaties=-1) == "overleg_max_evaluaties"
    assert geweigerd(profiel, gemeenten=()) == "gemeenten"
    assert geweigerd(profiel, gemeenten=("Tilburg", "tilburg")) == "gemeenten"
    assert profiel(slug="west-brabant-oost2").slug == "west-brabant-oost2"
    for slug in ("West", "a--b", "-a", "a-", "a b", ""):
        assert geweigerd(profiel, slug=slug) == "slug"
    assert geweigerd(profiel, netwerk="BEN") == "netwerk"


def test_gemeenten_zonder_hoofdletters_en_witruimte() -> None:
    assert PROFIEL.heeft_gemeente("tilburg") and not PROFIEL.heeft_gemeente("Breda")
    assert PROFIEL.officiele_gemeente(" tilBURG ") == "Tilburg"
    assert PROFIEL.officiele_gemeente("Breda") is None


# --- the stored names ----------------------------------------------------------------------------


OPGESLAGEN_NAMEN: dict[type[StrEnum], str] = {
    Fase: "aangemeld getrieerd overleg-gepland advies-uitgebracht geevalueerd afgesloten",
    Norm: "triage overleg advies-verzonden evaluatie",
    Werkstroom: "A B",
    Opschalingsniveau: "bovenregionaal bestuurlijk",
    AanmelderRol: "toegang gecertificeerde-instelling veilig-thuis zorgaanbieder",
    Leefgebied: (
        "gezin opvoeding onderwijs werk-en-inkomen wonen gezondheid psychisch verslaving veiligheid justitie"
        " vrije-tijd-en-sociaal"
    ),
    Urgentie: "laag normaal hoog crisis",
    TriageUitkomst: "bespreken advies-na-triage teruggelegd",
    Doelscore: "behaald deels niet-behaald",
    Knelpuntcategorie: "zorginhoud financiering samenwerking",
    Afsluitreden: "doelen-behaald passende-hulp-georganiseerd teruggelegd overgedragen ingetrokken overig",
    Oplossing: "2a-consultatie-en-advies 2b-ondersteunen-organiseren-hulp 2c-doorbraak",
    Status: "ontvangen in-behandeling teruggelegd afgesloten",
    Soort: "naam geboortedatum adres telefoon e-mail",
    Rol: "aanmelder triagist secretaris casusregisseur expert kernteam auditor beheerder privacy",
    Handeling: (
        "aanmelden trieren overleg-plannen advies-uitbrengen evaluatie-vastleggen opschalen afsluiten"
        " heropenen corrigeren lezen terugkoppelen bestuurlijk-overleg-vastleggen terugkijken inzagelog-lezen"
        " inzage-geven wissen importeren"
    ),
    Toegangssoort: "lezen export inzagelog verzoek",
    Regel: (
        "toestemming-vereist anoniem-zonder-goedkeuring anoniem-met-persoonsgegevens leeftijd-buiten-bereik"
        " leeftijd-klopt-niet-met-geboortedatum gemeente-buiten-regio werkstroom-niet-aangeboden al-getrieerd"
        " nog-niet-getrieerd geen-complexe-casus niet-ter-bespreking advies-zonder-overleg"
        " evaluatie-zonder-advies evaluatie-onbekend-doel evaluatiemoment-voor-advies opschaling-niet-in-keten"
        " opschaling-buiten-volgorde al-opgeschaald casus-afgesloten casus-niet-afgesloten"
        " datum-voor-aanmelding advies-voor-overleg datum-in-toekomst kernteam-al-besloten"
        " kernteam-nog-geen-besluit netwerkcasus-teruggelegd netwerkcasus-afgesloten"
        " afsluitchecklist-onvolledig niet-bovenregionaal-opgeschaald persoonsgegevens-in-escalatie"
        " datum-voor-vorige-stap aanmelding-te-lang-geleden adviessoort-niet-in-regio correctie-ongeldig"
        " correctie-niet-toegestaan correctie-zonder-wijziging niets-te-corrigeren"
        " terugkoppeling-zonder-advies terugkoppeling-na-evaluatie al-teruggekoppeld"
        " niet-bestuurlijk-opgeschaald bestuurlijk-overleg-voor-opschaling"
        " evaluatie-zonder-bestuurlijk-overleg evaluatie-voor-bestuurlijk-overleg bestuurlijk-al-geevalueerd"
        " te-veel-evaluaties geen-overleg-op-datum overleg-bestaat-al persoonsgegevens-gewist"
        " persoonsgegevens-in-blijvende-tekst"
    ),
    Wisgrond: "bewaartermijn verzoek",
}
"""Events, read models and the API carry these values; stored events must keep loading."""


@pytest.mark.parametrize("soort", list(OPGESLAGEN_NAMEN), ids=lambda soort: soort.__name__)
def test_de_opgeslagen_namen_blijven_gelijk(soort: type[StrEnum]) -> None:
    assert [waarde.value for waarde in soort] == OPGESLAGEN_NAMEN[soort].split()


# --- the input rules themselves, and their JSON schema -------------------------------------------


def test_een_invoerregel_begrenst_lengte_aantal_en_herhaling() -> None:
    class Model(BaseModel):
        code: Annotated[str, Invoerregel(max_lengte=3, patroon=r"^[a-z]+$")] = "a"
        lijst: Annotated[tuple[int, ...], hoogstens(2)] = ()
        uniek: Annotated[tuple[int, ...], hoogstens(3, uniek=True)] = ()

    assert Model(code="abc", lijst=(1, 1), uniek=(1, 2, 3)) == Model(code="abc", lijst=[1, 1], uniek=[1, 2, 3])
    assert geweigerd(Model, code="abcd") == "code"
    assert geweigerd(Model, code="AB") == "code"
    assert geweigerd(Model, lijst=(1, 2, 3)) == "lijst"
    assert geweigerd(Model, uniek=(1, 1)) == "uniek"
    assert geweigerd(Model, uniek=(1, 2, 3, 4)) == "uniek"
    assert (
        Model.model_validate({"code": "ABCDE", "lijst": [1, 2, 3], "uniek": [1, 1]}, context=UIT_OPSLAG).code == "ABCDE"
    )
    assert hoogstens(4) == Invoerregel(max_aantal=4)
    assert hoogstens(4, uniek=True) == Invoerregel(max_aantal=4, uniek=True)


def test_het_json_schema_zegt_de_grenzen() -> None:
    class Model(BaseModel):
        kort: Annotated[str, StringConstraints(max_length=10), Invoerregel(max_lengte=255)]
        lang: Annotated[str, StringConstraints(max_length=300), Invoerregel(max_lengte=255)]
        vrij: Annotated[str, Invoerregel(max_lengte=7)]

    velden = Model.model_json_schema()["properties"]
    assert (velden["kort"]["maxLength"], velden["lang"]["maxLength"], velden["vrij"]["maxLength"]) == (10, 255, 7)
    sleutel = Herkomst.model_json_schema()["properties"]["idempotency_key"]["anyOf"][0]
    assert sleutel == {"type": "string", "maxLength": 255, "pattern": r"^[\x21-\x7e]+$"}
    leefgebieden = Aanmelding.model_json_schema()["properties"]["leefgebieden"]
    assert (leefgebieden["maxItems"], leefgebieden["uniqueItems"], leefgebieden["minItems"]) == (11, True, 1)
    assert "maxProperties" not in leefgebieden
    scores = Evaluatie.model_json_schema()["properties"]["scores"]
    assert (scores["maxProperties"], scores["minProperties"]) == (50, 1)
    assert "maxItems" not in scores and "uniqueItems" not in scores
    assert list(scores["patternProperties"]) == ["^[A-Za-z0-9_-]{1,40}$"]
    genodigden = Overleg.model_json_schema()["properties"]["genodigden"]
    assert (genodigden["maxItems"], "uniqueItems" in genodigden) == (100, False)
    assert Advies.model_json_schema()["properties"]["doelen"]["maxItems"] == 50
    assert Triage.model_json_schema()["properties"]["toelichting"]["maxLength"] == 10_000
