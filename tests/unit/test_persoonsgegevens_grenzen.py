"""Edges of finding a case's own personal data in free text: short name parts, tussenvoegsels, addresses
without the usual shape, phone notations and invalid dates."""

from __future__ import annotations

from datetime import date

import pytest

from domain.persoonsgegevens_in_tekst import Zoekbeeld, _telefoonkern
from domain.waarden import Persoon, Persoonsgegevens


def gevonden(tekst: str, *personen: Persoon) -> set[str]:
    return {soort.value for soort in Zoekbeeld(Persoonsgegevens(ouders=personen)).soorten_in(tekst)}


def test_initialen_alleen_worden_nooit_gezocht() -> None:
    assert gevonden("Vraag van J. K. over school; J K belt.", Persoon(naam="J. K.")) == set()


def test_een_naamdeel_van_twee_letters_telt_alleen_in_de_hele_naam() -> None:
    bo = Persoon(naam="Bo Li")
    assert gevonden("Bo gaat naar school, Li ook.", bo) == set()
    assert gevonden("Gesprek met Bo Li.", bo) == {"naam"}


@pytest.mark.parametrize("naam", ["Jan van Os", "van Os", "Jan van Os-Bakker"])
def test_een_korte_achternaam_telt_met_zijn_tussenvoegsel(naam: str) -> None:
    assert gevonden("Gesprek met mevrouw van Os.", Persoon(naam=naam)) == {"naam"}
    assert gevonden("Gesprek met mevrouw Os.", Persoon(naam=naam)) == set()


@pytest.mark.parametrize("naam", ["Jan van der Os", "van der Os"])
def test_alle_tussenvoegsels_horen_bij_de_achternaam(naam: str) -> None:
    assert gevonden("De familie van der Os is bereid.", Persoon(naam=naam)) == {"naam"}
    assert gevonden("Het dorp der Os en de os van de boer.", Persoon(naam=naam)) == set()


def adres(tekst: str) -> Persoon:
    return Persoon(naam="A. B.", adres=tekst)


def test_een_adres_met_het_nummer_voorop() -> None:
    assert gevonden("Zij woont op 12 Kerkstraat.", adres("12 Kerkstraat")) == {"adres"}
    assert gevonden("Welke hulp past bij dit gezin?", adres("12 Kerkstraat")) == set()


def test_straat_en_huisnummer_ook_met_een_toevoeging() -> None:
    assert gevonden("Zij woont in de Kerkstraat 12.", adres("Kerkstraat 12-2")) == {"adres"}
    assert gevonden("Zij woont in de Kerkstraat.", adres("Kerkstraat 12-2")) == set()


def test_een_postcode_alleen() -> None:
    persoon = adres("Op de Berg 3, 5041 AB Tilburg")
    assert gevonden("Postcode 5041 AB.", persoon) == {"adres"}
    assert gevonden("Postcode 5041 AC, huisnummer 3.", persoon) == set()
    assert gevonden("Ik ga op de fiets naar de oude kerk.", persoon) == set()
    assert gevonden("Naar de oude kerkstraat.", adres("Oude Kerkstraat 3, 5041 AB Tilburg")) == set()
    assert gevonden("Naar 5041 Tilburg.", persoon) == set()


@pytest.mark.parametrize(
    ("telefoon", "kern"),
    [
        ("06-12345678", "612345678"),
        ("+31 6 12345678", "612345678"),
        (" +31 6 12345678", "612345678"),
        ("0031 6 12345678", "612345678"),
        ("+31 (0)6 12345678", "612345678"),
        ("013 123 4567", "131234567"),
        ("123456", "123456"),
        ("0123450", "123450"),
    ],
)
def test_de_kern_van_een_telefoonnummer(telefoon: str, kern: str) -> None:
    assert _telefoonkern(telefoon) == kern


def test_een_telefoonnummer_van_zes_cijfers_wordt_gezocht_korter_niet() -> None:
    assert gevonden("Bel 123456.", Persoon(naam="A. B.", telefoon="123456")) == {"telefoon"}
    assert gevonden("Kamer 12345.", Persoon(naam="A. B.", telefoon="12345")) == set()


def test_een_dossiernummer_is_geen_telefoonnummer() -> None:
    assert gevonden("Dossier 12345678.", Persoon(naam="A. B.", telefoon="+31 6 12345678")) == set()
    assert gevonden("Dossier 31612345678.", Persoon(naam="A. B.", telefoon="0031 6 12345678")) == {"telefoon"}


def test_een_ongeldige_datum_verbergt_de_geboortedatum_niet() -> None:
    persoon = Persoon(naam="A. B.", geboortedatum=date(2011, 3, 4))
    tekst = "Afspraken op 30-02-2011, 31-02-2011, 31-04-2011, 31-06-2011, 00-01-2011 en 32-01-2011; geboren 4-3-2011."
    assert gevonden(tekst, persoon) == {"geboortedatum"}
    tekst = "Geboren 2011-03-04, niet 2011-02-30 of 2011-13-01 of 2011-00-10."
    assert gevonden(tekst, persoon) == {"geboortedatum"}


def test_een_datum_in_een_langere_cijferreeks_is_geen_geboortedatum() -> None:
    persoon = Persoon(naam="A. B.", geboortedatum=date(2011, 3, 4))
    assert gevonden("Kenmerk 2011-03-045 en 12011-03-04.", persoon) == set()
