"""A bovenregionale escalation leaves the region: its free text may not carry the case's own personal data."""

from datetime import date

import pytest

from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.persoonsgegevens_in_tekst import Soort, Zoekbeeld, persoonsgegevens_in
from domain.regioprofiel import RegioProfiel
from domain.waarden import Intakevragen, Opschaling, Persoon, Persoonsgegevens, Toestemming
from tests.unit.conftest import HERKOMST, nieuwe_casus, triage

GEGEVENS = Persoonsgegevens(
    jeugdige=Persoon(
        naam="Sem van der Berg",
        geboortedatum=date(2011, 3, 4),
        telefoon="06-12345678",
        email="S.vdB@Example.nl",
        adres="Kerkstraat 12, 5038 AB Tilburg",
    ),
    ouders=(
        Persoon(naam="M. Jansen", telefoon="+31 13 123 4567"),
        Persoon(naam="Jan de Jong"),
        Persoon(naam="Zoë Çelik"),
        Persoon(naam="Ben Klein"),
    ),
    gezinssituatie="Moeder werkt in de zorg; vader woont in Breda.",
)
ZOEKBEELD = Zoekbeeld(GEGEVENS)
OP = date(2026, 11, 20)


def gevonden(tekst: str, zoekbeeld: Zoekbeeld = ZOEKBEELD) -> set[str]:
    return {soort.value for soort in zoekbeeld.soorten_in(tekst)}


# --- names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "Gesprek met M. Jansen gehad.",  # the full name
        "Mevrouw Jansen wil dat Sem thuis blijft.",  # surname, given name
        "JANSEN",  # case
        "Zoe Celik en zoë çelik",  # accents
        "Moeder (Çelik) wil meer hulp.",  # surname alone, punctuation around it
        "Sem  van\nder   Berg heeft een plek nodig.",  # whitespace
        "Gesprek met de familie Van Der Berg.",  # tussenvoegsels with the surname as a unit
        "De familie De Jong is bereid mee te werken.",
        "Jan wil meedenken.",  # a three-letter given name
        "Ben Klein is vader.",
        "Ben wil dat zijn zoon thuis blijft.",  # an ordinary word as a name, with a capital
        "Jansen's wens is duidelijk.",
    ],
)
def test_namen_worden_gevonden(tekst: str) -> None:
    assert gevonden(tekst) == {"naam"}


@pytest.mark.parametrize(
    "tekst",
    [
        "Op 14 januari is het gesprek.",  # "Jan" is no part of "januari"
        "Zie het verslag van Janssen-instelling.",  # nor of "Janssen"
        "S. wil naar huis; M. ook.",  # initials alone never
        "Het gesprek van de week ging over school.",  # tussenvoegsels alone never
        "De berg aan problemen groeit; hij is nog te jong.",  # "Berg" and "Jong" as ordinary words
        "Ik ben bang dat het netwerk te klein is.",  # "Ben" and "Klein" as ordinary words
        "Moeder werkt in de zorg; vader woont in Breda.",  # gezinssituatie is no pattern
        "Geen passende plek in de regio; zo dicht mogelijk bij huis.",
    ],
)
def test_geen_vals_alarm_op_namen(tekst: str) -> None:
    assert gevonden(tekst) == set()


def test_een_achternaam_die_ook_een_woord_is_telt_met_hoofdletter() -> None:
    zoekbeeld = Zoekbeeld(Persoonsgegevens(ouders=(Persoon(naam="Anne de Lange"),)))
    assert gevonden("De lange wachtlijst; het duurt lang.", zoekbeeld) == set()
    assert gevonden("Gesprek met mevrouw de Lange.", zoekbeeld) == {"naam"}
    assert gevonden("Gesprek met mevrouw Lange.", zoekbeeld) == {"naam"}
    assert gevonden("Gesprek met anne.", zoekbeeld) == {"naam"}


def test_rollen_en_titels_in_een_naamveld_zijn_geen_naam() -> None:
    zoekbeeld = Zoekbeeld(Persoonsgegevens(ouders=(Persoon(naam="mevr. S. (moeder)"), Persoon(naam="A. Li"))))
    assert gevonden("Mevrouw wil dat moeder en dochter samen wonen; S. en A. waren er.", zoekbeeld) == set()
    assert gevonden("Gesprek met A. Li.", zoekbeeld) == {"naam"}  # a short surname in the whole name


# --- date of birth ---------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "geboren 2011-03-04",
        "geboren 4-3-2011",
        "geboren 04-03-2011",
        "geboren 4/3/2011",
        "geboren 04.03.2011",
        "geboren 4 maart 2011",
        "geboren 4 mrt 2011",
        "geboren 4 MRT. 2011",
        "geboren op 4 maart  2011.",
    ],
)
def test_geboortedatum_in_elke_gangbare_notatie(tekst: str) -> None:
    assert gevonden(tekst) == {"geboortedatum"}


@pytest.mark.parametrize(
    "tekst",
    ["3-4-2011", "5 maart 2011", "2011-03-05", "14-3-2011", "4-3-20112", "maart 2011", "4 maart 2012", "4-13-2011"],
)
def test_andere_data_zijn_geen_geboortedatum(tekst: str) -> None:
    assert gevonden(tekst) == set()


# --- phone, e-mail ---------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "bel 0612345678",
        "bel 06 12 34 56 78",
        "bel +31 6 1234 5678",
        "bel +31 (0)6-12345678",
        "bel 0031612345678",
        "vader: 013-1234567",
        "vader: +31131234567",
    ],
)
def test_telefoon_als_cijferreeks(tekst: str) -> None:
    assert gevonden(tekst) == {"telefoon"}


def test_korte_of_andere_nummers_zijn_geen_telefoon() -> None:
    assert gevonden("bel 06-12345679, of 112, of 612345, kamer 1234") == set()
    zoekbeeld = Zoekbeeld(Persoonsgegevens(jeugdige=Persoon(naam="S.", telefoon="14 013")))  # under 6 digits
    assert gevonden("de gemeente: 14013", zoekbeeld) == set()


def test_email_zonder_hoofdlettergevoeligheid() -> None:
    assert gevonden("Mail: s.vdb@example.nl.") == {"e-mail"}
    assert gevonden("S.VDB@EXAMPLE.NL") == {"e-mail"}
    assert gevonden("xs.vdb@example.nl of s.vdb@example.nl.com") == set()


# --- address ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    [
        "woont Kerkstraat 12",
        "woont kerkstraat 12.",
        "woont Kerkstraat 12a",  # the same house number with an addition: the same building
        "woont Kerkstraat 12-A",
        "postcode 5038AB",
        "postcode 5038 ab",
        "Kerkstraat 12,\n5038 AB  Tilburg",  # the whole address
    ],
)
def test_adres_straat_en_huisnummer_postcode_en_geheel(tekst: str) -> None:
    assert gevonden(tekst) == {"adres"}


@pytest.mark.parametrize("tekst", ["woont Kerkstraat 120", "woont aan de Kerkstraat", "huisnummer 12", "in Tilburg"])
def test_geen_vals_alarm_op_adres(tekst: str) -> None:
    assert gevonden(tekst) == set()


def test_een_huisnummer_met_toevoeging_vindt_het_nummer_zonder() -> None:
    zoekbeeld = Zoekbeeld(Persoonsgegevens(jeugdige=Persoon(naam="S.", adres="Van der Meerstraat 3a")))
    assert gevonden("woont Van der Meerstraat 3", zoekbeeld) == {"adres"}
    assert gevonden("woont meerstraat 3 A", zoekbeeld) == {"adres"}
    assert gevonden("woont Meerstraat 33", zoekbeeld) == set()


def test_een_adres_zonder_huisnummer_is_geen_zoekpatroon() -> None:
    zoekbeeld = Zoekbeeld(Persoonsgegevens(jeugdige=Persoon(naam="S.", adres="Tilburg-Noord")))
    assert gevonden("Hulp in Tilburg-Noord.", zoekbeeld) == set()


# --- per field, kinds in order, anonymous ----------------------------------------


def test_per_veld_de_soorten_op_volgorde() -> None:
    velden = {"a": "Niets.", "b": "s.vdb@example.nl, Kerkstraat 12, 4-3-2011, Sem, 0612345678"}
    assert persoonsgegevens_in(velden, GEGEVENS) == {
        "b": (Soort.NAAM, Soort.GEBOORTEDATUM, Soort.ADRES, Soort.TELEFOON, Soort.EMAIL)
    }


def test_zonder_persoonsgegevens_niets_te_zoeken() -> None:
    tekst = "Sem van der Berg, 4-3-2011, Kerkstraat 12, 0612345678"
    assert persoonsgegevens_in({"reden": tekst}, None) == {}
    assert persoonsgegevens_in({"reden": tekst}, Persoonsgegevens(gezinssituatie=tekst)) == {}


# --- the rule on the case --------------------------------------------------------


def opschaling(niveau: str = "bovenregionaal", reden: str = "Geen passend aanbod.", **vragen: str) -> Opschaling:
    if niveau != "bovenregionaal":
        return Opschaling(niveau=niveau, reden=reden)
    intake = {**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."), **vragen}
    return Opschaling(niveau=niveau, reden=reden, intakevragen=Intakevragen(**intake))


def getrieerd(
    profiel: RegioProfiel, persoonsgegevens: Persoonsgegevens | None = GEGEVENS, **aanmelding: object
) -> Casus:
    casus = nieuwe_casus(profiel, persoonsgegevens=persoonsgegevens, **aanmelding)
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    return casus


def test_bovenregionaal_met_persoonsgegevens_geweigerd(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    tekst = "Moeder Jansen (Kerkstraat 12) wil dat Sem thuis blijft."
    with pytest.raises(RegelGeschonden) as fout:
        casus.schaal_op(opschaling(wensen_ouders_jeugdige=tekst), profiel, op=OP, herkomst=HERKOMST)
    assert fout.value.regel is Regel.PERSOONSGEGEVENS_IN_ESCALATIE
    assert fout.value.veld == "intakevragen.wensen_ouders_jeugdige"
    assert "intakevragen.wensen_ouders_jeugdige (naam, adres)" in fout.value.melding
    for gegeven in ("Jansen", "Kerkstraat", "12", "Sem"):
        assert gegeven not in str(fout.value)
    assert casus.opschalingen == [] and casus.version == 2  # nothing recorded
    casus.schaal_op(opschaling(wensen_ouders_jeugdige="Thuis blijven wonen."), profiel, op=OP, herkomst=HERKOMST)
    assert casus.ooit_bovenregionaal


def test_elk_veld_met_persoonsgegevens_genoemd_het_eerste_als_veld(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    te_sturen = opschaling(reden="Vader bereikbaar op 013-1234567.", urgentie="Voor 4 maart 2011 was het rustig.")
    with pytest.raises(RegelGeschonden, match=r"^persoonsgegevens-in-escalatie:") as fout:
        casus.schaal_op(te_sturen, profiel, op=OP, herkomst=HERKOMST)
    assert fout.value.veld == "reden"
    assert "reden (telefoon); intakevragen.urgentie (geboortedatum)" in fout.value.melding


def test_anonieme_casus_heeft_niets_te_controleren(profiel: RegioProfiel) -> None:
    anoniem = Toestemming(anoniem=True, anonimiteit_goedgekeurd_door="voorzitter")
    casus = getrieerd(profiel, persoonsgegevens=None, toestemming=anoniem)
    casus.schaal_op(opschaling(wensen_ouders_jeugdige="Sem Jansen, Kerkstraat 12"), profiel, op=OP, herkomst=HERKOMST)
    assert casus.ooit_bovenregionaal


def test_bestuurlijke_opschaling_verlaat_de_regio_niet_en_wordt_niet_gecontroleerd(profiel: RegioProfiel) -> None:
    casus = getrieerd(profiel)
    casus.schaal_op(opschaling(), profiel, op=OP, herkomst=HERKOMST)
    casus.schaal_op(
        opschaling("bestuurlijk", reden="Familie Jansen wacht al maanden."), profiel, op=OP, herkomst=HERKOMST
    )
    assert [n.value for n in casus.opschalingsniveaus()] == ["bovenregionaal", "bestuurlijk"]
    (opgeschaald,) = [e for e in casus.collect_events() if isinstance(e, Casus.Opgeschaald)][1:]
    assert opgeschaald.escalatie is None  # nothing of it goes to the network


def test_een_opgeslagen_opschaling_met_persoonsgegevens_laadt_nog(profiel: RegioProfiel) -> None:
    """The rule refuses the command; replaying a stored event from before the rule does not check it."""
    casus = getrieerd(profiel)
    oud = opschaling(wensen_ouders_jeugdige="Sem Jansen, Kerkstraat 12")
    casus._opgeschaald_event(opschaling=oud, escalatie=None, op=OP, herkomst=HERKOMST)
    herladen = None
    for event in casus.collect_events():
        herladen = event.mutate(herladen)
    assert isinstance(herladen, Casus) and herladen.opschalingen == [(oud, OP)]


@pytest.mark.parametrize(
    ("naam", "tekst"),
    [
        ("Max de Boer", "Wachttijd max. 6 maanden."),
        ("April Smit", "Sinds april geen plek."),
        ("Jan Smit", "Sinds 3 jan geen school."),
        ("Juli Smit", "Pas in juli een intake."),
    ],
)
def test_een_afkorting_of_maand_die_ook_een_voornaam_is_telt_alleen_met_hoofdletter(naam: str, tekst: str) -> None:
    zoekbeeld = Zoekbeeld(Persoonsgegevens(jeugdige=Persoon(naam=naam)))
    assert gevonden(tekst, zoekbeeld) == set()
    assert gevonden(f"{naam.split(maxsplit=1)[0]} wil niet.", zoekbeeld) == {"naam"}
