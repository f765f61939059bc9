"""Bounds on what a client sends, added after events were stored: data read back from the store skips them.

A stored event is validated by the same models when it is loaded. A bound added later (allowed
characters, a list's length, no duplicates, a date range) must not make an event stored before it
unreadable, so each such bound is checked only when the validation context does not say that the data
comes from the store (`UIT_OPSLAG`).
"""

from __future__ import annotations

import re
from collections.abc import Sized
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core.core_schema import with_info_before_validator_function

UIT_OPSLAG: dict[str, bool] = {"uit_opslag": True}
"""The validation context of data read back from the store: `Model.model_validate_json(data, context=UIT_OPSLAG)`."""

_NIET_TOEGESTAAN = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f"  # C0 control characters except tab, newline and carriage return
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef"  # non-characters
    + "".join(f"{chr(vlak + 0xFFFE)}{chr(vlak + 0xFFFF)}" for vlak in range(0, 0x110000, 0x10000))
    + "]"
)

ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
"""How a client writes a date; pydantic would also read a number (or a text of digits) as seconds since 1970."""
EERSTE_DATUM = date(1900, 1, 1)
LAATSTE_DATUM = date(2100, 12, 31)


def uit_opslag(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and info.context.get("uit_opslag") is True


def verboden_teken(tekst: str) -> str | None:
    """The first character PostgreSQL text or a JSON reader cannot hold (NUL, another C0 control character,
    a lone surrogate, a Unicode non-character), as U+XXXX; None when there is none."""
    gevonden = _NIET_TOEGESTAAN.search(tekst)
    return f"U+{ord(gevonden.group()):04X}" if gevonden else None


def controleer_tekens(waarde: Any) -> None:
    """Refuses a text with a character `verboden_teken` finds; in a JSON value (dicts and lists), every key and
    every text inside it."""
    open_ = [waarde]
    while open_:
        deel = open_.pop()
        if isinstance(deel, str):
            teken = verboden_teken(deel)
            if teken is not None:
                raise ValueError(f"contains a character that is not allowed ({teken})")
        elif isinstance(deel, dict):
            open_.extend(deel.keys())
            open_.extend(deel.values())
        elif isinstance(deel, list | tuple):
            open_.extend(deel)


@dataclass(frozen=True)
class Invoerregel:
    """Annotated metadata: a bound checked on input, skipped for data from the store, and shown in the
    JSON schema where JSON schema can say it (maxLength, pattern, maxItems, uniqueItems)."""

    tekens: bool = False
    max_lengte: int | None = None
    patroon: str | None = None
    max_aantal: int | None = None
    uniek: bool = False
    datums: bool = False
    geheel: bool = False
    """A whole number as the client sent it: `true` is not 1 (checked before pydantic converts it)."""

    def __get_pydantic_core_schema__(self, bron: Any, handler: GetCoreSchemaHandler) -> Any:
        schema = AfterValidator(self._controleer).__get_pydantic_core_schema__(bron, handler)
        if self.max_aantal is None and not self.datums and not self.geheel:
            return schema
        return with_info_before_validator_function(self._vooraf, schema)

    def _vooraf(self, waarde: Any, info: ValidationInfo) -> Any:
        """What is checked on the value as sent, before pydantic converts it: the items of a list counted before
        each is validated (a list of a million items is one refusal, not a million), a date written as a date,
        not as a number of seconds since 1970, and a whole number that is no true or false."""
        if uit_opslag(info):
            return waarde
        if self.geheel and isinstance(waarde, bool):
            raise ValueError("a whole number, not true or false")
        if (
            self.datums
            and not isinstance(waarde, date)
            and not (isinstance(waarde, str) and ISO_DATUM.fullmatch(waarde))
        ):
            raise ValueError("a date as YYYY-MM-DD")
        telbaar = isinstance(waarde, Sized) and not isinstance(waarde, str | bytes)
        if self.max_aantal is not None and telbaar and len(waarde) > self.max_aantal:
            raise ValueError(f"at most {self.max_aantal} items")
        return waarde

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        doel = handler.resolve_ref_schema(json_schema)
        if self.max_lengte is not None:
            doel["maxLength"] = min(self.max_lengte, doel.get("maxLength", self.max_lengte))
        if self.patroon is not None:
            doel["pattern"] = self.patroon
        if self.max_aantal is not None:
            sleutel = "maxProperties" if doel.get("type") == "object" else "maxItems"
            doel[sleutel] = self.max_aantal
        if self.uniek:
            doel["uniqueItems"] = True
        return json_schema

    def _controleer(self, waarde: Any, info: ValidationInfo) -> Any:
        if uit_opslag(info):
            return waarde
        if self.tekens:
            controleer_tekens(waarde)
        if self.max_lengte is not None and len(waarde) > self.max_lengte:
            raise ValueError(f"at most {self.max_lengte} characters")
        if self.patroon is not None and not re.fullmatch(self.patroon.removeprefix("^").removesuffix("$"), waarde):
            raise ValueError(f"does not match {self.patroon}")
        if self.uniek and len(set(waarde)) != len(waarde):
            raise ValueError("each item at most once")
        if self.max_aantal is not None and isinstance(waarde, Sized) and len(waarde) > self.max_aantal:
            raise ValueError(f"at most {self.max_aantal} items")
        if self.datums and not EERSTE_DATUM <= waarde <= LAATSTE_DATUM:
            raise ValueError(f"a date from {EERSTE_DATUM.isoformat()} to {LAATSTE_DATUM.isoformat()}")
        return waarde


Geheel = Annotated[int, Invoerregel(geheel=True)]
"""A whole number a client sends: `true` is not 1 (pydantic would take it as such)."""

TEKENS = Invoerregel(tekens=True)
DATUM = Invoerregel(datums=True)


def hoogstens(aantal: int, *, uniek: bool = False) -> Invoerregel:
    """At most `aantal` items (list or dict), optionally each at most once."""
    return Invoerregel(max_aantal=aantal, uniek=uniek)
