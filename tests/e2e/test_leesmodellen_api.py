"""The read models through HTTP: a known scenario, hand-computed figures, and the region boundary."""

from __future__ import annotations

import copy
import csv
import io
from datetime import date, datetime, time
from typing import Any

import pytest
from httpx import Client
from openpyxl import load_workbook

from adapters.http import voorbeelden
from adapters.http.tabel_antwoord import XLSX_TYPE, csv_antwoord, xlsx_antwoord
from projections.monitoring import CSV_KOLOMMEN
from tests.conftest import Klok
from tests.e2e.conftest import Koppen

HVB = "/regios/hart-van-brabant"


class Scenario:
    """Three cases in Hart van Brabant and one in Zeeland, through December 2026 (with Christmas)."""

    def __init__(self, client: Client, koppen: Koppen, klok: Klok) -> None:
        self.client, self.koppen, self.klok = client, koppen, klok
        self.positie = 0
        self.casus: dict[str, str] = {}

    def post(
        self, dag: date, pad: str, body: dict[str, Any], rol: str = "triagist", regio: str = "hart-van-brabant"
    ) -> str:
        self.klok.datum = dag
        antwoord = self.client.post(pad, json=body, headers=self.koppen(rol, regio))
        assert antwoord.status_code in (200, 201), antwoord.text
        self.positie = int(antwoord.headers["X-Doorbraak-Positie"])
        return str(antwoord.json()["id"])

    def aanmelding(self, gemeente: str) -> dict[str, Any]:
        body = copy.deepcopy(voorbeelden.AANMELDING)
        body["aanmelding"]["woonplaatsgemeente"] = gemeente
        return body

    def speel(self) -> None:
        c = self.casus
        c["2"] = self.post(date(2026, 12, 1), f"{HVB}/casussen", self.aanmelding("Tilburg"), "aanmelder")
        c["z"] = self.post(
            date(2026, 12, 2), "/regios/zeeland/casussen", self.aanmelding("Goes"), "aanmelder", "zeeland"
        )
        c["3"] = self.post(date(2026, 12, 4), f"{HVB}/casussen", self.aanmelding("Dongen"), "aanmelder")
        self.post(date(2026, 12, 9), f"{HVB}/casussen/{c['2']}/triage", voorbeelden.TRIAGE)
        teruggelegd = {
            **voorbeelden.TRIAGE,
            "uitkomst": "teruggelegd",
            "reden_teruglegging": "Regulier aanbod past.",
            "knelpunten": [{"categorie": "financiering", "omschrijving": "Geen contract met aanbieder."}],
        }
        self.post(date(2026, 12, 11), f"{HVB}/casussen/{c['3']}/triage", teruggelegd)
        self.post(
            date(2026, 12, 14), f"{HVB}/casussen/{c['2']}/overleg", {**voorbeelden.OVERLEG, "datum": "2026-12-14"}
        )
        afsluiting = {
            **voorbeelden.AFSLUITING,
            "reden": "teruggelegd",
            "waardering_samenwerking": 6,
            "waardering_effect": 5,
            "uithuisplaatsing_voorkomen": None,
        }
        self.post(date(2026, 12, 14), f"{HVB}/casussen/{c['3']}/afsluiting", afsluiting, "casusregisseur")
        advies = {
            **voorbeelden.ADVIES,
            "evaluatiedatum": "2027-03-01",
            "knelpunten": [{"categorie": "zorginhoud", "omschrijving": "Geen GGZ-bed voor LVB."}],
        }
        self.post(date(2026, 12, 15), f"{HVB}/casussen/{c['2']}/advies", advies)
        self.post(date(2026, 12, 16), f"{HVB}/casussen/{c['2']}/opschaling", voorbeelden.OPSCHALING)
        c["1"] = self.post(date(2026, 12, 24), f"{HVB}/casussen", self.aanmelding("Tilburg"), "aanmelder")
        self.post(date(2026, 12, 31), f"{HVB}/casussen/{c['1']}/triage", voorbeelden.TRIAGE)
        self.klok.datum = date(2027, 1, 20)


@pytest.fixture
def scenario(client: Client, koppen: Koppen, klok: Klok) -> Scenario:
    s = Scenario(client, koppen, klok)
    s.speel()
    return s


def vers(s: Scenario) -> dict[str, str]:
    return {"X-Doorbraak-Na-Positie": str(s.positie)}


def test_werkvoorraad(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    kop = koppen() | {"X-Doorbraak-Na-Positie": "0"}
    werkvoorraad = client.get(f"{HVB}/werkvoorraad", params={"na_positie": scenario.positie}, headers=kop).json()
    assert werkvoorraad["actueel"] is True
    assert werkvoorraad["totaal"] == 2  # case 3 is closed
    eerste, tweede = werkvoorraad["casussen"]
    assert eerste["casus_id"] == scenario.casus["1"]
    # registered Thu 24 Dec; meeting due 14 days later, 7 Jan: overdue on 20 Jan
    assert (eerste["volgende_norm"], eerste["volgende_deadline"], eerste["te_laat"]) == ("overleg", "2027-01-07", True)
    assert tweede["casus_id"] == scenario.casus["2"]
    # advice on 15 Dec: evaluation due 3 months later, not yet late
    assert (tweede["volgende_norm"], tweede["volgende_deadline"], tweede["te_laat"]) == (
        "evaluatie",
        "2027-03-15",
        False,
    )
    assert (tweede["fase"], tweede["casusregisseur"], tweede["opschalingsniveau"]) == (
        "advies-uitgebracht",
        "A. Bakker",
        "bovenregionaal",
    )

    def ids(**params: Any) -> list[str]:
        antwoord = client.get(f"{HVB}/werkvoorraad", params=params, headers=koppen())
        assert antwoord.status_code == 200, antwoord.text
        return [c["casus_id"] for c in antwoord.json()["casussen"]]

    assert ids(te_laat="true") == [scenario.casus["1"]]
    assert ids(te_laat="false") == [scenario.casus["2"]]
    assert ids(casusregisseur="A. Bakker") == [scenario.casus["2"]]
    assert ids(fase="getrieerd") == [scenario.casus["1"]]
    assert ids(werkstroom="A") == []
    assert ids(per_pagina=1, pagina=2) == [scenario.casus["2"]]


def test_monitoring_met_de_hand_nagerekend(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    m = client.get(
        f"{HVB}/monitoring", params={"periode": "2026-12", "na_positie": scenario.positie}, headers=koppen()
    ).json()
    assert m["aanmeldingen"]["totaal"] == 3
    assert m["aanmeldingen"]["per_gemeente"] == {"Dongen": 1, "Tilburg": 2}
    assert m["triage_uitkomsten"] == {"bespreken": 2, "teruggelegd": 1}
    # registration -> triage: 1 Dec -> 9 Dec (8 days, due Tue 8 Dec: late), 4 Dec -> 11 Dec (7, due 11 Dec),
    # 24 Dec -> 31 Dec (7, due Mon 4 Jan: Christmas, Boxing Day, New Year and two weekends skipped)
    assert m["doorlooptijden"]["aanmelding-triage"] == {"aantal": 3, "mediaan_dagen": 7, "p90_dagen": 7.8}
    assert m["binnen_norm"]["triage"] == {"aantal": 3, "binnen_norm": 2, "aandeel": 0.6667}
    assert m["doorlooptijden"]["aanmelding-overleg"] == {"aantal": 1, "mediaan_dagen": 13, "p90_dagen": 13}
    assert m["binnen_norm"]["overleg"]["aandeel"] == 1.0
    assert m["doorlooptijden"]["aanmelding-advies"]["mediaan_dagen"] == 14
    assert m["binnen_norm"]["advies-verzonden"] == {"aantal": 1, "binnen_norm": 1, "aandeel": 1.0}
    assert m["adviezen"] == 1
    assert (m["opschalingen"]["totaal"], m["opschalingen"]["per_niveau"]) == (1, {"bovenregionaal": {"lopend": 1}})
    assert m["afsluitingen"]["per_reden"] == {"teruggelegd": 1}
    assert m["doorlooptijden"]["aanmelding-afsluiting"]["mediaan_dagen"] == 10
    assert m["afsluitingen"]["gemiddelde_waardering_samenwerking"] == 6
    leeg = client.get(f"{HVB}/monitoring", params={"periode": "2026-11"}, headers=koppen()).json()
    assert leeg["aanmeldingen"]["totaal"] == 0


def test_monitoring_als_csv(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    antwoord = client.get(
        f"{HVB}/monitoring",
        params={"van": "2026-12-01", "tot": "2026-12-31"},
        headers=koppen() | vers(scenario) | {"Accept": "text/csv"},
    )
    assert antwoord.headers["content-type"].startswith("text/csv")
    regels = list(csv.reader(io.StringIO(antwoord.text)))
    assert tuple(regels[0]) == CSV_KOLOMMEN
    assert ["hart-van-brabant", "2026-12-01", "2026-12-31", "aanmeldingen", "totaal", "3"] in regels
    assert [
        "hart-van-brabant",
        "2026-12-01",
        "2026-12-31",
        "doorlooptijden",
        "aanmelding-triage.p90_dagen",
        "7.8",
    ] in regels


def test_netwerk_rolt_zijn_regios_op(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    def kop(netwerken: tuple[str, ...]) -> dict[str, str]:
        return koppen("kernteam", naam="kernteam-lid", netwerken=netwerken)

    client.get(f"{HVB}/werkvoorraad", params={"na_positie": scenario.positie}, headers=koppen())
    client.get("/regios/zeeland/werkvoorraad", params={"na_positie": 1}, headers=koppen("triagist", "zeeland"))
    m = client.get(
        "/netwerken/ben-brabant-zeeland/monitoring",
        params={"periode": "2026-Q4"},
        headers=kop(("ben-brabant-zeeland",)),
    ).json()
    assert m["aanmeldingen"]["totaal"] == 4
    assert m["regios"]["zeeland"]["aanmeldingen"]["totaal"] == 1
    assert m["regios"]["hart-van-brabant"]["aanmeldingen"]["totaal"] == 3
    assert "persoonsgegevens" not in str(m) and "S. Jansen" not in str(m)
    assert (
        client.get(
            "/netwerken/ben-brabant-zeeland/monitoring",
            params={"periode": "2026-Q4"},
            headers=kop(("ben-noord-holland",)),
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/netwerken/ben-brabant-zeeland/monitoring", params={"periode": "2026-Q4"}, headers=koppen()
        ).status_code
        == 404
    )
    csv_antwoord = client.get(
        "/netwerken/ben-brabant-zeeland/monitoring",
        params={"periode": "2026-Q4"},
        headers=kop(("ben-brabant-zeeland",)) | {"Accept": "text/csv"},
    )
    assert "ben-brabant-zeeland,2026-10-01,2026-12-31,aanmeldingen,totaal,4" in csv_antwoord.text


def test_signalering_per_halfjaar(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    s = client.get(f"{HVB}/signalering", params={"halfjaar": "2026-H2"}, headers=koppen() | vers(scenario)).json()
    assert s["aanmeldingen"]["totaal"] == 3
    assert [k["omschrijving"] for k in s["knelpunten"]["samenwerking"]] == ["Geen aanbieder neemt regie."] * 2
    assert [k["omschrijving"] for k in s["knelpunten"]["financiering"]] == ["Geen contract met aanbieder."]
    assert [k["bron"] for k in s["knelpunten"]["zorginhoud"]] == ["advies"]
    als_csv = client.get(
        f"{HVB}/signalering", params={"halfjaar": "2026-H2"}, headers=koppen() | {"Accept": "text/csv"}
    )
    kop = "regio,periode_van,periode_tot,categorie,bron,op,casus_id,omschrijving,soort"
    assert als_csv.text.splitlines()[0] == kop
    assert len(als_csv.text.splitlines()) == 6  # four bottlenecks and the closing's lesson
    assert client.get(f"{HVB}/signalering", params={"halfjaar": "2026-H3"}, headers=koppen()).status_code == 422


def test_monitoring_en_signalering_als_werkboek(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    """The same rows as the CSV, as a sheet whose numbers are numbers and whose texts are never formulas."""
    werkboek = {"Accept": XLSX_TYPE}
    for pad, params, naam in (
        (f"{HVB}/monitoring", {"periode": "2026-H2"}, "monitoring-hart-van-brabant.xlsx"),
        (f"{HVB}/signalering", {"halfjaar": "2026-H2"}, "signalering-hart-van-brabant-2026-H2.xlsx"),
    ):
        als_csv = client.get(pad, params=params, headers=koppen() | {"Accept": "text/csv"} | vers(scenario))
        antwoord = client.get(pad, params=params, headers=koppen() | werkboek)
        assert antwoord.status_code == 200
        assert antwoord.headers["content-type"] == XLSX_TYPE
        assert antwoord.headers["content-disposition"] == f'attachment; filename="{naam}"'
        blad = load_workbook(io.BytesIO(antwoord.content), read_only=True).worksheets[0]
        rijen = [["" if cel is None else cel for cel in rij] for rij in blad.iter_rows(values_only=True)]
        assert [[_als_tekst(cel) for cel in rij] for rij in rijen] == [
            [_als_tekst(_getal(cel)) for cel in rij] for rij in csv.reader(io.StringIO(als_csv.text))
        ]
        assert all(not isinstance(cel, str) or not cel.startswith("=") or cel == "" for rij in rijen for cel in rij)
    monitoring = load_workbook(
        io.BytesIO(client.get(f"{HVB}/monitoring", params={"periode": "2026-H2"}, headers=koppen() | werkboek).content)
    ).worksheets[0]
    totaal = next(r for r in monitoring.iter_rows(values_only=True) if r[3:5] == ("aanmeldingen", "totaal"))
    assert totaal[-1] == 3 and isinstance(totaal[-1], int)


def _getal(tekst: str) -> Any:
    try:
        return float(tekst)
    except ValueError:
        return tekst


def _als_tekst(cel: Any) -> str:
    """A cell as the CSV writes it: a number without its trailing .0, a date as its ISO date."""
    if isinstance(cel, datetime):
        return cel.date().isoformat() if cel.time() == time() else cel.isoformat()
    if isinstance(cel, float) and cel.is_integer():
        return str(int(cel))
    return str(cel)


def test_een_tekst_in_een_werkboek_is_nooit_een_formule() -> None:
    antwoord = xlsx_antwoord(("omschrijving",), [['=HYPERLINK("http://x")'], [7]], "t.xlsx")
    blad = load_workbook(io.BytesIO(antwoord.body)).worksheets[0]
    assert blad["A2"].data_type == "s" and blad["A2"].value == '=HYPERLINK("http://x")'
    assert blad["A3"].value == 7


def test_een_tekst_in_een_csv_is_nooit_een_formule() -> None:
    regels = [['=HYPERLINK("http://x")'], ["+31 6"], ["-"], ["@SUM(A1)"], ["gewoon"], [-7], [2.5]]
    antwoord = csv_antwoord(("omschrijving",), regels, "t.csv")
    assert list(csv.reader(io.StringIO(bytes(antwoord.body).decode()))) == [
        ["omschrijving"],
        ['\'=HYPERLINK("http://x")'],
        ["'+31 6"],
        ["'-"],
        ["'@SUM(A1)"],
        ["gewoon"],
        ["-7"],
        ["2.5"],
    ]


def test_tijdlijn(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    pad = f"{HVB}/casussen/{scenario.casus['2']}/tijdlijn"
    tijdlijn = client.get(pad, params={"na_positie": scenario.positie}, headers=koppen()).json()
    assert [e["type"] for e in tijdlijn["events"]] == [
        "Aangemeld",
        "Getrieerd",
        "OverlegGepland",
        "AdviesUitgebracht",
        "Opgeschaald",
    ]
    assert tijdlijn["events"][1]["kenmerken"] == {"uitkomst": "bespreken", "dagen": 8, "binnen_norm": False}
    assert client.get(pad, headers=koppen() | vers(scenario)).headers["X-Doorbraak-Actueel"] == "true"
    assert (
        client.get(f"{HVB}/casussen/00000000-0000-0000-0000-000000000000/tijdlijn", headers=koppen()).status_code == 404
    )


@pytest.mark.parametrize(
    "pad",
    ["/werkvoorraad", "/monitoring?periode=2026-12", "/signalering?halfjaar=2026-H2", "/casussen/{id}/tijdlijn"],
)
def test_een_andere_regio_ziet_geen_leesmodel(scenario: Scenario, client: Client, koppen: Koppen, pad: str) -> None:
    url = HVB + pad.format(id=scenario.casus["2"])
    assert client.get(url, headers=koppen()).status_code == 200
    antwoord = client.get(url, headers=koppen("triagist", "zeeland"))
    assert antwoord.status_code == 404
    assert client.get(url).status_code == 401


def test_ongeldige_periode_is_422(client: Client, koppen: Koppen) -> None:
    antwoord = client.get(f"{HVB}/monitoring", params={"periode": "2026-13"}, headers=koppen())
    assert antwoord.status_code == 422
    assert antwoord.json()["veld"] == "query.periode"


def test_gezondheid_en_metrics(scenario: Scenario, client: Client, koppen: Koppen) -> None:
    client.get(f"{HVB}/werkvoorraad", params={"na_positie": scenario.positie}, headers=koppen())
    gezond = client.get("/health").json()
    stand = {p["regio"]: p for p in gezond["projecties"]}
    assert gezond["status"] == "ok"
    assert stand["hart-van-brabant"]["positie"] == stand["hart-van-brabant"]["kop"] == scenario.positie
    assert stand["hart-van-brabant"]["achterstand"] == 0
    metrics = client.get("/metrics").text
    assert f'doorbraak_projectie_positie{{regio="hart-van-brabant"}} {scenario.positie}' in metrics
    assert 'doorbraak_projectie_herstellend{regio="zeeland"} 0.0' in metrics
    assert 'doorbraak_projectie_onverwerkbaar{regio="zeeland"} 0.0' in metrics
    assert 'doorbraak_status{status="ok"} 1.0' in metrics


def test_lezen_na_schrijven_zegt_het_als_het_niet_lukt(client: Client, koppen: Koppen, container: Any) -> None:
    container.settings = container.settings.model_copy(update={"leeswachttijd": 0.3})
    antwoord = client.get(f"{HVB}/werkvoorraad", params={"na_positie": 10_000}, headers=koppen())
    assert antwoord.status_code == 200
    assert antwoord.json()["actueel"] is False
    assert antwoord.headers["X-Doorbraak-Actueel"] == "false"
