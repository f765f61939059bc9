"""Where a store keeps its signed checkpoints, beside its events table and hash chain (`adapters.keten`), in
tables the owner role creates (`DDL`, `adapters.rechten.BELEID`):

- `<tabel>_checkpoints`: every checkpoint the store signed (size, chain link, Merkle root, time, key id,
  signature and the public key), append-only;
- `<tabel>_knopen`: the tree's perfect subtrees of 2^KNOOP_HOOGTE leaves and more, each written with the
  checkpoint that completed it, append-only: a proof or a restart then reads O(log n) nodes and at most one
  block of leaves, never the whole log;
- `<tabel>_getuigen`: per witness, up to which size it acknowledged the store's checkpoints (mutable: what
  is still to be sent);
- `getuige_checkpoints` and `getuige_sleutels`: as a witness, the checkpoints of other stores received here
  (accepted, or kept as evidence when inconsistent) and the key first seen for each source, append-only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
import psycopg
from psycopg import sql

from adapters.keten import event_inhoud, keten_tabel
from domain.checkpoint import Checkpoint
from domain.keten import Deelboom, blad, knoop
from projections.tabellen import q

KNOOP_HOOGTE = 8
"""Subtrees of 2^8 = 256 leaves and larger are stored; smaller ones are hashed from the leaves again."""
BLOK = 1 << KNOOP_HOOGTE


CHECKPOINTS = "{events}_checkpoints"
KNOPEN = "{events}_knopen"
GETUIGEN = "{events}_getuigen"
GETUIGE_CHECKPOINTS = "getuige_checkpoints"
GETUIGE_SLEUTELS = "getuige_sleutels"
DDL: dict[str, tuple[str, ...]] = {
    CHECKPOINTS: (
        "CREATE TABLE IF NOT EXISTS {tabel} (grootte bigint PRIMARY KEY CHECK (grootte > 0), bron text NOT NULL, "
        "schakel bytea NOT NULL, boom bytea NOT NULL, tijd timestamptz NOT NULL, sleutel_id text NOT NULL, "
        "handtekening bytea NOT NULL, publieke_sleutel bytea NOT NULL)",
    ),
    KNOPEN: (
        "CREATE TABLE IF NOT EXISTS {tabel} (hoogte smallint NOT NULL, begin bigint NOT NULL, hash bytea NOT NULL, "
        "PRIMARY KEY (hoogte, begin))",
    ),
    GETUIGEN: (
        "CREATE TABLE IF NOT EXISTS {tabel} (getuige text PRIMARY KEY, grootte bigint NOT NULL, status text NOT NULL, "
        "bijgewerkt timestamptz NOT NULL DEFAULT now())",
    ),
    GETUIGE_CHECKPOINTS: (
        "CREATE TABLE IF NOT EXISTS {tabel} (id bigserial PRIMARY KEY, bron text NOT NULL, grootte bigint NOT NULL, "
        "schakel bytea NOT NULL, boom bytea NOT NULL, tijd timestamptz NOT NULL, sleutel_id text NOT NULL, "
        "handtekening bytea NOT NULL, publieke_sleutel bytea NOT NULL, "
        "status text NOT NULL CHECK (status IN ('aanvaard', 'inconsistent')), reden text, "
        "ontvangen timestamptz NOT NULL DEFAULT now(), UNIQUE (bron, handtekening))",
        "CREATE INDEX IF NOT EXISTS getuige_checkpoints_bron ON {tabel} (bron, grootte)",
    ),
    GETUIGE_SLEUTELS: (
        "CREATE TABLE IF NOT EXISTS {tabel} (bron text NOT NULL, sleutel_id text NOT NULL, "
        "publieke_sleutel bytea NOT NULL, eerst_gezien timestamptz NOT NULL DEFAULT now(), "
        "PRIMARY KEY (bron, sleutel_id))",
    ),
}
"""The checkpoint tables of a store, by name (`{events}`: the store's events table). The owner creates them
and the application's rights on each (`adapters.rechten.BELEID`); all but `GETUIGEN` are append-only."""


def maak_tabel(conn: psycopg.Connection[Any], schema: str, events: str, naam: str) -> None:
    """Creates the checkpoint table `naam` (a key of `DDL`) beside the events table `events` (idempotent)."""
    tabel = sql.Identifier(schema, naam.format(events=events))
    with conn.transaction():
        for statement in DDL[naam]:
            conn.execute(sql.SQL(statement).format(tabel=tabel))


def checkpoints_tabel(tabel: str) -> str:
    return CHECKPOINTS.format(events=tabel)


def knopen_tabel(tabel: str) -> str:
    return KNOPEN.format(events=tabel)


def getuigen_tabel(tabel: str) -> str:
    return GETUIGEN.format(events=tabel)


def bron_van_regio(regio: str) -> str:
    return f"regio:{regio}"


def bron_van_netwerk(netwerk: str) -> str:
    return f"netwerk:{netwerk}"


@dataclass(frozen=True)
class Tabellen:
    """The quoted names of one store's tables."""

    schema: str
    tabel: str

    @property
    def events(self) -> str:
        return f"{q(self.schema)}.{q(self.tabel)}"

    @property
    def keten(self) -> str:
        return f"{q(self.schema)}.{q(keten_tabel(self.tabel))}"

    @property
    def checkpoints(self) -> str:
        return f"{q(self.schema)}.{q(checkpoints_tabel(self.tabel))}"

    @property
    def knopen(self) -> str:
        return f"{q(self.schema)}.{q(knopen_tabel(self.tabel))}"

    @property
    def getuigen(self) -> str:
        return f"{q(self.schema)}.{q(getuigen_tabel(self.tabel))}"

    @property
    def getuige_checkpoints(self) -> str:
        return f"{q(self.schema)}.{q(GETUIGE_CHECKPOINTS)}"

    @property
    def getuige_sleutels(self) -> str:
        return f"{q(self.schema)}.{q(GETUIGE_SLEUTELS)}"


CHECKPOINT_KOLOMMEN = "bron, grootte, schakel, boom, tijd, sleutel_id, handtekening"


def checkpoint_uit(rij: asyncpg.Record) -> Checkpoint:
    return Checkpoint(
        bron=rij["bron"],
        grootte=rij["grootte"],
        schakel=bytes(rij["schakel"]),
        boom=bytes(rij["boom"]),
        tijd=rij["tijd"],
        sleutel_id=rij["sleutel_id"],
        handtekening=bytes(rij["handtekening"]),
    )


async def lees_checkpoints(
    conn: asyncpg.Connection, schema: str, tabel: str, *, vanaf: int = 0, aantal: int | None = None
) -> list[Checkpoint]:
    """The checkpoints the store of `schema.tabel` signed, by size, those larger than `vanaf` (at most
    `aantal`)."""
    rijen = await conn.fetch(
        f"SELECT {CHECKPOINT_KOLOMMEN} FROM {Tabellen(schema, tabel).checkpoints} WHERE grootte > $1 "
        "ORDER BY grootte LIMIT $2",
        vanaf,
        aantal,
    )
    return [checkpoint_uit(r) for r in rijen]


async def laatste_checkpoint(conn: asyncpg.Connection, tabellen: Tabellen) -> Checkpoint | None:
    rij = await conn.fetchrow(f"SELECT {CHECKPOINT_KOLOMMEN} FROM {tabellen.checkpoints} ORDER BY grootte DESC LIMIT 1")
    return None if rij is None else checkpoint_uit(rij)


@dataclass(frozen=True)
class Getuigenis:
    """A checkpoint of another store as a witness holds it."""

    checkpoint: Checkpoint
    status: str
    """`aanvaard` (it extends what was held), or `inconsistent` (kept as evidence, never the latest)."""
    reden: str | None
    ontvangen: datetime
    volgnummer: int
    """The order of receipt at this witness."""


async def lees_getuigenis(
    conn: asyncpg.Connection, schema: str, bron: str, *, na: int = 0, aantal: int | None = None
) -> list[Getuigenis]:
    """The checkpoints of `bron` this store holds as its witness, in the order received, those received
    after number `na` (at most `aantal`)."""
    rijen = await conn.fetch(
        f"SELECT {CHECKPOINT_KOLOMMEN}, status, reden, ontvangen, id FROM {q(schema)}.{q(GETUIGE_CHECKPOINTS)} "
        "WHERE bron = $1 AND id > $2 ORDER BY id LIMIT $3",
        bron,
        na,
        aantal,
    )
    return [Getuigenis(checkpoint_uit(r), r["status"], r["reden"], r["ontvangen"], r["id"]) for r in rijen]


async def lees_getuige_sleutels(conn: asyncpg.Connection, schema: str) -> list[tuple[str, bytes, datetime]]:
    """The first key seen of each source this store witnesses (source, public key, when)."""
    rijen = await conn.fetch(
        f"SELECT bron, publieke_sleutel, eerst_gezien FROM {q(schema)}.{q(GETUIGE_SLEUTELS)} "
        "ORDER BY bron, eerst_gezien"
    )
    return [(r["bron"], bytes(r["publieke_sleutel"]), r["eerst_gezien"]) for r in rijen]


def herbereken_blad(rij: asyncpg.Record) -> bytes:
    """An entry's leaf as its event's stored bytes give it now."""
    return blad(event_inhoud(rij["originator_id"], rij["originator_version"], rij["topic"], bytes(rij["state"])))


def _perfect(begin: int, einde: int) -> int | None:
    """The height of the subtree over leaves begin..einde when it is perfect and aligned, else None."""
    grootte = einde - begin
    if grootte > 0 and grootte & (grootte - 1) == 0 and begin % grootte == 0:
        return grootte.bit_length() - 1
    return None


def _splitsing(n: int) -> int:
    return 1 << ((n - 1).bit_length() - 1)


def _onderdelen(begin: int, einde: int, knopen: set[tuple[int, int]], bladen: set[int]) -> None:
    """What the root of leaves begin..einde is computed from: stored nodes where there are, leaves below."""
    hoogte = _perfect(begin, einde)
    if hoogte is not None and hoogte >= KNOOP_HOOGTE:
        knopen.add((hoogte, begin))
    elif einde - begin <= BLOK:
        bladen.update(range(begin, einde))
    else:
        k = _splitsing(einde - begin)
        _onderdelen(begin, begin + k, knopen, bladen)
        _onderdelen(begin + k, einde, knopen, bladen)


async def deelbomen(
    conn: asyncpg.Connection,
    tabellen: Tabellen,
    bewijzen: Callable[[Deelboom], Any],
    bladen: dict[int, bytes] | None = None,
) -> Deelboom:
    """A `Deelboom` answering every subtree `bewijzen` asks for, from the stored nodes and the chain's leaves
    (`bladen`: leaves the caller has already, by index). The proofs' questions do not depend on the hashes,
    so a first run with placeholders says which nodes and leaves to read."""
    gevraagd: set[tuple[int, int]] = set()

    def noteer(begin: int, einde: int) -> bytes:
        gevraagd.add((begin, einde))
        return bytes(32)

    bewijzen(noteer)
    knopen_nodig: set[tuple[int, int]] = set()
    bladen_nodig: set[int] = set()
    for begin, einde in gevraagd:
        _onderdelen(begin, einde, knopen_nodig, bladen_nodig)
    bekend = dict(bladen or {})
    ontbrekend = sorted(bladen_nodig - set(bekend))
    if ontbrekend:
        vanaf, tot = _reeksen(ontbrekend)
        rijen = await conn.fetch(
            f"SELECT k.volgnummer, k.blad FROM unnest($1::bigint[], $2::bigint[]) AS r(vanaf, tot) "
            f"JOIN {tabellen.keten} k ON k.volgnummer BETWEEN r.vanaf AND r.tot",
            vanaf,
            tot,
        )
        bekend.update({r["volgnummer"] - 1: bytes(r["blad"]) for r in rijen if r["volgnummer"] - 1 in bladen_nodig})
    knopen: dict[tuple[int, int], bytes] = {}
    if knopen_nodig:
        hoogtes, begins = zip(*sorted(knopen_nodig), strict=True)
        rijen = await conn.fetch(
            f"SELECT k.hoogte, k.begin, k.hash FROM {tabellen.knopen} k "
            "JOIN unnest($1::smallint[], $2::bigint[]) AS n(hoogte, begin) USING (hoogte, begin)",
            list(hoogtes),
            list(begins),
        )
        knopen = {(r["hoogte"], r["begin"]): bytes(r["hash"]) for r in rijen}
    if bladen_nodig - set(bekend) or knopen_nodig - set(knopen):
        raise OntbrekendeKnoop(
            f"leaves {sorted(bladen_nodig - set(bekend))[:3]} or stored subtrees (height, first leaf) "
            f"{sorted(knopen_nodig - set(knopen))[:3]} are missing"
        )
    cache: dict[tuple[int, int], bytes] = {}

    def deelboom(begin: int, einde: int) -> bytes:
        if (begin, einde) in cache:
            return cache[(begin, einde)]
        hoogte = _perfect(begin, einde)
        if hoogte is not None and hoogte >= KNOOP_HOOGTE:
            hash_ = knopen[(hoogte, begin)]
        elif einde - begin == 1:
            hash_ = bekend[begin]
        else:
            k = _splitsing(einde - begin)
            hash_ = knoop(deelboom(begin, begin + k), deelboom(begin + k, einde))
        cache[(begin, einde)] = hash_
        return hash_

    return deelboom


def _reeksen(indices: list[int]) -> tuple[list[int], list[int]]:
    """Sorted leaf indices as runs of chain numbers (first, last)."""
    vanaf: list[int] = []
    tot: list[int] = []
    for i in indices:
        if tot and tot[-1] == i:
            tot[-1] = i + 1
        else:
            vanaf.append(i + 1)
            tot.append(i + 1)
    return vanaf, tot


class OntbrekendeKnoop(Exception):
    """A leaf of the chain or a stored node a proof needs is not there: the tables were altered."""
