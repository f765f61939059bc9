"""Corrections through HTTP: the state, the history, the work queue and the monitoring show the corrected facts."""

from __future__ import annotations

from datetime import date

from httpx import Client

from adapters.http import voorbeelden
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.e2e.test_casus_api import BASIS, probleem

HVB = "/regios/hart-van-brabant"


def correctie(**wijzigingen: object) -> dict[str, object]:
    return {"onderdeel": "aanmelding", "wijzigingen": wijzigingen, "reden": "Verkeerd overgenomen."}


def test_een_gecorrigeerde_aanmelding_overal(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = date(2026, 11, 2)
    pad = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder")).headers["Location"]
    klok.datum = date(2026, 11, 20)
    antwoord = client.post(
        f"{pad}/correctie",
        json=correctie(woonplaatsgemeente="goirle", leeftijd=17, werkstroom="A", plaatsingsdatum="2026-11-01"),
        headers=koppen("secretaris", naam="secretaris-1"),
    )
    assert antwoord.status_code == 200, antwoord.text
    casus = antwoord.json()
    assert casus["aanmelding"]["woonplaatsgemeente"] == "Goirle"
    assert (casus["aanmelding"]["leeftijd"], casus["aanmelding"]["werkstroom"]) == (17, "A")
    overleg = next(n for n in casus["normen"] if n["norm"] == "overleg")
    assert overleg["deadline"] == "2026-11-15"  # werkstroom A: 14 days from the placement, as corrected

    historie = client.get(f"{pad}/historie", headers=koppen()).json()["events"]
    assert [e["type"] for e in historie] == ["Aangemeld", "Gecorrigeerd"]
    gecorrigeerd = historie[1]
    assert gecorrigeerd["actor"] == "secretaris-1"
    assert gecorrigeerd["data"]["reden"] == "Verkeerd overgenomen."
    assert {"veld": "woonplaatsgemeente", "van": "Tilburg", "naar": "Goirle"} in gecorrigeerd["data"]["wijzigingen"]
    assert historie[0]["data"]["aanmelding"]["woonplaatsgemeente"] == "Tilburg"

    positie = antwoord.headers["X-Doorbraak-Positie"]
    werkvoorraad = client.get(f"{HVB}/werkvoorraad", params={"na_positie": positie}, headers=koppen()).json()
    rij = next(r for r in werkvoorraad["casussen"] if pad.endswith(r["casus_id"]))
    assert (rij["gemeente"], rij["leeftijd"], rij["werkstroom"]) == ("Goirle", 17, "A")

    monitoring = client.get(
        f"{HVB}/monitoring", params={"periode": "2026-11", "na_positie": positie}, headers=koppen()
    ).json()
    aanmeldingen = monitoring["aanmeldingen"]
    assert aanmeldingen["per_gemeente"] == {"Goirle": 1}
    assert aanmeldingen["per_werkstroom"] == {"A": 1}
    assert aanmeldingen["per_leeftijdsgroep"] == {"12-17": 1}
    assert monitoring["correcties"] == {"totaal": 1, "per_onderdeel": {"aanmelding": 1}}


def test_een_correctie_in_een_latere_maand_telt_in_de_maand_van_de_aanmelding(
    client: Client, koppen: Koppen, klok: Klok
) -> None:
    klok.datum = date(2026, 10, 30)
    pad = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder")).headers["Location"]
    klok.datum = date(2026, 11, 20)
    positie = client.post(f"{pad}/correctie", json=correctie(woonplaatsgemeente="Dongen"), headers=koppen()).headers[
        "X-Doorbraak-Positie"
    ]
    oktober = client.get(
        f"{HVB}/monitoring", params={"periode": "2026-10", "na_positie": positie}, headers=koppen()
    ).json()
    assert oktober["aanmeldingen"]["per_gemeente"] == {"Dongen": 1}
    assert oktober["correcties"]["totaal"] == 0
    november = client.get(f"{HVB}/monitoring", params={"periode": "2026-11"}, headers=koppen()).json()
    assert november["correcties"]["totaal"] == 1
    assert november["aanmeldingen"]["totaal"] == 0


def test_een_regel_die_na_de_correctie_breekt(client: Client, koppen: Koppen) -> None:
    pad = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder")).headers["Location"]
    body = probleem(client.post(f"{pad}/correctie", json=correctie(woonplaatsgemeente="Breda"), headers=koppen()), 409)
    assert body["regel"] == "gemeente-buiten-regio"
    body = probleem(client.post(f"{pad}/correctie", json=correctie(leeftijd=30), headers=koppen()), 409)
    assert body["regel"] == "leeftijd-buiten-bereik"
    body = probleem(client.post(f"{pad}/correctie", json=correctie(leeftijd="oud"), headers=koppen()), 409)
    assert (body["regel"], body["veld"]) == ("correctie-ongeldig", "wijzigingen.leeftijd")
    triage = {"onderdeel": "triage", "wijzigingen": {"toelichting": "x"}, "reden": "r"}
    body = probleem(client.post(f"{pad}/correctie", json=triage, headers=koppen()), 409)
    assert body["regel"] == "niets-te-corrigeren"


def test_een_ongeldige_correctie_is_422_en_een_aanmelder_mag_niet(client: Client, koppen: Koppen) -> None:
    pad = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder")).headers["Location"]
    for body in (
        {"onderdeel": "aanmelding", "wijzigingen": {}, "reden": "r"},
        {"onderdeel": "dossier", "wijzigingen": {"a": 1}, "reden": "r"},
        {"onderdeel": "aanmelding", "wijzigingen": {"../x": 1}, "reden": "r"},
        {"onderdeel": "aanmelding", "wijzigingen": {"leeftijd": 14}},
    ):
        probleem(client.post(f"{pad}/correctie", json=body, headers=koppen()), 422)
    probleem(client.post(f"{pad}/correctie", json=correctie(leeftijd=14), headers=koppen("aanmelder")), 403)
    probleem(
        client.post(
            f"{BASIS}/{'0' * 8}-0000-0000-0000-{'0' * 12}/correctie", json=correctie(leeftijd=14), headers=koppen()
        ),
        404,
    )


def test_een_correctie_met_een_losse_surrogaat_of_nul_is_422(client: Client, koppen: Koppen) -> None:
    """As JSON escapes (a client cannot send them otherwise): a new value, a list item, a key inside it."""
    pad = client.post(BASIS, json=voorbeelden.AANMELDING, headers=koppen("aanmelder")).headers["Location"]
    for wijzigingen in (
        '{"vraag": "\\ud800"}',
        '{"vraag": ["\\udfff"]}',
        '{"vraag": {"\\ud800": 1}}',
        '{"x": "\\u0000"}',
    ):
        body = f'{{"onderdeel": "aanmelding", "wijzigingen": {wijzigingen}, "reden": "Typfout."}}'
        headers = {**koppen(), "Content-Type": "application/json"}
        probleem(client.post(f"{pad}/correctie", content=body, headers=headers), 422)
