"""Reads that answer CSV on `Accept: text/csv`: the check, the answer and its OpenAPI declaration."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from fastapi import Request, Response

CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV on `Accept: text/csv`."}
}


def wil_csv(request: Request) -> bool:
    return "text/csv" in request.headers.get("accept", "")


def csv_antwoord(kolommen: tuple[str, ...], regels: Iterable[Iterable[Any]], bestandsnaam: str) -> Response:
    """The rows as a CSV download, a header row of `kolommen` first."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, lineterminator="\n")
    schrijver.writerow(kolommen)
    schrijver.writerows(regels)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}"'},
    )
