"""A connection that sends its request's head too slowly is closed: uvicorn bounds the wait between requests
(keep-alive), not the head of one, so a client sending a byte now and then would hold its connection for ever.
The body is bounded in `adapters.http.middleware.Verkeer`."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

TE_TRAAG = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


def http_protocol(seconden: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol, giving each request `seconden` for its head (request line and headers): from the
    moment the connection opens, and after an answer from the first byte that follows it (the wait for that byte
    is uvicorn's keep-alive); then 408 and the connection closes."""

    class BegrensdeKop(H11Protocol):
        _kop_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._wacht_op_kop()

        def data_received(self, data: bytes) -> None:
            if self._kop_timer is None and (self.cycle is None or self.cycle.response_complete):
                self._wacht_op_kop()
            super().data_received(data)

        def handle_events(self) -> None:
            vorige = self.cycle
            super().handle_events()
            if self.cycle is not vorige:
                self._kop_binnen()

        def handle_websocket_upgrade(self, event: Any) -> None:
            self._kop_binnen()
            super().handle_websocket_upgrade(event)

        def connection_lost(self, exc: Exception | None) -> None:
            self._kop_binnen()
            super().connection_lost(exc)

        def _wacht_op_kop(self) -> None:
            self._kop_binnen()
            self._kop_timer = self.loop.call_later(seconden, self._te_traag)

        def _kop_binnen(self) -> None:
            if self._kop_timer is not None:
                self._kop_timer.cancel()
                self._kop_timer = None

        def _te_traag(self) -> None:
            self._kop_timer = None
            if not self.transport.is_closing():
                self.transport.write(TE_TRAAG)
                self.transport.close()

    return BegrensdeKop
