from datetime import date

import pytest

from domain.werkdagen import Werkkalender, plus_maanden


@pytest.mark.parametrize(
    ("dag", "feestdag"),
    [
        (date(2026, 1, 1), True),  # Nieuwjaarsdag
        (date(2026, 4, 6), True),  # Tweede paasdag
        (date(2026, 4, 27), True),  # Koningsdag
        (date(2025, 5, 5), True),  # Bevrijdingsdag in a lustrum year
        (date(2026, 5, 5), False),  # ... and not in other years
        (date(2026, 5, 14), True),  # Hemelvaartsdag
        (date(2026, 5, 25), True),  # Tweede pinksterdag
        (date(2026, 12, 25), True),
        (date(2026, 12, 26), True),
        (date(2026, 4, 3), False),  # Goede Vrijdag is a working day
        (date(2026, 11, 23), False),
    ],
)
def test_nederlandse_feestdagen(kalender: Werkkalender, dag: date, feestdag: bool) -> None:
    assert kalender.is_feestdag(dag) is feestdag


def test_weekend_is_geen_werkdag(kalender: Werkkalender) -> None:
    assert not kalender.is_werkdag(date(2026, 11, 21))
    assert not kalender.is_werkdag(date(2026, 11, 22))
    assert kalender.is_werkdag(date(2026, 11, 23))


def test_plus_werkdagen_slaat_weekend_over(kalender: Werkkalender) -> None:
    assert kalender.plus_werkdagen(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday -> Monday
    assert kalender.plus_werkdagen(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_plus_werkdagen_slaat_pasen_en_koningsdag_over(kalender: Werkkalender) -> None:
    # Thursday 2 April 2026 + 5: Fri 3 (Good Friday counts), Tue 7, Wed 8, Thu 9, Fri 10.
    assert kalender.plus_werkdagen(date(2026, 4, 2), 5) == date(2026, 4, 10)
    # Friday 24 April + 1: Monday 27 is King's Day.
    assert kalender.volgende_werkdag(date(2026, 4, 24)) == date(2026, 4, 28)


def test_plus_werkdagen_over_kerst_en_nieuwjaar(kalender: Werkkalender) -> None:
    # Thursday 24 Dec 2026 + 5: Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan holiday), Mon 4 Jan.
    assert kalender.plus_werkdagen(date(2026, 12, 24), 5) == date(2027, 1, 4)


def test_werkdagen_tussen(kalender: Werkkalender) -> None:
    assert kalender.werkdagen_tussen(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert kalender.werkdagen_tussen(date(2026, 11, 27), date(2026, 11, 20)) == -5


def test_kalender_gebruikt_de_gegeven_feestdagen() -> None:
    kalender = Werkkalender(lambda jaar: {date(jaar, 11, 23)})
    assert kalender.volgende_werkdag(date(2026, 11, 20)) == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("start", "maanden", "verwacht"),
    [
        (date(2026, 11, 23), 3, date(2027, 2, 23)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
    ],
)
def test_plus_maanden(start: date, maanden: int, verwacht: date) -> None:
    assert plus_maanden(start, maanden) == verwacht
