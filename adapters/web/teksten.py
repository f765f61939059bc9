"""The Dutch names the pages give the roles and what each may do (`domain.rollen`)."""

from __future__ import annotations

from domain.rollen import BEVOEGDHEDEN, Handeling, Rol
from domain.waarden import Knelpuntcategorie, Leefgebied, Urgentie

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


REGELS: dict[str, str] = {
    "toestemming-vereist": "Leg vast wie toestemming gaf en wanneer, of meld anoniem aan.",
    "anoniem-zonder-goedkeuring": "Een anonieme aanmelding heeft goedkeuring nodig: vul in wie die gaf.",
    "anoniem-met-persoonsgegevens": "Een anonieme aanmelding bevat geen persoonsgegevens.",
    "leeftijd-buiten-bereik": "De leeftijd ligt tussen 0 en 23 jaar.",
    "leeftijd-klopt-niet-met-geboortedatum": "De leeftijd past niet bij de geboortedatum.",
    "gemeente-buiten-regio": "Deze gemeente hoort niet bij de regio.",
    "werkstroom-niet-aangeboden": "Deze regio biedt deze werkstroom niet aan.",
    "al-getrieerd": "Deze casus is al getrieerd.",
    "nog-niet-getrieerd": "Deze casus is nog niet getrieerd.",
    "geen-complexe-casus": "Bespreken kan alleen als de casus aan de criteria van een complexe casus voldoet.",
    "niet-ter-bespreking": "De triage besloot deze casus niet te bespreken.",
    "advies-zonder-overleg": "Een advies volgt op een overleg, of op een triage met advies na triage.",
    "evaluatie-zonder-advies": "Er is nog geen advies om te evalueren.",
    "evaluatie-onbekend-doel": "Dit doel staat niet in het advies.",
    "evaluatiemoment-voor-advies": "Het evaluatiemoment ligt voor het advies.",
    "opschaling-niet-in-keten": "Deze regio schaalt niet op naar dit niveau.",
    "opschaling-buiten-volgorde": "Schaal op in de volgorde van de keten van de regio.",
    "al-opgeschaald": "Deze casus is al naar dit niveau opgeschaald.",
    "casus-afgesloten": "Deze casus is afgesloten.",
    "casus-niet-afgesloten": "Deze casus is niet afgesloten.",
    "datum-voor-aanmelding": "De datum ligt voor de aanmelding.",
    "advies-voor-overleg": "Het advies ligt voor het overleg.",
    "datum-in-toekomst": "De datum ligt na vandaag.",
    "kernteam-al-besloten": "Het kernteam heeft al besloten.",
    "kernteam-nog-geen-besluit": "Het kernteam heeft nog geen besluit genomen.",
    "netwerkcasus-teruggelegd": "Het kernteam heeft deze casus teruggelegd.",
    "netwerkcasus-afgesloten": "Deze netwerkcasus is afgesloten.",
    "afsluitchecklist-onvolledig": "De afsluitchecklist is niet volledig: geef een reden om toch af te sluiten.",
    "niet-bovenregionaal-opgeschaald": "Deze casus is niet bovenregionaal opgeschaald.",
    "persoonsgegevens-in-escalatie": "Een opschaling naar het netwerk bevat geen persoonsgegevens.",
    "persoonsgegevens-in-blijvende-tekst": (
        "Deze tekst blijft na het wissen van de persoonsgegevens bewaard en staat in de overzichten: noem geen namen "
        "of andere gegevens van de jeugdige of de ouders."
    ),
    "datum-voor-vorige-stap": "De datum ligt voor de vorige stap van deze casus.",
    "aanmelding-te-lang-geleden": "De aanmelding ligt te ver terug.",
    "adviessoort-niet-in-regio": "Deze regio kent deze soort advies niet.",
    "correctie-ongeldig": "De correctie past niet bij de regels van de stap.",
    "correctie-niet-toegestaan": "Dit onderdeel kan niet gecorrigeerd worden.",
    "correctie-zonder-wijziging": "De correctie verandert niets.",
    "niets-te-corrigeren": "Dit onderdeel is nog niet vastgelegd.",
    "terugkoppeling-zonder-advies": "Er is nog geen advies om op terug te koppelen.",
    "terugkoppeling-na-evaluatie": "Terugkoppelen kan alleen voor de evaluatie.",
    "al-teruggekoppeld": "Deze rol heeft al teruggekoppeld op dit advies.",
    "niet-bestuurlijk-opgeschaald": "Deze casus is niet bestuurlijk opgeschaald.",
    "bestuurlijk-overleg-voor-opschaling": "Het bestuurlijk overleg ligt voor de opschaling.",
    "evaluatie-zonder-bestuurlijk-overleg": "Er is nog geen bestuurlijk overleg om te evalueren.",
    "evaluatie-voor-bestuurlijk-overleg": "De evaluatie ligt voor het bestuurlijk overleg.",
    "bestuurlijk-al-geevalueerd": "Het bestuurlijk overleg is al geëvalueerd.",
    "te-veel-evaluaties": "Op dit overleg is geen plaats meer voor een evaluatie.",
    "geen-overleg-op-datum": "Op deze datum is er geen overleg.",
    "overleg-bestaat-al": "Dit overleg bestaat al op deze datum.",
    "persoonsgegevens-gewist": "De persoonsgegevens van deze casus zijn gewist.",
}
"""Each domain rule (`domain.fouten.Regel`) in a Dutch sentence: a page shows it before the domain's own message."""


URGENTIES: dict[str, str] = {
    Urgentie.LAAG: "Laag",
    Urgentie.NORMAAL: "Normaal",
    Urgentie.HOOG: "Hoog",
    Urgentie.CRISIS: "Crisis",
}

LEEFGEBIEDEN: dict[str, str] = {
    Leefgebied.GEZIN: "Gezin",
    Leefgebied.OPVOEDING: "Opvoeding",
    Leefgebied.ONDERWIJS: "Onderwijs",
    Leefgebied.WERK_EN_INKOMEN: "Werk en inkomen",
    Leefgebied.WONEN: "Wonen",
    Leefgebied.GEZONDHEID: "Gezondheid",
    Leefgebied.PSYCHISCH: "Psychisch",
    Leefgebied.VERSLAVING: "Verslaving",
    Leefgebied.VEILIGHEID: "Veiligheid",
    Leefgebied.JUSTITIE: "Justitie",
    Leefgebied.VRIJE_TIJD_EN_SOCIAAL: "Vrije tijd en sociaal",
}

INTAKEVRAGEN: dict[str, str] = {
    "vraag": "Wat is de vraag?",
    "wensen_ouders_jeugdige": "Wat willen ouders en jeugdige, en hoe zijn zij betrokken?",
    "onderzocht_en_geprobeerd": "Wat is al onderzocht en geprobeerd?",
    "best_passende_oplossing": "Wat is de best passende oplossing?",
    "belemmeringen": "Wat staat die oplossing in de weg?",
    "urgentie": "Urgentie: hoe snel is actie nodig?",
    "risicos": "Welke risico's zijn er als de oplossing er niet komt?",
    "nu_nodig": "Wat is nu concreet nodig?",
}

KNELPUNTCATEGORIEEN: dict[str, str] = {
    Knelpuntcategorie.ZORGINHOUD: "Zorginhoud",
    Knelpuntcategorie.FINANCIERING: "Financiering",
    Knelpuntcategorie.SAMENWERKING: "Samenwerking",
}
