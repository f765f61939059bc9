"""Ed25519 signatures over checkpoints (the `cryptography` library): the node's signing key from the
settings, the key id derived from the public key, and the check anyone can make with a published key."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from datetime import UTC

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from adapters.settings import Settings, ed25519_sleutel
from domain.checkpoint import Checkpoint


def sleutel_id(publiek: bytes) -> str:
    """A public key's id: the first 16 hex digits of its SHA-256 (the raw 32 bytes)."""
    return hashlib.sha256(publiek).hexdigest()[:16]


def als_base64(publiek: bytes) -> str:
    return base64.b64encode(publiek).decode()


def als_pem(publiek: bytes) -> str:
    """The public key as PEM (SubjectPublicKeyInfo), for `openssl pkeyutl -verify` and the like."""
    return (
        Ed25519PublicKey.from_public_bytes(publiek)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


class Ondertekenaar:
    """Signs checkpoints with one Ed25519 key."""

    def __init__(self, seed: bytes) -> None:
        self._sleutel = Ed25519PrivateKey.from_private_bytes(seed)
        self.publiek = self._sleutel.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.sleutel_id = sleutel_id(self.publiek)

    @classmethod
    def van(cls, settings: Settings) -> Ondertekenaar:
        return cls(ed25519_sleutel(settings.checkpoint_sleutel.get_secret_value()))

    def onderteken(self, checkpoint: Checkpoint) -> Checkpoint:
        """The checkpoint with this key's id and its signature (its time in UTC, as signed)."""
        ongetekend = dataclasses.replace(
            checkpoint, tijd=checkpoint.tijd.astimezone(UTC), sleutel_id=self.sleutel_id, handtekening=b""
        )
        return dataclasses.replace(ongetekend, handtekening=self._sleutel.sign(ongetekend.ondertekend()))


def handtekening_klopt(checkpoint: Checkpoint, publiek: bytes) -> bool:
    """Whether `publiek` is the key the checkpoint names and its signature over the checkpoint holds."""
    if len(publiek) != 32 or checkpoint.sleutel_id != sleutel_id(publiek):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(publiek).verify(checkpoint.handtekening, checkpoint.ondertekend())
    except InvalidSignature:
        return False
    return True
