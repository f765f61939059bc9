"""Keeps one region's read models up to date: batches, one transaction each, exactly once."""

from __future__ import annotations

import copy
import json
import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from domain.regioprofiel import Normtermijnen
from domain.werkdagen import Werkkalender
from projections.agenda import (
    AGENDAPUNT_KOLOMMEN,
    AGENDAPUNT_SLEUTEL,
    OVERLEG_KOLOMMEN,
    Agendawijzigingen,
    is_overlegevent,
)
from projections.feiten import CasusFeiten, Termijnen, met_normen, pas_toe
from projections.herstel import beschrijf, controleer_opslagbaar, kan_nul_bevatten
from projections.leren import LEERPUNT_KOLOMMEN, leerpunten
from projections.projectie import PositieVerschoven, Projectie, opzij_regel, schuld_bij_de_batch
from projections.tabellen import Tabellen, projecties_tabel
from projections.volger import Opgeslagen, lees_events
from projections.volgpositie import Volgpositie
from projections.weergave import lees

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


def _bij(kolommen: dict[str, str], sleutel: int = 1) -> str:
    """The SET of an upsert: every column but the first `sleutel` (the key) from the row offered."""
    return ", ".join(f"{k} = EXCLUDED.{k}" for k in list(kolommen)[sleutel:])


@lru_cache(maxsize=64)
def _schrijfopdracht(tabellen: Tabellen) -> str:
    """Cases ($6), timeline ($7), bottlenecks ($8), dead letters ($9), lessons ($10), meetings ($11), cases on a
    meeting ($12) and those taken off one ($13) as JSON arrays, in one statement of data-modifying CTEs, written
    only if the tracking row advances ($1 name, $2 version, $3 from, $4 to, $5 only the active version; $3 NULL:
    written without advancing); answers whether it wrote."""
    volg = Volgpositie(tabellen.schema)
    als = f" WHERE {volg.ALS_VERDER}"
    delen = [
        volg.cte(),
        f"casussen AS (INSERT INTO {tabellen.casus} {uit_json(CASUS_KOLOMMEN, 6)}{als} "
        f"ON CONFLICT (casus_id) DO UPDATE SET {_CASUS_BIJ})",
        f"tijdlijn AS (INSERT INTO {tabellen.tijdlijn} {uit_json(TIJDLIJN_KOLOMMEN, 7)}{als})",
        f"knelpunten AS (INSERT INTO {tabellen.knelpunt} {uit_json(KNELPUNT_KOLOMMEN, 8)}{als})",
        volg.opzij(9),
        f"leerpunten AS (INSERT INTO {tabellen.leerpunt} {uit_json(LEERPUNT_KOLOMMEN, 10)}{als})",
        f"overleggen AS (INSERT INTO {tabellen.overleg} {uit_json(OVERLEG_KOLOMMEN, 11)}{als} "
        f"ON CONFLICT (overleg_id) DO UPDATE SET {_bij(OVERLEG_KOLOMMEN)})",
        f"punten AS (INSERT INTO {tabellen.agendapunt} {uit_json(AGENDAPUNT_KOLOMMEN, 12)}{als} "
        f"ON CONFLICT (overleg_id, casus_id) DO UPDATE SET {_bij(AGENDAPUNT_KOLOMMEN, 2)})",
        f"punten_weg AS (DELETE FROM {tabellen.agendapunt} WHERE (overleg_id, casus_id) IN "
        f"(SELECT overleg_id, casus_id FROM ({uit_json(AGENDAPUNT_SLEUTEL, 13)}) AS weg) AND {volg.ALS_VERDER})",
    ]
    return f"WITH {', '.join(delen)} SELECT {volg.ALS_VERDER}"


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
    opzij: list[tuple[Any, ...]] = field(default_factory=list)
    """Events set aside: position, case id, version, topic, reason."""
    leerpunten: list[tuple[Any, ...]] = field(default_factory=list)
    """Lessons, obstacles and remarks (`projections.leren`)."""
    agenda: Agendawijzigingen = field(default_factory=Agendawijzigingen)


@dataclass(frozen=True)
class Toegepast:
    """A batch's events applied: the cases they changed, the rows only events make, the events set aside."""

    aantal: int
    positie: int
    gewijzigd: dict[int, CasusFeiten]
    tijdlijn: list[tuple[Any, ...]]
    knelpunten: list[tuple[Any, ...]]
    opzij: list[tuple[Any, ...]]
    leerpunten: list[tuple[Any, ...]] = field(default_factory=list)
    agenda: Agendawijzigingen = field(default_factory=Agendawijzigingen)


class Projector(Projectie):
    """The read models of one region: rm_casus (werkvoorraad), rm_tijdlijn (timeline, monitoring), rm_knelpunt,
    rm_leerpunt (the learning cycle), and the agenda's rm_overleg and rm_agendapunt."""

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
        self.regio = self.volgnaam = regio
        self.normen, self.kalender, self.batch = normen, kalender, batch
        self.termijnen = Termijnen(normen, kalender)

    # --- set-up --------------------------------------------------------------------------

    async def installeer(self) -> int:
        """Creates the bookkeeping and the first version's tables; returns the active version."""
        async with self.pool.acquire() as conn, conn.transaction():
            await self.volgpositie.maak_tabellen(conn)
            stand = await self.volgpositie.actief(conn, self.regio)
            if stand is None:
                for statement in Tabellen(self.schema, 1).ddl():
                    await conn.execute(statement)
                await conn.execute(
                    f"INSERT INTO {projecties_tabel(self.schema)} (naam, versie, actief) VALUES ($1, 1, true) "
                    "ON CONFLICT (naam, versie) DO UPDATE SET actief = true",
                    self.regio,
                )
                stand = (1, 0)
            else:
                for statement in Tabellen(self.schema, stand[0]).ddl_bijwerken():
                    await conn.execute(statement)
            self.versie, self.positie = stand
            self.onverwerkbaar = await self.volgpositie.aantal_opzij(conn, self.regio, stand[0])
        return stand[0]

    # --- one batch ---------------------------------------------------------------------------

    async def verwerk_actief(
        self, conn: asyncpg.Connection, versie: int, vanaf: int, grootte: int | None
    ) -> tuple[int, int]:
        return await self.verwerk(conn, Tabellen(self.schema, versie), vanaf, grootte=grootte)

    async def verwerk(
        self,
        conn: asyncpg.Connection,
        tabellen: Tabellen,
        vanaf: int,
        *,
        uit_geheugen: bool = True,
        alleen_actief: bool = True,
        grootte: int | None = None,
    ) -> tuple[int, int]:
        """Applies the events after `vanaf` (one batch, or `grootte` events) to `tabellen` and advances the
        tracking row from `vanaf`, inside the caller's transaction; the events this process just stored come
        from memory unless told to read the table. Raises PositieVerschoven when the row was not at `vanaf`."""
        aantal = grootte or self.batch
        if uit_geheugen:
            opgeslagen: Sequence[Opgeslagen] = await self.volgende(conn, vanaf, aantal)
        else:
            opgeslagen = await self.lees(conn, vanaf, aantal)
        if not opgeslagen:
            return 0, vanaf
        with schuld_bij_de_batch(opgeslagen):
            bestaand = await self.laad(conn, tabellen, {rij["originator_id"] for rij in opgeslagen})
            batch = self.pas_batch_toe(opgeslagen, bestaand)
            geschreven = await self.schrijf(conn, tabellen, batch, vanaf=vanaf, alleen_actief=alleen_actief)
        if not geschreven:
            raise PositieVerschoven(self.regio)
        self.opzij_gezet_in(opgeslagen, batch.opzij)
        return batch.aantal, batch.positie

    async def lees(self, conn: asyncpg.Connection, vanaf: int, aantal: int | None = None) -> list[asyncpg.Record]:
        """The next batch of stored events after `vanaf`, from the table (decoded one by one as they are
        applied): for a rebuild, which reads from the first event."""
        return await lees_events(conn, self.schema, vanaf, aantal or self.batch)

    async def laad(self, conn: asyncpg.Connection, tabellen: Tabellen, ids: Iterable[Any]) -> dict[int, CasusFeiten]:
        """The stored rows of these cases, keyed by the integer of their id."""
        rijen = await conn.fetch(
            f"SELECT {', '.join(CASUS_KOLOMMEN)} FROM {tabellen.casus} WHERE casus_id = ANY($1::uuid[])", list(ids)
        )
        return {r["casus_id"].int: _feiten(r) for r in rijen}

    def pas_batch_toe(self, opgeslagen: Sequence[Opgeslagen], bestaand: dict[int, CasusFeiten]) -> Batch:
        """Applies the events to the cases in `bestaand` (keyed by the case id's integer; updated in place);
        returns what to write, the events it had to set aside included."""
        toegepast = self.pas_toe(opgeslagen, bestaand)
        casussen = self.rijen(toegepast.gewijzigd.values())
        return Batch(
            toegepast.aantal,
            toegepast.positie,
            casussen,
            toegepast.tijdlijn,
            toegepast.knelpunten,
            toegepast.opzij,
            toegepast.leerpunten,
            toegepast.agenda,
        )

    def pas_toe(
        self, opgeslagen: Sequence[Opgeslagen], bestaand: dict[int, CasusFeiten], events: Sequence[Any] = ()
    ) -> Toegepast:
        """Reads the stored events (as `projections.weergave` does) and applies them to the cases in `bestaand`
        (updated in place). An event that cannot be read or applied, or whose values PostgreSQL cannot store, is
        set aside with its reason and leaves its case as it was. `events`: the stored events decoded already, one
        for each."""
        gewijzigd: dict[int, CasusFeiten] = {}
        tijdlijn: list[tuple[Any, ...]] = []
        knelpunten: list[tuple[Any, ...]] = []
        lessen: list[tuple[Any, ...]] = []
        opzij: list[tuple[Any, ...]] = []
        agenda = Agendawijzigingen()
        for index, opslag in enumerate(opgeslagen):
            try:
                state = opslag["state"]
                event = events[index] if events else lees(opslag["topic"], state)
                if is_overlegevent(event):
                    agenda.pas_toe(event)
                    continue
                sleutel = event.originator_id.int
                verdacht = kan_nul_bevatten(state)
                huidig = bestaand.get(sleutel)
                if verdacht and huidig is not None:
                    huidig = copy.copy(huidig)  # applied to a copy: it may yet be set aside
                feiten, kenmerken, nieuwe_knelpunten = pas_toe(huidig, event, self.termijnen)
                nieuwe_lessen = leerpunten(event)
                herkomst = event.herkomst
                regel = (
                    event.originator_id,
                    event.originator_version,
                    opslag["notification_id"],
                    type(event).__name__,
                    event.timestamp,
                    event.op,
                    herkomst.actor,
                    herkomst.rol,
                    kenmerken,
                )
                if verdacht:
                    controleer_opslagbaar(feiten, regel, nieuwe_knelpunten, nieuwe_lessen)
            except Exception as e:
                opzij.append(opzij_regel(opslag, beschrijf(e)))
                continue
            bestaand[sleutel] = gewijzigd[sleutel] = feiten
            tijdlijn.append(regel)
            knelpunten += nieuwe_knelpunten
            lessen += nieuwe_lessen
        positie = opgeslagen[-1]["notification_id"]
        return Toegepast(len(opgeslagen), positie, gewijzigd, tijdlijn, knelpunten, opzij, lessen, agenda)

    def rijen(self, casussen: Iterable[CasusFeiten]) -> list[tuple[Any, ...]]:
        """The rows of these cases, with their deadlines and next norm."""
        return [_rij(met_normen(f, self.normen, self.kalender)) for f in casussen]

    async def schrijf(
        self,
        conn: asyncpg.Connection,
        tabellen: Tabellen,
        batch: Batch,
        *,
        vanaf: int | None,
        alleen_actief: bool = True,
    ) -> bool:
        """Writes a batch's read-model changes and dead letters inside the caller's transaction, one statement
        (a small batch costs one round trip); with `vanaf`, only if the tracking row advances from there to
        the batch's position (False when it did not)."""
        geschreven = await conn.fetchval(
            _schrijfopdracht(tabellen),
            self.regio,
            tabellen.versie,
            vanaf,
            batch.positie if vanaf is not None else None,
            alleen_actief,
            batch.casussen,
            batch.tijdlijn,
            batch.knelpunten,
            batch.opzij,
            batch.leerpunten,
            batch.agenda.overlegrijen(),
            batch.agenda.puntrijen(),
            batch.agenda.weg(),
        )
        return bool(geschreven)
