"""The chain and the Merkle tree of domain.keten, against RFC 9162's definitions written out recursively."""

from __future__ import annotations

import hashlib

import pytest

from domain.keten import (
    BEGIN,
    LEGE_BOOM,
    Boomrand,
    blad,
    controleer_inclusie,
    inclusiepad,
    knoop,
    schakel,
    wortel,
)
from tests.unit.rfc9162 import mth


def _bladen(n: int) -> list[bytes]:
    return [blad(f"entry {i}".encode()) for i in range(n)]


def test_een_blad_en_een_knoop_zijn_de_hashes_van_rfc_9162() -> None:
    assert blad(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert knoop(b"l" * 32, b"r" * 32) == hashlib.sha256(b"\x01" + b"l" * 32 + b"r" * 32).digest()
    assert hashlib.sha256(b"").digest() == LEGE_BOOM


def test_een_schakel_bindt_de_vorige_de_positie_en_het_blad() -> None:
    b = blad(b"x")
    eerste = schakel(BEGIN, 1, b)
    assert eerste == hashlib.sha256(b"\x02" + bytes(32) + (1).to_bytes(8, "big") + b).digest()
    assert schakel(BEGIN, 2, b) != eerste
    assert schakel(eerste, 1, b) != eerste
    assert schakel(BEGIN, 1, blad(b"y")) != eerste


@pytest.mark.parametrize("n", range(0, 40))
def test_de_wortel_is_de_merkle_tree_hash(n: int) -> None:
    bladen = _bladen(n)
    assert wortel(bladen) == mth(bladen)


def test_de_boomrand_groeit_blad_voor_blad_met_de_wortel_van_elke_grootte() -> None:
    bladen = _bladen(70)
    rand = Boomrand()
    assert rand.wortel() == LEGE_BOOM
    for i, b in enumerate(bladen, start=1):
        rand.voeg_toe(b)
        assert (rand.grootte, rand.wortel()) == (i, mth(bladen[:i]))


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 8, 9, 16, 17, 31])
def test_elk_blad_bewijst_zijn_plaats_in_de_boom(n: int) -> None:
    bladen = _bladen(n)
    boom = mth(bladen)
    for i, b in enumerate(bladen):
        pad = inclusiepad(bladen, i)
        assert len(pad) <= max(1, n - 1).bit_length()
        assert controleer_inclusie(b, i, n, pad, boom)


def test_een_bewijs_faalt_voor_een_ander_blad_plaats_grootte_of_wortel() -> None:
    bladen = _bladen(11)
    boom = mth(bladen)
    pad = inclusiepad(bladen, 6)
    assert controleer_inclusie(bladen[6], 6, 11, pad, boom)
    assert not controleer_inclusie(bladen[5], 6, 11, pad, boom)
    assert not controleer_inclusie(bladen[6], 5, 11, pad, boom)
    assert not controleer_inclusie(bladen[6], 6, 7, pad, boom)
    assert not controleer_inclusie(bladen[6], 6, 11, pad, mth(bladen[:10]))
    assert not controleer_inclusie(bladen[6], 6, 11, pad[:-1], boom)
    assert not controleer_inclusie(bladen[6], 6, 11, [*pad, pad[0]], boom)
    assert not controleer_inclusie(bladen[6], 11, 11, pad, boom)


def test_een_blad_buiten_de_boom_heeft_geen_pad() -> None:
    with pytest.raises(IndexError):
        inclusiepad(_bladen(3), 3)
