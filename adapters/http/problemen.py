"""Errors as RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.http import schemas
from domain.fouten import RegelGeschonden
from projections.herstel import VERBINDINGSFOUTEN
from services.fouten import (
    CasusNietGevonden,
    GelijktijdigeWijziging,
    IdempotencyKeyHergebruikt,
    NetwerkOnbekend,
    RegioOnbekend,
)

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASIS = "https://doorbraak.example/problemen/"
NA_SECONDEN = "5"
"""Retry-After of a 503 while a database cannot be reached."""

DATABASE_WEG: tuple[type[Exception], ...] = (
    *VERBINDINGSFOUTEN,  # what the followers retry: the event store's, the read models', OSError and timeouts
    psycopg.OperationalError,  # psycopg_pool.PoolTimeout and PoolClosed among them, where nothing wraps them
    psycopg.InterfaceError,
)
"""Errors that say a database is away, not that the request was wrong: they answer 503 with Retry-After."""

BESCHRIJVINGEN = {
    400: "The body could not be read (not UTF-8).",
    401: "No bearer token, or one that is not valid (signature, issuer, claims, lifetime).",
    403: "The role may not do this.",
    404: "The region, network or case does not exist or is not visible to you.",
    408: "The body did not arrive in time (DOORBRAAK_LEES_TIMEOUT for each part); the connection closes.",
    409: "The command would break a rule of the case (`regel`), or another command changed the case first.",
    413: "The body is larger than 1 MiB.",
    422: "Invalid input: each field and what is wrong with it (`fouten`).",
    503: "A database or the read models cannot be reached now; retry after `Retry-After` seconds.",
}


def antwoorden(*statussen: int) -> dict[int | str, dict[str, Any]]:
    """The problem answers a route declares in the OpenAPI (its problem+json content: `openapi_met_problemen`)."""
    return {status: {"model": schemas.Probleem, "description": BESCHRIJVINGEN[status]} for status in statussen}


LEZEN = antwoorden(401, 403, 404, 422, 503)
SCHRIJVEN = antwoorden(400, 401, 403, 404, 408, 409, 413, 422, 503)


MAX_FOUTEN = 100
"""The field errors a refusal lists; how many more there were is `fouten_weggelaten`."""


class Probleem(Exception):
    """An HTTP error to answer as problem+json."""

    def __init__(self, status: int, titel: str, detail: str, soort: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.titel, self.detail, self.soort, self.extra = status, titel, detail, soort, extra


Foutpagina = Callable[[Request, int], Response]
"""Renders a refusal of a status as a page; the pages register theirs on the app's state."""


def probleem_response(request: Request, probleem: Probleem, headers: Mapping[str, str] | None = None) -> Response:
    """The refusal as problem+json; for a browser (it asks for HTML) a page when the pages registered one."""
    pagina = _als_pagina(request, probleem, headers)
    if pagina is not None:
        return pagina
    body = {
        "type": TYPE_BASIS + probleem.soort,
        "title": probleem.titel,
        "status": probleem.status,
        "detail": probleem.detail,
        "instance": request.url.path,
        **probleem.extra,
    }
    return JSONResponse(body, status_code=probleem.status, media_type=PROBLEM_JSON, headers=headers)


def _als_pagina(request: Request, probleem: Probleem, headers: Mapping[str, str] | None) -> Response | None:
    if "text/html" not in request.headers.get("accept", "") or "app" not in request.scope:
        return None
    foutpagina: Foutpagina | None = getattr(request.app.state, "foutpagina", None)
    if foutpagina is None:
        return None
    try:
        antwoord = foutpagina(request, probleem.status)
    except Exception:  # the page must not hide the refusal: problem+json then
        log.exception("the error page for %s could not be made", probleem.status)
        return None
    antwoord.headers.update(headers or {})
    return antwoord


def niet_gevonden(wat: str) -> Probleem:
    return Probleem(404, "Not Found", f"{wat} does not exist or is not visible to you", "niet-gevonden")


def _veld(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(deel) for deel in loc)


def installeer(app: FastAPI) -> None:
    @app.exception_handler(Probleem)
    async def _probleem(request: Request, exc: Probleem) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return probleem_response(request, exc, headers)

    @app.exception_handler(RequestValidationError)
    async def _validatie(request: Request, exc: RequestValidationError) -> Response:
        alle = exc.errors()
        fouten = [
            {"veld": _veld(fout["loc"]), "melding": fout["msg"], "soort": fout["type"]} for fout in alle[:MAX_FOUTEN]
        ]
        eerste = fouten[0] if fouten else {"veld": "body", "melding": "invalid request"}
        detail = f"{eerste['veld']}: {eerste['melding']}"
        meer = {"fouten_weggelaten": len(alle) - MAX_FOUTEN} if len(alle) > MAX_FOUTEN else {}
        return probleem_response(
            request, Probleem(422, "Invalid request", detail, "ongeldig-verzoek", fouten=fouten, **meer)
        )

    @app.exception_handler(RegelGeschonden)
    async def _regel(request: Request, exc: RegelGeschonden) -> Response:
        veld = getattr(exc, "veld", None)
        extra = {"regel": exc.regel.value} | ({"veld": veld} if veld else {})
        return probleem_response(
            request, Probleem(409, "Rule broken", exc.melding, f"regel/{exc.regel.value}", **extra)
        )

    @app.exception_handler(GelijktijdigeWijziging)
    async def _conflict(request: Request, exc: GelijktijdigeWijziging) -> Response:
        return probleem_response(
            request,
            Probleem(409, "Conflict", str(exc), "regel/gelijktijdige-wijziging", regel="gelijktijdige-wijziging"),
        )

    @app.exception_handler(IdempotencyKeyHergebruikt)
    async def _key(request: Request, exc: IdempotencyKeyHergebruikt) -> Response:
        return probleem_response(
            request,
            Probleem(422, "Idempotency-Key reused", str(exc), "idempotency-key-hergebruikt", veld="Idempotency-Key"),
        )

    @app.exception_handler(CasusNietGevonden)
    async def _casus(request: Request, exc: CasusNietGevonden) -> Response:
        return probleem_response(request, niet_gevonden(f"Casus {exc.casus_id}"))

    @app.exception_handler(NetwerkOnbekend)
    async def _netwerk(request: Request, exc: NetwerkOnbekend) -> Response:
        return probleem_response(request, niet_gevonden(f"Network {exc.netwerk!r}"))

    @app.exception_handler(RegioOnbekend)
    async def _regio(request: Request, exc: RegioOnbekend) -> Response:
        return probleem_response(request, niet_gevonden(f"Region {exc.regio!r}"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        soort = "niet-gevonden" if exc.status_code == 404 else f"http-{exc.status_code}"
        return probleem_response(
            request, Probleem(exc.status_code, str(exc.detail), str(exc.detail), soort), exc.headers
        )

    async def _database(request: Request, exc: Exception) -> Response:
        log.error("database unavailable on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
        return probleem_response(
            request,
            Probleem(503, "Service Unavailable", "a database cannot be reached; retry later", "niet-beschikbaar"),
            {"Retry-After": NA_SECONDEN},
        )

    # Each class its own handler: Starlette's handler for Exception runs outside the app, answers and then
    # raises again (the connection drops); these never get there.
    for soort in DATABASE_WEG:
        app.add_exception_handler(soort, _database)


def openapi_met_problemen(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI with every error answer declared as application/problem+json (FastAPI writes
    application/json for a response model)."""
    if app.openapi_schema is None:
        schema = FastAPI.openapi(app)
        verwijzing = "#/components/schemas/Probleem"
        for pad in schema.get("paths", {}).values():
            for operatie in pad.values():
                for antwoord in operatie.get("responses", {}).values():
                    inhoud = antwoord.get("content", {})
                    if inhoud.get("application/json", {}).get("schema", {}).get("$ref") == verwijzing:
                        inhoud[PROBLEM_JSON] = inhoud.pop("application/json")
        app.openapi_schema = schema
    return app.openapi_schema
