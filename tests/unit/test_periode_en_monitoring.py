"""Reporting periods and the monitoring arithmetic, on hand-made facts."""

from datetime import date

import pytest

from projections.monitoring import CSV_KOLOMMEN, Feit, als_regels, bereken
from projections.periode import OngeldigePeriode, Periode, lees_periode


@pytest.mark.parametrize(
    ("tekst", "van", "tot"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_perioden(tekst: str, van: date, tot: date) -> None:
    assert lees_periode(tekst, None, None) == Periode(van, tot)


def test_eigen_periode() -> None:
    assert lees_periode(None, date(2026, 1, 5), date(2026, 2, 5)) == Periode(date(2026, 1, 5), date(2026, 2, 5))


@pytest.mark.parametrize(
    ("periode", "van", "tot"),
    [
        ("2026-13", None, None),
        ("2026-Q5", None, None),
        ("november", None, None),
        (None, date(2026, 2, 1), None),
        (None, date(2026, 2, 1), date(2026, 1, 1)),
        ("2026", date(2026, 1, 1), date(2026, 2, 1)),
    ],
)
def test_ongeldige_perioden(periode: str | None, van: date | None, tot: date | None) -> None:
    with pytest.raises(OngeldigePeriode):
        lees_periode(periode, van, tot)


PERIODE = Periode(date(2026, 12, 1), date(2026, 12, 31))


def feiten() -> list[Feit]:
    aangemeld = {
        "werkstroom": "A",
        "aanmelder_rol": "toegang",
        "leeftijdsgroep": "12-17",
        "gemeente": "Tilburg",
        "leefgebieden": ["gezin", "onderwijs"],
    }
    return [
        Feit(1, "Aangemeld", aangemeld),
        Feit(2, "Aangemeld", {**aangemeld, "werkstroom": "B", "leeftijdsgroep": "4-11", "leefgebieden": ["gezin"]}),
        Feit(1, "Getrieerd", {"uitkomst": "bespreken", "dagen": 7, "binnen_norm": True}),
        Feit(2, "Getrieerd", {"uitkomst": "bespreken", "dagen": 8, "binnen_norm": False}),
        Feit(3, "Getrieerd", {"uitkomst": "teruggelegd", "dagen": 2, "binnen_norm": True}),
        Feit(1, "OverlegGepland", {"eerste": True, "terug_op_tafel": False, "dagen": 10, "binnen_norm": True}),
        Feit(1, "OverlegGepland", {"eerste": False, "terug_op_tafel": False, "dagen": 12, "binnen_norm": None}),
        Feit(4, "OverlegGepland", {"eerste": False, "terug_op_tafel": True, "dagen": 90, "binnen_norm": None}),
        Feit(1, "Opgeschaald", {"niveau": "bovenregionaal"}),
        Feit(2, "Opgeschaald", {"niveau": "bovenregionaal"}),
        Feit(
            3,
            "Afgesloten",
            {
                "reden": "teruggelegd",
                "dagen": 3,
                "waardering_samenwerking": 6,
                "waardering_effect": 5,
                "uithuisplaatsing_voorkomen": None,
                "duurzame_oplossing": False,
            },
        ),
        Feit(
            5,
            "Afgesloten",
            {
                "reden": "doelen-behaald",
                "dagen": 120,
                "waardering_samenwerking": 9,
                "waardering_effect": 8,
                "uithuisplaatsing_voorkomen": True,
                "duurzame_oplossing": True,
            },
        ),
        Feit(5, "Heropend", {}),
    ]


def test_monitoring_op_bekende_feiten() -> None:
    m = bereken(PERIODE, "hart-van-brabant", feiten(), {1: "doelen-behaald", 2: None})
    assert m["aanmeldingen"]["totaal"] == 2
    assert m["aanmeldingen"]["per_werkstroom"] == {"A": 1, "B": 1}
    assert m["aanmeldingen"]["per_leefgebied"] == {"gezin": 2, "onderwijs": 1}
    assert m["triage_uitkomsten"] == {"bespreken": 2, "teruggelegd": 1}
    triage = m["doorlooptijden"]["aanmelding-triage"]
    assert (triage["aantal"], triage["mediaan_dagen"], triage["p90_dagen"]) == (3, 7, pytest.approx(7.8))
    assert m["doorlooptijden"]["aanmelding-overleg"]["aantal"] == 1  # only a round's first meeting
    assert m["binnen_norm"]["triage"] == {"aantal": 3, "binnen_norm": 2, "aandeel": round(2 / 3, 4)}
    assert m["opschalingen"]["totaal"] == 2
    assert m["opschalingen"]["per_niveau"] == {"bovenregionaal": {"doelen-behaald": 1, "lopend": 1}}
    assert m["afsluitingen"]["per_reden"] == {"doelen-behaald": 1, "teruggelegd": 1}
    assert m["afsluitingen"]["uithuisplaatsing_voorkomen"] == 1
    assert m["afsluitingen"]["gemiddelde_waardering_samenwerking"] == 7.5
    assert m["terugkeer"] == {"heropend": 1, "terug_op_tafel": 1}


def test_csv_regels_hebben_vaste_kolommen() -> None:
    m = bereken(PERIODE, "hart-van-brabant", feiten(), {})
    regels = als_regels(m)
    assert all(len(r) == len(CSV_KOLOMMEN) for r in regels)
    assert ("hart-van-brabant", "2026-12-01", "2026-12-31", "aanmeldingen", "per_werkstroom.A", 1) in regels
    assert ("hart-van-brabant", "2026-12-01", "2026-12-31", "binnen_norm", "overleg.aandeel", 1.0) in regels


def test_lege_periode() -> None:
    m = bereken(PERIODE, "zeeland", [], {})
    assert m["aanmeldingen"]["totaal"] == 0
    assert m["doorlooptijden"]["aanmelding-triage"]["mediaan_dagen"] is None


@pytest.mark.parametrize("periode", ["0000", "0000-01", "0000-Q1", "0000-H1", "1999-12", "2101", "٢٠٢٦", "2026\x00"])
def test_perioden_buiten_2000_tot_2100_of_met_vreemde_cijfers(periode: str) -> None:
    with pytest.raises(OngeldigePeriode):
        lees_periode(periode, None, None)


@pytest.mark.parametrize(("van", "tot"), [(date(1, 1, 1), date(2026, 1, 1)), (date(2026, 1, 1), date(9999, 12, 31))])
def test_van_en_tot_buiten_2000_tot_2100(van: date, tot: date) -> None:
    with pytest.raises(OngeldigePeriode):
        lees_periode(None, van, tot)
    assert lees_periode("2000", None, None).van == date(2000, 1, 1)
    assert lees_periode("2100-H2", None, None).tot == date(2100, 12, 31)
