"""The checkpoints held of a store's log, for its verification (`adapters.verificatie.vergelijking`): the
store's own (`<tabel>_checkpoints`), and its witness's: the network's of a region, each region's of their
network. A witness's are read in its schema where the database holds it, else asked of its node over NATS
(`adapters.getuige.getuige_checkpoints`); a witness that does not answer adds none (logged). Signatures are
checked with the keys this node knows for the source: its own (current and previous) for the stores it
signs, and those configured in DOORBRAAK_GETUIGE_SLEUTELS.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg import sql

from adapters.checkpoints import CHECKPOINT_KOLOMMEN, GETUIGE_CHECKPOINTS, checkpoints_tabel
from adapters.getuige import NIET_BEREIKBAAR, getuige_checkpoints
from adapters.ondertekening import Ondertekenaar, handtekening_klopt
from adapters.postgres import netwerk_schema_naam, schema_naam
from adapters.regio_catalogus import laad_profielen
from adapters.settings import Settings, ed25519_sleutel
from adapters.verificatie import Logboek
from domain.checkpoint import Checkpoint
from domain.verificatie import EIGEN, GehoudenCheckpoint
from projections.herstel import beschrijf

log = logging.getLogger(__name__)


def _checkpoint(rij: tuple[Any, ...]) -> Checkpoint:
    bron, grootte, schakel, boom, tijd, sleutel_id, handtekening = rij
    return Checkpoint(bron, grootte, bytes(schakel), bytes(boom), tijd, sleutel_id, bytes(handtekening))


def _lees(url: str, schema: str, tabel: str, bron: str | None, settings: Settings) -> list[Checkpoint] | None:
    """The checkpoints in `schema.tabel` (of `bron` only, in a witness's table); None when there is no such
    table in that database."""
    with psycopg.connect(url, connect_timeout=max(1, round(settings.verbind_timeout))) as conn:
        naam = sql.Identifier(schema, tabel)
        bestaat = conn.execute("SELECT to_regclass(%s)", (naam.as_string(conn),)).fetchone()
        if not bestaat or bestaat[0] is None:
            return None
        waar = sql.SQL("WHERE bron = %s ORDER BY grootte, id") if bron else sql.SQL("ORDER BY grootte")
        query = sql.SQL("SELECT {} FROM {} {}").format(sql.SQL(CHECKPOINT_KOLOMMEN), naam, waar)
        return [_checkpoint(r) for r in conn.execute(query, (bron,) if bron else ()).fetchall()]


Vraag = Callable[[Any], Awaitable[list[Checkpoint]]]
"""Asks a witness over a NATS connection what it holds."""


def _getuigen(settings: Settings, bron: str) -> list[tuple[str, str, str, Vraag]]:
    """Who witnesses `bron`: (the witness as a source, its database, its schema, how to ask it over NATS)."""
    profielen = laad_profielen(settings.regio_profielen_dir)
    soort, _, slug = bron.partition(":")
    if soort == "regio":
        netwerk = profielen[slug].netwerk if slug in profielen else None
        if netwerk is None:
            return []
        url = settings.netwerk_database_urls.get(netwerk, settings.database_url) or ""
        schema = netwerk_schema_naam(settings.schema_prefix, netwerk)
        return [(f"netwerk:{netwerk}", url, schema, functools.partial(_vraag_netwerk, netwerk=netwerk, bron=bron))]
    regios = sorted(r for r, p in profielen.items() if p.netwerk == slug)
    return [
        (
            f"regio:{regio}",
            settings.regio_database_urls.get(regio, settings.database_url) or "",
            schema_naam(settings.schema_prefix, regio),
            functools.partial(_vraag_regio, netwerk=slug, bron=bron, regio=regio),
        )
        for regio in regios
    ]


async def _vraag_netwerk(nc: Any, *, netwerk: str, bron: str) -> list[Checkpoint]:
    return await getuige_checkpoints(nc, netwerk, bron)


async def _vraag_regio(nc: Any, *, netwerk: str, bron: str, regio: str) -> list[Checkpoint]:
    return await getuige_checkpoints(nc, netwerk, bron, getuige=regio)


def gehouden_checkpoints(settings: Settings, logboek: Logboek) -> list[GehoudenCheckpoint]:
    """Every checkpoint held of the log: the store's own, then each witness's."""
    eigen = _lees(logboek.database_url, logboek.schema, checkpoints_tabel(logboek.tabel), None, settings) or []
    gehouden = [GehoudenCheckpoint(c, EIGEN) for c in eigen]
    te_vragen = []
    for houder, url, schema, vraag in _getuigen(settings, logboek.bron):
        lokaal = _lees(url, schema, GETUIGE_CHECKPOINTS, logboek.bron, settings) if url else None
        if lokaal is None:
            te_vragen.append((houder, vraag))
        else:
            gehouden += [GehoudenCheckpoint(c, houder) for c in lokaal]
    if te_vragen and settings.nats_url is not None:
        gehouden += asyncio.run(_vraag(settings, settings.nats_url, te_vragen))
    return gehouden


async def _vraag(settings: Settings, nats_url: str, te_vragen: list[tuple[str, Vraag]]) -> list[GehoudenCheckpoint]:
    from nats.aio.client import Client

    nc = Client()
    try:
        await nc.connect(
            servers=[url.strip() for url in nats_url.split(",")],
            name="doorbraak-verificatie",
            inbox_prefix=settings.nats_inbox,
            max_reconnect_attempts=0,
            connect_timeout=max(1, round(settings.verbind_timeout)),
        )
    except Exception as e:
        log.warning("the witnesses cannot be asked: NATS is not reachable (%s)", beschrijf(e))
        return []
    gehouden: list[GehoudenCheckpoint] = []
    try:
        for houder, vraag in te_vragen:
            try:
                gehouden += [GehoudenCheckpoint(c, houder) for c in await vraag(nc)]
            except (*NIET_BEREIKBAAR, RuntimeError) as e:
                log.warning("the witness %s did not answer: %s", houder, beschrijf(e))
    finally:
        await nc.close()
    return gehouden


def sleutelcontrole(settings: Settings) -> Callable[[Checkpoint], bool]:
    """Whether a checkpoint's signature holds for a key this node knows for its source."""
    eigen = [Ondertekenaar.van(settings).publiek, *(ed25519_sleutel(s) for s in settings.checkpoint_vorige_sleutels)]
    ingesteld = {bron: [ed25519_sleutel(s) for s in sleutels] for bron, sleutels in settings.getuige_sleutels.items()}

    def klopt(checkpoint: Checkpoint) -> bool:
        return any(handtekening_klopt(checkpoint, s) for s in [*eigen, *ingesteld.get(checkpoint.bron, [])])

    return klopt
