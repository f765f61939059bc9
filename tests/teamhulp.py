"""What the team pages' tests (e2e and browser) share: a registration, triage, meeting, advice, evaluation and
closing as the forms post them (field names are the API's field paths)."""

from __future__ import annotations

from datetime import date, timedelta


def aanmelding(vandaag: date, **anders: str) -> dict[str, str | list[str]]:
    """A complete registration form for Zeeland."""
    velden: dict[str, str | list[str]] = {
        "aanmelding.werkstroom": "B",
        "aanmelding.woonplaatsgemeente": "Goes",
        "aanmelding.leeftijd": "15",
        "aanmelding.leefgebieden": ["gezin", "onderwijs", "psychisch"],
        "aanmelding.urgentie": "hoog",
        "aanmelding.vraag": "Welke plek en begeleiding maken thuis wonen duurzaam?",
        "aanmelding.wensen_ouders_jeugdige": "Moeder wil dat haar zoon thuis blijft wonen.",
        "aanmelding.betrokkenheid_ouders_jeugdige": "Moeder en jongere zijn betrokken.",
        "aanmelding.al_geprobeerd": "Ambulante gezinsbegeleiding, twee schoolwisselingen.",
        "aanmelding.aanmelder.naam": "J. de Vries",
        "aanmelding.aanmelder.organisatie": "Gebiedsteam Goes",
        "aanmelding.aanmelder.rol": "toegang",
        "aanmelding.toestemming.gegeven_door": "moeder",
        "aanmelding.toestemming.gegeven_op": vandaag.isoformat(),
        "persoonsgegevens.jeugdige.naam": "S. Jansen",
        "persoonsgegevens.ouders.0.naam": "M. Jansen",
    }
    return velden | anders


TRIAGE = {
    "uitkomst": "bespreken",
    "meerdere_leefgebieden_verergeren": "true",
    "handelingsverlegenheid": "true",
    "toelichting": "Problemen op drie leefgebieden nemen toe.",
    "uit_te_nodigen_expertise": "GGZ jeugd\nonderwijsconsulent",
}


def overleg(dag: date) -> dict[str, str]:
    return {"datum": dag.isoformat(), "genodigden": "voorzitter\nGGZ jeugd", "locatie": "Stadskantoor"}


def advies(vandaag: date) -> dict[str, str]:
    later = (vandaag + timedelta(days=60)).isoformat()
    return {
        "probleemschets": "Angst en schooluitval.",
        "advies": "Intensieve ambulante begeleiding thuis.",
        "soort_ondersteuning": "Specialistische ambulante jeugdhulp",
        "stappen.0.omschrijving": "Intake bij aanbieder",
        "stappen.0.eigenaar": "casusregisseur",
        "stappen.0.deadline": later,
        "onderbouwing": "De analyse wijst op hechtingsproblematiek.",
        "doelen.0.code": "school",
        "doelen.0.omschrijving": "Weer naar school",
        "doelen.0.termijn": later,
        "doelen.0.beoogd_effect": "Structuur",
        "randvoorwaarden": "Financiering door de gemeente.",
        "casusregisseur": "P. Bakker",
        "evaluatiedatum": later,
    }


def evaluatie(dag: date) -> dict[str, str]:
    return {"datum": dag.isoformat(), "scores.school": "behaald", "toelichting": "Gaat weer naar school."}


AFSLUITING = {
    "reden": "doelen-behaald",
    "waardering_samenwerking": "8",
    "waardering_effect": "7",
    "duurzame_oplossing": "true",
    "regie_bij": "ouders",
    "lessen": "Vroeg de school betrekken.",
}


def bestuurlijk_overleg(dag: date) -> dict[str, str]:
    """The round-table meeting after a bestuurlijke escalation, as its form posts it."""
    return {
        "datum": dag.isoformat(),
        "deelnemers": "wethouder Jeugd Vlissingen\nbestuurder gecertificeerde instelling",
        "uitkomst": "oplossing-afgesproken",
        "besluit": "De gemeente financiert een plek in de pleegzorg.",
    }


def bestuurlijke_evaluatie(dag: date) -> dict[str, str]:
    return {
        "datum": dag.isoformat(),
        "besluit_uitgevoerd": "ja",
        "casus_vlotgetrokken": "true",
        "toelichting": "De plek kwam er binnen een week.",
        "lessen": "Eerder bestuurlijk opschalen.",
    }
