"""The monitoring, toezicht, privacy and import pages in a real browser: the example workbook brought in through
the upload page and seen in the monitoring with its chart and downloads; the auditor's purpose, history, replay,
verification and access log; the privacy officer's PDF. Every page screenshotted and checked by axe-core."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from adapters.importsjabloon import voorbeeld
from adapters.tokens import Gebruiker, maak_token
from domain.rollen import Rol
from tests.browser.conftest import Bezoek, meld_aan
from tests.conftest import Klok
from tests.webhulp import maak_account

HVB = "hart-van-brabant"
NETWERK = "ben-brabant-zeeland"


@pytest.fixture
def web(maak_container: Callable[..., Container]) -> Container:
    """Hart van Brabant and Zeeland; a secretaris, an auditor and a privacy officer."""
    container = maak_container(regios=[HVB, "zeeland"])
    maak_account(container.settings, "sem", Rol.SECRETARIS, regios=(HVB,))
    maak_account(container.settings, "ada", Rol.AUDITOR, regios=())
    maak_account(container.settings, "pia", Rol.PRIVACY, regios=(HVB,))
    return container


def _casus(web: Container, adres: str) -> str:
    """A case registered through the API."""
    gebruiker = Gebruiker(naam="api", rol=Rol.AANMELDER, regios=(HVB,))
    token = maak_token(gebruiker, web.settings.jwt_sleutel.get_secret_value(), web.settings.jwt_issuer)
    body = copy.deepcopy(voorbeelden.AANMELDING)
    body["aanmelding"]["woonplaatsgemeente"] = "Tilburg"
    antwoord = httpx.post(f"{adres}/regios/{HVB}/casussen", json=body, headers={"Authorization": f"Bearer {token}"})
    assert antwoord.status_code == 201, antwoord.text
    return str(antwoord.json()["id"])


def _download(bezoek: Bezoek, naam: str) -> bytes:
    with bezoek.pagina.expect_download() as download:
        bezoek.pagina.get_by_role("link", name=naam).click()
    pad = download.value.path()
    with open(pad, "rb") as bestand:
        return bestand.read()


def test_het_voorbeeldblad_importeren_en_in_de_monitoring_zien(
    bezoek: Bezoek, web: Container, klok: Klok, tmp_path: Any
) -> None:
    werkboek = voorbeeld(web.profielen[HVB], klok.datum - timedelta(days=1), aantal=40, seed=3, andere_gemeente="Goes")
    blad = tmp_path / "registratie.xlsx"
    blad.write_bytes(werkboek)
    pagina = bezoek.pagina
    bezoek.ga_naar(f"/importeren/regios/{HVB}")
    meld_aan(bezoek, "sem")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Registratieblad importeren in Hart van Brabant"
    bezoek.controleer("upload")

    pagina.get_by_label("Registratieblad (.xlsx)").set_input_files(str(blad))
    pagina.get_by_role("button", name="Controleer het blad").click()
    pagina.wait_for_load_state("load")
    assert "Er is nog niets vastgelegd." in pagina.get_by_role("status").inner_text()
    problemen = pagina.locator("#problemen tbody tr")
    assert problemen.count() > 0  # the example breaks a few rows on purpose
    bezoek.controleer("droog")

    pagina.get_by_role("button", name="Alleen de rijen importeren die kloppen").click()
    pagina.wait_for_load_state("load")
    assert "Geïmporteerd in Hart van Brabant" in pagina.get_by_role("heading", level=1).inner_text()
    bezoek.controleer("geimporteerd")

    pagina.get_by_role("link", name="Bekijk de monitoring van Hart van Brabant").click()
    pagina.wait_for_load_state("load")
    pagina.get_by_label("Periode").fill(str(klok.datum.year - 1))
    pagina.get_by_role("button", name="Toon de cijfers").click()
    pagina.wait_for_load_state("load")
    grafiek = pagina.get_by_role("img", name="Aanmeldingen per werkstroom")
    assert grafiek.is_visible()
    tabel = pagina.locator("#tabel-werkstroom tbody tr")
    op_pagina = {
        tabel.nth(i).locator("th").inner_text(): int(tabel.nth(i).locator("td").inner_text())
        for i in range(tabel.count())
    }
    assert sum(op_pagina.values()) > 0
    bezoek.controleer("monitoring")

    inhoud = _download(bezoek, "Download als Excel-werkmap (.xlsx)")
    rijen = list(load_workbook(io.BytesIO(inhoud), read_only=True).worksheets[0].iter_rows(values_only=True))
    per_werkstroom = {r[4]: r[5] for r in rijen[1:] if r[3] == "aanmeldingen" and r[4].startswith("per_werkstroom.")}
    assert sum(per_werkstroom.values()) == sum(op_pagina.values())
    assert b"indicator" in _download(bezoek, "Download als CSV")

    pagina.get_by_role("link", name="Signaleringsrapportage per halfjaar").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text().startswith("Signaleringsrapportage Hart van Brabant")
    bezoek.controleer("signalering")
    pagina.emulate_media(media="print")
    assert not pagina.locator("form.periodekeuze").is_visible()
    bezoek.foto("signalering-print")


def test_de_auditor_doel_geschiedenis_terugkijken_verificatie_en_inzagelog(
    bezoek: Bezoek, web: Container, app_adres: str
) -> None:
    casus = _casus(web, app_adres)
    pagina = bezoek.pagina
    bezoek.ga_naar("/toezicht")
    meld_aan(bezoek, "ada")
    assert pagina.url.endswith("/toezicht/doel?volgende=/toezicht")
    bezoek.controleer("doel")
    pagina.get_by_role("button", name="Doel vastleggen en verder").click()
    pagina.wait_for_load_state("load")
    assert pagina.locator("#veld-doel").get_attribute("aria-invalid") == "true"
    bezoek.controleer("doel-fout")
    pagina.get_by_label("Doel").fill("Steekproef dossiervorming 2026")
    pagina.get_by_role("button", name="Doel vastleggen en verder").click()
    pagina.wait_for_load_state("load")
    assert "Steekproef dossiervorming 2026" in pagina.get_by_role("main").inner_text()
    bezoek.controleer("toezicht")

    pagina.get_by_label("Nummer van de casus").fill(casus)
    pagina.get_by_role("button", name="Open de geschiedenis").click()
    pagina.wait_for_load_state("load")
    assert "Alle stappen (1)" in pagina.get_by_role("main").inner_text()
    bezoek.controleer("geschiedenis")

    bezoek.ga_naar(f"/toezicht/regios/{HVB}/werkvoorraad")
    assert casus in pagina.content()
    bezoek.controleer("werkvoorraad-terug")

    bezoek.ga_naar(f"/toezicht/regios/{HVB}/verificatie")
    pagina.get_by_role("button", name="Controleer het logboek").click()
    pagina.wait_for_load_state("load")
    assert "het logboek is gaaf" in pagina.get_by_role("status").inner_text()
    bezoek.controleer("verificatie")

    bezoek.ga_naar(f"/toezicht/regios/{HVB}/inzagelog")
    pagina.get_by_label("Nummer van de casus").fill(casus)
    pagina.get_by_role("button", name="Filter").click()
    pagina.wait_for_load_state("load")
    regels = pagina.locator("table tbody tr")
    assert regels.count() >= 1 and "Steekproef dossiervorming 2026" in regels.first.inner_text()
    bezoek.controleer("inzagelog")

    bezoek.ga_naar("/toezicht")
    pagina.get_by_role("link", name=f"Controleer {NETWERK}").click()
    pagina.wait_for_load_state("load")
    pagina.get_by_role("button", name="Controleer het logboek").click()
    pagina.wait_for_load_state("load")
    assert "het logboek is gaaf" in pagina.get_by_role("status").inner_text()
    bezoek.controleer("verificatie-netwerk")
    bezoek.ga_naar("/toezicht")
    pagina.get_by_role("link", name=f"Inzagelog {NETWERK}").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text() == f"Inzagelog van netwerk {NETWERK}"
    bezoek.controleer("inzagelog-netwerk")
    bezoek.ga_naar("/toezicht")
    pagina.get_by_role("link", name="Inzagelog van dit knooppunt").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Inzagelog van dit knooppunt"
    bezoek.controleer("inzagelog-knooppunt")


def test_de_privacyfunctionaris_downloadt_de_inzage_als_pdf(bezoek: Bezoek, web: Container, app_adres: str) -> None:
    casus = _casus(web, app_adres)
    pagina = bezoek.pagina
    bezoek.ga_naar("/privacy")
    meld_aan(bezoek, "pia")
    bezoek.controleer("privacy")
    pagina.get_by_label("Nummer van de casus").fill(casus)
    pagina.get_by_role("button", name="Open het dossier").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Inzage in het dossier"
    bezoek.controleer("inzage")
    assert _download(bezoek, "Download als PDF (voor de ouder of jongere)").startswith(b"%PDF")
    pagina.get_by_role("button", name="Persoonsgegevens wissen").click()
    pagina.wait_for_load_state("load")
    assert pagina.locator("#veld-reden").get_attribute("aria-invalid") == "true"
    bezoek.controleer("wissen-fout")
