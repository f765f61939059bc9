"""The worker threads of the commands (`adapters.http.draden`): answers, failures, how many threads, and a
command that outlives its request or its event loop."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from adapters.http.draden import Draden


def _draden_van(draden: Draden) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(f"{draden.naam}-")]


async def test_een_commando_geeft_zijn_antwoord_uit_een_werkdraad() -> None:
    draden = Draden(2, "test-antwoord")
    lus = threading.get_ident()

    assert await draden.voer_uit(lambda: threading.get_ident() != lus) is True


async def test_een_fout_komt_terug_bij_wie_wacht() -> None:
    draden = Draden(2, "test-fout")

    def faalt() -> None:
        raise KeyError("casus")

    with pytest.raises(KeyError, match="casus"):
        await draden.voer_uit(faalt)
    assert await draden.voer_uit(lambda: "daarna") == "daarna"


async def test_na_elkaar_volstaat_een_draad() -> None:
    draden = Draden(4, "test-na-elkaar")
    for i in range(20):
        assert await draden.voer_uit(lambda i=i: i) == i  # type: ignore[misc]
    assert len(_draden_van(draden)) == 1


async def test_tegelijk_tot_het_maximum_en_niet_meer() -> None:
    draden = Draden(3, "test-tegelijk")
    samen = threading.Barrier(3, timeout=5)  # breaks unless three commands run at once

    await asyncio.wait_for(asyncio.gather(*(draden.voer_uit(samen.wait) for _ in range(3))), 10)
    await asyncio.wait_for(asyncio.gather(*(draden.voer_uit(lambda: None) for _ in range(50))), 10)
    assert len(_draden_van(draden)) == 3


async def test_een_afgebroken_verzoek_laat_de_draad_heel(caplog: pytest.LogCaptureFixture) -> None:
    draden = Draden(1, "test-afgebroken")
    vrij = threading.Event()
    taak = asyncio.ensure_future(draden.voer_uit(lambda: vrij.wait(5)))
    await asyncio.sleep(0.05)
    taak.cancel()
    with pytest.raises(asyncio.CancelledError):
        await taak
    vrij.set()
    assert await asyncio.wait_for(draden.voer_uit(lambda: "volgende"), 5) == "volgende"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_een_commando_na_het_sluiten_van_zijn_lus_laat_de_draad_heel() -> None:
    draden = Draden(1, "test-lus-dicht")
    vrij, gestart = threading.Event(), threading.Event()

    def traag() -> str:
        gestart.set()
        vrij.wait(5)
        return "te laat"

    lus = asyncio.new_event_loop()
    taak = lus.create_task(draden.voer_uit(traag))
    lus.call_later(0.05, taak.cancel)
    with pytest.raises(asyncio.CancelledError):
        lus.run_until_complete(taak)
    assert gestart.wait(5)
    lus.close()
    vrij.set()

    assert asyncio.run(asyncio.wait_for(draden.voer_uit(lambda: "volgende"), 5)) == "volgende"


async def test_een_vrije_draad_gaat_naar_een_commando_en_de_volgende_krijgt_een_nieuwe() -> None:
    draden = Draden(4, "test-vrij")
    await draden.voer_uit(lambda: None)  # one thread, free again
    samen = threading.Barrier(2, timeout=5)  # breaks unless both commands run at once

    await asyncio.wait_for(asyncio.gather(draden.voer_uit(samen.wait), draden.voer_uit(samen.wait)), 10)
    assert len(_draden_van(draden)) == 2


async def test_stopiteration_komt_terug_als_fout_in_plaats_van_een_verzoek_dat_eeuwig_wacht() -> None:
    draden = Draden(1, "test-stop")

    with pytest.raises(RuntimeError, match="StopIteration"):
        await asyncio.wait_for(draden.voer_uit(lambda: next(iter(()))), 5)


async def test_een_draad_die_niet_start_telt_niet_mee(monkeypatch: pytest.MonkeyPatch) -> None:
    draden = Draden(1, "test-start")
    echt = threading.Thread.start

    def weigert(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", weigert)
    with pytest.raises(RuntimeError, match="can't start"):
        await draden.voer_uit(lambda: None)
    monkeypatch.setattr(threading.Thread, "start", echt)
    assert await asyncio.wait_for(draden.voer_uit(lambda: "daarna"), 5) == "daarna"
