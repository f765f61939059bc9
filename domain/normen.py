"""Norms are due dates, never blockers: when each step is due, whether it was met, what is late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from domain.casus import Casus, Fase
from domain.regioprofiel import Normtermijnen, Werkstroom
from domain.waarden import TriageUitkomst
from domain.werkdagen import Werkkalender, plus_maanden


class Norm(StrEnum):
    TRIAGE = "triage"
    OVERLEG = "overleg"
    ADVIES_VERZONDEN = "advies-verzonden"
    EVALUATIE = "evaluatie"


@dataclass(frozen=True, slots=True)
class NormStatus:
    norm: Norm
    termijn: str
    deadline: date
    voldaan_op: date | None
    gehaald: bool | None
    te_laat: bool


@dataclass(frozen=True, slots=True)
class NormFeiten:
    """The dates of a case's current round that its norms depend on."""

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


class Ronde(Protocol):
    """What a deadline depends on: the round's start, placement, last meeting and advice."""

    @property
    def ronde_start(self) -> date: ...
    @property
    def werkstroom(self) -> str: ...
    @property
    def plaatsingsdatum(self) -> date | None: ...
    @property
    def heropend(self) -> bool: ...
    @property
    def laatste_overleg(self) -> date | None: ...
    @property
    def advies_op(self) -> date | None: ...


def _vanaf_plaatsing(feiten: Ronde) -> bool:
    return feiten.werkstroom == Werkstroom.A and feiten.plaatsingsdatum is not None and not feiten.heropend


def deadline(norm: Norm, feiten: Ronde, normen: Normtermijnen, kalender: Werkkalender) -> date | None:
    """When `norm` falls due for this round; None while the step it follows has not happened, or when the
    due date lies beyond the calendar (a date near year 9999, stored before dates were bounded)."""
    try:
        return _deadline(norm, feiten, normen, kalender)
    except (OverflowError, ValueError):
        return None


def _deadline(norm: Norm, feiten: Ronde, normen: Normtermijnen, kalender: Werkkalender) -> date | None:
    if norm is Norm.TRIAGE:
        return kalender.plus_werkdagen(feiten.ronde_start, normen.triage_werkdagen)
    if norm is Norm.OVERLEG:
        start = feiten.plaatsingsdatum if _vanaf_plaatsing(feiten) and feiten.plaatsingsdatum else feiten.ronde_start
        return start + timedelta(days=normen.overleg_dagen)
    if norm is Norm.ADVIES_VERZONDEN:
        if feiten.laatste_overleg is None:
            return None
        return kalender.plus_werkdagen(feiten.laatste_overleg, normen.advies_verzenden_werkdagen)
    return plus_maanden(feiten.advies_op, normen.evaluatie_maanden) if feiten.advies_op else None


class Stand(Ronde, Protocol):
    """A round's dates: what its deadlines depend on and when each step happened."""

    @property
    def getrieerd_op(self) -> date | None: ...
    @property
    def triage_uitkomst(self) -> str | None: ...
    @property
    def eerste_overleg(self) -> date | None: ...
    @property
    def advies_verzonden_op(self) -> date | None: ...
    @property
    def eerste_evaluatie(self) -> date | None: ...


def van_toepassing(feiten: Stand, vandaag: date) -> list[tuple[Norm, date | None]]:
    """The norms of the round that have a due date, each with when it was met (None: not yet).

    A norm falls due once the step before it happened; a meeting counts once its date has come.
    """
    normen: list[tuple[Norm, date | None]] = [(Norm.TRIAGE, feiten.getrieerd_op)]
    if feiten.triage_uitkomst not in (None, TriageUitkomst.BESPREKEN):
        return normen
    eerste_overleg = feiten.eerste_overleg
    normen.append((Norm.OVERLEG, eerste_overleg if eerste_overleg and eerste_overleg <= vandaag else None))
    if eerste_overleg is None or feiten.laatste_overleg is None:
        return normen
    normen.append((Norm.ADVIES_VERZONDEN, feiten.advies_verzonden_op))
    if feiten.advies_op is None:
        return normen
    normen.append((Norm.EVALUATIE, feiten.eerste_evaluatie))
    return normen


def termijn(norm: Norm, feiten: Ronde, normen: Normtermijnen) -> str:
    """The norm as the teams say it."""
    if norm is Norm.TRIAGE:
        return f"{normen.triage_werkdagen} werkdagen na aanmelding"
    if norm is Norm.OVERLEG:
        return f"{normen.overleg_dagen} dagen na {'plaatsing' if _vanaf_plaatsing(feiten) else 'aanmelding'}"
    if norm is Norm.ADVIES_VERZONDEN:
        return f"{normen.advies_verzenden_werkdagen} werkdag(en) na het overleg"
    return f"{normen.evaluatie_maanden} maanden na het advies"


def normstatussen_van(
    feiten: NormFeiten, normen: Normtermijnen, kalender: Werkkalender, vandaag: date
) -> list[NormStatus]:
    """The norms of a round that have a due date by now: deadline, whether met, whether late now."""
    statussen = []
    for norm, voldaan_op in van_toepassing(feiten, vandaag):
        dag = deadline(norm, feiten, normen, kalender)
        if dag is None:
            raise ValueError(f"{norm.value} has no deadline yet")
        statussen.append(
            NormStatus(
                norm=norm,
                termijn=termijn(norm, feiten, normen),
                deadline=dag,
                voldaan_op=voldaan_op,
                gehaald=None if voldaan_op is None else voldaan_op <= dag,
                te_laat=voldaan_op is None and not feiten.afgesloten and vandaag > dag,
            )
        )
    return statussen
