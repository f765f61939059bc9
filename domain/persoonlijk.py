"""Which fields of an event are personal data, and how they leave and re-enter its stored form.

Each event class declares its personal fields as dotted paths in its state (`persoonlijk`, e.g.
`aanmelding.vraag`, `advies.stappen.*.eigenaar`, where `*` is every item of a list) and the text fields it
keeps readable (`niet_persoonlijk`), so every free-text field has a decision (`tests/unit/test_persoonlijk.py`
fails on a field without one). Stored, an event keeps its facts readable and holds its personal values in one
ciphertext of its case's key (`domain.eventversies`); in their place the readable state has a placeholder
(`GEWIST` for a text, nothing for any other value), so whoever reads it without the key (the projections, the
relays, anyone after the key was destroyed) reads a valid event whose personal data shows as erased.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol
from uuid import UUID

GEWIST = "[gewist]"
"""What a personal text reads as without its key."""


class Versleuteling(Protocol):
    """A case's key, behind an interface: encrypts and decrypts bytes bound to `context` (case, version, type)."""

    def versleutel(self, casus_id: UUID, context: bytes, tekst: bytes, *, nieuw: bool = False) -> bytes | None:
        """The ciphertext; `nieuw` says the case is new (its first event), so it has no key yet. None when the
        case's key was destroyed: its new personal data is dropped, erased at once."""
        ...

    def ontsleutel(self, casus_id: UUID, context: bytes, geheim: bytes) -> bytes | None:
        """The plaintext; None when the case's key was destroyed (its personal data erased)."""
        ...

    def is_gewist(self, casus_id: UUID) -> bool:
        """Whether the case's key was destroyed."""
        ...


@lru_cache(maxsize=1024)
def beslissingen(klasse: Any, naam: str) -> tuple[str, ...]:
    """The paths a class and its bases declare under `naam` (`persoonlijk` or `niet_persoonlijk`)."""
    paden: list[str] = []
    for basis in reversed(klasse.__mro__):
        for pad in vars(basis).get(naam, ()):
            if pad not in paden:
                paden.append(pad)
    return tuple(paden)


Boom = dict[str, "Boom"]
"""The patterns as a tree of their parts; an empty subtree ends a pattern."""


@lru_cache(maxsize=4096)
def _boom(paden: tuple[str, ...]) -> Boom:
    boom: Boom = {}
    for patroon in paden:
        tak = boom
        for deel in patroon.split("."):
            tak = tak.setdefault(deel, {})
        tak.clear()  # a pattern covering a whole value covers every pattern inside it
    return boom


def verberg(state: dict[str, Any], paden: tuple[str, ...]) -> dict[str, Any]:
    """Takes the values at `paden` out of `state` (in place), leaving placeholders; returns them by path."""
    genomen: dict[str, Any] = {}
    _neem(state, _boom(paden), "", genomen)
    return genomen


def _neem(data: Any, boom: Boom, voor: str, genomen: dict[str, Any]) -> None:
    """Takes what the patterns of `boom` reach in `data`, found at path `voor`."""
    for deel, tak in boom.items():
        sleutels: Any
        if isinstance(data, dict):
            sleutels = list(data) if deel == "*" else ((deel,) if deel in data else ())
        elif isinstance(data, list):
            index = int(deel) if deel.isdigit() else len(data)
            sleutels = range(len(data)) if deel == "*" else ((index,) if index < len(data) else ())
        else:
            return
        for sleutel in sleutels:
            waarde = data[sleutel]
            if waarde is None:
                continue
            pad = f"{voor}{sleutel}"
            if tak:
                _neem(waarde, tak, f"{pad}.", genomen)
            elif waarde != GEWIST and pad not in genomen:
                genomen[pad] = waarde
                data[sleutel] = GEWIST if isinstance(waarde, str) else None


def herstel(state: dict[str, Any], genomen: dict[str, Any]) -> None:
    """Puts the values `verberg` took back in their places (in place)."""
    for pad, waarde in genomen.items():
        *weg, laatste = pad.split(".")
        container: Any = state
        for deel in weg:
            container = container[int(deel)] if isinstance(container, list) else container[deel]
        container[int(laatste) if isinstance(container, list) else laatste] = waarde


def binnen(patroon: str, pad: str) -> str | None:
    """Where the pattern's personal data lies in the value at a concrete `pad`: "" when the whole value is in
    it, the rest of the pattern when the value holds it (`doelen` holds `doelen.*.omschrijving` at
    `*.omschrijving`), None when they do not meet."""
    delen, stappen = patroon.split("."), pad.split(".")
    if not all(p == d or (p == "*" and d.isdigit()) for p, d in zip(delen, stappen, strict=False)):
        return None
    return ".".join(delen[len(stappen) :])
