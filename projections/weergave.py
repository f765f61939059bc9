"""Stored events read for the read models: only the fields the projection's steps use, typed and constrained as
the domain types them, so that a rebuild does not build whole domain events (their personal data, free text and
nested parts the read models never hold).

A view is made from its domain class and the dotted paths the steps read (`GELEZEN`). It carries the class's
name, and `domeinklasse` says which class it stands for, so steps are found and the timeline is
typed as for the domain event itself. Classes without a view are decoded whole (`domain.eventversies`).

A view validates what it reads, with the domain's constraints and the model validators that use only fields it
keeps, and refuses a state stored by newer code (a `class_version` above the code's): such an event is set aside
as the whole decode would. What the read models do not read is not checked here, nor a check across a field they
do not read (a triage teruggelegd without its reason, a bovenregionale opschaling without its intake questions):
every event was validated by the domain when it was stored, and the hash chain proves the log unchanged since
(`doorbraak audit verifieer`).
"""

from __future__ import annotations

import copy
import functools
import json
import types
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StrictInt, create_model, model_validator

from domain.casus import Casus
from domain.eventversies import VERSLEUTELD, klasse_van, klasse_versie, uit_json, upcast
from domain.invoer import UIT_OPSLAG, Invoerregel

PERSOONLIJK = VERSLEUTELD.split(b'"')[1].decode()
"""The member of a stored state that holds its personal data, encrypted."""
HERKOMST = ("originator_id", "originator_version", "timestamp", "op", "herkomst.actor", "herkomst.rol")
"""What every step reads of every event: which case and version, when, and who acted in which role."""

GELEZEN: dict[type, tuple[str, ...]] = {
    Casus.Aangemeld: (
        "regio",
        "aanmelding.werkstroom",
        "aanmelding.aanmelder.rol",
        "aanmelding.woonplaatsgemeente",
        "aanmelding.leeftijd",
        "aanmelding.leefgebieden",
        "aanmelding.urgentie",
        "aanmelding.plaatsingsdatum",
        "aanmelding.ervaringsdeskundige",
    ),
    Casus.Getrieerd: ("triage.uitkomst", "triage.knelpunten"),
    Casus.OverlegGepland: ("overleg.datum", "overleg.ervaringsdeskundige_aanwezig"),
    Casus.AdviesUitgebracht: (
        "advies.soort_ondersteuning",
        "advies.doelen.code",
        "advies.casusregisseur",
        "advies.verzonden_op",
        "advies.knelpunten",
        "advies.soort",
    ),
    Casus.EvaluatieVastgelegd: ("evaluatie.datum", "evaluatie.scores", "evaluatie.terug_op_tafel"),
    Casus.Opgeschaald: ("opschaling.niveau",),
    Casus.Heropend: (),
    Casus.Afgesloten: (
        "afsluiting.reden",
        "afsluiting.waardering_samenwerking",
        "afsluiting.waardering_effect",
        "afsluiting.uithuisplaatsing_voorkomen",
        "afsluiting.duurzame_oplossing",
        "afsluiting.lessen",
        "afsluiting.knelpunten",
        "afsluiting.lessen_categorie",
    ),
}
"""Per event class with a view, the paths its steps read (`projections.feiten`, `leren`) besides `HERKOMST`; a
path ends at a value the steps take whole. The classes are the steps of a case's course; the rest (the network's
answers, corrections, feedback, bestuurlijke escalations, erasures) decode whole."""


class Weergave(BaseModel):
    """A view of a stored event: the fields its read models use."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    domeinklasse: ClassVar[type]


def domeinklasse(klasse: type) -> type:
    """The class itself, or the domain class a view stands for."""
    return getattr(klasse, "domeinklasse", klasse)


def _alleen(annotatie: Any, paden: list[list[str]], naam: str) -> Any:
    """`annotatie` with each model in it reduced to the fields of `paden` (through optionals, tuples and
    annotations)."""
    if isinstance(annotatie, type) and issubclass(annotatie, BaseModel):
        return _model(annotatie, paden, naam, BaseModel)
    herkomst, delen = get_origin(annotatie), get_args(annotatie)
    if herkomst is Annotated:
        return _alleen(delen[0], paden, naam)
    if herkomst is Union or herkomst is types.UnionType:
        return Union[tuple(_alleen(deel, paden, naam) for deel in delen)]  # noqa: UP007
    if herkomst is tuple and len(delen) == 2 and delen[1] is Ellipsis:
        return tuple[_alleen(delen[0], paden, naam), ...]  # type: ignore[misc]
    if annotatie is type(None):
        return annotatie
    raise TypeError(f"{naam}: cannot follow a path into {annotatie!r}")


def _model(klasse: type[BaseModel], paden: list[list[str]], naam: str, basis: type[BaseModel], **extra: Any) -> Any:
    """A model with only the fields of `paden` (each a list of field names) of `klasse`, typed, constrained and
    defaulted as there (and the `extra` fields); a path that ends at a field keeps it whole, one that goes on
    keeps only what it names inside."""
    per_veld: dict[str, list[list[str]]] = {}
    for pad in paden:
        per_veld.setdefault(pad[0], []).append(pad[1:])
    velden: dict[str, Any] = {}
    for veld, rest in per_veld.items():
        info = klasse.model_fields.get(veld)
        if info is None:
            raise TypeError(f"{naam}: {klasse.__name__} has no field {veld!r}")
        veldinfo = copy.copy(info)  # its constraints, default and alias
        # the bounds stored data skips (`domain.invoer`) would only be called to return
        veldinfo.metadata = [regel for regel in info.metadata if not isinstance(regel, Invoerregel)]
        if all(rest):  # no path ends here: only what they name inside
            veldinfo.annotation = _alleen(info.annotation, rest, naam)
        velden[veld] = (veldinfo.annotation, veldinfo)
    controles = _controles(klasse, set(velden))
    return create_model(
        klasse.__name__, __base__=basis, __module__=__name__, __validators__=controles, **velden, **extra
    )


def _namen(code: types.CodeType) -> set[str]:
    """The names a function's code uses, in its comprehensions too."""
    namen = set(code.co_names)
    for deel in code.co_consts:
        if isinstance(deel, types.CodeType):
            namen |= _namen(deel)
    return namen


def _controles(klasse: type[BaseModel], velden: set[str]) -> dict[str, Any]:
    """The class's model validators that use only fields the view keeps (a check across a field it does not
    read is not repeated here)."""
    controles: dict[str, Any] = {}
    for naam, controle in klasse.__pydantic_decorators__.model_validators.items():
        gebruikt = _namen(controle.func.__code__) & set(klasse.model_fields)
        if gebruikt <= velden:
            controles[naam] = model_validator(mode=controle.info.mode)(controle.func)
    if klasse.__pydantic_decorators__.field_validators:
        raise TypeError(f"{klasse.__name__}: field validators are not carried into views")
    return controles


@functools.lru_cache(maxsize=64)
def weergave(klasse: type) -> type[Weergave] | None:
    """The view of an event class, None for a class without one."""
    gelezen = GELEZEN.get(klasse)
    if gelezen is None:
        return None
    paden = [pad.split(".") for pad in HERKOMST + gelezen]
    basis = type(klasse.__name__, (Weergave,), {"__module__": __name__})
    # a state of the code's own version carries no class_version; one of a newer version is refused
    versie = {"class_version": (StrictInt, Field(1, ge=1, le=1))} if klasse_versie(klasse) == 1 else {}
    gemaakt: type[Weergave] = _model(klasse, paden, klasse.__qualname__, basis, **versie)
    gemaakt.domeinklasse = klasse
    gemaakt.__qualname__ = klasse.__qualname__
    return gemaakt


def lees(topic: str, state: bytes) -> Any:
    """The stored event as its read models read it: its view, upcast to today's version like the domain event;
    the whole domain event (its personal data read as erased) for a class without a view."""
    lezer = _LEZERS.get(topic) or _lezer(topic)
    return lezer(state)


_LEZERS: dict[str, Callable[[bytes], Any]] = {}


def _lezer(topic: str) -> Callable[[bytes], Any]:
    """How a topic's stored states are read (found once per topic)."""
    klasse = klasse_van(topic)
    gemaakt = weergave(klasse)
    lezer: Callable[[bytes], Any]
    if gemaakt is None:
        lezer = functools.partial(uit_json, topic)
    elif klasse_versie(klasse) == 1:
        lezer = functools.partial(gemaakt.__pydantic_validator__.validate_json, context=UIT_OPSLAG)
    else:

        def lezer(state: bytes) -> Any:
            geladen = json.loads(state)
            geladen.pop(PERSOONLIJK, None)  # the upcasts see the readable state, as in the whole decode
            return gemaakt.model_validate(upcast(klasse, geladen), context=UIT_OPSLAG)

    return _LEZERS.setdefault(topic, lezer)
