"""The `doorbraak` command as a newcomer runs it: serve on the embedded default, demo, token."""

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from adapters.embedded import vrije_poort, wacht_op_poort
from adapters.tokens import lees_token

DOORBRAAK = str(Path(sys.executable).parent / "doorbraak")
SLEUTEL = "een-sleutel-voor-de-cli-test-van-minstens-32-tekens"


def omgeving(data_dir: Path, poort: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    env.update(
        DOORBRAAK_DATA_DIR=str(data_dir),
        DOORBRAAK_PORT=str(poort),
        DOORBRAAK_JWT_SLEUTEL=SLEUTEL,
        DOORBRAAK_REGIOS='["hart-van-brabant", "zeeland", "noord-limburg"]',
    )
    return env


class Dienst:
    def __init__(self, data_dir: Path) -> None:
        self.poort = vrije_poort()
        self.env = omgeving(data_dir, self.poort)
        self.url = f"http://127.0.0.1:{self.poort}"
        self.proces: subprocess.Popen[bytes] | None = None
        self.log = data_dir.parent / "serve.log"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proces = subprocess.Popen([DOORBRAAK, "serve"], env=self.env, stderr=log)  # noqa: S603
        wacht_op_poort(self.poort, timeout=90)

    def stop(self) -> int:
        assert self.proces is not None
        self.proces.send_signal(signal.SIGTERM)
        return self.proces.wait(60)

    def doorbraak(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603
            [DOORBRAAK, *args], env=self.env, check=True, capture_output=True, text=True, timeout=120
        ).stdout


@pytest.fixture
def dienst(tmp_path: Path) -> Iterator[Dienst]:
    d = Dienst(tmp_path / "data")
    yield d
    if d.proces and d.proces.poll() is None:
        d.proces.kill()
        d.proces.wait()


def luistert(url: str) -> bool:
    host, poort = url.removeprefix("postgresql://postgres@").split("/")[0].split(":")
    with socket.socket() as s:
        return s.connect_ex((host, int(poort))) == 0


def test_token_draagt_rol_en_regios(dienst: Dienst) -> None:
    token = dienst.doorbraak("token", "--rol", "triagist", "--regio", "zeeland", "--naam", "Anna").strip()
    gebruiker = lees_token(token, SLEUTEL, "doorbraak", timedelta(hours=24))
    assert (gebruiker.naam, gebruiker.rol.value, gebruiker.regios) == ("Anna", "triagist", ("zeeland",))


def test_serve_op_de_embedded_default_bewaart_over_een_herstart(dienst: Dienst, tmp_path: Path) -> None:
    dienst.start()
    assert httpx.get(f"{dienst.url}/health").json()["regios"] == ["hart-van-brabant", "noord-limburg", "zeeland"]
    samenvatting = dienst.doorbraak("demo", "--url", dienst.url, "--aantal", "9")
    assert "hart-van-brabant" in samenvatting or "zeeland" in samenvatting

    token = dienst.doorbraak("token", "--rol", "aanmelder", "--regio", "zeeland").strip()
    from adapters.http import voorbeelden

    body = {
        **voorbeelden.AANMELDING,
        "aanmelding": {**voorbeelden.AANMELDING["aanmelding"], "woonplaatsgemeente": "Goes"},
    }
    antwoord = httpx.post(
        f"{dienst.url}/regios/zeeland/casussen", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert antwoord.status_code == 201, antwoord.text
    assert "server" not in antwoord.headers and antwoord.headers["X-Content-Type-Options"] == "nosniff"
    pad = antwoord.headers["Location"]
    assert dienst.stop() == 0
    assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
    assert not (tmp_path / "data" / "postgres" / "postmaster.pid").exists()  # stopped with the service
    regels = [json.loads(regel) for regel in dienst.log.read_text().splitlines() if regel.startswith("{")]
    assert any(r["logger"].startswith("uvicorn") for r in regels)  # uvicorn's own lines are JSON too
    [registratie] = [r for r in regels if r.get("actor") == "lokale-gebruiker" and r["method"] == "POST"]
    assert (registratie["route"], registratie["status"], registratie["role"]) == (
        "/regios/{regio}/casussen",
        201,
        "aanmelder",
    )

    dienst.start()
    assert httpx.get(f"{dienst.url}{pad}", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert dienst.stop() == 0


def test_herbouw_vanaf_de_commandoregel(tmp_path: Path, database_url: str, schema_prefix: str) -> None:
    from adapters.bootstrap import bootstrap
    from adapters.settings import Settings
    from bench.generator import vul

    settings = Settings(_env_file=None, database_url=database_url, schema_prefix=schema_prefix, regios=["zeeland"])
    container = bootstrap(settings)
    try:
        aantal = vul(container.stores, container.profielen, 300, cohort=20)
    finally:
        container.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    env.update(
        DOORBRAAK_DATABASE_URL=database_url, DOORBRAAK_SCHEMA_PREFIX=schema_prefix, DOORBRAAK_REGIOS='["zeeland"]'
    )
    for _ in range(2):
        uit = subprocess.run(  # noqa: S603
            [DOORBRAAK, "projecties", "herbouw", "zeeland"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert uit.returncode == 0, uit.stderr
        assert f"zeeland: rebuilt from {aantal} events" in uit.stderr
        assert f"{aantal}/{aantal} events" in uit.stderr  # the progress line
    fout = subprocess.run(  # noqa: S603
        [DOORBRAAK, "projecties", "herbouw", "atlantis"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert fout.returncode != 0
    assert "no region 'atlantis'" in fout.stderr
