"""PostgreSQL for the stores: one schema per region and per network, immutable event tables."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any, ClassVar, TypeVar

import psycopg
from eventsourcing.postgres import ConnectionPool, PostgresFactory
from eventsourcing.utils import Environment, get_topic
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import PoolClosed
from psycopg_pool.base import AttemptWithBackoff

from adapters.rechten import (
    BELEID,
    NietIngericht,
    Soort,
    controleer,
    maak_onveranderlijk,
    mag_inrichten,
    overdracht,
    richt_in,
)
from adapters.recorder import GeordendeRecorder
from adapters.sleuteltabel import PostgresSleutelOpslag
from projections.volgpositie import DDL_SLOT
from services.casus_store import CasusStore
from services.netwerk_store import NetwerkStore
from services.versleuteling import Sleutelring

S = TypeVar("S", bound=CasusStore)

EVENTS_TABLE = f"{CasusStore.name}_events"
_maak_onveranderlijk = maak_onveranderlijk


def schema_naam(prefix: str, regio: str) -> str:
    return f"{prefix}regio_{regio.replace('-', '_')}"


class _KorteTerugval(AttemptWithBackoff):
    """Connection attempts after a failure at most a second apart (psycopg_pool's own wait doubles to
    minutes: after an outage of the database, commands would wait long after it came back)."""

    INITIAL_DELAY = 0.2
    HOOGSTENS = 1.0

    def update_delay(self, now: float) -> None:
        super().update_delay(now)
        self.delay = min(self.delay, self.HOOGSTENS)


class _SnelTerugPool(ConnectionPool[Any]):
    """The library's pool, reconnecting with `_KorteTerugval`."""

    def _add_connection(self, attempt: AttemptWithBackoff | None, growing: bool = False) -> None:
        super()._add_connection(attempt or _KorteTerugval(timeout=self.reconnect_timeout), growing)


class GedeeldePool:
    """A store's share of the pool of its database: every store of a process on the same database (and with
    the same connection settings) draws from one pool, each keeping its own schema in its statements (the
    library names the schema in every one). Closing gives the share back; the last share closes the pool."""

    _pools: ClassVar[dict[tuple[object, ...], tuple[ConnectionPool[Any], int]]] = {}
    _slot = threading.Lock()

    def __init__(self, pool: ConnectionPool[Any], sleutel: tuple[object, ...]) -> None:
        self._pool, self._sleutel, self._gesloten = pool, sleutel, False

    @classmethod
    def voor(cls, eigen: ConnectionPool[Any], sleutel: tuple[object, ...]) -> GedeeldePool:
        """A share of the pool for `sleutel`; `eigen` (a store's own, unopened pool) becomes it when there is none."""
        with cls._slot:
            pool, aandelen = cls._pools.get(sleutel) or (eigen, 0)
            pool.__class__ = _SnelTerugPool  # not opened yet: the same pool, reconnecting sooner
            cls._pools[sleutel] = (pool, aandelen + 1)
            return cls(pool, sleutel)

    @classmethod
    def aantal(cls) -> int:
        """How many shared pools are open in this process."""
        return len(cls._pools)

    def __getattr__(self, naam: str) -> Any:
        return getattr(self._pool, naam)

    def open(self, wait: bool = False, timeout: float = 30.0) -> None:
        self._open_gebleven()
        self._pool.open(wait, timeout)

    def connection(self, timeout: float | None = None) -> contextlib.AbstractContextManager[psycopg.Connection[Any]]:
        """A connection of the shared pool; a closed share has none (as a closed pool)."""
        self._open_gebleven()
        return self._pool.connection(timeout)

    def _open_gebleven(self) -> None:
        if self._gesloten:
            raise PoolClosed("this store's share of the pool is closed")

    def close(self, timeout: float = 5.0) -> None:
        with self._slot:
            if self._gesloten:
                return
            self._gesloten = True
            pool, aandelen = self._pools.pop(self._sleutel)
            if aandelen > 1:
                self._pools[self._sleutel] = (pool, aandelen - 1)
                return
        pool.close(timeout)

    def __enter__(self) -> GedeeldePool:
        self._pool.open()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class Fabriek(PostgresFactory):
    """The library's PostgreSQL infrastructure, its connections bounded in time: a statement is cancelled
    after POSTGRES_STATEMENT_TIMEOUT seconds, a connection whose data stays unacknowledged that long (a peer
    gone without closing) is dropped, and after an outage the pool connects again within a second. The
    stores of one database share one pool (`GedeeldePool`) of at most POSTGRES_POOL_SIZE +
    POSTGRES_MAX_OVERFLOW connections."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        datastore = self.datastore
        seconden = float(env.get("POSTGRES_STATEMENT_TIMEOUT") or 0)
        kwargs = datastore.pool.kwargs if isinstance(datastore.pool.kwargs, dict) else {}
        if seconden:
            milli = int(seconden * 1000)
            kwargs["options"] = f"-c statement_timeout={milli}"
            kwargs["tcp_user_timeout"] = milli + 5000
        eigen = datastore.pool
        sleutel = (
            tuple(sorted((k, str(v)) for k, v in kwargs.items())),
            eigen.min_size,
            eigen.max_size,
            eigen.timeout,
            eigen.max_lifetime,
            datastore.idle_in_transaction_session_timeout,
            datastore.pre_ping,
        )
        datastore.pool = GedeeldePool.voor(eigen, sleutel)  # type: ignore[assignment]


def store_env(
    database_url: str,
    schema: str,
    *,
    pool_size: int,
    cache: int,
    verbind_timeout: float = 5.0,
    statement_timeout: float = 30.0,
    maak_tabellen: bool = True,
) -> dict[str, str]:
    """The eventsourcing library's settings for one region's store."""
    info = conninfo_to_dict(database_url)
    env = {
        "PERSISTENCE_MODULE": get_topic(Fabriek),
        "POSTGRES_DBNAME": str(info.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(info.get("host") or "127.0.0.1"),
        "POSTGRES_PORT": str(info.get("port") or "5432"),
        "POSTGRES_USER": str(info.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(info.get("password") or ""),
        "POSTGRES_SCHEMA": schema,
        # One connection stays open; more open under concurrent load, up to pool_size for all the stores
        # of the database together (`GedeeldePool`). A single writer then always reuses the same server process.
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": str(pool_size - 1),
        # waiting for a connection (the pool's, or a new one while the database is away) fails after this
        "POSTGRES_CONNECT_TIMEOUT": str(max(1, round(verbind_timeout))),
        "POSTGRES_STATEMENT_TIMEOUT": str(statement_timeout),
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "POSTGRES_PRE_PING": "n",
        "APPLICATION_RECORDER_TOPIC": get_topic(GeordendeRecorder),
        "CREATE_TABLE": "y" if maak_tabellen else "n",
    }
    if cache:
        # Commands start from the cached case without asking the database for newer events:
        # a newer event written elsewhere makes the save fail on the primary key, and the
        # store then evicts the case (CasusStore.bewaar), so the retry starts from the database.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(cache)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "n"
    return env


@contextlib.contextmanager
def ddl_slot(database_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection holding the database's start-up DDL lock (projections.volgpositie.DDL_SLOT): processes
    starting together create schemas, tables and triggers one after the other, never racing in the
    catalog. Its commits do not wait for the disk: the start-up DDL is idempotent and runs at every start,
    so what a crash might lose of it is made again by the next."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (DDL_SLOT,))
        try:
            yield conn
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (DDL_SLOT,))


def open_store(
    database_url: str, schema: str, *, sleutelring: Sleutelring | None = None, **instellingen: Any
) -> CasusStore:
    """A region's case store in its own schema (created if need be), its events table immutable and chained
    (`adapters.keten`); with a `sleutelring`, personal data is encrypted with the case keys of the schema's key
    table (`adapters.sleuteltabel`)."""
    store = _open(CasusStore, database_url, schema, sleutelring=sleutelring, **instellingen)
    recorder = store.recorder
    if sleutelring is not None and isinstance(recorder, GeordendeRecorder):
        sleutelring.opslag = PostgresSleutelOpslag(recorder.datastore)
        recorder.sleutelring = sleutelring
    return store


def open_netwerk_store(database_url: str, schema: str, **instellingen: Any) -> NetwerkStore:
    """A network's case store in its own schema, its events table immutable."""
    return _open(NetwerkStore, database_url, schema, **instellingen)


def _open(
    soort: type[S], database_url: str, schema: str, *, sleutelring: Sleutelring | None = None, **instellingen: Any
) -> S:
    """The store, its schema set up first by this connection's role when it owns it or may create it (as in
    development: `adapters.rechten.richt_in` without an application role); otherwise checked to be set up as
    `adapters.rechten.BELEID` says for this role, which then runs no DDL at all."""
    events = f"{soort.name}_events"
    with ddl_slot(database_url) as conn:
        zelf = mag_inrichten(conn, schema)
        if zelf:
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        else:
            rol = str((conn.execute("SELECT current_user").fetchone() or ("",))[0])
            problemen = controleer(conn, schema, events, _soort(soort), rol)
            if problemen:
                raise NietIngericht(
                    f"{schema} is not set up for the role {rol}: {'; '.join(problemen)}. Run `doorbraak database "
                    "inrichten` with DOORBRAAK_EIGENAAR_DATABASE_URL (the owner's connection) set"
                )
        store = soort(env=store_env(database_url, schema, maak_tabellen=zelf, **instellingen), sleutelring=sleutelring)
        try:
            if zelf:
                richt_in(conn, schema, events, _soort(soort), None)
        except BaseException:
            store.close()
            raise
    return store


def _soort(soort: type[CasusStore]) -> Soort:
    return "netwerk" if issubclass(soort, NetwerkStore) else "regio"


def app_rol(database_url: str) -> str:
    """The role the application connects as with `database_url`."""
    gebruiker = conninfo_to_dict(database_url).get("user")
    if gebruiker:
        return str(gebruiker)
    with psycopg.connect(database_url) as conn:
        return str((conn.execute("SELECT current_user").fetchone() or ("",))[0])


def richt_store_in(eigenaar_url: str, app_url: str, schema: str, soort: type[CasusStore]) -> list[str]:
    """As the owner (`eigenaar_url`): the store's schema, its tables and their triggers, and for the role of
    `app_url` exactly the rights of `adapters.rechten.BELEID`. Idempotent. Returns the listed tables with the
    application's rights, one line each."""
    app, events = app_rol(app_url), f"{soort.name}_events"
    with ddl_slot(eigenaar_url) as conn:
        eigenaar = str((conn.execute("SELECT current_user").fetchone() or ("",))[0])
        if app == eigenaar:
            raise NietIngericht(f"the owner and the application connect as the same role ({app})")
        te_verhuizen = overdracht(conn, schema, events, _soort(soort), app)
        if te_verhuizen:
            raise NietIngericht(
                f"{schema}: what {eigenaar} or {app} should own belongs to another role; as a superuser, run: "
                + " ".join(te_verhuizen)
            )
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        soort(env=store_env(eigenaar_url, schema, pool_size=1, cache=0)).close()  # the library's tables
        richt_in(conn, schema, events, _soort(soort), app)
        problemen = controleer(conn, schema, events, _soort(soort), app)
        if problemen:
            raise NietIngericht(f"{schema} is set up, but for {app}: {'; '.join(problemen)}")
    return [f"{schema}.{t.tabel(events)}: {app} may {', '.join(t.rechten)}" for t in BELEID if _soort(soort) in t.bij]


def eigenaar_url_voor(eigenaar_url: str, app_url: str, standaard_url: str | None) -> str:
    """The owner's connection to the database of `app_url`: `eigenaar_url` itself for the default database
    (`standaard_url`), else its user, password and options at the host, port and name of `app_url`."""
    if app_url == standaard_url:
        return eigenaar_url
    eigenaar, app = conninfo_to_dict(eigenaar_url), conninfo_to_dict(app_url)
    for sleutel in ("host", "hostaddr", "port", "dbname"):
        eigenaar.pop(sleutel, None)
        if app.get(sleutel) is not None:
            eigenaar[sleutel] = app[sleutel]
    return make_conninfo("", **eigenaar)


def netwerk_schema_naam(prefix: str, netwerk: str) -> str:
    return f"{prefix}netwerk_{netwerk.replace('-', '_')}"


def verwijder_schema(database_url: str, schema: str) -> None:
    """Drops a region's schema with its history: for tests and benchmarks only."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
