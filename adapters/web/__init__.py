"""The pages: server-rendered Dutch HTML from the same FastAPI app as the API (which stays where it is).

How to build a page on this foundation:

- Routes: an `APIRouter(include_in_schema=False)` in a module of this package, added to `PAGINAS` below.
  `installeer` mounts each with the dependency `sessie.bescherm`: every route knows who is signed in, and every
  POST must carry the CSRF token (a refusal answers 403 with a page). Only plain forms, `method="post"`.
- Who: `gebruiker: PaginaGebruiker` (`adapters.web.sessie`) gives the signed-in `Gebruiker` (the same as a
  token's: `naam`, `rol`, `regios`, `netwerken`) and sends anyone else to `/aanmelden?volgende=<this page>`
  (303). It keeps who acts on the request, so the access log records page reads as API reads; mark a page that
  shows a case's data with `Depends(vastleggen(Toegangssoort.LEZEN))` from here, as routes do with
  `adapters.http.inzageregistratie.vastleggen`. Check the role and region as the API does
  (`domain.rollen.mag`, `ziet_alle_regios`): another region's case is "not found", never "forbidden".
- Render: `toon(request, "sjabloon.html", {...}, fouten=...)` (`adapters.web.sjablonen`) puts `gebruiker`,
  `csrf`, `meldingen`, `fouten` and `pad` in the context. A template extends `basis.html` and fills
  `{% block titel %}` and `{% block inhoud %}` (and `{% block menu %}` for extra `<li>` menu items); forms
  import the macros of `_formulier.html` `with context`: `csrf_veld()`, `foutoverzicht(fouten)` and
  `veld(fouten, naam, label, ...)`.
- Forms: `schema, fouten, ingevuld = await lees_formulier(request, DeApiSchema)` reads the posted form into the
  API's own request schema (field `a.b` is `{"a": {"b": ...}}`, so a field's name is the API's field path
  without `body.`). Then call the same service as the API does; a broken domain rule goes back at its field:
  `except RegelGeschonden as e: return toon(..., fouten=Formfouten.uit_regel(e))`, which shows `e.melding`
  next to the input named `e.veld` (or above the form when the rule names no field), marked with the rule's
  name (`data-regel`), exactly as the API's problem carries `melding`, `regel` and `veld`. After a successful
  POST redirect (303) and leave a message for the next page: `meld(request, antwoord, "Casus aangemeld.")`.
- Style: `statisch/stijl.css` (classes `formulier`, `veld`, `knop`, `melding`, `lijst`); no CDN, no inline script
  (the pages' Content-Security-Policy forbids both); a JS or CSS library is a pinned npm package served from
  `/statisch/vendor/` like Swagger UI (`documentatie.mount`).
- Test in a real browser: `tests/browser` (fixtures `app_adres`, `pagina`, `aangemeld`; `controleer_toegankelijk`
  runs axe-core on the page, every test's pages are screenshotted).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from adapters.settings import Settings
from adapters.web import (
    aanmelden,
    audit,
    documentatie,
    importeren,
    monitoring,
    netwerk,
    privacy,
    sessie,
    start,
    team,
)
from adapters.web.audit_pagina import foutpagina
from adapters.web.sjablonen import toon
from domain.inzagelog import Toegangssoort

PAGINAS: list[APIRouter] = [
    aanmelden.router,
    start.router,
    documentatie.router,
    netwerk.router,
    monitoring.router,
    audit.router,
    privacy.router,
    importeren.router,
    *team.ROUTERS,
]
STATISCH = Path(__file__).parent / "statisch"


def vastleggen(soort: Toegangssoort) -> Callable[..., None]:
    """A page dependency: the page's answer is recorded in the access log as `soort` (a case read: LEZEN)."""

    def _markeer(request: Request, _gebruiker: sessie.PaginaGebruiker) -> None:
        request.state.toegangssoort = soort

    return _markeer


def installeer(app: FastAPI, settings: Settings) -> None:
    """The pages, their static files and their error answers on the app."""
    documentatie.mount(app, settings)
    app.state.foutpagina = foutpagina
    app.mount("/statisch", StaticFiles(directory=STATISCH), name="statisch")
    for router in PAGINAS:
        app.include_router(router, dependencies=[Depends(sessie.bescherm)])

    @app.exception_handler(sessie.NietAangemeld)
    async def _niet_aangemeld(request: Request, exc: sessie.NietAangemeld) -> Response:
        return RedirectResponse(sessie.naar_aanmelden(exc.volgende), status_code=303)

    @app.exception_handler(sessie.CsrfGeweigerd)
    async def _csrf(request: Request, exc: sessie.CsrfGeweigerd) -> Response:
        return toon(
            request,
            "fout.html",
            {
                "titel": "Formulier geweigerd",
                "uitleg": "Dit formulier is niet vanaf deze pagina verstuurd, of uw sessie is intussen verlopen. "
                "Er is niets opgeslagen. Open de pagina opnieuw en probeer het nog eens.",
                "verder_naar": "/",
                "verder_tekst": "Naar de startpagina",
            },
            status=403,
        )

    @app.exception_handler(sessie.FormulierOnleesbaar)
    async def _onleesbaar(request: Request, exc: sessie.FormulierOnleesbaar) -> Response:
        return toon(
            request,
            "fout.html",
            {
                "titel": "Formulier onleesbaar",
                "uitleg": "Wat is verstuurd is geen formulier dat doorbraak kan lezen. Er is niets opgeslagen.",
                "verder_naar": "/",
                "verder_tekst": "Naar de startpagina",
            },
            status=400,
        )
