"""Runs the agenda's commands of one region: extra meetings, and plans that put a case on a meeting.

A plan changes two aggregates, the case and its meeting (and the meeting it leaves, when it moves), and
saves them in one append: of two plans racing for a meeting's last evaluation slot, the loser's append
fails on the meeting's version and answers as a concurrent change.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.agenda import (
    agendapuntsoort,
    controleer_nieuw_overleg,
    kies_overleg,
    waarschuwingen_evaluatiemoment,
    waarschuwingen_overleg,
)
from domain.bedrijfsdatum import controleer_stapdatum
from domain.casus import Casus
from domain.overlegmoment import Agendapunt, Agendapuntsoort, Evaluatiemoment, NieuwOverleg, Overlegmoment
from domain.regioprofiel import Overlegsoort, RegioProfiel
from domain.waarden import Herkomst, Overleg
from domain.werkdagen import Werkkalender
from services.casus_store import CasusStore
from services.fouten import IdempotencyKeyHergebruikt
from services.uitvoering import Resultaat, Uitvoerder, vastgelegd


class Agenda(Uitvoerder[Casus]):
    soort = Casus

    def __init__(
        self, profiel: RegioProfiel, store: CasusStore, kalender: Werkkalender, vandaag: Callable[[], date]
    ) -> None:
        self.profiel = profiel
        self.store = store
        self.kalender = kalender
        self.vandaag = vandaag

    # --- meetings -------------------------------------------------------------------------------

    def overleg(self, overleg_id: UUID) -> Overlegmoment | None:
        """The meeting as stored, to run a command on; None when it was never recorded."""
        moment = self.store.casus_voor_commando(overleg_id)
        return moment if isinstance(moment, Overlegmoment) else None

    def beleg(self, nieuw: NieuwOverleg, herkomst: Herkomst, op: date | None = None) -> Resultaat[Overlegmoment]:
        """Calls an extra meeting (e.g. a doorbraaktafel) on a date the cadence has none of its kind."""
        bestaand = self.overleg(Overlegmoment.id_van(self.profiel.slug, nieuw.datum, nieuw.soort))
        if bestaand is not None:
            eerder = self._eerder_belegd(bestaand, herkomst)
            if eerder is not None:
                return eerder
        controleer_nieuw_overleg(self.profiel, self.kalender, nieuw.datum, nieuw.soort, bestaand is not None)
        vandaag = self.vandaag()
        dag = vandaag if op is None else op
        controleer_stapdatum(dag, vandaag=vandaag, vorige=date.min)  # calling a meeting is its first step
        moment = Overlegmoment.beleg(
            regio=self.profiel.slug,
            datum=nieuw.datum,
            soort=nieuw.soort,
            duur_minuten=nieuw.duur_minuten,
            extra=True,
            locatie=nieuw.locatie,
            toelichting=nieuw.toelichting,
            op=dag,
            herkomst=vastgelegd(herkomst, dag, vandaag),
        )
        try:
            return Resultaat(casus=moment, positie=self.store.bewaar(moment))
        except IntegrityError:
            opnieuw = self.overleg(moment.id)  # called at the same moment by another command
            eerder = None if opnieuw is None else self._eerder_belegd(opnieuw, herkomst)
            if eerder is not None:
                return eerder
            controleer_nieuw_overleg(self.profiel, self.kalender, nieuw.datum, nieuw.soort, bestaat=True)
            raise

    def _eerder_belegd(self, moment: Overlegmoment, herkomst: Herkomst) -> Resultaat[Overlegmoment] | None:
        """The first answer to calling this meeting, retried under the same idempotency key."""
        key = herkomst.idempotency_key
        uitvoering = moment.uitgevoerde_commandos.get(key) if key else None
        if uitvoering is None or key is None:
            return None
        if uitvoering.verzoek_hash != herkomst.verzoek_hash:
            raise IdempotencyKeyHergebruikt(key)
        toen = self.store.lees(moment.id, uitvoering.versie)
        positie = self.store.positie_van(moment.id, uitvoering.versie)
        return Resultaat(casus=toen or moment, positie=positie, herhaald=True, dag=uitvoering.op)

    def _overleg_voor(
        self, datum: date, soort: Overlegsoort | None, casus: Casus, herkomst: Herkomst, dag: date
    ) -> Overlegmoment:
        """The meeting on `datum` a plan names: as stored, or called now (from the cadence, or on call). Reads
        only the kinds it has to ask about."""
        gelezen: dict[Overlegsoort, Overlegmoment | None] = {}

        def vastgelegd(kandidaat: Overlegsoort) -> Overlegmoment | None:
            if kandidaat not in gelezen:
                gelezen[kandidaat] = self.overleg(Overlegmoment.id_van(self.profiel.slug, datum, kandidaat))
            return gelezen[kandidaat]

        werkstroom = casus.aanmelding.werkstroom
        keuze = kies_overleg(self.profiel, self.kalender, datum, soort, lambda s: vastgelegd(s) is not None, werkstroom)
        return vastgelegd(keuze.soort) or Overlegmoment.beleg(
            regio=self.profiel.slug,
            datum=datum,
            soort=keuze.soort,
            duur_minuten=keuze.duur_minuten,
            extra=keuze.extra,
            op=dag,
            herkomst=herkomst,
        )

    def _verlaten(
        self, overleg_id: UUID | None, datum: date | None, naar: Overlegmoment, dag: date
    ) -> list[Overlegmoment]:
        """The meeting a plan moves the case away from: its earlier one, when that has not taken place yet."""
        if overleg_id is None or datum is None or overleg_id == naar.id or datum <= dag:
            return []
        oud = self.overleg(overleg_id)
        return [] if oud is None else [oud]

    # --- plans ----------------------------------------------------------------------------------

    def plan_overleg(
        self, casus_id: UUID, overleg: Overleg, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Puts the case on the meeting its date (and kind) names; moves it there from a later one."""

        dagen: list[date] = []

        def commando(casus: Casus, dag: date, h: Herkomst) -> list[Overlegmoment]:
            dagen.append(dag)
            copy.deepcopy(casus).plan_overleg(overleg, op=dag, herkomst=h)  # the case's own rules first
            punt = agendapuntsoort(casus)
            vorige = casus.overleggen[-1].datum if casus.overleggen else None
            moment = self._overleg_voor(overleg.datum, overleg.soort, casus, h, dag)
            verlaten = self._verlaten(casus.overleg_id, vorige, moment, dag)
            gepland = overleg.model_copy(update={"soort": moment.soort})
            casus.plan_overleg(gepland, op=dag, herkomst=h, overleg_id=moment.id)
            self._plan_in(moment, casus, punt, dag, h)
            for oud in verlaten:
                oud.verplaats(casus.id, moment, op=dag, herkomst=h)
            return [moment, *verlaten]

        resultaat = self._voer_uit(casus_id, herkomst, commando, op)
        dag = resultaat.dag or dagen[0]
        gemist = waarschuwingen_overleg(resultaat.casus, self.profiel.normen, self.kalender, dag)
        return replace(resultaat, waarschuwingen=tuple(gemist))

    def plan_evaluatiemoment(
        self, casus_id: UUID, moment: Evaluatiemoment, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Puts the evaluation of the case's advice on the meeting its date (and kind) names."""

        def commando(casus: Casus, dag: date, h: Herkomst) -> list[Overlegmoment]:
            copy.deepcopy(casus).plan_evaluatiemoment(moment, op=dag, herkomst=h)  # the case's rules first
            overleg = self._overleg_voor(moment.datum, moment.soort, casus, h, dag)
            vorige = casus.evaluatiemoment.datum if casus.evaluatiemoment else None
            verlaten = self._verlaten(casus.evaluatie_overleg_id, vorige, overleg, dag)
            gepland = moment.model_copy(update={"soort": overleg.soort})
            casus.plan_evaluatiemoment(gepland, op=dag, herkomst=h, overleg_id=overleg.id)
            self._plan_in(overleg, casus, Agendapuntsoort.EVALUATIE, dag, h)
            for oud in verlaten:
                oud.verplaats(casus.id, overleg, op=dag, herkomst=h)
            return [overleg, *verlaten]

        resultaat = self._voer_uit(casus_id, herkomst, commando, op)
        gemist = waarschuwingen_evaluatiemoment(resultaat.casus, self.profiel.normen, self.kalender)
        return replace(resultaat, waarschuwingen=tuple(gemist))

    def meld_af(self, casus: Casus, dag: date, herkomst: Herkomst) -> list[Overlegmoment]:
        """The meetings still to come that the case was planned on (its discussion, its evaluation), each
        with the case taken off: to save with the case when it is closed."""
        moment = casus.evaluatiemoment
        plekken = [
            (casus.overleg_id, casus.overleggen[-1].datum if casus.overleggen else None),
            (casus.evaluatie_overleg_id, moment.datum if moment else None),
        ]
        vrij: list[Overlegmoment] = []
        for overleg_id, datum in plekken:
            gezien = any(o.id == overleg_id for o in vrij)
            overleg = self.overleg(overleg_id) if overleg_id and datum and datum > dag and not gezien else None
            if overleg is not None and casus.id in overleg.agenda:
                overleg.meld_af(casus.id, op=dag, herkomst=herkomst)
                vrij.append(overleg)
        return vrij

    def _plan_in(
        self, moment: Overlegmoment, casus: Casus, soort: Agendapuntsoort, dag: date, herkomst: Herkomst
    ) -> None:
        expertise = casus.triage.uit_te_nodigen_expertise if casus.triage else ()
        punt = Agendapunt(casus_id=casus.id, soort=soort, uit_te_nodigen_expertise=expertise)
        moment.plan_in(punt, max_evaluaties=self.profiel.overleg_max_evaluaties, op=dag, herkomst=herkomst)
