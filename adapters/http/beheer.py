"""What an operator asks of a node: its health (a load balancer only whether it serves)."""

from __future__ import annotations

import asyncio
from dataclasses import fields
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel

from adapters.escalatiedienst import Escalatiedienst
from adapters.http.metriek import INHOUDSTYPE
from adapters.http.problemen import PROBLEM_JSON, Probleem, antwoorden
from adapters.http.toegang import Deps, _bearer, gebruiker_uit_token
from adapters.leesmodellen import LeesModellen
from domain.rollen import Rol
from projections.stand import Volgstand, volgstanden

router = APIRouter(tags=["beheer"])

Toestand = Literal["ok", "aandacht", "herstellend"]


class VolgstandPubliek(BaseModel):
    """A follower: how far it is, and whether it works (`herstellend`: retrying since, with the last error)."""

    versie: int | None
    positie: int
    kop: int | None
    achterstand: int | None
    seconden_achter: float
    toestand: Toestand
    fout: str | None
    herstellend_sinds: datetime | None
    onverwerkbaar: int
    kop_leeftijd: float | None = None
    """Seconds since `kop` was read from the events table (0: for this answer, from the safety net's last look
    otherwise, with the positions announced since); None while the database does not answer."""

    @classmethod
    def velden(cls, stand: Volgstand) -> dict[str, Any]:
        """The standing's fields but its name (a shallow copy: /health lists a follower per region)."""
        waarden = {veld.name: getattr(stand, veld.name) for veld in fields(stand) if veld.name != "naam"}
        return {**waarden, "achterstand": stand.achterstand}


class ProjectieGezondheid(VolgstandPubliek):
    regio: str


class InboxGezondheid(VolgstandPubliek):
    netwerk: str


class RelayGezondheid(VolgstandPubliek):
    naam: str
    nats_onbereikbaar: bool


class ConsumentGezondheid(BaseModel):
    naam: str
    onderwerp: str
    verwerkt: int
    onbestelbaar: int
    toestand: Literal["ok", "herstellend"]
    fout: str | None
    herstellend_sinds: datetime | None


class EscalatieGezondheid(BaseModel):
    nats: bool
    relays: list[RelayGezondheid]
    consumenten: list[ConsumentGezondheid]
    onbestelbaar: dict[str, int]
    """Dead letters kept in the networks' streams, per subject."""


class HerinneringGezondheid(BaseModel):
    """A region's daily reminders: the last day they went out, how many this node sent then, and whether they
    are being retried (`herstellend`: since when, with the last error)."""

    regio: str
    gedaan: date | None
    verzonden: int
    toestand: Literal["ok", "herstellend"]
    fout: str | None
    herstellend_sinds: datetime | None


class GetuigeAntwoordGezondheid(BaseModel):
    """What one witness answered the store: up to which size, how many wait, a refusal or a contradiction."""

    getuige: str
    bevestigd: int
    onbevestigd: int
    geweigerd: str | None
    tegengesproken: int | None
    toestand: Literal["ok", "herstellend"]
    fout: str | None


class CheckpointGezondheid(BaseModel):
    """A store's latest checkpoint (size, time, age in seconds) and whether its last signing found the log
    intact (`melding`: what was altered; nothing is signed meanwhile)."""

    bron: str
    grootte: int
    tijd: datetime | None
    leeftijd: float | None
    intact: bool | None
    melding: str | None
    toestand: Literal["ok", "herstellend"]
    fout: str | None
    herstellend_sinds: datetime | None
    getuigen: list[GetuigeAntwoordGezondheid]


class GetuigeGezondheid(BaseModel):
    """As a witness, in the schema of `houder`: checkpoints received since start, refused since start, and
    inconsistent ones held (kept as evidence)."""

    houder: str
    ontvangen: int
    inconsistent: int
    geweigerd: int


class CheckpointsGezondheid(BaseModel):
    nats: bool
    stores: list[CheckpointGezondheid]
    getuige: list[GetuigeGezondheid]


class Gezondheid(BaseModel):
    """`ok`; `aandacht` (200) when events or messages were set aside, NATS is away, a relay, consumer or
    region's reminders retry, or the checkpoints want a look (`_checkpoints_vragen_aandacht`); `herstellend`
    (503) while a read model cannot reach its database. Without the
    detail (only `status`) for callers that are not the operator in production."""

    status: Toestand
    regios: list[str] | None = None
    netwerken: list[str] | None = None
    projecties: list[ProjectieGezondheid] | None = None
    inboxen: list[InboxGezondheid] | None = None
    escalaties: EscalatieGezondheid | None = None
    herinneringen: list[HerinneringGezondheid] | None = None
    checkpoints: CheckpointsGezondheid | None = None


def _checkpoints_vragen_aandacht(checkpoints: CheckpointsGezondheid | None) -> bool:
    """A log found altered, a store that cannot sign, a witness that refused or contradicted a checkpoint, or
    inconsistent checkpoints held as a witness."""
    if checkpoints is None:
        return False
    return any(
        s.intact is False or s.toestand != "ok" or any(g.geweigerd or g.tegengesproken for g in s.getuigen)
        for s in checkpoints.stores
    ) or any(g.inconsistent for g in checkpoints.getuige)


def mag_details_zien(
    request: Request,
    deps: Deps,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> bool:
    """Outside production everybody sees the detail; in production only a `beheerder`'s token does."""
    if deps.settings.omgeving != "production":
        return True
    if credentials is None:
        return False
    return gebruiker_uit_token(request, deps, credentials).rol is Rol.BEHEERDER


def beheerder_in_productie(
    details: Annotated[bool, Depends(mag_details_zien)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """In production, only the operator (a `beheerder`'s token) reads the metrics."""
    if details:
        return
    if credentials is None:
        raise Probleem(401, "Unauthorized", "send a bearer token (Authorization: Bearer ...)", "niet-aangemeld")
    raise Probleem(
        403, "Forbidden", "in production the metrics are for the operator (role beheerder)", "geen-bevoegdheid"
    )


async def _geen_dode_brieven() -> dict[str, int]:
    return {}


async def gezondheid(state: Any) -> Gezondheid:
    """The whole picture: every read model, inbox, relay and consumer of this node (from the app's state)."""
    deps = state.container
    modellen: LeesModellen | None = getattr(state, "leesmodellen", None)
    dienst: Escalatiedienst | None = getattr(state, "escalaties", None)
    projectievolgers = modellen.volgers() if modellen is not None else []
    inboxvolgers = modellen.inbox_volgers() if modellen is not None else []
    relayvolgers = dienst.volgers() if dienst is not None else []
    standen, dode_brieven = await asyncio.gather(  # one query per database for every follower on it
        volgstanden([*projectievolgers, *inboxvolgers, *relayvolgers]),
        dienst.dode_brieven() if dienst is not None else _geen_dode_brieven(),
    )
    standen_inboxen = standen[len(projectievolgers) : len(projectievolgers) + len(inboxvolgers)]
    projecties = [
        ProjectieGezondheid(regio=s.naam, **VolgstandPubliek.velden(s)) for s in standen[: len(projectievolgers)]
    ]
    inboxen = [InboxGezondheid(netwerk=s.naam, **VolgstandPubliek.velden(s)) for s in standen_inboxen]
    escalatiestand = (
        dienst.stand_met(standen[len(projectievolgers) + len(inboxvolgers) :], dode_brieven)
        if dienst is not None
        else None
    )
    escalaties = EscalatieGezondheid(**escalatiestand) if escalatiestand is not None else None
    herinneringsdienst = getattr(state, "herinneringen", None)
    herinneringen = (
        [HerinneringGezondheid(**s) for s in herinneringsdienst.stand()] if herinneringsdienst is not None else None
    )
    checkpointdienst = getattr(state, "checkpoints", None)
    checkpoints = CheckpointsGezondheid(**checkpointdienst.stand()) if checkpointdienst is not None else None
    leesmodellen = [*projecties, *inboxen]
    if any(v.toestand == "herstellend" for v in leesmodellen):
        status: Toestand = "herstellend"
    elif (
        any(v.toestand != "ok" for v in leesmodellen)
        or any(h.toestand != "ok" for h in herinneringen or [])
        or _checkpoints_vragen_aandacht(checkpoints)
        or (
            escalaties is not None
            and (
                not escalaties.nats
                or escalaties.onbestelbaar
                or any(r.toestand != "ok" for r in escalaties.relays)
                or any(c.toestand != "ok" for c in escalaties.consumenten)
            )
        )
    ):
        status = "aandacht"
    else:
        status = "ok"
    return Gezondheid(
        status=status,
        regios=sorted(deps.casussen),
        netwerken=sorted(deps.netwerken),
        projecties=projecties,
        inboxen=inboxen,
        escalaties=escalaties,
        herinneringen=herinneringen,
        checkpoints=checkpoints,
    )


@router.get(
    "/health",
    response_model=Gezondheid,
    response_model_exclude_unset=True,
    summary="Health: whether this node serves, and how far each follower is",
    responses={
        **antwoorden(401),
        503: {
            "description": "A read model cannot reach its database (the same body as 200).",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Gezondheid"}},
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Probleem"}},
            },
        },
    },
)
async def lees_gezondheid(request: Request, details: Annotated[bool, Depends(mag_details_zien)]) -> Response:
    """`status` `ok` or `aandacht` answer 200, `herstellend` 503. In production the detail (positions, error
    texts) only for a `beheerder`; a load balancer gets the status alone."""
    stand = await gezondheid(request.app.state)
    antwoord = stand if details else Gezondheid(status=stand.status)
    # built from validated models already: serialised once, not validated and encoded again by the route
    return Response(
        antwoord.model_dump_json(exclude_unset=True),
        status_code=503 if stand.status == "herstellend" else 200,
        media_type="application/json",
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses=antwoorden(401, 403, 503) | {200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    dependencies=[Depends(beheerder_in_productie)],
)
async def lees_metrics(request: Request) -> Response:
    """The node's registry in the Prometheus text format: HTTP requests and latencies, every read model, inbox,
    relay and consumer. In production for a `beheerder` only."""
    return Response(await request.app.state.metriek.exposition(), media_type=INHOUDSTYPE)
