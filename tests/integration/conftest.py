"""Read models on a real PostgreSQL: opened, with their projectors stepped by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.bootstrap import Container
from adapters.leesmodellen import LeesModellen
from projections.queries import actieve_tabellen


@pytest.fixture
async def leesmodellen(container: Container) -> AsyncIterator[LeesModellen]:
    modellen = LeesModellen(container, batch=7)
    await modellen.open()
    yield modellen
    await modellen.close()


async def bij(modellen: LeesModellen) -> None:
    """Processes every stored event into every region's read models."""
    for projector in modellen.projectors.values():
        while await projector.stap():
            pass


async def inhoud(modellen: LeesModellen, regio: str) -> dict[str, Any]:
    """Everything in the region's active read models, in a stable order."""
    projector = modellen.projector(regio)
    async with projector.pool.acquire() as conn:
        tabellen = await actieve_tabellen(conn, projector.schema, regio)
        return {
            "casus": [dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.casus} ORDER BY casus_id")],
            "tijdlijn": [
                dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.tijdlijn} ORDER BY casus_id, versie")
            ],
            "knelpunt": [
                dict(r)
                for r in await conn.fetch(
                    f"SELECT * FROM {tabellen.knelpunt} ORDER BY casus_id, versie, bron, categorie, omschrijving"
                )
            ],
        }
