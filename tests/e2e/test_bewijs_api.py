"""The auditor's proof through HTTP: the published keys, a case's events proven in the latest signed
checkpoint and checked offline with the published key only, and what is not proven yet."""

from __future__ import annotations

import base64
import copy
import json
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql
from typer.testing import CliRunner

from adapters.bewijzen import controleer_bewijs, sleutels_voor
from adapters.bootstrap import Container
from adapters.cli import app as cli
from adapters.http import voorbeelden
from adapters.ondertekening import Ondertekenaar
from domain.netwerkcasus import Netwerkcasus
from tests.e2e.conftest import Koppen, serveer
from tests.e2e.test_netwerk_api import ontvangen  # noqa: F401 - the fixture

REGIO = "hart-van-brabant"
BEN = "ben-brabant-zeeland"


@pytest.fixture
def container(maak_container: Callable[..., Container]) -> Container:
    """Checkpoints after 3 events or 0.3 s, and a statement timeout short enough to see a 503."""
    return maak_container(checkpoint_events=3, checkpoint_seconden=0.3, statement_timeout=1.0)


@pytest.fixture
def client(container: Container) -> Iterator[httpx.Client]:
    with serveer(container) as c:
        yield c


def meld_aan(client: httpx.Client, koppen: Koppen) -> str:
    antwoord = client.post(f"/regios/{REGIO}/casussen", json=voorbeelden.AANMELDING, headers=koppen("aanmelder"))
    assert antwoord.status_code == 201, antwoord.text
    return str(antwoord.json()["id"])


def bewijs_na(client: httpx.Client, pad: str, koppen: Koppen, versies: int) -> dict[str, Any]:
    """The proof, once a checkpoint covers the case's first `versies` events."""
    einde = time.monotonic() + 20
    while time.monotonic() < einde:
        antwoord = client.get(pad, headers=koppen("auditor"))
        assert antwoord.status_code == 200, antwoord.text
        bewijs: dict[str, Any] = antwoord.json()
        if sum(1 for e in bewijs["events"] if e["pad"] is not None) >= versies:
            return bewijs
        time.sleep(0.1)
    raise AssertionError("no checkpoint covered the case in time")


def test_het_bewijs_klopt_offline_met_de_gepubliceerde_sleutel(
    client: httpx.Client, koppen: Koppen, container: Container, tmp_path: Path
) -> None:
    sleutels = client.get("/audit/sleutels")  # no token: public keys
    assert sleutels.status_code == 200
    gepubliceerd = sleutels.json()
    assert gepubliceerd["bronnen"] == [f"netwerk:{BEN}", f"regio:{REGIO}", "regio:zeeland"]
    assert gepubliceerd["ondertekent"]["pem"].startswith("-----BEGIN PUBLIC KEY-----")
    casus = meld_aan(client, koppen)
    pad = f"/audit/regios/{REGIO}/casussen/{casus}/bewijs"
    bewijs = bewijs_na(client, pad, koppen, 1)
    assert bewijs["bron"] == f"regio:{REGIO}" and bewijs["na_checkpoint"] == 0
    assert bewijs["checkpoint"]["sleutel_id"] == gepubliceerd["ondertekent"]["sleutel_id"]
    [event] = bewijs["events"]
    assert event["versie"] == 1 and event["index"] == event["positie"] - 1
    assert controleer_bewijs(bewijs, sleutels_voor(gepubliceerd, bewijs["bron"])) == ([], [])

    (tmp_path / "bewijs.json").write_text(json.dumps(bewijs))
    (tmp_path / "sleutels.json").write_text(json.dumps(gepubliceerd))
    uit = CliRunner().invoke(
        cli,
        ["audit", "bewijs-controleer", str(tmp_path / "bewijs.json"), "--sleutels", str(tmp_path / "sleutels.json")],
    )
    assert uit.exit_code == 0, uit.output
    assert f"ok: 1 events of case {casus} are in checkpoint" in uit.output

    # the proof in the answer proves nothing with another key, nor once any part of it changed
    ander = base64.b64encode(Ondertekenaar(secrets.token_bytes(32)).publiek).decode()
    fouten, _ = controleer_bewijs(bewijs, sleutels_voor({}, None, [ander]))
    sleutel_id = bewijs["checkpoint"]["sleutel_id"]
    assert fouten == [f"the checkpoint's signature does not hold for any key given (its key id: {sleutel_id})"]
    veranderd = copy.deepcopy(bewijs)
    inhoud = bytearray(base64.b64decode(event["inhoud"]))
    inhoud[-2] ^= 1
    veranderd["events"][0]["inhoud"] = base64.b64encode(bytes(inhoud)).decode()
    assert (
        "version 1: its leaf is not the hash of its bytes"
        in controleer_bewijs(veranderd, sleutels_voor(gepubliceerd, bewijs["bron"]))[0]
    )
    (tmp_path / "veranderd.json").write_text(json.dumps(veranderd))
    uit = CliRunner().invoke(
        cli,
        ["audit", "bewijs-controleer", str(tmp_path / "veranderd.json"), "--sleutels", str(tmp_path / "sleutels.json")],
    )
    assert uit.exit_code == 1 and "NOT PROVEN" in uit.output


def test_events_na_de_checkpoint_staan_er_zonder_pad(
    container: Container, koppen: Koppen, maak_container: Callable[..., Container]
) -> None:
    with serveer(container) as client:
        casus = meld_aan(client, koppen)
        pad = f"/audit/regios/{REGIO}/casussen/{casus}/bewijs"
        bewijs_na(client, pad, koppen, 1)
        gepubliceerd = client.get("/audit/sleutels").json()
    # the same store behind a node that signs rarely: what the triage appends is not yet under a checkpoint
    traag = maak_container(checkpoint_events=1000, checkpoint_seconden=3600)
    with serveer(traag) as client:
        antwoord = client.post(
            f"/regios/{REGIO}/casussen/{casus}/triage", json=voorbeelden.TRIAGE, headers=koppen("triagist")
        )
        assert antwoord.status_code == 200, antwoord.text
        bewijs = client.get(pad, headers=koppen("auditor")).json()
    assert bewijs["na_checkpoint"] == 1
    assert [e["pad"] is None for e in bewijs["events"]] == [False, True]
    fouten, open_ = controleer_bewijs(bewijs, sleutels_voor(gepubliceerd, bewijs["bron"]))
    assert fouten == [] and open_ == [f"version 2 was appended after checkpoint {bewijs['checkpoint']['grootte']}"]


def test_het_bewijs_van_een_netwerkcasus(
    client: httpx.Client,
    koppen: Koppen,
    ontvangen: tuple[Netwerkcasus, int],  # noqa: F811
) -> None:
    casus, _ = ontvangen
    bewijs = bewijs_na(client, f"/audit/netwerken/{BEN}/casussen/{casus.id}/bewijs", koppen, 1)
    assert bewijs["bron"] == f"netwerk:{BEN}" and bewijs["checkpoint"]["bron"] == f"netwerk:{BEN}"
    gepubliceerd = client.get("/audit/sleutels").json()
    assert controleer_bewijs(bewijs, sleutels_voor(gepubliceerd, bewijs["bron"])) == ([], [])


def test_alleen_de_auditor_en_onbekend_is_404(client: httpx.Client, koppen: Koppen) -> None:
    casus = meld_aan(client, koppen)
    pad = f"/audit/regios/{REGIO}/casussen/{casus}/bewijs"
    assert client.get(pad).status_code == 401
    antwoord = client.get(pad, headers=koppen("triagist"))
    assert antwoord.status_code == 403 and antwoord.headers["content-type"] == "application/problem+json"
    for onbekend in (
        f"/audit/regios/{REGIO}/casussen/{'0' * 8}-0000-4000-8000-{'0' * 12}/bewijs",
        f"/audit/regios/{REGIO}/casussen/geen-uuid/bewijs",
        f"/audit/regios/utrecht/casussen/{casus}/bewijs",
        f"/audit/netwerken/ben-elders/casussen/{casus}/bewijs",
        f"/audit/netwerken/{BEN}/casussen/{casus}/bewijs",  # a region's case is not the network's
    ):
        antwoord = client.get(onbekend, headers=koppen("auditor"))
        assert antwoord.status_code == 404, (onbekend, antwoord.text)
        assert antwoord.headers["content-type"] == "application/problem+json"


def test_503_terwijl_de_database_niet_antwoordt(
    client: httpx.Client, koppen: Koppen, container: Container, database_url: str
) -> None:
    casus = meld_aan(client, koppen)
    tabel = sql.SQL("{}.{}").format(sql.Identifier(container.schema(REGIO)), sql.Identifier("casussen_events"))
    with psycopg.connect(database_url) as conn:
        conn.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(tabel))
        antwoord = client.get(f"/audit/regios/{REGIO}/casussen/{casus}/bewijs", headers=koppen("auditor"))
    assert antwoord.status_code == 503, antwoord.text
    assert antwoord.headers["Retry-After"] == "5"


def test_health_en_metrics_tonen_de_checkpoints_en_een_gewijzigd_log(
    koppen: Koppen, maak_container: Callable[..., Container], database_url: str
) -> None:
    container = maak_container(checkpoint_events=2, checkpoint_seconden=3600)
    with serveer(container) as client:
        casus = meld_aan(client, koppen)  # the first entry is signed at once, then every second one
        bewijs_na(client, f"/audit/regios/{REGIO}/casussen/{casus}/bewijs", koppen, 1)
        gezondheid = regio_stand(client)
        assert gezondheid["status"] == "ok"
        assert gezondheid["grootte"] == 1 and gezondheid["intact"] is True and gezondheid["leeftijd"] >= 0
        assert f'doorbraak_checkpoint_intact{{bron="regio:{REGIO}"}} 1.0' in client.get("/metrics").text
        # the second entry's event altered before it was signed (a space after its JSON), then a third entry
        tweede = meld_aan(client, koppen)
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")
            conn.execute(
                sql.SQL("UPDATE {}.casussen_events SET state = state || ' '::bytea WHERE originator_id = %s").format(
                    sql.Identifier(container.schema(REGIO))
                ),
                (uuid.UUID(tweede),),
            )
        meld_aan(client, koppen)
        einde = time.monotonic() + 20
        while (gezondheid := regio_stand(client))["intact"] is not False:
            assert time.monotonic() < einde, gezondheid
            time.sleep(0.1)
        assert gezondheid["status"] == "aandacht"
        assert "entry 2 (position 2) no longer matches its chain" in gezondheid["melding"]
        assert gezondheid["grootte"] == 1
        assert f'doorbraak_checkpoint_intact{{bron="regio:{REGIO}"}} 0.0' in client.get("/metrics").text


def regio_stand(client: httpx.Client) -> dict[str, Any]:
    """/health, with the region's checkpoints' detail at the top."""
    stand: dict[str, Any] = client.get("/health").json()
    return stand | next(s for s in stand["checkpoints"]["stores"] if s["bron"] == f"regio:{REGIO}")
