"""Runs the case commands of one region against its event store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4, uuid5

from eventsourcing.persistence import IntegrityError

from domain.casus import Casus
from domain.normen import NormStatus, normstatussen
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
from services.casus_store import CasusStore
from services.fouten import CasusNietGevonden, GelijktijdigeWijziging, IdempotencyKeyHergebruikt

_IDEMPOTENCY_NAMESPACE = UUID("4f7d3c1e-6a55-4d36-9a0f-2b1f7e0c9d11")


@dataclass(frozen=True)
class Resultaat:
    """The case after a command; `positie` is the store position of its last event."""

    casus: Casus
    positie: int | None
    herhaald: bool = False


class CasusService:
    def __init__(
        self, profiel: RegioProfiel, store: CasusStore, kalender: Werkkalender, vandaag: Callable[[], date]
    ) -> None:
        self.profiel = profiel
        self.store = store
        self.kalender = kalender
        self.vandaag = vandaag

    # --- queries --------------------------------------------------------------

    def casus(self, casus_id: UUID) -> Casus:
        casus = self.store.casus(casus_id)
        if casus is None:
            raise CasusNietGevonden(casus_id)
        return casus

    def historie(self, casus_id: UUID) -> list[Any]:
        events = self.store.historie(casus_id)
        if not events:
            raise CasusNietGevonden(casus_id)
        return events

    def normen(self, casus: Casus) -> list[NormStatus]:
        return normstatussen(casus, self.profiel.normen, self.kalender, self.vandaag())

    # --- commands -------------------------------------------------------------

    def meld_aan(
        self, aanmelding: Aanmelding, persoonsgegevens: Persoonsgegevens | None, herkomst: Herkomst
    ) -> Resultaat:
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

    def trieer(self, casus_id: UUID, triage: Triage, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.trieer(triage, op=op, herkomst=herkomst))

    def plan_overleg(self, casus_id: UUID, overleg: Overleg, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.plan_overleg(overleg, op=op, herkomst=herkomst))

    def breng_advies_uit(self, casus_id: UUID, advies: Advies, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.breng_advies_uit(advies, op=op, herkomst=herkomst))

    def leg_evaluatie_vast(self, casus_id: UUID, evaluatie: Evaluatie, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(
            casus_id, herkomst, lambda c, op: c.leg_evaluatie_vast(evaluatie, op=op, herkomst=herkomst)
        )

    def schaal_op(self, casus_id: UUID, opschaling: Opschaling, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(
            casus_id,
            herkomst,
            lambda c, op: c.schaal_op(opschaling, self.profiel, op=op, herkomst=herkomst),
        )

    def sluit_af(self, casus_id: UUID, afsluiting: Afsluitformulier, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.sluit_af(afsluiting, op=op, herkomst=herkomst))

    def heropen(self, casus_id: UUID, heropening: Heropening, herkomst: Herkomst) -> Resultaat:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.heropen(heropening, op=op, herkomst=herkomst))

    # --- how every command runs ------------------------------------------------

    def _voer_uit(self, casus_id: UUID, herkomst: Herkomst, commando: Callable[[Casus, date], None]) -> Resultaat:
        casus = self.store.casus_voor_commando(casus_id)
        if casus is None:
            raise CasusNietGevonden(casus_id)
        eerder = self._als_uitgevoerd(casus, herkomst)
        if eerder is not None:
            return eerder
        commando(casus, self.vandaag())
        return self._bewaar(casus, herkomst)

    def _bewaar(self, casus: Casus, herkomst: Herkomst) -> Resultaat:
        try:
            positie = self.store.bewaar(casus)
        except IntegrityError:
            eerder = self._eerder_uitgevoerd(casus.id, herkomst)
            if eerder is not None:
                return eerder
            raise GelijktijdigeWijziging(casus.id) from None
        return Resultaat(casus=casus, positie=positie)

    def _eerder_uitgevoerd(self, casus_id: UUID, herkomst: Herkomst) -> Resultaat | None:
        if herkomst.idempotency_key is None:
            return None
        casus = self.store.casus(casus_id)
        return None if casus is None else self._als_uitgevoerd(casus, herkomst)

    def _als_uitgevoerd(self, casus: Casus, herkomst: Herkomst) -> Resultaat | None:
        """The first answer to a command retried under the same idempotency key."""
        key = herkomst.idempotency_key
        uitvoering = casus.uitgevoerde_commandos.get(key) if key else None
        if uitvoering is None or key is None:
            return None
        if uitvoering.verzoek_hash != herkomst.verzoek_hash:
            raise IdempotencyKeyHergebruikt(key)
        toen = casus if uitvoering.versie == casus.version else self.store.casus(casus.id, uitvoering.versie)
        return Resultaat(casus=toen or casus, positie=None, herhaald=True)
