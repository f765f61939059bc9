"""The network's case (Netwerkcasus): from an escalation Ontvangen to Afgesloten (seed 002)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from eventsourcing.domain import event

from domain.events import EventSourcedAggregate
from domain.fouten import Regel, RegelGeschonden
from domain.netwerk import (
    Actie,
    Escalatie,
    Kernteambesluit,
    NetwerkAfsluiting,
    NetwerkOpschaling,
)
from domain.waarden import Herkomst, Knelpunt
from domain.werkdagen import Werkkalender

KERNTEAMBESLUIT_WERKDAGEN = 5
CONTACTPERSOON_DAGEN = 14


def besluit_uiterlijk(ontvangen_op: date, kalender: Werkkalender) -> date:
    """The kernteam decides within 5 working days of receiving the case."""
    return kalender.plus_werkdagen(ontvangen_op, KERNTEAMBESLUIT_WERKDAGEN)


def contactpersoon_uiterlijk(opgepakt_op: date) -> date:
    """A case taken up has a fixed contact person for the family within 2 weeks."""
    return opgepakt_op + timedelta(days=CONTACTPERSOON_DAGEN)


class Status(StrEnum):
    ONTVANGEN = "ontvangen"
    IN_BEHANDELING = "in-behandeling"
    TERUGGELEGD = "teruggelegd"
    AFGESLOTEN = "afgesloten"


class Netwerkcasus(EventSourcedAggregate):
    """A case the network's kernteam handles, received from a region's escalation.

    Its events are stored readable (`niet_persoonlijk`): they hold what left the region, checked free of the
    case's identifying data, and the kernteam's work on it; the region's erasure does not reach them."""

    class Ontvangen(EventSourcedAggregate.Created):
        niet_persoonlijk = ("escalatie",)
        escalatie: Escalatie

    class KernteamBesluit(EventSourcedAggregate.Event):
        niet_persoonlijk = ("besluit",)
        besluit: Kernteambesluit

    class ActieAfgesproken(EventSourcedAggregate.Event):
        niet_persoonlijk = ("actie",)
        actie: Actie

    class KnelpuntGemeld(EventSourcedAggregate.Event):
        niet_persoonlijk = ("knelpunt",)
        knelpunt: Knelpunt

    class Opgeschaald(EventSourcedAggregate.Event):
        niet_persoonlijk = ("opschaling",)
        opschaling: NetwerkOpschaling

    class Afgesloten(EventSourcedAggregate.Event):
        niet_persoonlijk = ("afsluiting",)
        afsluiting: NetwerkAfsluiting

    @classmethod
    def ontvang(cls, escalatie: Escalatie, *, op: date, herkomst: Herkomst) -> Netwerkcasus:
        """The network case of an escalation; its id follows from the escalation, so receiving the
        same escalation twice cannot make two cases."""
        return cls._create(cls.Ontvangen, id=escalatie.netwerkcasus_id, escalatie=escalatie, op=op, herkomst=herkomst)

    @event(Ontvangen)
    def __init__(self, escalatie: Escalatie, op: date, herkomst: Herkomst) -> None:
        self.escalatie = escalatie
        self.ontvangen_op = op
        self.status = Status.ONTVANGEN
        self.besluit: Kernteambesluit | None = None
        self.besluit_op: date | None = None
        self.acties: list[tuple[Actie, date]] = []
        self.knelpunten: list[Knelpunt] = []
        self.opschalingen: list[tuple[NetwerkOpschaling, date]] = []
        self.afsluiting: NetwerkAfsluiting | None = None
        self.afgesloten_op: date | None = None

    # --- guards ---------------------------------------------------------------

    def _open(self) -> None:
        if self.status is Status.AFGESLOTEN:
            raise RegelGeschonden(Regel.NETWERKCASUS_AFGESLOTEN, "the network case is closed")
        if self.status is Status.TERUGGELEGD:
            raise RegelGeschonden(Regel.NETWERKCASUS_TERUGGELEGD, "the kernteam handed this case back to the region")

    def _in_behandeling(self) -> None:
        self._open()
        if self.status is not Status.IN_BEHANDELING:
            raise RegelGeschonden(Regel.KERNTEAM_NOG_GEEN_BESLUIT, "the kernteam has not taken this case up yet")

    # --- commands -------------------------------------------------------------

    def besluit_kernteam(self, besluit: Kernteambesluit, *, op: date, herkomst: Herkomst) -> None:
        self._open()
        if self.besluit is not None:
            raise RegelGeschonden(Regel.KERNTEAM_AL_BESLOTEN, "the kernteam has already decided on this case")
        self._besluit_event(besluit=besluit, op=op, herkomst=herkomst)

    @event(KernteamBesluit)
    def _besluit_event(self, besluit: Kernteambesluit, op: date, herkomst: Herkomst) -> None:
        self.besluit = besluit
        self.besluit_op = op
        self.status = Status.IN_BEHANDELING if besluit.opgepakt else Status.TERUGGELEGD

    def spreek_actie_af(self, actie: Actie, *, op: date, herkomst: Herkomst) -> None:
        self._in_behandeling()
        self._actie_event(actie=actie, op=op, herkomst=herkomst)

    @event(ActieAfgesproken)
    def _actie_event(self, actie: Actie, op: date, herkomst: Herkomst) -> None:
        self.acties.append((actie, op))

    def meld_knelpunt(self, knelpunt: Knelpunt, *, op: date, herkomst: Herkomst) -> None:
        self._in_behandeling()
        self._knelpunt_event(knelpunt=knelpunt, op=op, herkomst=herkomst)

    @event(KnelpuntGemeld)
    def _knelpunt_event(self, knelpunt: Knelpunt, op: date, herkomst: Herkomst) -> None:
        self.knelpunten.append(knelpunt)

    def schaal_op(self, opschaling: NetwerkOpschaling, *, op: date, herkomst: Herkomst) -> None:
        self._in_behandeling()
        self._opgeschaald_event(opschaling=opschaling, op=op, herkomst=herkomst)

    @event(Opgeschaald)
    def _opgeschaald_event(self, opschaling: NetwerkOpschaling, op: date, herkomst: Herkomst) -> None:
        self.opschalingen.append((opschaling, op))

    def sluit_af(self, afsluiting: NetwerkAfsluiting, *, op: date, herkomst: Herkomst) -> None:
        self._in_behandeling()
        open_punten = afsluiting.checklist.open_punten()
        if open_punten and not afsluiting.afwijking_reden:
            raise RegelGeschonden(
                Regel.AFSLUITCHECKLIST_ONVOLLEDIG,
                f"the checklist is not complete ({', '.join(open_punten)}); "
                "complete it or give the reason to close anyway (afwijking_reden)",
            )
        self._afgesloten_event(afsluiting=afsluiting, op=op, herkomst=herkomst)

    @event(Afgesloten)
    def _afgesloten_event(self, afsluiting: NetwerkAfsluiting, op: date, herkomst: Herkomst) -> None:
        self.afsluiting = afsluiting
        self.afgesloten_op = op
        self.status = Status.AFGESLOTEN

    # --- norms ----------------------------------------------------------------

    def besluit_uiterlijk(self, kalender: Werkkalender) -> date:
        return besluit_uiterlijk(self.ontvangen_op, kalender)

    @property
    def contactpersoon(self) -> str | None:
        return next((a.contactpersoon for a, _ in reversed(self.acties) if a.contactpersoon), None)

    @property
    def contactpersoon_sinds(self) -> date | None:
        return next((op for a, op in self.acties if a.contactpersoon), None)

    def contactpersoon_uiterlijk(self) -> date | None:
        """A fixed contact person for the family within 2 weeks of taking the case up."""
        if self.besluit is None or not self.besluit.opgepakt or self.besluit_op is None:
            return None
        return contactpersoon_uiterlijk(self.besluit_op)
