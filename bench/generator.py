"""Realistic case histories across the six Brabant/Zeeland regions, written straight into their stores.

Each case gets a life with the mix of steps and the timings the teams report: most cases are
discussed, some are handed back or advised at triage; meetings within two weeks, advice the next
working day, evaluation after two to three months, a few escalations, returns and reopenings.
Events are made by the domain itself (so they pass every rule) and appended in chunks, cases of a
cohort interleaved by date.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from adapters.feestdagen import nederlandse_werkkalender
from domain.casus import Casus
from domain.regioprofiel import RegioProfiel
from domain.waarden import (
    Aanmelder,
    Aanmelding,
    Advies,
    Afsluitformulier,
    Doel,
    Evaluatie,
    Herkomst,
    Heropening,
    Intakevragen,
    Knelpunt,
    Opschaling,
    Overleg,
    Stap,
    Toestemming,
    Triage,
)
from services.casus_store import CasusStore

REGIO_GEWICHT = {
    "zeeland": 0.12,
    "west-brabant-west": 0.13,
    "west-brabant-oost": 0.15,
    "hart-van-brabant": 0.17,
    "noordoost-brabant": 0.19,
    "zuidoost-brabant": 0.24,
}
LEEFGEBIEDEN = ["gezin", "opvoeding", "onderwijs", "wonen", "gezondheid", "psychisch", "verslaving", "veiligheid"]
AANMELDERS = ["toegang", "toegang", "gecertificeerde-instelling", "veilig-thuis", "zorgaanbieder"]
KNELPUNTEN = [
    ("zorginhoud", "Geen passend aanbod voor deze combinatie van problematiek."),
    ("financiering", "Onduidelijk wie de hulp betaalt."),
    ("samenwerking", "Partijen wachten op elkaar."),
]
INTAKE = Intakevragen(**dict.fromkeys(Intakevragen.model_fields, "Zie dossier van het expertteam."))
START = date(2025, 1, 6)
EINDE = date(2026, 10, 30)


class Generator:
    def __init__(self, profielen: dict[str, RegioProfiel], seed: int = 2026) -> None:
        self.profielen = profielen
        self.rng = random.Random(seed)
        self.kalender = nederlandse_werkkalender()

    def _herkomst(self, rol: str) -> Herkomst:
        return Herkomst(actor=f"{rol}-{self.rng.randint(1, 12)}", rol=rol)

    def _knelpunten(self, kans: float) -> tuple[Knelpunt, ...]:
        if self.rng.random() >= kans:
            return ()
        categorie, omschrijving = self.rng.choice(KNELPUNTEN)
        return (Knelpunt(categorie=categorie, omschrijving=omschrijving),)

    def casus(self, regio: str) -> list[Any]:
        """One case's whole history as domain events."""
        r, profiel = self.rng, self.profielen[regio]
        dag = START + timedelta(days=r.randint(0, (EINDE - START).days))
        werkstroom = "A" if r.random() < 0.3 and "A" in profiel.werkstromen else "B"
        aanmelding = Aanmelding(
            werkstroom=werkstroom,
            aanmelder=Aanmelder(naam="Consulent", organisatie="Gebiedsteam", rol=r.choice(AANMELDERS)),
            woonplaatsgemeente=r.choice(profiel.gemeenten),
            leeftijd=r.choice([r.randint(0, 11), r.randint(12, 17), r.randint(12, 17), r.randint(18, 23)]),
            leefgebieden=tuple(r.sample(LEEFGEBIEDEN, r.randint(2, 4))),
            vraag="Welke passende hulp is nodig?",
            wensen_ouders_jeugdige="Thuis blijven wonen.",
            betrokkenheid_ouders_jeugdige="Betrokken.",
            al_geprobeerd="Ambulante hulp.",
            urgentie=r.choice(["normaal", "hoog", "hoog", "crisis"]),
            toestemming=Toestemming(gegeven_door="ouders", gegeven_op=dag),
            plaatsingsdatum=dag - timedelta(days=r.randint(0, 7)) if werkstroom == "A" else None,
        )
        casus = Casus.meld_aan(
            casus_id=uuid.uuid4(),
            profiel=profiel,
            aanmelding=aanmelding,
            persoonsgegevens=None,
            op=dag,
            herkomst=self._herkomst("aanmelder"),
        )
        for ronde in range(2):
            dag = self.kalender.plus_werkdagen(dag, r.choice([1, 2, 3, 4, 5, 5, 6, 8]))
            uitkomst = r.choices(["bespreken", "advies-na-triage", "teruggelegd"], [0.7, 0.15, 0.15])[0]
            casus.trieer(
                Triage(
                    uitkomst=uitkomst,
                    meerdere_leefgebieden_verergeren=True,
                    handelingsverlegenheid=True,
                    samenwerking_vastgelopen=r.random() < 0.5,
                    toelichting="Triage.",
                    reden_teruglegging="Regulier aanbod." if uitkomst == "teruggelegd" else None,
                    knelpunten=self._knelpunten(0.2),
                ),
                op=dag,
                herkomst=self._herkomst("triagist"),
            )
            if uitkomst != "teruggelegd":
                for keer in range(1 + (r.random() < 0.1)):
                    if uitkomst == "bespreken":
                        dag += timedelta(days=r.randint(3, 16))
                        casus.plan_overleg(
                            Overleg(datum=dag, genodigden=("voorzitter", "experts")),
                            op=dag - timedelta(days=2),
                            herkomst=self._herkomst("secretaris"),
                        )
                        dag = self.kalender.plus_werkdagen(dag, r.choice([0, 1, 1, 1, 2]))
                    if r.random() < 0.06 and not casus.opschalingsniveaus():
                        casus.schaal_op(
                            Opschaling(
                                niveau="bovenregionaal", reden="Geen oplossing in de regio.", intakevragen=INTAKE
                            ),
                            profiel,
                            op=dag,
                            herkomst=self._herkomst("triagist"),
                        )
                    evaluatiedatum = dag + timedelta(days=r.randint(60, 95))
                    casus.breng_advies_uit(
                        Advies(
                            probleemschets="Complex.",
                            advies="Advies.",
                            soort_ondersteuning="Ambulant",
                            stappen=(
                                Stap(omschrijving="Start hulp", eigenaar="aanbieder", deadline=dag + timedelta(14)),
                            ),
                            onderbouwing="Analyse.",
                            doelen=(
                                Doel(
                                    code="thuis",
                                    omschrijving="Thuis wonen",
                                    termijn=evaluatiedatum,
                                    beoogd_effect="Geen uithuisplaatsing",
                                ),
                            ),
                            randvoorwaarden="Financiering.",
                            casusregisseur=f"Regisseur {r.randint(1, 8)}",
                            evaluatiedatum=evaluatiedatum,
                            knelpunten=self._knelpunten(0.1),
                        ),
                        op=dag,
                        herkomst=self._herkomst("secretaris"),
                    )
                    if r.random() < 0.8:
                        dag = evaluatiedatum + timedelta(days=r.randint(-10, 20))
                        terug = keer == 0 and uitkomst == "bespreken" and r.random() < 0.1
                        casus.leg_evaluatie_vast(
                            Evaluatie(
                                datum=dag,
                                scores={"thuis": r.choice(["behaald", "deels", "niet-behaald"])},
                                toelichting="Evaluatie.",
                                terug_op_tafel=terug,
                            ),
                            op=dag,
                            herkomst=self._herkomst("casusregisseur"),
                        )
                        if not terug:
                            break
                    else:
                        break
            if r.random() < 0.15:
                return casus.collect_events()  # still open
            dag += timedelta(days=r.randint(0, 40))
            casus.sluit_af(
                Afsluitformulier(
                    reden=r.choice(["doelen-behaald", "passende-hulp-georganiseerd", "overgedragen"])
                    if uitkomst != "teruggelegd"
                    else "teruggelegd",
                    waardering_samenwerking=r.randint(4, 10),
                    waardering_effect=r.randint(3, 10),
                    uithuisplaatsing_voorkomen=r.random() < 0.6 if werkstroom == "A" else None,
                    duurzame_oplossing=r.random() < 0.7,
                    regie_bij="gebiedsteam",
                    lessen="Lessen.",
                    knelpunten=self._knelpunten(0.15),
                ),
                op=dag,
                herkomst=self._herkomst("casusregisseur"),
            )
            if ronde == 1 or r.random() >= 0.05:
                break
            dag += timedelta(days=r.randint(20, 120))
            casus.heropen(Heropening(reden="Opnieuw vastgelopen."), op=dag, herkomst=self._herkomst("triagist"))
        return casus.collect_events()

    def cohort(self, regio: str, casussen: int) -> Iterator[Any]:
        """The events of `casussen` cases, interleaved by business date (each case's own order kept)."""
        levens = [self.casus(regio) for _ in range(casussen)]
        yield from heapq.merge(*levens, key=lambda e: (e.op, e.timestamp))


def vul(
    stores: dict[str, CasusStore],
    profielen: dict[str, RegioProfiel],
    aantal: int,
    seed: int = 2026,
    cohort: int = 500,
    stuk: int = 500,
) -> int:
    """Appends about `aantal` events over the six regions; returns how many."""
    generator = Generator(profielen, seed)
    regios = [regio for regio in REGIO_GEWICHT if regio in stores]
    gedaan = 0
    while gedaan < aantal:
        regio = generator.rng.choices(regios, [REGIO_GEWICHT[r] for r in regios])[0]
        gedaan += bewaar_in_stukken(stores[regio], generator.cohort(regio, cohort), stuk)
    return gedaan


def bewaar_in_stukken(store: CasusStore, events: Iterable[Any], stuk: int) -> int:
    """Appends `events` to the store's table `stuk` to a statement, past the cases' cache; returns how many."""
    aantal, buffer = 0, []
    for event in events:
        buffer.append(store.mapper.to_stored_event(event))
        if len(buffer) == stuk:
            store.recorder.insert_events(buffer)
            aantal, buffer = aantal + len(buffer), []
    if buffer:
        store.recorder.insert_events(buffer)
        aantal += len(buffer)
    return aantal
