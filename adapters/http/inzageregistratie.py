"""Recording requests in the access log before their answer goes out.

Which requests: every one of an auditor (`huidige_gebruiker` lets them in only with a purpose), and of another
role those the route marks with `vastleggen(soort)` (a read of a case's data or history, an export, the log
itself) once they are answered. The answer waits for the row's commit; when the log cannot be written, the
request answers 503 instead: nothing is served unrecorded."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl
from uuid import UUID

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.problemen import NA_SECONDEN, Probleem, probleem_response
from adapters.http.toegang import HuidigeGebruiker
from adapters.inzagelog import Inzagelogs
from adapters.tokens import Gebruiker
from domain.inzagelog import Toegang, Toegangssoort, bewaarde_parameters, moet_vastgelegd

log = logging.getLogger(__name__)


def vastleggen(soort: Toegangssoort) -> Callable[..., Awaitable[None]]:
    """A route dependency: a request of any role to this route is recorded as `soort` once it is answered."""

    async def _markeer(request: Request, _gebruiker: HuidigeGebruiker) -> None:
        request.state.toegangssoort = soort

    return _markeer


def toegang_van(scope: Scope, status: int) -> Toegang | None:
    """The row a request leaves in the access log, or None when it leaves none."""
    state = scope.get("state", {})
    gebruiker: Gebruiker | None = state.get("gebruiker")
    soort: Toegangssoort | None = state.get("toegangssoort")
    if gebruiker is None or not moet_vastgelegd(gebruiker.rol, soort, status):
        return None
    pad = scope.get("path_params", {})
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return Toegang(
        wie=gebruiker.naam,
        rol=gebruiker.rol.value,
        soort=soort or Toegangssoort.VERZOEK,
        methode=scope["method"],
        route=getattr(scope.get("route"), "path", None) or "onbekend",
        status=status,
        request_id=state.get("request_id", ""),
        casus_id=_uuid(pad.get("casus_id")) or _uuid(dict(query).get("casus")),
        doel=state.get("doel"),
        parameters=bewaarde_parameters(query),
    )


def _uuid(waarde: object) -> UUID | None:
    try:
        return UUID(str(waarde)) if waarde is not None else None
    except ValueError:
        return None


class Inzageregistratie:
    """The middleware (inside `Verkeer`, so its request id is known and a refusal is counted)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        geweigerd = False

        async def verstuur(message: Message) -> None:
            nonlocal geweigerd
            if message["type"] == "http.response.start":
                toegang = toegang_van(scope, message["status"])
                if toegang is not None and not await self._leg_vast(scope, toegang):
                    geweigerd = True
                    await self._weiger(scope, receive, send)
                    return
            if not geweigerd:
                await send(message)

        await self.app(scope, receive, verstuur)

    async def _leg_vast(self, scope: Scope, toegang: Toegang) -> bool:
        logs: Inzagelogs | None = getattr(scope["app"].state, "inzagelogs", None)
        pad = scope.get("path_params", {})
        logboek = logs.voor(pad.get("regio"), pad.get("netwerk")) if logs is not None else None
        if logboek is None:
            log.error("no access log for %s %s", scope["method"], toegang.route)
            return False
        try:
            await logboek.leg_vast(toegang)
        except Exception as fout:
            log.error("request refused, the access log could not record it: %s: %s", type(fout).__name__, fout)
            return False
        return True

    async def _weiger(self, scope: Scope, receive: Receive, send: Send) -> None:
        probleem = Probleem(
            503, "Service Unavailable", "the access log cannot record this request; retry later", "niet-beschikbaar"
        )
        await probleem_response(Request(scope), probleem, {"Retry-After": NA_SECONDEN})(scope, receive, send)
