"""asyncpg pools for projections, relays and queries: session settings that survive a release, and no
reset round trip each time a connection goes back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg


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
