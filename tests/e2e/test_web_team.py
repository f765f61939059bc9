"""The team's pages through HTTP: werkvoorraad, registration, the case page and each step's form, the agenda;
rights per role, errors kept in the form, the region boundary, a double submit recorded once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from adapters.bootstrap import Container
from domain.rollen import Rol
from tests.conftest import Klok
from tests.e2e.conftest import serveer
from tests.teamhulp import AFSLUITING, TRIAGE, aanmelding, advies, evaluatie, overleg
from tests.webhulp import WACHTWOORD, csrf_van, maak_account

pytestmark = pytest.mark.e2e

ROLLEN = {
    "tessa": (Rol.TRIAGIST, ("zeeland",)),
    "sam": (Rol.SECRETARIS, ("zeeland",)),
    "carla": (Rol.CASUSREGISSEUR, ("zeeland",)),
    "ad": (Rol.AANMELDER, ("zeeland",)),
    "eva": (Rol.EXPERT, ("zeeland",)),
    "hugo": (Rol.TRIAGIST, ("hart-van-brabant",)),
    "twee": (Rol.SECRETARIS, ("zeeland", "hart-van-brabant")),
    "audrey": (Rol.AUDITOR, ()),
}


@pytest.fixture
def web(maak_container: Callable[..., Container]) -> Container:
    container = maak_container(regios=["zeeland", "hart-van-brabant"], cookie_secure=False)
    for naam, (rol, regios) in ROLLEN.items():
        maak_account(container.settings, naam, rol, regios)
    return container


@pytest.fixture
def server(web: Container) -> Iterator[httpx.Client]:
    with serveer(web) as client:
        yield client


@pytest.fixture
def als(server: httpx.Client) -> Callable[[str], httpx.Client]:
    """A signed-in browser of one of the accounts (each its own cookies)."""
    clients: list[httpx.Client] = []

    def _als(naam: str) -> httpx.Client:
        client = httpx.Client(base_url=server.base_url, timeout=30)
        clients.append(client)
        csrf = csrf_van(client.get("/aanmelden").text)
        antwoord = client.post("/aanmelden", data={"csrf": csrf, "naam": naam, "wachtwoord": WACHTWOORD})
        assert antwoord.status_code == 303, antwoord.text
        return client

    yield _als  # type: ignore[misc]
    for client in clients:
        client.close()


def sleutel_van(html: str, actie: str) -> str:
    """The idempotency key of the form posting to `actie`."""
    vorm = re.search(rf'<form method="post" action="{re.escape(actie)}"[^>]*>(.*?)</form>', html, re.S)
    assert vorm, f"no form to {actie}"
    gevonden = re.search(r'name="sleutel" value="([A-Za-z0-9_-]+)"', vorm.group(1))
    assert gevonden
    return gevonden.group(1)


def verstuur(client: httpx.Client, pagina: str, actie: str, velden: dict[str, Any]) -> httpx.Response:
    """Opens `pagina`, fills the form posting to `actie` and sends it (with its CSRF token and key)."""
    html = client.get(pagina).text
    return client.post(actie, data={"csrf": csrf_van(html), "sleutel": sleutel_van(html, actie), **velden})


def registreer(client: httpx.Client, klok: Klok, **anders: str) -> str:
    antwoord = verstuur(client, "/team/zeeland/aanmelden", "/team/zeeland/aanmelden", aanmelding(klok(), **anders))
    assert antwoord.status_code == 303, antwoord.text
    gevonden = re.fullmatch(r"/team/zeeland/casussen/([0-9a-f-]{36})\?na=\d+", antwoord.headers["location"])
    assert gevonden, antwoord.headers["location"]
    return gevonden.group(1)


def stap(client: httpx.Client, casus: str, naam: str, velden: dict[str, Any]) -> httpx.Response:
    pagina = f"/team/zeeland/casussen/{casus}"
    return verstuur(client, pagina, f"{pagina}/{naam}", velden)


def test_zonder_aanmelding_naar_het_aanmeldscherm(server: httpx.Client) -> None:
    antwoord = server.get("/team/zeeland/werkvoorraad")
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/aanmelden?volgende=/team/zeeland/werkvoorraad"


def test_de_hele_casus_door_de_formulieren(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    tessa = als("tessa")
    casus = registreer(tessa, klok)
    pagina = tessa.get(f"/team/zeeland/casussen/{casus}")
    assert pagina.status_code == 200
    assert "Casus aangemeld." in pagina.text and "Aangemeld" in pagina.text
    assert 'action="/team/zeeland/casussen/' + casus + '/triage"' in pagina.text

    assert stap(tessa, casus, "triage", TRIAGE).status_code == 303
    pagina = tessa.get(f"/team/zeeland/casussen/{casus}")
    assert "Triage vastgelegd." in pagina.text and "Bespreken in het expertteam" in pagina.text
    assert f"/casussen/{casus}/overleg" in pagina.text

    assert stap(tessa, casus, "overleg", overleg(klok())).status_code == 303
    antwoord = stap(tessa, casus, "advies", advies(klok()))
    assert antwoord.status_code == 303, antwoord.text
    pagina = tessa.get(antwoord.headers["location"])
    assert "Advies vastgelegd." in pagina.text and "Intake bij aanbieder" in pagina.text
    for stap_ in ("evaluatie", "evaluatiemoment"):
        assert f"/casussen/{casus}/{stap_}" in pagina.text

    assert stap(tessa, casus, "evaluatie", evaluatie(klok())).status_code == 303
    antwoord = stap(tessa, casus, "afsluiting", AFSLUITING)
    assert antwoord.status_code == 303, antwoord.text
    pagina = tessa.get(antwoord.headers["location"])
    assert "Casus afgesloten." in pagina.text
    assert f"/casussen/{casus}/heropening" in pagina.text
    for type_ in ("Aangemeld", "Getrieerd", "Overleg gepland", "Advies uitgebracht", "Evaluatie vastgelegd"):
        assert f'<th scope="row">{type_}</th>' in pagina.text
    assert (
        "Casus heropend."
        in tessa.get(stap(tessa, casus, "heropening", {"reden": "Terug na een terugval."}).headers["location"]).text
    )
