"""Errors as RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.fouten import RegelGeschonden
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


class Probleem(Exception):
    """An HTTP error to answer as problem+json."""

    def __init__(self, status: int, titel: str, detail: str, soort: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.titel, self.detail, self.soort, self.extra = status, titel, detail, soort, extra


def probleem_response(request: Request, probleem: Probleem, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {
        "type": TYPE_BASIS + probleem.soort,
        "title": probleem.titel,
        "status": probleem.status,
        "detail": probleem.detail,
        "instance": request.url.path,
        **probleem.extra,
    }
    return JSONResponse(body, status_code=probleem.status, media_type=PROBLEM_JSON, headers=headers)


def niet_gevonden(wat: str) -> Probleem:
    return Probleem(404, "Not Found", f"{wat} does not exist or is not visible to you", "niet-gevonden")


def _veld(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(deel) for deel in loc)


def installeer(app: FastAPI) -> None:
    @app.exception_handler(Probleem)
    async def _probleem(request: Request, exc: Probleem) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return probleem_response(request, exc, headers)

    @app.exception_handler(RequestValidationError)
    async def _validatie(request: Request, exc: RequestValidationError) -> JSONResponse:
        fouten = [{"veld": _veld(fout["loc"]), "melding": fout["msg"], "soort": fout["type"]} for fout in exc.errors()]
        eerste = fouten[0] if fouten else {"veld": "body", "melding": "invalid request"}
        detail = f"{eerste['veld']}: {eerste['melding']}"
        return probleem_response(request, Probleem(422, "Invalid request", detail, "ongeldig-verzoek", fouten=fouten))

    @app.exception_handler(RegelGeschonden)
    async def _regel(request: Request, exc: RegelGeschonden) -> JSONResponse:
        return probleem_response(
            request, Probleem(409, "Rule broken", exc.melding, f"regel/{exc.regel.value}", regel=exc.regel.value)
        )

    @app.exception_handler(GelijktijdigeWijziging)
    async def _conflict(request: Request, exc: GelijktijdigeWijziging) -> JSONResponse:
        return probleem_response(
            request,
            Probleem(409, "Conflict", str(exc), "regel/gelijktijdige-wijziging", regel="gelijktijdige-wijziging"),
        )

    @app.exception_handler(IdempotencyKeyHergebruikt)
    async def _key(request: Request, exc: IdempotencyKeyHergebruikt) -> JSONResponse:
        return probleem_response(
            request,
            Probleem(422, "Idempotency-Key reused", str(exc), "idempotency-key-hergebruikt", veld="Idempotency-Key"),
        )

    @app.exception_handler(CasusNietGevonden)
    async def _casus(request: Request, exc: CasusNietGevonden) -> JSONResponse:
        return probleem_response(request, niet_gevonden(f"Casus {exc.casus_id}"))

    @app.exception_handler(NetwerkOnbekend)
    async def _netwerk(request: Request, exc: NetwerkOnbekend) -> JSONResponse:
        return probleem_response(request, niet_gevonden(f"Network {exc.netwerk!r}"))

    @app.exception_handler(RegioOnbekend)
    async def _regio(request: Request, exc: RegioOnbekend) -> JSONResponse:
        return probleem_response(request, niet_gevonden(f"Region {exc.regio!r}"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        soort = "niet-gevonden" if exc.status_code == 404 else f"http-{exc.status_code}"
        return probleem_response(request, Probleem(exc.status_code, str(exc.detail), str(exc.detail), soort))

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        log.error("event store unavailable on %s %s: %s", request.method, request.url.path, exc)
        return probleem_response(
            request,
            Probleem(503, "Service Unavailable", "the event store cannot be reached; retry later", "niet-beschikbaar"),
            {"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def _onverwacht(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return probleem_response(
            request, Probleem(500, "Internal Server Error", "an unexpected error occurred; it was logged", "intern")
        )
