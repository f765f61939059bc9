import pytest

from domain.rollen import BEVOEGDHEDEN, Handeling, Rol, mag, ziet_alle_regios


def test_elke_handeling_heeft_bevoegden() -> None:
    assert set(BEVOEGDHEDEN) == set(Handeling)


@pytest.mark.parametrize(
    ("rol", "handeling", "verwacht"),
    [
        (Rol.AANMELDER, Handeling.AANMELDEN, True),
        (Rol.AANMELDER, Handeling.TRIEREN, False),
        (Rol.TRIAGIST, Handeling.TRIEREN, True),
        (Rol.SECRETARIS, Handeling.TRIEREN, False),
        (Rol.CASUSREGISSEUR, Handeling.EVALUATIE_VASTLEGGEN, True),
        (Rol.EXPERT, Handeling.ADVIES_UITBRENGEN, False),
        (Rol.AUDITOR, Handeling.LEZEN, True),
        (Rol.AUDITOR, Handeling.AANMELDEN, False),
        (Rol.KERNTEAM, Handeling.LEZEN, False),
        (Rol.AANMELDER, Handeling.TERUGKOPPELEN, True),
        (Rol.CASUSREGISSEUR, Handeling.TERUGKOPPELEN, True),
        (Rol.TRIAGIST, Handeling.TERUGKOPPELEN, False),
        (Rol.EXPERT, Handeling.TERUGKOPPELEN, False),
        (Rol.SECRETARIS, Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN, True),
        (Rol.CASUSREGISSEUR, Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN, True),
        (Rol.AANMELDER, Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN, False),
        (Rol.AUDITOR, Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN, False),
        (Rol.SECRETARIS, Handeling.IMPORTEREN, True),
        (Rol.TRIAGIST, Handeling.IMPORTEREN, False),
        (Rol.AANMELDER, Handeling.IMPORTEREN, False),
        (Rol.AUDITOR, Handeling.IMPORTEREN, False),
    ],
)
def test_bevoegdheden(rol: Rol, handeling: Handeling, verwacht: bool) -> None:
    assert mag(rol, handeling) is verwacht


def test_alleen_auditors_zien_alle_regios() -> None:
    assert [r for r in Rol if ziet_alle_regios(r)] == [Rol.AUDITOR]


def test_wie_wat_mag() -> None:
    """The whole table: a role added to or dropped from an action is a decision, not an accident."""
    assert {handeling: {rol.value for rol in rollen} for handeling, rollen in BEVOEGDHEDEN.items()} == {
        Handeling.AANMELDEN: {"aanmelder", "secretaris", "triagist"},
        Handeling.TRIEREN: {"triagist"},
        Handeling.OVERLEG_PLANNEN: {"triagist", "secretaris"},
        Handeling.ADVIES_UITBRENGEN: {"triagist", "secretaris"},
        Handeling.EVALUATIE_VASTLEGGEN: {"casusregisseur", "triagist", "secretaris"},
        Handeling.OPSCHALEN: {"triagist", "casusregisseur"},
        Handeling.AFSLUITEN: {"casusregisseur", "triagist"},
        Handeling.HEROPENEN: {"triagist", "casusregisseur", "secretaris"},
        Handeling.CORRIGEREN: {"triagist", "casusregisseur", "secretaris"},
        Handeling.LEZEN: {"aanmelder", "triagist", "secretaris", "casusregisseur", "expert", "auditor", "privacy"},
        Handeling.TERUGKOPPELEN: {"aanmelder", "casusregisseur"},
        Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN: {"triagist", "casusregisseur", "secretaris"},
        Handeling.TERUGKIJKEN: {"auditor", "privacy"},
        Handeling.INZAGELOG_LEZEN: {"auditor", "privacy"},
        Handeling.INZAGE_GEVEN: {"privacy"},
        Handeling.WISSEN: {"privacy"},
        Handeling.IMPORTEREN: {"secretaris"},
    }
