"""PostgreSQL stopped for ten seconds under load while the service runs: every answer is a 503 problem or a
success, never a 500, a dropped connection or a hang; afterwards every follower has caught up by itself,
an escalation reaches the network once, the read models equal a rebuild and nothing acknowledged is lost."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.bootstrap import Container, bootstrap
from adapters.embedded import EmbeddedNats, EmbeddedPostgres
from adapters.http import voorbeelden
from adapters.leesmodellen import LeesModellen
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from domain.rollen import Rol
from tests.conftest import draaiend, wacht_op
from tests.e2e.conftest import serveer
from tests.integration.conftest import inhoud

REGIOS = {"hart-van-brabant": "Tilburg", "zeeland": "Goes"}
BEN = "ben-brabant-zeeland"
VERBIND, STATEMENT = 2.0, 5.0
HANG = VERBIND + STATEMENT + 3.0
"""Longer than this, an answer counts as a hang."""


@dataclass
class Waarneming:
    """What the load saw: every answer, and what was acknowledged."""

    antwoorden: list[tuple[str, int, str, float]] = field(default_factory=list)
    aangemeld_om: list[float] = field(default_factory=list)
    """When (monotonic) each registration answered 201."""
    aangemeld: dict[str, str] = field(default_factory=dict)
    """Case id → region, for every registration answered 201."""
    getrieerd: set[str] = field(default_factory=set)
    fouten: list[str] = field(default_factory=list)
    slot: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[EmbeddedPostgres]:
    """A private PostgreSQL this test may stop and start (on the same port)."""
    with draaiend(EmbeddedPostgres(tmp_path / "postgres")) as server:
        yield server


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[EmbeddedNats]:
    with draaiend(EmbeddedNats(tmp_path / "nats")) as server:
        yield server


@pytest.fixture
def container(postgres: EmbeddedPostgres, nats_server: EmbeddedNats) -> Iterator[Container]:
    settings = Settings(
        _env_file=None,
        database_url=postgres.url,
        nats_url=nats_server.url,
        regios=list(REGIOS),
        verbind_timeout=VERBIND,
        statement_timeout=STATEMENT,
        herstel_max_wacht=1.0,
    )
    gebouwd = bootstrap(settings)
    yield gebouwd
    gebouwd.close()


@pytest.fixture
def basis(container: Container) -> Iterator[str]:
    """The service, as `serve` runs it (read models and escalations in the process), on a real uvicorn."""
    with serveer(container) as client:
        yield str(client.base_url).rstrip("/")


def koppen(container: Container, rol: Rol, **claims: Any) -> dict[str, str]:
    sleutel = container.settings.jwt_sleutel.get_secret_value()
    gebruiker = Gebruiker(naam=f"{rol.value}-1", rol=rol, **claims)
    return {"Authorization": f"Bearer {maak_token(gebruiker, sleutel, container.settings.jwt_issuer)}"}


def aanmelding(gemeente: str) -> dict[str, Any]:
    body = {**voorbeelden.AANMELDING, "aanmelding": {**voorbeelden.AANMELDING["aanmelding"]}}
    body["aanmelding"]["woonplaatsgemeente"] = gemeente
    return body


def last(basis: str, container: Container, waarneming: Waarneming, stop: threading.Event, nummer: int) -> None:
    """One client: registers, triages and reads, round after round, and writes down every answer."""
    regio = list(REGIOS)[nummer % len(REGIOS)]
    triagist = koppen(container, Rol.TRIAGIST, regios=(regio,))
    with httpx.Client(base_url=basis, timeout=HANG * 2) as client:
        while not stop.is_set():
            verzoeken: list[tuple[str, str, dict[str, Any] | None]] = [
                ("POST", f"/regios/{regio}/casussen", aanmelding(REGIOS[regio])),
                ("GET", f"/regios/{regio}/werkvoorraad", None),
            ]
            with waarneming.slot:
                eigen = [c for c, r in waarneming.aangemeld.items() if r == regio and c not in waarneming.getrieerd]
            if eigen:
                verzoeken += [
                    ("POST", f"/regios/{regio}/casussen/{eigen[0]}/triage", voorbeelden.TRIAGE),
                    ("GET", f"/regios/{regio}/casussen/{eigen[0]}", None),
                ]
            for methode, pad, body in verzoeken:
                begin = time.monotonic()
                try:
                    antwoord = client.request(
                        methode, pad, json=body, headers={**triagist, "Idempotency-Key": str(uuid.uuid4())}
                    )
                except httpx.HTTPError as e:
                    with waarneming.slot:
                        waarneming.fouten.append(f"{methode} {pad}: {type(e).__name__}: {e}")
                    continue
                duur = time.monotonic() - begin
                soort = antwoord.headers.get("content-type", "")
                with waarneming.slot:
                    waarneming.antwoorden.append((f"{methode} {pad}", antwoord.status_code, soort, duur))
                    if antwoord.status_code == 503 and "Retry-After" not in antwoord.headers:
                        waarneming.fouten.append(f"{methode} {pad}: 503 without Retry-After")
                    if methode == "POST" and antwoord.status_code == 201:
                        waarneming.aangemeld[antwoord.json()["id"]] = regio
                        waarneming.aangemeld_om.append(time.monotonic())
                    if pad.endswith("/triage") and antwoord.status_code == 200:
                        waarneming.getrieerd.add(pad.split("/")[-2])
                    if pad.endswith("/triage") and antwoord.status_code == 409:
                        waarneming.getrieerd.add(pad.split("/")[-2])  # triaged before, its answer lost
            stop.wait(0.05)


def stop_onmiddellijk(postgres: EmbeddedPostgres) -> None:
    """`pg_ctl stop -m immediate`: every connection cut, no clean shutdown."""
    postgres._run("pg_ctl", "-D", str(postgres.data_dir), "-m", "immediate", "-w", "stop")


def test_postgres_tien_seconden_weg_onder_last(postgres: EmbeddedPostgres, container: Container, basis: str) -> None:
    waarneming = Waarneming()
    stop = threading.Event()
    with ThreadPoolExecutor(4) as werkers:
        lopend = [werkers.submit(last, basis, container, waarneming, stop, i) for i in range(4)]
        time.sleep(2.0)
        voor_de_storing = len(waarneming.aangemeld)
        stop_onmiddellijk(postgres)
        weg = time.monotonic()
        gezondheid = wacht_op(
            lambda: (g := httpx.get(f"{basis}/health", timeout=HANG)).status_code == 503 and g.json(),
            HANG,
            "/health says herstellend",
        )
        time.sleep(max(0.0, 10.0 - (time.monotonic() - weg)))
        postgres.start()
        terug = time.monotonic()
        time.sleep(5.0)
        stop.set()
        for taak in lopend:
            taak.result()

    assert voor_de_storing > 0
    assert gezondheid["status"] == "herstellend"
    herstellend = [p for p in gezondheid["projecties"] if p["toestand"] == "herstellend"]
    assert herstellend and all(p["fout"] and p["herstellend_sinds"] for p in herstellend)
    assert waarneming.fouten == []  # no dropped connection, every 503 with Retry-After
    statussen = {status for _, status, _, _ in waarneming.antwoorden}
    assert statussen <= {200, 201, 409, 503}, statussen
    assert 503 in statussen and {200, 201} <= statussen
    for verzoek, status, soort, duur in waarneming.antwoorden:
        assert duur < HANG, (verzoek, status, duur)
        if status == 503:
            assert soort.startswith("application/problem+json"), (verzoek, soort)
    assert any(om > terug for om in waarneming.aangemeld_om)  # it registers again once the database is back

    # healed without a restart: every projection, inbox and relay caught up
    laatste: list[Any] = []

    def bij() -> Any:
        g = httpx.get(f"{basis}/health", timeout=HANG).json()
        laatste[:] = [g]
        volgers = [*g["projecties"], *g["inboxen"], *g["escalaties"]["relays"]]
        return g["status"] == "ok" and all(v["achterstand"] == 0 for v in volgers) and g

    wacht_op(bij, 30, lambda: f"every follower caught up ({laatste})")

    # nothing acknowledged is lost
    for casus_id, regio in waarneming.aangemeld.items():
        casus = container.stores[regio].casus(uuid.UUID(casus_id))
        assert casus is not None, casus_id
        if casus_id in waarneming.getrieerd:
            assert casus.triage is not None, casus_id

    # an escalation made after the recovery reaches the network's inbox, once
    regio = "hart-van-brabant"
    triagist = koppen(container, Rol.TRIAGIST, regios=(regio,))
    casus_id = next(c for c, r in waarneming.aangemeld.items() if r == regio and c in waarneming.getrieerd)
    antwoord = httpx.post(
        f"{basis}/regios/{regio}/casussen/{casus_id}/opschaling", json=voorbeelden.OPSCHALING, headers=triagist
    )
    assert antwoord.status_code == 200, antwoord.text
    kernteam = koppen(container, Rol.KERNTEAM, netwerken=(BEN,))

    def in_de_inbox() -> list[Any]:
        antwoord = httpx.get(f"{basis}/netwerken/{BEN}/inbox", params={"per_pagina": 500}, headers=kernteam)
        assert antwoord.status_code == 200, antwoord.text
        return [c for c in antwoord.json()["casussen"] if c["casus_id"] == casus_id]

    assert len(wacht_op(in_de_inbox, 20, "the escalation in the inbox")) == 1
    time.sleep(1.0)
    assert len(in_de_inbox()) == 1

    # the read models equal a rebuild
    async def vergelijk() -> None:
        modellen = LeesModellen(container)
        await modellen.open()
        try:
            for regio in REGIOS:
                levend = await inhoud(modellen, regio)
                assert len(levend["casus"]) >= sum(1 for r in waarneming.aangemeld.values() if r == regio)
                await modellen.herbouw(regio)
                assert await inhoud(modellen, regio) == levend, regio
        finally:
            await modellen.close()

    asyncio.run(vergelijk())
