"""Routes of the agenda: the region's meetings with their cases, an extra meeting, and an evaluation's slot."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from adapters.http import voorbeelden
from adapters.http.commando import (
    IdempotencyKey,
    RegioPad,
    herkomst_van,
    in_draad,
    meld_uitvoering,
    met_bedrijfsdatum,
    stap_en_datum,
)
from adapters.http.leesmodellen import Modellen, NaPositie, actueel
from adapters.http.problemen import LEZEN, SCHRIJVEN, Probleem
from adapters.http.toegang import Bevoegd, regio_bevoegd, regio_toegang
from domain.casus import Fase
from domain.overlegmoment import Agendapuntsoort, NieuwOverleg
from domain.regioprofiel import Overlegsoort, Werkstroom
from domain.rollen import Handeling
from domain.waarden import Datum, Urgentie
from projections.agendavraag import lees_agenda
from services.casussen import CasusService

router = APIRouter(prefix="/regios/{regio}", tags=["agenda"])

STANDAARD_PERIODE = timedelta(weeks=13)
LANGSTE_PERIODE = timedelta(days=366)
NieuwOverlegVerzoek = met_bedrijfsdatum(NieuwOverleg)


class OverlegPubliek(BaseModel):
    """A meeting as recorded."""

    overleg_id: UUID
    regio: str
    datum: date
    soort: Overlegsoort
    duur_minuten: int
    extra: bool
    locatie: str | None
    toelichting: str | None
    versie: int
    positie: int | None = None


class AgendaCasus(BaseModel):
    casus_id: UUID
    soort: Agendapuntsoort = Field(
        description="nieuw, terug-op-tafel or evaluatie (the last two count as evaluations)."
    )
    fase: Fase | None
    werkstroom: Werkstroom | None
    urgentie: Urgentie | None
    uit_te_nodigen_expertise: list[str]
    ingepland_op: date


class Evaluaties(BaseModel):
    aantal: int
    ruimte: int = Field(description="How many more evaluations the meeting takes.")
    casussen: list[UUID]


class AgendaOverleg(BaseModel):
    overleg_id: UUID
    datum: date
    soort: Overlegsoort
    duur_minuten: int
    extra: bool = Field(description="Called apart from the region's cadence.")
    vastgelegd: bool = Field(description="Recorded: called apart, or a meeting of the cadence with a case planned.")
    locatie: str | None
    toelichting: str | None
    casussen: list[AgendaCasus]
    nieuwe_casussen: int
    evaluaties: Evaluaties
    uit_te_nodigen_expertise: list[str] = Field(description="The expertise the triage of its cases asked to invite.")


class Voorgesteld(BaseModel):
    overleg_id: UUID
    datum: date
    soort: Overlegsoort


class WachtendeCasus(BaseModel):
    casus_id: UUID
    wacht_op: Agendapuntsoort
    werkstroom: Werkstroom
    urgentie: Urgentie
    aangemeld_op: date
    ronde_start: date
    norm: str | None = Field(description="The norm its slot must meet: overleg or evaluatie (none back at the table).")
    uiterlijk: date | None = Field(description="The norm's due date.")
    voorstel: Voorgesteld | None = Field(description="The first meeting from today that can take it (within a year).")
    achterstallig: bool = Field(description="Overdue for a slot: its norm passed, or the proposed meeting misses it.")
    reden: str | None = Field(description="norm-verstreken or volgend-overleg-na-norm.")


class Agenda(BaseModel):
    """The region's meetings of a period with their cases, and the cases waiting for a slot."""

    regio: str
    van: date
    tot: date
    vandaag: date
    actueel: bool = Field(description="Whether the read model reached the requested na_positie.")
    max_evaluaties: int
    overleggen: list[AgendaOverleg]
    wachtend: list[WachtendeCasus] = Field(description="In order of registration.")


def _periode(van: date | None, tot: date | None, vandaag: date) -> tuple[date, date]:
    begin = van or vandaag
    einde = tot or begin + STANDAARD_PERIODE
    if einde < begin or einde - begin > LANGSTE_PERIODE:
        melding = "query.tot: from van, at most 366 days on"
        raise Probleem(422, "Invalid request", melding, "ongeldig-verzoek", veld="query.tot")
    return begin, einde


@router.get(
    "/agenda",
    response_model=Agenda,
    responses=LEZEN,
    summary="The region's meetings and waiting cases",
    name="lees_agenda",
)
async def agenda(
    regio: RegioPad,
    service: Annotated[CasusService, Depends(regio_toegang(Handeling.LEZEN))],
    modellen: Modellen,
    response: Response,
    na_positie: NaPositie,
    van: Annotated[Datum | None, Query(description="First day (default today).")] = None,
    tot: Annotated[Datum | None, Query(description="Last day (default 13 weeks on; at most 366 days).")] = None,
) -> dict[str, Any]:
    """The meetings from the cadence and those called apart, each with its cases, evaluations and the
    expertise to invite; and the cases waiting for a slot, in order of registration, with the meeting
    proposed for each and whether it is overdue."""
    vandaag = service.vandaag()
    begin, einde = _periode(van, tot, vandaag)
    bereikt = await actueel(modellen, modellen.projector(regio), na_positie, response)
    antwoord = await modellen.vraag(
        regio,
        lambda conn, t: lees_agenda(conn, t, service.profiel, service.kalender, vandaag, begin, einde),
    )
    return {**antwoord, "actueel": bereikt}


@router.post(
    "/overleggen",
    status_code=201,
    response_model=OverlegPubliek,
    responses=SCHRIJVEN,
    summary="Call an extra meeting (e.g. a doorbraaktafel)",
)
async def beleg_overleg(
    regio: RegioPad,
    verzoek: Annotated[
        NieuwOverlegVerzoek,  # type: ignore[valid-type]
        Body(openapi_examples={"doorbraaktafel": {"value": voorbeelden.NIEUW_OVERLEG}}),
    ],
    request: Request,
    response: Response,
    bevoegd: Annotated[Bevoegd, Depends(regio_bevoegd(Handeling.OVERLEG_PLANNEN))],
    idempotency_key: IdempotencyKey = None,
) -> OverlegPubliek:
    """A meeting apart from the cadence, on a date without one of its kind (else 409 overleg-bestaat-al)."""
    herkomst = herkomst_van(bevoegd.gebruiker, idempotency_key, request, verzoek)
    nieuw, op = stap_en_datum(verzoek, NieuwOverleg)
    resultaat = await in_draad(bevoegd.service.agenda.beleg, nieuw, herkomst, op)
    meld_uitvoering(resultaat, response)
    moment = resultaat.casus
    response.headers["Location"] = f"/regios/{regio}/agenda?van={moment.datum}&tot={moment.datum}"
    return OverlegPubliek(
        overleg_id=moment.id,
        regio=regio,
        datum=moment.datum,
        soort=moment.soort,
        duur_minuten=moment.duur_minuten,
        extra=moment.extra,
        locatie=moment.locatie,
        toelichting=moment.toelichting,
        versie=moment.version,
        positie=resultaat.positie,
    )
