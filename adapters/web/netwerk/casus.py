"""The network case page: what the region sent (the eight intake questions), the state, the deadlines, what the
kernteam recorded, the history; and the forms the kernteam can use now, each posting to the same command as
`POST /netwerken/{netwerk}/casussen/{id}/<stap>` with a hidden idempotency key, answered with a redirect (303)
to this page, or with the form again and the messages at their fields."""

import re
import secrets
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from adapters.http.commando import herkomst_van, stap_en_datum
from adapters.http.schemas import HistorieRegel
from adapters.tokens import Gebruiker
from adapters.web import sessie
from adapters.web.netwerk import teksten
from adapters.web.netwerk.stappen import STAPPEN, Stap, mogelijk
from adapters.web.netwerk.termijnen import datum, termijn
from adapters.web.netwerk.toegang import NietGevonden, als_pagina, casus_id_uit, leest_casus, netwerkdienst
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import Formfouten, lees_formulier, meld, toon
from adapters.web.teksten import ROLLEN
from domain.fouten import RegelGeschonden
from domain.netwerkcasus import Netwerkcasus, Status
from services.fouten import GelijktijdigeWijziging, IdempotencyKeyHergebruikt
from services.netwerk import NetwerkService

router = APIRouter(include_in_schema=False)
SLEUTEL_VELD = "idempotency_key"
SLEUTEL = re.compile(r"[\x21-\x7e]{1,255}")


def nieuwe_sleutel() -> str:
    return "pagina-" + secrets.token_urlsafe(24)


def casuscontext(
    request: Request,
    dienst: NetwerkService,
    casus: Netwerkcasus,
    events: list[Any],
    *,
    actief: str | None = None,
    ingevuld: dict[str, Any] | None = None,
    sleutel: str | None = None,
    toezicht: bool = False,
) -> dict[str, Any]:
    """What the network case's page shows; for `toezicht` (an auditor's read) without the kernteam's forms."""
    vandaag, kalender = dienst.vandaag(), dienst.kalender
    zone = ZoneInfo(request.app.state.container.settings.tijdzone)
    profielen = request.app.state.container.profielen
    regio = casus.escalatie.regio
    formulieren = [] if toezicht else mogelijk(casus.status)
    if actief is not None and actief not in formulieren:
        formulieren.append(actief)  # refused because the case moved on: the form stays, with the reason
    return {
        "toezicht": toezicht,
        "netwerk": dienst.netwerk,
        "casus": casus,
        "casuspad": f"/netwerk/{dienst.netwerk}/casussen/{casus.id}",
        "regionaam": profielen[regio].naam if regio in profielen else regio,
        "status": teksten.STATUSSEN[casus.status],
        "besluittermijn": termijn(
            casus.besluit_uiterlijk(kalender),
            casus.besluit_op,
            vandaag,
            kalender,
            loopt=casus.status is Status.ONTVANGEN,
        ),
        "contacttermijn": termijn(
            casus.contactpersoon_uiterlijk(),
            casus.contactpersoon_sinds,
            vandaag,
            kalender,
            loopt=casus.status is Status.IN_BEHANDELING,
        ),
        "historie": [_historieregel(HistorieRegel.van(e), zone) for e in events],
        "formulieren": [STAPPEN[f] for f in formulieren],
        "actief": actief,
        "invuller": _invuller(actief, ingevuld or {}),
        "geen_fouten": Formfouten(),
        "sleutels": {f: (sleutel if f == actief and sleutel else nieuwe_sleutel()) for f in formulieren},
        "teksten": teksten,
        "datum": datum,
    }


def _historieregel(regel: HistorieRegel, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "op": datum(regel.op),
        "wat": teksten.GEBEURTENISSEN.get(regel.type, regel.type),
        "door": f"{regel.actor} ({ROLLEN.get(regel.rol, regel.rol)})",
        "vastgelegd": regel.tijdstip.astimezone(zone).strftime("%d-%m-%Y %H:%M"),
    }


def _invuller(actief: str | None, ingevuld: dict[str, Any]) -> Callable[[str], Callable[[str], str]]:
    """Per form, what its fields show: what was posted to the form just refused, else nothing."""

    def voor(vorm: str) -> Callable[[str], str]:
        return lambda naam: str(ingevuld.get(naam, "")) if vorm == actief else ""

    return voor


async def lees_casus(dienst: NetwerkService, casus_id: str) -> tuple[Netwerkcasus, list[Any]]:
    """The network case and its events; a malformed or unknown id is not found."""
    id_ = casus_id_uit(casus_id)
    casus = await run_in_threadpool(dienst.casus, id_)
    events = await run_in_threadpool(dienst.historie, id_)
    return casus, events


@router.get("/netwerk/{netwerk}/casussen/{casus_id}", dependencies=[Depends(leest_casus)])
@als_pagina
async def casuspagina(request: Request, netwerk: str, casus_id: str, gebruiker: PaginaGebruiker) -> Response:
    """The network case, for its network's kernteam."""
    dienst = netwerkdienst(request, netwerk, gebruiker)
    casus, events = await lees_casus(dienst, casus_id)
    return toon(request, "netwerk/casus.html", casuscontext(request, dienst, casus, events))


async def _stap(request: Request, netwerk: str, casus_id: str, gebruiker: Gebruiker, stap: Stap) -> Response:
    dienst = netwerkdienst(request, netwerk, gebruiker)
    id_ = casus_id_uit(casus_id)
    sleutel = (await request.form()).get(SLEUTEL_VELD)
    if not (isinstance(sleutel, str) and SLEUTEL.fullmatch(sleutel)):
        raise sessie.FormulierOnleesbaar("the form's idempotency key is missing or malformed")
    verzoek, fouten, ingevuld = await lees_formulier(request, stap.formschema, lijsten=())
    status = 422
    if verzoek is not None:
        herkomst = herkomst_van(gebruiker, sleutel, request, verzoek)
        waarde, op = stap_en_datum(verzoek, stap.schema)
        try:
            resultaat = await run_in_threadpool(stap.uitvoeren, dienst, id_, waarde, herkomst, op)
        except RegelGeschonden as e:
            fouten = Formfouten.uit_regel(e)
        except GelijktijdigeWijziging:
            fouten, status = (
                Formfouten().voeg_toe(
                    None,
                    "Iemand anders legde tegelijk iets vast bij deze casus. "
                    "Er is niets opgeslagen; bekijk de casus en verstuur opnieuw.",
                ),
                409,
            )
        except IdempotencyKeyHergebruikt:
            fouten, sleutel = (
                Formfouten().voeg_toe(
                    None,
                    "Dit formulier is al eens verstuurd met een andere inhoud. "
                    "Er is niets opgeslagen; verstuur het nog eens.",
                ),
                None,
            )
        else:
            verder = RedirectResponse(f"/netwerk/{netwerk}/casussen/{id_}", status_code=303)
            meld(
                request,
                verder,
                "Dit was al vastgelegd; er is niets dubbel opgeslagen." if resultaat.herhaald else stap.gelukt,
            )
            return verder
    casus, events = await lees_casus(dienst, casus_id)
    context = casuscontext(request, dienst, casus, events, actief=stap.pad, ingevuld=ingevuld, sleutel=sleutel)
    return toon(request, "netwerk/casus.html", context, fouten=stap.op_hun_plaats(fouten), status=status)


def _route(stap: Stap) -> None:
    async def endpoint(request: Request, netwerk: str, casus_id: str, gebruiker: PaginaGebruiker) -> Response:
        return await _stap(request, netwerk, casus_id, gebruiker, stap)

    endpoint.__name__ = f"netwerk_{stap.pad}"
    endpoint.__doc__ = f"{stap.titel}: the form posted from the network case page."
    router.add_api_route(
        f"/netwerk/{{netwerk}}/casussen/{{casus_id}}/{stap.pad}", als_pagina(endpoint), methods=["POST"]
    )


for _stap_ in STAPPEN.values():
    _route(_stap_)

__all__ = ["NietGevonden", "router"]
