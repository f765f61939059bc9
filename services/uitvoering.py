"""How a command runs against a store: from the cached aggregate, idempotent retries, conflicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.agenda import Waarschuwing
from domain.bedrijfsdatum import controleer_stapdatum
from domain.events import EventSourcedAggregate
from domain.waarden import Herkomst
from services.casus_store import CasusStore
from services.fouten import CasusNietGevonden, GelijktijdigeWijziging, IdempotencyKeyHergebruikt

A = TypeVar("A", bound=EventSourcedAggregate)


@dataclass(frozen=True)
class Resultaat(Generic[A]):
    """The case after a command; `positie` is the store position of its last event. A replay (`herhaald`)
    is the first answer again: the case as that command left it, its position, and `dag`, the day the
    command ran (what was overdue is told as of that day)."""

    casus: A
    positie: int | None
    herhaald: bool = False
    dag: date | None = None
    waarschuwingen: tuple[Waarschuwing, ...] = ()
    """What the command warns of without refusing it (a plan that misses a norm)."""


def vastgelegd(herkomst: Herkomst, dag: date, vandaag: date) -> Herkomst:
    """The origin of a step dated `dag`, recorded `vandaag`: it carries the recording day when they differ."""
    return herkomst if dag == vandaag else herkomst.model_copy(update={"vastgelegd_op": vandaag})


class Uitvoerder(Generic[A]):
    """Runs commands on the aggregates of one store."""

    store: CasusStore
    vandaag: Callable[[], date]
    soort: type[Any] = object
    """The class of the aggregates the commands run on; the store may hold others (the meetings)."""

    def casus(self, casus_id: UUID) -> A:
        casus = self._lees(casus_id)
        if casus is None:
            raise CasusNietGevonden(casus_id)
        return casus

    def historie(self, casus_id: UUID) -> list[Any]:
        """The case's stored events in order, as domain events."""
        events = self.store.historie(casus_id)
        if not events or not isinstance(events[0], getattr(self.soort, "Event", object)):
            raise CasusNietGevonden(casus_id)
        return events

    def _lees(self, casus_id: UUID, versie: int | None = None) -> A | None:
        casus = self.store.lees(casus_id, versie)
        return casus if isinstance(casus, self.soort) else None

    def _voer_uit(
        self,
        casus_id: UUID,
        herkomst: Herkomst,
        commando: Callable[[A, date, Herkomst], Sequence[EventSourcedAggregate] | None],
        op: date | None = None,
    ) -> Resultaat[A]:
        """Runs `commando` with the step's business date (`op`, today if not given) and its origin, and saves
        the case with the other aggregates the command returns (a plan's meetings) in one append."""
        casus: Any = self.store.casus_voor_commando(casus_id)
        if casus is None or not isinstance(casus, self.soort):
            raise CasusNietGevonden(casus_id)
        eerder = self._als_uitgevoerd(casus, herkomst)
        if eerder is not None:
            return eerder
        vandaag = self.vandaag()
        dag = vandaag if op is None else op
        controleer_stapdatum(dag, vandaag=vandaag, vorige=casus.laatste_op)
        meer = commando(casus, dag, vastgelegd(herkomst, dag, vandaag)) or ()
        return self._bewaar(casus, herkomst, *meer)

    def _bewaar(self, casus: A, herkomst: Herkomst, *meer: EventSourcedAggregate) -> Resultaat[A]:
        try:
            positie = self.store.bewaar(casus, *meer)
        except IntegrityError:
            eerder = self._eerder_uitgevoerd(casus.id, herkomst)
            if eerder is not None:
                return eerder
            wat = " or ".join([f"Casus {casus.id}", *map(str, meer)]) if meer else None
            raise GelijktijdigeWijziging(casus.id, wat) from None
        return Resultaat(casus=casus, positie=positie)

    def _eerder_uitgevoerd(self, casus_id: UUID, herkomst: Herkomst) -> Resultaat[A] | None:
        if herkomst.idempotency_key is None:
            return None
        casus = self._lees(casus_id)
        return None if casus is None else self._als_uitgevoerd(casus, herkomst)

    def _als_uitgevoerd(self, casus: A, herkomst: Herkomst) -> Resultaat[A] | None:
        """The first answer to a command retried under the same idempotency key."""
        key = herkomst.idempotency_key
        uitvoering = casus.uitgevoerde_commandos.get(key) if key else None
        if uitvoering is None or key is None:
            return None
        if uitvoering.verzoek_hash != herkomst.verzoek_hash:
            raise IdempotencyKeyHergebruikt(key)
        toen = casus if uitvoering.versie == casus.version else self._lees(casus.id, uitvoering.versie)
        positie = self.store.positie_van(casus.id, uitvoering.versie)
        return Resultaat(casus=toen or casus, positie=positie, herhaald=True, dag=uitvoering.op)
