"""A parent's or young person's request to see the file (AVG art. 15), answered by the region's privacy
officer: everything stored about the young person in plain Dutch, as JSON or as a PDF. Recorded as an export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from adapters.http.commando import CasusPad, RegioPad, casus_id_uit
from adapters.http.inzage_pdf import maak_pdf
from adapters.http.inzagelog import Logs
from adapters.http.inzageregistratie import vastleggen
from adapters.http.problemen import LEZEN
from adapters.http.schemas import HistorieRegel
from adapters.http.toegang import Deps, HuidigeGebruiker, regio_toegang
from adapters.inzagelog import Inzagelogs
from domain import inzage
from domain.casus import Fase
from domain.inzagelog import Toegangssoort
from domain.netwerk import Escalatie
from domain.rollen import Handeling
from services.casussen import CasusService

router = APIRouter(prefix="/regios/{regio}/casussen", tags=["inzage"])

MAX_GELEZEN = 10_000
"""Rows of the access log the overview lists at most (the log itself holds every one)."""
PDF = "application/pdf"


class Gegeven(BaseModel):
    veld: str = Field(description="What it is, in words: `aanmelder / naam`.")
    waarde: str = Field(description="As stored, in words: ja/nee, dates as 20-11-2026.")


class InzageStap(BaseModel):
    versie: int
    stap: str = Field(description="The step in plain Dutch.")
    type: str = Field(description="The stored event's name.")
    datum: date = Field(description="The day it happened.")
    vastgelegd: datetime = Field(description="When it was recorded.")
    door: str
    rol: str
    gegevens: list[Gegeven]


class NaarNetwerk(BaseModel):
    datum: date
    netwerk: str
    gegevens: list[Gegeven]


class Inzien(BaseModel):
    """Someone who read the file."""

    tijdstip: datetime
    wie: str
    rol: str
    handeling: str = Field(description="What they did, in plain Dutch.")
    doel: str | None = Field(description="The purpose an auditor gave.")
    waar: str = Field(description="`regio`, or the network's slug for a read of the case the network received.")


class Inzage(BaseModel):
    """Everything stored about the young person of one case."""

    casus_id: UUID
    regio: str
    regionaam: str
    fase: Fase
    opgesteld: datetime
    opgesteld_door: str
    toelichting: str
    persoonsgegevens: list[Gegeven] = Field(description="As they are now, after any correction.")
    stappen: list[InzageStap]
    naar_netwerk: list[NaarNetwerk] = Field(description="What was sent to the supra-regional network.")
    ingezien: list[Inzien] = Field(description="Who read the file, when (this request not yet among them).")
    ingezien_volledig: bool = Field(description=f"False when more than {MAX_GELEZEN} reads were recorded.")


def _gegevens(data: dict[str, Any]) -> list[Gegeven]:
    return [Gegeven(veld=veld, waarde=waarde) for veld, waarde in inzage.gegevens(data)]


async def _ingezien(
    logs: Inzagelogs, regio: str, casus_id: UUID, escalaties: list[Escalatie]
) -> tuple[list[Inzien], bool]:
    """The region's reads of the case, and the network's of the case it received, where this node keeps them."""
    bronnen: list[tuple[str, Any, list[UUID]]] = [("regio", logs.regios.get(regio), [casus_id])]
    for escalatie in escalaties:
        bronnen.append((escalatie.netwerk, logs.netwerken.get(escalatie.netwerk), [escalatie.netwerkcasus_id]))
    rijen: list[tuple[str, dict[str, Any]]] = []
    for waar, logboek, ids in bronnen:
        if logboek is not None:
            rijen += [(waar, rij) for rij in await logboek.van_casussen(ids, MAX_GELEZEN + 1)]
    rijen.sort(key=lambda r: r[1]["tijdstip"])
    gelezen = [
        Inzien(
            tijdstip=rij["tijdstip"],
            wie=rij["wie"],
            rol=rij["rol"],
            handeling=inzage.handeling(rij["soort"]),
            doel=rij["doel"],
            waar=waar,
        )
        for waar, rij in rijen[:MAX_GELEZEN]
    ]
    return gelezen, len(rijen) <= MAX_GELEZEN


def _stappen(events: list[Any]) -> tuple[list[InzageStap], list[NaarNetwerk], list[Escalatie]]:
    """Each step in words; apart, what an escalation sent to the network."""
    stappen, naar_netwerk, escalaties = [], [], []
    for event in events:
        regel = HistorieRegel.van(event)
        data = dict(regel.data)
        verzonden = data.pop("escalatie", None)
        escalatie = getattr(event, "escalatie", None)
        if verzonden and isinstance(escalatie, Escalatie):
            escalaties.append(escalatie)
            naar_netwerk.append(NaarNetwerk(datum=regel.op, netwerk=escalatie.netwerk, gegevens=_gegevens(verzonden)))
        stappen.append(
            InzageStap(
                versie=regel.versie,
                stap=inzage.stapnaam(regel.type),
                type=regel.type,
                datum=regel.op,
                vastgelegd=regel.tijdstip,
                door=regel.actor,
                rol=regel.rol,
                gegevens=_gegevens(data),
            )
        )
    return stappen, naar_netwerk, escalaties


@router.get(
    "/{casus_id}/inzage",
    response_model=Inzage,
    responses=LEZEN
    | {
        200: {
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
            "description": "JSON, or a PDF on `Accept: application/pdf`.",
        }
    },
    summary="A request to see the file (AVG art. 15): everything stored, in plain Dutch (privacy officer)",
    dependencies=[Depends(vastleggen(Toegangssoort.EXPORT))],
)
async def geef_inzage(
    regio: RegioPad,
    casus_id: CasusPad,
    request: Request,
    deps: Deps,
    logs: Logs,
    gebruiker: HuidigeGebruiker,
    service: Annotated[CasusService, Depends(regio_toegang(Handeling.INZAGE_GEVEN))],
) -> Any:
    """Every step with its date and who recorded it, the personal data as they are now, what was sent to the
    network, and who read the file when; `Accept: application/pdf` for a PDF. Recorded as an export."""
    id_ = casus_id_uit(casus_id)
    zone = ZoneInfo(deps.settings.tijdzone)
    inzicht = await overzicht(service, logs, id_, gebruiker.naam, zone)
    if PDF in request.headers.get("accept", ""):
        return await pdf_antwoord(inzicht, zone)
    return inzicht


async def overzicht(service: CasusService, logs: Inzagelogs, id_: UUID, door: str, zone: ZoneInfo) -> Inzage:
    """Everything stored about the case's young person, drawn up now by `door` (the API's and the page's)."""
    casus, events = await run_in_threadpool(lambda: (service.casus(id_), service.historie(id_)))
    stappen, naar_netwerk, escalaties = _stappen(events)
    ingezien, volledig = await _ingezien(logs, service.profiel.slug, id_, escalaties)
    return Inzage(
        casus_id=id_,
        regio=service.profiel.slug,
        regionaam=service.profiel.naam,
        fase=casus.fase,
        opgesteld=datetime.now(zone),
        opgesteld_door=door,
        toelichting=inzage.TOELICHTING,
        persoonsgegevens=_gegevens(casus.persoonsgegevens.model_dump(mode="json")) if casus.persoonsgegevens else [],
        stappen=stappen,
        naar_netwerk=naar_netwerk,
        ingezien=ingezien,
        ingezien_volledig=volledig,
    )


async def pdf_antwoord(inzicht: Inzage, zone: ZoneInfo) -> Response:
    """The overview as a PDF download."""
    inhoud = await run_in_threadpool(maak_pdf, inzicht, zone)
    return Response(
        inhoud,
        media_type=PDF,
        headers={"Content-Disposition": f'attachment; filename="inzage-{inzicht.casus_id}.pdf"'},
    )
