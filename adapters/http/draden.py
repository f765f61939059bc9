"""Worker threads for the commands of the HTTP API: a command, which blocks on the store's driver, runs in one of
them while the event loop goes on.

A hop is a put on one queue and one call back into the loop; `loop.run_in_executor` chains a concurrent future to
an asyncio one and costs about twice as much CPU per command on a busy loop."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

_Taak = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[[], Any]]


class Draden:
    """At most `hoogstens` daemon threads, made when a command finds none free. They live as long as the process:
    `doorbraak serve` stops only after uvicorn has answered every request, so no command is cut off."""

    def __init__(self, hoogstens: int, naam: str) -> None:
        self.hoogstens, self.naam = hoogstens, naam
        self._wachtrij: queue.SimpleQueue[_Taak] = queue.SimpleQueue()
        self._slot = threading.Lock()
        self._draden = 0
        self._vrij = 0

    async def voer_uit(self, commando: Callable[[], T]) -> T:
        """`commando()` in a worker thread; its answer or its exception here."""
        loop = asyncio.get_running_loop()
        uitkomst: asyncio.Future[T] = loop.create_future()
        self._wachtrij.put((loop, uitkomst, commando))
        with self._slot:
            nodig = self._vrij == 0 and self._draden < self.hoogstens
            if nodig:
                self._draden += 1
                nummer = self._draden
        if nodig:
            threading.Thread(target=self._werk, name=f"{self.naam}-{nummer}", daemon=True).start()
        return await uitkomst

    def _werk(self) -> None:
        while True:
            with self._slot:
                self._vrij += 1
            loop, uitkomst, commando = self._wachtrij.get()
            with self._slot:
                self._vrij -= 1
            try:
                antwoord = commando()
            except BaseException as e:  # every failure goes back to the request that waits on it
                _meld(loop, _zet_fout, uitkomst, e)
            else:
                _meld(loop, _zet, uitkomst, antwoord)


def _meld(
    loop: asyncio.AbstractEventLoop, zet: Callable[..., None], uitkomst: asyncio.Future[Any], waarde: Any
) -> None:
    try:
        loop.call_soon_threadsafe(zet, uitkomst, waarde)
    except RuntimeError:
        log.warning("a command finished after its event loop closed; its answer was dropped")


def _zet(uitkomst: asyncio.Future[Any], antwoord: Any) -> None:
    if not uitkomst.done():
        uitkomst.set_result(antwoord)


def _zet_fout(uitkomst: asyncio.Future[Any], fout: BaseException) -> None:
    if not uitkomst.done():
        uitkomst.set_exception(fout)
