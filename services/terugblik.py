"""A case as it stood: rebuilt from its stored events up to a moment or a version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic
from uuid import UUID

from eventsourcing.application import project_aggregate

from domain.terugblik import tot_moment, tot_versie
from services.fouten import CasusNietGevonden
from services.uitvoering import A, Uitvoerder


@dataclass(frozen=True)
class Stand(Generic[A]):
    """The case after the events shown, and how many versions it has by now."""

    casus: A
    events: list[Any]
    laatste_versie: int

    @property
    def versie(self) -> int:
        return int(self.events[-1].originator_version)

    @property
    def vastgelegd(self) -> datetime:
        """When the last event shown was recorded."""
        moment: datetime = self.events[-1].timestamp
        return moment


def historie_tot(dienst: Uitvoerder[A], casus_id: UUID, moment: datetime) -> list[Any]:
    """The case's events recorded up to `moment` (CasusNietGevonden, NogNietVastgelegd)."""
    return tot_moment(dienst.historie(casus_id), moment)


def stand(dienst: Uitvoerder[A], casus_id: UUID, *, moment: datetime | None = None, versie: int = 0) -> Stand[A]:
    """The case after its events recorded up to `moment`, or else up to and including `versie`
    (CasusNietGevonden, NogNietVastgelegd, VersieBuitenHistorie)."""
    events = dienst.historie(casus_id)
    gekozen = tot_moment(events, moment) if moment is not None else tot_versie(events, versie)
    casus: A | None = project_aggregate(None, gekozen)
    if casus is None:
        raise CasusNietGevonden(casus_id)
    return Stand(casus, gekozen, int(events[-1].originator_version))
