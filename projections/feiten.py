"""What the read models know of a case, updated event by event; free of personal data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.casus import Casus, Fase
from domain.correctie import waarde_op
from domain.normen import Norm, deadline, van_toepassing
from domain.regioprofiel import Normtermijnen, Opschalingsniveau
from domain.terugkoppeling import terugkoppeling_uiterlijk
from domain.waarden import Aanmelding, Advies, Afsluitformulier
from domain.werkdagen import Werkkalender
from projections.weergave import domeinklasse

NOOIT = date.max
NETWERK_WACHT = "wacht-op-kernteam"


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
    netwerkstatus: str | None = None
    volgende_norm: str | None = None
    volgende_deadline: date | None = None
    deadlines: dict[str, date] = field(default_factory=dict)

    @property
    def heropend(self) -> bool:
        return self.heropeningen > 0


def leeftijdsgroep(leeftijd: int) -> str:
    for grens, naam in ((3, "0-3"), (11, "4-11"), (17, "12-17")):
        if leeftijd <= grens:
            return naam
    return "18-23"


def met_normen(feiten: CasusFeiten, normen: Normtermijnen, kalender: Werkkalender) -> CasusFeiten:
    """Each norm's deadline, and the first one still open: as if every planned meeting took place."""
    deadlines: dict[str, date] = {}
    volgende: tuple[str, date] | None = None
    for norm, voldaan_op in van_toepassing(feiten, NOOIT):
        dag = deadline(norm, feiten, normen, kalender)
        if dag is None:
            continue
        deadlines[norm.value] = dag
        if voldaan_op is None and volgende is None:
            volgende = (norm.value, dag)
    if feiten.fase == Fase.AFGESLOTEN:
        volgende = None
    feiten.deadlines = deadlines
    feiten.volgende_norm, feiten.volgende_deadline = volgende if volgende else (None, None)
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
        grens = deadline(norm, feiten, self.normen, self.kalender)
        return None if grens is None or dag is None else dag <= grens


Knelpunten = list[tuple[Any, ...]]


def _knelpunten(event: Any, feiten: CasusFeiten, bron: str, punten: Any) -> Knelpunten:
    return [(feiten.casus_id, event.originator_version, bron, k.categorie, k.omschrijving, event.op) for k in punten]


def _getrieerd(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    t, op = event.triage, event.op
    uitkomst = t.uitkomst
    kenmerken = {
        "uitkomst": uitkomst,
        "dagen": (op - feiten.ronde_start).days,
        "binnen_norm": termijnen.binnen(feiten, Norm.TRIAGE, op),
    }
    feiten.fase, feiten.getrieerd_op, feiten.triage_uitkomst = Fase.GETRIEERD, op, uitkomst
    return kenmerken, _knelpunten(event, feiten, "triage", t.knelpunten) if t.knelpunten else []


def _overleg_gepland(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    datum = event.overleg.datum
    terug = feiten.fase == Fase.GEEVALUEERD
    eerste = feiten.eerste_overleg is None
    kenmerken = {
        "terug_op_tafel": terug,
        "eerste": eerste,
        "dagen": (datum - feiten.ronde_start).days,
        "binnen_norm": termijnen.binnen(feiten, Norm.OVERLEG, datum) if eerste else None,
        "ervaringsdeskundige_aanwezig": event.overleg.ervaringsdeskundige_aanwezig,
    }
    feiten.fase = Fase.OVERLEG_GEPLAND
    if eerste:
        feiten.eerste_overleg = datum
    feiten.laatste_overleg = datum
    feiten.terug_op_tafel += int(terug)
    return kenmerken, []


def advies_kenmerken(advies: Advies) -> dict[str, Any]:
    """The monitoring facts of an advice that follow from the advice alone."""
    return {
        "soort_ondersteuning": advies.soort_ondersteuning,
        "doelen": len(advies.doelen),
        "adviessoort": advies.soort,
    }


def _advies(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    advies, op = event.advies, event.op
    verzonden = advies.verzonden_op or op
    kenmerken = {
        "dagen": (op - feiten.ronde_start).days,
        **advies_kenmerken(advies),
        "binnen_norm": termijnen.binnen(feiten, Norm.ADVIES_VERZONDEN, verzonden),
    }
    feiten.fase, feiten.advies_op, feiten.advies_verzonden_op = Fase.ADVIES_UITGEBRACHT, op, verzonden
    feiten.casusregisseur = advies.casusregisseur
    return kenmerken, _knelpunten(event, feiten, "advies", advies.knelpunten) if advies.knelpunten else []


def _evaluatie(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    e = event.evaluatie
    eerste = feiten.eerste_evaluatie is None
    kenmerken = {
        "scores": dict(e.scores),
        "terug_op_tafel": e.terug_op_tafel,
        "eerste": eerste,
        "binnen_norm": termijnen.binnen(feiten, Norm.EVALUATIE, e.datum) if eerste else None,
    }
    feiten.fase = Fase.GEEVALUEERD
    if eerste:
        feiten.eerste_evaluatie = e.datum
    return kenmerken, []


def _evaluatiemoment(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    moment = event.evaluatiemoment
    return {"datum": moment.datum, "soort": moment.soort, "op_papier": moment.terugkoppeling_op_papier}, []


def _opgeschaald(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    niveau = event.opschaling.niveau
    feiten.opschalingsniveau = niveau
    if niveau == Opschalingsniveau.BOVENREGIONAAL:
        feiten.netwerkstatus = NETWERK_WACHT
    return {"niveau": niveau}, []


def afsluiting_kenmerken(f: Afsluitformulier) -> dict[str, Any]:
    """The monitoring facts of a closing form."""
    return {
        "reden": f.reden,
        "waardering_samenwerking": f.waardering_samenwerking,
        "waardering_effect": f.waardering_effect,
        "uithuisplaatsing_voorkomen": f.uithuisplaatsing_voorkomen,
        "duurzame_oplossing": f.duurzame_oplossing,
    }


def _afgesloten(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    f, op = event.afsluiting, event.op
    kenmerken = {"dagen": (op - feiten.ronde_start).days, **afsluiting_kenmerken(f)}
    feiten.fase, feiten.afgesloten_op, feiten.afsluitreden = Fase.AFGESLOTEN, op, f.reden
    return kenmerken, _knelpunten(event, feiten, "afsluiting", f.knelpunten) if f.knelpunten else []


def _heropend(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    _zet(
        feiten,
        fase=Fase.AANGEMELD,
        ronde_start=event.op,
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
        netwerkstatus=None,
    )
    return {}, []


def _netwerk_besluit(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    besluit = event.terugmelding.besluit
    feiten.netwerkstatus = f"opgepakt: {besluit.oplossing}" if besluit.opgepakt else "teruggelegd"
    return {"opgepakt": besluit.opgepakt, "oplossing": besluit.oplossing}, []


def _netwerk_actie(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    actie = event.terugmelding.actie
    return {"contactpersoon": actie.contactpersoon is not None, "experts": len(actie.experts)}, []


def _netwerk_afgesloten(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    afsluiting = event.terugmelding.afsluiting
    feiten.netwerkstatus = "afgesloten"
    kenmerken = {"checklist_volledig": not afsluiting.checklist.open_punten()}
    return kenmerken, _knelpunten(event, feiten, "netwerk", afsluiting.knelpunten)


def _deel(wijzigingen: Any) -> dict[str, Any]:
    """The corrected fields as a partial document of the part (paths unfolded)."""
    deel: dict[str, Any] = {}
    for wijziging in wijzigingen:
        plek: Any = deel
        *pad, laatste = wijziging.veld.split(".")
        for stap in pad:
            plek = plek.setdefault(stap, {}) if isinstance(plek, dict) else {}
        if isinstance(plek, dict):
            plek[laatste] = wijziging.naar
    return deel


def _gezet(deel: dict[str, Any], velden: set[str], pad: str) -> tuple[bool, Any]:
    """Whether the correction set the field at `pad` (itself or a part around it), and its new value."""
    delen = pad.split(".")
    if not any(".".join(delen[:i]) in velden for i in range(1, len(delen) + 1)):
        return False, None
    return True, waarde_op(deel, delen)


CORRECTIE_VELDEN: dict[str, dict[str, tuple[str | None, str | None, Callable[[Any], Any]]]] = {
    "aanmelding": {
        "werkstroom": ("werkstroom", "werkstroom", str),
        "urgentie": ("urgentie", "urgentie", str),
        "leeftijd": ("leeftijd", "leeftijdsgroep", int),
        "woonplaatsgemeente": ("gemeente", "gemeente", str),
        "aanmelder.rol": ("aanmelder_rol", "aanmelder_rol", str),
        "leefgebieden": ("leefgebieden", "leefgebieden", list),
        "plaatsingsdatum": ("plaatsingsdatum", None, date.fromisoformat),
        "ervaringsdeskundige.aangeboden": (None, "ervaringsdeskundige_aangeboden", lambda v: v),
        "ervaringsdeskundige.gewenst": (None, "ervaringsdeskundige_gewenst", lambda v: v),
    },
    "advies": {
        "casusregisseur": ("casusregisseur", None, lambda v: v),
        "verzonden_op": ("advies_verzonden_op", None, date.fromisoformat),
        "soort": (None, "adviessoort", lambda v: v),
        "soort_ondersteuning": (None, "soort_ondersteuning", lambda v: v),
        "doelen": (None, "doelen", len),
    },
    "afsluiting": {
        "reden": ("afsluitreden", "reden", str),
        "waardering_samenwerking": (None, "waardering_samenwerking", int),
        "waardering_effect": (None, "waardering_effect", int),
        "uithuisplaatsing_voorkomen": (None, "uithuisplaatsing_voorkomen", lambda v: v),
        "duurzame_oplossing": (None, "duurzame_oplossing", lambda v: v),
    },
}
"""Per corrected part, the fields the read models hold: (case-row column, monitoring fact, conversion)."""


def _gecorrigeerd(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    """Sets the corrected facts on the case row; the event's monitoring facts say what they become for the
    step that recorded them (`stap_versie`), which the monitoring applies there."""
    onderdeel = str(event.onderdeel)
    deel, velden = _deel(event.wijzigingen), {w.veld for w in event.wijzigingen}
    nieuw: dict[str, Any] = {}
    for pad, (kolom, kenmerk, omzetten) in CORRECTIE_VELDEN.get(onderdeel, {}).items():
        gezet, gezette_waarde = _gezet(deel, velden, pad)
        if not gezet:
            continue
        waarde: Any = None if gezette_waarde is None else omzetten(gezette_waarde)
        if kolom == "advies_verzonden_op" and waarde is None:
            waarde = feiten.advies_op
        if kolom is not None:
            setattr(feiten, kolom, tuple(waarde) if kolom == "leefgebieden" else waarde)
        if kenmerk is not None:
            nieuw[kenmerk] = leeftijdsgroep(waarde) if kenmerk == "leeftijdsgroep" else waarde
    if onderdeel == "advies" and _gezet(deel, velden, "verzonden_op")[0]:
        nieuw["binnen_norm"] = termijnen.binnen(feiten, Norm.ADVIES_VERZONDEN, feiten.advies_verzonden_op)
    kenmerken = {"onderdeel": onderdeel, "stap_versie": event.stap_versie, "velden": sorted(velden), "kenmerken": nieuw}
    return kenmerken, []


def _teruggekoppeld(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    t = event.terugkoppeling
    uiterlijk = terugkoppeling_uiterlijk(event.evaluatiedatum, termijnen.kalender) if event.evaluatiedatum else None
    kenmerken = {
        "rol": event.herkomst.rol,
        "bruikbaarheid": t.bruikbaarheid,
        "wordt_uitgevoerd": t.wordt_uitgevoerd,
        "belemmering": t.belemmering.categorie if t.belemmering else None,
        "tijdig": None if uiterlijk is None else event.op <= uiterlijk,
    }
    return kenmerken, []


def _bestuurlijk_overleg(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    overleg = event.overleg
    return {"uitkomst": overleg.uitkomst, "deelnemers": len(overleg.deelnemers)}, []


def _bestuurlijk_geevalueerd(
    feiten: CasusFeiten, event: Any, termijnen: Termijnen
) -> tuple[dict[str, Any], Knelpunten]:
    e = event.evaluatie
    kenmerken = {"besluit_uitgevoerd": e.besluit_uitgevoerd, "casus_vlotgetrokken": e.casus_vlotgetrokken}
    return kenmerken, _knelpunten(event, feiten, "bestuurlijk-overleg", e.knelpunten)


Stap = Callable[[CasusFeiten, Any, "Termijnen"], tuple[dict[str, Any], Knelpunten]]


def _gewist(feiten: CasusFeiten, event: Any, termijnen: Termijnen) -> tuple[dict[str, Any], Knelpunten]:
    """The erasure of the personal data changes no fact: the read models never held personal data."""
    return {"grond": event.wissing.grond}, []


_STAPPEN: dict[type, Stap] = {
    Casus.Getrieerd: _getrieerd,
    Casus.OverlegGepland: _overleg_gepland,
    Casus.AdviesUitgebracht: _advies,
    Casus.EvaluatieVastgelegd: _evaluatie,
    Casus.EvaluatiemomentGepland: _evaluatiemoment,
    Casus.Opgeschaald: _opgeschaald,
    Casus.Afgesloten: _afgesloten,
    Casus.Heropend: _heropend,
    Casus.Gecorrigeerd: _gecorrigeerd,
    Casus.NetwerkBesluitOntvangen: _netwerk_besluit,
    Casus.NetwerkActieOntvangen: _netwerk_actie,
    Casus.NetwerkAfgesloten: _netwerk_afgesloten,
    Casus.PersoonsgegevensGewist: _gewist,
    Casus.Teruggekoppeld: _teruggekoppeld,
    Casus.BestuurlijkOverlegGehouden: _bestuurlijk_overleg,
    Casus.BestuurlijkOverlegGeevalueerd: _bestuurlijk_geevalueerd,
}


def _stap_voor(klasse: type) -> Stap:
    """The handler of an event class (or of the class it was made from, or its view stands for)."""
    for basis in domeinklasse(klasse).__mro__:
        if basis in _STAPPEN:
            _STAPPEN[klasse] = _STAPPEN[basis]
            return _STAPPEN[basis]
    raise ValueError(f"no projection for event type {klasse.__name__}")


_IS_AANMELDING: dict[type, bool] = {}


def _is_aanmelding(klasse: type) -> bool:
    antwoord = _IS_AANMELDING.get(klasse)
    if antwoord is None:
        antwoord = _IS_AANMELDING[klasse] = issubclass(domeinklasse(klasse), Casus.Aangemeld)
    return antwoord


def aanmelding_kenmerken(a: Aanmelding) -> dict[str, Any]:
    """The monitoring facts of a registration."""
    ervaringsdeskundige = a.ervaringsdeskundige
    return {
        "werkstroom": a.werkstroom,
        "aanmelder_rol": a.aanmelder.rol,
        "leeftijdsgroep": leeftijdsgroep(a.leeftijd),
        "leefgebieden": list(a.leefgebieden),
        "gemeente": a.woonplaatsgemeente,
        "urgentie": a.urgentie,
        "ervaringsdeskundige_aangeboden": ervaringsdeskundige.aangeboden if ervaringsdeskundige else None,
        "ervaringsdeskundige_gewenst": ervaringsdeskundige.gewenst if ervaringsdeskundige else None,
    }


def aangemeld(event: Any) -> CasusFeiten:
    a = event.aanmelding
    return CasusFeiten(
        casus_id=event.originator_id,
        regio=event.regio,
        versie=event.originator_version,
        fase=Fase.AANGEMELD,
        werkstroom=a.werkstroom,
        urgentie=a.urgentie,
        leeftijd=a.leeftijd,
        gemeente=a.woonplaatsgemeente,
        aanmelder_rol=a.aanmelder.rol,
        leefgebieden=tuple(a.leefgebieden),
        aangemeld_op=event.op,
        ronde_start=event.op,
        plaatsingsdatum=a.plaatsingsdatum,
    )


def pas_toe(
    feiten: CasusFeiten | None, event: Any, termijnen: Termijnen
) -> tuple[CasusFeiten, dict[str, Any], Knelpunten]:
    """The case's facts after `event` (updated in place), the event's monitoring facts, and its bottlenecks.

    The row's deadlines and next norm are left to `met_normen`, once the batch's events are applied.
    """
    if _is_aanmelding(type(event)):
        return aangemeld(event), aanmelding_kenmerken(event.aanmelding), []
    if feiten is None:
        raise ValueError(
            f"{type(event).__name__} v{event.originator_version} of {event.originator_id} arrived before its Aangemeld"
        )
    stap = _STAPPEN.get(type(event)) or _stap_voor(type(event))
    kenmerken, knelpunten = stap(feiten, event, termijnen)
    feiten.versie = event.originator_version
    return feiten, kenmerken, knelpunten
