"""Helpers of the pages' tests (e2e and browser): accounts made directly in the node's schema, the CSRF token
of a page."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

from adapters.inloggen import Inloggen
from adapters.settings import Settings
from adapters.tokens import Gebruiker
from domain.rollen import Rol

WACHTWOORD = "een wachtwoord voor de test"


def maak_account(
    settings: Settings,
    naam: str,
    rol: Rol = Rol.TRIAGIST,
    regios: tuple[str, ...] = ("zeeland",),
    netwerken: tuple[str, ...] = (),
    wachtwoord: str = WACHTWOORD,
) -> Gebruiker:
    """The account, added with its password to the node's schema of `settings.database_url`."""
    gebruiker = Gebruiker(naam=naam, rol=rol, regios=regios, netwerken=netwerken)

    async def voeg_toe() -> None:
        inloggen = await Inloggen.geopend(settings, settings.database_url or "")
        try:
            assert await inloggen.accounts.voeg_toe(gebruiker, await inloggen.wachtwoorden.hash(wachtwoord))
        finally:
            await inloggen.close()

    # in a thread of its own: a browser test's thread already runs Playwright's event loop
    with ThreadPoolExecutor(1) as uitvoerder:
        uitvoerder.submit(asyncio.run, voeg_toe()).result()
    return gebruiker


def csrf_van(html: str) -> str:
    """The CSRF token in a page's form."""
    gevonden = re.search(r'name="csrf" value="([A-Za-z0-9_-]{43})"', html)
    assert gevonden, "no CSRF field on the page"
    return gevonden.group(1)
