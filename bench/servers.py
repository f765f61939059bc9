"""The servers a benchmark runs against (the given URLs, or private embedded ones), the app on a real HTTP
server, and the machine's load."""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import psycopg
import uvicorn
from psycopg import sql

from adapters.bootstrap import Container
from adapters.embedded import EmbeddedNats, EmbeddedPostgres, vrije_poort, wacht_op_poort
from adapters.http.app import maak_app
from adapters.http.verbinding import http_protocol


class _Server(Protocol):
    @property
    def url(self) -> str: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...


@contextlib.contextmanager
def _ingebed(url: str | None, maak: Callable[[Path], _Server]) -> Iterator[tuple[str, bool]]:
    """Yields `url`, or that of a server made in a temporary directory, started and afterwards stopped;
    and whether it is embedded."""
    if url:
        yield url, False
        return
    with tempfile.TemporaryDirectory() as tmp:
        server = maak(Path(tmp))
        server.start()
        try:
            yield server.url, True
        finally:
            server.stop()


@contextlib.contextmanager
def postgres(url: str | None, *, max_connections: int = 200) -> Iterator[str]:
    """Yields a database URL; starts (and afterwards stops) an embedded server when `url` is None, allowing
    `max_connections`."""
    maak = lambda tmp: EmbeddedPostgres(tmp / "postgres", max_connections=max_connections)  # noqa: E731
    with _ingebed(url, maak) as (adres, ingebed):
        print(f"PostgreSQL: embedded ({adres})" if ingebed else f"PostgreSQL: {adres}")
        yield adres


@contextlib.contextmanager
def nats_server(url: str | None) -> Iterator[str]:
    """Yields a NATS URL; starts (and afterwards stops) an embedded nats-server with JetStream when `url`
    is None."""
    with _ingebed(url, lambda tmp: EmbeddedNats(tmp / "nats")) as (adres, _):
        yield adres


def verwijder_schemas(url: str, prefix: str) -> None:
    """Drops every schema whose name starts with `prefix`: what a benchmark made."""
    with psycopg.connect(url, autocommit=True) as conn:
        for (schema,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", (prefix,)
        ).fetchall():
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def belasting() -> str:
    """The machine's load average (1, 5, 15 minutes): the machine may be shared, and its load moves the figures."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@contextlib.contextmanager
def draaiend(container: Container) -> Iterator[str]:
    """The app on uvicorn (127.0.0.1, a free port, in a thread of this process) with `serve`'s protocol; its
    address. For the benchmarks and the tests that go through HTTP."""
    poort = vrije_poort()
    config = uvicorn.Config(
        maak_app(container),
        host="127.0.0.1",
        port=poort,
        log_level="warning",
        server_header=False,
        http=http_protocol(container.settings.lees_timeout),
    )
    server = uvicorn.Server(config)
    draad = threading.Thread(target=server.run, daemon=True)
    draad.start()
    try:
        wacht_op_poort(poort)
        yield f"http://127.0.0.1:{poort}"
    finally:
        server.should_exit = True
        draad.join(20)
