"""The `doorbraak` command as a newcomer runs it: serve on the embedded default, demo, token."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from adapters.embedded import vrije_poort
from adapters.tokens import lees_token
from tests.integration.test_embedded import draaiend_op, ruim_op

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
        einde = time.monotonic() + 90
        while not luistert(self.poort):
            assert self.proces.poll() is None, f"serve stopped at start-up (exit {self.proces.returncode})"
            assert time.monotonic() < einde, "serve not listening after 90 s"
            time.sleep(0.1)

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
    ruim_op(tmp_path / "data")


def luistert(poort: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", poort)) == 0


def registreer_casus(dienst: Dienst) -> tuple[str, dict[str, str]]:
    """Registers a case in Zeeland through HTTP: its path, and the headers that may read it."""
    from adapters.http import voorbeelden

    token = dienst.doorbraak("token", "--rol", "aanmelder", "--regio", "zeeland").strip()
    koppen = {"Authorization": f"Bearer {token}"}
    body = {
        **voorbeelden.AANMELDING,
        "aanmelding": {**voorbeelden.AANMELDING["aanmelding"], "woonplaatsgemeente": "Goes"},
    }
    antwoord = httpx.post(f"{dienst.url}/regios/zeeland/casussen", json=body, headers=koppen)
    assert antwoord.status_code == 201, antwoord.text
    assert "server" not in antwoord.headers and antwoord.headers["X-Content-Type-Options"] == "nosniff"
    return antwoord.headers["Location"], koppen


def test_token_draagt_rol_en_regios(dienst: Dienst) -> None:
    token = dienst.doorbraak("token", "--rol", "triagist", "--regio", "zeeland", "--naam", "Anna").strip()
    gebruiker = lees_token(token, SLEUTEL, "doorbraak", timedelta(hours=24))
    assert (gebruiker.naam, gebruiker.rol.value, gebruiker.regios) == ("Anna", "triagist", ("zeeland",))


def test_serve_op_de_embedded_default_bewaart_over_een_herstart(dienst: Dienst, tmp_path: Path) -> None:
    dienst.start()
    assert httpx.get(f"{dienst.url}/health").json()["regios"] == ["hart-van-brabant", "noord-limburg", "zeeland"]
    samenvatting = dienst.doorbraak("demo", "--url", dienst.url, "--aantal", "9")
    assert "hart-van-brabant" in samenvatting or "zeeland" in samenvatting

    pad, koppen = registreer_casus(dienst)
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
    assert httpx.get(f"{dienst.url}{pad}", headers=koppen).status_code == 200
    assert dienst.stop() == 0


def test_serve_overleeft_kill_9(dienst: Dienst, tmp_path: Path) -> None:
    """A terminal closed or `kill -9`: the next serve comes up on the same data, on one server of each kind."""
    data = tmp_path / "data"
    dienst.start()
    pad, koppen = registreer_casus(dienst)
    assert dienst.proces is not None
    dienst.proces.kill()  # SIGKILL: none of serve's own clean-up runs
    dienst.proces.wait()

    dienst.start()
    assert httpx.get(f"{dienst.url}{pad}", headers=koppen).status_code == 200
    assert draaiend_op(data) == Counter({"postgres": 1, "nats-server": 1})
    assert dienst.stop() == 0
    assert not draaiend_op(data)


def test_een_tweede_serve_op_dezelfde_data_dir_wordt_geweigerd(dienst: Dienst, tmp_path: Path) -> None:
    data = tmp_path / "data"
    dienst.start()
    assert dienst.proces is not None
    tweede = Dienst(data)  # the same data directory, another port
    uit = subprocess.run(  # noqa: S603
        [DOORBRAAK, "serve"], env=tweede.env, capture_output=True, text=True, timeout=120, check=False
    )
    assert uit.returncode != 0
    regels = uit.stderr.strip().splitlines()
    assert len(regels) == 1 and f"pid {dienst.proces.pid}" in regels[0], uit.stderr
    assert str(data.resolve()) in regels[0]

    assert httpx.get(f"{dienst.url}/health").status_code == 200  # the first serves on, alone on its data
    assert draaiend_op(data) == Counter({"postgres": 1, "nats-server": 1})
    assert dienst.stop() == 0


def test_serve_in_productie_weigert_ingebedde_servers_en_een_zwakke_sleutel(dienst: Dienst, tmp_path: Path) -> None:
    """Production without database and NATS URLs and with a key of 32 times one character: one line naming
    all three, without the key, no traceback, and no embedded server started."""
    sleutel = "a" * 32
    env = {**dienst.env, "DOORBRAAK_OMGEVING": "production", "DOORBRAAK_JWT_SLEUTEL": sleutel}
    uit = subprocess.run(  # noqa: S603
        [DOORBRAAK, "serve"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert uit.returncode != 0
    regels = uit.stderr.strip().splitlines()
    assert len(regels) == 1, uit.stderr
    for naam in ("DOORBRAAK_DATABASE_URL", "DOORBRAAK_NATS_URL", "DOORBRAAK_JWT_SLEUTEL"):
        assert naam in regels[0]
    assert sleutel not in uit.stderr + uit.stdout
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("opdracht", [["token", "--rol", "triagist"], ["projecties", "draai"], ["demo"]])
def test_elke_opdracht_zegt_een_verkeerde_instelling_in_een_regel(dienst: Dienst, opdracht: list[str]) -> None:
    sleutel = "a" * 32
    env = {**dienst.env, "DOORBRAAK_OMGEVING": "production", "DOORBRAAK_JWT_SLEUTEL": sleutel}
    uit = subprocess.run(  # noqa: S603
        [DOORBRAAK, *opdracht], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert uit.returncode == 2
    assert uit.stderr.startswith("doorbraak: invalid settings:") and len(uit.stderr.strip().splitlines()) == 1
    assert "DOORBRAAK_JWT_SLEUTEL" in uit.stderr and sleutel not in uit.stderr + uit.stdout


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
