"""Keeps one region's read models up to date: batches, one transaction each, exactly once."""

from __future__ import annotations

import json
import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from domain.regioprofiel import Normtermijnen
from domain.werkdagen import Werkkalender
from projections.decoder import decodeer
from projections.feiten import CasusFeiten, Termijnen, met_normen, pas_toe
from projections.tabellen import Tabellen, projecties_ddl, projecties_tabel
from projections.volger import Opgeslagen, Volger, lees_events

log = logging.getLogger(__name__)

CASUS_KOLOMMEN = {
    "casus_id": "uuid",
    "regio": "text",
    "versie": "int",
    "fase": "text",
    "werkstroom": "text",
    "urgentie": "text",
    "leeftijd": "int",
    "gemeente": "text",
    "aanmelder_rol": "text",
    "leefgebieden": "text[]",
    "aangemeld_op": "date",
    "ronde_start": "date",
    "plaatsingsdatum": "date",
    "getrieerd_op": "date",
    "triage_uitkomst": "text",
    "eerste_overleg": "date",
    "laatste_overleg": "date",
    "advies_op": "date",
    "advies_verzonden_op": "date",
    "casusregisseur": "text",
    "eerste_evaluatie": "date",
    "afgesloten_op": "date",
    "afsluitreden": "text",
    "heropeningen": "int",
    "terug_op_tafel": "int",
    "opschalingsniveau": "text",
    "netwerkstatus": "text",
    "volgende_norm": "text",
    "volgende_deadline": "date",
    "deadlines": "jsonb",
}
TIJDLIJN_KOLOMMEN = {
    "casus_id": "uuid",
    "versie": "int",
    "positie": "bigint",
    "type": "text",
    "tijdstip": "timestamptz",
    "op": "date",
    "actor": "text",
    "rol": "text",
    "kenmerken": "jsonb",
}
KNELPUNT_KOLOMMEN = {
    "casus_id": "uuid",
    "versie": "int",
    "bron": "text",
    "categorie": "text",
    "omschrijving": "text",
    "op": "date",
}


def uit_json(kolommen: dict[str, str], parameter: int = 1) -> str:
    """A SELECT that unpacks a parameter ($1 by default), a JSON array of rows (each an array in the order
    of `kolommen`).

    Rows travel as one JSON document serialised in C (orjson) and are unpacked by the database:
    far less work in this process than encoding them value by value for COPY.
    """
    velden = []
    for index, (naam, soort) in enumerate(kolommen.items()):
        if soort == "jsonb":
            velden.append(f"r->{index} AS {naam}")
        elif soort.endswith("[]"):
            velden.append(f"ARRAY(SELECT jsonb_array_elements_text(r->{index}))::{soort} AS {naam}")
        else:
            velden.append(f"(r->>{index})::{soort} AS {naam}")
    return f"SELECT {', '.join(velden)} FROM jsonb_array_elements(${parameter}::jsonb) AS r"


def _jsonb_naar_binair(waarde: Any) -> bytes:
    return b"\x01" + orjson.dumps(waarde)


def _jsonb_uit_binair(data: bytes) -> Any:
    return orjson.loads(data[1:])


async def stel_codecs_in(conn: asyncpg.Connection) -> None:
    """JSON in and out as Python values; jsonb in binary form, serialised by orjson."""
    await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    await conn.set_type_codec(
        "jsonb", encoder=_jsonb_naar_binair, decoder=_jsonb_uit_binair, schema="pg_catalog", format="binary"
    )


_rij = operator.attrgetter(*CASUS_KOLOMMEN)
"""A case's row, in the order of CASUS_KOLOMMEN (the deadlines' dates go into jsonb as ISO dates)."""
_CASUS_BIJ = ", ".join(f"{k} = EXCLUDED.{k}" for k in list(CASUS_KOLOMMEN)[1:])


@lru_cache(maxsize=64)
def _schrijfopdracht(tabellen: Tabellen, projecties: str) -> str:
    """Cases ($1), timeline ($2) and bottlenecks ($3) as JSON arrays, and the position ($4, NULL: leave it)
    of projection $5 version $6: one statement of data-modifying CTEs."""
    return (
        f"WITH casussen AS (INSERT INTO {tabellen.casus} {uit_json(CASUS_KOLOMMEN, 1)} "
        f"ON CONFLICT (casus_id) DO UPDATE SET {_CASUS_BIJ}), "
        f"knelpunten AS (INSERT INTO {tabellen.knelpunt} {uit_json(KNELPUNT_KOLOMMEN, 3)}), "
        f"positie AS (UPDATE {projecties} SET positie = $4, bijgewerkt = now() "
        f"WHERE naam = $5 AND versie = $6 AND $4::bigint IS NOT NULL) "
        f"INSERT INTO {tabellen.tijdlijn} {uit_json(TIJDLIJN_KOLOMMEN, 2)}"
    )


def standaard_uuid(waarde: Any) -> UUID:
    """An id read by asyncpg as the standard UUID type, which orjson writes."""
    return UUID(bytes=waarde.bytes)


def _feiten(rij: asyncpg.Record) -> CasusFeiten:
    waarden = dict(rij)
    waarden["casus_id"] = standaard_uuid(rij["casus_id"])
    waarden["leefgebieden"] = tuple(waarden["leefgebieden"])
    waarden["deadlines"] = {norm: date.fromisoformat(dag) for norm, dag in waarden["deadlines"].items()}
    return CasusFeiten(**waarden)


@dataclass(frozen=True)
class Batch:
    """A batch's changes to the read models, ready to write."""

    aantal: int
    positie: int
    casussen: list[tuple[Any, ...]]
    tijdlijn: list[tuple[Any, ...]]
    knelpunten: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Toegepast:
    """A batch's events applied: the cases they changed, and the rows only events make."""

    aantal: int
    positie: int
    gewijzigd: dict[int, CasusFeiten]
    tijdlijn: list[tuple[Any, ...]]
    knelpunten: list[tuple[Any, ...]]


class ProjectieFout(Exception):
    """The projection stopped: it does not skip an event it cannot process."""


class Projector(Volger):
    """The read models of one region: rm_casus (werkvoorraad), rm_tijdlijn (timeline, monitoring), rm_knelpunt."""

    uit_geheugen = True

    def __init__(
        self,
        pool: asyncpg.Pool,
        schema: str,
        regio: str,
        normen: Normtermijnen,
        kalender: Werkkalender,
        batch: int = 1000,
    ) -> None:
        super().__init__(pool, schema, f"read models of {regio}")
        self.regio = regio
        self.normen, self.kalender, self.batch = normen, kalender, batch
        self.termijnen = Termijnen(normen, kalender)

    # --- set-up --------------------------------------------------------------------------

    async def installeer(self) -> int:
        """Creates the bookkeeping and the first version's tables; returns the active version."""
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"projecties:{self.schema}")
            await conn.execute(projecties_ddl(self.schema))
            rij = await conn.fetchrow(
                f"SELECT versie, positie FROM {projecties_tabel(self.schema)} WHERE naam = $1 AND actief", self.regio
            )
            if rij is None:
                for statement in Tabellen(self.schema, 1).ddl():
                    await conn.execute(statement)
                await conn.execute(
                    f"INSERT INTO {projecties_tabel(self.schema)} (naam, versie, actief) VALUES ($1, 1, true) "
                    "ON CONFLICT (naam, versie) DO UPDATE SET actief = true",
                    self.regio,
                )
                return 1
            self.positie = rij["positie"]
            for statement in Tabellen(self.schema, rij["versie"]).ddl_bijwerken():
                await conn.execute(statement)
            return int(rij["versie"])

    # --- one batch ---------------------------------------------------------------------------

    async def stap(self) -> int:
        """Processes the next batch into the active version, in one transaction; returns how many events."""
        async with self.pool.acquire() as conn, conn.transaction():
            rij = None
            for _ in range(3):  # a rebuild that just swapped versions shows as no active row once
                rij = await conn.fetchrow(
                    f"SELECT versie, positie FROM {projecties_tabel(self.schema)} "
                    "WHERE naam = $1 AND actief FOR UPDATE",
                    self.regio,
                )
                if rij is not None:
                    break
            if rij is None:
                raise ProjectieFout(f"no active read-model version for {self.regio}")
            aantal, positie = await self.verwerk(conn, Tabellen(self.schema, rij["versie"]), rij["positie"])
        await self._meld(positie)
        return aantal

    async def verwerk(
        self, conn: asyncpg.Connection, tabellen: Tabellen, vanaf: int, *, uit_geheugen: bool = True
    ) -> tuple[int, int]:
        """Applies the events after `vanaf` (one batch) to `tabellen` and records the new position; the
        events this process just stored come from memory unless told to read the table."""
        if uit_geheugen:
            opgeslagen: Sequence[Opgeslagen] = await self.volgende(conn, vanaf, self.batch)
        else:
            opgeslagen = await self.lees(conn, vanaf)
        if not opgeslagen:
            return 0, vanaf
        bestaand = await self.laad(conn, tabellen, {rij["originator_id"] for rij in opgeslagen})
        batch = self.pas_batch_toe(opgeslagen, bestaand)
        await self.schrijf(conn, tabellen, batch)
        return batch.aantal, batch.positie

    async def lees(self, conn: asyncpg.Connection, vanaf: int) -> list[asyncpg.Record]:
        """The next batch of stored events after `vanaf`, from the table (decoded one by one as they are
        applied): for a rebuild, which reads from the first event."""
        return await lees_events(conn, self.schema, vanaf, self.batch)

    async def laad(self, conn: asyncpg.Connection, tabellen: Tabellen, ids: Iterable[Any]) -> dict[int, CasusFeiten]:
        """The stored rows of these cases, keyed by the integer of their id."""
        rijen = await conn.fetch(
            f"SELECT {', '.join(CASUS_KOLOMMEN)} FROM {tabellen.casus} WHERE casus_id = ANY($1::uuid[])", list(ids)
        )
        return {r["casus_id"].int: _feiten(r) for r in rijen}

    def pas_batch_toe(self, opgeslagen: Sequence[Opgeslagen], bestaand: dict[int, CasusFeiten]) -> Batch:
        """Applies the events to the cases in `bestaand` (keyed by the case id's integer; updated in place);
        returns what to write, up to a failing event."""
        toegepast = self.pas_toe(opgeslagen, bestaand)
        casussen = self.rijen(toegepast.gewijzigd.values())
        return Batch(toegepast.aantal, toegepast.positie, casussen, toegepast.tijdlijn, toegepast.knelpunten)

    def pas_toe(self, opgeslagen: Sequence[Opgeslagen], bestaand: dict[int, CasusFeiten]) -> Toegepast:
        """Decodes the stored events and applies them to the cases in `bestaand` (updated in place), up to
        the first event that cannot be read or applied: the batch ends before it, or fails on it when it
        comes first."""
        gewijzigd: dict[int, CasusFeiten] = {}
        tijdlijn: list[tuple[Any, ...]] = []
        knelpunten: list[tuple[Any, ...]] = []
        positie = opgeslagen[0]["notification_id"]
        for index, opslag in enumerate(opgeslagen):
            positie_event = opslag["notification_id"]
            try:
                event = decodeer(opslag["topic"], opslag["state"])
                sleutel = event.originator_id.int
                feiten, kenmerken, nieuwe_knelpunten = pas_toe(bestaand.get(sleutel), event, self.termijnen)
            except Exception:
                if index == 0:
                    raise
                break
            positie = positie_event
            bestaand[sleutel] = gewijzigd[sleutel] = feiten
            herkomst = event.herkomst
            tijdlijn.append(
                (
                    event.originator_id,
                    event.originator_version,
                    positie,
                    type(event).__name__,
                    event.timestamp,
                    event.op,
                    herkomst.actor,
                    herkomst.rol,
                    kenmerken,
                )
            )
            knelpunten += nieuwe_knelpunten
        return Toegepast(len(tijdlijn), positie, gewijzigd, tijdlijn, knelpunten)

    def rijen(self, casussen: Iterable[CasusFeiten]) -> list[tuple[Any, ...]]:
        """The rows of these cases, with their deadlines and next norm."""
        return [_rij(met_normen(f, self.normen, self.kalender)) for f in casussen]

    async def schrijf(
        self, conn: asyncpg.Connection, tabellen: Tabellen, batch: Batch, *, met_positie: bool = True
    ) -> None:
        """Writes a batch's read-model changes and (unless told not to) its position, inside the caller's
        transaction: one statement, so a small batch costs one round trip."""
        await conn.execute(
            _schrijfopdracht(tabellen, projecties_tabel(self.schema)),
            batch.casussen,
            batch.tijdlijn,
            batch.knelpunten,
            batch.positie if met_positie else None,
            self.regio,
            tabellen.versie,
        )
