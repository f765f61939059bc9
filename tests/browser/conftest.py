"""Pages in a real browser: Playwright driving Debian's Chromium (`/usr/bin/chromium`, headless; never a browser
Playwright downloads), against the real app on 127.0.0.1 with fresh schemas.

Every page a test visits gets axe-core (from the pinned npm package) injected; `controleer` screenshots the page
into `tests/browser/artefacten/<test>/` and asserts 0 axe violations at WCAG 2.1 AA. Every request that does not
go to 127.0.0.1 is blocked, and a test whose pages tried one fails. Without Chromium or the npm packages the
tests are skipped, saying what to install."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from adapters.bootstrap import Container
from bench.servers import draaiend
from tests.webhulp import WACHTWOORD, maak_account

REPOSITORY = Path(__file__).resolve().parents[2]
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTEN = Path(__file__).parent / "artefacten"
CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium() -> str | None:
    return next((pad for pad in CHROMIUM if Path(pad).is_file()), None) or shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one module's tests. Not for the session: while Playwright's synchronous API is started, its
    event loop counts as running in this thread, and the tests after the browser tests call `asyncio.run`."""
    pad = chromium()
    if pad is None:
        pytest.skip(
            "browser tests skipped: Debian's Chromium is missing; `./dev test` installs it when run as root, "
            "otherwise install it with `sudo apt-get install -y chromium`"
        )
    if not AXE.is_file():
        pytest.skip("browser tests skipped: axe-core is missing; run `./dev` (npm ci) with Node.js and npm installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=pad, headless=True)
        try:
            yield chrome
        finally:
            chrome.close()


@pytest.fixture
def web(maak_container: Callable[..., Container]) -> Container:
    """The app's container with the default settings (Secure cookies: Chromium counts http://127.0.0.1 as
    secure, as for `./dev serve`), a lock-out after 3 failures, and an account `anna` (triagist, Zeeland)."""
    container = maak_container(regios=["zeeland"], aanmelden_max_pogingen=3)
    maak_account(container.settings, "anna")
    return container


@pytest.fixture
def app_adres(web: Container) -> Iterator[str]:
    with draaiend(web) as adres:
        yield adres


MAX_FOTOHOOGTE = 6000
"""Pixels of a page photographed from the top: the API's documentation renders tens of thousands, and taking all
of them cost seconds a photo."""


def schermafdruk(pagina: Any, pad: Path) -> None:
    hoogte = pagina.evaluate("document.documentElement.scrollHeight")
    breedte = pagina.evaluate("document.documentElement.scrollWidth")
    rand = {"x": 0, "y": 0, "width": breedte, "height": min(hoogte, MAX_FOTOHOOGTE)}
    pagina.screenshot(path=str(pad), full_page=True, clip=rand)


@dataclass
class Bezoek:
    """One test's browser page, its blocked requests and its artefacts."""

    pagina: Any
    adres: str
    map: Path
    geblokkeerd: list[str] = field(default_factory=list)
    teller: int = 0

    def ga_naar(self, pad: str) -> Any:
        return self.pagina.goto(self.adres + pad)

    def foto(self, naam: str) -> None:
        """A screenshot of the page as it is, into the test's artefacts."""
        self.pagina.wait_for_load_state("load")
        self.teller += 1
        schermafdruk(self.pagina, self.map / f"{self.teller:02d}-{naam}.png")

    def controleer(self, naam: str, *, zonder_regels: tuple[str, ...] = ()) -> None:
        """A screenshot of the page as it is, and axe-core's check at WCAG 2.1 AA: 0 violations. `zonder_regels`:
        axe rules not checked on this page, only for markup of a dependency we cannot change (say which and why
        where it is used)."""
        self.foto(naam)
        uitkomst = self.pagina.evaluate(
            "async ([tags, uit]) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, "
            "rules: Object.fromEntries(uit.map(r => [r, {enabled: false}])), resultTypes: ['violations']})",
            [WCAG_21_AA, list(zonder_regels)],
        )
        overtredingen = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in uitkomst["violations"]
        ]
        assert not overtredingen, f"axe on {self.pagina.url}:\n" + "\n".join(overtredingen)


@pytest.fixture
def bezoek(browser: Any, app_adres: str, request: pytest.FixtureRequest) -> Iterator[Bezoek]:
    """A fresh browser context (Dutch, no stored state) on the app: axe-core in every page, every request
    elsewhere than 127.0.0.1 blocked (the test fails if a page tried one), a last screenshot at the end."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    map_ = ARTEFACTEN / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(map_, ignore_errors=True)
    map_.mkdir(parents=True)
    bezoek = Bezoek(context.new_page(), app_adres, map_)

    def alleen_lokaal(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            bezoek.geblokkeerd.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", alleen_lokaal)
    try:
        yield bezoek
        with contextlib.suppress(Exception):
            schermafdruk(bezoek.pagina, map_ / "99-einde.png")
    finally:
        context.close()
    assert not bezoek.geblokkeerd, f"pages tried to reach beyond 127.0.0.1: {bezoek.geblokkeerd}"


def meld_aan(bezoek: Bezoek, naam: str = "anna", wachtwoord: str = WACHTWOORD) -> None:
    """Through the sign-in form, with the mouse-free defaults: fill in and press the button."""
    pagina = bezoek.pagina
    if not pagina.url.split("?")[0].endswith("/aanmelden"):
        bezoek.ga_naar("/aanmelden")
    pagina.get_by_label("Gebruikersnaam").fill(naam)
    pagina.get_by_label("Wachtwoord").fill(wachtwoord)
    pagina.get_by_role("button", name="Aanmelden").click()
    pagina.wait_for_load_state("load")
