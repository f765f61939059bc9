"""The kernteam's inbox: the network's cases, the next deadline first, with the decision and contact-person
deadlines and what is overdue (in red and in words), filters and paging. The same read model and query as
`GET /netwerken/{netwerk}/inbox`."""

import math
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from adapters.http.commando import SLUG
from adapters.http.leesmodellen import MAX_PAGINA, leesmodellen
from adapters.web.netwerk.teksten import STATUSSEN
from adapters.web.netwerk.termijnen import Termijnstand, datum, termijn
from adapters.web.netwerk.toegang import als_pagina, netwerkdienst
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import toon
from adapters.web.teksten import URGENTIES
from domain.netwerkcasus import Status
from projections.inbox import Inboxfilter, inbox

router = APIRouter(include_in_schema=False)
PER_PAGINA = 25


def _leeg_is_niets(waarde: Any) -> Any:
    return None if waarde == "" else waarde


class Inboxvraag(BaseModel):
    """The inbox's filters and page, from the address (bounded as the API's query)."""

    status: Annotated[Status | None, BeforeValidator(_leeg_is_niets)] = None
    regio: Annotated[Annotated[str, Field(max_length=60, pattern=SLUG)] | None, BeforeValidator(_leeg_is_niets)] = None
    te_laat: Annotated[bool | None, BeforeValidator(_leeg_is_niets)] = None
    pagina: int = Field(1, ge=1, le=MAX_PAGINA)


def _regel(rij: dict[str, Any], request: Request, netwerk: str, vandaag: Any, kalender: Any) -> dict[str, Any]:
    profielen = request.app.state.container.profielen
    open_ = rij["status"] == Status.IN_BEHANDELING
    return {
        **rij,
        "pad": f"/netwerk/{netwerk}/casussen/{rij['netwerkcasus_id']}",
        "regionaam": profielen[rij["regio"]].naam if rij["regio"] in profielen else rij["regio"],
        "statustekst": STATUSSEN.get(rij["status"], rij["status"]),
        "urgentietekst": URGENTIES.get(rij["urgentie"], rij["urgentie"]),
        "ontvangen": datum(rij["ontvangen_op"]),
        "besluit": termijn(
            rij["besluit_uiterlijk"], rij["besluit_op"], vandaag, kalender, loopt=rij["status"] == Status.ONTVANGEN
        ),
        "contact": (
            Termijnstand(rij["contactpersoon_uiterlijk"], f"voldaan: {rij['contactpersoon']}", False)
            if rij["contactpersoon"] and rij["contactpersoon_uiterlijk"]
            else termijn(rij["contactpersoon_uiterlijk"], None, vandaag, kalender, loopt=open_)
        ),
    }


@router.get("/netwerk/{netwerk}/inbox")
@als_pagina
async def inboxpagina(request: Request, netwerk: str, gebruiker: PaginaGebruiker) -> Response:
    """The inbox of the network, for its kernteam."""
    dienst = netwerkdienst(request, netwerk, gebruiker)
    try:
        vraag = Inboxvraag.model_validate(dict(request.query_params))
    except ValidationError:
        return toon(request, "netwerk/inbox.html", _leeg(request, netwerk), status=400)
    modellen = leesmodellen(request)
    filter_ = Inboxfilter(vraag.status, vraag.te_laat, vraag.regio, vraag.pagina, PER_PAGINA)
    vandaag = dienst.vandaag()
    totaal, rijen = await modellen.vraag_inbox(netwerk, lambda conn, schema: inbox(conn, schema, filter_, vandaag))
    paginas = max(1, math.ceil(totaal / PER_PAGINA))
    filters = {k: v for k, v in vraag.model_dump(exclude={"pagina"}, mode="json").items() if v is not None}

    def naar(pagina: int) -> str:
        return f"/netwerk/{netwerk}/inbox?" + urlencode({**filters, "pagina": pagina})

    return toon(
        request,
        "netwerk/inbox.html",
        {
            **_leeg(request, netwerk, ongeldig=False),
            "vraag": vraag,
            "casussen": [_regel(r, request, netwerk, vandaag, dienst.kalender) for r in rijen],
            "totaal": totaal,
            "paginas": paginas,
            "vorige": naar(vraag.pagina - 1) if vraag.pagina > 1 else None,
            "volgende": naar(vraag.pagina + 1) if vraag.pagina < paginas else None,
            "vandaag": datum(vandaag),
        },
    )


def _leeg(request: Request, netwerk: str, *, ongeldig: bool = True) -> dict[str, Any]:
    """The page's frame: the network, the filters' choices; no cases (a bad filter answers with this, 400)."""
    profielen = request.app.state.container.profielen
    regios = sorted((slug, p.naam) for slug, p in profielen.items() if p.netwerk == netwerk)
    return {
        "netwerk": netwerk,
        "vraag": Inboxvraag(),
        "casussen": [],
        "totaal": 0,
        "paginas": 1,
        "vorige": None,
        "volgende": None,
        "vandaag": None,
        "statussen": STATUSSEN,
        "datum": datum,
        "regios": regios,
        "ongeldig": ongeldig,
    }
