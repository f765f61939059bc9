"""Through HTTP: a bovenregionale escalation whose free text carries the case's personal data is refused."""

import copy
from typing import Any

from httpx import Client

from adapters.http import voorbeelden
from tests.e2e.conftest import Koppen

BASIS = "/regios/hart-van-brabant/casussen"


def getrieerde_casus(client: Client, koppen: Koppen) -> str:
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["persoonsgegevens"]["ouders"][0]["adres"] = "Kerkstraat 12, 5038 AB Tilburg"
    antwoord = client.post(BASIS, json=body, headers=koppen("aanmelder"))
    assert antwoord.status_code == 201, antwoord.text
    pad = str(antwoord.headers["Location"])
    antwoord = client.post(f"{pad}/triage", json=voorbeelden.TRIAGE, headers=koppen("triagist"))
    assert antwoord.status_code == 200, antwoord.text
    return pad


def opschaling(**intakevragen: str) -> dict[str, Any]:
    body = copy.deepcopy(voorbeelden.OPSCHALING)
    body["intakevragen"].update(intakevragen)
    return body


def test_naam_en_adres_in_de_intakevragen_gaan_niet_naar_het_netwerk(client: Client, koppen: Koppen) -> None:
    pad = getrieerde_casus(client, koppen)
    wensen = "Moeder (m. jansen, kerkstraat 12a) wil dat haar zoon thuis blijft."
    antwoord = client.post(f"{pad}/opschaling", json=opschaling(wensen_ouders_jeugdige=wensen), headers=koppen())

    assert antwoord.status_code == 409, antwoord.text
    assert antwoord.headers["content-type"] == "application/problem+json"
    fout = antwoord.json()
    assert fout["regel"] == "persoonsgegevens-in-escalatie"
    assert fout["type"].endswith("/regel/persoonsgegevens-in-escalatie")
    assert "intakevragen.wensen_ouders_jeugdige (naam, adres)" in fout["detail"]
    assert "jansen" not in antwoord.text.casefold() and "kerkstraat" not in antwoord.text.casefold()
    historie = client.get(f"{pad}/historie", headers=koppen()).json()
    assert [e["type"] for e in historie["events"]] == ["Aangemeld", "Getrieerd"]

    antwoord = client.post(f"{pad}/opschaling", json=voorbeelden.OPSCHALING, headers=koppen())
    assert antwoord.status_code == 200, antwoord.text


def test_telefoon_in_de_reden_geweigerd(client: Client, koppen: Koppen) -> None:
    pad = getrieerde_casus(client, koppen)
    body = {**voorbeelden.OPSCHALING, "reden": "Moeder is bereikbaar op +31 6 1234 5678."}
    fout = client.post(f"{pad}/opschaling", json=body, headers=koppen()).json()
    assert fout["regel"] == "persoonsgegevens-in-escalatie"
    assert "reden (telefoon)" in fout["detail"] and "5678" not in fout["detail"]
