"""A version of the read models built before a table or index of today: it gets them at the next start."""

from __future__ import annotations

from adapters.bootstrap import Container
from adapters.leesmodellen import LeesModellen
from domain.waarden import Herkomst, Knelpunt
from projections.queries import actieve_tabellen
from tests.integration.conftest import bij
from tests.unit.conftest import aanmelding, afsluitformulier, triage

HERKOMST = Herkomst(actor="tester", rol="triagist")
REGIO = "hart-van-brabant"


async def test_een_oudere_versie_krijgt_de_leerpunten_bij_de_start(
    container: Container, leesmodellen: LeesModellen
) -> None:
    dienst = container.regio(REGIO)
    projector = leesmodellen.projector(REGIO)
    casus_id = dienst.meld_aan(aanmelding(), None, HERKOMST).casus.id
    knelpunt = Knelpunt(categorie="financiering", omschrijving="Geen budget.")
    dienst.trieer(casus_id, triage(knelpunten=[knelpunt]), HERKOMST)
    await bij(leesmodellen)
    async with projector.pool.acquire() as conn:
        tabellen = await actieve_tabellen(conn, projector.schema, REGIO)
        await conn.execute(f"DROP TABLE {tabellen.leerpunt}")  # as a version built before it existed

    assert await projector.installeer() == tabellen.versie  # as the next start does
    dienst.sluit_af(casus_id, afsluitformulier(lessen="Vroeg de school erbij."), HERKOMST)
    await bij(leesmodellen)

    async with projector.pool.acquire() as conn:
        knelpunten = await conn.fetch(f"SELECT bron, categorie, omschrijving FROM {tabellen.knelpunt}")
        lessen = await conn.fetch(f"SELECT bron, soort, categorie, omschrijving FROM {tabellen.leerpunt}")
    assert [tuple(r) for r in knelpunten] == [("triage", "financiering", "Geen budget.")]
    assert [tuple(r) for r in lessen] == [("afsluiting", "les", None, "Vroeg de school erbij.")]


async def test_een_oudere_versie_krijgt_de_index_van_de_werkvoorraad_bij_de_start(
    container: Container, leesmodellen: LeesModellen
) -> None:
    projector = leesmodellen.projector(REGIO)
    async with projector.pool.acquire() as conn:
        tabellen = await actieve_tabellen(conn, projector.schema, REGIO)
        oud, nieuw = f"rm_casus_v{tabellen.versie}_open", f"rm_casus_v{tabellen.versie}_werkvoorraad"
        await conn.execute(f'DROP INDEX "{projector.schema}"."{nieuw}"')  # as a version built before it existed
        await conn.execute(f"CREATE INDEX \"{oud}\" ON {tabellen.casus} (volgende_deadline) WHERE fase <> 'afgesloten'")

    assert await projector.installeer() == tabellen.versie  # as the next start does
    async with projector.pool.acquire() as conn:
        indexen = {r["indexname"] for r in await conn.fetch(
            "SELECT indexname FROM pg_indexes WHERE schemaname = $1", projector.schema
        )}  # fmt: skip
    assert nieuw in indexen and oud not in indexen
