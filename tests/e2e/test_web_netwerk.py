"""The kernteam's pages through HTTP: the inbox, the network case page and its five forms, the rules at their
fields, idempotent double submits, and who may see them (only the kernteam of that network)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from uuid import UUID

import httpx
import pytest

from adapters.bootstrap import Container
from adapters.web.netwerk import inbox as inboxpagina
from domain.netwerkcasus import Netwerkcasus
from domain.rollen import Rol
from domain.waarden import Herkomst, Intakevragen, Opschaling
from tests.conftest import Klok, wacht_op
from tests.e2e.conftest import serveer
from tests.unit.conftest import aanmelding, triage
from tests.webhulp import WACHTWOORD, csrf_van, maak_account

pytestmark = pytest.mark.e2e

BEN = "ben-brabant-zeeland"
HVB = "hart-van-brabant"
HERKOMST = Herkomst(actor="coordinator", rol="triagist")
INTAKE = Intakevragen(
    vraag="Welke bovenregionale expertise kan een passende plek organiseren?",
    wensen_ouders_jeugdige="Zo dicht mogelijk bij huis.",
    onderzocht_en_geprobeerd="Alle regionale aanbieders benaderd.",
    best_passende_oplossing="Kleinschalige woonvorm met GGZ-behandeling.",
    belemmeringen="Wachtlijsten.",
    urgentie="Binnen twee weken.",
    risicos="Gesloten plaatsing.",
    nu_nodig="Een aanbieder die start.",
)


@pytest.fixture
def web(maak_container: Callable[..., Container], klok: Klok) -> Container:
    """Hart van Brabant and Zeeland with their network; plain http (httpx sends no Secure cookie over it)."""
    klok.datum = date(2026, 11, 20)  # a Friday: the decision is due Friday 27 November
    container = maak_container(cookie_secure=False)
    maak_account(container.settings, "kees", Rol.KERNTEAM, regios=(), netwerken=(BEN,))
    maak_account(container.settings, "noor", Rol.KERNTEAM, regios=(), netwerken=("ben-noord-holland",))
    maak_account(container.settings, "tom", Rol.TRIAGIST, regios=(HVB,))
    return container


@pytest.fixture
def http(web: Container) -> Iterator[httpx.Client]:
    with serveer(web) as client:
        yield client


def meld_aan(http: httpx.Client, naam: str = "kees") -> None:
    csrf = csrf_van(http.get("/aanmelden", follow_redirects=True).text)  # signed in: the start page's form
    antwoord = http.post("/aanmelden", data={"csrf": csrf, "naam": naam, "wachtwoord": WACHTWOORD})
    assert antwoord.status_code == 303, antwoord.text


def escaleer(container: Container, klok: Klok) -> Netwerkcasus:
    """A case of Hart van Brabant, escalated to the network and received there (as the relay delivers it)."""
    dienst = container.regio(HVB)
    casus_id = dienst.meld_aan(aanmelding(), None, HERKOMST).casus.id
    dienst.trieer(casus_id, triage(), HERKOMST)
    opschaling = Opschaling(niveau="bovenregionaal", reden="Vastgelopen in de regio.", intakevragen=INTAKE)
    opgeschaald = dienst.schaal_op(casus_id, opschaling, HERKOMST).casus
    escalatie = opgeschaald.escalatie(opgeschaald.opschalingen[0][0], versie=3, op=klok(), netwerk=BEN)
    casus = Netwerkcasus.ontvang(escalatie, op=klok(), herkomst=Herkomst(actor="ontvanger", rol="systeem"))
    container.netwerk_stores[BEN].bewaar(casus)
    return casus


@pytest.fixture
def ontvangen(web: Container, klok: Klok) -> Netwerkcasus:
    return escaleer(web, klok)


def formulier(http: httpx.Client, pad: str, stap: str) -> dict[str, str]:
    """The hidden fields of a form on the case page: the CSRF token and the form's idempotency key."""
    pagina = http.get(pad).text
    gevonden = re.search(rf'action="{re.escape(pad)}/{stap}".*?name="idempotency_key" value="([^"]+)"', pagina, re.S)
    assert gevonden, f"no {stap} form on {pad}"
    return {"csrf": csrf_van(pagina), "idempotency_key": gevonden.group(1)}


def fout_bij(html: str, vorm: str, veld: str) -> str:
    """The message shown at a form's field."""
    gevonden = re.search(rf'<p class="foutmelding" id="{vorm}-{veld}-fout-1"[^>]*>.*?</span>(.*?)</p>', html, re.S)
    assert gevonden, f"no message at {vorm}-{veld}"
    return gevonden.group(1)


def in_inbox(http: httpx.Client, tekst: str, **filters: str) -> str:
    """The inbox page once it shows `tekst` (the read model follows the store within moments)."""

    def pagina() -> str:
        html = http.get(f"/netwerk/{BEN}/inbox", params=filters).text
        return html if tekst in html else ""

    return str(wacht_op(pagina, wat=f"{tekst!r} in the inbox"))


def test_de_inbox_toont_de_termijnen_en_wat_te_laat_is(ontvangen: Netwerkcasus, http: httpx.Client, klok: Klok) -> None:
    meld_aan(http)
    start = http.get("/").text
    assert f'href="/netwerk/{BEN}/inbox"' in start  # the menu leads the kernteam to its inbox
    pagina = in_inbox(http, str(ontvangen.id))
    assert "Hart van Brabant, werkstroom B" in pagina and "Ontvangen, wacht op besluit" in pagina
    assert "27 november 2026" in pagina and "nog 5 werkdagen" in pagina and 'class="te-laat"' not in pagina
    assert "<caption>1 casus</caption>" in pagina

    klok.datum = date(2026, 12, 2)  # Wednesday: three working days after the Friday it was due
    te_laat = http.get(f"/netwerk/{BEN}/inbox", params={"te_laat": "true"}).text
    assert str(ontvangen.id) in te_laat
    assert '<span class="te-laat">te laat, 3 werkdagen</span>' in te_laat and 'class="rij-te-laat"' in te_laat
    assert str(ontvangen.id) not in http.get(f"/netwerk/{BEN}/inbox", params={"status": "afgesloten"}).text
    assert str(ontvangen.id) not in http.get(f"/netwerk/{BEN}/inbox", params={"regio": "zeeland"}).text
    assert str(ontvangen.id) in http.get(f"/netwerk/{BEN}/inbox", params={"regio": HVB, "status": ""}).text
    alle = http.get(f"/netwerk/{BEN}/inbox", params={"status": "", "regio": "", "te_laat": ""})  # the form unchosen
    assert alle.status_code == 200 and str(ontvangen.id) in alle.text
    for slecht in ({"status": "weg"}, {"pagina": "0"}, {"regio": "A" * 61}, {"te_laat": "misschien"}):
        geweigerd = http.get(f"/netwerk/{BEN}/inbox", params=slecht)
        assert geweigerd.status_code == 400 and "Deze filters kan doorbraak niet lezen" in geweigerd.text


def test_de_inbox_komt_in_paginas_de_eerste_termijn_eerst(
    web: Container, http: httpx.Client, klok: Klok, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inboxpagina, "PER_PAGINA", 2)
    ids = []
    for dag in (23, 20, 24):  # received on different days: the earliest deadline first
        klok.datum = date(2026, 11, dag)
        ids.append((dag, str(escaleer(web, klok).id)))
    meld_aan(http)
    eerste = in_inbox(http, "3 casussen, pagina 1 van 2")
    volgorde = sorted(ids)
    assert eerste.index(volgorde[0][1]) < eerste.index(volgorde[1][1]) and volgorde[2][1] not in eerste
    assert 'rel="next"' in eerste and 'rel="prev"' not in eerste
    volgende = re.search(r'href="([^"]+)" rel="next"', eerste)
    assert volgende
    tweede = http.get(volgende.group(1).replace("&amp;", "&")).text
    assert volgorde[2][1] in tweede and 'rel="prev"' in tweede and "Pagina 2 van 2" in tweede


def test_de_casuspagina_toont_wat_de_regio_stuurde_en_alleen_het_besluitformulier(
    ontvangen: Netwerkcasus, http: httpx.Client
) -> None:
    meld_aan(http)
    pagina = http.get(f"/netwerk/{BEN}/casussen/{ontvangen.id}")
    assert pagina.status_code == 200 and pagina.headers["cache-control"] == "no-store"
    tekst = pagina.text
    assert "<h1>Netwerkcasus uit Hart van Brabant</h1>" in tekst
    for vraag in INTAKE.model_dump().values():
        assert vraag in tekst
    assert "Wat staat die oplossing in de weg?" in tekst and "Vastgelopen in de regio." in tekst
    assert "Ontvangen van de regio" in tekst and "ontvanger" in tekst  # the history
    assert f'action="/netwerk/{BEN}/casussen/{ontvangen.id}/besluit"' in tekst
    for stap in ("actie", "knelpunt", "opschaling", "afsluiting"):
        assert f'/{ontvangen.id}/{stap}"' not in tekst


def test_het_kernteam_besluit_spreekt_af_meldt_schaalt_op_en_sluit_af(
    ontvangen: Netwerkcasus, http: httpx.Client, web: Container
) -> None:
    meld_aan(http)
    pad = f"/netwerk/{BEN}/casussen/{ontvangen.id}"

    onvolledig = http.post(
        f"{pad}/besluit",
        data={**formulier(http, pad, "besluit"), "opgepakt": "true", "deelname_gezin": "Moeder schuift aan."},
    )
    assert onvolledig.status_code == 422
    assert "oplossing" in fout_bij(onvolledig.text, "besluit", "oplossing")
    assert "Moeder schuift aan.</textarea>" in onvolledig.text  # the input is kept
    assert 'value="true" checked' in onvolledig.text
    assert f'action="{pad}/besluit"' in onvolledig.text  # the form again posts where it did

    velden = {**formulier(http, pad, "besluit"), "opgepakt": "true", "oplossing": "2b-ondersteunen-organiseren-hulp"}
    besloten = http.post(f"{pad}/besluit", data=velden)
    assert (besloten.status_code, besloten.headers["location"]) == (303, pad)
    na = http.get(pad).text
    assert "Het kernteambesluit is vastgelegd en gaat naar de regio." in na
    assert "In behandeling" in na and "Opgepakt: 2b" in na and "voldaan op 20 november 2026" in na
    assert "4 december 2026" in na  # the contact person within 2 weeks

    nog_eens = http.post(f"{pad}/besluit", data=velden)  # the same form sent twice
    assert nog_eens.status_code == 303
    assert "Dit was al vastgelegd" in http.get(pad).text
    assert [type(e).__name__ for e in web.netwerken[BEN].historie(ontvangen.id)].count("KernteamBesluit") == 1

    actievelden = {
        **formulier(http, pad, "actie"),
        "inzet": "Twee dagdelen per week.",
        "experts": "orthopedagoog\n\njeugdpsychiater",
        "afspraken.0.uitvoerder": "De Brug",
        "afspraken.0.doel": "Passende woonplek",
        "evaluatiemomenten.0": "2027-01-15",
        "contactpersoon": "P. de Wit",
        "financiering_garant": "ja",
    }
    actie = http.post(f"{pad}/actie", data=actievelden)
    assert actie.status_code == 303, actie.text
    knelpunt = http.post(
        f"{pad}/knelpunt",
        data={
            **formulier(http, pad, "knelpunt"),
            "categorie": "financiering",
            "omschrijving": "Geen gemeente neemt de kosten.",
        },
    )
    assert knelpunt.status_code == 303, knelpunt.text
    opschaling = http.post(
        f"{pad}/opschaling",
        data={
            **formulier(http, pad, "opschaling"),
            "naar": "Bestuurlijk overleg",
            "reden": "De oplossing komt niet tot stand.",
        },
    )
    assert opschaling.status_code == 303, opschaling.text
    pagina = http.get(pad).text
    assert "Experts: orthopedagoog, jeugdpsychiater." in pagina and "Afspraak met De Brug: Passende woonplek." in pagina
    assert "Contactpersoon: P. de Wit." in pagina and "Financiering: Geen gemeente neemt de kosten." in pagina
    assert "naar Bestuurlijk overleg" in pagina

    alles = {
        f"checklist.{n}": "ja"
        for n in (
            "vervolgstappen_duidelijk",
            "duurzame_oplossing",
            "vaste_contactpersoon",
            "regie_duidelijk",
            "monitoringgegevens_aangeleverd",
        )
    }
    als_tekst = http.post(f"{pad}/afsluiting", data={**formulier(http, pad, "afsluiting"), "checklist": "abc"})
    assert als_tekst.status_code == 422 and "text/html" in als_tekst.headers["content-type"]  # the group as one value
    geweigerd = http.post(f"{pad}/afsluiting", data={**formulier(http, pad, "afsluiting"), **alles, "lessen": "Kort."})
    assert geweigerd.status_code == 422
    melding = fout_bij(geweigerd.text, "afsluiting", "afwijking_reden")
    assert "leergegevens_aangeleverd" in melding
    assert 'data-regel="afsluitchecklist-onvolledig"' in geweigerd.text
    assert (
        "Kort.</textarea>" in geweigerd.text and 'name="checklist.regie_duidelijk" value="ja" checked' in geweigerd.text
    )

    afgesloten = http.post(f"{pad}/afsluiting", data={
        **formulier(http, pad, "afsluiting"), **alles, "afwijking_reden": "Leergegevens volgen bij de evaluatie.",
        "knelpunten.1.categorie": "zorginhoud", "knelpunten.1.omschrijving": "Geen LVB-aanbod."})  # fmt: skip
    assert afgesloten.status_code == 303, afgesloten.text
    slot = http.get(pad).text
    assert "De netwerkcasus is afgesloten" in slot and "Bij deze casus is niets meer vast te leggen" in slot
    assert "Toch afgesloten omdat: Leergegevens volgen bij de evaluatie." in slot
    soorten = [type(e).__name__ for e in web.netwerken[BEN].historie(ontvangen.id)]
    assert soorten == [
        "Ontvangen",
        "KernteamBesluit",
        "ActieAfgesproken",
        "KnelpuntGemeld",
        "Opgeschaald",
        "Afgesloten",
    ]
    assert web.netwerken[BEN].casus(ontvangen.id).afsluiting.knelpunten[0].omschrijving == "Geen LVB-aanbod."  # type: ignore[union-attr]


def test_een_regel_van_het_domein_staat_bij_zijn_veld(ontvangen: Netwerkcasus, http: httpx.Client, klok: Klok) -> None:
    meld_aan(http)
    pad = f"/netwerk/{BEN}/casussen/{ontvangen.id}"
    toekomst = http.post(
        f"{pad}/besluit",
        data={**formulier(http, pad, "besluit"), "opgepakt": "false", "reden": "Past in de regio.", "op": "2026-11-23"},
    )
    assert toekomst.status_code == 422
    assert "lies after today" in fout_bij(toekomst.text, "besluit", "op")
    assert 'data-regel="datum-in-toekomst"' in toekomst.text and 'aria-invalid="true"' in toekomst.text
    zonder_reden = http.post(f"{pad}/besluit", data={**formulier(http, pad, "besluit"), "opgepakt": "false"})
    assert "(reden)" in fout_bij(zonder_reden.text, "besluit", "reden")
    te_lang = http.post(
        f"{pad}/besluit", data={**formulier(http, pad, "besluit"), "opgepakt": "false", "reden": "x" * 10_001}
    )
    assert te_lang.status_code == 422 and "hoogstens 10000 tekens" in fout_bij(te_lang.text, "besluit", "reden")
    terug = http.post(
        f"{pad}/besluit", data={**formulier(http, pad, "besluit"), "opgepakt": "false", "reden": "Past in de regio."}
    )
    assert terug.status_code == 303
    nu = {"csrf": csrf_van(http.get(pad).text), "idempotency_key": "sluit-1", "checklist.regie_duidelijk": "ja"}
    te_laat = http.post(f"{pad}/afsluiting", data=nu)  # the form is gone from the page: the case is handed back
    assert te_laat.status_code == 422 and 'data-regel="netwerkcasus-teruggelegd"' in te_laat.text


def test_alleen_het_kernteam_van_het_netwerk(ontvangen: Netwerkcasus, http: httpx.Client) -> None:
    pad = f"/netwerk/{BEN}/casussen/{ontvangen.id}"
    assert http.get(pad).status_code == 303  # not signed in: to the sign-in page
    meld_aan(http)
    csrf = csrf_van(http.get("/").text)
    assert http.post(f"{pad}/besluit", data={"opgepakt": "false", "reden": "x"}).status_code == 403  # no CSRF
    assert http.post(f"{pad}/besluit", data={"csrf": csrf, "opgepakt": "false"}).status_code == 400  # no key
    for onbekend in (f"/netwerk/{BEN}/casussen/{UUID(int=1)}", f"{pad}x", "/netwerk/atlantis/inbox"):
        antwoord = http.get(onbekend)
        assert antwoord.status_code == 404 and "Niet gevonden" in antwoord.text
    for naam in ("noor", "tom"):  # another network's kernteam, a region's triagist
        meld_aan(http, naam)
        csrf = csrf_van(http.get("/").text)
        for antwoord in (
            http.get(pad),
            http.get(f"/netwerk/{BEN}/inbox"),
            http.post(
                f"{pad}/besluit",
                data={"csrf": csrf, "idempotency_key": "k-1", "opgepakt": "false", "reden": "Niet van ons."},
            ),
        ):
            assert antwoord.status_code == 404 and "Niet gevonden" in antwoord.text
        assert f"/netwerk/{BEN}/inbox" not in http.get("/").text
