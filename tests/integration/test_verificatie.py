"""The verifier against a real store changed behind its back: as the superuser, with the triggers off (the
chain's and the immutability's), each attack on the events table and its chain is found and named."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from psycopg import sql
from typer.testing import CliRunner

from adapters.bootstrap import Container
from adapters.cli import app as cli
from adapters.keten import EVENT_INHOUD_SQL, installeer_keten, keten_tabel
from adapters.postgres import EVENTS_TABLE
from adapters.recorder import GeordendeRecorder
from adapters.verificatie import (
    SLOT,
    Logboek,
    Vergelijking,
    VerificatieLoopt,
    regio_logboek,
    verifieer_logboek,
)
from domain.checkpoint import Checkpoint
from domain.keten import wortel
from domain.verificatie import Breuk, Gaaf, GehoudenCheckpoint, Soort, Uitslag
from tests.integration.test_databaserollen import Rollen, bouw, richt_in, rollen  # noqa: F401 (fixtures)

REGIO = "zeeland"
GETUIGE = "netwerk:ben-brabant-zeeland"


@dataclass
class Store:
    """A region's store with 30 events of 5 cases, and a hole at positions 13 and 14 (an append refused)."""

    container: Container
    database_url: str
    logboek: Logboek
    casussen: list[uuid.UUID]

    @property
    def namen(self) -> dict[str, sql.Identifier]:
        return {
            "schema": sql.Identifier(self.logboek.schema),
            "tabel": sql.Identifier(EVENTS_TABLE),
            "keten": sql.Identifier(keten_tabel(EVENTS_TABLE)),
        }

    def rijen(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(sql.SQL(query).format(**self.namen), params).fetchall()

    def event(self, positie: int) -> tuple[int, uuid.UUID, int]:
        """The chain entry of a position, and the case and version stored there."""
        [rij] = self.rijen(
            "SELECT k.volgnummer, e.originator_id, e.originator_version FROM {schema}.{keten} k "
            "JOIN {schema}.{tabel} e ON e.notification_id = k.positie WHERE k.positie = %s",
            positie,
        )
        return rij[0], rij[1], rij[2]

    def knoei(self, *statements: str, params: tuple[Any, ...] = ()) -> None:
        """Runs the statements as the superuser with every trigger off."""
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")
            with conn.transaction():
                for statement in statements:
                    conn.execute(sql.SQL(statement).format(**self.namen), params if "%s" in statement else ())

    def checkpoint(self, grootte: int | None = None) -> GehoudenCheckpoint:
        """A witness's checkpoint of the log as it is now (at its last entry, or at `grootte`)."""
        keten = self.rijen("SELECT volgnummer, schakel, blad FROM {schema}.{keten} ORDER BY volgnummer")
        grootte = len(keten) if grootte is None else grootte
        return GehoudenCheckpoint(
            Checkpoint(
                bron=self.logboek.bron,
                grootte=grootte,
                schakel=bytes(keten[grootte - 1][1]),
                boom=wortel([bytes(r[2]) for r in keten[:grootte]]),
                tijd=datetime(2026, 11, 20, 12, tzinfo=UTC),
                sleutel_id="zeeland-2026",
            ),
            GETUIGE,
        )

    def verifieer(self, *checkpoints: GehoudenCheckpoint, **opties: Any) -> Uitslag:
        return verifieer_logboek(self.logboek, Vergelijking(checkpoints=lambda _: checkpoints), batch=7, **opties)


def _stored(casus: uuid.UUID, versie: int) -> StoredEvent:
    state = f'{{"casus":"{casus}","versie":{versie},"tekst":"gebeurtenis"}}'.encode()
    return StoredEvent(originator_id=casus, originator_version=versie, topic="domain.casus:Casus.Iets", state=state)


@pytest.fixture
def store(maak_container: Any, database_url: str) -> Iterator[Store]:
    container = maak_container(regios=[REGIO])
    recorder = container.stores[REGIO].recorder
    assert isinstance(recorder, GeordendeRecorder)
    casussen = [uuid.uuid4() for _ in range(5)]
    for ronde in range(1, 7):
        recorder.insert_events([_stored(c, ronde) for c in casussen[:2]])
        if ronde == 3:
            with pytest.raises(IntegrityError):
                recorder.insert_events([_stored(casussen[0], 4), _stored(casussen[0], 3)])
        recorder.insert_events([_stored(c, ronde) for c in casussen[2:]])
    yield Store(container, database_url, regio_logboek(container.settings, REGIO), casussen)


def _breuk(uitslag: Uitslag) -> Breuk:
    assert isinstance(uitslag, Breuk), uitslag
    return uitslag


def test_een_ongeschonden_store_is_gaaf(store: Store) -> None:
    keten = store.rijen("SELECT positie, blad, schakel FROM {schema}.{keten} ORDER BY volgnummer")
    assert [r[0] for r in keten][11:13] == [12, 15]  # the refused append's positions were never committed
    checkpoint = store.checkpoint(17)
    gezien: list[tuple[str, int, int]] = []
    uitslag = store.verifieer(checkpoint, voortgang=lambda *a: gezien.append(a))
    assert uitslag == Gaaf(30, bytes(keten[-1][2]), wortel([bytes(r[1]) for r in keten]), 0, (checkpoint,))
    assert gezien[-1] == (f"regio:{REGIO}", 30, 30) and len(gezien) == 5


def test_een_gewijzigde_byte_in_de_state_van_een_event(store: Store) -> None:
    store.knoei(
        "UPDATE {schema}.{tabel} SET state = set_byte(state, 20, get_byte(state, 20) + 1) WHERE notification_id = 9"
    )
    breuk = _breuk(store.verifieer())
    assert (breuk.soort, breuk.volgnummer, breuk.positie, breuk.casus, breuk.versie) == (
        Soort.INHOUD_GEWIJZIGD,
        *store.event(9)[:1],
        9,
        *store.event(9)[1:],
    )


def test_een_verwijderd_event(store: Store) -> None:
    volgnummer, _, _ = store.event(20)
    store.knoei("DELETE FROM {schema}.{tabel} WHERE notification_id = 20")
    breuk = _breuk(store.verifieer())
    assert (breuk.soort, breuk.volgnummer, breuk.positie, breuk.casus, breuk.versie) == (
        Soort.RIJ_ONTBREEKT,
        volgnummer,
        20,
        None,
        None,
    )


def test_een_event_met_zijn_keten_rij_verwijderd(store: Store) -> None:
    volgnummer, _, _ = store.event(20)
    checkpoint = store.checkpoint()
    store.knoei(
        "DELETE FROM {schema}.{tabel} WHERE notification_id = 20", "DELETE FROM {schema}.{keten} WHERE positie = 20"
    )
    breuk = _breuk(store.verifieer())
    assert (breuk.soort, breuk.volgnummer, breuk.positie) == (Soort.RIJ_ONTBREEKT, volgnummer, None)
    store.knoei("UPDATE {schema}.{keten} SET volgnummer = volgnummer - 1 WHERE positie > 20")
    breuk = _breuk(store.verifieer(checkpoint))
    assert (breuk.soort, breuk.volgnummer, breuk.positie) == (Soort.KETEN_GEBROKEN, volgnummer, 21)


def test_twee_verwisselde_events(store: Store) -> None:
    volgnummer, casus, versie = store.event(5)
    store.knoei(
        "UPDATE {schema}.{tabel} SET notification_id = -5 WHERE notification_id = 5",
        "UPDATE {schema}.{tabel} SET notification_id = 5 WHERE notification_id = 26",
        "UPDATE {schema}.{tabel} SET notification_id = 26 WHERE notification_id = -5",
    )
    breuk = _breuk(store.verifieer())
    assert (breuk.soort, breuk.volgnummer, breuk.positie, breuk.verwisseld_met) == (
        Soort.VOLGORDE_GEWIJZIGD,
        volgnummer,
        5,
        26,
    )
    assert (breuk.casus, breuk.versie) != (casus, versie)
    assert (breuk.casus, breuk.versie) == store.event(5)[1:]


def test_een_ingevoegd_event_in_een_gat_van_de_posities(store: Store) -> None:
    casus = uuid.uuid4()
    store.knoei(
        "INSERT INTO {schema}.{tabel} (notification_id, originator_id, originator_version, topic, state) "
        "VALUES (13, %s, 1, 't', '\\x7b7d')",
        params=(casus,),
    )
    breuk = _breuk(store.verifieer())
    volgnummer_erna, _, _ = store.event(15)
    assert (breuk.soort, breuk.volgnummer, breuk.positie, breuk.casus, breuk.versie) == (
        Soort.RIJ_TOEGEVOEGD,
        volgnummer_erna,
        13,
        casus,
        1,
    )


def test_een_ingevoegd_event_aan_het_eind(store: Store) -> None:
    casus = uuid.uuid4()
    store.knoei(
        "INSERT INTO {schema}.{tabel} (originator_id, originator_version, topic, state) VALUES (%s, 1, 't', '')",
        params=(casus,),
    )
    breuk = _breuk(store.verifieer())
    assert (breuk.soort, breuk.volgnummer, breuk.casus, breuk.versie) == (Soort.RIJ_TOEGEVOEGD, 31, casus, 1)


def test_een_afgeknipte_staart(store: Store) -> None:
    checkpoint = store.checkpoint()
    store.knoei(
        "DELETE FROM {schema}.{tabel} WHERE notification_id > 28", "DELETE FROM {schema}.{keten} WHERE positie > 28"
    )
    assert isinstance(store.verifieer(), Gaaf)  # consistent in itself: only what was held elsewhere shows it
    breuk = _breuk(store.verifieer(checkpoint))
    assert (breuk.soort, breuk.volgnummer, breuk.checkpoint) == (Soort.STAART_ONTBREEKT, 27, checkpoint)


def test_een_geheel_herberekende_keten_na_een_wijziging(store: Store) -> None:
    getuigd = store.checkpoint(24)
    store.knoei(
        "UPDATE {schema}.{tabel} SET state = '\\x7b7d' WHERE notification_id = 10",
        "DELETE FROM {schema}.{keten} WHERE positie >= 10",
    )
    with psycopg.connect(store.database_url, autocommit=True) as conn:  # the store's own function rechains
        installeer_keten(
            conn, store.logboek.schema, EVENTS_TABLE, positie="notification_id", inhoud_sql=EVENT_INHOUD_SQL
        )
    assert store.rijen("SELECT count(*) FROM {schema}.{keten}") == [(30,)]
    assert isinstance(store.verifieer(), Gaaf)
    breuk = _breuk(store.verifieer(store.checkpoint(5), getuigd))
    assert (breuk.soort, breuk.volgnummer, breuk.checkpoint) == (Soort.CHECKPOINT_TEGENGESPROKEN, 24, getuigd)
    assert "entries 6 to 24" in breuk.uitleg


def test_vanaf_een_checkpoint_leest_alleen_de_events_erna(store: Store) -> None:
    vanaf = store.checkpoint(20)
    store.knoei("UPDATE {schema}.{tabel} SET state = '\\x7b7d' WHERE notification_id = 3")
    uitslag = store.verifieer(store.checkpoint(10), vanaf, vanaf_checkpoint=True)
    assert isinstance(uitslag, Gaaf) and (uitslag.grootte, uitslag.vanaf) == (30, 20)
    breuk = _breuk(store.verifieer(store.checkpoint(10), vanaf))
    assert (breuk.soort, breuk.positie) == (Soort.INHOUD_GEWIJZIGD, 3)


def test_een_verificatie_tegelijk_per_store(store: Store) -> None:
    with psycopg.connect(store.database_url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_advisory_lock(hashtext(%s), hashtext(%s))", (SLOT, f"{store.logboek.schema}.{EVENTS_TABLE}")
        )
        with pytest.raises(VerificatieLoopt, match=f"regio:{REGIO}"):
            store.verifieer()
    assert isinstance(store.verifieer(), Gaaf)


def test_de_rol_van_de_applicatie_verifieert_met_alleen_zijn_leesrecht(
    rollen: Rollen,  # noqa: F811
    bouw: Any,  # noqa: F811
    schema_prefix: str,
) -> None:
    container = richt_in(rollen, bouw, regios=[REGIO])
    recorder = container.stores[REGIO].recorder
    recorder.insert_events([_stored(uuid.uuid4(), 1), _stored(uuid.uuid4(), 1)])
    omgeving = {
        "DOORBRAAK_DATABASE_URL": rollen.app_url,
        "DOORBRAAK_SCHEMA_PREFIX": schema_prefix,
        "DOORBRAAK_REGIOS": f'["{REGIO}"]',
        "DOORBRAAK_KNOOPPUNT": "regios",
    }
    uitkomst = CliRunner().invoke(cli, ["audit", "verifieer"], env=omgeving)
    assert uitkomst.exit_code == 0, uitkomst.output
    assert uitkomst.stdout.startswith(f"regio:{REGIO}: ok, 2 entries (every event read)")
