"""Command throughput through the service layer against raw single-row INSERT transactions.

Runs, against one PostgreSQL, side by side in the same run:
  raw-1     single-row INSERT transactions (autocommit), 1 connection
  raw-4     the same, 4 connections in parallel (4 processes)
  dienst-1  case commands through CasusService, 1 writer in one region, personal data encrypted with the
            case's key (as `serve` runs)
  dienst-6  the same, the 6 regions of BEN Brabant/Zeeland writing in parallel (one process each)
  kaal-1, kaal-6  the same two without encryption (personal data stored in plaintext, as before case keys)
  zonder-1, zonder-6  the same two without encryption and without the hash chain (its trigger disabled in the
            benchmark's own schemas): the write path as it was before either existed
Every command appends one event, so commands/s = events/s. Raw rows carry as many bytes as
the mean stored event of a case's life. The scenarios run interleaved in rounds, so that
drift in the machine's disk and CPU hits all of them alike; each worker starts its clock
only when all workers are ready. Prints the median events/s per scenario and the ratios
dienst-1 / raw-1 and dienst-6 / raw-4 (of the medians, and their range over the rounds), the same for
kaal and zonder, and what the features cost: dienst / zonder. Each case carries personal data (a name, a
date of birth, a parent with a phone number).

    python -m bench.schrijven [--rondes 7] [--seconden 4] [--database-url URL]

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import psycopg
from psycopg import sql

from adapters.bootstrap import bootstrap
from adapters.postgres import netwerk_schema_naam, schema_naam, verwijder_schema
from adapters.regio_catalogus import laad_profielen
from adapters.settings import Settings
from bench import grens
from bench.servers import postgres
from domain.casus import Casus
from domain.waarden import (
    Aanmelder,
    Aanmelding,
    Advies,
    Afsluitformulier,
    Doel,
    Evaluatie,
    Herkomst,
    Overleg,
    Persoon,
    Persoonsgegevens,
    Stap,
    Toestemming,
    Triage,
)
from services.casussen import CasusService

BRABANT_ZEELAND = {
    "zeeland": "Goes",
    "west-brabant-west": "Roosendaal",
    "west-brabant-oost": "Breda",
    "hart-van-brabant": "Tilburg",
    "noordoost-brabant": "Oss",
    "zuidoost-brabant": "Eindhoven",
}
NETWERK = "ben-brabant-zeeland"
HERKOMST = Herkomst(actor="bench", rol="triagist")
RAW_SCHEMA = "bench_raw"


# --- the commands' input, built once: the benchmark measures the service, not its caller ----


@dataclass(frozen=True)
class Invoer:
    aanmelding: Aanmelding
    persoonsgegevens: Persoonsgegevens
    triage: Triage
    overleg: Overleg
    advies: Advies
    evaluatie: Evaluatie
    afsluiting: Afsluitformulier

    @classmethod
    def voor(cls, regio: str, vandaag: date) -> Invoer:
        later = vandaag + timedelta(days=60)
        return cls(
            aanmelding=Aanmelding(
                werkstroom="B",
                aanmelder=Aanmelder(naam="J. de Vries", organisatie="Gebiedsteam", rol="toegang"),
                woonplaatsgemeente=BRABANT_ZEELAND[regio],
                leeftijd=15,
                leefgebieden=("gezin", "onderwijs", "psychisch"),
                vraag="Welke passende hulp maakt thuis wonen duurzaam?",
                wensen_ouders_jeugdige="Thuis blijven wonen en naar school gaan.",
                betrokkenheid_ouders_jeugdige="Moeder en jongere zijn betrokken bij de aanmelding.",
                al_geprobeerd="Ambulante gezinsbegeleiding en een schoolwissel.",
                urgentie="hoog",
                toestemming=Toestemming(gegeven_door="moeder", gegeven_op=vandaag),
            ),
            persoonsgegevens=Persoonsgegevens(
                jeugdige=Persoon(naam="S. Jansen", geboortedatum=date(vandaag.year - 15, 1, 1)),
                ouders=(Persoon(naam="M. Jansen", telefoon="06 1234 5678", adres="Kerkstraat 12, Tilburg"),),
            ),
            triage=Triage(
                uitkomst="bespreken",
                meerdere_leefgebieden_verergeren=True,
                handelingsverlegenheid=True,
                samenwerking_vastgelopen=True,
                toelichting="Problemen op drie leefgebieden nemen toe.",
                uit_te_nodigen_expertise=("GGZ jeugd", "onderwijsconsulent"),
            ),
            overleg=Overleg(datum=vandaag, genodigden=("voorzitter", "GGZ jeugd", "moeder")),
            advies=Advies(
                probleemschets="Angst en schooluitval.",
                advies="Intensieve ambulante begeleiding thuis.",
                soort_ondersteuning="Specialistische ambulante jeugdhulp",
                stappen=(Stap(omschrijving="Intake bij aanbieder", eigenaar="casusregisseur", deadline=later),),
                onderbouwing="Verklarende analyse.",
                doelen=(Doel(code="school", omschrijving="Naar school", termijn=later, beoogd_effect="Structuur"),),
                randvoorwaarden="Gemeente financiert.",
                casusregisseur="A. Bakker",
                evaluatiedatum=later,
            ),
            evaluatie=Evaluatie(datum=vandaag, scores={"school": "behaald"}, toelichting="Gaat goed."),
            afsluiting=Afsluitformulier(
                reden="doelen-behaald",
                waardering_samenwerking=8,
                waardering_effect=8,
                duurzame_oplossing=True,
                regie_bij="ouders",
                lessen="School vroeg betrekken.",
            ),
        )


def levensloop(dienst: CasusService, invoer: Invoer) -> int:
    """One case's whole life through the service: six commands, seven events (the plan puts the case on its
    meeting too: one `CasusIngepland` on the meeting, in the same append)."""
    casus_id = dienst.meld_aan(invoer.aanmelding, invoer.persoonsgegevens, HERKOMST).casus.id
    dienst.trieer(casus_id, invoer.triage, HERKOMST)
    dienst.plan_overleg(casus_id, invoer.overleg, HERKOMST)
    dienst.breng_advies_uit(casus_id, invoer.advies, HERKOMST)
    dienst.leg_evaluatie_vast(casus_id, invoer.evaluatie, HERKOMST)
    dienst.sluit_af(casus_id, invoer.afsluiting, HERKOMST)
    return 7


def gemiddelde_eventgrootte() -> int:
    """The mean size of the stored events of one case's life, so raw rows carry as much."""
    vandaag = date.today()
    invoer = Invoer.voor("hart-van-brabant", vandaag)
    casus = Casus.meld_aan(
        casus_id=uuid.uuid4(),
        profiel=laad_profielen()["hart-van-brabant"],
        aanmelding=invoer.aanmelding,
        persoonsgegevens=invoer.persoonsgegevens,
        op=vandaag,
        herkomst=HERKOMST,
    )
    casus.trieer(invoer.triage, op=vandaag, herkomst=HERKOMST)
    casus.plan_overleg(invoer.overleg, op=vandaag, herkomst=HERKOMST)
    casus.breng_advies_uit(invoer.advies, op=vandaag, herkomst=HERKOMST)
    casus.leg_evaluatie_vast(invoer.evaluatie, op=vandaag, herkomst=HERKOMST)
    casus.sluit_af(invoer.afsluiting, op=vandaag, herkomst=HERKOMST)
    groottes = [len(event.model_dump_json()) for event in casus.collect_events()]
    return sum(groottes) // len(groottes)


# --- workers: prepare, wait until all are ready, then count for a fixed time ----------------

KLAAR_BINNEN = 300.0
"""Seconds the workers may take to get ready (start-up, first connections)."""


def _tel(eenheid: Callable[[], int], seconden: float, klaar: Any) -> tuple[int, float]:
    klaar.wait(KLAAR_BINNEN)  # broken (an error) when another worker failed while getting ready
    start = time.perf_counter()
    einde = start + seconden
    aantal = 0
    while time.perf_counter() < einde:
        aantal += eenheid()
    return aantal, time.perf_counter() - start


def raw_werker(url: str, grootte: int, seconden: float, klaar: Any) -> tuple[int, float]:
    state = b"x" * grootte
    insert = (
        f"INSERT INTO {RAW_SCHEMA}.events (originator_id, originator_version, topic, state) "
        "VALUES (%s, 1, 'domain.casus:Casus.Getrieerd', %s)"
    )
    with psycopg.connect(url, autocommit=True) as conn:

        def een_insert() -> int:
            conn.execute(insert, (uuid.uuid4(), state), prepare=True)
            return 1

        een_insert()
        return _tel(een_insert, seconden, klaar)


def dienst_werker(
    url: str, prefix: str, regio: str, versleutel: bool, seconden: float, klaar: Any, *, keten: bool = True
) -> tuple[int, float]:
    settings = Settings(_env_file=None, database_url=url, schema_prefix=prefix, regios=[regio])
    container = bootstrap(settings, versleutel=versleutel)
    try:
        dienst = container.regio(regio)
        if not keten:
            zet_keten_uit(url, dienst.store.recorder)
        invoer = Invoer.voor(regio, dienst.vandaag())
        levensloop(dienst, invoer)
        return _tel(lambda: levensloop(dienst, invoer), seconden, klaar)
    finally:
        container.close()


def zonder_werker(url: str, prefix: str, regio: str, seconden: float, klaar: Any) -> tuple[int, float]:
    return dienst_werker(url, prefix, regio, False, seconden, klaar, keten=False)


def zet_keten_uit(url: str, recorder: Any) -> None:
    """Disables the hash chain's trigger on the benchmark's own events table (the start-up DDL enables it
    again): the benchmark runs as the database's superuser; `serve` has no such switch."""
    tabel = sql.Identifier(recorder.datastore.schema, recorder.events_table_name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER keten_na_insert").format(tabel))


def parallel(doel: Callable[..., tuple[int, float]], argumenten: list[tuple[Any, ...]], seconden: float) -> float:
    """Events/s of all workers together, each timed from the moment all were ready. A worker that fails
    ends the measurement with its error: the others are released from waiting for it."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager, ctx.Pool(len(argumenten)) as pool:
        klaar = manager.Barrier(len(argumenten))
        taken = [pool.apply_async(doel, (*args, seconden, klaar)) for args in argumenten]
        einde = time.monotonic() + KLAAR_BINNEN + seconden
        while not all(taak.ready() for taak in taken):
            mislukt = next((taak for taak in taken if taak.ready() and not taak.successful()), None)
            if mislukt is not None:
                klaar.abort()
                mislukt.get()  # raises the worker's error
            if time.monotonic() > einde:
                klaar.abort()
                raise TimeoutError(f"the workers did not finish within {KLAAR_BINNEN + seconden:.0f} s")
            time.sleep(0.05)
        return sum(aantal / duur for aantal, duur in (t.get() for t in taken))


# --- running and reporting -------------------------------------------------------------------


@dataclass
class Uitslag:
    per_ronde: dict[str, list[float]]

    def mediaan(self, naam: str) -> float:
        return statistics.median(self.per_ronde[naam])

    def verhouding(self, teller: str, noemer: str) -> tuple[float, float, float]:
        per_ronde = [t / n for t, n in zip(self.per_ronde[teller], self.per_ronde[noemer], strict=True)]
        return self.mediaan(teller) / self.mediaan(noemer), min(per_ronde), max(per_ronde)


def meet(url: str, rondes: int, seconden: float) -> Uitslag:
    prefix, kaal, zonder = (f"{naam}{uuid.uuid4().hex[:6]}_" for naam in ("bench", "kaal", "zonder"))
    grootte = maak_raw_tabel(url)
    scenarios: dict[str, tuple[Callable[..., tuple[int, float]], list[tuple[Any, ...]]]] = {
        "raw-1": (raw_werker, [(url, grootte)]),
        "dienst-1": (dienst_werker, [(url, prefix, "hart-van-brabant", True)]),
        "kaal-1": (dienst_werker, [(url, kaal, "hart-van-brabant", False)]),
        "zonder-1": (zonder_werker, [(url, zonder, "hart-van-brabant")]),
        "raw-4": (raw_werker, [(url, grootte)] * 4),
        "dienst-6": (dienst_werker, [(url, prefix, regio, True) for regio in BRABANT_ZEELAND]),
        "kaal-6": (dienst_werker, [(url, kaal, regio, False) for regio in BRABANT_ZEELAND]),
        "zonder-6": (zonder_werker, [(url, zonder, regio) for regio in BRABANT_ZEELAND]),
    }
    uitslag = Uitslag({naam: [] for naam in scenarios})
    try:
        for doel, argumenten in scenarios.values():  # warm-up: tables, first connections
            parallel(doel, argumenten, 0.5)
        for ronde in range(1, rondes + 1):
            for naam, (doel, argumenten) in scenarios.items():
                uitslag.per_ronde[naam].append(parallel(doel, argumenten, seconden))
            print(
                f"round {ronde}: " + ", ".join(f"{n} {v[-1]:.0f}/s" for n, v in uitslag.per_ronde.items()), flush=True
            )
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {RAW_SCHEMA} CASCADE")
        for regio in BRABANT_ZEELAND:
            verwijder_schema(url, schema_naam(prefix, regio))
            verwijder_schema(url, schema_naam(kaal, regio))
            verwijder_schema(url, schema_naam(zonder, regio))
        for voorvoegsel in (prefix, kaal, zonder):  # the network the regions escalate to is opened with them
            verwijder_schema(url, netwerk_schema_naam(voorvoegsel, NETWERK))
    return uitslag


def maak_raw_tabel(url: str) -> int:
    """A table shaped like the events table; returns the size of a typical stored event."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {RAW_SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {RAW_SCHEMA}")
        conn.execute(
            f"CREATE TABLE {RAW_SCHEMA}.events (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
        )
        conn.execute(f"CREATE UNIQUE INDEX ON {RAW_SCHEMA}.events (notification_id)")
    return gemiddelde_eventgrootte()


def rapport(uitslag: Uitslag) -> str:
    regels = [f"{'scenario':<10} {'median events/s':>16}   rounds"]
    for naam, waarden in uitslag.per_ronde.items():
        regels.append(f"{naam:<10} {uitslag.mediaan(naam):>16.0f}   {', '.join(f'{w:.0f}' for w in waarden)}")
    for teller, noemer, doel in (
        ("dienst-1", "raw-1", 0.6),
        ("kaal-1", "raw-1", 0.6),
        ("dienst-6", "raw-4", 0.5),
        ("kaal-6", "raw-4", 0.5),
        ("zonder-1", "raw-1", 0.6),
        ("zonder-6", "raw-4", 0.5),
    ):
        ratio, laagste, hoogste = uitslag.verhouding(teller, noemer)
        regels.append(
            f"ratio {teller} / {noemer} = {ratio:.2f}  (rounds {laagste:.2f}-{hoogste:.2f}; target >= {doel})"
        )
    for teller, noemer in (("dienst-1", "zonder-1"), ("dienst-6", "zonder-6")):
        ratio, laagste, hoogste = uitslag.verhouding(teller, noemer)
        regels.append(f"features' cost: {teller} / {noemer} = {ratio:.2f}  (rounds {laagste:.2f}-{hoogste:.2f})")
    return "\n".join(regels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rondes", type=int, default=7, help="Rounds of all four scenarios.")
    parser.add_argument("--seconden", type=float, default=4.0, help="Duration of each scenario in a round.")
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    grens.limiet_optie(parser, 1800)
    args = parser.parse_args()
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        print(rapport(meet(url, args.rondes, args.seconden)))


if __name__ == "__main__":
    main()
