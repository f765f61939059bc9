"""The start page: for now a welcome with what the user's role may do."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from adapters.web.sessie import PaginaGebruiker
from adapters.web.sjablonen import hoofdmenu, toon
from adapters.web.teksten import wat_mag
from domain.rollen import Rol

router = APIRouter(include_in_schema=False)
TEAM = frozenset({Rol.AANMELDER, Rol.TRIAGIST, Rol.SECRETARIS, Rol.CASUSREGISSEUR, Rol.EXPERT})
"""The roles of a region's team: their work is the region's work queue (`/team`)."""


@router.get("/", response_class=HTMLResponse)
async def start(request: Request, gebruiker: PaginaGebruiker) -> HTMLResponse:
    """A signed-in user's own start; anyone else goes to the sign-in page."""
    container = request.app.state.container
    regios = [container.profielen[r].naam if r in container.profielen else r for r in gebruiker.regios]
    netwerken = list(gebruiker.netwerken)
    links = [("Werkvoorraad", "/team")] if gebruiker.rol in TEAM and gebruiker.regios else []
    links += hoofdmenu(gebruiker)
    context = {"wat_mag": wat_mag(gebruiker.rol), "regios": regios, "netwerken": netwerken, "links": links}
    return toon(request, "start.html", context)
