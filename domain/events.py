"""Base classes for domain events as immutable pydantic models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate, CanInitAggregate, CanMutateAggregate
from pydantic import BaseModel, ConfigDict

from domain.persoonlijk import beslissingen
from domain.waarden import Herkomst


class DomainEvent(BaseModel):
    """Every event records when it was stored, on which business date, and by whom.

    `class_version` rises when an event's stored form changes; the class then carries an
    `upcast_vN_vM(state)` per step (see `domain.eventversies`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    class_version: ClassVar[int] = 1
    legt_vast: ClassVar[tuple[str, ...]] = ()
    """The parts of the case this step records (`aanmelding`, `triage`, ...), which a correction may later reach."""
    eigen_stap: ClassVar[bool] = True
    """False for what is not a step of the case's course (the network's answers, a correction, planning an
    evaluation): it does not bound the dates of later steps."""
    persoonlijk: ClassVar[tuple[str, ...]] = ()
    """The dotted paths of this event's personal data, stored encrypted with its case's key (`domain.persoonlijk`)."""
    niet_persoonlijk: ClassVar[tuple[str, ...]] = (
        "herkomst.actor",
        "herkomst.rol",
        "herkomst.idempotency_key",
        "herkomst.verzoek_hash",
    )
    """The text fields kept readable: who acted in which role (the audit trail) and the command's keys."""
    persoonlijk_naar_veld: ClassVar[tuple[str, ...]] = ()
    """Text fields personal or not by what the event holds (a correction's values: as the field corrected)."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    op: date
    herkomst: Herkomst

    @classmethod
    def persoonlijke_paden(cls, state: dict[str, Any]) -> tuple[str, ...]:
        """The paths of this event's personal data; an event whose personal fields depend on its content (a
        correction) computes them from its stored `state`."""
        return beslissingen(cls, "persoonlijk")


class Uitvoering(BaseModel):
    """The version a command produced, found again by its idempotency key, and the day it ran (was recorded)."""

    model_config = ConfigDict(frozen=True)

    versie: int
    verzoek_hash: str | None
    op: date


_CONTAINERS = frozenset({list, dict, set})
"""The mutable containers an aggregate's copy gets its own of (its values are immutable or replaced whole)."""


def _onthoud_commando(aggregate: Any, event: DomainEvent) -> None:
    if event.eigen_stap:
        aggregate.laatste_op = event.op
    for onderdeel in event.legt_vast:
        aggregate.stap_versies[onderdeel] = event.originator_version
    key = event.herkomst.idempotency_key
    if key is not None:
        aggregate.uitgevoerde_commandos[key] = Uitvoering(
            versie=event.originator_version,
            verzoek_hash=event.herkomst.verzoek_hash,
            op=event.herkomst.vastgelegd_op or event.op,
        )


class EventSourcedAggregate(Aggregate):
    """An aggregate whose events are pydantic models and remember their idempotency keys."""

    uitgevoerde_commandos: dict[str, Uitvoering]
    laatste_op: date
    """The business date of the latest step: no later step may be dated before it."""
    stap_versies: dict[str, int]
    """Per part of the case, the version of the step that recorded its current value."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        """A private copy for a command: new containers, shared immutable values."""
        kopie = object.__new__(type(self))
        kopie.__dict__ = {
            naam: waarde.copy() if type(waarde) in _CONTAINERS else waarde for naam, waarde in self.__dict__.items()
        }
        return kopie

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        def mutate(self, aggregate: Any) -> Any:
            aggregate = super().mutate(aggregate)
            _onthoud_commando(aggregate, self)
            return aggregate

    class Created(Event, CanInitAggregate[UUID]):
        niet_persoonlijk: ClassVar[tuple[str, ...]] = ("originator_topic",)
        originator_topic: str

        def mutate(self, aggregate: Any) -> Any:
            aggregate = CanInitAggregate.mutate(self, aggregate)
            aggregate.uitgevoerde_commandos = {}
            aggregate.stap_versies = {}
            _onthoud_commando(aggregate, self)
            return aggregate
