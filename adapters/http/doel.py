"""Why an auditor asks: the X-Doorbraak-Doel header, required with every request of theirs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from adapters.http.problemen import Probleem
from adapters.tokens import Gebruiker
from domain.inzagelog import MAX_DOEL, DoelOntbreekt, controleer_doel

KOP = "X-Doorbraak-Doel"
VELD = f"header.{KOP}"

DoelKop = Annotated[
    str | None,
    Header(
        alias=KOP,
        max_length=4 * MAX_DOEL,
        description=f"Why you ask: required of an auditor with every request (1 to {MAX_DOEL} characters, UTF-8), "
        "kept in the access log with the request; another role may give one.",
        examples=["Steekproef dossiervorming 2026"],
    ),
]


def doel_van(gebruiker: Gebruiker, kop: str | None) -> str | None:
    """The purpose to record with the request; 422 when an auditor gives none, or one that is not plain text.
    A header is read as Latin-1: a purpose sent in UTF-8 is decoded as such."""
    try:
        return controleer_doel(gebruiker.rol, _utf8(kop))
    except DoelOntbreekt as e:
        raise Probleem(
            422,
            "Purpose required",
            f"{VELD}: {e}",
            "doel-vereist",
            veld=VELD,
            fouten=[{"veld": VELD, "melding": str(e), "soort": "doel-vereist"}],
        ) from None


def _utf8(kop: str | None) -> str | None:
    if kop is None:
        return None
    try:
        return kop.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return kop
