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


class NormFeiten(BaseModel):
    """The dates of a case's current round that its norms depend on."""

    model_config = ConfigDict(frozen=True)

    ronde_start: date
    werkstroom: Werkstroom
    plaatsingsdatum: date | None = None
    heropend: bool = False
    getrieerd_op: date | None = None
    triage_uitkomst: TriageUitkomst | None = None
    eerste_overleg: date | None = None
    laatste_overleg: date | None = None
    advies_op: date | None = None
    advies_verzonden_op: date | None = None
    eerste_evaluatie: date | None = None
    afgesloten: bool = False

    @classmethod
    def van(cls, casus: Casus) -> NormFeiten:
        advies = casus.advies
        return cls(
            ronde_start=casus.ronde_start,
            werkstroom=casus.aanmelding.werkstroom,
            plaatsingsdatum=casus.aanmelding.plaatsingsdatum,
            heropend=casus.heropeningen > 0,
            getrieerd_op=casus.getrieerd_op,
            triage_uitkomst=casus.triage.uitkomst if casus.triage else None,
            eerste_overleg=casus.overleggen[0].datum if casus.overleggen else None,
            laatste_overleg=casus.overleggen[-1].datum if casus.overleggen else None,
            advies_op=casus.advies_op,
            advies_verzonden_op=(advies.verzonden_op or casus.advies_op) if advies else None,
            eerste_evaluatie=casus.evaluaties[0].datum if casus.evaluaties else None,
            afgesloten=casus.fase is Fase.AFGESLOTEN,
        )


def normstatussen(casus: Casus, normen: Normtermijnen, kalender: Werkkalender, vandaag: date) -> list[NormStatus]:
    """The norms of the case's current round that have a due date by now."""
    return normstatussen_van(NormFeiten.van(casus), normen, kalender, vandaag)


def normstatussen_van(
    feiten: NormFeiten, normen: Normtermijnen, kalender: Werkkalender, vandaag: date
) -> list[NormStatus]:
    """The norms of a round that have a due date by now; a meeting counts once its date has come."""

    def _status(norm: Norm, termijn: str, deadline: date, voldaan_op: date | None) -> NormStatus:
        return NormStatus(
            norm=norm,
            termijn=termijn,
            deadline=deadline,
            voldaan_op=voldaan_op,
            gehaald=None if voldaan_op is None else voldaan_op <= deadline,
            te_laat=voldaan_op is None and not feiten.afgesloten and vandaag > deadline,
        )

    statussen = [
        _status(
            Norm.TRIAGE,
            f"{normen.triage_werkdagen} werkdagen na aanmelding",
            kalender.plus_werkdagen(feiten.ronde_start, normen.triage_werkdagen),
            feiten.getrieerd_op,
        )
    ]
    if feiten.triage_uitkomst not in (None, TriageUitkomst.BESPREKEN):
        return statussen

    plaatsing = feiten.plaatsingsdatum
    vanaf_plaatsing = feiten.werkstroom is Werkstroom.A and plaatsing is not None and not feiten.heropend
    overleg_start = plaatsing if vanaf_plaatsing and plaatsing else feiten.ronde_start
    eerste_overleg = feiten.eerste_overleg
    statussen.append(
        _status(
            Norm.OVERLEG,
            f"{normen.overleg_dagen} dagen na {'plaatsing' if vanaf_plaatsing else 'aanmelding'}",
            overleg_start + timedelta(days=normen.overleg_dagen),
            eerste_overleg if eerste_overleg and eerste_overleg <= vandaag else None,
        )
    )
    if eerste_overleg is None or feiten.laatste_overleg is None:
        return statussen

    statussen.append(
        _status(
            Norm.ADVIES_VERZONDEN,
            f"{normen.advies_verzenden_werkdagen} werkdag(en) na het overleg",
            kalender.plus_werkdagen(feiten.laatste_overleg, normen.advies_verzenden_werkdagen),
            feiten.advies_verzonden_op,
        )
    )
    if feiten.advies_op is None:
        return statussen

    statussen.append(
        _status(
            Norm.EVALUATIE,
            f"{normen.evaluatie_maanden} maanden na het advies",
            plus_maanden(feiten.advies_op, normen.evaluatie_maanden),
            feiten.eerste_evaluatie,
        )
    )
    return statussen
