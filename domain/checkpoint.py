"""A checkpoint: a store's log as it stood at a size, in the words a signature commits to.

A region (or a network) signs, every so many events or minutes, the size of its chain, the chain link at
that size and the Merkle root over its leaves 1..size (`domain.keten`); the network keeps the region's
checkpoints as a witness (and the regions the network's). A log rewritten afterwards, even with every hash
recomputed, contradicts a checkpoint held elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

HASH_LENGTE = 32


@dataclass(frozen=True)
class Checkpoint:
    bron: str
    """Whose log: `regio:<slug>` or `netwerk:<slug>`."""
    grootte: int
    """Entries in the log (the chain's last `volgnummer`)."""
    schakel: bytes
    """The chain link of the last entry."""
    boom: bytes
    """The Merkle root over the entries' leaves."""
    tijd: datetime
    """When it was signed (aware, UTC)."""
    sleutel_id: str
    """Which signing key: published in /audit/sleutels."""
    handtekening: bytes = b""
    """Ed25519 over `ondertekend(...)`."""

    def ondertekend(self) -> bytes:
        """The bytes signed: canonical JSON of everything but the signature."""
        return json.dumps(
            {
                "bron": self.bron,
                "grootte": self.grootte,
                "schakel": self.schakel.hex(),
                "boom": self.boom.hex(),
                "tijd": self.tijd.isoformat(),
                "sleutel_id": self.sleutel_id,
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()

    def als_dict(self) -> dict[str, Any]:
        """The checkpoint as JSON values: hashes and signature in hex, the time in ISO 8601 as signed."""
        return {**json.loads(self.ondertekend()), "handtekening": self.handtekening.hex()}

    @classmethod
    def uit_dict(cls, waarden: Mapping[str, Any]) -> Checkpoint:
        """The checkpoint `als_dict` gave; ValueError when a field is missing or malformed."""
        try:
            checkpoint = cls(
                bron=str(waarden["bron"]),
                grootte=int(waarden["grootte"]),
                schakel=bytes.fromhex(waarden["schakel"]),
                boom=bytes.fromhex(waarden["boom"]),
                tijd=datetime.fromisoformat(waarden["tijd"]),
                sleutel_id=str(waarden["sleutel_id"]),
                handtekening=bytes.fromhex(waarden.get("handtekening", "")),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"not a checkpoint: {type(e).__name__}: {e}") from None
        if checkpoint.grootte < 0 or len(checkpoint.schakel) != HASH_LENGTE or len(checkpoint.boom) != HASH_LENGTE:
            raise ValueError("not a checkpoint: a negative size, or a hash that is not 32 bytes")
        if checkpoint.tijd.utcoffset() is None:
            raise ValueError("not a checkpoint: a time without a zone")
        return checkpoint
