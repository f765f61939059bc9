"""Working days: weekdays that are not public holidays of a given calendar."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache


class Werkkalender:
    """Counts working days against a holiday calendar (year -> holidays) passed in from outside."""

    def __init__(self, feestdagen: Callable[[int], Iterable[date]]) -> None:
        self._feestdagen_van = lru_cache(maxsize=64)(lambda jaar: frozenset(feestdagen(jaar)))
        self.plus_werkdagen = lru_cache(maxsize=65_536)(self._plus_werkdagen)  # type: ignore[method-assign]

    def is_feestdag(self, dag: date) -> bool:
        return dag in self._feestdagen_van(dag.year)

    def is_werkdag(self, dag: date) -> bool:
        return dag.weekday() < 5 and not self.is_feestdag(dag)

    def plus_werkdagen(self, start: date, aantal: int) -> date:
        """The date `aantal` working days after `start` (start itself not counted)."""
        return self._plus_werkdagen(start, aantal)

    def _plus_werkdagen(self, start: date, aantal: int) -> date:
        dag = start
        while aantal > 0:
            dag += timedelta(days=1)
            if self.is_werkdag(dag):
                aantal -= 1
        return dag

    def volgende_werkdag(self, dag: date) -> date:
        return self.plus_werkdagen(dag, 1)

    def werkdagen_tussen(self, start: date, eind: date) -> int:
        """Working days after `start` up to and including `eind` (negative if eind < start)."""
        if eind < start:
            return -self.werkdagen_tussen(eind, start)
        return sum(1 for n in range(1, (eind - start).days + 1) if self.is_werkdag(start + timedelta(n)))


@lru_cache(maxsize=65_536)
def plus_maanden(start: date, maanden: int) -> date:
    """The same day `maanden` later, clipped to the month's last day."""
    index = start.month - 1 + maanden
    jaar, maand = start.year + index // 12, index % 12 + 1
    return date(jaar, maand, min(start.day, calendar.monthrange(jaar, maand)[1]))
