"""The CPU price of encrypting personal data, per event, against the same serialisation without it.

Serialises and reads back the seven events of one case's life (as `bench.schrijven` makes them, with personal
data), in the same run: plaintext (as before case keys), encrypted with a case key held in memory (as an
append or a read with the key cached), and read without the key (as the projections do). No database: what
this shows is the cost the cipher adds to each append's and each read's Python, which the write benchmark's
figures include among everything else.

    python -m bench.versleuteling [--herhalingen 2000]
"""

from __future__ import annotations

import argparse
import os
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from adapters.regio_catalogus import laad_profielen
from bench import grens
from bench.schrijven import HERKOMST, Invoer
from domain.casus import Casus
from domain.eventversies import naar_json, topic_van, uit_json
from services.versleuteling import AesSleutelkluis, Sleutelring


def events() -> list[Any]:
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
    return list(casus.collect_events())


def per_event(werk: Callable[[], None], aantal: int, herhalingen: int) -> float:
    """Microseconds per event, the best of three runs."""
    beste = float("inf")
    for _ in range(3):
        begin = time.perf_counter()
        for _ in range(herhalingen):
            werk()
        beste = min(beste, time.perf_counter() - begin)
    return beste / (herhalingen * aantal) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--herhalingen", type=int, default=2000, help="Times the case's events are serialised.")
    grens.limiet_optie(parser, 600)
    args = parser.parse_args()
    with grens.begrensd(args.limiet):
        meet(args.herhalingen)


def meet(herhalingen: int) -> None:
    lijst = events()
    ring = Sleutelring(AesSleutelkluis({"bench": os.urandom(32)}, "bench"))
    platte = [(topic_van(type(e)), naar_json(e)) for e in lijst]
    geheime = [(topic_van(type(e)), naar_json(e, ring), e.originator_id, e.originator_version) for e in lijst]
    n, h = len(lijst), herhalingen
    schrijven = per_event(lambda: [naar_json(e) for e in lijst] and None, n, h)
    schrijven_geheim = per_event(lambda: [naar_json(e, ring) for e in lijst] and None, n, h)
    lezen = per_event(lambda: [uit_json(t, s) for t, s in platte] and None, n, h)
    lezen_geheim = per_event(lambda: [uit_json(t, s, ring, i, v) for t, s, i, v in geheime] and None, n, h)
    lezen_zonder = per_event(lambda: [uit_json(t, s) for t, s, _, _ in geheime] and None, n, h)
    grootte = sum(len(s) for _, s in platte) / n
    grootte_geheim = sum(len(s) for _, s, _, _ in geheime) / n
    regels = [
        ("store (naar_json), us", schrijven, schrijven_geheim),
        ("read with the key (uit_json), us", lezen, lezen_geheim),
        ("read without the key (projections), us", lezen, lezen_zonder),
        ("stored bytes", grootte, grootte_geheim),
    ]
    print(f"{'per event':<40} {'plaintext':>10} {'encrypted':>10} {'ratio':>6}")
    for naam, plat, geheim in regels:
        print(f"{naam:<40} {plat:>10.1f} {geheim:>10.1f} {geheim / plat:>6.2f}")


if __name__ == "__main__":
    main()
