"""Finding a case's own personal data (names, date of birth, address, phone, e-mail) in free text.

Texts and data are compared without case, accents or extra whitespace, word by word: a parent
named "Jan" is not found in "januari", initials alone are never looked for. A name part that is
also an ordinary Dutch word ("de Jong", "Ben", "Klein") only counts when written as a name, with a
capital. The free-text `gezinssituatie` is personal too, but it is no pattern to look for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from domain.waarden import Persoonsgegevens


class Soort(StrEnum):
    """The kind of personal data found; the data itself is never repeated."""

    NAAM = "naam"
    GEBOORTEDATUM = "geboortedatum"
    ADRES = "adres"
    TELEFOON = "telefoon"
    EMAIL = "e-mail"


TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "het", "t", "ter", "ten", "te", "in", "op", "aan", "von", "zu", "vd"}
    | {"la", "le", "du", "da", "di", "del", "des", "el", "al", "s", "d"}
)
GEEN_NAAM = TUSSENVOEGSELS | {
    # titles and roles sometimes typed into a name field
    "dhr", "mevr", "mevrouw", "meneer", "heer", "drs", "ing", "moeder", "vader", "ouder", "ouders",
    "pleegmoeder", "pleegvader", "stiefmoeder", "stiefvader", "oma", "opa", "voogd", "zoon", "dochter",
}  # fmt: skip
GEWONE_WOORDEN = frozenset({
    # Dutch words that are also given names, surnames or their last part
    "ben", "wil", "roos", "fleur", "lieve", "hoop", "storm", "lot", "maan", "merel", "job", "mark", "frank",
    "jong", "groot", "klein", "lang", "lange", "kort", "snel", "wit", "zwart", "groen", "bruin", "rood",
    "bos", "vos", "kok", "hoek", "post", "berg", "dijk", "wijk", "beek", "laan", "veen", "veld", "dam",
    "brink", "haan", "graaf", "boer", "bakker", "visser", "koster", "koning", "prins", "arts", "baas",
    "meester", "winter", "zomer", "vink", "wolf", "vogel", "mol", "blok", "maas", "horst",
    # abbreviations and months that are also given names
    "max", "min", "jan", "juni", "juli", "april", "mei", "dec", "nov", "sep", "aug", "jul",
})  # fmt: skip

_WOORD = re.compile(r"[^\W\d_]+|\d+")
_CIJFERREEKS = re.compile(r"\+?\d(?:[\s\-./()]*\d)*")
_MAANDEN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9, "sept": 9,
    "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_JMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DMJ = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_D_MAAND_J = re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:e\s+)?({'|'.join(_MAANDEN)})\b\.?\s*(\d{{4}})(?!\d)")


def _zonder_accenten(tekst: str) -> str:
    return "".join(teken for teken in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(teken))


def _genormaliseerd(tekst: str) -> str:
    return " ".join(_zonder_accenten(tekst).casefold().split())


def _woorden(tekst: str) -> list[tuple[str, bool]]:
    """The words (runs of letters, runs of digits) of `tekst`, folded, each with whether it starts with a capital."""
    return [(w.group().casefold(), w.group()[0].isupper()) for w in _WOORD.finditer(_zonder_accenten(tekst))]


@dataclass(frozen=True)
class _Reeks:
    """Words that must follow each other in the text."""

    woorden: tuple[str, ...]
    soort: Soort

    def in_(self, tekst: list[tuple[str, bool]]) -> bool:
        n = len(self.woorden)
        return any(
            tuple(w for w, _ in tekst[i : i + n]) == self.woorden and self._geschreven_als_naam(tekst[i : i + n])
            for i in range(len(tekst) - n + 1)
        )

    def _geschreven_als_naam(self, woorden: list[tuple[str, bool]]) -> bool:
        """A name's ordinary Dutch words count only with a capital: "ik ben klein" does not name Ben Klein."""
        return self.soort is not Soort.NAAM or all(hoofdletter or w not in GEWONE_WOORDEN for w, hoofdletter in woorden)


def _naamreeksen(naam: str) -> Iterator[_Reeks]:
    woorden = tuple(w for w, _ in _woorden(naam))
    if any(len(w) >= 2 and w not in GEEN_NAAM for w in woorden):  # the whole name, unless only initials
        yield _Reeks(woorden, Soort.NAAM)
    for i, woord in enumerate(woorden):
        if len(woord) >= 3 and woord not in GEEN_NAAM:
            yield _Reeks((woord,), Soort.NAAM)
        if woord in TUSSENVOEGSELS and (i == 0 or woorden[i - 1] not in TUSSENVOEGSELS):
            einde = next((j for j in range(i, len(woorden)) if woorden[j] not in TUSSENVOEGSELS), None)
            if einde is not None and len(woorden[einde]) >= 2:
                yield _Reeks(woorden[i : einde + 1], Soort.NAAM)


def _adresreeksen(adres: str) -> Iterator[_Reeks]:
    """The street and house number ("Kerkstraat 12" also finds "Kerkstraat 12a", not "Kerkstraat 120"), the
    postcode, and the whole address when it has a number."""
    woorden = tuple(w for w, _ in _woorden(adres))
    if len(woorden) >= 2 and any(w.isdigit() for w in woorden):
        yield _Reeks(woorden, Soort.ADRES)
    straat = next((i for i in range(1, len(woorden)) if woorden[i].isdigit() and woorden[i - 1].isalpha()), None)
    if straat is not None:
        yield _Reeks(woorden[straat - 1 : straat + 1], Soort.ADRES)
    for cijfers, letters in pairwise(woorden):
        if len(cijfers) == 4 and cijfers.isdigit() and len(letters) == 2 and letters.isalpha():
            yield _Reeks((cijfers, letters), Soort.ADRES)


def _telefoonkern(telefoon: str) -> str:
    """The number without +31, 0031 or the leading 0, so that every notation of it contains this."""
    cijfers = re.sub(r"\D", "", telefoon)
    if telefoon.lstrip().startswith("+31"):
        cijfers = cijfers[2:]
    elif cijfers.startswith("0031"):
        cijfers = cijfers[4:]
    return cijfers.removeprefix("0")


def _data_in(tekst: str) -> set[date]:
    data: set[tuple[int, int, int]] = set()
    data |= {(int(j), int(m), int(d)) for j, m, d in _JMD.findall(tekst)}
    data |= {(int(j), int(m), int(d)) for d, m, j in _DMJ.findall(tekst)}
    data |= {(int(j), _MAANDEN[m], int(d)) for d, m, j in _D_MAAND_J.findall(tekst)}
    geldig: set[date] = set()
    for jaar, maand, dag in data:
        try:
            geldig.add(date(jaar, maand, dag))
        except ValueError:
            continue
    return geldig


class Zoekbeeld:
    """A case's personal data as what to look for in a text."""

    def __init__(self, persoonsgegevens: Persoonsgegevens | None) -> None:
        gegevens = persoonsgegevens or Persoonsgegevens()
        personen = [p for p in (gegevens.jeugdige, *gegevens.ouders) if p is not None]
        self.reeksen = [r for p in personen for r in _naamreeksen(p.naam)]
        self.reeksen += [r for p in personen if p.adres for r in _adresreeksen(p.adres)]
        self.geboortedata = {p.geboortedatum for p in personen if p.geboortedatum}
        self.telefoons = {k for p in personen if p.telefoon and len(k := _telefoonkern(p.telefoon)) >= 6}
        self.emails = [
            re.compile(rf"(?<![\w.+-]){re.escape(_genormaliseerd(p.email))}(?!\.?[\w-])")
            for p in personen
            if p.email and "@" in p.email
        ]

    def soorten_in(self, tekst: str) -> tuple[Soort, ...]:
        """The kinds of this case's personal data that `tekst` contains, in the order of `Soort`."""
        woorden, genormaliseerd = _woorden(tekst), _genormaliseerd(tekst)
        gevonden = {r.soort for r in self.reeksen if r.in_(woorden)}
        if self.geboortedata & _data_in(genormaliseerd):
            gevonden.add(Soort.GEBOORTEDATUM)
        reeksen = [re.sub(r"\D", "", r) for r in _CIJFERREEKS.findall(genormaliseerd)]
        if any(kern in reeks for kern in self.telefoons for reeks in reeksen):
            gevonden.add(Soort.TELEFOON)
        if any(email.search(genormaliseerd) for email in self.emails):
            gevonden.add(Soort.EMAIL)
        return tuple(soort for soort in Soort if soort in gevonden)


def persoonsgegevens_in(
    velden: Mapping[str, str], persoonsgegevens: Persoonsgegevens | None
) -> dict[str, tuple[Soort, ...]]:
    """Per field, the kinds of the case's own personal data in its text; fields with none are left out."""
    zoekbeeld = Zoekbeeld(persoonsgegevens)
    gevonden = {veld: zoekbeeld.soorten_in(tekst) for veld, tekst in velden.items()}
    return {veld: soorten for veld, soorten in gevonden.items() if soorten}
