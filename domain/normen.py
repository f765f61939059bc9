"""Norms are due dates, never blockers: when each step is due, whether it was met, what is late."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.casus import Casus, Fase
from domain.regioprofiel import Normtermijnen, Werkstroom
from domain.waarden import TriageUitkomst
from domain.werkdagen import Werkkalender, plus_maanden


class Norm(StrEnum):
    TRIAGE = "triage"
    OVERLEG = "overleg"
    ADVIES_VERZONDEN = "advies-verzonden"
    EVALUATIE = "evaluatie"


class NormStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    norm: Norm
    termijn: str
    deadline: date
    voldaan_op: date | None
    gehaald: bool | None
    te_laat: bool


def normstatussen(casus: Casus, normen: Normtermijnen, kalender: Werkkalender, vandaag: date) -> list[NormStatus]:
    """The norms of the case's current round that have a due date by now."""
    open_ = casus.fase is not Fase.AFGESLOTEN

    def _status(norm: Norm, termijn: str, deadline: date, voldaan_op: date | None) -> NormStatus:
        return NormStatus(
            norm=norm,
            termijn=termijn,
            deadline=deadline,
            voldaan_op=voldaan_op,
            gehaald=None if voldaan_op is None else voldaan_op <= deadline,
            te_laat=voldaan_op is None and open_ and vandaag > deadline,
        )

    statussen = [
        _status(
            Norm.TRIAGE,
            f"{normen.triage_werkdagen} werkdagen na aanmelding",
            kalender.plus_werkdagen(casus.ronde_start, normen.triage_werkdagen),
            casus.getrieerd_op,
        )
    ]
    triage = casus.triage
    if triage is not None and triage.uitkomst is not TriageUitkomst.BESPREKEN:
        return statussen

    plaatsing = casus.aanmelding.plaatsingsdatum
    vanaf_plaatsing = casus.aanmelding.werkstroom is Werkstroom.A and plaatsing is not None and casus.heropeningen == 0
    overleg_start = plaatsing if vanaf_plaatsing and plaatsing else casus.ronde_start
    eerste_overleg = casus.overleggen[0].datum if casus.overleggen else None
    statussen.append(
        _status(
            Norm.OVERLEG,
            f"{normen.overleg_dagen} dagen na {'plaatsing' if vanaf_plaatsing else 'aanmelding'}",
            overleg_start + timedelta(days=normen.overleg_dagen),
            eerste_overleg if eerste_overleg and eerste_overleg <= vandaag else None,
        )
    )
    if eerste_overleg is None:
        return statussen

    advies = casus.advies
    statussen.append(
        _status(
            Norm.ADVIES_VERZONDEN,
            f"{normen.advies_verzenden_werkdagen} werkdag(en) na het overleg",
            kalender.plus_werkdagen(casus.overleggen[-1].datum, normen.advies_verzenden_werkdagen),
            (advies.verzonden_op or casus.advies_op) if advies else None,
        )
    )
    if advies is None or casus.advies_op is None:
        return statussen

    statussen.append(
        _status(
            Norm.EVALUATIE,
            f"{normen.evaluatie_maanden} maanden na het advies",
            plus_maanden(casus.advies_op, normen.evaluatie_maanden),
            casus.evaluaties[0].datum if casus.evaluaties else None,
        )
    )
    return statussen
