"""The inzage as a PDF stays bounded: a file with thousands of long corrections is written up to the PDF's room,
with what did not fit named, in well under a second."""

from __future__ import annotations

import io
import time
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pypdf

from adapters.http.inzage import Gegeven, Inzage, InzageStap, Inzien
from adapters.http.inzage_pdf import INGEKORT, maak_pdf
from domain.casus import Fase

ZONE = ZoneInfo("Europe/Amsterdam")
MOMENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _inzage(stappen: int, waarde: str, ingezien: int = 0) -> Inzage:
    stap = InzageStap(
        versie=2,
        stap="Gegevens gecorrigeerd",
        type="Gecorrigeerd",
        datum=date(2026, 11, 20),
        vastgelegd=MOMENT,
        door="sem",
        rol="secretaris",
        gegevens=[Gegeven(veld=f"wijziging {i} / naar", waarde=waarde) for i in range(4)],
    )
    return Inzage(
        casus_id=uuid.uuid4(),
        regio="zeeland",
        regionaam="Zeeland",
        fase=Fase.GETRIEERD,
        opgesteld=MOMENT,
        opgesteld_door="pieter-privacy",
        toelichting="Alles wat over de jeugdige is vastgelegd.",
        persoonsgegevens=[Gegeven(veld="jeugdige / naam", waarde="Zoë")],
        stappen=[stap] * stappen,
        naar_netwerk=[],
        ingezien=[Inzien(tijdstip=MOMENT, wie="ada", rol="auditor", handeling="gelezen", doel="d" * 300, waar="regio")]
        * ingezien,
        ingezien_volledig=True,
    )


def _tekst(pdf: bytes) -> str:
    return "\n".join(pagina.extract_text() for pagina in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_een_dossier_dat_past_staat_er_helemaal_in() -> None:
    tekst = _tekst(maak_pdf(_inzage(3, "Typefout hersteld."), ZONE))
    assert tekst.count("Typefout hersteld.") == 12 and "ingekort" not in tekst


def test_duizenden_lange_correcties_worden_tot_de_ruimte_geschreven() -> None:
    begin = time.process_time()
    pdf = maak_pdf(_inzage(2_000, "a\n" * 4_999 + "a"), ZONE, ruimte=40_000)
    assert time.process_time() - begin < 5
    tekst = _tekst(pdf)
    assert INGEKORT.strip() in tekst
    assert "De overige 1999 stappen staan in de inzage als JSON." in tekst


def test_tienduizend_inzagen_met_een_lang_doel_worden_tot_de_ruimte_geschreven() -> None:
    begin = time.process_time()
    pdf = maak_pdf(_inzage(1, "Typefout hersteld.", ingezien=10_000), ZONE, ruimte=40_000)
    assert time.process_time() - begin < 5
    tekst = _tekst(pdf)
    assert "staan in de inzage als JSON." in tekst and "De overige " in tekst


def test_wie_het_dossier_las_staat_erin_ook_als_de_gegevens_de_ruimte_vulden() -> None:
    tekst = _tekst(maak_pdf(_inzage(50, "a\n" * 4_999 + "a", ingezien=3), ZONE, ruimte=40_000))
    assert "De overige 49 stappen" in tekst and tekst.count("ada (auditor), gelezen") == 3
