"""Feedback on the advice before its evaluation (seed 004, stap 9; seed 003: the PDCA cycle)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from domain.invoer import Geheel
from domain.waarden import Knelpunt, Tekst, Waarde
from domain.werkdagen import Werkkalender

TERUGKOPPELING_WERKDAGEN_VOOR_EVALUATIE = 3
"""Seed 004, stap 9: the casusregisseur gives feedback at least 3 working days before the planned evaluation."""


class Uitvoeringsstand(StrEnum):
    """Whether something agreed is being carried out."""

    JA = "ja"
    DEELS = "deels"
    NEE = "nee"


class Terugkoppeling(Waarde):
    """How useful the advice is to the referrer or casusregisseur, and whether it is being carried out."""

    bruikbaarheid: Geheel = Field(ge=1, le=5, description="How useful the advice is: 1 (not at all) to 5 (very).")
    wordt_uitgevoerd: Uitvoeringsstand = Field(description="Whether the advice is being carried out.")
    belemmering: Knelpunt | None = Field(
        None,
        validate_default=True,
        description="What stands in the way, by category; required when the advice is carried out partly or not.",
    )
    opmerkingen: Tekst | None = None

    @field_validator("belemmering")
    @classmethod
    def _belemmering_als_het_niet_loopt(cls, belemmering: Knelpunt | None, info: ValidationInfo) -> Any:
        stand = info.data.get("wordt_uitgevoerd")
        if belemmering is None and stand in (Uitvoeringsstand.DEELS, Uitvoeringsstand.NEE):
            raise ValueError(f"name what stands in the way when the advice is carried out {stand.value}")
        return belemmering


@dataclass(frozen=True, slots=True)
class GegevenTerugkoppeling:
    """Feedback as the case keeps it: by which role, on which day, on which advice of which round."""

    terugkoppeling: Terugkoppeling
    rol: str
    op: date
    advies: tuple[int, int]
    """The advice it is about: (reopenings, evaluations before it) identifies one advice of the case."""


def terugkoppeling_uiterlijk(evaluatiedatum: date, kalender: Werkkalender) -> date:
    """The last day for feedback: 3 working days before the planned evaluation."""
    dag, te_gaan = evaluatiedatum, TERUGKOPPELING_WERKDAGEN_VOOR_EVALUATIE
    while te_gaan > 0:
        dag -= timedelta(days=1)
        if kalender.is_werkdag(dag):
            te_gaan -= 1
    return dag
