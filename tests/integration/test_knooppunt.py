"""A node with 42 regions and 8 networks holds a bounded number of PostgreSQL connections and threads: the
stores share a psycopg pool per database, the services two asyncpg pools per database."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest
from eventsourcing.persistence import OperationalError

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats
from adapters.pools import GedeeldePools
from adapters.postgres import GedeeldePool, open_store, schema_naam
from bench.knooppunt import maak_profielen, pg_verbindingen
from projections.stand import KOP_HOOGUIT
from tests.conftest import draaiend, wacht_op
from tests.e2e.conftest import serveer

GRENS = 30


def test_een_knooppunt_met_42_regios_en_8_netwerken_houdt_hoogstens_30_verbindingen(
    maak_container: Callable[..., Container], database_url: str, tmp_path: Path
) -> None:
    profielen = tmp_path / "profielen"
    profielen.mkdir()
    maak_profielen(profielen)
    voor, draden_voor = pg_verbindingen(os.getpid(), database_url), psutil.Process().num_threads()
    # a private nats-server: the node's consumers take from the streams of networks other tests use too
    with draaiend(EmbeddedNats(tmp_path / "nats")) as nats:
        container = maak_container(regios=[], regio_profielen_dir=profielen, nats_url=nats.url)
        assert (len(container.casussen), len(container.netwerken)) == (42, 8)
        with serveer(container) as client:
            gezondheid = client.get("/health").json()
            assert len(gezondheid["projecties"]) == 42
            assert len(gezondheid["escalaties"]["relays"]) == 50

            def volgers() -> list[dict[str, Any]]:
                g = client.get("/health").json()
                return [*g["projecties"], *g["inboxen"], *g["escalaties"]["relays"]]

            # once the pools' safety nets looked, the heads are the ones they saw (with their age), for every
            # follower: /health reads no events table
            gezien = wacht_op(lambda: (v := volgers()) and all(0 < f["kop_leeftijd"] <= KOP_HOOGUIT for f in v) and v)
            assert len(gezien) == 100 and all(f["kop"] is not None for f in gezien)
            assert client.get("/health").status_code == 200
            bezet = pg_verbindingen(os.getpid(), database_url) - voor
            draden = psutil.Process().num_threads() - draden_voor
    assert bezet <= GRENS
    assert draden <= 30  # not a thread per store: one pool per database, one notifier


def test_stores_van_een_database_delen_een_pool_die_de_laatste_sluit(database_url: str, schema_prefix: str) -> None:
    eerste = open_store(database_url, schema_naam(schema_prefix, "een"), pool_size=2, cache=0)
    tweede = open_store(database_url, schema_naam(schema_prefix, "twee"), pool_size=2, cache=0)
    gedeeld = eerste.recorder.datastore.pool  # type: ignore[attr-defined]
    assert isinstance(gedeeld, GedeeldePool)
    assert gedeeld._pool is tweede.recorder.datastore.pool._pool  # type: ignore[attr-defined]
    assert eerste.recorder.max_notification_id() is tweede.recorder.max_notification_id() is None  # type: ignore[attr-defined]
    eerste.close()
    eerste.close()  # a second close gives nothing back twice
    with pytest.raises(OperationalError):  # a closed store has no connections, as with a pool of its own
        eerste.recorder.max_notification_id()  # type: ignore[attr-defined]
    assert tweede.recorder.max_notification_id() is None  # type: ignore[attr-defined]
    assert not gedeeld._pool.closed
    tweede.close()
    assert gedeeld._pool.closed


async def test_diensten_delen_per_database_een_pool_van_elke_soort(database_url: str) -> None:
    pools = GedeeldePools()
    vluchtig, nog_eens = await pools.neem(database_url, "vluchtig"), await pools.neem(database_url, "vluchtig")
    duurzaam = await pools.neem(database_url, "duurzaam")
    assert vluchtig is nog_eens and vluchtig is not duurzaam and pools.aantal == 2
    async with vluchtig.acquire() as conn:
        assert await conn.fetchval("SHOW synchronous_commit") == "off"
    async with duurzaam.acquire() as conn:
        assert await conn.fetchval("SHOW synchronous_commit") == "on"
    await pools.geef_terug(vluchtig)
    assert not vluchtig.is_closing()
    await pools.geef_terug(nog_eens)
    await pools.geef_terug(duurzaam)
    assert vluchtig.is_closing() and duurzaam.is_closing() and pools.aantal == 0
