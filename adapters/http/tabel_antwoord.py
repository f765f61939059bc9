"""Reads that answer a table as a download: CSV on `Accept: text/csv`, a workbook on `Accept:` the `.xlsx` type;
the check, the answer and its OpenAPI declaration."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, Literal
from uuid import UUID

from fastapi import Request, Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Formaat = Literal["csv", "xlsx"]

CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV on `Accept: text/csv`."}
}
TABEL: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
        "description": f"JSON, CSV on `Accept: text/csv`, or a workbook on `Accept: {XLSX_TYPE}`.",
    }
}


def wil_csv(request: Request) -> bool:
    return "text/csv" in request.headers.get("accept", "")


def gevraagd_formaat(request: Request) -> Formaat | None:
    """The download the request asks for in its `Accept`; None for JSON."""
    accept = request.headers.get("accept", "")
    if XLSX_TYPE in accept:
        return "xlsx"
    return "csv" if "text/csv" in accept else None


def tabel_antwoord(
    formaat: Formaat, kolommen: tuple[str, ...], regels: Iterable[Iterable[Any]], basisnaam: str
) -> Response:
    """The rows as a download of `basisnaam` in `formaat`, a header row of `kolommen` first."""
    if formaat == "xlsx":
        return xlsx_antwoord(kolommen, regels, f"{basisnaam}.xlsx")
    return csv_antwoord(kolommen, regels, f"{basisnaam}.csv")


def csv_antwoord(kolommen: tuple[str, ...], regels: Iterable[Iterable[Any]], bestandsnaam: str) -> Response:
    """The rows as a CSV download, a header row of `kolommen` first."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, lineterminator="\n")
    schrijver.writerow(kolommen)
    schrijver.writerows([_veilig(waarde) for waarde in regel] for regel in regels)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}"'},
    )


FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula in a CSV cell (OWASP: CSV injection)."""


def _veilig(waarde: Any) -> Any:
    """A text a spreadsheet would run as a formula, with a leading apostrophe so it opens as the text it is."""
    return f"'{waarde}" if isinstance(waarde, str) and waarde.startswith(FORMULETEKENS) else waarde


def xlsx_antwoord(kolommen: tuple[str, ...], regels: Iterable[Iterable[Any]], bestandsnaam: str) -> Response:
    """The rows as one sheet of a workbook, a header row of `kolommen` first; numbers and dates stay numbers and
    dates, and a text is never read as a formula."""
    boek = Workbook(write_only=True)
    blad = boek.create_sheet(bestandsnaam.removesuffix(".xlsx")[:31])
    blad.append(list(kolommen))
    for regel in regels:
        blad.append([_cel(blad, waarde) for waarde in regel])
    buffer = io.BytesIO()
    boek.save(buffer)
    return Response(
        buffer.getvalue(),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}"'},
    )


def _cel(blad: Any, waarde: Any) -> WriteOnlyCell:
    if isinstance(waarde, Enum):
        waarde = waarde.value
    if isinstance(waarde, UUID):
        waarde = str(waarde)
    if isinstance(waarde, datetime) and waarde.tzinfo is not None:
        waarde = waarde.astimezone(UTC).replace(tzinfo=None)  # a workbook has no time zones: the moment in UTC
    if waarde is not None and not isinstance(waarde, str | int | float | bool | date):
        waarde = str(waarde)
    cel = WriteOnlyCell(blad, value=waarde)
    if isinstance(waarde, str):
        cel.data_type = "s"  # openpyxl would take a text starting with "=" for a formula
    return cel
