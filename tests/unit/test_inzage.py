"""The file in plain Dutch: the steps' names, the fields as label and value, dates as the Dutch write them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.casus import Casus
from domain.inzage import STAPNAMEN, datum, gegevens, handeling, stapnaam, tijdstip, waarde
from domain.inzagelog import Toegangssoort


def test_elke_stap_van_de_casus_heeft_een_nederlandse_naam() -> None:
    events = {naam for naam, klasse in vars(Casus).items() if isinstance(klasse, type) and naam[0].isupper()}
    events -= {"Event", "Created"}
    assert events <= set(STAPNAMEN), sorted(events - set(STAPNAMEN))
    assert stapnaam("AdviesUitgebracht") == "Advies uitgebracht"


def test_een_onbekende_stap_leest_als_zijn_naam_in_woorden() -> None:
    assert stapnaam("PersoonsgegevensGewist") == "Persoonsgegevens gewist"
    assert stapnaam("Gewist") == "Gewist"
    assert stapnaam("x") == "x"


def test_datums_zoals_nederlanders_ze_schrijven() -> None:
    assert datum(date(2026, 3, 9)) == "09-03-2026"
    assert tijdstip(datetime(2026, 3, 9, 14, 3, tzinfo=UTC)) == "09-03-2026 14:03"
    assert waarde("2026-03-09") == "09-03-2026"
    assert waarde("2026-03-09 en verder") == "2026-03-09 en verder"
    assert (waarde(True), waarde(False), waarde(3), waarde(["a", "b"])) == ("ja", "nee", "3", "a, b")
    assert waarde(date(2026, 3, 9)) == "09-03-2026"


def test_geneste_velden_noemen_hun_ouders_en_lege_vallen_weg() -> None:
    data = {
        "jeugdige": {"naam": "S. Jansen", "geboortedatum": "2011-04-02", "email": None},
        "ouders": [{"naam": "M. Jansen"}, {"naam": "P. Jansen", "telefoon": "06-1"}],
        "leefgebieden": ["gezin", "onderwijs"],
        "knelpunten": [],
        "gezinssituatie": "",
        "anoniem": False,
    }
    assert gegevens(data) == [
        ("jeugdige / naam", "S. Jansen"),
        ("jeugdige / geboortedatum", "02-04-2011"),
        ("ouders 1 / naam", "M. Jansen"),
        ("ouders 2 / naam", "P. Jansen"),
        ("ouders 2 / telefoon", "06-1"),
        ("leefgebieden", "gezin, onderwijs"),
        ("anoniem", "nee"),
    ]
    assert gegevens({"wensen_ouders_jeugdige": "thuis"}) == [("wensen ouders jeugdige", "thuis")]
    assert gegevens({"stappen": [{"eigenaar": "A"}, "los"]}) == [("stappen 1 / eigenaar", "A"), ("stappen 2", "los")]


def test_wat_iemand_met_het_dossier_deed() -> None:
    assert [handeling(s.value) for s in Toegangssoort] == [
        "dossier bekeken",
        "inzageoverzicht gemaakt",
        "inzagelog gelezen",
        "verzoek",
    ]
    assert handeling("onbekend") == "onbekend"
