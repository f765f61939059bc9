"""The import template: the columns of a team's registration sheet, and how a cell reads as a domain value.

A team registered its cases in Excel before doorbraak (seed 001: "registreert alle meldingen in Excel").
Each row of such a sheet is one case; the columns below are what those sheets hold, with Dutch headers as
the teams write them. The sheet holds no names of persons: what the domain requires as free text or a name
and a sheet does not hold is recorded as `NIET_VASTGELEGD`, never made up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.invoer import EERSTE_DATUM, LAATSTE_DATUM, verboden_teken

Celwaarde = str | int | float | bool | date | datetime | None
"""A cell as a spreadsheet reader gives it."""

NIET_VASTGELEGD = "Niet vastgelegd in de spreadsheet (geïmporteerd)"
"""The text of a field the domain requires and the sheet does not hold."""

MAX_KORTE_TEKST = 200


class Importregel(StrEnum):
    """The rules of a cell itself; a row's steps break the domain's own rules (`domain.fouten.Regel`)."""

    VERPLICHT = "verplicht"
    ONBEKENDE_WAARDE = "onbekende-waarde"
    GEEN_DATUM = "geen-datum"
    GEEN_GETAL = "geen-getal"
    TE_LANG = "te-lang"
    ONGELDIG_TEKEN = "ongeldig-teken"
    DUBBELE_RIJ = "dubbele-rij"
    ONGELDIG = "ongeldige-waarde"


class Soort(StrEnum):
    TEKST = "tekst"
    DATUM = "datum"
    GETAL = "getal"
    KEUZE = "keuze"
    LIJST = "lijst"
    JA_NEE = "ja/nee"


@dataclass(frozen=True)
class Kolom:
    naam: str
    """The header as the teams write it."""
    soort: Soort
    uitleg: str
    """What the column holds and when it is required (Dutch: it is printed in the template)."""
    verplicht: bool = False
    """Required on every row (others are required with the step they belong to: see `uitleg`)."""
    waarden: tuple[str, ...] = ()
    standaard: str | None = None
    """What is recorded when the cell is empty (Dutch), if the domain allows a default."""
    voorbeeld: str = ""


@dataclass(frozen=True)
class Rijprobleem:
    """Why (part of) a row cannot be imported: its row number in the sheet, the column, the rule it breaks."""

    rij: int
    kolom: str
    regel: str
    melding: str


class Celfout(Exception):
    def __init__(self, regel: Importregel, melding: str) -> None:
        super().__init__(melding)
        self.regel = regel
        self.melding = melding


def sleutel(tekst: str) -> str:
    """A spelling-tolerant key: case-folded, spaces and underscores as hyphens."""
    return re.sub(r"[\s_]+", "-", tekst.strip().casefold())


def leeg(waarde: Celwaarde) -> bool:
    return waarde is None or (isinstance(waarde, str) and not waarde.strip())


_GEHEEL = re.compile(r"-?\d{1,4}(\.0+)?")
_DATUM_TEKST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def als_datum(waarde: Celwaarde) -> date:
    """An Excel date, or text as dd-mm-jjjj (also d-m-jjjj, dd/mm/jjjj, dd.mm.jjjj)."""
    if isinstance(waarde, datetime):
        dag = waarde.date()
    elif isinstance(waarde, date):
        dag = waarde
    elif isinstance(waarde, str) and (gevonden := _DATUM_TEKST.match(waarde.strip())):
        d, m, j = (int(deel) for deel in gevonden.groups())
        try:
            dag = date(j, m, d)
        except ValueError:
            raise Celfout(Importregel.GEEN_DATUM, f"{waarde.strip()!r} is not a date") from None
    else:
        raise Celfout(Importregel.GEEN_DATUM, f"{_toon(waarde)} is not a date: an Excel date or dd-mm-jjjj")
    if not EERSTE_DATUM <= dag <= LAATSTE_DATUM:
        raise Celfout(Importregel.GEEN_DATUM, f"{dag.isoformat()} lies outside 1900-2100")
    return dag


def als_getal(waarde: Celwaarde, laagste: int, hoogste: int) -> int:
    """A whole number from `laagste` to `hoogste` (a cell may hold it as 14, 14.0 or '14')."""
    getal: int | None = None
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        getal = waarde
    elif isinstance(waarde, (float, str)) and _GEHEEL.fullmatch(str(waarde).strip()):
        getal = int(float(waarde))
    if getal is None:
        raise Celfout(Importregel.GEEN_GETAL, f"{_toon(waarde)} is not a whole number")
    if not laagste <= getal <= hoogste:
        raise Celfout(Importregel.ONGELDIG, f"{getal} lies outside {laagste}-{hoogste}")
    return getal


def als_tekst(waarde: Celwaarde, max_lengte: int = MAX_KORTE_TEKST) -> str:
    if isinstance(waarde, (date, datetime, bool)):
        raise Celfout(Importregel.ONGELDIG, f"{_toon(waarde)} is not text")
    tekst = str(int(waarde)) if isinstance(waarde, float) and waarde.is_integer() else str(waarde).strip()
    if len(tekst) > max_lengte:
        raise Celfout(Importregel.TE_LANG, f"at most {max_lengte} characters, not {len(tekst)}")
    teken = verboden_teken(tekst)
    if teken is not None:
        raise Celfout(Importregel.ONGELDIG_TEKEN, f"contains a character that is not allowed ({teken})")
    return tekst


JA = frozenset({"ja", "j", "yes", "y", "x", "1", "waar", "true"})
NEE = frozenset({"nee", "n", "no", "0", "onwaar", "false"})


def als_ja_nee(waarde: Celwaarde) -> bool:
    if isinstance(waarde, bool):
        return waarde
    tekst = sleutel(str(waarde))
    if tekst in JA:
        return True
    if tekst in NEE:
        return False
    raise Celfout(Importregel.ONBEKENDE_WAARDE, f"{_toon(waarde)}: ja or nee")


def als_keuze(waarde: Celwaarde, keuzes: dict[str, str]) -> str:
    """The template value a cell names; `keuzes` maps each accepted spelling (as `sleutel`) to it."""
    gekozen = keuzes.get(sleutel(str(waarde)))
    if gekozen is None:
        toegestaan = ", ".join(sorted(set(keuzes.values())))
        raise Celfout(Importregel.ONBEKENDE_WAARDE, f"{_toon(waarde)} is not one of: {toegestaan}")
    return gekozen


def als_lijst(waarde: Celwaarde, keuzes: dict[str, str]) -> tuple[str, ...]:
    """Values separated by commas, semicolons or new lines; each at most once."""
    delen = [d for d in re.split(r"[,;\n]+", str(waarde)) if d.strip()]
    gekozen = tuple(dict.fromkeys(als_keuze(deel, keuzes) for deel in delen))
    if not gekozen:
        raise Celfout(Importregel.VERPLICHT, "name at least one")
    return gekozen


def keuzes(*waarden: str, **aliassen: str) -> dict[str, str]:
    """Accepted spellings: each value itself (tolerant of case and spaces), and the aliases given."""
    return {sleutel(w): w for w in waarden} | {sleutel(a.replace("_", " ")): w for a, w in aliassen.items()}


def _toon(waarde: Celwaarde) -> str:
    tekst = repr(waarde)
    return tekst if len(tekst) <= 40 else f"{tekst[:37]}...'"
