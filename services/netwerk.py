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

    def besluit(self, casus_id: UUID, besluit: Kernteambesluit, herkomst: Herkomst) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.besluit_kernteam(besluit, op=op, herkomst=herkomst))

    def actie(self, casus_id: UUID, actie: Actie, herkomst: Herkomst) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.spreek_actie_af(actie, op=op, herkomst=herkomst))

    def knelpunt(self, casus_id: UUID, knelpunt: Knelpunt, herkomst: Herkomst) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.meld_knelpunt(knelpunt, op=op, herkomst=herkomst))

    def opschaling(self, casus_id: UUID, opschaling: NetwerkOpschaling, herkomst: Herkomst) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.schaal_op(opschaling, op=op, herkomst=herkomst))

    def afsluiting(self, casus_id: UUID, afsluiting: NetwerkAfsluiting, herkomst: Herkomst) -> Resultaat[Netwerkcasus]:
        return self._voer_uit(casus_id, herkomst, lambda c, op: c.sluit_af(afsluiting, op=op, herkomst=herkomst))
