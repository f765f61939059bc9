"""Consistency proofs of domain.keten (RFC 9162 §2.1.4) against the RFC's recursive definition, and the
edge of the tree restored from its perfect subtrees."""

from __future__ import annotations

import hashlib

import pytest

from domain.keten import (
    LEGE_BOOM,
    Boomrand,
    blad,
    consistentiebewijs,
    consistentiebewijs_met,
    controleer_consistentie,
    inclusiepad,
    inclusiepad_met,
    wortel,
)
from tests.unit.rfc9162 import mth, splitsing


def _subproof(m: int, bladen: list[bytes], b: bool) -> list[bytes]:
    """SUBPROOF of RFC 9162 §2.1.4.1, literally."""
    n = len(bladen)
    if m == n:
        return [] if b else [mth(bladen)]
    k = splitsing(n)
    if m <= k:
        return [*_subproof(m, bladen[:k], b), mth(bladen[k:])]
    return [*_subproof(m - k, bladen[k:], False), mth(bladen[:k])]


def _proof(m: int, bladen: list[bytes]) -> list[bytes]:
    return [] if m in (0, len(bladen)) else _subproof(m, bladen, True)


def _bladen(n: int) -> list[bytes]:
    return [blad(f"entry {i}".encode()) for i in range(n)]


PAREN = [(m, n) for n in range(0, 34) for m in range(0, n + 1)]


@pytest.mark.parametrize(("m", "n"), PAREN)
def test_het_bewijs_is_dat_van_de_rfc_en_klopt(m: int, n: int) -> None:
    bladen = _bladen(n)
    bewijs = consistentiebewijs(bladen, m)
    assert bewijs == _proof(m, bladen)
    assert controleer_consistentie(m, n, mth(bladen[:m]), mth(bladen), bewijs)


@pytest.mark.parametrize(("m", "n"), [(m, n) for m, n in PAREN if 0 < m < n])
def test_elke_verandering_van_het_bewijs_faalt(m: int, n: int) -> None:
    bladen = _bladen(n)
    oud, nieuw = mth(bladen[:m]), mth(bladen)
    bewijs = consistentiebewijs(bladen, m)
    for i in range(len(bewijs)):
        anders = [*bewijs]
        anders[i] = hashlib.sha256(anders[i]).digest()
        assert not controleer_consistentie(m, n, oud, nieuw, anders)
    assert not controleer_consistentie(m, n, oud, nieuw, [*bewijs, nieuw])
    assert not controleer_consistentie(m, n, oud, nieuw, bewijs[:-1])
    assert not controleer_consistentie(m, n, nieuw, nieuw, bewijs)
    assert not controleer_consistentie(m, n, oud, oud, bewijs)
    langer = [*bladen, blad(b"one more")]
    assert not controleer_consistentie(m, n + 1, oud, mth(langer), bewijs)
    if m > 1:
        assert not controleer_consistentie(m - 1, n, mth(bladen[: m - 1]), nieuw, bewijs)


def test_een_herschreven_blad_in_het_oude_deel_maakt_elk_bewijs_ongeldig() -> None:
    bladen = _bladen(21)
    oud = mth(bladen[:13])
    herschreven = [*bladen]
    herschreven[4] = blad(b"rewritten")
    bewijs = consistentiebewijs(herschreven, 13)
    assert not controleer_consistentie(13, 21, oud, mth(herschreven), bewijs)
    assert controleer_consistentie(13, 21, mth(herschreven[:13]), mth(herschreven), bewijs)


def test_randgevallen() -> None:
    bladen = _bladen(5)
    assert controleer_consistentie(0, 5, LEGE_BOOM, mth(bladen), [])
    assert not controleer_consistentie(0, 5, mth(bladen), mth(bladen), [])
    assert not controleer_consistentie(0, 5, LEGE_BOOM, mth(bladen), [bladen[0]])
    assert controleer_consistentie(5, 5, mth(bladen), mth(bladen), [])
    assert not controleer_consistentie(5, 5, mth(bladen), mth(bladen[:4]), [])
    assert not controleer_consistentie(6, 5, mth(bladen), mth(bladen), [])
    assert not controleer_consistentie(3, 5, mth(bladen[:3]), mth(bladen), [])
    with pytest.raises(ValueError, match="no consistency proof"):
        consistentiebewijs(bladen, 6)


def test_de_bewijzen_vragen_alleen_deelbomen_die_de_boom_heeft() -> None:
    """Each subtree asked for is perfect and aligned, or ends at the tree's size: what stored inner nodes and
    the last leaves can answer."""
    bladen = _bladen(45)
    gevraagd: list[tuple[int, int]] = []

    def deelboom(begin: int, einde: int) -> bytes:
        gevraagd.append((begin, einde))
        return wortel(bladen[begin:einde])

    for m in range(46):
        assert consistentiebewijs_met(m, 45, deelboom) == _proof(m, bladen)
    for i in range(45):
        assert inclusiepad_met(i, 45, deelboom) == inclusiepad(bladen, i)
    for begin, einde in gevraagd:
        grootte = einde - begin
        perfect = grootte & (grootte - 1) == 0 and begin % grootte == 0
        assert perfect or einde == 45, (begin, einde)


def test_de_rand_geeft_elke_voltooide_deelboom_en_laat_zich_herstellen() -> None:
    bladen = _bladen(37)
    rand = Boomrand()
    voltooid: list[tuple[int, int, bytes]] = []
    for b in bladen:
        voltooid.extend(rand.voeg_toe(b))
    verwacht = [
        (h, begin, mth(bladen[begin : begin + (1 << h)]))
        for h in range(6)
        for begin in range(0, 37 - (1 << h) + 1, 1 << h)
    ]
    assert sorted(voltooid) == sorted(verwacht)
    for n in range(38):
        delen = Boomrand.delen(n)
        assert sum(1 << h for h, _ in delen) == n
        hersteld = Boomrand.uit_toppen(n, [mth(bladen[b : b + (1 << h)]) for h, b in delen])
        assert hersteld.wortel() == mth(bladen[:n])
        for b in bladen[n:]:
            hersteld.voeg_toe(b)
        assert hersteld.wortel() == mth(bladen)
    with pytest.raises(ValueError, match="perfect subtrees"):
        Boomrand.uit_toppen(5, [bladen[0]])
