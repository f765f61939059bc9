"""What the read models know of a case, updated event by event; free of personal data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.casus import Casus, Fase
from domain.normen import Norm, NormFeiten, deadline, normstatussen_van
from domain.regioprofiel import Normtermijnen, Werkstroom
from domain.waarden import TriageUitkomst
from domain.werkdagen import Werkkalender

NOOIT = date.max


@dataclass(slots=True)
class CasusFeiten:
    """One row of the case read model; updated in place, event by event."""

    casus_id: UUID
    regio: str
    versie: int
    fase: str
    werkstroom: str
    urgentie: str
    leeftijd: int
    gemeente: str
    aanmelder_rol: str
    leefgebieden: tuple[str, ...]
    aangemeld_op: date
    ronde_start: date
    plaatsingsdatum: date | None = None
    getrieerd_op: date | None = None
    triage_uitkomst: str | None = None
    eerste_overleg: date | None = None
    laatste_overleg: date | None = None
    advies_op: date | None = None
    advies_verzonden_op: date | None = None
    casusregisseur: str | None = None
    eerste_evaluatie: date | None = None
    afgesloten_op: date | None = None
    afsluitreden: str | None = None
    heropeningen: int = 0
    terug_op_tafel: int = 0
    opschalingsniveau: str | None = None
    volgende_norm: str | None = None
    volgende_deadline: date | None = None
    deadlines: dict[str, date] = field(default_factory=dict)

    def norm_feiten(self) -> NormFeiten:
        return NormFeiten(
            ronde_start=self.ronde_start,
            werkstroom=Werkstroom(self.werkstroom),
            plaatsingsdatum=self.plaatsingsdatum,
            heropend=self.heropeningen > 0,
            getrieerd_op=self.getrieerd_op,
            triage_uitkomst=TriageUitkomst(self.triage_uitkomst) if self.triage_uitkomst else None,
            eerste_overleg=self.eerste_overleg,
            laatste_overleg=self.laatste_overleg,
            advies_op=self.advies_op,
            advies_verzonden_op=self.advies_verzonden_op,
            eerste_evaluatie=self.eerste_evaluatie,
            afgesloten=self.fase == Fase.AFGESLOTEN,
        )


@dataclass(frozen=True)
class Tijdlijnregel:
    """One event as the case's timeline and the monitoring see it."""

    casus_id: UUID
    versie: int
    positie: int
    type: str
    tijdstip: datetime
    op: date
    actor: str
    rol: str
    kenmerken: dict[str, Any]


@dataclass(frozen=True)
class Knelpuntregel:
    casus_id: UUID
    versie: int
    bron: str
    categorie: str
    omschrijving: str
    op: date


def leeftijdsgroep(leeftijd: int) -> str:
    for grens, naam in ((3, "0-3"), (11, "4-11"), (17, "12-17")):
        if leeftijd <= grens:
            return naam
    return "18-23"


def met_normen(feiten: CasusFeiten, normen: Normtermijnen, kalender: Werkkalender) -> CasusFeiten:
    """Each norm's deadline, and the first one still open: as if every planned meeting took place."""
    statussen = normstatussen_van(feiten.norm_feiten(), normen, kalender, NOOIT)
    volgende = next((s for s in statussen if s.voldaan_op is None), None)
    if feiten.fase == Fase.AFGESLOTEN:
        volgende = None
    feiten.deadlines = {s.norm.value: s.deadline for s in statussen}
    feiten.volgende_norm = volgende.norm.value if volgende else None
    feiten.volgende_deadline = volgende.deadline if volgende else None
    return feiten


def _zet(feiten: CasusFeiten, **waarden: Any) -> CasusFeiten:
    for naam, waarde in waarden.items():
        setattr(feiten, naam, waarde)
    return feiten


class Termijnen:
    """A region's norms and working-day calendar, for the deadlines a projection needs."""

    def __init__(self, normen: Normtermijnen, kalender: Werkkalender) -> None:
        self.normen, self.kalender = normen, kalender

    def binnen(self, feiten: CasusFeiten, norm: Norm, dag: date | None) -> bool | None:
        """Whether `dag` meets the norm's deadline as the case stood before the event."""
        grens = deadline(norm, feiten.norm_feiten(), self.normen, self.kalender)
        return None if grens is None or dag is None else dag <= grens


def pas_toe(
    feiten: CasusFeiten | None, event: Any, termijnen: Termijnen
) -> tuple[CasusFeiten, dict[str, Any], list[Knelpuntregel]]:
    """The case's facts after `event` (updated in place), the event's monitoring facts, and its bottlenecks.

    The row's deadlines and next norm are left to `met_normen`, once the batch's events are applied.
    """
    naam = type(event).__name__
    op: date = event.op
    versie = event.originator_version
    kenmerken: dict[str, Any] = {}
    knelpunten: list[Any] = []

    if isinstance(event, Casus.Aangemeld):
        a = event.aanmelding
        feiten = CasusFeiten(
            casus_id=event.originator_id,
            regio=event.regio,
            versie=versie,
            fase=Fase.AANGEMELD,
            werkstroom=a.werkstroom.value,
            urgentie=a.urgentie.value,
            leeftijd=a.leeftijd,
            gemeente=a.woonplaatsgemeente,
            aanmelder_rol=a.aanmelder.rol.value,
            leefgebieden=tuple(g.value for g in a.leefgebieden),
            aangemeld_op=op,
            ronde_start=op,
            plaatsingsdatum=a.plaatsingsdatum,
        )
        kenmerken = {
            "werkstroom": feiten.werkstroom,
            "aanmelder_rol": feiten.aanmelder_rol,
            "leeftijdsgroep": leeftijdsgroep(feiten.leeftijd),
            "leefgebieden": list(feiten.leefgebieden),
            "gemeente": feiten.gemeente,
            "urgentie": feiten.urgentie,
        }
        return feiten, kenmerken, []
    if feiten is None:
        raise ValueError(f"{naam} v{versie} of {event.originator_id} arrived before its Aangemeld")

    if isinstance(event, Casus.Getrieerd):
        t = event.triage
        kenmerken = {
            "uitkomst": t.uitkomst.value,
            "dagen": (op - feiten.ronde_start).days,
            "binnen_norm": termijnen.binnen(feiten, Norm.TRIAGE, op),
        }
        feiten = _zet(feiten, fase=Fase.GETRIEERD, getrieerd_op=op, triage_uitkomst=t.uitkomst.value)
        knelpunten = [("triage", k) for k in t.knelpunten]
    elif isinstance(event, Casus.OverlegGepland):
        datum = event.overleg.datum
        terug = feiten.fase == Fase.GEEVALUEERD
        eerste = feiten.eerste_overleg is None
        kenmerken = {
            "terug_op_tafel": terug,
            "eerste": eerste,
            "dagen": (datum - feiten.ronde_start).days,
            "binnen_norm": termijnen.binnen(feiten, Norm.OVERLEG, datum) if eerste else None,
        }
        feiten = _zet(
            feiten,
            fase=Fase.OVERLEG_GEPLAND,
            eerste_overleg=feiten.eerste_overleg or datum,
            laatste_overleg=datum,
            terug_op_tafel=feiten.terug_op_tafel + int(terug),
        )
    elif isinstance(event, Casus.AdviesUitgebracht):
        advies = event.advies
        verzonden = advies.verzonden_op or op
        kenmerken = {
            "dagen": (op - feiten.ronde_start).days,
            "soort_ondersteuning": advies.soort_ondersteuning,
            "doelen": len(advies.doelen),
            "binnen_norm": termijnen.binnen(feiten, Norm.ADVIES_VERZONDEN, verzonden),
        }
        feiten = _zet(
            feiten,
            fase=Fase.ADVIES_UITGEBRACHT,
            advies_op=op,
            advies_verzonden_op=verzonden,
            casusregisseur=advies.casusregisseur,
        )
        knelpunten = [("advies", k) for k in advies.knelpunten]
    elif isinstance(event, Casus.EvaluatieVastgelegd):
        e = event.evaluatie
        eerste = feiten.eerste_evaluatie is None
        kenmerken = {
            "scores": {code: s.value for code, s in e.scores.items()},
            "terug_op_tafel": e.terug_op_tafel,
            "eerste": eerste,
            "binnen_norm": termijnen.binnen(feiten, Norm.EVALUATIE, e.datum) if eerste else None,
        }
        feiten = _zet(feiten, fase=Fase.GEEVALUEERD, eerste_evaluatie=feiten.eerste_evaluatie or e.datum)
    elif isinstance(event, Casus.Opgeschaald):
        kenmerken = {"niveau": event.opschaling.niveau.value}
        feiten = _zet(feiten, opschalingsniveau=event.opschaling.niveau.value)
    elif isinstance(event, Casus.Afgesloten):
        f = event.afsluiting
        kenmerken = {
            "reden": f.reden.value,
            "dagen": (op - feiten.ronde_start).days,
            "waardering_samenwerking": f.waardering_samenwerking,
            "waardering_effect": f.waardering_effect,
            "uithuisplaatsing_voorkomen": f.uithuisplaatsing_voorkomen,
            "duurzame_oplossing": f.duurzame_oplossing,
        }
        feiten = _zet(feiten, fase=Fase.AFGESLOTEN, afgesloten_op=op, afsluitreden=f.reden.value)
        knelpunten = [("afsluiting", k) for k in f.knelpunten]
    elif isinstance(event, Casus.Heropend):
        feiten = _zet(
            feiten,
            fase=Fase.AANGEMELD,
            ronde_start=op,
            heropeningen=feiten.heropeningen + 1,
            getrieerd_op=None,
            triage_uitkomst=None,
            eerste_overleg=None,
            laatste_overleg=None,
            advies_op=None,
            advies_verzonden_op=None,
            eerste_evaluatie=None,
            afgesloten_op=None,
            afsluitreden=None,
            opschalingsniveau=None,
        )
    else:
        raise ValueError(f"no projection for event type {naam}")
    regels = [
        Knelpuntregel(event.originator_id, versie, bron, k.categorie.value, k.omschrijving, op)
        for bron, k in knelpunten
    ]
    return _zet(feiten, versie=versie), kenmerken, regels
