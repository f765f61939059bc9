"""The import template as an `.xlsx` (headers, and a sheet explaining each column in Dutch), and a realistic
example workbook of one region's year, with a few rows broken on purpose for the dry run."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from typing import Any

from domain import importkolommen as k
from domain.importkolommen import KOLOMMEN
from domain.regioprofiel import RegioProfiel

REGISTRATIEBLAD = "Registratie"
UITLEGBLAD = "Uitleg"
OPMERKING = "Opmerking"
"""A column of the example the template does not know (the import ignores it): why a row is broken."""


def _boek(rijen: list[list[Any]], extra_kop: tuple[str, ...] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    boek = Workbook()
    blad = boek.create_sheet(REGISTRATIEBLAD, 0)
    boek.remove(boek.worksheets[1])
    blad.append([kolom.naam for kolom in KOLOMMEN] + list(extra_kop))
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for i, kolom in enumerate(KOLOMMEN, start=1):
        blad.column_dimensions[get_column_letter(i)].width = max(12, len(kolom.naam) + 2)
        if kolom.soort == "datum":
            for rij in range(2, len(rijen) + 2):
                blad.cell(rij, i).number_format = "DD-MM-YYYY"
    blad.freeze_panes = "A2"
    for nummer, waarden in enumerate(rijen, start=2):
        for i, waarde in enumerate(waarden, start=1):
            if waarde is not None:
                blad.cell(nummer, i, waarde)
    uitleg = boek.create_sheet(UITLEGBLAD)
    uitleg.append(["Kolom", "Soort", "Verplicht", "Toegestane waarden", "Leeg betekent", "Uitleg", "Voorbeeld"])
    for cel in uitleg[1]:
        cel.font = Font(bold=True)
    for kolom in KOLOMMEN:
        uitleg.append(
            [
                kolom.naam,
                kolom.soort.value + (" (Excel-datum of dd-mm-jjjj)" if kolom.soort == "datum" else ""),
                "ja" if kolom.verplicht else "bij de stap",
                ", ".join(kolom.waarden) or ("ja, nee" if kolom.soort == "ja/nee" else ""),
                kolom.standaard or "",
                kolom.uitleg,
                kolom.voorbeeld,
            ]
        )
    for letter, breedte in zip("ABCDEFG", (30, 28, 12, 60, 30, 90, 24), strict=True):
        uitleg.column_dimensions[letter].width = breedte
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def sjabloon() -> bytes:
    """The empty template: the header row, and the explanation sheet."""
    return _boek([])


def _werkdag(dag: date) -> date:
    while dag.weekday() >= 5:
        dag += timedelta(days=1)
    return dag


def _rij(waarden: dict[str, Any], opmerking: str | None = None) -> list[Any]:
    return [waarden.get(kolom.naam) for kolom in KOLOMMEN] + [opmerking]


def voorbeeldrijen(profiel: RegioProfiel, tot: date, aantal: int, rng: random.Random) -> list[dict[str, Any]]:
    """`aantal` cases registered in the year up to `tot`, each as far along as its dates allow by `tot`."""
    van = tot - timedelta(days=364)
    gemeenten = list(profiel.gemeenten)
    gewichten = [6 if i == 0 else 1 for i in range(len(gemeenten))]
    rijen = []
    for nummer in range(1, aantal + 1):
        aangemeld = _werkdag(van + timedelta(days=rng.randrange(0, 350)))
        werkstroom = "A" if rng.random() < 0.35 else "B"
        leeftijd = rng.choice([2, 5, 8, 10, 12, 13, 14, 15, 15, 16, 16, 17, 17, 18, 19, 21])
        rij: dict[str, Any] = {
            k.REGISTRATIENUMMER: f"{aangemeld.year}-{nummer:03d}",
            k.AANMELDDATUM: aangemeld,
            k.GEMEENTE: rng.choices(gemeenten, gewichten)[0],
            k.LEEFTIJD: leeftijd,
            k.WERKSTROOM: werkstroom,
            k.AANMELDER_ROL: rng.choice(["toegang", "toegang", "GI", "Veilig Thuis", "zorgaanbieder"]),
            k.AANMELDER_ORGANISATIE: rng.choice(["Toegang gemeente", "Jeugdbescherming", "Veilig Thuis", "Jeugdhulp"]),
            k.LEEFGEBIEDEN: ", ".join(rng.sample(["gezin", "opvoeding", "onderwijs", "psychisch", "veiligheid"], 3)),
            k.URGENTIE: rng.choice(["normaal", "normaal", "hoog", "laag"]),
            k.TOESTEMMING_DOOR: "ouders en jeugdige" if leeftijd >= 12 else "ouders",
        }
        if werkstroom == "A" and rng.random() < 0.5:
            rij[k.PLAATSINGSDATUM] = aangemeld - timedelta(days=rng.randrange(0, 4))
        _verloop(rij, aangemeld, werkstroom, tot, rng)
        rijen.append(rij)
    rijen.sort(key=lambda r: r[k.AANMELDDATUM])
    return rijen


def _verloop(rij: dict[str, Any], aangemeld: date, werkstroom: str, tot: date, rng: random.Random) -> None:
    getrieerd = _werkdag(aangemeld + timedelta(days=rng.randrange(1, 9)))
    if getrieerd > tot:
        return
    uitkomst = rng.choices(["bespreken", "advies-na-triage", "teruggelegd"], [7, 2, 1])[0]
    rij |= {k.TRIAGEDATUM: getrieerd, k.TRIAGE_UITKOMST: uitkomst}
    if uitkomst == "teruggelegd":
        rij |= {k.REDEN_TERUGLEGGING: "Geen complexe casus: past in de reguliere hulp.", k.AFSLUITDATUM: getrieerd}
        rij |= {k.AFSLUITREDEN: "teruggelegd", k.WAARDERING_SAMENWERKING: 6, k.WAARDERING_EFFECT: 5}
        rij[k.DUURZAME_OPLOSSING] = "nee"
        return
    if uitkomst == "bespreken":
        rij |= {k.MEERDERE_LEEFGEBIEDEN: "ja", k.HANDELINGSVERLEGENHEID: rng.choice(["ja", "nee"])}
        rij[k.SAMENWERKING_VASTGELOPEN] = "nee" if rij[k.HANDELINGSVERLEGENHEID] == "ja" else "ja"
        overleg = _werkdag(getrieerd + timedelta(days=rng.randrange(2, 14 if werkstroom == "A" else 18)))
        if overleg > tot:
            return
        rij[k.OVERLEGDATUM] = overleg
        advies = overleg + timedelta(days=rng.choice([0, 0, 1]))
    else:
        advies = _werkdag(getrieerd + timedelta(days=rng.randrange(1, 4)))
    if advies > tot:
        return
    rij |= {k.ADVIESDATUM: advies, k.CASUSREGISSEUR: rng.choice(["Toegang gemeente", "Jeugdbescherming"])}
    if rng.random() < 0.08:
        rij |= {k.OPSCHALING: "bovenregionaal", k.OPSCHALINGSDATUM: advies + timedelta(days=rng.randrange(7, 30))}
        if rij[k.OPSCHALINGSDATUM] > tot:
            del rij[k.OPSCHALING], rij[k.OPSCHALINGSDATUM]
    evaluatie = _werkdag(advies + timedelta(days=rng.randrange(60, 95)))
    if evaluatie > tot or rij.get(k.OPSCHALINGSDATUM, evaluatie) > evaluatie:
        return
    rij |= {
        k.EVALUATIEDATUM: evaluatie,
        k.DOELEN_BEHAALD: rng.choices(["behaald", "deels", "niet behaald"], [5, 3, 1])[0],
    }
    afgesloten = _werkdag(evaluatie + timedelta(days=rng.randrange(0, 30)))
    if afgesloten > tot or rng.random() < 0.15:
        return
    rij |= {
        k.AFSLUITDATUM: afgesloten,
        k.AFSLUITREDEN: "doelen-behaald" if rij[k.DOELEN_BEHAALD] == "behaald" else "passende-hulp-georganiseerd",
        k.WAARDERING_SAMENWERKING: rng.randint(5, 9),
        k.WAARDERING_EFFECT: rng.randint(4, 9),
        k.DUURZAME_OPLOSSING: rng.choice(["ja", "ja", "nee"]),
    }
    if werkstroom == "A":
        rij[k.UITHUISPLAATSING_VOORKOMEN] = rng.choice(["ja", "ja", "nee"])


def breek(rijen: list[dict[str, Any]], andere_gemeente: str) -> dict[int, str]:
    """Breaks a few rows on purpose, each against one rule; their indices with why (for the Opmerking column)."""
    fouten: dict[int, str] = {}

    def pas_aan(index: int, waarom: str, **waarden: Any) -> None:
        rijen[index].update({getattr(k, naam): waarde for naam, waarde in waarden.items()})
        fouten[index] = waarom

    stap = max(1, len(rijen) // 7)
    pas_aan(stap, "bewust fout: leeftijd buiten 0-23", LEEFTIJD=27)
    pas_aan(2 * stap, "bewust fout: gemeente van een andere regio", GEMEENTE=andere_gemeente)
    pas_aan(3 * stap, "bewust fout: geen datum", AANMELDDATUM="31-02-" + str(rijen[3 * stap][k.AANMELDDATUM].year))
    pas_aan(4 * stap, "bewust fout: onbekende werkstroom", WERKSTROOM="C")
    pas_aan(5 * stap, "bewust fout: geen toestemming", TOESTEMMING_DOOR=None)
    met_overleg = next(i for i in range(5 * stap + 1, len(rijen)) if rijen[i].get(k.OVERLEGDATUM))
    overleg = rijen[met_overleg][k.OVERLEGDATUM]
    pas_aan(met_overleg, "bewust fout: advies voor het overleg", ADVIESDATUM=overleg - timedelta(days=1))
    return fouten


def voorbeeld(profiel: RegioProfiel, tot: date, *, aantal: int = 120, seed: int = 2026, andere_gemeente: str) -> bytes:
    """The example workbook: `aantal` rows of `profiel`'s year up to `tot`, six of them broken on purpose."""
    rng = random.Random(seed)  # noqa: S311 (example data, not secrets)
    rijen = voorbeeldrijen(profiel, tot, aantal, rng)
    fouten = breek(rijen, andere_gemeente)
    for rij in rijen[::10]:  # some teams type their dates as text
        if isinstance(rij[k.AANMELDDATUM], date):
            rij[k.AANMELDDATUM] = rij[k.AANMELDDATUM].strftime("%d-%m-%Y")
    return _boek([_rij(rij, fouten.get(i)) for i, rij in enumerate(rijen)], (OPMERKING,))
