"""The case keys in memory: made once for a new case without a look in the table, read once otherwise, bounded,
and gone once destroyed."""

from __future__ import annotations

import os
from uuid import UUID, uuid4

import pytest

from services import versleuteling
from services.versleuteling import AesSleutelkluis, OpgeslagenSleutel, Sleutelring


class Tabel:
    """The key table, in memory; counts its reads."""

    def __init__(self) -> None:
        self.rijen: dict[UUID, OpgeslagenSleutel] = {}
        self.gelezen = 0

    def lees(self, casus_id: UUID) -> OpgeslagenSleutel | None:
        self.gelezen += 1
        return self.rijen.get(casus_id)

    def wis(self, casus_id: UUID, reden: str) -> None:
        self.rijen[casus_id] = OpgeslagenSleutel(None, None)

    def versleuteld_bewaard(self, ring: Sleutelring, casus: UUID) -> bytes:
        """A new case's personal data encrypted with its new key, and the key stored as its append would."""
        geheim = ring.versleutel(casus, b"ctx", b"S. Jansen", nieuw=True)
        assert geheim is not None
        self.bewaar(ring, casus)
        return geheim

    def bewaar(self, ring: Sleutelring, *ids: UUID) -> None:
        for nieuw in ring.neem_nieuwe(set(ids)):
            self.rijen[nieuw.casus_id] = OpgeslagenSleutel(nieuw.gewikkeld, nieuw.hoofdsleutel_id)
        ring.bevestig(set(ids))


KLUIS = AesSleutelkluis({"k1": os.urandom(32)}, "k1")


def test_een_nieuwe_casus_kost_geen_leesronde_en_een_tweede_ring_leest_hem_eenmaal() -> None:
    tabel, casus = Tabel(), uuid4()
    ring = Sleutelring(KLUIS, tabel)
    geheim = ring.versleutel(casus, b"ctx", b"S. Jansen", nieuw=True)
    assert geheim is not None and b"Jansen" not in geheim and tabel.gelezen == 0
    tabel.bewaar(ring, casus)
    assert ring.neem_nieuwe({casus}) == []  # handed to one append only
    ander = Sleutelring(KLUIS, tabel)
    assert ander.ontsleutel(casus, b"ctx", geheim) == b"S. Jansen"
    assert ander.ontsleutel(casus, b"ctx", geheim) == b"S. Jansen" and tabel.gelezen == 1
    with pytest.raises(ValueError, match="does not decrypt"):
        ander.ontsleutel(casus, b"een andere context", geheim)


def test_vernietigd_is_onleesbaar_en_nieuwe_gegevens_vallen_weg() -> None:
    tabel, casus = Tabel(), uuid4()
    ring = Sleutelring(KLUIS, tabel)
    geheim = ring.versleutel(casus, b"ctx", b"x", nieuw=True)
    tabel.bewaar(ring, casus)
    ring.vernietig(casus, "verzoek")
    assert geheim is not None and ring.ontsleutel(casus, b"ctx", geheim) is None
    assert ring.is_gewist(casus) and ring.versleutel(casus, b"ctx", b"y") is None


def test_het_geheugen_is_begrensd_en_vergeet_na_een_minuut(monkeypatch: pytest.MonkeyPatch) -> None:
    tabel = Tabel()
    ring = Sleutelring(KLUIS, tabel, max_in_geheugen=2)
    ids = [uuid4() for _ in range(3)]
    geheimen = [ring.versleutel(i, b"c", b"t", nieuw=True) for i in ids]
    tabel.bewaar(ring, *ids)
    assert ring.ontsleutel(ids[0], b"c", geheimen[0]) == b"t" and tabel.gelezen == 1  # the oldest was dropped
    nu = versleuteling.time.monotonic()
    monkeypatch.setattr(versleuteling.time, "monotonic", lambda: nu + versleuteling.GELDIG_SECONDEN + 1)
    assert ring.ontsleutel(ids[2], b"c", geheimen[2]) == b"t" and tabel.gelezen == 2  # expired: read again


def test_de_kluis_bindt_de_gewikkelde_sleutel_aan_de_casus() -> None:
    casus, sleutel = uuid4(), os.urandom(32)
    gewikkeld = KLUIS.wikkel(casus, sleutel)
    assert KLUIS.ontwikkel(casus, "k1", gewikkeld) == sleutel
    with pytest.raises(Exception):  # noqa: B017 (cryptography's InvalidTag)
        KLUIS.ontwikkel(uuid4(), "k1", gewikkeld)
    with pytest.raises(LookupError, match="k0"):
        KLUIS.ontwikkel(casus, "k0", gewikkeld)


def test_een_sleutel_wordt_pas_na_het_bewaren_gelezen() -> None:
    """A retried registration makes a key its append will not store: until the append commits, readers keep
    the stored key and the retry's later events use the key it made."""
    tabel, casus = Tabel(), uuid4()
    eerste = Sleutelring(KLUIS, tabel)
    opgeslagen = eerste.versleutel(casus, b"ctx", b"S. Jansen", nieuw=True)
    tabel.bewaar(eerste, casus)
    ring = Sleutelring(KLUIS, tabel)
    herhaald = ring.versleutel(casus, b"ctx", b"S. Jansen", nieuw=True)
    assert herhaald is not None and opgeslagen is not None
    assert ring.versleutel(casus, b"ctx2", b"M. Jansen") is not None
    assert ring.neem_nieuwe({casus}) != []  # the append takes the made key; its insert fails on the stored one
    assert ring.ontsleutel(casus, b"ctx", opgeslagen) == b"S. Jansen"
    with pytest.raises(ValueError, match="does not decrypt"):
        ring.ontsleutel(casus, b"ctx", herhaald)
    ring.vergeet(casus)
    assert ring.ontsleutel(casus, b"ctx", opgeslagen) == b"S. Jansen"


def test_een_bevestigde_nieuwe_sleutel_leest_zonder_leesronde() -> None:
    tabel, casus = Tabel(), uuid4()
    ring = Sleutelring(KLUIS, tabel)
    eerste = ring.versleutel(casus, b"ctx", b"a", nieuw=True)
    tweede = ring.versleutel(casus, b"ctx", b"b")
    tabel.bewaar(ring, casus)
    assert eerste is not None and tweede is not None
    assert ring.ontsleutel(casus, b"ctx", eerste) == b"a" and ring.ontsleutel(casus, b"ctx", tweede) == b"b"
    assert tabel.gelezen == 0


def test_een_rij_die_met_de_events_meekwam_wordt_niet_nog_eens_gelezen() -> None:
    tabel, casus = Tabel(), uuid4()
    geheim = tabel.versleuteld_bewaard(Sleutelring(KLUIS, tabel), casus)
    lezer = Sleutelring(KLUIS, tabel)
    tijdperk = lezer.moet_lezen(casus)
    assert tijdperk is not None

    lezer.neem_gelezen(casus, tabel.rijen[casus], tijdperk)

    assert lezer.moet_lezen(casus) is None
    assert lezer.ontsleutel(casus, b"ctx", geheim) == b"S. Jansen"
    assert tabel.gelezen == 0 and lezer.gelezen == 1


def test_zonder_rij_of_met_een_gewiste_rij_leert_de_ring_dat_ook() -> None:
    tabel, zonder, gewist = Tabel(), uuid4(), uuid4()
    ring = Sleutelring(KLUIS, tabel)

    ring.neem_gelezen(zonder, None, 0)
    ring.neem_gelezen(gewist, OpgeslagenSleutel(None, None), 0)

    assert ring.moet_lezen(zonder) == 0  # none yet: one may have been made since, elsewhere (as ontsleutel reads again)
    assert ring.moet_lezen(gewist) is None and ring.is_gewist(gewist) and tabel.gelezen == 0
    assert ring.ontsleutel(gewist, b"ctx", b"\0" * 40) is None


def test_zonder_sleuteltabel_valt_er_niets_mee_te_lezen() -> None:
    assert Sleutelring(KLUIS).moet_lezen(uuid4()) is None


def test_een_lezing_van_voor_een_vernietiging_zet_de_sleutel_niet_terug() -> None:
    """A read that took the key's row before the key was destroyed here hands it in after: it is not cached."""
    tabel, casus = Tabel(), uuid4()
    ring = Sleutelring(KLUIS, tabel)
    geheim = tabel.versleuteld_bewaard(ring, casus)
    ring.vergeet(casus)
    tijdperk = ring.moet_lezen(casus)
    assert tijdperk is not None
    rij_van_toen = tabel.rijen[casus]

    ring.vernietig(casus, "verzoek")
    ring.neem_gelezen(casus, rij_van_toen, tijdperk)

    assert ring.ontsleutel(casus, b"ctx", geheim) is None and ring.is_gewist(casus)


def test_een_lezing_zonder_rij_verdringt_een_hier_bevestigde_sleutel_niet() -> None:
    """A read that found no key row (before the registration committed) hands it in after the key is confirmed
    here: the key stays."""
    tabel, casus = Tabel(), uuid4()
    ring = Sleutelring(KLUIS, tabel)
    tijdperk = ring.moet_lezen(casus)
    assert tijdperk is not None
    geheim = tabel.versleuteld_bewaard(ring, casus)

    ring.neem_gelezen(casus, None, tijdperk)

    assert ring.ontsleutel(casus, b"ctx", geheim) == b"S. Jansen" and tabel.gelezen == 0
