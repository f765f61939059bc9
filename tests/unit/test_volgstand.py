"""/health's standing of a follower without a round trip too many: the head the pool's safety net saw, how
old it may be, and a database that does not answer in time or is away."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from projections import stand
from projections.stand import kop_van, volgstanden
from projections.volger import Luisteraar, Volger


class Pool:
    """A pool whose connections never come (`hangt`) or cannot be made."""

    def __init__(self, *, hangt: bool) -> None:
        self.hangt = hangt

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[Any]:
        if self.hangt:
            await asyncio.sleep(3600)
        raise ConnectionRefusedError("connection refused")
        yield


def volger(pool: Any, naam: str, *, positie: int = 7, aangekondigd: int = 0) -> Volger:
    v = Volger(pool, f"s_{naam}", naam)
    v.positie, v.aangekondigd = positie, aangekondigd
    return v


def test_de_kop_uit_de_tabel_geldt_zoals_gelezen() -> None:
    assert kop_van(volger(None, "a", positie=3, aangekondigd=9), 5, 0.0, 3) == 5


def test_een_eerder_geziene_kop_telt_wat_sindsdien_aangekondigd_of_verwerkt_is() -> None:
    assert kop_van(volger(None, "a", aangekondigd=9), 5, 0.8, 7) == 9
    assert kop_van(volger(None, "a", aangekondigd=0), 5, 0.8, 7) == 7
    assert kop_van(volger(None, "a", aangekondigd=0), 12, 0.8, 7) == 12


def test_het_vangnet_geeft_zijn_kop_met_de_leeftijd_van_zijn_blik_en_geen_te_oude() -> None:
    luisteraar = Luisteraar(Pool(hangt=False))  # type: ignore[arg-type]
    assert luisteraar.kop("s.events", 10.0) is None  # never looked
    luisteraar.gezien, luisteraar.gezien_om = {"s.events": 42}, time.time() - 1.5
    kop = luisteraar.kop("s.events", 10.0)
    assert kop is not None and kop[0] == 42 and 1.5 <= kop[1] < 2.5
    assert luisteraar.kop("s.events", 1.0) is None  # older than asked for: the table is read instead
    assert luisteraar.kop("t.events", 10.0) is None  # a table it does not follow


async def test_een_database_die_niet_antwoordt_houdt_health_niet_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stand, "WACHTTIJD", 0.2)
    pool = Pool(hangt=True)
    begin = time.monotonic()
    [a, b] = await volgstanden([(volger(pool, "a"), "a", "a"), (volger(pool, "b"), "b", "b")])
    assert time.monotonic() - begin < 1.0
    assert (a.naam, a.kop, a.kop_leeftijd, a.toestand, a.positie) == ("a", None, None, "ok", 7)  # busy, not away
    assert b.naam == "b" and b.fout and "did not answer" in b.fout


async def test_een_database_die_weg_is_maakt_elke_volger_erop_herstellend() -> None:
    weg = Pool(hangt=False)
    begin = time.monotonic()
    standen = await asyncio.wait_for(volgstanden([(volger(weg, "a"), "a", "a"), (volger(weg, "b"), "b", "b")]), 1.0)
    assert time.monotonic() - begin < 1.0
    assert [(s.naam, s.toestand, s.kop) for s in standen] == [("a", "herstellend", None), ("b", "herstellend", None)]
    assert all(s.fout and "refused" in s.fout and s.herstellend_sinds for s in standen)
