"""Who may open the kernteam's pages, and the pages that answer when something is not there.

Only the kernteam of the network itself: anyone else, and a case the network does not hold, finds "niet
gevonden" (404), as the API answers another network's case. A database or the read models away answer 503."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec
from uuid import UUID

from fastapi import Request
from fastapi.responses import Response

from adapters.http.problemen import DATABASE_WEG, NA_SECONDEN, Probleem
from adapters.tokens import Gebruiker
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import toon
from domain.inzagelog import Toegangssoort
from domain.rollen import Rol
from services.fouten import CasusNietGevonden
from services.netwerk import NetwerkService

log = logging.getLogger(__name__)
P = ParamSpec("P")
WEG: tuple[type[Exception], ...] = (*DATABASE_WEG, TimeoutError)
"""A database or a read model did not answer (in time): the page answers 503."""


class NietGevonden(Exception):
    """The network, or the case, is not there for this user."""


def netwerkdienst(request: Request, netwerk: str, gebruiker: Gebruiker) -> NetwerkService:
    """The network's service for a member of its kernteam; anyone else: `NietGevonden`."""
    diensten: dict[str, NetwerkService] = request.app.state.container.netwerken
    if gebruiker.rol is not Rol.KERNTEAM or netwerk not in gebruiker.netwerken or netwerk not in diensten:
        raise NietGevonden(netwerk)
    return diensten[netwerk]


def leest_casus(request: Request, _gebruiker: PaginaGebruiker) -> None:
    """A page dependency: the page shows a case, so its answer is recorded in the access log as a read (as
    `adapters.web.vastleggen(Toegangssoort.LEZEN)`, which this package cannot import while `adapters.web` loads
    it)."""
    request.state.toegangssoort = Toegangssoort.LEZEN


def casus_id_uit(casus_id: str) -> UUID:
    """The case id in a path; a malformed one is not found, like an unknown one."""
    try:
        return UUID(casus_id)
    except ValueError:
        raise NietGevonden(casus_id) from None


def foutpagina(request: Request, status: int, titel: str, uitleg: str) -> Response:
    return toon(
        request,
        "fout.html",
        {"titel": titel, "uitleg": uitleg, "verder_naar": "/", "verder_tekst": "Naar de startpagina"},
        status=status,
    )


def niet_gevonden(request: Request) -> Response:
    return foutpagina(
        request,
        404,
        "Niet gevonden",
        "Deze pagina of casus bestaat niet, of is niet zichtbaar voor u. Het kernteam van een netwerk ziet alleen "
        "de casussen die naar dat netwerk zijn opgeschaald.",
    )


def niet_beschikbaar(request: Request) -> Response:
    antwoord = foutpagina(
        request,
        503,
        "Tijdelijk niet beschikbaar",
        "Een database van doorbraak is nu niet bereikbaar. Er is niets opgeslagen. Probeer het over een paar "
        "seconden opnieuw.",
    )
    antwoord.headers["Retry-After"] = NA_SECONDEN
    return antwoord


def als_pagina(route: Callable[P, Awaitable[Response]]) -> Callable[P, Awaitable[Response]]:
    """A page route whose refusals are pages: not found (404) and a database away (503), never a 500."""

    @functools.wraps(route)
    async def pagina(*args: P.args, **kwargs: P.kwargs) -> Response:
        request = kwargs["request"]
        if not isinstance(request, Request):
            raise TypeError("a page route takes the request as `request`")
        try:
            return await route(*args, **kwargs)
        except (NietGevonden, CasusNietGevonden):
            return niet_gevonden(request)
        except Probleem as e:
            if e.status != 503:
                raise
            return niet_beschikbaar(request)
        except WEG as e:
            log.error("database unavailable on %s %s: %s: %s", request.method, request.url.path, type(e).__name__, e)
            return niet_beschikbaar(request)

    return pagina
