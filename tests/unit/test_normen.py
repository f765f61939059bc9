"""Norms are due dates: met, pending, or overdue now; never a refusal."""

from datetime import date

from domain.casus import Casus
from domain.normen import Norm, NormStatus, normstatussen
from domain.regioprofiel import Normtermijnen, RegioProfiel
from domain.werkdagen import Werkkalender
from tests.unit.conftest import (
    HERKOMST,
    ZESWEKELIJKS,
    advies,
    afsluitformulier,
    evaluatie,
    nieuwe_casus,
    overleg,
    triage,
)

NORMEN = Normtermijnen()


def per_norm(
    casus: Casus, kalender: Werkkalender, vandaag: date, normen: Normtermijnen = NORMEN
) -> dict[Norm, NormStatus]:
    return {s.norm: s for s in normstatussen(casus, normen, kalender, vandaag)}


def test_triage_binnen_5_werkdagen(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 20))  # a Friday
    status = per_norm(casus, kalender, date(2026, 11, 27))[Norm.TRIAGE]
    assert status.deadline == date(2026, 11, 27)
    assert (status.voldaan_op, status.gehaald, status.te_laat) == (None, None, False)
    assert per_norm(casus, kalender, date(2026, 11, 30))[Norm.TRIAGE].te_laat


def test_triage_termijn_over_feestdagen(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 12, 24))
    assert per_norm(casus, kalender, date(2026, 12, 24))[Norm.TRIAGE].deadline == date(2027, 1, 4)


def test_te_late_triage_wordt_vastgelegd_niet_geweigerd(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 20), herkomst=HERKOMST)
    status = per_norm(casus, kalender, date(2026, 11, 23))[Norm.TRIAGE]
    assert (status.voldaan_op, status.gehaald, status.te_laat) == (date(2026, 11, 20), False, False)


def test_overleg_binnen_14_dagen_na_aanmelding(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    status = per_norm(casus, kalender, date(2026, 11, 17))[Norm.OVERLEG]
    assert status.deadline == date(2026, 11, 16)
    assert status.te_laat
    casus.plan_overleg(overleg(date(2026, 11, 12)), op=date(2026, 11, 4), herkomst=HERKOMST)
    before = per_norm(casus, kalender, date(2026, 11, 11))[Norm.OVERLEG]
    assert (before.voldaan_op, before.te_laat) == (None, False)  # planned, not yet held
    after = per_norm(casus, kalender, date(2026, 11, 12))[Norm.OVERLEG]
    assert (after.voldaan_op, after.gehaald) == (date(2026, 11, 12), True)


def test_werkstroom_a_telt_vanaf_de_plaatsing(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 10), werkstroom="A", plaatsingsdatum=date(2026, 11, 1))
    status = per_norm(casus, kalender, date(2026, 11, 10))[Norm.OVERLEG]
    assert status.deadline == date(2026, 11, 15)
    assert "plaatsing" in status.termijn


def test_normen_per_regio_te_overschrijven(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    assert per_norm(casus, kalender, date(2026, 11, 2), ZESWEKELIJKS)[Norm.OVERLEG].deadline == date(2026, 12, 14)


def test_geen_overlegnorm_als_de_casus_niet_aan_tafel_komt(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel)
    casus.trieer(triage("teruggelegd"), op=date(2026, 11, 3), herkomst=HERKOMST)
    assert set(per_norm(casus, kalender, date(2026, 12, 1))) == {Norm.TRIAGE}


def test_advies_de_volgende_werkdag_verzonden(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 13)), op=date(2026, 11, 4), herkomst=HERKOMST)  # a Friday
    pending = per_norm(casus, kalender, date(2026, 11, 17))[Norm.ADVIES_VERZONDEN]
    assert pending.deadline == date(2026, 11, 16)
    assert pending.te_laat
    casus.breng_advies_uit(advies(date(2027, 2, 1)), op=date(2026, 11, 17), herkomst=HERKOMST)
    status = per_norm(casus, kalender, date(2026, 11, 17))[Norm.ADVIES_VERZONDEN]
    assert (status.voldaan_op, status.gehaald, status.te_laat) == (date(2026, 11, 17), False, False)


def test_evaluatie_binnen_3_maanden(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 12)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.breng_advies_uit(advies(date(2027, 3, 1)), op=date(2026, 11, 13), herkomst=HERKOMST)
    status = per_norm(casus, kalender, date(2027, 2, 14))[Norm.EVALUATIE]
    assert (status.deadline, status.te_laat) == (date(2027, 2, 13), True)
    casus.leg_evaluatie_vast(evaluatie(date(2027, 2, 10)), op=date(2027, 2, 14), herkomst=HERKOMST)
    status = per_norm(casus, kalender, date(2027, 2, 14))[Norm.EVALUATIE]
    assert (status.voldaan_op, status.gehaald, status.te_laat) == (date(2027, 2, 10), True, False)


def test_een_gesloten_casus_is_nergens_te_laat(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.sluit_af(afsluitformulier(reden="ingetrokken"), op=date(2026, 11, 3), herkomst=HERKOMST)
    assert not any(s.te_laat for s in normstatussen(casus, NORMEN, kalender, date(2027, 1, 1)))


def test_een_termijn_voorbij_het_eind_van_de_kalender_heeft_geen_datum(kalender: Werkkalender) -> None:
    """A date near year 9999, stored before dates were bounded, gives no due date rather than an error."""
    from types import SimpleNamespace

    from domain.normen import deadline

    ronde = SimpleNamespace(
        werkstroom="A",
        heropend=False,
        ronde_start=date(9999, 12, 30),
        plaatsingsdatum=date(9999, 12, 30),
        laatste_overleg=date(9999, 12, 31),
        advies_op=date(9999, 12, 1),
    )
    assert [deadline(norm, ronde, NORMEN, kalender) for norm in Norm] == [None, None, None, None]  # type: ignore[arg-type]
    ronde.ronde_start = date(2026, 11, 20)
    assert deadline(Norm.TRIAGE, ronde, NORMEN, kalender) == date(2026, 11, 27)  # type: ignore[arg-type]
