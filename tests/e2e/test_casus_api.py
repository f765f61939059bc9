"""Every endpoint of the case API, its happy path and its errors, through HTTP."""

import copy
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from httpx import Client

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from tests.conftest import Klok
from tests.e2e.conftest import Koppen, zonder
from tests.integration.test_eventstore import BarriereKlok

BASIS = "/regios/hart-van-brabant/casussen"


def aanmelding(**wijzigingen: Any) -> dict[str, Any]:
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["aanmelding"].update(wijzigingen)
    return body


def meld_aan(client: Client, koppen: Koppen, **wijzigingen: Any) -> str:
    antwoord = client.post(BASIS, json=aanmelding(**wijzigingen), headers=koppen("aanmelder"))
    assert antwoord.status_code == 201, antwoord.text
    return str(antwoord.headers["Location"])


def probleem(antwoord: Any, status: int) -> dict[str, Any]:
    assert antwoord.status_code == status, antwoord.text
    assert antwoord.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = antwoord.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def test_de_hele_levensloop(client: Client, koppen: Koppen, klok: Klok) -> None:
    vandaag = klok()
    antwoord = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder", naam="aanmelder-1"))
    assert antwoord.status_code == 201
    casus = antwoord.json()
    pad = antwoord.headers["Location"]
    assert pad == f"{BASIS}/{casus['id']}"
    assert casus["fase"] == "aangemeld"
    assert casus["persoonsgegevens"]["jeugdige"]["naam"] == "S. Jansen"
    assert [n["norm"] for n in casus["normen"]] == ["triage", "overleg"]
    assert int(antwoord.headers["X-Doorbraak-Positie"]) >= 1

    stappen = [
        ("triage", voorbeelden.TRIAGE, "triagist", "getrieerd"),
        ("overleg", {**voorbeelden.OVERLEG, "datum": vandaag.isoformat()}, "secretaris", "overleg-gepland"),
        (
            "advies",
            {**voorbeelden.ADVIES, "evaluatiedatum": (vandaag + timedelta(days=60)).isoformat()},
            "triagist",
            "advies-uitgebracht",
        ),
        ("evaluatie", {**voorbeelden.EVALUATIE, "datum": vandaag.isoformat()}, "casusregisseur", "geevalueerd"),
        ("opschaling", voorbeelden.OPSCHALING, "casusregisseur", "geevalueerd"),
        ("afsluiting", voorbeelden.AFSLUITING, "casusregisseur", "afgesloten"),
        ("heropening", voorbeelden.HEROPENING, "triagist", "aangemeld"),
    ]
    for stap, body, rol, fase in stappen:
        antwoord = client.post(f"{pad}/{stap}", json=body, headers=koppen(rol, naam=f"{rol}-1"))
        assert antwoord.status_code == 200, (stap, antwoord.text)
        assert antwoord.json()["fase"] == fase

    staat = client.get(pad, headers=koppen("expert")).json()
    assert (staat["versie"], staat["heropeningen"], staat["terugkeer"]) == (8, 1, 1)

    historie = client.get(f"{pad}/historie", headers=koppen("secretaris")).json()
    assert [e["type"] for e in historie["events"]] == [
        "Aangemeld",
        "Getrieerd",
        "OverlegGepland",
        "AdviesUitgebracht",
        "EvaluatieVastgelegd",
        "Opgeschaald",
        "Afgesloten",
        "Heropend",
    ]
    assert [e["versie"] for e in historie["events"]] == list(range(1, 9))
    assert historie["events"][0]["actor"] == "aanmelder-1"
    assert historie["events"][1]["actor"] == "triagist-1"
    assert historie["events"][1]["rol"] == "triagist"
    assert historie["events"][5]["data"]["opschaling"]["niveau"] == "bovenregionaal"
    assert all(e["tijdstip"] and e["op"] == vandaag.isoformat() for e in historie["events"])


def test_normen_en_te_laat_in_de_staat(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = date(2026, 11, 20)  # a Friday
    pad = meld_aan(client, koppen)
    klok.datum = date(2026, 11, 30)
    staat = client.get(pad, headers=koppen()).json()
    triage = staat["normen"][0]
    assert (triage["deadline"], triage["te_laat"]) == ("2026-11-27", True)
    assert staat["te_laat"] == ["triage"]
    antwoord = client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen())
    assert antwoord.status_code == 200  # a late triage is recorded, never refused
    assert antwoord.json()["normen"][0]["gehaald"] is False


# --- 422: the field at fault ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "veld"),
    [
        (zonder(voorbeelden.AANMELDING, "aanmelding", "woonplaatsgemeente"), "body.aanmelding.woonplaatsgemeente"),
        (aanmelding(leeftijd="vijftien"), "body.aanmelding.leeftijd"),
        (aanmelding(werkstroom="C"), "body.aanmelding.werkstroom"),
        (aanmelding(leefgebieden=[]), "body.aanmelding.leefgebieden"),
        (aanmelding(onbekend_veld=1), "body.aanmelding.onbekend_veld"),
        ({}, "body.aanmelding"),
    ],
)
def test_ongeldige_aanmelding_noemt_het_veld(client: Client, koppen: Koppen, body: dict[str, Any], veld: str) -> None:
    fout = probleem(client.post(BASIS, json=body, headers=koppen("aanmelder")), 422)
    assert fout["detail"].startswith(veld)
    assert fout["fouten"][0]["veld"] == veld


def test_geen_json_is_422(client: Client, koppen: Koppen) -> None:
    koppen_ = koppen("aanmelder", **{"Content-Type": "application/json"})
    probleem(client.post(BASIS, content=b"{kapot", headers=koppen_), 422)


@pytest.mark.parametrize(
    ("stap", "body", "veld"),
    [
        ("triage", zonder(voorbeelden.TRIAGE, "uitkomst"), "body.uitkomst"),
        ("overleg", {**voorbeelden.OVERLEG, "datum": "morgen"}, "body.datum"),
        ("advies", {**voorbeelden.ADVIES, "stappen": []}, "body.stappen"),
        ("evaluatie", {**voorbeelden.EVALUATIE, "scores": {"school": "prima"}}, "body.scores.school"),
        ("opschaling", zonder(voorbeelden.OPSCHALING, "intakevragen"), "body"),
        ("afsluiting", {**voorbeelden.AFSLUITING, "waardering_effect": 11}, "body.waardering_effect"),
        ("heropening", {}, "body.reden"),
    ],
)
def test_ongeldige_stap_noemt_het_veld(
    client: Client, koppen: Koppen, stap: str, body: dict[str, Any], veld: str
) -> None:
    pad = meld_aan(client, koppen)
    rol = {"evaluatie": "casusregisseur", "afsluiting": "casusregisseur"}.get(stap, "triagist")
    fout = probleem(client.post(f"{pad}/{stap}", json=body, headers=koppen(rol)), 422)
    assert fout["fouten"][0]["veld"] == veld


# --- 409: the rule broken ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("wijziging", "regel"),
    [
        ({"toestemming": {"anoniem": False}}, "toestemming-vereist"),
        ({"leeftijd": 24}, "leeftijd-buiten-bereik"),
        ({"woonplaatsgemeente": "Eindhoven"}, "gemeente-buiten-regio"),
    ],
)
def test_aanmelding_die_een_regel_breekt(client: Client, koppen: Koppen, wijziging: dict[str, Any], regel: str) -> None:
    fout = probleem(client.post(BASIS, json=aanmelding(**wijziging), headers=koppen("aanmelder")), 409)
    assert fout["regel"] == regel
    assert fout["type"].endswith(f"/regel/{regel}")


def test_stappen_buiten_volgorde(client: Client, koppen: Koppen) -> None:
    pad = meld_aan(client, koppen)
    assert (
        probleem(client.post(f"{pad}/advies", json=voorbeelden.ADVIES, headers=koppen()), 409)["regel"]
        == "nog-niet-getrieerd"
    )
    assert (
        probleem(client.post(f"{pad}/opschaling", json=voorbeelden.OPSCHALING, headers=koppen()), 409)["regel"]
        == "nog-niet-getrieerd"
    )
    assert (
        probleem(client.post(f"{pad}/heropening", json=voorbeelden.HEROPENING, headers=koppen()), 409)["regel"]
        == "casus-niet-afgesloten"
    )
    client.post(f"{pad}/afsluiting", json=voorbeelden.AFSLUITING, headers=koppen("casusregisseur"))
    fout = probleem(
        client.post(f"{pad}/afsluiting", json=voorbeelden.AFSLUITING, headers=koppen("casusregisseur")), 409
    )
    assert fout["regel"] == "casus-afgesloten"


# --- 401 / 403 / 404 ----------------------------------------------------------------


def test_zonder_token_401(client: Client) -> None:
    antwoord = client.post(BASIS, json=voorbeelden.AANMELDING)
    probleem(antwoord, 401)
    assert antwoord.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("token", ["kapot", "eyJhbGciOiJIUzI1NiJ9.e30.x"])
def test_ongeldig_token_401(client: Client, token: str) -> None:
    probleem(client.get(f"{BASIS}/x", headers={"Authorization": f"Bearer {token}"}), 401)


def test_token_met_andere_sleutel_401(client: Client) -> None:
    from adapters.tokens import Gebruiker, maak_token
    from domain.rollen import Rol

    vals = maak_token(
        Gebruiker(naam="x", rol=Rol.TRIAGIST, regios=("hart-van-brabant",)), "een-andere-sleutel" * 3, "doorbraak"
    )
    probleem(client.post(BASIS, json=voorbeelden.AANMELDING, headers={"Authorization": f"Bearer {vals}"}), 401)


def test_token_met_regios_als_tekst_401(client: Client, container: Container) -> None:
    import jwt

    claims = {"sub": "x", "rol": "triagist", "regios": "hart-van-brabant", "iss": "doorbraak", "exp": 4102444800}
    token = jwt.encode(claims, container.settings.jwt_sleutel.get_secret_value(), algorithm="HS256")
    probleem(client.post(BASIS, json=voorbeelden.AANMELDING, headers={"Authorization": f"Bearer {token}"}), 401)


def test_database_weg_is_503(client: Client, koppen: Koppen, container: Container) -> None:
    pad = meld_aan(client, koppen)
    container.stores["hart-van-brabant"].close()
    antwoord = client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen())
    assert probleem(antwoord, 503)["type"].endswith("niet-beschikbaar")
    assert antwoord.headers["Retry-After"] == "5"
    probleem(client.get(pad, headers=koppen()), 503)


def test_rol_zonder_bevoegdheid_403(client: Client, koppen: Koppen) -> None:
    pad = meld_aan(client, koppen)
    assert probleem(client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen("aanmelder")), 403)[
        "type"
    ].endswith("geen-bevoegdheid")
    probleem(client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("auditor")), 403)


def test_onbekende_regio_en_casus_404(client: Client, koppen: Koppen) -> None:
    probleem(
        client.get(
            "/regios/atlantis/casussen/00000000-0000-0000-0000-000000000000", headers=koppen("triagist", "atlantis")
        ),
        404,
    )
    probleem(client.get(f"{BASIS}/00000000-0000-0000-0000-000000000000", headers=koppen()), 404)
    probleem(client.get(f"{BASIS}/geen-uuid", headers=koppen()), 404)
    probleem(client.get(f"{BASIS}/00000000-0000-0000-0000-000000000000/historie", headers=koppen()), 404)
    probleem(
        client.post(f"{BASIS}/00000000-0000-0000-0000-000000000000/triage", json=voorbeelden.TRIAGE, headers=koppen()),
        404,
    )
    probleem(client.get("/bestaat/niet", headers=koppen()), 404)


def test_een_andere_regio_ziet_niets(client: Client, koppen: Koppen) -> None:
    pad = meld_aan(client, koppen)
    zeeland = koppen("triagist", "zeeland")
    vreemd = probleem(client.get(pad, headers=zeeland), 404)
    onbekend = probleem(client.get(f"{BASIS}/00000000-0000-0000-0000-000000000000", headers=zeeland), 404)
    assert vreemd["detail"] == onbekend["detail"]  # existence does not leak
    probleem(client.get(f"{pad}/historie", headers=zeeland), 404)
    probleem(client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=zeeland), 404)
    probleem(client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder", "zeeland")), 404)


def test_auditor_leest_elke_regio(client: Client, koppen: Koppen) -> None:
    pad = meld_aan(client, koppen)
    assert client.get(pad, headers=koppen("auditor", "zeeland")).status_code == 200
    assert client.get(f"{pad}/historie", headers=koppen("auditor", "zeeland")).status_code == 200


def test_gelijktijdige_commandos_een_wint_de_ander_krijgt_409(
    client: Client, koppen: Koppen, container: Container
) -> None:
    pad = meld_aan(client, koppen)
    dienst = container.regio("hart-van-brabant")
    barriere = BarriereKlok(2)
    barriere.actief = True
    dienst.vandaag = barriere
    with ThreadPoolExecutor(2) as pool:
        antwoorden = list(
            pool.map(lambda _: client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen()), range(2))
        )
    assert sorted(a.status_code for a in antwoorden) == [200, 409]
    conflict = next(a for a in antwoorden if a.status_code == 409)
    assert probleem(conflict, 409)["regel"] == "gelijktijdige-wijziging"
    assert len(client.get(f"{pad}/historie", headers=koppen()).json()["events"]) == 2


# --- idempotency ----------------------------------------------------------------------


def test_idempotency_key_geeft_het_eerste_antwoord(client: Client, koppen: Koppen, klok: Klok) -> None:
    """A retry gets the first answer: the same body (its position included) and the same headers, also
    after later commands and on a later day."""
    kop = koppen("aanmelder", **{"Idempotency-Key": "aanmelding-42"})
    eerste = client.post(BASIS, json=voorbeelden.AANMELDING, headers=kop)
    tweede = client.post(BASIS, json=voorbeelden.AANMELDING, headers=kop)
    assert (eerste.status_code, tweede.status_code) == (201, 201)
    assert tweede.headers["Idempotent-Replayed"] == "true"
    assert tweede.headers["Location"] == eerste.headers["Location"]
    assert eerste.json()["positie"] is not None
    assert tweede.json() == eerste.json()
    assert (
        tweede.headers["X-Doorbraak-Positie"] == eerste.headers["X-Doorbraak-Positie"] == str(eerste.json()["positie"])
    )
    pad = eerste.headers["Location"]
    kop = koppen("triagist", **{"Idempotency-Key": "triage-42"})
    getrieerd = client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=kop)
    assert getrieerd.status_code == 200
    overleg = client.post(f"{pad}/overleg", json=voorbeelden.OVERLEG, headers=koppen("secretaris"))
    assert overleg.status_code == 200
    klok.datum += timedelta(days=30)  # the triage is long overdue now, but was not when it was answered
    herhaald = client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=kop)
    assert herhaald.status_code == 200
    assert herhaald.headers["Idempotent-Replayed"] == "true"
    assert herhaald.json() == getrieerd.json()
    assert herhaald.headers["X-Doorbraak-Positie"] == getrieerd.headers["X-Doorbraak-Positie"]
    assert (
        client.post(
            BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder", **{"Idempotency-Key": "aanmelding-42"})
        ).json()
        == eerste.json()
    )
    assert len(client.get(f"{pad}/historie", headers=koppen()).json()["events"]) == 3


def test_idempotency_key_voor_een_ander_verzoek_422(client: Client, koppen: Koppen) -> None:
    kop = koppen("aanmelder", **{"Idempotency-Key": "aanmelding-43"})
    assert client.post(BASIS, json=voorbeelden.AANMELDING, headers=kop).status_code == 201
    fout = probleem(client.post(BASIS, json=aanmelding(urgentie="crisis"), headers=kop), 422)
    assert fout["veld"] == "Idempotency-Key"


def test_ongeldige_idempotency_key_422(client: Client, koppen: Koppen) -> None:
    fout = probleem(
        client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder", **{"Idempotency-Key": "x" * 300})),
        422,
    )
    assert fout["fouten"][0]["veld"] == "header.Idempotency-Key"


def test_openapi_met_voorbeelden(client: Client) -> None:
    spec = client.get("/openapi.json").json()
    aanmelden = spec["paths"]["/regios/{regio}/casussen"]["post"]
    assert "aanmelding" in aanmelden["requestBody"]["content"]["application/json"]["examples"]
    for stap in ("triage", "overleg", "advies", "evaluatie", "opschaling", "afsluiting", "heropening"):
        assert f"/regios/{{regio}}/casussen/{{casus_id}}/{stap}" in spec["paths"]
    assert client.get("/docs").status_code == 200
