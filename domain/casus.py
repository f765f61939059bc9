"""The regional case (Casus): its lifecycle from Aangemeld to Afgesloten."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from enum import Enum, StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import event
from pydantic import BaseModel

from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg, GegevenEvaluatie, GehoudenOverleg
from domain.correctie import (
    Correctie,
    Onderdeel,
    Wijziging,
    controleer_toegestaan,
    gecorrigeerd,
    opnieuw_toegepast,
    wijzigingen_tussen,
)
from domain.events import EventSourcedAggregate
from domain.fouten import Regel, RegelGeschonden
from domain.netwerk import Escalatie, Terugmelding
from domain.overlegmoment import Evaluatiemoment
from domain.persoonlijk import GEWIST, beslissingen, binnen
from domain.persoonsgegevens_in_tekst import Soort, persoonsgegevens_in
from domain.regioprofiel import Opschalingsniveau, RegioProfiel
from domain.terugkoppeling import GegevenTerugkoppeling, Terugkoppeling
from domain.waarden import (
    Aanmelding,
    Advies,
    Afsluitformulier,
    Evaluatie,
    Herkomst,
    Heropening,
    Opschaling,
    Overleg,
    Persoonsgegevens,
    Triage,
    TriageUitkomst,
)
from domain.wissen import Wissing

MINIMALE_LEEFTIJD = 0
CORRIGEERBAAR: dict[Onderdeel, type[BaseModel]] = {
    Onderdeel.AANMELDING: Aanmelding,
    Onderdeel.PERSOONSGEGEVENS: Persoonsgegevens,
    Onderdeel.TRIAGE: Triage,
    Onderdeel.ADVIES: Advies,
    Onderdeel.AFSLUITING: Afsluitformulier,
}
BLIJFT_BIJ_HEROPENING = (Onderdeel.AANMELDING.value, Onderdeel.PERSOONSGEGEVENS.value)
MAXIMALE_LEEFTIJD = 23


class Fase(StrEnum):
    AANGEMELD = "aangemeld"
    GETRIEERD = "getrieerd"
    OVERLEG_GEPLAND = "overleg-gepland"
    ADVIES_UITGEBRACHT = "advies-uitgebracht"
    GEEVALUEERD = "geevalueerd"
    AFGESLOTEN = "afgesloten"


def _leeftijd_op(geboortedatum: date, dag: date) -> int:
    verjaard = (dag.month, dag.day) >= (geboortedatum.month, geboortedatum.day)
    return dag.year - geboortedatum.year - (0 if verjaard else 1)


def _controleer_aanmelding(
    profiel: RegioProfiel, aanmelding: Aanmelding, persoonsgegevens: Persoonsgegevens | None, op: date
) -> None:
    toestemming = aanmelding.toestemming
    if toestemming.anoniem:
        if not toestemming.anonimiteit_goedgekeurd_door:
            raise RegelGeschonden(
                Regel.ANONIEM_ZONDER_GOEDKEURING,
                "an anonymous registration needs the chair's approval (anonimiteit_goedgekeurd_door)",
                veld="aanmelding.toestemming.anonimiteit_goedgekeurd_door",
            )
        if persoonsgegevens is not None and (persoonsgegevens.jeugdige or persoonsgegevens.ouders):
            raise RegelGeschonden(
                Regel.ANONIEM_MET_PERSOONSGEGEVENS,
                "an anonymous registration may not name the young person or the parents",
            )
    elif not toestemming.is_vastgelegd():
        raise RegelGeschonden(
            Regel.TOESTEMMING_VEREIST,
            "record who gave consent and when (gegeven_door, gegeven_op), or register anonymously",
            veld="aanmelding.toestemming.gegeven_door",
        )
    if not MINIMALE_LEEFTIJD <= aanmelding.leeftijd <= MAXIMALE_LEEFTIJD:
        raise RegelGeschonden(
            Regel.LEEFTIJD_BUITEN_BEREIK,
            f"the young person must be {MINIMALE_LEEFTIJD} to {MAXIMALE_LEEFTIJD} years old, not {aanmelding.leeftijd}",
            veld="aanmelding.leeftijd",
        )
    jeugdige = persoonsgegevens.jeugdige if persoonsgegevens else None
    if jeugdige and jeugdige.geboortedatum and _leeftijd_op(jeugdige.geboortedatum, op) != aanmelding.leeftijd:
        raise RegelGeschonden(
            Regel.LEEFTIJD_KLOPT_NIET,
            f"leeftijd {aanmelding.leeftijd} does not match the date of birth "
            f"({_leeftijd_op(jeugdige.geboortedatum, op)} on {op.isoformat()})",
            veld="aanmelding.leeftijd",
        )
    if not profiel.heeft_gemeente(aanmelding.woonplaatsgemeente):
        raise RegelGeschonden(
            Regel.GEMEENTE_BUITEN_REGIO,
            f"{aanmelding.woonplaatsgemeente!r} is not a municipality of {profiel.naam}",
            veld="aanmelding.woonplaatsgemeente",
        )
    if aanmelding.werkstroom not in profiel.werkstromen:
        raise RegelGeschonden(
            Regel.WERKSTROOM_NIET_AANGEBODEN,
            f"{profiel.naam} does not offer werkstroom {aanmelding.werkstroom.value}",
            veld="aanmelding.werkstroom",
        )


def _met_adviessoort(advies: Advies, profiel: RegioProfiel) -> Advies:
    soorten = profiel.adviessoorten
    if advies.soort is None and len(soorten) == 1:
        return advies.model_copy(update={"soort": soorten[0]})
    if advies.soort not in soorten:
        raise RegelGeschonden(
            Regel.ADVIESSOORT_NIET_IN_REGIO,
            f"{profiel.naam} gives {' or '.join(s.value for s in soorten)} advice"
            + ("; name the kind (soort)" if advies.soort is None else f", not {advies.soort.value}"),
            veld="soort",
        )
    return advies


def _gewist(wijzigingen: tuple[Wijziging, ...]) -> bool:
    """Whether a correction's values read as erased (its event read without the case's key)."""
    return all(w.van in (None, GEWIST) and w.naar in (None, GEWIST) for w in wijzigingen)


def _teksten(waarde: Any, pad: str = "") -> Iterator[tuple[str, str]]:
    """Every text in `waarde` (a dump of a value) with its dotted path; a choice from a list is no free text."""
    if isinstance(waarde, Enum):
        return
    if isinstance(waarde, str):
        yield pad, waarde
    elif isinstance(waarde, dict):
        for sleutel, deel in waarde.items():
            yield from _teksten(deel, f"{pad}.{sleutel}" if pad else str(sleutel))
    elif isinstance(waarde, list | tuple):
        for index, deel in enumerate(waarde):
            yield from _teksten(deel, f"{pad}.{index}" if pad else str(index))


BLIJVENDE_TEKST: dict[str, tuple[str, ...]] = {
    "triage": ("uit_te_nodigen_expertise", "knelpunten"),
    "advies": ("knelpunten",),
    "afsluiting": ("lessen", "knelpunten"),
    "wissing": ("reden",),
    "terugkoppeling": ("opmerkingen", "belemmering"),
    "bestuurlijk_overleg": ("deelnemers",),
    "bestuurlijke_evaluatie": ("lessen", "knelpunten"),
}
"""Per step, its free text that is kept in the clear (its events' `niet_persoonlijk`) and so outlives an erasure."""


def _blijvende_tekst(waarde: BaseModel, velden: Iterable[str]) -> dict[str, str]:
    """The texts of `velden` (fields of `waarde`, each whole) by their path in the request."""
    gedumpt = waarde.model_dump()
    return {pad: tekst for veld in velden for pad, tekst in _teksten(gedumpt.get(veld), veld)}


def _weiger(gevonden: dict[str, tuple[Soort, ...]], regel: Regel, waarom: str) -> None:
    """Refuses a command whose free text holds the case's own personal data: each field and the kinds found
    (never the data), at the first field."""
    if gevonden:
        waar = "; ".join(f"{veld} ({', '.join(soorten)})" for veld, soorten in gevonden.items())
        raise RegelGeschonden(regel, f"{waarom}; remove it from {waar}", veld=next(iter(gevonden)))


def _vrije_tekst(opschaling: Opschaling) -> dict[str, str]:
    """The escalation's free text by field, named as in the request: `reden`, `intakevragen.<vraag>`."""
    velden = {"reden": opschaling.reden}
    if opschaling.intakevragen is not None:
        velden |= {f"intakevragen.{vraag}": tekst for vraag, tekst in opschaling.intakevragen.model_dump().items()}
    return velden


TERUGMELDING_PERSOONLIJK = (
    "terugmelding.besluit.reden",
    "terugmelding.besluit.deelname_gezin",
    "terugmelding.actie.inzet",
    "terugmelding.actie.experts.*",
    "terugmelding.actie.afspraken.*.uitvoerder",
    "terugmelding.actie.afspraken.*.doel",
    "terugmelding.actie.afspraken.*.verwachtingen",
    "terugmelding.actie.afspraken.*.procesregie",
    "terugmelding.actie.afspraken.*.financiering",
    "terugmelding.actie.contactpersoon",
    "terugmelding.afsluiting.toelichting",
    "terugmelding.afsluiting.afwijking_reden",
)
"""The network's answer as the region keeps it: what the kernteam wrote about the family and who works on it."""
TERUGMELDING_NIET_PERSOONLIJK = (
    "terugmelding.netwerk",
    "terugmelding.regio",
    "terugmelding.afsluiting.lessen",
    "terugmelding.afsluiting.werkzame_elementen",
    "terugmelding.afsluiting.knelpunten",
)


class Casus(EventSourcedAggregate):
    """A young person's case at a regional expert team (RET)."""

    class Aangemeld(EventSourcedAggregate.Created):
        legt_vast = ("aanmelding", "persoonsgegevens")
        persoonlijk = (
            "persoonsgegevens",
            "aanmelding.aanmelder.naam",
            "aanmelding.vraag",
            "aanmelding.wensen_ouders_jeugdige",
            "aanmelding.betrokkenheid_ouders_jeugdige",
            "aanmelding.al_geprobeerd",
            "aanmelding.toestemming.gegeven_door",
            "aanmelding.toestemming.anonimiteit_goedgekeurd_door",
        )
        niet_persoonlijk = ("regio", "aanmelding.aanmelder.organisatie", "aanmelding.woonplaatsgemeente")
        regio: str
        aanmelding: Aanmelding
        persoonsgegevens: Persoonsgegevens | None

    class Getrieerd(EventSourcedAggregate.Event):
        legt_vast = ("triage",)
        persoonlijk = ("triage.toelichting", "triage.reden_teruglegging", "triage.verwijzing")
        niet_persoonlijk = ("triage.uit_te_nodigen_expertise", "triage.knelpunten")
        triage: Triage

    class OverlegGepland(EventSourcedAggregate.Event):
        persoonlijk = ("overleg.genodigden.*", "overleg.locatie")
        overleg: Overleg
        overleg_id: UUID | None = None
        """The meeting (Overlegmoment) the case is planned on; none when planned before the agenda existed."""

    class AdviesUitgebracht(EventSourcedAggregate.Event):
        legt_vast = ("advies",)
        persoonlijk = (
            "advies.probleemschets",
            "advies.advies",
            "advies.onderbouwing",
            "advies.randvoorwaarden",
            "advies.stappen.*.omschrijving",
            "advies.stappen.*.eigenaar",
            "advies.doelen.*.omschrijving",
            "advies.doelen.*.beoogd_effect",
        )
        niet_persoonlijk = (
            "advies.casusregisseur",
            "advies.soort_ondersteuning",
            "advies.doelen.*.code",
            "advies.knelpunten",
        )
        advies: Advies

    class EvaluatieVastgelegd(EventSourcedAggregate.Event):
        persoonlijk = ("evaluatie.toelichting",)
        evaluatie: Evaluatie

    class EvaluatiemomentGepland(EventSourcedAggregate.Event):
        eigen_stap = False
        evaluatiemoment: Evaluatiemoment
        overleg_id: UUID | None = None

    class Opgeschaald(EventSourcedAggregate.Event):
        persoonlijk = ("opschaling.reden", "opschaling.intakevragen.*", "escalatie.reden", "escalatie.intakevragen.*")
        niet_persoonlijk = ("escalatie.regio", "escalatie.netwerk", "escalatie.woonplaatsgemeente")
        opschaling: Opschaling
        escalatie: Escalatie | None = None
        """What leaves the region for the network (bovenregionaal), recorded in the region's own history."""

    class Afgesloten(EventSourcedAggregate.Event):
        legt_vast = ("afsluiting",)
        persoonlijk = ("afsluiting.vast_contactpersoon", "afsluiting.regie_bij")
        niet_persoonlijk = ("afsluiting.lessen", "afsluiting.knelpunten")
        afsluiting: Afsluitformulier

    class Heropend(EventSourcedAggregate.Event):
        persoonlijk = ("heropening.reden",)
        heropening: Heropening

    class PersoonsgegevensGewist(EventSourcedAggregate.Event):
        """The case's personal data erased (its key is destroyed next): on what ground, why, by whom."""

        eigen_stap = False
        niet_persoonlijk = ("wissing.reden",)
        wissing: Wissing

    class Gecorrigeerd(EventSourcedAggregate.Event):
        """Fields of one part of the case corrected: from what, to what, why; `stap_versie` is the step that
        recorded the part."""

        eigen_stap = False
        persoonlijk = ("reden",)
        niet_persoonlijk = ("wijzigingen.*.veld",)
        persoonlijk_naar_veld = ("wijzigingen.*.van", "wijzigingen.*.naar")

        onderdeel: Onderdeel
        stap_versie: int | None
        wijzigingen: tuple[Wijziging, ...]
        reden: str

        @classmethod
        def persoonlijke_paden(cls, state: dict[str, Any]) -> tuple[str, ...]:
            paden = list(beslissingen(cls, "persoonlijk"))
            klasse = _VASTGELEGD_IN.get(state.get("onderdeel", ""))
            if klasse is None:
                return tuple(paden)
            patronen = beslissingen(klasse, "persoonlijk")
            for i, wijziging in enumerate(state.get("wijzigingen", ())):
                pad = f"{state['onderdeel']}.{wijziging['veld']}"
                for patroon in patronen:
                    rest = binnen(patroon, pad)
                    if rest is not None:
                        paden += [".".join(filter(None, (f"wijzigingen.{i}.{kant}", rest))) for kant in ("van", "naar")]
            return tuple(paden)

    class NetwerkBesluitOntvangen(EventSourcedAggregate.Event):
        eigen_stap = False
        persoonlijk = TERUGMELDING_PERSOONLIJK
        niet_persoonlijk = TERUGMELDING_NIET_PERSOONLIJK
        terugmelding: Terugmelding

    class NetwerkActieOntvangen(EventSourcedAggregate.Event):
        eigen_stap = False
        persoonlijk = TERUGMELDING_PERSOONLIJK
        niet_persoonlijk = TERUGMELDING_NIET_PERSOONLIJK
        terugmelding: Terugmelding

    class NetwerkAfgesloten(EventSourcedAggregate.Event):
        eigen_stap = False
        persoonlijk = TERUGMELDING_PERSOONLIJK
        niet_persoonlijk = TERUGMELDING_NIET_PERSOONLIJK
        terugmelding: Terugmelding

    # --- registration ---------------------------------------------------------

    @classmethod
    def meld_aan(
        cls,
        *,
        casus_id: UUID,
        profiel: RegioProfiel,
        aanmelding: Aanmelding,
        persoonsgegevens: Persoonsgegevens | None,
        op: date,
        herkomst: Herkomst,
    ) -> Casus:
        _controleer_aanmelding(profiel, aanmelding, persoonsgegevens, op)
        gemeente = profiel.officiele_gemeente(aanmelding.woonplaatsgemeente)
        aanmelding = aanmelding.model_copy(update={"woonplaatsgemeente": gemeente})
        return cls._create(
            cls.Aangemeld,
            id=casus_id,
            regio=profiel.slug,
            aanmelding=aanmelding,
            persoonsgegevens=persoonsgegevens,
            op=op,
            herkomst=herkomst,
        )

    @event(Aangemeld)
    def __init__(
        self,
        regio: str,
        aanmelding: Aanmelding,
        persoonsgegevens: Persoonsgegevens | None,
        op: date,
        herkomst: Herkomst,
    ) -> None:
        self.regio = regio
        self.aanmelding = aanmelding
        self.persoonsgegevens = persoonsgegevens
        self.aangemeld_op = op
        self.fase = Fase.AANGEMELD
        self.ronde_start = op
        self.triage: Triage | None = None
        self.getrieerd_op: date | None = None
        self.overleggen: list[Overleg] = []
        self.overleg_id: UUID | None = None
        self.advies: Advies | None = None
        self.evaluatiemoment: Evaluatiemoment | None = None
        self.evaluatie_overleg_id: UUID | None = None
        self.advies_op: date | None = None
        self.evaluaties: list[Evaluatie] = []
        self.opschalingen: list[tuple[Opschaling, date]] = []
        self.afsluiting: Afsluitformulier | None = None
        self.afgesloten_op: date | None = None
        self.heropeningen = 0
        self.terug_op_tafel = 0
        self.netwerk: list[Terugmelding] = []
        self.ooit_bovenregionaal = False
        self.gewist: Wissing | None = None
        self.gewist_op: date | None = None

    # --- guards ---------------------------------------------------------------

    def _niet_gewist(self) -> None:
        if self.gewist is not None:
            raise RegelGeschonden(
                Regel.PERSOONSGEGEVENS_GEWIST,
                "the case's personal data was erased; it takes no further step",
            )

    def _niet_afgesloten(self) -> None:
        if self.fase is Fase.AFGESLOTEN:
            raise RegelGeschonden(Regel.CASUS_AFGESLOTEN, "the case is closed; only reopening (heropening) is possible")

    def _getrieerd(self) -> Triage:
        self._niet_afgesloten()
        if self.triage is None:
            raise RegelGeschonden(Regel.NOG_NIET_GETRIEERD, "the case has not been triaged yet")
        return self.triage

    def _niet_voor_aanmelding(self, dag: date, wat: str, veld: str = "datum") -> None:
        if dag < self.ronde_start:
            raise RegelGeschonden(
                Regel.DATUM_VOOR_AANMELDING,
                f"{wat} ({dag.isoformat()}) lies before the registration ({self.ronde_start.isoformat()})",
                veld=veld,
            )

    # --- commands -------------------------------------------------------------

    def trieer(self, triage: Triage, *, op: date, herkomst: Herkomst) -> None:
        self._niet_gewist()
        self._niet_afgesloten()
        if self.triage is not None:
            raise RegelGeschonden(Regel.AL_GETRIEERD, "the case has already been triaged")
        if triage.uitkomst is TriageUitkomst.BESPREKEN and not triage.is_complexe_casus():
            raise RegelGeschonden(
                Regel.GEEN_COMPLEXE_CASUS,
                "to be discussed the case must involve several worsening life areas and either "
                "handelingsverlegenheid or failed cooperation",
                veld="uitkomst",
            )
        self._blijft_zonder_persoonsgegevens(triage, BLIJVENDE_TEKST["triage"])
        self._getrieerd_event(triage=triage, op=op, herkomst=herkomst)

    @event(Getrieerd)
    def _getrieerd_event(self, triage: Triage, op: date, herkomst: Herkomst) -> None:
        self.triage = triage
        self.getrieerd_op = op
        self.fase = Fase.GETRIEERD

    def plan_overleg(self, overleg: Overleg, *, op: date, herkomst: Herkomst, overleg_id: UUID | None = None) -> None:
        self._niet_gewist()
        triage = self._getrieerd()
        if triage.uitkomst is not TriageUitkomst.BESPREKEN:
            raise RegelGeschonden(
                Regel.NIET_TER_BESPREKING,
                f"the triage outcome is {triage.uitkomst.value}: the case does not come to the table",
            )
        if self.fase is Fase.ADVIES_UITGEBRACHT:
            raise RegelGeschonden(
                Regel.NIET_TER_BESPREKING,
                "the advice stands; evaluate it before the case returns to the table",
            )
        self._niet_voor_aanmelding(overleg.datum, "the meeting date")
        self._overleg_gepland_event(overleg=overleg, overleg_id=overleg_id, op=op, herkomst=herkomst)

    @event(OverlegGepland)
    def _overleg_gepland_event(
        self, overleg: Overleg, op: date, herkomst: Herkomst, overleg_id: UUID | None = None
    ) -> None:
        if self.fase is Fase.GEEVALUEERD:
            self.terug_op_tafel += 1
        self.overleggen.append(overleg)
        self.overleg_id = overleg_id
        self.fase = Fase.OVERLEG_GEPLAND

    def breng_advies_uit(
        self, advies: Advies, *, op: date, herkomst: Herkomst, profiel: RegioProfiel | None = None
    ) -> None:
        """Records the advice; with the region's profile, its kind is one the region gives (its only kind
        when none is named)."""
        self._niet_gewist()
        triage = self._getrieerd()
        if triage.uitkomst is TriageUitkomst.TERUGGELEGD:
            raise RegelGeschonden(Regel.NIET_TER_BESPREKING, "the case was teruggelegd at triage; no advice is given")
        zonder_overleg = triage.uitkomst is TriageUitkomst.ADVIES_NA_TRIAGE and self.fase is Fase.GETRIEERD
        if self.fase is not Fase.OVERLEG_GEPLAND and not zonder_overleg:
            raise RegelGeschonden(
                Regel.ADVIES_ZONDER_OVERLEG, "plan the expert-team meeting before recording its advice"
            )
        if not zonder_overleg and op < self.overleggen[-1].datum:
            raise RegelGeschonden(
                Regel.ADVIES_VOOR_OVERLEG,
                f"the meeting of {self.overleggen[-1].datum.isoformat()} has not taken place yet",
            )
        if advies.verzonden_op is not None and advies.verzonden_op > op:
            raise RegelGeschonden(Regel.DATUM_IN_TOEKOMST, "verzonden_op lies in the future", veld="verzonden_op")
        if advies.evaluatiedatum <= op:
            raise RegelGeschonden(
                Regel.EVALUATIEMOMENT_VOOR_ADVIES,
                "the evaluation date must lie after the advice",
                veld="evaluatiedatum",
            )
        if profiel is not None:
            advies = _met_adviessoort(advies, profiel)
        self._blijft_zonder_persoonsgegevens(advies, BLIJVENDE_TEKST["advies"])
        self._advies_uitgebracht_event(advies=advies, op=op, herkomst=herkomst)

    @event(AdviesUitgebracht)
    def _advies_uitgebracht_event(self, advies: Advies, op: date, herkomst: Herkomst) -> None:
        self.advies = advies
        self.advies_op = op
        self.fase = Fase.ADVIES_UITGEBRACHT

    def leg_evaluatie_vast(self, evaluatie: Evaluatie, *, op: date, herkomst: Herkomst) -> None:
        self._niet_gewist()
        self._niet_afgesloten()
        if self.advies is None or self.fase not in (Fase.ADVIES_UITGEBRACHT, Fase.GEEVALUEERD):
            raise RegelGeschonden(Regel.EVALUATIE_ZONDER_ADVIES, "there is no advice to evaluate")
        onbekend = sorted(set(evaluatie.scores) - {doel.code for doel in self.advies.doelen})
        if onbekend:
            raise RegelGeschonden(
                Regel.EVALUATIE_ONBEKEND_DOEL, f"the advice has no goal(s) {', '.join(onbekend)}", veld="scores"
            )
        self._niet_voor_aanmelding(evaluatie.datum, "the evaluation date")
        if evaluatie.datum > op:
            raise RegelGeschonden(
                Regel.DATUM_IN_TOEKOMST, "an evaluation is recorded after it took place", veld="datum"
            )
        self._evaluatie_vastgelegd_event(evaluatie=evaluatie, op=op, herkomst=herkomst)

    @event(EvaluatieVastgelegd)
    def _evaluatie_vastgelegd_event(self, evaluatie: Evaluatie, op: date, herkomst: Herkomst) -> None:
        self.evaluaties.append(evaluatie)
        self.fase = Fase.GEEVALUEERD

    def plan_evaluatiemoment(
        self, evaluatiemoment: Evaluatiemoment, *, op: date, herkomst: Herkomst, overleg_id: UUID | None = None
    ) -> None:
        """Plans the evaluation of the advice on a meeting (seed 004 stap 7)."""
        self._niet_gewist()
        self._niet_afgesloten()
        if self.advies_op is None or self.fase not in (Fase.ADVIES_UITGEBRACHT, Fase.GEEVALUEERD):
            raise RegelGeschonden(Regel.EVALUATIE_ZONDER_ADVIES, "there is no advice to evaluate")
        if evaluatiemoment.datum <= self.advies_op:
            raise RegelGeschonden(
                Regel.EVALUATIEMOMENT_VOOR_ADVIES,
                f"the evaluation moment ({evaluatiemoment.datum.isoformat()}) must lie after the advice "
                f"({self.advies_op.isoformat()})",
                veld="datum",
            )
        self._evaluatiemoment_gepland_event(
            evaluatiemoment=evaluatiemoment, overleg_id=overleg_id, op=op, herkomst=herkomst
        )

    @event(EvaluatiemomentGepland)
    def _evaluatiemoment_gepland_event(
        self, evaluatiemoment: Evaluatiemoment, overleg_id: UUID | None, op: date, herkomst: Herkomst
    ) -> None:
        self.evaluatiemoment = evaluatiemoment
        self.evaluatie_overleg_id = overleg_id

    def schaal_op(self, opschaling: Opschaling, profiel: RegioProfiel, *, op: date, herkomst: Herkomst) -> None:
        self._niet_gewist()
        self._getrieerd()
        keten = profiel.opschalingsniveaus()
        if opschaling.niveau not in keten:
            raise RegelGeschonden(
                Regel.OPSCHALING_NIET_IN_KETEN,
                f"{profiel.naam} has no {opschaling.niveau.value} escalation "
                f"(its chain: {', '.join(n.value for n in keten) or 'none'})",
            )
        al_gedaan = self.opschalingsniveaus()
        if opschaling.niveau in al_gedaan:
            raise RegelGeschonden(
                Regel.AL_OPGESCHAALD, f"the case has already been escalated {opschaling.niveau.value}"
            )
        eerder = keten[: keten.index(opschaling.niveau)]
        ontbrekend = [n.value for n in eerder if n not in al_gedaan]
        if ontbrekend:
            raise RegelGeschonden(
                Regel.OPSCHALING_BUITEN_VOLGORDE,
                f"escalate {', '.join(ontbrekend)} before {opschaling.niveau.value}",
            )
        if opschaling.niveau is Opschalingsniveau.BOVENREGIONAAL:
            self._geen_persoonsgegevens_in(opschaling)
        escalatie = None
        if opschaling.niveau is Opschalingsniveau.BOVENREGIONAAL and profiel.netwerk:
            escalatie = self.escalatie(opschaling, versie=self.version + 1, op=op, netwerk=profiel.netwerk)
        self._opgeschaald_event(opschaling=opschaling, escalatie=escalatie, op=op, herkomst=herkomst)

    def _blijft_zonder_persoonsgegevens(self, waarde: BaseModel, velden: Iterable[str]) -> None:
        """Text kept after an erasure and shown in the read models (knelpunten, lessons, an erasure's reason) may
        not carry the case's own personal data: the erasure would leave it behind."""
        if self.persoonsgegevens is None:
            return
        gevonden = persoonsgegevens_in(_blijvende_tekst(waarde, velden), self.persoonsgegevens)
        waarom = "this text is kept after the personal data is erased"
        _weiger(gevonden, Regel.PERSOONSGEGEVENS_IN_BLIJVENDE_TEKST, waarom)

    def _geen_persoonsgegevens_in(self, opschaling: Opschaling) -> None:
        """A bovenregionale escalation leaves the region: its free text may not carry the case's personal data."""
        gevonden = persoonsgegevens_in(_vrije_tekst(opschaling), self.persoonsgegevens)
        _weiger(gevonden, Regel.PERSOONSGEGEVENS_IN_ESCALATIE, "the case's own personal data may not leave the region")

    @event(Opgeschaald)
    def _opgeschaald_event(
        self, opschaling: Opschaling, escalatie: Escalatie | None, op: date, herkomst: Herkomst
    ) -> None:
        self.opschalingen.append((opschaling, op))
        if opschaling.niveau is Opschalingsniveau.BOVENREGIONAAL:
            self.ooit_bovenregionaal = True

    def sluit_af(self, afsluiting: Afsluitformulier, *, op: date, herkomst: Herkomst) -> None:
        self._niet_gewist()
        self._niet_afgesloten()
        self._blijft_zonder_persoonsgegevens(afsluiting, BLIJVENDE_TEKST["afsluiting"])
        self._afgesloten_event(afsluiting=afsluiting, op=op, herkomst=herkomst)

    @event(Afgesloten)
    def _afgesloten_event(self, afsluiting: Afsluitformulier, op: date, herkomst: Herkomst) -> None:
        self.afsluiting = afsluiting
        self.afgesloten_op = op
        self.fase = Fase.AFGESLOTEN

    def heropen(self, heropening: Heropening, *, op: date, herkomst: Herkomst) -> None:
        self._niet_gewist()
        if self.fase is not Fase.AFGESLOTEN:
            raise RegelGeschonden(Regel.CASUS_NIET_AFGESLOTEN, "only a closed case can be reopened")
        self._heropend_event(heropening=heropening, op=op, herkomst=herkomst)

    @event(Heropend)
    def _heropend_event(self, heropening: Heropening, op: date, herkomst: Herkomst) -> None:
        self.heropeningen += 1
        self.ronde_start = op
        self.fase = Fase.AANGEMELD
        self.triage = None
        self.getrieerd_op = None
        self.overleggen = []
        self.overleg_id = None
        self.advies = None
        self.advies_op = None
        self.evaluatiemoment = None
        self.evaluatie_overleg_id = None
        self.evaluaties = []
        self.opschalingen = []
        self.afsluiting = None
        self.afgesloten_op = None
        self.stap_versies = {k: v for k, v in self.stap_versies.items() if k in BLIJFT_BIJ_HEROPENING}

    # --- erasure ----------------------------------------------------------------

    def wis_persoonsgegevens(self, wissing: Wissing, *, op: date, herkomst: Herkomst) -> None:
        """Records that the case's personal data is erased; once (a repeat records nothing)."""
        if self.gewist is None:
            self._blijft_zonder_persoonsgegevens(wissing, BLIJVENDE_TEKST["wissing"])
            self._gewist_event(wissing=wissing, op=op, herkomst=herkomst)

    @event(PersoonsgegevensGewist)
    def _gewist_event(self, wissing: Wissing, op: date, herkomst: Herkomst) -> None:
        self.gewist = wissing
        self.gewist_op = op
        self.persoonsgegevens = None

    # --- corrections ----------------------------------------------------------

    def corrigeer(self, correctie: Correctie, profiel: RegioProfiel, *, op: date, herkomst: Herkomst) -> None:
        """Corrects fields of one part of the case; every rule of that part holds afterwards."""
        self._niet_gewist()
        controleer_toegestaan(correctie)
        onderdeel = correctie.onderdeel
        huidig = getattr(self, onderdeel.value)
        if huidig is None and onderdeel is not Onderdeel.PERSOONSGEGEVENS:
            raise RegelGeschonden(
                Regel.NIETS_TE_CORRIGEREN, f"the case has no {onderdeel.value} (in this round) to correct"
            )
        nieuw = gecorrigeerd(CORRIGEERBAAR[onderdeel], huidig, correctie.wijzigingen, onderdeel.value)
        nieuw = self._na_correctie_geldig(onderdeel, nieuw, profiel, set(correctie.wijzigingen))
        self._correctie_blijft_zonder_persoonsgegevens(onderdeel, nieuw, correctie.wijzigingen)
        wijzigingen = wijzigingen_tussen(huidig, nieuw, list(correctie.wijzigingen))
        if not wijzigingen:
            raise RegelGeschonden(Regel.CORRECTIE_ZONDER_WIJZIGING, "every field already has the value given")
        self._gecorrigeerd_event(
            onderdeel=onderdeel,
            stap_versie=self.stap_versies.get(onderdeel.value),
            wijzigingen=wijzigingen,
            reden=correctie.reden,
            op=op,
            herkomst=herkomst,
        )

    def _correctie_blijft_zonder_persoonsgegevens(self, onderdeel: Onderdeel, nieuw: Any, paden: Iterable[str]) -> None:
        """A corrected text that outlives an erasure is checked as its step checks it; only the fields corrected
        (a text stored before the rule does not block a correction of another field)."""
        gecorrigeerd = {pad.split(".")[0]: pad for pad in paden}
        velden = [veld for veld in BLIJVENDE_TEKST.get(onderdeel.value, ()) if veld in gecorrigeerd]
        try:
            self._blijft_zonder_persoonsgegevens(nieuw, velden)
        except RegelGeschonden as e:  # at the correction's own field
            veld = gecorrigeerd[(e.veld or "").split(".")[0]]
            raise RegelGeschonden(e.regel, e.melding, veld=f"wijzigingen.{veld}") from None

    def _na_correctie_geldig(self, onderdeel: Onderdeel, nieuw: Any, profiel: RegioProfiel, velden: set[str]) -> Any:
        """The corrected part, refused if it breaks a rule of the step that recorded it (normalised as that step
        normalises it)."""
        if onderdeel in (Onderdeel.AANMELDING, Onderdeel.PERSOONSGEGEVENS):
            aanmelding = nieuw if onderdeel is Onderdeel.AANMELDING else self.aanmelding
            persoonsgegevens = nieuw if onderdeel is Onderdeel.PERSOONSGEGEVENS else self.persoonsgegevens
            try:
                _controleer_aanmelding(profiel, aanmelding, persoonsgegevens, self.aangemeld_op)
            except RegelGeschonden as e:  # its field as the correction names it
                veld = e.veld.removeprefix("aanmelding.") if e.veld and onderdeel is Onderdeel.AANMELDING else None
                raise RegelGeschonden(e.regel, e.melding, veld=f"wijzigingen.{veld}" if veld else None) from None
            if onderdeel is Onderdeel.AANMELDING:
                gemeente = profiel.officiele_gemeente(nieuw.woonplaatsgemeente)
                return nieuw.model_copy(update={"woonplaatsgemeente": gemeente})
        elif onderdeel is Onderdeel.TRIAGE:
            if nieuw.uitkomst is TriageUitkomst.BESPREKEN and not nieuw.is_complexe_casus():
                raise RegelGeschonden(
                    Regel.GEEN_COMPLEXE_CASUS, "a case at the table stays a complex case after the correction"
                )
        elif onderdeel is Onderdeel.ADVIES:
            return self._advies_blijft_geldig(nieuw, profiel, velden)
        return nieuw

    def _advies_blijft_geldig(self, advies: Advies, profiel: RegioProfiel, velden: set[str]) -> Advies:
        """The corrected advice, refused if it breaks a rule of the advice; a kind set to none becomes the
        region's only kind."""
        advies_op = self.advies_op or self.laatste_op
        if advies.evaluatiedatum <= advies_op:
            raise RegelGeschonden(Regel.EVALUATIEMOMENT_VOOR_ADVIES, "the evaluation date must lie after the advice")
        if advies.verzonden_op is not None and advies.verzonden_op > advies_op:
            raise RegelGeschonden(Regel.DATUM_IN_TOEKOMST, "verzonden_op lies after the advice was recorded")
        codes = {doel.code for doel in advies.doelen}
        gescoord = sorted({code for evaluatie in self.evaluaties for code in evaluatie.scores} - codes)
        if gescoord:
            raise RegelGeschonden(
                Regel.EVALUATIE_ONBEKEND_DOEL, f"evaluations scored goal(s) {', '.join(gescoord)}: keep them"
            )
        if "soort" in velden:
            return _met_adviessoort(advies, profiel)
        return advies

    @event(Gecorrigeerd)
    def _gecorrigeerd_event(
        self,
        onderdeel: Onderdeel,
        stap_versie: int | None,
        wijzigingen: tuple[Wijziging, ...],
        reden: str,
        op: date,
        herkomst: Herkomst,
    ) -> None:
        huidig = getattr(self, onderdeel.value)
        if huidig is None and onderdeel is Onderdeel.PERSOONSGEGEVENS and _gewist(wijzigingen):
            return  # read without the case's key: the personal data stays erased, nothing to correct
        setattr(self, onderdeel.value, opnieuw_toegepast(CORRIGEERBAAR[onderdeel], huidig, wijzigingen))

    def ontvang_van_netwerk(self, terugmelding: Terugmelding, *, op: date, herkomst: Herkomst) -> None:
        """Records what the network decided, agreed or closed; it arrives whatever the case's phase."""
        if terugmelding.casus_id != self.id or terugmelding.regio != self.regio:
            raise RegelGeschonden(Regel.NIET_BOVENREGIONAAL_OPGESCHAALD, "the terugmelding is for another case")
        if not self.ooit_bovenregionaal:
            raise RegelGeschonden(Regel.NIET_BOVENREGIONAAL_OPGESCHAALD, "the case was not escalated to the network")
        if terugmelding.besluit is not None:
            self._netwerk_besluit_event(terugmelding=terugmelding, op=op, herkomst=herkomst)
        elif terugmelding.actie is not None:
            self._netwerk_actie_event(terugmelding=terugmelding, op=op, herkomst=herkomst)
        else:
            self._netwerk_afgesloten_event(terugmelding=terugmelding, op=op, herkomst=herkomst)

    @event(NetwerkBesluitOntvangen)
    def _netwerk_besluit_event(self, terugmelding: Terugmelding, op: date, herkomst: Herkomst) -> None:
        self.netwerk.append(terugmelding)

    @event(NetwerkActieOntvangen)
    def _netwerk_actie_event(self, terugmelding: Terugmelding, op: date, herkomst: Herkomst) -> None:
        self.netwerk.append(terugmelding)

    @event(NetwerkAfgesloten)
    def _netwerk_afgesloten_event(self, terugmelding: Terugmelding, op: date, herkomst: Herkomst) -> None:
        self.netwerk.append(terugmelding)

    def escalatie(self, opschaling: Opschaling, *, versie: int, op: date, netwerk: str) -> Escalatie:
        """What the network receives of this case, escalated bovenregionaal at `versie`."""
        if opschaling.niveau is not Opschalingsniveau.BOVENREGIONAAL or opschaling.intakevragen is None:
            raise ValueError("only a bovenregionale escalation, with its intake questions, goes to the network")
        return Escalatie(
            regio=self.regio,
            netwerk=netwerk,
            casus_id=self.id,
            casus_versie=versie,
            opgeschaald_op=op,
            reden=opschaling.reden,
            intakevragen=opschaling.intakevragen,
            urgentie=self.aanmelding.urgentie,
            werkstroom=self.aanmelding.werkstroom,
            leeftijd=self.aanmelding.leeftijd,
            woonplaatsgemeente=self.aanmelding.woonplaatsgemeente,
            leefgebieden=tuple(self.aanmelding.leefgebieden),
        )

    # --- feedback on the advice; the outcome of a bestuurlijke escalation -------

    class Teruggekoppeld(EventSourcedAggregate.Event):
        niet_persoonlijk = ("terugkoppeling.opmerkingen", "terugkoppeling.belemmering")
        terugkoppeling: Terugkoppeling
        evaluatiedatum: date | None = None
        """The planned evaluation of the advice the feedback is about (feedback is due 3 working days before)."""

    class BestuurlijkOverlegGehouden(EventSourcedAggregate.Event):
        persoonlijk = ("overleg.besluit",)
        niet_persoonlijk = ("overleg.deelnemers",)
        overleg: BestuurlijkOverleg

    class BestuurlijkOverlegGeevalueerd(EventSourcedAggregate.Event):
        persoonlijk = ("evaluatie.toelichting",)
        niet_persoonlijk = ("evaluatie.lessen", "evaluatie.knelpunten")
        evaluatie: BestuurlijkeEvaluatie

    alle_terugkoppelingen: tuple[GegevenTerugkoppeling, ...] = ()
    alle_bestuurlijke_overleggen: tuple[GehoudenOverleg, ...] = ()
    alle_bestuurlijke_evaluaties: tuple[GegevenEvaluatie, ...] = ()
    """Of every round; the queries below answer the current round's."""

    def geef_terugkoppeling(self, terugkoppeling: Terugkoppeling, *, op: date, herkomst: Herkomst) -> None:
        """Feedback on the advice before its evaluation: once per role (referrer, casusregisseur) per advice."""
        self._niet_gewist()
        self._niet_afgesloten()
        if self.advies is None:
            raise RegelGeschonden(Regel.TERUGKOPPELING_ZONDER_ADVIES, "there is no advice to give feedback on")
        if self.fase is not Fase.ADVIES_UITGEBRACHT:
            raise RegelGeschonden(
                Regel.TERUGKOPPELING_NA_EVALUATIE, "the advice has been evaluated; feedback comes before the evaluation"
            )
        if any(t.rol == herkomst.rol for t in self.terugkoppelingen_op_advies):
            raise RegelGeschonden(
                Regel.AL_TERUGGEKOPPELD, f"the {herkomst.rol} has already given feedback on this advice"
            )
        self._blijft_zonder_persoonsgegevens(terugkoppeling, BLIJVENDE_TEKST["terugkoppeling"])
        self._teruggekoppeld_event(
            terugkoppeling=terugkoppeling, evaluatiedatum=self.advies.evaluatiedatum, op=op, herkomst=herkomst
        )

    @event(Teruggekoppeld)
    def _teruggekoppeld_event(
        self, terugkoppeling: Terugkoppeling, evaluatiedatum: date | None, op: date, herkomst: Herkomst
    ) -> None:
        gegeven = GegevenTerugkoppeling(terugkoppeling, herkomst.rol, op, self._huidig_advies)
        self.alle_terugkoppelingen = (*self.alle_terugkoppelingen, gegeven)

    def leg_bestuurlijk_overleg_vast(self, overleg: BestuurlijkOverleg, *, op: date, herkomst: Herkomst) -> None:
        """Records a round-table meeting held after the bestuurlijke escalation; more than one until evaluated."""
        self._niet_gewist()
        self._niet_afgesloten()
        opgeschaald_op = self._bestuurlijk_opgeschaald_op()
        if self.bestuurlijke_evaluatie is not None:
            raise RegelGeschonden(
                Regel.BESTUURLIJK_AL_GEEVALUEERD, "the escalation has been evaluated; no meeting follows it"
            )
        if overleg.datum < opgeschaald_op:
            raise RegelGeschonden(
                Regel.BESTUURLIJK_OVERLEG_VOOR_OPSCHALING,
                f"the meeting ({overleg.datum.isoformat()}) lies before the bestuurlijke escalation "
                f"({opgeschaald_op.isoformat()})",
                veld="datum",
            )
        if overleg.datum > op:
            raise RegelGeschonden(
                Regel.DATUM_IN_TOEKOMST, "a round-table meeting is recorded once it has taken place", veld="datum"
            )
        self._blijft_zonder_persoonsgegevens(overleg, BLIJVENDE_TEKST["bestuurlijk_overleg"])
        self._bestuurlijk_overleg_event(overleg=overleg, op=op, herkomst=herkomst)

    @event(BestuurlijkOverlegGehouden)
    def _bestuurlijk_overleg_event(self, overleg: BestuurlijkOverleg, op: date, herkomst: Herkomst) -> None:
        gehouden = GehoudenOverleg(overleg, self.heropeningen)
        self.alle_bestuurlijke_overleggen = (*self.alle_bestuurlijke_overleggen, gehouden)

    def evalueer_bestuurlijk_overleg(self, evaluatie: BestuurlijkeEvaluatie, *, op: date, herkomst: Herkomst) -> None:
        """Evaluates the bestuurlijke escalation once, after its (last) meeting; also when the case has closed."""
        self._niet_gewist()
        self._bestuurlijk_opgeschaald_op()
        if self.bestuurlijke_evaluatie is not None:
            raise RegelGeschonden(Regel.BESTUURLIJK_AL_GEEVALUEERD, "the bestuurlijke escalation was evaluated already")
        if not self.bestuurlijke_overleggen:
            raise RegelGeschonden(
                Regel.EVALUATIE_ZONDER_BESTUURLIJK_OVERLEG, "record the round-table meeting before its evaluation"
            )
        laatste = max(overleg.datum for overleg in self.bestuurlijke_overleggen)
        if evaluatie.datum < laatste:
            raise RegelGeschonden(
                Regel.EVALUATIE_VOOR_BESTUURLIJK_OVERLEG,
                f"the evaluation ({evaluatie.datum.isoformat()}) lies before the round-table meeting "
                f"({laatste.isoformat()})",
                veld="datum",
            )
        if evaluatie.datum > op:
            raise RegelGeschonden(
                Regel.DATUM_IN_TOEKOMST, "an evaluation is recorded after it took place", veld="datum"
            )
        self._blijft_zonder_persoonsgegevens(evaluatie, BLIJVENDE_TEKST["bestuurlijke_evaluatie"])
        self._bestuurlijk_geevalueerd_event(evaluatie=evaluatie, op=op, herkomst=herkomst)

    @event(BestuurlijkOverlegGeevalueerd)
    def _bestuurlijk_geevalueerd_event(self, evaluatie: BestuurlijkeEvaluatie, op: date, herkomst: Herkomst) -> None:
        gegeven = GegevenEvaluatie(evaluatie, self.heropeningen)
        self.alle_bestuurlijke_evaluaties = (*self.alle_bestuurlijke_evaluaties, gegeven)

    def _bestuurlijk_opgeschaald_op(self) -> date:
        for opschaling, op in self.opschalingen:
            if opschaling.niveau is Opschalingsniveau.BESTUURLIJK:
                return op
        raise RegelGeschonden(
            Regel.NIET_BESTUURLIJK_OPGESCHAALD, "the case has not been escalated bestuurlijk in this round"
        )

    @property
    def _huidig_advies(self) -> tuple[int, int]:
        """The current advice: an advice is evaluated before the next one is given (plan_overleg refuses a
        meeting while it stands), so the round and the evaluations before it name it."""
        return self.heropeningen, len(self.evaluaties)

    @property
    def terugkoppelingen(self) -> tuple[GegevenTerugkoppeling, ...]:
        """The feedback of the current round, on each of its advices."""
        return tuple(t for t in self.alle_terugkoppelingen if t.advies[0] == self.heropeningen)

    @property
    def terugkoppelingen_op_advies(self) -> tuple[GegevenTerugkoppeling, ...]:
        """The feedback on the current advice."""
        return tuple(t for t in self.alle_terugkoppelingen if t.advies == self._huidig_advies)

    @property
    def bestuurlijke_overleggen(self) -> tuple[BestuurlijkOverleg, ...]:
        return tuple(g.overleg for g in self.alle_bestuurlijke_overleggen if g.ronde == self.heropeningen)

    @property
    def bestuurlijke_evaluatie(self) -> BestuurlijkeEvaluatie | None:
        return next((g.evaluatie for g in self.alle_bestuurlijke_evaluaties if g.ronde == self.heropeningen), None)

    # --- queries --------------------------------------------------------------

    def opschalingsniveaus(self) -> tuple[Opschalingsniveau, ...]:
        return tuple(opschaling.niveau for opschaling, _ in self.opschalingen)

    @property
    def terugkeer(self) -> int:
        """Returns: reopenings plus the times the case came back to the table."""
        return self.heropeningen + self.terug_op_tafel


_VASTGELEGD_IN: dict[str, type] = {
    Onderdeel.AANMELDING.value: Casus.Aangemeld,
    Onderdeel.PERSOONSGEGEVENS.value: Casus.Aangemeld,
    Onderdeel.TRIAGE.value: Casus.Getrieerd,
    Onderdeel.ADVIES.value: Casus.AdviesUitgebracht,
    Onderdeel.AFSLUITING.value: Casus.Afgesloten,
}
"""The step that records each part a correction can reach: its personal fields are the correction's."""
