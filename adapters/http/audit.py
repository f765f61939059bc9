"""Routes for auditors and a region's privacy officer: the work queue as it stood at the end of a day."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from adapters.http.commando import RegioPad
from adapters.http.leesmodellen import MAX_PAGINA, Modellen
from adapters.http.problemen import LEZEN
from adapters.http.schemas import WerkvoorraadOp, WerkvoorraadRegel
from adapters.http.tabel_antwoord import CSV, csv_antwoord, wil_csv
from adapters.http.terugblik import Zone, ongeldig
from adapters.http.toegang import regio_toegang
from domain.casus import Fase
from domain.regioprofiel import Werkstroom
from domain.rollen import Handeling
from domain.terugblik import einde_van_dag
from domain.waarden import Datum, KorteTekst
from projections.queries import Werkvoorraadfilter
from projections.terugblik import speel_terug, werkvoorraad_rijen
from services.casussen import CasusService

router = APIRouter(prefix="/audit", tags=["audit"])

Terugkijker = Annotated[CasusService, Depends(regio_toegang(Handeling.TERUGKIJKEN))]
KOLOMMEN = tuple(WerkvoorraadRegel.model_fields)
"""The CSV's columns: a row of the work queue."""


def _csv_waarde(waarde: Any) -> Any:
    return str(waarde).lower() if isinstance(waarde, bool) else waarde


@router.get(
    "/regios/{regio}/werkvoorraad",
    response_model=WerkvoorraadOp,
    responses=LEZEN | CSV,
    summary="The region's work queue as it stood at the end of a day, replayed from its events (JSON or CSV)",
)
async def lees_audit_werkvoorraad(
    regio: RegioPad,
    op: Annotated[Datum, Query(description="The day (today at the latest); its end in DOORBRAAK_TIJDZONE.")],
    request: Request,
    dienst: Terugkijker,
    modellen: Modellen,
    zone: Zone,
    fase: Fase | None = None,
    werkstroom: Werkstroom | None = None,
    te_laat: bool | None = None,
    casusregisseur: Annotated[KorteTekst | None, Query()] = None,
    pagina: Annotated[int, Query(ge=1, le=MAX_PAGINA)] = 1,
    per_pagina: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    """The open cases after every event recorded up to the end of day `op`, overdue as of that day: the rows the
    live work queue showed then, built from the events (not from today's read model). `Accept: text/csv` gives
    every row that passes the filters, without pages."""
    if op > dienst.vandaag():
        raise ongeldig("query.op", "lies after today")
    filter_ = Werkvoorraadfilter(
        fase.value if fase else None,
        werkstroom.value if werkstroom else None,
        te_laat,
        casusregisseur,
        pagina,
        per_pagina,
    )
    tot = einde_van_dag(op, zone)
    projector = modellen.projector(regio)
    async with projector.pool.acquire(timeout=modellen.container.settings.verbind_timeout) as conn:
        toen = await speel_terug(conn, projector, tot)
    rijen = werkvoorraad_rijen(projector, toen.casussen.values(), filter_, op)
    if wil_csv(request):
        regels = [tuple(_csv_waarde(rij[kolom]) for kolom in KOLOMMEN) for rij in rijen]
        return csv_antwoord(KOLOMMEN, regels, f"werkvoorraad-{regio}-{op.isoformat()}.csv")
    begin = (pagina - 1) * per_pagina
    return WerkvoorraadOp(
        regio=regio,
        op=op,
        tot=tot,
        positie=toen.positie,
        events=toen.events,
        totaal=len(rijen),
        pagina=pagina,
        per_pagina=per_pagina,
        casussen=[WerkvoorraadRegel.model_validate(rij) for rij in rijen[begin : begin + per_pagina]],
    )
