"""Registering a case: `/team/{regio}/aanmelden`, the API's POST /regios/{regio}/casussen as a form (the
registration's facts and, apart, the personal data), through the same service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from adapters.http.commando import RegioPad
from adapters.http.schemas import CasusAanmelding
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import Formfouten, meld, toon
from adapters.web.team.formulier import herkomst, lees, nieuwe_sleutel, uitvoeren
from adapters.web.team.toegang import TeamRoute, paginacontext, regio_dienst
from domain.rollen import Handeling
from services.casussen import CasusService

router = APIRouter(include_in_schema=False, route_class=TeamRoute)

Aanmelder = Annotated[CasusService, Depends(regio_dienst(Handeling.AANMELDEN))]
LIJSTEN = ("aanmelding.leefgebieden",)
VINKJES = ("aanmelding.toestemming.anoniem",)
OUDERS = 2
"""Rows for parents the form shows."""


def _pagina(
    request: Request,
    gebruiker: Any,
    regio: str,
    service: CasusService,
    *,
    ingevuld: dict[str, Any],
    sleutel: str,
    fouten: Formfouten | None = None,
) -> HTMLResponse:
    profiel = service.profiel
    return toon(
        request,
        "team/aanmelding.html",
        {
            **paginacontext(request, gebruiker, regio),
            "ingevuld": ingevuld,
            "sleutel": sleutel,
            "werkstromen": {w.value: w for w in profiel.werkstromen},
            "gemeenten": {g: g for g in profiel.gemeenten},
            "ouders": OUDERS,
            "vandaag": service.vandaag(),
        },
        fouten=fouten,
    )


@router.get("/team/{regio}/aanmelden", response_class=HTMLResponse)
async def aanmeldformulier(
    request: Request, regio: RegioPad, gebruiker: PaginaGebruiker, service: Aanmelder
) -> Response:
    """The empty registration form, with a fresh idempotency key."""
    return _pagina(request, gebruiker, regio, service, ingevuld={}, sleutel=nieuwe_sleutel())


@router.post("/team/{regio}/aanmelden", response_class=HTMLResponse)
async def meld_aan(request: Request, regio: RegioPad, gebruiker: PaginaGebruiker, service: Aanmelder) -> Response:
    """Registers the case and goes to its page; else the form again with each message at its field."""
    formulier = await lees(request, CasusAanmelding, lijsten=LIJSTEN, vinkjes=VINKJES)
    fouten, sleutel = formulier.fouten, formulier.sleutel
    if formulier.waarde is not None:
        verzoek: CasusAanmelding = formulier.waarde
        resultaat, fouten, nieuw = await uitvoeren(
            service.meld_aan,
            verzoek.aanmelding,
            verzoek.persoonsgegevens,
            herkomst(gebruiker, sleutel, request, verzoek),
            op=verzoek.op,
        )
        if resultaat is not None:
            antwoord = RedirectResponse(
                f"/team/{regio}/casussen/{resultaat.casus.id}?na={resultaat.positie or 0}", status_code=303
            )
            meld(request, antwoord, "Casus aangemeld." if not resultaat.herhaald else "Deze casus was al aangemeld.")
            return antwoord
        fouten, sleutel = formulier.op_hun_plaats(fouten), nieuwe_sleutel() if nieuw else sleutel
    return _pagina(request, gebruiker, regio, service, ingevuld=formulier.ingevuld, sleutel=sleutel, fouten=fouten)
