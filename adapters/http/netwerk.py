"""Routes of the network's kernteam: its inbox, its cases, their history, and its decisions."""

# Endpoints are built by a factory, so annotations stay real objects for FastAPI.

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from adapters.http import terugblik, voorbeelden
from adapters.http.commando import (
    SLUG,
    CasusPad,
    IdempotencyKey,
    NetwerkPad,
    casus_id_uit,
    herkomst_van,
    in_draad,
    meld_uitvoering,
    met_bedrijfsdatum,
    stap_en_datum,
)
from adapters.http.inzageregistratie import vastleggen
from adapters.http.leesmodellen import MAX_PAGINA, Modellen, NaPositie, actueel
from adapters.http.problemen import SCHRIJVEN, Probleem, antwoorden, niet_gevonden
from adapters.http.schemas import HistorieRegel, Inbox, Peilmoment
from adapters.http.terugblik import OpQuery, TotQuery, VersieQuery, Zone
from adapters.http.toegang import HuidigeGebruiker, container_van
from domain.inzagelog import Toegangssoort
from domain.netwerk import Actie, Escalatie, Kernteambesluit, NetwerkAfsluiting, NetwerkOpschaling
from domain.netwerkcasus import Netwerkcasus, Status
from domain.rollen import Rol
from domain.waarden import Knelpunt
from projections.inbox import Inboxfilter, inbox
from services.netwerk import NetwerkService
from services.uitvoering import Resultaat

router = APIRouter(prefix="/netwerken/{netwerk}", tags=["netwerk"])


def netwerk_toegang(schrijven: bool) -> Callable[..., Awaitable[NetwerkService]]:
    """The network's service for its kernteam (auditors may read); another network answers 404."""

    async def _netwerk(netwerk: NetwerkPad, request: Request, gebruiker: HuidigeGebruiker) -> NetwerkService:
        netwerken = container_van(request).netwerken
        kernteam = gebruiker.rol is Rol.KERNTEAM and netwerk in gebruiker.netwerken
        if netwerk not in netwerken or not (kernteam or gebruiker.rol is Rol.AUDITOR):
            raise niet_gevonden(f"Network {netwerk!r}")
        if schrijven and not kernteam:
            raise Probleem(
                403, "Forbidden", f"role {gebruiker.rol.value} may not act for the network", "geen-bevoegdheid"
            )
        return netwerken[netwerk]

    return _netwerk


Lezer = Annotated[NetwerkService, Depends(netwerk_toegang(schrijven=False))]
LEZEN = antwoorden(401, 404, 422, 503)


class ActiePubliek(BaseModel):
    op: date
    actie: Actie


class NetwerkcasusPubliek(BaseModel):
    id: UUID
    netwerk: str
    versie: int
    status: Status
    escalatie: Escalatie
    ontvangen_op: date
    besluit: Kernteambesluit | None
    besluit_op: date | None
    besluit_uiterlijk: date
    besluit_te_laat: bool
    acties: list[ActiePubliek]
    contactpersoon: str | None
    contactpersoon_uiterlijk: date | None
    contactpersoon_te_laat: bool
    knelpunten: list[Knelpunt]
    opschalingen: list[NetwerkOpschaling]
    afsluiting: NetwerkAfsluiting | None
    afgesloten_op: date | None
    positie: int | None = None
    peilmoment: Peilmoment | None = Field(
        None, description="With `op` or `versie`: which version this is and when; none: the case now."
    )

    @classmethod
    def van(
        cls, casus: Netwerkcasus, dienst: NetwerkService, positie: int | None = None, dag: date | None = None
    ) -> "NetwerkcasusPubliek":
        vandaag = dag or dienst.vandaag()
        uiterlijk = casus.besluit_uiterlijk(dienst.kalender)
        contact_uiterlijk = casus.contactpersoon_uiterlijk()
        return cls(
            id=casus.id,
            netwerk=dienst.netwerk,
            versie=casus.version,
            status=casus.status,
            escalatie=casus.escalatie,
            ontvangen_op=casus.ontvangen_op,
            besluit=casus.besluit,
            besluit_op=casus.besluit_op,
            besluit_uiterlijk=uiterlijk,
            besluit_te_laat=(casus.besluit_op or vandaag) > uiterlijk,
            acties=[ActiePubliek(op=op, actie=actie) for actie, op in casus.acties],
            contactpersoon=casus.contactpersoon,
            contactpersoon_uiterlijk=contact_uiterlijk,
            contactpersoon_te_laat=contact_uiterlijk is not None
            and (casus.contactpersoon_sinds or vandaag) > contact_uiterlijk,
            knelpunten=casus.knelpunten,
            opschalingen=[opschaling for opschaling, _ in casus.opschalingen],
            afsluiting=casus.afsluiting,
            afgesloten_op=casus.afgesloten_op,
            positie=positie,
        )


class NetwerkHistorie(BaseModel):
    casus_id: UUID
    netwerk: str
    events: list[HistorieRegel]
    tot: datetime | None = Field(None, description="With `tot`: the moment asked; the events recorded up to it.")


@router.get(
    "/inbox",
    response_model=Inbox,
    responses=LEZEN,
    summary="The kernteam's inbox: cases by status, decision due, overdue",
)
async def lees_inbox(
    netwerk: NetwerkPad,
    dienst: Lezer,
    modellen: Modellen,
    response: Response,
    na_positie: NaPositie,
    status: Status | None = None,
    te_laat: bool | None = None,
    regio: Annotated[str | None, Query(max_length=60, pattern=SLUG, description="A region's slug.")] = None,
    pagina: Annotated[int, Query(ge=1, le=MAX_PAGINA)] = 1,
    per_pagina: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Every case of the network with its next deadline (the kernteam's decision within 5 working days,
    a contact person within 2 weeks of taking it up) and whether it is overdue."""
    bijgewerkt = await actueel(modellen, modellen.inboxen[netwerk], na_positie, response)
    filter_ = Inboxfilter(status.value if status else None, te_laat, regio, pagina, per_pagina)
    vandaag = dienst.vandaag()
    totaal, casussen = await modellen.vraag_inbox(netwerk, lambda conn, schema: inbox(conn, schema, filter_, vandaag))
    return {
        "netwerk": netwerk,
        "actueel": bijgewerkt,
        "totaal": totaal,
        "pagina": pagina,
        "per_pagina": per_pagina,
        "casussen": casussen,
    }


@router.get(
    "/casussen/{casus_id}",
    response_model=NetwerkcasusPubliek,
    responses=LEZEN,
    summary="A network case now, or as it stood at a moment or version",
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
def lees_netwerkcasus(
    casus_id: CasusPad, dienst: Lezer, zone: Zone, op: OpQuery = None, versie: VersieQuery = None
) -> NetwerkcasusPubliek:
    """The case with its deadlines and what is overdue; with `op` (a moment) or `versie`, as it stood then, judged on
    that day (`peilmoment` says which version)."""
    id_ = casus_id_uit(casus_id)
    if op is None and versie is None:
        return NetwerkcasusPubliek.van(dienst.casus(id_), dienst)
    toen, peil = terugblik.stand(dienst, id_, op, versie, zone)
    antwoord = NetwerkcasusPubliek.van(toen, dienst, dag=peil.normen_op)
    antwoord.peilmoment = peil
    return antwoord


@router.get(
    "/casussen/{casus_id}/historie",
    response_model=NetwerkHistorie,
    responses=LEZEN,
    summary="Every event of a network case",
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
def lees_netwerkhistorie(
    netwerk: NetwerkPad, casus_id: CasusPad, dienst: Lezer, zone: Zone, tot: TotQuery = None
) -> NetwerkHistorie:
    """Every event in order; with `tot`, those recorded up to that moment."""
    id_ = casus_id_uit(casus_id)
    events = [HistorieRegel.van(e) for e in terugblik.historie(dienst, id_, tot, zone)]
    return NetwerkHistorie(casus_id=id_, netwerk=netwerk, events=events, tot=terugblik.tot_moment(tot, zone))


def _stap(
    pad: str,
    naam: str,
    schema: type[BaseModel],
    voorbeeld: dict[str, Any],
    uitvoeren: Callable[..., Resultaat[Netwerkcasus]],
    samenvatting: str,
) -> None:
    verzoekschema = met_bedrijfsdatum(schema)

    async def endpoint(
        casus_id: CasusPad,
        verzoek: Annotated[verzoekschema, Body(openapi_examples={pad: {"value": voorbeeld}})],  # type: ignore[valid-type]
        request: Request,
        response: Response,
        gebruiker: HuidigeGebruiker,
        dienst: Annotated[NetwerkService, Depends(netwerk_toegang(schrijven=True))],
        idempotency_key: IdempotencyKey = None,
    ) -> NetwerkcasusPubliek:
        herkomst = herkomst_van(gebruiker, idempotency_key, request, verzoek)
        waarde, op = stap_en_datum(verzoek, schema)
        resultaat = await in_draad(uitvoeren, dienst, casus_id_uit(casus_id), waarde, herkomst, op=op)
        meld_uitvoering(resultaat, response)
        return NetwerkcasusPubliek.van(resultaat.casus, dienst, resultaat.positie, resultaat.dag)

    endpoint.__name__ = naam
    endpoint.__doc__ = samenvatting
    router.add_api_route(
        f"/casussen/{{casus_id}}/{pad}",
        endpoint,
        methods=["POST"],
        response_model=NetwerkcasusPubliek,
        responses=SCHRIJVEN,
        summary=samenvatting,
        name=naam,
    )


_stap(
    "besluit",
    "neem_kernteambesluit",
    Kernteambesluit,
    voorbeelden.KERNTEAMBESLUIT,
    NetwerkService.besluit,
    "Kernteam decision (KernteamBesluit)",
)
_stap("actie", "spreek_actie_af", Actie, voorbeelden.ACTIE, NetwerkService.actie, "Agree on action (ActieAfgesproken)")
_stap(
    "knelpunt",
    "meld_knelpunt",
    Knelpunt,
    voorbeelden.KNELPUNT,
    NetwerkService.knelpunt,
    "Report a bottleneck (KnelpuntGemeld)",
)
_stap(
    "opschaling",
    "schaal_netwerkcasus_op",
    NetwerkOpschaling,
    voorbeelden.NETWERK_OPSCHALING,
    NetwerkService.opschaling,
    "Escalate to the commissioning board (Opgeschaald)",
)
_stap(
    "afsluiting",
    "sluit_netwerkcasus_af",
    NetwerkAfsluiting,
    voorbeelden.NETWERK_AFSLUITING,
    NetwerkService.afsluiting,
    "Close after the checklist (Afgesloten)",
)
