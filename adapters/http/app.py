"""The FastAPI application, built around a container made at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from adapters import web
from adapters.bootstrap import Container
from adapters.checkpointdienst import Checkpointdienst
from adapters.escalatiedienst import Escalatiedienst
from adapters.herinneringsdienst import Herinneringsdienst
from adapters.http import (
    agenda,
    audit,
    beheer,
    bewijs,
    casussen,
    inzage,
    inzagelog,
    leesmodellen,
    netwerk,
    problemen,
    verificatie,
)
from adapters.http.inzageregistratie import Inzageregistratie
from adapters.http.metriek import Metriek
from adapters.http.middleware import Verkeer
from adapters.inloggen import Inloggen
from adapters.inzagelog import Inzagelogs, knooppunt_database_url
from adapters.leesmodellen import LeesModellen

OMSCHRIJVING = """Case system of the regional youth-care expert teams (RET).

Every case is an immutable history of events; each region's history is its own store.
Authenticate with a bearer token (`doorbraak token --rol triagist --regio zeeland`). The pages (`/`) sign in
with an account (`doorbraak gebruiker toevoegen`) instead.
Errors are RFC 9457 problem details (`application/problem+json`); a 422 names each invalid field.
Every POST takes an `Idempotency-Key` header. Every answer carries an `X-Request-Id` (yours, when it is
1 to 128 of `A-Z a-z 0-9 . _ : -`).
"""


def operatie_id(route: APIRoute) -> str:
    """The route's name (`registreer_casus`) as its operation id."""
    return route.name


def maak_app(container: Container, *, projecties: bool = True) -> FastAPI:  # noqa: PLR0915 - a line per service and router
    """The API; with `projecties`, the read models open with it and their projectors run in it."""

    @asynccontextmanager
    async def levensloop(app: FastAPI) -> AsyncIterator[None]:
        app.state.inzagelogs = inzagelogs = await Inzagelogs.geopend(container)
        url = knooppunt_database_url(container)
        app.state.inloggen = inloggen = (
            await Inloggen.geopend(container.settings, url, container.pools) if url else None
        )
        modellen = LeesModellen(container)
        await modellen.open()
        if projecties:
            modellen.start()
        app.state.leesmodellen = modellen

        async def gezondheidsmeters() -> None:
            metriek.gezondheid.zet(await beheer.gezondheid(app.state))

        metriek.voor_elke_scrape.append(gezondheidsmeters)
        dienst: Escalatiedienst | None = None
        if container.settings.escalaties_in_proces and container.settings.nats_url is not None:
            dienst = Escalatiedienst(container)
            await dienst.open()
            dienst.start()
        app.state.escalaties = dienst
        herinneringen: Herinneringsdienst | None = None
        settings = container.settings
        if settings.herinneringen_in_proces and settings.nats_url is not None and container.casussen:
            herinneringen = Herinneringsdienst(container)
            herinneringen.start()
        app.state.herinneringen = herinneringen
        app.state.checkpoints = checkpoints = await Checkpointdienst.gestart(container)
        try:
            yield
        finally:
            await checkpoints.close()
            if herinneringen is not None:
                await herinneringen.close()
            if dienst is not None:
                await dienst.close()
            await modellen.close()
            if inloggen is not None:
                await inloggen.close()
            await inzagelogs.close()

    metriek = Metriek()
    app = FastAPI(
        title="doorbraak",
        version="0.1.0",
        description=OMSCHRIJVING,
        lifespan=levensloop,
        generate_unique_id_function=operatie_id,
        docs_url=None,  # served by adapters.web.documentatie from local assets
        redoc_url=None,
    )
    app.state.container = container
    app.state.metriek = metriek
    app.add_middleware(Inzageregistratie)
    app.add_middleware(Verkeer, metriek=metriek, lees_timeout=container.settings.lees_timeout)
    problemen.installeer(app)
    app.openapi = lambda: problemen.openapi_met_problemen(app)  # type: ignore[method-assign]
    app.include_router(casussen.router)
    app.include_router(leesmodellen.router)
    app.include_router(agenda.router)
    app.include_router(netwerk.router)
    app.include_router(beheer.router)
    app.include_router(audit.router)
    app.include_router(verificatie.router)
    app.include_router(inzage.router)
    app.include_router(inzagelog.router)
    app.include_router(bewijs.router)
    web.installeer(app, container.settings)
    return app
