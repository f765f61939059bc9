"""Processes starting together against one empty database (a rollout): all start-up DDL is serialised, none
fails with 'tuple concurrently updated'."""

from __future__ import annotations

import asyncio
import multiprocessing
import traceback
import uuid
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier

import psycopg
import pytest

PROCESSEN = 8
RONDES = 20


def _start(database_url: str, prefix: str) -> None:
    """What `serve` does at start-up: the stores, the read models and the relays' bookkeeping."""
    from adapters.bootstrap import bootstrap
    from adapters.escalatiedienst import Escalatiedienst
    from adapters.leesmodellen import LeesModellen
    from adapters.settings import Settings

    settings = Settings(
        _env_file=None,
        database_url=database_url,
        nats_url="nats://127.0.0.1:9",  # not connected: only the relays' tables are made
        schema_prefix=prefix,
        regios=["hart-van-brabant"],  # and its network: every kind of start-up DDL
        pool_size=1,
    )
    container = bootstrap(settings)

    async def volgers() -> None:
        modellen, dienst = LeesModellen(container), Escalatiedienst(container)
        try:
            await modellen.open()
            await dienst.open()
        finally:
            await dienst.close()
            await modellen.close()

    try:
        asyncio.run(volgers())
    finally:
        container.close()


def _werker(database_url: str, basis: str, samen: Barrier, uitkomsten: multiprocessing.Queue[str]) -> None:
    for ronde in range(RONDES):
        samen.wait(120)
        try:
            _start(database_url, f"{basis}{ronde}_")
            uitkomsten.put("ok")
        except Exception:
            uitkomsten.put(traceback.format_exc())


@pytest.fixture
def basis(database_url: str) -> Iterator[str]:
    prefix = f"t{uuid.uuid4().hex[:8]}_"
    yield prefix
    with psycopg.connect(database_url, autocommit=True) as conn:
        for (schema,) in conn.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", (prefix,)
        ).fetchall():
            conn.execute(psycopg.sql.SQL("DROP SCHEMA {} CASCADE").format(psycopg.sql.Identifier(schema)))


def test_acht_processen_starten_twintig_keer_tegelijk_op_een_lege_database(database_url: str, basis: str) -> None:
    context = multiprocessing.get_context("spawn")
    samen = context.Barrier(PROCESSEN)
    uitkomsten: multiprocessing.Queue[str] = context.Queue()
    processen = [
        context.Process(target=_werker, args=(database_url, basis, samen, uitkomsten)) for _ in range(PROCESSEN)
    ]
    for proces in processen:
        proces.start()
    try:
        gezien = [uitkomsten.get(timeout=300) for _ in range(PROCESSEN * RONDES)]
    finally:
        for proces in processen:
            proces.join(60)
            if proces.is_alive():
                proces.kill()
    fouten = [uitkomst for uitkomst in gezien if uitkomst != "ok"]
    assert fouten == [], f"{len(fouten)} of {len(gezien)} start-ups failed; the first:\n{fouten[0]}"


def _werker_die_faalt_of_wacht(nummer: int, seconden: float, klaar: object) -> tuple[int, float]:
    """A benchmark worker: the last dies while getting ready (as in a failed bootstrap), the others wait."""
    from bench.schrijven import _tel

    if nummer == 2:
        raise RuntimeError("tuple concurrently updated")
    return _tel(lambda: 1, seconden, klaar)


def test_een_benchmark_stopt_met_de_fout_van_een_werker_in_plaats_van_te_blijven_wachten() -> None:
    import time

    from bench.schrijven import parallel

    begin = time.monotonic()
    with pytest.raises(RuntimeError, match="tuple concurrently updated"):
        parallel(_werker_die_faalt_of_wacht, [(0,), (1,), (2,)], 0.1)
    assert time.monotonic() - begin < 30
