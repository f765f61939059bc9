"""The unprivileged user an embedded PostgreSQL runs as when started by root, made once by whichever of two
processes starting at the same time gets there first."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from adapters import embedded


class Machine:
    """`pwd.getpwnam` and `useradd` of a machine where another process makes the user after `na` of our tries."""

    def __init__(self, na: int | None, code: int = 9) -> None:
        self.na, self.code, self.pogingen = na, code, 0

    def getpwnam(self, naam: str) -> Any:
        if self.na is not None and self.pogingen >= self.na:
            return object()
        raise KeyError(naam)

    def run(self, args: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        assert args[0] == "useradd" and args[-1] == embedded.ONBEVOORRECHTE_GEBRUIKER
        self.pogingen += 1
        return subprocess.CompletedProcess(args, self.code, "", "useradd: cannot lock /etc/passwd")


@pytest.fixture
def als_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded.os, "geteuid", lambda: 0)
    monkeypatch.setattr(embedded.time, "sleep", lambda _: None)


def machine(monkeypatch: pytest.MonkeyPatch, na: int | None, code: int = 9) -> Machine:
    m = Machine(na, code)
    monkeypatch.setattr(embedded.pwd, "getpwnam", m.getpwnam)
    monkeypatch.setattr(embedded.subprocess, "run", m.run)
    return m


@pytest.mark.usefixtures("als_root")
@pytest.mark.parametrize("code", [9, 10])
def test_een_useradd_die_faalt_omdat_een_ander_de_gebruiker_maakt_wordt_opnieuw_bekeken(
    monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    m = machine(monkeypatch, na=2, code=code)
    assert embedded._als_gebruiker() == embedded.ONBEVOORRECHTE_GEBRUIKER
    assert m.pogingen == 2


@pytest.mark.usefixtures("als_root")
def test_een_gebruiker_die_er_al_is_wordt_niet_gemaakt(monkeypatch: pytest.MonkeyPatch) -> None:
    m = machine(monkeypatch, na=0)
    assert embedded._als_gebruiker() == embedded.ONBEVOORRECHTE_GEBRUIKER
    assert m.pogingen == 0


@pytest.mark.usefixtures("als_root")
def test_een_useradd_die_blijft_falen_zegt_waarom(monkeypatch: pytest.MonkeyPatch) -> None:
    machine(monkeypatch, na=None, code=1)
    with pytest.raises(RuntimeError, match="cannot lock /etc/passwd"):
        embedded._als_gebruiker(wachttijd=0.0)


def test_zonder_root_geen_gebruiker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded.os, "geteuid", lambda: 1000)
    assert embedded._als_gebruiker() is None
