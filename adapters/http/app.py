"""The FastAPI application, built around a container made at start-up."""

from __future__ import annotations

from fastapi import FastAPI

from adapters.bootstrap import Container
from adapters.http import casussen, problemen

OMSCHRIJVING = """Case system of the regional youth-care expert teams (RET).

Every case is an immutable history of events; each region's history is its own store.
Authenticate with a bearer token (`doorbraak token --rol triagist --regio zeeland`).
Errors are RFC 9457 problem details. Every POST takes an `Idempotency-Key` header.
"""


def maak_app(container: Container) -> FastAPI:
    app = FastAPI(title="doorbraak", version="0.1.0", description=OMSCHRIJVING)
    app.state.container = container
    problemen.installeer(app)
    app.include_router(casussen.router)

    @app.get("/health", tags=["beheer"], summary="Liveness and the regions served")
    def health() -> dict[str, object]:
        return {"status": "ok", "regios": sorted(container.casussen)}

    return app
