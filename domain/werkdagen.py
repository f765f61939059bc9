"""Working days: weekdays that are not Dutch public holidays."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

# The calendar library also lists Good Friday, which is no general day off in the
# Netherlands; the teams' norms count it as a working day.
_GEEN_VRIJE_DAG = frozenset({"Good Friday"})


@lru_cache(maxsize=64)
def _feestdagen(jaar: int) -> frozenset[date]:
    kalender = holidays.country_holidays("NL", years=jaar, language="en_US")
    return frozenset(dag for dag, naam in kalender.items() if naam not in _GEEN_VRIJE_DAG)


def is_feestdag(dag: date) -> bool:
    return dag in _feestdagen(dag.year)


def is_werkdag(dag: date) -> bool:
    return dag.weekday() < 5 and not is_feestdag(dag)


def plus_werkdagen(start: date, aantal: int) -> date:
    """The date `aantal` working days after `start` (start itself not counted)."""
    dag = start
    while aantal > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            aantal -= 1
    return dag


def volgende_werkdag(dag: date) -> date:
    return plus_werkdagen(dag, 1)


def werkdagen_tussen(start: date, eind: date) -> int:
    """Working days after `start` up to and including `eind` (negative if eind < start)."""
    if eind < start:
        return -werkdagen_tussen(eind, start)
    return sum(1 for n in range(1, (eind - start).days + 1) if is_werkdag(start + timedelta(n)))


def plus_maanden(start: date, maanden: int) -> date:
    """The same day `maanden` later, clipped to the month's last day."""
    index = start.month - 1 + maanden
    jaar, maand = start.year + index // 12, index % 12 + 1
    return date(jaar, maand, min(start.day, calendar.monthrange(jaar, maand)[1]))
