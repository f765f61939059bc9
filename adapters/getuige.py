"""The witness: a store's checkpoints held by another node (core NATS request/reply).

A region sends each checkpoint it signed to its network on `doorbraak.<netwerk>.checkpoint.<regio>`; the
network sends each of its own to every region of the network on `doorbraak.<netwerk>.netwerkcheckpoint.<regio>`.
With it goes the signer's public key and a consistency proof (RFC 9162 §2.1.4) from the checkpoint sent
before. The witness checks the source against the subject (a NATS user may publish only on its own
subjects), the key (configured, or the first one seen: trust on first use), the signature, and that the
checkpoint extends the last one it accepted. It stores what it accepted, and what contradicts the last
one it accepted as evidence (`inconsistent`, never the latest), and answers. The sender records each
answer per witness (`<tabel>_getuigen`) and sends everything not yet answered, in order, at start-up and
after every checkpoint and failure: a crash between storing a checkpoint and sending it loses nothing.

Asking a witness what it holds: `doorbraak.<netwerk>.getuige.<regio>` (the network, of the region) and
`doorbraak.<netwerk>.netwerkgetuige.<regio>` (the region, of the network); `getuige_checkpoints` asks.
"""

from __future__ import annotations

import base64
import json
import logging
import zlib
from datetime import datetime
from typing import Any

import asyncpg
import nats.errors
from nats.aio.client import Client

from adapters.checkpoints import (
    CHECKPOINT_KOLOMMEN,
    Getuigenis,
    OntbrekendeKnoop,
    Tabellen,
    checkpoint_uit,
    deelbomen,
    lees_checkpoints,
    lees_getuigenis,
)
from adapters.ondertekening import handtekening_klopt, sleutel_id
from adapters.settings import ed25519_sleutel
from domain.checkpoint import Checkpoint
from domain.keten import consistentiebewijs_met, controleer_consistentie
from projections.herstel import Herstelstatus

log = logging.getLogger(__name__)
VRAAG_MAX = 500
"""Checkpoints in one answer to a question of what a witness holds (the asker pages on)."""
NIET_BEREIKBAAR = (
    nats.errors.TimeoutError,
    nats.errors.NoRespondersError,
    nats.errors.ConnectionClosedError,
    TimeoutError,
)


def checkpoint_onderwerp(netwerk: str, regio: str) -> str:
    """Where a region sends its checkpoints to its network."""
    return f"doorbraak.{netwerk}.checkpoint.{regio}"


def netwerkcheckpoint_onderwerp(netwerk: str, regio: str) -> str:
    """Where the network sends its checkpoints to one of its regions."""
    return f"doorbraak.{netwerk}.netwerkcheckpoint.{regio}"


def getuige_onderwerp(netwerk: str, regio: str) -> str:
    """Where the network answers what it holds of the region's checkpoints."""
    return f"doorbraak.{netwerk}.getuige.{regio}"


def netwerkgetuige_onderwerp(netwerk: str, regio: str) -> str:
    """Where a region answers what it holds of its network's checkpoints."""
    return f"doorbraak.{netwerk}.netwerkgetuige.{regio}"


def bericht(checkpoint: Checkpoint, publiek: bytes, oud: int, nieuw: int, bewijs: list[bytes]) -> bytes:
    """A checkpoint as sent to a witness, with the proof that the tree of `oud` leaves is a prefix of the
    tree of `nieuw` (one of them the checkpoint's, the other the witness's last)."""
    return json.dumps(
        {
            "checkpoint": checkpoint.als_dict(),
            "publieke_sleutel": base64.b64encode(publiek).decode(),
            "consistentie": {"oud": oud, "nieuw": nieuw, "bewijs": [b.hex() for b in bewijs]},
        }
    ).encode()


def _antwoord(status: str, reden: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"status": status, "reden": reden, **extra}


def _lees_bericht(data: bytes) -> tuple[Checkpoint, bytes, tuple[int, int, list[bytes]]]:
    """The checkpoint, the public key and the consistency proof (old size, new size, hashes) of a message."""
    waarden = json.loads(data)
    consistentie = waarden.get("consistentie") or {}
    return (
        Checkpoint.uit_dict(waarden["checkpoint"]),
        ed25519_sleutel(str(waarden["publieke_sleutel"])),
        (int(consistentie["oud"]), int(consistentie["nieuw"]), [bytes.fromhex(b) for b in consistentie["bewijs"]]),
    )


class Getuige:
    """Holds other stores' checkpoints in one store's schema (see the module)."""

    def __init__(self, pool: asyncpg.Pool, schema: str, vertrouwd: dict[str, list[str]]) -> None:
        self.pool, self.schema = pool, schema
        self.tabellen = Tabellen(schema, "")
        self.vertrouwd = {bron: [ed25519_sleutel(s) for s in sleutels] for bron, sleutels in vertrouwd.items()}
        self.ontvangen = 0
        self.inconsistent = 0
        """Inconsistent checkpoints held (counted at `open`, then as they come)."""
        self.geweigerd = 0

    async def open(self) -> None:
        async with self.pool.acquire() as conn:
            self.inconsistent = await conn.fetchval(
                f"SELECT count(*) FROM {self.tabellen.getuige_checkpoints} WHERE status = 'inconsistent'"
            )

    async def ontvang(self, bron: str, data: bytes) -> dict[str, Any]:
        """Takes a checkpoint `bron` sent (the subject says who sent it); the answer for the sender."""
        try:
            checkpoint, publiek, bewijs = _lees_bericht(data)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            return self._weiger(bron, f"not a checkpoint message: {type(e).__name__}")
        if checkpoint.bron != bron:
            return self._weiger(bron, f"a checkpoint of {checkpoint.bron!r} sent by {bron!r}")
        if not handtekening_klopt(checkpoint, publiek):
            return self._weiger(bron, "the signature does not hold for the key sent with it")
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", zlib.crc32(f"getuige {self.schema} {bron}".encode()))
            wantrouwen = await self._vertrouw(conn, bron, publiek)
            if wantrouwen is not None:
                return self._weiger(bron, wantrouwen)
            oordeel = await self._oordeel(conn, checkpoint, bewijs)
            if isinstance(oordeel, dict):
                return oordeel
            status, reden = oordeel
            await conn.execute(
                f"INSERT INTO {self.tabellen.getuige_checkpoints} (bron, grootte, schakel, boom, tijd, sleutel_id, "
                "handtekening, publieke_sleutel, status, reden) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                bron,
                checkpoint.grootte,
                checkpoint.schakel,
                checkpoint.boom,
                checkpoint.tijd,
                checkpoint.sleutel_id,
                checkpoint.handtekening,
                publiek,
                status,
                reden,
            )
        self.ontvangen += 1
        if status == "inconsistent":
            self.inconsistent += 1
            log.error(
                "witness %s: checkpoint %s of %s is inconsistent: %s", self.schema, checkpoint.grootte, bron, reden
            )
        return _antwoord(status, reden)

    async def _oordeel(
        self, conn: asyncpg.Connection, checkpoint: Checkpoint, bewijs: tuple[int, int, list[bytes]]
    ) -> tuple[str, str | None] | dict[str, Any]:
        """`aanvaard` or `inconsistent` (with the reason) against the last checkpoint accepted of its source;
        or the answer to give at once: `bekend` for one held already, `bewijs-nodig` when the proof sent is
        not between this one and the last accepted."""
        tabel = self.tabellen.getuige_checkpoints
        if await conn.fetchval(
            f"SELECT EXISTS (SELECT FROM {tabel} WHERE bron = $1 AND handtekening = $2)",
            checkpoint.bron,
            checkpoint.handtekening,
        ):
            return _antwoord("bekend")
        rij = await conn.fetchrow(
            f"SELECT {CHECKPOINT_KOLOMMEN} FROM {tabel} "
            "WHERE bron = $1 AND status = 'aanvaard' ORDER BY grootte DESC, id DESC LIMIT 1",
            checkpoint.bron,
        )
        if rij is None:
            return "aanvaard", None
        vorig = checkpoint_uit(rij)
        oud, nieuw = sorted((vorig, checkpoint), key=lambda c: c.grootte)
        if oud.grootte == nieuw.grootte:
            consistent = (oud.boom, oud.schakel) == (nieuw.boom, nieuw.schakel)
        elif bewijs[:2] != (oud.grootte, nieuw.grootte):
            return _antwoord("bewijs-nodig", oud=oud.grootte, nieuw=nieuw.grootte)
        else:
            consistent = controleer_consistentie(oud.grootte, nieuw.grootte, oud.boom, nieuw.boom, bewijs[2])
        if consistent:
            return "aanvaard", None
        return "inconsistent", f"contradicts checkpoint {vorig.grootte} (signed {vorig.tijd.isoformat()}) held here"

    async def _vertrouw(self, conn: asyncpg.Connection, bron: str, publiek: bytes) -> str | None:
        """Why the key is not trusted for `bron`, or None: one configured for it, or else the first one seen
        (recorded now)."""
        if bron in self.vertrouwd:
            return None if publiek in self.vertrouwd[bron] else "the key is not among DOORBRAAK_GETUIGE_SLEUTELS"
        bekend = [
            bytes(r["publieke_sleutel"])
            for r in await conn.fetch(
                f"SELECT publieke_sleutel FROM {self.tabellen.getuige_sleutels} WHERE bron = $1", bron
            )
        ]
        if not bekend:
            await conn.execute(
                f"INSERT INTO {self.tabellen.getuige_sleutels} (bron, sleutel_id, publieke_sleutel) "
                "VALUES ($1, $2, $3)",
                bron,
                sleutel_id(publiek),
                publiek,
            )
            log.info("witness %s: first key of %s recorded: %s", self.schema, bron, sleutel_id(publiek))
            return None
        if publiek not in bekend:
            return (
                f"another key ({sleutel_id(publiek)}) than the one first seen ({sleutel_id(bekend[0])}): configure it "
                "in DOORBRAAK_GETUIGE_SLEUTELS to accept it"
            )
        return None

    def _weiger(self, bron: str, reden: str) -> dict[str, Any]:
        self.geweigerd += 1
        log.warning("witness %s: refused a checkpoint of %s: %s", self.schema, bron, reden)
        return _antwoord("geweigerd", reden)

    async def vraag(self, bron: str, data: bytes) -> dict[str, Any]:
        """What this witness holds of `bron`, in the order received, after number `na`, at most VRAAG_MAX."""
        try:
            na = int(json.loads(data or b"{}").get("na", 0))
        except (ValueError, TypeError, AttributeError):
            na = 0
        async with self.pool.acquire() as conn:
            gehouden = await lees_getuigenis(conn, self.schema, bron, na=na, aantal=VRAAG_MAX + 1)
        return {
            "checkpoints": [
                {
                    **g.checkpoint.als_dict(),
                    "status": g.status,
                    "reden": g.reden,
                    "ontvangen": g.ontvangen.isoformat(),
                    "volgnummer": g.volgnummer,
                }
                for g in gehouden[:VRAAG_MAX]
            ],
            "meer": len(gehouden) > VRAAG_MAX,
        }


async def vraag_getuigenis(nc: Client, onderwerp: str, *, wachttijd: float = 5.0) -> list[Getuigenis]:
    """Every checkpoint the witness answering on `onderwerp` holds, in the order it received them."""
    gehouden: list[Getuigenis] = []
    meer = True
    while meer:
        na = gehouden[-1].volgnummer if gehouden else 0
        antwoord = await nc.request(onderwerp, json.dumps({"na": na}).encode(), timeout=wachttijd)
        waarden = json.loads(antwoord.data)
        if "checkpoints" not in waarden:
            raise RuntimeError(f"the witness on {onderwerp} did not answer: {waarden.get('reden')}")
        gehouden.extend(
            Getuigenis(
                Checkpoint.uit_dict(c),
                str(c["status"]),
                c.get("reden"),
                datetime.fromisoformat(c["ontvangen"]),
                int(c["volgnummer"]),
            )
            for c in waarden["checkpoints"]
        )
        meer = bool(waarden["meer"]) and bool(waarden["checkpoints"])
    return gehouden


async def getuige_checkpoints(
    nc: Client, netwerk: str, bron: str, *, getuige: str | None = None, wachttijd: float = 5.0
) -> list[Checkpoint]:
    """The checkpoints of `bron` its witness holds, asked over NATS: for `regio:<slug>` the network's node,
    for `netwerk:<slug>` the node of region `getuige`. Accepted and inconsistent ones alike, by size (then in
    the order received). Raises `nats.errors.NoRespondersError` or `TimeoutError` when no witness answers."""
    soort, _, slug = bron.partition(":")
    if soort == "regio":
        onderwerp = getuige_onderwerp(netwerk, slug)
    elif soort == "netwerk" and getuige is not None:
        onderwerp = netwerkgetuige_onderwerp(slug, getuige)
    else:
        raise ValueError(f"no witness to ask for {bron!r} (a network's witness is one of its regions: getuige=...)")
    gehouden = await vraag_getuigenis(nc, onderwerp, wachttijd=wachttijd)
    return [g.checkpoint for g in sorted(gehouden, key=lambda g: (g.checkpoint.grootte, g.volgnummer))]


class Publicist(Herstelstatus):
    """Sends one store's checkpoints to one witness, each until it answered (see the module)."""

    def __init__(
        self, pool: asyncpg.Pool, tabellen: Tabellen, getuige: str, onderwerp: str, nc: Client, publiek: bytes
    ) -> None:
        super().__init__()
        self.pool, self.tabellen, self.getuige, self.onderwerp, self.nc = pool, tabellen, getuige, onderwerp, nc
        self.publiek = publiek
        self.naam = f"checkpoints-naar-{getuige.replace(':', '-')}"
        self.wachttijd = 5.0
        self.bevestigd = 0
        self.onbevestigd = 0
        self.weigering: str | None = None
        """Why the witness refused the last checkpoint sent (None: it did not)."""
        self.tegengesproken: int | None = None
        """The size of a checkpoint the witness found inconsistent with what it held (None: none)."""

    async def stap(self) -> int:
        """Sends every checkpoint the witness has not answered, in order; returns how many it answered.
        Raises while NATS or the witness cannot be reached, or when the witness refuses one."""
        async with self.pool.acquire() as conn:
            self.bevestigd = int(
                await conn.fetchval(
                    f"SELECT coalesce(max(grootte), 0) FROM {self.tabellen.getuigen} WHERE getuige = $1", self.getuige
                )
            )
            te_sturen = await lees_checkpoints(conn, self.tabellen.schema, self.tabellen.tabel, vanaf=self.bevestigd)
            vorige = await conn.fetchval(
                f"SELECT coalesce(max(grootte), 0) FROM {self.tabellen.checkpoints} WHERE grootte <= $1", self.bevestigd
            )
        self.onbevestigd = len(te_sturen)
        gedaan = 0
        for checkpoint in te_sturen:
            antwoord = await self._stuur(checkpoint, int(vorige))
            if antwoord["status"] == "bewijs-nodig":
                antwoord = await self._stuur(checkpoint, int(antwoord["oud"]), int(antwoord["nieuw"]))
            if antwoord["status"] == "geweigerd":
                self.weigering = str(antwoord.get("reden"))
                raise Geweigerd(f"the witness {self.getuige} refused checkpoint {checkpoint.grootte}: {self.weigering}")
            if antwoord["status"] not in ("aanvaard", "bekend", "inconsistent"):
                raise Geweigerd(f"the witness {self.getuige} answered {antwoord['status']!r}: {antwoord.get('reden')}")
            if antwoord["status"] == "inconsistent":
                self.tegengesproken = checkpoint.grootte
                log.error(
                    "%s: the witness holds a checkpoint this store's checkpoint %s does not extend: %s",
                    self.naam,
                    checkpoint.grootte,
                    antwoord.get("reden"),
                )
            async with self.pool.acquire() as conn:
                await conn.execute(
                    f"INSERT INTO {self.tabellen.getuigen} (getuige, grootte, status) VALUES ($1, $2, $3) "
                    "ON CONFLICT (getuige) DO UPDATE SET grootte = greatest(EXCLUDED.grootte, "
                    f"{self.tabellen.getuigen}.grootte), status = EXCLUDED.status, bijgewerkt = now()",
                    self.getuige,
                    checkpoint.grootte,
                    antwoord["status"],
                )
            self.weigering = None
            self.bevestigd, vorige = checkpoint.grootte, checkpoint.grootte
            self.onbevestigd -= 1
            gedaan += 1
        return gedaan

    async def _stuur(self, checkpoint: Checkpoint, oud: int, nieuw: int | None = None) -> dict[str, Any]:
        """Sends the checkpoint with a proof from `oud` leaves (to `nieuw`: the witness asked for that pair)."""
        nieuw = checkpoint.grootte if nieuw is None else nieuw
        async with self.pool.acquire() as conn:
            try:
                deelboom = await deelbomen(conn, self.tabellen, lambda d: consistentiebewijs_met(oud, nieuw, d))
            except OntbrekendeKnoop as e:
                raise Geweigerd(f"no consistency proof from {oud} to {nieuw}: {e}") from None
        bewijs = consistentiebewijs_met(oud, nieuw, deelboom)
        data = bericht(checkpoint, self.publiek, oud, nieuw, bewijs)
        antwoord = await self.nc.request(self.onderwerp, data, timeout=self.wachttijd)
        uitkomst: dict[str, Any] = json.loads(antwoord.data)
        return uitkomst

    def stand(self) -> dict[str, Any]:
        return {
            "getuige": self.getuige,
            "bevestigd": self.bevestigd,
            "onbevestigd": self.onbevestigd,
            "geweigerd": self.weigering,
            "tegengesproken": self.tegengesproken,
            "toestand": "herstellend" if self.herstellend else "ok",
            "fout": self.fout,
        }


class Geweigerd(Exception):
    """The witness refused a checkpoint, or it could not be sent with its proof: tried again later."""
