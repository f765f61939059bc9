"""Erasing the personal data of every closed case past its region's retention period, and rewrapping the case
keys under the active master key: what `doorbraak bewaartermijn` and `doorbraak sleutels roteer` do.

A case's retention runs from the last day anything was recorded on it (the date, UTC, its latest event was
stored; its erasure event aside) for the profile's `bewaartermijn_jaren`; only a closed case is erased (the help
has ended). The candidates come from the events table itself, not from a read model that may lag.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from psycopg import sql
from psycopg.rows import tuple_row

from adapters.bootstrap import Container, sleutelkluis
from adapters.recorder import GeordendeRecorder
from adapters.sleuteltabel import SLEUTELTABEL, PostgresSleutelOpslag
from domain.casus import Casus, Fase
from domain.eventversies import topic_van
from domain.waarden import Herkomst
from domain.wissen import Wisgrond, Wisverzoek, bewaard_tot
from services.casussen import CasusService

BEWAARTERMIJN = Herkomst(actor="doorbraak bewaartermijn", rol="privacy")
_TIJDSTIP = r'^\{"originator_id":"[^"]*","originator_version":[0-9]+,"timestamp":"([^"]+)"'


@dataclass(frozen=True)
class Uitkomst:
    casus_id: UUID
    laatst_vastgelegd: date
    bewaard_tot: date
    wat: str
    """`gewist`, `te wissen` (--droog), or why not: `open`."""


def _kandidaten(dienst: CasusService, grens: date) -> list[tuple[UUID, date]]:
    """The cases with personal data not erased whose last event was stored before `grens`."""
    recorder = dienst.store.recorder
    if not isinstance(recorder, GeordendeRecorder):
        return []
    schema = recorder.datastore.schema
    tijdstip = sql.SQL("(substring(convert_from(e.state, 'UTF8') from {patroon}))::timestamptz").format(
        patroon=sql.Literal(_TIJDSTIP)
    )
    vraag = sql.SQL(
        "SELECT e.originator_id, max({tijdstip} AT TIME ZONE 'UTC')::date FROM {s}.{events} e "
        "WHERE e.topic <> %(gewist)s AND e.originator_id IN "
        "(SELECT originator_id FROM {s}.{events} WHERE topic = %(aangemeld)s AND originator_version = 1) "
        "AND NOT EXISTS (SELECT 1 FROM {s}.{sleutels} k "
        "WHERE k.casus_id = e.originator_id AND k.gewist_op IS NOT NULL) "
        "GROUP BY e.originator_id HAVING max({tijdstip} AT TIME ZONE 'UTC')::date < %(grens)s ORDER BY 2, 1"
    ).format(
        tijdstip=tijdstip,
        s=sql.Identifier(schema),
        events=sql.Identifier(recorder.events_table_name),
        sleutels=sql.Identifier(SLEUTELTABEL),
    )
    parameters = {
        "gewist": topic_van(Casus.PersoonsgegevensGewist),
        "aangemeld": topic_van(Casus.Aangemeld),
        "grens": grens,
    }
    with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
        curs.execute(vraag, parameters)
        return [(UUID(str(casus_id)), dag) for casus_id, dag in curs.fetchall()]


def wis_verlopen(dienst: CasusService, *, droog: bool) -> Iterator[Uitkomst]:
    """Erases (or with `droog` only names) the personal data of every closed case of the region past its
    retention period, as of the service's today."""
    vandaag, jaren = dienst.vandaag(), dienst.profiel.bewaartermijn_jaren
    grens = bewaard_tot(vandaag, -jaren)
    for casus_id, laatst in _kandidaten(dienst, grens + _EEN_DAG):
        tot = bewaard_tot(laatst, jaren)
        if tot > vandaag:
            continue
        if dienst.casus(casus_id).fase is not Fase.AFGESLOTEN:
            yield Uitkomst(casus_id, laatst, tot, "open")
            continue
        if not droog:
            reden = f"bewaartermijn van {jaren} jaar verstreken op {tot.isoformat()}"
            dienst.wis_persoonsgegevens(casus_id, Wisverzoek(reden=reden), BEWAARTERMIJN, grond=Wisgrond.BEWAARTERMIJN)
        yield Uitkomst(casus_id, laatst, tot, "te wissen" if droog else "gewist")


def roteer(container: Container) -> dict[str, tuple[dict[str, int], int]]:
    """Rewraps every region's case keys under the active master key: per region the keys per master key before,
    and how many were rewrapped."""
    kluis = sleutelkluis(container.settings)
    uitkomst = {}
    for regio, store in sorted(container.stores.items()):
        recorder = store.recorder
        if not isinstance(recorder, GeordendeRecorder):
            continue
        opslag = PostgresSleutelOpslag(recorder.datastore)
        voor = opslag.per_hoofdsleutel()
        uitkomst[regio] = (voor, sum(opslag.herwikkel(kluis)))
    return uitkomst


_EEN_DAG = date(2000, 1, 2) - date(2000, 1, 1)
