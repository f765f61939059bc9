"""The upload page of the import (`/importeren`): a team's registration sheet (.xlsx) and an optional mapping
file, checked first (the dry run: every row that cannot be imported, with its column and rule), then imported
as a whole when clean, or only its clean rows; through `services.importeren.ImportService` as
`doorbraak importeer` does. Who: `Handeling.IMPORTEREN` (the secretaris) in their own region.

Between the check and the import the uploaded file waits on this node, in memory, for `BEWAARTIJD` and for the
one who uploaded it only (at most `MAX_BEWAARD` files at once); importing the same file twice adds nothing."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from adapters.http.commando import RegioPad
from adapters.tokens import Gebruiker
from adapters.web.audit_pagina import AuditGebruiker, Pagina, Paginaroute, regio_van, zichtbare_regios
from adapters.web.sjablonen import Formfouten, toon
from adapters.werkboek import MAX_KOPPELING_BYTES, BestandOngeldig, Grenzen, Koppeling, lees_koppeling, lees_werkboek
from domain.rollen import Handeling
from domain.waarden import Herkomst
from services.importeren import ImportService, Importverslag

router = APIRouter(include_in_schema=False, route_class=Paginaroute)

MAX_BESTAND = Grenzen().bytes
"""Bytes of an uploaded workbook, as the command line reads it (`adapters.werkboek.Grenzen`); the upload's body bound
is `adapters.http.middleware.GROTE_BODIES`."""
BEWAARTIJD = 30 * 60
MAX_BEWAARD = 20
TOKEN_LENGTE = 43


@dataclass(frozen=True)
class Upload:
    wie: str
    regio: str
    naam: str
    werkboek: bytes
    koppeling: bytes | None
    tot: float


def _bewaard(request: Request) -> dict[str, Upload]:
    staat = request.app.state
    if not hasattr(staat, "importuploads"):
        staat.importuploads = {}
    uploads: dict[str, Upload] = staat.importuploads
    nu = time.monotonic()
    for token in [t for t, u in uploads.items() if u.tot < nu]:
        del uploads[token]
    return uploads


def _dienst(request: Request, gebruiker: Gebruiker, regio: str) -> ImportService:
    casussen = regio_van(request, gebruiker, regio, Handeling.IMPORTEREN)
    return ImportService(casussen, Herkomst(actor=gebruiker.naam, rol=gebruiker.rol.value))


@router.get("/importeren", response_class=HTMLResponse)
async def importeren(request: Request, gebruiker: AuditGebruiker) -> Response:
    """The regions the user may import into."""
    regios = zichtbare_regios(request, gebruiker, Handeling.IMPORTEREN)
    if not regios:
        raise Pagina(403, "Alleen de secretaris van een regio brengt een registratieblad in.")
    return toon(request, "importeren/start.html", {"regios": regios})


@router.get("/importeren/regios/{regio}", response_class=HTMLResponse)
async def uploadpagina(regio: RegioPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """The upload form."""
    dienst = _dienst(request, gebruiker, regio)
    return toon(request, "importeren/upload.html", _context(dienst, regio))


def _context(dienst: ImportService, regio: str, **extra: Any) -> dict[str, Any]:
    return {"regio": regio, "regionaam": dienst.casussen.profiel.naam, "max_kb": MAX_BESTAND // 1024, **extra}


async def _lees(veld: Any, grens: int) -> bytes | None:
    if not isinstance(veld, UploadFile) or not veld.filename:
        return None
    inhoud = await veld.read(grens + 1)
    return inhoud


def _controleer(dienst: ImportService, upload: Upload, **opties: Any) -> tuple[Importverslag, list[str]]:
    koppeling = lees_koppeling(upload.koppeling) if upload.koppeling else Koppeling()
    werkblad = lees_werkboek(upload.werkboek, koppeling, Grenzen(bytes=MAX_BESTAND))
    verslag = dienst.importeer(werkblad.rijen, leesproblemen=werkblad.problemen, **opties)
    return verslag, list(werkblad.genegeerd)


@router.post("/importeren/regios/{regio}", response_class=HTMLResponse)
async def upload(regio: RegioPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """Reads the workbook and the mapping file and shows the dry run: nothing is written yet."""
    dienst = _dienst(request, gebruiker, regio)
    formulier = await request.form()
    fouten = Formfouten()
    bestand = formulier.get("bestand")
    werkboek = await _lees(bestand, MAX_BESTAND)
    koppeling = await _lees(formulier.get("koppeling"), MAX_KOPPELING_BYTES)
    naam = bestand.filename[:200] if isinstance(bestand, UploadFile) and bestand.filename else ""
    if werkboek is None:
        fouten.voeg_toe("bestand", "Kies het registratieblad (.xlsx).")
    elif not naam.casefold().endswith(".xlsx"):
        fouten.voeg_toe("bestand", "Kies een .xlsx-bestand (bewaar het blad in Excel als Excel-werkmap).")
    elif len(werkboek) > MAX_BESTAND:
        fouten.voeg_toe("bestand", f"Het bestand is groter dan {MAX_BESTAND // 1024} kB.")
    if koppeling is not None and len(koppeling) > MAX_KOPPELING_BYTES:
        fouten.voeg_toe("koppeling", f"Het koppelbestand is groter dan {MAX_KOPPELING_BYTES // 1024} kB.")
    if fouten or werkboek is None:
        return toon(request, "importeren/upload.html", _context(dienst, regio), fouten=fouten)
    gelezen = Upload(gebruiker.naam, regio, naam, werkboek, koppeling, time.monotonic() + BEWAARTIJD)
    try:
        verslag, genegeerd = await run_in_threadpool(_controleer, dienst, gelezen, droog=True)
    except BestandOngeldig as e:
        veld = "koppeling" if koppeling is not None and "mapping" in str(e) else "bestand"
        fouten.voeg_toe(veld, f"Dit bestand kan doorbraak niet lezen: {e}")
        return toon(request, "importeren/upload.html", _context(dienst, regio), fouten=fouten)
    uploads = _bewaard(request)
    while len(uploads) >= MAX_BEWAARD:
        del uploads[min(uploads, key=lambda t: uploads[t].tot)]
    token = secrets.token_urlsafe(32)
    uploads[token] = gelezen
    return toon(
        request,
        "importeren/verslag.html",
        _context(dienst, regio, verslag=verslag, genegeerd=genegeerd, naam=naam, token=token),
    )


@router.post("/importeren/regios/{regio}/uitvoeren", response_class=HTMLResponse)
async def voer_uit(regio: RegioPad, request: Request, gebruiker: AuditGebruiker) -> Response:
    """Imports the checked file: every row when all are clean, or only the clean rows when that was chosen."""
    dienst = _dienst(request, gebruiker, regio)
    formulier = await request.form()
    token, keuze = formulier.get("token"), formulier.get("keuze")
    gelezen = _bewaard(request).get(token) if isinstance(token, str) and len(token) == TOKEN_LENGTE else None
    if gelezen is None or gelezen.wie != gebruiker.naam or gelezen.regio != regio:
        fouten = Formfouten().voeg_toe(
            "bestand", "Het gecontroleerde bestand is niet meer bewaard (na 30 minuten). Kies het opnieuw."
        )
        return toon(request, "importeren/upload.html", _context(dienst, regio), fouten=fouten)
    if keuze not in ("alles", "schoon"):
        raise Pagina(400)
    verslag, genegeerd = await run_in_threadpool(_controleer, dienst, gelezen, alleen_schone_rijen=keuze == "schoon")
    if not verslag.geweigerd:
        _bewaard(request).pop(str(token), None)
    return toon(
        request,
        "importeren/verslag.html",
        _context(dienst, regio, verslag=verslag, genegeerd=genegeerd, naam=gelezen.naam, token=str(token)),
        status=409 if verslag.geweigerd else 200,
    )
