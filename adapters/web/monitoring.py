"""The monitoring pages: a region's or a network's indicators for a period as tables and charts, the half-yearly
signalering report (printable), and both as CSV and .xlsx downloads.

The figures are computed exactly as the API's (`adapters.http.leesmodellen`): the same read-model query
(`monitoringfeiten`, `knelpunten`, `leerpunten`, `signalen_per_categorie`), the same `bereken`, and the
downloads hold the rows the API's CSV and workbook hold (`als_regels`, the signalering's rows)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from adapters.http.commando import NetwerkPad, RegioPad
from adapters.http.leesmodellen import (
    KNELPUNT_KOLOMMEN,
    leesmodellen,
    monitoringfeiten_van,
    netwerk_regios,
    netwerk_signaleringspunten,
    netwerkcijfers,
    per_categorie,
    signaleringsregels,
)
from adapters.http.tabel_antwoord import tabel_antwoord
from adapters.tokens import Gebruiker
from adapters.web.audit_pagina import AuditGebruiker, Pagina, Paginaroute, regio_van, zichtbare_regios
from adapters.web.monitoring_cijfers import HALFJAAR, periode_uit, secties, signalering_secties
from adapters.web.sjablonen import Formfouten, toon
from domain.rollen import Handeling, Rol
from projections.monitoring import CSV_KOLOMMEN, als_regels, bereken
from projections.periode import Periode
from projections.queries import knelpunten, leerpunten

router = APIRouter(include_in_schema=False, route_class=Paginaroute)

Tekst = Annotated[str | None, Query(max_length=20)]
Dag = Annotated[str | None, Query(max_length=10)]
Formaat = Annotated[Literal["csv", "xlsx"], Query()]


def _netwerken(request: Request, gebruiker: Gebruiker) -> list[str]:
    deps = request.app.state.container
    bediend = sorted({deps.profielen[s].netwerk for s in deps.casussen})
    if gebruiker.rol is Rol.AUDITOR:
        return bediend
    return [n for n in bediend if gebruiker.rol is Rol.KERNTEAM and n in gebruiker.netwerken]


@router.get("/monitoring", response_class=HTMLResponse)
async def overzicht(request: Request, gebruiker: AuditGebruiker) -> Response:
    """Which regions and networks the user may see the monitoring of."""
    regios = zichtbare_regios(request, gebruiker, Handeling.LEZEN)
    netwerken = _netwerken(request, gebruiker)
    if not regios and not netwerken:
        raise Pagina(403, "Uw rol ziet geen monitoring.")
    return toon(request, "monitoring/overzicht.html", {"regios": regios, "netwerken": netwerken})


def _vandaag(request: Request) -> date:
    diensten = request.app.state.container.casussen
    return next(iter(diensten.values())).vandaag() if diensten else date.today()


def _gekozen(
    request: Request, periode: str | None, van: str | None, tot: str | None
) -> tuple[Periode | None, Formfouten, dict[str, str]]:
    ingevuld = {"periode": periode or "", "van": van or "", "tot": tot or ""}
    if not (periode or van or tot):
        ingevuld["periode"] = str(_vandaag(request).year)
    gekozen, fouten = periode_uit(ingevuld)
    return gekozen, fouten, ingevuld


@router.get("/monitoring/regios/{regio}", response_class=HTMLResponse)
async def regio_monitoring(
    regio: RegioPad,
    request: Request,
    gebruiker: AuditGebruiker,
    periode: Tekst = None,
    van: Dag = None,
    tot: Dag = None,
) -> Response:
    """A region's indicators for a period (this year unless another is chosen)."""
    dienst = regio_van(request, gebruiker, regio, Handeling.LEZEN)
    gekozen, fouten, ingevuld = _gekozen(request, periode, van, tot)
    context: dict[str, Any] = {"naam": dienst.profiel.naam, "soort": "regio", "slug": regio, "ingevuld": ingevuld}
    if gekozen is None:
        return toon(request, "monitoring/cijfers.html", {**context, "cijfers": None}, fouten=fouten)
    cijfers = bereken(gekozen, regio, *await monitoringfeiten_van(leesmodellen(request), regio, gekozen))
    return toon(request, "monitoring/cijfers.html", {**context, "cijfers": cijfers, "secties": secties(cijfers)})


@router.get("/monitoring/regios/{regio}/download")
async def regio_download(
    regio: RegioPad,
    request: Request,
    gebruiker: AuditGebruiker,
    formaat: Formaat,
    periode: Tekst = None,
    van: Dag = None,
    tot: Dag = None,
) -> Response:
    """The figures as the API's CSV or workbook."""
    regio_van(request, gebruiker, regio, Handeling.LEZEN)
    gekozen, _, _ = _gekozen(request, periode, van, tot)
    if gekozen is None:
        raise Pagina(422, "Kies een geldige periode.")
    cijfers = bereken(gekozen, regio, *await monitoringfeiten_van(leesmodellen(request), regio, gekozen))
    return tabel_antwoord(formaat, CSV_KOLOMMEN, als_regels(cijfers), f"monitoring-{regio}")


async def _netwerkcijfers(
    request: Request, gebruiker: Gebruiker, netwerk: str, gekozen: Periode
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    regios = netwerk_regios(request.app.state.container, gebruiker, netwerk)
    return await netwerkcijfers(leesmodellen(request), netwerk, regios, gekozen)


@router.get("/monitoring/netwerken/{netwerk}", response_class=HTMLResponse)
async def netwerk_monitoring(
    netwerk: NetwerkPad,
    request: Request,
    gebruiker: AuditGebruiker,
    periode: Tekst = None,
    van: Dag = None,
    tot: Dag = None,
) -> Response:
    """The network's regions rolled up, and each region's own totals."""
    netwerk_regios(request.app.state.container, gebruiker, netwerk)
    gekozen, fouten, ingevuld = _gekozen(request, periode, van, tot)
    context: dict[str, Any] = {"naam": netwerk, "soort": "netwerk", "slug": netwerk, "ingevuld": ingevuld}
    if gekozen is None:
        return toon(request, "monitoring/cijfers.html", {**context, "cijfers": None}, fouten=fouten)
    cijfers, per_regio = await _netwerkcijfers(request, gebruiker, netwerk, gekozen)
    profielen = request.app.state.container.profielen
    regios = [(profielen[r].naam, c) for r, c in per_regio.items()]
    return toon(
        request,
        "monitoring/cijfers.html",
        {**context, "cijfers": cijfers, "secties": secties(cijfers), "per_regio": regios},
    )


@router.get("/monitoring/netwerken/{netwerk}/download")
async def netwerk_download(
    netwerk: NetwerkPad,
    request: Request,
    gebruiker: AuditGebruiker,
    formaat: Formaat,
    periode: Tekst = None,
    van: Dag = None,
    tot: Dag = None,
) -> Response:
    """The network's figures and each region's, as the API's CSV or workbook."""
    netwerk_regios(request.app.state.container, gebruiker, netwerk)
    gekozen, _, _ = _gekozen(request, periode, van, tot)
    if gekozen is None:
        raise Pagina(422, "Kies een geldige periode.")
    cijfers, per_regio = await _netwerkcijfers(request, gebruiker, netwerk, gekozen)
    regels = als_regels(cijfers) + [r for c in per_regio.values() for r in als_regels(c)]
    return tabel_antwoord(formaat, CSV_KOLOMMEN, regels, f"monitoring-{netwerk}")


def _halfjaar(request: Request, halfjaar: str | None) -> tuple[Periode | None, Formfouten, str]:
    if halfjaar is None:
        vandaag = _vandaag(request)
        halfjaar = f"{vandaag.year}-H{1 if vandaag.month <= 6 else 2}"
    if not HALFJAAR.fullmatch(halfjaar):
        return None, Formfouten().voeg_toe("halfjaar", "Vul een halfjaar in als 2026-H1 of 2026-H2."), halfjaar
    gekozen, fouten = periode_uit({"periode": halfjaar, "van": "", "tot": ""})
    if gekozen is None:
        return None, Formfouten().voeg_toe("halfjaar", "Vul een halfjaar in als 2026-H1 of 2026-H2."), halfjaar
    return gekozen, fouten, halfjaar


@router.get("/monitoring/regios/{regio}/signalering", response_class=HTMLResponse)
async def regio_signalering(
    regio: RegioPad, request: Request, gebruiker: AuditGebruiker, halfjaar: Tekst = None
) -> Response:
    """The half-yearly signalering report of a region, printable."""
    dienst = regio_van(request, gebruiker, regio, Handeling.LEZEN)
    gekozen, fouten, gevraagd = _halfjaar(request, halfjaar)
    context: dict[str, Any] = {"naam": dienst.profiel.naam, "soort": "regio", "slug": regio, "halfjaar": gevraagd}
    if gekozen is None:
        return toon(request, "monitoring/signalering.html", {**context, "cijfers": None}, fouten=fouten)
    modellen = leesmodellen(request)
    cijfers = bereken(gekozen, regio, *await monitoringfeiten_van(leesmodellen(request), regio, gekozen))
    punten = await modellen.vraag(regio, lambda conn, t: knelpunten(conn, t, gekozen))
    lessen = await modellen.vraag(regio, lambda conn, t: leerpunten(conn, t, gekozen))
    return toon(
        request,
        "monitoring/signalering.html",
        {
            **context,
            "cijfers": cijfers,
            "secties": signalering_secties(cijfers),
            "knelpunten": per_categorie(punten),
            "leren": per_categorie(lessen, overig=True),
            "tellingen": None,
        },
    )


@router.get("/monitoring/regios/{regio}/signalering/download")
async def regio_signalering_download(
    regio: RegioPad, request: Request, gebruiker: AuditGebruiker, formaat: Formaat, halfjaar: Tekst = None
) -> Response:
    """The report's bottlenecks and lessons as the API's CSV or workbook."""
    regio_van(request, gebruiker, regio, Handeling.LEZEN)
    gekozen, _, gevraagd = _halfjaar(request, halfjaar)
    if gekozen is None:
        raise Pagina(422, "Kies een geldig halfjaar.")
    modellen = leesmodellen(request)
    punten = await modellen.vraag(regio, lambda conn, t: knelpunten(conn, t, gekozen))
    lessen = await modellen.vraag(regio, lambda conn, t: leerpunten(conn, t, gekozen))
    regels = signaleringsregels(regio, gekozen, punten + lessen)
    return tabel_antwoord(formaat, KNELPUNT_KOLOMMEN, regels, f"signalering-{regio}-{gevraagd}")


async def _netwerk_signalering(
    request: Request, gebruiker: Gebruiker, netwerk: str, periode: Periode
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Counter[str]]]:
    regios = netwerk_regios(request.app.state.container, gebruiker, netwerk)
    return await netwerk_signaleringspunten(leesmodellen(request), regios, periode)


@router.get("/monitoring/netwerken/{netwerk}/signalering", response_class=HTMLResponse)
async def netwerk_signalering(
    netwerk: NetwerkPad, request: Request, gebruiker: AuditGebruiker, halfjaar: Tekst = None
) -> Response:
    """The network's half-yearly report: its regions rolled up, counts per category, its own lessons."""
    netwerk_regios(request.app.state.container, gebruiker, netwerk)
    gekozen, fouten, gevraagd = _halfjaar(request, halfjaar)
    context: dict[str, Any] = {"naam": netwerk, "soort": "netwerk", "slug": netwerk, "halfjaar": gevraagd}
    if gekozen is None:
        return toon(request, "monitoring/signalering.html", {**context, "cijfers": None}, fouten=fouten)
    cijfers, _ = await _netwerkcijfers(request, gebruiker, netwerk, gekozen)
    punten, lessen, tellingen = await _netwerk_signalering(request, gebruiker, netwerk, gekozen)
    for rij in punten + lessen:
        rij.pop("casus_id", None)
    return toon(
        request,
        "monitoring/signalering.html",
        {
            **context,
            "cijfers": cijfers,
            "secties": signalering_secties(cijfers),
            "knelpunten": per_categorie(punten),
            "leren": per_categorie(lessen, overig=True),
            "tellingen": {soort: dict(sorted(a.items())) for soort, a in tellingen.items()},
        },
    )


@router.get("/monitoring/netwerken/{netwerk}/signalering/download")
async def netwerk_signalering_download(
    netwerk: NetwerkPad, request: Request, gebruiker: AuditGebruiker, formaat: Formaat, halfjaar: Tekst = None
) -> Response:
    """The network's bottlenecks and lessons (without case references) as the API's CSV or workbook."""
    netwerk_regios(request.app.state.container, gebruiker, netwerk)
    gekozen, _, gevraagd = _halfjaar(request, halfjaar)
    if gekozen is None:
        raise Pagina(422, "Kies een geldig halfjaar.")
    punten, lessen, _ = await _netwerk_signalering(request, gebruiker, netwerk, gekozen)
    regels = [r for p in punten + lessen for r in signaleringsregels(p["regio"], gekozen, [p], casus_id=False)]
    return tabel_antwoord(formaat, KNELPUNT_KOLOMMEN, regels, f"signalering-{netwerk}-{gevraagd}")
