"""asyncpg pools for projections, relays and queries: session settings that survive a release, and no
reset round trip each time a connection goes back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Literal

import asyncpg

from projections.projector import stel_codecs_in


async def _niets_te_herstellen(_conn: asyncpg.Connection) -> None:
    """Nothing is left on a connection to undo: settings come with it (server_settings), locks are taken
    per transaction or released in a `finally`, listeners are removed by whoever added them. asyncpg itself
    still ends an open transaction and forgets listener callbacks before calling this."""


async def open_pool(
    url: str,
    *,
    max_size: int,
    wacht_op_schijf: bool = True,
    init: Callable[[asyncpg.Connection], Awaitable[None]] | None = None,
    verbind_timeout: float = 5.0,
    statement_timeout: float | None = 30.0,
) -> asyncpg.Pool:
    """A pool of 1 to `max_size` connections; with `wacht_op_schijf=False` its commits do not wait for the
    WAL to reach the disk (a setting given at connect time: asyncpg's default reset, RESET ALL, would
    undo one made with SET). Connecting fails after `verbind_timeout` seconds; a statement is cancelled
    by the server after `statement_timeout` (a session that needs longer sets its own and RESETs it)."""
    settings = {} if wacht_op_schijf else {"synchronous_commit": "off"}
    if statement_timeout:
        settings["statement_timeout"] = str(int(statement_timeout * 1000))
    pool: asyncpg.Pool = await asyncpg.create_pool(
        url,
        min_size=1,
        max_size=max_size,
        init=init,
        server_settings=settings,
        reset=_niets_te_herstellen,
        timeout=verbind_timeout,
    )
    return pool


Soort = Literal["vluchtig", "duurzaam"]
GROOTTE: dict[Soort, int] = {"vluchtig": 10, "duurzaam": 6}
"""Connections per database and kind at most, however many regions and networks the node serves."""
SLUITTIJD = 10.0
"""Seconds a pool may take to close (a connection still out is then cut)."""


class GedeeldePools:
    """The asyncpg pools a node's services share: two per database, whatever the number of stores.
    `vluchtig` commits without waiting for the disk (read models and relays: what a crash loses is redone
    from the durable event store) and listens for every follower on it (`projections.volger.Luisteraar`);
    `duurzaam` waits for the disk (the access log, checkpoints, reminders' claims, sign-in). Both decode
    JSON (`stel_codecs_in`). A service takes a pool with `neem` and gives it back with `geef_terug`; the
    last one to give it back closes it. Pools belong to the event loop that opened them."""

    def __init__(self, grootte: dict[Soort, int] | None = None) -> None:
        self.grootte = {**GROOTTE, **(grootte or {})}
        self._pools: dict[tuple[str, Soort, int], asyncio.Task[asyncpg.Pool]] = {}
        self._aandelen: dict[tuple[str, Soort, int], int] = {}

    async def neem(
        self, url: str, soort: Soort, *, verbind_timeout: float = 5.0, statement_timeout: float | None = 30.0
    ) -> asyncpg.Pool:
        """The pool of `soort` for the database at `url` (opened by the first to ask)."""
        sleutel = (url, soort, id(asyncio.get_running_loop()))
        opening = self._pools.get(sleutel)
        if opening is None:
            opening = self._pools[sleutel] = asyncio.ensure_future(
                open_pool(
                    url,
                    max_size=self.grootte[soort],
                    wacht_op_schijf=soort == "duurzaam",
                    init=stel_codecs_in,
                    verbind_timeout=verbind_timeout,
                    statement_timeout=statement_timeout,
                )
            )
        try:
            pool = await asyncio.shield(opening)
        except BaseException:
            if self._pools.get(sleutel) is opening and opening.done() and not self._aandelen.get(sleutel):
                del self._pools[sleutel]
            raise
        self._aandelen[sleutel] = self._aandelen.get(sleutel, 0) + 1
        return pool

    async def geef_terug(self, pool: asyncpg.Pool) -> None:
        """Gives a pool taken with `neem` back; the last share closes it."""
        for sleutel, opening in list(self._pools.items()):
            if opening.done() and not opening.cancelled() and opening.exception() is None and opening.result() is pool:
                self._aandelen[sleutel] -= 1
                if self._aandelen[sleutel] > 0:
                    return
                del self._pools[sleutel], self._aandelen[sleutel]
                break
        try:
            await asyncio.wait_for(pool.close(), SLUITTIJD)
        except TimeoutError:
            pool.terminate()

    @property
    def aantal(self) -> int:
        """How many pools are open."""
        return len(self._pools)
