"""How far a follower is, for /health and /metrics: read from its tracking row, the events table and its
dead letters; from memory, marked as recovering, while the database does not answer."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.herstel import beschrijf
from projections.volger import Volger
from projections.volgpositie import Volgpositie

WACHTTIJD = 2.0
"""Seconds /health waits for the database's answer about one follower."""


@dataclass(frozen=True)
class Volgstand:
    """One follower: its position, the newest event, how far behind, and whether it works."""

    naam: str
    versie: int | None
    positie: int
    kop: int | None
    seconden_achter: float
    toestand: str
    """`ok`; `aandacht` when it set events aside; `herstellend` while it retries a failure."""
    fout: str | None
    herstellend_sinds: datetime | None
    onverwerkbaar: int

    @property
    def achterstand(self) -> int | None:
        """Events stored but not yet processed (unknown while the database does not answer)."""
        return None if self.kop is None else max(self.kop - self.positie, 0)


def _uit_het_geheugen(volger: Volger, naam: str, toestand: str, fout: str, sinds: datetime | None) -> Volgstand:
    """The standing as the follower itself knows it, while the database gives no answer."""
    versie = getattr(volger, "versie", None)
    return Volgstand(naam, versie, volger.positie, None, 0.0, toestand, fout, sinds, volger.onverwerkbaar)


async def volgstand(volger: Volger, naam: str, volgnaam: str) -> Volgstand:
    """The standing of `volger`, whose tracking row is `volgnaam`."""
    volg = Volgpositie(volger.schema)
    try:
        async with asyncio.timeout(WACHTTIJD), volger.pool.acquire() as conn:
            stand = await volg.actief(conn, volgnaam)
            kop = await volger.kop(conn)
            # a relay stores its position lazily while no message goes out: what it processed is in memory
            versie, positie = (stand[0], max(stand[1], volger.positie)) if stand else (None, volger.positie)
            opzij = 0 if versie is None else await volg.aantal_opzij(conn, volgnaam, versie)
    except TimeoutError:  # busy rather than away: the follower's own state says whether it works
        fout = volger.fout or f"the database did not answer within {WACHTTIJD:.0f} s"
        return _uit_het_geheugen(volger, naam, volger.toestand, fout, volger.sinds)
    except Exception as e:
        fout = volger.fout or beschrijf(e)
        return _uit_het_geheugen(volger, naam, "herstellend", fout, volger.sinds or datetime.now(UTC))
    achter = 0.0 if positie >= kop else round(time.time() - volger.laatst_bij, 3)
    toestand = volger.toestand_met(opzij)
    return Volgstand(naam, versie, positie, kop, achter, toestand, volger.fout, volger.sinds, opzij)
