"""The pages' sign-in through HTTP: sessions, the CSRF check of every form, the lock-out, bad input, the access
log of page reads, and the API documentation served from local assets."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest

from adapters.bootstrap import Container
from adapters.inzagelog import knooppunt_schema
from adapters.web.aanmelden import ONJUIST
from domain.rollen import Rol
from tests.e2e.conftest import serveer
from tests.webhulp import WACHTWOORD, csrf_van, maak_account

pytestmark = pytest.mark.e2e


@pytest.fixture
def web(maak_container: Callable[..., Container]) -> Container:
    """Plain http to 127.0.0.1, as httpx sends no Secure cookie over it; a lock-out after 3 failures."""
    return maak_container(regios=["zeeland"], cookie_secure=False, aanmelden_max_pogingen=3)


@pytest.fixture
def http(web: Container) -> Iterator[httpx.Client]:
    maak_account(web.settings, "anna")
    with serveer(web) as client:
        yield client


def meld_aan(http: httpx.Client, naam: str = "anna", wachtwoord: str = WACHTWOORD, **extra: str) -> httpx.Response:
    csrf = csrf_van(http.get("/aanmelden", follow_redirects=True).text)  # signed in: the start page's form
    return http.post("/aanmelden", data={"csrf": csrf, "naam": naam, "wachtwoord": wachtwoord, **extra})


def test_zonder_sessie_naar_aanmelden_en_na_aanmelden_naar_de_start(http: httpx.Client) -> None:
    naar = http.get("/")
    assert (naar.status_code, naar.headers["location"]) == (303, "/aanmelden")
    pagina = http.get("/aanmelden")
    assert pagina.status_code == 200 and '<html lang="nl">' in pagina.text
    assert pagina.headers["content-security-policy"].startswith("default-src 'self'")
    assert pagina.headers["cache-control"] == "no-store"

    aangemeld = meld_aan(http)
    assert (aangemeld.status_code, aangemeld.headers["location"]) == (303, "/")
    start = http.get("/")
    assert start.status_code == 200
    for tekst in ("Welkom, anna", "Triagist / voorzitter", "Regio: Zeeland", "Een casus triëren", "Afmelden"):
        assert tekst in start.text
    assert "Persoonsgegevens wissen" not in start.text  # not the triagist's


def test_de_sessiecookie_is_httponly_en_samesite_en_elke_aanmelding_geeft_een_nieuw_id(http: httpx.Client) -> None:
    eerste = meld_aan(http)
    cookie = eerste.headers["set-cookie"]
    assert cookie.startswith("doorbraak_sessie=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()
    oud = http.cookies["doorbraak_sessie"]

    meld_aan(http)  # signed in again, sending the old id along
    nieuw = http.cookies["doorbraak_sessie"]
    assert nieuw != oud
    assert http.get("/").status_code == 200
    http.cookies.set("doorbraak_sessie", oud)
    assert http.get("/").status_code == 303  # the old id was ended at the new sign-in


def test_afmelden_wist_de_sessie_op_de_server(http: httpx.Client) -> None:
    meld_aan(http)
    sessie_id = http.cookies["doorbraak_sessie"]
    start = http.get("/")
    afgemeld = http.post("/afmelden", data={"csrf": csrf_van(start.text)})
    assert (afgemeld.status_code, afgemeld.headers["location"]) == (303, "/aanmelden")
    assert "doorbraak_sessie" not in http.cookies
    assert "U bent afgemeld." in http.get("/aanmelden").text
    assert "U bent afgemeld." not in http.get("/aanmelden").text  # a flash message is shown once
    http.cookies.set("doorbraak_sessie", sessie_id)
    assert http.get("/").status_code == 303


def test_onbekende_naam_en_verkeerd_wachtwoord_krijgen_hetzelfde_antwoord(http: httpx.Client) -> None:
    fout = meld_aan(http, wachtwoord="niet het wachtwoord")
    onbekend = meld_aan(http, naam="niemand")
    assert fout.status_code == onbekend.status_code == 422
    assert ONJUIST in fout.text and ONJUIST in onbekend.text
    assert 'value="niemand"' in onbekend.text  # the name stays filled in, the password never
    assert "niet het wachtwoord" not in fout.text
    assert "doorbraak_sessie" not in http.cookies


@pytest.mark.parametrize("naam", ["an\x00na", "anna\ufffe", "\x1b"])
def test_een_naam_die_geen_account_kan_hebben_krijgt_hetzelfde_antwoord(http: httpx.Client, naam: str) -> None:
    """A NUL, which PostgreSQL's text cannot hold, or another character no name may have is refused like an
    unknown name."""
    geweigerd = meld_aan(http, naam=naam)
    assert geweigerd.status_code == 422 and ONJUIST in geweigerd.text
    assert "doorbraak_sessie" not in http.cookies


def test_blokkade_na_herhaalde_mislukkingen_ook_met_het_goede_wachtwoord(http: httpx.Client) -> None:
    for _ in range(2):
        assert meld_aan(http, wachtwoord="fout fout fout").status_code == 422
    derde = meld_aan(http, wachtwoord="fout fout fout")
    assert derde.status_code == 429 and "Te veel mislukte pogingen" in derde.text
    assert derde.headers["retry-after"] == str(15 * 60)
    goed = meld_aan(http)
    assert goed.status_code == 429 and "doorbraak_sessie" not in http.cookies
    # a name without an account locks the same way: a lock-out says nothing about whether a name exists
    for _ in range(2):
        assert meld_aan(http, naam="niemand").status_code == 422
    assert meld_aan(http, naam="niemand").status_code == 429


def test_een_geblokkeerd_account_krijgt_hetzelfde_antwoord(web: Container, http: httpx.Client) -> None:
    async def blokkeer() -> None:
        from adapters.inloggen import Inloggen

        inloggen = await Inloggen.geopend(web.settings, web.settings.database_url or "")
        await inloggen.accounts.wijzig("anna", geblokkeerd=True)
        await inloggen.close()

    import asyncio

    meld_aan(http)
    asyncio.run(blokkeer())
    assert http.get("/").status_code == 303  # the session ends with the block
    geweigerd = meld_aan(http)
    assert geweigerd.status_code == 422 and ONJUIST in geweigerd.text


@pytest.mark.parametrize("token", [None, "", "x" * 43, "kort"])
def test_aanmelden_zonder_of_met_een_verkeerd_csrf_token_is_403(http: httpx.Client, token: str | None) -> None:
    http.get("/aanmelden")
    data = {"naam": "anna", "wachtwoord": WACHTWOORD} | ({"csrf": token} if token is not None else {})
    geweigerd = http.post("/aanmelden", data=data)
    assert geweigerd.status_code == 403
    assert "Formulier geweigerd" in geweigerd.text and '<html lang="nl">' in geweigerd.text
    assert "doorbraak_sessie" not in http.cookies


def test_afmelden_zonder_het_token_van_de_sessie_is_403_en_de_sessie_blijft(http: httpx.Client) -> None:
    voor_aanmelden = csrf_van(http.get("/aanmelden").text)
    meld_aan(http)
    for data in ({}, {"csrf": voor_aanmelden}, {"csrf": "A" * 43}):
        assert http.post("/afmelden", data=data).status_code == 403
    assert http.get("/").status_code == 200


def test_een_ander_csrf_cookie_dan_het_formulier_is_403(http: httpx.Client) -> None:
    """A form posted from elsewhere carries another browser's token: it does not match this browser's."""
    ander = csrf_van(httpx.get(f"{str(http.base_url).rstrip('/')}/aanmelden").text)
    http.get("/aanmelden")
    assert http.post("/aanmelden", data={"csrf": ander, "naam": "anna", "wachtwoord": WACHTWOORD}).status_code == 403


@pytest.mark.parametrize(
    ("volgende", "naar"),
    [
        ("/docs", "/docs"),
        ("/?a=1&b=2", "/?a=1&b=2"),
        ("//elders.example/", "/"),
        ("https://elders.example/", "/"),
        ("/\\elders.example", "/"),
        ("/a\r\nSet-Cookie: x=1", "/"),
        ("/" + "a" * 600, "/"),
    ],
)
def test_na_aanmelden_alleen_naar_een_pad_op_deze_site(http: httpx.Client, volgende: str, naar: str) -> None:
    antwoord = meld_aan(http, volgende=volgende)
    assert (antwoord.status_code, antwoord.headers["location"]) == (303, naar)


def test_de_omleiding_naar_aanmelden_onthoudt_de_pagina(http: httpx.Client) -> None:
    naar = http.get("/", params={"pagina": "2"})
    assert naar.headers["location"] == "/aanmelden?volgende=/%3Fpagina%3D2"
    pagina = http.get(naar.headers["location"])
    assert 'name="volgende" value="/?pagina=2"' in pagina.text


@pytest.mark.parametrize(
    "data",
    [
        {"naam": "a" * 201, "wachtwoord": "x"},
        {"naam": "", "wachtwoord": ""},
        {"naam": "anna", "wachtwoord": "x" * 1025},
        {"naam": "anna", "wachtwoord": "x", "onbekend": "veld", "naam.diep": "y"},
    ],
)
def test_ongeldige_invoer_geeft_het_formulier_met_een_melding(http: httpx.Client, data: dict[str, str]) -> None:
    csrf = csrf_van(http.get("/aanmelden").text)
    antwoord = http.post("/aanmelden", data={"csrf": csrf, **data})
    assert antwoord.status_code == 422
    assert "Er is iets niet goed" in antwoord.text


def test_een_onleesbaar_formulier_of_rare_cookie_is_nooit_een_500(http: httpx.Client) -> None:
    csrf = csrf_van(http.get("/aanmelden").text)
    kapot = http.post(
        "/aanmelden",
        content=b'--grens\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc',
        headers={"Content-Type": "multipart/form-data; boundary=grens"},
    )
    assert kapot.status_code in (400, 403)
    latin = http.post(
        "/aanmelden",
        content=f"csrf={csrf}&naam=%FF%FE&wachtwoord=%E9".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert latin.status_code < 500
    json_ = http.post("/aanmelden", json={"csrf": csrf, "naam": "anna"})
    assert json_.status_code == 403
    http.cookies.clear()
    for waarde in (b"x" * 43, b"A" * 4000, b"ongeldig;;", "é".encode(), b"\xff\xfe"):
        assert http.get("/", headers={"Cookie": b"doorbraak_sessie=" + waarde}).status_code == 303
    for melding in (b"abc.def", b"e30=.AAAA", b"\xff.\xff", b"." * 5000):
        assert http.get("/aanmelden", headers={"Cookie": b"doorbraak_melding=" + melding}).status_code == 200


def test_een_pagina_van_een_auditor_komt_in_het_inzagelog(web: Container, http: httpx.Client) -> None:
    maak_account(web.settings, "ada", Rol.AUDITOR, regios=())
    meld_aan(http, naam="ada")
    assert http.get("/").status_code == 200
    schema = knooppunt_schema(web.settings.schema_prefix)
    with psycopg.connect(web.settings.database_url or "") as conn:
        rijen = conn.execute(f'SELECT wie, rol, methode, route, status FROM "{schema}".inzagelog').fetchall()
    assert ("ada", "auditor", "GET", "/", 200) in rijen


def test_de_api_documentatie_komt_van_deze_dienst(http: httpx.Client) -> None:
    for pad, bestand in (("/docs", "/statisch/vendor/swagger-ui/swagger-ui-bundle.js"), ("/redoc", None)):
        pagina = http.get(pad)
        assert pagina.status_code == 200, pad
        assert "cdn.jsdelivr" not in pagina.text and "fonts.googleapis" not in pagina.text
        assert "fastapi.tiangolo.com" not in pagina.text
        assert '<html lang="en">' in pagina.text
        if bestand:
            assert bestand in pagina.text
    assert http.get("/statisch/vendor/swagger-ui/swagger-ui.css").status_code == 200
    redoc = http.get("/statisch/vendor/redoc/redoc.standalone.js")
    assert redoc.status_code == 200 and "javascript" in redoc.headers["content-type"]
    openapi = http.get("/openapi.json").json()
    assert not {"/", "/aanmelden", "/afmelden", "/docs"} & set(openapi["paths"])


def test_ontbrekende_bestanden_van_de_documentatie_zeggen_wat_te_doen(
    maak_container: Callable[..., Container], tmp_path: object
) -> None:
    container = maak_container(regios=["zeeland"], vendor_dir=str(tmp_path))
    with serveer(container) as client:
        antwoord = client.get("/docs")
    assert antwoord.status_code == 503 and "npm ci" in antwoord.text


def test_met_secure_heet_de_cookie_host_en_is_die_secure(maak_container: Callable[..., Container]) -> None:
    container = maak_container(regios=["zeeland"])
    assert container.settings.cookie_secure  # the default
    maak_account(container.settings, "anna")
    with serveer(container) as client:
        pagina = client.get("/aanmelden")
        csrf_cookie = pagina.headers["set-cookie"]
        assert csrf_cookie.startswith("__Host-doorbraak_csrf=") and "Secure" in csrf_cookie
        assert "SameSite=strict" in csrf_cookie and "Path=/" in csrf_cookie and "Domain" not in csrf_cookie
        csrf = csrf_van(pagina.text)
        antwoord = client.post(
            "/aanmelden",
            data={"csrf": csrf, "naam": "anna", "wachtwoord": WACHTWOORD},
            headers={"Cookie": f"__Host-doorbraak_csrf={csrf}"},
        )
    assert antwoord.status_code == 303
    cookie = antwoord.headers["set-cookie"]
    assert cookie.startswith("__Host-doorbraak=")
    for vlag in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"):
        assert vlag in cookie


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_een_weigering_buiten_de_paginas_is_voor_een_browser_een_pagina(http: httpx.Client) -> None:
    """An unknown address, a method a page does not take, a form too large: a Dutch page for a browser,
    problem+json for everyone else."""
    onbekend = http.get("/bestaat-niet", headers=BROWSER)
    assert onbekend.status_code == 404 and "text/html" in onbekend.headers["content-type"]
    assert "Niet gevonden" in onbekend.text
    methode = http.put("/aanmelden", headers=BROWSER)
    assert methode.status_code == 405 and "Kan zo niet" in methode.text and "allow" in methode.headers
    te_groot = http.post("/aanmelden", content=b"naam=" + b"x" * (2 * 1024 * 1024), headers={
        **BROWSER, "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert te_groot.status_code == 413 and "Te groot" in te_groot.text
    assert te_groot.headers["x-content-type-options"] == "nosniff"
    for antwoord in (http.get("/bestaat-niet"), http.put("/aanmelden", headers={"Accept": "application/json"})):
        assert antwoord.headers["content-type"] == "application/problem+json"
