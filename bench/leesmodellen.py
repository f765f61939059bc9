"""Read models: rebuild speed against the raw read-and-decode rate, memory, and freshness.

    python -m bench.leesmodellen [--events 1000000] [--klein 100000] [--rondes 3] [--seconden 30]
                                 [--per-seconde 100] [--limiet 1800] [--database-url URL]

1. Fills the six Brabant/Zeeland regions with a realistic history (bench/generator.py), first
   `--klein` events, then up to `--events`.
2. At both sizes, `--rondes` times in turns, each in a fresh process with the same settings: the raw
   rate of reading and decoding every stored event into its whole domain event (the projection's own
   query and batch size, the decode every reader of the store pays), a rebuild of every region's read
   models from zero (`LeesModellen.herbouw_alle`), and reading every stored event while only parsing
   its JSON (orjson); all take two regions at a time.
   Prints the median events/s of each, the rebuild's ratio against the raw read+decode (the floor,
   target >= 0.5) and against read+parse, each with its range over the rounds and its CPU-seconds
   ratio, peak RSS, each process's CPU seconds and the load average. The figures are those at
   `--events`.
3. Freshness (bench/versheid.py, on its own: `./dev bench-versheid`): starts `doorbraak serve` on the
   same PostgreSQL, sends `--per-seconde` commands/s for `--seconden`, and after each answer asks the
   werkvoorraad for the command's position; prints p50 and p99 of the time from the command's answer
   to its visibility in the werkvoorraad, beside the same read without waiting.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL. The run
stops after `--limiet` seconds, and a measuring process that fails ends it with its error (`bench.grens`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from typing import Any

from adapters.bootstrap import bootstrap
from adapters.settings import Settings
from bench import grens
from bench.generator import REGIO_GEWICHT, vul
from bench.servers import belasting, postgres, verwijder_schemas
from bench.versheid import versheid

REGIOS = list(REGIO_GEWICHT)
BATCH = 5000
TEGELIJK = 2
LIMIET = 1800.0
"""Seconds a whole run may take by default (about 8 minutes on the machine of the figures)."""
MEETTIJD = 600.0
"""Seconds one measuring process may take."""


def _settings(url: str, prefix: str, **extra: Any) -> Settings:
    return Settings(_env_file=None, database_url=url, schema_prefix=prefix, regios=REGIOS, **extra)


# --- measurements, each in its own process -----------------------------------------------------


async def _raw(url: str, prefix: str, alleen_ontleden: bool = False) -> dict[str, float]:
    """Reads every stored event with the projection's own query and batch size, and decodes each one into its
    whole domain event (with `alleen_ontleden`: only parses its JSON, with orjson); `TEGELIJK` regions at a time,
    as the rebuild does. The rebuild itself reads views of the events (`projections.weergave`)."""
    import asyncpg
    import orjson

    from projections.decoder import decodeer
    from projections.projector import stel_codecs_in
    from projections.volger import lees_events

    container = bootstrap(_settings(url, prefix))
    schemas = [container.schema(regio) for regio in REGIOS]
    container.close()
    pool = await asyncpg.create_pool(url, init=stel_codecs_in, min_size=TEGELIJK, max_size=TEGELIJK)
    ruimte = asyncio.Semaphore(TEGELIJK)

    async def regio(schema: str) -> int:
        aantal, positie = 0, 0
        async with ruimte, pool.acquire() as conn:
            while rijen := await lees_events(conn, schema, positie, BATCH):
                if alleen_ontleden:
                    for rij in rijen:
                        orjson.loads(rij["state"])
                else:
                    for rij in rijen:
                        decodeer(rij["topic"], rij["state"])
                positie = rijen[-1]["notification_id"]
                aantal += len(rijen)
        return aantal

    try:
        start, cpu = time.perf_counter(), time.process_time()
        aantal = sum(await asyncio.gather(*(regio(schema) for schema in schemas)))
        return {"events": aantal, "seconden": time.perf_counter() - start, "cpu": time.process_time() - cpu}
    finally:
        await pool.close()


async def _herbouw(url: str, prefix: str) -> dict[str, float]:
    from adapters.leesmodellen import LeesModellen

    container = bootstrap(_settings(url, prefix))
    modellen = LeesModellen(container, batch=BATCH)
    await modellen.open()
    try:
        start, cpu = time.perf_counter(), time.process_time()
        aantallen = await modellen.herbouw_alle(REGIOS, tegelijk=TEGELIJK)
        return {
            "events": sum(aantallen.values()),
            "seconden": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
        }
    finally:
        await modellen.close()
        container.close()


def _piek_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike `ru_maxrss`, not inherited from the parent that
    started it)."""
    with open("/proc/self/status") as status:
        regel = next(r for r in status if r.startswith("VmHWM:"))
    return int(regel.split()[1]) / 1024


def meting(soort: str, url: str, prefix: str) -> None:
    """Entry point of a measuring process: prints one JSON line (with the CPU seconds this process spent in the
    measured part, and its peak resident memory)."""
    from adapters.runtime import stem_gc_af

    stem_gc_af()
    if soort == "herbouw":
        uitkomst = asyncio.run(_herbouw(url, prefix))
    else:
        uitkomst = asyncio.run(_raw(url, prefix, alleen_ontleden=soort == "ontleden"))
    uitkomst["rss_mb"] = _piek_mb()
    print(json.dumps(uitkomst))


def in_proces(soort: str, url: str, prefix: str, seconden: float) -> dict[str, float]:
    uit = grens.draai(
        [sys.executable, "-m", "bench.leesmodellen", "--meting", soort, "--database-url", url, "--prefix", prefix],
        seconden=seconden,
        naam=f"{soort} measurement",
    )
    resultaat: dict[str, float] = json.loads(uit.strip().splitlines()[-1])
    return resultaat


SOORTEN = ("raw", "herbouw", "ontleden")
"""The measuring processes: read + decode (the floor), the rebuild, and read + orjson parse (a lower floor)."""


def herbouw_tegen_raw(url: str, prefix: str, totaal: int, rondes: int, seconden: float) -> str:
    """Raw, rebuild and read+parse in turns (the order rotating each round), so that the load of a shared
    machine hits them alike; the medians, the ratios' ranges over the rounds, and the processes' CPU seconds.

    The floor is the raw read + decode, what every reader of the store pays; the ratio against reading and
    only parsing the JSON (orjson, no domain events) is printed beside it."""
    metingen: dict[str, list[dict[str, float]]] = {soort: [] for soort in SOORTEN}
    for ronde in range(rondes):
        for soort in SOORTEN[ronde % 3 :] + SOORTEN[: ronde % 3]:
            metingen[soort].append(in_proces(soort, url, prefix, seconden))
    aantallen = {m["events"] for reeks in metingen.values() for m in reeks}
    if len(aantallen) != 1:
        raise RuntimeError(f"the passes read different numbers of events: {sorted(aantallen)}")
    tempo = {soort: [m["events"] / m["seconden"] for m in reeks] for soort, reeks in metingen.items()}
    mediaan = {soort: statistics.median(reeks) for soort, reeks in tempo.items()}
    cpu = {soort: statistics.median(m["cpu"] for m in reeks) for soort, reeks in metingen.items()}

    def verhouding(vloer: str) -> str:
        rondes_ = sorted(h / r for r, h in zip(tempo[vloer], tempo["herbouw"], strict=True))
        return (
            f"ratio {mediaan['herbouw'] / mediaan[vloer]:.2f} (rounds {rondes_[0]:.2f}-{rondes_[-1]:.2f}; "
            f"CPU {cpu[vloer] / cpu['herbouw']:.2f})"
        )

    return (
        f"{totaal:>9} events | raw read+decode {mediaan['raw']:>8.0f}/s | rebuild {mediaan['herbouw']:>7.0f}/s "
        f"({statistics.median(m['seconden'] for m in metingen['herbouw']):.1f} s) | {verhouding('raw')}, "
        f"target >= 0.5 | read+parse only (orjson) {mediaan['ontleden']:>8.0f}/s, rebuild against it "
        f"{verhouding('ontleden')} | peak RSS rebuild {max(m['rss_mb'] for m in metingen['herbouw']):.0f} MB, "
        f"raw {max(m['rss_mb'] for m in metingen['raw']):.0f} MB | "
        f"CPU of the measuring process: rebuild {cpu['herbouw']:.1f} s, raw {cpu['raw']:.1f} s, "
        f"read+parse {cpu['ontleden']:.1f} s | load {belasting()}"
    )


def meet(url: str, klein: int, groot: int, rondes: int, seconden: float, per_seconde: int) -> None:
    prefix = f"lm{uuid.uuid4().hex[:6]}_"
    container = bootstrap(_settings(url, prefix))
    try:
        gedaan = 0
        for doel in (klein, groot):
            start = time.perf_counter()
            gedaan += vul(container.stores, container.profielen, doel - gedaan, seed=doel)
            print(f"generated {gedaan} events ({(time.perf_counter() - start):.0f} s)", flush=True)
            print(herbouw_tegen_raw(url, prefix, gedaan, rondes, MEETTIJD), flush=True)
        print(versheid(url, seconden, per_seconde), flush=True)
    finally:
        container.close()
        verwijder_schemas(url, prefix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--klein", type=int, default=100_000)
    parser.add_argument("--rondes", type=int, default=3, help="Rounds of raw and rebuild at each size.")
    parser.add_argument("--seconden", type=float, default=30.0, help="Duration of the freshness run.")
    parser.add_argument("--per-seconde", type=int, default=100, help="Commands per second in the freshness run.")
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    grens.limiet_optie(parser, LIMIET)
    parser.add_argument("--meting", choices=SOORTEN, help=argparse.SUPPRESS)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.meting:
        meting(args.meting, args.database_url, args.prefix)
        return
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        meet(url, args.klein, args.events, args.rondes, args.seconden, args.per_seconde)


if __name__ == "__main__":
    main()
