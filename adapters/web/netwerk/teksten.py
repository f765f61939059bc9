"""The Dutch words the kernteam's pages use for the network case's states, choices and events."""

from __future__ import annotations

from domain.netwerk import Oplossing
from domain.netwerkcasus import Status
from domain.waarden import Knelpuntcategorie, Leefgebied, Urgentie

STATUSSEN: dict[str, str] = {
    Status.ONTVANGEN: "Ontvangen, wacht op besluit",
    Status.IN_BEHANDELING: "In behandeling",
    Status.TERUGGELEGD: "Teruggelegd bij de regio",
    Status.AFGESLOTEN: "Afgesloten",
}

OPLOSSINGEN: dict[str, str] = {
    Oplossing.CONSULTATIE_EN_ADVIES: "2a – consultatie en advies",
    Oplossing.ONDERSTEUNEN_ORGANISEREN_HULP: "2b – ondersteunen bij het organiseren van hulp",
    Oplossing.DOORBRAAK: "2c – doorbraak (noodoplossing)",
}

CATEGORIEEN: dict[str, str] = {
    Knelpuntcategorie.ZORGINHOUD: "Zorginhoud",
    Knelpuntcategorie.FINANCIERING: "Financiering",
    Knelpuntcategorie.SAMENWERKING: "Samenwerking",
}

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
    "risicos": "Welke risico's zijn er als de oplossing niet komt?",
    "nu_nodig": "Wat is nu concreet nodig?",
}
"""The network's eight intake questions (seed 002, stap 1), in the order the region answers them."""

CHECKLIST: dict[str, str] = {
    "vervolgstappen_duidelijk": "De vervolgstappen zijn duidelijk voor ouders en jeugdige",
    "duurzame_oplossing": "Er is een duurzame oplossing gevonden",
    "vaste_contactpersoon": "Er is een vaste contactpersoon",
    "regie_duidelijk": "Het is duidelijk wie de regie heeft",
    "monitoringgegevens_aangeleverd": "De monitoringgegevens zijn aangeleverd",
    "leergegevens_aangeleverd": "De leergegevens zijn aangeleverd",
}
"""The six points of the network's closing checklist (seed 002, stap 6)."""

GEBEURTENISSEN: dict[str, str] = {
    "Ontvangen": "Ontvangen van de regio",
    "KernteamBesluit": "Kernteambesluit",
    "ActieAfgesproken": "Actie afgesproken",
    "KnelpuntGemeld": "Knelpunt gemeld",
    "Opgeschaald": "Opgeschaald",
    "Afgesloten": "Afgesloten",
}
