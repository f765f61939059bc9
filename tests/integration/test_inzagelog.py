"""The access log on a real PostgreSQL: group commit, append-only for the application, positions in order."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from adapters.bootstrap import Container
from adapters.inzagelog import Inzagelog, Inzagelogs
from adapters.inzagelog_tabel import inhoud, tabel
from adapters.keten import keten_tabel
from domain import keten
from domain.inzagelog import Inzagelogfilter, Toegang, Toegangssoort

REGIO = "hart-van-brabant"
ZONE = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
async def logs(container: Container) -> AsyncIterator[Inzagelogs]:
    logs = Inzagelogs(container)
    await logs.open()
    yield logs
    await logs.close()


def toegang(wie: str = "tester", casus_id: uuid.UUID | None = None, **extra: object) -> Toegang:
    velden: dict[str, object] = {
        "wie": wie,
        "rol": "triagist",
        "soort": Toegangssoort.LEZEN,
        "methode": "GET",
        "route": "/regios/{regio}/casussen/{casus_id}",
        "status": 200,
        "request_id": uuid.uuid4().hex,
        "casus_id": casus_id,
    } | extra
    return Toegang(**velden)  # type: ignore[arg-type]


async def test_gelijktijdige_lezingen_delen_een_insert(logs: Inzagelogs) -> None:
    log = logs.regios[REGIO]
    posities = await asyncio.gather(*(log.leg_vast(toegang(f"lezer-{i}")) for i in range(200)))
    assert len(set(posities)) == 200
    assert log.rijen == 200
    assert log.batches <= 3, log.batches  # the first alone, the rest gathered while it was written
    rijen = await log.lees(Inzagelogfilter(per_pagina=500), ZONE)
    assert [r["wie"] for r in rijen] == [f"lezer-{i}" for i in range(200)]
    assert [r["positie"] for r in rijen] == sorted(posities) == posities


async def test_een_lezing_wacht_op_de_commit_en_krijgt_zijn_positie(logs: Inzagelogs) -> None:
    log = logs.regios[REGIO]
    positie = await log.leg_vast(toegang(doel="steekproef", parameters={"versie": "2"}))
    async with log.pool.acquire() as conn:
        rij = await conn.fetchrow(f"SELECT * FROM {tabel(log.schema)} WHERE positie = $1", positie)
    assert rij is not None
    assert (rij["wie"], rij["doel"], rij["parameters"], rij["soort"]) == (
        "tester",
        "steekproef",
        {"versie": "2"},
        "lezen",
    )


@pytest.mark.parametrize(
    "statement",
    ["UPDATE {t} SET wie = 'iemand anders'", "DELETE FROM {t}", "TRUNCATE {t}", "DELETE FROM {t} WHERE positie = 1"],
)
async def test_de_applicatie_kan_het_log_niet_wijzigen(logs: Inzagelogs, statement: str) -> None:
    log = logs.regios[REGIO]
    await log.leg_vast(toegang())
    async with log.pool.acquire() as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await conn.execute(statement.format(t=tabel(log.schema)))
        assert await conn.fetchval(f"SELECT count(*) FROM {tabel(log.schema)}") == 1


async def test_twee_knooppunten_op_een_log_schrijven_in_volgorde(logs: Inzagelogs, container: Container) -> None:
    """Two writers (as two nodes would): every position once, the times ascending with the positions."""
    eerste = logs.regios[REGIO]
    tweede = Inzagelog(eerste.pool, eerste.schema)
    try:
        await asyncio.gather(
            *(eerste.leg_vast(toegang("een")) for _ in range(100)),
            *(tweede.leg_vast(toegang("twee")) for _ in range(100)),
        )
    finally:
        await tweede.close()
    rijen = await eerste.lees(Inzagelogfilter(per_pagina=500), ZONE)
    assert len(rijen) == 200
    assert [r["tijdstip"] for r in rijen] == sorted(r["tijdstip"] for r in rijen)


async def test_filters_en_bladeren(logs: Inzagelogs) -> None:
    log = logs.regios[REGIO]
    casus = uuid.uuid4()
    for i in range(5):
        await log.leg_vast(toegang("anna" if i % 2 == 0 else "bert", casus if i < 3 else None))
    alle = await log.lees(Inzagelogfilter(), ZONE)
    assert [r["wie"] for r in await log.lees(Inzagelogfilter(casus=casus), ZONE)] == ["anna", "bert", "anna"]
    assert [r["wie"] for r in await log.lees(Inzagelogfilter(wie="bert"), ZONE)] == ["bert", "bert"]
    eerste = await log.lees(Inzagelogfilter(per_pagina=2), ZONE)
    assert len(eerste) == 3  # one more than asked: there is a next page
    verder = await log.lees(Inzagelogfilter(per_pagina=2, na=eerste[1]["positie"]), ZONE)
    assert [r["positie"] for r in verder] == [r["positie"] for r in alle[2:5]]
    vandaag = alle[0]["tijdstip"].astimezone(ZONE).date()
    assert len(await log.lees(Inzagelogfilter(van=vandaag, tot=vandaag), ZONE)) == 5
    assert await log.lees(Inzagelogfilter(tot=date(2020, 1, 1)), ZONE) == []
    assert [r["wie"] for r in await log.van_casussen([casus], 2)] == ["anna", "bert"]


async def test_een_log_dat_niet_geschreven_kan_worden_meldt_dat_aan_elke_wachtende(logs: Inzagelogs) -> None:
    log = logs.regios[REGIO]
    async with log.pool.acquire() as conn:
        await conn.execute(
            f"CREATE FUNCTION {log.schema}.weiger() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'schijf vol'; END $$"
        )
        await conn.execute(
            f"CREATE TRIGGER weiger BEFORE INSERT ON {tabel(log.schema)} "
            f"FOR EACH ROW EXECUTE FUNCTION {log.schema}.weiger()"
        )
    uitkomsten = await asyncio.gather(*(log.leg_vast(toegang()) for _ in range(20)), return_exceptions=True)
    assert all(isinstance(u, asyncpg.RaiseError) for u in uitkomsten), uitkomsten
    async with log.pool.acquire() as conn:
        await conn.execute(f"DROP TRIGGER weiger ON {tabel(log.schema)}")
    assert await log.leg_vast(toegang()) > 0


async def test_een_rij_die_de_database_weigert_laat_de_rest_van_zijn_batch_staan(logs: Inzagelogs) -> None:
    log = logs.regios[REGIO]
    await log.leg_vast(toegang("eerst"))  # what follows gathers while nothing else is written
    geweigerd = {"wie": "nul\x00", "doel": "\ud800"}
    for veld, waarde in geweigerd.items():
        verzoeken = [toegang("voor"), toegang(**{veld: waarde}), toegang("na")]
        batches = log.batches
        uitkomsten = await asyncio.gather(*(log.leg_vast(t) for t in verzoeken), return_exceptions=True)
        assert isinstance(uitkomsten[1], asyncpg.DataError), uitkomsten
        assert all(isinstance(u, int) for u in (uitkomsten[0], uitkomsten[2])), uitkomsten
        assert log.batches - batches == 2  # the batch of three refused, then each good row alone
    rijen = await log.lees(Inzagelogfilter(per_pagina=10), ZONE)
    assert [r["wie"] for r in rijen] == ["eerst", "voor", "na", "voor", "na"]


async def test_een_log_per_regio_netwerk_en_knooppunt(logs: Inzagelogs, container: Container) -> None:
    assert set(logs.regios) == set(container.casussen)
    assert logs.voor(REGIO, None) is logs.regios[REGIO]
    assert logs.voor("onbekend", None) is logs.knooppunt is not None
    assert logs.voor(None, None) is logs.knooppunt


async def test_de_keten_over_het_log_klopt_en_verraadt_een_gewijzigde_rij(logs: Inzagelogs) -> None:
    log = logs.regios[REGIO]
    await asyncio.gather(
        *(
            log.leg_vast(
                toegang(
                    f"lezer-{i}",
                    uuid.uuid4() if i % 2 else None,
                    doel="Steekproef één" if i % 3 == 0 else None,
                    parameters={"versie": str(i), "op": "2026-11-20"} if i % 4 else {},
                )
            )
            for i in range(30)
        )
    )
    ketting = f"{log.schema}.{keten_tabel('inzagelog')}"

    async def klopt() -> bool:
        async with log.pool.acquire() as conn:
            rijen = await conn.fetch(f"SELECT * FROM {tabel(log.schema)} ORDER BY positie")
            schakels = await conn.fetch(f"SELECT * FROM {ketting} ORDER BY volgnummer")
        vorige = keten.BEGIN
        for rij, schakel in zip(rijen, schakels, strict=True):
            blad = keten.blad(inhoud(rij))
            vorige = keten.schakel(vorige, rij["positie"], blad)
            if (schakel["positie"], bytes(schakel["blad"]), bytes(schakel["schakel"])) != (
                rij["positie"],
                blad,
                vorige,
            ):
                return False
        return len(rijen) == 30

    assert await klopt()
    async with log.pool.acquire() as conn:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await conn.execute(f"UPDATE {ketting} SET schakel = blad")
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await conn.execute(f"TRUNCATE {ketting}")
        # who gets past the triggers (the table's owner, disabling them) leaves a row its leaf no longer covers
        await conn.execute(f"ALTER TABLE {tabel(log.schema)} DISABLE TRIGGER alleen_toevoegen_rij")
        await conn.execute(f"UPDATE {tabel(log.schema)} SET doel = 'iets anders' WHERE positie = 7")
    assert not await klopt()


async def test_elk_log_schrijft_en_geeft_zijn_verbinding_terug_aan_de_gedeelde_pool(logs: Inzagelogs) -> None:
    """The logs of every region, network and the node share one small pool: a log holds a connection only while
    requests wait, so a read in each of more logs than the pool has connections is recorded, and the pool keeps
    room for sign-in and checkpoints."""
    eigen = logs.regios[REGIO]
    pool = eigen.pool
    alle = [Inzagelog(pool, eigen.schema, wachttijd=5.0) for _ in range(pool.get_max_size() + 2)]
    try:
        for log in alle:
            async with asyncio.timeout(10):
                assert await log.leg_vast(toegang()) > 0
        for log in alle:
            await log.geschreven()
        assert pool.get_idle_size() == pool.get_size()
        async with asyncio.timeout(2):
            assert await pool.fetchval("SELECT 1") == 1
    finally:
        for log in alle:
            await log.close()
