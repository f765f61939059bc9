"""Routes of the regional case: register, the six steps, state and history.

A command's route is a coroutine: the command itself (which reads and appends with the store's blocking
driver) runs in a worker thread, the rest (access, parsing, the answer) on the event loop, so a command
costs one hop to a thread rather than one per dependency and another for checking its answer."""

# Endpoints are built by a factory, so annotations stay real objects for FastAPI.

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response
from pydantic import BaseModel

from adapters.http import terugblik, voorbeelden
from adapters.http.commando import (
    CasusPad,
    IdempotencyKey,
    RegioPad,
    casus_id_uit,
    herkomst_van,
    in_draad,
    meld_uitvoering,
    met_bedrijfsdatum,
    stap_en_datum,
)
from adapters.http.inzageregistratie import vastleggen
from adapters.http.problemen import LEZEN, SCHRIJVEN
from adapters.http.schemas import CasusAanmelding, CasusPubliek, Historie, HistorieRegel
from adapters.http.terugblik import OpQuery, TotQuery, VersieQuery, Zone
from adapters.http.toegang import Bevoegd, regio_bevoegd, regio_toegang
from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg
from domain.casus import Casus
from domain.correctie import Correctie
from domain.inzagelog import Toegangssoort
from domain.overlegmoment import Evaluatiemoment
from domain.rollen import Handeling
from domain.terugkoppeling import Terugkoppeling
from domain.waarden import (
    Advies,
    Afsluitformulier,
    Evaluatie,
    Heropening,
    Opschaling,
    Overleg,
    Triage,
)
from domain.wissen import Wisverzoek
from services.casussen import CasusService
from services.uitvoering import Resultaat

router = APIRouter(prefix="/regios/{regio}/casussen", tags=["casussen"])


def _antwoord(service: CasusService, resultaat: Resultaat[Casus], response: Response) -> CasusPubliek:
    meld_uitvoering(resultaat, response)
    normen = service.normen(resultaat.casus, resultaat.dag)
    return CasusPubliek.van(resultaat.casus, normen, resultaat.positie, resultaat.waarschuwingen)


@router.post(
    "", status_code=201, response_model=CasusPubliek, responses=SCHRIJVEN, summary="Register a case (Aangemeld)"
)
async def registreer_casus(
    regio: RegioPad,
    verzoek: Annotated[CasusAanmelding, Body(openapi_examples={"aanmelding": {"value": voorbeelden.AANMELDING}})],
    request: Request,
    response: Response,
    bevoegd: Annotated[Bevoegd, Depends(regio_bevoegd(Handeling.AANMELDEN))],
    idempotency_key: IdempotencyKey = None,
) -> CasusPubliek:
    """Register a case; answers 201 with its Location."""
    service = bevoegd.service
    herkomst = herkomst_van(bevoegd.gebruiker, idempotency_key, request, verzoek)
    resultaat = await in_draad(service.meld_aan, verzoek.aanmelding, verzoek.persoonsgegevens, herkomst, op=verzoek.op)
    response.headers["Location"] = f"/regios/{regio}/casussen/{resultaat.casus.id}"
    return _antwoord(service, resultaat, response)


@router.get(
    "/{casus_id}",
    response_model=CasusPubliek,
    responses=LEZEN,
    summary="A case now, or as it stood at a moment or version, with its norms",
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
def lees_casus(
    casus_id: CasusPad,
    service: Annotated[CasusService, Depends(regio_toegang(Handeling.LEZEN))],
    zone: Zone,
    op: OpQuery = None,
    versie: VersieQuery = None,
) -> CasusPubliek:
    """Current state with each norm's due date, whether it was met, and what is overdue; with `op` (a moment) or
    `versie`, the case as it stood then, its norms judged on that day (`peilmoment` says which version)."""
    id_ = casus_id_uit(casus_id)
    if op is None and versie is None:
        casus = service.casus(id_)
        return CasusPubliek.van(casus, service.normen(casus))
    toen, peil = terugblik.stand(service, id_, op, versie, zone)
    antwoord = CasusPubliek.van(toen, service.normen(toen, peil.normen_op))
    antwoord.peilmoment = peil
    return antwoord


@router.get(
    "/{casus_id}/historie",
    response_model=Historie,
    responses=LEZEN,
    summary="Every event of a case, in order",
    dependencies=[Depends(vastleggen(Toegangssoort.LEZEN))],
)
def lees_historie(
    regio: RegioPad,
    casus_id: CasusPad,
    service: Annotated[CasusService, Depends(regio_toegang(Handeling.LEZEN))],
    zone: Zone,
    tot: TotQuery = None,
) -> Historie:
    """Every event in order, with its time, actor, type and data; with `tot`, those recorded up to that moment."""
    id_ = casus_id_uit(casus_id)
    events = terugblik.historie(service, id_, tot, zone)
    return Historie(
        casus_id=id_, regio=regio, events=[HistorieRegel.van(e) for e in events], tot=terugblik.tot_moment(tot, zone)
    )


def _stap(
    pad: str,
    naam: str,
    handeling: Handeling,
    schema: type[BaseModel],
    voorbeeld: dict[str, Any],
    uitvoeren: Callable[..., Resultaat[Casus]],
    samenvatting: str,
) -> None:
    verzoekschema = met_bedrijfsdatum(schema)

    async def endpoint(
        casus_id: CasusPad,
        verzoek: Annotated[verzoekschema, Body(openapi_examples={pad: {"value": voorbeeld}})],  # type: ignore[valid-type]
        request: Request,
        response: Response,
        bevoegd: Annotated[Bevoegd, Depends(regio_bevoegd(handeling))],
        idempotency_key: IdempotencyKey = None,
    ) -> CasusPubliek:
        service = bevoegd.service
        herkomst = herkomst_van(bevoegd.gebruiker, idempotency_key, request, verzoek)
        waarde, op = stap_en_datum(verzoek, schema)
        resultaat = await in_draad(uitvoeren, service, casus_id_uit(casus_id), waarde, herkomst, op=op)
        return _antwoord(service, resultaat, response)

    endpoint.__name__ = naam
    endpoint.__doc__ = samenvatting
    router.add_api_route(
        f"/{{casus_id}}/{pad}",
        endpoint,
        methods=["POST"],
        response_model=CasusPubliek,
        responses=SCHRIJVEN,
        summary=samenvatting,
        name=naam,
    )


_stap(
    "triage", "trieer_casus", Handeling.TRIEREN, Triage, voorbeelden.TRIAGE, CasusService.trieer, "Triage (Getrieerd)"
)
_stap(
    "overleg",
    "plan_overleg",
    Handeling.OVERLEG_PLANNEN,
    Overleg,
    voorbeelden.OVERLEG,
    CasusService.plan_overleg,
    "Plan the case on the meeting of its date (OverlegGepland)",
)
_stap(
    "advies",
    "breng_advies_uit",
    Handeling.ADVIES_UITBRENGEN,
    Advies,
    voorbeelden.ADVIES,
    CasusService.breng_advies_uit,
    "Record the advice (AdviesUitgebracht)",
)
_stap(
    "evaluatie",
    "leg_evaluatie_vast",
    Handeling.EVALUATIE_VASTLEGGEN,
    Evaluatie,
    voorbeelden.EVALUATIE,
    CasusService.leg_evaluatie_vast,
    "Record the evaluation (EvaluatieVastgelegd)",
)
_stap(
    "opschaling",
    "schaal_casus_op",
    Handeling.OPSCHALEN,
    Opschaling,
    voorbeelden.OPSCHALING,
    CasusService.schaal_op,
    "Escalate (Opgeschaald)",
)
_stap(
    "afsluiting",
    "sluit_casus_af",
    Handeling.AFSLUITEN,
    Afsluitformulier,
    voorbeelden.AFSLUITING,
    CasusService.sluit_af,
    "Close with the afsluitformulier (Afgesloten)",
)
_stap(
    "heropening",
    "heropen_casus",
    Handeling.HEROPENEN,
    Heropening,
    voorbeelden.HEROPENING,
    CasusService.heropen,
    "Reopen a closed case (Heropend)",
)
_stap(
    "correctie",
    "corrigeer_casus",
    Handeling.CORRIGEREN,
    Correctie,
    voorbeelden.CORRECTIE,
    CasusService.corrigeer,
    "Correct fields of an earlier step (Gecorrigeerd)",
)
_stap(
    "terugkoppeling",
    "geef_terugkoppeling",
    Handeling.TERUGKOPPELEN,
    Terugkoppeling,
    voorbeelden.TERUGKOPPELING,
    CasusService.geef_terugkoppeling,
    "Feedback on the advice before its evaluation (Teruggekoppeld)",
)
_stap(
    "bestuurlijk-overleg",
    "leg_bestuurlijk_overleg_vast",
    Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN,
    BestuurlijkOverleg,
    voorbeelden.BESTUURLIJK_OVERLEG,
    CasusService.leg_bestuurlijk_overleg_vast,
    "Record the round-table meeting after a bestuurlijke escalation (BestuurlijkOverlegGehouden)",
)
_stap(
    "bestuurlijk-overleg/evaluatie",
    "evalueer_bestuurlijk_overleg",
    Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN,
    BestuurlijkeEvaluatie,
    voorbeelden.BESTUURLIJKE_EVALUATIE,
    CasusService.evalueer_bestuurlijk_overleg,
    "Evaluate the bestuurlijke escalation afterwards (BestuurlijkOverlegGeevalueerd)",
)
_stap(
    "wissen",
    "wis_persoonsgegevens",
    Handeling.WISSEN,
    Wisverzoek,
    voorbeelden.WISSEN,
    CasusService.wis_persoonsgegevens,
    "Erase the case's personal data on a lawful request (PersoonsgegevensGewist, then its key destroyed); the "
    "region's privacy officer; a repeat changes nothing",
)
_stap(
    "evaluatiemoment",
    "plan_evaluatiemoment",
    Handeling.OVERLEG_PLANNEN,
    Evaluatiemoment,
    voorbeelden.EVALUATIEMOMENT,
    CasusService.plan_evaluatiemoment,
    "Plan the evaluation on a meeting (EvaluatiemomentGepland): one of the meeting's evaluations "
    "(409 te-veel-evaluaties beyond its limit); a date after the evaluation norm is warned of",
)
