"""The Dutch words the kernteam's pages use for the network case's states, choices and events."""

from __future__ import annotations

from adapters.web import teksten as gedeeld
from domain.netwerk import Oplossing
from domain.netwerkcasus import Status

CATEGORIEEN = gedeeld.KNELPUNTCATEGORIEEN
INTAKEVRAGEN = gedeeld.INTAKEVRAGEN
LEEFGEBIEDEN = gedeeld.LEEFGEBIEDEN
URGENTIES = gedeeld.URGENTIES

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
