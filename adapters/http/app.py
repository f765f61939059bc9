"""The FastAPI application, built around a container made at start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from adapters.bootstrap import Container
from adapters.escalatiedienst import Escalatiedienst
from adapters.http import beheer, casussen, leesmodellen, netwerk, problemen
from adapters.leesmodellen import LeesModellen

OMSCHRIJVING = """Case system of the regional youth-care expert teams (RET).

Every case is an immutable history of events; each region's history is its own store.
Authenticate with a bearer token (`doorbraak token --rol triagist --regio zeeland`).
Errors are RFC 9457 problem details. Every POST takes an `Idempotency-Key` header.
"""


def maak_app(container: Container, *, projecties: bool = True) -> FastAPI:
    """The API; with `projecties`, the read models open with it and their projectors run in it."""

    @asynccontextmanager
    async def levensloop(app: FastAPI) -> AsyncIterator[None]:
        modellen = LeesModellen(container)
        await modellen.open()
        if projecties:
            modellen.start()
        app.state.leesmodellen = modellen
        dienst: Escalatiedienst | None = None
        if container.settings.escalaties_in_proces and container.settings.nats_url is not None:
            dienst = Escalatiedienst(container)
            await dienst.open()
            dienst.start()
        app.state.escalaties = dienst
        try:
            yield
        finally:
            if dienst is not None:
                await dienst.close()
            await modellen.close()

    app = FastAPI(title="doorbraak", version="0.1.0", description=OMSCHRIJVING, lifespan=levensloop)
    app.state.container = container
    problemen.installeer(app)
    app.include_router(casussen.router)
    app.include_router(leesmodellen.router)
    app.include_router(netwerk.router)
    app.include_router(beheer.router)
    return app
