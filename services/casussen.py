"""Runs the case commands of one region against its event store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4, uuid5

from domain.bedrijfsdatum import AANMELDING_JAREN_TERUG, controleer_aanmeldingsdatum
from domain.bestuurlijk import BestuurlijkeEvaluatie, BestuurlijkOverleg
from domain.casus import Casus
from domain.correctie import Correctie
from domain.netwerk import Terugmelding
from domain.normen import NormStatus, normstatussen
from domain.overlegmoment import Evaluatiemoment, Overlegmoment
from domain.regioprofiel import RegioProfiel
from domain.terugkoppeling import Terugkoppeling
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
)
from domain.werkdagen import Werkkalender
from domain.wissen import Wisgrond, Wissing, Wisverzoek
from services.agenda import Agenda
from services.casus_store import CasusStore
from services.uitvoering import Resultaat, Uitvoerder, vastgelegd

_IDEMPOTENCY_NAMESPACE = UUID("4f7d3c1e-6a55-4d36-9a0f-2b1f7e0c9d11")


class CasusService(Uitvoerder[Casus]):
    soort = Casus

    def __init__(
        self,
        profiel: RegioProfiel,
        store: CasusStore,
        kalender: Werkkalender,
        vandaag: Callable[[], date],
        aanmelding_jaren_terug: int = AANMELDING_JAREN_TERUG,
    ) -> None:
        self.profiel = profiel
        self.store = store
        self.kalender = kalender
        self.vandaag = vandaag
        self.aanmelding_jaren_terug = aanmelding_jaren_terug
        self.agenda = Agenda(profiel, store, kalender, lambda: self.vandaag())  # noqa: PLW0108 (swappable clock)

    # --- queries --------------------------------------------------------------

    def normen(self, casus: Casus, dag: date | None = None) -> list[NormStatus]:
        """Each norm of the case as of `dag` (today by default)."""
        return normstatussen(casus, self.profiel.normen, self.kalender, dag or self.vandaag())

    # --- commands -------------------------------------------------------------

    def casus_id_voor(self, idempotency_key: str | None) -> UUID:
        """The id a registration under this key gets (a fresh one without a key)."""
        if idempotency_key is None:
            return uuid4()
        return uuid5(_IDEMPOTENCY_NAMESPACE, f"{self.profiel.slug}:{idempotency_key}")

    def meld_aan(
        self,
        aanmelding: Aanmelding,
        persoonsgegevens: Persoonsgegevens | None,
        herkomst: Herkomst,
        op: date | None = None,
    ) -> Resultaat[Casus]:
        """Registers a case on `op` (today if not given).

        A retry under the same idempotency key makes the same case id, so its append fails on the stored case
        and answers what the first did (`_bewaar`); a registration costs no read of the store before it. A
        retry refused by a rule (one that holds on another day) is looked up the same way before the refusal
        counts."""
        casus_id = self.casus_id_voor(herkomst.idempotency_key)
        vandaag = self.vandaag()
        dag = vandaag if op is None else op
        try:
            controleer_aanmeldingsdatum(dag, vandaag=vandaag, jaren=self.aanmelding_jaren_terug)
            casus = Casus.meld_aan(
                casus_id=casus_id,
                profiel=self.profiel,
                aanmelding=aanmelding,
                persoonsgegevens=persoonsgegevens,
                op=dag,
                herkomst=vastgelegd(herkomst, dag, vandaag),
            )
        except Exception:
            eerder = self._eerder_uitgevoerd(casus_id, herkomst)
            if eerder is not None:
                return eerder
            raise
        return self._bewaar(casus, herkomst)

    def trieer(self, casus_id: UUID, triage: Triage, herkomst: Herkomst, op: date | None = None) -> Resultaat[Casus]:
        return self._voer_uit(casus_id, herkomst, lambda c, dag, h: c.trieer(triage, op=dag, herkomst=h), op=op)

    def plan_overleg(
        self, casus_id: UUID, overleg: Overleg, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Puts the case on the meeting of `overleg.datum` (services.agenda)."""
        return self.agenda.plan_overleg(casus_id, overleg, herkomst, op)

    def plan_evaluatiemoment(
        self, casus_id: UUID, moment: Evaluatiemoment, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Puts the evaluation of the advice on the meeting of its date (services.agenda)."""
        return self.agenda.plan_evaluatiemoment(casus_id, moment, herkomst, op)

    def breng_advies_uit(
        self, casus_id: UUID, advies: Advies, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id,
            herkomst,
            lambda c, dag, h: c.breng_advies_uit(advies, op=dag, herkomst=h, profiel=self.profiel),
            op=op,
        )

    def leg_evaluatie_vast(
        self, casus_id: UUID, evaluatie: Evaluatie, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.leg_evaluatie_vast(evaluatie, op=dag, herkomst=h), op=op
        )

    def schaal_op(
        self, casus_id: UUID, opschaling: Opschaling, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.schaal_op(opschaling, self.profiel, op=dag, herkomst=h), op=op
        )

    def sluit_af(
        self, casus_id: UUID, afsluiting: Afsluitformulier, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Closes the case, and takes it off the meetings still to come (services.agenda)."""

        def sluit(casus: Casus, dag: date, h: Herkomst) -> list[Overlegmoment]:
            casus.sluit_af(afsluiting, op=dag, herkomst=h)
            return self.agenda.meld_af(casus, dag, h)

        return self._voer_uit(casus_id, herkomst, sluit, op=op)

    def corrigeer(
        self, casus_id: UUID, correctie: Correctie, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.corrigeer(correctie, self.profiel, op=dag, herkomst=h), op=op
        )

    def ontvang_van_netwerk(
        self, terugmelding: Terugmelding, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Records a decision, action or closing of the network on the regional case; a repeat under the
        same idempotency key (the network event's identity) records nothing."""
        return self._voer_uit(
            terugmelding.casus_id,
            herkomst,
            lambda c, dag, h: c.ontvang_van_netwerk(terugmelding, op=dag, herkomst=h),
            op=op,
        )

    def heropen(
        self, casus_id: UUID, heropening: Heropening, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(casus_id, herkomst, lambda c, dag, h: c.heropen(heropening, op=dag, herkomst=h), op=op)

    def geef_terugkoppeling(
        self, casus_id: UUID, terugkoppeling: Terugkoppeling, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.geef_terugkoppeling(terugkoppeling, op=dag, herkomst=h), op=op
        )

    def leg_bestuurlijk_overleg_vast(
        self, casus_id: UUID, overleg: BestuurlijkOverleg, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.leg_bestuurlijk_overleg_vast(overleg, op=dag, herkomst=h), op=op
        )

    def wis_persoonsgegevens(
        self,
        casus_id: UUID,
        verzoek: Wisverzoek,
        herkomst: Herkomst,
        op: date | None = None,
        grond: Wisgrond = Wisgrond.VERZOEK,
    ) -> Resultaat[Casus]:
        """Erases the case's personal data: records `PersoonsgegevensGewist`, then destroys the case's key. A
        repeat records nothing and destroys the key again, so an erasure cut short between the two is finished
        by the next."""
        wissing = Wissing(grond=grond, reden=verzoek.reden)
        resultaat = self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.wis_persoonsgegevens(wissing, op=dag, herkomst=h), op=op
        )
        self.store.vernietig_sleutel(casus_id, f"{wissing.grond.value}: {wissing.reden}")
        casus = self.casus(casus_id)
        return Resultaat(casus=casus, positie=resultaat.positie, herhaald=resultaat.herhaald, dag=resultaat.dag)

    def evalueer_bestuurlijk_overleg(
        self, casus_id: UUID, evaluatie: BestuurlijkeEvaluatie, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.evalueer_bestuurlijk_overleg(evaluatie, op=dag, herkomst=h), op=op
        )
