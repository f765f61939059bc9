"""The load generator of the HTTP benchmarks: wrk (Debian's package, installed by `./dev bench-...`), run with a
script of `bench/wrk/` that prints its figures on one line: `wrk-uitkomst naam=waarde ...`."""

from __future__ import annotations

import shutil
import sys

from bench import grens


def wrk_pad(benchmark: str) -> str:
    """wrk's path; when it is missing, ends the run saying how to install it (`benchmark`: e.g. `http`)."""
    pad = shutil.which("wrk")
    if pad is None:
        sys.exit(
            f"bench.{benchmark}: wrk is missing: install it (Debian: apt-get install -y wrk) "
            f"or run ./dev bench-{benchmark}"
        )
    return pad


def uitkomst(uit: str, naam: str) -> dict[str, float]:
    """The figures of the `wrk-uitkomst` line in wrk's output `uit`; a run without one raises `WerkerMislukt`."""
    regel = next((r for r in uit.splitlines() if r.startswith("wrk-uitkomst ")), None)
    if regel is None:
        raise grens.WerkerMislukt(naam, 0, uit)
    return {k: float(v) for k, v in (d.split("=") for d in regel.split()[1:])}
