"""A region's profile: its municipalities, network, norms and escalation chain."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


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


class Overlegsoort(StrEnum):
    """The regular expert-team meeting, or the doorbraaktafel (werkstroom A)."""

    EXPERTTEAM = "expertteam"
    DOORBRAAKTAFEL = "doorbraaktafel"

    def neemt(self, werkstroom: Werkstroom) -> bool:
        """Whether a case of `werkstroom` is discussed at this kind of meeting: the doorbraaktafel is werkstroom A's."""
        return self is Overlegsoort.EXPERTTEAM or werkstroom == Werkstroom.A


class Overlegritme(BaseModel):
    """A regular meeting: every `elke_weken` weeks on the weekday of `eerste`, from `eerste` (to `tot`)."""

    model_config = ConfigDict(frozen=True)

    soort: Overlegsoort = Overlegsoort.EXPERTTEAM
    eerste: date = Field(description="The first meeting; the others fall on the same weekday.")
    elke_weken: int = Field(ge=1, le=52, description="Every N weeks.")
    duur_minuten: int = Field(120, ge=15, le=600, description="How long a meeting lasts.")
    tot: date | None = Field(None, description="The last day a meeting of this cadence can fall on.")

    @model_validator(mode="after")
    def _tot_na_eerste(self) -> Overlegritme:
        if self.tot is not None and self.tot < self.eerste:
            raise ValueError("tot lies before eerste")
        return self

    def data(self, van: date, tot: date) -> list[date]:
        """The meeting dates of this cadence from `van` to `tot`, both included."""
        tot = min(tot, self.tot) if self.tot else tot
        stap = timedelta(weeks=self.elke_weken)
        achter = (van - self.eerste).days
        dag = self.eerste if achter <= 0 else self.eerste + stap * -(-achter // stap.days)
        data = []
        while dag <= tot:
            data.append(dag)
            dag += stap
        return data


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


BEWAARTERMIJN_JAREN = 20
"""Jeugdwet art. 7.3.8 as the issue and current guides read it: twenty years (sources differ: see the README's
retention paragraph); the longer term erases nothing too early."""


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
    overlegfrequentie: str | None = Field(None, description="How often the team meets, as the region says it.")
    overlegritme: tuple[Overlegritme, ...] = Field((), description="The regular meetings (none: on call only).")
    overleg_op_afroep: bool = Field(
        True,
        description="Whether planning a case on a date without a meeting calls one (on call); "
        "false: the dates are fixed and such a plan is refused (geen-overleg-op-datum).",
    )
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
    bewaartermijn_jaren: int = Field(
        BEWAARTERMIJN_JAREN,
        ge=1,
        le=115,
        description="Years the personal data of a closed case is kept after the last thing recorded on it "
        "(`doorbraak bewaartermijn` erases it then); Jeugdwet art. 7.3.8: 20 (see the README).",
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
