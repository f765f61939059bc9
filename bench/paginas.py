"""The werkvoorraad page's server time for a region with 10,000 open cases, against the API's JSON werkvoorraad
of the same query (the floor: the same read-model query without the page's template), measured in one run.

    python -m bench.paginas [--casussen 10000] [--verzoeken 400] [--database-url URL]

1. Registers `--casussen` open cases in Zeeland, in fresh schemas: each made by the domain's own command
   (`Casus.meld_aan`, a quarter also triaged), spread over the last 60 days so some are overdue, appended in
   chunks to the region's event store as `bench.generator` does; the app's projector builds the read model.
2. Starts the app (uvicorn on 127.0.0.1, in this process), signs in a triagist, and asks the page
   `/team/zeeland/werkvoorraad` and the API's `/regios/zeeland/werkvoorraad` the same queries in turn:
   `--verzoeken` of each over filters (fase, werkstroom, te_laat, none) and pages (1 to 40), 50 a page.
3. Prints p50/p95 of both (time from request to the whole answer, over loopback) and their ratio; the target
   is a page p95 under 50 ms.

Without --database-url (or DOORBRAAK_BENCH_DATABASE_URL) it starts an embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx

from adapters.bootstrap import Container, bootstrap
from adapters.settings import Settings
from adapters.tokens import Gebruiker, maak_token
from bench import grens
from bench.generator import bewaar_in_stukken
from bench.servers import draaiend, postgres
from domain.casus import Casus
from domain.rollen import Rol
from domain.waarden import Aanmelder, Aanmelding, Herkomst, Toestemming, Triage

REGIO = "zeeland"
WACHTWOORD = "bench-wachtwoord-paginas"
FILTERS: list[dict[str, str]] = [
    {},
    {"fase": "aangemeld"},
    {"fase": "getrieerd"},
    {"werkstroom": "A"},
    {"te_laat": "true"},
    {"te_laat": "false", "werkstroom": "B"},
]


def vul(container: Container, aantal: int, seed: int = 2026) -> None:
    """`aantal` open cases, made by the domain's commands and appended in chunks of 1,000."""
    rng = random.Random(seed)
    profiel = container.profielen[REGIO]
    store = container.stores[REGIO]
    vandaag = date.today()
    herkomst = Herkomst(actor="bench", rol="triagist")

    def casussen() -> Iterator[Any]:
        for _ in range(aantal):
            op = vandaag - timedelta(days=rng.randrange(60))
            aanmelding = Aanmelding(
                werkstroom=rng.choice(["A", "B", "B"]),
                aanmelder=Aanmelder(naam="Aanmelder", organisatie="Gebiedsteam", rol="toegang"),
                woonplaatsgemeente=rng.choice(profiel.gemeenten),
                leeftijd=rng.randrange(0, 24),
                leefgebieden=("gezin", "onderwijs"),
                vraag="Welke hulp past?",
                wensen_ouders_jeugdige="Thuis blijven wonen.",
                betrokkenheid_ouders_jeugdige="Betrokken.",
                al_geprobeerd="Ambulante hulp.",
                urgentie=rng.choice(["laag", "normaal", "hoog", "crisis"]),
                toestemming=Toestemming(gegeven_door="ouder", gegeven_op=op),
            )
            casus = Casus.meld_aan(
                casus_id=uuid.uuid4(), profiel=profiel, aanmelding=aanmelding, persoonsgegevens=None, op=op,
                herkomst=herkomst,
            )  # fmt: skip
            if rng.random() < 0.25:
                triage = Triage(
                    uitkomst="bespreken",
                    meerdere_leefgebieden_verergeren=True,
                    handelingsverlegenheid=True,
                    samenwerking_vastgelopen=False,
                    toelichting="Complex.",
                )
                casus.trieer(triage, op=min(op + timedelta(days=rng.randrange(10)), vandaag), herkomst=herkomst)
            yield from casus.collect_events()

    bewaar_in_stukken(store, casussen(), 1000)


def account(settings: Settings) -> None:
    from adapters.inloggen import Inloggen

    async def voeg_toe() -> None:
        inloggen = await Inloggen.geopend(settings, settings.database_url or "")
        try:
            gebruiker = Gebruiker(naam="bench", rol=Rol.TRIAGIST, regios=(REGIO,))
            await inloggen.accounts.voeg_toe(gebruiker, await inloggen.wachtwoorden.hash(WACHTWOORD))
        finally:
            await inloggen.close()

    asyncio.run(voeg_toe())


def percentiel(tijden: list[float], p: float) -> float:
    return statistics.quantiles(tijden, n=100, method="inclusive")[int(p) - 1] * 1000


def meet(adres: str, token: str, aantal: int, casussen: int) -> dict[str, list[float]]:
    """Page and API, the same query in turn, `aantal` times each; seconds per answer."""
    rng = random.Random(7)
    tijden: dict[str, list[float]] = {"pagina": [], "api": []}
    with httpx.Client(base_url=adres, timeout=30) as pagina, httpx.Client(base_url=adres, timeout=30) as api:
        csrf = re.search(r'name="csrf" value="([^"]+)"', pagina.get("/aanmelden").text)
        assert csrf
        antwoord = pagina.post("/aanmelden", data={"csrf": csrf.group(1), "naam": "bench", "wachtwoord": WACHTWOORD})
        assert antwoord.status_code == 303, antwoord.text
        api.headers["Authorization"] = f"Bearer {token}"
        for i in range(aantal + 20):
            query = {
                **rng.choice(FILTERS),
                "pagina": str(rng.randrange(1, max(casussen // 250, 2))),
                "per_pagina": "50",
            }
            for soort, client, pad in (
                ("pagina", pagina, f"/team/{REGIO}/werkvoorraad"),
                ("api", api, f"/regios/{REGIO}/werkvoorraad"),
            ):
                start = time.perf_counter()
                antwoord = client.get(pad, params=query)
                duur = time.perf_counter() - start
                assert antwoord.status_code == 200, (pad, query, antwoord.status_code)
                if i >= 20:  # the first are warm-up
                    tijden[soort].append(duur)
    return tijden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--casussen", type=int, default=10_000)
    parser.add_argument("--verzoeken", type=int, default=400)
    parser.add_argument("--database-url", default=os.environ.get("DOORBRAAK_BENCH_DATABASE_URL"))
    grens.limiet_optie(parser, 900)
    args = parser.parse_args()
    with grens.begrensd(args.limiet), postgres(args.database_url) as url:
        prefix = f"paginas{uuid.uuid4().hex[:6]}_"
        settings = Settings(_env_file=None, database_url=url, schema_prefix=prefix, regios=[REGIO], cookie_secure=False)
        container = bootstrap(settings)
        try:
            start = time.perf_counter()
            vul(container, args.casussen)
            print(f"{args.casussen} open cases in {REGIO} in {time.perf_counter() - start:.1f} s")
            account(settings)
            token = maak_token(
                Gebruiker(naam="bench", rol=Rol.TRIAGIST, regios=(REGIO,)),
                settings.jwt_sleutel.get_secret_value(),
                settings.jwt_issuer,
            )
            with draaiend(container) as adres:
                start = time.perf_counter()
                with httpx.Client(base_url=adres, headers={"Authorization": f"Bearer {token}"}) as c:
                    while c.get(f"/regios/{REGIO}/werkvoorraad").json().get("totaal") != args.casussen:
                        time.sleep(0.2)
                print(f"read model caught up in {time.perf_counter() - start:.1f} s")
                tijden = meet(adres, token, args.verzoeken, args.casussen)
        finally:
            container.close()
            from adapters.postgres import verwijder_schema

            for schema in (f"{prefix}regio_{REGIO}", f"{prefix}knooppunt"):
                verwijder_schema(url, schema)
    for soort, naam in (("api", "API JSON (floor)"), ("pagina", "werkvoorraad page")):
        print(
            f"{naam:18}: p50 {percentiel(tijden[soort], 50):6.1f} ms | p95 {percentiel(tijden[soort], 95):6.1f} ms "
            f"| {len(tijden[soort])} requests"
        )
    verhouding = percentiel(tijden["pagina"], 95) / percentiel(tijden["api"], 95)
    print(f"page/API at p95: {verhouding:.2f}; target: page p95 < 50 ms")
    print(f"load average at the end: {', '.join(f'{b:.1f}' for b in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
