"""A region node and the network node as two `doorbraak serve` processes with separate stores and one
NATS server: escalation, the kernteam's decision, the closing, and back."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest

from adapters.embedded import EmbeddedNats, vrije_poort, wacht_op_poort
from adapters.http import voorbeelden
from adapters.tokens import Gebruiker, maak_token
from domain.rollen import Rol
from tests.conftest import wacht_op

DOORBRAAK = str(Path(sys.executable).parent / "doorbraak")
SLEUTEL = "een-sleutel-voor-twee-knooppunten-van-minstens-32-tekens"
HVB, BEN = "hart-van-brabant", "ben-brabant-zeeland"


def token(rol: Rol, **claims: Any) -> dict[str, str]:
    return {"Authorization": "Bearer " + maak_token(Gebruiker(naam=rol.value, rol=rol, **claims), SLEUTEL, "doorbraak")}


class Knooppunt:
    def __init__(self, database_url: str, nats_url: str, prefix: str, **instellingen: str) -> None:
        self.poort = vrije_poort()
        self.url = f"http://127.0.0.1:{self.poort}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DOORBRAAK_")}
        self.env.update(
            DOORBRAAK_DATABASE_URL=database_url,
            DOORBRAAK_NATS_URL=nats_url,
            DOORBRAAK_SCHEMA_PREFIX=prefix,
            DOORBRAAK_PORT=str(self.poort),
            DOORBRAAK_JWT_SLEUTEL=SLEUTEL,
            **{f"DOORBRAAK_{k.upper()}": v for k, v in instellingen.items()},
        )
        self.start()

    def start(self) -> None:
        self.proces = subprocess.Popen([DOORBRAAK, "serve"], env=self.env)  # noqa: S603
        wacht_op_poort(self.poort, timeout=90)

    def stop(self) -> None:
        if self.proces.poll() is None:
            self.proces.send_signal(signal.SIGTERM)
            try:
                self.proces.wait(30)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()


@pytest.fixture
def knooppunten(database_url: str, schema_prefix: str, tmp_path: Path) -> Iterator[tuple[Knooppunt, Knooppunt]]:
    nats = EmbeddedNats(tmp_path / "nats")
    nats.start()
    gestart: list[Knooppunt] = []
    try:
        # the region's node first: it works before its network's node ever started
        regio = Knooppunt(database_url, nats.url, f"{schema_prefix}r_", knooppunt="regios", regios=f'["{HVB}"]')
        gestart.append(regio)
        netwerk = Knooppunt(database_url, nats.url, f"{schema_prefix}n_", knooppunt="netwerk", netwerken=f'["{BEN}"]')
        gestart.append(netwerk)
        yield regio, netwerk
    finally:
        for knooppunt in gestart:
            knooppunt.stop()
        nats.stop()


def test_escalatie_besluit_en_afsluiting_heen_en_terug(knooppunten: tuple[Knooppunt, Knooppunt]) -> None:
    regio, netwerk = knooppunten
    assert httpx.get(f"{regio.url}/health").json()["netwerken"] == []
    assert httpx.get(f"{netwerk.url}/health").json()["regios"] == []
    triagist = token(Rol.TRIAGIST, regios=(HVB,))
    kernteam = token(Rol.KERNTEAM, netwerken=(BEN,))

    casus = httpx.post(f"{regio.url}/regios/{HVB}/casussen", json=voorbeelden.AANMELDING, headers=triagist)
    assert casus.status_code == 201, casus.text
    pad = casus.headers["Location"]
    assert httpx.post(f"{regio.url}{pad}/triage", json=voorbeelden.TRIAGE, headers=triagist).status_code == 200
    opgeschaald = httpx.post(f"{regio.url}{pad}/opschaling", json=voorbeelden.OPSCHALING, headers=triagist)
    assert opgeschaald.status_code == 200, opgeschaald.text

    inbox = wacht_op(lambda: httpx.get(f"{netwerk.url}/netwerken/{BEN}/inbox", headers=kernteam).json()["casussen"])
    [regel] = inbox
    assert (regel["regio"], regel["casus_id"], regel["status"]) == (HVB, casus.json()["id"], "ontvangen")
    netwerkcasus = f"{netwerk.url}/netwerken/{BEN}/casussen/{regel['netwerkcasus_id']}"
    escalatie = httpx.get(netwerkcasus, headers=kernteam).json()["escalatie"]
    assert "persoonsgegevens" not in escalatie and escalatie["intakevragen"]["vraag"]

    besluit = httpx.post(f"{netwerkcasus}/besluit", json=voorbeelden.KERNTEAMBESLUIT, headers=kernteam)
    assert besluit.status_code == 200, besluit.text

    def soorten() -> list[str]:
        return [e["type"] for e in httpx.get(f"{regio.url}{pad}/historie", headers=triagist).json()["events"]]

    wacht_op(lambda: "NetwerkBesluitOntvangen" in soorten())
    werkvoorraad = httpx.get(f"{regio.url}/regios/{HVB}/werkvoorraad", headers=triagist).json()["casussen"]
    assert werkvoorraad[0]["netwerkstatus"] == "opgepakt: 2c-doorbraak"

    afsluiting = httpx.post(f"{netwerkcasus}/afsluiting", json=voorbeelden.NETWERK_AFSLUITING, headers=kernteam)
    assert afsluiting.status_code == 200
    wacht_op(lambda: "NetwerkAfgesloten" in soorten())
    assert soorten().count("NetwerkBesluitOntvangen") == 1 and soorten().count("NetwerkAfgesloten") == 1
    gezond = wacht_op(lambda: (g := httpx.get(f"{netwerk.url}/health").json())["inboxen"][0]["achterstand"] == 0 and g)
    assert gezond["status"] == "ok" and gezond["escalaties"]["nats"] is True
    assert gezond["inboxen"][0]["netwerk"] == BEN and gezond["inboxen"][0]["positie"] == gezond["inboxen"][0]["kop"] > 0


def test_netwerk_even_weg_de_regio_werkt_door_en_de_achterstand_loopt_leeg(
    knooppunten: tuple[Knooppunt, Knooppunt],
) -> None:
    regio, netwerk = knooppunten
    triagist = token(Rol.TRIAGIST, regios=(HVB,))
    kernteam = token(Rol.KERNTEAM, netwerken=(BEN,))
    netwerk.stop()
    ids = []
    for _ in range(3):
        casus = httpx.post(f"{regio.url}/regios/{HVB}/casussen", json=voorbeelden.AANMELDING, headers=triagist)
        pad = casus.headers["Location"]
        httpx.post(f"{regio.url}{pad}/triage", json=voorbeelden.TRIAGE, headers=triagist).raise_for_status()
        httpx.post(f"{regio.url}{pad}/opschaling", json=voorbeelden.OPSCHALING, headers=triagist).raise_for_status()
        ids.append(casus.json()["id"])
    netwerk.start()

    def inbox() -> list[str]:
        casussen = httpx.get(f"{netwerk.url}/netwerken/{BEN}/inbox", headers=kernteam).json()["casussen"]
        return sorted(c["casus_id"] for c in casussen) if len(casussen) >= 3 else []

    assert wacht_op(inbox) == sorted(ids)
    time.sleep(1.0)
    assert inbox() == sorted(ids)  # once each


def test_een_onverwerkbaar_bericht_staat_in_de_gezondheid(knooppunten: tuple[Knooppunt, Knooppunt]) -> None:
    _, netwerk = knooppunten
    wacht_op(lambda: httpx.get(f"{netwerk.url}/health").json()["escalaties"]["nats"])

    async def stuur() -> None:
        nc = await nats.connect(netwerk.env["DOORBRAAK_NATS_URL"])
        await nc.jetstream().publish(f"doorbraak.{BEN}.escalatie.{HVB}", b"geen escalatie")
        await nc.close()

    asyncio.run(stuur())
    gezond = wacht_op(lambda: (g := httpx.get(f"{netwerk.url}/health").json())["status"] == "aandacht" and g)
    assert gezond["escalaties"]["onbestelbaar"] == {f"doorbraak.{BEN}.onbestelbaar.{HVB}": 1}


def test_zonder_nats_start_de_dienst_en_werkt_de_regio(database_url: str, schema_prefix: str) -> None:
    regio = Knooppunt(database_url, f"nats://127.0.0.1:{vrije_poort()}", f"{schema_prefix}z_", regios=f'["{HVB}"]')
    try:
        gezond = httpx.get(f"{regio.url}/health").json()
        assert gezond["status"] == "aandacht" and gezond["escalaties"]["nats"] is False
        triagist = token(Rol.TRIAGIST, regios=(HVB,))
        casus = httpx.post(f"{regio.url}/regios/{HVB}/casussen", json=voorbeelden.AANMELDING, headers=triagist)
        assert casus.status_code == 201
    finally:
        regio.stop()
