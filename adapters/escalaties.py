"""Escalations over JetStream: a region's relay and the network's consumer, and the way back."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any
from uuid import UUID

import asyncpg
from eventsourcing.persistence import IntegrityError
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from pydantic import ValidationError

from adapters.jetstream import Bericht, Consument, LogRelay, antwoord_onderwerp, escalatie_onderwerp, stroom_naam
from domain.casus import Casus
from domain.eventversies import topic_van
from domain.fouten import RegelGeschonden
from domain.invoer import UIT_OPSLAG
from domain.netwerk import Escalatie, Terugmelding
from domain.netwerkcasus import Netwerkcasus
from domain.regioprofiel import Opschalingsniveau
from domain.waarden import Herkomst
from projections.decoder import decodeer
from projections.tabellen import q
from projections.volger import Opgeslagen
from services.casus_store import CasusStore
from services.casussen import CasusService
from services.fouten import CasusNietGevonden
from services.netwerk_store import NetwerkStore

OPGESCHAALD_TOPIC = topic_van(Casus.Opgeschaald)
TERUG = {
    topic_van(Netwerkcasus.KernteamBesluit): "besluit",
    topic_van(Netwerkcasus.ActieAfgesproken): "actie",
    topic_van(Netwerkcasus.Afgesloten): "afsluiting",
}
"""The network's events that travel back to the region, by topic, and the field that carries each."""
ONTVANGER = Herkomst(actor="escalatie-ontvanger", rol="systeem")


class Relay(LogRelay):
    """Publishes one region's bovenregionale escalations to its network."""

    def __init__(
        self, pool: asyncpg.Pool, schema: str, regio: str, netwerk: str, store: CasusStore, js: JetStreamContext
    ) -> None:
        super().__init__(pool, schema, f"escalaties-{regio}", js)
        self.regio, self.netwerk, self.store = regio, netwerk, store

    async def bericht(self, rij: Opgeslagen) -> Bericht | None:
        if rij["topic"] != OPGESCHAALD_TOPIC:
            return None
        event = await asyncio.to_thread(self._met_sleutel, rij)
        if event.opschaling.niveau is not Opschalingsniveau.BOVENREGIONAAL:
            return None
        escalatie = event.escalatie or await self._escalatie_uit_de_casus(event)
        return Bericht(
            escalatie_onderwerp(escalatie.netwerk, self.regio),
            escalatie.model_dump_json().encode(),
            f"{self.regio}/{event.originator_id}/{event.originator_version}",
        )

    def _met_sleutel(self, rij: Opgeslagen) -> Any:
        """The escalation with what it sends the network: its reason and intake questions, which the region's
        store keeps encrypted with the case's key (erased: they go as erased)."""
        casus_id, versie = UUID(str(rij["originator_id"])), int(rij["originator_version"])
        return decodeer(rij["topic"], rij["state"], self.store.sleutelring, casus_id, versie)

    async def _escalatie_uit_de_casus(self, event: Casus.Opgeschaald) -> Escalatie:
        """An escalation stored before events carried what they send: made from the case as it stood."""
        casus = await asyncio.to_thread(self.store.casus, event.originator_id, event.originator_version)
        if casus is None:
            raise LookupError(f"case {event.originator_id} v{event.originator_version} is not in the store")
        versie, op = event.originator_version, event.op
        return casus.escalatie(event.opschaling, versie=versie, op=op, netwerk=self.netwerk)


class Ontvanger(Consument):
    """The network's consumer: each escalation becomes one Netwerkcasus, then is acked."""

    def __init__(self, js: JetStreamContext, netwerk: str, store: NetwerkStore) -> None:
        super().__init__(js, netwerk, f"doorbraak.{netwerk}.escalatie.*", f"{stroom_naam(netwerk)}_NETWERK")
        self.store = store

    async def verwerk(self, bericht: Msg) -> None:
        try:
            escalatie = Escalatie.model_validate_json(bericht.data, context=UIT_OPSLAG)
        except ValidationError as e:
            await self._onbestelbaar(bericht, f"not an escalation: {e.errors()[0]['msg']}")
            return
        if escalatie.netwerk != self.netwerk or bericht.subject != escalatie_onderwerp(self.netwerk, escalatie.regio):
            await self._onbestelbaar(bericht, f"an escalation of {escalatie.regio} for {escalatie.netwerk}")
            return
        await asyncio.to_thread(self._ontvang, escalatie)
        await bericht.ack()
        self.verwerkt += 1

    def _ontvang(self, escalatie: Escalatie) -> None:
        casus = Netwerkcasus.ontvang(escalatie, op=escalatie.opgeschaald_op, herkomst=ONTVANGER)
        try:
            self.store.bewaar(casus)
        except IntegrityError:
            # delivered again (a lost ack, a relay that published twice): the case exists already
            if self.store.netwerkcasus(escalatie.netwerkcasus_id) is None:
                raise


class Terugmelder(LogRelay):
    """Publishes the network's decisions, actions and closings back to the region of each case."""

    def __init__(self, pool: asyncpg.Pool, schema: str, netwerk: str, store: NetwerkStore, js: JetStreamContext):
        super().__init__(pool, schema, f"terugmeldingen-{netwerk}", js, tabel=f"{q(schema)}.netwerkcasussen_events")
        self.netwerk, self.store, self.netwerk_store = netwerk, store, store

    async def bericht(self, rij: Opgeslagen) -> Bericht | None:
        veld = TERUG.get(rij["topic"])
        if veld is None:
            return None
        event = decodeer(rij["topic"], rij["state"])
        casus = await asyncio.to_thread(self.netwerk_store.netwerkcasus, event.originator_id)
        if casus is None:
            raise LookupError(f"network case {event.originator_id} is not in the store")
        terugmelding = Terugmelding(
            netwerk=self.netwerk,
            regio=casus.escalatie.regio,
            casus_id=casus.escalatie.casus_id,
            netwerkcasus_id=casus.id,
            netwerk_versie=event.originator_version,
            op=event.op,
            **{veld: getattr(event, veld)},
        )
        return Bericht(
            antwoord_onderwerp(self.netwerk, terugmelding.regio),
            terugmelding.model_dump_json().encode(),
            terugmelding.bericht_id,
        )


class AntwoordOntvanger(Consument):
    """A region's consumer of its network's answers: each becomes an event on the regional case, once."""

    def __init__(self, js: JetStreamContext, netwerk: str, regio: str, dienst: CasusService) -> None:
        durable = f"{stroom_naam(netwerk)}_{regio.upper().replace('-', '_')}"
        super().__init__(js, netwerk, antwoord_onderwerp(netwerk, regio), durable)
        self.regio, self.dienst = regio, dienst

    async def verwerk(self, bericht: Msg) -> None:
        try:
            terugmelding = Terugmelding.model_validate_json(bericht.data, context=UIT_OPSLAG)
        except ValidationError as e:
            await self._onbestelbaar(bericht, f"not a terugmelding: {e.errors()[0]['msg']}")
            return
        if terugmelding.regio != self.regio:
            await self._onbestelbaar(bericht, f"a terugmelding for {terugmelding.regio}")
            return
        herkomst = Herkomst(
            actor=f"netwerk {self.netwerk}",
            rol="kernteam",
            idempotency_key=f"netwerk/{terugmelding.bericht_id}",
            verzoek_hash=hashlib.sha256(bericht.data).hexdigest(),
        )
        try:
            await asyncio.to_thread(self.dienst.ontvang_van_netwerk, terugmelding, herkomst)
        except (RegelGeschonden, CasusNietGevonden) as e:
            await self._onbestelbaar(bericht, str(e))
            return
        await bericht.ack()
        self.verwerkt += 1
