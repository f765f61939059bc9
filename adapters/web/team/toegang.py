"""What every team page shares: its route class (errors as pages), who may open it, and the region's service.

Another region, an unknown region or case, or a malformed id is "niet gevonden" (404 page), never "forbidden";
a role that may not take a step gets the 403 page; a database that is away the 503 page."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from adapters.http.commando import RegioPad
from adapters.http.problemen import DATABASE_WEG, NA_SECONDEN, Probleem
from adapters.leesmodellen import LeesModellen
from adapters.tokens import Gebruiker
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import toon
from domain.inzagelog import Toegangssoort
from domain.rollen import RET_ROLLEN, Handeling, mag, ziet_alle_regios
from services.casussen import CasusService
from services.fouten import CasusNietGevonden, RegioOnbekend

log = logging.getLogger(__name__)

NIET_GEVONDEN = (
    "Niet gevonden",
    "Deze pagina, regio of casus bestaat niet, of u heeft er geen toegang toe.",
)
GEEN_BEVOEGDHEID = "Niet toegestaan"
ONGELDIG_ADRES = ("Ongeldig adres", "Het adres van deze pagina klopt niet.")
NIET_BESCHIKBAAR = (
    "Even niet beschikbaar",
    "Een database is nu niet bereikbaar. Er is niets opgeslagen. Probeer het over enkele seconden opnieuw.",
)


class PaginaFout(Exception):
    """Answered with the error page: its status, title and explanation."""

    def __init__(self, status: int, titel: str, uitleg: str) -> None:
        super().__init__(titel)
        self.status, self.titel, self.uitleg = status, titel, uitleg


def niet_gevonden() -> PaginaFout:
    return PaginaFout(404, *NIET_GEVONDEN)


def foutpagina(request: Request, status: int, titel: str, uitleg: str) -> Response:
    antwoord = toon(
        request,
        "fout.html",
        {"titel": titel, "uitleg": uitleg, "verder_naar": "/team", "verder_tekst": "Naar de werkvoorraad"},
        status=status,
    )
    if status == 503:
        antwoord.headers["Retry-After"] = NA_SECONDEN
    return antwoord


class TeamRoute(APIRoute):
    """A page route whose refusals are pages: 404 for what is not found or not visible (also a malformed path),
    403 for a step the role may not take, 503 while a database is away; never a 500 for those."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        origineel = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await origineel(request)
            except Exception as e:  # only the refusals below become pages; anything else goes on
                pagina = als_pagina(e)
                if pagina is None:
                    raise
                if pagina[0] == 503:
                    log.error("page %s %s: database unavailable: %s: %s", request.method, request.url.path, type(e), e)
                return foutpagina(request, *pagina)

        return handler


def als_pagina(fout: Exception) -> tuple[int, str, str] | None:
    """The error page (status, title, explanation) that answers `fout`, if it is a refusal of a page."""
    status: int | None = None
    if isinstance(fout, PaginaFout):
        return fout.status, fout.titel, fout.uitleg
    if isinstance(fout, CasusNietGevonden | RegioOnbekend):
        status = 404
    elif isinstance(fout, RequestValidationError):
        status = 404 if any(f["loc"][:1] == ("path",) for f in fout.errors()) else 400
    elif isinstance(fout, Probleem) and fout.status in (404, 503):
        status = fout.status
    elif isinstance(fout, DATABASE_WEG):
        status = 503
    return {404: (404, *NIET_GEVONDEN), 400: (400, *ONGELDIG_ADRES), 503: (503, *NIET_BESCHIKBAAR)}.get(status or 0)


def team_gebruiker(gebruiker: Gebruiker) -> None:
    """The team's pages are for the team's roles (auditors and privacy officers have their own pages)."""
    if gebruiker.rol not in RET_ROLLEN:
        raise PaginaFout(
            403, GEEN_BEVOEGDHEID, "Deze pagina's zijn voor het expertteam van een regio; uw rol heeft eigen pagina's."
        )


def dienst_van(request: Request, regio: str, gebruiker: Gebruiker, handeling: Handeling) -> CasusService:
    """The region's service when the user may see the region (else 404) and take `handeling` (else 403)."""
    team_gebruiker(gebruiker)
    casussen: dict[str, CasusService] = request.app.state.container.casussen
    if regio not in casussen or not (ziet_alle_regios(gebruiker.rol) or regio in gebruiker.regios):
        raise niet_gevonden()
    if not mag(gebruiker.rol, handeling):
        raise PaginaFout(403, GEEN_BEVOEGDHEID, "Uw rol mag deze stap niet zetten. Er is niets opgeslagen.")
    return casussen[regio]


def regio_dienst(handeling: Handeling) -> Callable[..., CasusService]:
    """A page dependency: the service of the path's region, for a user who may take `handeling` there."""

    def _dienst(request: Request, regio: RegioPad, gebruiker: PaginaGebruiker) -> CasusService:
        return dienst_van(request, regio, gebruiker, handeling)

    return _dienst


Lezer = Annotated[CasusService, Depends(regio_dienst(Handeling.LEZEN))]


def leesmodellen(request: Request) -> LeesModellen:
    modellen: LeesModellen | None = getattr(request.app.state, "leesmodellen", None)
    if modellen is None:
        raise PaginaFout(503, *NIET_BESCHIKBAAR)
    return modellen


Modellen = Annotated[LeesModellen, Depends(leesmodellen)]


def casus_lezen(request: Request, _gebruiker: PaginaGebruiker) -> None:
    """The page shows a case's data: its answer is recorded in the access log as a read."""
    request.state.toegangssoort = Toegangssoort.LEZEN


async def in_draad(functie: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A service call (synchronous, on the event store) off the event loop."""
    return await run_in_threadpool(functie, *args, **kwargs)


def regio_naam(request: Request, regio: str) -> str:
    profielen = request.app.state.container.profielen
    return str(profielen[regio].naam) if regio in profielen else regio


def paginacontext(request: Request, gebruiker: Gebruiker, regio: str) -> dict[str, Any]:
    """What every team page of a region shows: the region, its name, the menu, the Dutch words."""
    from adapters.web.team import teksten

    return {
        "regio": regio,
        "regio_naam": regio_naam(request, regio),
        "mag_aanmelden": mag(gebruiker.rol, Handeling.AANMELDEN),
        "T": teksten,
    }
