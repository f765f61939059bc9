"""The auditor's verification of a store's tamper-evident log (`domain.verificatie`), through HTTP."""

from __future__ import annotations

import functools
import time
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import anyio
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from adapters.http import schemas
from adapters.http.commando import NetwerkPad, RegioPad
from adapters.http.problemen import Probleem, antwoorden, niet_gevonden
from adapters.http.toegang import Deps, HuidigeGebruiker
from adapters.tokens import Gebruiker
from adapters.verificatie import (
    GeenLogboek,
    Logboek,
    VerificatieLoopt,
    netwerk_logboek,
    regio_logboek,
    vergelijking,
    verifieer_logboek,
)
from domain.rollen import Rol
from domain.verificatie import Breuk, GehoudenCheckpoint, Soort, Uitslag

router = APIRouter(prefix="/audit", tags=["audit"])

TEGELIJK = 2
"""Verifications a node runs at once (each in a thread); more wait their turn."""


def auditor(gebruiker: HuidigeGebruiker) -> Gebruiker:
    if gebruiker.rol is not Rol.AUDITOR:
        raise Probleem(
            403, "Forbidden", f"role {gebruiker.rol.value} may not verify a store (auditors only)", "geen-bevoegdheid"
        )
    return gebruiker


Auditor = Annotated[Gebruiker, Depends(auditor)]
VanafCheckpoint = Annotated[
    bool,
    Query(
        description="Start at the newest validly signed checkpoint: the entries before it are checked against it on "
        "their stored hashes, only the events after it are read."
    ),
]
ANTWOORDEN: dict[int | str, dict[str, Any]] = {
    **antwoorden(401, 403, 404, 422, 503),
    409: {
        "model": schemas.Probleem,
        "description": "A verification of this store is running (on this node or another); retry when it has ended.",
    },
}


class CheckpointPubliek(BaseModel):
    houder: str = Field(description="`eigen` (the store's own) or the witness that held it.")
    grootte: int
    schakel: str = Field(description="The chain link at its size, hex.")
    boom: str = Field(description="The Merkle root over its leaves, hex.")
    tijd: datetime
    sleutel_id: str

    @classmethod
    def van(cls, gehouden: GehoudenCheckpoint) -> CheckpointPubliek:
        cp = gehouden.checkpoint
        return cls(
            houder=gehouden.houder,
            grootte=cp.grootte,
            schakel=cp.schakel.hex(),
            boom=cp.boom.hex(),
            tijd=cp.tijd,
            sleutel_id=cp.sleutel_id,
        )


class BreukPubliek(BaseModel):
    """The first break: where it shows, and which kind of change explains it."""

    soort: Soort
    volgnummer: int | None = Field(description="The chain entry (from 1).")
    positie: int | None = Field(description="The events table's position.")
    casus: UUID | None
    versie: int | None
    uitleg: str
    verwisseld_met: int | None = Field(description="volgorde-gewijzigd: the position this event belongs at.")
    checkpoint: CheckpointPubliek | None = Field(description="The checkpoint that shows the break, if one does.")


class Bevestiging(BaseModel):
    houder: str
    aantal: int = Field(description="Checkpoints of this holder the log agrees with.")
    tot: int = Field(description="The largest size among them.")


class Verificatieverslag(BaseModel):
    """What a verification covered (`gaaf`), or its first break (`gebroken`)."""

    bron: str = Field(examples=["regio:hart-van-brabant"])
    uitkomst: Literal["gaaf", "gebroken"]
    grootte: int | None = Field(description="gaaf: the entries verified.")
    schakel: str | None = Field(description="gaaf: the last chain link, hex.")
    boom: str | None = Field(description="gaaf: the Merkle root over every leaf, hex.")
    vanaf: int | None = Field(description="gaaf: entries taken from a checkpoint, their events not read (0: none).")
    bevestigd: list[Bevestiging]
    getuigd_tot: int = Field(description="The largest size a witness's checkpoint confirms (0: none).")
    breuk: BreukPubliek | None
    seconden: float


def verslag(bron: str, uitslag: Uitslag, seconden: float) -> Verificatieverslag:
    if isinstance(uitslag, Breuk):
        return Verificatieverslag(
            bron=bron,
            uitkomst="gebroken",
            grootte=None,
            schakel=None,
            boom=None,
            vanaf=None,
            bevestigd=[],
            getuigd_tot=0,
            breuk=BreukPubliek(
                soort=uitslag.soort,
                volgnummer=uitslag.volgnummer,
                positie=uitslag.positie,
                casus=uitslag.casus,
                versie=uitslag.versie,
                uitleg=uitslag.uitleg,
                verwisseld_met=uitslag.verwisseld_met,
                checkpoint=CheckpointPubliek.van(uitslag.checkpoint) if uitslag.checkpoint else None,
            ),
            seconden=seconden,
        )
    houders = sorted({g.houder for g in uitslag.bevestigd})
    return Verificatieverslag(
        bron=bron,
        uitkomst="gaaf",
        grootte=uitslag.grootte,
        schakel=uitslag.schakel.hex(),
        boom=uitslag.boom.hex(),
        vanaf=uitslag.vanaf,
        bevestigd=[
            Bevestiging(
                houder=h,
                aantal=sum(g.houder == h for g in uitslag.bevestigd),
                tot=max(g.checkpoint.grootte for g in uitslag.bevestigd if g.houder == h),
            )
            for h in houders
        ],
        getuigd_tot=uitslag.getuigd_tot,
        breuk=None,
        seconden=seconden,
    )


async def _verifieer(request: Request, logboek: Logboek, vanaf_checkpoint: bool) -> Verificatieverslag:
    """Runs the verification in a worker thread, `TEGELIJK` per node; one per store (its lock in the database)."""
    state = request.app.state
    limiet = getattr(state, "verificaties", None)
    if limiet is None:
        limiet = state.verificaties = anyio.CapacityLimiter(TEGELIJK)
    settings = request.app.state.container.settings
    werk = functools.partial(
        verifieer_logboek,
        logboek,
        vergelijking(settings),
        vanaf_checkpoint=vanaf_checkpoint,
        verbind_timeout=settings.verbind_timeout,
        statement_timeout=settings.statement_timeout,
    )
    start = time.perf_counter()
    try:
        uitslag = await anyio.to_thread.run_sync(werk, limiter=limiet)
    except VerificatieLoopt as e:
        raise Probleem(409, "Conflict", f"{e}; retry when it has ended", "verificatie-loopt") from None
    except GeenLogboek as e:
        raise Probleem(404, "Not Found", str(e), "niet-gevonden") from None
    return verslag(logboek.bron, uitslag, round(time.perf_counter() - start, 3))


@router.get(
    "/regios/{regio}/verificatie",
    response_model=Verificatieverslag,
    summary="Verify a region's tamper-evident log",
    responses=ANTWOORDEN,
)
async def verifieer_regio(
    regio: RegioPad, request: Request, deps: Deps, _: Auditor, vanaf_checkpoint: VanafCheckpoint = False
) -> Verificatieverslag:
    """Every event against the hash chain, both against the checkpoints held of the log: ok with what was
    covered, or the first break (position, case, version, kind). For auditors; one at a time per store."""
    if regio not in deps.casussen:
        raise niet_gevonden(f"Region {regio!r}")
    return await _verifieer(request, regio_logboek(deps.settings, regio), vanaf_checkpoint)


@router.get(
    "/netwerken/{netwerk}/verificatie",
    response_model=Verificatieverslag,
    summary="Verify a network's tamper-evident log",
    responses=ANTWOORDEN,
)
async def verifieer_netwerk(
    netwerk: NetwerkPad, request: Request, deps: Deps, _: Auditor, vanaf_checkpoint: VanafCheckpoint = False
) -> Verificatieverslag:
    """As for a region, over the network's own store. For auditors; one at a time per store."""
    if netwerk not in deps.netwerken:
        raise niet_gevonden(f"Network {netwerk!r}")
    return await _verifieer(request, netwerk_logboek(deps.settings, netwerk), vanaf_checkpoint)
