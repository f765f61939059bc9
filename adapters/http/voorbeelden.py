"""Example requests for the OpenAPI documentation (and the demo's templates)."""

from __future__ import annotations

from typing import Any

AANMELDING: dict[str, Any] = {
    "aanmelding": {
        "werkstroom": "B",
        "aanmelder": {"naam": "J. de Vries", "organisatie": "Gebiedsteam Tilburg-Noord", "rol": "toegang"},
        "woonplaatsgemeente": "Tilburg",
        "leeftijd": 15,
        "leefgebieden": ["gezin", "onderwijs", "psychisch"],
        "vraag": "Welke passende plek en begeleiding kan thuisplaatsing duurzaam maken?",
        "wensen_ouders_jeugdige": "Moeder wil dat haar zoon thuis blijft wonen en naar school gaat.",
        "betrokkenheid_ouders_jeugdige": "Moeder en jongere zijn bij de aanmelding betrokken.",
        "al_geprobeerd": "Ambulante gezinsbegeleiding, twee schoolwisselingen, crisisopname.",
        "urgentie": "hoog",
        "toestemming": {"gegeven_door": "moeder (gezaghebbend)", "gegeven_op": "2026-11-20"},
        "ervaringsdeskundige": {"aangeboden": True, "gewenst": True},
    },
    "persoonsgegevens": {
        "jeugdige": {"naam": "S. Jansen", "telefoon": "06-98765432"},
        "ouders": [{"naam": "M. Jansen", "telefoon": "06-12345678"}],
        "gezinssituatie": "Eenoudergezin, twee jongere zussen.",
    },
}

TRIAGE: dict[str, Any] = {
    "uitkomst": "bespreken",
    "meerdere_leefgebieden_verergeren": True,
    "handelingsverlegenheid": True,
    "samenwerking_vastgelopen": True,
    "toelichting": "Problemen op drie leefgebieden nemen toe; aanbieders vinden geen passend aanbod.",
    "uit_te_nodigen_expertise": ["GGZ jeugd", "onderwijsconsulent", "LVB-expertise"],
    "knelpunten": [{"categorie": "samenwerking", "omschrijving": "Geen aanbieder neemt regie."}],
}

OVERLEG: dict[str, Any] = {
    "datum": "2026-12-03",
    "genodigden": ["voorzitter", "GGZ jeugd", "onderwijsconsulent", "gezinsvoogd", "moeder"],
    "locatie": "Stadskantoor, zaal 2",
    "ervaringsdeskundige_aanwezig": True,
}

NIEUW_OVERLEG: dict[str, Any] = {
    "datum": "2026-12-08",
    "soort": "doorbraaktafel",
    "duur_minuten": 120,
    "locatie": "Stadskantoor, zaal 2",
    "toelichting": "Jongere sinds 1 december in de tussenvoorziening: doorbraaktafel binnen 14 dagen.",
}

EVALUATIEMOMENT: dict[str, Any] = {
    "datum": "2027-02-04",
    "soort": "expertteam",
    "terugkoppeling_op_papier": False,
}

ADVIES: dict[str, Any] = {
    "probleemschets": "Jongere met angst- en hechtingsproblematiek, schooluitval dreigt.",
    "advies": "Intensieve ambulante begeleiding thuis met een time-out-voorziening.",
    "soort_ondersteuning": "Specialistische ambulante jeugdhulp met verblijf op afroep",
    "stappen": [
        {"omschrijving": "Intake bij aanbieder", "eigenaar": "casusregisseur", "deadline": "2026-12-10"},
        {"omschrijving": "Financiering regelen", "eigenaar": "gemeente Tilburg", "deadline": "2026-12-08"},
    ],
    "onderbouwing": "Verklarende analyse wijst op ...",
    "doelen": [
        {
            "code": "school",
            "omschrijving": "Weer 4 dagen per week naar school",
            "termijn": "2027-02-01",
            "beoogd_effect": "Structuur en perspectief",
        },
        {
            "code": "thuis",
            "omschrijving": "Thuis blijven wonen",
            "termijn": "2027-03-01",
            "beoogd_effect": "Uithuisplaatsing voorkomen",
        },
    ],
    "randvoorwaarden": "Gemeente financiert de time-outplek.",
    "casusregisseur": "A. Bakker",
    "evaluatiedatum": "2027-02-25",
}

EVALUATIE: dict[str, Any] = {
    "datum": "2027-02-25",
    "scores": {"school": "deels", "thuis": "behaald"},
    "toelichting": "Schoolgang verbetert; thuissituatie stabiel.",
    "terug_op_tafel": False,
}

OPSCHALING: dict[str, Any] = {
    "niveau": "bovenregionaal",
    "reden": "Geen passende plek in de regio voor deze combinatie van problematiek.",
    "intakevragen": {
        "vraag": "Welke bovenregionale expertise kan een passende plek organiseren?",
        "wensen_ouders_jeugdige": "Zo dicht mogelijk bij huis.",
        "onderzocht_en_geprobeerd": "Alle regionale aanbieders benaderd.",
        "best_passende_oplossing": "Kleinschalige woonvorm met GGZ-behandeling.",
        "belemmeringen": "Wachtlijsten en geen contract met de juiste aanbieder.",
        "urgentie": "Binnen twee weken.",
        "risicos": "Escalatie thuis, gesloten plaatsing.",
        "nu_nodig": "Een aanbieder die start en financiering die het mogelijk maakt.",
    },
}

AFSLUITING: dict[str, Any] = {
    "reden": "doelen-behaald",
    "waardering_samenwerking": 8,
    "waardering_effect": 7,
    "uithuisplaatsing_voorkomen": True,
    "duurzame_oplossing": True,
    "vast_contactpersoon": "A. Bakker",
    "regie_bij": "gebiedsteam",
    "lessen": "Vroeg de school aan tafel.",
    "lessen_categorie": "samenwerking",
}

HEROPENING: dict[str, Any] = {"reden": "Thuissituatie opnieuw onveilig."}

WISSEN: dict[str, Any] = {"reden": "Verzoek tot verwijdering (AVG art. 17, Jeugdwet art. 7.3.9), ontvangen 2 maart."}

TERUGKOPPELING: dict[str, Any] = {
    "bruikbaarheid": 4,
    "wordt_uitgevoerd": "deels",
    "belemmering": {
        "categorie": "financiering",
        "omschrijving": "De beschikking voor de time-outplek laat op zich wachten.",
    },
    "opmerkingen": "Het stappenplan hielp de school om aan te sluiten.",
}

BESTUURLIJK_OVERLEG: dict[str, Any] = {
    "datum": "2027-01-12",
    "deelnemers": ["wethouder Jeugd Tilburg", "bestuurder Zorgaanbieder De Brug", "bestuurder GGZ Breburg"],
    "uitkomst": "oplossing-afgesproken",
    "besluit": "De Brug biedt binnen twee weken een woonplek met GGZ-behandeling; Tilburg financiert het eerste jaar.",
}

BESTUURLIJKE_EVALUATIE: dict[str, Any] = {
    "datum": "2027-03-02",
    "besluit_uitgevoerd": "ja",
    "casus_vlotgetrokken": True,
    "toelichting": "De woonplek kwam er binnen drie weken; de behandeling loopt.",
    "lessen": "Bestuurders eerder aan tafel: de financiering stond het langst in de weg.",
    "lessen_categorie": "financiering",
    "knelpunten": [{"categorie": "financiering", "omschrijving": "Geen regionaal contract voor deze combinatie."}],
}

KERNTEAMBESLUIT: dict[str, Any] = {
    "opgepakt": True,
    "oplossing": "2c-doorbraak",
    "deelname_gezin": "Moeder en jeugdige schuiven aan bij het kernteam.",
}
ACTIE: dict[str, Any] = {
    "inzet": "Twee dagdelen per week gedurende drie maanden.",
    "experts": ["orthopedagoog", "jeugdpsychiater"],
    "afspraken": [{"uitvoerder": "Zorgaanbieder De Brug", "doel": "Passende woonplek", "procesregie": "gebiedsteam"}],
    "evaluatiemomenten": ["2027-01-15"],
    "contactpersoon": "P. de Wit",
    "financiering_garant": True,
}
KNELPUNT: dict[str, Any] = {"categorie": "financiering", "omschrijving": "Geen gemeente neemt de kosten op zich."}
NETWERK_OPSCHALING: dict[str, Any] = {"naar": "Opdrachtgever regio", "reden": "De oplossing komt niet tot stand."}
NETWERK_AFSLUITING: dict[str, Any] = {
    "checklist": {
        "vervolgstappen_duidelijk": True,
        "duurzame_oplossing": True,
        "vaste_contactpersoon": True,
        "regie_duidelijk": True,
        "monitoringgegevens_aangeleverd": True,
        "leergegevens_aangeleverd": True,
    },
    "toelichting": "Jeugdige woont stabiel; regie bij het gebiedsteam.",
    "lessen": "Een tijdelijke financieringsgarantie van het netwerk brak de impasse.",
    "lessen_categorie": "financiering",
    "werkzame_elementen": "Eén vast contactpersoon en korte lijnen met de bestuurders.",
    "knelpunten": [{"categorie": "zorginhoud", "omschrijving": "Geen aanbod voor LVB met GGZ-problematiek."}],
}

CORRECTIE: dict[str, Any] = {
    "onderdeel": "aanmelding",
    "wijzigingen": {"woonplaatsgemeente": "Dongen", "leeftijd": 14},
    "reden": "Bij de aanmelding verkeerd overgenomen uit het verwijsformulier.",
}
