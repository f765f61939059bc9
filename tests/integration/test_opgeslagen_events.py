"""The fixture of events an earlier release stored, put into a real store: read, replayed and projected as then."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from pydantic_core import to_jsonable_python

from adapters.bootstrap import Container
from adapters.leesmodellen import LeesModellen
from projections.queries import actieve_tabellen
from projections.tabellen import q
from tests.fixtures.opgeslagen.verwachting import PROFIEL, opgeslagen
from tests.integration.conftest import bij
from tests.unit.test_opgeslagen_events import FIXTURES, verschillen

NETWERK = "ben-brabant-zeeland"


@pytest.fixture
def container(maak_container: Any) -> Container:
    regios: list[str] = [PROFIEL]
    return maak_container(regios=regios)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
async def test_een_oude_opslag_laadt_en_projecteert_als_toen(
    fixture: Path, container: Container, leesmodellen: LeesModellen
) -> None:
    verwacht = json.loads(fixture.with_suffix(".verwacht.json").read_text())
    events = opgeslagen(fixture)
    container.stores[PROFIEL].recorder.insert_events([e for soort, e in events if soort == "casus"])
    container.netwerk_stores[NETWERK].recorder.insert_events([e for soort, e in events if soort == "netwerkcasus"])

    dienst = container.casussen[PROFIEL]
    for casus_id, toestand in verwacht["aggregaten"].items():
        if casus_id in verwacht["werkvoorraad"]:
            casus = dienst.casus(UUID(casus_id))
            werkelijk = to_jsonable_python(
                {k: v for k, v in vars(casus).items() if not k.startswith("_")}
                | {"id": casus.id, "version": casus.version}
            )
            assert verschillen(toestand, werkelijk) == []

    await bij(leesmodellen)
    for inbox in leesmodellen.inboxen.values():
        while await inbox.stap():
            pass
    projector = leesmodellen.projector(PROFIEL)
    async with projector.pool.acquire() as conn:
        tabellen = await actieve_tabellen(conn, projector.schema, PROFIEL)
        rijen = {str(r["casus_id"]): dict(r) for r in await conn.fetch(f"SELECT * FROM {tabellen.casus}")}
        tijdlijn = await conn.fetch(
            f"SELECT casus_id, versie, type, kenmerken FROM {tabellen.tijdlijn} ORDER BY versie"
        )
        inbox = {
            str(r["netwerkcasus_id"]): dict(r)
            for r in await conn.fetch(f"SELECT * FROM {q(container.netwerk_schema(NETWERK))}.rm_inbox")
        }
    assert verschillen(verwacht["werkvoorraad"], to_jsonable_python(rijen)) == []
    per_casus: dict[str, list[Any]] = {}
    for r in tijdlijn:
        per_casus.setdefault(str(r["casus_id"]), []).append({"type": r["type"], "kenmerken": r["kenmerken"]})
    monitoring = {
        k: [{"type": f["type"], "kenmerken": f["kenmerken"]} for f in v] for k, v in verwacht["monitoring"].items()
    }
    assert verschillen(monitoring, to_jsonable_python(per_casus)) == []
    assert verschillen(verwacht["inbox"], to_jsonable_python(inbox)) == []
