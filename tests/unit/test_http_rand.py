"""The HTTP edge without I/O: a small app with the real error handlers and middleware, called in memory."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import AsyncIterator

import asyncpg
import httpx
import psycopg
import psycopg_pool
import pytest
from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI
from starlette.exceptions import HTTPException

from adapters.http import problemen
from adapters.http.metriek import Metriek
from adapters.http.middleware import MAX_BODY, Verkeer
from adapters.logboek import JsonRegels
from domain.fouten import Regel, RegelGeschonden

DATABASE_WEG = [
    asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    asyncpg.InterfaceError("pool is closed"),
    asyncpg.CannotConnectNowError("the database system is starting up"),
    asyncpg.TooManyConnectionsError("sorry, too many clients already"),
    asyncpg.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.QueryCanceledError("canceling statement due to statement timeout"),
    asyncpg.InsufficientResourcesError("out of memory"),
    ConnectionRefusedError(111, "Connection refused"),
    ConnectionResetError(104, "Connection reset by peer"),
    TimeoutError(),
    OSError(113, "No route to host"),
    psycopg.OperationalError("connection is bad"),
    psycopg.InterfaceError("the connection is closed"),
    psycopg_pool.PoolTimeout("couldn't get a connection after 30.00 sec"),
    psycopg_pool.PoolClosed("the pool is closed"),
    OperationalError("server closed the connection unexpectedly"),
    InterfaceError("connection already closed"),
]


def maak(fout: BaseException) -> FastAPI:
    app = FastAPI()
    app.add_middleware(Verkeer, metriek=Metriek(), lees_timeout=30)
    problemen.installeer(app)

    @app.get("/regios/{regio}/werkvoorraad")
    async def asynchroon(regio: str) -> dict[str, str]:
        raise fout

    @app.get("/regios/{regio}/casussen/{casus_id}")
    def synchroon(regio: str, casus_id: str) -> dict[str, str]:
        raise fout

    @app.post("/regios/{regio}/casussen")
    async def schrijf(regio: str, body: dict[str, str]) -> dict[str, str]:
        return body

    return app


def in_geheugen(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://test")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with in_geheugen(maak(RuntimeError("stuk"))) as c:
        yield c


@pytest.mark.parametrize("fout", DATABASE_WEG, ids=lambda f: type(f).__name__)
async def test_een_database_die_weg_is_geeft_503_met_retry_after(fout: BaseException) -> None:
    async with in_geheugen(maak(fout)) as client:
        for pad in ("/regios/zeeland/werkvoorraad", "/regios/zeeland/casussen/1"):
            antwoord = await client.get(pad)
            assert antwoord.status_code == 503, (pad, antwoord.text)
            assert antwoord.headers["content-type"] == "application/problem+json"
            assert antwoord.headers["Retry-After"] == problemen.NA_SECONDEN
            assert antwoord.json()["type"].endswith("niet-beschikbaar")


async def test_een_onverwachte_fout_geeft_500_als_probleem_en_wordt_gelogd(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="doorbraak.http"):
        antwoord = await client.get("/regios/zeeland/werkvoorraad", headers={"X-Request-Id": "abc-123"})
    assert antwoord.status_code == 500
    assert antwoord.headers["content-type"] == "application/problem+json"
    assert antwoord.headers["X-Request-Id"] == "abc-123"
    assert antwoord.json()["detail"] == "an unexpected error occurred; it was logged"
    [fout] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert fout.request_id == "abc-123" and fout.exc_info is not None  # type: ignore[attr-defined]


async def test_409_noemt_het_veld_als_de_regel_er_een_heeft() -> None:
    regel = RegelGeschonden(Regel.AL_OPGESCHAALD, "name and address in the free text")
    async with in_geheugen(maak(regel)) as client:
        assert "veld" not in (await client.get("/regios/zeeland/werkvoorraad")).json()
    regel.veld = "intakevragen.vraag"  # type: ignore[attr-defined]
    async with in_geheugen(maak(regel)) as client:
        antwoord = await client.get("/regios/zeeland/werkvoorraad")
    assert antwoord.status_code == 409
    assert antwoord.json()["veld"] == "intakevragen.vraag"
    assert antwoord.json()["regel"] == Regel.AL_OPGESCHAALD.value


async def test_een_te_groot_verzoek_is_413(client: httpx.AsyncClient) -> None:
    groot = json.dumps({"x": "a" * MAX_BODY})
    antwoord = await client.post(
        "/regios/zeeland/casussen", content=groot, headers={"Content-Type": "application/json"}
    )
    assert antwoord.status_code == 413 and antwoord.headers["content-type"] == "application/problem+json"

    async def in_stukken() -> AsyncIterator[bytes]:
        yield b'{"x": "'
        for _ in range(MAX_BODY // 65536 + 1):
            yield b"a" * 65536
        yield b'"}'

    antwoord = await client.post(
        "/regios/zeeland/casussen", content=in_stukken(), headers={"Content-Type": "application/json"}
    )
    assert antwoord.status_code == 413 and antwoord.headers["content-type"] == "application/problem+json"
    klein = await client.post("/regios/zeeland/casussen", json={"x": "a"})
    assert klein.status_code == 200


async def test_elk_antwoord_heeft_veilige_koppen_en_een_request_id(client: httpx.AsyncClient) -> None:
    antwoord = await client.post("/regios/zeeland/casussen", json={"x": "a"}, headers={"X-Request-Id": "mijn.id:1"})
    assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert antwoord.headers["X-Request-Id"] == "mijn.id:1"
    for ongeldig in (b"", b"met spatie", b"x" * 129, "é".encode()):
        gemaakt = await client.get("/docs", headers={"X-Request-Id": ongeldig})
        assert len(gemaakt.headers["X-Request-Id"]) == 32
        assert gemaakt.headers["X-Content-Type-Options"] == "nosniff"
        assert "Cache-Control" not in gemaakt.headers


def test_json_regels_schrijven_extra_velden_en_geen_foutmelding() -> None:
    invoer = {"naam": "Sam Jansen", "adres": "Kerkstraat 1"}
    try:
        raise ValueError(f"invalid: {invoer}")
    except ValueError:
        record = logging.LogRecord("doorbraak.http", logging.ERROR, __file__, 1, "unexpected error", (), None)
        record.exc_info = sys.exc_info()
    record.request_id = "r-1"
    regel = json.loads(JsonRegels().format(record))
    assert regel["message"] == "unexpected error" and regel["request_id"] == "r-1" and regel["level"] == "ERROR"
    assert regel["exception"] == "ValueError" and "test_json_regels" in regel["stack"]
    assert "Jansen" not in json.dumps(regel)


async def test_een_deel_van_de_body_dat_te_lang_uitblijft_is_408_daarna_is_wachten_vrij() -> None:
    """While the body comes in each part is bounded; once it is in, a wait (for the client to leave, during a
    long answer) is not."""
    verkeer = Verkeer(FastAPI(), Metriek(), lees_timeout=0.05)
    berichten = [{"type": "http.request", "body": b"{", "more_body": True}, None]

    async def traag() -> dict[str, object]:
        bericht = berichten.pop(0)
        if bericht is None:
            await asyncio.sleep(1)
            raise AssertionError("not reached")
        return bericht

    ontvang = verkeer._begrensd(traag, MAX_BODY, 0)
    assert (await ontvang())["body"] == b"{"
    with pytest.raises(HTTPException) as fout:
        await ontvang()
    assert fout.value.status_code == 408 and fout.value.headers == {"Connection": "close"}

    async def binnen_en_dan_stil() -> dict[str, object]:
        if not berichten:
            berichten.append("gelezen")
            return {"type": "http.request", "body": b"{}", "more_body": False}
        await asyncio.sleep(0.2)
        return {"type": "http.disconnect"}

    berichten.clear()
    ontvang = verkeer._begrensd(binnen_en_dan_stil, MAX_BODY, 0)
    assert (await ontvang())["body"] == b"{}"
    assert (await ontvang())["type"] == "http.disconnect"


async def test_een_body_die_druppelt_is_als_geheel_begrensd() -> None:
    """A part in time each does not keep a body going for ever: the whole has `lees_timeout` plus its length at
    the minimum rate."""
    verkeer = Verkeer(FastAPI(), Metriek(), lees_timeout=0.2)

    async def druppel() -> dict[str, object]:
        await asyncio.sleep(0.05)
        return {"type": "http.request", "body": b"x", "more_body": True}

    ontvang = verkeer._begrensd(druppel, MAX_BODY, 100)
    begin = asyncio.get_running_loop().time()
    with pytest.raises(HTTPException) as fout:
        while True:
            await ontvang()
    assert fout.value.status_code == 408
    assert 0.2 <= asyncio.get_running_loop().time() - begin < 1.0
