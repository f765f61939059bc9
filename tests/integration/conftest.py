"""Read models on a real PostgreSQL: opened, with their projectors stepped by hand."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats
from adapters.jetstream import Stroominstellingen, stroom_naam, zorg_voor_stroom
from adapters.leesmodellen import LeesModellen
from projections.queries import actieve_tabellen
from tests.conftest import draaiend


@pytest.fixture
async def leesmodellen(container: Container) -> AsyncIterator[LeesModellen]:
    modellen = LeesModellen(container, batch=7)
    await modellen.open()
    yield modellen
    await modellen.close()


async def bij(modellen: LeesModellen) -> None:
    """Processes every stored event into every region's read models."""
    for projector in modellen.projectors.values():
        while await projector.stap():
            pass


async def inhoud(modellen: LeesModellen, regio: str) -> dict[str, Any]:
    """Everything in the region's active read models, in a stable order."""
    projector = modellen.projector(regio)
    async with projector.pool.acquire() as conn:
        tabellen = await actieve_tabellen(conn, projector.schema, regio)
        return {
            "casus": [dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.casus} ORDER BY casus_id")],
            "tijdlijn": [
                dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.tijdlijn} ORDER BY casus_id, versie")
            ],
            "knelpunt": [
                dict(r)
                for r in await conn.fetch(
                    f"SELECT * FROM {tabellen.knelpunt} ORDER BY casus_id, versie, bron, categorie, omschrijving"
                )
            ],
            "leerpunt": [
                dict(r)
                for r in await conn.fetch(
                    f"SELECT * FROM {tabellen.leerpunt} ORDER BY casus_id, versie, bron, soort, omschrijving"
                )
            ],
            "overleg": [dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.overleg} ORDER BY overleg_id")],
            "agendapunt": [
                dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.agendapunt} ORDER BY overleg_id, casus_id")
            ],
        }


BEN = "ben-brabant-zeeland"


@pytest.fixture(scope="session")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """DOORBRAAK_TEST_NATS_URL when set, else a private nats-server with JetStream for this run."""
    url = os.environ.get("DOORBRAAK_TEST_NATS_URL")
    if url:
        yield url
        return
    with draaiend(EmbeddedNats(Path(tmp_path_factory.mktemp("nats")) / "data")) as server:
        yield server.url


async def verbind(url: str) -> Client:
    return await nats.connect(url, max_reconnect_attempts=-1, reconnect_time_wait=0.2, connect_timeout=2)


@pytest.fixture
async def netwerk(nats_url: str) -> AsyncIterator[str]:
    """The regions' network, with a stream of its own for this test: deleted before and after."""

    async def weg() -> None:
        nc = await verbind(nats_url)
        try:
            with contextlib.suppress(nats.js.errors.NotFoundError):
                await nc.jetstream().delete_stream(stroom_naam(BEN))
        finally:
            await nc.close()

    await weg()
    yield BEN
    await weg()


@pytest.fixture
async def js(nats_url: str, netwerk: str) -> AsyncIterator[JetStreamContext]:
    nc = await verbind(nats_url)
    context = nc.jetstream(timeout=2)
    await zorg_voor_stroom(context, netwerk, Stroominstellingen(duplicaatvenster=60))
    yield context
    await nc.close()
