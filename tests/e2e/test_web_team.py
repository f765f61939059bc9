"""The team's pages through HTTP: werkvoorraad, registration, the case page and each step's form, the agenda;
rights per role, errors kept in the form, the region boundary, a double submit recorded once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from adapters.bootstrap import Container
from adapters.web.team.formulier import nieuwe_sleutel
from domain.rollen import Rol
from tests.conftest import Klok, wacht_op
from tests.e2e.conftest import serveer
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
from tests.webhulp import WACHTWOORD, csrf_van, maak_account

pytestmark = pytest.mark.e2e

ROLLEN = {
    "tessa": (Rol.TRIAGIST, ("zeeland",)),
    "sam": (Rol.SECRETARIS, ("zeeland",)),
    "carla": (Rol.CASUSREGISSEUR, ("zeeland",)),
    "ad": (Rol.AANMELDER, ("zeeland",)),
    "eva": (Rol.EXPERT, ("zeeland",)),
    "hugo": (Rol.TRIAGIST, ("hart-van-brabant",)),
    "twee": (Rol.SECRETARIS, ("zeeland", "hart-van-brabant")),
    "audrey": (Rol.AUDITOR, ()),
}


@pytest.fixture
def web(maak_container: Callable[..., Container]) -> Container:
    container = maak_container(regios=["zeeland", "hart-van-brabant"], cookie_secure=False)
    for naam, (rol, regios) in ROLLEN.items():
        maak_account(container.settings, naam, rol, regios)
    return container


@pytest.fixture
def server(web: Container) -> Iterator[httpx.Client]:
    with serveer(web) as client:
        yield client


@pytest.fixture
def als(server: httpx.Client) -> Callable[[str], httpx.Client]:
    """A signed-in browser of one of the accounts (each its own cookies)."""
    clients: list[httpx.Client] = []

    def _als(naam: str) -> httpx.Client:
        client = httpx.Client(base_url=server.base_url, timeout=30)
        clients.append(client)
        csrf = csrf_van(client.get("/aanmelden").text)
        antwoord = client.post("/aanmelden", data={"csrf": csrf, "naam": naam, "wachtwoord": WACHTWOORD})
        assert antwoord.status_code == 303, antwoord.text
        return client

    yield _als  # type: ignore[misc]
    for client in clients:
        client.close()


def sleutel_van(html: str, actie: str) -> str:
    """The idempotency key of the form posting to `actie`."""
    vorm = re.search(rf'<form method="post" action="{re.escape(actie)}"[^>]*>(.*?)</form>', html, re.S)
    assert vorm, f"no form to {actie}"
    gevonden = re.search(r'name="sleutel" value="([A-Za-z0-9_-]+)"', vorm.group(1))
    assert gevonden
    return gevonden.group(1)


def verstuur(client: httpx.Client, pagina: str, actie: str, velden: dict[str, Any]) -> httpx.Response:
    """Opens `pagina`, fills the form posting to `actie` and sends it (with its CSRF token and key)."""
    html = client.get(pagina).text
    return client.post(actie, data={"csrf": csrf_van(html), "sleutel": sleutel_van(html, actie), **velden})


def registreer(client: httpx.Client, klok: Klok, **anders: str) -> str:
    antwoord = verstuur(client, "/team/zeeland/aanmelden", "/team/zeeland/aanmelden", aanmelding(klok(), **anders))
    assert antwoord.status_code == 303, antwoord.text
    gevonden = re.fullmatch(r"/team/zeeland/casussen/([0-9a-f-]{36})\?na=\d+", antwoord.headers["location"])
    assert gevonden, antwoord.headers["location"]
    return gevonden.group(1)


def stap(client: httpx.Client, casus: str, naam: str, velden: dict[str, Any]) -> httpx.Response:
    pagina = f"/team/zeeland/casussen/{casus}"
    return verstuur(client, pagina, f"{pagina}/{naam}", velden)


def test_zonder_aanmelding_naar_het_aanmeldscherm(server: httpx.Client) -> None:
    antwoord = server.get("/team/zeeland/werkvoorraad")
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/aanmelden?volgende=/team/zeeland/werkvoorraad"


def test_de_hele_casus_door_de_formulieren(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    tessa = als("tessa")
    casus = registreer(tessa, klok)
    pagina = tessa.get(f"/team/zeeland/casussen/{casus}")
    assert pagina.status_code == 200
    assert "Casus aangemeld." in pagina.text and "Aangemeld" in pagina.text
    assert 'action="/team/zeeland/casussen/' + casus + '/triage"' in pagina.text

    assert stap(tessa, casus, "triage", TRIAGE).status_code == 303
    pagina = tessa.get(f"/team/zeeland/casussen/{casus}")
    assert "Triage vastgelegd." in pagina.text and "Bespreken in het expertteam" in pagina.text
    assert f"/casussen/{casus}/overleg" in pagina.text

    assert stap(tessa, casus, "overleg", overleg(klok())).status_code == 303
    antwoord = stap(tessa, casus, "advies", advies(klok()))
    assert antwoord.status_code == 303, antwoord.text
    pagina = tessa.get(antwoord.headers["location"])
    assert "Advies vastgelegd." in pagina.text and "Intake bij aanbieder" in pagina.text
    for stap_ in ("evaluatie", "evaluatiemoment"):
        assert f"/casussen/{casus}/{stap_}" in pagina.text

    assert stap(tessa, casus, "evaluatie", evaluatie(klok())).status_code == 303
    antwoord = stap(tessa, casus, "afsluiting", AFSLUITING)
    assert antwoord.status_code == 303, antwoord.text
    pagina = tessa.get(antwoord.headers["location"])
    assert "Casus afgesloten." in pagina.text
    assert f"/casussen/{casus}/heropening" in pagina.text
    for type_ in ("Aangemeld", "Getrieerd", "Overleg gepland", "Advies uitgebracht", "Evaluatie vastgelegd"):
        assert f'<th scope="row">{type_}</th>' in pagina.text
    assert (
        "Casus heropend."
        in tessa.get(stap(tessa, casus, "heropening", {"reden": "Terug na een terugval."}).headers["location"]).text
    )


def _meld_aan_via_dienst(web: Container, aantal: int, dagen_terug: int = 0) -> None:
    """Cases straight through the region's service (the same command the form runs), `dagen_terug` ago."""
    from adapters.http.schemas import CasusAanmelding
    from adapters.web.team.formulier import nieuwe_sleutel
    from domain.waarden import Herkomst

    service = web.casussen["zeeland"]
    op = service.vandaag() - timedelta(days=dagen_terug)
    velden = aanmelding(op)
    body: dict[str, Any] = {"aanmelding": {}, "persoonsgegevens": None}
    for naam, waarde in velden.items():
        if naam.startswith("aanmelding."):
            doel = body["aanmelding"]
            *hoger, laatste = naam.removeprefix("aanmelding.").split(".")
            for deel in hoger:
                doel = doel.setdefault(deel, {})
            doel[laatste] = waarde
    verzoek = CasusAanmelding.model_validate(body)
    for _ in range(aantal):
        herkomst = Herkomst(actor="test", rol="triagist", idempotency_key=nieuwe_sleutel())
        service.meld_aan(verzoek.aanmelding, None, herkomst, op=op)


def test_werkvoorraad_filters_te_laat_en_paginas(web: Container, als: Callable[[str], httpx.Client]) -> None:
    _meld_aan_via_dienst(web, 3, dagen_terug=21)
    _meld_aan_via_dienst(web, 24)
    sam = als("sam")
    eerste = wacht_op(
        lambda: (p := sam.get("/team/zeeland/werkvoorraad")).status_code == 200 and "27 open casussen" in p.text and p,
        wat="the werkvoorraad did not show the 27 cases",
    )
    assert eerste.text.count('class="te-laat"') == 3
    assert re.search(r'<strong class="laat">te laat, \d+ werkdagen</strong>', eerste.text)
    assert "pagina 1 van 2" in eerste.text and "Volgende pagina" in eerste.text
    tweede = sam.get("/team/zeeland/werkvoorraad?pagina=2")
    assert "pagina 2 van 2" in tweede.text and tweede.text.count("/team/zeeland/casussen/") == 2
    laat = sam.get("/team/zeeland/werkvoorraad?te_laat=true")
    assert "3 open casussen" in laat.text and laat.text.count('class="te-laat"') == 3
    assert "0 open casussen" in sam.get("/team/zeeland/werkvoorraad?fase=getrieerd&werkstroom=A").text
    fout = sam.get("/team/zeeland/werkvoorraad?fase=onzin&pagina=0")
    assert fout.status_code == 400
    assert "Kies een van de mogelijkheden." in fout.text and 'value="onzin"' not in fout.text


def test_wie_meer_regios_heeft_kiest_er_een(als: Callable[[str], httpx.Client]) -> None:
    keuze = als("twee").get("/team")
    assert keuze.status_code == 200
    assert (
        'href="/team/zeeland/werkvoorraad"' in keuze.text and 'href="/team/hart-van-brabant/werkvoorraad"' in keuze.text
    )
    assert als("sam").get("/team").headers["location"] == "/team/zeeland/werkvoorraad"


def test_rechten_per_rol(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    ad = als("ad")
    casus = registreer(ad, klok)  # an aanmelder registers
    pagina = ad.get(f"/team/zeeland/casussen/{casus}")
    assert pagina.status_code == 200 and "/triage" not in pagina.text  # but may not triage
    csrf = csrf_van(pagina.text)
    geweigerd = ad.post(f"/team/zeeland/casussen/{casus}/triage", data={"csrf": csrf, **TRIAGE})
    assert geweigerd.status_code == 403 and "Niet toegestaan" in geweigerd.text
    eva = als("eva")
    assert eva.get(f"/team/zeeland/casussen/{casus}").status_code == 200  # an expert reads
    assert "Wat u nu kunt doen" not in eva.get(f"/team/zeeland/casussen/{casus}").text
    assert "Casus aanmelden" not in eva.get("/team/zeeland/werkvoorraad").text
    assert eva.get("/team/zeeland/aanmelden").status_code == 403
    assert als("audrey").get("/team/zeeland/werkvoorraad").status_code == 403
    tessa = als("tessa")
    assert f"/casussen/{casus}/triage" in tessa.get(f"/team/zeeland/casussen/{casus}").text


def test_de_regiogrens_geeft_niet_gevonden(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    casus = registreer(als("tessa"), klok)
    hugo = als("hugo")
    for pad in (
        f"/team/zeeland/casussen/{casus}",
        "/team/zeeland/werkvoorraad",
        "/team/zeeland/agenda",
        "/team/hart-van-brabant/casussen/" + casus,  # not in his region's store either
        "/team/hart-van-brabant/casussen/geen-uuid",
        "/team/nergens/werkvoorraad",
        "/team/Zeeland%20X/werkvoorraad",
    ):
        antwoord = hugo.get(pad)
        assert antwoord.status_code == 404, pad
        assert "<h1>Niet gevonden</h1>" in antwoord.text
    csrf = csrf_van(hugo.get("/team/hart-van-brabant/werkvoorraad").text)
    antwoord = hugo.post(f"/team/zeeland/casussen/{casus}/triage", data={"csrf": csrf, **TRIAGE})
    assert antwoord.status_code == 404
    antwoord = hugo.post(f"/team/hart-van-brabant/casussen/{casus}/onzin", data={"csrf": csrf})
    assert antwoord.status_code == 404


def test_fouten_blijven_in_het_formulier(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    tessa = als("tessa")
    velden = aanmelding(klok(), **{"aanmelding.leeftijd": "30", "aanmelding.vraag": ""})
    antwoord = verstuur(tessa, "/team/zeeland/aanmelden", "/team/zeeland/aanmelden", velden)
    assert antwoord.status_code == 422
    assert "Vul dit veld in." in antwoord.text  # the empty question, by pydantic's bounds first
    assert 'value="Gebiedsteam Goes"' in antwoord.text and 'value="onderwijs" checked' in antwoord.text
    velden = aanmelding(klok(), **{"aanmelding.leeftijd": "30"})
    antwoord = verstuur(tessa, "/team/zeeland/aanmelden", "/team/zeeland/aanmelden", velden)
    assert antwoord.status_code == 422
    veld = re.search(
        r'<p class="foutmelding" id="fout-aanmelding-aanmelding-leeftijd-1" data-regel="([a-z-]+)">', antwoord.text
    )
    assert veld and veld.group(1) == "leeftijd-buiten-bereik"
    assert "the young person must be 0 to 23 years old, not 30" in antwoord.text
    assert 'aria-describedby=" fout-aanmelding-aanmelding-leeftijd-1"' in antwoord.text
    assert 'id="aanmelding-aanmelding-leeftijd" name="aanmelding.leeftijd" type="number" value="30"' in antwoord.text

    casus = registreer(tessa, klok)
    antwoord = stap(tessa, casus, "triage", {**TRIAGE, "handelingsverlegenheid": "", "toelichting": "Eenvoudig."})
    assert antwoord.status_code == 422
    assert 'id="fout-triage-uitkomst-1" data-regel="geen-complexe-casus"' in antwoord.text
    assert "Eenvoudig." in antwoord.text and '<details class="stap" id="stap-triage" open>' in antwoord.text
    antwoord = stap(tessa, casus, "triage", {**TRIAGE, "op": (klok() + timedelta(days=1)).isoformat()})
    assert 'id="fout-triage-op-1" data-regel="datum-in-toekomst"' in antwoord.text


def test_een_dubbele_verzending_legt_een_keer_vast(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    tessa = als("tessa")
    html = tessa.get("/team/zeeland/aanmelden").text
    data = {"csrf": csrf_van(html), "sleutel": sleutel_van(html, "/team/zeeland/aanmelden"), **aanmelding(klok())}
    eerste, tweede = (tessa.post("/team/zeeland/aanmelden", data=data) for _ in range(2))
    assert eerste.status_code == tweede.status_code == 303
    assert eerste.headers["location"].split("?")[0] == tweede.headers["location"].split("?")[0]
    assert "Deze casus was al aangemeld." in tessa.get(tweede.headers["location"]).text

    casus = eerste.headers["location"].split("/")[-1].split("?")[0]
    pagina = f"/team/zeeland/casussen/{casus}"
    html = tessa.get(pagina).text
    data = {"csrf": csrf_van(html), "sleutel": sleutel_van(html, f"{pagina}/triage"), **TRIAGE}
    assert tessa.post(f"{pagina}/triage", data=data).status_code == 303
    herhaald = tessa.post(f"{pagina}/triage", data=data)
    assert herhaald.status_code == 303 and "Dit was al vastgelegd." in tessa.get(herhaald.headers["location"]).text
    assert tessa.get(pagina).text.count('<th scope="row">Getrieerd</th>') == 1


def test_een_rij_erbij_en_de_overige_stappen(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    tessa = als("tessa")
    casus = registreer(tessa, klok)
    stap(tessa, casus, "triage", TRIAGE)
    stap(tessa, casus, "overleg", overleg(klok()))
    meer = stap(tessa, casus, "advies", {**advies(klok()), "meer": "stappen"})
    assert meer.status_code == 200 and 'name="stappen.2.omschrijving"' in meer.text
    assert 'value="P. Bakker"' in meer.text and "Advies vastgelegd." not in meer.text
    leeg = {**advies(klok()), "stappen.1.omschrijving": "Tweede stap", "evaluatiedatum": klok().isoformat()}
    fout = stap(tessa, casus, "advies", leeg)
    assert fout.status_code == 422
    assert "fout-advies-stappen-1-eigenaar-1" in fout.text  # the row the user filled in, not the compacted one
    assert stap(tessa, casus, "advies", {**leeg, "stappen.1.omschrijving": ""}).status_code == 422
    antwoord = stap(tessa, casus, "advies", advies(klok()))
    assert antwoord.status_code == 303

    carla = als("carla")
    terug = stap(carla, casus, "terugkoppeling", {"bruikbaarheid": "4", "wordt_uitgevoerd": "deels"})
    assert terug.status_code == 422 and "name what stands in the way" in terug.text
    belemmering = {"belemmering.categorie": "financiering", "belemmering.omschrijving": "Wachtlijst"}
    terug = stap(carla, casus, "terugkoppeling", {"bruikbaarheid": "4", "wordt_uitgevoerd": "deels", **belemmering})
    assert terug.status_code == 303
    later = klok() + timedelta(days=30)
    assert stap(tessa, casus, "evaluatiemoment", {"datum": later.isoformat()}).status_code == 303
    intake = {f"intakevragen.{v}": "Zie het dossier van het expertteam." for v in (
        "vraag", "wensen_ouders_jeugdige", "onderzocht_en_geprobeerd", "best_passende_oplossing", "belemmeringen",
        "urgentie", "risicos", "nu_nodig")}  # fmt: skip
    zonder = stap(tessa, casus, "opschaling", {"niveau": "bovenregionaal", "reden": "Geen passend aanbod."})
    assert zonder.status_code == 422 and "intakevragen are required" in zonder.text
    naam = {**intake, "intakevragen.vraag": "Wat past bij S. Jansen?"}
    fout = stap(tessa, casus, "opschaling", {"niveau": "bovenregionaal", "reden": "Geen aanbod.", **naam})
    assert 'id="fout-opschaling-intakevragen-vraag-1" data-regel="persoonsgegevens-in-escalatie"' in fout.text
    opgeschaald = stap(tessa, casus, "opschaling", {"niveau": "bovenregionaal", "reden": "Geen aanbod.", **intake})
    assert opgeschaald.status_code == 303
    pagina = tessa.get(opgeschaald.headers["location"]).text
    assert "Casus opgeschaald." in pagina and "Bovenregionaal (netwerk)" in pagina

    correctie = {"onderdeel": "aanmelding", "wijziging.0.veld": "leeftijd", "wijziging.0.waarde": "30", "reden": "r"}
    fout = stap(tessa, casus, "correctie", correctie)
    assert 'id="fout-correctie-wijziging-0-waarde-1" data-regel="leeftijd-buiten-bereik"' in fout.text
    goed = stap(tessa, casus, "correctie", {**correctie, "wijziging.0.waarde": "16", "reden": "Typefout."})
    assert goed.status_code == 303 and "16 jaar" in tessa.get(goed.headers["location"]).text


def test_een_naam_in_blijvende_tekst_staat_bij_de_rij_en_het_vak_waarin_hij_getypt_is(
    als: Callable[[str], httpx.Client], klok: Klok
) -> None:
    tessa = als("tessa")
    casus = registreer(tessa, klok)
    rij = {"knelpunten.1.categorie": "samenwerking", "knelpunten.1.omschrijving": "Moeder Jansen werkt niet mee."}
    fout = stap(tessa, casus, "triage", {**TRIAGE, **rij})  # row 0 left empty: the name is in the form's row 1
    assert fout.status_code == 422
    assert 'id="fout-triage-knelpunten-1-omschrijving-1" data-regel="persoonsgegevens-in-blijvende-tekst"' in fout.text
    assert 'href="#triage-knelpunten-1-omschrijving"' in fout.text
    regels = {**TRIAGE, "uit_te_nodigen_expertise": "GGZ jeugd\njeugdarts van S. Jansen"}
    fout = stap(tessa, casus, "triage", regels)
    assert 'id="fout-triage-uit_te_nodigen_expertise-1" data-regel="persoonsgegevens-in-blijvende-tekst"' in fout.text
    assert 'href="#triage-uit_te_nodigen_expertise"' in fout.text


def test_na_een_bestuurlijke_opschaling_het_overleg_en_de_evaluatie(
    als: Callable[[str], httpx.Client], klok: Klok
) -> None:
    tessa = als("tessa")
    casus = registreer(tessa, klok)
    stap(tessa, casus, "triage", TRIAGE)
    stap(tessa, casus, "overleg", overleg(klok()))
    assert stap(tessa, casus, "advies", advies(klok())).status_code == 303
    intake = {f"intakevragen.{v}": "Zie het dossier van het expertteam." for v in (
        "vraag", "wensen_ouders_jeugdige", "onderzocht_en_geprobeerd", "best_passende_oplossing", "belemmeringen",
        "urgentie", "risicos", "nu_nodig")}  # fmt: skip
    netwerk = stap(tessa, casus, "opschaling", {"niveau": "bovenregionaal", "reden": "Geen aanbod.", **intake})
    assert netwerk.status_code == 303
    assert f"/casussen/{casus}/bestuurlijk-overleg" not in tessa.get(netwerk.headers["location"]).text
    bestuurlijk = stap(
        tessa, casus, "opschaling", {"niveau": "bestuurlijk", "reden": "Ook het netwerk komt er niet uit."}
    )
    assert bestuurlijk.status_code == 303
    pagina = tessa.get(bestuurlijk.headers["location"]).text
    assert f'action="/team/zeeland/casussen/{casus}/bestuurlijk-overleg"' in pagina
    assert f"/casussen/{casus}/bestuurlijke-evaluatie" not in pagina  # no meeting recorded yet

    rto = bestuurlijk_overleg(klok())
    eerder = stap(tessa, casus, "bestuurlijk-overleg", {**rto, "datum": (klok() - timedelta(days=1)).isoformat()})
    assert eerder.status_code == 422
    assert 'id="fout-bestuurlijk-overleg-datum-1" data-regel="bestuurlijk-overleg-voor-opschaling"' in eerder.text
    assert "De gemeente financiert" in eerder.text  # what was typed stays in the form
    assert als("ad").post(f"/team/zeeland/casussen/{casus}/bestuurlijk-overleg").status_code == 403
    gehouden = stap(tessa, casus, "bestuurlijk-overleg", rto)
    assert gehouden.status_code == 303, gehouden.text
    pagina = tessa.get(gehouden.headers["location"]).text
    assert "Bestuurlijk overleg vastgelegd." in pagina
    assert "oplossing afgesproken. De gemeente financiert een plek in de pleegzorg." in pagina
    assert "wethouder Jeugd Vlissingen, bestuurder gecertificeerde instelling" in pagina
    assert f'action="/team/zeeland/casussen/{casus}/bestuurlijke-evaluatie"' in pagina

    evaluatie_ = {
        **bestuurlijke_evaluatie(klok()),
        "knelpunten.0.categorie": "financiering",
        "knelpunten.0.omschrijving": "Geen budget voor de plek.",
    }
    carla = als("carla")
    geevalueerd = stap(carla, casus, "bestuurlijke-evaluatie", evaluatie_)
    assert geevalueerd.status_code == 303, geevalueerd.text
    pagina = carla.get(geevalueerd.headers["location"]).text
    assert "Bestuurlijke opschaling geëvalueerd." in pagina
    assert "besluit uitgevoerd: ja; de casus is vlotgetrokken. De plek kwam er binnen een week." in pagina
    for vorm in ("bestuurlijk-overleg", "bestuurlijke-evaluatie"):
        assert f'action="/team/zeeland/casussen/{casus}/{vorm}"' not in pagina
    html = tessa.get(f"/team/zeeland/casussen/{casus}").text  # an old form sent again, with a key of its own
    velden = {"csrf": csrf_van(html), "sleutel": nieuwe_sleutel(), **evaluatie_}
    opnieuw = tessa.post(f"/team/zeeland/casussen/{casus}/bestuurlijke-evaluatie", data=velden)
    assert opnieuw.status_code == 422 and 'data-regel="bestuurlijk-al-geevalueerd"' in opnieuw.text


def test_agenda_en_een_extra_overleg(als: Callable[[str], httpx.Client], klok: Klok) -> None:
    tessa = als("tessa")
    casus = registreer(tessa, klok)
    na = stap(tessa, casus, "triage", TRIAGE).headers["location"].split("?na=")[1]
    agenda = tessa.get(f"/team/zeeland/agenda?na={na}")
    assert agenda.status_code == 200
    assert "Wachtende casussen" in agenda.text and f"/team/zeeland/casussen/{casus}" in agenda.text
    dag = klok() + timedelta(days=3)
    nieuw = {"datum": dag.isoformat(), "soort": "doorbraaktafel", "duur_minuten": "90", "toelichting": "Crisis."}
    belegd = verstuur(tessa, "/team/zeeland/agenda", "/team/zeeland/agenda", nieuw)
    assert belegd.status_code == 303
    pagina = tessa.get(belegd.headers["location"]).text
    assert f"Doorbraaktafel van {dag.strftime('%d-%m-%Y')} (extra)" in pagina and "90 minuten" in pagina
    nogmaals = verstuur(tessa, "/team/zeeland/agenda", "/team/zeeland/agenda", nieuw)
    assert nogmaals.status_code == 422 and 'id="fout-overleg-datum-1" data-regel="overleg-bestaat-al"' in nogmaals.text
    assert "Extra overleg beleggen" not in als("carla").get("/team/zeeland/agenda").text
    assert tessa.get("/team/zeeland/agenda?van=2026-01-10&tot=2025-01-01").status_code == 400
