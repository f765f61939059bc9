"""A refusal about one date names that field (`veld`), so the API can point at it."""

from datetime import date

import pytest

from domain.bedrijfsdatum import controleer_aanmeldingsdatum, controleer_stapdatum
from domain.fouten import Regel, RegelGeschonden
from tests.unit.conftest import HERKOMST
from tests.unit.test_bestuurlijk_overleg import OPGESCHAALD, RTO, evaluatie, opgeschaald, rto

VANDAAG = date(2026, 11, 20)


def veld_van(regel: Regel, doe: object, *args: object, **kwargs: object) -> str | None:
    with pytest.raises(RegelGeschonden) as fout:
        doe(*args, **kwargs)  # type: ignore[operator]
    assert fout.value.regel is regel
    return fout.value.veld


def test_de_datum_van_een_stap() -> None:
    assert veld_van(Regel.DATUM_IN_TOEKOMST, controleer_stapdatum, date(2026, 11, 21), vandaag=VANDAAG,
                    vorige=date(2026, 11, 1)) == "op"  # fmt: skip
    assert veld_van(Regel.DATUM_VOOR_VORIGE_STAP, controleer_stapdatum, date(2026, 11, 1), vandaag=VANDAAG,
                    vorige=date(2026, 11, 2)) == "op"  # fmt: skip


def test_de_datum_van_een_aanmelding() -> None:
    assert veld_van(Regel.DATUM_IN_TOEKOMST, controleer_aanmeldingsdatum, date(2026, 11, 21), vandaag=VANDAAG) == "op"
    assert veld_van(Regel.AANMELDING_TE_LANG_GELEDEN, controleer_aanmeldingsdatum, date(2021, 11, 19),
                    vandaag=VANDAAG) == "op"  # fmt: skip


def test_de_datum_van_een_bestuurlijk_overleg_en_zijn_evaluatie() -> None:
    casus = opgeschaald()
    assert veld_van(Regel.BESTUURLIJK_OVERLEG_VOOR_OPSCHALING, casus.leg_bestuurlijk_overleg_vast,
                    rto(date(2026, 11, 15)), op=RTO, herkomst=HERKOMST) == "datum"  # fmt: skip
    assert veld_van(Regel.DATUM_IN_TOEKOMST, casus.leg_bestuurlijk_overleg_vast, rto(RTO), op=OPGESCHAALD,
                    herkomst=HERKOMST) == "datum"  # fmt: skip
    casus.leg_bestuurlijk_overleg_vast(rto(), op=RTO, herkomst=HERKOMST)
    assert veld_van(Regel.EVALUATIE_VOOR_BESTUURLIJK_OVERLEG, casus.evalueer_bestuurlijk_overleg,
                    evaluatie(date(2026, 11, 29)), op=date(2027, 1, 11), herkomst=HERKOMST) == "datum"  # fmt: skip
    assert veld_van(Regel.DATUM_IN_TOEKOMST, casus.evalueer_bestuurlijk_overleg, evaluatie(date(2027, 1, 12)),
                    op=date(2027, 1, 11), herkomst=HERKOMST) == "datum"  # fmt: skip
