"""Who may do what: roles of the regional teams, the network and the auditors."""

from __future__ import annotations

from enum import StrEnum


class Rol(StrEnum):
    AANMELDER = "aanmelder"
    TRIAGIST = "triagist"
    SECRETARIS = "secretaris"
    CASUSREGISSEUR = "casusregisseur"
    EXPERT = "expert"
    KERNTEAM = "kernteam"
    AUDITOR = "auditor"
    BEHEERDER = "beheerder"
    """The operator: reads the health detail and the metrics of a node in production, no case."""
    PRIVACY = "privacy"
    """The region's privacy officer: reads the access log, answers a parent's request to see the file, erases
    personal data on a lawful request."""


class Handeling(StrEnum):
    AANMELDEN = "aanmelden"
    TRIEREN = "trieren"
    OVERLEG_PLANNEN = "overleg-plannen"
    ADVIES_UITBRENGEN = "advies-uitbrengen"
    EVALUATIE_VASTLEGGEN = "evaluatie-vastleggen"
    OPSCHALEN = "opschalen"
    AFSLUITEN = "afsluiten"
    HEROPENEN = "heropenen"
    CORRIGEREN = "corrigeren"
    LEZEN = "lezen"
    TERUGKOPPELEN = "terugkoppelen"
    BESTUURLIJK_OVERLEG_VASTLEGGEN = "bestuurlijk-overleg-vastleggen"
    TERUGKIJKEN = "terugkijken"
    """Replay the region's work queue as it stood on an earlier day (`/audit`)."""
    INZAGELOG_LEZEN = "inzagelog-lezen"
    """Read who read which case (the access log)."""
    INZAGE_GEVEN = "inzage-geven"
    """Answer a request to see the file (AVG art. 15): everything stored about the young person."""
    WISSEN = "wissen"
    IMPORTEREN = "importeren"
    """Bring a team's registration sheet into the region (the upload page): registers and back-registers every
    step of many cases at once, so the role that records the team's decisions does it."""


RET_ROLLEN = frozenset({Rol.AANMELDER, Rol.TRIAGIST, Rol.SECRETARIS, Rol.CASUSREGISSEUR, Rol.EXPERT})

BEVOEGDHEDEN: dict[Handeling, frozenset[Rol]] = {
    Handeling.AANMELDEN: frozenset({Rol.AANMELDER, Rol.SECRETARIS, Rol.TRIAGIST}),
    Handeling.TRIEREN: frozenset({Rol.TRIAGIST}),
    Handeling.OVERLEG_PLANNEN: frozenset({Rol.TRIAGIST, Rol.SECRETARIS}),
    Handeling.ADVIES_UITBRENGEN: frozenset({Rol.TRIAGIST, Rol.SECRETARIS}),
    Handeling.EVALUATIE_VASTLEGGEN: frozenset({Rol.CASUSREGISSEUR, Rol.TRIAGIST, Rol.SECRETARIS}),
    Handeling.OPSCHALEN: frozenset({Rol.TRIAGIST, Rol.CASUSREGISSEUR}),
    Handeling.AFSLUITEN: frozenset({Rol.CASUSREGISSEUR, Rol.TRIAGIST}),
    Handeling.HEROPENEN: frozenset({Rol.TRIAGIST, Rol.CASUSREGISSEUR, Rol.SECRETARIS}),
    Handeling.CORRIGEREN: frozenset({Rol.TRIAGIST, Rol.SECRETARIS, Rol.CASUSREGISSEUR}),
    Handeling.LEZEN: RET_ROLLEN | {Rol.AUDITOR, Rol.PRIVACY},
    Handeling.TERUGKOPPELEN: frozenset({Rol.AANMELDER, Rol.CASUSREGISSEUR}),
    Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN: frozenset({Rol.TRIAGIST, Rol.SECRETARIS, Rol.CASUSREGISSEUR}),
    Handeling.TERUGKIJKEN: frozenset({Rol.AUDITOR, Rol.PRIVACY}),
    Handeling.INZAGELOG_LEZEN: frozenset({Rol.AUDITOR, Rol.PRIVACY}),
    Handeling.INZAGE_GEVEN: frozenset({Rol.PRIVACY}),
    Handeling.WISSEN: frozenset({Rol.PRIVACY}),
    Handeling.IMPORTEREN: frozenset({Rol.SECRETARIS}),
}


def mag(rol: Rol, handeling: Handeling) -> bool:
    return rol in BEVOEGDHEDEN[handeling]


def ziet_alle_regios(rol: Rol) -> bool:
    """Auditors read every region; RET roles only their own."""
    return rol is Rol.AUDITOR
