"""The national monitoring indicators for a period, from the timeline's facts (no personal data)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from domain.bestuurlijk import Overleguitkomst
from domain.terugkoppeling import Uitvoeringsstand
from domain.waarden import Knelpuntcategorie
from projections.periode import Periode

GEEN_OVERLEG = "geen-overleg"
"""The outcome of a bestuurlijke escalation no round-table meeting has followed yet."""

DOORLOOPTIJDEN = {
    "aanmelding-triage": "Getrieerd",
    "aanmelding-overleg": "OverlegGepland",
    "aanmelding-advies": "AdviesUitgebracht",
    "aanmelding-afsluiting": "Afgesloten",
}
NORMEN = {
    "triage": "Getrieerd",
    "overleg": "OverlegGepland",
    "advies-verzonden": "AdviesUitgebracht",
    "evaluatie": "EvaluatieVastgelegd",
}


@dataclass(frozen=True)
class Feit:
    """One timeline row: an event's type and its monitoring facts."""

    casus_id: Any
    type: str
    kenmerken: Mapping[str, Any]
    versie: int = 0


GECORRIGEERD = "Gecorrigeerd"


def met_correcties(feiten: list[Feit], correcties: Iterable[Feit]) -> list[Feit]:
    """The facts as corrected: a correction's facts replace those of the step it corrected (`stap_versie`),
    later corrections over earlier ones."""
    per_stap: dict[tuple[Any, int], dict[str, Any]] = {}
    for correctie in sorted(correcties, key=lambda f: f.versie):
        stap_versie = correctie.kenmerken.get("stap_versie")
        if stap_versie is not None:
            per_stap.setdefault((correctie.casus_id, stap_versie), {}).update(correctie.kenmerken.get("kenmerken", {}))
    return [
        replace(f, kenmerken={**f.kenmerken, **per_stap[(f.casus_id, f.versie)]})
        if (f.casus_id, f.versie) in per_stap
        else f
        for f in feiten
    ]


def _percentiel(waarden: list[float], p: float) -> float | None:
    """The p-th percentile, linearly interpolated (as PostgreSQL's percentile_cont)."""
    if not waarden:
        return None
    geordend = sorted(waarden)
    plek = (len(geordend) - 1) * p
    onder = int(plek)
    boven = min(onder + 1, len(geordend) - 1)
    return geordend[onder] + (geordend[boven] - geordend[onder]) * (plek - onder)


def _tel(feiten: Iterable[Feit], sleutel: str) -> dict[str, int]:
    return dict(sorted(Counter(str(f.kenmerken.get(sleutel)) for f in feiten).items()))


def _tel_vastgelegd(feiten: Iterable[Feit], sleutel: str) -> dict[str, int]:
    """Counts per value, yes/no for booleans, and `niet_vastgelegd` for facts recorded without it."""
    namen = {True: "ja", False: "nee", None: "niet_vastgelegd"}
    tellingen = Counter(namen.get(f.kenmerken.get(sleutel), str(f.kenmerken.get(sleutel))) for f in feiten)
    return dict(sorted(tellingen.items()))


def bereken(periode: Periode, scope: str, feiten: list[Feit], uitkomsten: Mapping[Any, str | None]) -> dict[str, Any]:
    """All indicators of `feiten` (the timeline rows dated in the period).

    `uitkomsten` gives, per escalated case, its closing reason (None: still open).
    """
    per_type: dict[str, list[Feit]] = {}
    for feit in feiten:
        per_type.setdefault(feit.type, []).append(feit)
    aanmeldingen = per_type.get("Aangemeld", [])
    triages = per_type.get("Getrieerd", [])
    overleggen = [f for f in per_type.get("OverlegGepland", []) if f.kenmerken.get("eerste")]
    evaluaties = [f for f in per_type.get("EvaluatieVastgelegd", []) if f.kenmerken.get("eerste")]
    afsluitingen = per_type.get("Afgesloten", [])
    opschalingen = per_type.get("Opgeschaald", [])
    eerste_per_type = {"OverlegGepland": overleggen, "EvaluatieVastgelegd": evaluaties}

    doorlooptijden: dict[str, Any] = {}
    for naam, soort in DOORLOOPTIJDEN.items():
        dagen = [float(f.kenmerken["dagen"]) for f in eerste_per_type.get(soort, per_type.get(soort, []))]
        doorlooptijden[naam] = {
            "aantal": len(dagen),
            "mediaan_dagen": statistics.median(dagen) if dagen else None,
            "p90_dagen": _percentiel(dagen, 0.9),
        }
    binnen_norm: dict[str, Any] = {}
    for norm, soort in NORMEN.items():
        oordelen = [f.kenmerken.get("binnen_norm") for f in eerste_per_type.get(soort, per_type.get(soort, []))]
        gewogen = [o for o in oordelen if o is not None]
        binnen_norm[norm] = {
            "aantal": len(gewogen),
            "binnen_norm": sum(gewogen),
            "aandeel": round(sum(gewogen) / len(gewogen), 4) if gewogen else None,
        }
    per_niveau: dict[str, dict[str, int]] = {}
    for feit in opschalingen:
        uitkomst = uitkomsten.get(feit.casus_id) or "lopend"
        niveau = per_niveau.setdefault(str(feit.kenmerken.get("niveau")), {})
        niveau[uitkomst] = niveau.get(uitkomst, 0) + 1

    def gemiddelde(sleutel: str) -> float | None:
        waarden = [f.kenmerken[sleutel] for f in afsluitingen if f.kenmerken.get(sleutel) is not None]
        return round(statistics.fmean(waarden), 2) if waarden else None

    return {
        "scope": scope,
        "periode": {"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        "aanmeldingen": {
            "totaal": len(aanmeldingen),
            "per_werkstroom": _tel(aanmeldingen, "werkstroom"),
            "per_aanmelder_rol": _tel(aanmeldingen, "aanmelder_rol"),
            "per_leeftijdsgroep": _tel(aanmeldingen, "leeftijdsgroep"),
            "per_gemeente": _tel(aanmeldingen, "gemeente"),
            "per_leefgebied": dict(
                sorted(Counter(g for f in aanmeldingen for g in f.kenmerken["leefgebieden"]).items())
            ),
        },
        "triage_uitkomsten": _tel(triages, "uitkomst"),
        "adviezen": len(per_type.get("AdviesUitgebracht", [])),
        "adviezen_per_soort": _tel_vastgelegd(per_type.get("AdviesUitgebracht", []), "adviessoort"),
        "ervaringsdeskundige": {
            "aangeboden": _tel_vastgelegd(aanmeldingen, "ervaringsdeskundige_aangeboden"),
            "gewenst": _tel_vastgelegd(
                [f for f in aanmeldingen if f.kenmerken.get("ervaringsdeskundige_aangeboden")],
                "ervaringsdeskundige_gewenst",
            ),
            "aanwezig_bij_overleg": _tel_vastgelegd(per_type.get("OverlegGepland", []), "ervaringsdeskundige_aanwezig"),
        },
        "doorlooptijden": doorlooptijden,
        "binnen_norm": binnen_norm,
        "opschalingen": {
            "totaal": len(opschalingen),
            "per_niveau": per_niveau,
            "bestuurlijk": bestuurlijk(per_type),
        },
        "afsluitingen": {
            "totaal": len(afsluitingen),
            "per_reden": _tel(afsluitingen, "reden"),
            "uithuisplaatsing_voorkomen": sum(1 for f in afsluitingen if f.kenmerken.get("uithuisplaatsing_voorkomen")),
            "duurzame_oplossing": sum(1 for f in afsluitingen if f.kenmerken.get("duurzame_oplossing")),
            "gemiddelde_waardering_samenwerking": gemiddelde("waardering_samenwerking"),
            "gemiddelde_waardering_effect": gemiddelde("waardering_effect"),
        },
        "correcties": {
            "totaal": len(per_type.get(GECORRIGEERD, [])),
            "per_onderdeel": _tel(per_type.get(GECORRIGEERD, []), "onderdeel"),
        },
        "terugkeer": {
            "heropend": len(per_type.get("Heropend", [])),
            "terug_op_tafel": sum(1 for f in per_type.get("OverlegGepland", []) if f.kenmerken.get("terug_op_tafel")),
        },
        "terugkoppelingen": terugkoppelingen(per_type.get("Teruggekoppeld", [])),
    }


def _per_waarde(feiten: Iterable[Feit], sleutel: str, waarden: Iterable[str]) -> dict[str, int]:
    """How many facts have each of `waarden` (every one named, 0 included: stable CSV rows)."""
    geteld = Counter(str(f.kenmerken.get(sleutel)) for f in feiten)
    return {str(waarde): geteld[str(waarde)] for waarde in waarden}


def terugkoppelingen(feiten: list[Feit]) -> dict[str, Any]:
    """Feedback on the advice in the period: how useful (mean), whether carried out, given in time."""
    bruikbaarheid = [f.kenmerken["bruikbaarheid"] for f in feiten]
    tijdig = [bool(f.kenmerken["tijdig"]) for f in feiten if f.kenmerken.get("tijdig") is not None]
    return {
        "aantal": len(feiten),
        "gemiddelde_bruikbaarheid": round(statistics.fmean(bruikbaarheid), 2) if bruikbaarheid else None,
        "wordt_uitgevoerd": _per_waarde(feiten, "wordt_uitgevoerd", Uitvoeringsstand),
        "belemmering_per_categorie": _per_waarde(
            [f for f in feiten if f.kenmerken.get("belemmering")], "belemmering", Knelpuntcategorie
        ),
        "per_rol": _tel(feiten, "rol"),
        "tijdig": {
            "aantal": len(tijdig),
            "binnen_norm": sum(tijdig),
            "aandeel": round(sum(tijdig) / len(tijdig), 4) if tijdig else None,
        },
    }


def bestuurlijk(per_type: Mapping[str, list[Feit]]) -> dict[str, Any]:
    """The outcome of bestuurlijke escalations: the escalations of the period by the outcome of their last
    round-table meeting so far, the meetings held and the evaluations made in the period."""
    escalaties = [f for f in per_type.get("Opgeschaald", []) if f.kenmerken.get("niveau") == "bestuurlijk"]
    overleggen = per_type.get("BestuurlijkOverlegGehouden", [])
    evaluaties = per_type.get("BestuurlijkOverlegGeevalueerd", [])
    return {
        "opgeschaald": len(escalaties),
        "per_overleguitkomst": _per_waarde(escalaties, "overleguitkomst", [GEEN_OVERLEG, *Overleguitkomst]),
        "overleggen": len(overleggen),
        "overleggen_per_uitkomst": _per_waarde(overleggen, "uitkomst", Overleguitkomst),
        "evaluaties": len(evaluaties),
        "besluit_uitgevoerd": _per_waarde(evaluaties, "besluit_uitgevoerd", Uitvoeringsstand),
        "vlotgetrokken": sum(1 for f in evaluaties if f.kenmerken.get("casus_vlotgetrokken")),
    }


CSV_KOLOMMEN = ("scope", "periode_van", "periode_tot", "indicator", "dimensie", "waarde")


def als_regels(monitoring: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The figures in long form, one (indicator, dimensie, waarde) per row: the stable CSV export."""
    basis = (monitoring["scope"], monitoring["periode"]["van"], monitoring["periode"]["tot"])
    regels: list[tuple[Any, ...]] = []

    def plat(prefix: str, waarde: Any) -> None:
        if isinstance(waarde, Mapping):
            for sleutel, sub in waarde.items():
                plat(f"{prefix}.{sleutel}" if prefix else str(sleutel), sub)
        else:
            indicator, _, dimensie = prefix.partition(".")
            regels.append((*basis, indicator, dimensie, "" if waarde is None else waarde))

    plat("", {k: v for k, v in monitoring.items() if k not in ("scope", "periode", "knelpunten")})
    return regels
