"""What the monitoring, audit, privacy and import pages share: errors answered as pages, the region and network
boundary, and an auditor's purpose (doel), asked once per session and recorded with every read.

`Paginaroute` (the routers' `route_class`) answers what the API answers as problem+json with a Dutch page of the
same status: a refusal of the role 403, another region or an unknown case 404 ("niet gevonden", never
"verboden"), invalid query parameters 422, a database away 503 with Retry-After; never a 500.

An auditor's purpose: the API takes it from `X-Doorbraak-Doel` on every request; a browser sends no header, so
the page `/toezicht/doel` asks for it once per session and keeps it in a cookie bound to that session (signed
with a key derived from DOORBRAAK_JWT_SLEUTEL over the session id and the purpose). `AuditGebruiker` puts it on
the request as `huidige_gebruiker` does, so the access log records it with each page read; without one an
auditor is sent to the form first."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute

from adapters.http.problemen import DATABASE_WEG, NA_SECONDEN, Probleem
from adapters.tokens import Gebruiker
from adapters.web import sessie
from adapters.web.sjablonen import Formfouten, toon
from domain.inzagelog import DoelOntbreekt, Toegangssoort, controleer_doel
from domain.rollen import Handeling, Rol, mag, ziet_alle_regios
from services.fouten import (
    CasusNietGevonden,
    GelijktijdigeWijziging,
    IdempotencyKeyHergebruikt,
    NetwerkOnbekend,
    RegioOnbekend,
)

DOEL_PAD = "/toezicht/doel"
_DOEL_COOKIE = ("__Host-doorbraak_doel", "doorbraak_doel")
MAX_DOEL_COOKIE = 2000

TITELS = {
    400: ("Verzoek onleesbaar", "Wat is verstuurd kan doorbraak niet lezen."),
    403: ("Niet toegestaan", "Uw rol mag dit niet."),
    404: ("Niet gevonden", "Wat u zoekt bestaat niet, of u mag het niet zien."),
    401: ("Niet aangemeld", "Meld u eerst aan."),
    405: ("Kan zo niet", "Deze pagina kan niet op deze manier worden opgevraagd of verstuurd."),
    408: ("Te langzaam verstuurd", "Wat u verstuurde kwam niet op tijd binnen. Er is niets opgeslagen."),
    409: ("Kan nu niet", "Dit kan nu niet."),
    413: ("Te groot", "Wat u verstuurde is te groot. Er is niets opgeslagen."),
    422: ("Ongeldige invoer", "Wat u opgaf is niet geldig."),
    429: ("Te veel verzoeken", "Probeer het over enkele minuten opnieuw."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant; het is vastgelegd. Probeer het opnieuw."),
    503: ("Even niet beschikbaar", "Een database is nu niet bereikbaar. Probeer het over enkele seconden opnieuw."),
}


class DoelGevraagd(Exception):
    """An auditor's page read without a purpose for this session: answered with the purpose form first."""

    def __init__(self, volgende: str) -> None:
        super().__init__(volgende)
        self.volgende = volgende


class Pagina(Exception):
    """An answer other than the page itself, raised anywhere below a page route: an error page of `status`."""

    def __init__(self, status: int, uitleg: str | None = None) -> None:
        super().__init__(uitleg)
        self.status, self.uitleg = status, uitleg


def foutpagina(request: Request, status: int, uitleg: str | None = None) -> Response:
    titel, standaard = TITELS.get(status, TITELS[400])
    antwoord = toon(
        request,
        "fout.html",
        {"titel": titel, "uitleg": uitleg or standaard, "verder_naar": "/", "verder_tekst": "Naar de startpagina"},
        status=status,
    )
    if status == 503:
        antwoord.headers["Retry-After"] = NA_SECONDEN
    return antwoord


VASTE_FOUTEN: dict[type[Exception], tuple[int, str | None]] = {
    RequestValidationError: (422, "Een van de opgegeven waarden in het adres is niet geldig."),
    CasusNietGevonden: (404, None),
    RegioOnbekend: (404, None),
    NetwerkOnbekend: (404, None),
    GelijktijdigeWijziging: (409, "Iemand anders legde intussen iets vast. Open de pagina opnieuw."),
    IdempotencyKeyHergebruikt: (422, "Dit formulier is al eens met andere inhoud verstuurd. Open het opnieuw."),
    **dict.fromkeys(DATABASE_WEG, (503, None)),
}


def als_pagina(request: Request, fout: Exception) -> Response | None:
    """The page that answers `fout`, or None when it is no refusal a page answers."""
    if isinstance(fout, DoelGevraagd):
        return RedirectResponse(f"{DOEL_PAD}?volgende={quote(fout.volgende, safe='/')}", status_code=303)
    if isinstance(fout, Pagina):
        return foutpagina(request, fout.status, fout.uitleg)
    if isinstance(fout, Probleem):
        return foutpagina(request, fout.status if fout.status in TITELS else 400)
    for soort, (status, uitleg) in VASTE_FOUTEN.items():
        if isinstance(fout, soort):
            return foutpagina(request, status, uitleg)
    return None


class Paginaroute(APIRoute):
    """A page route whose refusals are pages (see the module)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def pagina(request: Request) -> Response:
            try:
                return await handler(request)
            except (sessie.NietAangemeld, sessie.CsrfGeweigerd, sessie.FormulierOnleesbaar):
                raise
            except Exception as fout:
                antwoord = als_pagina(request, fout)
                if antwoord is None:
                    raise
                return antwoord

        return pagina


def _sleutel(request: Request) -> bytes:
    geheim = request.app.state.container.settings.jwt_sleutel.get_secret_value().encode()
    return hmac.new(geheim, b"doorbraak doel", hashlib.sha256).digest()


def _cookienaam(request: Request) -> str:
    return _DOEL_COOKIE[0] if sessie.secure(request) else _DOEL_COOKIE[1]


def _handtekening(request: Request, inhoud: str) -> str:
    sessie_id = request.cookies.get(sessie.cookienaam(request, "sessie"), "")
    bericht = f"{hashlib.sha256(sessie_id.encode()).hexdigest()}\n{inhoud}".encode()
    return base64.urlsafe_b64encode(hmac.new(_sleutel(request), bericht, hashlib.sha256).digest()).decode()


def zet_doel(request: Request, antwoord: Response, doel: str) -> None:
    """The purpose for the rest of this session (the cookie ends with the browser; a new session needs a new one)."""
    inhoud = base64.urlsafe_b64encode(doel.encode()).decode()
    antwoord.set_cookie(
        _cookienaam(request),
        f"{inhoud}.{_handtekening(request, inhoud)}",
        httponly=True,
        secure=sessie.secure(request),
        samesite="lax",
        path="/",
    )


def gegeven_doel(request: Request) -> str | None:
    """The purpose given in this session, if its cookie is ours and of this session."""
    waarde = request.cookies.get(_cookienaam(request), "")
    inhoud, _, handtekening = waarde.partition(".")
    if not inhoud or len(waarde) > MAX_DOEL_COOKIE:
        return None
    if not hmac.compare_digest(_handtekening(request, inhoud).encode(), handtekening.encode()):
        return None
    try:
        return controleer_doel(Rol.AUDITOR, base64.urlsafe_b64decode(inhoud).decode())
    except (ValueError, DoelOntbreekt):
        return None


def met_doel(request: Request, gebruiker: sessie.PaginaGebruiker) -> Gebruiker:
    """The signed-in user; an auditor's purpose of this session goes with the request into the access log, and
    without one the auditor is asked for it first."""
    if gebruiker.rol is Rol.AUDITOR:
        doel = gegeven_doel(request)
        if doel is None:
            raise DoelGevraagd(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        request.state.doel = doel
    return gebruiker


AuditGebruiker = Annotated[Gebruiker, Depends(met_doel)]


def vastleggen(soort: Toegangssoort) -> Callable[..., None]:
    """As `adapters.web.vastleggen`: the page's answer is recorded in the access log as `soort`."""

    def _markeer(request: Request, _gebruiker: AuditGebruiker) -> None:
        request.state.toegangssoort = soort

    return _markeer


def regio_van(request: Request, gebruiker: Gebruiker, regio: str, handeling: Handeling) -> Any:
    """The region's case service when the user may see the region and do `handeling` there (as the API's
    `regio_toegang`): another region is not found (404), a role without the right is refused (403)."""
    deps = request.app.state.container
    if regio not in deps.casussen or not (ziet_alle_regios(gebruiker.rol) or regio in gebruiker.regios):
        raise Pagina(404)
    if not mag(gebruiker.rol, handeling):
        raise Pagina(403)
    return deps.casussen[regio]


def zichtbare_regios(request: Request, gebruiker: Gebruiker, handeling: Handeling) -> list[tuple[str, str]]:
    """The regions of this node the user may do `handeling` in: (slug, name), by name."""
    deps = request.app.state.container
    if not mag(gebruiker.rol, handeling):
        return []
    slugs = [s for s in deps.casussen if ziet_alle_regios(gebruiker.rol) or s in gebruiker.regios]
    return sorted(((s, deps.profielen[s].naam) for s in slugs), key=lambda r: r[1])


def gekozen_casus(
    regio: str | None, casus: str | None, regios: list[tuple[str, str]]
) -> tuple[UUID | None, Formfouten]:
    """The case a "open a case by its number" form names, in one of `regios` (slug, name); or what is wrong."""
    fouten = Formfouten()
    casus_id = None
    try:
        casus_id = UUID((casus or "").strip())
    except ValueError:
        fouten.voeg_toe("casus", "Vul het nummer van een casus in (zoals het in doorbraak staat).")
    if regio not in dict(regios):
        fouten.voeg_toe("regio", "Kies een regio.")
    return (None if fouten else casus_id), fouten
