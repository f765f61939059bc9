"""Who is asking: the bearer token, the role's rights, and the region boundary."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, NamedTuple

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from adapters.bootstrap import Container
from adapters.http.commando import RegioPad
from adapters.http.doel import DoelKop, doel_van
from adapters.http.problemen import Probleem, niet_gevonden
from adapters.tokens import Gebruiker, GelezenTokens, OngeldigToken
from domain.rollen import Handeling, mag, ziet_alle_regios
from services.casussen import CasusService

_tokens = GelezenTokens()
_bearer = HTTPBearer(auto_error=False, description="A signed JWT; `doorbraak token` issues one.")


def container_van(request: Request) -> Container:
    """The app's container (made at start-up)."""
    c: Container = request.app.state.container
    return c


async def container(request: Request) -> Container:
    return container_van(request)


Deps = Annotated[Container, Depends(container)]


def gebruiker_uit_token(
    request: Request, deps: Deps, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Gebruiker:
    """The token's user; who acts and in which role is kept on the request for the access log."""
    if credentials is None:
        raise Probleem(401, "Unauthorized", "send a bearer token (Authorization: Bearer ...)", "niet-aangemeld")
    settings = deps.settings
    try:
        gebruiker = _tokens.lees(
            credentials.credentials,
            settings.jwt_sleutel.get_secret_value(),
            settings.jwt_issuer,
            timedelta(hours=settings.token_max_uren),
        )
    except OngeldigToken as e:
        raise Probleem(401, "Unauthorized", f"the bearer token is not valid: {e}", "niet-aangemeld") from None
    request.state.actor, request.state.rol = gebruiker.naam, gebruiker.rol.value
    return gebruiker


async def huidige_gebruiker(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    doel: DoelKop = None,
) -> Gebruiker:
    """The token's user, and why they ask: an auditor names a purpose with every request (422 without one).
    From here on the request is one the access log may record (`adapters.http.inzageregistratie`)."""
    gebruiker = gebruiker_uit_token(request, container_van(request), credentials)
    request.state.doel = doel_van(gebruiker, doel)
    request.state.gebruiker = gebruiker
    return gebruiker


HuidigeGebruiker = Annotated[Gebruiker, Depends(huidige_gebruiker)]


class Bevoegd(NamedTuple):
    """Who gives a command, and the service of the region they may give it in."""

    gebruiker: Gebruiker
    service: CasusService


def _regioservice(regio: str, request: Request, gebruiker: Gebruiker, handeling: Handeling) -> CasusService:
    """The region's service, if the user may see it and act (another region's answers 404, never 403: its
    existence does not leak)."""
    casussen = container_van(request).casussen
    if regio not in casussen or not (ziet_alle_regios(gebruiker.rol) or regio in gebruiker.regios):
        raise niet_gevonden(f"Region {regio!r}")
    if not mag(gebruiker.rol, handeling):
        raise Probleem(403, "Forbidden", f"role {gebruiker.rol.value} may not {handeling.value}", "geen-bevoegdheid")
    return casussen[regio]


def regio_toegang(handeling: Handeling) -> Callable[..., Awaitable[CasusService]]:
    """A dependency giving the region's service, if the user may see it and act."""

    async def _regio(regio: RegioPad, request: Request, gebruiker: HuidigeGebruiker) -> CasusService:
        return _regioservice(regio, request, gebruiker, handeling)

    return _regio


def regio_bevoegd(handeling: Handeling) -> Callable[..., Awaitable[Bevoegd]]:
    """A dependency giving the user and the region's service, for a command: one dependency where the user and
    the region's access would be two, each resolved by FastAPI on every request."""

    async def _bevoegd(regio: RegioPad, request: Request, gebruiker: HuidigeGebruiker) -> Bevoegd:
        return Bevoegd(gebruiker, _regioservice(regio, request, gebruiker, handeling))

    return _bevoegd
