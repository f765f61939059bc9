"""Importing the example workbook into a fresh region store: the dry run, all or nothing, clean rows only,
idempotency, back-dated steps in order, and the monitoring of the imported period against the sheet's own totals."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import psycopg
import pytest
from openpyxl import load_workbook

from adapters.bootstrap import Container
from adapters.importsjabloon import OPMERKING, voorbeeld
from adapters.leesmodellen import LeesModellen
from adapters.werkboek import Werkblad, lees_werkboek
from domain import importkolommen as k
from domain.waarden import Herkomst
from projections.monitoring import bereken
from projections.periode import Periode
from projections.queries import monitoringfeiten
from services.importeren import AL_ANDERS_GEIMPORTEERD, ImportService
from tests.conftest import Klok
from tests.integration.conftest import bij

REGIO = "hart-van-brabant"
VANDAAG = date(2026, 11, 20)
TOT = date(2026, 10, 31)
HERKOMST = Herkomst(actor="tester", rol="secretaris")
VERWACHTE_PROBLEMEN = {
    (k.LEEFTIJD, "leeftijd-buiten-bereik"),
    (k.GEMEENTE, "gemeente-buiten-regio"),
    (k.AANMELDDATUM, "geen-datum"),
    (k.WERKSTROOM, "onbekende-waarde"),
    (k.TOESTEMMING_DOOR, "toestemming-vereist"),
    (k.ADVIESDATUM, "advies-voor-overleg"),
}


@pytest.fixture
def werkboek() -> bytes:
    return voorbeeld(laad(REGIO), TOT, andere_gemeente="Goes")


def laad(slug: str) -> Any:
    from adapters.regio_catalogus import laad_profielen

    return laad_profielen()[slug]


@pytest.fixture
def dienst(container: Container, klok: Klok) -> ImportService:
    klok.datum = VANDAAG
    return ImportService(container.regio(REGIO), HERKOMST)


def events(container: Container) -> int:
    with psycopg.connect(container.database_url(REGIO)) as conn:
        rij = conn.execute(f"SELECT count(*) FROM {container.schema(REGIO)}.casussen_events").fetchone()
        return int(rij[0]) if rij else 0


def test_droog_somt_elke_foute_rij_op_en_schrijft_niets(
    dienst: ImportService, werkboek: bytes, container: Container
) -> None:
    blad = lees_werkboek(werkboek)
    verslag = dienst.importeer(blad.rijen, droog=True)
    assert verslag.droog and verslag.rijen == 120 and not verslag.geimporteerd
    assert {(p.kolom, p.regel) for p in verslag.problemen} == VERWACHTE_PROBLEMEN
    assert verslag.rijen_met_problemen == 6
    opmerkingen = opmerkingen_per_rij(werkboek)
    assert {p.rij for p in verslag.problemen} == {rij for rij, o in opmerkingen.items() if o}
    assert events(container) == 0


def test_alles_of_niets(dienst: ImportService, werkboek: bytes, container: Container) -> None:
    verslag = dienst.importeer(lees_werkboek(werkboek).rijen)
    assert verslag.geweigerd and not verslag.geimporteerd and len(verslag.problemen) == 6
    assert events(container) == 0


def test_een_schoon_bestand_in_zijn_geheel_en_een_tweede_keer_voegt_niets_toe(
    dienst: ImportService, werkboek: bytes, container: Container
) -> None:
    blad = schoon(lees_werkboek(werkboek), werkboek)
    voortgang: list[tuple[int, int]] = []
    eerste = dienst.importeer(blad.rijen, voortgang=lambda gedaan, totaal: voortgang.append((gedaan, totaal)))
    assert not eerste.geweigerd and eerste.schoon and len(eerste.geimporteerd) == 114
    assert eerste.nieuwe_casussen == 114 and eerste.al_aanwezig == 0
    assert voortgang[-1] == (114, 114) and len(voortgang) == 114
    na_eerste = events(container)
    tweede = dienst.importeer(blad.rijen)
    assert tweede.nieuwe_stappen == 0 and tweede.al_aanwezig == 114
    assert events(container) == na_eerste
    assert [r.casus_id for r in tweede.geimporteerd] == [r.casus_id for r in eerste.geimporteerd]


def test_alleen_schone_rijen_en_een_heruitvoer_met_een_ingevoegde_rij(
    dienst: ImportService, werkboek: bytes, container: Container
) -> None:
    blad = lees_werkboek(werkboek)
    verslag = dienst.importeer(blad.rijen, alleen_schone_rijen=True)
    assert len(verslag.geimporteerd) == 114 and verslag.rijen_met_problemen == 6
    eerder = events(container)
    nieuw = {**blad.rijen[0][1], k.REGISTRATIENUMMER: "2026-900", k.LEEFTIJD: 6}
    opnieuw = [(2, nieuw)] + [(nummer + 1, cellen) for nummer, cellen in blad.rijen]
    tweede = dienst.importeer(opnieuw, alleen_schone_rijen=True)
    assert tweede.nieuwe_casussen == 1 and tweede.al_aanwezig == 114
    assert events(container) > eerder


def test_andere_inhoud_onder_hetzelfde_registratienummer_wordt_gemeld(dienst: ImportService, werkboek: bytes) -> None:
    blad = schoon(lees_werkboek(werkboek), werkboek)
    nummer, cellen = blad.rijen[0]
    dienst.importeer([(nummer, cellen)])
    assert dienst.importeer([(nummer, cellen)], droog=True).schoon  # the same row again adds nothing: clean
    anders = [(nummer, {**cellen, k.LEEFTIJD: 3})]
    droog = dienst.importeer(anders, droog=True)  # the check says what the import will say
    verslag = dienst.importeer(anders)
    for uitkomst in (droog, verslag):
        assert [(p.rij, p.kolom, p.regel) for p in uitkomst.problemen] == [
            (nummer, k.REGISTRATIENUMMER, AL_ANDERS_GEIMPORTEERD)
        ]
    assert not verslag.geimporteerd


def test_stappen_met_hun_eigen_datums_in_volgorde(dienst: ImportService, werkboek: bytes, container: Container) -> None:
    blad = schoon(lees_werkboek(werkboek), werkboek)
    verslag = dienst.importeer(blad.rijen)
    cellen = dict(blad.rijen)
    for rij in verslag.geimporteerd:
        historie = container.regio(REGIO).historie(rij.casus_id)
        datums = [e.op for e in historie if hasattr(e, "op")]
        assert datums == sorted(datums)
        assert historie[0].op == datum(cellen[rij.rij][k.AANMELDDATUM])
        soorten = {type(e).__name__: e.op for e in historie}
        if k.AFSLUITDATUM in cellen[rij.rij]:
            assert soorten["Afgesloten"] == datum(cellen[rij.rij][k.AFSLUITDATUM])
        assert all(e.herkomst.vastgelegd_op == VANDAAG for e in historie if hasattr(e, "herkomst"))


# --- the monitoring matches the sheet -------------------------------------------------------------------


def datum(waarde: Any) -> date:
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    return datetime.strptime(waarde, "%d-%m-%Y").date()


def opmerkingen_per_rij(werkboek: bytes) -> dict[int, str | None]:
    blad = load_workbook(io.BytesIO(werkboek), read_only=True).worksheets[0]
    kop = [c.value for c in next(blad.iter_rows(max_row=1))]
    return {
        nummer: rij[kop.index(OPMERKING)]
        for nummer, rij in enumerate(blad.iter_rows(min_row=2, values_only=True), start=2)
    }


def schoon(blad: Werkblad, werkboek: bytes) -> Werkblad:
    """The sheet without the rows the example breaks on purpose."""
    opmerkingen = opmerkingen_per_rij(werkboek)
    return Werkblad([(n, c) for n, c in blad.rijen if not opmerkingen[n]], [], [])


def sheet_totalen(werkboek: bytes) -> dict[str, Any]:
    """The totals the team would compute from its own sheet, read with openpyxl alone (not the importer)."""
    blad = load_workbook(io.BytesIO(werkboek), read_only=True).worksheets[0]
    rijen = blad.iter_rows(values_only=True)
    kop = list(next(rijen))
    goed = [dict(zip(kop, r, strict=True)) for r in rijen if not r[kop.index(OPMERKING)]]

    def band(leeftijd: int) -> str:
        return "0-3" if leeftijd <= 3 else "4-11" if leeftijd <= 11 else "12-17" if leeftijd <= 17 else "18-23"

    def dagen(kolom: str) -> list[float]:
        return [float((datum(r[kolom]) - datum(r["Aanmelddatum"])).days) for r in goed if r[kolom]]

    afgesloten = [r for r in goed if r["Afsluitdatum"]]
    return {
        "totaal": len(goed),
        "per_werkstroom": dict(Counter(r["Werkstroom"] for r in goed)),
        "per_leeftijdsgroep": dict(Counter(band(r["Leeftijd"]) for r in goed)),
        "afsluitingen": len(afgesloten),
        "per_reden": dict(Counter(r["Afsluitreden"] for r in afgesloten)),
        "doorlooptijden": {
            naam: (len(d), statistics.median(d))
            for naam, kolom in (
                ("aanmelding-triage", "Triagedatum"),
                ("aanmelding-overleg", "Overlegdatum"),
                ("aanmelding-advies", "Adviesdatum"),
                ("aanmelding-afsluiting", "Afsluitdatum"),
            )
            if (d := dagen(kolom))
        },
        "eerste": min(datum(r["Aanmelddatum"]) for r in goed),
    }


async def test_de_monitoring_van_de_periode_klopt_met_de_sheet(
    dienst: ImportService, werkboek: bytes, leesmodellen: LeesModellen
) -> None:
    verslag = dienst.importeer(lees_werkboek(werkboek).rijen, alleen_schone_rijen=True)
    assert len(verslag.geimporteerd) == 114
    await bij(leesmodellen)
    verwacht = sheet_totalen(werkboek)
    periode = Periode(verwacht["eerste"] - timedelta(days=1), VANDAAG)
    feiten = await leesmodellen.vraag(REGIO, lambda conn, t: monitoringfeiten(conn, t, periode))
    cijfers = bereken(periode, REGIO, *feiten)
    aanmeldingen = cijfers["aanmeldingen"]
    assert aanmeldingen["totaal"] == verwacht["totaal"] == 114
    assert aanmeldingen["per_werkstroom"] == verwacht["per_werkstroom"]
    assert aanmeldingen["per_leeftijdsgroep"] == verwacht["per_leeftijdsgroep"]
    assert cijfers["afsluitingen"]["totaal"] == verwacht["afsluitingen"]
    assert cijfers["afsluitingen"]["per_reden"] == verwacht["per_reden"]
    for naam, (aantal, mediaan) in verwacht["doorlooptijden"].items():
        assert cijfers["doorlooptijden"][naam]["aantal"] == aantal, naam
        assert cijfers["doorlooptijden"][naam]["mediaan_dagen"] == mediaan, naam
    assert set(cijfers["doorlooptijden"]) == set(verwacht["doorlooptijden"])
