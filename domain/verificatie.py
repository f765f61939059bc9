"""Verification of a store's tamper-evident log: its events against the hash chain beside them, and both
against the checkpoints held by the store itself and by its witnesses.

The verifier reads two streams once, in order and in constant memory (a Merkle frontier, no list of
leaves): the chain's entries by number and the events by position. For every entry it recomputes the link
from the one before, and the leaf from the event stored at the entry's position; at the size of every
checkpoint it compares the root and the link. It answers what it covered, or the FIRST break, named: which
position, case and version, and which kind of change explains it.

What it cannot see: a log rewritten with every hash recomputed agrees with itself, and only a checkpoint
signed before the rewrite and held where the writer cannot reach (a witness) contradicts it; a row appended
at the end with a correct leaf and link is an append like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.checkpoint import Checkpoint
from domain.keten import BEGIN, Boomrand, blad, schakel

Ketenregel = tuple[int, int, bytes, bytes]
"""A chain entry as stored: its number (from 1), the event's position, the leaf and the link."""
Eventregel = tuple[int, UUID, int, bytes | None]
"""An event as stored: its position, case, version, and the bytes its leaf covers (None when a column the
leaf covers is empty, which no append can store)."""

EIGEN = "eigen"
"""The holder of a checkpoint kept in the store's own schema."""


class Soort(StrEnum):
    """What kind of change a break shows; the value is its stable name."""

    INHOUD_GEWIJZIGD = "inhoud-gewijzigd"
    RIJ_ONTBREEKT = "rij-ontbreekt"
    VOLGORDE_GEWIJZIGD = "volgorde-gewijzigd"
    RIJ_TOEGEVOEGD = "rij-toegevoegd"
    KETEN_GEBROKEN = "keten-gebroken"
    CHECKPOINT_TEGENGESPROKEN = "checkpoint-tegengesproken"
    CHECKPOINT_ONGELDIG = "checkpoint-ongeldig"
    STAART_ONTBREEKT = "staart-ontbreekt"


@dataclass(frozen=True)
class GehoudenCheckpoint:
    checkpoint: Checkpoint
    houder: str
    """Who held it: `EIGEN` (the store's own table), or the witness (`netwerk:<slug>`, `regio:<slug>`)."""

    @property
    def getuige(self) -> bool:
        return self.houder != EIGEN


@dataclass(frozen=True)
class Breuk:
    soort: Soort
    volgnummer: int | None
    """The chain entry (leaf number, from 1) where the break shows."""
    positie: int | None
    """The events table's position there, when there is one."""
    casus: UUID | None
    versie: int | None
    uitleg: str
    verwisseld_met: int | None = None
    """For `volgorde-gewijzigd`: the position whose event stands here (and this one's there)."""
    checkpoint: GehoudenCheckpoint | None = None
    """For the checkpoint kinds and `staart-ontbreekt`: the checkpoint that shows it."""


@dataclass(frozen=True)
class Gaaf:
    """The log verified: its size, the last link and the Merkle root, and the checkpoints it agrees with."""

    grootte: int
    schakel: bytes
    boom: bytes
    vanaf: int
    """Entries taken from a checkpoint (their stored leaves and links checked against it, their events not
    read); 0 when every event was read."""
    bevestigd: tuple[GehoudenCheckpoint, ...]

    @property
    def getuigd_tot(self) -> int:
        """The largest size a witness's checkpoint confirms: up to there a rewrite would have shown."""
        return max((g.checkpoint.grootte for g in self.bevestigd if g.getuige), default=0)


Uitslag = Gaaf | Breuk


def _geen_handtekening_toets(_: Checkpoint) -> bool:
    return True


def nieuwste(
    checkpoints: Iterable[GehoudenCheckpoint],
    handtekening_klopt: Callable[[Checkpoint], bool] = _geen_handtekening_toets,
) -> GehoudenCheckpoint | None:
    """The checkpoint to verify from: the largest with a valid signature, a witness's before the store's own."""
    geldig = [g for g in checkpoints if g.checkpoint.grootte > 0 and handtekening_klopt(g.checkpoint)]
    return max(geldig, key=lambda g: (g.checkpoint.grootte, g.getuige), default=None)


def verifieer(
    keten: Iterable[Ketenregel],
    events: Callable[[int], Iterable[Eventregel]],
    checkpoints: Iterable[GehoudenCheckpoint] = (),
    *,
    bron: str,
    vanaf: GehoudenCheckpoint | None = None,
    handtekening_klopt: Callable[[Checkpoint], bool] = _geen_handtekening_toets,
) -> Uitslag:
    """Verifies the log of `bron` (`regio:<slug>`): `keten` in number order, `events(na)` the events after
    position `na` in position order, `checkpoints` of that log (each signature checked with
    `handtekening_klopt`).

    Without `vanaf`, every event is read from the first (`events(0)`). With it, the entries up to its size
    are taken on their stored leaves and links (checked to reproduce it and every checkpoint before it, their
    events not read), and the events after its last entry's position verified in full."""
    punten = sorted({*checkpoints, *([vanaf] if vanaf else [])}, key=lambda g: (g.checkpoint.grootte, g.houder))
    vreemd = sorted({g.checkpoint.bron for g in punten} - {bron})
    if vreemd:
        raise ValueError(f"checkpoints of {', '.join(vreemd)} given to verify {bron}")
    verificatie = _Verificatie(punten, handtekening_klopt, vanaf.checkpoint.grootte if vanaf else 0, events)
    return verificatie.loop(keten)


class _Verificatie:
    """One pass over the chain, with the events beside it (`eventstroom`, its next event in `event`)."""

    def __init__(
        self,
        punten: Sequence[GehoudenCheckpoint],
        handtekening_klopt: Callable[[Checkpoint], bool],
        vanaf: int,
        events: Callable[[int], Iterable[Eventregel]],
    ) -> None:
        self.punten, self.handtekening_klopt, self.vanaf, self.events = punten, handtekening_klopt, vanaf, events
        self.volgende_punt = 0
        self.bevestigd: list[GehoudenCheckpoint] = []
        self.rand = Boomrand()
        self.vorige, self.vorige_positie, self.verwacht = BEGIN, 0, 1
        self.eventstroom: Iterator[Eventregel] | None = None
        self.event: Eventregel | None = None

    def loop(self, keten: Iterable[Ketenregel]) -> Uitslag:
        breuk = self._toets_punten(None)
        if breuk:
            return breuk
        if self.vanaf == 0:
            self._open(0)
        regels = iter(keten)
        for regel in regels:
            breuk = self._stap(regel, regels)
            if breuk:
                return breuk
        return self._einde()

    def _open(self, na: int) -> None:
        self.eventstroom = iter(self.events(na))
        self.event = next(self.eventstroom, None)

    def _stap(self, regel: Ketenregel, regels: Iterator[Ketenregel]) -> Breuk | None:
        volgnummer, positie, blad_hash, link = regel
        if volgnummer != self.verwacht or positie <= self.vorige_positie:
            return self._plaats(volgnummer, positie)
        event = self.event
        eigen = event if self.eventstroom is not None and event is not None and event[0] == positie else None
        if schakel(self.vorige, positie, blad_hash) != link:
            return _breuk(
                Soort.KETEN_GEBROKEN,
                volgnummer,
                positie,
                eigen,
                f"the link stored at entry {volgnummer} does not follow from the link before it, its position and "
                "its leaf: the chain's rows were changed, or an entry before it removed",
            )
        if self.eventstroom is not None:
            breuk = self._event(regel, eigen, regels, self.eventstroom)
            if breuk:
                return breuk
        self.rand.voeg_toe(blad_hash)
        self.vorige, self.vorige_positie, self.verwacht = link, positie, volgnummer + 1
        if self.volgende_punt < len(self.punten) and self.punten[self.volgende_punt].checkpoint.grootte == volgnummer:
            breuk = self._toets_punten(regel)
            if breuk:
                return breuk
        if volgnummer == self.vanaf:
            self._open(positie)
        return None

    def _event(
        self,
        regel: Ketenregel,
        eigen: Eventregel | None,
        regels: Iterator[Ketenregel],
        eventstroom: Iterator[Eventregel],
    ) -> Breuk | None:
        """The event at the entry's position, none before it without an entry, and the event's leaf; then on to
        the next event."""
        volgnummer, positie, blad_hash, _ = regel
        event = self.event
        if event is not None and event[0] < positie:
            return _breuk(
                Soort.RIJ_TOEGEVOEGD,
                volgnummer,
                event[0],
                event,
                f"the event at position {event[0]} has no entry in the chain: it was inserted past the trigger "
                "(or its entry removed and the chain after it recomputed)",
            )
        if eigen is None:
            return _breuk(
                Soort.RIJ_ONTBREEKT,
                volgnummer,
                positie,
                None,
                f"the chain has entry {volgnummer} at position {positie}, but no event is stored there: it was deleted",
            )
        inhoud = eigen[3]
        berekend = blad(inhoud) if inhoud is not None else None
        if berekend != blad_hash:
            return self._inhoud_of_volgorde(regel, eigen, berekend, regels, eventstroom)
        self.event = next(eventstroom, None)
        return None

    def _plaats(self, volgnummer: int, positie: int) -> Breuk:
        """Why the entry does not follow the one before in number and position."""
        if positie <= self.vorige_positie:
            return _breuk(
                Soort.KETEN_GEBROKEN,
                volgnummer,
                positie,
                None,
                f"entry {volgnummer} names position {positie}, not after position {self.vorige_positie} of the entry "
                "before: the chain's rows were changed or reordered",
            )
        verwacht, event = self.verwacht, self.event
        if volgnummer > verwacht and self.eventstroom is not None and event is not None and event[0] < positie:
            return _breuk(
                Soort.KETEN_GEBROKEN,
                verwacht,
                event[0],
                event,
                f"entries {verwacht} to {volgnummer - 1} are missing from the chain while their events stand, "
                f"the first at position {event[0]}: chain rows were deleted",
            )
        if volgnummer < verwacht or self.eventstroom is None:
            return _breuk(
                Soort.KETEN_GEBROKEN,
                verwacht,
                None,
                None,
                f"the chain goes from entry {verwacht - 1} to entry {volgnummer}: its rows were deleted or renumbered",
            )
        return _breuk(
            Soort.RIJ_ONTBREEKT,
            verwacht,
            None,
            None,
            f"entries {verwacht} to {volgnummer - 1} are missing from the chain, and no event stands between "
            f"positions {self.vorige_positie} and {positie}: both rows were deleted",
        )

    def _einde(self) -> Uitslag:
        """After the last entry: no checkpoint beyond it, no event after it."""
        grootte = self.verwacht - 1
        for g in self.punten[self.volgende_punt :]:
            if not self.handtekening_klopt(g.checkpoint):
                return _ongeldig(g)
            return _breuk(
                Soort.STAART_ONTBREEKT,
                grootte + 1,
                None,
                None,
                f"the chain ends at entry {grootte}, but a checkpoint held by {g.houder} covers "
                f"{g.checkpoint.grootte} entries: the last ones were removed",
                checkpoint=g,
            )
        if self.event is not None:
            return _breuk(
                Soort.RIJ_TOEGEVOEGD,
                grootte + 1,
                self.event[0],
                self.event,
                f"the event at position {self.event[0]}, after the chain's last entry, has no entry in the chain: it "
                "was inserted past the trigger (or the chain's last entries removed)",
            )
        return Gaaf(grootte, self.vorige, self.rand.wortel(), self.vanaf, tuple(self.bevestigd))

    def _toets_punten(self, regel: Ketenregel | None) -> Breuk | None:
        """Every checkpoint of the log's present size (0 before the first entry) against its root and link."""
        grootte, positie = (regel[0], regel[1]) if regel else (0, None)
        link = regel[3] if regel else BEGIN
        boom = self.rand.wortel()
        while self.volgende_punt < len(self.punten) and self.punten[self.volgende_punt].checkpoint.grootte <= grootte:
            g = self.punten[self.volgende_punt]
            cp = g.checkpoint
            if not self.handtekening_klopt(cp):
                return _ongeldig(g)
            verschil = [
                wat for wat, hier, daar in (("root", boom, cp.boom), ("link", link, cp.schakel)) if hier != daar
            ]
            if cp.grootte != grootte or verschil:
                sinds = max((b.checkpoint.grootte for b in self.bevestigd), default=0) + 1
                return _breuk(
                    Soort.CHECKPOINT_TEGENGESPROKEN,
                    grootte,
                    positie,
                    None,
                    f"the log at {grootte} entries has another {' and '.join(verschil or ['size'])} than the "
                    f"checkpoint held by {g.houder} (signed {cp.tijd.isoformat()}): entries {sinds} to {grootte} "
                    "were rewritten with every hash recomputed",
                    checkpoint=g,
                )
            self.bevestigd.append(g)
            self.volgende_punt += 1
        return None

    @staticmethod
    def _inhoud_of_volgorde(
        regel: Ketenregel,
        event: Eventregel,
        berekend: bytes | None,
        regels: Iterator[Ketenregel],
        eventstroom: Iterator[Eventregel],
    ) -> Breuk:
        """The event at the entry's position does not give its leaf. When a later event gives this leaf and
        this event that one's, the two changed places; else this event's content changed. Reads on to find out."""
        volgnummer, positie, verwacht, _ = regel
        ander = next(eventstroom, None)
        for _, andere_positie, ander_blad, _ in regels:
            while ander is not None and ander[0] < andere_positie:
                ander = next(eventstroom, None)
            if ander is None:
                break
            if ander[0] == andere_positie:
                inhoud = ander[3]
                if berekend == ander_blad and inhoud is not None and blad(inhoud) == verwacht:
                    return _breuk(
                        Soort.VOLGORDE_GEWIJZIGD,
                        volgnummer,
                        positie,
                        event,
                        f"the event at position {positie} (case {event[1]}, version {event[2]}) is the one the "
                        f"chain has at position {andere_positie}, and the event there the one it has here: the two "
                        "changed places",
                        verwisseld_met=andere_positie,
                    )
                ander = next(eventstroom, None)
        leeg = "" if berekend is not None else " (its type or state is empty)"
        return _breuk(
            Soort.INHOUD_GEWIJZIGD,
            volgnummer,
            positie,
            event,
            f"the event at position {positie} (case {event[1]}, version {event[2]}) does not hash to the leaf the "
            f"chain recorded for it: its case, version, type or stored state changed{leeg}",
        )


def _ongeldig(g: GehoudenCheckpoint) -> Breuk:
    cp = g.checkpoint
    return _breuk(
        Soort.CHECKPOINT_ONGELDIG,
        cp.grootte,
        None,
        None,
        f"the checkpoint of {cp.grootte} entries held by {g.houder} does not carry a valid signature of key "
        f"{cp.sleutel_id!r}: it was forged or altered",
        checkpoint=g,
    )


def _breuk(
    soort: Soort,
    volgnummer: int | None,
    positie: int | None,
    event: Eventregel | None,
    uitleg: str,
    *,
    verwisseld_met: int | None = None,
    checkpoint: GehoudenCheckpoint | None = None,
) -> Breuk:
    casus, versie = (event[1], event[2]) if event else (None, None)
    return Breuk(soort, volgnummer, positie, casus, versie, uitleg, verwisseld_met, checkpoint)
