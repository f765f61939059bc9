"""Reminders against a real SMTP server (aiosmtpd, started here), the real NATS and PostgreSQL: one mail and one
message per due case, once per case, norm and day, also with two nodes at once; a failing mail server leaves
them for the next run; nothing personal in the mail."""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import aiosmtplib
import orjson
import pytest
from aiosmtpd.controller import Controller
from nats.aio.client import Client
from nats.aio.msg import Msg
from typer.testing import CliRunner, Result

from adapters.bootstrap import Container
from adapters.cli import app
from adapters.embedded import vrije_poort
from adapters.feestdagen import nederlandse_werkkalender
from adapters.herinneringen import Herinneringen
from adapters.herinneringsdienst import Herinneringsdienst
from adapters.herinneringskanalen import NatsMelder, SmtpVerzender
from adapters.leesmodellen import LeesModellen
from adapters.regio_catalogus import INGEBOUWDE_PROFIELEN
from domain.waarden import Herkomst, Persoon, Persoonsgegevens
from projections.herinneringen import verzonden
from projections.herstel import Terugval
from tests.conftest import Klok
from tests.integration.conftest import bij, verbind
from tests.unit.conftest import aanmelding

TEAMADRES = "expertteam@hartvanbrabant.example"
HERKOMST = Herkomst(actor="tester", rol="aanmelder")
AANGEMELD = date(2026, 11, 20)  # a Friday: triage due Friday 27 November
DAG = date(2026, 11, 25)  # Wednesday: 27 November is 2 working days ahead
NAAM = "Sanne Bosch-Verhoeven"


@dataclass
class Postbus:
    """An SMTP server's handler: keeps every mail it accepted; refuses them all while `weigeren`."""

    berichten: list[EmailMessage] = field(default_factory=list)
    weigeren: bool = False
    vertraging: float = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.weigeren:
            return "451 4.3.0 mailbox temporarily unavailable"
        await asyncio.sleep(self.vertraging)
        bericht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(bericht, EmailMessage)
        self.berichten.append(bericht)
        return "250 OK"


@pytest.fixture
def postbus() -> Iterator[tuple[Postbus, int]]:
    """A real SMTP server on 127.0.0.1 and a free port, stopped afterwards."""
    handler, poort = Postbus(), vrije_poort()
    server = Controller(handler, hostname="127.0.0.1", port=poort)
    server.start()
    yield handler, poort
    server.stop()


@pytest.fixture
def profielen(tmp_path: Path) -> Path:
    """The shipped profiles, Hart van Brabant with a team address (Zeeland without: NATS only)."""
    map_ = tmp_path / "profielen"
    map_.mkdir()
    tekst = (INGEBOUWDE_PROFIELEN / "hart-van-brabant.toml").read_text()
    (map_ / "hart-van-brabant.toml").write_text(f'teamadres = "{TEAMADRES}"\n{tekst}')
    return map_


@pytest.fixture
def knooppunt(
    maak_container: Callable[..., Container], profielen: Path, postbus: tuple[Postbus, int], nats_url: str
) -> Callable[..., Container]:
    """A node's container: these profiles, this SMTP server, this NATS."""
    standaard = {
        "regio_profielen_dir": profielen,
        "smtp_port": postbus[1],
        "smtp_timeout": 5,
        "nats_url": nats_url,
        "basis_url": "https://doorbraak.example",
    }
    return lambda **extra: maak_container(**{**standaard, **extra})


@pytest.fixture
async def berichten(nats_url: str) -> AsyncIterator[list[Msg]]:
    """Every message on `doorbraak.*.herinnering` while the test runs."""
    ontvangen: list[Msg] = []

    async def neem(bericht: Msg) -> None:
        ontvangen.append(bericht)

    nc: Client = await verbind(nats_url)
    await nc.subscribe("doorbraak.*.herinnering", cb=neem)
    await nc.flush()
    yield ontvangen
    await nc.close()


@dataclass
class Casussen:
    bijna: UUID
    later: UUID
    zeeland: UUID


async def met_casussen(container: Container, klok: Klok) -> Casussen:
    """A case due for triage within 2 working days, one due later (both Hart van Brabant), one in Zeeland."""
    hvb, zeeland = container.regio("hart-van-brabant"), container.regio("zeeland")
    klok.datum = AANGEMELD
    persoon = Persoonsgegevens(jeugdige=Persoon(naam=NAAM, email="sanne@example.org"), gezinssituatie="Moeder ziek.")
    bijna = hvb.meld_aan(aanmelding(), persoon, HERKOMST).casus.id
    zeeland_id = zeeland.meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST).casus.id
    klok.datum = date(2026, 11, 24)
    later = hvb.meld_aan(aanmelding(), None, HERKOMST).casus.id  # triage due 1 December
    await projecteer(container)
    return Casussen(bijna, later, zeeland_id)


async def projecteer(container: Container) -> None:
    """Every stored event into the read models."""
    modellen = LeesModellen(container)
    await modellen.open()
    try:
        await bij(modellen)
    finally:
        await modellen.close()


@pytest.fixture
async def herinneringen(knooppunt: Callable[..., Container]) -> AsyncIterator[Callable[[Container], Herinneringen]]:
    """The reminders of a node, closed afterwards."""
    geopend: list[tuple[Herinneringen, NatsMelder]] = []

    def maak(container: Container) -> Herinneringen:
        melder = NatsMelder(container.settings)
        h = Herinneringen(container, nederlandse_werkkalender(), SmtpVerzender(container.settings), melder)
        geopend.append((h, melder))
        return h

    yield maak
    for h, melder in geopend:
        await h.close()
        await melder.close()


async def wacht_op(aantal: Callable[[], int], verwacht: int, tijd: float = 5.0) -> None:
    """Waits until `aantal()` reaches `verwacht`, then a moment longer to see that no more come."""
    for _ in range(int(tijd / 0.05)):
        if aantal() >= verwacht:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    assert aantal() == verwacht


async def geclaimd(container: Container, regio: str, dag: date) -> list[dict[str, Any]]:
    import asyncpg

    conn = await asyncpg.connect(container.database_url(regio))
    try:
        return await verzonden(conn, container.schema(regio), dag)
    finally:
        await conn.close()


async def test_een_casus_die_bijna_verloopt_geeft_een_mail_en_een_bericht_eens_per_dag(
    knooppunt: Callable[..., Container],
    herinneringen: Callable[[Container], Herinneringen],
    postbus: tuple[Postbus, int],
    berichten: list[Msg],
    klok: Klok,
) -> None:
    container = knooppunt()
    casussen = await met_casussen(container, klok)
    bus = postbus[0]
    ronde = await herinneringen(container).stuur("hart-van-brabant", DAG)

    assert [h.casus_id for h in ronde.verzonden] == [casussen.bijna]  # the later one is not due yet
    assert ronde.gemaild_aan == TEAMADRES
    await wacht_op(lambda: len(bus.berichten), 1)
    await wacht_op(lambda: len(berichten), 1)
    [mail] = bus.berichten
    assert (mail["To"], mail["From"]) == (TEAMADRES, "doorbraak@localhost")
    assert "1 casus met een norm" in mail["Subject"] and "Hart van Brabant" in mail["Subject"]
    tekst = mail.get_content()
    assert f"casus {casussen.bijna}: fase aangemeld, norm triage, uiterlijk 2026-11-27 (over 2 werkdagen)" in tekst
    assert f"https://doorbraak.example/regios/hart-van-brabant/casussen/{casussen.bijna}" in tekst
    assert str(casussen.later) not in tekst
    volledig = mail.as_string()
    for persoonlijk in (NAAM, "Sanne", "Bosch", "Verhoeven", "sanne@example.org", "Moeder ziek", "J. de Vries"):
        assert persoonlijk not in volledig
    [bericht] = berichten
    assert bericht.subject == "doorbraak.hart-van-brabant.herinnering"
    assert bericht.headers == {"Nats-Msg-Id": f"hart-van-brabant/{casussen.bijna}/triage/2026-11-25"}
    assert orjson.loads(bericht.data) == {
        "regio": "hart-van-brabant",
        "casus_id": str(casussen.bijna),
        "fase": "aangemeld",
        "norm": "triage",
        "deadline": "2026-11-27",
        "dag": "2026-11-25",
        "te_laat": False,
        "werkdagen_te_laat": 0,
        "werkdagen_tot_deadline": 2,
        "link": f"https://doorbraak.example/regios/hart-van-brabant/casussen/{casussen.bijna}",
    }
    assert NAAM.encode() not in bericht.data

    # the same day again, on this node and on a node started anew: nothing more
    assert (await herinneringen(container).stuur("hart-van-brabant", DAG)).verzonden == []
    opnieuw = await herinneringen(knooppunt()).stuur("hart-van-brabant", DAG)
    assert (len(opnieuw.herinneringen), opnieuw.verzonden, opnieuw.gemaild_aan) == (1, [], None)
    await wacht_op(lambda: len(bus.berichten), 1)
    await wacht_op(lambda: len(berichten), 1)
    assert [r["casus_id"] for r in await geclaimd(container, "hart-van-brabant", DAG)] == [casussen.bijna]

    # on Friday both are due; the first one again (once a day while it stays open)
    volgende = await herinneringen(container).stuur("hart-van-brabant", date(2026, 11, 27))
    assert sorted(h.casus_id for h in volgende.verzonden) == sorted([casussen.bijna, casussen.later])
    await wacht_op(lambda: len(bus.berichten), 2)
    await wacht_op(lambda: len(berichten), 3)


async def test_een_regio_zonder_teamadres_krijgt_alleen_nats(
    knooppunt: Callable[..., Container],
    herinneringen: Callable[[Container], Herinneringen],
    postbus: tuple[Postbus, int],
    berichten: list[Msg],
    klok: Klok,
) -> None:
    container = knooppunt()
    casussen = await met_casussen(container, klok)
    ronde = await herinneringen(container).stuur("zeeland", DAG)
    assert ([h.casus_id for h in ronde.verzonden], ronde.gemaild_aan) == ([casussen.zeeland], None)
    await wacht_op(lambda: len(berichten), 1)
    assert berichten[0].subject == "doorbraak.zeeland.herinnering"
    assert postbus[0].berichten == []


async def test_twee_knooppunten_tegelijk_sturen_elke_herinnering_eens(
    knooppunt: Callable[..., Container],
    herinneringen: Callable[[Container], Herinneringen],
    postbus: tuple[Postbus, int],
    berichten: list[Msg],
    klok: Klok,
) -> None:
    eerste = knooppunt()
    await met_casussen(eerste, klok)
    tweede = knooppunt()
    bus = postbus[0]
    bus.vertraging = 1.0  # the first node holds its claims while the mail server takes its time
    rondes = await asyncio.gather(
        herinneringen(eerste).stuur("hart-van-brabant", DAG),
        herinneringen(tweede).stuur("hart-van-brabant", DAG),
        herinneringen(tweede).stuur("hart-van-brabant", DAG),
    )
    assert sorted(len(r.verzonden) for r in rondes) == [0, 0, 1]
    await wacht_op(lambda: len(bus.berichten), 1)
    await wacht_op(lambda: len(berichten), 1)


async def test_een_falende_mailserver_laat_de_herinnering_voor_de_volgende_ronde(
    knooppunt: Callable[..., Container],
    herinneringen: Callable[[Container], Herinneringen],
    postbus: tuple[Postbus, int],
    berichten: list[Msg],
    klok: Klok,
) -> None:
    container = knooppunt()
    casussen = await met_casussen(container, klok)
    bus = postbus[0]
    bus.weigeren = True
    dienst = herinneringen(container)
    with pytest.raises(aiosmtplib.SMTPResponseException):
        await dienst.stuur("hart-van-brabant", DAG)
    assert await geclaimd(container, "hart-van-brabant", DAG) == []  # rolled back: not sent
    await wacht_op(lambda: len(berichten), 1)  # NATS goes first: its message went out, and will again

    weg = knooppunt(smtp_port=vrije_poort())  # no mail server at all
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await herinneringen(weg).stuur("hart-van-brabant", DAG)
    assert await geclaimd(container, "hart-van-brabant", DAG) == []

    bus.weigeren = False
    ronde = await dienst.stuur("hart-van-brabant", DAG)
    assert [h.casus_id for h in ronde.verzonden] == [casussen.bijna]
    await wacht_op(lambda: len(bus.berichten), 1)
    await wacht_op(lambda: len(berichten), 3)
    assert len({b.headers["Nats-Msg-Id"] for b in berichten if b.headers}) == 1  # the same message each time
    assert (await dienst.stuur("hart-van-brabant", DAG)).verzonden == []


async def test_serve_stuurt_elke_werkdag_op_het_tijdstip_en_herstelt_van_een_storing(
    knooppunt: Callable[..., Container], postbus: tuple[Postbus, int], berichten: list[Msg], klok: Klok
) -> None:
    container = knooppunt()
    casussen = await met_casussen(container, klok)
    bus = postbus[0]
    bus.weigeren = True
    nu = {"tijd": datetime(2026, 11, 25, 5, 59, 50, tzinfo=UTC)}  # 06:59:50 in Amsterdam: not yet
    dienst = Herinneringsdienst(container, nu=lambda: nu["tijd"])
    planner = {p.regio: p for p in dienst.planners}["hart-van-brabant"]
    planner.terugval = Terugval(eerste=0.1, hoogstens=0.2)
    assert planner.volgende() == (DAG, 10.0)
    nu["tijd"] = datetime(2026, 11, 25, 6, 0, 1, tzinfo=UTC)
    dienst.start()
    try:
        await wacht_op(lambda: int(planner.herstellend), 1)
        standen = {s["regio"]: s for s in dienst.stand()}
        assert (standen["hart-van-brabant"]["toestand"], standen["hart-van-brabant"]["gedaan"]) == ("herstellend", None)
        assert "451" in standen["hart-van-brabant"]["fout"]
        assert (standen["zeeland"]["toestand"], standen["zeeland"]["gedaan"]) == ("ok", DAG)  # not held up
        bus.weigeren = False
        await wacht_op(lambda: len(bus.berichten), 1)
        await wacht_op(lambda: int(planner.gedaan == DAG), 1)
        stand = {s["regio"]: s for s in dienst.stand()}["hart-van-brabant"]
        assert (stand["toestand"], stand["gedaan"], stand["verzonden"], stand["fout"]) == ("ok", DAG, 1, None)
        assert planner.volgende()[0] == date(2026, 11, 26)  # the next working day
        assert str(casussen.bijna) in bus.berichten[0].get_content()
    finally:
        await dienst.close()


def test_doorbraak_herinneringen_op_verzoek(
    maak_container: Callable[..., Container],
    database_url: str,
    nats_url: str,
    schema_prefix: str,
    profielen: Path,
    postbus: tuple[Postbus, int],
    klok: Klok,
) -> None:
    """The command sends what is due today and prints it; a second time nothing more; bad input in one line."""
    vandaag = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    klok.datum = vandaag - timedelta(days=20)  # triage long overdue
    container = maak_container(regio_profielen_dir=profielen)
    casus_id = container.regio("hart-van-brabant").meld_aan(aanmelding(), None, HERKOMST).casus.id
    asyncio.run(projecteer(container))
    env: dict[str, str | None] = {
        "DOORBRAAK_DATABASE_URL": database_url,
        "DOORBRAAK_NATS_URL": nats_url,
        "DOORBRAAK_SCHEMA_PREFIX": schema_prefix,
        "DOORBRAAK_REGIOS": '["hart-van-brabant", "zeeland"]',
        "DOORBRAAK_REGIO_PROFIELEN_DIR": str(profielen),
        "DOORBRAAK_SMTP_PORT": str(postbus[1]),
        "DOORBRAAK_BASIS_URL": "https://doorbraak.example",
    }

    def doorbraak(*args: str, **extra: str | None) -> Result:
        resultaat = CliRunner().invoke(app, ["herinneringen", *args], env={**env, **extra})
        assert "Traceback" not in resultaat.output
        assert resultaat.exception is None or isinstance(resultaat.exception, SystemExit), resultaat.exception
        return resultaat

    droog = doorbraak("--droog")
    assert droog.exit_code == 0, droog.output
    assert f"hart-van-brabant {vandaag}: 1 due; dry run, nothing sent (mail would go to {TEAMADRES})" in droog.stdout
    assert f"zeeland {vandaag}: 0 due; dry run, nothing sent (no team address: NATS only)" in droog.stdout
    assert str(casus_id) in droog.stdout and postbus[0].berichten == []

    verstuurd = doorbraak("--regio", "hart-van-brabant")
    assert verstuurd.exit_code == 0, verstuurd.output
    assert (
        f"hart-van-brabant {vandaag}: 1 due, 1 sent now "
        f"(mail to {TEAMADRES}, NATS doorbraak.hart-van-brabant.herinnering)" in verstuurd.stdout
    )
    assert f"  {casus_id}  aangemeld  triage  due " in verstuurd.stdout and "te laat)  sent now" in verstuurd.stdout
    assert len(postbus[0].berichten) == 1
    nogmaals = doorbraak("--dag", vandaag.isoformat())
    assert nogmaals.exit_code == 0
    assert f"hart-van-brabant {vandaag}: 1 due, 0 sent now" in nogmaals.stdout and "sent before" in nogmaals.stdout
    assert len(postbus[0].berichten) == 1

    morgen = (vandaag + timedelta(days=1)).isoformat()
    assert doorbraak("--droog", "--dag", morgen).exit_code == 0
    for args, extra, fout in (
        (("--dag", "25-11-2026"), {}, "--dag: a date as YYYY-MM-DD, e.g. 2026-11-25"),
        (("--dag", "2026-02-30"), {}, "--dag: a date as YYYY-MM-DD"),
        (("--dag", "1999-12-31", "--droog"), {}, "--dag: a date in 2000-2100"),
        (("--dag", morgen), {}, "a day in the future only with --droog"),
        (("--regio", "nergens"), {}, "no region 'nergens' on this node (served: hart-van-brabant, zeeland)"),
        ((), {"DOORBRAAK_DATABASE_URL": None}, "set DOORBRAAK_DATABASE_URL"),
        ((), {"DOORBRAAK_SMTP_GEBRUIKER": "team"}, "invalid settings: set DOORBRAAK_SMTP_GEBRUIKER and"),
    ):
        geweigerd = doorbraak(*args, **extra)
        assert geweigerd.exit_code == 2, (args, geweigerd.output)
        assert fout in geweigerd.stderr and len(geweigerd.stderr.strip().splitlines()) == 1, geweigerd.stderr

    klok.datum = vandaag - timedelta(days=19)
    container.regio("hart-van-brabant").meld_aan(aanmelding(), None, HERKOMST)
    asyncio.run(projecteer(container))
    zonder_mailserver = doorbraak("--regio", "hart-van-brabant", DOORBRAAK_SMTP_PORT=str(vrije_poort()))
    assert zonder_mailserver.exit_code == 1
    assert f"hart-van-brabant {vandaag}: not sent (nothing recorded, a later run sends it): SMTPConnectError" in (
        zonder_mailserver.stdout
    )


def test_serve_draait_de_herinneringen_en_health_toont_ze(knooppunt: Callable[..., Container]) -> None:
    from tests.e2e.conftest import serveer

    with serveer(knooppunt()) as client:
        gezond = client.get("/health").json()
    assert [h["regio"] for h in gezond["herinneringen"]] == ["hart-van-brabant", "zeeland"]
    assert {h["toestand"] for h in gezond["herinneringen"]} == {"ok"}
    with serveer(knooppunt(herinneringen_in_proces=False)) as client:
        assert client.get("/health").json()["herinneringen"] is None
