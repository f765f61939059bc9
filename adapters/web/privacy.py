"""The privacy officer's pages under `/privacy`: a parent's request to see the file (AVG art. 15) answered as a
page, as JSON and as the PDF, each recorded as an export as the API's `.../inzage` is; and the erasure of a
case's personal data on a lawful request, with its reason, through the same command as the API's `.../wissen`."""

from __future__ import annotations

import hashlib
import secrets
from typing import Annotated
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from adapters.http.commando import CasusPad, RegioPad
from adapters.http.inzage import overzicht, pdf_antwoord
from adapters.http.inzagelog import inzagelogs
from adapters.web.audit_pagina import (
    AuditGebruiker,
    Pagina,
    Paginaroute,
    gekozen_casus,
    regio_van,
    vastleggen,
    zichtbare_regios,
)
from adapters.web.sjablonen import Formfouten, lees_formulier, meld, toon
from domain.fouten import RegelGeschonden
from domain.inzagelog import Toegangssoort
from domain.rollen import Handeling
from domain.waarden import Herkomst, Tekst
from domain.wissen import Wisverzoek

router = APIRouter(include_in_schema=False, route_class=Paginaroute)
GEEN_CACHE = {"Cache-Control": "no-store"}


class Wisformulier(BaseModel):
    reden: Tekst
    sleutel: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")


def _id(casus_id: str) -> UUID:
    try:
        return UUID(casus_id)
    except ValueError:
        raise Pagina(404) from None


def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.container.settings.tijdzone)


@router.get("/privacy", response_class=HTMLResponse)
async def privacy(
    request: Request,
    gebruiker: AuditGebruiker,
    regio: Annotated[str | None, Query(max_length=60)] = None,
    casus: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """Open a case's file by its number."""
    regios = zichtbare_regios(request, gebruiker, Handeling.INZAGE_GEVEN)
    if not regios:
        raise Pagina(403, "Deze pagina is voor de privacyfunctionaris van een regio.")
    fouten = Formfouten()
    if regio is not None or casus is not None:
        id_, fouten = gekozen_casus(regio, casus, regios)
        if id_ is not None:
            return RedirectResponse(f"/privacy/regios/{regio}/casussen/{id_}/inzage", status_code=303)
    return toon(
        request, "privacy/start.html", {"regios": regios, "regio": regio or "", "casus": casus or ""}, fouten=fouten
    )


@router.get(
    "/privacy/regios/{regio}/casussen/{casus_id}/inzage",
    response_class=HTMLResponse,
    dependencies=[Depends(vastleggen(Toegangssoort.EXPORT))],
)
async def inzage(regio: RegioPad, casus_id: CasusPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """Everything stored about the young person, in plain Dutch, with the downloads and the erasure form."""
    dienst = regio_van(request, gebruiker, regio, Handeling.INZAGE_GEVEN)
    inzicht = await overzicht(dienst, inzagelogs(request), _id(casus_id), gebruiker.naam, _zone(request))
    return toon(
        request, "privacy/inzage.html", {"inzage": inzicht, "regio": regio, "sleutel": secrets.token_urlsafe(16)}
    )


@router.get(
    "/privacy/regios/{regio}/casussen/{casus_id}/inzage.json",
    dependencies=[Depends(vastleggen(Toegangssoort.EXPORT))],
)
async def inzage_json(regio: RegioPad, casus_id: CasusPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """The overview as the API's JSON, as a download."""
    dienst = regio_van(request, gebruiker, regio, Handeling.INZAGE_GEVEN)
    inzicht = await overzicht(dienst, inzagelogs(request), _id(casus_id), gebruiker.naam, _zone(request))
    return Response(
        inzicht.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="inzage-{inzicht.casus_id}.json"', **GEEN_CACHE},
    )


@router.get(
    "/privacy/regios/{regio}/casussen/{casus_id}/inzage.pdf",
    dependencies=[Depends(vastleggen(Toegangssoort.EXPORT))],
)
async def inzage_pdf(regio: RegioPad, casus_id: CasusPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """The overview as the API's PDF, as a download."""
    dienst = regio_van(request, gebruiker, regio, Handeling.INZAGE_GEVEN)
    zone = _zone(request)
    inzicht = await overzicht(dienst, inzagelogs(request), _id(casus_id), gebruiker.naam, zone)
    antwoord = await pdf_antwoord(inzicht, zone)
    antwoord.headers.update(GEEN_CACHE)
    return antwoord


@router.post("/privacy/regios/{regio}/casussen/{casus_id}/wissen", response_class=HTMLResponse)
async def wis(regio: RegioPad, casus_id: CasusPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """Erases the case's personal data on a lawful request; the history, the facts and the hash chain stay."""
    dienst = regio_van(request, gebruiker, regio, Handeling.WISSEN)
    id_ = _id(casus_id)
    formulier, fouten, ingevuld = await lees_formulier(request, Wisformulier)
    if formulier is not None:
        verzoek = Wisverzoek(reden=formulier.reden)
        vingerafdruk = hashlib.sha256(f"{request.url.path}\n{verzoek.model_dump_json()}".encode()).hexdigest()
        herkomst = Herkomst(
            actor=gebruiker.naam,
            rol=gebruiker.rol.value,
            idempotency_key=f"pagina-{formulier.sleutel}",
            verzoek_hash=vingerafdruk,
        )
        try:
            await run_in_threadpool(dienst.wis_persoonsgegevens, id_, verzoek, herkomst)
        except RegelGeschonden as e:
            fouten = Formfouten.uit_regel(e)
        else:
            verder = RedirectResponse(f"/privacy/regios/{regio}/casussen/{id_}/inzage", status_code=303)
            meld(request, verder, "De persoonsgegevens van deze casus zijn gewist.")
            return verder
    inzicht = await overzicht(dienst, inzagelogs(request), id_, gebruiker.naam, _zone(request))
    return toon(
        request,
        "privacy/inzage.html",
        {
            "inzage": inzicht,
            "regio": regio,
            "sleutel": ingevuld.get("sleutel") or secrets.token_urlsafe(16),
            "reden": ingevuld.get("reden", ""),
        },
        fouten=fouten,
    )
