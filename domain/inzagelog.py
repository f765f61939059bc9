"""Who read what: the rules of the access log (inzagelog).

Every read that returns a case's data or history, every export of a file and every request of an auditor is
recorded: who, in which role, which case, which endpoint; an auditor also says why (the purpose)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.rollen import Rol

MAX_DOEL = 300
"""Characters a purpose may have."""
MAX_PARAMETERWAARDE = 100
"""Characters of a query parameter's value kept in the log."""
BEWAARDE_PARAMETERS = frozenset(
    {
        "casus",
        "fase",
        "halfjaar",
        "na",
        "na_positie",
        "op",
        "pagina",
        "per_pagina",
        "periode",
        "status",
        "te_laat",
        "tot",
        "van",
        "versie",
        "werkstroom",
    }
)
"""The query parameters recorded with a request: they say which version, day, period or page was read. Free
text and names (`wie`, `casusregisseur`) are not recorded."""


class Toegangssoort(StrEnum):
    LEZEN = "lezen"
    """A read of a case's data or history."""
    EXPORT = "export"
    """The file as a whole, for a request to see it (AVG art. 15)."""
    INZAGELOG = "inzagelog"
    """A read of the access log itself."""
    VERZOEK = "verzoek"
    """Any other request of an auditor."""


class DoelOntbreekt(ValueError):
    """An auditor's request without a purpose, or with one that is blank, too long or not plain text."""


def controleer_doel(rol: Rol, doel: str | None) -> str | None:
    """The purpose to record, trimmed. Required of an auditor; another role may give one. It has 1 to MAX_DOEL
    characters, a letter or digit among them, and no control characters."""
    tekst = (doel or "").strip()
    if not tekst:
        if rol is Rol.AUDITOR:
            raise DoelOntbreekt("an auditor says why with every request (X-Doorbraak-Doel)")
        return None
    if len(tekst) > MAX_DOEL:
        raise DoelOntbreekt(f"the purpose has at most {MAX_DOEL} characters")
    if any(unicodedata.category(teken) in {"Cc", "Cs", "Cn"} or teken in RICHTINGSTEKENS for teken in tekst):
        raise DoelOntbreekt("the purpose is plain text, without control characters")
    if not any(unicodedata.category(teken)[0] in "LN" for teken in tekst):
        raise DoelOntbreekt("the purpose says why in words: at least one letter or digit")
    return tekst


RICHTINGSTEKENS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Unicode's direction controls (Bidi_Control): in a purpose they would make the log show other text than was
recorded."""


def moet_vastgelegd(rol: Rol, soort: Toegangssoort | None, status: int) -> bool:
    """Whether a request is recorded: an auditor's always (whatever it answered: what they tried counts too);
    another role's when it read a case, exported a file or read the log, and was answered (2xx)."""
    if rol is Rol.AUDITOR:
        return True
    return soort is not None and 200 <= status < 300


def bewaarde_parameters(query: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The query parameters kept with a request (BEWAARDE_PARAMETERS), each value cut to MAX_PARAMETERWAARDE,
    a NUL character (`%00`, which no text column can hold) kept as U+FFFD."""
    return {
        naam: waarde[:MAX_PARAMETERWAARDE].replace("\x00", ONLEESBAAR)
        for naam, waarde in query
        if naam in BEWAARDE_PARAMETERS
    }


ONLEESBAAR = "\ufffd"
"""What a character the log cannot store is kept as."""


@dataclass(frozen=True)
class Toegang:
    """One recorded request. `route` is the endpoint's template (`/regios/{regio}/casussen/{casus_id}`), never
    the path or the query as sent."""

    wie: str
    rol: str
    soort: Toegangssoort
    methode: str
    route: str
    status: int
    request_id: str
    casus_id: UUID | None = None
    doel: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)


MAX_PER_PAGINA = 500


class OngeldigFilter(ValueError):
    pass


@dataclass(frozen=True)
class Inzagelogfilter:
    """Which rows of the log to read: of a case, in a period of days (inclusive), of one user; after position
    `na`, at most `per_pagina`."""

    casus: UUID | None = None
    van: date | None = None
    tot: date | None = None
    wie: str | None = None
    na: int = 0
    per_pagina: int = 100

    def __post_init__(self) -> None:
        if self.van is not None and self.tot is not None and self.tot < self.van:
            raise OngeldigFilter("tot lies before van")
        if not 1 <= self.per_pagina <= MAX_PER_PAGINA:
            raise OngeldigFilter(f"per_pagina lies between 1 and {MAX_PER_PAGINA}")
        if self.na < 0:
            raise OngeldigFilter("na is a position, 0 or more")
