"""What an auditor checks the record with: the public keys this node signs checkpoints with, and the proof
that a case's events are in a store's latest signed checkpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from adapters.checkpointdienst import Checkpointdienst
from adapters.checkpoints import bron_van_netwerk, bron_van_regio
from adapters.http.commando import CasusPad, NetwerkPad, RegioPad, casus_id_uit
from adapters.http.problemen import Probleem, antwoorden, niet_gevonden
from adapters.http.toegang import Deps, HuidigeGebruiker
from adapters.ondertekening import als_base64, als_pem, sleutel_id
from adapters.settings import ed25519_sleutel
from domain.rollen import Rol

router = APIRouter(prefix="/audit", tags=["audit"])


class Sleutel(BaseModel):
    sleutel_id: str = Field(description="The first 16 hex digits of the SHA-256 of the raw public key.")
    publieke_sleutel: str = Field(description="The raw 32-byte Ed25519 public key, base64.")
    pem: str = Field(description="The same key as PEM (SubjectPublicKeyInfo), for openssl.")

    @classmethod
    def van(cls, publiek: bytes) -> Sleutel:
        return cls(sleutel_id=sleutel_id(publiek), publieke_sleutel=als_base64(publiek), pem=als_pem(publiek))


class GetuigeSleutel(Sleutel):
    bron: str = Field(description="Whose checkpoints this node accepts with it, as their witness.")
    herkomst: Literal["ingesteld", "eerst-gezien"] = Field(
        description="Configured (DOORBRAAK_GETUIGE_SLEUTELS), or the first key that source signed with here."
    )
    sinds: datetime | None = None


class Sleutels(BaseModel):
    """The keys this node signs its stores' checkpoints with, and those it trusts as a witness."""

    ondertekent: Sleutel = Field(description="The key of the checkpoints this node signs now.")
    vorige: list[Sleutel] = Field(description="Keys it signed with before (older checkpoints name them).")
    bronnen: list[str] = Field(description="The stores whose checkpoints it signs.")
    getuige: list[GetuigeSleutel]


class CheckpointPubliek(BaseModel):
    bron: str
    grootte: int = Field(description="Entries in the log the checkpoint covers (leaves 0 .. grootte-1).")
    schakel: str = Field(description="The hash chain's link of the last entry, hex.")
    boom: str = Field(description="The RFC 9162 Merkle root over the entries' leaves, hex.")
    tijd: str = Field(description="When it was signed, exactly as signed (ISO 8601).")
    sleutel_id: str
    handtekening: str = Field(description="Ed25519 over `ondertekend`, hex.")
    ondertekend: str = Field(description="The bytes signed (UTF-8): canonical JSON of the fields above.")


class EventBewijs(BaseModel):
    versie: int
    positie: int = Field(description="The event's position in the store's log.")
    index: int = Field(description="Its leaf's index in the tree (the chain's volgnummer - 1).")
    topic: str
    inhoud: str = Field(description="The bytes its leaf covers, base64 (see `uitleg`).")
    blad: str = Field(description="SHA-256(0x00 || inhoud), hex.")
    pad: list[str] | None = Field(
        description="Audit path to the checkpoint's root, bottom up; None: appended after it."
    )


class Inclusiebewijs(BaseModel):
    bron: str
    casus_id: UUID
    checkpoint: CheckpointPubliek | None = Field(description="The store's latest checkpoint (None: none signed yet).")
    publieke_sleutel: str | None = Field(
        description="The key that signed it, base64: check it against /audit/sleutels or a witness, not this answer."
    )
    events: list[EventBewijs]
    na_checkpoint: int = Field(description="The case's events appended after the checkpoint, without a path yet.")
    uitleg: str


def dienst(request: Request) -> Checkpointdienst:
    checkpoints: Checkpointdienst = request.app.state.checkpoints
    return checkpoints


Checkpoints = Annotated[Checkpointdienst, Depends(dienst)]


@router.get("/sleutels", response_model=Sleutels, responses=antwoorden(503), summary="The public checkpoint keys")
async def lees_sleutels(checkpoints: Checkpoints, deps: Deps) -> Sleutels:
    """No token needed: public keys. A verifier takes them from here (or from the operator) once and keeps
    them; a proof or checkpoint is then checked offline."""
    settings = deps.settings
    getuige = [
        GetuigeSleutel(bron=bron, herkomst="ingesteld", **Sleutel.van(ed25519_sleutel(s)).model_dump())
        for bron, sleutels in sorted(settings.getuige_sleutels.items())
        for s in sleutels
    ]
    getuige += [
        GetuigeSleutel(bron=bron, herkomst="eerst-gezien", sinds=sinds, **Sleutel.van(publiek).model_dump())
        for bron, publiek, sinds in await checkpoints.eerst_geziene_sleutels()
        if bron not in settings.getuige_sleutels
    ]
    return Sleutels(
        ondertekent=Sleutel.van(checkpoints.ondertekenaar.publiek),
        vorige=[Sleutel.van(ed25519_sleutel(s)) for s in settings.checkpoint_vorige_sleutels],
        bronnen=sorted(checkpoints.opslagen),
        getuige=getuige,
    )


def _auditor(gebruiker: HuidigeGebruiker) -> None:
    if gebruiker.rol is not Rol.AUDITOR:
        raise Probleem(403, "Forbidden", f"role {gebruiker.rol.value} may not read proofs", "geen-bevoegdheid")


async def _bewijs(checkpoints: Checkpointdienst, bron: str, casus_id: str) -> Inclusiebewijs:
    id_ = casus_id_uit(casus_id)
    bewijs = await checkpoints.bewijs(bron, id_)
    if bewijs is None:
        raise niet_gevonden(f"Casus {id_}")
    return Inclusiebewijs.model_validate(bewijs)


BEWIJS = antwoorden(401, 403, 404, 422, 503)


@router.get(
    "/regios/{regio}/casussen/{casus_id}/bewijs",
    response_model=Inclusiebewijs,
    responses=BEWIJS,
    summary="Proof that a case's events are in the region's latest signed checkpoint",
)
async def lees_regio_bewijs(
    regio: RegioPad, casus_id: CasusPad, deps: Deps, gebruiker: HuidigeGebruiker, checkpoints: Checkpoints
) -> Inclusiebewijs:
    """For the auditor: each event's bytes, leaf and audit path, with the checkpoint and its signature;
    enough to check offline with the key from /audit/sleutels (`doorbraak audit bewijs-controleer`)."""
    if regio not in deps.casussen:
        raise niet_gevonden(f"Region {regio!r}")
    _auditor(gebruiker)
    return await _bewijs(checkpoints, bron_van_regio(regio), casus_id)


@router.get(
    "/netwerken/{netwerk}/casussen/{casus_id}/bewijs",
    response_model=Inclusiebewijs,
    responses=BEWIJS,
    summary="Proof that a network case's events are in the network's latest signed checkpoint",
)
async def lees_netwerk_bewijs(
    netwerk: NetwerkPad, casus_id: CasusPad, deps: Deps, gebruiker: HuidigeGebruiker, checkpoints: Checkpoints
) -> Inclusiebewijs:
    """As for a region's case, over the network's own log."""
    if netwerk not in deps.netwerken:
        raise niet_gevonden(f"Network {netwerk!r}")
    _auditor(gebruiker)
    return await _bewijs(checkpoints, bron_van_netwerk(netwerk), casus_id)
