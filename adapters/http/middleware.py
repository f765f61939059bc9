"""What every request and answer goes through: a request id, safety headers, a bounded body, one access
line in the log, the HTTP metrics, and a problem answer instead of a dropped connection."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.metriek import Metriek
from adapters.http.problemen import Probleem, probleem_response

log = logging.getLogger("doorbraak.http")

MAX_BODY = 1024 * 1024
"""Bytes a request body may have. Every field is bounded too, but their bounds together allow more (an advice
with 100 steps of 10,000 characters each); a command that large is refused as a whole (413)."""
GROTE_BODIES = {"/importeren/": 11 * 1024 * 1024}
"""Paths that take more: the upload of a team's workbook (at most 10 MiB, `adapters.werkboek.Grenzen`) and its
mapping file, as one form."""
MIN_SNELHEID = 10 * 1024
"""Bytes a second a body must come in at, on average, beyond its first `lees_timeout` seconds: a 10 MiB workbook
may take 17 minutes, a command of a few kilobytes its 30 seconds."""
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
PERSOONSGEGEVENS = ("/regios/", "/netwerken/")
"""Paths whose answers can carry case data: never stored by a cache."""


def request_id(headers: Headers) -> str:
    """The client's X-Request-Id when it is short and plain, else a new one."""
    gegeven = headers.get("x-request-id", "")
    return gegeven if REQUEST_ID.fullmatch(gegeven) else uuid.uuid4().hex


class Verkeer:
    """The outermost layer of the app (inside Starlette's error middleware)."""

    def __init__(self, app: ASGIApp, metriek: Metriek, lees_timeout: float, max_body: int = MAX_BODY) -> None:
        self.app, self.metriek, self.max_body, self.lees_timeout = app, metriek, max_body, lees_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        begin = time.perf_counter()
        headers = Headers(scope=scope)
        kenmerk = request_id(headers)
        scope.setdefault("state", {})["request_id"] = kenmerk
        persoonlijk = scope["path"].startswith(PERSOONSGEGEVENS)
        antwoord: dict[str, Any] = {"status": 500, "begonnen": False}

        async def verstuur(message: Message) -> None:
            if message["type"] == "http.response.start":
                antwoord["status"], antwoord["begonnen"] = message["status"], True
                kop = MutableHeaders(scope=message)
                kop["X-Request-Id"] = kenmerk
                kop["X-Content-Type-Options"] = "nosniff"
                if persoonlijk:
                    kop["Cache-Control"] = "no-store"
            await send(message)

        grens = next((g for pad, g in GROTE_BODIES.items() if scope["path"].startswith(pad)), self.max_body)
        try:
            lengte = _lengte(headers)
            if lengte > grens:
                await self._te_groot(scope, receive, verstuur, grens)
            else:
                await self.app(scope, self._begrensd(receive, grens, lengte), verstuur)
        except Exception:
            log.exception("unexpected error", extra={"request_id": kenmerk, "method": scope["method"]})
            if antwoord["begonnen"]:
                raise
            intern = Probleem(500, "Internal Server Error", "an unexpected error occurred; it was logged", "intern")
            await probleem_response(Request(scope), intern)(scope, receive, verstuur)
        finally:
            self._meld(scope, kenmerk, int(antwoord["status"]), time.perf_counter() - begin)

    def _begrensd(self, receive: Receive, grens: int, lengte: int) -> Receive:
        """`receive`, refusing a body (sent in chunks, without Content-Length) once it grows too large, or one
        too slow (408; the connection closes): a part that takes longer than `lees_timeout`, or the whole body
        later than `lees_timeout` plus its length (Content-Length, else `grens`) at MIN_SNELHEID. Once the body
        is in, a wait (for the client to go away, during a long answer) is not bounded."""
        gelezen = 0
        binnen = False
        uiterlijk: float | None = None

        async def ontvang() -> Message:
            nonlocal gelezen, binnen, uiterlijk
            if binnen:
                return await receive()
            nu = asyncio.get_running_loop().time()
            if uiterlijk is None:
                uiterlijk = nu + self.lees_timeout + (lengte or grens) / MIN_SNELHEID
            try:
                async with asyncio.timeout_at(min(uiterlijk, nu + self.lees_timeout)):
                    message = await receive()
            except TimeoutError:
                detail = f"the body did not arrive in time (each part within {self.lees_timeout:g} s)"
                raise HTTPException(408, detail, headers={"Connection": "close"}) from None
            if message["type"] == "http.request":
                gelezen += len(message.get("body", b""))
                if gelezen > grens:
                    raise HTTPException(413, f"the body may have at most {grens} bytes")
                binnen = not message.get("more_body", False)
            else:
                binnen = True
            return message

        return ontvang

    async def _te_groot(self, scope: Scope, receive: Receive, send: Send, grens: int) -> None:
        probleem = Probleem(413, "Content Too Large", f"the body may have at most {grens} bytes", "te-groot")
        await probleem_response(Request(scope), probleem, {"Connection": "close"})(scope, receive, send)

    def _meld(self, scope: Scope, kenmerk: str, status: int, seconden: float) -> None:
        """The access line and the metrics: the route's template, never the path, the query or the body."""
        route = getattr(scope.get("route"), "path", None) or "onbekend"
        self.metriek.verzoek(route, scope["method"], status, seconden)
        state = scope.get("state", {})
        log.info(
            "request",
            extra={
                "request_id": kenmerk,
                "method": scope["method"],
                "route": route,
                "status": status,
                "duration_ms": round(seconden * 1000, 2),
                "actor": state.get("actor"),
                "role": state.get("rol"),
            },
        )


def _lengte(headers: Headers) -> int:
    waarde = headers.get("content-length", "0")
    return int(waarde) if waarde.isdigit() else 0
