"""The auditor's and the privacy officer's pages under `/toezicht`: the purpose of this session, a case's full
history and its state as of a moment, the work queue as it stood at the end of a day, the verification of a
region's or a network's tamper-evident log, and the access log of a region, a network or the node with its filters.

Each calls what the API route for the same thing calls (`adapters.http.casussen.lees_historie` and
`lees_casus`, `adapters.http.audit`, `adapters.http.verificatie`, `adapters.http.inzagelog`) and is recorded in
the access log as that route is: a case's history and state as a read (`lezen`), the log as `inzagelog`, and
every request of an auditor with the purpose they gave (`audit_pagina.AuditGebruiker`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from adapters.http import terugblik
from adapters.http.commando import CasusPad, NetwerkPad, RegioPad
from adapters.http.inzagelog import inzagelogs
from adapters.http.leesmodellen import leesmodellen
from adapters.http.problemen import Probleem
from adapters.http.schemas import HistorieRegel
from adapters.http.verificatie import _verifieer
from adapters.inzagelog import Inzagelog
from adapters.tokens import Gebruiker
from adapters.verificatie import Logboek, netwerk_logboek, regio_logboek
from adapters.web.audit_pagina import (
    DOEL_PAD,
    AuditGebruiker,
    Pagina,
    Paginaroute,
    gegeven_doel,
    gekozen_casus,
    regio_van,
    vastleggen,
    zet_doel,
    zichtbare_regios,
)
from adapters.web.netwerk.casus import casuscontext, lees_casus
from adapters.web.netwerk.toegang import NietGevonden
from adapters.web.sessie import PaginaGebruiker, veilige_volgende
from adapters.web.sjablonen import Formfouten, lees_formulier, meld, toon
from domain import inzage
from domain.inzagelog import MAX_DOEL, DoelOntbreekt, Inzagelogfilter, OngeldigFilter, Toegangssoort, controleer_doel
from domain.rollen import Handeling, Rol
from domain.terugblik import einde_van_dag
from projections.queries import Werkvoorraadfilter
from projections.terugblik import speel_terug, werkvoorraad_rijen

router = APIRouter(include_in_schema=False, route_class=Paginaroute)

PER_PAGINA = 50
NAAM = re.compile(r"[\w.@:+'-]+(?: [\w.@:+'-]+)*")
"""A user's name as tokens and accounts carry it (`adapters.tokens.Actor`)."""
Dag = Annotated[str | None, Query(max_length=10)]


@dataclass(frozen=True)
class Logbron:
    """Whose log a page shows: its name on the page, the page's address, and where one of its cases opens (a
    region's or a network's case has a page here; the node has no cases)."""

    naam: str
    basis: str
    uitleg: str
    casussen: str | None = None

    @classmethod
    def regio(cls, slug: str, naam: str) -> Logbron:
        uitleg = "Wie welke casus las, wanneer, hoe en waarom."
        return cls(naam, f"/toezicht/regios/{slug}", uitleg, f"/toezicht/regios/{slug}/casussen")

    @classmethod
    def netwerk(cls, slug: str) -> Logbron:
        uitleg = (
            "Wie welke casus van het netwerk las (het nummer is dat van het netwerk), wanneer, hoe en waarom, "
            "en elk verzoek van een auditor over het netwerk."
        )
        return cls(f"netwerk {slug}", f"/toezicht/netwerken/{slug}", uitleg, f"/toezicht/netwerken/{slug}/casussen")


@dataclass(frozen=True)
class Vraag:
    """An access log's filter as the address gives it, checked on its page."""

    casus: str | None
    van: str | None
    tot: str | None
    wie: str | None
    na: int


async def _vraag(
    casus: Annotated[str | None, Query(max_length=100)] = None,
    van: Dag = None,
    tot: Dag = None,
    wie: Annotated[str | None, Query(max_length=200)] = None,
    na: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0,
) -> Vraag:
    return Vraag(casus, van, tot, wie, na)


Logvraag = Annotated[Vraag, Depends(_vraag)]

KNOOPPUNT = Logbron(
    "dit knooppunt",
    "/toezicht/knooppunt",
    "De verzoeken van auditors over geen regio of netwerk van dit knooppunt, ook over een onbekende.",
)


class Doelformulier(BaseModel):
    doel: str = Field(min_length=1, max_length=MAX_DOEL)
    volgende: str = Field("/toezicht", max_length=1000)


def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.container.settings.tijdzone)


def _dag(naam: str, tekst: str | None, fouten: Formfouten) -> date | None:
    if not tekst:
        return None
    try:
        dag = date.fromisoformat(tekst)
    except ValueError:
        dag = None
    if dag is None or len(tekst) != 10 or not 2000 <= dag.year <= 2100:
        fouten.voeg_toe(naam, "Vul een datum in als JJJJ-MM-DD.")
        return None
    return dag


@router.get(DOEL_PAD, response_class=HTMLResponse)
async def doelpagina(
    request: Request, gebruiker: PaginaGebruiker, volgende: Annotated[str, Query(max_length=1000)] = "/toezicht"
) -> Response:
    """The purpose of this session: asked once, sent along with every read."""
    return toon(
        request,
        "toezicht/doel.html",
        {"doel": gegeven_doel(request) or "", "volgende": veilige_volgende(volgende)},
    )


@router.post(DOEL_PAD, response_class=HTMLResponse)
async def leg_doel_vast(request: Request, gebruiker: PaginaGebruiker) -> Response:
    """Keeps the purpose for the rest of the session and goes on to the page asked for."""
    formulier, fouten, ingevuld = await lees_formulier(request, Doelformulier)
    volgende = veilige_volgende(str(ingevuld.get("volgende", "/toezicht")))
    doel = str(ingevuld.get("doel", ""))[: 4 * MAX_DOEL]
    if formulier is not None:
        try:
            controleer_doel(Rol.AUDITOR, formulier.doel)
        except DoelOntbreekt:
            fouten.voeg_toe(
                "doel", "Een doel zegt in woorden waarom: gewone tekst met letters of cijfers, zonder stuurtekens."
            )
    if formulier is None or fouten:
        return toon(request, "toezicht/doel.html", {"doel": doel, "volgende": volgende}, fouten=fouten)
    verder = RedirectResponse(volgende, status_code=303)
    zet_doel(request, verder, formulier.doel.strip())
    meld(request, verder, "Het doel is vastgelegd; het gaat mee met elke pagina die u in deze sessie opvraagt.")
    return verder


@router.get("/toezicht", response_class=HTMLResponse)
async def toezicht(
    request: Request,
    gebruiker: AuditGebruiker,
    regio: Annotated[str | None, Query(max_length=60)] = None,
    casus: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """The regions to look into, an auditor's networks and the node's own log, and a form to open a case."""
    regios = zichtbare_regios(request, gebruiker, Handeling.TERUGKIJKEN)
    auditor = gebruiker.rol is Rol.AUDITOR
    if not regios and not auditor:
        raise Pagina(403, "Deze pagina's zijn voor auditors en privacyfunctionarissen.")
    fouten = Formfouten()
    if regio is not None or casus is not None:
        id_, fouten = gekozen_casus(regio, casus, regios)
        if id_ is not None:
            return RedirectResponse(f"/toezicht/regios/{regio}/casussen/{id_}", status_code=303)
    netwerken = sorted(request.app.state.container.netwerken) if auditor else []
    return toon(
        request,
        "toezicht/start.html",
        {
            "regios": regios,
            "netwerken": netwerken,
            "doel": request.state.doel,
            "regio": regio or "",
            "casus": casus or "",
        },
        fouten=fouten,
    )


@router.get(
    "/toezicht/regios/{regio}/casussen/{casus_id}",
    response_class=HTMLResponse,
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
async def casus(
    regio: RegioPad,
    casus_id: CasusPad,
    request: Request,
    gebruiker: AuditGebruiker,
    op: Annotated[str | None, Query(max_length=30)] = None,
) -> Response:
    """A case's full history, or up to a moment with the case as it stood then and its norms on that day."""
    dienst = regio_van(request, gebruiker, regio, Handeling.TERUGKIJKEN)
    try:
        id_ = UUID(casus_id)
    except ValueError:
        raise Pagina(404) from None
    zone = _zone(request)
    fouten = Formfouten()
    moment: datetime | None = None
    if op:
        try:
            gelezen = datetime.fromisoformat(op)
        except ValueError:
            gelezen = None
        if gelezen is not None and 2000 <= gelezen.year <= 2100:
            moment = gelezen
        else:
            fouten.voeg_toe("op", "Vul een dag en tijd in, zoals 2026-11-20T17:00.")
    try:
        if moment is None:
            nu = await run_in_threadpool(dienst.casus, id_)
            stand, peil = nu, None
            events = await run_in_threadpool(dienst.historie, id_)
        else:
            stand, peil = await run_in_threadpool(terugblik.stand, dienst, id_, moment, None, zone)
            events = await run_in_threadpool(terugblik.historie, dienst, id_, moment, zone)
    except Probleem as e:
        if e.status != 422 and e.soort != "casus-nog-niet-vastgelegd":
            raise
        bericht = "Deze dag ligt na vandaag." if e.status == 422 else "Op dat moment was de casus nog niet vastgelegd."
        fouten.voeg_toe("op", bericht)
        stand, peil = await run_in_threadpool(dienst.casus, id_), None
        events = await run_in_threadpool(dienst.historie, id_)
    normen = dienst.normen(stand, peil.normen_op if peil else None)
    regels = [HistorieRegel.van(e) for e in events]
    stappen = [
        {
            "regel": r,
            "stap": inzage.stapnaam(r.type),
            "gegevens": inzage.gegevens(r.data),
            "tijdstip": r.tijdstip.astimezone(zone),
        }
        for r in regels
    ]
    return toon(
        request,
        "toezicht/casus.html",
        {
            "regio": regio,
            "regionaam": dienst.profiel.naam,
            "casus": stand,
            "casus_id": str(id_),
            "normen": normen,
            "peil": peil,
            "stappen": stappen,
            "op": op or "",
            "rol": gebruiker.rol.value,
        },
        fouten=fouten,
        status=422 if fouten else 200,
    )


@router.get(
    "/toezicht/netwerken/{netwerk}/casussen/{casus_id}",
    response_class=HTMLResponse,
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
async def netwerkcasus(
    netwerk: NetwerkPad, casus_id: CasusPad, request: Request, gebruiker: AuditGebruiker
) -> Response:
    """A network case with its whole history, as the kernteam sees it but without its forms (auditors)."""
    _alleen_auditor(gebruiker)
    dienst = request.app.state.container.netwerken.get(netwerk)
    if dienst is None:
        raise Pagina(404)
    try:
        casus, events = await lees_casus(dienst, casus_id)
    except NietGevonden:
        raise Pagina(404) from None
    return toon(request, "netwerk/casus.html", casuscontext(request, dienst, casus, events, toezicht=True))


@router.get("/toezicht/regios/{regio}/werkvoorraad", response_class=HTMLResponse)
async def werkvoorraad(
    regio: RegioPad,
    request: Request,
    gebruiker: AuditGebruiker,
    op: Dag = None,
    pagina: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """The open cases as they stood at the end of a day, replayed from the events, overdue as of that day."""
    dienst = regio_van(request, gebruiker, regio, Handeling.TERUGKIJKEN)
    vandaag = dienst.vandaag()
    fouten = Formfouten()
    dag = _dag("op", op, fouten) or (None if fouten else vandaag)
    if dag is not None and dag > vandaag:
        fouten.voeg_toe("op", "Kies vandaag of een eerdere dag.")
    context: dict[str, Any] = {"regio": regio, "regionaam": dienst.profiel.naam, "op": op or vandaag.isoformat()}
    if fouten or dag is None:
        return toon(request, "toezicht/werkvoorraad.html", {**context, "rijen": None}, fouten=fouten)
    filter_ = Werkvoorraadfilter(None, None, None, None, pagina, PER_PAGINA)
    projector = leesmodellen(request).projector(regio)
    settings = request.app.state.container.settings
    async with projector.pool.acquire(timeout=settings.verbind_timeout) as conn:
        toen = await speel_terug(conn, projector, einde_van_dag(dag, _zone(request)))
    rijen = werkvoorraad_rijen(projector, toen.casussen.values(), filter_, dag)
    begin = (pagina - 1) * PER_PAGINA
    getoond = [
        {
            **rij,
            "werkdagen_te_laat": dienst.kalender.werkdagen_tussen(rij["volgende_deadline"], dag)
            if rij["te_laat"] and rij["volgende_deadline"]
            else 0,
        }
        for rij in rijen[begin : begin + PER_PAGINA]
    ]
    return toon(
        request,
        "toezicht/werkvoorraad.html",
        {
            **context,
            "op": dag.isoformat(),
            "rijen": getoond,
            "totaal": len(rijen),
            "events": toen.events,
            "pagina": pagina,
            "paginas": max(1, -(-len(rijen) // PER_PAGINA)),
        },
    )


def _alleen_auditor(gebruiker: Gebruiker) -> None:
    if gebruiker.rol is not Rol.AUDITOR:
        raise Pagina(403, "Deze pagina is voor auditors.")


@router.get("/toezicht/regios/{regio}/verificatie", response_class=HTMLResponse)
async def verificatie(
    regio: RegioPad,
    request: Request,
    gebruiker: AuditGebruiker,
    controleer: Annotated[bool, Query()] = False,
    vanaf_checkpoint: Annotated[bool, Query()] = False,
) -> Response:
    """The verification of the region's log against its hash chain and checkpoints: whole, or its first break."""
    dienst = regio_van(request, gebruiker, regio, Handeling.TERUGKIJKEN)
    _alleen_auditor(gebruiker)
    bron = Logbron.regio(regio, dienst.profiel.naam)
    logboek = regio_logboek(request.app.state.container.settings, regio)
    return await _verificatiepagina(request, bron, logboek, controleer, vanaf_checkpoint)


@router.get("/toezicht/netwerken/{netwerk}/verificatie", response_class=HTMLResponse)
async def netwerk_verificatie(
    netwerk: NetwerkPad,
    request: Request,
    gebruiker: AuditGebruiker,
    controleer: Annotated[bool, Query()] = False,
    vanaf_checkpoint: Annotated[bool, Query()] = False,
) -> Response:
    """As a region's, over the network's own log (its decisions, actions and closings)."""
    _alleen_auditor(gebruiker)
    container = request.app.state.container
    if netwerk not in container.netwerken:
        raise Pagina(404)
    logboek = netwerk_logboek(container.settings, netwerk)
    return await _verificatiepagina(request, Logbron.netwerk(netwerk), logboek, controleer, vanaf_checkpoint)


async def _verificatiepagina(
    request: Request, bron: Logbron, logboek: Logboek, controleer: bool, vanaf_checkpoint: bool
) -> Response:
    verslag = None
    if controleer:
        try:
            verslag = await _verifieer(request, logboek, vanaf_checkpoint)
        except Probleem as e:
            if e.status == 409:
                raise Pagina(
                    409, "Er loopt al een controle van dit logboek. Probeer het over een minuut opnieuw."
                ) from None
            raise
    return toon(
        request,
        "toezicht/verificatie.html",
        {"bron": bron, "verslag": verslag, "vanaf_checkpoint": vanaf_checkpoint},
    )


@router.get(
    "/toezicht/regios/{regio}/inzagelog",
    response_class=HTMLResponse,
    dependencies=[Depends(vastleggen(Toegangssoort.INZAGELOG))],
)
async def inzagelog(
    regio: RegioPad,
    request: Request,
    gebruiker: AuditGebruiker,
    vraag: Logvraag,
) -> Response:
    """Who read the region's cases, when, how and why: filtered on case, days and who; paged on."""
    regio_van(request, gebruiker, regio, Handeling.INZAGELOG_LEZEN)
    bron = Logbron.regio(regio, request.app.state.container.profielen[regio].naam)
    logboek = inzagelogs(request).regios.get(regio)
    return await _inzagelogpagina(request, bron, logboek, vraag)


@router.get(
    "/toezicht/netwerken/{netwerk}/inzagelog",
    response_class=HTMLResponse,
    dependencies=[Depends(vastleggen(Toegangssoort.INZAGELOG))],
)
async def netwerk_inzagelog(
    netwerk: NetwerkPad,
    request: Request,
    gebruiker: AuditGebruiker,
    vraag: Logvraag,
) -> Response:
    """Who read the network's cases (by the network's case ids), and the auditors' requests about the network."""
    _alleen_auditor(gebruiker)
    logboek = inzagelogs(request).netwerken.get(netwerk)
    return await _inzagelogpagina(request, Logbron.netwerk(netwerk), logboek, vraag)


@router.get(
    "/toezicht/knooppunt/inzagelog",
    response_class=HTMLResponse,
    dependencies=[Depends(vastleggen(Toegangssoort.INZAGELOG))],
)
async def knooppunt_inzagelog(
    request: Request,
    gebruiker: AuditGebruiker,
    vraag: Logvraag,
) -> Response:
    """Auditors' requests about no region or network of this node (an unknown one among them)."""
    _alleen_auditor(gebruiker)
    return await _inzagelogpagina(request, KNOOPPUNT, inzagelogs(request).knooppunt, vraag)


async def _inzagelogpagina(request: Request, bron: Logbron, logboek: Inzagelog | None, vraag: Vraag) -> Response:
    """The access log's page: the filter as asked (each field's error at its field), then the rows after `na`."""
    if logboek is None:
        raise Pagina(404)
    casus, van, tot, wie, na = vraag.casus, vraag.van, vraag.tot, vraag.wie, vraag.na
    fouten = Formfouten()
    casus_id: UUID | None = None
    if casus:
        try:
            casus_id = UUID(casus.strip())
        except ValueError:
            fouten.voeg_toe("casus", "Vul het nummer van een casus in, of laat het veld leeg.")
    dagen = (_dag("van", van, fouten), _dag("tot", tot, fouten))
    if wie and not NAAM.fullmatch(wie.strip()):
        fouten.voeg_toe("wie", "Vul een gebruikersnaam in zoals die in het inzagelog staat.")
    ingevuld = {"casus": casus or "", "van": van or "", "tot": tot or "", "wie": wie or ""}
    context: dict[str, Any] = {"bron": bron, "ingevuld": ingevuld}
    if not fouten:
        try:
            filter_ = Inzagelogfilter(
                casus=casus_id,
                van=dagen[0],
                tot=dagen[1],
                wie=(wie or "").strip() or None,
                na=na,
                per_pagina=PER_PAGINA,
            )
        except OngeldigFilter:
            fouten.voeg_toe("tot", "De laatste dag ligt voor de eerste.")
    if fouten:
        return toon(request, "toezicht/inzagelog.html", {**context, "rijen": None}, fouten=fouten)
    rijen = await logboek.lees(filter_, _zone(request))
    meer = len(rijen) > PER_PAGINA
    rijen = rijen[:PER_PAGINA]
    volgende = rijen[-1]["positie"] if meer else None
    return toon(request, "toezicht/inzagelog.html", {**context, "rijen": rijen, "volgende": volgende, "na": na})
