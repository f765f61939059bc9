"""Per-case keys: AES-256-GCM for a case's personal data, each key wrapped by a master key.

A case's key (`Sleutelring`) is made when the case first stores personal data, wrapped by the active master
key (`Sleutelkluis`, which a KMS can implement), and stored in the store's key table in the same statement as
the events it encrypts (`adapters.sleutels`). Unwrapped keys are kept in memory, bounded and for a minute at
most, so an append or a read costs no extra round trip in the common case, and an erasure on another node
takes effect here within that minute. Erasure destroys the key: what was encrypted with it cannot be read
again by anyone.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol, TypeVar
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE = 12
SLEUTEL_BYTES = 32
GELDIG_SECONDEN = 60.0
"""How long an unwrapped key (or the knowledge that a case has none, or was erased) is trusted from memory."""


class Sleutelkluis(Protocol):
    """The master keys: wrap a case's key under the active one, unwrap it under the one that wrapped it."""

    @property
    def actief(self) -> str:
        """The id of the master key new keys are wrapped with."""
        ...

    def wikkel(self, casus_id: UUID, sleutel: bytes) -> bytes: ...

    def ontwikkel(self, casus_id: UUID, hoofdsleutel_id: str, gewikkeld: bytes) -> bytes: ...


@dataclass(frozen=True)
class OpgeslagenSleutel:
    """A row of the key table: the wrapped key and its master key's id; no key once erased."""

    gewikkeld: bytes | None
    hoofdsleutel_id: str | None


class SleutelOpslag(Protocol):
    def lees(self, casus_id: UUID) -> OpgeslagenSleutel | None: ...

    def wis(self, casus_id: UUID, reden: str) -> None: ...


@dataclass(frozen=True)
class NieuweSleutel:
    casus_id: UUID
    gewikkeld: bytes
    hoofdsleutel_id: str


_GEEN = b""
"""In the cache: the case has no key (yet)."""
_GEWIST = b"-"
"""In the cache: the case's key was destroyed."""
Bekend = AESGCM | bytes
"""What the cache knows of a case: its key, ready to use, or `_GEEN` or `_GEWIST`."""
B = TypeVar("B", AESGCM, bytes)


class Sleutelring:
    """The case keys of one store (`domain.persoonlijk.Versleuteling`)."""

    def __init__(self, kluis: Sleutelkluis, opslag: SleutelOpslag | None = None, max_in_geheugen: int = 10_000):
        self.kluis = kluis
        self.opslag = opslag
        self.max_in_geheugen = max(1, max_in_geheugen)
        self._geheugen: OrderedDict[UUID, tuple[Bekend, float]] = OrderedDict()
        self._nieuw: dict[UUID, NieuweSleutel] = {}
        self._onbevestigd: dict[UUID, AESGCM] = {}
        """Keys made here whose append has not committed yet: used for writing, never for reading (a retried
        registration makes a key that its failing append will not store)."""
        self._slot = threading.Lock()
        self._tijdperk = 0
        """Raised by every `vergeet` (an erasure, a failed append): a read of the table begun before it does not
        fill the cache, so a destroyed key is not put back by a read that raced its destruction."""
        self.gelezen = 0
        """Key-table reads so far (the cache's misses)."""

    # --- domain.persoonlijk.Versleuteling --------------------------------------

    def versleutel(self, casus_id: UUID, context: bytes, tekst: bytes, *, nieuw: bool = False) -> bytes | None:
        sleutel = self._sleutel_voor_schrijven(casus_id, nieuw=nieuw)
        if sleutel is None:
            return None
        nonce = os.urandom(NONCE)
        return nonce + sleutel.encrypt(nonce, tekst, context)

    def ontsleutel(self, casus_id: UUID, context: bytes, geheim: bytes) -> bytes | None:
        sleutel = self._uit_geheugen(casus_id)
        if sleutel is None or sleutel == _GEEN:  # not known here, or known to have none: made since, elsewhere?
            sleutel = self._lees(casus_id)
        if not isinstance(sleutel, AESGCM):
            return None
        try:
            return sleutel.decrypt(geheim[:NONCE], geheim[NONCE:], context)
        except InvalidTag:
            raise ValueError(f"the personal data of case {casus_id} does not decrypt with its key") from None

    def is_gewist(self, casus_id: UUID) -> bool:
        return self._bekend(casus_id) == _GEWIST

    # --- the store's side -------------------------------------------------------

    def neem_nieuwe(self, casus_ids: set[UUID]) -> list[NieuweSleutel]:
        """The keys made for these cases and not stored yet: the append stores them with its events."""
        with self._slot:
            return [self._nieuw.pop(i) for i in casus_ids if i in self._nieuw]

    def vernietig(self, casus_id: UUID, reden: str) -> None:
        """Destroys the case's key in the table (and here)."""
        if self.opslag is None:
            raise RuntimeError("no key table to destroy the key in")
        self.opslag.wis(casus_id, reden)
        self.vergeet(casus_id)

    def bevestig(self, casus_ids: set[UUID]) -> None:
        """The append of these cases committed: the keys made for them are now the cases' keys, for reading too."""
        with self._slot:
            bevestigd = [(i, sleutel) for i, sleutel in self._onbevestigd.items() if i in casus_ids]
            for casus_id, _ in bevestigd:
                del self._onbevestigd[casus_id]
        for casus_id, sleutel in bevestigd:
            self._onthoud(casus_id, sleutel)

    def moet_lezen(self, casus_id: UUID) -> int | None:
        """When a use of the case's key now would read the table, the cache's epoch to hand to `neem_gelezen`: a
        read of the case's events can bring the key's row along instead. None when the key is in memory."""
        if self.opslag is None or self._uit_geheugen(casus_id) not in (None, _GEEN):
            return None
        return self._tijdperk

    def neem_gelezen(self, casus_id: UUID, rij: OpgeslagenSleutel | None, tijdperk: int) -> Bekend:
        """The case's row of the key table (None: it has none), read in `tijdperk` (by `_lees`, or along with the
        case's events): what it says of the key, remembered unless a `vergeet` came since, or unless it says none
        while a key made here since is known (a newer truth than the read)."""
        self.gelezen += 1
        waarde: Bekend
        if rij is None:
            waarde = _GEEN
        elif rij.gewikkeld is None or rij.hoofdsleutel_id is None:
            waarde = _GEWIST
        else:
            waarde = AESGCM(self.kluis.ontwikkel(casus_id, rij.hoofdsleutel_id, rij.gewikkeld))
        with self._slot:
            if tijdperk != self._tijdperk:
                return waarde
            bekend = self._geheugen.get(casus_id)
            if waarde == _GEEN and bekend is not None and isinstance(bekend[0], AESGCM):
                return bekend[0]
            self._bewaar(casus_id, waarde)
        return waarde

    def vergeet(self, casus_id: UUID) -> None:
        """Forgets the case's key (an append failed, the key was destroyed): the next use reads the table."""
        with self._slot:
            self._tijdperk += 1
            self._geheugen.pop(casus_id, None)
            self._nieuw.pop(casus_id, None)
            self._onbevestigd.pop(casus_id, None)

    def _sleutel_voor_schrijven(self, casus_id: UUID, *, nieuw: bool) -> AESGCM | None:
        """The case's key; made when it has none (a new case needs no look in the table); None once destroyed."""
        with self._slot:
            gemaakt = self._onbevestigd.get(casus_id)
        if gemaakt is not None:
            return gemaakt
        sleutel = self._uit_geheugen(casus_id)
        if sleutel is None:
            sleutel = _GEEN if nieuw else self._lees(casus_id)
        if isinstance(sleutel, AESGCM) or sleutel == _GEWIST:
            return sleutel if isinstance(sleutel, AESGCM) else None
        ruw = os.urandom(SLEUTEL_BYTES)
        nieuwe, aes = NieuweSleutel(casus_id, self.kluis.wikkel(casus_id, ruw), self.kluis.actief), AESGCM(ruw)
        with self._slot:
            self._nieuw[casus_id] = nieuwe
            self._onbevestigd[casus_id] = aes
        return aes

    def _bekend(self, casus_id: UUID) -> Bekend:
        sleutel = self._uit_geheugen(casus_id)
        return self._lees(casus_id) if sleutel is None else sleutel

    def _uit_geheugen(self, casus_id: UUID) -> Bekend | None:
        with self._slot:
            gevonden = self._geheugen.get(casus_id)
            if gevonden is None or gevonden[1] <= time.monotonic():
                return None
            self._geheugen.move_to_end(casus_id)
            return gevonden[0]

    def _lees(self, casus_id: UUID) -> Bekend:
        if self.opslag is None:
            return _GEEN
        tijdperk = self._tijdperk
        return self.neem_gelezen(casus_id, self.opslag.lees(casus_id), tijdperk)

    def _onthoud(self, casus_id: UUID, waarde: B) -> B:
        with self._slot:
            self._bewaar(casus_id, waarde)
        return waarde

    def _bewaar(self, casus_id: UUID, waarde: Bekend) -> None:
        """Into the cache (the caller holds the lock)."""
        self._geheugen[casus_id] = (waarde, time.monotonic() + GELDIG_SECONDEN)
        self._geheugen.move_to_end(casus_id)
        while len(self._geheugen) > self.max_in_geheugen:
            self._geheugen.popitem(last=False)


class AesSleutelkluis:
    """Master keys held in the settings (id -> 32 bytes); a case key is wrapped with AES-256-GCM, bound to the
    case's id."""

    def __init__(self, sleutels: dict[str, bytes], actief: str) -> None:
        if actief not in sleutels:
            raise ValueError(f"the active master key {actief!r} is not among the master keys")
        for naam, sleutel in sleutels.items():
            if len(sleutel) != SLEUTEL_BYTES:
                raise ValueError(f"master key {naam!r} must be {SLEUTEL_BYTES} bytes")
        self._sleutels = dict(sleutels)
        self._actief = actief

    @property
    def actief(self) -> str:
        return self._actief

    def wikkel(self, casus_id: UUID, sleutel: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + AESGCM(self._sleutels[self._actief]).encrypt(nonce, sleutel, casus_id.bytes)

    def ontwikkel(self, casus_id: UUID, hoofdsleutel_id: str, gewikkeld: bytes) -> bytes:
        hoofdsleutel = self._sleutels.get(hoofdsleutel_id)
        if hoofdsleutel is None:
            raise LookupError(f"master key {hoofdsleutel_id!r} (of case {casus_id}) is not configured")
        return AESGCM(hoofdsleutel).decrypt(gewikkeld[:NONCE], gewikkeld[NONCE:], casus_id.bytes)
