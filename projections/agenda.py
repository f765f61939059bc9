"""The agenda's read model: the region's recorded meetings (rm_overleg) and the cases on them (rm_agendapunt),
made from the meetings' events and written with the batch that holds them (projections.projector)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.overlegmoment import Overlegmoment
from projections.tabellen import Tabellen

OVERLEG_KOLOMMEN = {
    "overleg_id": "uuid",
    "datum": "date",
    "soort": "text",
    "duur_minuten": "int",
    "extra": "bool",
    "locatie": "text",
    "toelichting": "text",
    "belegd_op": "date",
}
AGENDAPUNT_KOLOMMEN = {
    "overleg_id": "uuid",
    "casus_id": "uuid",
    "soort": "text",
    "uit_te_nodigen_expertise": "text[]",
    "ingepland_op": "date",
    "versie": "int",
}
AGENDAPUNT_SLEUTEL = {"overleg_id": "uuid", "casus_id": "uuid"}


def is_overlegevent(event: Any) -> bool:
    """Whether the event is a meeting's (the region's store holds cases and meetings)."""
    klasse = type(event)
    antwoord = _IS_OVERLEG.get(klasse)
    if antwoord is None:
        antwoord = _IS_OVERLEG[klasse] = issubclass(klasse, Overlegmoment.Event)
    return antwoord


_IS_OVERLEG: dict[type, bool] = {}


@dataclass
class Agendawijzigingen:
    """A batch's changes to the agenda, folded in order: per meeting its row, per case on a meeting its
    row or None (taken off); the last event of a key decides."""

    overleggen: dict[UUID, tuple[Any, ...]] = field(default_factory=dict)
    punten: dict[tuple[UUID, UUID], tuple[Any, ...] | None] = field(default_factory=dict)

    def pas_toe(self, event: Any) -> None:
        overleg_id = event.originator_id
        if isinstance(event, Overlegmoment.Belegd):
            self.overleggen[overleg_id] = (
                overleg_id,
                event.datum,
                event.soort,
                event.duur_minuten,
                event.extra,
                event.locatie,
                event.toelichting,
                event.op,
            )
        elif isinstance(event, Overlegmoment.CasusIngepland):
            punt = event.agendapunt
            sleutel = (overleg_id, punt.casus_id)
            self.punten.pop(sleutel, None)
            self.punten[sleutel] = (
                overleg_id,
                punt.casus_id,
                punt.soort,
                list(punt.uit_te_nodigen_expertise),
                event.op,
                event.originator_version,
            )
        elif isinstance(event, Overlegmoment.CasusVerplaatst | Overlegmoment.CasusAfgemeld):
            self.punten.pop((overleg_id, event.casus_id), None)
            self.punten[(overleg_id, event.casus_id)] = None
        else:
            raise ValueError(f"no projection for event type {type(event).__name__}")

    def overlegrijen(self) -> list[tuple[Any, ...]]:
        return list(self.overleggen.values())

    def puntrijen(self) -> list[tuple[Any, ...]]:
        return [rij for rij in self.punten.values() if rij is not None]

    def weg(self) -> list[tuple[Any, ...]]:
        """The (meeting, case) keys taken off their meeting."""
        return [sleutel for sleutel, rij in self.punten.items() if rij is None]


async def overleggen(conn: asyncpg.Connection, tabellen: Tabellen, van: date, tot: date) -> list[dict[str, Any]]:
    """The recorded meetings from `van` to `tot`, by date and kind, each with its cases in the order planned
    (their phase, werkstroom and urgency from the case read model)."""
    rijen = await conn.fetch(
        f"SELECT overleg_id, datum, soort, duur_minuten, extra, locatie, toelichting FROM {tabellen.overleg} "
        "WHERE datum BETWEEN $1 AND $2 ORDER BY datum, soort",
        van,
        tot,
    )
    gevonden = {
        _uuid(r["overleg_id"]): {**dict(r), "overleg_id": _uuid(r["overleg_id"]), "casussen": []} for r in rijen
    }
    punten = await conn.fetch(
        f"SELECT p.overleg_id, p.casus_id, p.soort, p.uit_te_nodigen_expertise, p.ingepland_op, "
        f"c.fase, c.werkstroom, c.urgentie FROM {tabellen.agendapunt} p "
        f"LEFT JOIN {tabellen.casus} c ON c.casus_id = p.casus_id "
        "WHERE p.overleg_id = ANY($1::uuid[]) ORDER BY p.overleg_id, p.versie",
        list(gevonden),
    )
    for punt in punten:
        gevonden[_uuid(punt["overleg_id"])]["casussen"].append({**dict(punt), "casus_id": _uuid(punt["casus_id"])})
    return list(gevonden.values())


async def wachtenden(conn: asyncpg.Connection, tabellen: Tabellen) -> list[dict[str, Any]]:
    """The cases waiting for a slot, in order of registration: triaged to be discussed and not planned
    (`nieuw`), evaluated with the decision to come back to the table (`terug-op-tafel`), or advised after a
    meeting with no evaluation planned since (`evaluatie`)."""
    laatste = (
        f"(SELECT {{kolom}} FROM {tabellen.tijdlijn} t WHERE t.casus_id = c.casus_id AND t.type = '{{type}}' "
        "ORDER BY t.versie DESC LIMIT 1)"
    )
    terug = laatste.format(kolom="(t.kenmerken->>'terug_op_tafel')::bool", type="EvaluatieVastgelegd")
    advies = laatste.format(kolom="t.versie", type="AdviesUitgebracht")
    rijen = await conn.fetch(
        "SELECT casus_id, werkstroom, urgentie, aangemeld_op, ronde_start, advies_op, deadlines, CASE fase "
        "WHEN 'getrieerd' THEN 'nieuw' WHEN 'geevalueerd' THEN 'terug-op-tafel' ELSE 'evaluatie' END AS wacht_op "
        f"FROM {tabellen.casus} c WHERE (fase = 'getrieerd' AND triage_uitkomst = 'bespreken') "
        f"OR (fase = 'geevalueerd' AND coalesce({terug}, false)) "
        "OR (fase = 'advies-uitgebracht' AND triage_uitkomst = 'bespreken' AND NOT EXISTS ("
        f"SELECT FROM {tabellen.tijdlijn} m WHERE m.casus_id = c.casus_id AND m.type = 'EvaluatiemomentGepland' "
        f"AND m.versie > {advies})) "
        "ORDER BY ronde_start, aangemeld_op, casus_id"
    )
    return [{**dict(r), "casus_id": _uuid(r["casus_id"])} for r in rijen]


def _uuid(waarde: Any) -> UUID:
    """An id read by asyncpg as the standard UUID type."""
    return UUID(bytes=waarde.bytes)
