"""How far a follower is, for /health and /metrics: read from its tracking row, the events table and its
dead letters; from memory, marked as recovering, while the database does not answer."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from projections.herstel import beschrijf
from projections.volger import Luisteraar, Volger
from projections.volgpositie import Volgpositie, onverwerkbaar_tabel

WACHTTIJD = 2.0
"""Seconds /health waits for the answer of one database about all its followers."""
KOP_HOOGUIT = 10.0
"""Seconds a head seen by a pool's safety net (`Luisteraar`) may be old to stand in for reading the table."""


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
    kop_leeftijd: float | None = None
    """Seconds since `kop` was read from the events table (0: by this answer); positions announced since
    (NOTIFY, appends in this process) are counted in. None while the database does not answer."""

    @property
    def achterstand(self) -> int | None:
        """Events stored but not yet processed (unknown while the database does not answer)."""
        return None if self.kop is None else max(self.kop - self.positie, 0)


def kop_van(volger: Volger, gezien: int, leeftijd: float, positie: int) -> int:
    """The newest position: as read from the table (`leeftijd` 0), or as the safety net saw it `leeftijd`
    seconds ago and raised since by what was announced (NOTIFY, appends here) or processed."""
    return gezien if not leeftijd else max(gezien, volger.aangekondigd, positie)


def _uit_het_geheugen(volger: Volger, naam: str, toestand: str, fout: str, sinds: datetime | None) -> Volgstand:
    """The standing as the follower itself knows it, while the database gives no answer."""
    versie = getattr(volger, "versie", None)
    return Volgstand(naam, versie, volger.positie, None, 0.0, toestand, fout, sinds, volger.onverwerkbaar)


@dataclass
class _Poolvraag:
    """One query for the followers (follower, tracking row) on a pool: per schema its active tracking rows and
    its dead letters counted per row and version, and the newest position of each table in `tabellen`.
    Rows: (soort 'v' | 'o' | 'k', nummer of the schema or table, naam, versie, waarde)."""

    volgers: Sequence[tuple[Volger, str]]
    tabellen: Sequence[str]

    def __post_init__(self) -> None:
        self.namen: dict[str, list[str]] = {}
        for volger, volgnaam in self.volgers:
            self.namen.setdefault(volger.schema, []).append(volgnaam)

    @property
    def sql(self) -> str:
        delen = []
        for nummer, schema in enumerate(self.namen, start=1):
            delen.append(
                f"SELECT 'v' AS soort, {nummer} AS nummer, naam, versie, positie AS waarde "
                f"FROM {Volgpositie(schema).tabel} WHERE actief AND naam = ANY(${nummer}::text[])"
            )
            delen.append(
                f"SELECT 'o', {nummer}, naam, versie, count(*) FROM {onverwerkbaar_tabel(schema)} "
                f"WHERE naam = ANY(${nummer}::text[]) GROUP BY naam, versie"
            )
        for nummer, tabel in enumerate(self.tabellen):
            delen.append(f"SELECT 'k', {nummer}, NULL, NULL, (SELECT max(notification_id) FROM {tabel})")
        return " UNION ALL ".join(delen)

    async def vraag(self, conn: asyncpg.Connection) -> _Antwoord:
        rijen = await conn.fetch(self.sql, *self.namen.values())
        schemas = list(self.namen)
        antwoord = _Antwoord({}, {}, {})
        for r in rijen:
            waarde = int(r["waarde"] or 0)
            if r["soort"] == "k":
                antwoord.koppen[self.tabellen[r["nummer"]]] = waarde
            elif r["soort"] == "v":
                antwoord.actief[(schemas[r["nummer"] - 1], r["naam"])] = (int(r["versie"]), waarde)
            else:
                antwoord.opzij[(schemas[r["nummer"] - 1], r["naam"], int(r["versie"]))] = waarde
        return antwoord


@dataclass
class _Antwoord:
    actief: dict[tuple[str, str], tuple[int, int]]
    """(schema, tracking row) → (active version, position)."""
    opzij: dict[tuple[str, str, int], int]
    """(schema, tracking row, version) → events set aside."""
    koppen: dict[str, int]
    """table → its newest position (0: empty)."""


async def volgstanden(volgers: Sequence[tuple[Volger, str, str]]) -> list[Volgstand]:
    """The standing of each (follower, name, tracking row): its active version and position, the table's head,
    how long it is behind, its state and the events it set aside; asked with one query per
    pool (each schema's tracking rows and dead letters at once): /health costs one round trip for one region
    as for 42. The head of a table comes from the pool's listener when its safety net looked at most
    `KOP_HOOGUIT` seconds ago (raised by every position announced since; `kop_leeftijd` says how old),
    else from the table in the same query."""
    standen: list[Volgstand | None] = [None] * len(volgers)
    per_pool: dict[object, list[int]] = {}
    for nummer, (volger, _, _) in enumerate(volgers):
        per_pool.setdefault(volger.pool, []).append(nummer)

    async def van_pool(nummers: list[int]) -> None:
        pool = volgers[nummers[0]][0].pool
        luisteraar = Luisteraar.bestaand(pool)
        gezien: dict[str, tuple[int, float]] = {}
        te_lezen: dict[str, None] = {}
        for nummer in nummers:
            tabel = volgers[nummer][0].tabel
            waarneming = luisteraar.kop(tabel, KOP_HOOGUIT) if luisteraar is not None else None
            if waarneming is None:
                te_lezen[tabel] = None
            else:
                gezien[tabel] = waarneming
        vraag = _Poolvraag([(volgers[n][0], volgers[n][2]) for n in nummers], list(te_lezen))
        try:
            async with asyncio.timeout(WACHTTIJD), pool.acquire() as conn:
                antwoord = await vraag.vraag(conn)
        except TimeoutError:  # busy rather than away: the followers' own state says whether they work
            for nummer in nummers:
                volger, naam, _ = volgers[nummer]
                fout = volger.fout or f"the database did not answer within {WACHTTIJD:.0f} s"
                standen[nummer] = _uit_het_geheugen(volger, naam, volger.toestand, fout, volger.sinds)
            return
        except Exception as e:  # the database away: every follower on it is recovering
            for nummer in nummers:
                volger, naam, _ = volgers[nummer]
                fout, sinds = volger.fout or beschrijf(e), volger.sinds or datetime.now(UTC)
                standen[nummer] = _uit_het_geheugen(volger, naam, "herstellend", fout, sinds)
            return
        gezien.update({tabel: (kop, 0.0) for tabel, kop in antwoord.koppen.items()})
        for nummer in nummers:
            volger, naam, volgnaam = volgers[nummer]
            actief = antwoord.actief.get((volger.schema, volgnaam))
            versie = None if actief is None else actief[0]
            positie = volger.positie if actief is None else max(actief[1], volger.positie)
            opzij = 0 if versie is None else antwoord.opzij.get((volger.schema, volgnaam, versie), 0)
            kop, leeftijd = gezien.get(volger.tabel, (0, 0.0))
            kop = kop_van(volger, kop, leeftijd, positie)
            achter = 0.0 if positie >= kop else round(time.time() - volger.laatst_bij, 3)
            toestand = volger.toestand_met(opzij)
            standen[nummer] = Volgstand(
                naam, versie, positie, kop, achter, toestand, volger.fout, volger.sinds, opzij, round(leeftijd, 3)
            )

    await asyncio.gather(*(van_pool(nummers) for nummers in per_pool.values()))
    return [stand for stand in standen if stand is not None]
