"""Seed 000: an ervaringsdeskundige offered at registration and present at the meeting; zwaarwegend or bindend."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import Adviessoort, RegioProfiel
from domain.waarden import Ervaringsdeskundige, Overleg
from projections.feiten import aanmelding_kenmerken, advies_kenmerken
from projections.monitoring import Feit, bereken
from projections.periode import lees_periode
from tests.unit.conftest import HERKOMST, aanmelding, advies, nieuwe_casus, profiel_met, triage

OP = date(2026, 11, 2)


def casus_aan_tafel(profiel: RegioProfiel) -> Casus:
    casus = nieuwe_casus(profiel, op=OP)
    casus.trieer(triage(), op=OP, herkomst=HERKOMST)
    casus.plan_overleg(
        Overleg(datum=OP, genodigden=("voorzitter",), ervaringsdeskundige_aanwezig=True), op=OP, herkomst=HERKOMST
    )
    return casus


def test_gewenst_is_het_antwoord_op_een_aanbod() -> None:
    assert Ervaringsdeskundige(aangeboden=True, gewenst=False).gewenst is False
    assert Ervaringsdeskundige(aangeboden=False).gewenst is None
    with pytest.raises(ValidationError, match="leave it out when none was made"):
        Ervaringsdeskundige(aangeboden=False, gewenst=True)


def test_de_aanmelding_en_het_overleg_leggen_de_ervaringsdeskundige_vast(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=OP, ervaringsdeskundige=Ervaringsdeskundige(aangeboden=True, gewenst=True))
    assert casus.aanmelding.ervaringsdeskundige == Ervaringsdeskundige(aangeboden=True, gewenst=True)
    assert casus_aan_tafel(profiel).overleggen[-1].ervaringsdeskundige_aanwezig is True


def test_de_enige_adviessoort_van_de_regio_wordt_ingevuld(profiel: RegioProfiel) -> None:
    casus = casus_aan_tafel(profiel_met(adviessoorten=(Adviessoort.BINDEND,)))
    casus.breng_advies_uit(
        advies(date(2027, 1, 4)),
        op=OP,
        herkomst=HERKOMST,
        profiel=profiel_met(adviessoorten=(Adviessoort.BINDEND,)),
    )
    assert casus.advies.soort is Adviessoort.BINDEND


def test_een_adviessoort_die_de_regio_niet_geeft(profiel: RegioProfiel) -> None:
    casus = casus_aan_tafel(profiel)
    with pytest.raises(RegelGeschonden) as fout:
        casus.breng_advies_uit(advies(date(2027, 1, 4), soort="bindend"), op=OP, herkomst=HERKOMST, profiel=profiel)
    assert fout.value.regel is Regel.ADVIESSOORT_NIET_IN_REGIO
    assert fout.value.veld == "soort"
    assert "zwaarwegend" in fout.value.melding and "not bindend" in fout.value.melding


def test_geeft_de_regio_beide_soorten_dan_wordt_de_soort_genoemd(profiel: RegioProfiel) -> None:
    beide = profiel_met(adviessoorten=(Adviessoort.ZWAARWEGEND, Adviessoort.BINDEND))
    casus = casus_aan_tafel(beide)
    with pytest.raises(RegelGeschonden, match="name the kind"):
        casus.breng_advies_uit(advies(date(2027, 1, 4)), op=OP, herkomst=HERKOMST, profiel=beide)
    casus.breng_advies_uit(advies(date(2027, 1, 4), soort="bindend"), op=OP, herkomst=HERKOMST, profiel=beide)
    assert casus.advies.soort is Adviessoort.BINDEND


def test_monitoring_telt_aanbod_wens_aanwezigheid_en_soort() -> None:
    aangeboden = aanmelding_kenmerken(
        aanmelding(ervaringsdeskundige=Ervaringsdeskundige(aangeboden=True, gewenst=True))
    )
    geweigerd = aanmelding_kenmerken(
        aanmelding(ervaringsdeskundige=Ervaringsdeskundige(aangeboden=True, gewenst=False))
    )
    niet = aanmelding_kenmerken(aanmelding(ervaringsdeskundige=Ervaringsdeskundige(aangeboden=False)))
    onbekend = aanmelding_kenmerken(aanmelding())
    feiten = [
        Feit(1, "Aangemeld", aangeboden),
        Feit(2, "Aangemeld", geweigerd),
        Feit(3, "Aangemeld", niet),
        Feit(4, "Aangemeld", onbekend),
        Feit(1, "OverlegGepland", {"eerste": True, "dagen": 3, "ervaringsdeskundige_aanwezig": True}),
        Feit(2, "OverlegGepland", {"eerste": True, "dagen": 4, "ervaringsdeskundige_aanwezig": False}),
        Feit(1, "AdviesUitgebracht", {"dagen": 5, **advies_kenmerken(advies(date(2027, 1, 4), soort="bindend"))}),
        Feit(2, "AdviesUitgebracht", {"dagen": 6, **advies_kenmerken(advies(date(2027, 1, 4)))}),
    ]
    cijfers = bereken(lees_periode("2026-11", None, None), "regio", feiten, {})
    assert cijfers["ervaringsdeskundige"] == {
        "aangeboden": {"ja": 2, "nee": 1, "niet_vastgelegd": 1},
        "gewenst": {"ja": 1, "nee": 1},
        "aanwezig_bij_overleg": {"ja": 1, "nee": 1},
    }
    assert cijfers["adviezen_per_soort"] == {"bindend": 1, "niet_vastgelegd": 1}
