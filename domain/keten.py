"""The hashes that make a log tamper-evident: a chain over its entries in order, and the Merkle tree of
RFC 9162 (certificate transparency) over the same leaves, with inclusion proofs.

A leaf is the hash of an entry's bytes; a chain link binds a leaf to its position and to the link before
it; the tree's root over the first n leaves is what a signed checkpoint commits to. The prefixes keep the
three kinds of hash apart (0x00 leaf and 0x01 node as in RFC 9162 §2.1.1, 0x02 chain link).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

BEGIN = bytes(32)
"""The link before the first entry."""
LEGE_BOOM = hashlib.sha256(b"").digest()
"""The root of a tree without leaves (RFC 9162: the hash of the empty string)."""


def blad(inhoud: bytes) -> bytes:
    """The leaf hash of an entry's bytes."""
    return hashlib.sha256(b"\x00" + inhoud).digest()


def knoop(links: bytes, rechts: bytes) -> bytes:
    """The hash of an inner node of the tree."""
    return hashlib.sha256(b"\x01" + links + rechts).digest()


def schakel(vorige: bytes, positie: int, blad_hash: bytes) -> bytes:
    """The chain link of the leaf at `positie` (its place in the log), following `vorige`."""
    return hashlib.sha256(b"\x02" + vorige + positie.to_bytes(8, "big", signed=True) + blad_hash).digest()


def _splitsing(n: int) -> int:
    """The largest power of two below n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def wortel(bladen: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of the leaves (RFC 9162 §2.1.1)."""
    rand = Boomrand()
    for b in bladen:
        rand.voeg_toe(b)
    return rand.wortel()


class Boomrand:
    """The right edge of a growing tree: the roots of its perfect subtrees, largest first. Appending a leaf
    and computing the root cost O(log n) hashes, so a checkpoint never rereads the log."""

    def __init__(self) -> None:
        self.grootte = 0
        self._toppen: list[tuple[int, bytes]] = []

    def voeg_toe(self, blad_hash: bytes) -> None:
        self.grootte += 1
        hoogte, hash_ = 0, blad_hash
        while self._toppen and self._toppen[-1][0] == hoogte:
            _, links = self._toppen.pop()
            hoogte, hash_ = hoogte + 1, knoop(links, hash_)
        self._toppen.append((hoogte, hash_))

    def wortel(self) -> bytes:
        if not self._toppen:
            return LEGE_BOOM
        hash_ = self._toppen[-1][1]
        for _, links in reversed(self._toppen[:-1]):
            hash_ = knoop(links, hash_)
        return hash_


def inclusiepad(bladen: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `bladen` (RFC 9162 §2.1.3.1), bottom up."""
    if not 0 <= index < len(bladen):
        raise IndexError(f"leaf {index} is not in a tree of {len(bladen)}")
    pad: list[bytes] = []
    begin, einde = 0, len(bladen)
    stappen: list[bytes] = []
    while einde - begin > 1:
        k = _splitsing(einde - begin)
        if index < begin + k:
            stappen.append(wortel(bladen[begin + k : einde]))
            einde = begin + k
        else:
            stappen.append(wortel(bladen[begin : begin + k]))
            begin = begin + k
    pad.extend(reversed(stappen))
    return pad


def controleer_inclusie(blad_hash: bytes, index: int, grootte: int, pad: Sequence[bytes], boom: bytes) -> bool:
    """Whether the audit path proves the leaf at `index` in the tree of `grootte` leaves with root `boom`
    (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < grootte:
        return False
    fn, sn, r = index, grootte - 1, blad_hash
    for p in pad:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = knoop(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = knoop(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == boom
