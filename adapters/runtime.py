"""Process-wide settings for long-running doorbraak processes."""

from __future__ import annotations

import gc
from collections.abc import Iterable

from adapters.settings import Settings
from projections.herstel import Herstelstatus, Terugval
from projections.volger import Volger


def stem_gc_af() -> None:
    """Fewer garbage-collector passes: projections keep a batch of objects alive, and every
    young-generation pass over them costs time. Objects from start-up are frozen out of the scans."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def stel_herstel_in(settings: Settings, volgers: Iterable[Herstelstatus]) -> None:
    """How the followers and consumers retry: the longest wait between tries, and for a follower how long
    one step may take (a connection, a statement, and room for the rest: a connection the network left
    half-open would otherwise hang until the kernel gives up, minutes later)."""
    for volger in volgers:
        volger.terugval = Terugval(hoogstens=settings.herstel_max_wacht)
        if isinstance(volger, Volger):
            volger.stap_tijd = settings.verbind_timeout + settings.statement_timeout + 5.0
