"""How far a follower is, for /health and /metrics: read from its tracking row, the events table and its
dead letters; from memory, marked as recovering, while the database does not answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
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


async def volgstanden(volgers: Sequence[tuple[Volger, str, str]]) -> list[Volgstand]:
    """The standing of each (follower, name, tracking row), as `volgstand` gives it, asked with one query per
    pool instead of one connection and three statements per follower: /health costs the same round trip for
    one region as for 42."""
    standen: list[Volgstand | None] = [None] * len(volgers)
    per_pool: dict[object, list[int]] = {}
    for nummer, (volger, _, _) in enumerate(volgers):
        per_pool.setdefault(volger.pool, []).append(nummer)

    async def van_pool(nummers: list[int]) -> None:
        delen, namen = [], []
        for rij, nummer in enumerate(nummers):
            volger, _, volgnaam = volgers[nummer]
            namen.append(volgnaam)
            p = len(namen)
            delen.append(
                f"SELECT {rij} AS rij, v.versie, v.positie, (SELECT max(notification_id) FROM {volger.tabel}) AS kop, "
                f"(SELECT count(*) FROM {onverwerkbaar_tabel(volger.schema)} o WHERE o.naam = ${p} "
                f"AND o.versie = v.versie) AS opzij "
                f"FROM (SELECT 1) AS een "
                f"LEFT JOIN {Volgpositie(volger.schema).tabel} AS v ON v.naam = ${p} AND v.actief"
            )
        pool = volgers[nummers[0]][0].pool
        try:
            async with asyncio.timeout(WACHTTIJD), pool.acquire() as conn:
                rijen = await conn.fetch(" UNION ALL ".join(delen), *namen)
        except TimeoutError:  # as `volgstand` answers for each follower
            for nummer in nummers:
                volger, naam, _ = volgers[nummer]
                fout = volger.fout or f"the database did not answer within {WACHTTIJD:.0f} s"
                standen[nummer] = _uit_het_geheugen(volger, naam, volger.toestand, fout, volger.sinds)
            return
        except Exception as e:
            for nummer in nummers:
                volger, naam, _ = volgers[nummer]
                fout, sinds = volger.fout or beschrijf(e), volger.sinds or datetime.now(UTC)
                standen[nummer] = _uit_het_geheugen(volger, naam, "herstellend", fout, sinds)
            return
        for rij in rijen:
            nummer = nummers[rij["rij"]]
            volger, naam, _ = volgers[nummer]
            kop = int(rij["kop"] or 0)
            versie = None if rij["versie"] is None else int(rij["versie"])
            positie = volger.positie if versie is None else max(int(rij["positie"]), volger.positie)
            opzij = 0 if versie is None else int(rij["opzij"])
            achter = 0.0 if positie >= kop else round(time.time() - volger.laatst_bij, 3)
            toestand = volger.toestand_met(opzij)
            standen[nummer] = Volgstand(naam, versie, positie, kop, achter, toestand, volger.fout, volger.sinds, opzij)

    await asyncio.gather(*(van_pool(nummers) for nummers in per_pool.values()))
    return [stand for stand in standen if stand is not None]
