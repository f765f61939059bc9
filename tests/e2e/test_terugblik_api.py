"""Replaying any moment through HTTP: a case and its history at a moment or version (regional and network), and
the work queue as it stood at the end of each day, against what the live work queue showed that day."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from httpx import Client

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from adapters.http.audit import KOLOMMEN
from domain.events import EventSourcedAggregate
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst, Intakevragen, Opschaling
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.e2e.test_casus_api import probleem
from tests.unit.conftest import aanmelding, triage

ZONE = ZoneInfo("Europe/Amsterdam")
HVB = "/regios/hart-van-brabant"
BEN = "ben-brabant-zeeland"
AUDIT = f"/audit{HVB}/werkvoorraad"


class Vastlegklok(Klok):
    """The test clock, which also tells when events are recorded: on its day, from 09:00 in DOORBRAAK_TIJDZONE (or
    the time set for that day in `begin`), a minute apart."""

    def __init__(self) -> None:
        super().__init__()
        self.begin: dict[date, time] = {}
        self._tellers: dict[date, Iterator[int]] = {}

    def nu(self) -> datetime:
        dag = self.datum
        minuut = next(self._tellers.setdefault(dag, itertools.count()))
        begin = datetime.combine(dag, self.begin.get(dag, time(9)), ZONE)
        return begin.astimezone(UTC) + timedelta(minutes=minuut)


@pytest.fixture
def klok(monkeypatch: pytest.MonkeyPatch) -> Vastlegklok:
    klok = Vastlegklok()
    monkeypatch.setattr(EventSourcedAggregate.Event, "create_timestamp", staticmethod(klok.nu))
    return klok


def post(client: Client, klok: Klok, dag: date, pad: str, body: dict[str, Any], kop: dict[str, str]) -> Any:
    klok.datum = dag
    antwoord = client.post(pad, json=body, headers=kop)
    assert antwoord.status_code in (200, 201), antwoord.text
    return antwoord


# --- a regional case -----------------------------------------------------------------------------------------


@pytest.fixture
def casus(client: Client, koppen: Koppen, klok: Klok) -> str:
    """Registered Tue 1 Dec 2026 (triage due Tue 8 Dec), triaged on Thu 10 Dec but dated back to Mon 7 Dec."""
    pad = post(client, klok, date(2026, 12, 1), f"{HVB}/casussen", voorbeelden.AANMELDING, koppen("aanmelder"))
    pad = pad.headers["Location"]
    post(client, klok, date(2026, 12, 10), f"{pad}/triage", {**voorbeelden.TRIAGE, "op": "2026-12-07"}, koppen())
    klok.datum = date(2026, 12, 14)
    return str(pad)


def test_een_moment_toont_de_casus_zoals_hij_toen_was_vastgelegd(casus: str, client: Client, koppen: Koppen) -> None:
    nu = client.get(casus, headers=koppen()).json()
    assert (nu["versie"], nu["fase"], nu["te_laat"], nu["peilmoment"]) == (2, "getrieerd", [], None)

    toen = client.get(casus, params={"op": "2026-12-09T17:00:00"}, headers=koppen("auditor", naam="auditor")).json()
    assert (toen["versie"], toen["fase"], toen["triage"]) == (1, "aangemeld", None)
    # judged on 9 Dec, the triage was due the day before: what the record held then, although the triage was
    # later recorded with the business date 7 Dec
    assert toen["te_laat"] == ["triage"]
    assert toen["peilmoment"] == {
        "versie": 1,
        "laatste_versie": 2,
        "vastgelegd": "2026-12-01T08:00:00Z",
        "moment": "2026-12-09T17:00:00+01:00",
        "normen_op": "2026-12-09",
    }
    eerder = client.get(casus, params={"op": "2026-12-04T12:00:00+01:00"}, headers=koppen()).json()
    assert (eerder["versie"], eerder["te_laat"], eerder["peilmoment"]["normen_op"]) == (1, [], "2026-12-04")


MOMENTEN = [
    ("2026-12-10T08:59:59", 1),  # 08:59:59 in Amsterdam: before the triage was recorded at 09:00
    ("2026-12-10T09:00:00", 2),  # the moment itself counts
    ("2026-12-10T07:59:59Z", 1),
    ("2026-12-10T08:00:00Z", 2),
    ("2026-12-10T09:00:00+02:00", 1),
    ("2026-12-10", 1),  # a date alone is its midnight
    ("2026-12-01T09:00:00+01:00", 1),
]


def test_een_moment_met_of_zonder_tijdzone(casus: str, client: Client, koppen: Koppen) -> None:
    for moment, versie in MOMENTEN:
        antwoord = client.get(casus, params={"op": moment}, headers=koppen())
        assert antwoord.status_code == 200, (moment, antwoord.text)
        assert antwoord.json()["peilmoment"]["versie"] == versie, moment
        historie = client.get(f"{casus}/historie", params={"tot": moment}, headers=koppen())
        assert [e["versie"] for e in historie.json()["events"]] == list(range(1, versie + 1)), moment


def test_een_versie_toont_de_casus_na_die_versie(casus: str, client: Client, koppen: Koppen) -> None:
    eerste = client.get(casus, params={"versie": 1}, headers=koppen()).json()
    assert (eerste["versie"], eerste["fase"], eerste["te_laat"]) == (1, "aangemeld", [])
    assert eerste["peilmoment"] == {
        "versie": 1,
        "laatste_versie": 2,
        "vastgelegd": "2026-12-01T08:00:00Z",
        "moment": None,
        "normen_op": "2026-12-01",
    }
    tweede = client.get(casus, params={"versie": "2"}, headers=koppen()).json()
    nu = client.get(casus, headers=koppen()).json()
    assert tweede["peilmoment"]["normen_op"] == "2026-12-10"
    assert {k: v for k, v in tweede.items() if k != "peilmoment"} == {k: v for k, v in nu.items() if k != "peilmoment"}


def test_de_historie_tot_een_moment(casus: str, client: Client, koppen: Koppen) -> None:
    historie = client.get(f"{casus}/historie", params={"tot": "2026-12-09T23:59:59"}, headers=koppen()).json()
    assert [e["type"] for e in historie["events"]] == ["Aangemeld"]
    assert historie["tot"] == "2026-12-09T23:59:59+01:00"
    alles = client.get(f"{casus}/historie", headers=koppen()).json()
    assert [e["type"] for e in alles["events"]] == ["Aangemeld", "Getrieerd"] and alles["tot"] is None
    assert alles["events"][1]["op"] == "2026-12-07" and alles["events"][1]["tijdstip"] == "2026-12-10T08:00:00Z"


SLECHTE_INVOER: list[tuple[str, dict[str, Any], int, str]] = [
    ("", {"op": "2026-12-09T12:00", "versie": 1}, 422, "ongeldig-verzoek"),
    ("", {"versie": 0}, 404, "versie-niet-gevonden"),
    ("", {"versie": -1}, 404, "versie-niet-gevonden"),
    ("", {"versie": 3}, 404, "versie-niet-gevonden"),
    ("", {"versie": "twee"}, 422, "ongeldig-verzoek"),
    ("", {"op": "2026-12-01T08:59:59"}, 404, "casus-nog-niet-vastgelegd"),
    ("", {"op": "gisteren"}, 422, "ongeldig-verzoek"),
    ("", {"op": "2026-13-01T12:00"}, 422, "ongeldig-verzoek"),
    ("", {"op": "9999-12-31T23:59:59Z"}, 422, "ongeldig-verzoek"),
    ("", {"op": "0001-01-01T00:00:00"}, 422, "ongeldig-verzoek"),
    ("", {"op": "2026-12-15T00:00:00"}, 422, "ongeldig-verzoek"),  # after today (14 Dec)
    ("/historie", {"tot": "2026-11-30T12:00:00Z"}, 404, "casus-nog-niet-vastgelegd"),
    ("/historie", {"tot": "morgen"}, 422, "ongeldig-verzoek"),
    ("/historie", {"tot": "2026-12-15T00:00:00+01:00"}, 422, "ongeldig-verzoek"),
]


def test_slechte_invoer(casus: str, client: Client, koppen: Koppen) -> None:
    for pad, params, status, soort in SLECHTE_INVOER:
        body = probleem(client.get(f"{casus}{pad}", params=params, headers=koppen()), status)
        assert body["type"].endswith(f"/{soort}"), (pad, params, body)
        if status == 422:
            assert (body.get("veld") or body["fouten"][0]["veld"]).startswith("query."), (pad, params, body)
    versie = probleem(client.get(casus, params={"versie": 3}, headers=koppen()), 404)
    assert "versions are 1 to 2" in versie["detail"]
    te_vroeg = probleem(client.get(casus, params={"op": "2026-12-01T08:00:00"}, headers=koppen()), 404)
    assert "2026-12-01T08:00:00+00:00" in te_vroeg["detail"]
    samen = probleem(client.get(casus, params={"op": "2026-12-09T12:00", "versie": 1}, headers=koppen()), 422)
    assert samen["veld"] == "query.versie" and "not both" in samen["detail"]


def test_een_onbekende_of_andermans_casus_blijft_404(casus: str, client: Client, koppen: Koppen) -> None:
    onbekend = f"{HVB}/casussen/00000000-0000-4000-8000-000000000000"
    assert probleem(client.get(onbekend, params={"versie": 1}, headers=koppen()), 404)["type"].endswith(
        "/niet-gevonden"
    )
    andermans = koppen("triagist", "zeeland")
    assert client.get(casus, params={"versie": 1}, headers=andermans).status_code == 404
    assert client.get(f"{casus}/historie", params={"tot": "2026-12-09"}, headers=andermans).status_code == 404


# --- a network case ------------------------------------------------------------------------------------------


@pytest.fixture
def netwerkcasus(container: Container, client: Client, koppen: Koppen, klok: Klok) -> str:
    """Received Fri 20 Nov 2026 (decision due Fri 27 Nov); the kernteam decides on Mon 30 Nov."""
    klok.datum = date(2026, 11, 20)
    dienst = container.regio("hart-van-brabant")
    herkomst = Herkomst(actor="coordinator", rol="triagist")
    casus_id = dienst.meld_aan(aanmelding(), None, herkomst).casus.id
    dienst.trieer(casus_id, triage(), herkomst)
    intake = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."))
    opgeschaald = dienst.schaal_op(
        casus_id, Opschaling(niveau="bovenregionaal", reden="Vastgelopen.", intakevragen=intake), herkomst
    ).casus
    escalatie = opgeschaald.escalatie(opgeschaald.opschalingen[0][0], versie=3, op=klok(), netwerk=BEN)
    ontvangen = Netwerkcasus.ontvang(escalatie, op=klok(), herkomst=Herkomst(actor="ontvanger", rol="systeem"))
    container.netwerk_stores[BEN].bewaar(ontvangen)
    pad = f"/netwerken/{BEN}/casussen/{ontvangen.id}"
    kernteam = koppen("kernteam", naam="voorzitter", netwerken=(BEN,))
    post(client, klok, date(2026, 11, 30), f"{pad}/besluit", voorbeelden.KERNTEAMBESLUIT, kernteam)
    klok.datum = date(2026, 12, 2)
    return pad


def test_een_netwerkcasus_op_een_moment_en_een_versie(netwerkcasus: str, client: Client, koppen: Koppen) -> None:
    kop = koppen("kernteam", naam="voorzitter", netwerken=(BEN,))
    nu = client.get(netwerkcasus, headers=kop).json()
    assert (nu["versie"], nu["status"], nu["besluit_te_laat"], nu["peilmoment"]) == (2, "in-behandeling", True, None)
    op_tijd = client.get(netwerkcasus, params={"op": "2026-11-25T12:00"}, headers=kop).json()
    assert (op_tijd["versie"], op_tijd["status"], op_tijd["besluit"], op_tijd["besluit_te_laat"]) == (
        1,
        "ontvangen",
        None,
        False,
    )
    te_laat = client.get(netwerkcasus, params={"op": "2026-11-28T12:00"}, headers=koppen("auditor")).json()
    assert (te_laat["versie"], te_laat["besluit_te_laat"], te_laat["peilmoment"]["normen_op"]) == (
        1,
        True,
        "2026-11-28",
    )
    eerste = client.get(netwerkcasus, params={"versie": 1}, headers=kop).json()
    assert eerste["peilmoment"] == {
        "versie": 1,
        "laatste_versie": 2,
        "vastgelegd": "2026-11-20T08:03:00Z",  # after the region's three events
        "moment": None,
        "normen_op": "2026-11-20",
    }
    assert client.get(netwerkcasus, params={"versie": 2}, headers=kop).json()["besluit"] is not None
    historie = client.get(f"{netwerkcasus}/historie", params={"tot": "2026-11-29T23:00"}, headers=kop).json()
    assert [e["type"] for e in historie["events"]] == ["Ontvangen"]
    assert historie["tot"] == "2026-11-29T23:00:00+01:00"


SLECHTE_INVOER_NETWERK: list[tuple[str, dict[str, Any], int, str]] = [
    ("", {"op": "2026-11-25T12:00", "versie": 1}, 422, "ongeldig-verzoek"),
    ("", {"versie": 0}, 404, "versie-niet-gevonden"),
    ("", {"versie": 3}, 404, "versie-niet-gevonden"),
    ("", {"op": "2026-11-19T12:00"}, 404, "casus-nog-niet-vastgelegd"),
    ("", {"op": "2026-11-25T25:00"}, 422, "ongeldig-verzoek"),
    ("", {"op": "2026-12-03T00:00"}, 422, "ongeldig-verzoek"),
    ("/historie", {"tot": "2026-11-19T12:00"}, 404, "casus-nog-niet-vastgelegd"),
    ("/historie", {"tot": "x"}, 422, "ongeldig-verzoek"),
]


def test_slechte_invoer_bij_een_netwerkcasus(netwerkcasus: str, client: Client, koppen: Koppen) -> None:
    kop = koppen("kernteam", naam="voorzitter", netwerken=(BEN,))
    for pad, params, status, soort in SLECHTE_INVOER_NETWERK:
        body = probleem(client.get(f"{netwerkcasus}{pad}", params=params, headers=kop), status)
        assert body["type"].endswith(f"/{soort}"), (pad, params, body)


# --- the work queue at the end of a day ----------------------------------------------------------------------

FILTERS: list[dict[str, Any]] = [
    {},
    {"te_laat": "true"},
    {"te_laat": "false"},
    {"fase": "aangemeld"},
    {"werkstroom": "B"},
    {"casusregisseur": "A. Bakker"},
    {"per_pagina": 1, "pagina": 2},
]


class Regio:
    """Cases of Hart van Brabant stepping over seven days of December 2026, one in Zeeland; after each day, what
    the live work queue showed and what the replay of that day shows."""

    def __init__(self, client: Client, koppen: Koppen, klok: Vastlegklok) -> None:
        self.client, self.koppen, self.klok = client, koppen, klok
        self.casus: dict[str, str] = {}
        self.positie = 0
        self.live: dict[date, list[dict[str, Any]]] = {}
        self.replay: dict[date, list[dict[str, Any]]] = {}

    def stap(
        self, dag: date, pad: str, body: dict[str, Any], rol: str = "triagist", regio: str = "hart-van-brabant"
    ) -> str:
        antwoord = post(self.client, self.klok, dag, pad, body, self.koppen(rol, regio))
        if regio == "hart-van-brabant":
            self.positie = int(antwoord.headers["X-Doorbraak-Positie"])
        return str(antwoord.json()["id"])

    def werkvoorraad(self, pad: str, params: dict[str, Any], rol: str = "triagist") -> dict[str, Any]:
        antwoord = self.client.get(pad, params=params, headers=self.koppen(rol))
        assert antwoord.status_code == 200, antwoord.text
        body: dict[str, Any] = antwoord.json()
        return body

    def einde_van_de_dag(self, dag: date) -> None:
        assert self.klok.datum == dag
        self.live[dag] = [self.werkvoorraad(f"{HVB}/werkvoorraad", {**f, "na_positie": self.positie}) for f in FILTERS]
        self.replay[dag] = [self.werkvoorraad(AUDIT, {**f, "op": dag.isoformat()}, "auditor") for f in FILTERS]

    def speel(self) -> None:
        c, casussen = self.casus, f"{HVB}/casussen"
        dag = date(2026, 12, 1)
        c["a"] = self.stap(dag, casussen, voorbeelden.AANMELDING, "aanmelder")
        c["b"] = self.stap(dag, casussen, voorbeelden.AANMELDING, "aanmelder")
        goes = {
            **voorbeelden.AANMELDING,
            "aanmelding": {**voorbeelden.AANMELDING["aanmelding"], "woonplaatsgemeente": "Goes"},
        }
        self.stap(dag, "/regios/zeeland/casussen", goes, "aanmelder", "zeeland")
        self.einde_van_de_dag(dag)
        dag = date(2026, 12, 3)
        self.stap(dag, f"{casussen}/{c['a']}/triage", voorbeelden.TRIAGE)
        c["c"] = self.stap(dag, casussen, voorbeelden.AANMELDING, "aanmelder")
        self.einde_van_de_dag(dag)
        dag = date(2026, 12, 8)
        self.stap(dag, f"{casussen}/{c['a']}/overleg", {**voorbeelden.OVERLEG, "datum": "2026-12-10"}, "secretaris")
        teruggelegd = {**voorbeelden.TRIAGE, "uitkomst": "teruggelegd", "reden_teruglegging": "Regulier aanbod."}
        self.stap(dag, f"{casussen}/{c['b']}/triage", teruggelegd)
        self.einde_van_de_dag(dag)
        dag = date(2026, 12, 11)
        self.stap(dag, f"{casussen}/{c['a']}/advies", {**voorbeelden.ADVIES, "evaluatiedatum": "2027-02-25"})
        afsluiting = {**voorbeelden.AFSLUITING, "reden": "teruggelegd", "uithuisplaatsing_voorkomen": None}
        self.stap(dag, f"{casussen}/{c['b']}/afsluiting", afsluiting, "casusregisseur")
        self.einde_van_de_dag(dag)  # c's triage was due on 10 Dec: overdue
        dag = date(2026, 12, 13)
        self.klok.datum = dag
        self.einde_van_de_dag(dag)  # a Sunday without events
        dag = date(2026, 12, 14)
        self.klok.begin[dag] = time(0, 0)  # just after midnight: read by the replay of Sunday, but not taken
        self.stap(dag, f"{casussen}/{c['c']}/triage", {**voorbeelden.TRIAGE, "op": "2026-12-09"})
        self.stap(dag, f"{casussen}/{c['b']}/heropening", voorbeelden.HEROPENING)
        self.einde_van_de_dag(dag)
        dag = date(2026, 12, 22)
        correctie = {"onderdeel": "aanmelding", "wijzigingen": {"werkstroom": "A"}, "reden": "Verkeerd gekozen."}
        correctie["wijzigingen"]["plaatsingsdatum"] = "2026-12-20"
        self.stap(dag, f"{casussen}/{c['c']}/correctie", correctie)
        self.einde_van_de_dag(dag)


@pytest.fixture
def regio(client: Client, koppen: Koppen, klok: Vastlegklok) -> Regio:
    r = Regio(client, koppen, klok)
    r.speel()
    return r


def _zonder_meta(antwoord: dict[str, Any]) -> dict[str, Any]:
    return {k: antwoord[k] for k in ("totaal", "pagina", "per_pagina", "casussen")}


def test_de_werkvoorraad_van_elke_dag_is_wat_de_werkvoorraad_die_dag_toonde(regio: Regio) -> None:
    assert len(regio.live) == 7
    for dag, live in regio.live.items():
        assert all(antwoord["actueel"] for antwoord in live)
        assert [_zonder_meta(a) for a in regio.replay[dag]] == [_zonder_meta(a) for a in live], dag
    # what happened: a and b open, c registered; b handed back and closed on 11 Dec, reopened on 14 Dec; c overdue
    # for triage on 11 Dec, on time again once its triage (dated 9 Dec) was recorded on 14 Dec
    assert [live[0]["totaal"] for live in regio.live.values()] == [2, 3, 3, 2, 2, 3, 3]
    te_laat = {dag: [c["casus_id"] for c in live[1]["casussen"]] for dag, live in regio.live.items()}
    assert te_laat[date(2026, 12, 11)] == [regio.casus["c"]] and te_laat[date(2026, 12, 14)] == []
    # later events (the last day's) do not change an earlier day
    for dag in regio.live:
        later = [regio.werkvoorraad(AUDIT, {**f, "op": dag.isoformat()}, "auditor") for f in FILTERS]
        assert later == regio.replay[dag], dag


def test_de_teruggespeelde_werkvoorraad_zegt_tot_wanneer_en_als_csv(
    regio: Regio, client: Client, koppen: Koppen
) -> None:
    dag = regio.werkvoorraad(AUDIT, {"op": "2026-12-08"}, "auditor")
    assert (dag["regio"], dag["op"], dag["tot"]) == (
        "hart-van-brabant",
        "2026-12-08",
        "2026-12-08T23:59:59.999999+01:00",
    )
    assert dag["events"] == 8  # 3 registrations, 2 triages, the plan: the meeting called, the case on it, the case's
    assert dag["positie"] > 0
    leeg = regio.werkvoorraad(AUDIT, {"op": "2026-11-30"}, "auditor")
    assert (leeg["totaal"], leeg["casussen"], leeg["positie"], leeg["events"]) == (0, [], 0, 0)
    zaterdag = regio.werkvoorraad(AUDIT, {"op": "2026-12-05"}, "privacy")
    vrijdag = regio.replay[date(2026, 12, 3)][0]
    assert [c["casus_id"] for c in zaterdag["casussen"]] == [c["casus_id"] for c in vrijdag["casussen"]]

    antwoord = client.get(
        AUDIT, params={"op": "2026-12-14", "per_pagina": 1}, headers=koppen("auditor") | {"Accept": "text/csv"}
    )
    assert antwoord.status_code == 200 and antwoord.headers["content-type"].startswith("text/csv")
    assert "werkvoorraad-hart-van-brabant-2026-12-14.csv" in antwoord.headers["content-disposition"]
    [kolommen, *regels] = list(csv.reader(io.StringIO(antwoord.text)))
    assert tuple(kolommen) == KOLOMMEN
    json_ = regio.replay[date(2026, 12, 14)][0]["casussen"]
    assert [r[0] for r in regels] == [c["casus_id"] for c in json_]  # every row, not one page
    eerste = dict(zip(kolommen, regels[0], strict=True))
    assert eerste["te_laat"] == str(json_[0]["te_laat"]).lower()
    assert eerste["volgende_deadline"] == json_[0]["volgende_deadline"]


TOEGANG = [
    (("auditor", "zeeland"), 200),
    (("privacy", "hart-van-brabant"), 200),
    (("privacy", "zeeland"), 404),
    (("triagist", "hart-van-brabant"), 403),
    (("aanmelder", "zeeland"), 404),
]
SLECHTE_DAGEN: list[tuple[dict[str, Any], str]] = [
    ({}, "query.op"),
    ({"op": "gisteren"}, "query.op"),
    ({"op": "1899-12-31"}, "query.op"),
    ({"op": "2026-12-01T12:00"}, "query.op"),
    ({"op": "2026-12-01", "fase": "weg"}, "query.fase"),
    ({"op": "2026-12-01", "per_pagina": 501}, "query.per_pagina"),
]


def test_wie_mag_terugspelen_en_slechte_invoer(client: Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = date(2026, 12, 1)
    for (rol, regio), status in TOEGANG:
        antwoord = client.get(AUDIT, params={"op": "2026-11-01"}, headers=koppen(rol, regio))
        assert antwoord.status_code == status, (rol, regio, antwoord.text)
    for params, veld in SLECHTE_DAGEN:
        body = probleem(client.get(AUDIT, params=params, headers=koppen("auditor")), 422)
        assert body["fouten"][0]["veld"] == veld, params
    morgen = probleem(client.get(AUDIT, params={"op": "2026-12-02"}, headers=koppen("auditor")), 422)
    assert morgen["veld"] == "query.op" and "after today" in morgen["detail"]
    assert client.get(AUDIT, params={"op": "2026-12-01"}, headers=koppen("auditor")).status_code == 200
