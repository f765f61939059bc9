"""The verifier of domain.verificatie on logs held in lists: every kind of break, found first and named."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pytest

from domain.checkpoint import Checkpoint
from domain.keten import BEGIN, LEGE_BOOM, blad, schakel, wortel
from domain.verificatie import (
    EIGEN,
    Breuk,
    Eventregel,
    Gaaf,
    GehoudenCheckpoint,
    Ketenregel,
    Soort,
    Uitslag,
    nieuwste,
    verifieer,
)

BRON = "regio:zeeland"
GETUIGE = "netwerk:ben-brabant-zeeland"
CASUS = [uuid.UUID(int=i) for i in range(1, 4)]


def _inhoud(casus: uuid.UUID, versie: int, tekst: str) -> bytes:
    return casus.bytes + versie.to_bytes(8, "big") + tekst.encode()


def _keten(events: list[Eventregel]) -> list[Ketenregel]:
    """The chain the trigger keeps over these events."""
    regels, vorige = [], BEGIN
    for i, (positie, _, _, inhoud) in enumerate(events, start=1):
        assert inhoud is not None
        b = blad(inhoud)
        vorige = schakel(vorige, positie, b)
        regels.append((i, positie, b, vorige))
    return regels


@dataclass
class Log:
    """Twelve events of three cases; position 4 was never committed (a rolled-back append)."""

    events: list[Eventregel] = field(default_factory=list)
    keten: list[Ketenregel] = field(default_factory=list)
    gelezen: list[int] = field(default_factory=list)
    """The position after which the verifier asked for events, per request."""

    def __post_init__(self) -> None:
        posities = [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13]
        versies = {c: 0 for c in CASUS}
        for i, positie in enumerate(posities):
            casus = CASUS[i % 3]
            versies[casus] += 1
            self.events.append((positie, casus, versies[casus], _inhoud(casus, versies[casus], f"event {i}")))
        self.keten = _keten(self.events)

    def event_op(self, positie: int) -> int:
        return next(i for i, e in enumerate(self.events) if e[0] == positie)

    def lees(self, na: int) -> Iterator[Eventregel]:
        self.gelezen.append(na)
        return iter([e for e in self.events if e[0] > na])

    def checkpoint(self, grootte: int, houder: str = GETUIGE, **anders: object) -> GehoudenCheckpoint:
        """A checkpoint of the log as it is now."""
        cp = Checkpoint(
            bron=BRON,
            grootte=grootte,
            schakel=self.keten[grootte - 1][3] if 0 < grootte <= len(self.keten) else BEGIN,
            boom=wortel([r[2] for r in self.keten[:grootte]]),
            tijd=datetime(2026, 11, 20, 12, tzinfo=UTC),
            sleutel_id="zeeland-2026",
        )
        return GehoudenCheckpoint(replace(cp, **anders), houder)  # type: ignore[arg-type]

    def verifieer(self, *checkpoints: GehoudenCheckpoint, **opties: object) -> Uitslag:
        return verifieer(iter(self.keten), self.lees, checkpoints, bron=BRON, **opties)  # type: ignore[arg-type]


def _breuk(uitslag: Uitslag) -> Breuk:
    assert isinstance(uitslag, Breuk), uitslag
    return uitslag


def _waar(breuk: Breuk) -> tuple[object, ...]:
    return breuk.soort, breuk.volgnummer, breuk.positie, breuk.casus, breuk.versie


def test_een_ongeschonden_log_is_gaaf_met_zijn_grootte_schakel_en_wortel() -> None:
    log = Log()
    uitslag = log.verifieer()
    assert uitslag == Gaaf(12, log.keten[-1][3], wortel([r[2] for r in log.keten]), 0, ())
    assert log.gelezen == [0]


def test_een_leeg_log_is_gaaf() -> None:
    uitslag = verifieer([], lambda na: [], bron=BRON)
    assert uitslag == Gaaf(0, BEGIN, LEGE_BOOM, 0, ())


def test_gewijzigde_inhoud_wordt_genoemd_bij_positie_casus_en_versie() -> None:
    log = Log()
    i = log.event_op(6)
    positie, casus, versie, inhoud = log.events[i]
    assert inhoud is not None
    log.events[i] = (positie, casus, versie, inhoud[:-1] + b"X")
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.INHOUD_GEWIJZIGD, 5, 6, casus, versie)
    assert "position 6" in breuk.uitleg and str(casus) in breuk.uitleg


def test_een_lege_inhoud_is_gewijzigde_inhoud() -> None:
    log = Log()
    positie, casus, versie, _ = log.events[0]
    log.events[0] = (positie, casus, versie, None)
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.INHOUD_GEWIJZIGD, 1, 1, casus, versie)
    assert "empty" in breuk.uitleg


def test_twee_verwisselde_events_zijn_een_gewijzigde_volgorde_niet_een_gewijzigde_inhoud() -> None:
    log = Log()
    a, b = log.event_op(3), log.event_op(11)
    log.events[a], log.events[b] = (3, *log.events[b][1:]), (11, *log.events[a][1:])
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.VOLGORDE_GEWIJZIGD, 3, 3, log.events[a][1], log.events[a][2])
    assert breuk.verwisseld_met == 11


def test_buren_die_van_plaats_wisselen_zijn_een_gewijzigde_volgorde() -> None:
    log = Log()
    a, b = log.event_op(12), log.event_op(13)
    log.events[a], log.events[b] = (12, *log.events[b][1:]), (13, *log.events[a][1:])
    breuk = _breuk(log.verifieer())
    assert (breuk.soort, breuk.positie, breuk.verwisseld_met) == (Soort.VOLGORDE_GEWIJZIGD, 12, 13)


def test_een_gekopieerde_inhoud_is_geen_verwisseling() -> None:
    """The event at 3 gets the content of 11, and 11 keeps its own: one event changed, none moved."""
    log = Log()
    a, b = log.event_op(3), log.event_op(11)
    log.events[a] = (3, *log.events[b][1:])
    breuk = _breuk(log.verifieer())
    assert (breuk.soort, breuk.positie, breuk.verwisseld_met) == (Soort.INHOUD_GEWIJZIGD, 3, None)


def test_een_verwijderd_event_met_zijn_keten_rij_is_een_ontbrekende_rij() -> None:
    log = Log()
    del log.events[log.event_op(7)]
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.RIJ_ONTBREEKT, 6, 7, None, None)


def test_een_verwijderd_laatste_event_is_een_ontbrekende_rij() -> None:
    log = Log()
    del log.events[-1]
    assert _waar(_breuk(log.verifieer())) == (Soort.RIJ_ONTBREEKT, 12, 13, None, None)


def test_event_en_keten_rij_samen_verwijderd_laat_een_gat_in_de_nummering() -> None:
    log = Log()
    del log.events[log.event_op(7)]
    del log.keten[5]
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.RIJ_ONTBREEKT, 6, None, None, None)
    assert "entries 6 to 6" in breuk.uitleg


def test_samen_verwijderd_en_hernummerd_breekt_de_schakel_erna() -> None:
    log = Log()
    del log.events[log.event_op(7)]
    del log.keten[5]
    log.keten = [(i, p, b, s) for i, (_, p, b, s) in enumerate(log.keten, start=1)]
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.KETEN_GEBROKEN, 6, 8, *log.events[log.event_op(8)][1:3])


def test_een_verwijderde_keten_rij_naast_zijn_event_breekt_de_keten() -> None:
    log = Log()
    del log.keten[5]
    breuk = _breuk(log.verifieer())
    assert _waar(breuk) == (Soort.KETEN_GEBROKEN, 6, 7, *log.events[log.event_op(7)][1:3])


def test_een_event_zonder_keten_rij_is_toegevoegd() -> None:
    log = Log()
    nieuw = (4, CASUS[0], 99, _inhoud(CASUS[0], 99, "ingevoegd"))
    log.events.insert(3, nieuw)
    assert _waar(_breuk(log.verifieer())) == (Soort.RIJ_TOEGEVOEGD, 4, 4, CASUS[0], 99)


def test_een_event_achter_de_laatste_keten_rij_is_toegevoegd() -> None:
    log = Log()
    log.events.append((20, CASUS[1], 99, _inhoud(CASUS[1], 99, "achteraan")))
    assert _waar(_breuk(log.verifieer())) == (Soort.RIJ_TOEGEVOEGD, 13, 20, CASUS[1], 99)


@pytest.mark.parametrize(
    ("wijziging", "volgnummer"),
    [
        (lambda r: (r[0], r[1], r[2], bytes(32)), 4),  # a link overwritten
        (lambda r: (r[0], r[1], blad(b"anders"), r[3]), 4),  # a leaf overwritten
        (lambda r: (r[0], r[1] + 100, r[2], r[3]), 4),  # a position moved past the next
    ],
)
def test_een_gewijzigde_keten_rij_breekt_de_keten(
    wijziging: Callable[[Ketenregel], Ketenregel], volgnummer: int
) -> None:
    log = Log()
    log.keten[3] = wijziging(log.keten[3])
    breuk = _breuk(log.verifieer())
    assert (breuk.soort, breuk.volgnummer) == (Soort.KETEN_GEBROKEN, volgnummer)


def test_een_geheel_herberekende_keten_wordt_alleen_door_een_checkpoint_tegengesproken() -> None:
    log = Log()
    eerder, later = log.checkpoint(4), log.checkpoint(9)
    i = log.event_op(7)
    positie, casus, versie, _ = log.events[i]
    log.events[i] = (positie, casus, versie, _inhoud(casus, versie, "herschreven"))
    log.keten = _keten(log.events)
    assert isinstance(log.verifieer(), Gaaf)
    breuk = _breuk(log.verifieer(eerder, later))
    assert (breuk.soort, breuk.volgnummer, breuk.positie, breuk.checkpoint) == (
        Soort.CHECKPOINT_TEGENGESPROKEN,
        9,
        10,
        later,
    )
    assert "entries 5 to 9" in breuk.uitleg and GETUIGE in breuk.uitleg and "root and link" in breuk.uitleg


def test_een_afgeknipte_staart_wordt_door_een_checkpoint_tegengesproken() -> None:
    log = Log()
    checkpoint = log.checkpoint(12)
    del log.events[9:], log.keten[9:]
    assert isinstance(log.verifieer(), Gaaf)
    breuk = _breuk(log.verifieer(checkpoint))
    assert (breuk.soort, breuk.volgnummer, breuk.positie, breuk.checkpoint) == (
        Soort.STAART_ONTBREEKT,
        10,
        None,
        checkpoint,
    )
    assert "ends at entry 9" in breuk.uitleg and "12 entries" in breuk.uitleg


def test_een_afgeknipte_keten_staart_naast_zijn_events_met_een_checkpoint_is_een_ontbrekende_staart() -> None:
    log = Log()
    checkpoint = log.checkpoint(12)
    del log.keten[10:]
    assert _waar(_breuk(log.verifieer())) == (Soort.RIJ_TOEGEVOEGD, 11, 12, *log.events[10][1:3])
    assert _breuk(log.verifieer(checkpoint)).soort is Soort.STAART_ONTBREEKT


def test_een_ongeldige_handtekening_wordt_genoemd_voor_wat_hij_beweert() -> None:
    log = Log()
    vals = log.checkpoint(20, sleutel_id="vals")
    breuk = _breuk(log.verifieer(log.checkpoint(3), vals, handtekening_klopt=lambda cp: cp.sleutel_id != "vals"))
    assert (breuk.soort, breuk.volgnummer, breuk.checkpoint) == (Soort.CHECKPOINT_ONGELDIG, 20, vals)
    binnen = log.checkpoint(5, sleutel_id="vals")
    breuk = _breuk(log.verifieer(binnen, handtekening_klopt=lambda cp: cp.sleutel_id != "vals"))
    assert (breuk.soort, breuk.volgnummer) == (Soort.CHECKPOINT_ONGELDIG, 5)


def test_een_checkpoint_van_een_ander_formaat_of_leeg_log() -> None:
    log = Log()
    assert _breuk(log.verifieer(log.checkpoint(0, boom=b"x" * 32))).soort is Soort.CHECKPOINT_TEGENGESPROKEN
    assert _breuk(log.verifieer(log.checkpoint(3, schakel=b"x" * 32))).uitleg.count("link") == 1
    assert isinstance(log.verifieer(log.checkpoint(0)), Gaaf)


def test_de_eerste_breuk_telt() -> None:
    log = Log()
    later = log.event_op(12)
    log.events[later] = (*log.events[later][:3], b"later")
    del log.events[log.event_op(5)]
    assert _breuk(log.verifieer(log.checkpoint(12))).soort is Soort.RIJ_ONTBREEKT


def test_bevestigde_checkpoints_en_hoever_een_getuige_reikt() -> None:
    log = Log()
    eigen, getuige = log.checkpoint(11, EIGEN), log.checkpoint(6)
    uitslag = log.verifieer(eigen, getuige, log.checkpoint(6, EIGEN))
    assert isinstance(uitslag, Gaaf)
    assert [(g.houder, g.checkpoint.grootte) for g in uitslag.bevestigd] == [(EIGEN, 6), (GETUIGE, 6), (EIGEN, 11)]
    assert uitslag.getuigd_tot == 6
    assert log.verifieer(eigen) == replace(uitslag, bevestigd=(eigen,))
    assert isinstance(uitslag, Gaaf) and Gaaf(12, b"", b"", 0, (eigen,)).getuigd_tot == 0


def test_checkpoints_van_een_ander_log_zijn_een_fout_van_de_aanroeper() -> None:
    log = Log()
    with pytest.raises(ValueError, match="regio:tholen"):
        log.verifieer(replace(log.checkpoint(3), checkpoint=replace(log.checkpoint(3).checkpoint, bron="regio:tholen")))


def test_vanaf_een_checkpoint_worden_alleen_de_events_erna_gelezen() -> None:
    log = Log()
    vanaf = log.checkpoint(8)
    i = log.event_op(5)  # before the checkpoint: not read
    log.events[i] = (*log.events[i][:3], b"niet gelezen")
    uitslag = log.verifieer(vanaf=vanaf)
    assert isinstance(uitslag, Gaaf)
    assert (uitslag.grootte, uitslag.vanaf, uitslag.bevestigd) == (12, 8, (vanaf,))
    assert log.gelezen == [log.keten[7][1]]
    j = log.event_op(12)  # after it: read and verified
    log.events[j] = (*log.events[j][:3], b"gewijzigd")
    assert _waar(_breuk(log.verifieer(vanaf=vanaf)))[:3] == (Soort.INHOUD_GEWIJZIGD, 11, 12)


def test_vanaf_een_checkpoint_moeten_de_bewaarde_bladen_het_reproduceren() -> None:
    log = Log()
    vanaf = log.checkpoint(8)
    log.keten = _keten([(*e[:3], b"herschreven" if e[0] == 3 else e[3]) for e in log.events])
    breuk = _breuk(log.verifieer(vanaf=vanaf))
    assert (breuk.soort, breuk.volgnummer, breuk.checkpoint) == (Soort.CHECKPOINT_TEGENGESPROKEN, 8, vanaf)
    assert log.gelezen == []
    log = Log()
    log.keten[2] = (*log.keten[2][:3], bytes(32))
    assert _breuk(log.verifieer(vanaf=vanaf)).soort is Soort.KETEN_GEBROKEN
    log = Log()
    del log.keten[3]
    assert _waar(_breuk(log.verifieer(vanaf=vanaf))) == (Soort.KETEN_GEBROKEN, 4, None, None, None)


def test_vanaf_een_checkpoint_voorbij_het_einde_ontbreekt_de_staart() -> None:
    log = Log()
    vanaf = log.checkpoint(12)
    del log.keten[6:]
    breuk = _breuk(log.verifieer(vanaf=vanaf))
    assert (breuk.soort, breuk.volgnummer) == (Soort.STAART_ONTBREEKT, 7)


def test_het_nieuwste_geldige_checkpoint_een_getuige_voor_het_eigen() -> None:
    log = Log()
    eigen, getuige, vals = log.checkpoint(9, EIGEN), log.checkpoint(9), log.checkpoint(11, sleutel_id="vals")
    assert nieuwste([eigen, vals, getuige, log.checkpoint(3)], lambda cp: cp.sleutel_id != "vals") == getuige
    assert nieuwste([log.checkpoint(0)]) is None


def test_een_positie_die_niet_na_de_vorige_komt_breekt_de_keten() -> None:
    """Entry 4 names entry 3's position again, its link recomputed: the positions no longer rise."""
    log = Log()
    regels = [*log.keten[:3], (4, *log.keten[2][1:3], b""), *log.keten[3:]]
    vorige = BEGIN
    for i, (_, positie, b, _) in enumerate(regels, start=1):
        vorige = schakel(vorige, positie, b)
        regels[i - 1] = (i, positie, b, vorige)
    log.keten = regels
    assert log.verifieer() == Breuk(
        Soort.KETEN_GEBROKEN,
        4,
        3,
        None,
        None,
        "entry 4 names position 3, not after position 3 of the entry before: the chain's rows were changed or "
        "reordered",
    )


def _gewijzigd(log: Log, positie: int, inhoud: bytes | None = b"anders") -> Eventregel:
    i = log.event_op(positie)
    log.events[i] = (*log.events[i][:3], inhoud)
    return log.events[i]


def test_de_uitleg_van_elke_soort() -> None:
    """What each break says, word for word: it is what the auditor reads."""
    c1, c2, c3 = CASUS
    log = Log()
    _gewijzigd(log, 13)
    assert log.verifieer() == Breuk(
        Soort.INHOUD_GEWIJZIGD,
        12,
        13,
        c3,
        4,
        f"the event at position 13 (case {c3}, version 4) does not hash to the leaf the chain recorded for it: "
        "its case, version, type or stored state changed",
    )
    log = Log()
    _gewijzigd(log, 2, None)
    assert log.verifieer() == Breuk(
        Soort.INHOUD_GEWIJZIGD,
        2,
        2,
        c2,
        1,
        f"the event at position 2 (case {c2}, version 1) does not hash to the leaf the chain recorded for it: "
        "its case, version, type or stored state changed (its type or state is empty)",
    )
    log = Log()
    a, b = log.event_op(3), log.event_op(11)
    log.events[a], log.events[b] = (3, *log.events[b][1:]), (11, *log.events[a][1:])
    assert log.verifieer() == Breuk(
        Soort.VOLGORDE_GEWIJZIGD,
        3,
        3,
        c1,
        4,
        f"the event at position 3 (case {c1}, version 4) is the one the chain has at position 11, and the event "
        "there the one it has here: the two changed places",
        verwisseld_met=11,
    )
    log = Log()
    del log.events[log.event_op(7)]
    assert log.verifieer() == Breuk(
        Soort.RIJ_ONTBREEKT,
        6,
        7,
        None,
        None,
        "the chain has entry 6 at position 7, but no event is stored there: it was deleted",
    )
    log = Log()
    del log.events[5:7], log.keten[5:7]
    assert log.verifieer() == Breuk(
        Soort.RIJ_ONTBREEKT,
        6,
        None,
        None,
        None,
        "entries 6 to 7 are missing from the chain, and no event stands between positions 6 and 9: both rows "
        "were deleted",
    )


def test_de_uitleg_van_elke_soort_in_de_keten() -> None:
    c1, c2, _ = CASUS
    log = Log()
    del log.keten[5:7]
    assert log.verifieer() == Breuk(
        Soort.KETEN_GEBROKEN,
        6,
        7,
        *log.events[5][1:3],
        "entries 6 to 7 are missing from the chain while their events stand, the first at position 7: chain rows "
        "were deleted",
    )
    log = Log()
    log.keten[4] = (*log.keten[4][:3], bytes(32))
    assert log.verifieer() == Breuk(
        Soort.KETEN_GEBROKEN,
        5,
        6,
        c2,
        2,
        "the link stored at entry 5 does not follow from the link before it, its position and its leaf: the "
        "chain's rows were changed, or an entry before it removed",
    )
    log = Log()
    log.keten = [log.keten[0], (1, *log.keten[1][1:]), *log.keten[2:]]
    vanaf = log.checkpoint(3)
    assert log.verifieer(vanaf=vanaf) == Breuk(
        Soort.KETEN_GEBROKEN,
        2,
        None,
        None,
        None,
        "the chain goes from entry 1 to entry 1: its rows were deleted or renumbered",
    )
    log = Log()
    log.events.insert(3, (4, c2, 9, b"ingevoegd"))
    log.events.append((30, c1, 9, b"achteraan"))
    assert log.verifieer() == Breuk(
        Soort.RIJ_TOEGEVOEGD,
        4,
        4,
        c2,
        9,
        "the event at position 4 has no entry in the chain: it was inserted past the trigger (or its entry removed "
        "and the chain after it recomputed)",
    )
    del log.events[3]
    assert log.verifieer() == Breuk(
        Soort.RIJ_TOEGEVOEGD,
        13,
        30,
        c1,
        9,
        "the event at position 30, after the chain's last entry, has no entry in the chain: it was inserted past "
        "the trigger (or the chain's last entries removed)",
    )


def test_de_uitleg_van_elke_soort_met_checkpoints() -> None:
    log = Log()
    later = log.checkpoint(9)
    _gewijzigd(log, 2)
    log.keten = _keten(log.events)
    assert log.verifieer(later) == Breuk(
        Soort.CHECKPOINT_TEGENGESPROKEN,
        9,
        10,
        None,
        None,
        f"the log at 9 entries has another root and link than the checkpoint held by {GETUIGE} (signed "
        "2026-11-20T12:00:00+00:00): entries 1 to 9 were rewritten with every hash recomputed",
        checkpoint=later,
    )
    kleiner = GehoudenCheckpoint(replace(log.checkpoint(0).checkpoint, grootte=-1), GETUIGE)
    assert log.verifieer(kleiner) == Breuk(
        Soort.CHECKPOINT_TEGENGESPROKEN,
        0,
        None,
        None,
        None,
        f"the log at 0 entries has another size than the checkpoint held by {GETUIGE} (signed "
        "2026-11-20T12:00:00+00:00): entries 1 to 0 were rewritten with every hash recomputed",
        checkpoint=kleiner,
    )
    vals = log.checkpoint(4, EIGEN, sleutel_id="vals")
    assert log.verifieer(vals, handtekening_klopt=lambda _: False) == Breuk(
        Soort.CHECKPOINT_ONGELDIG,
        4,
        None,
        None,
        None,
        "the checkpoint of 4 entries held by eigen does not carry a valid signature of key 'vals': it was forged "
        "or altered",
        checkpoint=vals,
    )
    voorbij = log.checkpoint(15)
    assert log.verifieer(voorbij) == Breuk(
        Soort.STAART_ONTBREEKT,
        13,
        None,
        None,
        None,
        f"the chain ends at entry 12, but a checkpoint held by {GETUIGE} covers 15 entries: the last ones were removed",
        checkpoint=voorbij,
    )


def test_een_verwisseling_wordt_gevonden_voorbij_een_ingevoegd_event() -> None:
    log = Log()
    a, b = log.event_op(3), log.event_op(11)
    log.events[a], log.events[b] = (3, *log.events[b][1:]), (11, *log.events[a][1:])
    log.events.insert(3, (4, CASUS[0], 99, b"ingevoegd"))
    breuk = _breuk(log.verifieer())
    assert (breuk.soort, breuk.positie, breuk.verwisseld_met) == (Soort.VOLGORDE_GEWIJZIGD, 3, 11)


def test_een_gewijzigd_event_met_ontbrekende_events_erna_is_gewijzigde_inhoud() -> None:
    log = Log()
    _gewijzigd(log, 3)
    del log.events[-2:]
    assert _waar(_breuk(log.verifieer()))[:3] == (Soort.INHOUD_GEWIJZIGD, 3, 3)


def test_een_checkpoint_van_een_entry_is_het_nieuwste() -> None:
    log = Log()
    assert nieuwste([log.checkpoint(1)]) == log.checkpoint(1)


def test_een_gewijzigd_event_waarna_alleen_een_ingevoegd_event_volgt() -> None:
    log = Log()
    _gewijzigd(log, 3)
    log.events = [*log.events[:3], (4, CASUS[0], 99, b"ingevoegd")]
    assert _waar(_breuk(log.verifieer()))[:3] == (Soort.INHOUD_GEWIJZIGD, 3, 3)


def test_de_namen_van_de_soorten_zijn_stabiel() -> None:
    """The kinds' names are what reports and the API carry."""
    assert [s.value for s in Soort] == [
        "inhoud-gewijzigd",
        "rij-ontbreekt",
        "volgorde-gewijzigd",
        "rij-toegevoegd",
        "keten-gebroken",
        "checkpoint-tegengesproken",
        "checkpoint-ongeldig",
        "staart-ontbreekt",
    ]
    assert EIGEN == "eigen"
