"""What a reminder says: the team's mail and the NATS message, with no personal data."""

from datetime import date
from uuid import UUID

import orjson
import pytest

from adapters.herinneringen import Ronde, basis_url, overzicht
from adapters.herinneringsbericht import bericht, datum, link, mail, onderwerp, stand
from adapters.settings import Settings
from domain.herinneringen import Herinnering
from domain.normen import Norm
from tests.unit.conftest import profiel_met

A = UUID("00000000-0000-4000-8000-00000000000a")
B = UUID("00000000-0000-4000-8000-00000000000b")
DAG = date(2026, 11, 25)
TE_LAAT = Herinnering("hart-van-brabant", A, "getrieerd", Norm.OVERLEG, date(2026, 11, 23), DAG, 2, 0)
BINNENKORT = Herinnering("hart-van-brabant", B, "aangemeld", Norm.TRIAGE, date(2026, 11, 26), DAG, 0, 1)
PROFIEL = profiel_met(teamadres="expertteam@hartvanbrabant.example")


def test_hoe_de_deadline_staat() -> None:
    assert stand(TE_LAAT) == "2 werkdagen te laat"
    assert stand(BINNENKORT) == "over 1 werkdag"
    assert stand(Herinnering("r", A, "f", Norm.TRIAGE, DAG, DAG, 0, 0)) == "vandaag"
    assert stand(Herinnering("r", A, "f", Norm.TRIAGE, date(2026, 11, 24), DAG, 1, 0)) == "1 werkdag te laat"
    assert stand(Herinnering("r", A, "f", Norm.TRIAGE, date(2026, 11, 21), date(2026, 11, 22), 0, 0)) == "te laat"
    zondag = Herinnering("r", A, "f", Norm.OVERLEG, date(2026, 11, 22), date(2026, 11, 21), 0, 0)
    assert stand(zondag) == "voor de volgende werkdag"
    assert stand(Herinnering("r", A, "f", Norm.TRIAGE, date(2026, 11, 27), DAG, 0, 2)) == "over 2 werkdagen"


def test_de_mail_van_de_dag() -> None:
    m = mail(PROFIEL, [BINNENKORT, TE_LAAT], DAG, "doorbraak@regio.example", "https://doorbraak.example/")
    assert (m["To"], m["From"]) == ("expertteam@hartvanbrabant.example", "doorbraak@regio.example")
    assert m["Subject"] == "doorbraak: 2 casussen met een norm (Hart van Brabant, 2026-11-25)"
    tekst = m.get_content()
    assert tekst.startswith("Herinneringen van doorbraak voor Hart van Brabant, woensdag 25 november 2026.\n")
    assert "binnen 2 werkdagen verloopt" in tekst
    # the overdue ones first
    assert tekst.index("Te laat:") < tekst.index(str(A)) < tekst.index("Binnenkort:") < tekst.index(str(B))
    assert (
        f"- casus {A}: fase getrieerd, norm overleg, uiterlijk 2026-11-23 (2 werkdagen te laat)\n"
        f"  https://doorbraak.example/regios/hart-van-brabant/casussen/{A}\n" in tekst
    )
    assert "Deze mail noemt geen persoonsgegevens" in tekst
    een = mail(profiel_met(teamadres="t@r.example", herinnering_werkdagen=1), [TE_LAAT], DAG, "d@r", "")
    assert "1 casus met een norm" in een["Subject"] and "Binnenkort" not in een.get_content()
    assert "binnen 1 werkdag verloopt" in een.get_content()
    assert f"\n  /regios/hart-van-brabant/casussen/{A}\n" in een.get_content()  # no base: the path alone


def test_geen_mail_zonder_teamadres() -> None:
    with pytest.raises(ValueError, match="no team address"):
        mail(profiel_met(teamadres=None), [TE_LAAT], DAG, "d@r", "")


def test_het_nats_bericht() -> None:
    assert onderwerp("zeeland") == "doorbraak.zeeland.herinnering"
    assert orjson.loads(bericht(TE_LAAT, "https://d.example")) == {
        "regio": "hart-van-brabant",
        "casus_id": str(A),
        "fase": "getrieerd",
        "norm": "overleg",
        "deadline": "2026-11-23",
        "dag": "2026-11-25",
        "te_laat": True,
        "werkdagen_te_laat": 2,
        "werkdagen_tot_deadline": 0,
        "link": f"https://d.example/regios/hart-van-brabant/casussen/{A}",
    }
    assert link("", TE_LAAT) == f"/regios/hart-van-brabant/casussen/{A}"


def test_datum_zoals_de_teams_hem_schrijven() -> None:
    assert datum(date(2026, 12, 27)) == "zondag 27 december 2026"
    assert datum(date(2027, 1, 4)) == "maandag 4 januari 2027"


def test_de_basis_van_de_links() -> None:
    assert basis_url(Settings(_env_file=None)) == "http://127.0.0.1:8000"
    assert basis_url(Settings(_env_file=None, host="0.0.0.0", port=9000)) == "http://0.0.0.0:9000"  # noqa: S104
    assert basis_url(Settings(_env_file=None, basis_url="https://d.example")) == "https://d.example"
    productie = Settings.model_construct(omgeving="production", basis_url=None)
    assert basis_url(productie) == ""


def test_wat_de_opdracht_afdrukt() -> None:
    ronde = Ronde("hart-van-brabant", DAG, [TE_LAAT, BINNENKORT], [BINNENKORT], "t@r.example")
    assert overzicht(ronde) == [
        "hart-van-brabant 2026-11-25: 2 due, 1 sent now "
        "(mail to t@r.example, NATS doorbraak.hart-van-brabant.herinnering)",
        f"  {A}  getrieerd  overleg  due 2026-11-23 (2 werkdagen te laat)  sent before",
        f"  {B}  aangemeld  triage  due 2026-11-26 (over 1 werkdag)  sent now",
    ]
    assert overzicht(Ronde("zeeland", DAG, [], [], None)) == ["zeeland 2026-11-25: 0 due, 0 sent now"]
    droog = overzicht(Ronde("zeeland", DAG, [TE_LAAT], [], None, droog=True))
    assert droog == [
        "zeeland 2026-11-25: 1 due; dry run, nothing sent (no team address: NATS only)",
        f"  {A}  getrieerd  overleg  due 2026-11-23 (2 werkdagen te laat)",
    ]


def test_de_mail_heeft_een_eigen_message_id_op_het_domein_van_de_afzender() -> None:
    m = mail(PROFIEL, [TE_LAAT], DAG, "doorbraak@regio.example", "")
    assert m["Message-ID"].endswith("@regio.example>") and "herinnering.hart-van-brabant.2026-11-25" in m["Message-ID"]
