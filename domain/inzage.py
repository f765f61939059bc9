"""A request to see the file (AVG art. 15): everything stored about the young person, in plain Dutch."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from domain.inzagelog import Toegangssoort

STAPNAMEN = {
    "Aangemeld": "Aanmelding",
    "Getrieerd": "Triage",
    "OverlegGepland": "Overleg gepland",
    "AdviesUitgebracht": "Advies uitgebracht",
    "EvaluatiemomentGepland": "Evaluatiemoment gepland",
    "EvaluatieVastgelegd": "Evaluatie vastgelegd",
    "Opgeschaald": "Opgeschaald",
    "Afgesloten": "Afgesloten",
    "Heropend": "Heropend",
    "Gecorrigeerd": "Gegevens gecorrigeerd",
    "NetwerkBesluitOntvangen": "Besluit van het netwerk ontvangen",
    "NetwerkActieOntvangen": "Actie van het netwerk ontvangen",
    "NetwerkAfgesloten": "Afsluiting door het netwerk ontvangen",
    "Teruggekoppeld": "Terugkoppeling op het advies",
    "BestuurlijkOverlegGehouden": "Bestuurlijk overleg gehouden",
    "BestuurlijkOverlegGeevalueerd": "Bestuurlijk overleg geëvalueerd",
    "PersoonsgegevensGewist": "Persoonsgegevens gewist",
}
"""Each step of the case as a family reads it; a step not named here reads as its name in words."""

HANDELINGEN = {
    Toegangssoort.LEZEN: "dossier bekeken",
    Toegangssoort.EXPORT: "inzageoverzicht gemaakt",
    Toegangssoort.INZAGELOG: "inzagelog gelezen",
    Toegangssoort.VERZOEK: "verzoek",
}
"""What a row of the access log says someone did."""

TOELICHTING = (
    "Dit overzicht bevat alles wat het expertteam over deze jeugdige heeft vastgelegd: elke stap met de datum "
    "en wie die vastlegde, de persoonsgegevens zoals ze nu zijn, wat naar het bovenregionale netwerk is "
    "verzonden, en wie het dossier wanneer heeft ingezien (artikel 15 AVG)."
)
ISO_DATUM = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
SCHEIDING = " / "
"""Between the parts of a nested field's label: `aanmelder / naam`."""


def stapnaam(soort: str) -> str:
    """The step in plain Dutch: `AdviesUitgebracht` is `Advies uitgebracht`."""
    if soort in STAPNAMEN:
        return STAPNAMEN[soort]
    woorden = re.findall(r"[A-Z][a-zë]*|[a-zë]+", soort) or [soort]
    return " ".join([woorden[0], *(w.lower() for w in woorden[1:])])


def handeling(soort: str) -> str:
    try:
        return HANDELINGEN[Toegangssoort(soort)]
    except ValueError:
        return soort


def datum(dag: date) -> str:
    """A day as the Dutch write it: 20-11-2026."""
    return dag.strftime("%d-%m-%Y")


def tijdstip(moment: datetime) -> str:
    """A moment as the Dutch write it, to the minute: 20-11-2026 14:03."""
    return moment.strftime("%d-%m-%Y %H:%M")


def veldnaam(naam: str) -> str:
    return naam.replace("_", " ")


def waarde(inhoud: Any) -> str:
    """A stored value in words: ja or nee, a date as 20-11-2026, a list as its items."""
    if isinstance(inhoud, bool):
        return "ja" if inhoud else "nee"
    if isinstance(inhoud, datetime):
        return tijdstip(inhoud)
    if isinstance(inhoud, date):
        return datum(inhoud)
    if isinstance(inhoud, str):
        gevonden = ISO_DATUM.fullmatch(inhoud)
        return f"{gevonden[3]}-{gevonden[2]}-{gevonden[1]}" if gevonden else inhoud
    if isinstance(inhoud, list | tuple):
        return ", ".join(waarde(deel) for deel in inhoud)
    return str(inhoud)


def gegevens(data: Mapping[str, Any], voorvoegsel: str = "") -> list[tuple[str, str]]:
    """Every field that holds something, as (label, value): a nested part's label names its parents
    (`aanmelder / naam`), a list of parts numbers them (`ouders 1 / naam`). Empty fields are left out."""
    regels: list[tuple[str, str]] = []
    for naam, inhoud in data.items():
        label = f"{voorvoegsel}{veldnaam(str(naam))}"
        if inhoud is None or inhoud in ([], {}, ""):
            continue
        if isinstance(inhoud, Mapping):
            regels += gegevens(inhoud, label + SCHEIDING)
        elif isinstance(inhoud, list | tuple) and any(isinstance(deel, Mapping) for deel in inhoud):
            for nummer, deel in enumerate(inhoud, start=1):
                if isinstance(deel, Mapping):
                    regels += gegevens(deel, f"{label} {nummer}{SCHEIDING}")
                else:
                    regels.append((f"{label} {nummer}", waarde(deel)))
        else:
            regels.append((label, waarde(inhoud)))
    return regels
