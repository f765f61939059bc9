"""The monitoring, audit, privacy and import pages through HTTP: the same figures and rows as the API, each
role's rights, the region boundary, bad input answered at its field, and page reads in the access log exactly
as the API's reads are."""

from __future__ import annotations

import copy
import csv
import io
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from adapters.http.leesmodellen import KNELPUNT_KOLOMMEN
from adapters.http.tabel_antwoord import XLSX_TYPE
from adapters.importsjabloon import voorbeeld
from adapters.tokens import Gebruiker, maak_token
from domain.netwerkcasus import Netwerkcasus
from domain.rollen import Rol
from domain.waarden import Herkomst
from projections.monitoring import CSV_KOLOMMEN
from tests.conftest import Klok
from tests.e2e.conftest import serveer
from tests.webhulp import WACHTWOORD, csrf_van, maak_account

pytestmark = pytest.mark.e2e

HVB = "hart-van-brabant"
NETWERK = "ben-brabant-zeeland"
DOEL = "Steekproef dossiervorming 2026"
ACCOUNTS: dict[str, tuple[Rol, tuple[str, ...], tuple[str, ...]]] = {
    "tri": (Rol.TRIAGIST, (HVB,), ()),
    "sec": (Rol.SECRETARIS, (HVB,), ()),
    "zee": (Rol.TRIAGIST, ("zeeland",), ()),
    "ada": (Rol.AUDITOR, (), ()),
    "pia": (Rol.PRIVACY, (HVB,), ()),
    "pim": (Rol.PRIVACY, ("zeeland",), ()),
    "ken": (Rol.KERNTEAM, (), (NETWERK,)),
}


@dataclass
class Omgeving:
    container: Container
    client: httpx.Client
    klok: Klok
    casus: str = ""

    def api(self, rol: Rol, regio: str = HVB) -> dict[str, str]:
        netwerken = (NETWERK,) if rol is Rol.KERNTEAM else ()
        gebruiker = Gebruiker(naam=f"api-{rol.value}", rol=rol, regios=(regio,), netwerken=netwerken)
        settings = self.container.settings
        token = maak_token(gebruiker, settings.jwt_sleutel.get_secret_value(), settings.jwt_issuer)
        doel = {"X-Doorbraak-Doel": DOEL} if rol is Rol.AUDITOR else {}
        return {"Authorization": f"Bearer {token}", **doel}

    def meld_aan(self, naam: str) -> None:
        self.client.cookies.clear()
        csrf = csrf_van(self.client.get("/aanmelden").text)
        antwoord = self.client.post("/aanmelden", data={"csrf": csrf, "naam": naam, "wachtwoord": WACHTWOORD})
        assert antwoord.status_code == 303, antwoord.text

    def geef_doel(self, doel: str = DOEL) -> None:
        csrf = csrf_van(self.client.get("/toezicht/doel").text)
        antwoord = self.client.post("/toezicht/doel", data={"csrf": csrf, "doel": doel, "volgende": "/toezicht"})
        assert antwoord.status_code == 303


@pytest.fixture
def omgeving(maak_container: Callable[..., Container], klok: Klok) -> Iterator[Omgeving]:
    klok.datum = date(2026, 12, 1)
    container = maak_container(regios=[HVB, "zeeland"], cookie_secure=False)
    for naam, (rol, regios, netwerken) in ACCOUNTS.items():
        maak_account(container.settings, naam, rol, regios=regios, netwerken=netwerken)
    with serveer(container) as client:
        o = Omgeving(container, client, klok)
        body = copy.deepcopy(voorbeelden.AANMELDING)
        body["aanmelding"]["woonplaatsgemeente"] = "Tilburg"
        aangemeld = client.post(f"/regios/{HVB}/casussen", json=body, headers=o.api(Rol.AANMELDER))
        assert aangemeld.status_code == 201, aangemeld.text
        o.casus = aangemeld.json()["id"]
        klok.datum = date(2026, 12, 3)
        getrieerd = client.post(
            f"/regios/{HVB}/casussen/{o.casus}/triage", json=voorbeelden.TRIAGE, headers=o.api(Rol.TRIAGIST)
        )
        assert getrieerd.status_code == 200, getrieerd.text
        positie = getrieerd.headers["X-Doorbraak-Positie"]
        client.get(f"/regios/{HVB}/werkvoorraad", params={"na_positie": positie}, headers=o.api(Rol.TRIAGIST))
        yield o


def _rijen_csv(tekst: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(tekst)))


def _rijen_xlsx(inhoud: bytes) -> list[list[Any]]:
    boek = load_workbook(io.BytesIO(inhoud), read_only=True)
    return [list(rij) for rij in boek.worksheets[0].iter_rows(values_only=True)]


def test_de_monitoring_van_een_regio_toont_de_cijfers_van_de_api(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("tri")
    assert o.client.get("/monitoring").status_code == 200
    pagina = o.client.get(f"/monitoring/regios/{HVB}", params={"periode": "2026-12"})
    assert pagina.status_code == 200
    api = o.client.get(f"/regios/{HVB}/monitoring", params={"periode": "2026-12"}, headers=o.api(Rol.TRIAGIST))
    cijfers = api.json()
    assert cijfers["aanmeldingen"]["totaal"] == 1
    assert 'role="img"' in pagina.text and '<title id="grafiek-werkstroom-titel">' in pagina.text
    assert f"{cijfers['aanmeldingen']['totaal']} aanmeldingen" in pagina.text
    assert '<th scope="col">Norm</th>' in pagina.text and "<caption>Binnen de norm</caption>" in pagina.text

    download = o.client.get(f"/monitoring/regios/{HVB}/download", params={"formaat": "csv", "periode": "2026-12"})
    api_csv = o.client.get(
        f"/regios/{HVB}/monitoring",
        params={"periode": "2026-12"},
        headers={**o.api(Rol.TRIAGIST), "Accept": "text/csv"},
    )
    assert download.status_code == 200 and download.headers["content-disposition"].endswith('.csv"')
    assert _rijen_csv(download.text) == _rijen_csv(api_csv.text)
    assert tuple(_rijen_csv(download.text)[0]) == CSV_KOLOMMEN

    werkmap = o.client.get(f"/monitoring/regios/{HVB}/download", params={"formaat": "xlsx", "periode": "2026-12"})
    api_xlsx = o.client.get(
        f"/regios/{HVB}/monitoring", params={"periode": "2026-12"}, headers={**o.api(Rol.TRIAGIST), "Accept": XLSX_TYPE}
    )
    assert werkmap.headers["content-type"] == XLSX_TYPE
    rijen = _rijen_xlsx(werkmap.content)
    assert rijen == _rijen_xlsx(api_xlsx.content)
    assert [HVB, "2026-12-01", "2026-12-31", "aanmeldingen", "totaal", 1] in rijen


def test_de_monitoring_van_een_netwerk_en_de_grenzen(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("ken")
    netwerk = o.client.get(f"/monitoring/netwerken/{NETWERK}", params={"periode": "2026"})
    assert netwerk.status_code == 200 and "Per regio" in netwerk.text and "Hart van Brabant" in netwerk.text
    werkmap = o.client.get(f"/monitoring/netwerken/{NETWERK}/download", params={"formaat": "xlsx", "periode": "2026"})
    assert [NETWERK, "2026-01-01", "2026-12-31", "aanmeldingen", "totaal", 1] in _rijen_xlsx(werkmap.content)
    assert o.client.get(f"/monitoring/regios/{HVB}").status_code == 404  # the kernteam reads no region
    assert o.client.get("/monitoring/netwerken/onbekend-netwerk").status_code == 404

    o.meld_aan("zee")
    assert o.client.get(f"/monitoring/regios/{HVB}").status_code == 404  # another region: not found
    assert o.client.get(f"/monitoring/regios/{HVB}/download", params={"formaat": "csv"}).status_code == 404
    assert o.client.get(f"/monitoring/netwerken/{NETWERK}").status_code == 404
    assert o.client.get("/monitoring/regios/zeeland").status_code == 200

    for params, veld in (
        ({"periode": "2026-13"}, "periode"),
        ({"periode": "volgend jaar"}, "periode"),
        ({"van": "2026-12-01"}, "tot"),
        ({"van": "2026-12-01", "tot": "2026-11-01"}, "tot"),
        ({"van": "1-12-2026", "tot": "2026-12-31"}, "van"),
        ({"periode": "2026", "van": "2026-01-01", "tot": "2026-02-01"}, "periode"),
    ):
        fout = o.client.get("/monitoring/regios/zeeland", params=params)
        assert fout.status_code == 422, params
        assert f'id="veld-{veld}"' in fout.text and 'aria-invalid="true"' in fout.text
        assert "Er is iets niet goed" in fout.text
    assert o.client.get("/monitoring/regios/zeeland/download", params={"formaat": "pdf"}).status_code == 422
    assert o.client.get("/monitoring/regios/zeeland", params={"periode": "x" * 21}).status_code == 422

    o.client.cookies.clear()
    naar = o.client.get(f"/monitoring/regios/{HVB}")
    assert naar.status_code == 303 and naar.headers["location"].startswith("/aanmelden")


def test_de_signaleringsrapportage_is_printbaar_en_te_downloaden(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("tri")
    pagina = o.client.get(f"/monitoring/regios/{HVB}/signalering", params={"halfjaar": "2026-H2"})
    assert pagina.status_code == 200
    assert "Signaleringsrapportage Hart van Brabant, 2026-H2" in pagina.text
    assert "/statisch/monitoring.css" in pagina.text
    assert "@media print" in o.client.get("/statisch/monitoring.css").text
    download = o.client.get(
        f"/monitoring/regios/{HVB}/signalering/download", params={"formaat": "csv", "halfjaar": "2026-H2"}
    )
    api = o.client.get(
        f"/regios/{HVB}/signalering",
        params={"halfjaar": "2026-H2"},
        headers={**o.api(Rol.TRIAGIST), "Accept": "text/csv"},
    )
    assert tuple(_rijen_csv(download.text)[0]) == KNELPUNT_KOLOMMEN
    assert _rijen_csv(download.text) == _rijen_csv(api.text)
    fout = o.client.get(f"/monitoring/regios/{HVB}/signalering", params={"halfjaar": "2026-H3"})
    assert fout.status_code == 422 and 'id="veld-halfjaar"' in fout.text
    o.meld_aan("ken")
    netwerk = o.client.get(f"/monitoring/netwerken/{NETWERK}/signalering", params={"halfjaar": "2026-H2"})
    assert netwerk.status_code == 200 and "die de regio's vastlegden" in netwerk.text


def _log(o: Omgeving, **filter_: str) -> list[dict[str, Any]]:
    antwoord = o.client.get(f"/audit/regios/{HVB}/inzagelog", params=filter_, headers=o.api(Rol.AUDITOR))
    assert antwoord.status_code == 200, antwoord.text
    regels: list[dict[str, Any]] = antwoord.json()["regels"]
    return regels


def test_een_auditor_geeft_eenmaal_per_sessie_een_doel_dat_bij_elke_pagina_in_het_log_komt(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("ada")
    naar = o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}")
    assert naar.status_code == 303
    assert naar.headers["location"] == f"/toezicht/doel?volgende=/toezicht/regios/{HVB}/casussen/{o.casus}"
    assert o.client.get("/monitoring").status_code == 303
    csrf = csrf_van(o.client.get("/toezicht/doel").text)
    for doel in ("", "   ", "a" * 301, "regel\neinde"):
        fout = o.client.post("/toezicht/doel", data={"csrf": csrf, "doel": doel, "volgende": "/toezicht"})
        assert fout.status_code == 422 and 'id="veld-doel"' in fout.text, doel
    assert o.client.post("/toezicht/doel", data={"doel": DOEL}).status_code == 403  # no CSRF token
    o.geef_doel()
    pagina = o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}")
    assert pagina.status_code == 200 and "Alle stappen (2)" in pagina.text
    assert o.client.get("/monitoring").status_code == 200

    o.client.get(f"/regios/{HVB}/casussen/{o.casus}/historie", headers=o.api(Rol.AUDITOR))
    gelezen = [r for r in _log(o, casus=o.casus) if r["soort"] == "lezen"]
    pagina_rij = next(r for r in gelezen if r["route"] == "/toezicht/regios/{regio}/casussen/{casus_id}")
    api_rij = next(r for r in gelezen if r["route"] == "/regios/{regio}/casussen/{casus_id}/historie")
    for sleutel in ("soort", "casus_id", "doel", "rol", "status", "methode"):
        assert pagina_rij[sleutel] == api_rij[sleutel], sleutel
    assert pagina_rij["wie"] == "ada" and pagina_rij["doel"] == DOEL

    o.meld_aan("ada")  # a new session asks again: the purpose was bound to the old one
    assert o.client.get("/toezicht").status_code == 303


def test_een_casus_openen_met_haar_nummer(omgeving: Omgeving) -> None:
    o = omgeving
    for wie, pad, doel in (
        ("ada", "/toezicht", f"/toezicht/regios/{HVB}/casussen/{o.casus}"),
        ("pia", "/privacy", f"/privacy/regios/{HVB}/casussen/{o.casus}/inzage"),
    ):
        o.meld_aan(wie)
        if wie == "ada":
            o.geef_doel()
        leeg = o.client.get(pad)
        assert leeg.status_code == 200 and 'id="veld-casus"' in leeg.text and 'id="veld-regio"' in leeg.text
        open_ = o.client.get(pad, params={"regio": HVB, "casus": f" {o.casus} "})
        assert open_.status_code == 303 and open_.headers["location"] == doel
        fout = o.client.get(pad, params={"regio": "elders", "casus": "geen-nummer"})
        assert fout.status_code == 422
        assert 'id="fout-casus-1"' in fout.text and 'id="fout-regio-1"' in fout.text
        assert 'value="geen-nummer"' in fout.text


def test_terugkijken_werkvoorraad_en_verificatie(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("ada")
    o.geef_doel()
    historie = o.client.get(f"/regios/{HVB}/casussen/{o.casus}/historie", headers=o.api(Rol.AUDITOR)).json()
    eerste = historie["events"][0]["tijdstip"]  # when the registration was recorded (not its business date)
    toen = o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}", params={"op": eerste})
    assert toen.status_code == 200 and "versie 1 van 2" in toen.text and "Alle stappen (1)" in toen.text
    voor = o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}", params={"op": "2020-01-01T12:00"})
    assert voor.status_code == 422 and "nog niet vastgelegd" in voor.text
    for op in ("gisteren", "2026-12-31T12:00", "0001-01-01T00:00", "9999-12-31T23:59:59-14:00", "1999-12-31T23:00"):
        assert o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}", params={"op": op}).status_code == 422
    assert o.client.get(f"/toezicht/regios/{HVB}/casussen/geen-uuid").status_code == 404
    assert o.client.get(f"/toezicht/regios/{HVB}/casussen/{'0' * 8}-0000-0000-0000-{'0' * 12}").status_code == 404

    vandaag = o.client.get(f"/toezicht/regios/{HVB}/werkvoorraad")
    assert vandaag.status_code == 200 and o.casus in vandaag.text
    o.klok.datum = date(2026, 12, 31)
    laat = o.client.get(f"/toezicht/regios/{HVB}/werkvoorraad", params={"op": "2026-12-30"})
    assert "te laat, " in laat.text and "werkdagen" in laat.text
    eerder = o.client.get(
        f"/toezicht/regios/{HVB}/werkvoorraad", params={"op": "2020-01-02"}
    )  # before anything was recorded
    assert eerder.status_code == 200 and "0 open casussen" in eerder.text
    assert o.client.get(f"/toezicht/regios/{HVB}/werkvoorraad", params={"op": "2027-01-05"}).status_code == 422
    assert o.client.get(f"/toezicht/regios/{HVB}/werkvoorraad", params={"op": "31-12"}).status_code == 422

    controle = o.client.get(f"/toezicht/regios/{HVB}/verificatie", params={"controleer": "true"})
    assert controle.status_code == 200 and "het logboek is gaaf" in controle.text
    assert "<dt>Gecontroleerde stappen</dt><dd>2</dd>" in controle.text
    assert o.client.get("/toezicht/regios/onbekend/verificatie").status_code == 404

    o.meld_aan("pia")
    assert o.client.get(f"/toezicht/regios/{HVB}/verificatie").status_code == 403
    assert o.client.get(f"/toezicht/regios/{HVB}/werkvoorraad").status_code == 200
    assert o.client.get("/toezicht/regios/zeeland/werkvoorraad").status_code == 404
    o.meld_aan("tri")
    assert o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}").status_code == 403
    assert o.client.get("/toezicht").status_code == 403


def test_het_inzagelog_met_filters(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("pia")
    o.client.get(f"/toezicht/regios/{HVB}/casussen/{o.casus}")
    log = o.client.get(f"/toezicht/regios/{HVB}/inzagelog", params={"casus": o.casus, "wie": "pia"})
    assert log.status_code == 200 and "/toezicht/regios/{regio}/casussen/{casus_id}" in log.text
    leeg = o.client.get(f"/toezicht/regios/{HVB}/inzagelog", params={"wie": "niemand"})
    assert "Niets vastgelegd dat bij dit filter past." in leeg.text
    for params, veld in (
        ({"casus": "geen-nummer"}, "casus"),
        ({"van": "2026-12-05", "tot": "2026-12-01"}, "tot"),
        ({"van": "morgen"}, "van"),
        ({"wie": "a\tb"}, "wie"),
    ):
        fout = o.client.get(f"/toezicht/regios/{HVB}/inzagelog", params=params)
        assert fout.status_code == 422 and f'id="veld-{veld}"' in fout.text, params
    assert any(r["route"] == "/toezicht/regios/{regio}/inzagelog" and r["soort"] == "inzagelog" for r in _log(o))
    o.meld_aan("pim")
    assert o.client.get(f"/toezicht/regios/{HVB}/inzagelog").status_code == 404


def _netwerkcasus(o: Omgeving) -> str:
    """The fixture's case escalated to the network and received there (as the network's consumer does), then
    read by the kernteam through the API."""
    pad = f"/regios/{HVB}/casussen/{o.casus}/opschaling"
    opgeschaald = o.client.post(pad, json=voorbeelden.OPSCHALING, headers=o.api(Rol.TRIAGIST))
    assert opgeschaald.status_code == 200, opgeschaald.text
    [event] = [e for e in o.container.regio(HVB).historie(uuid.UUID(o.casus)) if type(e).__name__ == "Opgeschaald"]
    herkomst = Herkomst(actor="ontvanger", rol="systeem")
    netwerkcasus = Netwerkcasus.ontvang(event.escalatie, op=o.klok(), herkomst=herkomst)
    o.container.netwerk_stores[NETWERK].bewaar(netwerkcasus)
    gelezen = o.client.get(f"/netwerken/{NETWERK}/casussen/{netwerkcasus.id}", headers=o.api(Rol.KERNTEAM))
    assert gelezen.status_code == 200, gelezen.text
    return str(netwerkcasus.id)


def test_een_auditor_controleert_het_logboek_van_het_netwerk_en_leest_de_logs_van_netwerk_en_knooppunt(
    omgeving: Omgeving,
) -> None:
    o = omgeving
    netwerkcasus = _netwerkcasus(o)
    onbekend = o.client.get("/audit/regios/onbekend/inzagelog", headers=o.api(Rol.AUDITOR))
    assert onbekend.status_code == 404  # an auditor's request about no region of this node: the node's log
    o.meld_aan("ada")
    o.geef_doel()
    start = o.client.get("/toezicht")
    assert f'href="/toezicht/netwerken/{NETWERK}/verificatie"' in start.text
    assert f'href="/toezicht/netwerken/{NETWERK}/inzagelog"' in start.text
    assert 'href="/toezicht/knooppunt/inzagelog"' in start.text

    api = o.client.get(f"/audit/netwerken/{NETWERK}/verificatie", headers=o.api(Rol.AUDITOR)).json()
    assert api["uitkomst"] == "gaaf" and api["grootte"] >= 1
    controle = o.client.get(f"/toezicht/netwerken/{NETWERK}/verificatie", params={"controleer": "true"})
    assert controle.status_code == 200 and "het logboek is gaaf" in controle.text
    assert f"Controle van het logboek van netwerk {NETWERK}" in controle.text
    assert f"<dt>Gecontroleerde stappen</dt><dd>{api['grootte']}</dd>" in controle.text
    assert o.client.get("/toezicht/netwerken/onbekend-netwerk/verificatie").status_code == 404

    casus = o.client.get(f"/toezicht/netwerken/{NETWERK}/casussen/{netwerkcasus}")
    assert casus.status_code == 200 and "Netwerkcasus uit Hart van Brabant" in casus.text
    assert "Ontvangen" in casus.text and 'action="/netwerk/' not in casus.text  # the kernteam's forms are not here
    for onbekend_ in (f"{NETWERK}/casussen/geen-nummer", f"{NETWERK}/casussen/{o.casus}", f"elders/casussen/{o.casus}"):
        assert o.client.get(f"/toezicht/netwerken/{onbekend_}").status_code == 404, onbekend_
    log = o.client.get(f"/toezicht/netwerken/{NETWERK}/inzagelog", params={"casus": netwerkcasus})
    assert log.status_code == 200 and "/netwerken/{netwerk}/casussen/{casus_id}" in log.text
    assert "api-kernteam" in log.text and f"Inzagelog van netwerk {NETWERK}" in log.text
    fout = o.client.get(f"/toezicht/netwerken/{NETWERK}/inzagelog", params={"van": "2026-12-05", "tot": "2026-12-01"})
    assert fout.status_code == 422 and 'id="veld-tot"' in fout.text
    assert o.client.get("/toezicht/netwerken/onbekend-netwerk/inzagelog").status_code == 404
    netwerklog = o.client.get(f"/audit/netwerken/{NETWERK}/inzagelog", headers=o.api(Rol.AUDITOR)).json()["regels"]
    assert any(
        r["route"] == "/toezicht/netwerken/{netwerk}/inzagelog" and r["soort"] == "inzagelog" and r["doel"] == DOEL
        for r in netwerklog
    )
    assert any(
        r["route"] == "/toezicht/netwerken/{netwerk}/casussen/{casus_id}"
        and r["soort"] == "lezen"
        and r["casus_id"] == netwerkcasus
        and r["doel"] == DOEL
        for r in netwerklog
    )

    knooppunt = o.client.get("/toezicht/knooppunt/inzagelog")
    assert knooppunt.status_code == 200 and "/audit/regios/{regio}/inzagelog" in knooppunt.text
    knooppuntlog = o.client.get("/audit/inzagelog", headers=o.api(Rol.AUDITOR)).json()["regels"]
    assert any(r["route"] == "/toezicht/knooppunt/inzagelog" and r["soort"] == "inzagelog" for r in knooppuntlog)

    o.meld_aan("pia")
    assert "Per netwerk" not in o.client.get("/toezicht").text
    for pad in (
        f"/toezicht/netwerken/{NETWERK}/casussen/{netwerkcasus}",
        f"/toezicht/netwerken/{NETWERK}/verificatie",
        f"/toezicht/netwerken/{NETWERK}/inzagelog",
        "/toezicht/knooppunt/inzagelog",
    ):
        assert o.client.get(pad).status_code == 403, pad
    o.meld_aan("ken")
    assert o.client.get(f"/toezicht/netwerken/{NETWERK}/inzagelog").status_code == 403


def test_inzage_als_pagina_json_en_pdf_en_wissen(omgeving: Omgeving) -> None:
    o = omgeving
    o.meld_aan("pia")
    pad = f"/privacy/regios/{HVB}/casussen/{o.casus}"
    pagina = o.client.get(f"{pad}/inzage")
    assert pagina.status_code == 200 and "Persoonsgegevens wissen" in pagina.text
    pdf = o.client.get(f"{pad}/inzage.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf.headers["cache-control"] == "no-store"
    als_json = o.client.get(f"{pad}/inzage.json")
    assert als_json.json()["casus_id"] == o.casus and len(als_json.json()["stappen"]) == 2
    exports = [r for r in _log(o, casus=o.casus) if r["soort"] == "export" and r["wie"] == "pia"]
    assert {r["route"] for r in exports} == {
        "/privacy/regios/{regio}/casussen/{casus_id}/inzage",
        "/privacy/regios/{regio}/casussen/{casus_id}/inzage.pdf",
        "/privacy/regios/{regio}/casussen/{casus_id}/inzage.json",
    }

    csrf = csrf_van(pagina.text)
    for reden in ("", "   ", "\x00", "\ufffe", "x" * 10_001):  # the erasure's own bounds, as the API has them
        leeg = o.client.post(f"{pad}/wissen", data={"csrf": csrf, "reden": reden, "sleutel": "abc"})
        assert leeg.status_code == 422 and 'id="veld-reden"' in leeg.text, reden
    gewist = o.client.post(
        f"{pad}/wissen", data={"csrf": csrf, "reden": "Verzoek van de ouders, 3-12-2026", "sleutel": "abc"}
    )
    assert gewist.status_code == 303 and gewist.headers["location"] == f"{pad}/inzage"
    na = o.client.get(f"{pad}/inzage")
    assert "De persoonsgegevens van deze casus zijn gewist." in na.text
    assert "Geen persoonsgegevens (meer) vastgelegd." in na.text
    nog_eens = o.client.post(
        f"{pad}/wissen", data={"csrf": csrf, "reden": "Verzoek van de ouders, 3-12-2026", "sleutel": "abc"}
    )
    assert nog_eens.status_code == 303  # the same form twice records once

    o.meld_aan("pim")
    assert o.client.get(f"{pad}/inzage").status_code == 404
    o.meld_aan("tri")
    assert o.client.get(f"{pad}/inzage").status_code == 403
    assert (
        o.client.post(
            f"{pad}/wissen", data={"csrf": csrf_van(o.client.get("/").text), "reden": "x", "sleutel": "a"}
        ).status_code
        == 403
    )


def test_een_registratieblad_uploaden_controleren_en_de_schone_rijen_importeren(omgeving: Omgeving) -> None:
    o = omgeving
    profielen = o.container.profielen
    werkboek = voorbeeld(profielen[HVB], date(2026, 11, 30), aantal=30, seed=7, andere_gemeente="Goes")
    o.meld_aan("sec")
    formulier = o.client.get(f"/importeren/regios/{HVB}")
    assert formulier.status_code == 200 and 'enctype="multipart/form-data"' in formulier.text
    csrf = csrf_van(formulier.text)
    xlsx = ("blad.xlsx", werkboek, XLSX_TYPE)

    geen = o.client.post(f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": ("", b"", XLSX_TYPE)})
    assert geen.status_code == 422 and 'id="veld-bestand"' in geen.text
    tekst = o.client.post(
        f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": ("blad.csv", b"a,b", "text/csv")}
    )
    assert tekst.status_code == 422
    kapot = o.client.post(
        f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": ("blad.xlsx", b"PK nee", XLSX_TYPE)}
    )
    assert kapot.status_code == 422 and "kan doorbraak niet lezen" in kapot.text
    groot = o.client.post(  # more than every other request may send, less than a workbook may be
        f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": ("blad.xlsx", b"PK" * 1_500_000, XLSX_TYPE)}
    )
    assert groot.status_code == 422 and "kan doorbraak niet lezen" in groot.text
    te_groot = o.client.post(
        f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": ("blad.xlsx", b"P" * 12_000_000, XLSX_TYPE)}
    )
    assert te_groot.status_code == 413
    slechte_koppeling = o.client.post(
        f"/importeren/regios/{HVB}",
        data={"csrf": csrf},
        files={"bestand": xlsx, "koppeling": ("k.toml", b"[[[", "text/plain")},
    )
    assert slechte_koppeling.status_code == 422 and 'id="veld-koppeling"' in slechte_koppeling.text

    droog = o.client.post(f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": xlsx})
    assert droog.status_code == 200 and "Er is nog niets vastgelegd." in droog.text
    assert '<table class="tabel" id="problemen">' in droog.text
    token = droog.text.split('name="token" value="')[1].split('"')[0]
    alles = o.client.post(f"/importeren/regios/{HVB}/uitvoeren", data={"csrf": csrf, "token": token, "keuze": "alles"})
    assert alles.status_code == 409 and "Niets geïmporteerd" in alles.text
    schoon = o.client.post(
        f"/importeren/regios/{HVB}/uitvoeren", data={"csrf": csrf, "token": token, "keuze": "schoon"}
    )
    assert schoon.status_code == 200 and "Geïmporteerd in Hart van Brabant" in schoon.text
    nieuw = int(schoon.text.split("<dt>Nieuwe casussen</dt><dd>")[1].split("<")[0])
    assert nieuw > 0
    weg = o.client.post(f"/importeren/regios/{HVB}/uitvoeren", data={"csrf": csrf, "token": token, "keuze": "schoon"})
    assert weg.status_code == 422 and "niet meer bewaard" in weg.text

    opnieuw = o.client.post(f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": xlsx})
    token = opnieuw.text.split('name="token" value="')[1].split('"')[0]
    herhaald = o.client.post(
        f"/importeren/regios/{HVB}/uitvoeren", data={"csrf": csrf, "token": token, "keuze": "schoon"}
    )
    assert "<dt>Nieuwe casussen</dt><dd>0</dd>" in herhaald.text  # importing the same file twice adds nothing

    o.meld_aan("tri")
    assert o.client.get(f"/importeren/regios/{HVB}").status_code == 403
    csrf = csrf_van(o.client.get("/").text)
    assert o.client.post(f"/importeren/regios/{HVB}", data={"csrf": csrf}, files={"bestand": xlsx}).status_code == 403
    o.meld_aan("sec")
    assert o.client.get("/importeren/regios/zeeland").status_code == 404
