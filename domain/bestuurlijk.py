"""After a bestuurlijke escalation: the round-table meeting (RTO) of aldermen and boards, and its evaluation.

Seed 004 §5a: the responsible alderman invites the boards of the parties to a ronde tafel overleg, where
they decide on the track that gets the case unstuck. Seed 000 §4: every escalation is evaluated afterwards,
to learn from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from domain.invoer import hoogstens
from domain.terugkoppeling import Uitvoeringsstand
from domain.waarden import Datum, Knelpunt, Knelpuntcategorie, KorteTekst, Tekst, Waarde


class Overleguitkomst(StrEnum):
    """What the round-table meeting decided."""

    OPLOSSING_AFGESPROKEN = "oplossing-afgesproken"
    VERVOLGOVERLEG = "vervolgoverleg"
    GEEN_OPLOSSING = "geen-oplossing"


class BestuurlijkOverleg(Waarde):
    """The round-table meeting (RTO): when, who took part, what was decided."""

    datum: Datum
    deelnemers: Annotated[tuple[KorteTekst, ...], hoogstens(50)] = Field(
        min_length=1, description="Who took part, by function and organisation (e.g. wethouder Jeugd Venlo)."
    )
    uitkomst: Overleguitkomst
    besluit: Tekst = Field(description="The track the boards decided on to get the case unstuck.")


class BestuurlijkeEvaluatie(Waarde):
    """The escalation looked back on: was the decision carried out, did it get the case unstuck, what was learnt."""

    datum: Datum
    besluit_uitgevoerd: Uitvoeringsstand
    casus_vlotgetrokken: bool
    toelichting: Tekst
    lessen: Tekst
    lessen_categorie: Knelpuntcategorie | None = None
    knelpunten: Annotated[tuple[Knelpunt, ...], hoogstens(50)] = ()


@dataclass(frozen=True, slots=True)
class GehoudenOverleg:
    """An RTO as the case keeps it, with the round of the escalation it followed."""

    overleg: BestuurlijkOverleg
    ronde: int


@dataclass(frozen=True, slots=True)
class GegevenEvaluatie:
    evaluatie: BestuurlijkeEvaluatie
    ronde: int
