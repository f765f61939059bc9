"""What travels between a region and its network, and what the network's kernteam records."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated
from uuid import UUID, uuid5

from pydantic import model_validator

from domain.invoer import hoogstens
from domain.regioprofiel import Werkstroom
from domain.waarden import (
    Datum,
    Intakevragen,
    Knelpunt,
    Knelpuntcategorie,
    KorteTekst,
    Leefgebied,
    Tekst,
    Urgentie,
    Waarde,
)

ESCALATIE_NAAMRUIMTE = UUID("5d0f3c3e-8f63-4d6a-9a55-0c7f1e6b2a41")


class Escalatie(Waarde):
    """A bovenregionale escalation as it leaves the region: the intake questions, the urgency, the
    regional case's reference and the minimum about the young person; no names or contact data."""

    regio: KorteTekst
    netwerk: KorteTekst
    casus_id: UUID
    casus_versie: int
    opgeschaald_op: date
    reden: Tekst
    intakevragen: Intakevragen
    urgentie: Urgentie
    werkstroom: Werkstroom
    leeftijd: int
    woonplaatsgemeente: KorteTekst
    leefgebieden: tuple[Leefgebied, ...]

    @property
    def netwerkcasus_id(self) -> UUID:
        """The network case this escalation becomes: the same escalation always gives the same id."""
        return uuid5(ESCALATIE_NAAMRUIMTE, f"{self.regio}/{self.casus_id}/{self.casus_versie}")


class Oplossing(StrEnum):
    """The kind of solution the kernteam takes a case up with (seed 002, stap 2)."""

    CONSULTATIE_EN_ADVIES = "2a-consultatie-en-advies"
    ONDERSTEUNEN_ORGANISEREN_HULP = "2b-ondersteunen-organiseren-hulp"
    DOORBRAAK = "2c-doorbraak"


class Kernteambesluit(Waarde):
    """Taken up with a kind of solution, or handed back to the region with a reason."""

    opgepakt: bool
    oplossing: Oplossing | None = None
    reden: Tekst | None = None
    deelname_gezin: Tekst | None = None

    @model_validator(mode="after")
    def _volledig(self) -> Kernteambesluit:
        if self.opgepakt and self.oplossing is None:
            raise ValueError("a case taken up needs its kind of solution (oplossing: 2a, 2b or 2c)")
        if not self.opgepakt and not self.reden:
            raise ValueError("a case handed back needs a reason (reden)")
        if not self.opgepakt and self.oplossing is not None:
            raise ValueError("a case handed back has no oplossing")
        return self


class Afspraak(Waarde):
    """An agreement with an executor: goal, expectations, regie, evaluation, funding."""

    uitvoerder: KorteTekst
    doel: Tekst
    verwachtingen: Tekst | None = None
    procesregie: KorteTekst | None = None
    financiering: Tekst | None = None


class Actie(Waarde):
    """What the kernteam sets in motion (seed 002, stap 3)."""

    inzet: Tekst
    experts: Annotated[tuple[KorteTekst, ...], hoogstens(100)] = ()
    afspraken: Annotated[tuple[Afspraak, ...], hoogstens(50)] = ()
    evaluatiemomenten: Annotated[tuple[Datum, ...], hoogstens(50, uniek=True)] = ()
    contactpersoon: KorteTekst | None = None
    financiering_garant: bool = False


class NetwerkOpschaling(Waarde):
    """To the commissioning board when the solution does not come."""

    naar: KorteTekst
    reden: Tekst


class Afsluitchecklist(Waarde):
    """The six questions the kernteam answers before the network closes a case (seed 002, stap 6)."""

    vervolgstappen_duidelijk: bool
    duurzame_oplossing: bool
    vaste_contactpersoon: bool
    regie_duidelijk: bool
    monitoringgegevens_aangeleverd: bool
    leergegevens_aangeleverd: bool

    def open_punten(self) -> list[str]:
        return [naam for naam, ja in self.model_dump().items() if not ja]


class NetwerkAfsluiting(Waarde):
    checklist: Afsluitchecklist
    toelichting: Tekst | None = None
    afwijking_reden: Tekst | None = None
    """Why the case closes although the checklist is not complete."""
    lessen: Tekst | None = None
    """The learning data (seed 002, stap 5 and 6): what everyone involved learnt."""
    lessen_categorie: Knelpuntcategorie | None = None
    werkzame_elementen: Tekst | None = None
    """What worked, and how the solution came about after all."""
    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)] = ()
    """What stood in the way of the best fitting help."""


class Terugmelding(Waarde):
    """What travels back from the network to the region's case: a decision, an action, or the closing."""

    netwerk: KorteTekst
    regio: KorteTekst
    casus_id: UUID
    netwerkcasus_id: UUID
    netwerk_versie: int
    op: date
    besluit: Kernteambesluit | None = None
    actie: Actie | None = None
    afsluiting: NetwerkAfsluiting | None = None

    @model_validator(mode="after")
    def _een_ding(self) -> Terugmelding:
        if sum(x is not None for x in (self.besluit, self.actie, self.afsluiting)) != 1:
            raise ValueError("a terugmelding carries exactly one of besluit, actie, afsluiting")
        return self

    @property
    def bericht_id(self) -> str:
        """The same network event always gives the same id."""
        return f"{self.netwerkcasus_id}/{self.netwerk_versie}"
