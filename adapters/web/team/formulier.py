"""Reading a team form into the API's own request schema (so the same bounds hold), with what plain HTML forms
need beyond the foundation's `lees_formulier`: empty inputs left out (an optional field stays unset), checkboxes
that are false when not ticked, textareas of one item a line, and repeatable groups (`stappen.0.omschrijving`)
whose empty rows are dropped while each error still points at the row the user filled in.

Every form carries a hidden idempotency key (`sleutel`), made when the form is first shown and kept when it comes
back with errors: a double submit is one command (`Herkomst.idempotency_key`, as the API's Idempotency-Key)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from adapters.http.commando import herkomst_van
from adapters.tokens import Gebruiker
from adapters.web import sessie
from adapters.web.sjablonen import NEDERLANDS, Formfouten
from domain.fouten import RegelGeschonden
from domain.waarden import Herkomst
from services.fouten import GelijktijdigeWijziging, IdempotencyKeyHergebruikt

SLEUTEL = "sleutel"
MEER = "meer"
"""The name of the "add a row" submit button; its value names the group."""
SLEUTELVORM = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_RIJEN = 20
"""Rows a repeatable group shows at most."""

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")


def nieuwe_sleutel() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Formulier:
    """A posted form read: the schema's value (None with errors), its errors, what was filled in (by input name,
    to show the form again), its idempotency key, and the group whose "add a row" button was pressed."""

    waarde: Any
    fouten: Formfouten
    ingevuld: dict[str, Any]
    sleutel: str
    meer: str | None = None
    rijen: dict[str, int] = field(default_factory=dict)
    rijkaart: dict[str, list[str]] = field(default_factory=dict)
    """Per list's path, the form's row each item came from (empty rows are left out of the value)."""
    regels: frozenset[str] = frozenset()
    """The textareas holding one item a line."""

    def op_hun_plaats(self, fouten: Formfouten) -> Formfouten:
        """Errors named by the API's field path (a broken rule's `veld`) at this form's own inputs: an item of a
        list at the row it was typed in, an item of a textarea of lines at the textarea."""

        def plaats(veld: str) -> str:
            return _terug([int(d) if d.isdigit() else d for d in veld.split(".")], self.rijkaart, self.regels)

        return fouten.verplaatst(plaats)


def _zet(doel: dict[str, Any], pad: list[str], waarde: Any) -> None:
    for deel in pad[:-1]:
        volgende = doel.setdefault(deel, {})
        if not isinstance(volgende, dict):
            return
        doel = volgende
    doel[pad[-1]] = waarde


def _leeg(waarde: Any) -> bool:
    return waarde in ("", None, [], {})


RIJNUMMER = re.compile(r"0|[1-9][0-9]{0,2}")
"""A row of a form's list as its inputs name it (`ouders.2.naam`): ASCII digits, one way of writing each number.
A group keyed otherwise (`²`, `01`) stays a group, and validation refuses it where a list belongs."""


def _compact(data: Any, pad: str, rijkaart: dict[str, list[str]]) -> Any:
    """Dicts whose keys are all row numbers become lists without their empty rows; `rijkaart` keeps, per list's
    path, which row of the form each item came from."""
    if not isinstance(data, dict):
        return data
    uit = {k: _compact(v, f"{pad}.{k}" if pad else k, rijkaart) for k, v in data.items()}
    uit = {k: v for k, v in uit.items() if not _leeg(v)}
    if data and all(RIJNUMMER.fullmatch(k) for k in data):
        rijen = sorted(((int(k), v) for k, v in uit.items()), key=lambda rij: rij[0])
        rijkaart[pad] = [str(n) for n, _ in rijen]
        return [v for _, v in rijen]
    return uit


def _terug(loc: Iterable[Any], rijkaart: dict[str, list[str]], regels: AbstractSet[str]) -> str:
    """An error's location as the input's name: a list item back to its row in the form; an item of a
    textarea of lines to the textarea."""
    delen: list[str] = []
    for deel in loc:
        pad = ".".join(delen)
        if pad in regels:
            return pad
        if isinstance(deel, int) and pad in rijkaart and deel < len(rijkaart[pad]):
            delen.append(rijkaart[pad][deel])
        else:
            delen.append(str(deel))
    return ".".join(delen)


async def lees(
    request: Request,
    schema: type[M],
    *,
    lijsten: Iterable[str] = (),
    vinkjes: Iterable[str] = (),
    regels: Iterable[str] = (),
) -> Formulier:
    """The posted form read into `schema`. `lijsten`: groups of checkboxes (always a list); `vinkjes`: single
    checkboxes (false when not ticked); `regels`: textareas holding one item a line."""
    formulier = await request.form()
    lijstnamen, vinknamen, regelnamen = set(lijsten), set(vinkjes), set(regels)
    sleutel = formulier.get(SLEUTEL)
    sleutel = sleutel if isinstance(sleutel, str) and SLEUTELVORM.fullmatch(sleutel) else nieuwe_sleutel()
    meer = formulier.get(MEER)
    ingevuld: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for naam in dict.fromkeys(formulier.keys()):
        if naam in (sessie.CSRF_VELD, SLEUTEL, MEER) or naam.split(".", 1)[0] not in schema.model_fields:
            continue
        waarden = [w.strip() for w in formulier.getlist(naam) if isinstance(w, str)]
        if naam in lijstnamen:
            ingevuld[naam] = waarden
            waarde: Any = [w for w in waarden if w]
        else:
            ingevuld[naam] = waarden[0] if waarden else ""
            waarde = ingevuld[naam]
            if naam in regelnamen:
                waarde = [regel.strip() for regel in waarde.splitlines() if regel.strip()]
            elif naam in vinknamen:
                waarde = "true" if waarde else "false"
        if not _leeg(waarde):
            _zet(data, naam.split("."), waarde)
    for naam in vinknamen:
        if naam not in ingevuld:
            _zet(data, naam.split("."), "false")
    rijkaart: dict[str, list[str]] = {}
    data = _compact(data, "", rijkaart)
    rijen = _rijen(ingevuld)
    groep = meer if isinstance(meer, str) and meer in rijen else None
    regels = frozenset(regelnamen)
    try:
        waarde = schema.model_validate(data)
        return Formulier(waarde, Formfouten(), ingevuld, sleutel, groep, rijen, rijkaart=rijkaart, regels=regels)
    except ValidationError as e:
        fouten = Formfouten()
        for fout in e.errors(include_url=False, include_input=False):
            veld = _terug(fout["loc"], rijkaart, regelnamen)
            melding = _nederlands(fout)
            if all(f.melding != melding for f in fouten.bij(veld)):
                fouten.voeg_toe(veld or None, melding)
        return Formulier(None, fouten, ingevuld, sleutel, groep, rijen, rijkaart=rijkaart, regels=regels)


def _nederlands(fout: Any) -> str:
    """Pydantic's message in Dutch where the kind is known, as the foundation's `Formfouten.uit_validatie`."""
    ctx = fout.get("ctx", {})
    leeg = fout["type"] in ("string_too_short", "too_short") and ctx.get("min_length") == 1
    sjabloon = NEDERLANDS["missing"] if leeg else NEDERLANDS.get(fout["type"])
    try:
        return sjabloon.format(**ctx) if sjabloon else str(fout["msg"])
    except (KeyError, IndexError):
        return str(fout["msg"])


def _rijen(ingevuld: dict[str, Any]) -> dict[str, int]:
    """Per repeatable group (`stappen`), how many rows the form had."""
    rijen: dict[str, int] = {}
    for naam in ingevuld:
        gevonden = re.fullmatch(r"([a-z_]+)\.(\d+)\..+", naam)
        if gevonden and RIJNUMMER.fullmatch(gevonden.group(2)):  # another row's name is refused by validation
            groep, rij = gevonden.group(1), int(gevonden.group(2))
            rijen[groep] = max(rijen.get(groep, 0), min(rij + 1, MAX_RIJEN))
    return rijen


def herkomst(gebruiker: Gebruiker, sleutel: str, request: Request, waarde: BaseModel) -> Herkomst:
    """Who gave the command, under the form's idempotency key, with the API's fingerprint of the request."""
    return herkomst_van(gebruiker, sleutel, request, waarde)


HERGEBRUIKT = (
    "Dit formulier is al eens verstuurd met andere gegevens. Er is niets opgeslagen; controleer de gegevens en "
    "verstuur het opnieuw."
)
GELIJKTIJDIG = "Iemand anders legde tegelijk iets vast bij deze casus. Er is niets opgeslagen; verstuur het opnieuw."


async def uitvoeren(functie: Callable[..., R], *args: Any, **kwargs: Any) -> tuple[R | None, Formfouten, bool]:
    """The service's command off the event loop; a broken rule as the form's errors (at the rule's field), and
    whether the form needs a new idempotency key (its key was used for other input)."""
    try:
        return await run_in_threadpool(functie, *args, **kwargs), Formfouten(), False
    except RegelGeschonden as e:
        return None, Formfouten.uit_regel(e), False
    except IdempotencyKeyHergebruikt:
        return None, Formfouten().voeg_toe(None, HERGEBRUIKT), True
    except GelijktijdigeWijziging:
        return None, Formfouten().voeg_toe(None, GELIJKTIJDIG, "gelijktijdige-wijziging"), False
