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
        """Threads done with their last command and not yet claimed by a new one (as `ThreadPoolExecutor`
        counts them: at the most threads, it can count more than wait)."""

    async def voer_uit(self, commando: Callable[[], T]) -> T:
        """`commando()` in a worker thread; its answer or its exception here."""
        loop = asyncio.get_running_loop()
        uitkomst: asyncio.Future[T] = loop.create_future()
        self._claim_of_maak_draad()
        self._wachtrij.put((loop, uitkomst, commando))
        return await uitkomst

    def _claim_of_maak_draad(self) -> None:
        """Claims a free thread for the next command, or makes one when none is free and there may be more."""
        with self._slot:
            if self._vrij:
                self._vrij -= 1
                return
            if self._draden >= self.hoogstens:
                return
            self._draden += 1
            nummer = self._draden
        try:
            threading.Thread(target=self._werk, name=f"{self.naam}-{nummer}", daemon=True).start()
        except BaseException:
            with self._slot:
                self._draden -= 1
            raise

    def _werk(self) -> None:
        while True:
            loop, uitkomst, commando = self._wachtrij.get()
            zet: Callable[..., None] = _zet
            try:
                waarde = commando()
            except BaseException as e:  # every failure goes back to the request that waits on it
                zet, waarde = _zet_fout, e
            with self._slot:
                self._vrij += 1
            _meld(loop, zet, uitkomst, waarde)


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
        if isinstance(fout, StopIteration):  # a future refuses it; it would leave the request waiting for ever
            fout = RuntimeError(f"the command raised StopIteration: {fout!r}")
        uitkomst.set_exception(fout)
