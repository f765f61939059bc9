"""Routes of the read models: werkvoorraad, monitoring, signalering, timelines, health and metrics."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from adapters.http.commando import CasusPad, NetwerkPad, RegioPad
from adapters.http.inzageregistratie import vastleggen
from adapters.http.problemen import LEZEN, Probleem, antwoorden, niet_gevonden
from adapters.http.schemas import (
    Monitoring,
    NetwerkMonitoring,
    NetwerkSignalering,
    Signalering,
    Tijdlijn,
    Werkvoorraad,
)
from adapters.http.tabel_antwoord import TABEL, gevraagd_formaat, tabel_antwoord
from adapters.http.toegang import Deps, HuidigeGebruiker, regio_toegang
from adapters.leesmodellen import LeesModellen
from domain.casus import Fase
from domain.inzagelog import Toegangssoort
from domain.regioprofiel import Werkstroom
from domain.rollen import Handeling, Rol
from domain.waarden import Knelpuntcategorie, KorteTekst
from projections.monitoring import CSV_KOLOMMEN, Feit, als_regels, bereken
from projections.periode import OngeldigePeriode, Periode, lees_periode
from projections.queries import (
    Werkvoorraadfilter,
    knelpunten,
    leerpunten,
    monitoringfeiten,
    signalen_per_categorie,
    tijdlijn,
    werkvoorraad,
)
from projections.volger import Volger
from services.casussen import CasusService

router = APIRouter(tags=["leesmodellen"])

Lezer = Annotated[CasusService, Depends(regio_toegang(Handeling.LEZEN))]

MAX_POSITIE = 2**63 - 1
"""A store position is a PostgreSQL bigint."""
MAX_PAGINA = 1_000_000
PeriodeQuery = Annotated[
    str | None,
    Query(max_length=20, description="2026-11, 2026-Q4, 2026-H2 or 2026 (years 2000 to 2100); or give van and tot."),
]


def gevraagde_positie(
    na_positie: Annotated[
        int | None,
        Query(
            ge=0,
            le=MAX_POSITIE,
            description="Wait (bounded) until the read model includes this position (X-Doorbraak-Positie).",
        ),
    ] = None,
    na_positie_kop: Annotated[int | None, Header(alias="X-Doorbraak-Na-Positie", ge=0, le=MAX_POSITIE)] = None,
) -> int | None:
    """The position a read must wait for: the query parameter, else the header."""
    return na_positie if na_positie is not None else na_positie_kop


NaPositie = Annotated[int | None, Depends(gevraagde_positie)]


def leesmodellen(request: Request) -> LeesModellen:
    modellen: LeesModellen | None = getattr(request.app.state, "leesmodellen", None)
    if modellen is None:
        raise Probleem(503, "Service Unavailable", "the read models do not run on this node", "niet-beschikbaar")
    return modellen


Modellen = Annotated[LeesModellen, Depends(leesmodellen)]


async def _actueel(modellen: LeesModellen, regio: str, positie: int | None, response: Response) -> bool:
    """Read-your-writes of a region's read models (`actueel`)."""
    return await actueel(modellen, modellen.projector(regio), positie, response)


async def actueel(modellen: LeesModellen, volger: Volger, positie: int | None, response: Response) -> bool:
    """Read-your-writes: waits, bounded, until the read model reached `positie`; says whether it did."""
    wachttijd = modellen.container.settings.leeswachttijd
    bereikt = positie is None or await volger.wacht_tot(positie, wachttijd)
    response.headers["X-Doorbraak-Actueel"] = "true" if bereikt else "false"
    response.headers["X-Doorbraak-Positie"] = str(volger.positie)
    return bereikt


def _periode(periode: str | None, van: date | None, tot: date | None) -> Periode:
    try:
        return lees_periode(periode, van, tot)
    except OngeldigePeriode as e:
        raise Probleem(
            422, "Invalid request", f"query.periode: {e}", "ongeldig-verzoek", veld="query.periode"
        ) from None


@router.get(
    "/regios/{regio}/werkvoorraad",
    response_model=Werkvoorraad,
    responses=LEZEN,
    summary="The region's work queue: open cases by next due date",
)
async def lees_werkvoorraad(
    regio: RegioPad,
    _lezer: Lezer,
    modellen: Modellen,
    deps: Deps,
    response: Response,
    na_positie: NaPositie,
    fase: Fase | None = None,
    werkstroom: Werkstroom | None = None,
    te_laat: bool | None = None,
    casusregisseur: Annotated[KorteTekst | None, Query()] = None,
    pagina: Annotated[int, Query(ge=1, le=MAX_PAGINA)] = 1,
    per_pagina: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Every open case with its phase, werkstroom, urgency, casusregisseur, next norm, due date and overdue flag."""
    actueel = await _actueel(modellen, regio, na_positie, response)
    filter_ = Werkvoorraadfilter(
        fase.value if fase else None,
        werkstroom.value if werkstroom else None,
        te_laat,
        casusregisseur,
        pagina,
        per_pagina,
    )
    vandaag = deps.casussen[regio].vandaag()
    totaal, casussen = await modellen.vraag(regio, lambda conn, t: werkvoorraad(conn, t, filter_, vandaag))
    return {
        "regio": regio,
        "actueel": actueel,
        "totaal": totaal,
        "pagina": pagina,
        "per_pagina": per_pagina,
        "casussen": casussen,
    }


@router.get(
    "/regios/{regio}/casussen/{casus_id}/tijdlijn",
    response_model=Tijdlijn,
    responses=LEZEN,
    summary="A case's timeline, from the read model",
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
async def lees_tijdlijn(
    regio: RegioPad, casus_id: CasusPad, _lezer: Lezer, modellen: Modellen, response: Response, na_positie: NaPositie
) -> dict[str, Any]:
    """The case's events with time, actor and monitoring facts; the event store stays the source of truth."""
    try:
        id_ = UUID(casus_id)
    except ValueError:
        raise niet_gevonden(f"Casus {casus_id!r}") from None
    actueel = await _actueel(modellen, regio, na_positie, response)
    regels = await modellen.vraag(regio, lambda conn, t: tijdlijn(conn, t, id_))
    if not regels:
        raise niet_gevonden(f"Casus {casus_id}")
    return {"casus_id": str(id_), "regio": regio, "actueel": actueel, "events": regels}


Monitoringfeiten = tuple[list[Feit], dict[Any, str | None]]


async def monitoringfeiten_van(modellen: LeesModellen, regio: str, periode: Periode) -> Monitoringfeiten:
    """A region's monitoring facts for a period, from its read model."""
    return await modellen.vraag(regio, lambda conn, t: monitoringfeiten(conn, t, periode))


def _samen(delen: list[Monitoringfeiten]) -> Monitoringfeiten:
    feiten: list[Feit] = []
    uitkomsten: dict[Any, str | None] = {}
    for deel_feiten, deel_uitkomsten in delen:
        feiten += deel_feiten
        uitkomsten |= deel_uitkomsten
    return feiten, uitkomsten


@router.get(
    "/regios/{regio}/monitoring",
    response_model=Monitoring,
    responses=LEZEN | TABEL,
    summary="Monitoring indicators of a region for a period (JSON, CSV or .xlsx)",
)
async def lees_regio_monitoring(
    regio: RegioPad,
    request: Request,
    response: Response,
    na_positie: NaPositie,
    _lezer: Lezer,
    modellen: Modellen,
    periode: PeriodeQuery = None,
    van: date | None = None,
    tot: date | None = None,
) -> Any:
    """`periode` is 2026-11, 2026-Q4, 2026-H2 or 2026; or give `van` and `tot`. `Accept: text/csv` for CSV, the
    `.xlsx` type for a workbook."""
    await _actueel(modellen, regio, na_positie, response)
    gekozen = _periode(periode, van, tot)
    cijfers = bereken(gekozen, regio, *await monitoringfeiten_van(modellen, regio, gekozen))
    formaat = gevraagd_formaat(request)
    if formaat is not None:
        return tabel_antwoord(formaat, CSV_KOLOMMEN, als_regels(cijfers), f"monitoring-{regio}")
    return cijfers


async def netwerkcijfers(
    modellen: LeesModellen, netwerk: str, regios: list[str], periode: Periode
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The network's indicators (its regions rolled up) and each region's own."""
    feiten = {regio: await monitoringfeiten_van(modellen, regio, periode) for regio in regios}
    cijfers = bereken(periode, netwerk, *_samen(list(feiten.values())))
    return cijfers, {regio: bereken(periode, regio, *regio_feiten) for regio, regio_feiten in feiten.items()}


async def netwerk_signaleringspunten(
    modellen: LeesModellen, regios: list[str], periode: Periode
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Counter[str]]]:
    """The network's own bottlenecks and lessons in its regions (each with its `regio`), and how many of each
    category the regions recorded."""
    punten: list[dict[str, Any]] = []
    lessen: list[dict[str, Any]] = []
    tellingen: dict[str, Counter[str]] = {"knelpunten": Counter(), "leren": Counter()}
    for regio in regios:
        punten += [
            {**p, "regio": regio}
            for p in await modellen.vraag(regio, lambda c, t: knelpunten(c, t, periode, alleen_van_het_netwerk=True))
        ]
        lessen += [
            {**p, "regio": regio}
            for p in await modellen.vraag(regio, lambda c, t: leerpunten(c, t, periode, alleen_van_het_netwerk=True))
        ]
        signalen = await modellen.vraag(regio, lambda c, t: signalen_per_categorie(c, t, periode))
        for soort, aantallen in signalen.items():
            tellingen[soort].update(aantallen)
    return punten, lessen, tellingen


def netwerk_regios(deps: Deps, gebruiker: HuidigeGebruiker, netwerk: str) -> list[str]:
    regios = sorted(slug for slug in deps.casussen if deps.profielen[slug].netwerk == netwerk)
    mag = gebruiker.rol is Rol.AUDITOR or (gebruiker.rol is Rol.KERNTEAM and netwerk in gebruiker.netwerken)
    if not regios or not mag:
        raise niet_gevonden(f"Network {netwerk!r}")
    return regios


@router.get(
    "/netwerken/{netwerk}/monitoring",
    response_model=NetwerkMonitoring,
    responses=antwoorden(401, 404, 422, 503) | TABEL,
    summary="Monitoring of a network: its regions rolled up",
)
async def lees_netwerk_monitoring(
    netwerk: NetwerkPad,
    request: Request,
    deps: Deps,
    gebruiker: HuidigeGebruiker,
    modellen: Modellen,
    periode: PeriodeQuery = None,
    van: date | None = None,
    tot: date | None = None,
) -> Any:
    """The same indicators over all the network's regions (no personal data), plus each region's own."""
    regios = netwerk_regios(deps, gebruiker, netwerk)
    gekozen = _periode(periode, van, tot)
    cijfers, per_regio = await netwerkcijfers(modellen, netwerk, regios, gekozen)
    formaat = gevraagd_formaat(request)
    if formaat is not None:
        regels = als_regels(cijfers) + [r for c in per_regio.values() for r in als_regels(c)]
        return tabel_antwoord(formaat, CSV_KOLOMMEN, regels, f"monitoring-{netwerk}")
    return {**cijfers, "regios": per_regio}


KNELPUNT_KOLOMMEN = (
    "regio",
    "periode_van",
    "periode_tot",
    "categorie",
    "bron",
    "op",
    "casus_id",
    "omschrijving",
    "soort",
)
CATEGORIEEN = tuple(c.value for c in Knelpuntcategorie)
OVERIG = "overig"
"""The learning cycle's rows without a category."""
HalfjaarQuery = Annotated[str, Query(pattern=r"^[0-9]{4}-H[12]$", description="e.g. 2026-H2 (2000 to 2100)")]


def per_categorie(rijen: list[dict[str, Any]], *, overig: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Rows grouped by category, every category named (and `overig`, for rows without one)."""
    groepen: dict[str, list[dict[str, Any]]] = {c: [] for c in (*CATEGORIEEN, *([OVERIG] if overig else []))}
    for rij in rijen:
        groepen.setdefault(rij["categorie"] or OVERIG, []).append(rij)
    return groepen


def signaleringsregels(regio: str, periode: Periode, punten: list[dict[str, Any]], casus_id: bool = True) -> Any:
    """The signalering's bottlenecks and lessons as the rows of its CSV and workbook (`KNELPUNT_KOLOMMEN`)."""
    return [
        (
            regio,
            periode.van,
            periode.tot,
            p["categorie"] or "",
            p["bron"],
            p["op"],
            p["casus_id"] if casus_id else "",
            p["omschrijving"],
            p.get("soort", "knelpunt"),
        )
        for p in punten
    ]


@router.get(
    "/regios/{regio}/signalering",
    response_model=Signalering,
    responses=LEZEN | TABEL,
    summary="Half-yearly signalering report: monitoring, bottlenecks and lessons",
)
async def lees_signalering(
    regio: RegioPad,
    request: Request,
    response: Response,
    _lezer: Lezer,
    modellen: Modellen,
    halfjaar: HalfjaarQuery,
    na_positie: NaPositie,
) -> Any:
    """The monitoring figures, the bottlenecks from triage, advice, closing, escalation and the network, and the
    lessons, obstacles and remarks from closings, feedback and escalations: by category."""
    await _actueel(modellen, regio, na_positie, response)
    periode = _periode(halfjaar, None, None)
    cijfers = bereken(periode, regio, *await monitoringfeiten_van(modellen, regio, periode))
    punten = await modellen.vraag(regio, lambda conn, t: knelpunten(conn, t, periode))
    lessen = await modellen.vraag(regio, lambda conn, t: leerpunten(conn, t, periode))
    formaat = gevraagd_formaat(request)
    if formaat is not None:
        regels = signaleringsregels(regio, periode, punten + lessen)
        return tabel_antwoord(formaat, KNELPUNT_KOLOMMEN, regels, f"signalering-{regio}-{halfjaar}")
    return {
        **cijfers,
        "halfjaar": halfjaar,
        "knelpunten": per_categorie(punten),
        "leren": per_categorie(lessen, overig=True),
    }


@router.get(
    "/netwerken/{netwerk}/signalering",
    response_model=NetwerkSignalering,
    responses=antwoorden(401, 404, 422, 503) | TABEL,
    summary="Half-yearly signalering report of a network: its regions and its own lessons",
)
async def lees_netwerk_signalering(
    netwerk: NetwerkPad,
    request: Request,
    deps: Deps,
    gebruiker: HuidigeGebruiker,
    modellen: Modellen,
    halfjaar: HalfjaarQuery,
) -> Any:
    """The network's regions rolled up, how many bottlenecks and lessons of each category they recorded, and the
    network's own bottlenecks and lessons from its closings (bron `netwerk`, without case references); what the
    regions wrote stays in the regions."""
    regios = netwerk_regios(deps, gebruiker, netwerk)
    periode = _periode(halfjaar, None, None)
    punten, lessen, tellingen = await netwerk_signaleringspunten(modellen, regios, periode)
    formaat = gevraagd_formaat(request)
    if formaat is not None:
        regels = [r for p in punten + lessen for r in signaleringsregels(p["regio"], periode, [p], casus_id=False)]
        return tabel_antwoord(formaat, KNELPUNT_KOLOMMEN, regels, f"signalering-{netwerk}-{halfjaar}")
    for rij in punten + lessen:
        del rij["casus_id"]
    cijfers, per_regio = await netwerkcijfers(modellen, netwerk, regios, periode)
    return {
        **cijfers,
        "regios": per_regio,
        "halfjaar": halfjaar,
        "knelpunten": per_categorie(punten),
        "leren": per_categorie(lessen, overig=True),
        "signalen_per_categorie": {soort: dict(sorted(aantallen.items())) for soort, aantallen in tellingen.items()},
    }
