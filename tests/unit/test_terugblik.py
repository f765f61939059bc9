"""Looking back: which events a moment or a version takes, the day of a moment, and reading a store up to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.terugblik import (
    MARGE,
    NogNietVastgelegd,
    Tijdgrens,
    VersieBuitenHistorie,
    dag_van,
    einde_van_dag,
    in_zone,
    tot_moment,
    tot_versie,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Event:
    originator_version: int
    timestamp: datetime


def historie(*minuten: int) -> list[Event]:
    return [Event(versie, T0 + timedelta(minutes=m)) for versie, m in enumerate(minuten, start=1)]


def test_een_moment_neemt_de_events_tot_en_met_dat_moment() -> None:
    events = historie(0, 10, 20)
    assert tot_moment(events, T0 + timedelta(minutes=10)) == events[:2]
    assert tot_moment(events, T0 + timedelta(minutes=9, seconds=59)) == events[:1]
    assert tot_moment(events, T0 + timedelta(days=1)) == events


def test_een_moment_neemt_een_begin_van_de_historie_nooit_een_event_na_een_gat() -> None:
    """An event recorded after the moment ends the replay, even if a later one carries an earlier time."""
    events = historie(0, 30, 5)
    assert tot_moment(events, T0 + timedelta(minutes=10)) == events[:1]


def test_een_moment_voor_het_eerste_event_zegt_wanneer_dat_kwam() -> None:
    events = historie(10, 20)
    with pytest.raises(NogNietVastgelegd) as fout:
        tot_moment(events, T0)
    assert (fout.value.moment, fout.value.eerste) == (T0, T0 + timedelta(minutes=10))
    assert str(fout.value) == (
        "nothing was recorded yet at 2026-12-01T09:00:00+00:00; the first event at 2026-12-01T09:10:00+00:00"
    )
    assert tot_moment(events, T0 + timedelta(minutes=10)) == events[:1]


@pytest.mark.parametrize(("versie", "aantal"), [(1, 1), (2, 2), (3, 3)])
def test_een_versie_neemt_de_events_tot_en_met_die_versie(versie: int, aantal: int) -> None:
    events = historie(0, 10, 20)
    assert tot_versie(events, versie) == events[:aantal]


def test_een_lege_historie_heeft_geen_versie() -> None:
    with pytest.raises(VersieBuitenHistorie) as fout:
        tot_versie([], 1)
    assert fout.value.laatste == 0


@pytest.mark.parametrize("versie", [0, -1, 4, 10**30])
def test_een_versie_buiten_de_historie_noemt_de_laatste(versie: int) -> None:
    with pytest.raises(VersieBuitenHistorie) as fout:
        tot_versie(historie(0, 10, 20), versie)
    assert (fout.value.versie, fout.value.laatste) == (versie, 3)
    assert str(fout.value) == f"there is no version {versie}: the versions are 1 to 3"


def test_een_moment_zonder_tijdzone_is_een_tijd_in_de_gegeven_zone() -> None:
    winter = in_zone(datetime(2026, 12, 1, 12, 0), AMSTERDAM)
    assert winter == datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
    assert winter.isoformat() == "2026-12-01T12:00:00+01:00"
    zomer = in_zone(datetime(2026, 7, 1, 12, 0), AMSTERDAM)
    assert zomer == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    londen = in_zone(datetime(2026, 12, 1, 12, 0), ZoneInfo("Europe/London"))
    assert londen.isoformat() == "2026-12-01T12:00:00+00:00"
    met_zone = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert in_zone(met_zone, AMSTERDAM) is met_zone


def test_een_uur_dat_twee_keer_voorkomt_is_het_eerste() -> None:
    """25 October 2026, 02:30 happens in summer time and again in winter time: the first is meant."""
    gelezen = in_zone(datetime(2026, 10, 25, 2, 30), AMSTERDAM)
    assert gelezen == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert gelezen.isoformat() == "2026-10-25T02:30:00+02:00"


def test_de_dag_van_een_moment_is_die_in_de_zone() -> None:
    assert dag_van(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), AMSTERDAM) == date(2026, 12, 1)
    assert dag_van(datetime(2026, 12, 1, 22, 59, tzinfo=UTC), AMSTERDAM) == date(2026, 12, 1)
    assert dag_van(datetime(2026, 12, 1, 23, 0, tzinfo=UTC), AMSTERDAM) == date(2026, 12, 2)
    assert dag_van(datetime(2026, 12, 1, 23, 30), AMSTERDAM) == date(2026, 12, 1)


def test_het_einde_van_een_dag_is_het_laatste_moment_voor_middernacht_in_de_zone() -> None:
    einde = einde_van_dag(date(2026, 12, 1), AMSTERDAM)
    assert einde.astimezone(UTC) == datetime(2026, 12, 1, 22, 59, 59, 999999, tzinfo=UTC)
    assert dag_van(einde, AMSTERDAM) == date(2026, 12, 1)
    assert dag_van(einde + timedelta(microseconds=1), AMSTERDAM) == date(2026, 12, 2)
    zomer = einde_van_dag(date(2026, 7, 1), AMSTERDAM)
    assert zomer.astimezone(UTC) == datetime(2026, 7, 1, 21, 59, 59, 999999, tzinfo=UTC)


def test_de_tijdgrens_neemt_per_aggregaat_een_begin_van_zijn_historie() -> None:
    grens = Tijdgrens(T0)
    a, b = uuid4(), uuid4()
    assert grens.neemt(a, T0 - timedelta(minutes=5))
    assert grens.neemt(b, T0)
    assert not grens.neemt(a, T0 + timedelta(seconds=1))
    assert not grens.neemt(a, T0 - timedelta(seconds=1)), "after its first event past the moment, none of a's"
    assert grens.neemt(b, T0 - timedelta(seconds=1)), "b had none past the moment: appended late, recorded in time"


def test_de_tijdgrens_leest_door_tot_een_event_ruim_na_het_moment() -> None:
    grens = Tijdgrens(T0)
    assert not grens.uitgelezen(T0 + timedelta(minutes=1))
    assert not grens.uitgelezen(T0 + MARGE)
    assert grens.uitgelezen(T0 + MARGE + timedelta(microseconds=1))
    assert Tijdgrens(T0, timedelta(0)).uitgelezen(T0 + timedelta(microseconds=1))
