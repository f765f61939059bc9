"""Steps registered afterwards, dated as they happened (`op`), through HTTP."""

from __future__ import annotations

from datetime import date, timedelta

from httpx import Client

from adapters.http import voorbeelden
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.e2e.test_casus_api import BASIS, probleem

VANDAAG = date(2026, 11, 20)  # a Friday


def meld_aan_op(client: Client, koppen: Koppen, op: date) -> str:
    body = {**voorbeelden.AANMELDING, "op": op.isoformat()}
    antwoord = client.post(BASIS, json=body, headers=koppen("aanmelder"))
    assert antwoord.status_code == 201, antwoord.text
    assert antwoord.json()["aangemeld_op"] == op.isoformat()
    return str(antwoord.headers["Location"])


def test_een_aanmelding_en_triage_van_vorige_week(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = VANDAAG
    pad = meld_aan_op(client, koppen, date(2026, 11, 9))
    triage = client.post(f"{pad}/triage", json={**voorbeelden.TRIAGE, "op": "2026-11-17"}, headers=koppen("triagist"))
    assert triage.status_code == 200, triage.text
    casus = triage.json()
    assert casus["getrieerd_op"] == "2026-11-17"
    assert casus["laatste_stap_op"] == "2026-11-17"
    assert casus["aangemeld_vastgelegd"].startswith(str(date.today().year))
    norm = next(n for n in casus["normen"] if n["norm"] == "triage")
    assert norm["deadline"] == "2026-11-16"  # five working days from the registration's business date
    assert norm["voldaan_op"] == "2026-11-17"
    assert norm["gehaald"] is False

    historie = client.get(f"{pad}/historie", headers=koppen("triagist")).json()["events"]
    assert [(e["type"], e["op"]) for e in historie] == [("Aangemeld", "2026-11-09"), ("Getrieerd", "2026-11-17")]
    assert all(e["tijdstip"] for e in historie)
    assert historie[1]["data"]["triage"]["uitkomst"] == "bespreken"
    assert "op" not in historie[1]["data"]["triage"]


def test_zonder_op_is_het_vandaag(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = VANDAAG
    antwoord = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder"))
    assert antwoord.json()["aangemeld_op"] == VANDAAG.isoformat()
    assert antwoord.json()["laatste_stap_op"] == VANDAAG.isoformat()


def test_een_datum_in_de_toekomst_wordt_geweigerd(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = VANDAAG
    morgen = (VANDAAG + timedelta(days=1)).isoformat()
    body = probleem(client.post(BASIS, json={**voorbeelden.AANMELDING, "op": morgen}, headers=koppen("aanmelder")), 409)
    assert (body["regel"], body["veld"]) == ("datum-in-toekomst", "op")
    pad = meld_aan_op(client, koppen, VANDAAG)
    body = probleem(client.post(f"{pad}/triage", json={**voorbeelden.TRIAGE, "op": morgen}, headers=koppen()), 409)
    assert body["regel"] == "datum-in-toekomst"


def test_een_stap_voor_de_vorige_wordt_geweigerd(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = VANDAAG
    pad = meld_aan_op(client, koppen, date(2026, 11, 12))
    body = probleem(
        client.post(f"{pad}/triage", json={**voorbeelden.TRIAGE, "op": "2026-11-11"}, headers=koppen()), 409
    )
    assert body["regel"] == "datum-voor-vorige-stap"
    assert "2026-11-12" in body["detail"]


def test_een_aanmelding_van_te_lang_geleden_wordt_geweigerd(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = VANDAAG
    body = {**voorbeelden.AANMELDING, "op": "2021-11-19"}
    probleem_ = probleem(client.post(BASIS, json=body, headers=koppen("aanmelder")), 409)
    assert probleem_["regel"] == "aanmelding-te-lang-geleden"
    meld_aan_op(client, koppen, date(2021, 11, 20))


def test_een_onleesbare_datum_is_422(client: Client, koppen: Koppen) -> None:
    for waarde in ("gisteren", "1800-01-01", 20261120):
        antwoord = client.post(BASIS, json={**voorbeelden.AANMELDING, "op": waarde}, headers=koppen("aanmelder"))
        probleem(antwoord, 422)


def test_een_herhaalde_teruggedateerde_stap_geeft_het_eerste_antwoord(
    client: Client, koppen: Koppen, klok: Klok
) -> None:
    klok.datum = VANDAAG
    kop = koppen("aanmelder") | {"Idempotency-Key": "terug-1"}
    body = {**voorbeelden.AANMELDING, "op": "2026-11-02"}
    eerste = client.post(BASIS, json=body, headers=kop)
    klok.datum = VANDAAG + timedelta(days=10)
    tweede = client.post(BASIS, json=body, headers=kop)
    assert tweede.headers["Idempotent-Replayed"] == "true"
    assert tweede.json()["normen"] == eerste.json()["normen"]
    anders = client.post(BASIS, json={**body, "op": "2026-11-03"}, headers=kop)
    assert probleem(anders, 422)["type"].endswith("idempotency-key-hergebruikt")
