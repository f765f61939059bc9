"""PostgreSQL for the stores: one schema per region and per network, immutable event tables."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, TypeVar

import psycopg
from eventsourcing.postgres import ConnectionPool, PostgresFactory
from eventsourcing.utils import Environment, get_topic
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool.base import AttemptWithBackoff

from adapters.keten import EVENT_INHOUD_SQL, installeer_keten, keten_tabel
from adapters.recorder import GeordendeRecorder
from projections.volgpositie import DDL_SLOT
from services.casus_store import CasusStore
from services.netwerk_store import NetwerkStore

S = TypeVar("S", bound=CasusStore)

EVENTS_TABLE = f"{CasusStore.name}_events"


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


class Fabriek(PostgresFactory):
    """The library's PostgreSQL infrastructure, its connections bounded in time: a statement is cancelled
    after POSTGRES_STATEMENT_TIMEOUT seconds, a connection whose data stays unacknowledged that long (a peer
    gone without closing) is dropped, and after an outage the pool connects again within a second."""

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        self.datastore.pool.__class__ = _SnelTerugPool  # not opened yet: the same pool, reconnecting sooner
        seconden = float(env.get("POSTGRES_STATEMENT_TIMEOUT") or 0)
        if seconden:
            milli = int(seconden * 1000)
            kwargs = self.datastore.pool.kwargs
            if isinstance(kwargs, dict):
                kwargs["options"] = f"-c statement_timeout={milli}"
                kwargs["tcp_user_timeout"] = milli + 5000


def store_env(
    database_url: str,
    schema: str,
    *,
    pool_size: int,
    cache: int,
    verbind_timeout: float = 5.0,
    statement_timeout: float = 30.0,
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
        # One connection stays open; more open under concurrent load, up to pool_size.
        # A single writer then always reuses the same server process.
        "POSTGRES_POOL_SIZE": "1",
        "POSTGRES_MAX_OVERFLOW": str(pool_size - 1),
        # waiting for a connection (the pool's, or a new one while the database is away) fails after this
        "POSTGRES_CONNECT_TIMEOUT": str(max(1, round(verbind_timeout))),
        "POSTGRES_STATEMENT_TIMEOUT": str(statement_timeout),
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "POSTGRES_PRE_PING": "n",
        "APPLICATION_RECORDER_TOPIC": get_topic(GeordendeRecorder),
        "CREATE_TABLE": "y",
    }
    if cache:
        # Commands start from the cached case without asking the database for newer events:
        # a newer event written elsewhere makes the save fail on the primary key, and the
        # store then evicts the case (CasusStore.bewaar), so the retry starts from the database.
        env["AGGREGATE_CACHE_MAXSIZE"] = str(cache)
        env["AGGREGATE_CACHE_FASTFORWARD"] = "n"
    return env


def _maak_onveranderlijk(conn: psycopg.Connection[Any], schema: str, tabel: str) -> None:
    """Make the database itself refuse UPDATE, DELETE and TRUNCATE on the events table."""
    ids = {
        "schema": sql.Identifier(schema),
        "tabel": sql.Identifier(tabel),
        "functie": sql.Identifier("weiger_wijziging"),
    }
    statements = [
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {schema}.{functie}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'stored events are immutable: % refused on %.%', "
            "TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$"
        ),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER onveranderlijk_rij BEFORE UPDATE OR DELETE ON {schema}.{tabel} "
            "FOR EACH ROW EXECUTE FUNCTION {schema}.{functie}()"
        ),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER onveranderlijk_tabel BEFORE TRUNCATE ON {schema}.{tabel} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{functie}()"
        ),
    ]
    with conn.transaction():
        for statement in statements:
            conn.execute(statement.format(**ids))


@contextlib.contextmanager
def ddl_slot(database_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection holding the database's start-up DDL lock (projections.volgpositie.DDL_SLOT): processes
    starting together create schemas, tables and triggers one after the other, never racing in the
    catalog."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (DDL_SLOT,))
        try:
            yield conn
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (DDL_SLOT,))


def open_store(database_url: str, schema: str, **instellingen: Any) -> CasusStore:
    """A region's case store in its own schema (created if need be), its events table immutable and chained
    (`adapters.keten`)."""
    return _open(CasusStore, database_url, schema, **instellingen)


def open_netwerk_store(database_url: str, schema: str, **instellingen: Any) -> NetwerkStore:
    """A network's case store in its own schema, its events table immutable."""
    return _open(NetwerkStore, database_url, schema, **instellingen)


def _open(soort: type[S], database_url: str, schema: str, **instellingen: Any) -> S:
    with ddl_slot(database_url) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        store = soort(env=store_env(database_url, schema, **instellingen))  # creates its tables
        tabel = f"{store.name}_events"
        try:
            _maak_onveranderlijk(conn, schema, tabel)
            installeer_keten(conn, schema, tabel, positie="notification_id", inhoud_sql=EVENT_INHOUD_SQL)
            _maak_onveranderlijk(conn, schema, keten_tabel(tabel))
        except BaseException:
            store.close()
            raise
    return store


def netwerk_schema_naam(prefix: str, netwerk: str) -> str:
    return f"{prefix}netwerk_{netwerk.replace('-', '_')}"


def verwijder_schema(database_url: str, schema: str) -> None:
    """Drops a region's schema with its history: for tests and benchmarks only."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
