"""Runs the case commands of one region against its event store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4, uuid5

from domain.casus import Casus
from domain.netwerk import Terugmelding
from domain.normen import NormStatus, normstatussen
from domain.overlegmoment import Overlegmoment
from domain.regioprofiel import RegioProfiel
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
from services.agenda import Agenda
from services.casus_store import CasusStore
from services.uitvoering import Resultaat, Uitvoerder

_IDEMPOTENCY_NAMESPACE = UUID("4f7d3c1e-6a55-4d36-9a0f-2b1f7e0c9d11")


class CasusService(Uitvoerder[Casus]):
    soort = Casus

    def __init__(
        self, profiel: RegioProfiel, store: CasusStore, kalender: Werkkalender, vandaag: Callable[[], date]
    ) -> None:
        self.profiel = profiel
        self.store = store
        self.kalender = kalender
        self.vandaag = vandaag
        self.agenda = Agenda(profiel, store, kalender, lambda: self.vandaag())  # noqa: PLW0108 (swappable clock)

    # --- queries --------------------------------------------------------------

    def normen(self, casus: Casus, dag: date | None = None) -> list[NormStatus]:
        """Each norm of the case as of `dag` (today by default)."""
        return normstatussen(casus, self.profiel.normen, self.kalender, dag or self.vandaag())

    # --- commands -------------------------------------------------------------

    def meld_aan(
        self, aanmelding: Aanmelding, persoonsgegevens: Persoonsgegevens | None, herkomst: Herkomst
    ) -> Resultaat[Casus]:
        key = herkomst.idempotency_key
        casus_id = uuid5(_IDEMPOTENCY_NAMESPACE, f"{self.profiel.slug}:{key}") if key else uuid4()
        eerder = self._eerder_uitgevoerd(casus_id, herkomst)
        if eerder is not None:
            return eerder
        casus = Casus.meld_aan(
            casus_id=casus_id,
            profiel=self.profiel,
            aanmelding=aanmelding,
            persoonsgegevens=persoonsgegevens,
            op=self.vandaag(),
            herkomst=herkomst,
        )
        return self._bewaar(casus, herkomst)

    def trieer(self, casus_id: UUID, triage: Triage, herkomst: Herkomst) -> Resultaat[Casus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.trieer(triage, op=op, herkomst=herkomst))

    def plan_overleg(
        self, casus_id: UUID, overleg: Overleg, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Casus]:
        """Puts the case on the meeting of `overleg.datum` (services.agenda)."""
        return self.agenda.plan_overleg(casus_id, overleg, herkomst, op)

    def breng_advies_uit(self, casus_id: UUID, advies: Advies, herkomst: Herkomst) -> Resultaat[Casus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.breng_advies_uit(advies, op=op, herkomst=herkomst))

    def leg_evaluatie_vast(self, casus_id: UUID, evaluatie: Evaluatie, herkomst: Herkomst) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, op: c.leg_evaluatie_vast(evaluatie, op=op, herkomst=herkomst)
        )

    def schaal_op(self, casus_id: UUID, opschaling: Opschaling, herkomst: Herkomst) -> Resultaat[Casus]:
        return self._voer_uit(
            casus_id,
            herkomst,
            lambda c, op: c.schaal_op(opschaling, self.profiel, op=op, herkomst=herkomst),
        )

    def sluit_af(self, casus_id: UUID, afsluiting: Afsluitformulier, herkomst: Herkomst) -> Resultaat[Casus]:
        """Closes the case, and takes it off the meetings still to come (services.agenda)."""

        def sluit(casus: Casus, op: date) -> list[Overlegmoment]:
            casus.sluit_af(afsluiting, op=op, herkomst=herkomst)
            return self.agenda.meld_af(casus, op, herkomst)

        return self._voer_uit(casus_id, herkomst, sluit)

    def ontvang_van_netwerk(self, terugmelding: Terugmelding, herkomst: Herkomst) -> Resultaat[Casus]:
        """Records a decision, action or closing of the network on the regional case; a repeat under the
        same idempotency key (the network event's identity) records nothing."""
        return self._voer_uit(
            terugmelding.casus_id,
            herkomst,
            lambda c, op: c.ontvang_van_netwerk(terugmelding, op=op, herkomst=herkomst),
        )

    def heropen(self, casus_id: UUID, heropening: Heropening, herkomst: Herkomst) -> Resultaat[Casus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.heropen(heropening, op=op, herkomst=herkomst))
