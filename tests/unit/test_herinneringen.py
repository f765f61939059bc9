"""Reminders: a case's next open norm due within the region's horizon of working days, or overdue."""

from dataclasses import fields
from datetime import date
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from domain.herinneringen import Herinnering, herinnering, herinneringsdag, herinneringsgrens
from domain.normen import Norm, normstatussen
from domain.regioprofiel import RegioProfiel
from domain.werkdagen import Werkkalender
from tests.unit.conftest import HERKOMST, PROFIEL, nieuwe_casus, profiel_met, triage

CASUS = UUID("3f2a9c1e-0000-4000-8000-000000000001")
MAANDAG, WOENSDAG, DONDERDAG, VRIJDAG = date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 20)


def op(
    dag: date,
    deadline: date | None,
    kalender: Werkkalender,
    *,
    werkdagen: int = 2,
    norm: str | None = "triage",
    fase: str = "aangemeld",
) -> Herinnering | None:
    return herinnering("hart-van-brabant", CASUS, fase, norm, deadline, dag=dag, werkdagen=werkdagen, kalender=kalender)


def test_een_norm_binnen_de_horizon_geeft_een_herinnering(kalender: Werkkalender) -> None:
    h = op(MAANDAG, WOENSDAG, kalender)
    assert h == Herinnering(
        regio="hart-van-brabant",
        casus_id=CASUS,
        fase="aangemeld",
        norm=Norm.TRIAGE,
        deadline=WOENSDAG,
        dag=MAANDAG,
        werkdagen_te_laat=0,
        werkdagen_tot_deadline=2,
    )
    assert not h.te_laat


def test_een_norm_na_de_horizon_nog_niet(kalender: Werkkalender) -> None:
    assert op(MAANDAG, DONDERDAG, kalender) is None
    assert op(MAANDAG, DONDERDAG, kalender, werkdagen=3) is not None


def test_een_norm_die_vandaag_verloopt(kalender: Werkkalender) -> None:
    h = op(WOENSDAG, WOENSDAG, kalender, werkdagen=0)
    assert h is not None
    assert (h.te_laat, h.werkdagen_te_laat, h.werkdagen_tot_deadline) == (False, 0, 0)
    assert op(WOENSDAG, DONDERDAG, kalender, werkdagen=0) is None


def test_een_verlopen_norm_telt_de_werkdagen_te_laat(kalender: Werkkalender) -> None:
    h = op(MAANDAG, VRIJDAG, kalender)
    assert h is not None
    assert (h.te_laat, h.werkdagen_te_laat, h.werkdagen_tot_deadline) == (True, 1, 0)
    lang_geleden = op(MAANDAG, date(2026, 10, 23), kalender, werkdagen=0)
    assert lang_geleden is not None and lang_geleden.werkdagen_te_laat == 21


def test_verlopen_in_het_weekend_is_te_laat_met_nul_werkdagen(kalender: Werkkalender) -> None:
    h = op(date(2026, 11, 22), date(2026, 11, 21), kalender)  # due Saturday, the Sunday after
    assert h is not None
    assert (h.te_laat, h.werkdagen_te_laat) == (True, 0)


def test_de_horizon_telt_werkdagen_over_het_weekend(kalender: Werkkalender) -> None:
    # Thursday + 2 working days = Monday: a norm in calendar days due on Sunday is within it
    assert herinneringsgrens(DONDERDAG, 2, kalender) == date(2026, 11, 30)
    zondag = op(DONDERDAG, date(2026, 11, 29), kalender, norm="overleg")
    assert zondag is not None and zondag.werkdagen_tot_deadline == 1
    assert op(DONDERDAG, date(2026, 11, 30), kalender) is not None
    assert op(DONDERDAG, date(2026, 12, 1), kalender) is None


def test_de_horizon_slaat_feestdagen_over(kalender: Werkkalender) -> None:
    # Christmas and Boxing Day (Friday, Saturday) and the Sunday are no working days
    assert herinneringsgrens(date(2026, 12, 24), 2, kalender) == date(2026, 12, 29)
    assert op(date(2026, 12, 24), date(2026, 12, 29), kalender) is not None
    assert op(date(2026, 12, 24), date(2026, 12, 30), kalender) is None


def test_geen_open_norm_of_afgesloten_geen_herinnering(kalender: Werkkalender) -> None:
    assert op(MAANDAG, None, kalender, norm=None) is None
    assert op(MAANDAG, VRIJDAG, kalender, norm=None) is None
    assert op(MAANDAG, None, kalender) is None
    assert op(MAANDAG, VRIJDAG, kalender, fase="afgesloten") is None


def test_elke_norm_kan_herinnerd_worden(kalender: Werkkalender) -> None:
    for norm in Norm:
        h = op(MAANDAG, MAANDAG, kalender, norm=norm.value)
        assert h is not None and h.norm is norm
    with pytest.raises(ValueError, match="onbekend"):
        op(MAANDAG, MAANDAG, kalender, norm="onbekend")


def test_eens_per_casus_norm_en_dag() -> None:
    h = Herinnering("zeeland", CASUS, "getrieerd", Norm.OVERLEG, VRIJDAG, MAANDAG, 1, 0)
    assert h.sleutel == f"zeeland/{CASUS}/overleg/2026-11-23"


def test_een_herinnering_draagt_geen_persoonsgegevens() -> None:
    assert {veld.name for veld in fields(Herinnering)} == {
        "regio",
        "casus_id",
        "fase",
        "norm",
        "deadline",
        "dag",
        "werkdagen_te_laat",
        "werkdagen_tot_deadline",
    }


def test_van_aanmelding_tot_herinnering_van_de_triagenorm(profiel: RegioProfiel, kalender: Werkkalender) -> None:
    """A case registered on a Friday is due for triage the next Friday: reminded from Wednesday on, daily."""
    casus = nieuwe_casus(profiel, op=VRIJDAG)

    def volgende(dag: date) -> Herinnering | None:
        open_ = [s for s in normstatussen(casus, profiel.normen, kalender, dag) if s.voldaan_op is None]
        eerste = open_[0] if open_ else None
        return herinnering(
            profiel.slug,
            casus.id,
            casus.fase.value,
            eerste.norm.value if eerste else None,
            eerste.deadline if eerste else None,
            dag=dag,
            werkdagen=profiel.herinnering_werkdagen,
            kalender=kalender,
        )

    assert volgende(date(2026, 11, 24)) is None
    assert [volgende(date(2026, 11, d)).werkdagen_tot_deadline for d in (25, 26, 27)] == [2, 1, 0]  # type: ignore[union-attr]
    assert volgende(date(2026, 11, 30)).werkdagen_te_laat == 1  # type: ignore[union-attr]
    casus.trieer(triage(), op=date(2026, 11, 30), herkomst=HERKOMST)
    assert volgende(date(2026, 11, 30)) is None  # the meeting is due 4 December: not yet within 2 working days
    overleg = volgende(date(2026, 12, 2))
    assert overleg is not None and (overleg.norm, overleg.deadline) == (Norm.OVERLEG, date(2026, 12, 4))


def test_het_profiel_zegt_de_horizon_en_het_teamadres() -> None:
    assert (PROFIEL.herinnering_werkdagen, PROFIEL.teamadres) == (2, None)
    profiel = profiel_met(teamadres="expertteam@hartvanbrabant.nl", herinnering_werkdagen=0)
    assert RegioProfiel.model_validate(profiel.model_dump()).teamadres == "expertteam@hartvanbrabant.nl"
    basis = PROFIEL.model_dump()
    for fout in (
        {"teamadres": "geen-adres"},
        {"teamadres": "team@regio.nl\r\nBcc: iedereen@example.org"},
        {"teamadres": "a@" + "b" * 250 + ".nl"},
        {"herinnering_werkdagen": -1},
        {"herinnering_werkdagen": 21},
    ):
        with pytest.raises(ValidationError):
            RegioProfiel.model_validate({**basis, **fout})


def test_verschillende_casussen_verschillende_sleutels(kalender: Werkkalender) -> None:
    a = herinnering("zeeland", uuid4(), "aangemeld", "triage", MAANDAG, dag=MAANDAG, werkdagen=2, kalender=kalender)
    b = herinnering("zeeland", uuid4(), "aangemeld", "triage", MAANDAG, dag=MAANDAG, werkdagen=2, kalender=kalender)
    assert a is not None and b is not None and a.sleutel != b.sleutel


def test_elke_werkdag_een_ronde(kalender: Werkkalender) -> None:
    assert herinneringsdag(MAANDAG, None, kalender) == MAANDAG
    assert herinneringsdag(MAANDAG, date(2026, 11, 20), kalender) == MAANDAG
    assert herinneringsdag(MAANDAG, MAANDAG, kalender) == date(2026, 11, 24)
    assert herinneringsdag(VRIJDAG, VRIJDAG, kalender) == MAANDAG  # not on the weekend
    assert herinneringsdag(date(2026, 11, 21), None, kalender) == MAANDAG
    assert herinneringsdag(date(2026, 12, 24), date(2026, 12, 24), kalender) == date(2026, 12, 28)  # Christmas
    assert herinneringsdag(date(2026, 12, 25), None, kalender) == date(2026, 12, 28)
