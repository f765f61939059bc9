"""The edge of the API through a real HTTP server: bad input refused with 422, tokens checked at the door,
answers with safe headers, one access line per request, metrics, and 503 while the databases are away."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import psycopg
import pytest
import uvicorn
from eventsourcing.persistence import StoredEvent
from prometheus_client.parser import text_string_to_metric_families

from adapters.bootstrap import Container
from adapters.embedded import vrije_poort, wacht_op_poort
from adapters.http import voorbeelden
from adapters.http.app import maak_app
from adapters.logboek import JsonRegels
from adapters.tokens import ALGORITME
from projections.decoder import decodeer
from tests.e2e.conftest import Koppen

HVB = "/regios/hart-van-brabant"
BEN = "/netwerken/ben-brabant-zeeland"


def registreer(client: httpx.Client, koppen: Koppen, body: dict[str, Any] | None = None) -> httpx.Response:
    return client.post(f"{HVB}/casussen", json=body or voorbeelden.AANMELDING, headers=koppen())


def probleem(antwoord: httpx.Response, status: int) -> dict[str, Any]:
    assert antwoord.status_code == status, antwoord.text
    assert antwoord.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = antwoord.json()
    return body


def velden(antwoord: httpx.Response) -> list[str]:
    return [fout["veld"] for fout in probleem(antwoord, 422)["fouten"]]


def test_een_nul_in_een_knelpunt_wordt_geweigerd_en_de_leesmodellen_lopen_door(
    client: httpx.Client, koppen: Koppen
) -> None:
    casus_id = registreer(client, koppen).json()["id"]
    triage = {**voorbeelden.TRIAGE, "knelpunten": [{"categorie": "samenwerking", "omschrijving": "geen\u0000regie"}]}
    antwoord = client.post(f"{HVB}/casussen/{casus_id}/triage", json=triage, headers=koppen())
    assert velden(antwoord) == ["body.knelpunten.0.omschrijving"]
    goed = client.post(f"{HVB}/casussen/{casus_id}/triage", json=voorbeelden.TRIAGE, headers=koppen())
    assert goed.status_code == 200, goed.text
    positie = goed.headers["X-Doorbraak-Positie"]
    lijst = client.get(f"{HVB}/werkvoorraad", params={"na_positie": positie}, headers=koppen()).json()
    assert lijst["actueel"] is True and [c["fase"] for c in lijst["casussen"]] == ["getrieerd"]


@pytest.mark.parametrize(
    ("pad", "parameter"),
    [
        (f"{HVB}/werkvoorraad", "fase"),
        (f"{HVB}/werkvoorraad", "werkstroom"),
        (f"{HVB}/werkvoorraad", "casusregisseur"),
        (f"{BEN}/inbox", "regio"),
    ],
)
def test_een_nul_in_een_filter_is_422(client: httpx.Client, koppen: Koppen, pad: str, parameter: str) -> None:
    kop = koppen("kernteam", netwerken=("ben-brabant-zeeland",)) if pad.startswith(BEN) else koppen()
    assert velden(client.get(f"{pad}?{parameter}=%00", headers=kop)) == [f"query.{parameter}"]


@pytest.mark.parametrize(
    ("parameter", "waarde"),
    [
        ("pagina", "9223372036854775807"),
        ("pagina", "0"),
        ("per_pagina", "501"),
        ("na_positie", "9223372036854775808"),
        ("na_positie", "-1"),
    ],
)
def test_getallen_zijn_begrensd(client: httpx.Client, koppen: Koppen, parameter: str, waarde: str) -> None:
    assert velden(client.get(f"{HVB}/werkvoorraad", params={parameter: waarde}, headers=koppen())) == [
        f"query.{parameter}"
    ]


@pytest.mark.parametrize(
    ("pad", "params"),
    [
        ("monitoring", {"periode": "0000"}),
        ("monitoring", {"periode": "0000-01"}),
        ("monitoring", {"periode": "0000-Q1"}),
        ("monitoring", {"periode": "0000-H1"}),
        ("monitoring", {"van": "0001-01-01", "tot": "2026-01-01"}),
        ("signalering", {"halfjaar": "0000-H1"}),
        ("signalering", {"halfjaar": "2101-H1"}),
    ],
)
def test_perioden_buiten_bereik_zijn_422(
    client: httpx.Client, koppen: Koppen, pad: str, params: dict[str, str]
) -> None:
    assert probleem(client.get(f"{HVB}/{pad}", params=params, headers=koppen()), 422)["veld"] == "query.periode"


def test_leefgebieden_elk_een_keer_en_het_verzoek_begrensd(client: httpx.Client, koppen: Koppen) -> None:
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["aanmelding"]["leefgebieden"] = ["gezin"] * 1000
    assert velden(registreer(client, koppen, body)) == ["body.aanmelding.leefgebieden"]
    body["aanmelding"]["leefgebieden"] = ["gezin"] * 1_000_000
    assert probleem(registreer(client, koppen, body), 413)["status"] == 413


def token(container: Container, **claims: Any) -> dict[str, str]:
    nu = datetime.now(UTC)
    inhoud = {"sub": "tester", "rol": "triagist", "regios": ["hart-van-brabant"], "iss": "doorbraak"}
    inhoud |= {"iat": nu, "exp": nu + timedelta(hours=1)} | claims
    sleutel = container.settings.jwt_sleutel.get_secret_value()
    return {"Authorization": f"Bearer {jwt.encode(inhoud, sleutel, algorithm=ALGORITME)}"}


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": ""},
        {"sub": "   "},
        {"sub": "x" * 300},
        {"rol": "directeur"},
        {"iat": datetime.now(UTC), "exp": datetime.now(UTC) + timedelta(days=3650)},
    ],
    ids=["leeg", "spaties", "300-tekens", "onbekende-rol", "tien-jaar"],
)
def test_een_ongeldig_token_is_401_ook_bij_schrijven(
    client: httpx.Client, container: Container, claims: dict[str, Any]
) -> None:
    kop = token(container, **claims)
    antwoord = client.post(f"{HVB}/casussen", json=voorbeelden.AANMELDING, headers=kop)
    assert probleem(antwoord, 401)["type"].endswith("niet-aangemeld")
    assert antwoord.headers["WWW-Authenticate"] == "Bearer"
    assert probleem(client.get(f"{HVB}/werkvoorraad", headers=kop), 401)


def test_een_ouder_event_met_nul_en_dubbele_leefgebieden_blijft_leesbaar(container: Container) -> None:
    """As an older version stored it: raw JSON the bounds of today refuse, read by the mapper and the decoder."""
    store, dienst = container.stores["hart-van-brabant"], container.regio("hart-van-brabant")
    casus_id = uuid.uuid4()
    aanmelding = copy.deepcopy(voorbeelden.AANMELDING["aanmelding"])
    aanmelding |= {"leefgebieden": ["gezin"] * 1000, "vraag": "geen\u0000regie", "woonplaatsgemeente": "Tilburg"}
    state = {
        "originator_id": str(casus_id),
        "originator_version": 1,
        "timestamp": "2025-03-01T10:00:00+00:00",
        "op": "2025-03-01",
        "herkomst": {"actor": "oud", "rol": "aanmelder", "idempotency_key": None, "verzoek_hash": None},
        "originator_topic": "domain.casus:Casus",
        "regio": "hart-van-brabant",
        "aanmelding": aanmelding,
        "persoonsgegevens": None,
    }
    topic = "domain.casus:Casus.Aangemeld"
    store.recorder.insert_events(
        [StoredEvent(originator_id=casus_id, originator_version=1, topic=topic, state=json.dumps(state).encode())]
    )
    casus = dienst.casus(casus_id)
    assert casus.aanmelding.vraag == "geen\x00regie" and len(casus.aanmelding.leefgebieden) == 1000
    with psycopg.connect(container.settings.database_url or "") as conn:
        rij = conn.execute(
            f'SELECT topic, state FROM "{container.schema("hart-van-brabant")}".casussen_events '
            "WHERE originator_id = %s",
            (casus_id,),
        ).fetchone()
    assert rij is not None
    assert decodeer(rij[0], bytes(rij[1])).aanmelding.vraag == "geen\x00regie"


def test_antwoorden_hebben_veilige_koppen_en_een_request_id(client: httpx.Client, koppen: Koppen) -> None:
    antwoord = client.get(f"{HVB}/werkvoorraad", headers=koppen(**{"X-Request-Id": "klant-42"}))
    assert antwoord.headers["Cache-Control"] == "no-store"
    assert antwoord.headers["X-Content-Type-Options"] == "nosniff"
    assert antwoord.headers["X-Request-Id"] == "klant-42"
    assert "server" not in antwoord.headers
    docs = client.get("/openapi.json", headers={"X-Request-Id": "met spaties erin"})
    assert docs.headers["X-Content-Type-Options"] == "nosniff" and "server" not in docs.headers
    assert len(docs.headers["X-Request-Id"]) == 32


def _toegangsregels(caplog: pytest.LogCaptureFixture, aantal: int) -> list[dict[str, Any]]:
    """The access lines, waiting briefly for the last: the server writes one after its answer was sent."""
    grens = time.monotonic() + 5
    while True:
        regels = [json.loads(JsonRegels().format(r)) for r in caplog.records if r.name == "doorbraak.http"]
        if len(regels) >= aantal or time.monotonic() > grens:
            return regels
        time.sleep(0.01)


def test_een_toegangsregel_per_verzoek_zonder_persoonsgegevens(
    client: httpx.Client, koppen: Koppen, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="doorbraak.http"):
        nieuw = registreer(client, koppen)
        casus_id = nieuw.json()["id"]
        gelezen = client.get(f"{HVB}/casussen/{casus_id}", params={"na_positie": 1}, headers=koppen("secretaris"))
        client.get(f"{HVB}/casussen/niet-een-uuid", headers=koppen())
        regels = _toegangsregels(caplog, 3)
    assert [(r["method"], r["route"], r["status"]) for r in regels] == [
        ("POST", "/regios/{regio}/casussen", 201),
        ("GET", "/regios/{regio}/casussen/{casus_id}", 200),
        ("GET", "/regios/{regio}/casussen/{casus_id}", 404),
    ]
    assert [r["request_id"] for r in regels[:2]] == [nieuw.headers["X-Request-Id"], gelezen.headers["X-Request-Id"]]
    assert [(r["actor"], r["role"]) for r in regels[:2]] == [("tester", "triagist"), ("tester", "secretaris")]
    assert all(isinstance(r["duration_ms"], float) and r["duration_ms"] > 0 for r in regels)
    tekst = json.dumps(regels)
    persoon = voorbeelden.AANMELDING["persoonsgegevens"]
    for geheim in (casus_id, "na_positie", "niet-een-uuid", persoon["jeugdige"]["naam"], "Tilburg"):
        assert geheim not in tekst


def test_metrics_in_het_prometheus_formaat(client: httpx.Client, koppen: Koppen) -> None:
    positie = registreer(client, koppen).headers["X-Doorbraak-Positie"]
    client.get(f"{HVB}/werkvoorraad", params={"na_positie": positie}, headers=koppen())
    antwoord = client.get("/metrics")
    assert antwoord.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(antwoord.text)}
    positie_per_regio = {s.labels["regio"]: s.value for s in families["doorbraak_projectie_positie"].samples}
    assert positie_per_regio == {"hart-van-brabant": float(positie), "zeeland": 0.0}
    verzoeken = {
        (s.labels["route"], s.labels["method"], s.labels["status"]): s.value
        for s in families["doorbraak_http_requests"].samples
        if s.name.endswith("_total")
    }
    assert verzoeken[("/regios/{regio}/casussen", "POST", "201")] == 1.0
    assert verzoeken[("/regios/{regio}/werkvoorraad", "GET", "200")] == 1.0
    duur = families["doorbraak_http_request_duration_seconds"]
    assert any(s.name.endswith("_bucket") and s.labels["le"] == "+Inf" for s in duur.samples)
    familie, gezien = "", set()
    for regel in antwoord.text.splitlines():  # every sample stands under its own metric's TYPE line
        if regel.startswith("# TYPE "):
            familie = regel.split()[2]
            assert familie not in gezien
            gezien.add(familie)
        elif not regel.startswith("#"):
            assert regel.startswith(familie), (regel, familie)


@contextmanager
def draaiende_server(container: Container) -> Iterator[tuple[httpx.Client, Any, asyncio.AbstractEventLoop]]:
    """A server like the `client` fixture's, giving also its app and event loop."""
    app = maak_app(container)
    lus: dict[str, asyncio.AbstractEventLoop] = {}

    async def met_lus(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            lus["lus"] = asyncio.get_running_loop()
        await app(scope, receive, send)

    poort = vrije_poort()
    server = uvicorn.Server(uvicorn.Config(met_lus, host="127.0.0.1", port=poort, log_level="critical"))
    draad = threading.Thread(target=server.run, daemon=True)
    draad.start()
    try:
        wacht_op_poort(poort)
        with httpx.Client(base_url=f"http://127.0.0.1:{poort}", timeout=30) as c:
            yield c, app, lus["lus"]
    finally:
        server.should_exit = True
        draad.join(10)


def test_zonder_database_antwoordt_elk_endpoint_503(
    maak_container: Callable[..., Container], koppen: Koppen, klok: Any
) -> None:
    container = maak_container()
    kernteam = koppen("kernteam", netwerken=("ben-brabant-zeeland",))
    with draaiende_server(container) as (client, app, lus):
        casus_id = registreer(client, koppen).json()["id"]
        for store in [*container.stores.values(), *container.netwerk_stores.values()]:
            store.close()  # the event stores' pools (psycopg)
        for pool in app.state.leesmodellen.pools.values():
            lus.call_soon_threadsafe(pool.terminate)  # the read models' pools (asyncpg)
        verzoeken: list[tuple[str, str, dict[str, str], dict[str, Any] | None]] = [
            ("POST", f"{HVB}/casussen", koppen(), voorbeelden.AANMELDING),
            ("GET", f"{HVB}/casussen/{uuid.uuid4()}", koppen(), None),
            ("POST", f"{HVB}/casussen/{uuid.uuid4()}/triage", koppen(), voorbeelden.TRIAGE),
            ("GET", f"{HVB}/werkvoorraad", koppen(), None),
            ("GET", f"{HVB}/casussen/{casus_id}/tijdlijn", koppen(), None),
            ("GET", f"{HVB}/monitoring?periode=2026", koppen(), None),
            ("GET", f"{BEN}/inbox", kernteam, None),
            ("GET", f"{BEN}/casussen/{uuid.uuid4()}", kernteam, None),
        ]
        for methode, pad, kop, body in verzoeken:
            antwoord = client.request(methode, pad, headers=kop, json=body)
            assert probleem(antwoord, 503)["type"].endswith("niet-beschikbaar"), (methode, pad)
            assert antwoord.headers["Retry-After"] == "5"
        gezondheid = client.get("/health")  # says so, and the metrics still answer, so an alert can fire
        assert (gezondheid.status_code, gezondheid.json()["status"]) == (503, "herstellend")
        metrics = client.get("/metrics")
        assert metrics.status_code == 200 and 'doorbraak_status{status="herstellend"} 1.0' in metrics.text


def test_een_lijst_van_een_half_miljoen_wordt_in_een_keer_geweigerd(client: httpx.Client, koppen: Koppen) -> None:
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["aanmelding"]["leefgebieden"] = [0] * 500_000
    begin = time.perf_counter()
    antwoord = registreer(client, koppen, body)
    fout = probleem(antwoord, 422)
    assert time.perf_counter() - begin < 2.0 and len(antwoord.content) < 10_000
    assert fout["fouten"] == [
        {"veld": "body.aanmelding.leefgebieden", "melding": fout["fouten"][0]["melding"], "soort": "value_error"}
    ]
    assert "at most" in fout["detail"]


def test_een_weigering_noemt_de_eerste_honderd_fouten_en_telt_de_rest(client: httpx.Client, koppen: Koppen) -> None:
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["aanmelding"] |= {f"onbekend_{i}": i for i in range(5_000)}
    fout = probleem(registreer(client, koppen, body), 422)
    assert len(fout["fouten"]) == 100 and fout["fouten_weggelaten"] == 4_900
    assert fout["fouten"][0]["soort"] == "extra_forbidden"


def test_een_knelpunt_met_de_naam_van_de_jeugdige_wordt_geweigerd(client: httpx.Client, koppen: Koppen) -> None:
    casus_id = registreer(client, koppen).json()["id"]
    naam = voorbeelden.AANMELDING["persoonsgegevens"]["jeugdige"]["naam"]
    knelpunt = {"categorie": "samenwerking", "omschrijving": f"Geen plek voor {naam}."}
    triage = {**voorbeelden.TRIAGE, "knelpunten": [knelpunt]}
    fout = probleem(client.post(f"{HVB}/casussen/{casus_id}/triage", json=triage, headers=koppen()), 409)
    assert (fout["regel"], fout["veld"]) == ("persoonsgegevens-in-blijvende-tekst", "knelpunten.0.omschrijving")
    assert naam not in json.dumps(fout)
