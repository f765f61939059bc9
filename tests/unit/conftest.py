"""Builders for domain objects; unit tests do no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from adapters.feestdagen import nederlandse_werkkalender
from domain.casus import Casus
from domain.regioprofiel import Normtermijnen, Opschalingsstap, RegioProfiel
from domain.waarden import (
    Aanmelder,
    Aanmelding,
    Advies,
    Afsluitformulier,
    Doel,
    Evaluatie,
    Herkomst,
    Overleg,
    Stap,
    Toestemming,
    Triage,
)
from domain.werkdagen import Werkkalender

HERKOMST = Herkomst(actor="test", rol="triagist")
PROFIEL = RegioProfiel(
    slug="hart-van-brabant",
    naam="Hart van Brabant",
    netwerk="ben-brabant-zeeland",
    gemeenten=("Tilburg", "Dongen", "Goirle"),
    overlegfrequentie="tweewekelijks",
    opschalingsketen=(
        Opschalingsstap(niveau="bovenregionaal", naar="BEN Brabant/Zeeland"),
        Opschalingsstap(niveau="bestuurlijk", naar="wethouder"),
    ),
)


def profiel_met(**wijzigingen: Any) -> RegioProfiel:
    return PROFIEL.model_copy(update=wijzigingen)


ZESWEKELIJKS = Normtermijnen(overleg_dagen=42)


@pytest.fixture
def kalender() -> Werkkalender:
    return nederlandse_werkkalender()


@pytest.fixture
def profiel() -> RegioProfiel:
    return PROFIEL


def aanmelding(**wijzigingen: Any) -> Aanmelding:
    velden: dict[str, Any] = {
        "werkstroom": "B",
        "aanmelder": Aanmelder(naam="J. de Vries", organisatie="Gebiedsteam", rol="toegang"),
        "woonplaatsgemeente": "Tilburg",
        "leeftijd": 15,
        "leefgebieden": ["gezin", "onderwijs"],
        "vraag": "Welke hulp past?",
        "wensen_ouders_jeugdige": "Thuis blijven wonen.",
        "betrokkenheid_ouders_jeugdige": "Betrokken bij de aanmelding.",
        "al_geprobeerd": "Ambulante hulp.",
        "urgentie": "hoog",
        "toestemming": Toestemming(gegeven_door="moeder", gegeven_op=date(2026, 11, 2)),
    }
    velden.update(wijzigingen)
    return Aanmelding(**velden)


def triage(uitkomst: str = "bespreken", **wijzigingen: Any) -> Triage:
    velden: dict[str, Any] = {
        "uitkomst": uitkomst,
        "meerdere_leefgebieden_verergeren": True,
        "handelingsverlegenheid": True,
        "samenwerking_vastgelopen": False,
        "toelichting": "Complex.",
    }
    if uitkomst == "teruggelegd":
        velden["reden_teruglegging"] = "Past in regulier aanbod."
    velden.update(wijzigingen)
    return Triage(**velden)


def overleg(datum: date) -> Overleg:
    return Overleg(datum=datum, genodigden=("voorzitter", "GGZ"))


def advies(evaluatiedatum: date, **wijzigingen: Any) -> Advies:
    velden: dict[str, Any] = {
        "probleemschets": "p",
        "advies": "a",
        "soort_ondersteuning": "s",
        "stappen": [Stap(omschrijving="intake", eigenaar="regisseur", deadline=evaluatiedatum)],
        "onderbouwing": "o",
        "doelen": [Doel(code="school", omschrijving="naar school", termijn=evaluatiedatum, beoogd_effect="e")],
        "randvoorwaarden": "r",
        "casusregisseur": "A. Bakker",
        "evaluatiedatum": evaluatiedatum,
    }
    velden.update(wijzigingen)
    return Advies(**velden)


def evaluatie(datum: date, **scores: str) -> Evaluatie:
    return Evaluatie(datum=datum, scores=scores or {"school": "behaald"}, toelichting="t")


def afsluitformulier(**wijzigingen: Any) -> Afsluitformulier:
    velden: dict[str, Any] = {
        "reden": "doelen-behaald",
        "waardering_samenwerking": 8,
        "waardering_effect": 7,
        "duurzame_oplossing": True,
        "regie_bij": "gebiedsteam",
        "lessen": "l",
    }
    velden.update(wijzigingen)
    return Afsluitformulier(**velden)


def nieuwe_casus(profiel: RegioProfiel, op: date = date(2026, 11, 2), **wijzigingen: Any) -> Casus:
    persoonsgegevens = wijzigingen.pop("persoonsgegevens", None)
    return Casus.meld_aan(
        casus_id=uuid4(),
        profiel=profiel,
        aanmelding=aanmelding(**wijzigingen),
        persoonsgegevens=persoonsgegevens,
        op=op,
        herkomst=HERKOMST,
    )
