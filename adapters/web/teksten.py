"""The Dutch names the pages give the roles and what each may do (`domain.rollen`)."""

from __future__ import annotations

from domain.rollen import BEVOEGDHEDEN, Handeling, Rol

ROLLEN: dict[str, str] = {
    Rol.AANMELDER: "Aanmelder",
    Rol.TRIAGIST: "Triagist / voorzitter",
    Rol.SECRETARIS: "Secretaris",
    Rol.CASUSREGISSEUR: "Casusregisseur",
    Rol.EXPERT: "Expert",
    Rol.KERNTEAM: "Kernteam (netwerk)",
    Rol.AUDITOR: "Auditor",
    Rol.BEHEERDER: "Beheerder",
    Rol.PRIVACY: "Privacyfunctionaris",
}

HANDELINGEN: dict[str, str] = {
    Handeling.AANMELDEN: "Een casus aanmelden",
    Handeling.TRIEREN: "Een casus triëren",
    Handeling.OVERLEG_PLANNEN: "Het overleg over een casus plannen en vastleggen",
    Handeling.ADVIES_UITBRENGEN: "Het advies uitbrengen",
    Handeling.EVALUATIE_VASTLEGGEN: "De evaluatie vastleggen",
    Handeling.OPSCHALEN: "Een casus opschalen naar het netwerk of bestuurlijk",
    Handeling.AFSLUITEN: "Een casus afsluiten",
    Handeling.HEROPENEN: "Een afgesloten casus heropenen",
    Handeling.CORRIGEREN: "Een vastgelegde stap corrigeren",
    Handeling.LEZEN: "Casussen van de regio inzien",
    Handeling.TERUGKOPPELEN: "Terugkoppelen hoe het advies werkt",
    Handeling.BESTUURLIJK_OVERLEG_VASTLEGGEN: "Het bestuurlijk overleg vastleggen",
    Handeling.TERUGKIJKEN: "De werkvoorraad terugkijken zoals die op een eerdere dag was",
    Handeling.INZAGELOG_LEZEN: "Het inzagelog lezen: wie las welke casus",
    Handeling.INZAGE_GEVEN: "Inzage geven in het dossier (AVG art. 15)",
    Handeling.WISSEN: "Persoonsgegevens wissen op een rechtmatig verzoek",
    Handeling.IMPORTEREN: "Het registratieblad van het team (Excel) in doorbraak brengen",
}

EXTRA: dict[str, list[str]] = {
    Rol.KERNTEAM: ["Netwerkcasussen van het netwerk behandelen: besluit, actie, afsluiting"],
    Rol.AUDITOR: ["De geschiedenis van elke casus in elke regio lezen, met een doel bij elk verzoek"],
    Rol.BEHEERDER: ["De gezondheid en de meetwaarden van dit knooppunt bekijken"],
}
"""What a role may do beyond `domain.rollen.BEVOEGDHEDEN` (the network's and the operator's routes check it)."""


def wat_mag(rol: Rol) -> list[str]:
    """In Dutch, everything the role may do."""
    return [HANDELINGEN[h] for h, rollen in BEVOEGDHEDEN.items() if rol in rollen] + EXTRA.get(rol, [])
