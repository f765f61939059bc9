"""The freshness benchmark: its load generator's HTTP, a read that did not catch up, a service that fails."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from bench import grens, versheid

NERGENS = "postgresql://postgres@127.0.0.1:1/postgres"
"""A database nobody listens on: the service cannot start."""


@asynccontextmanager
async def server(antwoord: Callable[[bytes], bytes]) -> AsyncIterator[int]:
    """A local HTTP/1.1 server answering every request with `antwoord(request line)`; yields its port."""

    async def behandel(lezer: asyncio.StreamReader, schrijver: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError):  # the client closed the connection
            while kop := await lezer.readuntil(b"\r\n\r\n"):
                regels = kop.split(b"\r\n")
                lengte = next((int(r.split(b":")[1]) for r in regels if r.lower().startswith(b"content-length")), 0)
                await lezer.readexactly(lengte)
                schrijver.write(antwoord(regels[0]))
                await schrijver.drain()

    srv = await asyncio.start_server(behandel, "127.0.0.1", 0)
    async with srv:
        yield srv.sockets[0].getsockname()[1]


def http(status: int, koppen: dict[str, str], body: bytes = b"{}", lengte: bool = True) -> bytes:
    regels = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in koppen.items())]
    if lengte:
        regels.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(regels) + "\r\n\r\n").encode() + body


def klant(poort: int) -> versheid.Klant:
    return versheid.Klant(SimpleNamespace(poort=poort, koppen={"Authorization": "Bearer x"}))  # type: ignore[arg-type]


def draai(test: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(test())


def test_de_klant_meet_een_verse_en_een_gewone_lezing() -> None:
    def antwoord(regel: bytes) -> bytes:
        if regel.startswith(b"POST"):
            return http(201, {"X-Doorbraak-Positie": "7"})
        assert b"na_positie=7" in regel or b"na_positie" not in regel
        return http(200, {"X-Doorbraak-Actueel": "true"}, b'{"casussen": []}')

    async def test() -> versheid.Meting:
        meting = versheid.Meting()
        async with server(antwoord) as poort:
            await klant(poort).ronde(4, 200, meting)
        return meting

    meting = draai(test)
    assert len(meting.vers) == 2
    assert len(meting.vloer) == 2


def test_een_lezing_die_niet_bijkwam_beeindigt_de_ronde() -> None:
    def antwoord(regel: bytes) -> bytes:
        if regel.startswith(b"POST"):
            return http(201, {"X-Doorbraak-Positie": "7"})
        return http(200, {"X-Doorbraak-Actueel": "false"})

    async def test() -> None:
        async with server(antwoord) as poort:
            await klant(poort).ronde(2, 100, versheid.Meting())

    with pytest.raises(ExceptionGroup) as fout:
        draai(test)
    assert "did not catch up" in str(fout.value.exceptions[0])


def test_een_antwoord_zonder_lengte_wordt_niet_geraden() -> None:
    async def test() -> None:
        async with server(lambda _: http(201, {"X-Doorbraak-Positie": "1"}, lengte=False)) as poort:
            await klant(poort).ronde(1, 100, versheid.Meting())

    with pytest.raises(ExceptionGroup) as fout:
        draai(test)
    assert "without Content-Length" in str(fout.value.exceptions[0])


def test_verbruik_telt_de_cpu_van_een_proces() -> None:
    voor = versheid.Verbruik.van(os.getpid())
    sum(i * i for i in range(2_000_000))
    na = versheid.Verbruik.van(os.getpid())
    assert na.cpu > voor.cpu
    assert "ms CPU" in na.per(voor, 1)


def test_een_draad_die_eindigt_maakt_de_wisselingen_niet_negatief() -> None:
    begin = threading.Event()
    draad = threading.Thread(target=lambda: [time.sleep(0.001) for _ in range(200)] and begin.wait(5))
    draad.start()
    time.sleep(0.3)
    voor = versheid.Verbruik.van(os.getpid())
    assert voor.draden[draad.native_id or 0][0] > 0
    begin.set()
    draad.join()
    wachtend, verdrongen = versheid.Verbruik.van(os.getpid()).wisselingen(voor)
    assert wachtend >= 0
    assert verdrongen >= 0


def test_een_dienst_die_niet_start_beeindigt_de_run_met_zijn_fout() -> None:
    with pytest.raises(grens.WerkerMislukt, match="doorbraak serve exited") as fout:
        versheid.meet(NERGENS, 1, [50], 1, toon=False)
    assert "127.0.0.1" in str(fout.value)
