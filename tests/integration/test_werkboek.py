"""Reading a team's .xlsx: the template, the example, a mapping file, and broken or hostile files."""

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from adapters.importsjabloon import OPMERKING, sjabloon, voorbeeld
from adapters.regio_catalogus import laad_profielen
from adapters.werkboek import BestandOngeldig, Grenzen, Koppeling, lees_koppeling, lees_werkboek
from domain import importkolommen as k
from domain.importrij import controleer

PROFIELEN = laad_profielen()
HVB = PROFIELEN["hart-van-brabant"]
TOT = date(2026, 10, 31)


def xlsx(*rijen: list[Any], titel: str | None = None, bewerk: Any = None) -> bytes:
    boek = Workbook()
    blad = boek.worksheets[0]
    if titel:
        blad.title = titel
    for rij in rijen:
        blad.append(rij)
    if bewerk:
        bewerk(blad)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


KOP = [k.AANMELDDATUM, k.GEMEENTE, k.LEEFTIJD, k.WERKSTROOM, k.AANMELDER_ROL, k.LEEFGEBIEDEN, k.TOESTEMMING_DOOR]
GOED = [date(2026, 3, 2), "Tilburg", 12, "B", "toegang", "gezin", "ouders"]


def test_het_sjabloon_heeft_de_kolommen_en_geen_rijen() -> None:
    blad = lees_werkboek(sjabloon())
    assert blad.rijen == [] and blad.problemen == [] and blad.genegeerd == []


def test_het_voorbeeld() -> None:
    blad = lees_werkboek(voorbeeld(HVB, TOT, andere_gemeente="Goes"))
    assert len(blad.rijen) == 120 and blad.problemen == []
    assert blad.genegeerd == [OPMERKING]
    assert [nummer for nummer, _ in blad.rijen] == list(range(2, 122))
    datums = [cellen[k.AANMELDDATUM] for _, cellen in blad.rijen]
    assert any(isinstance(d, str) for d in datums) and any(isinstance(d, date) for d in datums)
    controle = controleer(blad.rijen, HVB, vandaag=date(2026, 11, 20), jaren_terug=5)
    assert len(controle.plannen) == 114 and len({p.rij for p in controle.problemen}) == 6


def test_lege_rijen_worden_overgeslagen() -> None:
    blad = lees_werkboek(xlsx(KOP, GOED, [], [None, "  "], GOED))
    assert [nummer for nummer, _ in blad.rijen] == [2, 5]


def test_een_koppeling_voor_andere_kolomnamen_en_waarden() -> None:
    koppeling = lees_koppeling(
        b"""
        blad = "Meldingen 2026"
        koprij = 2
        [kolommen]
        "Datum melding" = "Aanmelddatum"
        "Gemeente" = "woonplaatsgemeente"
        "Stroom" = "Werkstroom"
        "Verwijzer" = "Aanmelder rol"
        "Toestemming" = "Toestemming door"
        [waarden.Werkstroom]
        "Doorbraaktafel" = "A"
        "Vastgelopen" = "B"
        [waarden."Aanmelder rol"]
        "Consulent" = "toegang"
        """
    )
    kop = ["Datum melding", "Gemeente", "Leeftijd", "Stroom", "Verwijzer", "Leefgebieden", "Toestemming", "Notitie"]
    inhoud = xlsx(
        ["Overzicht meldingen expertteam"],
        kop,
        ["02-03-2026", "Goirle", 9, "doorbraaktafel", "consulent", "gezin; wonen", "ouders", "x"],
        titel="Meldingen 2026",
    )
    blad = lees_werkboek(inhoud, koppeling)
    assert blad.genegeerd == ["Notitie"]
    ((nummer, cellen),) = blad.rijen
    assert nummer == 3 and cellen[k.WERKSTROOM] == "A" and cellen[k.AANMELDER_ROL] == "toegang"
    controle = controleer(blad.rijen, HVB, vandaag=date(2026, 11, 20), jaren_terug=5)
    assert controle.schoon and len(controle.plannen) == 1


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"blad = 3", "blad"),
        (b"koprij = 0", "koprij"),
        (b"kolom = {}", "unknown keys"),
        (b"[kolommen]\n'a' = 'Geboortedatum'", "not a column of the template"),
        (b"[waarden.Naam]\n'a' = 'b'", "not a column of the template"),
        (b"[kolommen]\n'a' = 3", "each entry"),
        (b"[kolommen\n", "not valid TOML"),
        (b"\xff\xfe", "not valid TOML"),
        (b"#" * 70_000, "larger than"),
        (b"x = " + b"[" * 20_000 + b"]" * 20_000, "too deeply"),
        (b"x = " + b"{a=" * 5_000 + b"1" + b"}" * 5_000, "too deeply"),
    ],
)
def test_een_ongeldige_koppeling(inhoud: bytes, melding: str) -> None:
    with pytest.raises(BestandOngeldig, match=melding):
        lees_koppeling(inhoud)


def zip_met(delen: dict[str, bytes]) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as pakket:
        for naam, inhoud in delen.items():
            pakket.writestr(naam, inhoud)
    return uit.getvalue()


@pytest.mark.parametrize(
    ("inhoud", "grenzen", "melding"),
    [
        (b"Aanmelddatum;Woonplaatsgemeente\n", Grenzen(), "not an .xlsx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, Grenzen(), "not an .xlsx file"),
        (b"PK\x03\x04" + b"\0" * 100, Grenzen(), "damaged"),
        (b"", Grenzen(), "not an .xlsx file"),
        (zip_met({"word/document.xml": b"<w/>"}), Grenzen(), "not an .xlsx workbook"),
        (zip_met({"xl/workbook.xml": b"<niet-af"}), Grenzen(), "not a readable .xlsx"),
        (zip_met({"xl/workbook.xml": b"\0" * 2_000_000}), Grenzen(uitgepakt=1_000_000), "unpacks to more than"),
        (zip_met({f"xl/{i}.xml": b"" for i in range(20)} | {"xl/workbook.xml": b""}), Grenzen(delen=10), "parts"),
        (
            zip_met({"xl/workbook.xml": b"", "xl/sharedStrings.xml": b"<si/>" * 300_000}),
            Grenzen(deel=1_000_000),
            r"a part of the workbook \(xl/sharedStrings.xml\) unpacks to more than",
        ),
        (xlsx(KOP, GOED), Grenzen(bytes=1000), "larger than"),
        (xlsx(), Grenzen(), "the sheet is empty"),
        (xlsx(["Naam", "Geboortedatum"], ["x", "y"]), Grenzen(), "lacks the column"),
        (xlsx([*KOP, k.LEEFTIJD], GOED), Grenzen(), "two columns"),
        (xlsx(KOP, *[GOED] * 6), Grenzen(rijen=5), "more than 5 rows"),
        (xlsx(KOP, GOED, GOED, bewerk=lambda b: b.merge_cells("B2:B3")), Grenzen(), "merged cells"),
    ],
)
def test_een_bestand_dat_niet_gelezen_wordt(inhoud: bytes, grenzen: Grenzen, melding: str) -> None:
    with pytest.raises(BestandOngeldig, match=melding):
        lees_werkboek(inhoud, grenzen=grenzen)


def test_rijen_ver_uit_elkaar_worden_geweigerd_zonder_de_lege_rijen_ertussen_te_lopen() -> None:
    def ver_uit_elkaar(blad: Any) -> None:
        for nummer in range(1, 6):
            blad.cell(row=1 + nummer * 900, column=1, value=date(2026, 3, 2))

    inhoud = xlsx(KOP, bewerk=ver_uit_elkaar)
    with pytest.raises(BestandOngeldig, match="goes on past row 3001, empty rows included"):
        lees_werkboek(inhoud, grenzen=Grenzen(doorlopen=3000))
    assert len(lees_werkboek(inhoud, grenzen=Grenzen(doorlopen=5000)).rijen) == 5


def test_een_onbekend_blad() -> None:
    with pytest.raises(BestandOngeldig, match="no sheet 'Meldingen'"):
        lees_werkboek(xlsx(KOP, GOED), Koppeling(blad="Meldingen"))


def test_formules_en_te_lange_cellen_worden_gemeld_niet_gelezen() -> None:
    te_lang = [date(2026, 3, 2), "T" * 50, "=10+2", "B", "toegang", "gezin", "ouders"]
    blad = lees_werkboek(xlsx(KOP, GOED, te_lang), grenzen=Grenzen(cel=40))
    assert [(p.rij, p.kolom, p.regel) for p in blad.problemen] == [
        (3, k.GEMEENTE, "te-lang"),
        (3, k.LEEFTIJD, "formule"),
    ]
    assert k.LEEFTIJD not in blad.rijen[1][1]


def test_alleen_de_kolommen_binnen_de_grens() -> None:
    blad = lees_werkboek(xlsx([*KOP, k.URGENTIE], [*GOED, "hoog"]), grenzen=Grenzen(kolommen=len(KOP)))
    assert k.URGENTIE not in blad.rijen[0][1]
