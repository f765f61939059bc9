"""`doorbraak gebruiker` against a real PostgreSQL, and the accounts it makes signing in through HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from adapters.bootstrap import Container
from adapters.cli import app
from adapters.embedded import vrije_poort
from tests.e2e.conftest import serveer
from tests.webhulp import csrf_van

pytestmark = pytest.mark.e2e

WACHTWOORD = "lang genoeg wachtwoord"


@pytest.fixture
def doorbraak(database_url: str, schema_prefix: str) -> Callable[..., Result]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    env.update(DOORBRAAK_DATABASE_URL=database_url, DOORBRAAK_SCHEMA_PREFIX=schema_prefix)

    def _doorbraak(*args: str, invoer: str | None = None) -> Result:
        return CliRunner().invoke(app, ["gebruiker", *args], input=invoer, env=env)

    return _doorbraak


@pytest.fixture
def http(maak_container: Callable[..., Container]) -> Iterator[httpx.Client]:
    with serveer(maak_container(regios=["zeeland"], cookie_secure=False)) as client:
        yield client


def meld_aan(http: httpx.Client, naam: str, wachtwoord: str) -> int:
    http.cookies.clear()
    csrf = csrf_van(http.get("/aanmelden").text)
    return http.post("/aanmelden", data={"csrf": csrf, "naam": naam, "wachtwoord": wachtwoord}).status_code


def test_toevoegen_lijst_en_aanmelden(doorbraak: Callable[..., Result], http: httpx.Client) -> None:
    uit = doorbraak(
        "toevoegen", "anna", "--rol", "triagist", "--regio", "zeeland", "--wachtwoord-stdin", invoer=WACHTWOORD
    )
    assert uit.exit_code == 0, uit.output
    assert "account anna added: triagist regio zeeland" in uit.output
    uit = doorbraak(
        "toevoegen",
        "kees",
        "--rol",
        "kernteam",
        "--netwerk",
        "ben-brabant-zeeland",
        "--wachtwoord-stdin",
        invoer=WACHTWOORD + "\n",
    )
    assert uit.exit_code == 0, uit.output
    lijst = doorbraak("lijst")
    assert lijst.exit_code == 0
    regels = lijst.output.splitlines()
    assert regels[0].split() == ["anna", "Triagist", "/", "voorzitter", "regio", "zeeland", "actief"]
    assert regels[1].split()[:2] == ["kees", "Kernteam"]
    assert meld_aan(http, "anna", WACHTWOORD) == 303
    assert meld_aan(http, "kees", WACHTWOORD) == 303  # the newline ending standard input is not the password's


def test_het_wachtwoord_via_de_prompt_twee_keer(doorbraak: Callable[..., Result], http: httpx.Client) -> None:
    uit = doorbraak("toevoegen", "ada", "--rol", "auditor", invoer=f"{WACHTWOORD}\n{WACHTWOORD}\n")
    assert uit.exit_code == 0, uit.output
    assert WACHTWOORD not in uit.output  # hidden
    assert meld_aan(http, "ada", WACHTWOORD) == 303
    anders = doorbraak("toevoegen", "bob", "--rol", "auditor", invoer=f"{WACHTWOORD}\niets anders dan dat\n\n\n")
    assert anders.exit_code != 0


@pytest.mark.parametrize(
    ("args", "invoer", "melding"),
    [
        (["--rol", "triagist"], WACHTWOORD, "minstens één regio"),
        (["--rol", "kernteam", "--regio", "zeeland"], WACHTWOORD, "minstens één netwerk"),
        (["--rol", "auditor", "--regio", "zeeland"], WACHTWOORD, "geen eigen regio"),
        (["--rol", "triagist", "--regio", "atlantis"], WACHTWOORD, "no region atlantis"),
        (["--rol", "kernteam", "--netwerk", "nergens"], WACHTWOORD, "no network nergens"),
        (["--rol", "triagist", "--regio", "zeeland"], "kort", "minstens 12 tekens"),
        (["--rol", "triagist", "--regio", "Zee Land!"], WACHTWOORD, "regios.0"),
        (["--rol", "baas", "--regio", "zeeland"], WACHTWOORD, "baas"),
    ],
)
def test_foute_invoer_is_exit_2_met_een_duidelijke_melding(
    doorbraak: Callable[..., Result], args: list[str], invoer: str, melding: str
) -> None:
    uit = doorbraak("toevoegen", "anna", *args, "--wachtwoord-stdin", invoer=invoer)
    assert uit.exit_code == 2, uit.output
    assert melding in uit.output
    assert "Traceback" not in uit.output


def test_een_naam_bestaat_maar_eenmaal_en_wijzig_van_een_onbekende_is_exit_1(doorbraak: Callable[..., Result]) -> None:
    args = ("toevoegen", "anna", "--rol", "triagist", "--regio", "zeeland", "--wachtwoord-stdin")
    assert doorbraak(*args, invoer=WACHTWOORD).exit_code == 0
    dubbel = doorbraak(*args, invoer=WACHTWOORD)
    assert dubbel.exit_code == 1 and "exists already" in dubbel.output
    for opdracht in (["wijzig", "niemand", "--rol", "auditor", "--zonder-regio"], ["blokkeer", "niemand"]):
        uit = doorbraak(*opdracht)
        assert uit.exit_code == 1 and "no account 'niemand'" in uit.output
    assert doorbraak("wijzig", "anna").exit_code == 2  # nothing to change


def test_wijzig_blokkeer_en_deblokkeer(doorbraak: Callable[..., Result], http: httpx.Client) -> None:
    doorbraak("toevoegen", "anna", "--rol", "triagist", "--regio", "zeeland", "--wachtwoord-stdin", invoer=WACHTWOORD)
    assert meld_aan(http, "anna", WACHTWOORD) == 303
    assert "Triagist" in http.get("/").text

    uit = doorbraak("wijzig", "anna", "--rol", "privacy")
    assert uit.exit_code == 0 and "privacy regio zeeland" in uit.output, uit.output
    assert "Privacyfunctionaris" in http.get("/").text  # the next request has the new role

    assert doorbraak("wijzig", "anna", "--rol", "auditor").exit_code == 2  # an auditor has no region of its own
    assert doorbraak("wijzig", "anna", "--rol", "auditor", "--zonder-regio").exit_code == 0

    nieuw = "een heel ander wachtwoord"
    assert doorbraak("wijzig", "anna", "--wachtwoord-stdin", invoer=nieuw).exit_code == 0
    assert http.get("/").status_code == 303  # a new password ends the sessions
    assert meld_aan(http, "anna", WACHTWOORD) == 422
    assert meld_aan(http, "anna", nieuw) == 303

    geblokkeerd = doorbraak("blokkeer", "anna")
    assert geblokkeerd.exit_code == 0 and "1 session(s) ended" in geblokkeerd.output
    assert http.get("/").status_code == 303
    assert meld_aan(http, "anna", nieuw) == 422
    assert "geblokkeerd" in doorbraak("lijst").output

    for _ in range(5):
        meld_aan(http, "anna", "fout fout fout")
    assert doorbraak("deblokkeer", "anna").exit_code == 0  # lifts the block and the lock-out
    assert meld_aan(http, "anna", nieuw) == 303


def test_zonder_database_url_zegt_de_opdracht_wat_te_zetten() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
    uit = CliRunner().invoke(app, ["gebruiker", "lijst"], env=env)
    assert uit.exit_code == 2 and "DOORBRAAK_DATABASE_URL" in uit.output


def test_serve_op_de_embedded_default_toont_demo_accounts_waarmee_je_aanmeldt(tmp_path: Path) -> None:
    """`./dev serve` as a newcomer runs it: the printed demo accounts sign in, with new passwords at each start."""
    from tests.e2e.test_cli import DOORBRAAK, luistert, omgeving
    from tests.integration.test_embedded import ruim_op

    data = tmp_path / "data"
    poort = vrije_poort()
    uitvoer = tmp_path / "serve.out"
    env = {**omgeving(data, poort), "DOORBRAAK_REGIOS": '["zeeland"]'}

    def start() -> subprocess.Popen[bytes]:
        with uitvoer.open("wb") as uit, (tmp_path / "serve.log").open("ab") as log:
            proces = subprocess.Popen([DOORBRAAK, "serve"], env=env, stdout=uit, stderr=log)  # noqa: S603
        einde = time.monotonic() + 90
        while not luistert(poort):
            assert proces.poll() is None and time.monotonic() < einde, "serve did not start"
            time.sleep(0.1)
        return proces

    def accounts() -> dict[str, str]:
        regels = uitvoer.read_text().splitlines()
        assert any(f"http://127.0.0.1:{poort}/aanmelden" in regel for regel in regels), regels
        return {delen[0]: delen[1] for regel in regels if (delen := regel.split()) and delen[0].startswith("demo-")}

    proces = start()
    try:
        eerste = accounts()
        assert set(eerste) >= {"demo-aanmelder", "demo-triagist", "demo-privacy", "demo-kernteam", "demo-auditor"}
        with httpx.Client(base_url=f"http://127.0.0.1:{poort}") as client:
            # Secure cookies, as by default: httpx keeps them only for https, so the cookies go by hand
            pagina = client.get("/aanmelden")
            csrf = csrf_van(pagina.text)
            antwoord = client.post(
                "/aanmelden",
                data={"csrf": csrf, "naam": "demo-triagist", "wachtwoord": eerste["demo-triagist"]},
                headers={"Cookie": f"__Host-doorbraak_csrf={csrf}"},
            )
            assert antwoord.status_code == 303, antwoord.text
            sessie = antwoord.headers["set-cookie"].split(";")[0]
            assert "Welkom, demo-triagist" in client.get("/", headers={"Cookie": sessie}).text
        proces.send_signal(signal.SIGTERM)
        assert proces.wait(60) == 0
        proces = start()
        tweede = accounts()
        assert tweede["demo-triagist"] != eerste["demo-triagist"]
    finally:
        if proces.poll() is None:
            proces.send_signal(signal.SIGTERM)
            proces.wait(60)
        ruim_op(data)
