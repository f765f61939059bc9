"""The hashes that make a log tamper-evident: a chain over its entries in order, and the Merkle tree of
RFC 9162 (certificate transparency) over the same leaves, with inclusion proofs.

A leaf is the hash of an entry's bytes; a chain link binds a leaf to its position and to the link before
it; the tree's root over the first n leaves is what a signed checkpoint commits to. The prefixes keep the
three kinds of hash apart (0x00 leaf and 0x01 node as in RFC 9162 §2.1.1, 0x02 chain link).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

BEGIN = bytes(32)
"""The link before the first entry."""
LEGE_BOOM = hashlib.sha256(b"").digest()
"""The root of a tree without leaves (RFC 9162: the hash of the empty string)."""

Deelboom = Callable[[int, int], bytes]
"""The root of the subtree over leaves `begin` up to `einde` (exclusive): MTH(D[begin:einde]). The proofs
ask only for the subtrees the RFC's tree is made of (a perfect, aligned one, or one ending at the tree's
size), so a caller may answer from stored inner nodes instead of hashing every leaf again."""


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

    @classmethod
    def uit_toppen(cls, grootte: int, toppen: Sequence[bytes]) -> Boomrand:
        """The edge of a tree of `grootte` leaves from the roots of its perfect subtrees (`delen(grootte)`)."""
        delen = cls.delen(grootte)
        if len(toppen) != len(delen):
            raise ValueError(f"a tree of {grootte} leaves has {len(delen)} perfect subtrees, not {len(toppen)}")
        rand = cls()
        rand.grootte = grootte
        rand._toppen = [(hoogte, top) for (hoogte, _), top in zip(delen, toppen, strict=True)]
        return rand

    @staticmethod
    def delen(grootte: int) -> list[tuple[int, int]]:
        """The perfect subtrees (height, first leaf) the edge of a tree of `grootte` leaves holds, largest first."""
        delen, begin = [], 0
        for hoogte in range(grootte.bit_length() - 1, -1, -1):
            if grootte >> hoogte & 1:
                delen.append((hoogte, begin))
                begin += 1 << hoogte
        return delen

    def voeg_toe(self, blad_hash: bytes) -> list[tuple[int, int, bytes]]:
        """Appends a leaf; returns the perfect subtrees it completed (height, first leaf, root), lowest first."""
        self.grootte += 1
        hoogte, hash_ = 0, blad_hash
        voltooid = [(0, self.grootte - 1, blad_hash)]
        while self._toppen and self._toppen[-1][0] == hoogte:
            _, links = self._toppen.pop()
            hoogte, hash_ = hoogte + 1, knoop(links, hash_)
            voltooid.append((hoogte, self.grootte - (1 << hoogte), hash_))
        self._toppen.append((hoogte, hash_))
        return voltooid

    def wortel(self) -> bytes:
        if not self._toppen:
            return LEGE_BOOM
        hash_ = self._toppen[-1][1]
        for _, links in reversed(self._toppen[:-1]):
            hash_ = knoop(links, hash_)
        return hash_


def inclusiepad(bladen: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `bladen` (RFC 9162 §2.1.3.1), bottom up."""
    return inclusiepad_met(index, len(bladen), lambda begin, einde: wortel(bladen[begin:einde]))


def inclusiepad_met(index: int, grootte: int, deelboom: Deelboom) -> list[bytes]:
    """The audit path of leaf `index` in a tree of `grootte` leaves, its subtrees' roots from `deelboom`."""
    if not 0 <= index < grootte:
        raise IndexError(f"leaf {index} is not in a tree of {grootte}")
    begin, einde = 0, grootte
    stappen: list[bytes] = []
    while einde - begin > 1:
        k = _splitsing(einde - begin)
        if index < begin + k:
            stappen.append(deelboom(begin + k, einde))
            einde = begin + k
        else:
            stappen.append(deelboom(begin, begin + k))
            begin = begin + k
    return stappen[::-1]


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


def consistentiebewijs(bladen: Sequence[bytes], oud: int) -> list[bytes]:
    """The proof that the tree of the first `oud` leaves is a prefix of the tree of `bladen` (RFC 9162
    §2.1.4.1)."""
    return consistentiebewijs_met(oud, len(bladen), lambda begin, einde: wortel(bladen[begin:einde]))


def consistentiebewijs_met(oud: int, nieuw: int, deelboom: Deelboom) -> list[bytes]:
    """The consistency proof from a tree of `oud` leaves to one of `nieuw`, its subtrees' roots from
    `deelboom`: SUBPROOF(m, D[n], true) of the RFC, unrolled. Empty when `oud` is 0 or `nieuw`."""
    if not 0 <= oud <= nieuw:
        raise ValueError(f"no consistency proof from {oud} to {nieuw} leaves")
    if oud in (0, nieuw):
        return []
    bewijs: list[bytes] = []
    begin, einde, m, volledig = 0, nieuw, oud, True
    while m != einde - begin:
        k = _splitsing(einde - begin)
        if m <= k:
            bewijs.append(deelboom(begin + k, einde))
            einde = begin + k
        else:
            bewijs.append(deelboom(begin, begin + k))
            begin, m, volledig = begin + k, m - k, False
    if not volledig:
        bewijs.append(deelboom(begin, einde))
    return bewijs[::-1]


def controleer_consistentie(
    oud: int, nieuw: int, oude_boom: bytes, nieuwe_boom: bytes, bewijs: Sequence[bytes]
) -> bool:
    """Whether `bewijs` proves that the tree of `oud` leaves with root `oude_boom` is a prefix of the tree of
    `nieuw` leaves with root `nieuwe_boom` (RFC 9162 §2.1.4.2)."""
    if not 0 <= oud <= nieuw:
        return False
    if oud == 0:
        return not bewijs and oude_boom == LEGE_BOOM
    if oud == nieuw:
        return not bewijs and oude_boom == nieuwe_boom
    pad = list(bewijs)
    if oud & (oud - 1) == 0:  # the old tree is a perfect subtree of the new one: its root starts the path
        pad.insert(0, oude_boom)
    if not pad:
        return False
    fn, sn = oud - 1, nieuw - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = pad[0]
    for c in pad[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = knoop(c, fr), knoop(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = knoop(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == oude_boom and sr == nieuwe_boom
