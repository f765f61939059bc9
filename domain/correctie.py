"""Corrections of what an earlier step recorded (the AVG right to rectification): which fields, from what, to what."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, JsonValue, StringConstraints, ValidationError

from domain.fouten import Regel, RegelGeschonden
from domain.invoer import TEKENS, UIT_OPSLAG, hoogstens
from domain.waarden import Tekst, Waarde

Veldpad = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,60}(\.([a-z_]{1,60}|0|[1-9][0-9]{0,2})){0,5}$")]
"""A field inside the corrected part, dotted, with list positions written one way: `woonplaatsgemeente`,
`ouders.0.naam` (not `ouders.00.naam`). A correction is never read back: its event keeps the paths as text."""


class Onderdeel(StrEnum):
    """The parts of a case a correction can reach: the step that recorded them, or its personal data."""

    AANMELDING = "aanmelding"
    PERSOONSGEGEVENS = "persoonsgegevens"
    TRIAGE = "triage"
    ADVIES = "advies"
    AFSLUITING = "afsluiting"


KNELPUNTEN = "bottlenecks are signals as they were reported (signalering); report a new one in a later step"
LESSEN = "lessons are gathered for the learning cycle as they were drawn; record a new lesson in a later step"
NIET_TE_CORRIGEREN = {
    (Onderdeel.TRIAGE, "uitkomst"): "the triage outcome decided the case's course; reopen the case instead",
    (Onderdeel.TRIAGE, "knelpunten"): KNELPUNTEN,
    (Onderdeel.ADVIES, "knelpunten"): KNELPUNTEN,
    (Onderdeel.AFSLUITING, "knelpunten"): KNELPUNTEN,
    (Onderdeel.AFSLUITING, "lessen"): LESSEN,
    (Onderdeel.AFSLUITING, "lessen_categorie"): LESSEN,
}


class Correctie(Waarde):
    """What to correct in one part of the case, and why."""

    onderdeel: Onderdeel
    wijzigingen: Annotated[dict[Veldpad, Annotated[JsonValue, TEKENS]], hoogstens(50)] = Field(
        min_length=1,
        description="New value per field of the part (dotted path), e.g. {'woonplaatsgemeente': 'Dongen'}.",
    )
    reden: Tekst


class Wijziging(Waarde):
    """One corrected field: its path, the value before and the value after."""

    veld: str
    van: JsonValue
    naar: JsonValue


def waarde_op(data: Any, pad: list[str]) -> Any:
    """The value at `pad` in a document of dicts and lists, None where the path leads nowhere."""
    for deel in pad:
        if isinstance(data, dict) and deel in data:
            data = data[deel]
        elif isinstance(data, list) and deel.isdigit() and int(deel) < len(data):
            data = data[int(deel)]
        else:
            return None
    return data


def _zet(data: dict[str, Any], pad: list[str], waarde: Any, veld: str) -> None:
    """Sets the field at `pad`; every step but the last must exist already."""
    plek: Any = data
    for deel in pad[:-1]:
        plek = waarde_op(plek, [deel])
        if not isinstance(plek, dict | list):
            raise RegelGeschonden(
                Regel.CORRECTIE_ONGELDIG, f"{veld}: {deel!r} is not there to correct a field inside it", veld=veld
            )
    laatste = pad[-1]
    if isinstance(plek, list):
        if not laatste.isdigit() or int(laatste) >= len(plek):
            raise RegelGeschonden(Regel.CORRECTIE_ONGELDIG, f"{veld}: no item {laatste}", veld=veld)
        plek[int(laatste)] = waarde
    else:
        plek[laatste] = waarde


def gecorrigeerd(klasse: type[BaseModel], huidig: BaseModel | None, wijzigingen: dict[str, Any], onderdeel: str) -> Any:
    """`huidig` with the fields set to their new values, validated as `klasse`; refused when the result is invalid."""
    data = huidig.model_dump(mode="json") if huidig is not None else {}
    for veld, waarde in wijzigingen.items():
        _zet(data, veld.split("."), waarde, f"wijzigingen.{veld}")
    try:
        return klasse.model_validate(data)
    except ValidationError as e:
        fout = e.errors()[0]
        plek = ".".join(str(d) for d in fout["loc"])
        veld = next((v for v in wijzigingen if plek.startswith(v) or v.startswith(plek)), plek)
        raise RegelGeschonden(
            Regel.CORRECTIE_ONGELDIG, f"{onderdeel}.{plek or veld}: {fout['msg']}", veld=f"wijzigingen.{veld}"
        ) from None


def wijzigingen_tussen(oud: BaseModel | None, nieuw: BaseModel, velden: list[str]) -> tuple[Wijziging, ...]:
    """Each requested field's value before and after (after as stored: normalised, validated)."""
    voor = oud.model_dump(mode="json") if oud is not None else {}
    na = nieuw.model_dump(mode="json")
    return tuple(
        Wijziging(veld=veld, van=waarde_op(voor, veld.split(".")), naar=waarde_op(na, veld.split(".")))
        for veld in velden
        if waarde_op(voor, veld.split(".")) != waarde_op(na, veld.split("."))
    )


def opnieuw_toegepast(klasse: type[BaseModel], huidig: BaseModel | None, wijzigingen: tuple[Wijziging, ...]) -> Any:
    """A stored correction applied again on replay, validated as stored data is (`UIT_OPSLAG`)."""
    data = huidig.model_dump(mode="json") if huidig is not None else {}
    for wijziging in wijzigingen:
        _zet(data, wijziging.veld.split("."), wijziging.naar, wijziging.veld)
    return klasse.model_validate(data, context=UIT_OPSLAG)


def controleer_toegestaan(correctie: Correctie) -> None:
    for veld in correctie.wijzigingen:
        reden = NIET_TE_CORRIGEREN.get((correctie.onderdeel, veld.split(".")[0]))
        if reden:
            raise RegelGeschonden(
                Regel.CORRECTIE_NIET_TOEGESTAAN,
                f"{correctie.onderdeel.value}.{veld} cannot be corrected: {reden}",
                veld=f"wijzigingen.{veld}",
            )
