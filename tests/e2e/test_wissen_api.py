"""Erasure through HTTP: the region's privacy officer erases a case's personal data; it then reads as erased."""

from __future__ import annotations

import copy

from httpx import Client

from adapters.http import voorbeelden
from tests.e2e.conftest import Koppen

BASIS = "/regios/hart-van-brabant/casussen"


def test_de_privacyfunctionaris_wist_en_de_casus_toont_het(client: Client, koppen: Koppen) -> None:
    body = copy.deepcopy(voorbeelden.AANMELDING)
    antwoord = client.post(BASIS, json=body, headers=koppen("aanmelder"))
    assert antwoord.status_code == 201, antwoord.text
    pad = str(antwoord.headers["Location"])
    naam = body["persoonsgegevens"]["jeugdige"]["naam"]
    assert client.get(pad, headers=koppen("privacy")).json()["persoonsgegevens"]["jeugdige"]["naam"] == naam

    assert client.post(f"{pad}/wissen", json=voorbeelden.WISSEN, headers=koppen("triagist")).status_code == 403
    anders = client.post(f"{pad}/wissen", json=voorbeelden.WISSEN, headers=koppen("privacy", "zeeland"))
    assert anders.status_code == 404
    assert client.post(f"{pad}/wissen", json={}, headers=koppen("privacy")).status_code == 422

    gewist = client.post(f"{pad}/wissen", json=voorbeelden.WISSEN, headers=koppen("privacy"))
    assert gewist.status_code == 200, gewist.text
    casus = client.get(pad, headers=koppen()).json()
    assert casus["gewist"] == {"grond": "verzoek", "reden": voorbeelden.WISSEN["reden"]}
    assert casus["persoonsgegevens"] is None
    assert casus["aanmelding"]["vraag"] == "[gewist]" and casus["aanmelding"]["aanmelder"]["naam"] == "[gewist]"
    assert casus["aanmelding"]["woonplaatsgemeente"] == body["aanmelding"]["woonplaatsgemeente"]  # facts stay
    historie = client.get(f"{pad}/historie", headers=koppen("auditor")).json()
    assert [e["type"] for e in historie["events"]] == ["Aangemeld", "PersoonsgegevensGewist"]
    assert naam not in str(historie) and historie["events"][1]["rol"] == "privacy"

    nog_eens = client.post(f"{pad}/wissen", json=voorbeelden.WISSEN, headers=koppen("privacy"))
    assert nog_eens.status_code == 200 and nog_eens.json()["versie"] == casus["versie"]
    weigering = client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen("triagist"))
    assert weigering.status_code == 409 and weigering.json()["regel"] == "persoonsgegevens-gewist"
