"""The team's pages in a real browser: sign in, register a case, take it through triage, meeting, advice,
evaluation and closing by the forms; a broken rule at its field; the registration and triage forms by keyboard
only; another region's case not found. Every page is screenshotted and checked by axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from adapters.bootstrap import Container
from domain.rollen import Rol
from tests.browser.conftest import Bezoek, meld_aan
from tests.conftest import Klok
from tests.teamhulp import (
    AFSLUITING,
    TRIAGE,
    aanmelding,
    advies,
    bestuurlijk_overleg,
    bestuurlijke_evaluatie,
    evaluatie,
    overleg,
)
from tests.webhulp import maak_account


@pytest.fixture
def web(maak_container: Callable[..., Container]) -> Container:
    """Zeeland and Hart van Brabant; `anna` triagist of Zeeland, `hugo` triagist of Hart van Brabant."""
    container = maak_container(regios=["zeeland", "hart-van-brabant"], aanmelden_max_pogingen=3)
    maak_account(container.settings, "anna")
    maak_account(container.settings, "hugo", Rol.TRIAGIST, ("hart-van-brabant",))
    return container


def vul_in(bezoek: Bezoek, vorm: str, velden: dict[str, Any]) -> None:
    """Fills the form `vorm` (its inputs' names are the API's field paths) as a user would."""
    formulier = bezoek.pagina.locator(vorm)
    for naam, waarde in velden.items():
        if isinstance(waarde, list):
            for w in waarde:
                formulier.locator(f'input[name="{naam}"][value="{w}"]').check()
            continue
        veld = formulier.locator(f'[name="{naam}"]').first
        soort = veld.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if soort == "select:select-one":
            veld.select_option(waarde)
        elif soort == "input:checkbox":
            veld.set_checked(waarde == "true")
        else:
            veld.fill(waarde)


def verstuur(bezoek: Bezoek, knop: str) -> None:
    with bezoek.pagina.expect_navigation():
        bezoek.pagina.get_by_role("button", name=knop, exact=True).click()


def stap(bezoek: Bezoek, naam: str, knop: str, velden: dict[str, Any], foto: str) -> None:
    pagina = bezoek.pagina
    details = pagina.locator(f"#stap-{naam}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    vul_in(bezoek, f"#stap-{naam} form", velden)
    bezoek.controleer(foto)
    verstuur(bezoek, knop)


def test_een_casus_door_alle_formulieren(bezoek: Bezoek, klok: Klok) -> None:
    pagina = bezoek.pagina
    meld_aan(bezoek)
    pagina.get_by_role("link", name="Werkvoorraad").first.click()
    pagina.wait_for_load_state("load")
    assert pagina.url.endswith("/team/zeeland/werkvoorraad")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Werkvoorraad Zeeland"
    bezoek.controleer("werkvoorraad-leeg")

    pagina.get_by_role("link", name="Casus aanmelden").click()
    pagina.wait_for_load_state("load")
    vul_in(bezoek, "form.formulier", aanmelding(klok()))
    bezoek.controleer("aanmelden")
    verstuur(bezoek, "Casus aanmelden")
    assert re.search(r"/team/zeeland/casussen/[0-9a-f-]{36}", pagina.url)
    assert pagina.get_by_role("status").first.inner_text() == "Casus aangemeld."
    assert pagina.locator("dd.fase").inner_text() == "Aangemeld"
    bezoek.controleer("casus-aangemeld")

    stap(bezoek, "triage", "Triëren", TRIAGE, "triage")
    assert pagina.locator("dd.fase").inner_text() == "Getrieerd"
    stap(bezoek, "overleg", "Overleg plannen", overleg(klok()), "overleg")
    assert pagina.locator("dd.fase").inner_text() == "Overleg gepland"
    stap(bezoek, "advies", "Advies uitbrengen", advies(klok()), "advies")
    assert pagina.locator("dd.fase").inner_text() == "Advies uitgebracht"
    stap(bezoek, "evaluatie", "Evaluatie vastleggen", evaluatie(klok()), "evaluatie")
    assert pagina.locator("dd.fase").inner_text() == "Geëvalueerd"
    stap(bezoek, "afsluiting", "Afsluiten", AFSLUITING, "afsluiting")
    assert pagina.locator("dd.fase").inner_text() == "Afgesloten"
    assert pagina.get_by_role("status").first.inner_text() == "Casus afgesloten."
    tijdlijn = pagina.locator("table", has_text="Alle stappen van de casus").inner_text()
    for soort in ("Aangemeld", "Getrieerd", "Overleg gepland", "Advies uitgebracht", "Evaluatie vastgelegd"):
        assert soort in tijdlijn
    bezoek.controleer("casus-afgesloten")

    pagina.get_by_role("link", name="Agenda").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Agenda Zeeland"
    bezoek.controleer("agenda")


def test_een_te_late_casus_staat_rood_met_de_werkdagen(bezoek: Bezoek, klok: Klok) -> None:
    meld_aan(bezoek)
    bezoek.ga_naar("/team/zeeland/aanmelden")
    drie_weken = (klok() - timedelta(days=21)).isoformat()
    vul_in(bezoek, "form.formulier", aanmelding(klok(), op=drie_weken))
    verstuur(bezoek, "Casus aanmelden")
    pagina = bezoek.pagina
    laat = pagina.locator("tr.te-laat .laat").first
    assert re.fullmatch(r"te laat, \d+ werkdagen", laat.inner_text())
    assert laat.evaluate("e => getComputedStyle(e).color") == "rgb(176, 0, 32)"
    bezoek.controleer("casus-te-laat")
    for _ in range(50):
        bezoek.ga_naar("/team/zeeland/werkvoorraad")
        if pagina.locator("tr.te-laat").count():
            break
        pagina.wait_for_timeout(100)
    assert re.fullmatch(r"te laat, \d+ werkdagen", pagina.locator("tr.te-laat .laat").inner_text())
    bezoek.controleer("werkvoorraad-te-laat")


def test_een_geschonden_regel_staat_bij_het_veld(bezoek: Bezoek, klok: Klok) -> None:
    meld_aan(bezoek)
    bezoek.ga_naar("/team/zeeland/aanmelden")
    vul_in(bezoek, "form.formulier", aanmelding(klok(), **{"aanmelding.leeftijd": "30"}))
    verstuur(bezoek, "Casus aanmelden")
    pagina = bezoek.pagina
    veld = pagina.get_by_label("Leeftijd van de jeugdige (jaren)")
    assert veld.get_attribute("aria-invalid") == "true" and veld.input_value() == "30"
    melding = pagina.locator(f"#{(veld.get_attribute('aria-describedby') or '').split()[0]}")
    assert melding.get_attribute("data-regel") == "leeftijd-buiten-bereik"
    assert melding.text_content() == (
        "Fout: De leeftijd ligt tussen 0 en 23 jaar. (the young person must be 0 to 23 years old, not 30)"
    )
    assert pagina.get_by_label("Organisatie").input_value() == "Gebiedsteam Goes"
    bezoek.controleer("regel-bij-het-veld")


def met_toetsenbord(bezoek: Bezoek, velden: dict[str, Any], knop: str) -> None:
    """Tabs through the page and fills each named field by keyboard alone (typing, Space, arrow keys), then
    presses Enter on the button `knop`."""
    pagina = bezoek.pagina
    for _ in range(400):
        pagina.keyboard.press("Tab")
        actief = pagina.evaluate(
            "() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), type: e.type || '', "
            "name: e.name || '', value: e.value || '', text: (e.textContent || '').trim()} }"
        )
        if actief["tag"] == "button" and actief["text"] == knop:
            with pagina.expect_navigation():
                pagina.keyboard.press("Enter")
            return
        waarde = velden.get(actief["name"])
        if waarde is None:
            continue
        if actief["type"] == "checkbox":
            if (actief["value"] in waarde) if isinstance(waarde, list) else waarde == "true":
                pagina.keyboard.press("Space")
        elif actief["tag"] == "select":
            for _ in range(20):
                if pagina.evaluate("document.activeElement.value") == waarde:
                    break
                pagina.keyboard.press("ArrowDown")
            assert pagina.evaluate("document.activeElement.value") == waarde
        elif actief["type"] == "date":
            dag = date.fromisoformat(waarde)
            for volgorde in ("%d%m%Y", "%m%d%Y"):  # the date field's segments follow the browser's own locale
                pagina.keyboard.type(dag.strftime(volgorde))
                if pagina.evaluate("document.activeElement.value") == waarde:
                    break
                pagina.keyboard.press("Shift+Tab")
                pagina.keyboard.press("Shift+Tab")
            assert pagina.evaluate("document.activeElement.value") == waarde
        else:
            pagina.keyboard.type(waarde.replace("\n", " ") if actief["tag"] == "input" else waarde)
    raise AssertionError(f"no button {knop!r} reached by Tab")


def test_aanmelden_en_trieren_alleen_met_het_toetsenbord(bezoek: Bezoek, klok: Klok) -> None:
    meld_aan(bezoek)
    bezoek.ga_naar("/team/zeeland/aanmelden")
    met_toetsenbord(bezoek, aanmelding(klok()), "Casus aanmelden")
    pagina = bezoek.pagina
    assert pagina.get_by_role("status").first.inner_text() == "Casus aangemeld."
    assert pagina.locator("#stap-triage").get_attribute("open") is not None
    met_toetsenbord(bezoek, TRIAGE, "Triëren")
    assert pagina.get_by_role("status").first.inner_text() == "Triage vastgelegd."
    assert pagina.locator("dd.fase").inner_text() == "Getrieerd"
    assert "GGZ jeugd, onderwijsconsulent" in pagina.locator("dl", has_text="Uit te nodigen expertise").inner_text()
    bezoek.controleer("toetsenbord-getrieerd")


def test_de_casus_van_een_andere_regio_bestaat_niet(bezoek: Bezoek, klok: Klok) -> None:
    meld_aan(bezoek)
    bezoek.ga_naar("/team/zeeland/aanmelden")
    vul_in(bezoek, "form.formulier", aanmelding(klok()))
    verstuur(bezoek, "Casus aanmelden")
    adres = bezoek.pagina.url.split("?")[0].removeprefix(bezoek.adres)
    bezoek.pagina.get_by_role("button", name="Afmelden").click()
    bezoek.pagina.wait_for_load_state("load")

    meld_aan(bezoek, "hugo")
    antwoord = bezoek.ga_naar(adres)
    assert antwoord.status == 404
    assert bezoek.pagina.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    bezoek.controleer("andere-regio")
    antwoord = bezoek.ga_naar(adres.replace("/zeeland/", "/hart-van-brabant/"))
    assert antwoord.status == 404


def test_na_een_bestuurlijke_opschaling_het_ronde_tafel_overleg_en_de_evaluatie(
    bezoek: Bezoek, web: Container, klok: Klok
) -> None:
    from domain.regioprofiel import Opschalingsniveau
    from domain.waarden import Herkomst, Opschaling
    from tests.browser.test_netwerk import INTAKE
    from tests.unit.conftest import aanmelding as aanmeldwaarde
    from tests.unit.conftest import triage

    dienst, herkomst = web.regio("zeeland"), Herkomst(actor="anna", rol="triagist")
    casus_id = dienst.meld_aan(aanmeldwaarde(woonplaatsgemeente="Vlissingen"), None, herkomst).casus.id
    dienst.trieer(casus_id, triage(), herkomst)
    netwerk = Opschaling(niveau=Opschalingsniveau.BOVENREGIONAAL, reden="Geen plek.", intakevragen=INTAKE)
    dienst.schaal_op(casus_id, netwerk, herkomst)
    dienst.schaal_op(
        casus_id, Opschaling(niveau=Opschalingsniveau.BESTUURLIJK, reden="Het netwerk ook niet."), herkomst
    )
    pagina = bezoek.pagina
    bezoek.ga_naar(f"/team/zeeland/casussen/{casus_id}")
    meld_aan(bezoek)
    rto = bestuurlijk_overleg(klok())
    stap(bezoek, "bestuurlijk-overleg", "Bestuurlijk overleg vastleggen", rto, "bestuurlijk-overleg")
    assert pagina.get_by_role("status").first.inner_text() == "Bestuurlijk overleg vastgelegd."
    assert (
        "wethouder Jeugd Vlissingen, bestuurder gecertificeerde instelling" in pagina.get_by_role("main").inner_text()
    )
    evaluatie_ = bestuurlijke_evaluatie(klok())
    stap(bezoek, "bestuurlijke-evaluatie", "Bestuurlijke opschaling evalueren", evaluatie_, "bestuurlijke-evaluatie")
    assert pagina.get_by_role("status").first.inner_text() == "Bestuurlijke opschaling geëvalueerd."
    assert "de casus is vlotgetrokken" in pagina.get_by_role("main").inner_text()
    assert pagina.locator("#stap-bestuurlijke-evaluatie").count() == 0
    bezoek.controleer("casus-bestuurlijk-geevalueerd")
