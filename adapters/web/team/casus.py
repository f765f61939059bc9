"""A case's page, `/team/{regio}/casussen/{casus_id}`: its state, each norm, the timeline (the read model's, as
the API's GET .../tijdlijn), the network's answers, and the forms of the steps the user's role may take now; each
form posts to `.../{stap}`, which runs the API's command through the same service and comes back to the page
(303, with a message), or shows the page again with the form's errors at their fields."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from adapters.http.commando import RegioPad, stap_en_datum
from adapters.http.leesmodellen import MAX_POSITIE
from adapters.http.schemas import CasusPubliek
from adapters.leesmodellen import LeesModellen
from adapters.tokens import Gebruiker
from adapters.web import sessie
from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import Formfouten, meld, toon
from adapters.web.team.formulier import (
    MEER,
    SLEUTEL,
    SLEUTELVORM,
    Formulier,
    herkomst,
    lees,
    nieuwe_sleutel,
    uitvoeren,
)
from adapters.web.team.formulier import _nederlands as nederlands
from adapters.web.team.stappen import STAPPEN, Stap, nu_mogelijk, open_niveaus
from adapters.web.team.toegang import (
    Lezer,
    Modellen,
    TeamRoute,
    casus_lezen,
    dienst_van,
    in_draad,
    niet_gevonden,
    paginacontext,
)
from domain.casus import Casus
from domain.normen import NormStatus
from domain.regioprofiel import RegioProfiel
from domain.rollen import Handeling
from domain.werkdagen import Werkkalender
from projections.queries import tijdlijn
from services.casussen import CasusService

router = APIRouter(include_in_schema=False, route_class=TeamRoute)

CasusId = Annotated[str, Path(max_length=100)]
StapPad = Annotated[str, Path(max_length=40, pattern=r"^[a-z]+(?:-[a-z]+)*$")]
Na = Annotated[int | None, Query(ge=0, le=MAX_POSITIE)]


def _uuid(casus_id: str) -> UUID:
    try:
        return UUID(casus_id)
    except ValueError:
        raise niet_gevonden() from None


def normregels(normen: list[NormStatus], kalender: Werkkalender, vandaag: date) -> list[dict[str, Any]]:
    """Each norm with the words of its state: met, met late, overdue (with the working days), or open."""
    regels = []
    for n in normen:
        dagen = None
        if n.te_laat:
            dagen = max(kalender.werkdagen_tussen(n.deadline, vandaag), 1)
        elif n.voldaan_op is not None and n.gehaald is False:
            dagen = max(kalender.werkdagen_tussen(n.deadline, n.voldaan_op), 1)
        regels.append({"status": n, "werkdagen_te_laat": dagen})
    return regels


async def _tijdlijn(modellen: LeesModellen, regio: str, casus_id: UUID, na: int | None) -> list[dict[str, Any]]:
    """The read model's timeline of the case; after a step, once the read model has it (bounded wait)."""
    if na is not None:
        await modellen.projector(regio).wacht_tot(na, modellen.container.settings.leeswachttijd)
    return await modellen.vraag(regio, lambda conn, t: tijdlijn(conn, t, casus_id))


def _formulieren(
    casus: Casus, gebruiker: Gebruiker, service: CasusService, open_: Formulier | None, open_stap: str | None
) -> list[dict[str, Any]]:
    """The forms of the steps the role may take now: each with its key, what was filled in and its errors. A step
    sent from an older page that the case no longer offers stays too, so its refusal shows at its field."""
    stappen = nu_mogelijk(casus, gebruiker.rol, service)
    if open_ is not None and open_stap in STAPPEN and STAPPEN[open_stap] not in stappen:
        stappen.append(STAPPEN[open_stap])
    formulieren = []
    for i, stap in enumerate(stappen):
        eigen = open_ if open_stap == stap.naam else None
        rijen = dict(stap.groepen)
        if eigen is not None:
            for groep, aantal in eigen.rijen.items():
                rijen[groep] = max(rijen.get(groep, 0), aantal)
            if eigen.meer in rijen:
                rijen[eigen.meer] += 1
        formulieren.append(
            {
                "stap": stap,
                "open": stap.naam == open_stap if open_stap else i == 0,
                "sleutel": eigen.sleutel if eigen else nieuwe_sleutel(),
                "ingevuld": eigen.ingevuld if eigen else {},
                "fouten": eigen.fouten if eigen else Formfouten(),
                "rijen": rijen,
            }
        )
    return formulieren


async def _pagina(
    request: Request,
    regio: str,
    gebruiker: Gebruiker,
    service: CasusService,
    modellen: LeesModellen,
    casus: Casus,
    *,
    na: int | None = None,
    formulier: Formulier | None = None,
    stap: str | None = None,
) -> HTMLResponse:
    vandaag = service.vandaag()
    normen = service.normen(casus)
    publiek = CasusPubliek.van(casus, normen)
    profiel: RegioProfiel = service.profiel
    return toon(
        request,
        "team/casus.html",
        {
            **paginacontext(request, gebruiker, regio),
            "casus": publiek,
            "kort": str(casus.id)[:8],
            "vandaag": vandaag,
            "normen": normregels(normen, service.kalender, vandaag),
            "tijdlijn": await _tijdlijn(modellen, regio, casus.id, na),
            "netwerk": publiek.netwerkantwoorden,
            "formulieren": _formulieren(casus, gebruiker, service, formulier, stap),
            "niveaus": open_niveaus(casus, service),
            "adviessoorten": [s.value for s in profiel.adviessoorten],
            "doelen": [d for d in casus.advies.doelen] if casus.advies else [],
        },
        fouten=formulier.fouten if formulier else None,
    )


@router.get("/team/{regio}/casussen/{casus_id}", response_class=HTMLResponse, dependencies=[Depends(casus_lezen)])
async def casuspagina(
    request: Request,
    regio: RegioPad,
    casus_id: CasusId,
    gebruiker: PaginaGebruiker,
    service: Lezer,
    modellen: Modellen,
    na: Na = None,
) -> Response:
    """The case as it stands now, with the forms of the steps the role may take."""
    casus = await in_draad(service.casus, _uuid(casus_id))
    return await _pagina(request, regio, gebruiker, service, modellen, casus, na=na)


def _correctiewaarde(tekst: str) -> Any:
    """A corrected value as typed: JSON where it reads as JSON (a number, true/false, a list), else the text (also
    when it nests deeper than the JSON reader goes)."""
    try:
        return json.loads(tekst)
    except (ValueError, RecursionError):
        return tekst


async def lees_correctie(request: Request, stap: Stap) -> Formulier:
    """The correction form: rows of a field (dotted, in the part) and its new value, into the API's
    `wijzigingen`; an error about a field goes back to its row."""
    formulier = await request.form()
    ingevuld: dict[str, Any] = {}
    rijen: list[tuple[int, str, str]] = []
    for naam in dict.fromkeys(formulier.keys()):
        waarde = formulier.get(naam)
        if not isinstance(waarde, str) or naam in (sessie.CSRF_VELD, SLEUTEL, MEER):
            continue
        ingevuld[naam] = waarde.strip()
    for n in range(20):
        veld, waarde = ingevuld.get(f"wijziging.{n}.veld", ""), ingevuld.get(f"wijziging.{n}.waarde", "")
        if veld or waarde:
            rijen.append((n, veld, waarde))
    data: dict[str, Any] = {k: ingevuld[k] for k in ("onderdeel", "reden", "op") if ingevuld.get(k)}
    if rijen:
        data["wijzigingen"] = {veld: _correctiewaarde(waarde) for _, veld, waarde in rijen}
    sleutel = formulier.get(SLEUTEL)
    sleutel = sleutel if isinstance(sleutel, str) and SLEUTELVORM.fullmatch(sleutel) else nieuwe_sleutel()
    meer = "wijziging" if formulier.get(MEER) == "wijziging" else None
    aantal = {"wijziging": max([n + 1 for n, _, _ in rijen] + [stap.groepen["wijziging"]])}
    try:
        return Formulier(stap.schema.model_validate(data), Formfouten(), ingevuld, sleutel, meer, aantal)
    except ValidationError as e:
        fouten = Formfouten()
        for fout in e.errors(include_url=False, include_input=False):
            loc = [str(d) for d in fout["loc"]]
            veld = correctieveld(".".join(loc), rijen) if loc[:1] == ["wijzigingen"] else ".".join(loc)
            fouten.voeg_toe(veld or None, nederlands(fout))
        return Formulier(None, fouten, ingevuld, sleutel, meer, aantal)


def correctieveld(veld: str | None, rijen: list[tuple[int, str, str]]) -> str | None:
    """`wijzigingen.<field>...` (the API's and the domain's name) as the form's row of that field."""
    if not veld or not veld.startswith("wijzigingen"):
        return veld
    pad = veld.removeprefix("wijzigingen").lstrip(".")
    for n, eigen, _ in rijen:
        if pad == eigen or pad.startswith(f"{eigen}.") or eigen.startswith(f"{pad}."):
            return f"wijziging.{n}.waarde"
    return f"wijziging.{rijen[0][0]}.veld" if rijen else "wijziging.0.veld"


@router.post("/team/{regio}/casussen/{casus_id}/{stap_naam}", response_class=HTMLResponse)
async def zet_stap(
    request: Request,
    regio: RegioPad,
    casus_id: CasusId,
    stap_naam: StapPad,
    gebruiker: PaginaGebruiker,
    modellen: Modellen,
) -> Response:
    """Runs the step's command as the API does; 303 to the case page with a message, or the page again with the
    form's errors (422) or one more row (200, nothing recorded)."""
    stap = STAPPEN.get(stap_naam)
    if stap is None:
        raise niet_gevonden()
    service = dienst_van(request, regio, gebruiker, Handeling.LEZEN)
    id_ = _uuid(casus_id)
    casus = await in_draad(service.casus, id_)
    dienst_van(request, regio, gebruiker, stap.handeling)
    if stap.naam == "correctie":
        formulier = await lees_correctie(request, stap)
    else:
        formulier = await lees(request, stap.schema, lijsten=stap.lijsten, vinkjes=stap.vinkjes, regels=stap.regels)
    if formulier.meer is not None:
        formulier.fouten = Formfouten()
        return await _pagina(request, regio, gebruiker, service, modellen, casus, formulier=formulier, stap=stap.naam)
    if formulier.waarde is not None:
        waarde, op = stap_en_datum(formulier.waarde, stap.waarde)
        resultaat, fouten, nieuw = await uitvoeren(
            stap.uitvoeren,
            service,
            id_,
            waarde,
            herkomst(gebruiker, formulier.sleutel, request, formulier.waarde),
            op=op,
        )
        if resultaat is not None:
            antwoord = RedirectResponse(
                f"/team/{regio}/casussen/{id_}?na={resultaat.positie or 0}#casus", status_code=303
            )
            tekst = stap.gelukt if not resultaat.herhaald else "Dit was al vastgelegd."
            for waarschuwing in resultaat.waarschuwingen:
                tekst += f" Let op: {waarschuwing.melding}"
            meld(request, antwoord, tekst)
            return antwoord
        fouten = _correctiefouten(fouten, formulier) if stap.naam == "correctie" else formulier.op_hun_plaats(fouten)
        formulier.fouten = fouten
        if nieuw:
            formulier.sleutel = nieuwe_sleutel()
        casus = await in_draad(service.casus, id_)
    return await _pagina(request, regio, gebruiker, service, modellen, casus, formulier=formulier, stap=stap.naam)


def _correctiefouten(fouten: Formfouten, formulier: Formulier) -> Formfouten:
    rijen = [
        (n, formulier.ingevuld.get(f"wijziging.{n}.veld", ""), "")
        for n in range(formulier.rijen.get("wijziging", 0))
        if formulier.ingevuld.get(f"wijziging.{n}.veld")
    ]
    return fouten.verplaatst(lambda veld: correctieveld(veld, rijen))
