"""Runs the kernteam's commands on the network's own cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.netwerk import Actie, Kernteambesluit, NetwerkAfsluiting, NetwerkOpschaling
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst, Knelpunt
from domain.werkdagen import Werkkalender
from services.netwerk_store import NetwerkStore
from services.uitvoering import Resultaat, Uitvoerder


class NetwerkService(Uitvoerder[Netwerkcasus]):
    def __init__(self, netwerk: str, store: NetwerkStore, kalender: Werkkalender, vandaag: Callable[[], date]) -> None:
        self.netwerk = netwerk
        self.store = store
        self.kalender = kalender
        self.vandaag = vandaag

    def besluit(
        self, casus_id: UUID, besluit: Kernteambesluit, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.besluit_kernteam(besluit, op=dag, herkomst=h), op=op
        )

    def actie(
        self, casus_id: UUID, actie: Actie, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, dag, h: c.spreek_actie_af(actie, op=dag, herkomst=h), op=op)

    def knelpunt(
        self, casus_id: UUID, knelpunt: Knelpunt, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(
            casus_id, herkomst, lambda c, dag, h: c.meld_knelpunt(knelpunt, op=dag, herkomst=h), op=op
        )

    def opschaling(
        self, casus_id: UUID, opschaling: NetwerkOpschaling, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, dag, h: c.schaal_op(opschaling, op=dag, herkomst=h), op=op)

    def afsluiting(
        self, casus_id: UUID, afsluiting: NetwerkAfsluiting, herkomst: Herkomst, op: date | None = None
    ) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, dag, h: c.sluit_af(afsluiting, op=dag, herkomst=h), op=op)
