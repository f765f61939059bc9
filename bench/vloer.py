"""The floor of `bench.http`: the thinnest FastAPI app on the same uvicorn and PostgreSQL as `doorbraak serve`.

It takes the same requests as doorbraak's API (a registration, a triage), parses and validates their bodies with
the same request schemas, and stores each with one asyncpg INSERT into a table of its own; it answers 201 with
the row's id. No token, no idempotency, no events: what any service on this stack pays for a command.

    python -m bench.vloer --database-url URL --schema SCHEMA --port PORT
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import asyncpg
import uvicorn
from fastapi import Body, FastAPI, Request
from pydantic import BaseModel

from adapters import logboek
from adapters.http.commando import met_bedrijfsdatum
from adapters.http.schemas import CasusAanmelding
from adapters.http.verbinding import http_protocol
from adapters.settings import Settings
from domain.waarden import Triage

TriageStap = met_bedrijfsdatum(Triage)


def maak_vloer(database_url: str, schema: str) -> FastAPI:
    """The floor app: its table `<schema>.verzoeken` is made at start-up."""

    @asynccontextmanager
    async def levensloop(app: FastAPI) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(database_url, min_size=8, max_size=8)
        async with pool.acquire() as conn:
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            await conn.execute(
                f'CREATE TABLE IF NOT EXISTS "{schema}".verzoeken '
                "(id bigserial PRIMARY KEY, casus_id uuid NOT NULL, soort text NOT NULL, body text NOT NULL)"
            )
        app.state.pool = pool
        app.state.insert = f'INSERT INTO "{schema}".verzoeken (casus_id, soort, body) VALUES ($1, $2, $3) RETURNING id'
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(lifespan=levensloop)

    async def bewaar(request: Request, casus_id: uuid.UUID, soort: str, body: str) -> dict[str, Any]:
        rij = await request.app.state.pool.fetchval(request.app.state.insert, casus_id, soort, body)
        return {"id": str(casus_id), "positie": rij}

    @app.post("/regios/{regio}/casussen", status_code=201)
    async def registreer(regio: str, verzoek: Annotated[CasusAanmelding, Body()], request: Request) -> dict[str, Any]:
        return await bewaar(request, uuid.uuid4(), "aanmelding", verzoek.model_dump_json())

    @app.post("/regios/{regio}/casussen/{casus_id}/triage", status_code=201)
    async def trieer(
        regio: str,
        casus_id: uuid.UUID,
        verzoek: Annotated[TriageStap, Body()],  # type: ignore[valid-type]
        request: Request,
    ) -> dict[str, Any]:
        stap: BaseModel = verzoek
        return await bewaar(request, casus_id, "triage", stap.model_dump_json())

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # The server settings of `doorbraak serve` (adapters.cli.serve).
    uvicorn.run(
        maak_vloer(args.database_url, args.schema),
        host=args.host,
        port=args.port,
        log_config=logboek.configuratie(),
        access_log=False,
        server_header=False,
        http=http_protocol(Settings.model_fields["lees_timeout"].default),
    )


if __name__ == "__main__":
    main()
