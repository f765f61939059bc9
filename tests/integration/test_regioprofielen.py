"""The region profiles shipped as data files."""

from datetime import date
from pathlib import Path

import pytest

from adapters.regio_catalogus import INGEBOUWDE_PROFIELEN, OngeldigProfiel, laad_profiel, laad_profielen
from domain.regioprofiel import Opschalingsniveau, Overlegsoort, Werkstroom

BRABANT_ZEELAND = {
    "zeeland",
    "west-brabant-west",
    "west-brabant-oost",
    "hart-van-brabant",
    "noordoost-brabant",
    "zuidoost-brabant",
}


def test_de_zes_regios_van_ben_brabant_zeeland() -> None:
    profielen = laad_profielen()
    assert {slug for slug, p in profielen.items() if p.netwerk == "ben-brabant-zeeland"} == BRABANT_ZEELAND
    assert profielen["hart-van-brabant"].heeft_gemeente("Tilburg")
    assert profielen["zeeland"].heeft_gemeente("vlissingen")
    assert profielen["zuidoost-brabant"].heeft_gemeente("Eindhoven")


def test_de_seedregios() -> None:
    profielen = laad_profielen()
    limburg = profielen["noord-limburg"]
    assert limburg.netwerk == "expertisenetwerk-limburg"
    assert "6 weken" in limburg.overlegfrequentie
    assert limburg.opschalingsniveaus() == (Opschalingsniveau.BOVENREGIONAAL, Opschalingsniveau.BESTUURLIJK)
    assert "wethouder" in limburg.opschalingsketen[1].naar.lower()
    assert limburg.werkstromen == (Werkstroom.B,)
    [ritme] = limburg.overlegritme
    assert (ritme.soort, ritme.elke_weken, ritme.duur_minuten) == (Overlegsoort.EXPERTTEAM, 6, 120)
    assert not limburg.overleg_op_afroep and limburg.overleg_max_evaluaties == 2
    [tafel] = profielen["gooi-en-vechtstreek"].overlegritme
    assert (tafel.soort, tafel.elke_weken) == (Overlegsoort.DOORBRAAKTAFEL, 2)
    assert profielen["gooi-en-vechtstreek"].overleg_op_afroep
    assert all(p.overlegritme for p in profielen.values())
    assert profielen["gooi-en-vechtstreek"].heeft_gemeente("Hilversum")
    assert profielen["zuid-kennemerland-ijmond"].heeft_gemeente("Velsen")
    assert profielen["zuid-kennemerland-ijmond"].netwerk == "ben-noord-holland"


def test_een_gemeente_hoort_bij_een_regio() -> None:
    gezien: dict[str, str] = {}
    for slug, profiel in laad_profielen().items():
        for gemeente in profiel.gemeenten:
            assert gemeente not in gezien, f"{gemeente} in {gezien.get(gemeente)} and {slug}"
            gezien[gemeente] = slug


def test_een_regio_toevoegen_is_een_bestand_toevoegen(tmp_path: Path) -> None:
    (tmp_path / "testregio.toml").write_text(
        'slug = "testregio"\nnaam = "Testregio"\noverlegfrequentie = "wekelijks"\ngemeenten = ["Ergens"]\n'
        "[normen]\ntriage_werkdagen = 3\n"
    )
    profielen = laad_profielen(tmp_path)
    assert profielen["testregio"].normen.triage_werkdagen == 3
    assert profielen["testregio"].normen.overleg_dagen == 14
    assert len(profielen) == len(list(INGEBOUWDE_PROFIELEN.glob("*.toml"))) + 1
    assert profielen["testregio"].overlegritme == () and profielen["testregio"].overleg_op_afroep


def test_een_ritme_in_het_profiel(tmp_path: Path) -> None:
    (tmp_path / "ritme.toml").write_text(
        'slug = "ritme"\nnaam = "Ritme"\ngemeenten = ["Ergens"]\noverleg_op_afroep = false\n'
        '[[overlegritme]]\nsoort = "doorbraaktafel"\neerste = 2026-01-13\nelke_weken = 2\nduur_minuten = 90\n'
    )
    profiel = laad_profielen(tmp_path)["ritme"]
    assert profiel.overlegfrequentie is None and not profiel.overleg_op_afroep
    [ritme] = profiel.overlegritme
    assert (ritme.soort, ritme.eerste, ritme.elke_weken, ritme.duur_minuten) == (
        Overlegsoort.DOORBRAAKTAFEL,
        date(2026, 1, 13),
        2,
        90,
    )


@pytest.mark.parametrize(
    ("inhoud", "fout"),
    [
        ('slug = "anders"\nnaam = "x"\noverlegfrequentie = "x"\ngemeenten = ["A"]\n', "file name"),
        ('slug = "regio"\nnaam = "x"\noverlegfrequentie = "x"\ngemeenten = []\n', "gemeenten"),
        ('slug = "regio"\nnaam = "x"\noverlegfrequentie = "x"\ngemeenten = ["A", "a"]\n', "twice"),
        ("slug = \n", "regio.toml"),
        (
            'slug = "regio"\nnaam = "x"\ngemeenten = ["A"]\noverlegritme = [{ eerste = 2026-01-13, elke_weken = 0 }]\n',
            "elke_weken",
        ),
        (
            'slug = "regio"\nnaam = "x"\ngemeenten = ["A"]\n'
            'overlegritme = [{ soort = "borrel", eerste = 2026-01-13, elke_weken = 2 }]\n',
            "soort",
        ),
    ],
)
def test_een_ongeldig_profiel_wordt_geweigerd(tmp_path: Path, inhoud: str, fout: str) -> None:
    pad = tmp_path / "regio.toml"
    pad.write_text(inhoud)
    with pytest.raises(OngeldigProfiel, match=fout):
        laad_profiel(pad)
