"""Signing in and out of the pages: `/aanmelden` and `/afmelden`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from adapters.inloggen import Geweigerd
from adapters.web import sessie
from adapters.web.sjablonen import Formfouten, lees_formulier, meld, toon
from domain.inloggen import MAX_NAAM, MAX_WACHTWOORD
from domain.invoer import verboden_teken

router = APIRouter(include_in_schema=False)

ONJUIST = "De gebruikersnaam of het wachtwoord is onjuist."
"""The one answer for an unknown name, a wrong password and a blocked account."""


class Aanmeldformulier(BaseModel):
    naam: str = Field(min_length=1, max_length=MAX_NAAM)
    wachtwoord: str = Field(min_length=1, max_length=MAX_WACHTWOORD)
    volgende: str = Field("/", max_length=sessie.MAX_VOLGENDE * 2)


def geblokkeerd(minuten: int) -> str:
    return f"Te veel mislukte pogingen. Probeer het over {minuten} {'minuut' if minuten == 1 else 'minuten'} opnieuw."


def _formulier(volgende: str, naam: str = "", **extra: object) -> dict[str, object]:
    return {"volgende": volgende, "naam": naam, "afgemeld": False, **extra}


@router.get("/aanmelden", response_class=HTMLResponse)
async def aanmeldpagina(request: Request) -> Response:
    """The sign-in form; a signed-in user goes on to where they were going."""
    volgende = sessie.veilige_volgende(request.query_params.get("volgende"))
    if sessie.gelezen(request) is not None:
        return RedirectResponse(volgende, status_code=303)
    return toon(request, "aanmelden.html", _formulier(volgende))


@router.post("/aanmelden", response_class=HTMLResponse)
async def meld_aan(request: Request) -> Response:
    """Checks the name and password; on success a new session (a new id: the browser's old one ends) and on to
    `volgende`, else the form again with one message for every refusal, or the time a lock-out has left (429)."""
    formulier, fouten, ingevuld = await lees_formulier(request, Aanmeldformulier)
    volgende = sessie.veilige_volgende(str(ingevuld.get("volgende", "/")))
    naam = str(ingevuld.get("naam", ""))[:MAX_NAAM]
    if verboden_teken(naam) is not None:
        naam = ""
    if formulier is None:
        fouten.velden.pop("volgende", None)
        return toon(request, "aanmelden.html", _formulier(volgende, naam), fouten=fouten or None)
    vorige = request.cookies.get(sessie.cookienaam(request, "sessie"))
    uitkomst = await sessie.inloggen(request).met_wachtwoord(formulier.naam, formulier.wachtwoord, vorige=vorige)
    if isinstance(uitkomst, Geweigerd):
        if uitkomst.reden == "geblokkeerd":
            antwoord = toon(
                request,
                "aanmelden.html",
                _formulier(volgende, naam),
                fouten=Formfouten().voeg_toe(None, geblokkeerd(uitkomst.minuten)),
                status=429,
            )
            antwoord.headers["Retry-After"] = str(uitkomst.minuten * 60)
            return antwoord
        fouten = Formfouten().voeg_toe(None, ONJUIST)
        return toon(request, "aanmelden.html", _formulier(volgende, naam), fouten=fouten)
    sessie_id, _ = uitkomst
    verder = RedirectResponse(volgende, status_code=303)
    sessie.zet_sessie(request, verder, sessie_id)
    return verder


@router.post("/afmelden")
async def meld_af(request: Request) -> Response:
    """Ends the session (it is deleted on the server) and goes back to the sign-in page."""
    sessie_id = request.cookies.get(sessie.cookienaam(request, "sessie"), "")
    await sessie.inloggen(request).sessies.beeindig(sessie_id)
    antwoord = RedirectResponse("/aanmelden", status_code=303)
    sessie.wis_sessie(request, antwoord)
    meld(request, antwoord, "U bent afgemeld.", "info")
    return antwoord
