"""The start page: for now a welcome with what the user's role may do."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import toon
from adapters.web.teksten import wat_mag

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def start(request: Request, gebruiker: PaginaGebruiker) -> HTMLResponse:
    """A signed-in user's own start; anyone else goes to the sign-in page."""
    container = request.app.state.container
    regios = [container.profielen[r].naam if r in container.profielen else r for r in gebruiker.regios]
    netwerken = list(gebruiker.netwerken)
    return toon(request, "start.html", {"wat_mag": wat_mag(gebruiker.rol), "regios": regios, "netwerken": netwerken})
