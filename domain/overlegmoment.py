"""A meeting of the region's expert team (Overlegmoment): the cases on its agenda, at most N evaluations."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated
from uuid import UUID, uuid5

from eventsourcing.domain import event
from pydantic import Field

from domain.events import EventSourcedAggregate
from domain.fouten import Regel, RegelGeschonden
from domain.invoer import Geheel, hoogstens
from domain.regioprofiel import Overlegsoort
from domain.waarden import Datum, Herkomst, KorteTekst, Tekst, Waarde

_OVERLEG_NAMESPACE = UUID("9b1c6f0e-3d2a-5e47-8c19-5a0e2d7b4f63")


class Agendapuntsoort(StrEnum):
    """Why a case is on a meeting: its (first) discussion, or back at the table, or its evaluation."""

    NIEUW = "nieuw"
    TERUG_OP_TAFEL = "terug-op-tafel"
    EVALUATIE = "evaluatie"


class Agendapunt(Waarde):
    """A case on a meeting's agenda, with the expertise the triage asked to invite."""

    casus_id: UUID
    soort: Agendapuntsoort
    uit_te_nodigen_expertise: Annotated[tuple[KorteTekst, ...], hoogstens(50)] = ()

    @property
    def telt_als_evaluatie(self) -> bool:
        """Seed 004: a meeting holds at most N evaluations besides new cases; a case whose round already has
        its advice (evaluated at the meeting, or back at the table after its evaluation) is one of them."""
        return self.soort is not Agendapuntsoort.NIEUW


class Evaluatiemoment(Waarde):
    """The evaluation of the advice planned on a meeting (seed 004 stap 7: 15 minutes on a planned
    Expertteam meeting; the casusregisseur attends, or reports on paper)."""

    datum: Datum
    soort: Overlegsoort | None = Field(None, description="The kind of meeting on that date, when there are several.")
    terugkoppeling_op_papier: bool = Field(False, description="The casusregisseur reports on paper, not in person.")


class Overlegmoment(EventSourcedAggregate):
    """One meeting of a region's expert team, or a doorbraaktafel, on one date."""

    class Belegd(EventSourcedAggregate.Created):
        niet_persoonlijk = ("regio", "locatie", "toelichting")
        """A meeting's place and why it was called are about the team, not about a family."""
        regio: str
        datum: date
        soort: Overlegsoort
        duur_minuten: int
        extra: bool
        """Called apart from the region's cadence (an extra or on-call meeting)."""
        locatie: str | None = None
        toelichting: str | None = None

    class CasusIngepland(EventSourcedAggregate.Event):
        niet_persoonlijk = ("agendapunt.uit_te_nodigen_expertise",)
        agendapunt: Agendapunt

    class CasusVerplaatst(EventSourcedAggregate.Event):
        casus_id: UUID
        naar: UUID
        naar_datum: date

    class CasusAfgemeld(EventSourcedAggregate.Event):
        """Taken off the agenda because the case was closed before the meeting."""

        casus_id: UUID

    @staticmethod
    def id_van(regio: str, datum: date, soort: Overlegsoort) -> UUID:
        """A meeting's identity follows from its region, date and kind: one of each kind a day."""
        return uuid5(_OVERLEG_NAMESPACE, f"{regio}/{datum.isoformat()}/{soort.value}")

    @classmethod
    def beleg(
        cls,
        *,
        regio: str,
        datum: date,
        soort: Overlegsoort,
        duur_minuten: int,
        extra: bool,
        op: date,
        herkomst: Herkomst,
        locatie: str | None = None,
        toelichting: str | None = None,
    ) -> Overlegmoment:
        return cls._create(
            cls.Belegd,
            id=cls.id_van(regio, datum, soort),
            regio=regio,
            datum=datum,
            soort=soort,
            duur_minuten=duur_minuten,
            extra=extra,
            locatie=locatie,
            toelichting=toelichting,
            op=op,
            herkomst=herkomst,
        )

    @event(Belegd)
    def __init__(
        self,
        regio: str,
        datum: date,
        soort: Overlegsoort,
        duur_minuten: int,
        extra: bool,
        locatie: str | None,
        toelichting: str | None,
        op: date,
        herkomst: Herkomst,
    ) -> None:
        self.regio, self.datum, self.soort = regio, datum, soort
        self.duur_minuten, self.extra, self.locatie, self.toelichting = duur_minuten, extra, locatie, toelichting
        self.agenda: dict[UUID, Agendapunt] = {}

    def __str__(self) -> str:
        return f"the {self.soort.value} of {self.datum.isoformat()}"

    @property
    def evaluaties(self) -> list[UUID]:
        """The cases on the agenda that count as evaluations, in the order they were planned."""
        return [casus_id for casus_id, punt in self.agenda.items() if punt.telt_als_evaluatie]

    def plan_in(self, agendapunt: Agendapunt, *, max_evaluaties: int, op: date, herkomst: Herkomst) -> None:
        """Puts a case on the agenda (again: its entry is replaced); a further evaluation beyond the limit
        is refused."""
        eerder = self.agenda.get(agendapunt.casus_id)
        al_geteld = eerder is not None and eerder.telt_als_evaluatie
        if agendapunt.telt_als_evaluatie and not al_geteld and len(self.evaluaties) >= max_evaluaties:
            raise RegelGeschonden(
                Regel.TE_VEEL_EVALUATIES,
                f"{self} already holds {len(self.evaluaties)} evaluation(s), at most {max_evaluaties} besides "
                "new cases; plan this one on another meeting",
            )
        self._ingepland_event(agendapunt=agendapunt, op=op, herkomst=herkomst)

    @event(CasusIngepland)
    def _ingepland_event(self, agendapunt: Agendapunt, op: date, herkomst: Herkomst) -> None:
        self.agenda.pop(agendapunt.casus_id, None)
        self.agenda[agendapunt.casus_id] = agendapunt

    def verplaats(self, casus_id: UUID, naar: Overlegmoment, *, op: date, herkomst: Herkomst) -> None:
        """Takes a case off this meeting's agenda because it was planned on `naar` instead."""
        if casus_id in self.agenda and naar.id != self.id:
            self._verplaatst_event(casus_id=casus_id, naar=naar.id, naar_datum=naar.datum, op=op, herkomst=herkomst)

    @event(CasusVerplaatst)
    def _verplaatst_event(self, casus_id: UUID, naar: UUID, naar_datum: date, op: date, herkomst: Herkomst) -> None:
        del self.agenda[casus_id]

    def meld_af(self, casus_id: UUID, *, op: date, herkomst: Herkomst) -> None:
        """Takes a closed case off this meeting's agenda, freeing its place."""
        if casus_id in self.agenda:
            self._afgemeld_event(casus_id=casus_id, op=op, herkomst=herkomst)

    @event(CasusAfgemeld)
    def _afgemeld_event(self, casus_id: UUID, op: date, herkomst: Herkomst) -> None:
        del self.agenda[casus_id]


class NieuwOverleg(Waarde):
    """An extra meeting (e.g. a doorbraaktafel called for a case), apart from the region's cadence."""

    datum: Datum
    soort: Overlegsoort
    duur_minuten: Geheel = Field(120, ge=15, le=600)
    locatie: KorteTekst | None = None
    toelichting: Tekst | None = Field(None, description="Why the meeting is called.")
