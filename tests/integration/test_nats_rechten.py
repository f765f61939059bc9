"""The NATS configuration of deploy/ loaded into a real nats-server: each region publishes only its own
escalations and checkpoints and reads only its own replies and the network's checkpoints to it; the network
owns its stream and witnesses every region."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import date
from pathlib import Path
from uuid import uuid4

import nats
import pytest
from eventsourcing.persistence import StoredEvent
from nats.aio.client import Client

from adapters.bootstrap import Container
from adapters.checkpointdienst import Checkpointdienst
from adapters.embedded import EmbeddedNats
from adapters.escalaties import AntwoordOntvanger
from adapters.getuige import checkpoint_onderwerp, getuige_checkpoints, getuige_onderwerp, netwerkcheckpoint_onderwerp
from adapters.herinneringsbericht import onderwerp
from adapters.herinneringskanalen import NatsMelder
from adapters.jetstream import (
    Stroominstellingen,
    antwoord_onderwerp,
    escalatie_onderwerp,
    stroom_naam,
    zorg_voor_stroom,
)
from adapters.settings import Settings
from domain.herinneringen import Herinnering
from domain.normen import Norm

CONFIG = Path(__file__).parents[2] / "deploy" / "nats" / "nats.conf"
BEN = "ben-brabant-zeeland"
REGIOS = [
    "zeeland",
    "west-brabant-west",
    "west-brabant-oost",
    "hart-van-brabant",
    "noordoost-brabant",
    "zuidoost-brabant",
]
WACHTWOORDEN = {gebruiker: f"geheim-{gebruiker}" for gebruiker in [*REGIOS, BEN]}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedNats]:
    omgeving = {f"DOORBRAAK_NATS_{g.upper().replace('-', '_')}": w for g, w in WACHTWOORDEN.items()}
    nats_server = EmbeddedNats(tmp_path / "nats", config=CONFIG, omgeving=omgeving)
    nats_server.start()
    yield nats_server
    nats_server.stop()


async def als(server: EmbeddedNats, gebruiker: str, fouten: list[str] | None = None) -> Client:
    async def bij_fout(e: Exception) -> None:
        if fouten is not None:
            fouten.append(str(e))

    return await nats.connect(
        server.url,
        user=gebruiker,
        password=WACHTWOORDEN[gebruiker],
        inbox_prefix=f"_INBOX_{gebruiker}",
        error_cb=bij_fout,
        max_reconnect_attempts=0,
    )


@pytest.fixture
async def netwerk(server: EmbeddedNats) -> AsyncIterator[Client]:
    nc = await als(server, BEN)
    await zorg_voor_stroom(nc.jetstream(timeout=2), BEN, Stroominstellingen(duplicaatvenster=60))
    yield nc
    await nc.close()


async def aantal(nc: Client, onderwerp: str) -> int:
    info = await nc.jetstream().stream_info(stroom_naam(BEN), subjects_filter=onderwerp)
    return sum((info.state.subjects or {}).values())


async def test_een_regio_publiceert_alleen_op_haar_eigen_onderwerp(server: EmbeddedNats, netwerk: Client) -> None:
    zeeland = await als(server, "zeeland")
    try:
        js = zeeland.jetstream(timeout=1)
        ack = await js.publish(escalatie_onderwerp(BEN, "zeeland"), b"{}", headers={"Nats-Msg-Id": "z/1"})
        assert ack.stream == stroom_naam(BEN)
        with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
            await js.publish(escalatie_onderwerp(BEN, "hart-van-brabant"), b"{}", headers={"Nats-Msg-Id": "h/1"})
        with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
            await js.publish(antwoord_onderwerp(BEN, "zeeland"), b"{}")  # only the network answers
        assert await aantal(netwerk, escalatie_onderwerp(BEN, "zeeland")) == 1
        assert await aantal(netwerk, escalatie_onderwerp(BEN, "hart-van-brabant")) == 0
        assert await aantal(netwerk, antwoord_onderwerp(BEN, "zeeland")) == 0
    finally:
        await zeeland.close()


async def test_een_regio_leest_geen_antwoorden_of_stromen_van_een_ander(server: EmbeddedNats, netwerk: Client) -> None:
    fouten: list[str] = []
    zeeland = await als(server, "zeeland", fouten)
    try:
        await zeeland.subscribe(antwoord_onderwerp(BEN, "hart-van-brabant"))
        await zeeland.subscribe("_INBOX_hart-van-brabant.>")
        await zeeland.flush()
        await asyncio.sleep(0.3)
        assert sorted(fouten) == [
            'nats: permissions violation for subscription to "_inbox_hart-van-brabant.>"',
            f'nats: permissions violation for subscription to "{antwoord_onderwerp(BEN, "hart-van-brabant")}"',
        ]
        with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
            await zeeland.jetstream(timeout=1).delete_stream(stroom_naam(BEN))
        with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
            await zorg_voor_stroom(zeeland.jetstream(timeout=1), BEN, Stroominstellingen(duplicaatvenster=5))
    finally:
        await zeeland.close()


async def test_elke_regio_kan_haar_antwoorden_afnemen(
    server: EmbeddedNats, netwerk: Client, container: Container
) -> None:
    """The consumer a region node creates and reads from is within its rights (hart-van-brabant's service)."""
    await netwerk.jetstream().publish(antwoord_onderwerp(BEN, "hart-van-brabant"), b"not a terugmelding")
    regio = await als(server, "hart-van-brabant")
    try:
        consument = AntwoordOntvanger(
            regio.jetstream(timeout=2), BEN, "hart-van-brabant", container.regio("hart-van-brabant")
        )
        await consument.open()
        assert await consument.stap(wachttijd=2) == 1
        assert consument.onbestelbaar == 1  # read, judged unreadable, moved to its own dead-letter subject
    finally:
        await regio.close()


async def test_een_regio_meldt_alleen_haar_eigen_herinneringen(server: EmbeddedNats) -> None:
    fouten: list[str] = []
    zeeland = await als(server, "zeeland", fouten)
    try:
        await zeeland.publish(onderwerp("zeeland"), b"{}", headers={"Nats-Msg-Id": "zeeland/c/triage/2026-11-25"})
        await zeeland.publish(onderwerp("hart-van-brabant"), b"{}")
        await zeeland.flush()
        await asyncio.sleep(0.3)
        assert fouten == [f'nats: permissions violation for publish to "{onderwerp("hart-van-brabant")}"']
    finally:
        await zeeland.close()


async def test_een_geweigerde_herinnering_komt_in_het_log(
    server: EmbeddedNats, caplog: pytest.LogCaptureFixture
) -> None:
    """A publish the permissions refuse fails only afterwards (core NATS): the operator reads it in the log."""
    url = server.url.replace("nats://", f"nats://zeeland:{WACHTWOORDEN['zeeland']}@")
    melder = NatsMelder(Settings(_env_file=None, nats_url=url, nats_inbox="_INBOX_zeeland"))
    anders = Herinnering(
        "hart-van-brabant", uuid4(), "aangemeld", Norm.TRIAGE, date(2026, 11, 27), date(2026, 11, 25), 0, 2
    )
    try:
        await melder.meld([anders], "")
        await asyncio.sleep(0.3)
    finally:
        await melder.close()
    assert any("permissions violation for publish" in r.getMessage() for r in caplog.records), caplog.text


def _url(server: EmbeddedNats, gebruiker: str) -> str:
    return server.url.replace("nats://", f"nats://{gebruiker}:{WACHTWOORDEN[gebruiker]}@")


async def test_checkpoints_gaan_over_en_weer_tussen_regio_en_netwerk(
    server: EmbeddedNats, maak_container: Callable[..., Container]
) -> None:
    """A region node and the network node, each as its own NATS user: each holds the other's checkpoints, and
    each answers what it holds."""
    instellingen = {"checkpoint_events": 2, "checkpoint_seconden": 0.2}
    regio = maak_container(
        knooppunt="regios",
        regios=["zeeland"],
        nats_url=_url(server, "zeeland"),
        nats_inbox="_INBOX_zeeland",
        **instellingen,
    )
    netwerk = maak_container(
        knooppunt="netwerk",
        regios=[],
        netwerken=[BEN],
        nats_url=_url(server, BEN),
        nats_inbox=f"_INBOX_{BEN}",
        **instellingen,
    )
    diensten = [Checkpointdienst(regio), Checkpointdienst(netwerk)]
    try:
        for dienst in diensten:
            await dienst.open()
            dienst.start()
        for store in (regio.stores["zeeland"], netwerk.netwerk_stores[BEN]):
            casus = uuid4()
            store.recorder.insert_events(
                [StoredEvent(originator_id=casus, originator_version=v, topic="t", state=b"{}") for v in (1, 2)]
            )
        zeeland, ben = await als(server, "zeeland"), await als(server, BEN)
        try:

            async def beide() -> bool:
                try:
                    van_regio = await getuige_checkpoints(zeeland, BEN, "regio:zeeland")
                    van_netwerk = await getuige_checkpoints(ben, BEN, f"netwerk:{BEN}", getuige="zeeland")
                except nats.errors.NoRespondersError:  # a witness has not subscribed yet
                    return False
                return [c.grootte for c in van_regio] == [2] and [c.grootte for c in van_netwerk] == [2]

            einde = asyncio.get_running_loop().time() + 20
            while not await beide():
                assert asyncio.get_running_loop().time() < einde, "the checkpoints did not arrive"
                await asyncio.sleep(0.2)
            # a region asks only about itself
            with pytest.raises((nats.errors.TimeoutError, nats.errors.NoRespondersError)):
                await getuige_checkpoints(zeeland, BEN, "regio:hart-van-brabant", wachttijd=1)
        finally:
            await zeeland.close()
            await ben.close()
    finally:
        for dienst in diensten:
            await dienst.close()


async def test_een_regio_stuurt_en_ontvangt_alleen_haar_eigen_checkpoints(server: EmbeddedNats) -> None:
    fouten: list[str] = []
    zeeland = await als(server, "zeeland", fouten)
    try:
        await zeeland.publish(checkpoint_onderwerp(BEN, "hart-van-brabant"), b"{}")
        await zeeland.publish(netwerkcheckpoint_onderwerp(BEN, "zeeland"), b"{}")  # only the network sends these
        await zeeland.subscribe(checkpoint_onderwerp(BEN, "*"))  # only the network witnesses the regions
        await zeeland.subscribe(netwerkcheckpoint_onderwerp(BEN, "hart-van-brabant"))
        await zeeland.subscribe(getuige_onderwerp(BEN, "zeeland"))
        await zeeland.flush()
        await asyncio.sleep(0.3)
    finally:
        await zeeland.close()
    assert sorted(fouten) == sorted(
        [
            f'nats: permissions violation for publish to "{checkpoint_onderwerp(BEN, "hart-van-brabant")}"',
            f'nats: permissions violation for publish to "{netwerkcheckpoint_onderwerp(BEN, "zeeland")}"',
            f'nats: permissions violation for subscription to "{checkpoint_onderwerp(BEN, "*")}"',
            f'nats: permissions violation for subscription to "{netwerkcheckpoint_onderwerp(BEN, "hart-van-brabant")}"',
            f'nats: permissions violation for subscription to "{getuige_onderwerp(BEN, "zeeland")}"',
        ]
    )
