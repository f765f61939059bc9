"""Reporting periods: a month, a quarter, a half-year, or any range of dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_VORM = re.compile(r"^([0-9]{4})(?:-([0-9]{2})|-Q([1-4])|-H([12]))?$")
EERSTE_JAAR, LAATSTE_JAAR = 2000, 2100
"""The years a report can cover."""


class OngeldigePeriode(ValueError):
    pass


@dataclass(frozen=True)
class Periode:
    van: date
    tot: date  # inclusive

    @property
    def naam(self) -> str:
        return f"{self.van.isoformat()}..{self.tot.isoformat()}"


def _maanden(jaar: int, eerste: int, laatste: int) -> Periode:
    return Periode(date(jaar, eerste, 1), date(jaar, laatste, calendar.monthrange(jaar, laatste)[1]))


def _binnen_bereik(jaar: int, wat: str) -> None:
    if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
        raise OngeldigePeriode(f"{wat} must lie in the years {EERSTE_JAAR} to {LAATSTE_JAAR}")


def lees_periode(periode: str | None, van: date | None, tot: date | None) -> Periode:
    """`2026` (year), `2026-11` (month), `2026-Q4`, `2026-H2`, or van/tot (both inclusive); 2000 to 2100."""
    if periode is None:
        if van is None or tot is None:
            raise OngeldigePeriode("give periode (2026-11, 2026-Q4, 2026-H2, 2026) or both van and tot")
        _binnen_bereik(van.year, "van")
        _binnen_bereik(tot.year, "tot")
        if tot < van:
            raise OngeldigePeriode("tot lies before van")
        return Periode(van, tot)
    if van is not None or tot is not None:
        raise OngeldigePeriode("give either periode or van/tot, not both")
    gevonden = _VORM.match(periode.strip())
    if not gevonden:
        raise OngeldigePeriode(f"{periode!r} is not a period (2026-11, 2026-Q4, 2026-H2, 2026)")
    jaar = int(gevonden[1])
    _binnen_bereik(jaar, "periode")
    if gevonden[2]:
        maand = int(gevonden[2])
        if not 1 <= maand <= 12:
            raise OngeldigePeriode(f"{periode!r}: no month {maand}")
        return _maanden(jaar, maand, maand)
    if gevonden[3]:
        kwartaal = int(gevonden[3])
        return _maanden(jaar, 3 * kwartaal - 2, 3 * kwartaal)
    if gevonden[4]:
        helft = int(gevonden[4])
        return _maanden(jaar, 6 * helft - 5, 6 * helft)
    return _maanden(jaar, 1, 12)
