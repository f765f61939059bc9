"""Request and response schemas of the case API; separate from the domain's events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.casus import Casus, Fase
from domain.normen import NormStatus
from domain.regioprofiel import Opschalingsniveau
from domain.waarden import (
    Aanmelding,
    Advies,
    Afsluitformulier,
    Evaluatie,
    Overleg,
    Persoonsgegevens,
    Triage,
)


class CasusAanmelding(BaseModel):
    """A new case: its facts and, apart, what identifies the young person and family."""

    model_config = ConfigDict(extra="forbid")

    aanmelding: Aanmelding
    persoonsgegevens: Persoonsgegevens | None = None


class OpschalingPubliek(BaseModel):
    niveau: Opschalingsniveau
    reden: str
    op: date


class CasusPubliek(BaseModel):
    """The case as it stands now, with its norms and what is overdue."""

    id: UUID
    regio: str
    versie: int
    fase: Fase
    aangemeld_op: date
    aanmelding: Aanmelding
    persoonsgegevens: Persoonsgegevens | None
    triage: Triage | None
    getrieerd_op: date | None
    overleggen: list[Overleg]
    advies: Advies | None
    advies_op: date | None
    evaluaties: list[Evaluatie]
    opschalingen: list[OpschalingPubliek]
    afsluiting: Afsluitformulier | None
    afgesloten_op: date | None
    heropeningen: int
    terugkeer: int
    normen: list[NormStatus]
    te_laat: list[str]
    positie: int | None = None

    @classmethod
    def van(cls, casus: Casus, normen: list[NormStatus], positie: int | None = None) -> CasusPubliek:
        return cls(
            id=casus.id,
            regio=casus.regio,
            versie=casus.version,
            fase=casus.fase,
            aangemeld_op=casus.aangemeld_op,
            aanmelding=casus.aanmelding,
            persoonsgegevens=casus.persoonsgegevens,
            triage=casus.triage,
            getrieerd_op=casus.getrieerd_op,
            overleggen=list(casus.overleggen),
            advies=casus.advies,
            advies_op=casus.advies_op,
            evaluaties=list(casus.evaluaties),
            opschalingen=[OpschalingPubliek(niveau=o.niveau, reden=o.reden, op=op) for o, op in casus.opschalingen],
            afsluiting=casus.afsluiting,
            afgesloten_op=casus.afgesloten_op,
            heropeningen=casus.heropeningen,
            terugkeer=casus.terugkeer,
            normen=normen,
            te_laat=[n.norm.value for n in normen if n.te_laat],
            positie=positie,
        )


_METADATA = {"originator_id", "originator_version", "timestamp", "op", "herkomst", "originator_topic"}


class HistorieRegel(BaseModel):
    """One event of the case's history: when, by whom, what."""

    versie: int
    type: str
    tijdstip: datetime
    op: date
    actor: str
    rol: str
    data: dict[str, Any]

    @classmethod
    def van(cls, event: Any) -> HistorieRegel:
        return cls(
            versie=event.originator_version,
            type=type(event).__name__,
            tijdstip=event.timestamp,
            op=event.op,
            actor=event.herkomst.actor,
            rol=event.herkomst.rol,
            data=event.model_dump(mode="json", exclude=_METADATA),
        )


class Historie(BaseModel):
    casus_id: UUID
    regio: str
    events: list[HistorieRegel]
