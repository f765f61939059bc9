"""The work queue as it stood at a moment, replayed from the region's events recorded up to then.

The events are read in position order, in batches, and applied by the read models' own projector to the
cases in memory (no personal data, one row per case); the reading stops at the first event recorded well
after the moment (`domain.terugblik.Tijdgrens`). The rows are then those the projection writes to `rm_casus`,
filtered and ordered as the live work queue does, so the replay of a day is what the work queue showed then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from domain.casus import Fase
from domain.terugblik import Tijdgrens
from projections.feiten import CasusFeiten, met_normen
from projections.projector import Projector
from projections.queries import WERKVOORRAAD_KOLOMMEN, Werkvoorraadfilter
from projections.volger import lees_events
from projections.weergave import lees

BATCH = 1000
WERKVOORRAAD_VELDEN = tuple(kolom.strip() for kolom in WERKVOORRAAD_KOLOMMEN.split(","))
"""The columns of a row of the live work queue (`projections.queries.werkvoorraad`), before `te_laat`."""


@dataclass(frozen=True)
class Teruggespeeld:
    """The region's cases after the events recorded up to the moment."""

    casussen: dict[int, CasusFeiten]
    positie: int
    """The store position of the last event replayed (0: none)."""
    events: int
    """How many events were replayed."""


def _tot_de_grens(grens: Tijdgrens, rijen: Sequence[Any]) -> tuple[list[Any], list[Any], bool]:
    """The stored events of a batch that belong to the replay, read as the projection reads them
    (`projections.weergave`), and whether the reading ends here.

    An event that cannot be read is left out: the projection sets it aside, and its case stays as it was."""
    genomen: list[Any] = []
    events: list[Any] = []
    for rij in rijen:
        try:
            event = lees(rij["topic"], rij["state"])
        except Exception:  # noqa: S112 (set aside by the projection, with its reason)
            continue
        if grens.uitgelezen(event.timestamp):
            return genomen, events, True
        if grens.neemt(event.originator_id, event.timestamp):
            genomen.append(rij)
            events.append(event)
    return genomen, events, False


async def speel_terug(
    conn: asyncpg.Connection, projector: Projector, moment: datetime, *, batch: int = BATCH
) -> Teruggespeeld:
    """The region's cases as the projection had them after every event recorded up to `moment`."""
    grens = Tijdgrens(moment)
    casussen: dict[int, CasusFeiten] = {}
    gelezen = positie = aantal = 0
    while rijen := await lees_events(conn, projector.schema, gelezen, batch):
        gelezen = rijen[-1]["notification_id"]
        genomen, events, klaar = _tot_de_grens(grens, rijen)
        if genomen:
            projector.pas_toe(genomen, casussen, events)
            positie, aantal = genomen[-1]["notification_id"], aantal + len(genomen)
        if klaar or len(rijen) < batch:
            break
    return Teruggespeeld(casussen, positie, aantal)


def _volgorde(feiten: CasusFeiten) -> tuple[bool, date, date, int]:
    """The live work queue's order: next due date (none last), registration, case id."""
    deadline = feiten.volgende_deadline
    return deadline is None, deadline or date.max, feiten.aangemeld_op, feiten.casus_id.int


def werkvoorraad_rijen(
    projector: Projector, casussen: Iterable[CasusFeiten], filter_: Werkvoorraadfilter, vandaag: date
) -> list[dict[str, Any]]:
    """Every open case that passes the filter (its page aside), as a row of the live work queue with the overdue
    flag as of `vandaag`, in its order."""
    gekozen: list[tuple[CasusFeiten, bool]] = []
    for feiten in casussen:
        if feiten.fase == Fase.AFGESLOTEN or not _past(feiten, filter_):
            continue
        met_normen(feiten, projector.normen, projector.kalender)
        te_laat = feiten.volgende_deadline is not None and feiten.volgende_deadline < vandaag
        if filter_.te_laat is None or te_laat is filter_.te_laat:
            gekozen.append((feiten, te_laat))
    gekozen.sort(key=lambda paar: _volgorde(paar[0]))
    return [
        {**{veld: getattr(feiten, veld) for veld in WERKVOORRAAD_VELDEN}, "te_laat": te_laat}
        for feiten, te_laat in gekozen
    ]


def _past(feiten: CasusFeiten, filter_: Werkvoorraadfilter) -> bool:
    return all(
        waarde is None or getattr(feiten, veld) == waarde
        for veld, waarde in (
            ("fase", filter_.fase),
            ("werkstroom", filter_.werkstroom),
            ("casusregisseur", filter_.casusregisseur),
        )
    )
