"""Request and response schemas of the API; separate from the domain's events and the read models' rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from domain.agenda import Waarschuwing
from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg
from domain.casus import Casus, Fase
from domain.netwerk import Oplossing, Terugmelding
from domain.netwerkcasus import Status
from domain.normen import NormStatus
from domain.overlegmoment import Evaluatiemoment
from domain.regioprofiel import Opschalingsniveau, Werkstroom
from domain.terugkoppeling import GegevenTerugkoppeling, Terugkoppeling
from domain.waarden import (
    Aanmelding,
    Advies,
    Afsluitformulier,
    Datum,
    Evaluatie,
    Knelpuntcategorie,
    Overleg,
    Persoonsgegevens,
    Triage,
    Urgentie,
)
from domain.wissen import Wissing


class CasusAanmelding(BaseModel):
    """A new case: its facts and, apart, what identifies the young person and family."""

    model_config = ConfigDict(extra="forbid")

    aanmelding: Aanmelding
    persoonsgegevens: Persoonsgegevens | None = None
    op: Datum | None = Field(
        None,
        description="The day the case was registered, if not today: not in the future and at most "
        "DOORBRAAK_AANMELDING_JAREN_TERUG years back. Norms count from it.",
    )


class OpschalingPubliek(BaseModel):
    niveau: Opschalingsniveau
    reden: str
    op: date


class TerugkoppelingPubliek(BaseModel):
    """Feedback on an advice: by which role, on which day, and what it said."""

    rol: str
    op: date
    terugkoppeling: Terugkoppeling

    @classmethod
    def van(cls, gegeven: GegevenTerugkoppeling) -> TerugkoppelingPubliek:
        return cls(rol=gegeven.rol, op=gegeven.op, terugkoppeling=gegeven.terugkoppeling)


class Peilmoment(BaseModel):
    """Which version of a case an answer shows, asked for by a moment (`op`) or a version (`versie`)."""

    versie: int = Field(description="The last version shown: the case after its events up to this one.")
    laatste_versie: int = Field(description="The case's latest version by now.")
    vastgelegd: datetime = Field(description="When the version shown was recorded.")
    moment: datetime | None = Field(
        None, description="The moment asked (`op`), with its offset; none when a version was asked."
    )
    normen_op: date = Field(description="The day (DOORBRAAK_TIJDZONE) the norms and `te_laat` are judged on.")


class CasusPubliek(BaseModel):
    """The case as it stands now, with its norms and what is overdue."""

    id: UUID
    regio: str
    versie: int
    fase: Fase
    aangemeld_op: date
    aangemeld_vastgelegd: datetime = Field(
        description="When the registration was recorded (aangemeld_op is its business date)."
    )
    laatste_stap_op: date = Field(description="The business date of the case's latest own step.")
    bijgewerkt: datetime = Field(description="When the case's latest event was recorded.")
    aanmelding: Aanmelding
    persoonsgegevens: Persoonsgegevens | None
    triage: Triage | None
    getrieerd_op: date | None
    overleggen: list[Overleg]
    overleg_id: UUID | None = Field(None, description="The meeting of the latest plan (see the agenda).")
    advies: Advies | None
    advies_op: date | None
    evaluatiemoment: Evaluatiemoment | None = Field(None, description="The evaluation planned on a meeting.")
    evaluatie_overleg_id: UUID | None = Field(None, description="The meeting of the evaluation.")
    evaluaties: list[Evaluatie]
    opschalingen: list[OpschalingPubliek]
    afsluiting: Afsluitformulier | None
    afgesloten_op: date | None
    heropeningen: int
    terugkeer: int
    normen: list[NormStatus]
    te_laat: list[str]
    positie: int | None = None
    waarschuwingen: list[Waarschuwing] = Field(
        default_factory=list, description="What the command warns of without refusing it: a plan after its norm."
    )
    terugkoppelingen: list[TerugkoppelingPubliek] = Field(default=[], description="Feedback on this round's advice.")
    bestuurlijke_overleggen: list[BestuurlijkOverleg] = Field(
        default=[], description="The round-table meetings after this round's bestuurlijke escalation."
    )
    bestuurlijke_evaluatie: BestuurlijkeEvaluatie | None = None
    netwerkantwoorden: list[Terugmelding] = Field(
        default=[],
        description="What the network answered to the case's escalation, in order: the kernteam's decision, the "
        "actions it agreed and its closing.",
    )
    peilmoment: Peilmoment | None = Field(
        None, description="With `op` or `versie`: which version this is and when; none: the case now."
    )
    gewist: Wissing | None = Field(
        None,
        description="The case's personal data was erased (on this ground, for this reason): every personal field "
        "reads '[gewist]', persoonsgegevens is null.",
    )
    gewist_op: date | None = None

    @classmethod
    def van(
        cls,
        casus: Casus,
        normen: list[NormStatus],
        positie: int | None = None,
        waarschuwingen: tuple[Waarschuwing, ...] = (),
    ) -> CasusPubliek:
        return cls(
            id=casus.id,
            regio=casus.regio,
            versie=casus.version,
            fase=casus.fase,
            aangemeld_op=casus.aangemeld_op,
            aangemeld_vastgelegd=casus.created_on,
            laatste_stap_op=casus.laatste_op,
            bijgewerkt=casus.modified_on,
            aanmelding=casus.aanmelding,
            persoonsgegevens=casus.persoonsgegevens,
            triage=casus.triage,
            getrieerd_op=casus.getrieerd_op,
            overleggen=list(casus.overleggen),
            overleg_id=casus.overleg_id,
            advies=casus.advies,
            advies_op=casus.advies_op,
            evaluatiemoment=casus.evaluatiemoment,
            evaluatie_overleg_id=casus.evaluatie_overleg_id,
            evaluaties=list(casus.evaluaties),
            opschalingen=[OpschalingPubliek(niveau=o.niveau, reden=o.reden, op=op) for o, op in casus.opschalingen],
            afsluiting=casus.afsluiting,
            afgesloten_op=casus.afgesloten_op,
            heropeningen=casus.heropeningen,
            terugkeer=casus.terugkeer,
            normen=normen,
            te_laat=[n.norm.value for n in normen if n.te_laat],
            positie=positie,
            waarschuwingen=list(waarschuwingen),
            terugkoppelingen=[TerugkoppelingPubliek.van(t) for t in casus.terugkoppelingen],
            bestuurlijke_overleggen=list(casus.bestuurlijke_overleggen),
            bestuurlijke_evaluatie=casus.bestuurlijke_evaluatie,
            netwerkantwoorden=list(casus.netwerk),
            gewist=casus.gewist,
            gewist_op=casus.gewist_op,
        )


_METADATA = {"originator_id", "originator_version", "timestamp", "op", "herkomst", "originator_topic"}


class HistorieRegel(BaseModel):
    """One event of the case's history: when, by whom, what."""

    versie: int
    type: str
    tijdstip: datetime
    op: date
    actor: str
    rol: str
    data: dict[str, Any]

    @classmethod
    def van(cls, event: Any) -> HistorieRegel:
        return cls(
            versie=event.originator_version,
            type=type(event).__name__,
            tijdstip=event.timestamp,
            op=event.op,
            actor=event.herkomst.actor,
            rol=event.herkomst.rol,
            data=event.model_dump(mode="json", exclude=_METADATA),
        )


class Historie(BaseModel):
    casus_id: UUID
    regio: str
    events: list[HistorieRegel]
    tot: datetime | None = Field(None, description="With `tot`: the moment asked; the events recorded up to it.")


class Fout(BaseModel):
    """One invalid input: where (`body.aanmelding.leeftijd`, `query.periode`), what, and pydantic's kind."""

    veld: str
    melding: str
    soort: str | None = None


class Probleem(BaseModel):
    """An error as RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    fouten: list[Fout] | None = Field(None, description="422: every invalid input (the first 100).")
    fouten_weggelaten: int | None = Field(None, description="422: how many more invalid inputs there were.")
    regel: str | None = Field(None, description="409: the rule the command would break.")
    veld: str | None = Field(None, description="The field the problem is about, where there is one.")


class WerkvoorraadRegel(BaseModel):
    casus_id: UUID
    fase: Fase
    werkstroom: Werkstroom
    urgentie: Urgentie
    casusregisseur: str | None
    aangemeld_op: date
    ronde_start: date
    gemeente: str
    leeftijd: int
    volgende_norm: str | None
    volgende_deadline: date | None
    opschalingsniveau: str | None
    netwerkstatus: str | None
    heropeningen: int
    terug_op_tafel: int
    versie: int
    te_laat: bool


class Werkvoorraad(BaseModel):
    """One page of the region's open cases, the next due date first."""

    regio: str
    actueel: bool = Field(description="Whether the read model reached the requested na_positie.")
    totaal: int
    pagina: int
    per_pagina: int
    casussen: list[WerkvoorraadRegel]


class WerkvoorraadOp(BaseModel):
    """One page of the region's open cases as they stood at the end of a day, replayed from the events."""

    regio: str
    op: date
    tot: datetime = Field(description="The end of the day (DOORBRAAK_TIJDZONE): the events recorded up to it count.")
    positie: int = Field(description="The store position of the last event replayed (0: none).")
    events: int = Field(description="How many events were replayed.")
    totaal: int
    pagina: int
    per_pagina: int
    casussen: list[WerkvoorraadRegel]


class TijdlijnRegel(BaseModel):
    versie: int
    positie: int
    type: str
    tijdstip: datetime
    op: date
    actor: str
    rol: str
    kenmerken: dict[str, Any] = Field(description="The event's monitoring facts (no personal data).")


class Tijdlijn(BaseModel):
    casus_id: UUID
    regio: str
    actueel: bool
    events: list[TijdlijnRegel]


class Periodegrenzen(BaseModel):
    van: date
    tot: date


class Aanmeldingen(BaseModel):
    totaal: int
    per_werkstroom: dict[str, int]
    per_aanmelder_rol: dict[str, int]
    per_leeftijdsgroep: dict[str, int]
    per_gemeente: dict[str, int]
    per_leefgebied: dict[str, int]


class Doorlooptijd(BaseModel):
    aantal: int
    mediaan_dagen: float | None
    p90_dagen: float | None


class BinnenNorm(BaseModel):
    aantal: int
    binnen_norm: int
    aandeel: float | None


class BestuurlijkeOpschalingen(BaseModel):
    """The outcome of bestuurlijke escalations: their round-table meetings (RTO) and evaluations."""

    opgeschaald: int = Field(description="Bestuurlijke escalations in the period.")
    per_overleguitkomst: dict[str, int] = Field(
        description="Those escalations by the outcome of their last RTO so far (`geen-overleg`: none yet)."
    )
    overleggen: int = Field(description="RTOs held in the period.")
    overleggen_per_uitkomst: dict[str, int]
    evaluaties: int = Field(description="Escalations evaluated in the period.")
    besluit_uitgevoerd: dict[str, int] = Field(description="Of those evaluations: was the RTO's decision carried out.")
    vlotgetrokken: int = Field(description="Of those evaluations: how many found the case unstuck.")


class Opschalingen(BaseModel):
    totaal: int
    per_niveau: dict[str, dict[str, int]] = Field(description="Per level, the escalated cases by outcome.")
    bestuurlijk: BestuurlijkeOpschalingen


class Terugkoppelingen(BaseModel):
    """Feedback on the advice in the period."""

    aantal: int
    gemiddelde_bruikbaarheid: float | None = Field(description="Mean usefulness, 1 to 5.")
    wordt_uitgevoerd: dict[str, int] = Field(description="How many said ja, deels, nee.")
    belemmering_per_categorie: dict[str, int]
    per_rol: dict[str, int]
    tijdig: BinnenNorm = Field(description="Given at least 3 working days before the planned evaluation (seed 004).")


class Afsluitingen(BaseModel):
    totaal: int
    per_reden: dict[str, int]
    uithuisplaatsing_voorkomen: int
    duurzame_oplossing: int
    gemiddelde_waardering_samenwerking: float | None
    gemiddelde_waardering_effect: float | None


class Terugkeer(BaseModel):
    heropend: int
    terug_op_tafel: int


class Correcties(BaseModel):
    """Corrections recorded in the period, per corrected part; the figures above already count corrected facts."""

    totaal: int
    per_onderdeel: dict[str, int]


class ErvaringsdeskundigeCijfers(BaseModel):
    """Registrations where an ervaringsdeskundige was offered, the families that wanted one (of those offered),
    and meetings where one took part; each as ja / nee / niet_vastgelegd."""

    aangeboden: dict[str, int]
    gewenst: dict[str, int]
    aanwezig_bij_overleg: dict[str, int]


class Monitoring(BaseModel):
    """The national monitoring indicators of a region or a network for a period (no personal data)."""

    scope: str
    periode: Periodegrenzen
    aanmeldingen: Aanmeldingen
    triage_uitkomsten: dict[str, int]
    adviezen: int
    adviezen_per_soort: dict[str, int] = Field(
        description="Advice by kind: zwaarwegend, bindend, niet_vastgelegd (recorded before the kind was)."
    )
    ervaringsdeskundige: ErvaringsdeskundigeCijfers
    doorlooptijden: dict[str, Doorlooptijd] = Field(description="Per lead time (aanmelding-triage, ...), in days.")
    binnen_norm: dict[str, BinnenNorm] = Field(description="Per norm, how many were met.")
    opschalingen: Opschalingen
    afsluitingen: Afsluitingen
    correcties: Correcties
    terugkeer: Terugkeer
    terugkoppelingen: Terugkoppelingen


class NetwerkMonitoring(Monitoring):
    """The network's regions rolled up, plus each region's own figures."""

    regios: dict[str, Monitoring]


class KnelpuntRegel(BaseModel):
    casus_id: UUID
    bron: str = Field(
        description="Where it was reported: triage, advies, afsluiting, bestuurlijk-overleg or netwerk (the "
        "network's closing)."
    )
    categorie: Knelpuntcategorie
    omschrijving: str
    op: date


BRON_LEERPUNT = (
    "Where it came from: afsluiting, terugkoppeling, bestuurlijk-overleg or netwerk (the network's closing)."
)
SOORT_LEERPUNT = (
    "les (a lesson), belemmering (what hinders the advice), opmerking (a remark on it) or werkzaam-element."
)


class LeerpuntRegel(BaseModel):
    """What the learning cycle gathered besides the bottlenecks."""

    casus_id: UUID
    bron: str = Field(description=BRON_LEERPUNT)
    soort: str = Field(description=SOORT_LEERPUNT)
    categorie: Knelpuntcategorie | None
    omschrijving: str
    op: date


class Signalering(Monitoring):
    """The half-year's monitoring figures plus the bottlenecks and the lessons, by category."""

    halfjaar: str
    knelpunten: dict[str, list[KnelpuntRegel]]
    leren: dict[str, list[LeerpuntRegel]] = Field(
        description="Lessons, obstacles and remarks by category; `overig` holds those without one."
    )


class NetwerkKnelpuntRegel(BaseModel):
    """A region's bottleneck in the network's report: no case reference leaves the region."""

    regio: str
    bron: str
    categorie: Knelpuntcategorie
    omschrijving: str
    op: date


class NetwerkLeerpuntRegel(BaseModel):
    regio: str
    bron: str = Field(description=BRON_LEERPUNT)
    soort: str = Field(description=SOORT_LEERPUNT)
    categorie: Knelpuntcategorie | None
    omschrijving: str
    op: date


class NetwerkSignalering(NetwerkMonitoring):
    """The network's half-year: its regions' figures rolled up, how many bottlenecks and lessons of each category
    they recorded, and the network's own bottlenecks and lessons (bron `netwerk`) by category."""

    halfjaar: str
    knelpunten: dict[str, list[NetwerkKnelpuntRegel]]
    leren: dict[str, list[NetwerkLeerpuntRegel]]
    signalen_per_categorie: dict[str, dict[str, int]] = Field(
        description="Per kind (knelpunten, leren) and category, how many the regions recorded (their text stays there)."
    )


class InboxRegel(BaseModel):
    netwerkcasus_id: UUID
    regio: str
    casus_id: UUID
    status: Status
    urgentie: Urgentie
    werkstroom: Werkstroom
    ontvangen_op: date
    besluit_uiterlijk: date
    besluit_op: date | None
    oplossing: Oplossing | None
    contactpersoon: str | None
    contactpersoon_uiterlijk: date | None
    knelpunten: int
    opschalingen: int
    afgesloten_op: date | None
    versie: int
    volgende_deadline: date | None
    te_laat: Annotated[bool, BeforeValidator(bool)] = Field(description="Whether the next deadline has passed.")


class Inbox(BaseModel):
    """One page of the kernteam's cases, the next deadline first."""

    netwerk: str
    actueel: bool
    totaal: int
    pagina: int
    per_pagina: int
    casussen: list[InboxRegel]
