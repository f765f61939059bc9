"""The verification of a store's log as an auditor runs it: through HTTP and on the command line."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from adapters.keten import keten_tabel
from adapters.postgres import EVENTS_TABLE
from adapters.verificatie import SLOT
from tests.conftest import Klok
from tests.e2e.conftest import Koppen, serveer
from tests.e2e.test_cli import DOORBRAAK

HVB = "hart-van-brabant"
PAD = f"/audit/regios/{HVB}/verificatie"


def knoei(database_url: str, schema: str, statement: str) -> None:
    """Runs a statement on the region's events table as the superuser, with every trigger off."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute(sql.SQL(statement).format(sql.Identifier(schema), sql.Identifier(EVENTS_TABLE)))


def test_een_auditor_verifieert_een_regio_en_vindt_de_breuk(
    container: Container, client: httpx.Client, koppen: Koppen, klok: Klok, database_url: str
) -> None:
    klok.datum = date(2026, 11, 20)
    ids = []
    for _ in range(3):
        antwoord = client.post(f"/regios/{HVB}/casussen", json=voorbeelden.AANMELDING, headers=koppen("aanmelder"))
        assert antwoord.status_code == 201, antwoord.text
        ids.append(antwoord.json()["id"])
    antwoord = client.post(f"/regios/{HVB}/casussen/{ids[1]}/triage", json=voorbeelden.TRIAGE, headers=koppen())
    assert antwoord.status_code == 200, antwoord.text
    positie = int(antwoord.headers["X-Doorbraak-Positie"])
    auditor = koppen("auditor", naam="auditor")

    verslag = client.get(PAD, headers=auditor)
    assert verslag.status_code == 200, verslag.text
    body = verslag.json()
    assert (body["bron"], body["uitkomst"], body["grootte"], body["vanaf"], body["breuk"]) == (
        f"regio:{HVB}",
        "gaaf",
        4,
        0,
        None,
    )
    assert len(body["boom"]) == len(body["schakel"]) == 64 and body["getuigd_tot"] == 0

    knoei(
        database_url,
        container.schema(HVB),
        f"UPDATE {{}}.{{}} SET state = state || ' ' WHERE notification_id = {positie}",
    )
    body = client.get(PAD, headers=auditor, params={"vanaf_checkpoint": "true"}).json()
    assert body["uitkomst"] == "gebroken" and body["grootte"] is None
    breuk = body["breuk"]
    assert (breuk["soort"], breuk["volgnummer"], breuk["positie"], breuk["casus"], breuk["versie"]) == (
        "inhoud-gewijzigd",
        4,
        positie,
        ids[1],
        2,
    )

    netwerk = client.get("/audit/netwerken/ben-brabant-zeeland/verificatie", headers=auditor).json()
    assert (netwerk["bron"], netwerk["uitkomst"], netwerk["grootte"]) == ("netwerk:ben-brabant-zeeland", "gaaf", 0)


def test_alleen_een_auditor_en_alleen_bekende_stores(client: httpx.Client, koppen: Koppen) -> None:
    assert client.get(PAD).status_code == 401
    geweigerd = client.get(PAD, headers=koppen("triagist"))
    assert geweigerd.status_code == 403 and geweigerd.headers["content-type"] == "application/problem+json"
    auditor = koppen("auditor", naam="auditor")
    assert client.get("/audit/regios/atlantis/verificatie", headers=auditor).status_code == 404
    assert client.get("/audit/netwerken/atlantis/verificatie", headers=auditor).status_code == 404
    assert client.get("/audit/regios/Zeeland!/verificatie", headers=auditor).status_code == 422


def test_een_tweede_verificatie_van_dezelfde_store_wacht_niet(
    container: Container, client: httpx.Client, koppen: Koppen, database_url: str
) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_advisory_lock(hashtext(%s), hashtext(%s))", (SLOT, f"{container.schema(HVB)}.{EVENTS_TABLE}")
        )
        bezig = client.get(PAD, headers=koppen("auditor", naam="auditor"))
        assert bezig.status_code == 409 and bezig.json()["type"].endswith("/verificatie-loopt")
        assert client.get("/audit/regios/zeeland/verificatie", headers=koppen("auditor")).status_code == 200


def test_zonder_database_antwoordt_de_verificatie_503(maak_container: Callable[..., Container], koppen: Koppen) -> None:
    container = maak_container()
    with serveer(container) as client:
        container.settings.regio_database_urls[HVB] = "postgresql://postgres@127.0.0.1:1/postgres"  # gone since
        antwoord = client.get(PAD, headers=koppen("auditor"))
    assert antwoord.status_code == 503 and antwoord.headers["Retry-After"]


def _doorbraak(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [DOORBRAAK, "audit", "verifieer", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def cli_env(database_url: str, schema_prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    env.update(
        DOORBRAAK_DATABASE_URL=database_url,
        DOORBRAAK_SCHEMA_PREFIX=schema_prefix,
        DOORBRAAK_REGIOS='["zeeland", "hart-van-brabant"]',
    )
    return env


def test_de_commandoregel_verifieert_en_noemt_de_breuk(
    maak_container: Callable[..., Container], cli_env: dict[str, str], database_url: str
) -> None:
    from bench.generator import vul

    container = maak_container(regios=["zeeland", HVB])
    aantal = vul({"zeeland": container.stores["zeeland"]}, container.profielen, 60, cohort=10)
    schema = container.schema("zeeland")

    uit = _doorbraak(cli_env, "zeeland")
    assert uit.returncode == 0, uit.stderr
    assert uit.stdout.startswith(f"regio:zeeland: ok, {aantal} entries (every event read)")
    assert "no checkpoint to compare with" in uit.stdout
    assert f"{aantal}/{aantal} events" in uit.stderr  # the progress line

    alles = _doorbraak(cli_env)
    assert alles.returncode == 0, alles.stderr
    assert [r.split(":", 2)[:2] for r in alles.stdout.splitlines()] == [
        ["regio", "zeeland"],
        ["regio", HVB],
        ["netwerk", "ben-brabant-zeeland"],
    ]

    eerste = _eerste_event(database_url, schema)
    knoei(database_url, schema, "DELETE FROM {}.{} WHERE notification_id = " + str(eerste[0]))
    kapot = _doorbraak(cli_env, "zeeland", "--vanaf-checkpoint")
    assert kapot.returncode == 1
    assert kapot.stdout.startswith(f"regio:zeeland: BROKEN at entry 1, position {eerste[0]}: rij-ontbreekt: ")

    onbekend = _doorbraak(cli_env, "atlantis")
    assert onbekend.returncode == 2 and "no region 'atlantis'" in onbekend.stderr
    netwerk = _doorbraak(cli_env, "--netwerk", "ben-brabant-zeeland")
    assert netwerk.returncode == 0 and netwerk.stdout.startswith("netwerk:ben-brabant-zeeland: ok, 0 entries")


def _eerste_event(database_url: str, schema: str) -> tuple[Any, ...]:
    with psycopg.connect(database_url) as conn:
        rij = conn.execute(
            sql.SQL("SELECT positie FROM {}.{} ORDER BY volgnummer LIMIT 1").format(
                sql.Identifier(schema), sql.Identifier(keten_tabel(EVENTS_TABLE))
            )
        ).fetchone()
    assert rij is not None
    return tuple(rij)
