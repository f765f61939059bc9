"""A three-node NATS cluster on 127.0.0.1 with stream replicas 3: one node stopped mid-traffic, nothing lost."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import nats
import pytest

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats, vrije_poort
from adapters.escalaties import Ontvanger, Relay
from adapters.jetstream import NIET_BEREIKBAAR, Stroominstellingen, zorg_voor_stroom
from adapters.postgres import netwerk_schema_naam, open_netwerk_store
from tests.conftest import Klok
from tests.integration.test_escalaties import REGIO, escaleer, in_netwerkstore

NETWERK = "ben-brabant-zeeland"


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[list[EmbeddedNats]]:
    cluster_poorten = [vrije_poort() for _ in range(3)]
    knopen = [
        EmbeddedNats(tmp_path / f"n{i}", naam=f"n{i}", cluster_poort=poort, routes=cluster_poorten)
        for i, poort in enumerate(cluster_poorten, start=1)
    ]
    for knoop in knopen:
        knoop.start()
    yield knopen
    for knoop in knopen:
        knoop.stop()


async def test_een_knoop_valt_weg_midden_in_het_verkeer_en_er_gaat_niets_verloren(
    cluster: list[EmbeddedNats], container: Container, klok: Klok
) -> None:
    nc = await nats.connect(
        servers=[k.url for k in cluster], max_reconnect_attempts=-1, reconnect_time_wait=0.2, connect_timeout=2
    )
    pool = await asyncpg.create_pool(container.database_url(REGIO), min_size=1, max_size=3)
    schema = netwerk_schema_naam(container.settings.schema_prefix, NETWERK)
    store = open_netwerk_store(container.database_url(REGIO), schema, pool_size=2, cache=0)
    try:
        js = nc.jetstream(timeout=2)
        for _ in range(100):  # the cluster elects its JetStream leader first
            try:
                info = await zorg_voor_stroom(js, NETWERK, Stroominstellingen(replicas=3, duplicaatvenster=120))
                break
            except (nats.errors.Error, nats.js.errors.Error):
                await asyncio.sleep(0.2)
        assert info.config.num_replicas == 3
        ids = [escaleer(container, klok) for _ in range(40)]
        relay = Relay(pool, container.schema(REGIO), REGIO, NETWERK, container.stores[REGIO], js)
        await relay.installeer()
        stappen, kop = 0, await relay.kop()
        while await relay.opgeslagen_positie() < kop:
            try:
                await relay.stap(aantal=6)
            except NIET_BEREIKBAAR:
                await asyncio.sleep(0.2)  # the serving relay retries after a growing wait
            stappen += 1
            if stappen == 5:
                cluster[1].stop()  # a node goes away with escalations in flight
            assert stappen < 500
        ontvanger = Ontvanger(js, NETWERK, store)
        for _ in range(100):  # the stream may still be electing a leader after the node went away
            try:
                await ontvanger.open()
                break
            except (nats.errors.Error, nats.js.errors.Error):
                await asyncio.sleep(0.2)
        ontvangen = 0
        while await ontvanger.stap(wachttijd=1):
            ontvangen += 1
        assert ontvangen == len(ids) and ontvanger.onbestelbaar == 0
        assert (await in_netwerkstore(pool, container, NETWERK))[0] == len(ids)
    finally:
        store.close()
        await pool.close()
        await nc.close()
