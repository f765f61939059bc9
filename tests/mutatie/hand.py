"""Runs the hand-made mutants: each applied to a private copy of the repository, then `pytest tests/unit -x -q`.

A mutant is killed when a unit test fails. Each mutant runs first against the unit tests of the domain
alone (the files of tests/unit that import none of the HTTP layer, projections or services) and, only when
those all pass, against the whole of tests/unit: the verdict is the whole suite's, the killed mutants
(nearly all) pay only for the quick part.

The unit tests run in a process forked from this one after it imported the heavy third-party libraries
(pytest and its plugins, pydantic, FastAPI, ...) but none of the project's own packages, so each run
imports the mutated code fresh and pays only for the project's own imports. The copies are made once per
worker and each mutated file is put back after its run. The copies keep their bytecode between runs, but
the mutated file's is removed whenever the file is written, so neither a mutant nor the restored original
(which may have the same size and mtime) is ever served from a stale cache.
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from tests.mutatie.handgemaakt import Mutant

EIGEN_PAKKETTEN = frozenset({"domain", "services", "adapters", "projections", "tests", "bench"})
VOORAF = (
    "pytest", "_pytest.assertion.rewrite", "pytest_asyncio", "hypothesis", "schemathesis", "pydantic",
    "pydantic_settings", "fastapi", "fastapi.testclient", "starlette", "httpx", "eventsourcing.domain",
    "eventsourcing.application", "eventsourcing.persistence", "eventsourcing.postgres", "holidays", "psycopg",
    "psycopg_pool", "asyncpg", "nats", "typer", "jwt", "uvicorn", "prometheus_client", "orjson", "yaml",
    "holidays.countries.netherlands",
)  # fmt: skip
NIET_KOPIEREN = shutil.ignore_patterns(
    ".git", ".venv", "mutants", "__pycache__", ".*_cache", ".hypothesis", ".doorbraak", "*.egg-info", "build"
)
PYTEST = ("-x", "-q", "-p", "no:cacheprovider", "--assert=plain")
"""`--assert=plain`: a failing assert fails the same without pytest rewriting every test module each run."""
ZWAAR = ("adapters.http", "fastapi", "TestClient", "projections", "services")


@dataclass(frozen=True)
class Uitslag:
    mutant: Mutant
    status: str
    """`gedood`, `tijd-op` (killed by running too long), `overleefd`, `niet-gevonden` or `dubbelzinnig`."""
    regel: int
    seconden: float

    @property
    def gedood(self) -> bool:
        return self.status in {"gedood", "tijd-op"}


def voorladen() -> None:
    """Imports what every run needs and never changes, so that forked runs start warm."""
    eigen = [naam for naam in sys.modules if naam.split(".")[0] in EIGEN_PAKKETTEN - {"tests"}]
    if eigen:
        raise RuntimeError(f"the project's own modules are loaded already ({', '.join(sorted(eigen))})")
    plugins = [ingang.module for ingang in entry_points(group="pytest11")]
    for naam in [*VOORAF, *plugins]:
        try:
            importlib.import_module(naam)
        except ImportError:
            continue


def _plek(mutant: Mutant, wortel: Path) -> tuple[str, int]:
    """How often the original snippet occurs in its file, as a status, and the line of its first occurrence."""
    pad = wortel / mutant.bestand
    if not pad.is_file():
        return "niet-gevonden", 0
    tekst = pad.read_text()
    aantal = tekst.count(mutant.origineel)
    regel = tekst[: tekst.find(mutant.origineel)].count("\n") + 1 if aantal else 0
    return ("niet-gevonden", "", "dubbelzinnig")[min(aantal, 2)], regel


def snelle_tests(wortel: Path) -> list[str]:
    """The unit-test files that test the domain alone: quick to import, and where a mutant is most often caught."""
    return sorted(
        str(pad.relative_to(wortel))
        for pad in (wortel / "tests" / "unit").glob("test_*.py")
        if "from domain" in (tekst := pad.read_text()) and not any(zwaar in tekst for zwaar in ZWAAR)
    )


def _kind(kopie: Path, wortel: Path, tests: list[str]) -> None:
    """In the forked process: run `tests` of `kopie` and exit with pytest's code."""
    code = 70
    try:
        os.chdir(kopie)
        for naam in [n for n in sys.modules if n.split(".")[0] in EIGEN_PAKKETTEN]:
            del sys.modules[naam]
        sys.path[:] = [str(kopie), *(p for p in sys.path if Path(p or ".").resolve() != wortel)]
        stil = os.open(os.devnull, os.O_WRONLY)
        os.dup2(stil, 1)
        os.dup2(stil, 2)
        import pytest

        code = int(pytest.main([*PYTEST, *tests]))
    finally:
        os._exit(code)


@contextmanager
def kopieen(wortel: Path, aantal: int) -> Iterator[list[Path]]:
    with tempfile.TemporaryDirectory(prefix="doorbraak-mutanten-") as map_:
        paden = [Path(map_) / str(i) for i in range(aantal)]
        for pad in paden:
            shutil.copytree(wortel, pad, ignore=NIET_KOPIEREN, symlinks=True)
        yield paden


def _schrijf(kopie: Path, bestand: str, tekst: str) -> None:
    """Writes `bestand` in `kopie` and forgets its bytecode."""
    pad = kopie / bestand
    pad.write_text(tekst)
    for pyc in (pad.parent / "__pycache__").glob(f"{pad.stem}.*.pyc"):
        pyc.unlink()


def _start(kopie: Path, wortel: Path, tests: list[str]) -> int:
    pid = os.fork()
    if pid == 0:
        _kind(kopie, wortel, tests)
    return pid


def basislijn(kopie: Path, wortel: Path) -> tuple[int, float]:
    """The whole of tests/unit on the unmutated copy: exit code and seconds."""
    begin = time.monotonic()
    _, status = os.waitpid(_start(kopie, wortel, ["tests/unit"]), 0)
    return os.waitstatus_to_exitcode(status), time.monotonic() - begin


@dataclass
class _Run:
    mutant: Mutant
    kopie: Path
    regel: int
    begin: float
    heel: bool
    """False while the quick part runs, True for the whole suite."""


def draai(mutanten: tuple[Mutant, ...], wortel: Path, kopie_paden: list[Path], limiet: float) -> list[Uitslag]:
    """Every mutant applied in turn to a free copy; at most one run per copy at a time. A run that takes longer
    than `limiet` seconds is stopped and counts as killed (the mutant made the tests hang)."""
    snel = snelle_tests(wortel)
    uitslagen: list[Uitslag] = []
    vrij = list(kopie_paden)
    lopend: dict[int, _Run] = {}

    def klaar(run: _Run, status: str) -> None:
        _schrijf(run.kopie, run.mutant.bestand, (wortel / run.mutant.bestand).read_text())
        uitslagen.append(Uitslag(run.mutant, status, run.regel, time.monotonic() - run.begin))
        vrij.append(run.kopie)

    def oogst() -> None:
        """Waits until one run ends, and starts the whole suite for a mutant that passed the quick part."""
        while True:
            for pid, run in list(lopend.items()):
                gedaan, status = os.waitpid(pid, os.WNOHANG)
                if not gedaan and time.monotonic() - run.begin <= limiet:
                    continue
                del lopend[pid]
                if not gedaan:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    klaar(run, "tijd-op")
                    return
                code = os.waitstatus_to_exitcode(status)
                if not run.heel and code in {0, 5}:  # 5: pytest found no quick test
                    run.heel = True
                    lopend[_start(run.kopie, wortel, ["tests/unit"])] = run
                else:
                    klaar(run, "overleefd" if code == 0 else "gedood")
                return
            time.sleep(0.02)

    for mutant in mutanten:
        status, regel = _plek(mutant, wortel)
        if status:
            uitslagen.append(Uitslag(mutant, status, regel, 0.0))
            continue
        while not vrij:
            oogst()
        kopie = vrij.pop()
        origineel = (wortel / mutant.bestand).read_text()
        _schrijf(kopie, mutant.bestand, origineel.replace(mutant.origineel, mutant.gemuteerd, 1))
        lopend[_start(kopie, wortel, snel or ["tests/unit"])] = _Run(mutant, kopie, regel, time.monotonic(), not snel)
    while lopend:
        oogst()
    volgorde = {id(m): i for i, m in enumerate(mutanten)}
    return sorted(uitslagen, key=lambda u: volgorde[id(u.mutant)])
