"""Looking back at a case through HTTP: the query parameters `op`, `versie` and `tot`, and their refusals."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import Depends, Query
from pydantic import AfterValidator

from adapters.http.problemen import Probleem
from adapters.http.schemas import Peilmoment
from adapters.http.toegang import Deps
from domain.invoer import EERSTE_DATUM, LAATSTE_DATUM
from domain.terugblik import NogNietVastgelegd, VersieBuitenHistorie, dag_van, in_zone
from services import terugblik
from services.uitvoering import Uitvoerder

ZONE_BESCHRIJVING = (
    "ISO 8601, e.g. 2026-12-01T17:00:00+01:00; without an offset, a time in DOORBRAAK_TIJDZONE; a date alone is "
    "its midnight. Events count by when they were recorded, not by their business date `op`."
)


def _binnen_de_kalender(moment: datetime) -> datetime:
    if not EERSTE_DATUM.year <= moment.year <= LAATSTE_DATUM.year:
        raise ValueError(f"a moment lies in {EERSTE_DATUM.year} to {LAATSTE_DATUM.year}")
    return moment


Moment = Annotated[datetime, AfterValidator(_binnen_de_kalender)]
OpQuery = Annotated[
    Moment | None,
    Query(
        description=f"The case as it stood at this moment: after its events recorded up to then. {ZONE_BESCHRIJVING}"
    ),
]
VersieQuery = Annotated[
    int | None, Query(description="The case as it stood at this version: after its events up to and including it.")
]
TotQuery = Annotated[
    Moment | None, Query(description=f"Only the events recorded up to this moment. {ZONE_BESCHRIJVING}")
]


async def tijdzone(deps: Deps) -> ZoneInfo:
    return ZoneInfo(deps.settings.tijdzone)


Zone = Annotated[ZoneInfo, Depends(tijdzone)]


def ongeldig(veld: str, melding: str) -> Probleem:
    """A refused query parameter, answered as every invalid input is (422 naming the field)."""
    return Probleem(422, "Invalid request", f"{veld}: {melding}", "ongeldig-verzoek", veld=veld)


def _moment(veld: str, moment: datetime, zone: ZoneInfo, dienst: Uitvoerder[Any]) -> datetime:
    """The moment with its offset; one on a day after today is refused: there is nothing to look back at."""
    gelezen = in_zone(moment, zone)
    if dag_van(gelezen, zone) > dienst.vandaag():
        raise ongeldig(veld, "lies after today")
    return gelezen


def _niet_gevonden(casus_id: UUID, fout: LookupError) -> Probleem:
    if isinstance(fout, NogNietVastgelegd):
        return Probleem(404, "Not Found", f"Casus {casus_id}: {fout}", "casus-nog-niet-vastgelegd")
    return Probleem(404, "Not Found", f"Casus {casus_id}: {fout}", "versie-niet-gevonden")


def stand(
    dienst: Uitvoerder[Any], casus_id: UUID, op: datetime | None, versie: int | None, zone: ZoneInfo
) -> tuple[Any, Peilmoment]:
    """The case as it stood at moment `op` or at `versie` (one of the two), and which version that is."""
    if op is not None and versie is not None:
        raise ongeldig("query.versie", "give op or versie, not both")
    moment = None if op is None else _moment("query.op", op, zone, dienst)
    try:
        toen = terugblik.stand(dienst, casus_id, moment=moment, versie=versie or 0)
    except (NogNietVastgelegd, VersieBuitenHistorie) as e:
        raise _niet_gevonden(casus_id, e) from None
    peil = Peilmoment(
        versie=toen.versie,
        laatste_versie=toen.laatste_versie,
        vastgelegd=toen.vastgelegd,
        moment=moment,
        normen_op=dag_van(moment or toen.vastgelegd, zone),
    )
    return toen.casus, peil


def historie(dienst: Uitvoerder[Any], casus_id: UUID, tot: datetime | None, zone: ZoneInfo) -> list[Any]:
    """The case's events, or those recorded up to `tot`."""
    if tot is None:
        return dienst.historie(casus_id)
    try:
        return terugblik.historie_tot(dienst, casus_id, _moment("query.tot", tot, zone, dienst))
    except NogNietVastgelegd as e:
        raise _niet_gevonden(casus_id, e) from None


def tot_moment(tot: datetime | None, zone: ZoneInfo) -> datetime | None:
    """The moment `tot` as the answer names it: with its offset."""
    return None if tot is None else in_zone(tot, zone)
