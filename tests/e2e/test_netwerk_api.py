"""The kernteam's API through HTTP: inbox, a network case, its decisions, and the network boundary."""

from __future__ import annotations

import copy
from datetime import date

import httpx
import pytest

from adapters.bootstrap import Container
from adapters.http import voorbeelden
from domain.netwerkcasus import Netwerkcasus
from domain.waarden import Herkomst, Intakevragen, Opschaling
from tests.conftest import Klok
from tests.e2e.conftest import Koppen
from tests.unit.conftest import aanmelding, triage

BEN = "ben-brabant-zeeland"
NET = f"/netwerken/{BEN}"
HERKOMST = Herkomst(actor="coordinator", rol="triagist")


@pytest.fixture
def ontvangen(container: Container, klok: Klok) -> tuple[Netwerkcasus, int]:
    """A case escalated by Hart van Brabant and received by the network (Friday 20 November 2026)."""
    klok.datum = date(2026, 11, 20)
    dienst = container.regio("hart-van-brabant")
    casus_id = dienst.meld_aan(aanmelding(), None, HERKOMST).casus.id
    dienst.trieer(casus_id, triage(), HERKOMST)
    intake = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."))
    opgeschaald = dienst.schaal_op(
        casus_id, Opschaling(niveau="bovenregionaal", reden="Vastgelopen.", intakevragen=intake), HERKOMST
    ).casus
    escalatie = opgeschaald.escalatie(opgeschaald.opschalingen[0][0], versie=3, op=klok(), netwerk=BEN)
    casus = Netwerkcasus.ontvang(escalatie, op=klok(), herkomst=Herkomst(actor="ontvanger", rol="systeem"))
    positie = container.netwerk_stores[BEN].bewaar(casus)
    assert positie is not None
    return casus, positie


def kernteam(koppen: Koppen, netwerk: str = BEN, **extra: str) -> dict[str, str]:
    return koppen("kernteam", naam="voorzitter", netwerken=(netwerk,), **extra)


def test_inbox_toont_de_ontvangen_casus_met_de_beslistermijn(
    ontvangen: tuple[Netwerkcasus, int], client: httpx.Client, koppen: Koppen, klok: Klok
) -> None:
    casus, positie = ontvangen
    inbox = client.get(f"{NET}/inbox", params={"na_positie": positie}, headers=kernteam(koppen))
    assert inbox.status_code == 200 and inbox.headers["X-Doorbraak-Actueel"] == "true"
    [regel] = inbox.json()["casussen"]
    assert (regel["netwerkcasus_id"], regel["regio"], regel["status"]) == (
        str(casus.id),
        "hart-van-brabant",
        "ontvangen",
    )
    assert regel["besluit_uiterlijk"] == "2026-11-27" and regel["te_laat"] is False

    def ids(**filter_: str) -> list[str]:
        return [
            r["netwerkcasus_id"]
            for r in client.get(f"{NET}/inbox", params=filter_, headers=kernteam(koppen)).json()["casussen"]
        ]

    assert ids(status="ontvangen", regio="hart-van-brabant") == [str(casus.id)]
    assert ids(status="afgesloten") == [] and ids(regio="zeeland") == []
    klok.datum = date(2026, 11, 30)
    te_laat = client.get(f"{NET}/inbox", params={"te_laat": "true"}, headers=kernteam(koppen)).json()
    assert [r["netwerkcasus_id"] for r in te_laat["casussen"]] == [str(casus.id)]


def test_het_kernteam_besluit_spreekt_af_en_sluit_af(
    ontvangen: tuple[Netwerkcasus, int], client: httpx.Client, koppen: Koppen
) -> None:
    casus, _ = ontvangen
    pad = f"{NET}/casussen/{casus.id}"
    besluit = client.post(f"{pad}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=kernteam(koppen))
    assert besluit.status_code == 200, besluit.text
    assert besluit.json()["status"] == "in-behandeling"
    assert besluit.json()["contactpersoon_uiterlijk"] == "2026-12-04"
    inbox = client.get(
        f"{NET}/inbox", params={"na_positie": besluit.headers["X-Doorbraak-Positie"]}, headers=kernteam(koppen)
    ).json()
    assert inbox["casussen"][0]["status"] == "in-behandeling"
    assert client.post(f"{pad}/actie", json=voorbeelden.ACTIE, headers=kernteam(koppen)).json()["contactpersoon"]
    assert client.post(f"{pad}/knelpunt", json=voorbeelden.KNELPUNT, headers=kernteam(koppen)).status_code == 200
    opschaling = client.post(f"{pad}/opschaling", json=voorbeelden.NETWERK_OPSCHALING, headers=kernteam(koppen))
    assert opschaling.status_code == 200
    onvolledig = copy.deepcopy(voorbeelden.NETWERK_AFSLUITING)
    onvolledig["checklist"]["leergegevens_aangeleverd"] = False
    geweigerd = client.post(f"{pad}/afsluiting", json=onvolledig, headers=kernteam(koppen))
    assert geweigerd.status_code == 409 and geweigerd.json()["regel"] == "afsluitchecklist-onvolledig"
    afgesloten = client.post(f"{pad}/afsluiting", json=voorbeelden.NETWERK_AFSLUITING, headers=kernteam(koppen))
    assert afgesloten.json()["status"] == "afgesloten"
    historie = client.get(f"{pad}/historie", headers=kernteam(koppen)).json()
    assert [e["type"] for e in historie["events"]] == [
        "Ontvangen", "KernteamBesluit", "ActieAfgesproken", "KnelpuntGemeld", "Opgeschaald", "Afgesloten"
    ]  # fmt: skip
    assert historie["events"][1]["actor"] == "voorzitter"


def test_regels_en_herhaalde_verzoeken(
    ontvangen: tuple[Netwerkcasus, int], client: httpx.Client, koppen: Koppen
) -> None:
    casus, _ = ontvangen
    pad = f"{NET}/casussen/{casus.id}"
    kop = kernteam(koppen, **{"Idempotency-Key": "besluit-1"})
    eerste = client.post(f"{pad}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=kop)
    nog_eens = client.post(f"{pad}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=kop)
    assert nog_eens.status_code == 200 and nog_eens.headers["Idempotent-Replayed"] == "true"
    assert nog_eens.json()["versie"] == eerste.json()["versie"]
    tweede = client.post(f"{pad}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=kernteam(koppen))
    assert tweede.status_code == 409 and tweede.json()["regel"] == "kernteam-al-besloten"
    zonder_oplossing = client.post(f"{pad}/besluit", json={"opgepakt": True}, headers=kernteam(koppen))
    assert zonder_oplossing.status_code == 422


def test_alleen_het_eigen_kernteam_en_auditors(
    ontvangen: tuple[Netwerkcasus, int], client: httpx.Client, koppen: Koppen
) -> None:
    casus, _ = ontvangen
    pad = f"{NET}/casussen/{casus.id}"
    for vreemd in (koppen("triagist", "hart-van-brabant"), kernteam(koppen, "ben-noord-holland")):
        assert client.get(pad, headers=vreemd).status_code == 404
        assert client.get(f"{NET}/inbox", headers=vreemd).status_code == 404
        assert client.post(f"{pad}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=vreemd).status_code == 404
    auditor = koppen("auditor", naam="auditor")
    assert client.get(pad, headers=auditor).status_code == 200
    assert client.post(f"{pad}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=auditor).status_code == 403
    assert client.get(f"{NET}/casussen/{casus.id}x", headers=kernteam(koppen)).status_code == 404
    assert client.get("/netwerken/atlantis/inbox", headers=kernteam(koppen, "atlantis")).status_code == 404
    assert client.get(pad).status_code == 401


def test_de_inbox_komt_in_paginas(container: Container, client: httpx.Client, koppen: Koppen, klok: Klok) -> None:
    klok.datum = date(2026, 11, 20)
    dienst = container.regio("hart-van-brabant")
    intake = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier."))
    positie = 0
    for _ in range(5):
        casus_id = dienst.meld_aan(aanmelding(), None, HERKOMST).casus.id
        dienst.trieer(casus_id, triage(), HERKOMST)
        opgeschaald = dienst.schaal_op(
            casus_id, Opschaling(niveau="bovenregionaal", reden="Vastgelopen.", intakevragen=intake), HERKOMST
        ).casus
        escalatie = opgeschaald.escalatie(opgeschaald.opschalingen[0][0], versie=3, op=klok(), netwerk=BEN)
        ontvangen = Netwerkcasus.ontvang(escalatie, op=klok(), herkomst=Herkomst(actor="ontvanger", rol="systeem"))
        positie = container.netwerk_stores[BEN].bewaar(ontvangen) or positie
    paginas = [
        client.get(
            f"{NET}/inbox", params={"pagina": p, "per_pagina": 2, "na_positie": positie}, headers=kernteam(koppen)
        ).json()
        for p in (1, 2, 3, 4)
    ]
    assert [len(p["casussen"]) for p in paginas] == [2, 2, 1, 0]
    assert {p["totaal"] for p in paginas} == {5} and paginas[1]["pagina"] == 2
    assert len({r["netwerkcasus_id"] for p in paginas for r in p["casussen"]}) == 5
    te_groot = client.get(f"{NET}/inbox", params={"per_pagina": 501}, headers=kernteam(koppen))
    assert te_groot.status_code == 422


def test_het_kernteam_legt_een_besluit_van_eerder_vast(
    ontvangen: tuple[Netwerkcasus, int], client: httpx.Client, koppen: Koppen, klok: Klok
) -> None:
    casus, _ = ontvangen
    pad = f"{NET}/casussen/{casus.id}"
    klok.datum = date(2026, 11, 27)
    te_vroeg = client.post(
        f"{pad}/besluit", json={**voorbeelden.KERNTEAMBESLUIT, "op": "2026-11-19"}, headers=kernteam(koppen)
    )
    assert te_vroeg.status_code == 409 and te_vroeg.json()["regel"] == "datum-voor-vorige-stap"
    besluit = client.post(
        f"{pad}/besluit", json={**voorbeelden.KERNTEAMBESLUIT, "op": "2026-11-24"}, headers=kernteam(koppen)
    )
    assert besluit.status_code == 200, besluit.text
    assert besluit.json()["besluit_op"] == "2026-11-24"
    assert besluit.json()["contactpersoon_uiterlijk"] == "2026-12-08"
