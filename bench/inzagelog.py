"""The access log's cost: reads of a case (GET /regios/{regio}/casussen/{id}) under concurrent load, with the
access log recording each one (its commit awaited before the answer) and, in the same run, without it.

    python -m bench.inzagelog [--casussen 200] [--seconden 10] [--tegelijk 32] [--rondes 3]
                              [--database-url URL]

The service runs in its own process (uvicorn, as `doorbraak serve`); the load comes from wrk (Debian's package;
installed by `./dev bench-inzagelog` when missing; `bench/wrk/lezen.lua`): `--tegelijk` connections each reading
a random case, one read after another, for `--seconden`. The rounds alternate without
and with the log, so a drift of the machine weighs on both. Prints reads/s, p50 and p99 per round, the ratio
of each pair of rounds and of the medians (target: at least 0.8), how many reads one INSERT of the log carried
on average, the CPU time per read of the service process, of PostgreSQL and of the load generator (less moved by
other work on the machine than the rates), and the machine's load.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from adapters.bootstrap import bootstrap
from adapters.embedded import vrije_poort
from adapters.http import voorbeelden
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from bench import grens, laden
from bench.cpu import cpu_seconden, database_cpu_seconden, kinderen_cpu_seconden, postmaster
from bench.servers import postgres, verwijder_schemas
from domain.rollen import Rol
from domain.waarden import Aanmelding, Herkomst, Persoonsgegevens

REGIO = "hart-van-brabant"
SLEUTEL = "bench-sleutel-van-minstens-tweeendertig-tekens"
LUA = Path(__file__).parent / "wrk" / "lezen.lua"


def _settings(url: str, prefix: str) -> Settings:
    return Settings(
        _env_file=None, database_url=url, schema_prefix=prefix, regios=[REGIO], jwt_sleutel=SLEUTEL, pool_size=8
    )


def vul(url: str, prefix: str, aantal: int) -> list[str]:
    container = bootstrap(_settings(url, prefix))
    try:
        dienst = container.regio(REGIO)
        herkomst = Herkomst(actor="bench", rol="aanmelder")
        gegevens = Aanmelding.model_validate(voorbeelden.AANMELDING["aanmelding"])
        persoon = Persoonsgegevens.model_validate(voorbeelden.AANMELDING["persoonsgegevens"])
        return [str(dienst.meld_aan(gegevens, persoon, herkomst).casus.id) for _ in range(aantal)]
    finally:
        container.close()


# --- the service, in its own process -------------------------------------------------------------


class _GeenLog:
    """An access log that records nothing: the floor to compare with."""

    async def leg_vast(self, _toegang: object) -> int:
        return 0


def dienst(url: str, prefix: str, poort: int, met_log: bool) -> None:
    """Entry point of the service's process; prints the access log's counters as one JSON line at the end."""
    import uvicorn

    from adapters.http.app import maak_app
    from adapters.inzagelog import Inzagelogs
    from adapters.runtime import stem_gc_af

    stem_gc_af()
    if not met_log:
        Inzagelogs.voor = lambda self, regio, netwerk: _GeenLog()  # type: ignore[assignment,method-assign,return-value]
    container = bootstrap(_settings(url, prefix))
    app = maak_app(container)
    uvicorn.run(app, host="127.0.0.1", port=poort, log_level="warning", access_log=False, server_header=False)
    logs = app.state.inzagelogs
    log = logs.regios[REGIO]
    print(json.dumps({"batches": log.batches, "rijen": log.rijen}))
    container.close()


# --- the load ---------------------------------------------------------------------------------------


def wrk(url: str, token: str, casussen: Path, verbindingen: int, seconden: float) -> dict[str, float]:
    """One run of wrk (2 threads) reading random cases; its figures. A read that failed or answered other than
    200 ends the benchmark."""
    args = [
        laden.wrk_pad("inzagelog"), "--threads", "2", "--connections", str(verbindingen),
        "--duration", f"{seconden:g}s", "--timeout", "10s", "--script", str(LUA), url, "--", token, str(casussen),
    ]  # fmt: skip
    uit = grens.draai(args, seconden=seconden + 60, naam="wrk")
    figuren = laden.uitkomst(uit, "wrk")
    if figuren["fouten"] or figuren["niet_200"]:
        raise RuntimeError(f"reads failed or answered other than 200: {figuren}")
    return figuren


def ronde(
    url: str, prefix: str, casussen: Path, met_log: bool, seconden: float, tegelijk: int, database: int
) -> dict[str, Any]:
    """One round: the service (with or without its log) started, warmed up by a short run of wrk (connections,
    caches, prepared statements), then `tegelijk` connections reading random cases for `seconden`; reads/s,
    p50, p99, and the CPU per read of the service, of PostgreSQL (`database`: its postmaster's pid) and of wrk,
    all over the measured run only."""
    poort = vrije_poort()
    token = maak_token(Gebruiker(naam="bench", rol=Rol.TRIAGIST, regios=(REGIO,)), SLEUTEL, "doorbraak")
    adres = f"http://127.0.0.1:{poort}/regios/{REGIO}/casussen"
    with tempfile.TemporaryFile("w+") as logboek:  # a file, not a pipe: a full pipe would stop the service
        proces = grens.start(
            [sys.executable, "-m", "bench.inzagelog", "--dienst", "--database-url", url, "--prefix", prefix]
            + ["--poort", str(poort)]
            + (["--met-log"] if met_log else []),
            stdout=subprocess.PIPE,
            stderr=logboek,
            text=True,
        )
        try:
            grens.wacht_op_dienst(proces, poort, 60)
            wrk(adres, token, casussen, 4, 2)
            dienst, db, lader = cpu_seconden(proces.pid), database_cpu_seconden(database), kinderen_cpu_seconden()
            w = wrk(adres, token, casussen, tegelijk, seconden)
            per_lezing = 1000 / max(w["verzoeken"], 1)
            uitkomst: dict[str, Any] = {
                "lezingen": w["verzoeken"],
                "per_seconde": w["verzoeken"] / (w["duur_us"] / 1e6),
                "p50_ms": w["p50_us"] / 1000,
                "p99_ms": w["p99_us"] / 1000,
                "cpu_ms_per_lezing": (cpu_seconden(proces.pid) - dienst) * per_lezing,
                "db_ms_per_lezing": (database_cpu_seconden(database) - db) * per_lezing,
                "lader_ms_per_lezing": (kinderen_cpu_seconden() - lader) * per_lezing,
            }
        except Exception as fout:
            logboek.seek(0)
            status = proces.poll()
            wat = "the service" if status is not None else "a round (the service still ran)"
            raise grens.WerkerMislukt(wat, status or 0, f"{logboek.read()}\n{fout!r}") from fout
        finally:
            proces.send_signal(2)  # SIGINT: uvicorn stops gracefully
            uit, _ = proces.communicate(timeout=60)
    regels = [r for r in uit.splitlines() if r.startswith("{")]
    if regels:
        uitkomst |= json.loads(regels[-1])
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--casussen", type=int, default=200)
    parser.add_argument("--seconden", type=float, default=10.0)
    parser.add_argument("--tegelijk", type=int, default=32)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    parser.add_argument("--dienst", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--met-log", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    parser.add_argument("--poort", type=int, help=argparse.SUPPRESS)
    grens.limiet_optie(parser, 900)
    args = parser.parse_args()
    if args.dienst:
        dienst(args.database_url, args.prefix, args.poort, args.met_log)
        return
    laden.wrk_pad("inzagelog")
    with grens.begrensd(args.limiet), postgres(args.database_url) as url, tempfile.TemporaryDirectory() as werkmap:
        prefix = f"inzage{uuid.uuid4().hex[:6]}_"
        uitslagen: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
        try:
            ids = vul(url, prefix, args.casussen)
            casussen = Path(werkmap) / "casussen.txt"
            casussen.write_text("".join(f"{casus_id}\n" for casus_id in ids))
            print(f"{len(ids)} cases in {REGIO}; wrk with {args.tegelijk} connections, {args.seconden:g} s per round")
            database = postmaster(url)
            for _ in range(args.rondes):
                for met_log in (False, True):
                    uitslag = ronde(url, prefix, casussen, met_log, args.seconden, args.tegelijk, database)
                    uitslagen[met_log].append(uitslag)
                    soort = "with access log   " if met_log else "without access log"
                    extra = (
                        f" | {uitslag['rijen']} rows in {uitslag['batches']} INSERTs "
                        f"({uitslag['rijen'] / max(uitslag['batches'], 1):.1f} reads per commit)"
                        if met_log and "rijen" in uitslag
                        else ""
                    )
                    print(
                        f"{soort}: {uitslag['per_seconde']:7.0f} reads/s | p50 {uitslag['p50_ms']:6.1f} ms "
                        f"| p99 {uitslag['p99_ms']:6.1f} ms "
                        f"| CPU per read: service {uitslag['cpu_ms_per_lezing']:.2f} ms, "
                        f"PostgreSQL {uitslag['db_ms_per_lezing']:.2f}, load generator "
                        f"{uitslag['lader_ms_per_lezing']:.2f}{extra}"
                    )
        finally:
            verwijder_schemas(url, prefix)
        zonder = statistics.median(u["per_seconde"] for u in uitslagen[False])
        met = statistics.median(u["per_seconde"] for u in uitslagen[True])
        paren = [m["per_seconde"] / z["per_seconde"] for z, m in zip(uitslagen[False], uitslagen[True], strict=True)]
        cpu_zonder = statistics.median(u["cpu_ms_per_lezing"] for u in uitslagen[False])
        cpu_met = statistics.median(u["cpu_ms_per_lezing"] for u in uitslagen[True])
        db_zonder = statistics.median(u["db_ms_per_lezing"] for u in uitslagen[False])
        db_met = statistics.median(u["db_ms_per_lezing"] for u in uitslagen[True])
        print(
            f"CPU per read (medians): the service {cpu_zonder:.2f} ms without, {cpu_met:.2f} ms with the access log; "
            f"PostgreSQL {db_zonder:.2f} ms without, {db_met:.2f} ms with"
        )
        print(f"ratio of each round's pair: {', '.join(f'{r:.2f}' for r in paren)}")
        print(f"ratio with/without access log (medians): {met / zonder:.2f} (target >= 0.8)")
        print(f"load average at the end: {', '.join(f'{b:.1f}' for b in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
