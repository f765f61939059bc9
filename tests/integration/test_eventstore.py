"""The region stores on a real PostgreSQL: history, immutability, concurrency, idempotency."""

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import psycopg
import pytest
from psycopg import sql

from adapters.bootstrap import Container
from adapters.postgres import EVENTS_TABLE, schema_naam
from domain.casus import Fase
from domain.fouten import RegelGeschonden
from domain.waarden import Herkomst, Overleg, Persoon, Persoonsgegevens
from services.casussen import CasusService
from services.fouten import GelijktijdigeWijziging, IdempotencyKeyHergebruikt
from tests.conftest import Klok
from tests.unit.conftest import aanmelding, triage

HERKOMST = Herkomst(actor="tester", rol="triagist")


def sleutel(key: str, verzoek: str = "v1") -> Herkomst:
    return HERKOMST.model_copy(update={"idempotency_key": key, "verzoek_hash": verzoek})


def events_tabel(prefix: str, regio: str) -> sql.Composed:
    return sql.SQL("{}.{}").format(sql.Identifier(schema_naam(prefix, regio)), sql.Identifier(EVENTS_TABLE))


def test_historie_overleeft_een_nieuwe_start(maak_container: Callable[..., Container]) -> None:
    eerste = maak_container()
    casus = eerste.regio("hart-van-brabant").meld_aan(aanmelding(), None, HERKOMST).casus
    eerste.regio("hart-van-brabant").trieer(casus.id, triage(), HERKOMST)
    eerste.close()

    tweede = maak_container().regio("hart-van-brabant")
    herladen = tweede.casus(casus.id)
    assert (herladen.fase, herladen.version) == (Fase.GETRIEERD, 2)
    assert [type(e).__name__ for e in tweede.historie(casus.id)] == ["Aangemeld", "Getrieerd"]


def test_elke_regio_heeft_een_eigen_tabel(container: Container, database_url: str, schema_prefix: str) -> None:
    container.regio("hart-van-brabant").meld_aan(aanmelding(), None, HERKOMST)
    with psycopg.connect(database_url) as conn:
        tellingen = {
            regio: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(events_tabel(schema_prefix, regio))
            ).fetchone()
            for regio in ("hart-van-brabant", "zeeland")
        }
    assert tellingen == {"hart-van-brabant": (1,), "zeeland": (0,)}


@pytest.mark.parametrize(
    "statement",
    ["UPDATE {} SET topic = 'x'", "DELETE FROM {}", "TRUNCATE {}"],
    ids=["update", "delete", "truncate"],
)
def test_de_database_weigert_events_te_wijzigen(
    container: Container, database_url: str, schema_prefix: str, statement: str
) -> None:
    container.regio("hart-van-brabant").meld_aan(aanmelding(), None, HERKOMST)
    with psycopg.connect(database_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege, match="immutable"):
        conn.execute(sql.SQL(statement).format(events_tabel(schema_prefix, "hart-van-brabant")))


def test_regio_in_een_eigen_database(maak_container: Callable[..., Container], database_url: str) -> None:
    naam = f"doorbraak_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    eigen_url = psycopg.conninfo.make_conninfo(database_url, dbname=naam)
    try:
        container = maak_container(regio_database_urls={"zeeland": eigen_url})
        container.regio("zeeland").meld_aan(aanmelding(woonplaatsgemeente="Goes"), None, HERKOMST)
        container.close()
        with psycopg.connect(eigen_url) as conn:
            assert conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = %s", (EVENTS_TABLE,)
            ).fetchone() == (1,)
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam)))


# --- concurrency --------------------------------------------------------------------


class BarriereKlok(Klok):
    """Holds the first `partijen` commands between loading the case and saving it until all have loaded.

    A command asks the clock for today's date after loading the case and before saving it.
    """

    def __init__(self, partijen: int) -> None:
        super().__init__()
        self.barriere = threading.Barrier(partijen, timeout=10)
        self.resterend = 0
        self.slot = threading.Lock()

    @property
    def actief(self) -> bool:
        return self.resterend > 0

    @actief.setter
    def actief(self, waarde: bool) -> None:
        self.resterend = self.barriere.parties if waarde else 0

    def __call__(self) -> date:
        with self.slot:
            wachten = self.resterend > 0
            self.resterend -= 1 if wachten else 0
        if wachten:
            self.barriere.wait()
        return super().__call__()


@pytest.fixture
def racende_dienst(maak_container: Callable[..., Container], klok: Klok) -> Iterator[tuple[CasusService, BarriereKlok]]:
    barriere = BarriereKlok(2)
    container = maak_container()
    dienst = CasusService(
        container.profielen["hart-van-brabant"],
        container.stores["hart-van-brabant"],
        container.regio("hart-van-brabant").kalender,
        barriere,
    )
    yield dienst, barriere


def test_twee_gelijktijdige_commandos_verliezen_geen_update(
    racende_dienst: tuple[CasusService, BarriereKlok],
) -> None:
    dienst, barriere = racende_dienst
    casus = dienst.meld_aan(aanmelding(), None, HERKOMST).casus
    barriere.actief = True

    def trieer() -> str:
        try:
            dienst.trieer(casus.id, triage(), HERKOMST)
        except GelijktijdigeWijziging:
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(2) as pool:
        uitkomsten = sorted(pool.map(lambda _: trieer(), range(2)))
    assert uitkomsten == ["conflict", "ok"]
    assert [type(e).__name__ for e in dienst.historie(casus.id)] == ["Aangemeld", "Getrieerd"]


def test_wie_het_conflict_verliest_kan_opnieuw_proberen(container: Container) -> None:
    dienst = container.regio("hart-van-brabant")
    casus = dienst.meld_aan(aanmelding(), None, HERKOMST).casus
    dienst.trieer(casus.id, triage(), HERKOMST)
    schrijvers, per_schrijver = 4, 5

    def plan(n: int) -> int:
        conflicten = 0
        for i in range(per_schrijver):
            while True:
                try:
                    dienst.plan_overleg(casus.id, Overleg(datum=date(2027, 1, 1 + i), genodigden=(f"s{n}",)), HERKOMST)
                    break
                except GelijktijdigeWijziging:
                    conflicten += 1
        return conflicten

    with ThreadPoolExecutor(schrijvers) as pool:
        list(pool.map(plan, range(schrijvers)))
    gepland = [e for e in dienst.historie(casus.id) if type(e).__name__ == "OverlegGepland"]
    assert len(gepland) == schrijvers * per_schrijver
    assert dienst.casus(casus.id).version == 2 + schrijvers * per_schrijver


# --- idempotency ---------------------------------------------------------------------


def test_dezelfde_sleutel_geeft_het_eerste_antwoord(container: Container) -> None:
    dienst = container.regio("hart-van-brabant")
    eerste = dienst.meld_aan(aanmelding(), None, sleutel("reg-1"))
    tweede = dienst.meld_aan(aanmelding(), None, sleutel("reg-1"))
    assert (tweede.casus.id, tweede.herhaald, tweede.casus.version) == (eerste.casus.id, True, 1)

    dienst.trieer(eerste.casus.id, triage(), sleutel("tri-1"))
    dienst.plan_overleg(eerste.casus.id, Overleg(datum=date(2027, 1, 1), genodigden=("x",)), HERKOMST)
    herhaald = dienst.trieer(eerste.casus.id, triage(), sleutel("tri-1"))
    assert herhaald.herhaald
    assert herhaald.casus.version == 2  # the state the first answer showed
    assert len(dienst.historie(eerste.casus.id)) == 3


def test_dezelfde_sleutel_voor_een_ander_verzoek_wordt_geweigerd(container: Container) -> None:
    dienst = container.regio("hart-van-brabant")
    dienst.meld_aan(aanmelding(), None, sleutel("reg-2", "eerste"))
    with pytest.raises(IdempotencyKeyHergebruikt):
        dienst.meld_aan(aanmelding(leeftijd=9), None, sleutel("reg-2", "tweede"))


def test_een_herhaalde_aanmelding_laat_lezers_de_bewaarde_sleutel(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retried registration, its case no longer in memory, encrypts with a key of its own that its append
    will not store: a read meanwhile decrypts with the stored key."""
    dienst, store = container.regio("hart-van-brabant"), container.stores["hart-van-brabant"]
    gegevens = Persoonsgegevens(jeugdige=Persoon(naam="Sanne"))
    eerste = dienst.meld_aan(aanmelding(), gegevens, sleutel("reg-sleutel"))
    store.vergeet(eerste.casus.id)  # as on another node, or a minute later
    in_de_insert, verder = threading.Event(), threading.Event()
    origineel = store.recorder._insert  # type: ignore[attr-defined]

    def wachtend(*args: object, **kwargs: object) -> object:
        in_de_insert.set()
        verder.wait(10)
        return origineel(*args, **kwargs)

    monkeypatch.setattr(store.recorder, "_insert", wachtend)
    with ThreadPoolExecutor(1) as pool:
        herhaling = pool.submit(dienst.meld_aan, aanmelding(), gegevens, sleutel("reg-sleutel"))
        assert in_de_insert.wait(10)
        try:
            gelezen = dienst.casus(eerste.casus.id)
        finally:
            verder.set()
        assert gelezen.persoonsgegevens is not None and gelezen.persoonsgegevens.jeugdige.naam == "Sanne"
        assert herhaling.result(10).herhaald
    assert dienst.casus(eerste.casus.id).persoonsgegevens.jeugdige.naam == "Sanne"  # type: ignore[union-attr]


def test_gelijktijdige_herhalingen_maken_een_casus(container: Container) -> None:
    dienst = container.regio("hart-van-brabant")
    with ThreadPoolExecutor(6) as pool:
        resultaten = list(pool.map(lambda _: dienst.meld_aan(aanmelding(), None, sleutel("reg-3")), range(6)))
    assert len({r.casus.id for r in resultaten}) == 1
    assert sum(not r.herhaald for r in resultaten) == 1


def test_een_regel_blijft_gelden_bij_een_nieuwe_sleutel(container: Container) -> None:
    dienst = container.regio("hart-van-brabant")
    casus = dienst.meld_aan(aanmelding(), None, HERKOMST).casus
    dienst.trieer(casus.id, triage(), sleutel("a"))
    with pytest.raises(RegelGeschonden):
        dienst.trieer(casus.id, triage(), sleutel("b"))
