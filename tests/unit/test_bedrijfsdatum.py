"""Steps dated as they happened: not in the future, not before the previous step, registrations within a window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.bedrijfsdatum import controleer_aanmeldingsdatum, controleer_stapdatum, jaren_terug
from domain.fouten import Regel, RegelGeschonden
from domain.netwerk import Kernteambesluit, Oplossing, Terugmelding
from domain.regioprofiel import RegioProfiel
from domain.waarden import Herkomst, Opschaling
from tests.unit.conftest import HERKOMST, nieuwe_casus, overleg, triage
from tests.unit.test_netwerkcasus import INTAKE

VANDAAG = date(2026, 11, 20)


def regel(fout: pytest.ExceptionInfo[RegelGeschonden]) -> Regel:
    return fout.value.regel


def test_een_stap_van_vandaag_of_eerder_na_de_vorige_mag() -> None:
    controleer_stapdatum(VANDAAG, vandaag=VANDAAG, vorige=VANDAAG)
    controleer_stapdatum(date(2026, 11, 10), vandaag=VANDAAG, vorige=date(2026, 11, 10))


def test_een_stap_in_de_toekomst_wordt_geweigerd() -> None:
    with pytest.raises(RegelGeschonden) as fout:
        controleer_stapdatum(VANDAAG + timedelta(days=1), vandaag=VANDAAG, vorige=date(2026, 11, 1))
    assert regel(fout) is Regel.DATUM_IN_TOEKOMST
    assert fout.value.veld == "op"


def test_een_stap_voor_de_vorige_wordt_geweigerd() -> None:
    with pytest.raises(RegelGeschonden) as fout:
        controleer_stapdatum(date(2026, 11, 9), vandaag=VANDAAG, vorige=date(2026, 11, 10))
    assert regel(fout) is Regel.DATUM_VOOR_VORIGE_STAP


def test_een_aanmelding_mag_tot_het_venster_terug() -> None:
    controleer_aanmeldingsdatum(date(2021, 11, 20), vandaag=VANDAAG, jaren=5)
    controleer_aanmeldingsdatum(VANDAAG, vandaag=VANDAAG, jaren=0)
    with pytest.raises(RegelGeschonden) as fout:
        controleer_aanmeldingsdatum(date(2021, 11, 19), vandaag=VANDAAG, jaren=5)
    assert regel(fout) is Regel.AANMELDING_TE_LANG_GELEDEN
    assert "2021-11-20" in fout.value.melding
    with pytest.raises(RegelGeschonden) as fout:
        controleer_aanmeldingsdatum(VANDAAG + timedelta(days=1), vandaag=VANDAAG)
    assert regel(fout) is Regel.DATUM_IN_TOEKOMST


def test_het_venster_van_een_schrikkeldag() -> None:
    assert jaren_terug(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert jaren_terug(date(2028, 2, 29), 4) == date(2024, 2, 29)
    assert jaren_terug(date(2026, 3, 1), 5) == date(2021, 3, 1)


def test_de_casus_onthoudt_de_datum_van_zijn_laatste_stap(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    assert casus.laatste_op == date(2026, 11, 2)
    casus.trieer(triage(), op=date(2026, 11, 4), herkomst=HERKOMST)
    assert casus.laatste_op == date(2026, 11, 4)


def test_een_antwoord_van_het_netwerk_begrenst_latere_stappen_niet(profiel: RegioProfiel) -> None:
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 3), herkomst=HERKOMST)
    casus.plan_overleg(overleg(date(2026, 11, 5)), op=date(2026, 11, 4), herkomst=HERKOMST)
    casus.schaal_op(
        Opschaling(niveau="bovenregionaal", reden="Geen plek.", intakevragen=INTAKE),
        profiel,
        op=date(2026, 11, 5),
        herkomst=HERKOMST,
    )
    besluit = Kernteambesluit(opgepakt=True, oplossing=Oplossing.DOORBRAAK)
    terugmelding = Terugmelding(
        netwerk="ben-brabant-zeeland",
        regio=casus.regio,
        casus_id=casus.id,
        netwerkcasus_id=casus.id,
        netwerk_versie=2,
        op=date(2026, 11, 12),
        besluit=besluit,
    )
    casus.ontvang_van_netwerk(terugmelding, op=date(2026, 11, 12), herkomst=HERKOMST)
    assert casus.laatste_op == date(2026, 11, 5)


def test_een_herhaling_geldt_als_de_dag_van_vastleggen(profiel: RegioProfiel) -> None:
    herkomst = Herkomst(actor="a", rol="triagist", idempotency_key="k", vastgelegd_op=date(2026, 11, 20))
    casus = nieuwe_casus(profiel, op=date(2026, 11, 2))
    casus.trieer(triage(), op=date(2026, 11, 4), herkomst=herkomst)
    assert casus.uitgevoerde_commandos["k"].op == date(2026, 11, 20)
    zonder = Herkomst(actor="a", rol="triagist", idempotency_key="z")
    casus.plan_overleg(overleg(date(2026, 11, 6)), op=date(2026, 11, 5), herkomst=zonder)
    assert casus.uitgevoerde_commandos["z"].op == date(2026, 11, 5)
