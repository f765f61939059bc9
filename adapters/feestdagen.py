"""Dutch public holidays from the maintained `holidays` calendar library."""

from __future__ import annotations

from datetime import date

import holidays

from domain.werkdagen import Werkkalender

# The library also lists Good Friday, which is no general day off in the Netherlands.
_GEEN_VRIJE_DAG = frozenset({"Good Friday"})


def nederlandse_feestdagen(jaar: int) -> frozenset[date]:
    """New Year, Easter Monday, King's Day, Liberation Day (lustrum years), Ascension,
    Whit Monday, Christmas and Boxing Day (and the Sundays among them)."""
    kalender = holidays.country_holidays("NL", years=jaar, language="en_US")
    return frozenset(dag for dag, naam in kalender.items() if naam not in _GEEN_VRIJE_DAG)


def nederlandse_werkkalender() -> Werkkalender:
    return Werkkalender(nederlandse_feestdagen)
