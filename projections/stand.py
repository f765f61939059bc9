"""How far a follower is, for /health and /metrics: read from its tracking row, the events table and its
dead letters; from memory, marked as recovering, while the database does not answer."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.herstel import beschrijf
from projections.volger import Volger
from projections.volgpositie import Volgpositie, onverwerkbaar_tabel

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


async def volgstand(volger: Volger, naam: str, volgnaam: str) -> Volgstand:
    """The standing of `volger`, whose tracking row is `volgnaam`."""
    volg = Volgpositie(volger.schema)
    try:
        async with asyncio.timeout(WACHTTIJD), volger.pool.acquire() as conn:
            stand = await volg.actief(conn, volgnaam)
            kop = int(await conn.fetchval(f"SELECT coalesce(max(notification_id), 0) FROM {volger.tabel}"))
            # a relay stores its position lazily while no message goes out: what it processed is in memory
            versie, positie = (stand[0], max(stand[1], volger.positie)) if stand else (None, volger.positie)
            opzij = await conn.fetchval(
                f"SELECT count(*) FROM {onverwerkbaar_tabel(volger.schema)} WHERE naam = $1 AND versie = $2",
                volgnaam,
                versie,
            )
    except TimeoutError:  # busy rather than away: the follower's own state says whether it works
        return Volgstand(
            naam,
            getattr(volger, "versie", None),
            volger.positie,
            None,
            0.0,
            volger.toestand,
            volger.fout or f"the database did not answer within {WACHTTIJD:.0f} s",
            volger.sinds,
            volger.onverwerkbaar,
        )
    except Exception as e:
        return Volgstand(
            naam,
            getattr(volger, "versie", None),
            volger.positie,
            None,
            0.0,
            "herstellend",
            volger.fout or beschrijf(e),
            volger.sinds or datetime.now(UTC),
            volger.onverwerkbaar,
        )
    achter = 0.0 if positie >= kop else round(time.time() - volger.laatst_bij, 3)
    toestand = "herstellend" if volger.herstellend else "aandacht" if opzij else "ok"
    return Volgstand(
        naam, versie, positie, kop, achter, toestand, volger.fout, volger.sinds, int(opzij)
    )
