"""What a case's events bring to the learning cycle besides the bottlenecks: lessons, obstacles, remarks.

Rows of `rm_leerpunt`, free of personal data beyond their own free text (as the bottlenecks' rows): case,
version, where it came from (`bron`), what kind (`soort`), its category if it has one, the text, the date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from domain.casus import Casus
from projections.weergave import domeinklasse

Leerpunt = tuple[Any, ...]
LEERPUNT_KOLOMMEN = {
    "casus_id": "uuid",
    "versie": "int",
    "bron": "text",
    "soort": "text",
    "categorie": "text",
    "omschrijving": "text",
    "op": "date",
}
LES, BELEMMERING, OPMERKING, WERKZAAM_ELEMENT = "les", "belemmering", "opmerking", "werkzaam-element"


def _rij(event: Any, bron: str, soort: str, categorie: str | None, omschrijving: str) -> Leerpunt:
    return (event.originator_id, event.originator_version, bron, soort, categorie, omschrijving, event.op)


def _afgesloten(event: Any) -> Iterator[Leerpunt]:
    f = event.afsluiting
    yield _rij(event, "afsluiting", LES, f.lessen_categorie, f.lessen)


def _teruggekoppeld(event: Any) -> Iterator[Leerpunt]:
    t = event.terugkoppeling
    if t.belemmering:
        yield _rij(event, "terugkoppeling", BELEMMERING, t.belemmering.categorie, t.belemmering.omschrijving)
    if t.opmerkingen:
        yield _rij(event, "terugkoppeling", OPMERKING, None, t.opmerkingen)


def _bestuurlijk_geevalueerd(event: Any) -> Iterator[Leerpunt]:
    e = event.evaluatie
    yield _rij(event, "bestuurlijk-overleg", LES, e.lessen_categorie, e.lessen)


def _netwerk_afgesloten(event: Any) -> Iterator[Leerpunt]:
    """The network's own learning data from its closing (seed 002, stap 5 and 6), as it came back."""
    a = event.terugmelding.afsluiting
    if a.lessen:
        yield _rij(event, "netwerk", LES, a.lessen_categorie, a.lessen)
    if a.werkzame_elementen:
        yield _rij(event, "netwerk", WERKZAAM_ELEMENT, None, a.werkzame_elementen)


_BRONNEN: dict[type, Callable[[Any], Iterator[Leerpunt]]] = {
    Casus.Afgesloten: _afgesloten,
    Casus.Teruggekoppeld: _teruggekoppeld,
    Casus.BestuurlijkOverlegGeevalueerd: _bestuurlijk_geevalueerd,
    Casus.NetwerkAfgesloten: _netwerk_afgesloten,
}


_PER_SOORT: dict[type, Callable[[Any], Iterator[Leerpunt]] | None] = {}


def leerpunten(event: Any) -> list[Leerpunt]:
    """The event's lessons, obstacles and remarks (none for most events)."""
    soort = type(event)
    if soort not in _PER_SOORT:
        _PER_SOORT[soort] = next((_BRONNEN[k] for k in domeinklasse(soort).__mro__ if k in _BRONNEN), None)
    bron = _PER_SOORT[soort]
    return [] if bron is None else list(bron(event))
