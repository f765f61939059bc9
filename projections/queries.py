"""Questions the read models answer: work queue, monitoring facts, bottlenecks, timelines."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.regioprofiel import Opschalingsniveau
from projections.monitoring import GECORRIGEERD, GEEN_OVERLEG, Feit, met_correcties
from projections.periode import Periode
from projections.tabellen import Tabellen, projecties_tabel


async def actieve_tabellen(conn: asyncpg.Connection, schema: str, regio: str) -> Tabellen:
    versie = await conn.fetchval(f"SELECT versie FROM {projecties_tabel(schema)} WHERE naam = $1 AND actief", regio)
    if versie is None:
        raise LookupError(f"no read models for {regio} yet")
    return Tabellen(schema, int(versie))


@dataclass(frozen=True)
class Werkvoorraadfilter:
    fase: str | None = None
    werkstroom: str | None = None
    te_laat: bool | None = None
    casusregisseur: str | None = None
    pagina: int = 1
    per_pagina: int = 50


WERKVOORRAAD_KOLOMMEN = (
    "casus_id, fase, werkstroom, urgentie, casusregisseur, aangemeld_op, ronde_start, gemeente, leeftijd, "
    "volgende_norm, volgende_deadline, opschalingsniveau, netwerkstatus, heropeningen, terug_op_tafel, versie"
)


def gelijk_aan(filter_: Any, kolommen: tuple[str, ...], voorwaarden: list[str], waarden: list[Any]) -> None:
    """Adds a condition `kolom = $n` and its value for each of `kolommen` that the filter sets."""
    for kolom in kolommen:
        waarde = getattr(filter_, kolom)
        if waarde is not None:
            waarden.append(waarde)
            voorwaarden.append(f"{kolom} = ${len(waarden)}")


async def werkvoorraad(
    conn: asyncpg.Connection, tabellen: Tabellen, filter_: Werkvoorraadfilter, vandaag: date
) -> tuple[int, list[dict[str, Any]]]:
    """Open cases by next due date, with the overdue flag as of `vandaag`; (total, one page)."""
    voorwaarden = ["fase <> 'afgesloten'", "$1::date IS NOT NULL"]
    waarden: list[Any] = [vandaag]
    gelijk_aan(filter_, ("fase", "werkstroom", "casusregisseur"), voorwaarden, waarden)
    if filter_.te_laat is not None:
        voorwaarden.append(f"coalesce(volgende_deadline < $1, false) = {'true' if filter_.te_laat else 'false'}")
    waar = " AND ".join(voorwaarden)
    totaal = await conn.fetchval(f"SELECT count(*) FROM {tabellen.casus} WHERE {waar}", *waarden)
    rijen = await conn.fetch(
        f"SELECT {WERKVOORRAAD_KOLOMMEN}, coalesce(volgende_deadline < $1, false) AS te_laat "
        f"FROM {tabellen.casus} WHERE {waar} "
        f"ORDER BY volgende_deadline NULLS LAST, aangemeld_op, casus_id "
        f"LIMIT {int(filter_.per_pagina)} OFFSET {int((filter_.pagina - 1) * filter_.per_pagina)}",
        *waarden,
    )
    return int(totaal), [dict(r) for r in rijen]


async def monitoringfeiten(
    conn: asyncpg.Connection, tabellen: Tabellen, periode: Periode
) -> tuple[list[Feit], dict[Any, str | None]]:
    """The timeline rows dated in the period, as corrected since (whenever), and the closing reason of each
    escalated case."""
    rijen = await conn.fetch(
        f"SELECT casus_id, versie, type, kenmerken FROM {tabellen.tijdlijn} WHERE op BETWEEN $1 AND $2",
        periode.van,
        periode.tot,
    )
    feiten = [Feit(r["casus_id"], r["type"], r["kenmerken"], r["versie"]) for r in rijen]
    correcties = await conn.fetch(
        f"SELECT casus_id, versie, type, kenmerken FROM {tabellen.tijdlijn} "
        f"WHERE type = '{GECORRIGEERD}' AND casus_id = ANY($1::uuid[]) ORDER BY casus_id, versie",
        list({f.casus_id for f in feiten}),
    )
    feiten = met_correcties(feiten, [Feit(r["casus_id"], r["type"], r["kenmerken"], r["versie"]) for r in correcties])
    feiten = await met_overleguitkomst(conn, tabellen, feiten)
    opgeschaald = list({f.casus_id for f in feiten if f.type == "Opgeschaald"})
    uitkomsten = {
        r["casus_id"]: r["afsluitreden"]
        for r in await conn.fetch(
            f"SELECT casus_id, afsluitreden FROM {tabellen.casus} WHERE casus_id = ANY($1::uuid[])", opgeschaald
        )
    }
    return feiten, uitkomsten


def _bestuurlijk(feit: Feit) -> bool:
    return feit.type == "Opgeschaald" and feit.kenmerken.get("niveau") == Opschalingsniveau.BESTUURLIJK


async def met_overleguitkomst(conn: asyncpg.Connection, tabellen: Tabellen, feiten: list[Feit]) -> list[Feit]:
    """The facts; a bestuurlijke escalation's with the outcome of the last round-table meeting that followed it
    (`overleguitkomst`, `geen-overleg` while there is none)."""
    escalaties = {(f.casus_id, f.versie) for f in feiten if _bestuurlijk(f)}
    if not escalaties:
        return feiten
    verloop = await conn.fetch(
        f"SELECT casus_id, versie, type, kenmerken->>'niveau' AS niveau, kenmerken->>'uitkomst' AS uitkomst "
        f"FROM {tabellen.tijdlijn} WHERE casus_id = ANY($1::uuid[]) "
        "AND type IN ('Opgeschaald', 'BestuurlijkOverlegGehouden', 'Heropend') ORDER BY casus_id, versie",
        list({casus_id for casus_id, _ in escalaties}),
    )
    uitkomsten: dict[tuple[Any, int], str] = {}
    huidig: tuple[Any, int] | None = None
    for stap in verloop:
        if stap["type"] == "Opgeschaald" and stap["niveau"] == Opschalingsniveau.BESTUURLIJK:
            huidig = (stap["casus_id"], stap["versie"])
            uitkomsten[huidig] = GEEN_OVERLEG
        elif stap["type"] == "BestuurlijkOverlegGehouden" and huidig and huidig[0] == stap["casus_id"]:
            uitkomsten[huidig] = stap["uitkomst"]
        elif stap["type"] == "Heropend":
            huidig = None
    return [
        replace(f, kenmerken={**f.kenmerken, "overleguitkomst": uitkomsten.get((f.casus_id, f.versie), GEEN_OVERLEG)})
        if _bestuurlijk(f)
        else f
        for f in feiten
    ]


def _van_het_netwerk(alleen_van_het_netwerk: bool) -> str:
    """A condition keeping only what the network itself recorded (bron `netwerk`), when asked."""
    return " AND bron = 'netwerk'" if alleen_van_het_netwerk else ""


async def knelpunten(
    conn: asyncpg.Connection, tabellen: Tabellen, periode: Periode, alleen_van_het_netwerk: bool = False
) -> list[dict[str, Any]]:
    """The bottlenecks raised in the period; only the network's own, when asked."""
    rijen = await conn.fetch(
        f"SELECT casus_id, bron, categorie, omschrijving, op FROM {tabellen.knelpunt} AS r "
        f"WHERE op BETWEEN $1 AND $2{_van_het_netwerk(alleen_van_het_netwerk)} "
        "ORDER BY categorie, op, casus_id",
        periode.van,
        periode.tot,
    )
    return [dict(r) for r in rijen]


async def signalen_per_categorie(conn: asyncpg.Connection, tabellen: Tabellen, periode: Periode) -> dict[str, Any]:
    """How many bottlenecks and learning points of each category the period holds (figures, no text)."""
    knelpunten = await conn.fetch(
        f"SELECT categorie, count(*) AS n FROM {tabellen.knelpunt} WHERE op BETWEEN $1 AND $2 GROUP BY categorie",
        periode.van,
        periode.tot,
    )
    leerpunten = await conn.fetch(
        f"SELECT coalesce(categorie, 'overig') AS categorie, count(*) AS n FROM {tabellen.leerpunt} "
        "WHERE op BETWEEN $1 AND $2 GROUP BY 1",
        periode.van,
        periode.tot,
    )
    return {
        "knelpunten": {r["categorie"]: int(r["n"]) for r in knelpunten},
        "leren": {r["categorie"]: int(r["n"]) for r in leerpunten},
    }


async def leerpunten(
    conn: asyncpg.Connection, tabellen: Tabellen, periode: Periode, alleen_van_het_netwerk: bool = False
) -> list[dict[str, Any]]:
    """What the learning cycle gathered in the period besides the bottlenecks: lessons, obstacles, remarks; only
    the network's own, when asked."""
    rijen = await conn.fetch(
        f"SELECT casus_id, bron, soort, categorie, omschrijving, op FROM {tabellen.leerpunt} AS r "
        f"WHERE op BETWEEN $1 AND $2{_van_het_netwerk(alleen_van_het_netwerk)} "
        "ORDER BY categorie NULLS LAST, op, casus_id, versie, soort",
        periode.van,
        periode.tot,
    )
    return [dict(r) for r in rijen]


async def tijdlijn(conn: asyncpg.Connection, tabellen: Tabellen, casus_id: UUID) -> list[dict[str, Any]]:
    rijen = await conn.fetch(
        f"SELECT versie, positie, type, tijdstip, op, actor, rol, kenmerken FROM {tabellen.tijdlijn} "
        "WHERE casus_id = $1 ORDER BY versie",
        casus_id,
    )
    return [dict(r) for r in rijen]
