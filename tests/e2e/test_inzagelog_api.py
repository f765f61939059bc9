"""Who read what, through HTTP: the access log records reads, exports and every auditor request before the
answer goes out; an auditor without a purpose is refused on every route; the log and the AVG inzage."""

from __future__ import annotations

import copy
import io
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pypdf
from httpx import Client

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from adapters.inzagelog_tabel import tabel
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.e2e.test_casus_api import probleem

HVB = "hart-van-brabant"
BASIS = f"/regios/{HVB}/casussen"
LOG = f"/audit/regios/{HVB}/inzagelog"
BEN = "ben-brabant-zeeland"
DOEL = "X-Doorbraak-Doel"


def auditor(koppen: Koppen, doel: str | None = "Steekproef dossiervorming 2026") -> dict[str, str]:
    kop = koppen("auditor", naam="audrey")
    del kop[DOEL]
    return kop | ({DOEL: doel} if doel is not None else {})


def privacy(koppen: Koppen, regio: str = HVB) -> dict[str, str]:
    return koppen("privacy", regio, naam="pieter-privacy")


def nieuwe_casus(client: Client, koppen: Koppen, body: dict[str, Any] | None = None) -> str:
    antwoord = client.post(BASIS, json=body or voorbeelden.AANMELDING, headers=koppen("aanmelder", naam="anne"))
    assert antwoord.status_code == 201, antwoord.text
    return str(antwoord.json()["id"])


def regels(client: Client, koppen: Koppen, **filter_: str) -> list[dict[str, Any]]:
    antwoord = client.get(LOG, params=filter_, headers=privacy(koppen))
    assert antwoord.status_code == 200, antwoord.text
    return list(antwoord.json()["regels"])


def test_wie_wat_las_wordt_vastgelegd(client: Client, koppen: Koppen) -> None:
    casus_id = nieuwe_casus(client, koppen)
    gelezen = client.get(f"{BASIS}/{casus_id}", headers=koppen("triagist", naam="tessa") | {"X-Request-Id": "rq-1"})
    assert gelezen.status_code == 200
    assert (
        client.get(f"{BASIS}/{casus_id}/historie", params={"versie": "1"}, headers=koppen("expert")).status_code == 200
    )
    assert client.get(f"/regios/{HVB}/werkvoorraad", headers=koppen()).status_code == 200  # no case's data: not
    assert client.get(f"{BASIS}/{uuid.uuid4()}", headers=koppen()).status_code == 404  # nothing read: not
    monitoring = client.get(
        f"/regios/{HVB}/monitoring",
        params={"periode": "2026-11", "casusregisseur": "Piet"},
        headers=auditor(koppen),
    )
    assert monitoring.status_code == 200
    assert client.get(f"{BASIS}/{uuid.uuid4()}", headers=auditor(koppen)).status_code == 404  # an auditor's: yes

    [lezing, historie, verzoek, mislukt] = regels(client, koppen)
    assert {k: lezing[k] for k in ("wie", "rol", "soort", "casus_id", "methode", "route", "request_id", "status")} == {
        "wie": "tessa",
        "rol": "triagist",
        "soort": "lezen",
        "casus_id": casus_id,
        "methode": "GET",
        "route": "/regios/{regio}/casussen/{casus_id}",
        "request_id": "rq-1",
        "status": 200,
    }
    assert lezing["doel"] is None and lezing["parameters"] == {}
    assert (historie["rol"], historie["route"], historie["parameters"]) == (
        "expert",
        "/regios/{regio}/casussen/{casus_id}/historie",
        {"versie": "1"},
    )
    assert (verzoek["wie"], verzoek["soort"], verzoek["doel"], verzoek["parameters"]) == (
        "audrey",
        "verzoek",
        "Steekproef dossiervorming 2026",
        {"periode": "2026-11"},
    )
    assert verzoek["route"] == "/regios/{regio}/monitoring"
    assert (mislukt["wie"], mislukt["soort"], mislukt["status"]) == ("audrey", "lezen", 404)
    assert [r["positie"] for r in [lezing, historie, verzoek, mislukt]] == sorted(
        r["positie"] for r in [lezing, historie, verzoek, mislukt]
    )


def test_een_nul_in_een_parameter_weigert_geen_verzoek(client: Client, koppen: Koppen) -> None:
    """A query value with %00 (which no text column can hold) does not make the log refuse the request (503):
    it is kept as U+FFFD."""
    antwoord = client.get(f"/regios/{HVB}/monitoring?periode=2026-11%00x", headers=auditor(koppen))
    assert antwoord.status_code == 422, antwoord.text
    [verzoek] = regels(client, koppen)
    assert (verzoek["status"], verzoek["parameters"]) == (422, {"periode": "2026-11\ufffdx"})


def test_het_log_lezen_wordt_zelf_vastgelegd(client: Client, koppen: Koppen) -> None:
    assert regels(client, koppen) == []
    [gelezen] = regels(client, koppen)
    assert (gelezen["wie"], gelezen["rol"], gelezen["soort"], gelezen["route"]) == (
        "pieter-privacy",
        "privacy",
        "inzagelog",
        "/audit/regios/{regio}/inzagelog",
    )
    client.get(LOG, params={"wie": "J. de Vries"}, headers=auditor(koppen, "Controle inzagelog"))
    laatste = regels(client, koppen)[-1]
    assert (laatste["wie"], laatste["doel"], laatste["parameters"]) == ("audrey", "Controle inzagelog", {})


def test_filteren_bladeren_en_csv(client: Client, koppen: Koppen) -> None:
    een, twee = nieuwe_casus(client, koppen), nieuwe_casus(client, koppen)
    for casus_id, naam in [(een, "a"), (twee, "b"), (een, "b"), (een, "a")]:
        assert client.get(f"{BASIS}/{casus_id}", headers=koppen(naam=naam)).status_code == 200
    gelezen = regels(client, koppen, casus=een)
    assert [r["wie"] for r in gelezen] == ["a", "b", "a"]
    assert [r["casus_id"] for r in regels(client, koppen, wie="b")] == [twee, een]
    # reading the log about a case is recorded with the case
    assert [(r["wie"], r["soort"]) for r in regels(client, koppen, casus=een)][-1] == ("pieter-privacy", "inzagelog")
    vandaag = datetime.fromisoformat(gelezen[0]["tijdstip"]).astimezone(ZoneInfo("Europe/Amsterdam")).date()
    assert len(regels(client, koppen, casus=een, van=str(vandaag), tot=str(vandaag))) == 5
    assert regels(client, koppen, casus=een, tot=str(vandaag - timedelta(days=1))) == []
    assert regels(client, koppen, casus=een, van=str(vandaag + timedelta(days=1))) == []
    fout = probleem(client.get(LOG, params={"van": "2026-11-20", "tot": "2026-11-19"}, headers=privacy(koppen)), 422)
    assert fout["veld"] == "query.tot"

    pagina = client.get(LOG, params={"wie": "a", "per_pagina": 1}, headers=privacy(koppen)).json()
    assert len(pagina["regels"]) == 1 and pagina["volgende"] == pagina["regels"][0]["positie"]
    rest = client.get(LOG, params={"wie": "a", "per_pagina": 1, "na": pagina["volgende"]}, headers=privacy(koppen))
    assert [r["wie"] for r in rest.json()["regels"]] == ["a"] and rest.json()["volgende"] is None

    csv = client.get(LOG, params={"wie": "b"}, headers=privacy(koppen) | {"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    kop, *rijen = csv.text.splitlines()
    assert kop.startswith("positie,tijdstip,wie,rol,soort,casus_id,methode,route") and len(rijen) == 2
    assert all(",b,triagist,lezen," in rij for rij in rijen)


def test_wie_het_log_mag_lezen(client: Client, koppen: Koppen) -> None:
    assert client.get(LOG, headers=auditor(koppen)).status_code == 200
    assert client.get(LOG.replace(HVB, "zeeland"), headers=auditor(koppen)).status_code == 200
    probleem(client.get(LOG, headers=privacy(koppen, "zeeland")), 404)
    probleem(client.get(LOG, headers=koppen("triagist")), 403)
    probleem(client.get(f"/audit/netwerken/{BEN}/inzagelog", headers=privacy(koppen)), 403)
    probleem(client.get("/audit/inzagelog", headers=privacy(koppen)), 403)
    assert client.get(f"/audit/netwerken/{BEN}/inzagelog", headers=auditor(koppen)).status_code == 200


def test_een_verzoek_over_een_onbekende_regio_in_het_log_van_het_knooppunt(client: Client, koppen: Koppen) -> None:
    probleem(client.get("/regios/nergens/werkvoorraad", headers=auditor(koppen, "Zoekt een regio")), 404)
    [regel] = client.get("/audit/inzagelog", headers=auditor(koppen)).json()["regels"]
    assert (regel["route"], regel["status"], regel["doel"]) == ("/regios/{regio}/werkvoorraad", 404, "Zoekt een regio")


ZONDER_TOKEN = {("GET", "/health"), ("GET", "/metrics"), ("GET", "/audit/sleutels")}
"""Routes that answer without a token (outside production; the public checkpoint keys always): nobody is
known, nothing of a case is read."""


def _pad(pad: str, parameters: list[dict[str, Any]]) -> str:
    waarden = {"regio": HVB, "netwerk": BEN}
    for parameter in parameters:
        if parameter["in"] == "path":
            pad = pad.replace(f"{{{parameter['name']}}}", waarden.get(parameter["name"], str(uuid.uuid4())))
    return pad


def test_een_auditor_zonder_doel_wordt_op_elke_route_geweigerd(client: Client, koppen: Koppen) -> None:
    """Walks the OpenAPI, so a route added later is covered; its only exceptions are the token-less ones."""
    operaties = [
        (methode.upper(), pad, operatie)
        for pad, item in client.get("/openapi.json").json()["paths"].items()
        for methode, operatie in item.items()
    ]
    assert len(operaties) > 30
    zonder_doelkop = {
        (methode, pad)
        for methode, pad, operatie in operaties
        if not any(p["in"] == "header" and p["name"] == DOEL for p in operatie.get("parameters", []))
    }
    assert zonder_doelkop == ZONDER_TOKEN
    for methode, pad, operatie in operaties:
        if (methode, pad) in ZONDER_TOKEN:
            continue
        url = _pad(pad, operatie.get("parameters", []))
        body: dict[str, Any] | None = {} if methode == "POST" else None
        for doel in (None, ""):
            antwoord = client.request(methode, url, json=body, headers=auditor(koppen, doel))
            fout = probleem(antwoord, 422)
            assert fout["type"].endswith("/doel-vereist") and fout["veld"] == f"header.{DOEL}", (methode, pad)
    assert client.get("/audit/inzagelog", headers=auditor(koppen)).json()["regels"] == []


def test_een_doel_in_utf8_en_de_grenzen(client: Client, koppen: Koppen) -> None:
    casus_id = nieuwe_casus(client, koppen)
    doel = "Controle één dossier – steekproef"
    koppen_utf8 = [(k.encode(), v.encode()) for k, v in auditor(koppen, None).items()] + [
        (DOEL.encode(), doel.encode())
    ]
    antwoord = client.get(f"{BASIS}/{casus_id}", headers=koppen_utf8)
    assert antwoord.status_code == 200, antwoord.text
    assert regels(client, koppen, casus=casus_id)[-1]["doel"] == doel
    probleem(client.get(f"{BASIS}/{casus_id}", headers=auditor(koppen, "x" * 301)), 422)
    assert client.get(f"{BASIS}/{casus_id}", headers=auditor(koppen, "x" * 300)).status_code == 200


def test_geen_antwoord_als_het_log_niet_geschreven_kan_worden(
    client: Client, koppen: Koppen, container: Container, database_url: str
) -> None:
    casus_id = nieuwe_casus(client, koppen)
    schema = container.schema(HVB)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            f"CREATE FUNCTION {schema}.weiger() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'schijf vol'; END $$"
        )
        conn.execute(
            f"CREATE TRIGGER weiger BEFORE INSERT ON {tabel(schema)} FOR EACH ROW EXECUTE FUNCTION {schema}.weiger()"
        )
        try:
            antwoord = client.get(f"{BASIS}/{casus_id}", headers=koppen())
            fout = probleem(antwoord, 503)
            assert antwoord.headers["Retry-After"] == "5" and "access log" in fout["detail"]
            assert "Jansen" not in antwoord.text
            probleem(client.get(f"/regios/{HVB}/werkvoorraad", headers=auditor(koppen)), 503)
            assert client.get(f"/regios/{HVB}/werkvoorraad", headers=koppen()).status_code == 200  # nothing to record
        finally:
            conn.execute(f"DROP TRIGGER weiger ON {tabel(schema)}")
    assert client.get(f"{BASIS}/{casus_id}", headers=koppen()).status_code == 200


# --- the AVG inzage ----------------------------------------------------------------------------------


def _dossier(client: Client, koppen: Koppen, klok: Klok, container: Container) -> tuple[str, Netwerkcasus]:
    """A case registered, triaged, corrected and escalated to the network, which received it; read by the
    team, an auditor, and the network's kernteam."""
    klok.datum = date(2026, 11, 20)
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["persoonsgegevens"]["jeugdige"]["naam"] = "Zoë Łukasiewicz"
    casus_id = nieuwe_casus(client, koppen, body)
    pad = f"{BASIS}/{casus_id}"
    assert client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen(naam="tessa")).status_code == 200
    correctie = {
        "onderdeel": "persoonsgegevens",
        "wijzigingen": {"ouders.0.naam": "M. Jansen-de Wit"},
        "reden": "Typefout.",
    }
    assert client.post(f"{pad}/correctie", json=correctie, headers=koppen("secretaris", naam="sem")).status_code == 200
    opgeschaald = client.post(f"{pad}/opschaling", json=voorbeelden.OPSCHALING, headers=koppen(naam="tessa"))
    assert opgeschaald.status_code == 200, opgeschaald.text
    assert client.get(pad, headers=auditor(koppen, "Toezicht jeugdzorg Q4")).status_code == 200
    [event] = [e for e in container.regio(HVB).historie(uuid.UUID(casus_id)) if type(e).__name__ == "Opgeschaald"]
    netwerkcasus = Netwerkcasus.ontvang(event.escalatie, op=klok(), herkomst=Herkomst(actor="ontvanger", rol="systeem"))
    container.netwerk_stores[BEN].bewaar(netwerkcasus)
    kernteam = koppen("kernteam", naam="karel-kernteam", netwerken=(BEN,))
    assert client.get(f"/netwerken/{BEN}/casussen/{netwerkcasus.id}", headers=kernteam).status_code == 200
    return casus_id, netwerkcasus


def test_inzage_als_json(client: Client, koppen: Koppen, klok: Klok, container: Container) -> None:
    casus_id, _ = _dossier(client, koppen, klok, container)
    antwoord = client.get(f"{BASIS}/{casus_id}/inzage", headers=privacy(koppen))
    assert antwoord.status_code == 200, antwoord.text
    inzage = antwoord.json()
    assert (inzage["casus_id"], inzage["regionaam"], inzage["opgesteld_door"]) == (
        casus_id,
        "Hart van Brabant",
        "pieter-privacy",
    )
    persoonsgegevens = {g["veld"]: g["waarde"] for g in inzage["persoonsgegevens"]}
    assert persoonsgegevens["jeugdige / naam"] == "Zoë Łukasiewicz"
    assert persoonsgegevens["ouders 1 / naam"] == "M. Jansen-de Wit"  # as corrected
    assert [(s["stap"], s["datum"], s["door"]) for s in inzage["stappen"]] == [
        ("Aanmelding", "2026-11-20", "anne"),
        ("Triage", "2026-11-20", "tessa"),
        ("Gegevens gecorrigeerd", "2026-11-20", "sem"),
        ("Opgeschaald", "2026-11-20", "tessa"),
    ]
    correctie = {g["veld"]: g["waarde"] for g in inzage["stappen"][2]["gegevens"]}
    assert correctie["wijzigingen 1 / van"] == "M. Jansen" and correctie["wijzigingen 1 / naar"] == "M. Jansen-de Wit"
    [verzonden] = inzage["naar_netwerk"]
    assert verzonden["netwerk"] == BEN
    assert {"veld": "intakevragen / urgentie", "waarde": "Binnen twee weken."} in verzonden["gegevens"]
    assert not any("Jansen" in g["waarde"] for g in verzonden["gegevens"])
    ingezien = [(i["wie"], i["handeling"], i["doel"], i["waar"]) for i in inzage["ingezien"]]
    assert ingezien == [
        ("audrey", "dossier bekeken", "Toezicht jeugdzorg Q4", "regio"),
        ("karel-kernteam", "dossier bekeken", None, BEN),
    ]
    assert inzage["ingezien_volledig"] is True

    [export] = [r for r in regels(client, koppen, casus=casus_id) if r["soort"] == "export"]
    assert (export["wie"], export["route"]) == ("pieter-privacy", "/regios/{regio}/casussen/{casus_id}/inzage")
    tweede = client.get(f"{BASIS}/{casus_id}/inzage", headers=privacy(koppen)).json()
    assert [(i["wie"], i["handeling"]) for i in tweede["ingezien"][-2:]] == [
        ("pieter-privacy", "inzageoverzicht gemaakt"),
        ("pieter-privacy", "inzagelog gelezen"),
    ]


def test_inzage_als_pdf(client: Client, koppen: Koppen, klok: Klok, container: Container) -> None:
    casus_id, _ = _dossier(client, koppen, klok, container)
    antwoord = client.get(f"{BASIS}/{casus_id}/inzage", headers=privacy(koppen) | {"Accept": "application/pdf"})
    assert antwoord.status_code == 200, antwoord.text
    assert antwoord.headers["content-type"] == "application/pdf"
    assert antwoord.content.startswith(b"%PDF-")
    tekst = "\n".join(pagina.extract_text() for pagina in pypdf.PdfReader(io.BytesIO(antwoord.content)).pages)
    for feit in [
        "Inzage in het dossier",
        casus_id,
        "Hart van Brabant",
        "Persoonsgegevens",
        "jeugdige / naam: Zoë Lukasiewicz",  # ł is beyond the built-in font: its base letter
        "ouders 1 / naam: M. Jansen-de Wit",
        "20-11-2026 - Aanmelding",
        "20-11-2026 - Triage",
        "door tessa (triagist)",
        "aanmelding / woonplaatsgemeente: Tilburg",
        "Verzonden naar het bovenregionale netwerk",
        f"naar {BEN}",
        "intakevragen / urgentie: Binnen twee weken.",
        "Wie het dossier heeft ingezien",
        "audrey (auditor), dossier bekeken, doel: Toezicht jeugdzorg Q4",
        f"karel-kernteam (kernteam), dossier bekeken (bij het netwerk {BEN})",
    ]:
        assert feit in tekst, f"{feit!r} not in the PDF's text:\n{tekst}"
    assert [r["soort"] for r in regels(client, koppen, casus=casus_id)][-1] == "export"


def test_wie_inzage_mag_geven(client: Client, koppen: Koppen) -> None:
    casus_id = nieuwe_casus(client, koppen)
    pad = f"{BASIS}/{casus_id}/inzage"
    probleem(client.get(pad, headers=privacy(koppen, "zeeland")), 404)
    probleem(client.get(pad, headers=koppen("triagist")), 403)
    probleem(client.get(pad, headers=auditor(koppen)), 403)
    probleem(client.get(f"{BASIS}/{uuid.uuid4()}/inzage", headers=privacy(koppen)), 404)
    # the auditor's attempt is recorded, refused as it was
    assert [(r["wie"], r["soort"], r["status"]) for r in regels(client, koppen, casus=casus_id)] == [
        ("audrey", "export", 403)
    ]
