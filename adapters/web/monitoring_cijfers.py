"""The monitoring figures (`projections.monitoring.bereken`) laid out for the pages: each indicator as a table
with a caption, and where it helps the same numbers as a chart; the period form's check in Dutch."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from adapters.web.monitoring_grafiek import Staaf, staafdiagram
from adapters.web.sjablonen import Formfouten
from projections.periode import OngeldigePeriode, Periode, lees_periode

HALFJAAR = re.compile(r"[0-9]{4}-H[12]")
DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PERIODE_UITLEG = "Een jaar (2026), halfjaar (2026-H2), kwartaal (2026-Q4) of maand (2026-11)."

DOORLOOPTIJDEN = {
    "aanmelding-triage": "Aanmelding tot triage",
    "aanmelding-overleg": "Aanmelding tot overleg",
    "aanmelding-advies": "Aanmelding tot advies",
    "aanmelding-afsluiting": "Aanmelding tot afsluiting",
}
NORMEN = {
    "triage": "Triage binnen de termijn",
    "overleg": "Overleg binnen de termijn",
    "advies-verzonden": "Advies op tijd verzonden",
    "evaluatie": "Evaluatie binnen de termijn",
}
WERKSTROMEN = {"A": "A – doorbraaktafel", "B": "B – vastgelopen casus"}


@dataclass
class Sectie:
    id: str
    titel: str
    kolommen: tuple[str, ...]
    rijen: list[tuple[Any, ...]]
    grafiek: Markup | None = None
    uitleg: str = ""
    numeriek: tuple[int, ...] = field(default=())
    """Columns that hold numbers (right-aligned)."""


def periode_uit(ingevuld: Mapping[str, str]) -> tuple[Periode | None, Formfouten]:
    """The period the form asks for (a period, or a first and last day), or the message at its field."""
    fouten = Formfouten()
    periode = ingevuld.get("periode", "").strip() or None
    dagen: dict[str, date | None] = {}
    for naam in ("van", "tot"):
        tekst = ingevuld.get(naam, "").strip()
        if not tekst:
            dagen[naam] = None
            continue
        try:
            dagen[naam] = date.fromisoformat(tekst) if DATUM.fullmatch(tekst) else None
        except ValueError:
            dagen[naam] = None
        if dagen[naam] is None:
            fouten.voeg_toe(naam, "Vul een datum in als JJJJ-MM-DD.")
    if fouten:
        return None, fouten
    if periode and (dagen["van"] or dagen["tot"]):
        return None, fouten.voeg_toe("periode", "Kies een periode óf een begin- en einddatum, niet beide.")
    if not periode and not (dagen["van"] and dagen["tot"]):
        veld = "periode" if not (dagen["van"] or dagen["tot"]) else ("tot" if dagen["van"] else "van")
        return None, fouten.voeg_toe(veld, "Vul een periode in, of zowel een begin- als een einddatum.")
    try:
        return lees_periode(periode, dagen["van"], dagen["tot"]), fouten
    except OngeldigePeriode as e:
        if periode:
            return None, fouten.voeg_toe("periode", f"Dit is geen periode. {PERIODE_UITLEG} Jaren 2000 tot 2100.")
        melding = "De einddatum ligt voor de begindatum." if "before" in str(e) else "Kies dagen in 2000 tot 2100."
        return None, fouten.voeg_toe("tot", melding)


def _procent(aandeel: float | None) -> str:
    return "–" if aandeel is None else f"{aandeel * 100:.0f} %"


def _dagen(waarde: float | None) -> str:
    return "–" if waarde is None else f"{waarde:.1f}".replace(".", ",")


def _telling(id_: str, titel: str, tellingen: Mapping[str, int], namen: Mapping[str, str] | None = None) -> Sectie:
    namen = namen or {}
    rijen = [(namen.get(k, k.replace("_", " ")), v) for k, v in tellingen.items()]
    return Sectie(
        id_,
        titel,
        ("Soort", "Aantal"),
        rijen,
        staafdiagram(f"grafiek-{id_}", titel, [Staaf(str(n), float(v)) for n, v in rijen]),
        numeriek=(1,),
    )


def secties(cijfers: Mapping[str, Any]) -> list[Sectie]:
    """The indicators of the monitoring page, in the order the national base set reports them."""
    a = cijfers["aanmeldingen"]
    normen = cijfers["binnen_norm"]
    uit: list[Sectie] = []
    norm_rijen = [(NORMEN.get(n, n), w["aantal"], w["binnen_norm"], _procent(w["aandeel"])) for n, w in normen.items()]
    uit.append(
        Sectie(
            "normen",
            "Binnen de norm",
            ("Norm", "Gemeten", "Binnen de norm", "Aandeel"),
            norm_rijen,
            staafdiagram(
                "grafiek-normen",
                "Aandeel binnen de norm, per norm",
                [Staaf(NORMEN.get(n, n), (w["aandeel"] or 0) * 100, _procent(w["aandeel"])) for n, w in normen.items()],
                maximum=100,
                norm=(100, "doel: 100 %"),
            ),
            "Van de stappen in de periode: hoeveel hun termijn haalden.",
            numeriek=(1, 2, 3),
        )
    )
    tijden = cijfers["doorlooptijden"]
    uit.append(
        Sectie(
            "doorlooptijden",
            "Doorlooptijden in dagen",
            ("Doorlooptijd", "Aantal", "Mediaan (dagen)", "90e percentiel (dagen)"),
            [
                (DOORLOOPTIJDEN.get(n, n), t["aantal"], _dagen(t["mediaan_dagen"]), _dagen(t["p90_dagen"]))
                for n, t in tijden.items()
            ],
            staafdiagram(
                "grafiek-doorlooptijden",
                "Mediane doorlooptijd in dagen",
                [
                    Staaf(DOORLOOPTIJDEN.get(n, n), t["mediaan_dagen"] or 0, f"{_dagen(t['mediaan_dagen'])} dagen")
                    for n, t in tijden.items()
                ],
            ),
            numeriek=(1, 2, 3),
        )
    )
    uit.append(_telling("werkstroom", "Aanmeldingen per werkstroom", a["per_werkstroom"], WERKSTROMEN))
    uit.append(_telling("leeftijd", "Aanmeldingen per leeftijdsgroep", a["per_leeftijdsgroep"]))
    uit.append(_telling("aanmelder", "Aanmeldingen per rol van de aanmelder", a["per_aanmelder_rol"]))
    uit.append(_telling("triage", "Uitkomsten van de triage", cijfers["triage_uitkomsten"]))
    afgesloten = cijfers["afsluitingen"]
    uit.append(
        Sectie(
            "afsluitingen",
            "Afsluitingen",
            ("Wat", "Aantal"),
            [
                ("Afgesloten", afgesloten["totaal"]),
                ("Uithuisplaatsing voorkomen", afgesloten["uithuisplaatsing_voorkomen"]),
                ("Duurzame oplossing", afgesloten["duurzame_oplossing"]),
                *((f"Reden: {r.replace('_', ' ')}", n) for r, n in afgesloten["per_reden"].items()),
            ],
            staafdiagram(
                "grafiek-afsluitingen",
                "Afsluitingen en voorkomen uithuisplaatsingen",
                [
                    Staaf("Afgesloten", afgesloten["totaal"]),
                    Staaf("Uithuisplaatsing voorkomen", afgesloten["uithuisplaatsing_voorkomen"]),
                    Staaf("Duurzame oplossing", afgesloten["duurzame_oplossing"]),
                ],
            ),
            numeriek=(1,),
        )
    )
    op = cijfers["opschalingen"]
    uit.append(
        Sectie(
            "overig",
            "Adviezen, opschalingen en terugkeer",
            ("Wat", "Aantal"),
            [
                ("Aanmeldingen", a["totaal"]),
                ("Adviezen", cijfers["adviezen"]),
                ("Opschalingen", op["totaal"]),
                *((f"Opgeschaald {n}: {u}", c) for n, per in op["per_niveau"].items() for u, c in per.items()),
                ("Heropend", cijfers["terugkeer"]["heropend"]),
                ("Terug op tafel", cijfers["terugkeer"]["terug_op_tafel"]),
                ("Gemiddelde waardering samenwerking", afgesloten["gemiddelde_waardering_samenwerking"] or "–"),
                ("Gemiddelde waardering effect", afgesloten["gemiddelde_waardering_effect"] or "–"),
            ],
            numeriek=(1,),
        )
    )
    return uit


def signalering_secties(cijfers: Mapping[str, Any]) -> list[Sectie]:
    """The signalering report's figures: the norms, the registrations and the closings."""
    alles = {s.id: s for s in secties(cijfers)}
    return [alles[i] for i in ("normen", "doorlooptijden", "werkstroom", "leeftijd", "afsluitingen", "overig")]
