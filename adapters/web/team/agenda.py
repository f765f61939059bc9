"""The region's agenda, `/team/{regio}/agenda`: the API's GET /regios/{regio}/agenda as a page (the meetings
with their cases, evaluations and the expertise to invite; the cases waiting for a slot, overdue ones marked),
and a form to call an extra meeting (POST /regios/{regio}/overleggen) for who may plan meetings."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from adapters.http.agenda import LANGSTE_PERIODE, STANDAARD_PERIODE, NieuwOverlegVerzoek
from adapters.http.commando import RegioPad, stap_en_datum
from adapters.tokens import Gebruiker
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import Formfouten, meld, toon
from adapters.web.team.casus import Na
from adapters.web.team.formulier import Formulier, herkomst, lees, nieuwe_sleutel, uitvoeren
from adapters.web.team.toegang import Lezer, Modellen, TeamRoute, dienst_van, paginacontext
from domain.overlegmoment import NieuwOverleg
from domain.rollen import Handeling, mag
from domain.waarden import Datum
from projections.agendavraag import lees_agenda
from services.casussen import CasusService

router = APIRouter(include_in_schema=False, route_class=TeamRoute)


class Periode(BaseModel):
    van: Datum | None = None
    tot: Datum | None = None


def _periode(request: Request, vandaag: date) -> tuple[date, date, Formfouten, dict[str, str]]:
    ingevuld = {k: request.query_params.get(k, "").strip()[:20] for k in ("van", "tot")}
    try:
        periode = Periode.model_validate({k: v for k, v in ingevuld.items() if v})
    except ValidationError as e:
        return vandaag, vandaag + STANDAARD_PERIODE, Formfouten.uit_validatie(e), ingevuld
    begin = periode.van or vandaag
    einde = periode.tot or begin + STANDAARD_PERIODE
    if einde < begin or einde - begin > LANGSTE_PERIODE:
        fouten = Formfouten().voeg_toe("tot", "Kies een einddatum na de begindatum, hoogstens 366 dagen later.")
        return vandaag, vandaag + STANDAARD_PERIODE, fouten, ingevuld
    return begin, einde, Formfouten(), ingevuld


async def _pagina(
    request: Request,
    regio: str,
    gebruiker: Gebruiker,
    service: CasusService,
    modellen: Any,
    *,
    formulier: Formulier | None = None,
    na: int | None = None,
) -> HTMLResponse:
    vandaag = service.vandaag()
    begin, einde, periodefouten, periode = _periode(request, vandaag)
    if na is not None:  # after a new meeting: once the read model has it (bounded wait)
        await modellen.projector(regio).wacht_tot(na, modellen.container.settings.leeswachttijd)
    agenda = await modellen.vraag(
        regio, lambda conn, t: lees_agenda(conn, t, service.profiel, service.kalender, vandaag, begin, einde)
    )
    fouten = formulier.fouten if formulier else Formfouten()
    return toon(
        request,
        "team/agenda.html",
        {
            **paginacontext(request, gebruiker, regio),
            "agenda": agenda,
            "van": begin,
            "tot": einde,
            "periode": periode,
            "periodefouten": periodefouten,
            "mag_plannen": mag(gebruiker.rol, Handeling.OVERLEG_PLANNEN),
            "nieuw": {
                "sleutel": formulier.sleutel if formulier else nieuwe_sleutel(),
                "ingevuld": formulier.ingevuld if formulier else {"duur_minuten": "120"},
                "fouten": fouten,
            },
        },
        fouten=fouten or None,
        status=400 if periodefouten and not fouten else 200,
    )


@router.get("/team/{regio}/agenda", response_class=HTMLResponse)
async def agendapagina(
    request: Request, regio: RegioPad, gebruiker: PaginaGebruiker, service: Lezer, modellen: Modellen, na: Na = None
) -> Response:
    """The meetings of the period (from today, 13 weeks, by default) and the cases waiting for a slot."""
    return await _pagina(request, regio, gebruiker, service, modellen, na=na)


@router.post("/team/{regio}/agenda", response_class=HTMLResponse)
async def beleg_overleg(request: Request, regio: RegioPad, gebruiker: PaginaGebruiker, modellen: Modellen) -> Response:
    """Calls an extra meeting as the API does; back to the agenda of its day, or the form with its errors."""
    service = dienst_van(request, regio, gebruiker, Handeling.OVERLEG_PLANNEN)
    formulier = await lees(request, NieuwOverlegVerzoek)
    if formulier.waarde is not None:
        nieuw, op = stap_en_datum(formulier.waarde, NieuwOverleg)
        resultaat, fouten, opnieuw = await uitvoeren(
            service.agenda.beleg, nieuw, herkomst(gebruiker, formulier.sleutel, request, formulier.waarde), op
        )
        if resultaat is not None:
            datum = resultaat.casus.datum
            antwoord = RedirectResponse(
                f"/team/{regio}/agenda?van={datum}&na={resultaat.positie or 0}", status_code=303
            )
            meld(request, antwoord, f"Overleg van {datum.strftime('%d-%m-%Y')} belegd.")
            return antwoord
        formulier.fouten = fouten
        if opnieuw:
            formulier.sleutel = nieuwe_sleutel()
    return await _pagina(request, regio, gebruiker, service, modellen, formulier=formulier)
