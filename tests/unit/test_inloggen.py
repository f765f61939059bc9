"""The rules of signing in: passwords, accounts, the lock-out window and a session's expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.inloggen import (
    MAX_WACHTWOORD,
    Blokkadebeleid,
    Pogingen,
    Sessieduur,
    account_bezwaar,
    moet_bijgewerkt,
    wachtwoord_bezwaar,
)
from domain.rollen import RET_ROLLEN, Rol

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MINUUT = timedelta(minutes=1)
BELEID = Blokkadebeleid(max_pogingen=5, venster=15 * MINUUT, duur=15 * MINUUT)


def mislukt(keer: int, *, om: datetime = T0, tussen: timedelta = MINUUT, begin: Pogingen | None = None) -> Pogingen:
    pogingen = begin or Pogingen()
    for i in range(keer):
        pogingen = pogingen.na_mislukking(om + i * tussen, BELEID)
    return pogingen


def test_een_wachtwoord_heeft_een_minimale_en_een_maximale_lengte() -> None:
    assert wachtwoord_bezwaar("a" * 11, 12) == "Een wachtwoord heeft minstens 12 tekens."
    assert wachtwoord_bezwaar("a" * 12, 12) is None
    assert wachtwoord_bezwaar("a" * 8, 8) is None
    assert wachtwoord_bezwaar("a" * MAX_WACHTWOORD) is None
    assert "hoogstens" in (wachtwoord_bezwaar("a" * (MAX_WACHTWOORD + 1)) or "")


@pytest.mark.parametrize("wachtwoord", [" " * 12, "twaalf tekens\x00!", "met\ttab en meer", "del\x7fteken-en-meer"])
def test_geen_wachtwoord_van_spaties_of_stuurtekens(wachtwoord: str) -> None:
    assert wachtwoord_bezwaar(wachtwoord, 12) is not None


def test_een_lang_wachtwoord_met_spaties_en_accenten_mag() -> None:
    assert wachtwoord_bezwaar("één lange zin als wachtwoord", 12) is None


@pytest.mark.parametrize("rol", [*sorted(RET_ROLLEN), Rol.PRIVACY])
def test_een_teamrol_werkt_in_een_regio(rol: Rol) -> None:
    assert "regio" in (account_bezwaar(rol, (), ()) or "")
    assert account_bezwaar(rol, ("zeeland",), ()) is None


def test_het_kernteam_werkt_in_een_netwerk() -> None:
    assert "netwerk" in (account_bezwaar(Rol.KERNTEAM, ("zeeland",), ()) or "")
    assert account_bezwaar(Rol.KERNTEAM, (), ("brabant-zeeland",)) is None


@pytest.mark.parametrize("rol", [Rol.AUDITOR, Rol.BEHEERDER])
def test_auditor_en_beheerder_hebben_geen_eigen_regio(rol: Rol) -> None:
    assert account_bezwaar(rol, (), ()) is None
    assert account_bezwaar(rol, ("zeeland",), ()) is not None
    assert account_bezwaar(rol, (), ("brabant-zeeland",)) is not None


def test_vier_mislukkingen_blokkeren_niet_de_vijfde_wel() -> None:
    vier = mislukt(4)
    assert not vier.geblokkeerd(T0 + 4 * MINUUT)
    assert len(vier.mislukt) == 4
    vijf = vier.na_mislukking(T0 + 4 * MINUUT, BELEID)
    assert vijf.geblokkeerd(T0 + 4 * MINUUT)
    assert vijf.geblokkeerd_tot == T0 + 19 * MINUUT
    assert vijf.geblokkeerd(T0 + 19 * MINUUT - timedelta(microseconds=1))
    assert not vijf.geblokkeerd(T0 + 19 * MINUUT)


def test_mislukkingen_buiten_het_venster_tellen_niet() -> None:
    # one every four minutes: at most four fall within fifteen minutes
    pogingen = mislukt(20, tussen=4 * MINUUT)
    assert pogingen.geblokkeerd_tot is None
    assert len(pogingen.mislukt) == 4


def test_het_venster_schuift_mee() -> None:
    # four at once, then one fifteen minutes after the first: the first has left the window
    pogingen = mislukt(4, tussen=timedelta(seconds=1)).na_mislukking(T0 + 15 * MINUUT, BELEID)
    assert not pogingen.geblokkeerd(T0 + 15 * MINUUT)
    # the other three are still within fifteen minutes of the next one: five in the window
    assert pogingen.na_mislukking(T0 + 15 * MINUUT + timedelta(milliseconds=500), BELEID).geblokkeerd(T0 + 16 * MINUUT)


def test_proberen_tijdens_een_blokkade_verlengt_die_niet() -> None:
    geblokkeerd = mislukt(5)
    nog_eens = mislukt(10, om=T0 + 5 * MINUUT, begin=geblokkeerd)
    assert nog_eens.geblokkeerd_tot == geblokkeerd.geblokkeerd_tot


def test_na_een_blokkade_telt_het_opnieuw() -> None:
    geblokkeerd = mislukt(5)
    assert geblokkeerd.geblokkeerd_tot is not None
    daarna = geblokkeerd.na_mislukking(geblokkeerd.geblokkeerd_tot, BELEID)
    assert not daarna.geblokkeerd(geblokkeerd.geblokkeerd_tot)
    assert len(daarna.mislukt) == 1


def test_minuten_over_rondt_naar_boven_af() -> None:
    geblokkeerd = mislukt(5, tussen=timedelta(0))
    assert geblokkeerd.minuten_over(T0) == 15
    assert geblokkeerd.minuten_over(T0 + timedelta(minutes=14, seconds=1)) == 1
    assert geblokkeerd.minuten_over(T0 + 15 * MINUUT) == 0
    assert Pogingen().minuten_over(T0) == 0


def test_een_sessie_verloopt_na_inactiviteit() -> None:
    duur = Sessieduur(inactief=30 * MINUUT, maximaal=timedelta(hours=12))
    assert duur.geldig(T0, T0, T0 + 29 * MINUUT)
    assert not duur.geldig(T0, T0, T0 + 30 * MINUUT)
    assert duur.geldig(T0, T0 + 20 * MINUUT, T0 + 49 * MINUUT)


def test_een_sessie_verloopt_absoluut_hoe_actief_ook() -> None:
    duur = Sessieduur(inactief=30 * MINUUT, maximaal=timedelta(hours=12))
    laatst = T0 + timedelta(hours=11, minutes=59)
    assert duur.verloopt(T0, laatst) == T0 + timedelta(hours=12)
    assert not duur.geldig(T0, laatst, T0 + timedelta(hours=12))


def test_een_sessie_uit_de_toekomst_is_niet_geldig() -> None:
    assert not Sessieduur().geldig(T0, T0, T0 - MINUUT)


def test_laatste_gebruik_hoogstens_eens_per_minuut_bijgewerkt() -> None:
    assert not moet_bijgewerkt(T0, T0 + timedelta(seconds=59))
    assert moet_bijgewerkt(T0, T0 + MINUUT)
