"""Who is signed in to the pages (the session cookie), the dependency that lets only them in, and the CSRF check
of every form.

Cookies: the session's id (HttpOnly, SameSite=Lax so a link in a reminder mail opens the page signed in,
Secure and named `__Host-doorbraak` unless DOORBRAAK_COOKIE_SECURE=false), before sign-in a CSRF token of the
browser's own (SameSite=Strict), and the flash messages (`adapters.web.sjablonen.meld`)."""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from adapters.http.problemen import Probleem
from adapters.inloggen import Inloggen
from adapters.sessies import Sessie
from adapters.tokens import Gebruiker

CSRF_VELD = "csrf"
"""The hidden field of every POST form: `<input type="hidden" name="csrf" value="{{ csrf }}">`."""
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
MAX_VOLGENDE = 500
VEILIG = frozenset({"GET", "HEAD", "OPTIONS"})
Cookie = Literal["sessie", "csrf", "melding"]
_NAMEN: dict[Cookie, tuple[str, str]] = {
    "sessie": ("__Host-doorbraak", "doorbraak_sessie"),
    "csrf": ("__Host-doorbraak_csrf", "doorbraak_csrf"),
    "melding": ("__Host-doorbraak_melding", "doorbraak_melding"),
}
"""Each cookie's name with Secure (the __Host- prefix: only over https, for this host and path / alone, never
set by a sibling domain) and without."""


class NietAangemeld(Exception):
    """A page for signed-in users only: answered with a redirect to the sign-in page (303)."""

    def __init__(self, volgende: str) -> None:
        super().__init__(volgende)
        self.volgende = volgende


class CsrfGeweigerd(Exception):
    """A POST without the form's CSRF token, or with another one: answered 403 with a page."""


class FormulierOnleesbaar(Exception):
    """A POST whose body is no form that can be read: answered 400 with a page."""


def _staat(request: Request) -> dict[str, Any]:
    """The request's state (what `request.state` shows), shared by every dependency and the middleware."""
    staat: dict[str, Any] = request.scope.setdefault("state", {})
    return staat


def inloggen(request: Request) -> Inloggen:
    """The node's accounts and sessions (opened with the app); 503 while they are not there."""
    dienst: Inloggen | None = getattr(request.app.state, "inloggen", None)
    if dienst is None:
        raise Probleem(503, "Service Unavailable", "sign-in is not available on this node now", "niet-beschikbaar")
    return dienst


def secure(request: Request) -> bool:
    return bool(request.app.state.container.settings.cookie_secure)


def cookienaam(request: Request, soort: Cookie) -> str:
    met, zonder = _NAMEN[soort]
    return met if secure(request) else zonder


async def wie_is_aangemeld(request: Request) -> Sessie | None:
    """The session the browser's cookie names, if it is valid; read once per request."""
    if "sessie" in _staat(request):
        gelezen_: Sessie | None = _staat(request)["sessie"]
        return gelezen_
    sessie_id = request.cookies.get(cookienaam(request, "sessie"), "")
    sessie = None
    if TOKEN.fullmatch(sessie_id):
        dienst = inloggen(request)
        sessie = await dienst.sessies.lees(sessie_id, dienst.klok())
    _staat(request)["sessie"] = sessie
    return sessie


def gelezen(request: Request) -> Sessie | None:
    """The session `wie_is_aangemeld` found for this request (every page route reads it first: `bescherm`)."""
    sessie: Sessie | None = _staat(request).get("sessie")
    return sessie


async def pagina_gebruiker(request: Request) -> Gebruiker:
    """The signed-in user of a page, or a redirect to the sign-in page that comes back here afterwards. Like
    `adapters.http.toegang.huidige_gebruiker` it keeps who acts on the request, so the access log
    (`adapters.http.inzageregistratie`) records a page read as it records an API read."""
    sessie = await wie_is_aangemeld(request)
    if sessie is None:
        volgende = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NietAangemeld(volgende)
    gebruiker = sessie.gebruiker
    request.state.actor, request.state.rol = gebruiker.naam, gebruiker.rol.value
    request.state.gebruiker, request.state.doel = gebruiker, None
    return gebruiker


PaginaGebruiker = Annotated[Gebruiker, Depends(pagina_gebruiker)]


def anonieme_csrf(request: Request) -> str:
    """Before sign-in, the CSRF token of this browser: the one its cookie carries, else a new one."""
    staat = _staat(request)
    if "anonieme_csrf" not in staat:
        bestaand = request.cookies.get(cookienaam(request, "csrf"), "")
        staat["anonieme_csrf"] = bestaand if TOKEN.fullmatch(bestaand) else secrets.token_urlsafe(32)
    token: str = staat["anonieme_csrf"]
    return token


def zet_anonieme_csrf(request: Request, antwoord: Response, token: str) -> None:
    if request.cookies.get(cookienaam(request, "csrf")) != token:
        antwoord.set_cookie(
            cookienaam(request, "csrf"), token, httponly=True, secure=secure(request), samesite="strict", path="/"
        )


async def bescherm(request: Request) -> None:
    """The dependency of every page route (`adapters.web.installeer` adds it to each page router): reads who is
    signed in, and refuses a POST (any method but GET, HEAD, OPTIONS) whose form does not carry the CSRF token
    of the session, or before sign-in the browser's own."""
    sessie = await wie_is_aangemeld(request)
    if request.method in VEILIG:
        return
    try:
        formulier = await request.form()
    except HTTPException:  # the body too large (413) or too slow (408): answered as such
        raise
    except Exception as e:  # python-multipart's and Starlette's parse errors have no common base
        raise FormulierOnleesbaar(str(e)) from None
    gegeven = formulier.get(CSRF_VELD)
    verwacht = sessie.csrf if sessie is not None else request.cookies.get(cookienaam(request, "csrf"), "")
    if not (isinstance(gegeven, str) and TOKEN.fullmatch(gegeven) and TOKEN.fullmatch(verwacht)):
        raise CsrfGeweigerd()
    if not hmac.compare_digest(gegeven.encode(), verwacht.encode()):
        raise CsrfGeweigerd()


def zet_sessie(request: Request, antwoord: Response, sessie_id: str) -> None:
    """The session cookie: no Max-Age (it ends with the browser; the server ends it sooner or later anyway)."""
    antwoord.set_cookie(
        cookienaam(request, "sessie"), sessie_id, httponly=True, secure=secure(request), samesite="lax", path="/"
    )


def wis_sessie(request: Request, antwoord: Response) -> None:
    antwoord.delete_cookie(cookienaam(request, "sessie"), path="/", secure=secure(request), httponly=True)


def veilige_volgende(volgende: str | None) -> str:
    """Where to go after sign-in: a path on this site (one `/`, no scheme, no host, no backslash, no control
    character), else the start page."""
    if (
        not volgende
        or len(volgende) > MAX_VOLGENDE
        or not volgende.startswith("/")
        or volgende.startswith(("//", "/\\"))
        or "\\" in volgende
        or any(ord(t) < 33 or ord(t) == 127 for t in volgende)
    ):
        return "/"
    return volgende


def naar_aanmelden(volgende: str) -> str:
    """The sign-in page's address that leads back to `volgende` afterwards."""
    veilig = veilige_volgende(volgende)
    return "/aanmelden" if veilig == "/" else f"/aanmelden?volgende={quote(veilig, safe='/')}"
