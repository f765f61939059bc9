"""The policy of the database roles (adapters.rechten.BELEID) read without a database."""

from __future__ import annotations

import pytest

from adapters.rechten import BELEID, ONVERANDERLIJK, Tabelsoort, _rechten, soorten


def test_het_recht_per_kolom_of_op_de_hele_tabel() -> None:
    soort = Tabelsoort("t", ("SELECT", "INSERT (a, b)"), lambda *_: None)
    assert soort.recht("SELECT") == ()
    assert soort.recht("INSERT") == ("a", "b")
    assert soort.recht("UPDATE") is None


def test_de_toepassing_mag_events_alleen_lezen_en_toevoegen_en_de_keten_alleen_lezen() -> None:
    events, keten = (t.tabel("casussen_events") for t in BELEID[:2])
    assert (events, keten) == ("casussen_events", "casussen_events_keten")
    for tabelsoort in BELEID[:2]:
        assert all(tabelsoort.recht(r) is None for r in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"))
        assert set(ONVERANDERLIJK) <= set(tabelsoort.triggers)
    assert BELEID[0].recht("INSERT") == ("originator_id", "originator_version", "topic", "state")
    assert BELEID[1].recht("INSERT") is None
    assert "keten_na_insert" in BELEID[0].triggers


def test_elke_regel_van_het_beleid_is_een_recht_en_elke_tabel_komt_eenmaal_voor() -> None:
    for soort in ("regio", "netwerk"):
        namen = [t.tabel("x_events") for t in soorten(soort)]
        assert len(namen) == len(set(namen))
    for tabelsoort in BELEID:
        _rechten(tabelsoort.rechten)


def test_een_account_wordt_nooit_verwijderd_zijn_sessies_wel() -> None:
    knooppunt = {t.naam: t for t in soorten("knooppunt")}
    assert knooppunt["accounts"].recht("DELETE") is None
    assert "naam" not in (knooppunt["accounts"].recht("UPDATE") or ())
    assert knooppunt["sessies"].recht("DELETE") == ()
    assert knooppunt["sessies"].recht("UPDATE") == ("laatst_gebruikt",)


@pytest.mark.parametrize("recht", ["ALL; DROP TABLE x", "INSERT (a); --", "select"])
def test_wat_geen_recht_is_komt_niet_in_een_grant(recht: str) -> None:
    with pytest.raises(ValueError, match="not a privilege"):
        _rechten((recht,))


def test_de_eigenaar_richt_de_database_van_de_toepassing_in_geen_ingebedde() -> None:
    from pydantic import ValidationError

    from adapters.settings import Settings

    eigenaar = "postgresql://doorbraak_eigenaar@db/doorbraak"
    with pytest.raises(ValidationError, match="DOORBRAAK_DATABASE_URL"):
        Settings(_env_file=None, eigenaar_database_url=eigenaar)
    assert Settings(_env_file=None, eigenaar_database_url=eigenaar, database_url="postgresql://app@db/doorbraak")
