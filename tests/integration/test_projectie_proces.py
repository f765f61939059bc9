"""The projection as its own process, killed with SIGKILL mid-run and restarted: nothing twice, nothing lost."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from adapters.bootstrap import Container
from adapters.leesmodellen import LeesModellen
from bench.generator import vul
from tests.integration.conftest import inhoud

DOORBRAAK = str(Path(sys.executable).parent / "doorbraak")


def projectieproces(container: Container) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    env.update(
        DOORBRAAK_DATABASE_URL=container.settings.database_url or "",
        DOORBRAAK_SCHEMA_PREFIX=container.settings.schema_prefix,
        DOORBRAAK_REGIOS='["hart-van-brabant", "zeeland"]',
        DOORBRAAK_PROJECTIE_BATCH="50",
    )
    return subprocess.Popen([DOORBRAAK, "projecties", "draai"], env=env, stderr=subprocess.DEVNULL)  # noqa: S603


async def test_gedood_en_herstart_is_gelijk_aan_herbouwd(container: Container, leesmodellen: LeesModellen) -> None:
    vul(container.stores, container.profielen, 20_000, seed=7, cohort=100)
    doden = 0
    while True:
        voor = {s.naam: s.positie for s in await leesmodellen.stand()}
        if all(s.positie == s.kop for s in await leesmodellen.stand()):
            break
        proces = projectieproces(container)
        try:
            for _ in range(1500):  # once it has committed a batch, let it run a moment and kill it mid-run
                await asyncio.sleep(0.02)
                if any(s.positie > voor[s.naam] for s in await leesmodellen.stand()):
                    await asyncio.sleep(random.uniform(0.05, 0.3))
                    break
        finally:
            proces.send_signal(signal.SIGKILL)
            proces.wait(10)
        doden += 1
        assert doden < 200, "the projection makes no progress"
    assert doden >= 3  # it was really killed mid-run, more than once
    for regio in ("hart-van-brabant", "zeeland"):
        incrementeel = await inhoud(leesmodellen, regio)
        await leesmodellen.herbouw(regio)
        assert await inhoud(leesmodellen, regio) == incrementeel, regio
