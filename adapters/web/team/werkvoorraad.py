"""The team's work queue: `/team` (pick the region) and `/team/{regio}/werkvoorraad`, from the same read-model
query as the API's GET /regios/{regio}/werkvoorraad, with its filters, by due date, overdue in red with the
number of working days, in pages."""

from __future__ import annotations

from datetime import date
from math import ceil
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from adapters.http.commando import RegioPad
from adapters.http.leesmodellen import MAX_PAGINA
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import Formfouten, toon
from adapters.web.team.toegang import Lezer, Modellen, TeamRoute, paginacontext, regio_naam, team_gebruiker
from domain.casus import Fase
from domain.regioprofiel import Werkstroom
from domain.waarden import KorteTekst
from domain.werkdagen import Werkkalender
from projections.queries import Werkvoorraadfilter, werkvoorraad

router = APIRouter(include_in_schema=False, route_class=TeamRoute)

PER_PAGINA = (25, 50, 100)


class Filter(BaseModel):
    """The page's filters: the API's query parameters, with its bounds."""

    model_config = ConfigDict(extra="ignore")

    fase: Fase | None = None
    werkstroom: Werkstroom | None = None
    te_laat: bool | None = None
    casusregisseur: KorteTekst | None = None
    pagina: int = Field(1, ge=1, le=MAX_PAGINA)
    per_pagina: int = 25

    @field_validator("per_pagina")
    @classmethod
    def _per_pagina(cls, waarde: int) -> int:
        if waarde not in PER_PAGINA:
            raise ValueError("kies 25, 50 of 100 per pagina")
        return waarde


@router.get("/team", response_class=HTMLResponse)
async def kies_regio(request: Request, gebruiker: PaginaGebruiker) -> Response:
    """The werkvoorraad of the user's region; a user of several regions picks one."""
    team_gebruiker(gebruiker)
    regios = [r for r in gebruiker.regios if r in request.app.state.container.casussen]
    if len(regios) == 1:
        return RedirectResponse(f"/team/{regios[0]}/werkvoorraad", status_code=303)
    return toon(request, "team/kies.html", {"regios": [(r, regio_naam(request, r)) for r in regios]})


def _filter(request: Request) -> tuple[Filter, Formfouten, dict[str, str]]:
    ingevuld = {k: v.strip()[:200] for k, v in request.query_params.items() if k in Filter.model_fields}
    try:
        return Filter.model_validate({k: v for k, v in ingevuld.items() if v}), Formfouten(), ingevuld
    except ValidationError as e:
        return Filter(), Formfouten.uit_validatie(e), ingevuld


def te_laat_dagen(kalender: Werkkalender, vandaag: date, rijen: list[dict[str, Any]]) -> None:
    """Each overdue row with the working days it is overdue (`werkdagen_te_laat`), once per due date."""
    geteld: dict[date, int] = {}
    for rij in rijen:
        deadline = rij["volgende_deadline"]
        if rij["te_laat"] and deadline is not None:
            if deadline not in geteld:
                geteld[deadline] = max(kalender.werkdagen_tussen(deadline, vandaag), 1)
            rij["werkdagen_te_laat"] = geteld[deadline]


@router.get("/team/{regio}/werkvoorraad", response_class=HTMLResponse)
async def werkvoorraad_pagina(
    request: Request, regio: RegioPad, gebruiker: PaginaGebruiker, service: Lezer, modellen: Modellen
) -> Response:
    """Open cases, the next due date first, filtered as the API's werkvoorraad is."""
    filter_, fouten, ingevuld = _filter(request)
    vandaag = service.vandaag()
    totaal, rijen = 0, list[dict[str, Any]]()
    if not fouten:
        vraag = Werkvoorraadfilter(
            filter_.fase.value if filter_.fase else None,
            filter_.werkstroom.value if filter_.werkstroom else None,
            filter_.te_laat,
            filter_.casusregisseur,
            filter_.pagina,
            filter_.per_pagina,
        )
        totaal, rijen = await modellen.vraag(regio, lambda conn, t: werkvoorraad(conn, t, vraag, vandaag))
        te_laat_dagen(service.kalender, vandaag, rijen)
    paginas = max(ceil(totaal / filter_.per_pagina), 1)
    behouden = {k: v for k, v in ingevuld.items() if v and k != "pagina"}

    def naar(pagina: int) -> str:
        return f"/team/{regio}/werkvoorraad?" + urlencode({**behouden, "pagina": pagina})

    return toon(
        request,
        "team/werkvoorraad.html",
        {
            **paginacontext(request, gebruiker, regio),
            "regios": [(r, regio_naam(request, r)) for r in gebruiker.regios],
            "vandaag": vandaag,
            "filter": filter_,
            "ingevuld": ingevuld,
            "totaal": totaal,
            "rijen": rijen,
            "paginas": paginas,
            "vorige": naar(filter_.pagina - 1) if filter_.pagina > 1 else None,
            "volgende": naar(filter_.pagina + 1) if filter_.pagina < paginas else None,
        },
        fouten=fouten,
        status=400 if fouten else 200,
    )
