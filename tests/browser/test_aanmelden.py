"""Signing in and out in a real browser: the form, its messages, the lock-out, CSRF, the cookie's flags, keyboard
only; every page screenshotted and checked by axe-core."""

from __future__ import annotations

import re

from adapters.web.aanmelden import ONJUIST
from tests.browser.conftest import Bezoek, meld_aan
from tests.webhulp import WACHTWOORD


def test_aanmelden_en_afmelden(bezoek: Bezoek) -> None:
    pagina = bezoek.pagina
    bezoek.ga_naar("/")
    assert re.search(r"/aanmelden$", pagina.url)
    assert pagina.get_attribute("html", "lang") == "nl"
    assert pagina.title() == "Aanmelden – doorbraak"
    bezoek.controleer("aanmelden")

    meld_aan(bezoek)
    assert pagina.url == bezoek.adres + "/"
    assert pagina.get_by_role("heading", level=1).inner_text() == "Welkom, anna"
    kop = pagina.get_by_role("banner")
    for tekst in ("anna", "Triagist / voorzitter", "Regio: Zeeland"):
        assert tekst in kop.inner_text()
    assert pagina.get_by_role("main").is_visible()
    bezoek.controleer("start")

    pagina.get_by_role("button", name="Afmelden").click()
    pagina.wait_for_load_state("load")
    assert pagina.url.endswith("/aanmelden")
    assert pagina.get_by_role("status").inner_text() == "U bent afgemeld."
    bezoek.controleer("afgemeld")
    bezoek.ga_naar("/")
    assert pagina.url.endswith("/aanmelden")  # the session is gone


def test_verkeerd_wachtwoord_toont_de_melding(bezoek: Bezoek) -> None:
    meld_aan(bezoek, wachtwoord="niet het goede")
    pagina = bezoek.pagina
    overzicht = pagina.get_by_role("alert")
    assert "Er is iets niet goed" in overzicht.inner_text() and ONJUIST in overzicht.inner_text()
    assert pagina.get_by_label("Gebruikersnaam").input_value() == "anna"
    assert pagina.get_by_label("Wachtwoord").input_value() == ""
    bezoek.controleer("onjuist")


def test_veldfout_staat_bij_het_veld(bezoek: Bezoek) -> None:
    """An empty name: the message next to the field, the field marked invalid and described by it."""
    pagina = bezoek.pagina
    bezoek.ga_naar("/aanmelden")
    pagina.get_by_label("Wachtwoord").fill("iets")
    pagina.get_by_role("button", name="Aanmelden").click()
    pagina.wait_for_load_state("load")
    naam = pagina.locator("#veld-naam")
    assert naam.get_attribute("aria-invalid") == "true"
    beschrijving = naam.get_attribute("aria-describedby") or ""
    assert pagina.locator(f"#{beschrijving.split()[0]}").text_content() == "Fout: Vul dit veld in."
    bezoek.controleer("veldfout")


def test_blokkade_na_herhaalde_mislukkingen(bezoek: Bezoek) -> None:
    for _ in range(3):
        meld_aan(bezoek, wachtwoord="fout fout fout")
    pagina = bezoek.pagina
    assert "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw." in pagina.get_by_role("alert").inner_text()
    bezoek.controleer("geblokkeerd")
    meld_aan(bezoek)
    assert pagina.url.endswith("/aanmelden")
    assert "Te veel mislukte pogingen" in pagina.get_by_role("alert").inner_text()


def test_een_formulier_zonder_of_met_een_ander_csrf_token_wordt_geweigerd(bezoek: Bezoek) -> None:
    meld_aan(bezoek)
    pagina = bezoek.pagina
    pagina.locator("form[action='/afmelden'] input[name=csrf]").evaluate("veld => veld.value = 'A'.repeat(43)")
    with pagina.expect_navigation() as navigatie:
        pagina.get_by_role("button", name="Afmelden").click()
    assert navigatie.value.status == 403
    assert pagina.get_by_role("heading", level=1).inner_text() == "Formulier geweigerd"
    bezoek.controleer("csrf-geweigerd")

    bezoek.ga_naar("/")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Welkom, anna"  # still signed in
    pagina.locator("form[action='/afmelden'] input[name=csrf]").evaluate("veld => veld.remove()")
    with pagina.expect_navigation() as navigatie:
        pagina.get_by_role("button", name="Afmelden").click()
    assert navigatie.value.status == 403


def test_de_sessiecookie_is_secure_httponly_en_samesite(bezoek: Bezoek) -> None:
    meld_aan(bezoek)
    cookies = {c["name"]: c for c in bezoek.pagina.context.cookies()}
    sessie = cookies["__Host-doorbraak"]
    assert (sessie["httpOnly"], sessie["secure"], sessie["sameSite"], sessie["path"]) == (True, True, "Lax", "/")
    assert sessie["expires"] == -1  # ends with the browser
    assert "doorbraak" not in bezoek.pagina.evaluate("document.cookie")


def test_alleen_met_het_toetsenbord(bezoek: Bezoek) -> None:
    pagina = bezoek.pagina
    bezoek.ga_naar("/aanmelden")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    assert pagina.locator(".naar-inhoud").is_visible()  # the skip link shows when it has the focus
    pagina.keyboard.press("Enter")
    assert pagina.evaluate("document.activeElement.id") == "inhoud"
    for _ in range(10):
        pagina.keyboard.press("Tab")
        if pagina.evaluate("document.activeElement.id") == "veld-naam":
            break
    assert pagina.evaluate("document.activeElement.id") == "veld-naam"
    pagina.keyboard.type("anna")
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.id") == "veld-wachtwoord"
    pagina.keyboard.type(WACHTWOORD)
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.url == bezoek.adres + "/"
    bezoek.controleer("toetsenbord-aangemeld")
    focus = pagina.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus is not None
