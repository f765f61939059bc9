"""Reads a team's `.xlsx` registration sheet into rows of cells by template column (openpyxl, read-only).

Every input is bounded: the file's size, its unpacked size, the unpacked size of each part and the number of
parts (a zip bomb is refused before openpyxl sees it), the rows (with the empty ones), the columns and a cell's
length. XML is parsed through defusedxml (openpyxl uses it when it is installed). Formulas are not evaluated: a
formula cell is reported, its value is not guessed.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from domain.importkolommen import KOLOMMEN, KOLOMNAMEN
from domain.importsjabloon import Celwaarde, Rijprobleem, sleutel

FORMULE = "formule"
TE_LANG = "te-lang"


@dataclass(frozen=True)
class Grenzen:
    bytes: int = 10 * 1024 * 1024
    uitgepakt: int = 100 * 1024 * 1024
    deel: int = 16 * 1024 * 1024
    """openpyxl reads some parts whole (the shared texts, the styles): 16 MB of them cost about 5 s and 110 MB."""
    delen: int = 1000
    rijen: int = 5000
    kolommen: int = 100
    cel: int = 2000
    lege_rijen_achter_elkaar: int = 1000
    """After this many empty rows in a row the sheet is taken to end (formatting without data follows)."""
    doorlopen: int = 20_000
    """The rows read under the header, empty ones included: a few data rows far apart are a refusal, not a walk
    through millions of empty rows (openpyxl gives each of them its columns)."""


class BestandOngeldig(Exception):
    """The file cannot be read as a registration sheet; the message says why, in one line."""


@dataclass(frozen=True)
class Koppeling:
    """How a sheet with other column names maps onto the template: header → template column, and per template
    column the sheet's spellings of its values → the template's."""

    kolommen: Mapping[str, str] = field(default_factory=dict)
    waarden: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    blad: str | None = None
    koprij: int = 1


MAX_KOPPELING_BYTES = 64 * 1024


def lees_koppeling(inhoud: bytes) -> Koppeling:
    """A mapping file in TOML (see the README): `blad`, `koprij`, `[kolommen]`, `[waarden.<kolom>]`."""
    if len(inhoud) > MAX_KOPPELING_BYTES:
        raise BestandOngeldig(f"the mapping file is larger than {MAX_KOPPELING_BYTES // 1024} KB")
    try:
        data = tomllib.loads(inhoud.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise BestandOngeldig(f"the mapping file is not valid TOML: {e}") from None
    except RecursionError:
        raise BestandOngeldig("the mapping file nests its arrays or tables too deeply") from None
    onbekend = sorted(set(data) - {"blad", "koprij", "kolommen", "waarden"})
    if onbekend:
        raise BestandOngeldig(f"the mapping file has unknown keys: {', '.join(onbekend)}")
    kolommen = _tekstpaar(data.get("kolommen", {}), "kolommen")
    waarden_in = data.get("waarden", {})
    if not isinstance(waarden_in, dict):
        raise BestandOngeldig("[waarden] holds one table per template column")
    waarden = {_template_kolom(k, "waarden"): _tekstpaar(v, f"waarden.{k}") for k, v in waarden_in.items()}
    for naar in kolommen.values():
        _template_kolom(naar, "kolommen")
    blad, koprij = data.get("blad"), data.get("koprij", 1)
    if blad is not None and (not isinstance(blad, str) or len(blad) > 100):
        raise BestandOngeldig("blad: the name of a sheet")
    if not isinstance(koprij, int) or isinstance(koprij, bool) or not 1 <= koprij <= 50:
        raise BestandOngeldig("koprij: the number of the header row, 1 to 50")
    return Koppeling(kolommen=kolommen, waarden=waarden, blad=blad, koprij=koprij)


def _tekstpaar(tabel: Any, waar: str) -> dict[str, str]:
    if not isinstance(tabel, dict) or len(tabel) > 500:
        raise BestandOngeldig(f"[{waar}]: a table of at most 500 names")
    if not all(isinstance(k, str) and isinstance(v, str) and len(k) <= 200 and len(v) <= 200 for k, v in tabel.items()):
        raise BestandOngeldig(f"[{waar}]: each entry a text of at most 200 characters = a text")
    return dict(tabel)


def _template_kolom(naam: str, waar: str) -> str:
    gevonden = _KOPPEN.get(_kop(naam))
    if gevonden is None:
        raise BestandOngeldig(f"[{waar}]: {naam!r} is not a column of the template ({', '.join(KOLOMNAMEN)})")
    return gevonden


def _kop(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst.strip().casefold())


_KOPPEN = {_kop(naam): naam for naam in KOLOMNAMEN}


@dataclass(frozen=True)
class Werkblad:
    """The sheet's data rows (their number in the sheet, their cells by template column), the problems found
    while reading cells (formulas, over-long text), and the sheet's columns the template does not know."""

    rijen: list[tuple[int, dict[str, Celwaarde]]]
    problemen: list[Rijprobleem]
    genegeerd: list[str]


def lees_werkboek(inhoud: bytes, koppeling: Koppeling | None = None, grenzen: Grenzen = Grenzen()) -> Werkblad:
    """The registration rows of an `.xlsx` file's sheet (the first, or the one the mapping names)."""
    from openpyxl import load_workbook

    koppeling = koppeling or Koppeling()
    _controleer_pakket(inhoud, grenzen)
    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        raise BestandOngeldig(f"the file is not a readable .xlsx workbook ({type(e).__name__})") from None
    try:
        if koppeling.blad is not None and koppeling.blad not in boek.sheetnames:
            raise BestandOngeldig(
                f"the workbook has no sheet {koppeling.blad!r} (it has: {', '.join(boek.sheetnames)})"
            )
        blad = boek[koppeling.blad] if koppeling.blad else boek.worksheets[0]
        _geen_samengevoegde_cellen(inhoud, getattr(blad, "_worksheet_path", None))
        try:
            return _lees_blad(blad, koppeling, grenzen)
        except BestandOngeldig:
            raise
        except Exception as e:
            raise BestandOngeldig(f"the sheet cannot be read ({type(e).__name__})") from None
    finally:
        boek.close()


def _controleer_pakket(inhoud: bytes, grenzen: Grenzen) -> None:
    if len(inhoud) > grenzen.bytes:
        raise BestandOngeldig(f"the file is larger than {grenzen.bytes // (1024 * 1024)} MB")
    if not inhoud.startswith(b"PK\x03\x04"):
        raise BestandOngeldig("not an .xlsx file (save it in Excel as 'Excel-werkmap (*.xlsx)')")
    try:
        with zipfile.ZipFile(io.BytesIO(inhoud)) as pakket:
            delen = pakket.infolist()
            if len(delen) > grenzen.delen:
                raise BestandOngeldig(f"the workbook has more than {grenzen.delen} parts")
            if sum(d.file_size for d in delen) > grenzen.uitgepakt:
                raise BestandOngeldig(f"the workbook unpacks to more than {grenzen.uitgepakt // (1024 * 1024)} MB")
            groot = max(delen, key=lambda d: d.file_size, default=None)
            if groot is not None and groot.file_size > grenzen.deel:
                raise BestandOngeldig(
                    f"a part of the workbook ({groot.filename[:100]}) unpacks to more than "
                    f"{grenzen.deel // (1024 * 1024)} MB: split the sheet"
                )
            namen = {d.filename for d in delen}
    except zipfile.BadZipFile:
        raise BestandOngeldig("the file is damaged: not a readable .xlsx workbook") from None
    if "xl/workbook.xml" not in namen:
        raise BestandOngeldig("not an .xlsx workbook (an .xlsm, .xlsb or .ods file? save it as .xlsx)")


def _geen_samengevoegde_cellen(inhoud: bytes, pad: str | None) -> None:
    """Merged cells hold their value in the first cell only: the rows under it would read as empty."""
    if pad is None:
        return
    with zipfile.ZipFile(io.BytesIO(inhoud)) as pakket:
        try:
            xml = pakket.read(pad.lstrip("/"))
        except KeyError:
            return
    gevonden = re.search(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"', xml)
    if gevonden:
        raise BestandOngeldig(
            f"the sheet has merged cells ({gevonden.group(1).decode()}): unmerge them and fill each row"
        )


def _lees_blad(blad: Any, koppeling: Koppeling, grenzen: Grenzen) -> Werkblad:
    rijen = blad.iter_rows(min_row=koppeling.koprij, max_col=grenzen.kolommen)
    kop = next(rijen, None)
    if kop is None:
        raise BestandOngeldig("the sheet is empty")
    kolommen, genegeerd = _kolommen([c.value for c in kop], koppeling)
    ontbrekend = [k.naam for k in KOLOMMEN if k.verplicht and k.naam not in kolommen.values()]
    if ontbrekend:
        raise BestandOngeldig(
            f"the header row (row {koppeling.koprij}) lacks the column(s) {', '.join(ontbrekend)}; "
            "name them as the template does, or map them in a mapping file (--koppeling)"
        )
    uit: list[tuple[int, dict[str, Celwaarde]]] = []
    problemen: list[Rijprobleem] = []
    leeg_achtereen = 0
    for rij, cellen in enumerate(rijen, start=koppeling.koprij + 1):
        if rij - koppeling.koprij > grenzen.doorlopen:
            raise BestandOngeldig(
                f"the sheet goes on past row {rij - 1}, empty rows included: remove the empty rows between the "
                "data, or split it"
            )
        waarden: dict[str, Celwaarde] = {}
        for positie, naam in kolommen.items():
            if positie >= len(cellen):
                continue
            waarde = _celwaarde(cellen[positie], naam, rij, koppeling, grenzen, problemen)
            if waarde is not None and not (isinstance(waarde, str) and not waarde.strip()):
                waarden[naam] = waarde
        if not waarden:
            leeg_achtereen += 1
            if leeg_achtereen >= grenzen.lege_rijen_achter_elkaar:
                break
            continue
        leeg_achtereen = 0
        if len(uit) >= grenzen.rijen:
            raise BestandOngeldig(f"the sheet has more than {grenzen.rijen} rows: split it")
        uit.append((rij, waarden))
    return Werkblad(uit, problemen, genegeerd)


def _kolommen(kop: list[Any], koppeling: Koppeling) -> tuple[dict[int, str], list[str]]:
    """Per column position the template column it holds; and the sheet's headers the template does not know."""
    gekoppeld = {_kop(van): _KOPPEN[_kop(naar)] for van, naar in koppeling.kolommen.items()}
    kolommen: dict[int, str] = {}
    genegeerd: list[str] = []
    for positie, waarde in enumerate(kop):
        if waarde is None or not str(waarde).strip():
            continue
        tekst = str(waarde)[:200]
        naam = gekoppeld.get(_kop(tekst)) or _KOPPEN.get(_kop(tekst))
        if naam is None:
            genegeerd.append(tekst.strip())
            continue
        if naam in kolommen.values():
            raise BestandOngeldig(f"two columns of the header row are {naam!r}: keep one")
        kolommen[positie] = naam
    return kolommen, genegeerd


def _celwaarde(
    cel: Any, kolom: str, rij: int, koppeling: Koppeling, grenzen: Grenzen, problemen: list[Rijprobleem]
) -> Celwaarde:
    waarde = getattr(cel, "value", None)
    if getattr(cel, "data_type", None) == "f":
        melding = "a formula is not read: paste its value (Plakken speciaal → Waarden)"
        problemen.append(Rijprobleem(rij, kolom, FORMULE, melding))
        return None
    if isinstance(waarde, time) or (waarde is not None and not isinstance(waarde, (str, int, float, bool, date))):
        problemen.append(Rijprobleem(rij, kolom, "onbekende-waarde", f"a cell of type {type(waarde).__name__}"))
        return None
    if isinstance(waarde, datetime) and waarde.time() == time(0):
        waarde = waarde.date()
    if isinstance(waarde, str):
        if len(waarde) > grenzen.cel:
            problemen.append(Rijprobleem(rij, kolom, TE_LANG, f"a cell of at most {grenzen.cel} characters"))
            return None
        vertaling = {sleutel(k): v for k, v in koppeling.waarden.get(kolom, {}).items()}
        waarde = vertaling.get(sleutel(waarde), waarde)
    return waarde
