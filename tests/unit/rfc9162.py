"""RFC 9162's definitions written out recursively, as the reference the tree code of domain.keten is checked
against."""

from __future__ import annotations

import hashlib


def splitsing(n: int) -> int:
    """The largest power of two below n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(bladen: list[bytes]) -> bytes:
    """The Merkle tree hash, RFC 9162 §2.1.1, literally."""
    if not bladen:
        return hashlib.sha256(b"").digest()
    if len(bladen) == 1:
        return bladen[0]
    k = splitsing(len(bladen))
    return hashlib.sha256(b"\x01" + mth(bladen[:k]) + mth(bladen[k:])).digest()
