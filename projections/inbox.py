"""The network's inbox: its cases by status, with the kernteam's decision and contact-person deadlines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

from domain.netwerkcasus import Netwerkcasus, Status, besluit_uiterlijk, contactpersoon_uiterlijk
from domain.werkdagen import Werkkalender
from projections.decoder import decodeer
from projections.herstel import beschrijf, controleer_opslagbaar, kan_nul_bevatten
from projections.projectie import PositieVerschoven, Projectie, opzij_regel, schuld_bij_de_batch
from projections.projector import standaard_uuid, uit_json
from projections.queries import gelijk_aan
from projections.tabellen import q
from projections.volger import Opgeslagen

INBOX_KOLOMMEN = {
    "netwerkcasus_id": "uuid",
    "regio": "text",
    "casus_id": "uuid",
    "status": "text",
    "urgentie": "text",
    "werkstroom": "text",
    "ontvangen_op": "date",
    "besluit_uiterlijk": "date",
    "besluit_op": "date",
    "oplossing": "text",
    "contactpersoon": "text",
    "contactpersoon_uiterlijk": "date",
    "knelpunten": "int",
    "opschalingen": "int",
    "afgesloten_op": "date",
    "versie": "int",
}
_UIT_JSON = uit_json(INBOX_KOLOMMEN, 6)
_BIJ = ", ".join(f"{k} = EXCLUDED.{k}" for k in list(INBOX_KOLOMMEN)[1:])
NAAM = "inbox"


def _uit_db(rij: asyncpg.Record) -> dict[str, Any]:
    """A stored row, its ids as the standard UUID type (which orjson writes)."""
    waarden = dict(rij)
    for kolom in ("netwerkcasus_id", "casus_id"):
        waarden[kolom] = standaard_uuid(rij[kolom])
    return waarden


def _ontvangen(event: Any, kalender: Werkkalender) -> dict[str, Any]:
    e = event.escalatie
    return {
        "netwerkcasus_id": event.originator_id,
        "regio": e.regio,
        "casus_id": e.casus_id,
        "status": Status.ONTVANGEN,
        "urgentie": e.urgentie,
        "werkstroom": e.werkstroom,
        "ontvangen_op": event.op,
        "besluit_uiterlijk": besluit_uiterlijk(event.op, kalender),
        "besluit_op": None,
        "oplossing": None,
        "contactpersoon": None,
        "contactpersoon_uiterlijk": None,
        "knelpunten": 0,
        "opschalingen": 0,
        "afgesloten_op": None,
    }


def _besluit(rij: dict[str, Any], event: Any, kalender: Werkkalender) -> None:
    besluit = event.besluit
    rij["status"] = Status.IN_BEHANDELING if besluit.opgepakt else Status.TERUGGELEGD
    rij["besluit_op"], rij["oplossing"] = event.op, besluit.oplossing
    rij["contactpersoon_uiterlijk"] = contactpersoon_uiterlijk(event.op) if besluit.opgepakt else None


def _actie(rij: dict[str, Any], event: Any, kalender: Werkkalender) -> None:
    rij["contactpersoon"] = event.actie.contactpersoon or rij["contactpersoon"]


def _knelpunt(rij: dict[str, Any], event: Any, kalender: Werkkalender) -> None:
    rij["knelpunten"] += 1


def _opgeschaald(rij: dict[str, Any], event: Any, kalender: Werkkalender) -> None:
    rij["opschalingen"] += 1


def _afgesloten(rij: dict[str, Any], event: Any, kalender: Werkkalender) -> None:
    rij["status"], rij["afgesloten_op"] = Status.AFGESLOTEN, event.op


_STAPPEN: dict[type, Callable[[dict[str, Any], Any, Werkkalender], None]] = {
    Netwerkcasus.KernteamBesluit: _besluit,
    Netwerkcasus.ActieAfgesproken: _actie,
    Netwerkcasus.KnelpuntGemeld: _knelpunt,
    Netwerkcasus.Opgeschaald: _opgeschaald,
    Netwerkcasus.Afgesloten: _afgesloten,
}


def pas_toe(rij: dict[str, Any] | None, event: Any, kalender: Werkkalender) -> dict[str, Any]:
    """The inbox row after `event` (updated in place)."""
    soort = type(event)
    if soort is Netwerkcasus.Ontvangen:
        rij = _ontvangen(event, kalender)
    elif rij is None:
        raise ValueError(
            f"{soort.__name__} v{event.originator_version} of {event.originator_id} arrived before Ontvangen"
        )
    elif soort in _STAPPEN:
        _STAPPEN[soort](rij, event, kalender)
    else:
        raise ValueError(f"no inbox projection for event type {soort.__name__}")
    rij["versie"] = event.originator_version
    return rij


class Inbox(Projectie):
    """Keeps one network's inbox up to date: batches, each with its tracking row in one statement."""

    uit_geheugen = True
    volgnaam = NAAM

    def __init__(self, pool: asyncpg.Pool, schema: str, netwerk: str, kalender: Werkkalender, batch: int = 500):
        super().__init__(pool, schema, f"inbox of {netwerk}", tabel=f"{q(schema)}.netwerkcasussen_events")
        self.netwerk, self.kalender, self.batch = netwerk, kalender, batch
        self.inbox = f"{q(schema)}.rm_inbox"
        volg = self.volgpositie
        self._schrijfopdracht = (
            f"WITH {volg.cte()}, "
            f"rijen AS (INSERT INTO {self.inbox} {_UIT_JSON} WHERE {volg.ALS_VERDER} "
            f"ON CONFLICT (netwerkcasus_id) DO UPDATE SET {_BIJ}), "
            f"{volg.opzij(7)} SELECT {volg.ALS_VERDER}"
        )

    async def installeer(self) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await self.volgpositie.maak_tabellen(conn)
            kolommen = ", ".join(f"{naam} {soort}" for naam, soort in INBOX_KOLOMMEN.items())
            await conn.execute(f"CREATE TABLE IF NOT EXISTS {self.inbox} ({kolommen}, PRIMARY KEY (netwerkcasus_id))")
            self.versie, self.positie = await self.volgpositie.maak(conn, NAAM)
            self.onverwerkbaar = await self.volgpositie.aantal_opzij(conn, NAAM, self.versie)

    async def verwerk_actief(
        self, conn: asyncpg.Connection, versie: int, vanaf: int, grootte: int | None
    ) -> tuple[int, int]:
        opgeslagen = await self.volgende(conn, vanaf, grootte or self.batch)
        if not opgeslagen:
            return 0, vanaf
        with schuld_bij_de_batch(opgeslagen):
            rijen = await self._bekende_rijen(conn, opgeslagen)
            gewijzigd: dict[int, dict[str, Any]] = {}
            opzij: list[tuple[Any, ...]] = []
            for opslag in opgeslagen:
                try:
                    event = decodeer(opslag["topic"], opslag["state"])
                    sleutel = opslag["originator_id"].int
                    verdacht = kan_nul_bevatten(opslag["state"])
                    huidig = rijen.get(sleutel)
                    rij = pas_toe(dict(huidig) if verdacht and huidig else huidig, event, self.kalender)
                    if verdacht:
                        controleer_opslagbaar(rij)
                except Exception as e:
                    opzij.append(opzij_regel(opslag, beschrijf(e)))
                    continue
                rijen[sleutel] = gewijzigd[sleutel] = rij
            positie = opgeslagen[-1]["notification_id"]
            geschreven = await conn.fetchval(
                self._schrijfopdracht,
                NAAM,
                versie,
                vanaf,
                positie,
                True,
                [tuple(r[k] for k in INBOX_KOLOMMEN) for r in gewijzigd.values()],
                opzij,
            )
        if not geschreven:
            raise PositieVerschoven(NAAM)
        self.opzij_gezet_in(opgeslagen, opzij)
        return len(opgeslagen), positie

    async def _bekende_rijen(self, conn: asyncpg.Connection, opgeslagen: Sequence[Opgeslagen]) -> dict[int, Any]:
        """The stored rows of the cases whose first event in this batch is not their first."""
        eerste: dict[int, Any] = {}
        for opslag in opgeslagen:
            eerste.setdefault(opslag["originator_id"].int, opslag)
        bekend = [r["originator_id"] for r in eerste.values() if r["originator_version"] > 1]
        if not bekend:
            return {}
        gelezen = await conn.fetch(f"SELECT * FROM {self.inbox} WHERE netwerkcasus_id = ANY($1::uuid[])", bekend)
        return {r["netwerkcasus_id"].int: _uit_db(r) for r in gelezen}


@dataclass(frozen=True)
class Inboxfilter:
    status: str | None = None
    te_laat: bool | None = None
    regio: str | None = None
    pagina: int = 1
    per_pagina: int = 50


_TE_LAAT = (
    "((status = 'ontvangen' AND besluit_uiterlijk < $1) "
    "OR (status = 'in-behandeling' AND contactpersoon IS NULL AND contactpersoon_uiterlijk < $1))"
)
_VOLGENDE = (
    "CASE WHEN status = 'ontvangen' THEN besluit_uiterlijk "
    "WHEN status = 'in-behandeling' AND contactpersoon IS NULL THEN contactpersoon_uiterlijk END"
)


async def inbox(
    conn: asyncpg.Connection, schema: str, filter_: Inboxfilter, vandaag: date
) -> tuple[int, list[dict[str, Any]]]:
    """The network's cases, the next deadline first, with what is overdue as of `vandaag`; (total, one page)."""
    voorwaarden, waarden = ["$1::date IS NOT NULL"], [vandaag]
    gelijk_aan(filter_, ("status", "regio"), voorwaarden, waarden)
    if filter_.te_laat is not None:
        voorwaarden.append(f"{'' if filter_.te_laat else 'NOT '}{_TE_LAAT}")
    waar = " AND ".join(voorwaarden)
    totaal = await conn.fetchval(f"SELECT count(*) FROM {q(schema)}.rm_inbox WHERE {waar}", *waarden)
    rijen = await conn.fetch(
        f"SELECT *, {_VOLGENDE} AS volgende_deadline, {_TE_LAAT} AS te_laat FROM {q(schema)}.rm_inbox "
        f"WHERE {waar} ORDER BY volgende_deadline NULLS LAST, ontvangen_op, netwerkcasus_id "
        f"LIMIT {int(filter_.per_pagina)} OFFSET {int((filter_.pagina - 1) * filter_.per_pagina)}",
        *waarden,
    )
    return int(totaal), [dict(r) for r in rijen]
