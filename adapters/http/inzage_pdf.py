"""The file for a request to see it (AVG art. 15) as a PDF, made with fpdf2 and its built-in Helvetica.

The built-in fonts hold the Western European characters (Windows-1252: é, ë, ü, €, curly quotes); nothing is
downloaded or embedded. A character beyond them is written as its base letter (ő as o, ł as l), or else as ?:
the JSON answer keeps every character as stored.

A PDF holds at most `RUIMTE` characters of the file's data (a line counted as `REGELKOSTEN` characters), about
75 pages and 2 s of CPU, and half that of who read the file: fpdf2 spends about 10 microseconds a character, and a
file with thousands of corrections of long texts took minutes. What does not fit is named in the PDF; the JSON
answer holds all of it."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from fpdf import FPDF

from domain import inzage

if TYPE_CHECKING:
    from adapters.http.inzage import Gegeven, Inzage

CODERING = "windows-1252"
LETTER = "Helvetica"
REGEL = 5.0
"""Line height in mm."""
RUIMTE = 200_000
REGELKOSTEN = 80
INGEKORT = " [ingekort: de volledige tekst staat in de inzage als JSON]"
ZONDER_ONTLEDING = str.maketrans("łŁđĐıħĦŧŦŀĿ", "lLdDihHtTlL")
"""Letters Unicode does not decompose into a base letter and a mark."""


def schoon(tekst: str) -> str:
    """The text as the built-in font can write it: tabs as spaces, other characters beyond Windows-1252 as
    their base letter or ?."""
    tekst = tekst.replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_teken(teken) for teken in tekst)


def _teken(teken: str) -> str:
    if not _schrijfbaar(teken):
        ontleed = unicodedata.normalize("NFKD", teken.translate(ZONDER_ONTLEDING))
        basis = "".join(t for t in ontleed if not unicodedata.combining(t))
        return basis if basis and all(_schrijfbaar(t) for t in basis) else "?"
    if unicodedata.category(teken) == "Cc" and teken != "\n":
        return " "
    return teken


def _schrijfbaar(teken: str) -> bool:
    try:
        teken.encode(CODERING)
    except UnicodeEncodeError:
        return False
    return True


class _Document(FPDF):
    def __init__(self, voettekst: str, ruimte: int) -> None:
        super().__init__(format="A4")
        self.ruimte = ruimte
        """What is left of the data this PDF holds, in characters."""
        self.core_fonts_encoding = CODERING
        self.voettekst = voettekst
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(LETTER, size=8)
        self.cell(0, 5, schoon(f"{self.voettekst} - pagina {self.page_no()}/{{nb}}"), align="C")


def _kop(pdf: FPDF, tekst: str) -> None:
    pdf.ln(3)
    pdf.set_font(LETTER, style="B", size=12)
    pdf.multi_cell(0, 7, schoon(tekst), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(LETTER, size=10)


def _tekst(pdf: FPDF, tekst: str) -> None:
    pdf.multi_cell(0, REGEL, schoon(tekst), new_x="LMARGIN", new_y="NEXT")


def _past(pdf: _Document, tekst: str) -> str:
    """As much of `tekst` as the PDF's room takes (the rest marked as cut), and that room taken."""
    kosten = 0
    for index, teken in enumerate(tekst):
        kosten += REGELKOSTEN if teken == "\n" else 1
        if kosten > pdf.ruimte:
            pdf.ruimte = 0
            return tekst[:index] + INGEKORT
    pdf.ruimte -= kosten
    return tekst


def _gegevens(pdf: _Document, gegevens: Sequence[Gegeven]) -> None:
    for gegeven in gegevens:
        pdf.set_font(LETTER, style="B", size=10)
        pdf.write(REGEL, schoon(f"{gegeven.veld}: "))
        pdf.set_font(LETTER, size=10)
        pdf.write(REGEL, schoon(_past(pdf, gegeven.waarde)) if pdf.ruimte else INGEKORT.strip())
        pdf.ln(REGEL)


def _lokaal(moment: datetime, zone: ZoneInfo) -> str:
    return inzage.tijdstip(moment.astimezone(zone))


def maak_pdf(overzicht: Inzage, zone: ZoneInfo, ruimte: int = RUIMTE) -> bytes:
    """The overview as a PDF: the personal data, every step, what went to the network, who read the file."""
    pdf = _Document(f"Inzage dossier {overzicht.casus_id}", ruimte)
    pdf.set_title(schoon(f"Inzage in het dossier {overzicht.casus_id}"))
    pdf.set_creator("doorbraak")
    pdf.add_page()
    pdf.set_font(LETTER, style="B", size=16)
    pdf.multi_cell(0, 9, "Inzage in het dossier", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(LETTER, size=10)
    _tekst(pdf, f"Regionaal expertteam: {overzicht.regionaam}")
    _tekst(pdf, f"Dossiernummer: {overzicht.casus_id}")
    _tekst(pdf, f"Stand van het dossier: {overzicht.fase.value}")
    _tekst(pdf, f"Opgesteld op {_lokaal(overzicht.opgesteld, zone)} door {overzicht.opgesteld_door}")
    pdf.ln(2)
    _tekst(pdf, overzicht.toelichting)

    _kop(pdf, "Persoonsgegevens")
    if overzicht.persoonsgegevens:
        _gegevens(pdf, overzicht.persoonsgegevens)
    else:
        _tekst(pdf, "Er zijn geen persoonsgegevens vastgelegd.")

    _kop(pdf, "Stappen in het dossier")
    for nummer, stap in enumerate(overzicht.stappen):
        if not pdf.ruimte:
            _tekst(pdf, f"De overige {len(overzicht.stappen) - nummer} stappen staan in de inzage als JSON.")
            break
        pdf.ruimte = max(0, pdf.ruimte - 2 * REGELKOSTEN)
        pdf.ln(1)
        pdf.set_font(LETTER, style="B", size=10)
        _tekst(pdf, f"{inzage.datum(stap.datum)} - {stap.stap}")
        pdf.set_font(LETTER, style="I", size=9)
        _tekst(pdf, f"Vastgelegd op {_lokaal(stap.vastgelegd, zone)} door {stap.door} ({stap.rol})")
        pdf.set_font(LETTER, size=10)
        _gegevens(pdf, stap.gegevens)

    _kop(pdf, "Verzonden naar het bovenregionale netwerk")
    if not overzicht.naar_netwerk:
        _tekst(pdf, "Er is niets naar het netwerk verzonden.")
    for verzonden in overzicht.naar_netwerk:
        pdf.set_font(LETTER, style="B", size=10)
        _tekst(pdf, f"{inzage.datum(verzonden.datum)} - naar {verzonden.netwerk}")
        pdf.set_font(LETTER, size=10)
        _gegevens(pdf, verzonden.gegevens)

    pdf.ruimte = ruimte // 2  # who read the file has room of its own, whatever the data took
    _ingezien(pdf, overzicht, zone)
    return bytes(pdf.output())


def _ingezien(pdf: _Document, overzicht: Inzage, zone: ZoneInfo) -> None:
    """Who read the file, as far as the PDF's room goes."""
    _kop(pdf, "Wie het dossier heeft ingezien")
    if not overzicht.ingezien:
        _tekst(pdf, "Niemand heeft het dossier ingezien.")
    for nummer, gelezen in enumerate(overzicht.ingezien):
        waar = "" if gelezen.waar == "regio" else f" (bij het netwerk {gelezen.waar})"
        doel = f", doel: {gelezen.doel}" if gelezen.doel else ""
        regel = f"{_lokaal(gelezen.tijdstip, zone)}: {gelezen.wie} ({gelezen.rol}), {gelezen.handeling}{waar}{doel}"
        if len(regel) + REGELKOSTEN > pdf.ruimte:
            _tekst(pdf, f"De overige {len(overzicht.ingezien) - nummer} inzagen staan in de inzage als JSON.")
            break
        pdf.ruimte -= len(regel) + REGELKOSTEN
        _tekst(pdf, regel)
    if not overzicht.ingezien_volledig:
        _tekst(pdf, "Dit zijn de eerste inzagen; het inzagelog bevat ze alle.")
