"""The witness on a real PostgreSQL and nats-server: a region's checkpoints held by its network and the
network's by its regions, an inconsistent checkpoint kept as evidence, keys trusted on first use, and
publication that survives NATS being away and a crash before sending."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nats
import pytest
from eventsourcing.persistence import StoredEvent

from adapters.bootstrap import Container
from adapters.checkpointdienst import Checkpointdienst
from adapters.checkpointer import Checkpointer
from adapters.checkpoints import lees_getuigenis
from adapters.embedded import EmbeddedNats
from adapters.getuige import Getuige, bericht, getuige_checkpoints
from adapters.ondertekening import Ondertekenaar
from adapters.pools import open_pool
from adapters.postgres import EVENTS_TABLE
from domain.checkpoint import Checkpoint
from domain.keten import BEGIN, blad, consistentiebewijs, wortel

BEN = "ben-brabant-zeeland"
REGIO = "hart-van-brabant"


@pytest.fixture
def eigen_nats(tmp_path: Path) -> Iterator[EmbeddedNats]:
    """A nats-server of this test's own (its subjects are the deployment's, not a fresh name per test)."""
    server = EmbeddedNats(tmp_path / "nats")
    yield server
    server.stop()


def schrijf(container: Container, store: str, aantal: int) -> None:
    recorder = (container.stores.get(store) or container.netwerk_stores[store]).recorder
    casus = uuid.uuid4()
    recorder.insert_events(
        [StoredEvent(originator_id=casus, originator_version=v, topic="t", state=b"{}") for v in range(1, aantal + 1)]
    )


async def wacht_tot(vraag: Callable[[], Any], tijd: float = 20.0) -> Any:
    einde = asyncio.get_running_loop().time() + tijd
    while asyncio.get_running_loop().time() < einde:
        if antwoord := await vraag():
            return antwoord
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {tijd} s")


@pytest.fixture
async def dienst_voor(maak_container: Callable[..., Container]) -> AsyncIterator[Callable[..., Any]]:
    diensten: list[Checkpointdienst] = []

    async def maak(nats_url: str, **instellingen: Any) -> tuple[Container, Checkpointdienst]:
        container = maak_container(nats_url=nats_url, checkpoint_events=3, checkpoint_seconden=0.3, **instellingen)
        dienst = Checkpointdienst(container)
        diensten.append(dienst)
        await dienst.open()
        dienst.start()
        return container, dienst

    yield maak
    for dienst in diensten:
        await dienst.close()


async def test_de_getuigen_houden_elkaars_checkpoints(eigen_nats: EmbeddedNats, dienst_voor: Any) -> None:
    eigen_nats.start()
    container, dienst = await dienst_voor(eigen_nats.url)
    schrijf(container, REGIO, 7)
    schrijf(container, BEN, 4)
    nc = await nats.connect(eigen_nats.url)
    try:

        async def regio_gehouden() -> list[Checkpoint]:
            with contextlib.suppress(nats.errors.NoRespondersError):  # the witness has not subscribed yet
                held = await getuige_checkpoints(nc, BEN, f"regio:{REGIO}")
                return held if held and held[-1].grootte == 7 else []
            return []

        async def netwerk_gehouden() -> list[Checkpoint]:
            with contextlib.suppress(nats.errors.NoRespondersError):
                held = await getuige_checkpoints(nc, BEN, f"netwerk:{BEN}", getuige="zeeland")
                return held if held and held[-1].grootte == 4 else []
            return []

        gehouden = await wacht_tot(regio_gehouden)
        assert [c.grootte for c in gehouden] == [3, 6, 7]
        assert [c.grootte for c in await wacht_tot(netwerk_gehouden)] == [3, 4]
        with pytest.raises(ValueError, match="no witness to ask"):
            await getuige_checkpoints(nc, BEN, f"netwerk:{BEN}")
    finally:
        await nc.close()
    opslag = dienst.opslag(f"regio:{REGIO}")
    async with opslag.pool.acquire() as conn:
        lokaal = await lees_getuigenis(conn, container.netwerk_schema(BEN), f"regio:{REGIO}")
    assert [g.checkpoint for g in lokaal] == gehouden and {g.status for g in lokaal} == {"aanvaard"}

    async def alles_bevestigd() -> dict[str, Any] | None:
        """The witness stores a checkpoint before it answers: the sender counts it once the answer is in."""
        regio = next(s for s in dienst.stand()["stores"] if s["bron"] == f"regio:{REGIO}")
        return regio if regio["getuigen"] and regio["getuigen"][0]["onbevestigd"] == 0 else None

    regio = await wacht_tot(alles_bevestigd)
    assert regio["grootte"] == 7 and regio["intact"] is True
    assert regio["getuigen"] == [
        {
            "getuige": f"netwerk:{BEN}",
            "bevestigd": 7,
            "onbevestigd": 0,
            "geweigerd": None,
            "tegengesproken": None,
            "toestand": "ok",
            "fout": None,
        }
    ]


async def test_publicatie_na_een_crash_en_terwijl_nats_weg_was(
    eigen_nats: EmbeddedNats, dienst_voor: Any, maak_container: Callable[..., Container], database_url: str
) -> None:
    """Checkpoints stored by a process that stopped before sending them, and more signed while NATS is away:
    the next process sends them all once NATS is back."""
    container = maak_container()
    pool = await open_pool(database_url, max_size=2)
    try:
        schrijf(container, REGIO, 4)
        sleutel = Ondertekenaar.van(container.settings)
        eerder = Checkpointer(
            pool, container.schema(REGIO), EVENTS_TABLE, f"regio:{REGIO}", sleutel, events=2, seconden=1
        )
        assert [(await eerder.stap()).grootte for _ in range(2)] == [2, 4]  # type: ignore[union-attr]
    finally:
        await pool.close()
    _, dienst = await dienst_voor(eigen_nats.url)  # NATS not started yet
    schrijf(container, REGIO, 3)
    checkpointer = dienst.opslag(f"regio:{REGIO}").checkpointer
    await wacht_tot(lambda: asyncio.sleep(0, checkpointer.stand()["grootte"] == 7))
    publicist = dienst.opslag(f"regio:{REGIO}").publicisten[0]
    assert publicist.bevestigd == 0
    eigen_nats.start()
    await wacht_tot(lambda: asyncio.sleep(0, publicist.bevestigd == 7))
    nc = await nats.connect(eigen_nats.url)
    try:
        gehouden = await getuige_checkpoints(nc, BEN, f"regio:{REGIO}")
    finally:
        await nc.close()
    assert [c.grootte for c in gehouden] == [2, 4, 7]


@pytest.fixture
async def getuige(container: Container, database_url: str) -> AsyncIterator[Getuige]:
    pool = await open_pool(database_url, max_size=2)
    g = Getuige(pool, container.netwerk_schema(BEN), {})
    await g.open()
    yield g
    await pool.close()


def _checkpoint(sleutel: Ondertekenaar, bladen: list[bytes], bron: str = f"regio:{REGIO}") -> Checkpoint:
    return sleutel.onderteken(Checkpoint(bron, len(bladen), BEGIN, wortel(bladen), datetime.now(UTC), ""))


def _bericht(sleutel: Ondertekenaar, bladen: list[bytes], oud: int, bron: str = f"regio:{REGIO}") -> bytes:
    checkpoint = _checkpoint(sleutel, bladen, bron)
    return bericht(checkpoint, sleutel.publiek, oud, len(bladen), consistentiebewijs(bladen, oud))


async def _gehouden(getuige: Getuige) -> list[tuple[int, str]]:
    async with getuige.pool.acquire() as conn:
        return [(g.checkpoint.grootte, g.status) for g in await lees_getuigenis(conn, getuige.schema, f"regio:{REGIO}")]


async def test_een_inconsistente_checkpoint_wordt_bewaard_en_gemarkeerd(getuige: Getuige) -> None:
    sleutel = Ondertekenaar(secrets.token_bytes(32))
    echt = [blad(f"event {i}".encode()) for i in range(20)]
    herschreven = [*echt[:3], blad(b"rewritten"), *echt[4:]]
    bron = f"regio:{REGIO}"
    eerste = _bericht(sleutel, echt[:6], 0)
    assert (await getuige.ontvang(bron, eerste))["status"] == "aanvaard"
    assert (await getuige.ontvang(bron, eerste))["status"] == "bekend"  # sent again: held once
    antwoord = await getuige.ontvang(bron, _bericht(sleutel, herschreven[:10], 6))
    assert antwoord["status"] == "inconsistent" and "contradicts checkpoint 6" in antwoord["reden"]
    # the rewritten log's next checkpoint is compared with the last one accepted, not with the evidence
    assert (await getuige.ontvang(bron, _bericht(sleutel, herschreven[:14], 10)))["status"] == "bewijs-nodig"
    assert (await getuige.ontvang(bron, _bericht(sleutel, herschreven[:14], 6)))["status"] == "inconsistent"
    assert (await getuige.ontvang(bron, _bericht(sleutel, echt[:12], 6)))["status"] == "aanvaard"
    # an older one arriving late must be a prefix of the last accepted
    laat = _checkpoint(sleutel, echt[:8])
    oud_naar_nieuw = bericht(laat, sleutel.publiek, 8, 12, consistentiebewijs(echt[:12], 8))
    assert (await getuige.ontvang(bron, oud_naar_nieuw))["status"] == "aanvaard"
    assert await _gehouden(getuige) == [
        (6, "aanvaard"),
        (10, "inconsistent"),
        (14, "inconsistent"),
        (12, "aanvaard"),
        (8, "aanvaard"),
    ]
    assert getuige.inconsistent == 2


async def test_de_getuige_weigert_wat_niet_van_de_bron_of_niet_ondertekend_is(
    getuige: Getuige, container: Container
) -> None:
    sleutel, ander = Ondertekenaar(secrets.token_bytes(32)), Ondertekenaar(secrets.token_bytes(32))
    bladen = [blad(f"event {i}".encode()) for i in range(5)]
    bron = f"regio:{REGIO}"
    assert (await getuige.ontvang(bron, b"{not json"))["status"] == "geweigerd"
    andere_bron = await getuige.ontvang(bron, _bericht(sleutel, bladen, 0, bron="regio:zeeland"))
    assert andere_bron["status"] == "geweigerd" and "sent by" in andere_bron["reden"]
    vals = json.loads(_bericht(sleutel, bladen, 0))
    vals["checkpoint"]["grootte"] = 4
    assert "signature" in (await getuige.ontvang(bron, json.dumps(vals).encode()))["reden"]
    assert (await getuige.ontvang(bron, _bericht(sleutel, bladen[:3], 0)))["status"] == "aanvaard"  # first key kept
    weigering = await getuige.ontvang(bron, _bericht(ander, bladen, 3))
    assert weigering["status"] == "geweigerd" and "than the one first seen" in weigering["reden"]
    geconfigureerd = Getuige(getuige.pool, getuige.schema, {bron: [base64.b64encode(ander.publiek).decode()]})
    assert (await geconfigureerd.ontvang(bron, _bericht(ander, bladen, 3)))["status"] == "aanvaard"
    assert (await geconfigureerd.ontvang(bron, _bericht(sleutel, bladen[:4], 3)))["status"] == "geweigerd"
    assert await _gehouden(getuige) == [(3, "aanvaard"), (5, "aanvaard")]
