"""Shared fixtures: a real PostgreSQL (from the environment or embedded), fresh schemas per test."""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import psycopg
import pytest

from adapters.bootstrap import Container, bootstrap
from adapters.embedded import EmbeddedNats, EmbeddedPostgres
from adapters.settings import Settings

S = TypeVar("S", EmbeddedPostgres, EmbeddedNats)


@contextlib.contextmanager
def draaiend(server: S) -> Iterator[S]:
    """The server, started, and stopped afterwards."""
    server.start()
    try:
        yield server
    finally:
        server.stop()


def wacht_op(vraag: Callable[[], Any], tijd: float = 20.0, wat: Any = "did not arrive in time") -> Any:
    """The first true answer of `vraag` within `tijd` seconds; `wat` (or what it returns) says what failed."""
    einde = time.monotonic() + tijd
    while time.monotonic() < einde:
        antwoord = vraag()
        if antwoord:
            return antwoord
        time.sleep(0.1)
    raise AssertionError(f"{wat() if callable(wat) else wat}: not within {tijd} s")


class Klok:
    """A clock the test can set; the service reads today's date from it. Unset, today where the service's
    default time zone is (the machine's own date differs from it around midnight)."""

    def __init__(self, vandaag: date | None = None) -> None:
        self.datum = vandaag or datetime.now(ZoneInfo(Settings.model_fields["tijdzone"].default)).date()

    def __call__(self) -> date:
        return self.datum


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """DOORBRAAK_TEST_DATABASE_URL when set, else a private PostgreSQL for this test run."""
    url = os.environ.get("DOORBRAAK_TEST_DATABASE_URL")
    if url:
        yield url
        return
    with draaiend(EmbeddedPostgres(Path(tmp_path_factory.mktemp("embedded")) / "postgres")) as server:
        yield server.url


@pytest.fixture
def schema_prefix(database_url: str) -> Iterator[str]:
    """A unique schema prefix; every schema with it is dropped after the test."""
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    yield prefix
    with psycopg.connect(database_url, autocommit=True) as conn:
        schemas = conn.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", (prefix,)).fetchall()
        for (schema,) in schemas:
            conn.execute(psycopg.sql.SQL("DROP SCHEMA {} CASCADE").format(psycopg.sql.Identifier(schema)))


@pytest.fixture
def klok() -> Klok:
    return Klok()


@pytest.fixture
def maak_container(database_url: str, schema_prefix: str, klok: Klok) -> Iterator[Callable[..., Container]]:
    """Builds the application through the composition root, on fresh schemas."""
    gebouwd: list[Container] = []

    def _maak(**instellingen: Any) -> Container:
        instellingen.setdefault("regios", ["hart-van-brabant", "zeeland"])
        settings = Settings(_env_file=None, database_url=database_url, schema_prefix=schema_prefix, **instellingen)
        container = bootstrap(settings, vandaag=klok)
        gebouwd.append(container)
        return container

    yield _maak
    for container in gebouwd:
        container.close()


@pytest.fixture
def container(maak_container: Callable[..., Container]) -> Container:
    return maak_container()
