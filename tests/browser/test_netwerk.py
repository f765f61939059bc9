"""The kernteam in a real browser: a region escalates a case through its case page's form, the relay carries it
over NATS to the network, the kernteam finds it in its inbox, decides, agrees an action and closes it through the
forms, and the answers reach the region's case page. Every page screenshotted and checked by axe-core."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats
from adapters.tokens import Gebruiker, maak_token
from domain.rollen import Rol
from domain.waarden import Herkomst, Intakevragen
from tests.browser.conftest import Bezoek, meld_aan
from tests.conftest import draaiend, wacht_op
from tests.unit.conftest import aanmelding, triage
from tests.webhulp import maak_account

BEN = "ben-brabant-zeeland"
HVB = "hart-van-brabant"
INTAKE = Intakevragen(
    vraag="Welke bovenregionale expertise kan een passende plek organiseren?",
    wensen_ouders_jeugdige="Zo dicht mogelijk bij huis.",
    onderzocht_en_geprobeerd="Alle regionale aanbieders benaderd.",
    best_passende_oplossing="Kleinschalige woonvorm met GGZ-behandeling.",
    belemmeringen="Wachtlijsten en geen contract met de juiste aanbieder.",
    urgentie="Binnen twee weken.",
    risicos="Escalatie thuis, gesloten plaatsing.",
    nu_nodig="Een aanbieder die start en financiering die het mogelijk maakt.",
)


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    """A NATS server of this test's own: the network's stream and its consumers are no one else's."""
    with draaiend(EmbeddedNats(tmp_path / "nats")) as server:
        yield server.url


@pytest.fixture
def web(maak_container: Callable[..., Container], nats_url: str) -> Container:
    """Hart van Brabant and Zeeland with their network in one app, the escalations relayed over NATS inside it;
    an account `kees` of the network's kernteam and one of the region's chair."""
    container = maak_container(nats_url=nats_url)
    maak_account(container.settings, "kees", Rol.KERNTEAM, regios=(), netwerken=(BEN,))
    maak_account(container.settings, "voorzitter-hvb", Rol.TRIAGIST, regios=(HVB,))
    maak_account(container.settings, "ada", Rol.AUDITOR, regios=())
    return container


def getrieerd(container: Container) -> UUID:
    """The region registers and triages a case through its service (the team's pages are tested on their own)."""
    dienst, herkomst = container.regio(HVB), Herkomst(actor="voorzitter-hvb", rol="triagist")
    casus_id = dienst.meld_aan(aanmelding(), None, herkomst).casus.id
    dienst.trieer(casus_id, triage(), herkomst)
    return casus_id


def escaleer_met_het_formulier(bezoek: Bezoek, casus_id: UUID) -> None:
    """The region's chair escalates the case to the network through the case page's form."""
    pagina = bezoek.pagina
    bezoek.ga_naar(f"/team/{HVB}/casussen/{casus_id}")
    meld_aan(bezoek, "voorzitter-hvb")
    stap = pagina.locator("#stap-opschaling")
    if stap.get_attribute("open") is None:
        stap.locator("summary").click()
    formulier = stap.locator("form")
    formulier.locator('[name="niveau"]').select_option("bovenregionaal")
    formulier.locator('[name="reden"]').fill("Geen passende plek in de regio.")
    for naam, antwoord in INTAKE.model_dump().items():
        formulier.locator(f'[name="intakevragen.{naam}"]').fill(antwoord)
    bezoek.controleer("regio-escaleert")
    with pagina.expect_navigation():
        formulier.get_by_role("button", name="Opschalen", exact=True).click()
    assert "Bovenregionaal" in pagina.get_by_role("main").inner_text()
    pagina.context.clear_cookies()


def test_het_kernteam_besluit_en_sluit_af_en_de_regio_krijgt_het_antwoord(bezoek: Bezoek, web: Container) -> None:
    casus_id = getrieerd(web)
    escaleer_met_het_formulier(bezoek, casus_id)
    pagina = bezoek.pagina
    bezoek.ga_naar(f"/netwerk/{BEN}/inbox")
    meld_aan(bezoek, "kees")  # the sign-in page leads back to the inbox

    def aangekomen() -> bool:
        bezoek.ga_naar(f"/netwerk/{BEN}/inbox")
        return pagina.get_by_role("link", name="Hart van Brabant, werkstroom B").count() == 1

    wacht_op(aangekomen, 30, "the escalation in the network's inbox")
    assert pagina.get_by_role("link", name=f"Inbox {BEN}").get_attribute("aria-current") == "page"
    rij = pagina.get_by_role("row").filter(has_text="Hart van Brabant")
    assert "Ontvangen, wacht op besluit" in rij.inner_text() and "nog 5 werkdagen" in rij.inner_text()
    bezoek.controleer("inbox")

    pagina.get_by_role("link", name="Hart van Brabant, werkstroom B").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Netwerkcasus uit Hart van Brabant"
    assert INTAKE.belemmeringen in pagina.get_by_role("main").inner_text()
    bezoek.controleer("casus-ontvangen")

    pagina.get_by_label("Het netwerk pakt de casus op").check()
    pagina.get_by_label("Hoe wil het gezin deelnemen?").fill("Moeder en jeugdige schuiven aan.")
    pagina.get_by_role("button", name="Besluit vastleggen").click()
    pagina.wait_for_load_state("load")
    oplossing = pagina.locator("#besluit-oplossing")
    beschrijving = (oplossing.get_attribute("aria-describedby") or "").split()
    assert "oplossing" in pagina.locator(f"#{beschrijving[0]}").inner_text()  # the rule's message at its field
    assert pagina.get_by_label("Hoe wil het gezin deelnemen?").input_value() == "Moeder en jeugdige schuiven aan."
    bezoek.controleer("besluit-fout")

    pagina.get_by_label("2c – doorbraak (noodoplossing)").check()
    pagina.get_by_role("button", name="Besluit vastleggen").click()
    pagina.wait_for_load_state("load")
    assert "Het kernteambesluit is vastgelegd" in pagina.get_by_role("status").inner_text()
    assert pagina.locator("[data-veld=status]").inner_text() == "In behandeling"
    bezoek.controleer("besloten")

    pagina.locator("summary", has_text="Actie afspreken").click()
    pagina.get_by_label("Inzet: wat zet het netwerk in, en hoeveel?").fill("Twee dagdelen per week, drie maanden.")
    pagina.get_by_label("Vaste contactpersoon voor het gezin").fill("P. de Wit")
    bezoek.controleer("actie-formulier")
    pagina.get_by_role("button", name="Actie vastleggen").click()
    pagina.wait_for_load_state("load")
    assert "voldaan op" in pagina.locator("[data-veld=contacttermijn]").inner_text()

    pagina.locator("summary", has_text="Netwerkcasus afsluiten").click()
    for vinkje in pagina.locator("#afsluiting-checklist input[type=checkbox]").all():
        vinkje.check()
    pagina.get_by_label("Lessen: wat hebben alle betrokkenen geleerd?").fill("Een tijdelijke garantie brak de impasse.")
    bezoek.controleer("afsluiting-formulier")
    pagina.get_by_role("button", name="Netwerkcasus afsluiten").click()
    pagina.wait_for_load_state("load")
    assert pagina.locator("[data-veld=status]").inner_text() == "Afgesloten"
    bezoek.controleer("afgesloten")
    netwerkcasus = pagina.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]

    bezoek.ga_naar(f"/netwerk/{BEN}/inbox?status=afgesloten")
    assert pagina.get_by_role("row").filter(has_text="Hart van Brabant").count() == 1
    bezoek.controleer("inbox-afgesloten")

    triagist = Gebruiker(naam="voorzitter-hvb", rol=Rol.TRIAGIST, regios=(HVB,))
    token = maak_token(triagist, web.settings.jwt_sleutel.get_secret_value(), web.settings.jwt_issuer)

    def antwoorden() -> list[dict[str, object]]:
        casus = httpx.get(
            f"{bezoek.adres}/regios/{HVB}/casussen/{casus_id}", headers={"Authorization": f"Bearer {token}"}
        ).json()
        gekregen: list[dict[str, object]] = casus["netwerkantwoorden"]
        return gekregen if len(gekregen) == 3 else []

    besluit, actie, afsluiting = wacht_op(antwoorden, 30, "the network's three answers at the region's case")
    assert besluit["besluit"]["oplossing"] == "2c-doorbraak" and besluit["netwerk"] == BEN  # type: ignore[index]
    assert actie["actie"]["contactpersoon"] == "P. de Wit"  # type: ignore[index]
    assert afsluiting["afsluiting"]["lessen"] == "Een tijdelijke garantie brak de impasse."  # type: ignore[index]

    # the region's own case page shows the answers to its team
    bezoek.pagina.context.clear_cookies()
    bezoek.ga_naar(f"/team/{HVB}/casussen/{casus_id}")
    meld_aan(bezoek, "voorzitter-hvb")
    antwoorden_op_de_pagina = pagina.locator("ul.netwerk > li")
    assert antwoorden_op_de_pagina.count() == 3
    assert "opgepakt (2c-doorbraak)" in antwoorden_op_de_pagina.nth(0).inner_text()
    assert "vast contactpersoon: P. de Wit" in antwoorden_op_de_pagina.nth(1).inner_text()
    assert "afgesloten" in antwoorden_op_de_pagina.nth(2).inner_text()
    bezoek.controleer("regio-casus-met-antwoorden")

    # an auditor reads the same case under /toezicht, without the kernteam's forms
    pagina.context.clear_cookies()
    bezoek.ga_naar(f"/toezicht/netwerken/{BEN}/casussen/{netwerkcasus}")
    meld_aan(bezoek, "ada")
    pagina.get_by_label("Doel").fill("Steekproef netwerkcasussen")
    pagina.get_by_role("button", name="Doel vastleggen en verder").click()
    pagina.wait_for_load_state("load")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Netwerkcasus uit Hart van Brabant"
    assert pagina.locator("form").filter(has_text="Besluit").count() == 0
    bezoek.controleer("toezicht-netwerkcasus")
