"""Routes of the access log: who read which case, when, how and why; for auditors and the region's privacy
officer. Reading the log is itself recorded in it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from adapters.http.commando import NetwerkPad, RegioPad
from adapters.http.inzageregistratie import vastleggen
from adapters.http.problemen import LEZEN, Probleem, niet_gevonden
from adapters.http.tabel_antwoord import CSV, csv_antwoord, wil_csv
from adapters.http.toegang import Deps, HuidigeGebruiker, regio_toegang
from adapters.inzagelog import Inzagelog, Inzagelogs
from adapters.tokens import Actor
from domain.inzagelog import MAX_PER_PAGINA, Inzagelogfilter, OngeldigFilter, Toegangssoort
from domain.rollen import Handeling, Rol, mag
from services.casussen import CasusService

router = APIRouter(prefix="/audit", tags=["audit"], dependencies=[Depends(vastleggen(Toegangssoort.INZAGELOG))])

MAX_POSITIE = 2**63 - 1
KOLOMMEN = (
    "positie",
    "tijdstip",
    "wie",
    "rol",
    "soort",
    "casus_id",
    "methode",
    "route",
    "parameters",
    "doel",
    "request_id",
    "status",
)


class InzagelogRegel(BaseModel):
    """One recorded request: who, in which role, when, what kind, which case, which endpoint, why."""

    positie: int = Field(description="Its place in the log, in commit order.")
    tijdstip: datetime
    wie: str = Field(description="The token's subject.")
    rol: str
    soort: Toegangssoort = Field(
        description="lezen (a case's data or history), export (the file for a request to see it), inzagelog "
        "(this log), verzoek (any other request of an auditor)."
    )
    casus_id: UUID | None
    methode: str
    route: str = Field(description="The endpoint's template, never the path or query as sent.")
    parameters: dict[str, str] = Field(description="The query parameters that say which version, day or page.")
    doel: str | None = Field(description="The purpose the auditor gave (X-Doorbraak-Doel).")
    request_id: str
    status: int = Field(description="The HTTP status the request was answered with.")


class InzagelogPagina(BaseModel):
    """One page of an access log, in the order recorded."""

    log: str = Field(description="The region or network slug, or `knooppunt` for the node's own log.")
    regels: list[InzagelogRegel]
    volgende: int | None = Field(description="Pass as `na` for the next page; none after the last.")


def inzagelogfilter(
    casus: UUID | None = None,
    van: Annotated[date | None, Query(ge=date(2000, 1, 1), le=date(2100, 12, 31), description="First day.")] = None,
    tot: Annotated[date | None, Query(ge=date(2000, 1, 1), le=date(2100, 12, 31), description="Last day.")] = None,
    wie: Annotated[Actor | None, Query(description="The token subject of who read.")] = None,
    na: Annotated[int, Query(ge=0, le=MAX_POSITIE, description="Rows after this position (`volgende`).")] = 0,
    per_pagina: Annotated[int, Query(ge=1, le=MAX_PER_PAGINA)] = 100,
) -> Inzagelogfilter:
    try:
        return Inzagelogfilter(casus=casus, van=van, tot=tot, wie=wie, na=na, per_pagina=per_pagina)
    except OngeldigFilter as e:
        raise Probleem(422, "Invalid request", f"query.tot: {e}", "ongeldig-verzoek", veld="query.tot") from None


Filter = Annotated[Inzagelogfilter, Depends(inzagelogfilter)]


def inzagelogs(request: Request) -> Inzagelogs:
    logs: Inzagelogs | None = getattr(request.app.state, "inzagelogs", None)
    if logs is None:
        raise Probleem(503, "Service Unavailable", "the access log is not open on this node", "niet-beschikbaar")
    return logs


Logs = Annotated[Inzagelogs, Depends(inzagelogs)]


async def _pagina(naam: str, logboek: Inzagelog | None, filter_: Inzagelogfilter, deps: Deps, request: Request) -> Any:
    if logboek is None:
        raise niet_gevonden(f"Access log {naam!r}")
    rijen = await logboek.lees(filter_, ZoneInfo(deps.settings.tijdzone))
    meer = len(rijen) > filter_.per_pagina
    rijen = rijen[: filter_.per_pagina]
    if wil_csv(request):
        regels = [[_csv_waarde(rij[k]) for k in KOLOMMEN] for rij in rijen]
        return csv_antwoord(KOLOMMEN, regels, f"inzagelog-{naam}.csv")
    return {"log": naam, "regels": rijen, "volgende": rijen[-1]["positie"] if meer else None}


def _csv_waarde(waarde: Any) -> Any:
    if isinstance(waarde, dict):
        return "&".join(f"{k}={v}" for k, v in sorted(waarde.items()))
    return "" if waarde is None else waarde


def _alleen_auditor(gebruiker: HuidigeGebruiker) -> None:
    if not mag(gebruiker.rol, Handeling.INZAGELOG_LEZEN):
        raise Probleem(
            403, "Forbidden", f"role {gebruiker.rol.value} may not {Handeling.INZAGELOG_LEZEN}", "geen-bevoegdheid"
        )
    if gebruiker.rol is not Rol.AUDITOR:
        raise Probleem(403, "Forbidden", "only an auditor reads the logs beyond a region", "geen-bevoegdheid")


@router.get(
    "/regios/{regio}/inzagelog",
    response_model=InzagelogPagina,
    responses=LEZEN | CSV,
    summary="Who read the region's cases: the access log (auditor, privacy officer)",
)
async def lees_inzagelog(
    regio: RegioPad,
    _lezer: Annotated[CasusService, Depends(regio_toegang(Handeling.INZAGELOG_LEZEN))],
    filter_: Filter,
    logs: Logs,
    deps: Deps,
    request: Request,
) -> Any:
    """Every recorded read of a case's data or history, every export, every auditor request, every read of
    this log: filter on `casus`, `van`/`tot` (days, inclusive) and `wie`; page on with `na`."""
    return await _pagina(regio, logs.regios.get(regio), filter_, deps, request)


@router.get(
    "/netwerken/{netwerk}/inzagelog",
    response_model=InzagelogPagina,
    responses=LEZEN | CSV,
    summary="The network's access log: reads of its cases and auditors' requests (auditor)",
    dependencies=[Depends(_alleen_auditor)],
)
async def lees_netwerk_inzagelog(netwerk: NetwerkPad, filter_: Filter, logs: Logs, deps: Deps, request: Request) -> Any:
    """As the region's log, for the network's cases (their case ids are the network's)."""
    return await _pagina(netwerk, logs.netwerken.get(netwerk), filter_, deps, request)


@router.get(
    "/inzagelog",
    response_model=InzagelogPagina,
    responses=LEZEN | CSV,
    summary="The node's access log: auditors' requests about no region or network it serves (auditor)",
    dependencies=[Depends(_alleen_auditor)],
)
async def lees_knooppunt_inzagelog(filter_: Filter, logs: Logs, deps: Deps, request: Request) -> Any:
    """Requests of auditors on routes without a region or network of this node (an unknown region among them)."""
    return await _pagina("knooppunt", logs.knooppunt, filter_, deps, request)
