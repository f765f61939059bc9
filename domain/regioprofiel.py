"""A region's profile: its municipalities, network, norms and escalation chain."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Werkstroom(StrEnum):
    """A = doorbraaktafel (out-of-home placement threatens); B = a stuck case."""

    A = "A"
    B = "B"


class Adviessoort(StrEnum):
    """How binding the team's advice is: zwaarwegend (weighty) or bindend (binding; seed 000)."""

    ZWAARWEGEND = "zwaarwegend"
    BINDEND = "bindend"


class Opschalingsniveau(StrEnum):
    BOVENREGIONAAL = "bovenregionaal"
    BESTUURLIJK = "bestuurlijk"


class Normtermijnen(BaseModel):
    """The deadlines a region reports on; each can be overridden in the profile."""

    model_config = ConfigDict(frozen=True)

    triage_werkdagen: int = Field(5, ge=1, description="Triage within N working days of registration.")
    overleg_dagen: int = Field(14, ge=1, description="Meeting within N days of registration (A: of placement).")
    advies_verzenden_werkdagen: int = Field(1, ge=0, description="Advice sent N working days after the meeting.")
    evaluatie_maanden: int = Field(3, ge=1, description="Evaluation within N months of the advice.")


class Opschalingsstap(BaseModel):
    model_config = ConfigDict(frozen=True)

    niveau: Opschalingsniveau
    naar: str = Field(description="Who the case goes to at this level.")


class RegioProfiel(BaseModel):
    model_config = ConfigDict(frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    naam: str
    netwerk: str | None = Field(None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    netwerk_naam: str | None = None
    gemeenten: tuple[str, ...] = Field(min_length=1)
    normen: Normtermijnen = Normtermijnen()
    werkstromen: tuple[Werkstroom, ...] = (Werkstroom.A, Werkstroom.B)
    opschalingsketen: tuple[Opschalingsstap, ...] = ()
    overlegfrequentie: str = Field(description="How often the team meets, as the region says it.")
    overleg_max_evaluaties: int = Field(2, ge=0, description="Evaluations per meeting slot besides new cases.")
    adviessoorten: tuple[Adviessoort, ...] = Field(
        (Adviessoort.ZWAARWEGEND,), min_length=1, description="The kinds of advice the team gives."
    )
    teamadres: str | None = Field(
        None,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="The team's e-mail address for reminders of due dates; none: reminders on NATS only.",
    )
    herinnering_werkdagen: int = Field(
        2, ge=0, le=20, description="Remind of a norm due within N working days (and of every overdue one)."
    )

    @field_validator("gemeenten")
    @classmethod
    def _gemeenten_uniek(cls, gemeenten: tuple[str, ...]) -> tuple[str, ...]:
        if len({g.casefold() for g in gemeenten}) != len(gemeenten):
            raise ValueError("a municipality is listed twice")
        return gemeenten

    def heeft_gemeente(self, gemeente: str) -> bool:
        return gemeente.casefold() in {g.casefold() for g in self.gemeenten}

    def officiele_gemeente(self, gemeente: str) -> str | None:
        """The municipality as the profile spells it, or None when it is not in the region."""
        for naam in self.gemeenten:
            if naam.casefold() == gemeente.strip().casefold():
                return naam
        return None

    def opschalingsniveaus(self) -> tuple[Opschalingsniveau, ...]:
        return tuple(stap.niveau for stap in self.opschalingsketen)
