"""Erasure in the domain: recorded once, the personal data gone from the case, no further step of its own."""

from __future__ import annotations

from datetime import date

import pytest

from domain.casus import Casus
from domain.fouten import Regel, RegelGeschonden
from domain.regioprofiel import RegioProfiel
from domain.waarden import Persoon, Persoonsgegevens
from domain.wissen import Wisgrond, Wissing, bewaard_tot
from tests.unit.conftest import HERKOMST, afsluitformulier, nieuwe_casus, triage

OP = date(2026, 11, 20)
WISSING = Wissing(grond=Wisgrond.VERZOEK, reden="Verzoek van de jongere.")


def test_wissen_legt_eenmaal_vast_en_laat_de_persoonsgegevens_los(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, persoonsgegevens=Persoonsgegevens(jeugdige=Persoon(naam="S. Jansen")))
    casus.collect_events()
    casus.wis_persoonsgegevens(WISSING, op=OP, herkomst=HERKOMST)
    casus.wis_persoonsgegevens(WISSING, op=OP, herkomst=HERKOMST)
    [event] = casus.collect_events()
    assert isinstance(event, Casus.PersoonsgegevensGewist) and event.wissing == WISSING
    assert (casus.gewist, casus.gewist_op, casus.persoonsgegevens) == (WISSING, OP, None)
    assert casus.laatste_op == date(2026, 11, 2)  # not a step of the case's course


@pytest.mark.parametrize(
    "stap",
    [
        lambda c: c.trieer(triage(), op=OP, herkomst=HERKOMST),
        lambda c: c.sluit_af(afsluitformulier(), op=OP, herkomst=HERKOMST),
    ],
)
def test_na_wissen_geen_eigen_stap_meer(profiel: RegioProfiel, stap: object) -> None:
    casus = nieuwe_casus(profiel)
    casus.wis_persoonsgegevens(WISSING, op=OP, herkomst=HERKOMST)
    with pytest.raises(RegelGeschonden) as fout:
        stap(casus)  # type: ignore[operator]
    assert fout.value.regel is Regel.PERSOONSGEGEVENS_GEWIST


def test_bewaard_tot() -> None:
    assert bewaard_tot(date(2026, 11, 29), 15) == date(2041, 11, 29)
    assert bewaard_tot(date(2028, 2, 29), 15) == date(2043, 2, 28)
    assert bewaard_tot(date(2041, 11, 29), -15) == date(2026, 11, 29)
