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


def test_de_aanmelding_noemt_het_veld_van_de_regel() -> None:
    from domain.waarden import Toestemming
    from tests.unit.conftest import PROFIEL, nieuwe_casus

    assert veld_van(Regel.LEEFTIJD_BUITEN_BEREIK, nieuwe_casus, PROFIEL, leeftijd=24) == "aanmelding.leeftijd"
    assert veld_van(Regel.GEMEENTE_BUITEN_REGIO, nieuwe_casus, PROFIEL, woonplaatsgemeente="Goes") == (
        "aanmelding.woonplaatsgemeente"
    )
    assert veld_van(Regel.TOESTEMMING_VEREIST, nieuwe_casus, PROFIEL, toestemming=Toestemming()) == (
        "aanmelding.toestemming.gegeven_door"
    )
    assert veld_van(Regel.ANONIEM_ZONDER_GOEDKEURING, nieuwe_casus, PROFIEL, toestemming=Toestemming(anoniem=True)) == (
        "aanmelding.toestemming.anonimiteit_goedgekeurd_door"
    )


def test_de_stappen_noemen_het_veld_van_de_regel() -> None:
    from tests.unit.conftest import PROFIEL, advies, evaluatie, nieuwe_casus, overleg, triage

    dag = date(2026, 11, 2)
    casus = nieuwe_casus(PROFIEL, op=dag)
    assert veld_van(Regel.GEEN_COMPLEXE_CASUS, casus.trieer, triage(handelingsverlegenheid=False), op=dag,
                    herkomst=HERKOMST) == "uitkomst"  # fmt: skip
    casus.trieer(triage(), op=dag, herkomst=HERKOMST)
    assert veld_van(Regel.DATUM_VOOR_AANMELDING, casus.plan_overleg, overleg(date(2026, 11, 1)), op=dag,
                    herkomst=HERKOMST) == "datum"  # fmt: skip
    casus.plan_overleg(overleg(dag), op=dag, herkomst=HERKOMST)
    assert veld_van(Regel.EVALUATIEMOMENT_VOOR_ADVIES, casus.breng_advies_uit, advies(dag), op=dag,
                    herkomst=HERKOMST) == "evaluatiedatum"  # fmt: skip
    casus.breng_advies_uit(advies(date(2027, 1, 4)), op=dag, herkomst=HERKOMST)
    assert veld_van(Regel.EVALUATIE_ONBEKEND_DOEL, casus.leg_evaluatie_vast, evaluatie(dag, thuis="behaald"), op=dag,
                    herkomst=HERKOMST) == "scores"  # fmt: skip
    assert veld_van(Regel.DATUM_IN_TOEKOMST, casus.leg_evaluatie_vast, evaluatie(date(2026, 11, 3)), op=dag,
                    herkomst=HERKOMST) == "datum"  # fmt: skip


def test_een_correctie_noemt_het_gecorrigeerde_veld() -> None:
    from domain.correctie import Correctie
    from tests.unit.conftest import PROFIEL, nieuwe_casus

    casus = nieuwe_casus(PROFIEL)
    correctie = Correctie(onderdeel="aanmelding", wijzigingen={"leeftijd": 30}, reden="typefout")
    assert veld_van(Regel.LEEFTIJD_BUITEN_BEREIK, casus.corrigeer, correctie, PROFIEL, op=date(2026, 11, 3),
                    herkomst=HERKOMST) == "wijzigingen.leeftijd"  # fmt: skip
